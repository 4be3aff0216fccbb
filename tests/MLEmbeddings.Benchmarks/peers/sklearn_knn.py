#!/usr/bin/env python3
"""k-NN classifier peer: scikit-learn KNeighborsClassifier(algorithm='brute') on data written by the C# side.

Usage: sklearn_knn.py TRAIN.npy TRAIN_LABELS.npy TEST.npy K THREADS OUT_PREDICTIONS.npy [--coretype NAME]

TRAIN_LABELS.npy is a (rows, 1) float32 array of class numbers. Prints `fit_seconds=`, `predict_seconds=` (wall
time of fit and of predict on all test rows) and the BLAS in use; saves the predictions as int64.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402  (from this folder, whatever the working directory)

parser = argparse.ArgumentParser()
parser.add_argument("train")
parser.add_argument("labels")
parser.add_argument("test")
parser.add_argument("k", type=int)
parser.add_argument("threads", type=int)
parser.add_argument("out")
parser.add_argument("--coretype")
args = parser.parse_args()
peer_common.set_blas_environment(args.coretype, args.threads)

import time  # noqa: E402
import numpy  # noqa: E402
import sklearn  # noqa: E402
import threadpoolctl  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402

train = peer_common.load_matrix(args.train)
labels = peer_common.load_labels(args.labels)
test = peer_common.load_matrix(args.test)
model = KNeighborsClassifier(n_neighbors=args.k, algorithm="brute", n_jobs=args.threads)
with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
    start = time.perf_counter()
    model.fit(train, labels)
    fit_seconds = time.perf_counter() - start
    model.predict(test[:256])
    start = time.perf_counter()
    predictions = model.predict(test)
    predict_seconds = time.perf_counter() - start
numpy.save(args.out, predictions.astype(numpy.int64).reshape(-1, 1))
print(f"fit_seconds={fit_seconds:.6f}")
print(f"predict_seconds={predict_seconds:.6f}")
peer_common.print_blas(path=False)
print(f"sklearn={sklearn.__version__} OPENBLAS_CORETYPE={peer_common.coretype()}")
