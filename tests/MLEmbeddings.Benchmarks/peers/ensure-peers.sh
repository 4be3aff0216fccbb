#!/usr/bin/env bash
# Installs the Debian peer packages the side-by-side comparisons need, if missing, and prints which BLAS
# numpy uses. libopenblas0-pthread is always installed: without it numpy, scikit-learn and faiss run on
# the reference BLAS (about 30 x slower) and every comparison would be meaningless.
set -euo pipefail
packages=(libopenblas0-pthread python3-numpy python3-threadpoolctl "$@")
need=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing peers: ${need[*]}" >&2
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2
fi
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 - <<'PY' >&2
import numpy, threadpoolctl
numpy.ones(4) @ numpy.ones(4)
for info in threadpoolctl.threadpool_info():
    if info.get("user_api") == "blas":
        print(f"peer BLAS: {info.get('internal_api')} {info.get('version')} ({info.get('filepath')}), "
              f"kernel {info.get('architecture')}, threads {info.get('num_threads')}")
PY
