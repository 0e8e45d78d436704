#!/usr/bin/env bash
# The overload invariants that are not timings, on a small generated school
# and a node with 4 workers, 8 queued connections and 1 s timeouts: offered
# far more than it can answer while 8 slow clients trickle request headers
# (a byte every 250 ms, well within the read timeout) from another address,
# the node does not crash, answers every request with 200 or 503 within its
# own timeouts (plus a margin for a loaded machine), still admits some, and
# closes the slow clients.
#   overload-check.sh CARTABLE GENERATE OVERLOAD_BENCH
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
bench_name=overload-check.sh
# shellcheck source=tests/tools/bench/bench-lib.sh
source "$root/tests/tools/bench/bench-lib.sh"
cartable=$1
generate=$2
overload=$3
faked=()

work=$(mktemp -d)
server=
cleanup() {
  bench_stop_server
  rm -rf "$work"
}
trap cleanup EXIT

bench_generate_school "$work/data" 60 none --teachers 20
port=$(( 20000 + RANDOM % 20000 ))
bench_write_config "$work/cartable.yaml" "$work/data" "$port" <<'LIMITS'
threads: 4
queue: 8
keep_alive_seconds: 1
request_timeout_seconds: 1
max_connections_per_address: 100000
LIMITS
bench_start_server "$work/cartable.yaml" "$port"
declare -A token
token[student]=$(bench_sign_in "${login[student]}" bench-password)
token[parent]=$(bench_sign_in "${login[parent]}" bench-password)
[ -n "${token[student]}" ] && [ -n "${token[parent]}" ] || bench_fail "could not sign in"
bench_overload_targets "$work/targets.txt" "$(date -u -d 'last monday' +%F)"

# keep-alive 1 s + request timeout 1 s, and a wide margin for a shared machine.
status=0
out=$("$overload" --port "$port" --targets "$work/targets.txt" --rate 400 --seconds 3 \
  --senders 64 --slow-clients 8 --slow-interval-ms 250 --answer-deadline-ms 15000) || status=$?
echo "$out"
[ "$status" = 0 ] || bench_fail "an answer other than 200 or 503, or a request left unanswered"
kill -0 "$server" 2>/dev/null || bench_fail "the node is gone"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] ||
  bench_fail "the node does not answer /healthz after the load"
[ "$(bench_summary_field "$out" admitted)" -gt 0 ] || bench_fail "no request was admitted"
[ "$(bench_summary_field "$out" slow_closed)" -gt 0 ] || bench_fail "no slow client was closed"
echo "overload-check.sh: the node answered every request with 200 or 503 and closed the slow clients"
