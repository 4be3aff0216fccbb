#!/usr/bin/env python3
"""NCA peer: scikit-learn NeighborhoodComponentsAnalysis on data written by the C# side as .npy files.

Usage: sklearn_nca.py TRAIN.npy TRAIN_LABELS.npy TEST.npy TEST_LABELS.npy RANK MAX_ITER TOL THREADS [--coretype NAME]

Fits NeighborhoodComponentsAnalysis(n_components=RANK, init='pca', max_iter=MAX_ITER, tol=TOL, random_state=0) and
prints `seconds=<fit wall time>`, the iterations run, the final objective sum_i p_i, the held-out accuracy of
KNeighborsClassifier(k, algorithm='brute') for k = 1 and 5 on the projected data, and the BLAS in use. Labels are
float32 column vectors (cast to int). --coretype sets OPENBLAS_CORETYPE before numpy loads OpenBLAS.
"""
import argparse
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("train")
parser.add_argument("train_labels")
parser.add_argument("test")
parser.add_argument("test_labels")
parser.add_argument("rank", type=int)
parser.add_argument("max_iter", type=int)
parser.add_argument("tol", type=float)
parser.add_argument("threads", type=int)
parser.add_argument("--coretype")
args = parser.parse_args()
if args.coretype:
    os.environ["OPENBLAS_CORETYPE"] = args.coretype
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy  # noqa: E402  (after the environment is set)
import threadpoolctl  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, NeighborhoodComponentsAnalysis  # noqa: E402

train = numpy.load(args.train).astype(numpy.float64)
train_labels = numpy.load(args.train_labels).ravel().astype(int)
test = numpy.load(args.test).astype(numpy.float64)
test_labels = numpy.load(args.test_labels).ravel().astype(int)
with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
    model = NeighborhoodComponentsAnalysis(n_components=args.rank, init="pca", max_iter=args.max_iter, tol=args.tol, random_state=0)
    start = time.perf_counter()
    model.fit(train, train_labels)
    seconds = time.perf_counter() - start
    iterations = model.n_iter_
    mask = train_labels[:, None] == train_labels[None, :]
    objective, _ = model._loss_grad_lbfgs(model.components_.ravel(), train, mask, 1.0)
    projected_train, projected_test = model.transform(train), model.transform(test)
    accuracies = [KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(projected_train, train_labels).score(projected_test, test_labels) for k in (1, 5)]
print(f"seconds={seconds:.6f}")
print(f"iterations={iterations}")
print(f"objective={objective:.6f}")
print(f"knn1={accuracies[0]:.6f}")
print(f"knn5={accuracies[1]:.6f}")
for info in threadpoolctl.threadpool_info():
    if info.get("user_api") == "blas":
        print(f"blas={info.get('internal_api')} {info.get('version')} kernel {info.get('architecture')} threads {info.get('num_threads')}")
print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
sys.stdout.flush()
