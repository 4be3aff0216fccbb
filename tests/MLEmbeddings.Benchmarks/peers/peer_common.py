"""What the peer scripts share: the OpenBLAS environment they set before numpy loads, the .npy inputs written by the
C# side, and the report of the BLAS that ran.

Imported by the scripts next to it (each puts this folder first on sys.path, so that the import works from any
working directory and with PYTHONSAFEPATH set). numpy and threadpoolctl are imported inside the functions, never
here: set_blas_environment must run before numpy loads OpenBLAS.
"""
import os


def set_blas_environment(coretype=None, threads=None):
    """Sets OPENBLAS_CORETYPE to `coretype` when given (e.g. Haswell for the AVX2 kernels; without it OpenBLAS picks
    its kernels for this CPU) and OPENBLAS_NUM_THREADS / OMP_NUM_THREADS to `threads` when given. Call it before
    numpy, scipy, scikit-learn or faiss is imported."""
    if coretype:
        os.environ["OPENBLAS_CORETYPE"] = coretype
    if threads is not None:
        os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
        os.environ["OMP_NUM_THREADS"] = str(threads)


def coretype():
    """The OPENBLAS_CORETYPE in effect, or "(unset)"."""
    return os.environ.get("OPENBLAS_CORETYPE", "(unset)")


def load_matrix(path):
    """A C-contiguous float32 matrix from a .npy file (the C# side writes float32 row-major, so no copy is made)."""
    import numpy

    return numpy.ascontiguousarray(numpy.load(path), dtype=numpy.float32)


def load_labels(path):
    """Class numbers from a .npy column vector of float32 (as the C# side writes them), as a flat int64 array."""
    import numpy

    return numpy.load(path).ravel().astype(numpy.int64)


def blas_libraries():
    """threadpoolctl's descriptions of the BLAS libraries loaded in this process."""
    import threadpoolctl

    return [info for info in threadpoolctl.threadpool_info() if info.get("user_api") == "blas"]


def print_blas(threads=True, path=True):
    """Prints one line per loaded BLAS: `blas=<api> <version> kernel <architecture>`, then ` threads <n>` when
    `threads` and ` (<file>)` when `path`."""
    for info in blas_libraries():
        line = f"blas={info.get('internal_api')} {info.get('version')} kernel {info.get('architecture')}"
        if threads:
            line += f" threads {info.get('num_threads')}"
        if path:
            line += f" ({info.get('filepath')})"
        print(line)
