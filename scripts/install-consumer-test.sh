#!/usr/bin/env bash
# The installed package, as a project outside this tree uses it:
#   1. `cmake --install` of the build into a temporary prefix;
#   2. tests/install/consumer configures with find_package(ddbkit) against that prefix
#      only (no C++ standard of its own) and builds;
#   3. its programs run: the client against DynamoDB Local ($DDBKIT_TEST_ENDPOINT) and
#      the testkit's scripted transport.
# Usage: install-consumer-test.sh BUILD_DIR. Exit 77 (skip) without an endpoint, unless CI.
set -euo pipefail
build=${1:?usage: install-consumer-test.sh BUILD_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib/test-env.sh"
require_test_endpoint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Runs a command with its output kept back unless it fails.
quiet() { "$@" >"$work/log" 2>&1 || { tail -n 40 "$work/log" >&2; return 1; }; }

echo "1. install into a temporary prefix"
quiet cmake --install "$build" --prefix "$work/prefix"
[ -n "$(find "$work/prefix" -name ddbkitConfig.cmake)" ] || { echo "no ddbkitConfig.cmake installed" >&2; exit 1; }

echo "2. a consumer project finds and builds against it"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
quiet cmake -S "$here/tests/install/consumer" -B "$work/build" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON
quiet cmake --build "$work/build" -j "${DDBKIT_JOBS:-2}"

echo "3. its programs run"
AWS_ACCESS_KEY_ID=consumer AWS_SECRET_ACCESS_KEY=consumer AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true \
  DYNAMODB_ENDPOINT="$endpoint" "$work/build/consumer" "consumer-$$-$RANDOM"
"$work/build/consumer_testkit"
if [ -x "$work/build/consumer_metrics" ]; then "$work/build/consumer_metrics"; fi
echo "install consumer: the installed package builds and runs outside the tree"
