#!/usr/bin/env bash
# The outage benchmark through a link the kernel shapes: cartable-federation-outage
# runs in its own network namespace whose loopback is held to RATE kbit/s by a
# token bucket (tbf), rather than by the project's proxy. Both directions share
# that one queue, as on a small school's uplink: a little pessimistic.
#   bash tests/tools/federation_soak/outage-tbf.sh [RATE_KBIT (1000)] [--students N]
# Needs root (unshare -n, tc from iproute2). BUILD_DIR: a build (default build/).
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
rate=${1:-1000}
shift || true
bench=$build_dir/tests/tools/federation_soak/cartable-federation-outage
[ -x "$bench" ] || { echo "outage-tbf.sh: build first ($bench is missing)" >&2; exit 1; }
command -v tc >/dev/null || { echo "outage-tbf.sh: tc is missing (apt-get install iproute2)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "outage-tbf.sh: needs root (unshare -n, tc)" >&2; exit 1; }

# An MTU of 1,500 keeps every packet within the bucket (loopback's 64 KiB
# segments would exceed it and be dropped); 16 KiB of burst is ~0.1 s at 1 Mbit/s.
exec unshare -n bash -c '
  ip link set lo mtu 1500 up
  tc qdisc add dev lo root tbf rate "$1"kbit burst 16kb latency 400ms
  bench=$2; rate=$1; shift 2
  exec "$bench" --kernel-shaped "$rate" "$@"' outage-tbf "$rate" "$bench" "$@"
