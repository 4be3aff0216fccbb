#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine, from the package registries only.
# Idempotent and quick when everything is already there. Tests read committed fixtures, so no Python
# packages are needed here (they are only needed to regenerate fixtures, see tests/fixtures/README.md).
# Always: patchelf and g++ for the Debian 12 libtorch fix (scripts/libtorch-debian12/fix-libtorchsharp.sh, run after each
# build of a project that references libtorch-cpu-linux-x64). Further packages can be given as arguments.
set -euo pipefail
need=()
for package in patchelf g++ "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
echo "test prerequisites present"
