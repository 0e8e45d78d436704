#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
#   bash tests/tools/run-tests.sh [extra ctest arguments, e.g. -L unit]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
bash "$root/tests/tools/setup.sh" "$build_dir"
ctest --test-dir "$build_dir" --output-on-failure -j "${JOBS:-2}" "$@"
