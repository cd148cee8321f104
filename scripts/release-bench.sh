#!/usr/bin/env bash
# Builds bench_local_throughput as a release of a service would be built, and runs it
# against DynamoDB Local: link-time optimization (DDBKIT_LTO) and a profile of the
# benchmark's own workload (DDBKIT_PROFILE: instrument, one training round, rebuild).
#   scripts/release-bench.sh [--endpoint URL] [bench_local_throughput arguments...]
# Without --endpoint it starts DynamoDB Local and stops it at the end. The build tree is
# build-release/ (or $DDBKIT_RELEASE_DIR). Needs what scripts/setup.sh installs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DDBKIT_RELEASE_DIR:-$here/build-release}
profile=$build/profile
export AWS_EC2_METADATA_DISABLED=true

endpoint=""
if [ "${1:-}" = "--endpoint" ]; then
  endpoint=$2
  shift 2
fi
if [ -z "$endpoint" ]; then
  endpoint=$(bash "$here/scripts/dynamodb-local.sh" start)
  trap 'bash "$here/scripts/dynamodb-local.sh" stop "${endpoint##*:}"' EXIT
fi

# The benchmark alone, with LTO and the profile in the given mode (scripts/build.sh takes
# the flags after its own; later ones win).
build_bench() {
  DDBKIT_BUILD_DIR="$build" DDBKIT_BUILD_TARGET=bench_local_throughput bash "$here/scripts/build.sh" \
    -DDDBKIT_BUILD_TESTS=OFF -DDDBKIT_BUILD_TOOLS=OFF -DDDBKIT_LTO=ON -DDDBKIT_PROFILE="$1" \
    -DDDBKIT_PROFILE_DIR="$profile"
}
bench() { "$build/bench/bench_local_throughput" --endpoint "$endpoint" "$@"; }

echo "release-bench: instrumented build" >&2
build_bench generate
rm -rf "$profile"
echo "release-bench: training round against $endpoint" >&2
bench --requests 2000 --rounds 1 >/dev/null
echo "release-bench: build optimized by the profile" >&2
build_bench use
# A round to warm up before measuring: a DynamoDB Local just started is still compiling
# its hot paths, and whichever mode ran first would pay for it.
bench --requests 2000 --rounds 1 >/dev/null
bench "$@"
