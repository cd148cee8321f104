#!/usr/bin/env bash
# Configures and builds ddbkit into build/ (or $DDBKIT_BUILD_DIR). Extra args go to cmake.
# Tests, benchmarks and tools are on unless the args turn them off (scripts/run.sh does), and
# back on in a build tree where they were off: a cached OFF never hides the tests.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DDBKIT_BUILD_DIR:-$here/build}
jobs=${DDBKIT_JOBS:-2}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${DDBKIT_BUILD_TYPE:-RelWithDebInfo} \
  -DDDBKIT_BUILD_TESTS=ON -DDDBKIT_BUILD_BENCH=ON -DDDBKIT_BUILD_TOOLS=ON "$@" >/dev/null
# DDBKIT_BUILD_TARGET: one target (and what it needs) instead of everything.
cmake --build "$build" -j "$jobs" ${DDBKIT_BUILD_TARGET:+--target "$DDBKIT_BUILD_TARGET"}
