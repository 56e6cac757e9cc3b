#!/usr/bin/env bash
# Configures and builds s3cascade into build/ (Release with debug info unless BUILD_TYPE is set).
# Uses ccache when it is installed (installer/debian-packages.txt lists it): a second build tree
# (the fuzz build, another clone of the same sources) then compiles only what differs.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
launcher=()
if command -v ccache >/dev/null 2>&1; then
  # Paths relative to the source tree, and no working directory in the hash, so that clones in
  # other folders share the cache.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$top}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "${BUILD_DIR:-build}" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "${launcher[@]}" "$@" >/dev/null
cmake --build "${BUILD_DIR:-build}" -j"$(nproc)"
