# Shared pieces of the benchmark scripts, sourced (not run): a generated
# school with a year of school life, a server started on a copy of it with
# its clock shifted to a school day, sign-ins (TOTP included), wrk figures.
# The caller sets `root`, `build_dir` and `bench_name` (for messages) first.

bench_fail() {
  echo "$bench_name: $*" >&2
  exit 1
}

# Checks that the commands named are installed.
bench_require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || bench_fail "$tool is missing (see tests/tools/setup.sh)"
  done
}

# Sets `cartable` and `generate` to the build's programs.
bench_programs() {
  cartable=$build_dir/appliance/cli/cartable
  generate=$build_dir/tests/tools/generator/cartable-generate
  [ -x "$cartable" ] && [ -x "$generate" ] || bench_fail "build first (bash tests/tools/setup.sh)"
}

# Sets `faked` to the command prefix that runs a program at `school_time`
# (libfaketime), or to nothing when faketime is missing; `school_time` then
# says the real time was used.
bench_fake_time() {
  faked=()
  local library
  library=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n1 || true)
  if [ -z "$library" ]; then
    echo "$bench_name: faketime is missing; the server runs at the real time" >&2
    school_time="$(date -u '+%Y-%m-%d %H:%M') (real time)"
    return
  fi
  local offset=$(( $(date -u -d "$school_time" +%s) - $(date +%s) ))
  # env execs the program: $! stays the server's own process id.
  faked=(env LD_PRELOAD="$library" FAKETIME="+$offset" FAKETIME_DONT_FAKE_MONOTONIC=1)
}

# Writes the school configuration $1 for data folder $2 and port $3; the
# lines on standard input are added under `limits:`.
bench_write_config() {
  local limits
  limits=$(sed 's/^/  /')
  {
    cat <<YAML
role: school
school:
  uai: "0541234Y"
  name: "Collège de mesure"
  academie: "Nancy-Metz"
  department: "54"
data_dir: $2
http:
  listen: 127.0.0.1
  port: $3
  plain_http: true
logging:
  access_log: false
YAML
    [ -z "$limits" ] || printf 'limits:\n%s\n' "$limits"
  } >"$1"
}

# Initialises data folder $1 and generates the school of $2 students with
# its year into it (until date $3, or "" for the whole year; further
# arguments go to cartable-generate); the
# generator's report is kept beside it ($1.generate.txt). Sets
# `admin_password`, `login[...]` and `db_size` (bench_school_facts).
# Generating is mostly waiting on the disk: it runs in memory (/dev/shm)
# when it can, then the folder is copied to $1.
bench_generate_school() {
  local target=$1 students=$2 until=${3:-}
  local scratch
  scratch=$(mktemp -d /dev/shm/cartable-bench.XXXXXX 2>/dev/null || mktemp -d)
  bench_write_config "$scratch/cartable.yaml" "$scratch/data" 1 </dev/null
  "$cartable" init --config "$scratch/cartable.yaml" >"$scratch/init.txt"
  local args=(--database "$scratch/data/cartable.db" --students "$students"
    --classes $(( (students + 26) / 27 )) --password bench-password)
  [ -n "$until" ] && args+=(--until "$until")
  args+=("${@:4}")
  if ! "$generate" "${args[@]}" >"$scratch/generate.txt"; then
    rm -rf "$scratch"
    bench_fail "cartable-generate failed"
  fi
  rm -rf "$target"
  mkdir -p "$(dirname "$target")"
  cp -a "$scratch/data" "$target"
  cat "$scratch/init.txt" "$scratch/generate.txt" >"$target.generate.txt"
  rm -rf "$scratch"
  bench_school_facts "$target"
}

# Reads what bench_generate_school kept of data folder $1: sets
# `admin_password`, `login[student|parent|teacher|staff]` (the generator's
# sample logins) and `db_size` (MB).
bench_school_facts() {
  local report=$1.generate.txt
  [ -f "$report" ] || bench_fail "$report is missing: not a folder made by this script"
  admin_password=$(sed -n 's/.*one-time password \([^ ]*\).*/\1/p' "$report")
  declare -gA login
  local role
  for role in student parent teacher staff; do
    login[$role]=$(awk -v r="$role" '/^Sample logins/ { s = 1 } s && $1 == r { print $2; exit }' \
      "$report")
  done
  db_size=$(du -m "$1/cartable.db" | cut -f1)
}

# Starts `cartable serve` with configuration $1 at `school_time`; sets
# `server` (its process id) and `base` (its URL, from port $2) and waits
# until /readyz answers.
bench_start_server() {
  "${faked[@]}" "$cartable" serve --config "$1" 2>>"${1%.yaml}.log" &
  server=$!
  base=http://127.0.0.1:$2
  local attempt
  for attempt in $(seq 300); do
    curl -sf "$base/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || bench_fail "the server exited at start: $(tail -n3 "${1%.yaml}.log")"
    sleep 0.1
  done
  bench_fail "the server did not become ready in 30 s"
}

bench_stop_server() {
  [ -n "${server:-}" ] || return 0
  kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  server=
}

