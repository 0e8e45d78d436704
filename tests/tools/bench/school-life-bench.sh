#!/usr/bin/env bash
# Measures a student's main reads on the generated 1,200-student school with a
# year of school life: the week's timetable, the homework list and the grades,
# each under wrk, beside the same server's trivial route (/healthz) as the
# ceiling. Prints a Markdown table (also written to bench-results/) with each
# figure as a ratio of the ceiling measured in the same run.
#   bash tests/tools/bench/school-life-bench.sh [--connections N] [--duration S] [--students N]
# Needs a build (bash tests/tools/setup.sh) and wrk.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
connections=64
duration=8
students=1200
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --students) students=$2; shift 2 ;;
    *) echo "school-life-bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "school-life-bench.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
cartable=$build_dir/appliance/cli/cartable
generate=$build_dir/tests/tools/generator/cartable-generate
[ -x "$cartable" ] && [ -x "$generate" ] || { echo "school-life-bench.sh: build first (bash tests/tools/setup.sh)" >&2; exit 1; }

work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=$(( 20000 + RANDOM % 20000 ))
cat >"$work/cartable.yaml" <<YAML
role: school
school:
  uai: "0541234Y"
  name: "Collège de mesure"
  academie: "Nancy-Metz"
  department: "54"
data_dir: $work/data
http:
  listen: 127.0.0.1
  port: $port
  plain_http: true
logging:
  access_log: false
YAML
"$cartable" init --config "$work/cartable.yaml" >/dev/null
classes=$(( (students + 26) / 27 ))
echo "Generating the school and its year (this takes a while)..." >&2
"$generate" --database "$work/data/cartable.db" --students "$students" --classes "$classes" \
  --password bench-password >"$work/generate.txt"
student=$(awk '$1 == "student" { print $2; exit }' "$work/generate.txt")
db_size=$(du -m "$work/data/cartable.db" | cut -f1)

"$cartable" serve --config "$work/cartable.yaml" 2>"$work/serve.log" &
server=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do
  curl -sf "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
token=$(curl -sf "$base/api/v1/session" -H 'Content-Type: application/json' \
  -d "{\"login\":\"$student\",\"password\":\"bench-password\",\"client\":\"mobile\"}" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "school-life-bench.sh: could not sign in as $student" >&2; exit 1; }

# A mid-year week of the generated school year (2026-2027).
routes=(
  "ceiling|/healthz"
  "week timetable|/api/v1/timetable/week?monday=2027-01-11"
  "homework list|/api/v1/homework?from=2027-01-11&to=2027-01-24"
  "grades (trimester 1, the current one)|/api/v1/grades?period=1"
)

# wrk's "Requests/sec" and its 50% / 99% latencies, in ms.
measure() {
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$base$1")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${non2xx:-0}"
}
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
    else printf "%s", v }'
}

mkdir -p "$root/bench-results"
result=$root/bench-results/school-life.md
{
  echo "School life reads, $students students, a full school year ($db_size MB database);"
  echo "wrk -t2 -c$connections -d${duration}s on $(nproc) cores, one student's bearer token, $(date -u +%Y-%m-%d)."
  echo
  echo "| route | req/s | ratio to ceiling | p50 ms | p99 ms | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|"
  ceiling=
  for entry in "${routes[@]}"; do
    name=${entry%%|*}
    path=${entry#*|}
    read -r rps p50 p99 non2xx < <(measure "$path")
    [ -z "$ceiling" ] && ceiling=$rps
    ratio=$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
    echo "| $name \`${path%%\?*}\` | $rps | $ratio | $p50 | $p99 | $non2xx |"
  done
  echo
  echo "Resident memory after the runs: $(awk '/VmRSS/ { printf "%d MB", $2 / 1024 }' /proc/$server/status)."
} | tee "$result"
echo "Written to $result" >&2
