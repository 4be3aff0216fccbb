#!/usr/bin/env python3
"""k-NN classifier peer: scikit-learn KNeighborsClassifier(algorithm='brute') on data written by the C# side.

Usage: sklearn_knn.py TRAIN.npy TRAIN_LABELS.npy TEST.npy K THREADS OUT_PREDICTIONS.npy [--coretype NAME]

TRAIN_LABELS.npy is a (rows, 1) float32 array of class numbers. Prints `fit_seconds=`, `predict_seconds=` (wall
time of fit and of predict on all test rows) and the BLAS in use; saves the predictions as int64.
"""
import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("train")
parser.add_argument("labels")
parser.add_argument("test")
parser.add_argument("k", type=int)
parser.add_argument("threads", type=int)
parser.add_argument("out")
parser.add_argument("--coretype")
args = parser.parse_args()
if args.coretype:
    os.environ["OPENBLAS_CORETYPE"] = args.coretype
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import time  # noqa: E402
import numpy  # noqa: E402
import sklearn  # noqa: E402
import threadpoolctl  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402

train = numpy.load(args.train)
labels = numpy.load(args.labels).ravel().astype(numpy.int64)
test = numpy.load(args.test)
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
for info in threadpoolctl.threadpool_info():
    if info.get("user_api") == "blas":
        print(f"blas={info.get('internal_api')} {info.get('version')} kernel {info.get('architecture')} threads {info.get('num_threads')}")
print(f"sklearn={sklearn.__version__} OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