# A bearer token for login $1 with password $2.
bench_sign_in() {
  curl -sf "$base/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"$2\",\"client\":\"mobile\"}" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# The current TOTP code (RFC 6238: SHA-1, 6 digits, 30 s) of base32 secret $1.
bench_totp_code() {
  "${faked[@]}" python3 - "$1" <<'PY'
import base64, hmac, struct, sys, time
secret = sys.argv[1].upper() + "=" * (-len(sys.argv[1]) % 8)
digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
start = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[start:start + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}

# Staff and admins must enroll TOTP; the session that enrolls counts as proven.
bench_enroll_totp() {
  local secret
  secret=$(curl -sf -X POST "$base/api/v1/me/totp" -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' -d '{}' | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
  curl -sf -X POST "$base/api/v1/me/totp/confirm" -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' -d "{\"code\":\"$(bench_totp_code "$secret")\"}" >/dev/null
}

# Sets `token[role]` for the sample logins of each role (bench-password),
# and `token[admin]` when $1 is "with-admin" (its one-time password changed,
# TOTP enrolled).
bench_sign_in_roles() {
  declare -gA token
  local role
  for role in student parent teacher staff; do
    token[$role]=$(bench_sign_in "${login[$role]}" bench-password)
    [ -n "${token[$role]}" ] || bench_fail "could not sign in as ${login[$role]}"
  done
  bench_enroll_totp "${token[staff]}" || bench_fail "TOTP enrollment failed for ${login[staff]}"
  [ "${1:-}" = with-admin ] || return 0
  token[admin]=$(bench_sign_in admin "$admin_password")
  curl -sf -X PUT "$base/api/v1/me/password" -H "Authorization: Bearer ${token[admin]}" \
    -H 'Content-Type: application/json' \
    -d "{\"current_password\":\"$admin_password\",\"new_password\":\"bench-admin-password\"}" &&
    bench_enroll_totp "${token[admin]}" || bench_fail "could not set up the admin account"
}

# wrk latency text ("850.00us", "1.20ms", "2.01s") in milliseconds.
bench_to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
    else printf "%s", v }'
}

# Runs wrk -t2 with the arguments given (-c, -d, -s, URL...) and prints
# "req/s p50-ms p99-ms non-2xx requests socket-errors statuses", statuses
# as printed by wrk/statuses.lua ("200=N,503=M"; "-" without that script).
# wrk's full output is appended to `wrk_log` when set.
bench_wrk() {
  local out
  out=$(BENCH_LUA="$root/tests/tools/bench/wrk" wrk -t2 --latency "$@" 2>&1) ||
    bench_fail "wrk failed: $out"
  [ -n "${wrk_log:-}" ] && printf '$ wrk %s\n%s\n\n' "$*" "$out" >>"$wrk_log"
  local rps p50 p99 non2xx requests errors statuses
  read -r rps p50 p99 non2xx requests errors statuses < <(awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    /Non-2xx/ { non2xx = $5 }
    / requests in / { requests = $1 }
    /Socket errors/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    $1 == "statuses" { $1 = ""; sub(/^ /, ""); gsub(/ /, ","); statuses = $0 }
    END { print rps, p50, p99, non2xx + 0, requests + 0, errors + 0, (statuses == "" ? "-" : statuses) }' \
    <<<"$out")
  echo "$rps $(bench_to_ms "$p50") $(bench_to_ms "$p99") $non2xx $requests $errors $statuses"
}

# The count of status $2 in statuses text $1 ("200=N,503=M").
bench_status_count() {
  tr ',' '\n' <<<"$1" | awk -F= -v s="$2" '$1 == s { n += $2 } END { print n + 0 }'
}

# Waits until the server has drained the previous run's queue: a slow route
# leaves requests queued after wrk stops, and the next run would meet 503s.
bench_settle() {
  local attempt
  for attempt in $(seq 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] && break
    sleep 0.2
  done
  sleep "${1:-2}"
}

# Resident memory of process $1 in MB (field VmRSS, or $2 such as VmHWM).
bench_rss_mb() {
  awk -v f="${2:-VmRSS}:" '$1 == f { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# $1 / $2 with two decimals.
bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

# Writes the overload targets ("PATH TOKEN" lines) to $1: the main reads of
# a student and a parent (`token[...]` set), their week being $2's.
bench_overload_targets() {
  local monday=$2
  local sunday_after
  sunday_after=$(date -u -d "$monday +13 days" +%F)
  cat >"$1" <<TARGETS
/api/v1/me/dashboard ${token[student]}
/api/v1/timetable/week?monday=$monday ${token[student]}
/api/v1/homework?from=$monday&to=$sunday_after ${token[student]}
/api/v1/grades ${token[student]}
/api/v1/me/dashboard ${token[parent]}
/api/v1/me ${token[student]}
TARGETS
}

# The value of field $2 in the "summary a=1 b=2" line of text $1.
bench_summary_field() {
  awk -v f="$2" '$1 == "summary" { for (i = 2; i <= NF; i++) { split($i, kv, "=");
    if (kv[1] == f) print kv[2] } }' <<<"$1"
}
