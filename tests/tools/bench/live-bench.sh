#!/usr/bin/env bash
# Holds 2,000 live notification streams open on a generated school's node
# and prints the server's threads and memory and the delay of a notice
# written for all of them (five rounds), against the 5 s requirement.
#   bash tests/tools/bench/live-bench.sh [--clients N] [--rounds N]
# Needs a build (bash tests/tools/setup.sh); BUILD_DIR picks another one.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
clients=2000
rounds=5
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "live-bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
cartable=$build_dir/appliance/cli/cartable
generate=$build_dir/tests/tools/generator/cartable-generate
bench=$build_dir/tests/tools/bench/cartable-live-bench
for tool in "$cartable" "$generate" "$bench"; do
  [ -x "$tool" ] || { echo "live-bench.sh: $tool is missing: build first (bash tests/tools/setup.sh)" >&2; exit 1; }
done
# Each stream is a descriptor on both sides.
ulimit -n "$(( clients * 2 + 1024 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d)
server=
cleanup() {
  # Errors here would end the trap early (set -e) and become the run's status.
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
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
limits:
  # Every client of the measure comes from 127.0.0.1.
  max_connections_per_address: 100000
  max_live_streams: $(( clients + 100 ))
logging:
  access_log: false
YAML
"$cartable" init --config "$work/cartable.yaml" >/dev/null
# 1,200 students with their parents, teachers and staff: about 3,000 accounts.
"$generate" --database "$work/data/cartable.db" --students 1200 --classes 45 --until none \
  --password bench-password >/dev/null
"$cartable" serve --config "$work/cartable.yaml" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

mkdir -p "$root/bench-results"
result=$root/bench-results/live.md
{
  echo "Live notification streams on $(nproc) cores, $(date -u +%Y-%m-%d): $clients clients"
  echo "on 127.0.0.1, one notice written for all of them per round, $rounds rounds."
  echo
  "$bench" --database "$work/data/cartable.db" --port "$port" --server-pid "$server" \
    --clients "$clients" --rounds "$rounds"
} | tee "$result"
echo "Written to $result" >&2
