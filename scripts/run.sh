#!/usr/bin/env bash
# Sets up what the library and the CLI need, builds them (nothing else), starts DynamoDB
# Local and runs the ddbkit demo against it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
bash scripts/setup.sh --run
# The library and the CLI only: no tests, benchmarks or examples to compile first.
DDBKIT_BUILD_TARGET=ddbkit_cli bash scripts/build.sh -DDDBKIT_BUILD_TESTS=OFF -DDDBKIT_BUILD_BENCH=OFF
endpoint=$(bash scripts/dynamodb-local.sh start)
trap 'bash "$here/scripts/dynamodb-local.sh" stop "${endpoint##*:}"' EXIT
echo "DynamoDB Local at $endpoint"
"${DDBKIT_BUILD_DIR:-$here/build}/tools/ddbkit/ddbkit" --endpoint "$endpoint" demo
