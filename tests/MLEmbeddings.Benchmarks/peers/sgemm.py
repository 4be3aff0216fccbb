"""Peer for `compare gemm`: times numpy float32 matmul (OpenBLAS sgemm) on square matrices.

usage: sgemm.py --sizes 1024,2048 --threads 1,2 [--coretype Haswell]

Prints one line per (size, threads): "size threads seconds_per_multiply", after a line starting with '#'
naming the BLAS library, version and kernel (OpenBLAS core type) that ran. --coretype sets OPENBLAS_CORETYPE
before numpy loads OpenBLAS; without it the variable is left unset (the caller removes it) so OpenBLAS picks
the kernel for this CPU.
"""
import argparse
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--sizes", required=True)
parser.add_argument("--threads", required=True)
parser.add_argument("--coretype", default="")
args = parser.parse_args()
if args.coretype:
    os.environ["OPENBLAS_CORETYPE"] = args.coretype

import numpy  # noqa: E402  (after OPENBLAS_CORETYPE is set)
import threadpoolctl  # noqa: E402

blas = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
if not blas:
    sys.exit("numpy has no BLAS that threadpoolctl can see")
print(f"# {blas[0].get('internal_api')} {blas[0].get('version')} kernel {blas[0].get('architecture')} ({blas[0].get('filepath')})")

rng = numpy.random.default_rng(1)
for size in (int(s) for s in args.sizes.split(",")):
    a = rng.random((size, size), dtype=numpy.float32)
    b = rng.random((size, size), dtype=numpy.float32)
    c = numpy.empty((size, size), dtype=numpy.float32)
    count = max(3, (8 * 1024**3) // size**3)
    for threads in (int(t) for t in args.threads.split(",")):
        with threadpoolctl.threadpool_limits(limits=threads, user_api="blas"):
            numpy.matmul(a, b, out=c)
            start = time.perf_counter()
            for _ in range(count):
                numpy.matmul(a, b, out=c)
            elapsed = (time.perf_counter() - start) / count
        print(f"{size} {threads} {elapsed:.6f}", flush=True)
