#!/usr/bin/env bash
# Checks the systemd units shipped in a cartable .deb: `systemd-analyze verify`
# against a root holding the package and the host's own units, then the
# exposure score of each service (`systemd-analyze security`), which must be
# 2.0 or lower.
#   bash packaging/verify-units.sh cartable_VERSION_ARCH.deb
set -euo pipefail

deb=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

dpkg-deb -x "$deb" "$root"
# The units name /bin/kill and depend on the host's targets: give the root both.
mkdir -p "$root/usr/lib/systemd" "$root/bin"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp /bin/kill "$root/bin/kill"

units=(cartable.service cartable-backup.service cartable-backup.timer)
systemd-analyze verify --man=no --root="$root" "${units[@]}"
echo "systemd-analyze verify: clean (${units[*]})"

for service in cartable.service cartable-backup.service; do
  line=$(systemd-analyze security --offline=true --root="$root" "$service" | tail -n 1)
  score=$(sed -n 's/.*exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$line")
  echo "systemd-analyze security $service: $score"
  awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }' || {
    echo "$service: exposure $score is above 2.0" >&2
    exit 1
  }
done
