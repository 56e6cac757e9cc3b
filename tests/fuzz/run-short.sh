#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan+UBSan) and runs each one briefly over its seed
# corpus and its regression inputs: a smoke test for CI, not a fuzzing campaign (see README.md).
#   tests/fuzz/run-short.sh            # build into build-fuzz/, 5 s per target
#   FUZZ_SECONDS=60 tests/fuzz/run-short.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build="${FUZZ_BUILD_DIR:-$top/build-fuzz}"
seconds="${FUZZ_SECONDS:-5}"
"$top/installer/ensure-packages.sh" "$top/installer/debian-packages.txt" "$top/installer/fuzz-packages.txt"
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
CC=clang-14 CXX=clang++-14 cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DS3CASCADE_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"

targets=(fuzz_http_head fuzz_http_chunked fuzz_aws_chunked fuzz_sigv4_header fuzz_sigv4_query
         fuzz_s3_request fuzz_s3_xml fuzz_backends_json)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for t in "${targets[@]}"; do
  src="$top/tests/fuzz"
  # Every committed regression input must pass: run them one by one first.
  if [ -d "$src/regressions/$t" ] && [ -n "$(ls -A "$src/regressions/$t")" ]; then
    if ! "$build/tests/fuzz/$t" -rss_limit_mb=2048 "$src/regressions/$t"/* >"$work/$t.regressions.log" 2>&1; then
      echo "FAIL $t: a regression input fails again"; tail -40 "$work/$t.regressions.log"; failed=1; continue
    fi
  fi
  mkdir -p "$work/$t"
  cp "$src/corpus/$t"/* "$work/$t/"
  dict=()
  case $t in fuzz_http_*) dict=(-dict="$src/http.dict") ;; esac
  # Findings go to the scratch dir; the log names the input that failed.
  if "$build/tests/fuzz/$t" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
       -artifact_prefix="$work/$t-" -print_final_stats=1 "$work/$t" >"$work/$t.log" 2>&1; then
    echo "ok   $t: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$') runs"
  else
    echo "FAIL $t"; tail -60 "$work/$t.log"; failed=1
  fi
done
exit $failed
