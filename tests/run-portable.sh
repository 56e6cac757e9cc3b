#!/usr/bin/env bash
# The portable build (issue #14): every platform seam on its fallback (-DS3CASCADE_PORTABLE=ON:
# no sendfile, openat2, renameat2 or Linux xattrs), built into build-portable/ without the GUI
# (the GUI has no platform seams of its own), then the unit tests and the integration tests that
# exercise the local-directory backend and the HTTP data path run on it. The s3-multi, client
# matrix and browser suites run on the main build only: they test nothing the seams change.
# Extra arguments go to ctest.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export BUILD_DIR="${PORTABLE_BUILD_DIR:-build-portable}"
"$top/installer/build.sh" -DS3CASCADE_PORTABLE=ON -DS3C_BUILD_GUI=OFF
cd "$top/$BUILD_DIR"
exec ctest --output-on-failure --timeout 600 -LE 'package|fault|gui' \
  -R '^test_|^integ_test_(boto3|s3_behaviours|keys|presign|hostile_http|file_modes|tagging|s3_requests)$' "$@"
