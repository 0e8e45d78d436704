#!/usr/bin/env bash
# Installs what is missing, builds, and starts a demo region: a hub and two
# enrolled schools, each filled by the generator with its school year lived up
# to --until (default: today; none: no school life):
#   - Collège Jean Moulin (0541234Y): --students (1,200 by default), 45 classes;
#   - Lycée Victor Hugo (0750654D): half as many students.
# One teacher works in both schools and one parent has a child in each: each
# signs in at both with one login and password (the schools share them through
# the hub, sealed: the hub cannot read them).
# The hub also gets a simulated school year of history: --simulated-schools
# schools of Grand Est (36 by default, 0 for none) and their daily reports of
# the 365 days ending yesterday, sent through the federation by
# cartable-report-sim, so that its public indicators have something to show.
#   bash tests/tools/demo.sh [--students N] [--port P] [--until YYYY-MM-DD|none]
#                            [--simulated-schools N]
# The hub answers on port P-1, the collège on P (8443), the lycée on P+1, the
# federation on 127.0.0.1:7443. Each run starts from a fresh demo-data/ folder.
# Stop with Ctrl-C (it stops all three).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
students=1200
port=8443
federation_port=7443
simulated_schools=36
# The generated year is 2026-2027: lived up to today once it has begun.
until_flag=(--until none)
[[ ! $(date +%F) < 2026-09-01 ]] && until_flag=(--until "$(date +%F)")
while [ $# -gt 0 ]; do
  case "$1" in
    --students) students=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --until) until_flag=(--until "$2"); shift 2 ;;
    --simulated-schools) simulated_schools=$2; shift 2 ;;
    *) echo "demo.sh: unknown option $1 (expected --students N, --port P, --until DATE or" \
         "--simulated-schools N)" >&2
       exit 2 ;;
  esac
done

bash "$root/tests/tools/setup.sh" "$build_dir"
cartable=$build_dir/appliance/cli/cartable
generate=$build_dir/tests/tools/generator/cartable-generate

demo=$root/demo-data
rm -rf "$demo"
mkdir -p "$demo/hub" "$demo/college" "$demo/lycee"

# write_config DIR PORT IDENTITY: a node serving the web client on 127.0.0.1:PORT
# (the address it publishes, so people of two schools are linked from one to the other).
write_config() {
  cat >"$1/cartable.yaml" <<YAML
$3
data_dir: ./data
http:
  listen: 127.0.0.1
  port: $2
  web_root: $build_dir/web
logging:
  access_log: false
mail:
  public_url: "https://127.0.0.1:$2"
federation:
  listen_address: 127.0.0.1
  listen_port: $federation_port
  hub_address: "127.0.0.1:$federation_port"
YAML
}
school_identity() {
  printf 'role: school\nschool:\n  uai: "%s"\n  name: "%s"\n  academie: "Nancy-Metz"\n  department: "%s"' \
    "$1" "$2" "$3"
}
write_config "$demo/hub" $((port - 1)) $'role: hub\nhub:\n  name: "Hub Grand Est (démo)"\n  region: "Grand Est"'
write_config "$demo/college" "$port" "$(school_identity 0541234Y "Collège Jean Moulin (démo)" 54)"
write_config "$demo/lycee" $((port + 1)) "$(school_identity 0750654D "Lycée Victor Hugo (démo)" 57)"

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

# serve NAME: starts a node in the background, logging to demo-data/NAME/serve.log.
serve() {
  "$cartable" serve --config "$demo/$1/cartable.yaml" >"$demo/$1/serve.log" 2>&1 &
  pids+=($!)
}

for node in hub college lycee; do
  "$cartable" init --config "$demo/$node/cartable.yaml" >"$demo/$node/init.txt"
done
serve hub
for _ in $(seq 100); do
  grep -q "federation listening" "$demo/hub/serve.log" 2>/dev/null && break
  sleep 0.1
done

# enroll NAME UAI: the hub's admin adds the school, the school's admin enrolls it.
enroll() {
  local code
  code=$("$cartable" hub add-school --config "$demo/hub/cartable.yaml" --uai "$2" |
    sed -n 's/.*code for [0-9A-Z]*: \([0-9A-Z-]*\).*/\1/p')
  "$cartable" enroll --config "$demo/$1/cartable.yaml" --hub "127.0.0.1:$federation_port" \
    --code "$code" | tee "$demo/$1/enroll.txt"
}
enroll college 0541234Y
enroll lycee 0750654D

