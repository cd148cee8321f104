#!/usr/bin/env bash
# Line and branch coverage of the library (src/ and include/), per layer, from every test
# (unit, integration, interop, CLI) run against a DynamoDB Local this script starts and stops.
#   1. builds Debug with gcov counters (-DDDBKIT_COVERAGE=ON) into build-coverage/ (or
#      $DDBKIT_COVERAGE_DIR), the CLI included: the cli.* tests run it;
#   2. zeroes the counters, runs ctest, and keeps going when a test fails (reported);
#   3. gcovr (Debian's package, from scripts/setup.sh) writes build-coverage/coverage/index.html
#      and a JSON summary; scripts/coverage_report.py prints the table and checks the floors:
#      90 % of the lines overall and 100 % of the lines of the error mapping, the
#      DynamoDB-JSON codec and batch chunking (their files are listed in that script).
# Exits non-zero when a floor is missed or a test failed. Not part of test.sh or CI: an
# instrumented Debug build and a full run take a while on two cores.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build=${DDBKIT_COVERAGE_DIR:-$here/build-coverage}
started=$SECONDS

bash scripts/setup.sh  # gcovr is among its packages

echo "== build (Debug, --coverage) into $build"
DDBKIT_BUILD_DIR="$build" DDBKIT_BUILD_TYPE=Debug bash scripts/build.sh \
  -DDDBKIT_COVERAGE=ON -DDDBKIT_UNITY_BUILD=OFF -DDDBKIT_BUILD_BENCH=OFF -DDDBKIT_BUILD_TOOLS=ON

# Counters of an earlier run would add to this one's.
find "$build" -name '*.gcda' -delete

endpoint=$(bash scripts/dynamodb-local.sh start)
port=${endpoint##*:}
trap 'bash "$here/scripts/dynamodb-local.sh" stop "$port"' EXIT
echo "DynamoDB Local at $endpoint"

status=0
echo "== all tests"
AWS_EC2_METADATA_DISABLED=true DDBKIT_TEST_ENDPOINT="$endpoint" \
  ctest --test-dir "$build" -j 2 --timeout 600 --output-on-failure || status=1

echo "== gcovr"
report="$build/coverage"
rm -rf "$report" && mkdir -p "$report"
# Exception-handling and compiler-made branches are left out of the branch figures: each
# call that may throw adds two branches that no test could take.
gcovr --root "$here" --object-directory "$build" "$build" \
  --filter "$here/src/" --filter "$here/include/" \
  --exclude-throw-branches --exclude-unreachable-branches -j 2 \
  --json "$report/coverage.json" --json-summary "$report/summary.json" \
  --html-details "$report/index.html" --html-title "ddbkit coverage"
python3 scripts/coverage_report.py "$report/summary.json" "$report/coverage.json" || status=1
echo "HTML report: $report/index.html"
echo "coverage.sh took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
exit $status
