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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402  (from this folder, whatever the working directory)

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
peer_common.set_blas_environment(args.coretype, args.threads)

import numpy  # noqa: E402  (after the environment is set)
import threadpoolctl  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, NeighborhoodComponentsAnalysis  # noqa: E402

train = numpy.load(args.train).astype(numpy.float64)
train_labels = peer_common.load_labels(args.train_labels)
test = numpy.load(args.test).astype(numpy.float64)
test_labels = peer_common.load_labels(args.test_labels)
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
peer_common.print_blas(path=False)
print(f"OPENBLAS_CORETYPE={peer_common.coretype()}")
sys.stdout.flush()
