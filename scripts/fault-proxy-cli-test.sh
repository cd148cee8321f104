#!/usr/bin/env bash
# `ddbkit fault-proxy` as a process, in front of DynamoDB Local ($DDBKIT_TEST_ENDPOINT):
#   1. a scripted throttle and reset on the first two PutItems; `ddbkit put` through
#      the proxy retries past both and the item is there, read directly;
#   2. on SIGTERM the proxy prints exactly what it injected;
#   3. a malformed --script is refused with exit 2 and a message naming it.
# Usage: fault-proxy-cli-test.sh PATH_TO_DDBKIT_CLI. Exit 77 (skip) without an endpoint, unless CI.
set -euo pipefail
cli=${1:?usage: fault-proxy-cli-test.sh PATH_TO_DDBKIT_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/lib/test-env.sh"
require_test_endpoint
use_test_keys faultproxy
work=$(mktemp -d)
table="fault-proxy-cli-$$-$RANDOM"
proxy_pid=
cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null || true
  "$cli" --endpoint "$endpoint" tables delete --table "$table" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$cli" --endpoint "$endpoint" tables create --table "$table" --partition-key pk >/dev/null

echo "1. put through a proxy that throttles the first PutItem and resets the second"
"$cli" fault-proxy --upstream "$endpoint" --operation PutItem \
  --script throttle:1 --script reset_before:2 >"$work/out" 2>"$work/err" &
proxy_pid=$!
for _ in $(seq 1 100); do [ -s "$work/out" ] && break; sleep 0.1; done
proxy=$(head -n 1 "$work/out")
case "$proxy" in http://127.0.0.1:*) ;; *) echo "no endpoint from the proxy: '$proxy'" >&2; cat "$work/err" >&2; exit 1;; esac
"$cli" --endpoint "$proxy" put --table "$table" --item '{"pk":{"S":"through-faults"},"n":{"N":"7"}}'
got=$("$cli" --endpoint "$endpoint" get --table "$table" --key '{"pk":{"S":"through-faults"}}' --consistent --output json)
echo "$got" | grep -q '"n":{"N":"7"}' || { echo "item not written: $got" >&2; exit 1; }

echo "2. the proxy's report on SIGTERM"
kill -TERM "$proxy_pid"
wait "$proxy_pid"
proxy_pid=
cat "$work/out"
grep -qx 'PutItem: requests 3, forwarded 1, throttle 1, reset_before 1' "$work/out" ||
  { echo "unexpected report" >&2; exit 1; }

echo "3. a malformed script is refused"
status=0
"$cli" fault-proxy --upstream "$endpoint" --script 'throttle:x' 2>"$work/err" >/dev/null || status=$?
[ "$status" = 2 ] || { echo "exit $status, expected 2" >&2; exit 1; }
grep -q '"x" in "throttle:x" is not a request number' "$work/err" || { cat "$work/err" >&2; exit 1; }

echo "fault-proxy cli: scripted faults injected, retried through and reported"
