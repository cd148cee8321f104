#!/usr/bin/env bash
# Sets everything up, builds, starts DynamoDB Local and runs the ddbkit demo against it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
bash scripts/setup.sh
bash scripts/build.sh
endpoint=$(bash scripts/dynamodb-local.sh start)
trap 'bash "$here/scripts/dynamodb-local.sh" stop "${endpoint##*:}"' EXIT
echo "DynamoDB Local at $endpoint"
./build/tools/ddbkit/ddbkit --endpoint "$endpoint" demo
