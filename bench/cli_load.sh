#!/usr/bin/env bash
# `ddbkit load` and `ddbkit export` against baselines measured in the same run, on DynamoDB
# Local: the table layer's own batch writer (bench_load_baseline: one write_batch() of every
# item), Python boto3's batch_writer, and `aws dynamodb scan` to a file; then the maximum
# RSS of loading a 1,000,000-item file (--rss). Prints throughputs and ratios.
# Usage: bench/cli_load.sh DDBKIT_CLI BENCH_LOAD_BASELINE ENDPOINT [--items N] [--concurrency C] [--rss]
set -euo pipefail
cli=${1:?usage: cli_load.sh DDBKIT_CLI BENCH_LOAD_BASELINE ENDPOINT [--items N] [--concurrency C] [--rss]}
baseline=${2:?}
endpoint=${3:?}
shift 3
items=100000 concurrency=8 rss=false
while [ $# -gt 0 ]; do
  case "$1" in
    --items) items=$2; shift 2;;
    --concurrency) concurrency=$2; shift 2;;
    --rss) rss=true; shift;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
case "$endpoint" in http://127.0.0.1:*) ;; *) echo "only a 127.0.0.1 endpoint" >&2; exit 2;; esac
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
unset DYNAMODB_ENDPOINT AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB DYNAMODB_LOCAL DYNAMODB_LOCAL_PORT
work=$(mktemp -d)
prefix="bench-load-$$"
ddbkit() { "$cli" --endpoint "$endpoint" "$@"; }
cleanup() {
  # new_table runs in a command substitution (a subshell): find its tables by their prefix.
  for t in $(ddbkit tables list --output jsonl 2>/dev/null | tr -d '"' | grep "^$prefix-"); do
    ddbkit tables delete --table "$t" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
new_table() {
  local t="$prefix-$1"
  ddbkit tables create --table "$t" --partition-key pk --sort-key sk:N >/dev/null
  echo "$t"
}
now() { date +%s.%N; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.0f}')" "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
# make_items FILE N: N DynamoDB-JSON items of about 200 bytes.
make_items() {
  python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"pk": {"S": f"p{i % 1000:04}"}, "sk": {"N": str(i)}, "n": {"N": str(i * 7)},
                            "data": {"S": f"{i:010}" * 15}}, separators=(",", ":")) + "\n")
PY
}

make_items "$work/items.jsonl" "$items"
echo "items: $items of about $(( $(wc -c <"$work/items.jsonl") / items )) bytes of DynamoDB-JSON, concurrency $concurrency"

# DynamoDB Local's JIT warms up on the first writes: not in any measured run.
head -n 20000 "$work/items.jsonl" >"$work/warmup.jsonl"
"$baseline" "$endpoint" "$(new_table warmup)" "$work/warmup.jsonl" "$concurrency" >/dev/null

# Baseline, ddbkit, ddbkit, baseline: DynamoDB Local slows down as it fills, and this order
# gives both the same share of that drift.
load_seconds() {  # load_seconds baseline|ddbkit TABLE: the seconds of one load of the items
  local start
  start=$(now)
  if [ "$1" = baseline ]; then
    "$baseline" "$endpoint" "$2" "$work/items.jsonl" "$concurrency" >/dev/null
  else
    ddbkit load --table "$2" --quiet --concurrency "$concurrency" --unwritten "$work/unwritten.jsonl" \
      "$work/items.jsonl" 2>"$work/load.err"
  fi
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$(now)"
}
b1=$(load_seconds baseline "$(new_table baseline1)")
d1=$(load_seconds ddbkit "$(new_table ddbkit1)")
t=$(new_table ddbkit2)
d2=$(load_seconds ddbkit "$t")
b2=$(load_seconds baseline "$(new_table baseline2)")
base_rate=$(rate $((2 * items)) "$(python3 -c "print($b1 + $b2)")")
load_rate=$(rate $((2 * items)) "$(python3 -c "print($d1 + $d2)")")
echo "write_batch() directly: $b1 s, $b2 s: $base_rate items/s"
echo "ddbkit load:            $d1 s, $d2 s: $load_rate items/s  ($(tail -n 1 "$work/load.err"))"
echo "ratio ddbkit load / write_batch(): $(ratio "$load_rate" "$base_rate")  (target >= 0.95)"
loaded_table=$t

if python3 -c 'import boto3' 2>/dev/null; then
  t=$(new_table boto3)
  boto_seconds=$(python3 - "$endpoint" "$t" "$work/items.jsonl" <<'PY'
import json, sys, time
import boto3
from boto3.dynamodb.types import TypeDeserializer
endpoint, table, path = sys.argv[1:4]
des = TypeDeserializer()
start = time.monotonic()
t = boto3.resource("dynamodb", endpoint_url=endpoint).Table(table)
with t.batch_writer() as w:
    for line in open(path):
        w.put_item(Item={k: des.deserialize(v) for k, v in json.loads(line).items()})
print(f"{time.monotonic() - start:.3f}")
PY
)
  boto_rate=$(rate "$items" "$boto_seconds")
  echo "boto3 batch_writer:     $boto_seconds s, $boto_rate items/s"
  echo "ratio ddbkit load / boto3 batch_writer: $(ratio "$load_rate" "$boto_rate")"
else
  echo "boto3 batch_writer: skipped (apt-get install python3-boto3)"
fi

start=$(now)
ddbkit export --table "$loaded_table" --quiet --output-file "$work/export.jsonl" 2>/dev/null
export_seconds=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$(now)")
echo "ddbkit export:          $export_seconds s, $(rate "$items" "$export_seconds") items/s ($(wc -l <"$work/export.jsonl") lines)"
if [ -x /usr/bin/aws ]; then
  start=$(now)
  /usr/bin/aws dynamodb scan --endpoint-url "$endpoint" --table-name "$loaded_table" --output json >"$work/aws.json"
  aws_seconds=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$(now)")
  echo "aws dynamodb scan:      $aws_seconds s, $(rate "$items" "$aws_seconds") items/s"
  echo "ratio ddbkit export / aws dynamodb scan (speed): $(ratio "$aws_seconds" "$export_seconds")"
else
  echo "aws dynamodb scan: skipped (no /usr/bin/aws; scripts/setup.sh installs it)"
fi

if $rss; then
  make_items "$work/million.jsonl" 1000000
  t=$(new_table million)
  /usr/bin/time -v "$cli" --endpoint "$endpoint" load --table "$t" --quiet --concurrency "$concurrency" \
    --unwritten "$work/unwritten.jsonl" "$work/million.jsonl" 2>"$work/rss.err"
  grep -E '^load: ' "$work/rss.err"
  echo "ddbkit load of 1,000,000 items: maximum RSS $(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/rss.err") KB (target < 100 MB)"
fi
