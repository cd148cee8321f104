#!/usr/bin/env bash
# Builds bench_local_throughput as a release of a service would be built, and runs it
# against DynamoDB Local: link-time optimization (DDBKIT_LTO) and a profile of a workload
# (DDBKIT_PROFILE: instrument, one training run, rebuild).
#   scripts/release-bench.sh [--endpoint URL] [--train-on self|table] [bench_local_throughput arguments...]
# --train-on self (the default) trains on one round of the benchmark itself: the best case,
# a profile of exactly what is measured. --train-on table trains on another workload, the
# table layer's benchmark (batch writes, Query and Scan pages on four threads), as a
# service's release would be trained on its own traffic rather than on this benchmark.
# Without --endpoint it starts DynamoDB Local and stops it at the end. The build tree is
# build-release/ (or $DDBKIT_RELEASE_DIR). Needs what scripts/setup.sh installs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DDBKIT_RELEASE_DIR:-$here/build-release}
profile=$build/profile
export AWS_EC2_METADATA_DISABLED=true

endpoint=""
train_on=self
while [ $# -gt 0 ]; do
  case $1 in
    --endpoint) endpoint=$2; shift 2 ;;
    --train-on)
      train_on=$2
      shift 2
      case $train_on in
        self | table) ;;
        *) echo "release-bench: --train-on takes 'self' or 'table', not '$train_on'" >&2; exit 2 ;;
      esac
      ;;
    *) break ;;
  esac
done
if [ -z "$endpoint" ]; then
  endpoint=$(bash "$here/scripts/dynamodb-local.sh" start)
  trap 'bash "$here/scripts/dynamodb-local.sh" stop "${endpoint##*:}"' EXIT
fi

# One benchmark (default: bench_local_throughput) and what it needs, with LTO and the
# profile in the given mode (scripts/build.sh takes the flags after its own; later ones win).
build_bench() {
  DDBKIT_BUILD_DIR="$build" DDBKIT_BUILD_TARGET=${2:-bench_local_throughput} bash "$here/scripts/build.sh" \
    -DDDBKIT_BUILD_TESTS=OFF -DDDBKIT_BUILD_TOOLS=OFF -DDDBKIT_LTO=ON -DDDBKIT_PROFILE="$1" \
    -DDDBKIT_PROFILE_DIR="$profile"
}
bench() { "$build/bench/bench_local_throughput" --endpoint "$endpoint" "$@"; }

# Only running writes the profile: the old one goes before the instrumented build.
rm -rf "$profile"
if [ "$train_on" = table ]; then
  echo "release-bench: instrumented build of the table benchmark" >&2
  build_bench generate bench_table_throughput
  echo "release-bench: training on the table benchmark against $endpoint" >&2
  "$build/bench/bench_table_throughput" --endpoint "$endpoint" --items 5000 --concurrency 4 --rounds 1 >/dev/null
else
  echo "release-bench: instrumented build" >&2
  build_bench generate
  echo "release-bench: training round against $endpoint" >&2
  bench --requests 2000 --rounds 1 >/dev/null
fi
echo "release-bench: build optimized by the profile" >&2
build_bench use
# A round to warm up before measuring: a DynamoDB Local just started is still compiling
# its hot paths, and whichever mode ran first would pay for it.
bench --requests 2000 --rounds 1 >/dev/null
bench "$@"
