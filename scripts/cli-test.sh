#!/usr/bin/env bash
# The ddbkit command line against DynamoDB Local ($DDBKIT_TEST_ENDPOINT): every command,
# its output formats and its exit codes (0 ok, 1 DynamoDB error, 2 bad usage or input).
# Usage: cli-test.sh PATH_TO_DDBKIT_CLI. Exit 77 (skip) without an endpoint, unless CI.
set -euo pipefail
cli=${1:?usage: cli-test.sh PATH_TO_DDBKIT_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/lib/test-env.sh"
require_test_endpoint
use_test_keys clitest
work=$(mktemp -d)
table="cli-test-$$-$RANDOM"
ddbkit() { "$cli" --endpoint "$endpoint" "$@"; }
cleanup() {
  ddbkit tables delete --table "$table" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

count_in_table() { ddbkit scan --table "$table" --select count --output json | python3 -c 'import json,sys; print(json.load(sys.stdin)["Count"])'; }

echo "1. tables create with a GSI and TTL, then describe, list and wait"
expect_exit 0 ddbkit tables create --table "$table" --partition-key pk --sort-key sk:N \
  --gsi by-status:status,sk:N --ttl-attribute expires --output json
expect_in "$work/out" '"TableStatus":"ACTIVE"'
expect_exit 0 ddbkit tables describe --table "$table" --output json
python3 - "$work/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["Table"]
assert t["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}], t
assert t["GlobalSecondaryIndexes"][0]["IndexName"] == "by-status", t
assert {"AttributeName": "sk", "AttributeType": "N"} in t["AttributeDefinitions"], t
assert d["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}, d
PY
expect_exit 0 ddbkit tables describe --table "$table" --output table
expect_in "$work/out" "TimeToLive"
expect_exit 0 ddbkit tables list --output jsonl
expect_in "$work/out" "\"$table\""
expect_exit 0 ddbkit tables list --output json
expect_in "$work/out" '"TableNames":['
expect_exit 0 ddbkit tables wait --table "$table"
expect_exit 1 ddbkit tables describe --table "no-such-table-$$"
expect_in "$work/err" "ResourceNotFoundException"

echo "2. put, get, update, delete with DynamoDB-JSON and plain JSON"
expect_exit 0 ddbkit put --table "$table" --item '{"pk":{"S":"a"},"sk":{"N":"1"},"status":{"S":"new"}}'
expect_exit 0 ddbkit put --table "$table" --item '{"pk":"a","sk":2,"price":12.5,"tags":["x",1],"m":{"ok":true},"z":null}'
expect_exit 0 ddbkit get --table "$table" --key '{"pk":"a","sk":2}' --consistent --output json
expect_in "$work/out" '{"Item":{"m":{"M":{"ok":{"BOOL":true}}},"pk":{"S":"a"},"price":{"N":"12.5"},"sk":{"N":"2"},"tags":{"L":[{"S":"x"},{"N":"1"}]},"z":{"NULL":true}}}'
expect_exit 0 ddbkit get --table "$table" --key '{"pk":{"S":"a"},"sk":{"N":"1"}}' --projection '#s' --names '{"#s":"status"}' --output jsonl
[ "$(cat "$work/out")" = '{"status":{"S":"new"}}' ] || fail "projection: $(cat "$work/out")"
expect_exit 0 ddbkit get --table "$table" --key '{"pk":"a","sk":99}' --output json
[ "$(cat "$work/out")" = '{}' ] || fail "missing item: $(cat "$work/out")"
expect_exit 0 ddbkit update --table "$table" --key '{"pk":"a","sk":1}' --update-expression 'SET #s = :s, n = :n' \
  --names '{"#s":"status"}' --values '{":s":"paid",":n":5}' --return all-new --output json
expect_in "$work/out" '"status":{"S":"paid"}'
expect_in "$work/out" '"n":{"N":"5"}'
expect_exit 0 ddbkit get --table "$table" --key '{"pk":"a","sk":1}' --output table
head -n 1 "$work/out" | grep -qE '^n +pk +sk +status$' || fail "table header: $(cat "$work/out")"
sed -n 2p "$work/out" | grep -qE '^5 +a +1 +paid$' || fail "table row: $(cat "$work/out")"
expect_exit 0 ddbkit delete --table "$table" --key '{"pk":"a","sk":2}' --return all-old --output json
expect_in "$work/out" '"price":{"N":"12.5"}'
expect_exit 0 ddbkit get --table "$table" --key '{"pk":"a","sk":2}' --output json
[ "$(cat "$work/out")" = '{}' ] || fail "deleted item still there"

echo "3. a refused conditional write exits 1 naming ConditionalCheckFailed"
expect_exit 1 ddbkit put --table "$table" --item '{"pk":"a","sk":1}' --condition 'attribute_not_exists(pk)'
expect_in "$work/err" "ConditionalCheckFailed"
expect_exit 1 ddbkit delete --table "$table" --key '{"pk":"a","sk":1}' --condition '#s = :s' \
  --names '{"#s":"status"}' --values '{":s":"new"}'
expect_in "$work/err" "ConditionalCheckFailed"

echo "4. bad input exits 2 naming the argument, and writes nothing"
before=$(count_in_table)
expect_exit 2 ddbkit put --table "$table" --item '{"pk":"bad",'
expect_in "$work/err" "--item"
expect_exit 2 ddbkit put --table "$table" --item '{"pk":"bad","n":1e999}'
expect_in "$work/err" "item.n"
expect_exit 2 ddbkit put --table "$table" --item '{"pk":"bad","sk":1}' --condition 'n = :n' --values '{":n":'
expect_in "$work/err" "--values"
expect_exit 2 ddbkit put --table "$table" --item "file://$work/missing.json"
expect_in "$work/err" "missing.json"
echo '{"pk":"bad","sk":1}' >"$work/k.json"
expect_exit 2 ddbkit update --table "$table" --key - --update-expression 'SET n = :n' --values - <"$work/k.json"
expect_in "$work/err" "standard input"
expect_exit 2 ddbkit get --table "$table" --key '{"pk":"a"}' --names '{"#x":1}'
expect_in "$work/err" "--names"
expect_exit 2 ddbkit query --table "$table" --key-condition 'pk = :p' --values '{":p":"a"}' --cursor not-a-cursor
expect_in "$work/err" "--cursor"
[ "$(count_in_table)" = "$before" ] || fail "bad input wrote something"

echo "5. bad usage exits 2"
expect_exit 2 ddbkit get --table "$table" --key '{"pk":"a"}' --no-such-option
expect_exit 2 ddbkit get --table "$table"
expect_exit 2 ddbkit --output yaml tables list
expect_exit 2 ddbkit tables create --table "$table-x" --partition-key pk:X
expect_in "$work/err" "--partition-key"
expect_exit 2 ddbkit scan --table "$table" --segments 2 --limit 1
expect_exit 0 ddbkit --help
expect_in "$work/out" "Exit codes:"

echo "6. a 399 KB item through file://, read back byte-identical; an item from standard input"
python3 - "$work/big.json" <<'PY'
import json, sys
json.dump({"pk": "big", "sk": 1, "blob": "x" * (399 * 1024 - 40)}, open(sys.argv[1], "w"))
PY
expect_exit 0 ddbkit put --table "$table" --item "file://$work/big.json"
expect_exit 0 ddbkit get --table "$table" --key '{"pk":"big","sk":1}' --output json
python3 - "$work/big.json" "$work/out" <<'PY'
import json, sys
sent = json.load(open(sys.argv[1]))
got = json.load(open(sys.argv[2]))["Item"]
assert got["blob"]["S"].encode() == sent["blob"].encode(), "blob differs"
PY
echo '{"pk":{"S":"stdin"},"sk":{"N":"1"}}' | ddbkit put --table "$table" --item -
expect_exit 0 ddbkit get --table "$table" --key '{"pk":"stdin","sk":1}' --output json
expect_in "$work/out" '"pk":{"S":"stdin"}'

echo "7. query with --limit, resumed with the printed cursor"
for n in $(seq 1 10); do echo "{\"pk\":\"q\",\"sk\":$n,\"even\":$(( n % 2 == 0 ? 1 : 0 ))}"; done >"$work/items"
while read -r line; do ddbkit put --table "$table" --item "$line"; done <"$work/items"
expect_exit 0 ddbkit query --table "$table" --key-condition 'pk = :p' --values '{":p":"q"}' --limit 4 --output jsonl
[ "$(wc -l <"$work/out")" = 4 ] || fail "--limit 4 printed $(wc -l <"$work/out") items"
cp "$work/out" "$work/first"
cursor=$(sed -n 's/^next cursor: //p' "$work/err")
[ -n "$cursor" ] || fail "no cursor on standard error: $(cat "$work/err")"
expect_exit 0 ddbkit query --table "$table" --key-condition 'pk = :p' --values '{":p":"q"}' --cursor "$cursor" --output jsonl
! grep -q "next cursor" "$work/err" || fail "a cursor after the last item"
cat "$work/first" "$work/out" | python3 -c '
import json, sys
got = [int(json.loads(l)["sk"]["N"]) for l in sys.stdin]
assert got == list(range(1, 11)), got'
expect_exit 0 ddbkit query --table "$table" --key-condition 'pk = :p' --values '{":p":"q"}' --descending --limit 2 --output jsonl
head -n 1 "$work/out" | grep -q '"sk":{"N":"10"}' || fail "--descending: $(cat "$work/out")"
expect_exit 0 ddbkit query --table "$table" --key-condition 'pk = :p' --filter 'even = :one' \
  --values '{":p":"q",":one":1}' --limit 3 --output jsonl
[ "$(wc -l <"$work/out")" = 3 ] && ! grep -q '"even":{"N":"0"}' "$work/out" || fail "filter with limit: $(cat "$work/out")"
cursor=$(sed -n 's/^next cursor: //p' "$work/err")
expect_exit 0 ddbkit query --table "$table" --key-condition 'pk = :p' --filter 'even = :one' \
  --values '{":p":"q",":one":1}' --cursor "$cursor" --output jsonl
[ "$(wc -l <"$work/out")" = 2 ] || fail "filtered resume: $(cat "$work/out")"
expect_exit 0 ddbkit query --table "$table" --index by-status --key-condition '#s = :s' --names '{"#s":"status"}' \
  --values '{":s":"paid"}' --output jsonl
[ "$(wc -l <"$work/out")" = 1 ] || fail "--index: $(cat "$work/out")"
expect_exit 0 ddbkit query --table "$table" --key-condition 'pk = :p' --values '{":p":"q"}' --select count --output json
[ "$(cat "$work/out")" = '{"Count":10,"ScannedCount":10}' ] || fail "--select count: $(cat "$work/out")"
expect_exit 0 ddbkit query --table "$table" --key-condition 'pk = :p' --values '{":p":"q"}' --limit 2 --output json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["Items"]) == 2 and d["Count"] == 2, d' "$work/out"
expect_exit 0 ddbkit query --table "$table" --key-condition 'pk = :p' --values '{":p":"q"}' --limit 2 --output table
[ "$(wc -l <"$work/out")" = 3 ] || fail "table output: $(cat "$work/out")"

echo "8. scan: all, with --segments 3 every item once, --select count, resumed"
total=$(count_in_table)
expect_exit 0 ddbkit scan --table "$table" --segments 3 --output jsonl
[ "$(wc -l <"$work/out")" = "$total" ] || fail "--segments 3 printed $(wc -l <"$work/out") of $total"
python3 -c '
import json, sys
keys = [(i["pk"]["S"], i["sk"]["N"]) for i in map(json.loads, open(sys.argv[1]))]
assert len(keys) == len(set(keys)), "an item printed twice"' "$work/out"
expect_exit 0 ddbkit scan --table "$table" --segments 3 --select count --output json
expect_in "$work/out" "\"Count\":$total,"
expect_exit 0 ddbkit scan --table "$table" --limit 5 --output jsonl
cp "$work/out" "$work/first"
cursor=$(sed -n 's/^next cursor: //p' "$work/err")
expect_exit 0 ddbkit scan --table "$table" --cursor "$cursor" --output jsonl
[ "$(cat "$work/first" "$work/out" | sort -u | wc -l)" = "$total" ] || fail "scan resume lost or repeated items"
# A cursor is bound to its table and index.
expect_exit 2 ddbkit query --table "$table" --index by-status --key-condition '#s = :s' --names '{"#s":"status"}' \
  --values '{":s":"paid"}' --cursor "$cursor"
expect_in "$work/err" "--cursor"

echo "9. tables delete, then wait --deleted"
expect_exit 0 ddbkit tables delete --table "$table" --output json
expect_exit 0 ddbkit tables wait --table "$table" --deleted
expect_exit 1 ddbkit tables describe --table "$table"

echo "cli: every command, format and exit code as specified"
