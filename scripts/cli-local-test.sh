#!/usr/bin/env bash
# `ddbkit local` and `--metrics`, with DynamoDB Local from the setup script's cache:
#   1. `local start` prints the endpoint of a server that answers, and `local status` lists it;
#   2. `--metrics` prints the command's Prometheus text on standard error, the data alone
#      on standard output;
#   3. `local stop --port` stops exactly it (status no longer lists it; a second stop is bad
#      input, exit 2); a bad --wait is refused with exit 2.
# Usage: cli-local-test.sh PATH_TO_DDBKIT_CLI. Exit 77 (skip) when DynamoDB Local is not
# installed, unless CI.
set -euo pipefail
cli=${1:?usage: cli-local-test.sh PATH_TO_DDBKIT_CLI}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ ! -f "${DDBKIT_LOCAL_HOME:-$here/.cache/dynamodb-local}/DynamoDBLocal.jar" ]; then
  [ "${CI:-}" = "true" ] && { echo "DynamoDB Local is not installed" >&2; exit 1; }
  echo "skipped: DynamoDB Local is not installed (run scripts/setup.sh)"; exit 77
fi
source "$here/scripts/lib/test-env.sh"
isolate_from_caller
work=$(mktemp -d)
port=
cleanup() {
  [ -n "$port" ] && "$cli" local stop --port "$port" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "1. local start and status"
endpoint=$("$cli" local start 2>"$work/start.err")
[[ "$endpoint" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || fail "start printed '$endpoint'"
port=${endpoint##*:}
grep -q "ddbkit local stop --port $port" "$work/start.err" || fail "start did not say how to stop it"
"$cli" local status | grep -q "^$endpoint  pid [0-9]*  answering$" || fail "status does not list $endpoint"

echo "2. --metrics on standard error"
"$cli" --endpoint "$endpoint" --metrics tables list >"$work/out" 2>"$work/err"
[ ! -s "$work/out" ] || fail "a new server has no tables, yet stdout was: $(cat "$work/out")"
grep -q '^dynamodb_operations_total{operation="ListTables",status="success",table=""} 1$' "$work/err" ||
  fail "no ListTables count in the metrics: $(head -c 2000 "$work/err")"
grep -q "^dynamodb_http_connection_events_total{endpoint=\"$endpoint\",event=\"opened\"} 1$" "$work/err" ||
  fail "no connection opened in the metrics"

echo "3. local stop"
"$cli" local stop --port "$port" | grep -q "^stopped $endpoint" || fail "stop did not report $endpoint"
stopped=$port
port=
if "$cli" local status | grep -q "$endpoint"; then fail "status still lists $endpoint"; fi
if "$cli" --endpoint "$endpoint" tables list >/dev/null 2>&1; then fail "$endpoint still answers"; fi
set +e
"$cli" local stop --port "$stopped" 2>"$work/err"; code=$?
"$cli" local start --wait 0 2>/dev/null; bad_wait=$?
set -e
[ "$code" = 2 ] || fail "a second stop exited $code, not 2"
grep -q "no DynamoDB Local started by ddbkit runs on port $stopped" "$work/err" || fail "second stop: $(cat "$work/err")"
[ "$bad_wait" = 2 ] || fail "--wait 0 exited $bad_wait, not 2"
echo "cli local: start, status, --metrics and stop behave"
