#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang-16, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/ (or $DDBKIT_BUILD_DIR), runs each from its seed
# corpus (fuzz/corpus/NAME) for SECONDS (default 60), and prints the executions per target.
#   scripts/fuzz.sh [SECONDS]
# A crash or broken property fails the run; libFuzzer's report names the saved input
# (build-fuzz/fuzz/fuzz_NAME-crash-…), which reproduces it: build-fuzz/fuzz/fuzz_NAME FILE.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
build=${DDBKIT_BUILD_DIR:-$here/build-fuzz}
bash "$here/scripts/setup.sh"  # clang-16 and libFuzzer are among its packages

CXX=clang++-16 DDBKIT_BUILD_DIR="$build" DDBKIT_BUILD_TARGET=fuzz_targets bash "$here/scripts/build.sh" \
  -DDDBKIT_BUILD_FUZZ=ON -DDDBKIT_SANITIZE=ON -DDDBKIT_FUZZ_SECONDS="$seconds" \
  -DDDBKIT_BUILD_TESTS=OFF -DDDBKIT_BUILD_BENCH=OFF -DDDBKIT_BUILD_TOOLS=OFF

status=0
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir "$build" -L fuzz --output-on-failure --timeout $((seconds * 3 + 60)) -j 2 || status=1

# libFuzzer ends each run with "Done N runs in S second(s)"; ctest keeps every output.
echo "== executions per target (${seconds} s each)"
awk '/^[0-9]+\/[0-9]+ Testing: fuzz\./ { name = $3 }
     /^Done [0-9]+ runs in [0-9]+ second/ { printf "%-28s %12d runs %6d s %10d/s\n", name, $2, $5, ($5 > 0 ? $2 / $5 : $2) }' \
  "$build/Testing/Temporary/LastTest.log"
exit $status
