#!/usr/bin/env bash
# Sets everything up and runs every test: unit (plus an ASan/UBSan build of them under CI),
# integration and interop against a DynamoDB Local this script starts and stops; under CI
# also each fuzz target for a few seconds (scripts/fuzz.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

bash scripts/setup.sh
bash scripts/build.sh

endpoint=$(bash scripts/dynamodb-local.sh start)
port=${endpoint##*:}
trap 'bash "$here/scripts/dynamodb-local.sh" stop "$port"' EXIT
echo "DynamoDB Local at $endpoint"

status=0

echo "== all tests (unit, integration, interop)"
DDBKIT_TEST_ENDPOINT="$endpoint" ctest --test-dir build --output-on-failure --timeout 300 -j 2 || status=1

if [ "${CI:-}" = "true" ] || [ "${DDBKIT_SANITIZE:-}" = "1" ]; then
  echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  DDBKIT_BUILD_DIR="$here/build-asan" DDBKIT_BUILD_TYPE=Debug bash scripts/build.sh \
    -DDDBKIT_SANITIZE=ON -DDDBKIT_UNITY_BUILD=OFF -DDDBKIT_BUILD_BENCH=OFF -DDDBKIT_BUILD_TOOLS=OFF
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan -L unit --output-on-failure --timeout 300 -j 2 || status=1
fi

if [ "${CI:-}" = "true" ] || [ "${DDBKIT_FUZZ:-}" = "1" ]; then
  echo "== fuzz targets under ASan + UBSan, ${DDBKIT_FUZZ_SECONDS:-5} s each"
  bash scripts/fuzz.sh "${DDBKIT_FUZZ_SECONDS:-5}" || status=1
fi
exit $status
