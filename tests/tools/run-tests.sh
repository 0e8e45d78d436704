#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
#   bash tests/tools/run-tests.sh [extra ctest arguments, e.g. -L unit]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
bash "$root/tests/tools/setup.sh" "$build_dir"
ctest --test-dir "$build_dir" --output-on-failure -j "${JOBS:-2}" "$@"

# Then a short fuzzing run (tests/tools/fuzz.sh, FUZZ_SECONDS per target, 10 by
# default; 0 skips it), for the whole suite only: not with ctest arguments, nor
# in a sanitizer build (the fuzz targets carry the sanitizers themselves).
if [ $# -eq 0 ] && [ "${CARTABLE_SANITIZE:-0}" != "1" ] && [ "${FUZZ_SECONDS:-10}" != "0" ]; then
  BUILD_DIR="${FUZZ_BUILD_DIR:-$root/build-fuzz}" bash "$root/tests/tools/fuzz.sh" "${FUZZ_SECONDS:-10}"
fi
