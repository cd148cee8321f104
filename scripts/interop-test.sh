#!/usr/bin/env bash
# Interop with the AWS CLI against DynamoDB Local ($DDBKIT_TEST_ENDPOINT):
#   1. an item holding every attribute type, written by ddbkit, reads back identically
#      with `aws dynamodb get-item`;
#   2. one written by `aws dynamodb put-item` reads back identically with ddbkit.
# Usage: interop-test.sh PATH_TO_DDBKIT_CLI. Exit 77 (skip) without an endpoint, unless CI.
set -euo pipefail
cli=${1:?usage: interop-test.sh PATH_TO_DDBKIT_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/lib/test-env.sh"
require_test_endpoint
# Debian's AWS CLI v2 (installed by scripts/setup.sh), not whatever `aws` is first on PATH:
# v1 and v2 read blobs in --item differently.
aws_cli=/usr/bin/aws
[ -x "$aws_cli" ] || { echo "AWS CLI not installed at $aws_cli: run scripts/setup.sh" >&2; exit 1; }

# Both tools must use the same key id and region: DynamoDB Local keeps tables per pair.
use_test_keys interop
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
aws_ddb() { "$aws_cli" dynamodb --endpoint-url "$endpoint" --output json "$@"; }
table="interop-$$-$RANDOM"

# Sets come back in any order, and DynamoDB returns numbers in its own normal form
# ("1E2" as "100"): compare sets as sets and numbers as numbers, everything else exactly.
same_json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
from decimal import Decimal
from decimal import localcontext
def num(text):
    with localcontext() as ctx:
        ctx.prec = 60  # DynamoDB numbers have up to 38 digits: normalize must not round
        return Decimal(text).normalize()
def norm(v):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k == "N": out[k] = num(x)
            elif k == "NS": out[k] = sorted(num(n) for n in x)
            elif k in ("SS", "BS"): out[k] = sorted(x)
            else: out[k] = norm(x)
        return out
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v
a, b = (norm(json.loads(s)) for s in sys.argv[1:3])
if a != b:
    print("MISMATCH\n expected:", a, "\n actual:  ", b)
    sys.exit(1)
PY
}

"$cli" --endpoint "$endpoint" tables create --table "$table" --partition-key pk >/dev/null
trap '"$cli" --endpoint "$endpoint" tables delete --table "$table" >/dev/null 2>&1 || true' EXIT

every_type() {  # $1: the partition key
  cat <<JSON
{"pk":{"S":"$1"},"s":{"S":"héllo \"wörld\"\n\ttab"},"n":{"N":"-12345.678901234567890123456789"},
 "big":{"N":"9.9999999999999999999999999999999999999E+125"},"small":{"N":"1E-130"},
 "b":{"B":"AAEC/f7/"},"t":{"BOOL":true},"f":{"BOOL":false},"z":{"NULL":true},
 "l":{"L":[{"S":"x"},{"N":"1"},{"L":[]},{"M":{}}]},
 "m":{"M":{"nested":{"M":{"deep":{"SS":["a","b"]}}},"dash-name":{"N":"0"}}},
 "ss":{"SS":["alpha","beta","gamma"]},"ns":{"NS":["1","2.5","-3"]},"bs":{"BS":["AQ==","AgM="]}}
JSON
}

echo "1. ddbkit put -> aws get-item"
item=$(every_type from-ddbkit)
"$cli" --endpoint "$endpoint" put --table "$table" --item "$item"
read_by_aws=$(aws_ddb get-item --table-name "$table" --key '{"pk":{"S":"from-ddbkit"}}' --consistent-read)
same_json "{\"Item\":$item}" "$read_by_aws"

echo "2. aws put-item -> ddbkit get"
item=$(every_type from-aws-cli)
# Blobs in --item are base64 text, as on the wire (not the CLI's raw-in-base64-out mode).
aws_ddb put-item --cli-binary-format base64 --table-name "$table" --item "$item"
read_by_ddbkit=$("$cli" --endpoint "$endpoint" get --table "$table" --key '{"pk":{"S":"from-aws-cli"}}' --consistent --output json)
same_json "{\"Item\":$item}" "$read_by_ddbkit"

echo "interop: both directions identical"
