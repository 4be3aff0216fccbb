#!/usr/bin/env python3
"""NMF peer: scikit-learn's NMF(solver='cd', init='nndsvda') on data written by the C# side.

Usage: sklearn_nmf.py (--dense X.npy --test T.npy | --csr DIR --test-rows N) --rank R --threads T
                      [--max-iter 200] [--tol 1e-4] [--coretype NAME]

Fits on the float32 data, then transforms the held-out rows (--test) or the first N rows (--test-rows) five times
(the median of the last three is reported, as the C# side does). Prints
`fit_seconds=`, `fit_cpu_seconds=` (CPU time of all the process's threads), `n_iter=`, `relative_error=` (||X - W H||_F / ||X||_F, from reconstruction_err_), `transform_seconds=`,
`fit_peak_bytes=` (tracemalloc peak of the fit: the numpy/scipy memory it allocates beyond the input) and the BLAS in
use. --coretype sets OPENBLAS_CORETYPE before numpy loads OpenBLAS (e.g. Haswell for the AVX2 kernels).
"""
import argparse
import os
import sys
import time
import tracemalloc
import warnings

parser = argparse.ArgumentParser()
parser.add_argument("--dense")
parser.add_argument("--test")
parser.add_argument("--csr")
parser.add_argument("--test-rows", type=int, default=10000)
parser.add_argument("--rank", type=int, required=True)
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--max-iter", type=int, default=200)
parser.add_argument("--tol", type=float, default=1e-4)
parser.add_argument("--coretype")
args = parser.parse_args()
if args.coretype:
    os.environ["OPENBLAS_CORETYPE"] = args.coretype
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy  # noqa: E402  (after the environment is set)
import scipy.sparse  # noqa: E402
import sklearn  # noqa: E402
import threadpoolctl  # noqa: E402
from sklearn.decomposition import NMF  # noqa: E402

warnings.simplefilter("ignore")
if args.csr:
    shape = tuple(numpy.load(os.path.join(args.csr, "tfidf_shape.npy")))
    x = scipy.sparse.csr_matrix((numpy.load(os.path.join(args.csr, "tfidf_data.npy")),
                                 numpy.load(os.path.join(args.csr, "tfidf_indices.npy")),
                                 numpy.load(os.path.join(args.csr, "tfidf_indptr.npy"))), shape=shape)
    test = x[:args.test_rows]
    norm = numpy.sqrt(float(numpy.dot(x.data.astype(numpy.float64), x.data.astype(numpy.float64))))
else:
    x = numpy.load(args.dense)
    test = numpy.load(args.test)
    norm = float(numpy.linalg.norm(x.astype(numpy.float64)))

with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
    model = NMF(n_components=args.rank, solver="cd", init="nndsvda", max_iter=args.max_iter, tol=args.tol, random_state=0)
    tracemalloc.start()
    start = time.perf_counter()
    cpu_start = time.process_time()
    model.fit(x)
    fit_seconds = time.perf_counter() - start
    fit_cpu_seconds = time.process_time() - cpu_start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        model.transform(test)
        timings.append(time.perf_counter() - start)
    transform_seconds = sorted(timings[2:])[1]
print(f"fit_seconds={fit_seconds:.6f}")
print(f"fit_cpu_seconds={fit_cpu_seconds:.6f}")
print(f"n_iter={model.n_iter_}")
print(f"relative_error={model.reconstruction_err_ / norm:.9f}")
print(f"transform_seconds={transform_seconds:.6f}")
print(f"fit_peak_bytes={peak}")
for info in threadpoolctl.threadpool_info():
    if info.get("user_api") == "blas":
        print(f"blas={info.get('internal_api')} {info.get('version')} kernel {info.get('architecture')} "
              f"threads {info.get('num_threads')}")
print(f"sklearn={sklearn.__version__} OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
sys.stdout.flush()
