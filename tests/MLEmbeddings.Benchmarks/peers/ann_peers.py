#!/usr/bin/env python3
"""Approximate nearest-neighbour peers on data written by the C# side as .npy files: hnswlib HNSW, faiss HNSW and
faiss IVF-Flat.

Usage: ann_peers.py BASE.npy QUERIES.npy TRUTH.npy THREADS LIBRARY [--m 16] [--ef-construction 200]
       [--ef 16,32,...] [--lists N] [--probes 1,2,...] [--repetitions N] [--index PATH] [--build-only | --search-only]

LIBRARY is hnswlib, faiss-hnsw or faiss-ivf. TRUTH holds the exact top-k ids (int64, queries x k); recall@k is the
share of them found. Prints `build seconds=<s> bytes=<index bytes or -1>` once, then one line per search setting:
`search param=<ef or nprobe> seconds=<median wall time of the repetitions> recall=<recall@k>`, and the library
versions and BLAS. With --index PATH the built index is saved there (--build-only: and nothing else is done); with
--search-only it is loaded from there instead of built (no build line), so that the caller can interleave search
rounds with its own. Uses Debian's
python3-hnswlib / python3-faiss builds.
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
parser.add_argument("truth")
parser.add_argument("threads", type=int)
parser.add_argument("library", choices=["hnswlib", "faiss-hnsw", "faiss-ivf"])
parser.add_argument("--m", type=int, default=16)
parser.add_argument("--ef-construction", type=int, default=200)
parser.add_argument("--ef", default="16,32,64,128,256")
parser.add_argument("--lists", type=int, default=256)
parser.add_argument("--probes", default="1,2,4,8,16,32")
parser.add_argument("--repetitions", type=int, default=3)
parser.add_argument("--index")
parser.add_argument("--search-only", action="store_true")
parser.add_argument("--build-only", action="store_true")
args = parser.parse_args()
peer_common.set_blas_environment(threads=args.threads)

import numpy  # noqa: E402  (after the environment is set)

base = peer_common.load_matrix(args.base)
queries = peer_common.load_matrix(args.queries)
truth = numpy.load(args.truth)
k = truth.shape[1]


def recall(ids):
    found = 0
    for row, expected in zip(ids, truth):
        found += len(set(int(i) for i in row[:k]) & set(int(i) for i in expected))
    return found / truth.size


def timed(search):
    seconds = []
    ids = None
    for _ in range(args.repetitions):
        start = time.perf_counter()
        ids = search()
        seconds.append(time.perf_counter() - start)
    return sorted(seconds)[len(seconds) // 2], ids


if args.library == "hnswlib":
    import hnswlib

    index = hnswlib.Index(space="l2", dim=base.shape[1])
    if args.search_only:
        index.load_index(args.index, max_elements=base.shape[0])
    else:
        start = time.perf_counter()
        index.init_index(max_elements=base.shape[0], ef_construction=args.ef_construction, M=args.m, random_seed=100)
        index.set_num_threads(args.threads)
        index.add_items(base, numpy.arange(base.shape[0]), num_threads=args.threads)
        print(f"build seconds={time.perf_counter() - start:.6f} bytes=-1")
        if args.index:
            index.save_index(args.index)
        if args.build_only:
            sys.exit(0)
    index.set_num_threads(args.threads)
    for ef in [int(v) for v in args.ef.split(",")]:
        index.set_ef(max(ef, k))
        index.knn_query(queries[:256], k=k, num_threads=args.threads)
        seconds, (ids, _) = timed(lambda: index.knn_query(queries, k=k, num_threads=args.threads))
        print(f"search param={ef} seconds={seconds:.6f} recall={recall(ids):.6f}")
    print(f"hnswlib={getattr(hnswlib, '__version__', '0.6.2 (Debian)')}")
else:
    import faiss

    faiss.omp_set_num_threads(args.threads)
    settings = [int(v) for v in (args.ef if args.library == "faiss-hnsw" else args.probes).split(",")]
    if args.search_only:
        index = faiss.read_index(args.index)
    else:
        start = time.perf_counter()
        if args.library == "faiss-hnsw":
            index = faiss.IndexHNSWFlat(base.shape[1], args.m)
            index.hnsw.efConstruction = args.ef_construction
            index.add(base)
        else:
            quantizer = faiss.IndexFlatL2(base.shape[1])
            index = faiss.IndexIVFFlat(quantizer, base.shape[1], args.lists)
            index.train(base)
            index.add(base)
        print(f"build seconds={time.perf_counter() - start:.6f} bytes=-1")
        if args.index:
            faiss.write_index(index, args.index)
        if args.build_only:
            sys.exit(0)
    for setting in settings:
        if args.library == "faiss-hnsw":
            index.hnsw.efSearch = max(setting, k)
        else:
            index.nprobe = setting
        index.search(queries[:256], k)
        seconds, (_, ids) = timed(lambda: index.search(queries, k))
        print(f"search param={setting} seconds={seconds:.6f} recall={recall(ids):.6f}")
    print(f"faiss={faiss.__version__}")
    try:
        peer_common.print_blas(threads=False, path=False)
    except ImportError:
        pass
sys.stdout.flush()
