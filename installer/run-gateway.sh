#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install what is missing, build, and run the gateway
# headless on its embedded default directory (~/.local/share/s3cascade/data). Extra arguments go
# to s3cascade, e.g. `installer/run-gateway.sh --port :7070`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/ensure-packages.sh" "$here/debian-packages.txt"
"$here/build.sh"
exec "$here/../build/app/s3cascade" --no-gui "$@"
