#!/usr/bin/env bash
# Configures and builds s3cascade into build/ (Release with debug info unless BUILD_TYPE is set).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cmake -S . -B "${BUILD_DIR:-build}" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "${BUILD_DIR:-build}" -j"$(nproc)"
