#!/usr/bin/env python3
"""Exact k-NN peer: faiss IndexFlatL2 (or IndexFlatIP) on data written by the C# side as .npy files.

Usage: faiss_flat.py BASE.npy QUERIES.npy K THREADS OUT_IDS.npy [--metric l2|ip] [--coretype NAME]

Loads both float32 matrices, builds the flat index, runs one untimed warm-up search on a few queries, then one
timed search of all queries, prints `seconds=<wall time of the timed search>` and the BLAS in use, and saves the
ids (int64, queries x k) to OUT_IDS.npy. --coretype sets OPENBLAS_CORETYPE before numpy/faiss load OpenBLAS
(e.g. Haswell for the AVX2 kernels); without it OpenBLAS picks its kernels for this CPU.
"""
import argparse
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("base")
parser.add_argument("queries")
parser.add_argument("k", type=int)
parser.add_argument("threads", type=int)
parser.add_argument("out_ids")
parser.add_argument("--metric", choices=["l2", "ip"], default="l2")
parser.add_argument("--coretype")
args = parser.parse_args()
if args.coretype:
    os.environ["OPENBLAS_CORETYPE"] = args.coretype
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy  # noqa: E402  (after the environment is set)
import faiss  # noqa: E402
import threadpoolctl  # noqa: E402

faiss.omp_set_num_threads(args.threads)
base = numpy.load(args.base)
queries = numpy.load(args.queries)
index = faiss.IndexFlatL2(base.shape[1]) if args.metric == "l2" else faiss.IndexFlatIP(base.shape[1])
index.add(base)
index.search(queries[:256], args.k)
with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
    start = time.perf_counter()
    _, ids = index.search(queries, args.k)
    seconds = time.perf_counter() - start
numpy.save(args.out_ids, ids.astype(numpy.int64))
print(f"seconds={seconds:.6f}")
for info in threadpoolctl.threadpool_info():
    if info.get("user_api") == "blas":
        print(f"blas={info.get('internal_api')} {info.get('version')} kernel {info.get('architecture')} "
              f"threads {info.get('num_threads')} ({info.get('filepath')})")
print(f"faiss={faiss.__version__} OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
sys.stdout.flush()
