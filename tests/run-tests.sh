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

# >>> s3backend test servers (owner: S3 client backend, issue #3) >>>
# tests/unit/s3backend runs its contract against real s3rver and moto_server on loopback.
# s3rver (npm, a test server) and the AWS SDK for JavaScript v3 (a real client the tests drive)
# go into the git-ignored <source>/.deps/node, pinned, only when missing. SDK 3.893 is a
# release that still runs on Debian 12's Node.js 18 (later ones ask for Node 20).
npm_pkgs=(s3rver@3.7.1 @aws-sdk/client-s3@3.893.0 @aws-sdk/lib-storage@3.893.0
          @aws-sdk/s3-request-presigner@3.893.0)
if [ ! -f "$top/.deps/node/node_modules/s3rver/bin/s3rver.js" ] ||
   [ ! -f "$top/.deps/node/node_modules/@aws-sdk/lib-storage/package.json" ] ||
   [ ! -f "$top/.deps/node/node_modules/@aws-sdk/s3-request-presigner/package.json" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    tmp=$(mktemp); printf '%s\n' nodejs npm > "$tmp"
    "$top/installer/ensure-packages.sh" "$tmp"; rm -f "$tmp"
  fi
  npm install --prefix "$top/.deps/node" --no-audit --no-fund --loglevel=error "${npm_pkgs[@]}"
fi
# moto_server comes with the image's Python (pip moto[server]); the test names it if missing.
command -v moto_server >/dev/null 2>&1 || echo "warning: moto_server not on PATH; test_s3backend_contract will fail" >&2
# <<< s3backend test servers <<<

BUILD_DIR="${BUILD_DIR:-build}" "$top/installer/build.sh"
cd "$top/${BUILD_DIR:-build}"
exec ctest --output-on-failure --timeout 600 "$@"
