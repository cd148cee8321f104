#!/usr/bin/env bash
# Configures and builds ddbkit into build/ (or $DDBKIT_BUILD_DIR). Extra args go to cmake.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DDBKIT_BUILD_DIR:-$here/build}
jobs=${DDBKIT_JOBS:-2}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${DDBKIT_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$build" -j "$jobs"
