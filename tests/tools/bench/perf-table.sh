#!/usr/bin/env bash
# The performance table of a school node: the generated 1,200-student school
# with a year of school life (generated once, copied for each server start),
# its main reads and writes under wrk at 64 and 512 connections beside the
# same server's trivial route (/healthz) as the ceiling, the morning's
# sign-in storm with the configured Argon2id costs, resident memory idle and
# under load, cold start to ready, then the overload run (overload-bench.sh).
# Each target is printed beside its figure, met or not: tracked, not asserted.
# Prints a Markdown table, also written to bench-results/perf-table.md.
#   bash tests/tools/bench/perf-table.sh [--duration S] [--students N] [--cold-starts N]
#                                        [--date "YYYY-MM-DD HH:MM"] [--no-overload]
#                                        [--template DIR]
# --template reuses the data folder of an earlier generation (kept with
# --keep DIR, which copies this run's generated folder to DIR).
# Needs a build (BUILD_DIR, default build/; RelWithDebInfo for figures worth
# keeping), wrk, curl, python3 and sqlite3; faketime puts the server on a
# school Tuesday so that the dashboards have a day to show.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
here=$root/tests/tools/bench
build_dir=${BUILD_DIR:-$root/build}
bench_name=perf-table.sh
# shellcheck source=tests/tools/bench/bench-lib.sh
source "$here/bench-lib.sh"

duration=8
students=1200
cold_starts=5
school_time="2027-01-12 10:30"
overload=yes
template=
keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --students) students=$2; shift 2 ;;
    --cold-starts) cold_starts=$2; shift 2 ;;
    --date) school_time=$2; shift 2 ;;
    --no-overload) overload=no; shift ;;
    --template) template=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) bench_fail "unknown option $1" ;;
  esac
done
bench_require wrk curl python3 sqlite3
bench_programs
hash_bench=$build_dir/tests/tools/bench/cartable-hash-bench
[ -x "$hash_bench" ] || bench_fail "$hash_bench is missing: build first"
bench_fake_time
# The week measured, and the week before it (its lessons have all started:
# the roll calls taken again are theirs).
monday=$(date -u -d "${school_time%% *} -$(( $(date -u -d "${school_time%% *}" +%u) - 1 )) days" +%F)
previous_monday=$(date -u -d "$monday -7 days" +%F)
sunday_after=$(date -u -d "$monday +13 days" +%F)

work=$(mktemp -d)
server=
sampler=
cleanup() {
  # The sampler ends by itself once the server is gone: a failed kill is no
  # failure of the run (set -e applies inside this trap too).
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi
  bench_stop_server
  rm -rf "$work"
}
trap cleanup EXIT
wrk_log=$work/wrk.log

if [ -n "$template" ]; then
  cp -a "$template" "$work/template"
  cp "$template.generate.txt" "$work/template.generate.txt"
  bench_school_facts "$work/template"
else
  echo "Generating the school and its year once (this takes a while)..." >&2
  bench_generate_school "$work/template" "$students"
fi
if [ -n "$keep" ]; then
  rm -rf "$keep"
  cp -a "$work/template" "$keep"
  cp "$work/template.generate.txt" "$keep.generate.txt"
fi
port=$(( 20000 + RANDOM % 20000 ))
# Every client of the measure comes from 127.0.0.1; the other limits are
# the shipped defaults (32 workers, 64 queued connections).
echo "max_connections_per_address: 100000" |
  bench_write_config "$work/cartable.yaml" "$work/data" "$port"
# The configured Argon2id costs are the defaults: read from the reference.
argon2_default() {
  sed -n "s/^| \`$1\` | integer | \`\([0-9]*\)\`.*/\1/p" "$root/config/REFERENCE.md"
}

echo "Cold starts..." >&2
read -r _ cold_median cold_runs < <(python3 "$here/cold-start.py" --template "$work/template" \
  --data "$work/data" --port "$port" --runs "$cold_starts" -- \
  "${faked[@]}" "$cartable" serve --config "$work/cartable.yaml")