# A year of reports from simulated schools of the region, through the federation
# port; it runs while the two schools are generated.
simulator_pid=
if [ "$simulated_schools" -gt 0 ]; then
  echo "Sending the hub a simulated year of reports from $simulated_schools schools (in the background)"
  (
    start=$(date +%s)
    "$build_dir/tests/tools/report_sim/cartable-report-sim" --hub "127.0.0.1:$federation_port" \
      --hub-database "$demo/hub/data/cartable.db" --state "$demo/simulated-schools" \
      --schools "$simulated_schools" --round-days 60 --quiet
    echo "($(( $(date +%s) - start )) s)"
  ) >"$demo/hub/simulated.txt" 2>&1 &
  simulator_pid=$!
fi

classes=$(( (students + 26) / 27 ))
# As many teachers as a collège of that size has (90 for 1,200 students), 12 at least.
teachers=$(( students * 90 / 1200 ))
[ "$teachers" -ge 12 ] || teachers=12
lycee_students=$(( students / 2 ))
# A lycée teaches more subjects: the generator wants 13 teachers at least.
lycee_teachers=$(( teachers / 2 > 16 ? teachers / 2 : 16 ))
"$generate" --database "$demo/college/data/cartable.db" --students "$students" \
  --classes "$classes" --teachers "$teachers" --seed 1 --kind college \
  --password cartable-demo "${until_flag[@]}" | tee "$demo/college/generate.txt"
"$generate" --database "$demo/lycee/data/cartable.db" --students "$lycee_students" \
  --classes $(( (lycee_students + 29) / 30 )) --teachers "$lycee_teachers" \
  --seed 2 --kind lycee --password cartable-demo "${until_flag[@]}" >"$demo/lycee/generate.txt"

# first_login NAME ROLE: the first account of that role at the school.
first_login() {
  "$cartable" user list --config "$demo/$1/cartable.yaml" --role "$2" | awk 'NR == 1 { print $2 }'
}
shared_teacher=$(first_login college teacher)
shared_parent=$(first_login college parent)
# At the lycée, its first teacher and first parent are the same people: the
# lycée's admin attaches them and they agree; their login, names and password
# then come from the collège.
"$cartable" user attach --config "$demo/lycee/cartable.yaml" "$(first_login lycee teacher)" \
  --to "$shared_teacher"
"$cartable" user attach --config "$demo/lycee/cartable.yaml" "$(first_login lycee parent)" \
  --to "$shared_parent"

serve college
serve lycee
# Nothing is joined before the person agrees, at the school where they already
# are: each answers on their account page; here the collège's operator answers
# for them, once the lycée's request has come through the hub.
confirm_attach() {
  for _ in $(seq 60); do
    answered=$("$cartable" user confirm-attach --config "$demo/college/cartable.yaml" "$1" \
      2>>"$demo/college/confirm-attach.log")
    [[ $answered == *": approved "* ]] && return 0
    sleep 0.5
  done
  echo "demo.sh: the lycée's request to attach $1 has not reached the collège" >&2
}
confirm_attach "$shared_teacher"
confirm_attach "$shared_parent"
if [ -n "$simulator_pid" ]; then
  wait "$simulator_pid" || echo "demo.sh: the simulated schools' reports failed: see $demo/hub/simulated.txt" >&2
  echo "Simulated schools: $(head -n1 "$demo/hub/simulated.txt") $(tail -n1 "$demo/hub/simulated.txt")"
fi
admin_password() { sed -n 's/.*one-time password \([^ ]*\).*/\1/p' "$demo/$1/init.txt" | head -1; }

cat <<TEXT

Demo region ready (self-signed certificates; the web client on each):
  Hub Grand Est         https://127.0.0.1:$((port - 1))/   admin: admin / $(admin_password hub)
  Collège Jean Moulin   https://127.0.0.1:$port/   admin: admin / $(admin_password college)
  Lycée Victor Hugo     https://127.0.0.1:$((port + 1))/   admin: admin / $(admin_password lycee)
  (admins' passwords are one-time: change them, then enroll TOTP)

Every generated account has the password: cartable-demo
  Sample logins at the collège: see $demo/college/generate.txt; at the lycée: $demo/lycee/generate.txt
  A teacher of both schools:       $shared_teacher   (signs in at both)
  A parent with a child in each:   $shared_parent   (signs in at both)
  (the lycée takes them over from the hub within a few seconds of starting)

The federation: cartable hub schools --config $demo/hub/cartable.yaml
Logs: $demo/*/serve.log.  Stop with Ctrl-C.

TEXT
wait
