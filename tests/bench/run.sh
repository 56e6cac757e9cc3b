#!/usr/bin/env bash
# Benchmarks: s3cascade against nginx (same directory, same run), plus moto_server and s3rver for
# the record. Prints a table of figures and ratios; these are NOT CI gates. See README.md.
#   tests/bench/run.sh [--with-s3rver] [bench.py options, e.g. --duration 5 --skip rss]
#   tests/bench/run.sh --multi [bench_multi.py options]   issue #3: s3-multi vs its backend
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
script=bench.py
if [[ "${1:-}" == "--multi" ]]; then
  shift
  script=bench_multi.py
fi

if [[ "${1:-}" == "--with-s3rver" ]]; then
  shift
  # Project-local, git-ignored (tests/bench/.gitignore): nothing installed system-wide.
  if [[ ! -e "$here/.node/node_modules/s3rver/bin/s3rver.js" ]]; then
    mkdir -p "$here/.node"
    npm install --prefix "$here/.node" --no-audit --no-fund --loglevel=error s3rver@3.7.1 >&2
  fi
fi

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (installer/test-packages.txt)" >&2; exit 1; }
done
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || { echo "run.sh: nginx is missing (nginx-light)" >&2; exit 1; }
export PATH="$PATH:/usr/sbin"

if [[ -z "${S3CASCADE_BIN:-}" ]]; then
  for candidate in "$top/build/app/s3cascade" "$top"/build-*/app/s3cascade; do
    if [[ -x "$candidate" ]]; then S3CASCADE_BIN=$candidate; break; fi
  done
fi
export S3CASCADE_BIN="${S3CASCADE_BIN:-}"
exec python3 "$here/$script" "$@"
