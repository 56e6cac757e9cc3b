#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install what is missing (Debian packages, the Python
# S3 clients), build, and run the whole test suite with ctest. Extra arguments go to ctest,
# e.g. `tests/run-tests.sh -L unit`.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/installer/ensure-packages.sh" "$top/installer/debian-packages.txt" "$top/installer/test-packages.txt"

# Real S3 clients: aws cli and boto3. Use the ones on PATH when present, else Debian's.
need=()
command -v aws >/dev/null 2>&1 || need+=(awscli)
python3 -c 'import boto3, requests' >/dev/null 2>&1 || need+=(python3-boto3 python3-requests)
if [ ${#need[@]} -gt 0 ]; then
  tmp=$(mktemp); printf '%s\n' "${need[@]}" > "$tmp"
  "$top/installer/ensure-packages.sh" "$tmp"; rm -f "$tmp"
fi

BUILD_DIR="${BUILD_DIR:-build}" "$top/installer/build.sh"
cd "$top/${BUILD_DIR:-build}"
exec ctest --output-on-failure --timeout 600 "$@"
