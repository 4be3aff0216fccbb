#!/usr/bin/env bash
# Makes TorchSharp's native libLibTorchSharp.so load on Debian 12 (and any system whose libstdc++ lacks GLIBCXX_3.4.32),
# without touching the system's libstdc++. Usage: fix-libtorchsharp.sh <build output directory>
#
# TorchSharp 0.107.0's libLibTorchSharp.so is built with GCC 13 and requires the version GLIBCXX_3.4.32 for exactly one
# symbol, std::ios_base_library_init(); Debian 12's libstdc++ (GCC 12) stops at GLIBCXX_3.4.30, so the dynamic loader
# refuses the library and TorchSharp reports a misleading "missing libtorch package" error. For every
# libLibTorchSharp.so under the output directory this script, in a copy that then replaces the file:
#   1. marks the GLIBCXX_3.4.32 version requirement weak (mark_version_weak.cpp, an edit of .gnu.version_r),
#   2. clears that symbol's version (patchelf --clear-symbol-version),
#   3. adds a NEEDED entry for a tiny shim library built from glibcxx_shim.cpp that defines the symbol, and copies the
#      shim next to it (the library's RUNPATH starts with $ORIGIN, so the loader finds it there).
# Nothing happens when the system libstdc++ already provides GLIBCXX_3.4.32 or the library was already fixed, so the
# script is cheap to run after every build. Tools come from Debian: patchelf and g++
# (scripts/install-test-prerequisites.sh installs them).
set -euo pipefail
output_directory="${1:?usage: fix-libtorchsharp.sh <build output directory>}"
script_directory="$(cd "$(dirname "$0")" && pwd)"
required_version=GLIBCXX_3.4.32
symbol=_ZSt21ios_base_library_initv
shim_name=libmlembeddings-glibcxx-shim.so

[ "$(uname -s)" = Linux ] || exit 0
mapfile -t libraries < <(find "$output_directory" -name libLibTorchSharp.so -type f 2>/dev/null)
[ ${#libraries[@]} -gt 0 ] || exit 0

system_libstdcxx="$(/sbin/ldconfig -p | sed -nE 's/^[[:space:]]*libstdc\+\+\.so\.6 \(libc6,x86-64\) => (.*)$/\1/p' | head -n 1)"
if [ -n "$system_libstdcxx" ] && grep -qa "$required_version" "$system_libstdcxx"; then
    exit 0
fi

for tool in patchelf g++; do
    if ! command -v "$tool" >/dev/null; then
        echo "fix-libtorchsharp: '$tool' is missing; run: bash scripts/install-test-prerequisites.sh (installs patchelf and g++)" >&2
        exit 1
    fi
done

# The shim and the ELF editor are built once (again when their source changes) into artifacts/libtorch-debian12.
tools_directory="$script_directory/../../artifacts/libtorch-debian12"
mkdir -p "$tools_directory"
shim="$tools_directory/$shim_name"
marker="$tools_directory/mark_version_weak"
if [ ! -f "$shim" ] || [ "$script_directory/glibcxx_shim.cpp" -nt "$shim" ]; then
    g++ -shared -fPIC -O2 -o "$shim.$$.tmp" "$script_directory/glibcxx_shim.cpp"
    mv -f "$shim.$$.tmp" "$shim"
fi
if [ ! -f "$marker" ] || [ "$script_directory/mark_version_weak.cpp" -nt "$marker" ]; then
    g++ -O2 -std=c++17 -o "$marker.$$.tmp" "$script_directory/mark_version_weak.cpp"
    mv -f "$marker.$$.tmp" "$marker"
fi

for library in "${libraries[@]}"; do
    directory="$(dirname "$library")"
    cp -f "$shim" "$directory/$shim_name"
    if patchelf --print-needed "$library" | grep -qx "$shim_name"; then
        continue
    fi
    copy="$library.$$.fixing"
    cp -f "$library" "$copy"
    "$marker" "$copy" "$required_version" >/dev/null
    patchelf --clear-symbol-version "$symbol" "$copy"
    patchelf --add-needed "$shim_name" "$copy"
    mv -f "$copy" "$library"
    echo "fix-libtorchsharp: $library now loads with this system's libstdc++ ($shim_name supplies $symbol)"
done
