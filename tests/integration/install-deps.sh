#!/bin/sh
# Installs the clients the integration tests and benchmarks drive. The tests fail (they never skip)
# when one is missing, so CI runs this before ctest -L integration. Debian 12 packages only; boto3,
# awscli, requests and moto come with the image's python.
set -eu
need=""
for pkg in s3cmd rclone curl wrk nginx-light; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
done
if [ -n "$need" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages:$need (run as root)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
fi
python3 - <<'PY'
import importlib, sys
missing = [m for m in ("boto3", "botocore", "requests", "awscli") if importlib.util.find_spec(m) is None]
if missing:
    sys.exit("install-deps: python3 lacks " + ", ".join(missing))
PY
for tool in aws s3cmd rclone curl wrk nginx; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null || {
    echo "install-deps: $tool not found after install" >&2; exit 1; }
done
echo "install-deps: clients present"
