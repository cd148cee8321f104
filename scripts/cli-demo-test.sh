#!/usr/bin/env bash
# `ddbkit demo` (what scripts/run.sh shows) against DynamoDB Local ($DDBKIT_TEST_ENDPOINT):
# every step must say what it should, and the demo must leave no table behind.
# Usage: cli-demo-test.sh PATH_TO_DDBKIT_CLI. Exit 77 (skip) without an endpoint, unless CI.
set -euo pipefail
cli=${1:?usage: cli-demo-test.sh PATH_TO_DDBKIT_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/lib/test-env.sh"
require_test_endpoint
use_test_keys clidemo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; echo "--- stdout"; cat "$work/out"; echo "--- stderr"; tail -c 2000 "$work/err"; exit 1; }

(cd "$work" && "$cli" --endpoint "$endpoint" demo >"$work/out" 2>"$work/err") || fail "the demo failed"
grep -q "written 10000, not written 0" "$work/out" || fail "the load did not write 10,000 items"
grep -q "loaded" "$work/err" || fail "no progress on standard error"
page1=$(sed -n 's/^    page 1: sk //p' "$work/out")
page2=$(sed -n 's/^    page 2: sk //p' "$work/out")
[ "$page1" = "7 107 207 307 407" ] || fail "page 1 is '$page1'"
[ "$page2" = "507 607 707 807 907" ] || fail "page 2 is '$page2' (the cursor must resume right after page 1)"
grep -q "refused as expected: .*conditional_check_failed" "$work/out" || fail "the conditional write was not refused"
grep -q "order 7 is shipped, shipment#7 recorded" "$work/out" || fail "the transaction did not apply"
grep -q '^    dynamodb_operations_total{operation="BatchWriteItem",status="success"' "$work/out" || fail "no metrics"
grep -q "demo finished" "$work/out" || fail "the demo did not finish"
if "$cli" --endpoint "$endpoint" tables list | grep -q '^ddbkit-demo-'; then fail "the demo left its table"; fi
echo "cli demo: every step as expected"
