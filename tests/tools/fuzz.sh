#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan+UBSan) and runs
# each over its seed corpus for N seconds: 600 is the long run, CI runs 10.
#   bash tests/tools/fuzz.sh [seconds-per-target] [target ...]
# Environment: BUILD_DIR (default build-fuzz), JOBS (2). New inputs found go to
# BUILD_DIR/corpus/<target>, crashes to BUILD_DIR/artifacts/. Prints a table of
# executions/s and coverage per target; exits 1 when a target crashed, leaked
# or hit undefined behaviour (its reproducer and report are printed).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build-fuzz}
seconds=${1:-600}
shift || true

packages=(clang libclang-rt-14-dev cmake ninja-build ccache pkg-config
  libpoco-dev libsqlite3-dev libsodium-dev libboost-dev libyaml-cpp-dev libsystemd-dev libssl-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
build_start=$(date +%s)
# Optimised, but with assertions: a broken precondition found by a fuzzer is a finding.
CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g" \
  -DCARTABLE_FUZZ=ON -DCARTABLE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" --target cartable_fuzzers -j "${JOBS:-2}" | tail -n 1
echo "Built the fuzz targets in $(($(date +%s) - build_start)) s"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cd "$root/tests/fuzz/corpus" && ls)
fi

# The first and the last "cov:" figures of a libFuzzer log, and a final stat.
coverage_at() { grep -o "$1 cov: [0-9]*" "$2" | head -n 1 | grep -o '[0-9]*$' || echo 0; }
final_coverage() { grep -o 'cov: [0-9]*' "$1" | tail -n 1 | grep -o '[0-9]*$' || echo 0; }
stat_of() { grep -o "stat::$1: *[0-9]*" "$2" | grep -o '[0-9]*$' || echo 0; }

mkdir -p "$build_dir/artifacts" "$build_dir/logs"
failed=()
rows=()
for target in "${targets[@]}"; do
  work="$build_dir/corpus/$target"
  log="$build_dir/logs/$target.log"
  mkdir -p "$work"
  echo "Fuzzing $target for $seconds s"
  status=ok
  "$build_dir/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build_dir/artifacts/$target-" \
    "$work" "$root/tests/fuzz/corpus/$target" >"$log" 2>&1 || status=FAILED
  start=$(coverage_at INITED "$log")
  end=$(final_coverage "$log")
  rows+=("| $target | $(stat_of number_of_executed_units "$log") | $(stat_of average_exec_per_sec "$log") | $start | $end | +$((end - start)) | $(stat_of new_units_added "$log") | $status |")
  if [ "$status" != ok ]; then
    failed+=("$target")
    grep -E "ERROR|SUMMARY|runtime error|invariant|Test unit written" "$log" | head -n 20 || true
  fi
done

echo
echo "Fuzzing, $seconds s per target ($(date -u +%Y-%m-%d), $(nproc) cores):"
echo
echo "| target | executions | exec/s | coverage at start | at end | new | new inputs | result |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed: ${failed[*]} (logs in $build_dir/logs, reproducers in $build_dir/artifacts)"
  exit 1
fi
