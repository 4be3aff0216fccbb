#!/usr/bin/env python3
"""Retrieval-metrics peer: leave-one-out Precision@1, Recall@K, R-Precision, MAP@R and MRR with numpy brute force.

Usage: retrieval_metrics.py EMBEDDINGS.npy LABELS.npy THREADS [--recall 1,2,4,8] [--block N] [--coretype NAME]

EMBEDDINGS is an n x d float32 matrix, LABELS an n x 1 float32 matrix of class numbers (written by the C# side).
Every row is a query against all other rows (squared Euclidean distance, ties to the smaller index): distances in
blocks of queries with one sgemm each (||q||^2 + ||x||^2 - 2 q.x, the query itself set to +inf), then
np.argpartition for the k = (largest class size) nearest, a stable sort of those, and the metrics with
pytorch-metric-learning AccuracyCalculator semantics (R = class size - 1; MRR over the first k). Prints
`seconds=<wall time of everything after loading>`, the metrics and the BLAS in use.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402  (from this folder, whatever the working directory)

parser = argparse.ArgumentParser()
parser.add_argument("embeddings")
parser.add_argument("labels")
parser.add_argument("threads", type=int)
parser.add_argument("--recall", default="1,2,4,8")
parser.add_argument("--block", type=int, default=1024)
parser.add_argument("--coretype")
args = parser.parse_args()
peer_common.set_blas_environment(args.coretype, args.threads)

import numpy as np  # noqa: E402  (after the environment is set)
import threadpoolctl  # noqa: E402

x = peer_common.load_matrix(args.embeddings)
labels = peer_common.load_labels(args.labels)
recall_ks = [int(k) for k in args.recall.split(",") if k]

with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
    start = time.perf_counter()
    n = len(x)
    counts = np.bincount(labels)
    k = int(min(counts.max(), n - 1))
    search = max([k] + recall_ks)
    relevant = counts[labels] - 1
    norms = np.einsum("ij,ij->i", x, x)
    sums = {"precision_at_1": 0.0, "r_precision": 0.0, "map_at_r": 0.0, "mrr": 0.0}
    for kk in recall_ks:
        sums[f"recall_at_{kk}"] = 0.0
    evaluated = 0
    for first in range(0, n, args.block):
        q = x[first:first + args.block]
        rows = np.arange(len(q))
        d = norms[first:first + len(q), None] + norms[None, :] - 2 * (q @ x.T)
        d[rows, first + rows] = np.inf
        part = np.argpartition(d, search - 1, axis=1)[:, :search]
        pd = np.take_along_axis(d, part, axis=1)
        order = np.lexsort((part, pd), axis=1)
        ranked = np.take_along_axis(part, order, axis=1)
        hit = labels[ranked] == labels[first:first + len(q), None]
        r = relevant[first:first + len(q)]
        keep = r > 0
        hit, r = hit[keep], r[keep]
        evaluated += len(r)
        within = hit & (np.arange(search)[None, :] < r[:, None])
        cumulative = np.cumsum(within, axis=1)
        sums["precision_at_1"] += hit[:, 0].sum()
        sums["r_precision"] += (within.sum(1) / r).sum()
        sums["map_at_r"] += ((cumulative * within / np.arange(1, search + 1)[None, :]).sum(1) / r).sum()
        first_hit = np.where(hit.any(1), hit.argmax(1), search)
        sums["mrr"] += np.where(first_hit < k, 1.0 / (first_hit + 1), 0.0).sum()
        for kk in recall_ks:
            sums[f"recall_at_{kk}"] += (first_hit < kk).sum()
    seconds = time.perf_counter() - start

print(f"seconds={seconds:.6f}")
print("metrics=" + ",".join(f"{name}:{value / evaluated:.10f}" for name, value in sums.items()))
peer_common.print_blas()
print(f"numpy={np.__version__} OPENBLAS_CORETYPE={peer_common.coretype()} k={k}")
sys.stdout.flush()
