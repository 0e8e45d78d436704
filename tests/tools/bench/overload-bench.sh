#!/usr/bin/env bash
# Overload of a school node: the generated 1,200-student school with its year
# offered its design load (600 requests/s of the main reads, each on its own
# connection, open loop), then three times that, then three times that while
# 64 slow clients (from another address, as many as one address may hold)
# trickle request headers one byte a second. Prints, for each phase, the
# statuses, the requests left without an answer and the times of the
# admitted ones, beside the targets: no crash, the excess answered 503,
# admitted requests p99 ≤ 1 s. Shipped limits, except that the load's own
# address may hold any number of connections (it stands for many users).
#   bash tests/tools/bench/overload-bench.sh [--duration S] [--template DIR]
# --template: a data folder kept by perf-table.sh --keep (else one is generated).
# Needs a build (BUILD_DIR, default build/), curl and python3.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
here=$root/tests/tools/bench
build_dir=${BUILD_DIR:-$root/build}
bench_name=overload-bench.sh
# shellcheck source=tests/tools/bench/bench-lib.sh
source "$here/bench-lib.sh"

duration=10
template=
school_time="2027-01-12 10:30"
design_rate=600
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --template) template=$2; shift 2 ;;
    *) bench_fail "unknown option $1" ;;
  esac
done
bench_require curl python3
bench_programs
overload=$build_dir/tests/tools/bench/cartable-overload-bench
[ -x "$overload" ] || bench_fail "$overload is missing: build first"
bench_fake_time

work=$(mktemp -d)
server=
cleanup() {
  bench_stop_server
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "$template" ]; then
  cp -a "$template" "$work/data"
  bench_school_facts "$template"
else
  echo "Generating the school and its year (this takes a while)..." >&2
  bench_generate_school "$work/data" 1200
fi
port=$(( 20000 + RANDOM % 20000 ))
echo "max_connections_per_address: 100000" |
  bench_write_config "$work/cartable.yaml" "$work/data" "$port"
bench_start_server "$work/cartable.yaml" "$port"
bench_sign_in_roles
bench_overload_targets "$work/targets.txt" 2027-01-11
# The node's own timeouts (defaults): keep-alive 5 s, request 30 s; a
# request still unanswered 5 s after both is counted as starved.
deadline_ms=40000

# The slow clients' phase lasts 30 s at least: the node closes the first ones
# after its keep-alive wait (5 s), and what follows is what counts.
slow_duration=$(( duration > 30 ? duration : 30 ))
# name|rate|slow clients|seconds
phases=(
  "design load|$design_rate|0|$duration"
  "3 × design load|$(( design_rate * 3 ))|0|$duration"
  "3 × design load, 64 slow clients|$(( design_rate * 3 ))|64|$slow_duration"
)
met() { [ "$1" = yes ] && echo met || echo "**not met**"; }
{
  echo "Overload, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (load average: $(cut -d' ' -f1-3 /proc/loadavg)):"
  echo "the main reads of a student and a parent, each request on its own connection, offered"
  echo "at a fixed rate for $duration s ($slow_duration s with the slow clients; times count from when a"
  echo "request was due); shipped limits"
  echo "(32 workers, 64 queued connections, keep-alive 5 s, request timeout 30 s)."
  echo
  echo "| phase | offered | 200 | 503 | other | no answer in ${deadline_ms} ms | admitted p50 ms | admitted p99 ms | slow connections ended by the node | node alive | targets |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
  for entry in "${phases[@]}"; do
    IFS='|' read -r name rate slow seconds <<<"$entry"
    bench_settle
    out=$("$overload" --port "$port" --targets "$work/targets.txt" --rate "$rate" \
      --seconds "$seconds" --slow-clients "$slow" --answer-deadline-ms "$deadline_ms") || true
    echo "$out" >>"$work/overload.log"
    field() { bench_summary_field "$out" "$1"; }
    alive=no
    kill -0 "$server" 2>/dev/null && [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] &&
      alive=yes
    p99=$(field p99)
    fast=$(awk -v p="$p99" -v n="$(field admitted)" 'BEGIN { print (n > 0 && p <= 1000 ? "yes" : "no") }')
    clean=$([ "$(field other)" = 0 ] && [ "$(field unanswered)" = 0 ] && [ "$(field late)" = 0 ] && echo yes || echo no)
    echo "| $name | $(field offered) at $rate/s for $seconds s | $(field admitted) | $(field refused) | $(field other) | $(( $(field unanswered) + $(field late) )) | $(field p50) | $p99 | $(field slow_closed) | $alive | no crash: $(met "$alive"); only 200 or 503, all answered: $(met "$clean"); admitted p99 ≤ 1 s: $(met "$fast") |"
  done
} | tee "$work/table.md"
