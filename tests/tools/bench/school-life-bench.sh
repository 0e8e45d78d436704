#!/usr/bin/env bash
# Measures a student's main reads on the generated 1,200-student school with a
# year of school life: the week's timetable, the homework list and the grades,
# and the dashboard of a student, a parent, a teacher, a staff member and an
# admin, each under wrk, beside the same server's trivial route (/healthz) as
# the ceiling. Prints a Markdown table (also written to bench-results/) with
# each figure as a ratio of the ceiling measured in the same run.
#   bash tests/tools/bench/school-life-bench.sh [--connections N] [--duration S] [--students N]
#                                               [--date "YYYY-MM-DD HH:MM"]
# Needs a build (bash tests/tools/setup.sh), wrk and python3 (the TOTP codes of
# staff and admin). With faketime installed, the server lives at --date (default
# a Tuesday mid-year, 10:30) so that the dashboards have a school day; without
# it, at the real time.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
bench_name=school-life-bench.sh
# shellcheck source=tests/tools/bench/bench-lib.sh
source "$root/tests/tools/bench/bench-lib.sh"
connections=64
duration=8
students=1200
school_time="2027-01-12 10:30"
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --students) students=$2; shift 2 ;;
    --date) school_time=$2; shift 2 ;;
    *) bench_fail "unknown option $1" ;;
  esac
done
bench_require wrk python3
# The server (and the TOTP codes) run shifted to the school day measured.
bench_fake_time
bench_programs

work=$(mktemp -d)
server=
cleanup() {
  bench_stop_server
  rm -rf "$work"
}
trap cleanup EXIT

port=$(( 20000 + RANDOM % 20000 ))
bench_write_config "$work/cartable.yaml" "$work/data" "$port" </dev/null
echo "Generating the school and its year (this takes a while)..." >&2
bench_generate_school "$work/data" "$students"
bench_start_server "$work/cartable.yaml" "$port"
bench_sign_in_roles with-admin

# A mid-year week of the generated school year (2026-2027).
# name|path|whose token
routes=(
  "ceiling|/healthz|student"
  "week timetable|/api/v1/timetable/week?monday=2027-01-11|student"
  "homework list|/api/v1/homework?from=2027-01-11&to=2027-01-24|student"
  "grades (trimester 1, the current one)|/api/v1/grades?period=1|student"
  "dashboard, student|/api/v1/me/dashboard|student"
  "dashboard, parent|/api/v1/me/dashboard|parent"
  "dashboard, teacher|/api/v1/me/dashboard|teacher"
  "dashboard, staff (vie scolaire)|/api/v1/me/dashboard|staff"
  "dashboard, admin|/api/v1/me/dashboard|admin"
)

mkdir -p "$root/bench-results"
result=$root/bench-results/school-life.md
{
  echo "School life reads, $students students, a full school year ($db_size MB database);"
  echo "wrk -t2 -c$connections -d${duration}s on $(nproc) cores, one bearer token per row, $(date -u +%Y-%m-%d);"
  echo "the server's clock at $school_time (dashboards read \"today\")."
  echo "Dashboards: student ${login[student]}, parent ${login[parent]}, teacher ${login[teacher]}, staff ${login[staff]}, admin."
  echo
  echo "| route | req/s | ratio to ceiling | p50 ms | p99 ms | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|"
  ceiling=
  for entry in "${routes[@]}"; do
    name=${entry%%|*}
    rest=${entry#*|}
    path=${rest%%|*}
    who=${rest#*|}
    bench_settle
    read -r rps p50 p99 non2xx _ < <(bench_wrk -c"$connections" -d"${duration}s" \
      -H "Authorization: Bearer ${token[$who]}" "$base$path")
    [ -z "$ceiling" ] && ceiling=$rps
    ratio=$(bench_ratio "$rps" "$ceiling")
    echo "| $name \`${path%%\?*}\` | $rps | $ratio | $p50 | $p99 | $non2xx |"
  done
  echo
  echo "Resident memory after the runs: $(bench_rss_mb "$server") MB."
} | tee "$result"
echo "Written to $result" >&2
