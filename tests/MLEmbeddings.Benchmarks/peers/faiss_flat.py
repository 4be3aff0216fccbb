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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402  (from this folder, whatever the working directory)

parser = argparse.ArgumentParser()
parser.add_argument("base")
parser.add_argument("queries")
parser.add_argument("k", type=int)
parser.add_argument("threads", type=int)
parser.add_argument("out_ids")
parser.add_argument("--metric", choices=["l2", "ip"], default="l2")
parser.add_argument("--coretype")
args = parser.parse_args()
peer_common.set_blas_environment(args.coretype, args.threads)

import numpy  # noqa: E402  (after the environment is set)
import faiss  # noqa: E402
import threadpoolctl  # noqa: E402

faiss.omp_set_num_threads(args.threads)
base = peer_common.load_matrix(args.base)
queries = peer_common.load_matrix(args.queries)
index = faiss.IndexFlatL2(base.shape[1]) if args.metric == "l2" else faiss.IndexFlatIP(base.shape[1])
index.add(base)
index.search(queries[:256], args.k)
with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
    start = time.perf_counter()
    _, ids = index.search(queries, args.k)
    seconds = time.perf_counter() - start
numpy.save(args.out_ids, ids.astype(numpy.int64))
print(f"seconds={seconds:.6f}")
peer_common.print_blas()
print(f"faiss={faiss.__version__} OPENBLAS_CORETYPE={peer_common.coretype()}")
sys.stdout.flush()
