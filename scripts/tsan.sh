#!/usr/bin/env bash
# Builds the unit tests and the soak tests with ThreadSanitizer into build-tsan/ (or
# $DDBKIT_BUILD_DIR) and runs them, the soak tests against a DynamoDB Local this script
# starts and stops. Any TSan report fails the test that made it (halt_on_error); the exit
# status is non-zero if any test failed. Not part of scripts/test.sh: a TSan build and run
# take several times longer than the normal ones.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

bash scripts/setup.sh
build=${DDBKIT_BUILD_DIR:-$here/build-tsan}
# Only the unit-test executables and soak_tests (which bring the library with them): the
# integration tests, header check, tools and benchmarks would double the build.
unit_targets=()
for dir in tests/unit/*/; do
  # unit_cli tests the tool's parts, which exist only with DDBKIT_BUILD_TOOLS.
  [ "$(basename "$dir")" = cli ] && continue
  unit_targets+=("unit_$(basename "$dir")")
done
DDBKIT_BUILD_DIR="$build" DDBKIT_BUILD_TARGET=soak_tests bash scripts/build.sh \
  -DDDBKIT_TSAN=ON -DDDBKIT_BUILD_BENCH=OFF -DDDBKIT_BUILD_TOOLS=OFF
cmake --build "$build" -j "${DDBKIT_JOBS:-2}" --target "${unit_targets[@]}"

endpoint=$(bash scripts/dynamodb-local.sh start)
port=${endpoint##*:}
trap 'bash "$here/scripts/dynamodb-local.sh" stop "$port"' EXIT
echo "DynamoDB Local at $endpoint"

# halt_on_error: the first report ends the test process with TSan's exit code (66), so
# ctest counts it as a failure; second_deadlock_stack: both stacks of a lock-order report;
# scripts/tsan.supp: the reports proven to be outside ddbkit, each with its reason.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$here/scripts/tsan.supp ${TSAN_OPTIONS:-}"
export AWS_EC2_METADATA_DISABLED=true
export DDBKIT_TEST_ENDPOINT="$endpoint"

status=0
echo "== unit tests under ThreadSanitizer"
ctest --test-dir "$build" -L unit --no-tests=error --output-on-failure --timeout 300 -j 2 || status=1
# One at a time: each soak test alone takes 3-4 minutes under TSan on two cores shared
# with DynamoDB Local, against a 600 s limit.
echo "== soak tests under ThreadSanitizer"
ctest --test-dir "$build" -L soak --no-tests=error --output-on-failure -j 1 || status=1
exit $status
