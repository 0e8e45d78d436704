#!/usr/bin/env bash
# The regional hub at the scale of a region: 1,000 simulated schools of Grand
# Est and their school year 2025-2026 of daily reports, sent through the
# federation protocol to a real `cartable serve` hub (cartable-report-sim);
# then the ingestion of one more school day from every school, timed, and the
# public queries over the year through HTTP (regional-queries.txt), p50/p99.
# Prints a Markdown table and writes it to bench-results/regional.md.
#   BUILD_DIR=build-rel bash tests/tools/bench/regional-bench.sh [--schools N] [--fresh]
# The year takes a while to fill (see the README): it is kept in
# BUILD_DIR/regional-bench/ and reused by the next run, which ingests the next
# school day after the last one the hub holds. --fresh starts again.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
bench_name=regional-bench
# shellcheck source=bench-lib.sh
source "$root/tests/tools/bench/bench-lib.sh"

schools=1000
fresh=false
while [ $# -gt 0 ]; do
  case "$1" in
    --schools) schools=$2; shift 2 ;;
    --fresh) fresh=true; shift ;;
    *) bench_fail "unknown option $1 (expected --schools N or --fresh)" ;;
  esac
done

bench_require curl python3
cartable=${CARTABLE:-$build_dir/appliance/cli/cartable}
simulator=${REPORT_SIM:-$build_dir/tests/tools/report_sim/cartable-report-sim}
[ -x "$cartable" ] && [ -x "$simulator" ] || bench_fail "build cartable and cartable-report-sim first"

work=${REGIONAL_BENCH_DIR:-$build_dir/regional-bench}
year_from=2025-09-01
year_to=2026-07-03
http_port=${REGIONAL_HTTP_PORT:-18542}
federation_port=${REGIONAL_FEDERATION_PORT:-17443}
$fresh && rm -rf "$work"
mkdir -p "$work"
[ ! -f "$work/schools" ] || [ "$(cat "$work/schools")" = "$schools" ] ||
  bench_fail "$work holds $(cat "$work/schools") schools, not $schools: use --fresh"

write_hub_config() {
  cat >"$work/cartable.yaml" <<YAML
role: hub
hub:
  name: "Hub Grand Est (mesure)"
  region: "Grand Est"
data_dir: $work/data
http:
  listen: 127.0.0.1
  port: $http_port
  plain_http: true
logging:
  access_log: false
federation:
  listen_address: 127.0.0.1
  listen_port: $federation_port
YAML
}

start_hub() {
  "$cartable" serve --config "$work/cartable.yaml" 2>>"$work/serve.log" &
  server=$!
  base=http://127.0.0.1:$http_port
  for _ in $(seq 300); do
    curl -sf "$base/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || bench_fail "the hub exited at start: $(tail -n3 "$work/serve.log")"
    sleep 0.1
  done
  bench_fail "the hub did not become ready in 30 s"
}
trap bench_stop_server EXIT

simulate() {
  "$simulator" --hub "127.0.0.1:$federation_port" --hub-database "$work/data/cartable.db" \
    --state "$work/schools-state" --schools "$schools" "$@"
}

if [ ! -f "$work/data/cartable.db" ]; then
  write_hub_config
  "$cartable" init --config "$work/cartable.yaml" >"$work/init.txt"
  echo "$schools" >"$work/schools"
fi
start_hub

# While links keep a reader on the hub's database at every moment, its WAL is
# never restarted and grows by gigabytes over the year (seen: 11 GB after
# 100,000 reports): it is truncated every 90 s while the year is filled.
truncate_wal_every_90s() {
  while sleep 90; do
    python3 -c "import sqlite3; sqlite3.connect('$work/data/cartable.db', timeout=60).execute('PRAGMA wal_checkpoint(TRUNCATE)')" || true
  done
}

if [ ! -f "$work/year-done" ]; then
  echo "$bench_name: filling the year $year_from to $year_to for $schools schools (once)"
  start=$(date +%s)
  truncate_wal_every_90s &
  truncating=$!
  simulate --from "$year_from" --to "$year_to" --figures "$work/year-figures.txt" |
    tee "$work/year.log"
  kill "$truncating"
  echo "seconds=$(( $(date +%s) - start ))" >>"$work/year-figures.txt"
  date -u '+%Y-%m-%d %H:%M UTC' >"$work/year-done"
fi

# The next school day after the last one the hub holds (the first after the year at first).
last_day=$(python3 - "$work/data/cartable.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(db.execute("SELECT max(day) FROM regional_reports").fetchone()[0] or "")
PY
)
next_day=$(python3 - "$last_day" <<'PY'
import datetime, sys
day = datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=1)
if day < datetime.date(2026, 9, 1) and day.month in (7, 8):
    day = datetime.date(2026, 9, 1)
while day.weekday() >= 5:
    day += datetime.timedelta(days=1)
print(day.isoformat())
PY
)
held=$(python3 -c "import sqlite3,sys; print(sqlite3.connect('file:$work/data/cartable.db?mode=ro', uri=True).execute('SELECT count(*) FROM regional_reports').fetchone()[0])")
load_before=$(cut -d' ' -f1 /proc/loadavg)
echo "$bench_name: the hub holds $held reports; ingesting $next_day from every school"
simulate --from "$next_day" --to "$next_day" --outages off --figures "$work/day-figures.txt" --quiet
load_after=$(cut -d' ' -f1 /proc/loadavg)

# An analyst of the authority for the dashboards' queries (a new one each
# run: its one-time password is changed at its first sign-in).
analyst="bench-analyst-$(date +%s)"
analyst_password=$("$cartable" hub add-authority-user --config "$work/cartable.yaml" \
  --login "$analyst" --role analyst | sed -n 's/.*one-time password \([^ ]*\).*/\1/p')
[ -n "$analyst_password" ] || bench_fail "no one-time password printed for $analyst"

python3 "$root/tests/tools/bench/regional-queries.py" --base "$base" \
  --authority-login "$analyst" --authority-password "$analyst_password" \
  --queries "$root/tests/tools/bench/regional-queries.txt" --from "$year_from" --to "$year_to" \
  --day-figures "$work/day-figures.txt" --year-figures "$work/year-figures.txt" \
  --held "$held" --day "$next_day" --schools "$schools" --load "$load_before / $load_after" \
  --database "$work/data/cartable.db" --output "$root/bench-results/regional.md"
