#!/usr/bin/env python3
"""NCA peer: scikit-learn NeighborhoodComponentsAnalysis on data written by the C# side as .npy files.

Usage:
  sklearn_nca.py time TRAIN.npy TRAIN_LABELS.npy TEST.npy TEST_LABELS.npy RANK MAX_ITER TOL THREADS [--coretype NAME]
  sklearn_nca.py splits DATA.npy LABELS.npy TRAIN_INDICES.npy TEST_INDICES.npy RANK MAX_ITER TOL THREADS [--ours NAME=L.npy ...]
  sklearn_nca.py trace TRAIN.npy TRAIN_LABELS.npy RANK MAX_ITER TOL THREADS POINTS.npy GRADIENTS.npy

`time` fits NeighborhoodComponentsAnalysis(n_components=RANK, init='pca', max_iter=MAX_ITER, tol=TOL, random_state=0)
and prints `seconds=<fit wall time>`, the iterations run, the final objective sum_i p_i, the held-out accuracy of
KNeighborsClassifier(k, algorithm='brute') for k = 1 and 5 on the projected data, and the BLAS in use.

`splits` takes the unscaled rows and, for each row s of the int64 index matrices, fits StandardScaler on the training
rows, casts the standardized rows to float32 (as the C# side stores them), fits the same model and prints one line
`split=s sklearn_iterations=.. sklearn_objective=.. sklearn_knn1=.. sklearn_knn5=..`; for each `--ours NAME=L.npy`
(float32, splits * RANK rows of the input size: our learned L per split) the line adds NAME_objective, NAME_knn1 and
NAME_knn5, computed by the same code (scikit-learn's float64 loss and the same KNeighborsClassifier), so both learners
are judged by one evaluator.

`trace` prints the objective at scikit-learn's PCA start (randomized SVD, as NeighborhoodComponentsAnalysis uses for
these shapes) and at the exact PCA start, scikit-learn's objective and largest gradient component after every L-BFGS-B
iteration with SciPy's stop message, and, for each of our iterates (POINTS.npy, float32, one RANK x d block per
iterate) with our float gradient (GRADIENTS.npy, same shape), the float64 objective, the largest gradient component and
the relative error of our gradient, as `ours=k objective=.. gradient_max=.. gradient_error=..`.

Labels are float32 column vectors (cast to int). --coretype sets OPENBLAS_CORETYPE before numpy loads OpenBLAS.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402  (from this folder, whatever the working directory)

parser = argparse.ArgumentParser()
modes = parser.add_subparsers(dest="mode", required=True)
timed = modes.add_parser("time")
timed.add_argument("train")
timed.add_argument("train_labels")
timed.add_argument("test")
timed.add_argument("test_labels")
splits = modes.add_parser("splits")
splits.add_argument("data")
splits.add_argument("labels")
splits.add_argument("train_indices")
splits.add_argument("test_indices")
trace = modes.add_parser("trace")
trace.add_argument("train")
trace.add_argument("train_labels")
for mode in (timed, splits, trace):
    mode.add_argument("rank", type=int)
    mode.add_argument("max_iter", type=int)
    mode.add_argument("tol", type=float)
    mode.add_argument("threads", type=int)
    mode.add_argument("--coretype")
splits.add_argument("--ours", action="append", default=[])
trace.add_argument("points")
trace.add_argument("gradients")
args = parser.parse_args()
peer_common.set_blas_environment(args.coretype, args.threads)

import numpy  # noqa: E402  (after the environment is set)
import scipy.optimize  # noqa: E402
import threadpoolctl  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, NeighborhoodComponentsAnalysis  # noqa: E402


def model_for(rank):
    return NeighborhoodComponentsAnalysis(n_components=rank, init="pca", max_iter=args.max_iter, tol=args.tol, random_state=0)


def objective(model, transformation, train, labels):
    """sum_i p_i and its gradient at `transformation` (scikit-learn's float64 loss, sign +1)."""
    model.n_iter_ = 1
    mask = labels[:, None] == labels[None, :]
    value, gradient = model._loss_grad_lbfgs(numpy.asarray(transformation, dtype=numpy.float64).ravel(), train, mask, 1.0)
    return value, gradient


def accuracies(transformation, train, train_labels, test, test_labels):
    projected_train, projected_test = train @ transformation.T, test @ transformation.T
    return [KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(projected_train, train_labels).score(projected_test, test_labels) for k in (1, 5)]


with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
    if args.mode == "time":
        train = numpy.load(args.train).astype(numpy.float64)
        train_labels = peer_common.load_labels(args.train_labels)
        test = numpy.load(args.test).astype(numpy.float64)
        test_labels = peer_common.load_labels(args.test_labels)
        model = model_for(args.rank)
        start = time.perf_counter()
        model.fit(train, train_labels)
        seconds = time.perf_counter() - start
        iterations = model.n_iter_
        value, _ = objective(model, model.components_, train, train_labels)
        knn = accuracies(model.components_, train, train_labels, test, test_labels)
        print(f"seconds={seconds:.6f}")
        print(f"iterations={iterations}")
        print(f"objective={value:.6f}")
        print(f"knn1={knn[0]:.6f}")
        print(f"knn5={knn[1]:.6f}")
    elif args.mode == "splits":
        data = numpy.load(args.data).astype(numpy.float64)
        labels = peer_common.load_labels(args.labels)
        train_indices = numpy.load(args.train_indices)
        test_indices = numpy.load(args.test_indices)
        ours = {name: numpy.load(path).astype(numpy.float64) for name, path in (item.split("=", 1) for item in args.ours)}
        for split, (train_rows, test_rows) in enumerate(zip(train_indices, test_indices)):
            mean = data[train_rows].mean(axis=0)
            scale = data[train_rows].std(axis=0)
            scale[scale == 0] = 1
            train = ((data[train_rows] - mean) / scale).astype(numpy.float32).astype(numpy.float64)
            test = ((data[test_rows] - mean) / scale).astype(numpy.float32).astype(numpy.float64)
            train_labels, test_labels = labels[train_rows], labels[test_rows]
            model = model_for(args.rank)
            model.fit(train, train_labels)
            fields = {"sklearn_iterations": model.n_iter_}
            for name, transformation in [("sklearn", model.components_)] + [(n, l[split * args.rank:(split + 1) * args.rank]) for n, l in ours.items()]:
                fields[f"{name}_objective"] = f"{objective(model, transformation, train, train_labels)[0]:.6f}"
                knn = accuracies(transformation, train, train_labels, test, test_labels)
                fields[f"{name}_knn1"] = f"{knn[0]:.6f}"
                fields[f"{name}_knn5"] = f"{knn[1]:.6f}"
            print(f"split={split} " + " ".join(f"{key}={value}" for key, value in fields.items()))
            sys.stdout.flush()
    else:
        train = numpy.load(args.train).astype(numpy.float64)
        train_labels = peer_common.load_labels(args.train_labels)
        model = model_for(args.rank)
        randomized = PCA(n_components=args.rank, random_state=0).fit(train).components_
        exact = PCA(n_components=args.rank, svd_solver="full").fit(train).components_
        print(f"start_randomized_pca={objective(model, randomized, train, train_labels)[0]:.6f}")
        print(f"start_exact_pca={objective(model, exact, train, train_labels)[0]:.6f}")
        mask = train_labels[:, None] == train_labels[None, :]
        iterates = []
        model.n_iter_ = 1
        result = scipy.optimize.minimize(
            model._loss_grad_lbfgs, randomized.ravel(), args=(train, mask, -1.0), jac=True, method="L-BFGS-B", tol=args.tol,
            options={"maxiter": args.max_iter}, callback=lambda x: iterates.append(numpy.copy(x)))
        for k, point in enumerate(iterates):
            value, gradient = objective(model, point, train, train_labels)
            print(f"sklearn={k + 1} objective={value:.6f} gradient_max={numpy.abs(gradient).max():.6g}")
        print(f"sklearn_stop={result.message} nit={result.nit} nfev={result.nfev}")
        points = numpy.load(args.points).astype(numpy.float64).reshape(-1, args.rank * train.shape[1])
        gradients = numpy.load(args.gradients).astype(numpy.float64).reshape(points.shape)
        for k, (point, ours_gradient) in enumerate(zip(points, gradients)):
            value, gradient = objective(model, point, train, train_labels)
            error = numpy.linalg.norm(ours_gradient - gradient) / numpy.linalg.norm(gradient)
            print(f"ours={k} objective={value:.6f} gradient_max={numpy.abs(gradient).max():.6g} gradient_error={error:.3g}")
peer_common.print_blas(path=False)
print(f"OPENBLAS_CORETYPE={peer_common.coretype()}")
sys.stdout.flush()
