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
    *) echo "school-life-bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "school-life-bench.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "school-life-bench.sh: python3 is missing" >&2; exit 1; }
# The server (and the TOTP codes) run shifted to the school day measured.
faked=()
libfaketime=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n1 || true)
if [ -n "$libfaketime" ]; then
  offset=$(( $(date -u -d "$school_time" +%s) - $(date +%s) ))
  # env execs the program: $! stays the server's own process id.
  faked=(env LD_PRELOAD="$libfaketime" FAKETIME="+$offset" FAKETIME_DONT_FAKE_MONOTONIC=1)
else
  echo "school-life-bench.sh: faketime is missing; the dashboards are measured at the real time" >&2
  school_time="$(date -u '+%Y-%m-%d %H:%M') (real time)"
fi
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
"$cartable" init --config "$work/cartable.yaml" >"$work/init.txt"
admin_password=$(sed -n 's/.*one-time password \([^ ]*\).*/\1/p' "$work/init.txt")
classes=$(( (students + 26) / 27 ))
echo "Generating the school and its year (this takes a while)..." >&2
"$generate" --database "$work/data/cartable.db" --students "$students" --classes "$classes" \
  --password bench-password >"$work/generate.txt"
declare -A login
for role in student parent teacher staff; do
  login[$role]=$(awk -v r="$role" '/^Sample logins/ { s = 1 } s && $1 == r { print $2; exit }' \
    "$work/generate.txt")
done
db_size=$(du -m "$work/data/cartable.db" | cut -f1)

"${faked[@]}" "$cartable" serve --config "$work/cartable.yaml" 2>"$work/serve.log" &
server=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do
  curl -sf "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

# A bearer token for login $1 with password $2.
sign_in() {
  curl -sf "$base/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"$2\",\"client\":\"mobile\"}" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}
# The current TOTP code (RFC 6238: SHA-1, 6 digits, 30 s) of base32 secret $1.
totp_code() {
  "${faked[@]}" python3 - "$1" <<'PY'
import base64, hmac, struct, sys, time
secret = sys.argv[1].upper() + "=" * (-len(sys.argv[1]) % 8)
digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
start = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[start:start + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}
# Staff and admins must enroll TOTP; the session that enrolls counts as proven.
enroll_totp() {
  local secret
  secret=$(curl -sf -X POST "$base/api/v1/me/totp" -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' -d '{}' | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
  curl -sf -X POST "$base/api/v1/me/totp/confirm" -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' -d "{\"code\":\"$(totp_code "$secret")\"}" >/dev/null
}
declare -A token
for role in student parent teacher staff; do
  token[$role]=$(sign_in "${login[$role]}" bench-password)
  [ -n "${token[$role]}" ] || { echo "school-life-bench.sh: could not sign in as ${login[$role]}" >&2; exit 1; }
done
enroll_totp "${token[staff]}" || { echo "school-life-bench.sh: TOTP enrollment failed for ${login[staff]}" >&2; exit 1; }
token[admin]=$(sign_in admin "$admin_password")
curl -sf -X PUT "$base/api/v1/me/password" -H "Authorization: Bearer ${token[admin]}" \
  -H 'Content-Type: application/json' \
  -d "{\"current_password\":\"$admin_password\",\"new_password\":\"bench-admin-password\"}" &&
  enroll_totp "${token[admin]}" || { echo "school-life-bench.sh: could not set up the admin account" >&2; exit 1; }

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

# wrk's "Requests/sec" and its 50% / 99% latencies, in ms.
measure() {
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $2" "$base$1")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${non2xx:-0}"
}
# Waits until the server has drained the previous run's queue: a slow route
# leaves requests queued after wrk stops, and the next run would meet 503s.
settle() {
  for _ in $(seq 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] && break
    sleep 0.2
  done
  sleep 2
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
    settle
    read -r rps p50 p99 non2xx < <(measure "$path" "${token[$who]}")
    [ -z "$ceiling" ] && ceiling=$rps
    ratio=$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
    echo "| $name \`${path%%\?*}\` | $rps | $ratio | $p50 | $p99 | $non2xx |"
  done
  echo
  echo "Resident memory after the runs: $(awk '/VmRSS/ { printf "%d MB", $2 / 1024 }' /proc/$server/status)."
} | tee "$result"
echo "Written to $result" >&2