cold_median=${cold_median#median=}
cold_runs=${cold_runs#runs=}

rm -rf "$work/data"
cp -a "$work/template" "$work/data"
bench_start_server "$work/cartable.yaml" "$port"
sleep 2
rss_idle=$(bench_rss_mb "$server")
# The sign-in storm's ceiling, measured while the server is idle and the
# machine has nothing else to do: the same Argon2id verification alone on
# every core.
read -r verify_ms hash_threads hash_ceiling < <("$hash_bench" \
  --memory-kib "$(argon2_default argon2_memory_kib)" \
  --iterations "$(argon2_default argon2_iterations)" | sed 's/[a-z_]*=//g')
bench_sign_in_roles
parent_id=$(curl -sf "$base/api/v1/me" -H "Authorization: Bearer ${token[parent]}" |
  sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n1)
python3 "$here/write-targets.py" --base "$base" --teacher-token "${token[teacher]}" \
  --parent-id "$parent_id" --monday "$previous_monday" --database "$work/data/cartable.db" \
  --password bench-password --out "$work" || bench_fail "could not prepare the write requests"

# Largest resident memory seen while the load runs, sampled every 0.2 s
# into a file (writing 0 into it starts a new measure).
rss_peak_file=$work/rss-peak
echo 0 >"$rss_peak_file"
(
  while kill -0 "$server" 2>/dev/null; do
    now=$(bench_rss_mb "$server" || echo 0)
    [ "${now:-0}" -gt "$(cat "$rss_peak_file")" ] && echo "$now" >"$rss_peak_file"
    sleep 0.2
  done
) &
sampler=$!

# Rows written by a run: score changes, roll-call corrections, messages.
rows_of() {
  sqlite3 -readonly "$work/data/cartable.db" "SELECT count(*) FROM $1"
}
target_text() {  # value op threshold -> "met" / "not met"
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    ok = (op == ">=") ? v >= t : v <= t; print (ok ? "met" : "**not met**") }'
}

ceiling=
# Prints one row: name, path, connections, wrk figures, target text.
table_row() {
  local name=$1 path=$2 connections=$3 figures=$4 target=$5
  local rps p50 p99 non2xx requests errors statuses ok ok_rps ratio
  read -r rps p50 p99 non2xx requests errors statuses <<<"$figures"
  ok=$(( requests - non2xx ))
  ok_rps=$(awk -v r="$rps" -v ok="$ok" -v n="$requests" 'BEGIN { printf "%.0f", n ? r * ok / n : 0 }')
  ratio=$(bench_ratio "$ok_rps" "$ceiling")
  echo "| $name \`$path\` | $connections | $ok_rps | $ratio | $p50 | $p99 | ${statuses//,/ } | $errors | $target |"
}

reads=(
  "ceiling|/healthz|"
  "dashboard, student|/api/v1/me/dashboard|student"
  "week timetable|/api/v1/timetable/week?monday=$monday|student"
  "homework list, two weeks|/api/v1/homework?from=$monday&to=$sunday_after|student"
  "grades, current trimester|/api/v1/grades|student"
)
# name|script|table counted|expected status
writes=(
  "roll call taken again|roll-call|roll_call_corrections|200"
  "grade entry, one score|grade-entry|score_history|200"
  "message in a conversation|message|messages|201"
)

run_reads() {
  local connections=$1 entry name rest path who figures target
  for entry in "${reads[@]}"; do
    IFS='|' read -r name path who <<<"$entry"
    bench_settle
    local bearer=
    [ -n "$who" ] && bearer=${token[$who]}
    figures=$(BENCH_TOKEN=$bearer BENCH_DATA= bench_wrk -c"$connections" \
      -d"${duration}s" -s "$here/wrk/read.lua" "$base$path")
    if [ -z "$who" ] && [ "$connections" = 64 ]; then
      ceiling=$(awk '{ print $1 }' <<<"$figures")
    fi
    target=
    if [ "$name" = "dashboard, student" ]; then
      local ok_rps
      ok_rps=$(table_row x x x "$figures" x | awk -F'|' '{ print $4 }')
      target="≥ 0.30 of the ceiling: $(target_text "$(bench_ratio "$ok_rps" "$ceiling")" ">=" 0.30)"
      if [ "$connections" = 512 ]; then
        target+="; p99 ≤ 50 ms: $(target_text "$(awk '{ print $3 }' <<<"$figures")" "<=" 50)"
      fi
    fi
    table_row "$name" "${path%%\?*}" "$connections" "$figures" "$target"
  done
}

run_writes() {
  local connections=$1 entry name script table expected before after figures written
  for entry in "${writes[@]}"; do
    IFS='|' read -r name script table expected <<<"$entry"
    bench_settle
    before=$(rows_of "$table")
    figures=$(BENCH_DATA="$work/$script.data.lua" bench_wrk -c"$connections" -d"${duration}s" \
      -s "$here/wrk/$script.lua" "$base")
    bench_settle 0.5  # requests still in flight when wrk stops are written too
    after=$(rows_of "$table")
    written=$(( after - before ))
    local statuses
    statuses=$(awk '{ print $7 }' <<<"$figures")
    table_row "$name" "$script" "$connections" "$figures" \
      "$(bench_status_count "$statuses" "$expected") × $expected; $written rows added to $table (in-flight ones included)"
  done
}

sign_in_storm() {
  bench_settle
  local figures rps statuses ok requests per_second
  figures=$(BENCH_DATA="$work/sign-in.data.lua" bench_wrk -c16 -d"${duration}s" \
    -s "$here/wrk/sign-in.lua" "$base")
  read -r rps _ _ _ requests _ statuses <<<"$figures"
  ok=$(bench_status_count "$statuses" 201)
  ok=$(( ok + $(bench_status_count "$statuses" 200) ))
  per_second=$(awk -v r="$rps" -v ok="$ok" -v n="$requests" 'BEGIN { printf "%.0f", n ? r * ok / n : 0 }')
  echo "| sign-in storm \`POST /api/v1/session\` (16 connections, student logins in turn) | $per_second sign-ins/s (${statuses//,/ }), $(bench_ratio "$per_second" "$hash_ceiling") of the ceiling below | ≥ 50/s on 2 cores: $(target_text "$per_second" ">=" 50) |"
  echo "| ceiling: Argon2id verifications alone, $hash_threads at once, measured with the server idle before the runs (\`cartable-hash-bench\`; one alone $verify_ms ms) | $hash_ceiling /s | the storm's upper bound on this machine |"
}

mkdir -p "$root/bench-results"
result=$root/bench-results/perf-table.md
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "Performance table, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (load average before: $load_before)."
  echo "$students students, a full school year ($db_size MB database), server clock at $school_time;"
  echo "shipped limits (32 workers, 64 queued connections; beyond that 503 + Retry-After), all"
  echo "clients on 127.0.0.1; wrk -t2 -d${duration}s on the same machine. req/s counts the expected"
  echo "answers only; p50/p99 are over every answer (503s included); ratio: to the ceiling at 64"
  echo "connections."
  echo
  echo "| route | connections | req/s | ratio | p50 ms | p99 ms | statuses | socket errors | target / check |"
  echo "|---|---:|---:|---:|---:|---:|---|---:|---|"
  run_reads 64
  run_reads 512
  run_writes 64
  run_writes 512
  echo
  rss_reads_writes=$(cat "$rss_peak_file")
  echo 0 >"$rss_peak_file"
  echo "| figure | seen | target |"
  echo "|---|---|---|"
  sign_in_storm
  echo "| Argon2id costs (the defaults) | $(argon2_default argon2_memory_kib) KiB, $(argon2_default argon2_iterations) passes | |"
  echo "| resident memory idle (after start) | $rss_idle MB | ≤ 30 MB: $(target_text "$rss_idle" "<=" 30) |"
  echo "| resident memory under load, largest sample: reads and writes above; sign-in storm (16 Argon2id hashes at once) | $rss_reads_writes MB; $(cat "$rss_peak_file") MB (kernel's peak VmHWM $(bench_rss_mb "$server" VmHWM) MB) | |"
  echo "| resident memory after the runs | $(bench_rss_mb "$server") MB | |"
  echo "| cold start to /readyz 200 with the full year (median of $cold_starts: $cold_runs ms) | $cold_median ms | ≤ 500 ms: $(target_text "$cold_median" "<=" 500) |"
  echo "| federation | \`cartable-federation-bench\`, \`cartable-federation-outage\` (README, Measurements) | |"
  echo
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$result"
bench_stop_server

if [ "$overload" = yes ]; then
  echo >>"$result"
  bash "$here/overload-bench.sh" --template "$work/template" --duration "$duration" |
    tee -a "$result"
fi
echo "Written to $result" >&2
