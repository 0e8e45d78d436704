#!/usr/bin/env bash
# Installs what is missing, builds, and starts a demo school node filled with a
# generated collège (1,200 students, 45 classes, ~2,000 parents, 90 teachers)
# and its school year lived up to --until (default: today, so that the demo's
# "today" has its lessons, homework and grades; none: no school life).
#   bash tests/tools/demo.sh [--students N] [--port P] [--until YYYY-MM-DD|none]
# Each run starts from a fresh demo-data/ folder. Stop with Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
students=1200
port=8443
# The generated year is 2026-2027: lived up to today once it has begun.
until_flag=(--until none)
[[ ! $(date +%F) < 2026-09-01 ]] && until_flag=(--until "$(date +%F)")
while [ $# -gt 0 ]; do
  case "$1" in
    --students) students=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --until) until_flag=(--until "$2"); shift 2 ;;
    *) echo "demo.sh: unknown option $1 (expected --students N, --port P or --until DATE)" >&2
       exit 2 ;;
  esac
done

bash "$root/tests/tools/setup.sh" "$build_dir"
cartable=$build_dir/appliance/cli/cartable
generate=$build_dir/tests/tools/generator/cartable-generate

demo=$root/demo-data
rm -rf "$demo"
mkdir -p "$demo"
cat >"$demo/cartable.yaml" <<YAML
role: school
school:
  uai: "0541234Y"
  name: "Collège Jean Moulin (démo)"
  academie: "Nancy-Metz"
  department: "54"
data_dir: ./data
http:
  listen: 127.0.0.1
  port: $port
  web_root: $build_dir/web
logging:
  access_log: false
YAML

"$cartable" init --config "$demo/cartable.yaml" | tee "$demo/init.txt"
classes=$(( (students + 26) / 27 ))
# As many teachers as a collège of that size has (90 for 1,200 students), 12 at least.
teachers=$(( students * 90 / 1200 ))
[ "$teachers" -ge 12 ] || teachers=12
"$generate" --database "$demo/data/cartable.db" --students "$students" --classes "$classes" \
  --teachers "$teachers" --password cartable-demo "${until_flag[@]}" | tee "$demo/generate.txt"

cat <<TEXT

Demo school ready: https://127.0.0.1:$port/  (self-signed certificate; the web client)
Every generated account has the password: cartable-demo
The sample logins above (student, parent, teacher, staff) show who is who.
The admin's one-time password is in $demo/init.txt (change it, then enroll TOTP).
Try:  curl -sk https://127.0.0.1:$port/api/v1/session -d '{"login":"<student login>","password":"cartable-demo","client":"mobile"}'
Stop with Ctrl-C.

TEXT
exec "$cartable" serve --config "$demo/cartable.yaml"
