#!/usr/bin/env bash
# The long check of the Debian package (several minutes; needs root and the
# network to a Debian mirror; not part of CI). It builds version N of the
# package from this tree and version N+1 from a copy carrying one more
# migration, makes a clean Debian 12 root with debootstrap, and there:
# installs N with apt (dependencies from Debian), checks the first-install
# state, initialises and serves a node, answers a request, creates data,
# upgrades to N+1 and checks that every row is intact, then removes (data
# kept) and purges (data and user gone).
#   sudo bash packaging/test-in-chroot.sh
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian),
# CARTABLE_DEBOOTSTRAP_CACHE (default /var/cache/cartable-debootstrap: the
# finished root is kept there as a tarball; delete it to start afresh),
# CARTABLE_TEST_PORT (default 18443).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${CARTABLE_DEBOOTSTRAP_CACHE:-/var/cache/cartable-debootstrap}
port=${CARTABLE_TEST_PORT:-18443}

if [ "$(id -u)" -ne 0 ]; then
  echo "test-in-chroot.sh: run it as root (debootstrap, chroot)" >&2
  exit 1
fi

work=$(mktemp -d /tmp/cartable-chroot.XXXXXX)
target="$work/root"
server_pid=

step() { printf '\n== %s\n' "$*"; }
pass() { echo "ok: $*"; }
die() {
  echo "FAILED: $*" >&2
  exit 1
}

cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; fi
  umount "$target/proc" 2>/dev/null || true
  # Never delete through a mount point that is still there.
  if grep -q " $target/" /proc/mounts; then
    echo "left $work in place: something is still mounted under it" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

in_root() { chroot "$target" "$@"; }
# As the cartable user, in a clean environment, without an intermediate
# process: the pid of a background server is the server's.
as_cartable() {
  chroot "$target" setpriv --reuid=cartable --regid=cartable --init-groups --reset-env "$@"
}

apt_in_root() { in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y "$@"; }

# One "table rows" line per table, in name order (schema_migrations aside:
# an upgrade adds to it).
row_counts() {
  local tables
  tables=$(as_cartable sqlite3 /var/lib/cartable/cartable.db \
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name <> 'schema_migrations' ORDER BY name")
  for table in $tables; do
    echo "$table $(as_cartable sqlite3 /var/lib/cartable/cartable.db "SELECT count(*) FROM \"$table\"")"
  done
}

start_server() {
  # Emptied here, not by the redirections below: those happen in the child,
  # maybe after the wait loop has found the previous run's "listening" line.
  : >"$work/serve.out"
  : >"$work/serve.err"
  # Not through as_cartable: $! must be the server itself (chroot and setpriv
  # exec into it), not a subshell.
  chroot "$target" setpriv --reuid=cartable --regid=cartable --init-groups --reset-env \
    cartable serve >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^listening ' "$work/serve.out" && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.3
  done
  cat "$work/serve.err" >&2
  die "cartable serve did not start"
}

stop_server() {
  kill -TERM "$server_pid"
  local code=0
  wait "$server_pid" || code=$?
  server_pid=
  [ "$code" -eq 0 ] || die "cartable serve exited with $code"
  pass "cartable serve stopped on SIGTERM with exit 0"
}

# GET https://127.0.0.1:$port$1 with curl in the root: the headers in
# $work/web.headers (names in lowercase), the body in $work/web.body; prints
# the status code.
fetch() {
  in_root curl -sk -D - -o /tmp/web.body -w '%{http_code}' "https://127.0.0.1:$port$1" |
    tr -d '\r' | sed 's/^[^:]*:/\L&/' >"$work/web.headers.raw"
  tail -n 1 "$work/web.headers.raw"
  head -n -1 "$work/web.headers.raw" >"$work/web.headers"
  mv "$target/tmp/web.body" "$work/web.body"
}

header() { sed -n "s/^$1: //p" "$work/web.headers" | head -n 1; }

# Every answer carries the content security policy that keeps scripts and
# styles to the node's own files, with no inline script or style allowed.
check_csp() {
  local csp
  csp=$(header content-security-policy)
  for directive in "default-src 'self'" "script-src 'self'" "style-src 'self'"; do
    case "$csp" in *"$directive"*) ;; *) die "$1: content-security-policy [$csp] lacks $directive" ;; esac
  done
  case "$csp" in *unsafe-inline* | *unsafe-eval*) die "$1: content-security-policy allows $csp" ;; esac
}

# The installed web client over HTTPS: index.html at /, then the hashed
# script it loads, both under the content security policy.
check_web_client() {
  local status asset
  status=$(fetch /)
  [ "$status" = 200 ] || die "GET / answered $status"
  [ "$(header content-type)" = "text/html; charset=utf-8" ] || die "GET / type: $(header content-type)"
  cmp -s "$work/web.body" "$target/usr/share/cartable/web/index.html" ||
    die "GET / is not /usr/share/cartable/web/index.html"
  check_csp "GET /"
  # The policy refuses inline scripts: the page must load every script from a file.
  ! grep -o '<script[^>]*>' "$work/web.body" | grep -qv ' src=' || die "index.html holds an inline script"
  pass "GET / -> 200, the installed index.html, no inline script; CSP: $(header content-security-policy)"
  asset=$(grep -o 'src="/assets/[^"]*\.js"' "$work/web.body" | head -n 1 | cut -d '"' -f 2)
  [ -n "$asset" ] || die "index.html loads no /assets/*.js"
  status=$(fetch "$asset")
  [ "$status" = 200 ] || die "GET $asset answered $status"
  cmp -s "$work/web.body" "$target/usr/share/cartable/web$asset" || die "GET $asset is not the installed file"
  [ "$(header content-type)" = "text/javascript; charset=utf-8" ] || die "GET $asset type: $(header content-type)"
  case "$(header cache-control)" in *immutable*) ;; *) die "GET $asset cache-control: $(header cache-control)" ;; esac
  check_csp "GET $asset"
  pass "GET $asset -> 200, $(stat -c %s "$work/web.body") bytes, cache-control: $(header cache-control), same CSP"
}

step "build version N from $repo"
build_package() {
  local log=$1
  shift
  env "$@" bash "$here/build-deb.sh" "$work/debs" >"$log" 2>&1 || { tail -n 40 "$log"; die "build-deb.sh"; }
  grep -E '^(systemd-analyze|lintian:|dpkg-deb: building package .cartable.)' "$log"
}
build_package "$work/build-n.log"
version_n=$(dpkg-parsechangelog -l "$repo/packaging/debian/changelog" -S Version)

step "build version N+1 with one more migration"
tree="$work/tree"
mkdir -p "$tree"
tar -C "$repo" --exclude=./.git --exclude='./build' --exclude='./build-*' -cf - . | tar -C "$tree" -xf -
last=$(find "$tree/appliance/schema" -name '[0-9][0-9][0-9][0-9]_*.sql' -printf '%f\n' | sort | tail -n 1)
next=$(printf '%04d' $((10#${last%%_*} + 1)))
cat >"$tree/appliance/schema/${next}_upgrade_probe.sql" <<'SQL'
-- Added by the upgrade check only: proves that an upgrade applies a new migration.
CREATE TABLE upgrade_probe (
  id    INTEGER PRIMARY KEY,
  note  TEXT NOT NULL
) STRICT;
INSERT INTO upgrade_probe (note) VALUES ('added by the upgrade');
SQL
upstream_n=${version_n%-*}
version_next="${upstream_n%.*}.$((${upstream_n##*.} + 1))-1"
{
  printf 'cartable (%s) unstable; urgency=medium\n\n' "$version_next"
  printf '  * Upgrade check: migration %s_upgrade_probe.\n\n' "$next"
  printf ' -- Cartable maintainers <maintainers@cartable.example>  %s\n\n' "$(date -R)"
  cat "$repo/packaging/debian/changelog"
} >"$tree/packaging/debian/changelog"
echo "migration ${next}_upgrade_probe.sql after $last; version $version_next"
build_package "$work/build-next.log" CARTABLE_SOURCE="$tree"

step "clean Debian 12 root (debootstrap --variant=minbase bookworm)"
mkdir -p "$cache" "$target"
tarball="$cache/bookworm-minbase.tar.gz"
if [ -s "$tarball" ]; then
  tar -C "$target" -xzf "$tarball"
  echo "from the cache: $tarball"
else
  debootstrap --variant=minbase bookworm "$target" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log"; die "debootstrap"; }
  tar -C "$target" -czf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
  echo "made and cached in $tarball"
fi
cp /etc/resolv.conf "$target/etc/resolv.conf"
mount -t proc proc "$target/proc"
mkdir -p "$target/tmp/debs"
cp "$work"/debs/cartable_*.deb "$target/tmp/debs/"
arch=$(dpkg --print-architecture)
deb_n="/tmp/debs/cartable_${version_n}_${arch}.deb"
deb_next="/tmp/debs/cartable_${version_next}_${arch}.deb"

step "install $version_n with apt"
apt_in_root update >/dev/null
apt_in_root install "$deb_n" curl sqlite3 >"$work/apt-install.log" 2>&1 ||
  { tail -n 30 "$work/apt-install.log"; die "apt-get install"; }
grep -E '^(Setting up cartable|Cartable is installed|  [0-9]\.|See /usr)' "$work/apt-install.log"
in_root getent passwd cartable >/dev/null || die "no cartable user"
pass "system user cartable: $(in_root getent passwd cartable)"
mode=$(in_root stat -c '%a %U:%G' /var/lib/cartable)
[ "$mode" = "750 cartable:cartable" ] || die "/var/lib/cartable is $mode"
pass "/var/lib/cartable is $mode"
in_root dpkg-query -W -f='${Conffiles}\n' cartable | grep -q ' /etc/cartable/cartable.yaml ' ||
  die "/etc/cartable/cartable.yaml is not a conffile"
pass "/etc/cartable/cartable.yaml is a conffile"
[ -L "$target/etc/systemd/system/multi-user.target.wants/cartable.service" ] ||
  die "cartable.service is not enabled"
[ -L "$target/etc/systemd/system/timers.target.wants/cartable-backup.timer" ] ||
  die "cartable-backup.timer is not enabled"
pass "cartable.service and cartable-backup.timer enabled (the service waits for cartable init)"
for path in /usr/share/man/man8/cartable.8.gz /usr/share/cartable/examples/school.yaml \
  /usr/lib/sysusers.d/cartable.conf /usr/lib/tmpfiles.d/cartable.conf \
  /lib/systemd/system/cartable.service /lib/systemd/system/cartable-backup.timer; do
  [ -e "$target$path" ] || die "$path is missing"
done
pass "man page, examples, sysusers, tmpfiles and units installed"
web_files=$(in_root dpkg-query -L cartable | grep -c '^/usr/share/cartable/web/assets/.') ||
  die "the package carries no /usr/share/cartable/web/assets/"
[ -f "$target/usr/share/cartable/web/index.html" ] || die "/usr/share/cartable/web/index.html is missing"
pass "web client installed: /usr/share/cartable/web/index.html and $web_files hashed assets"

step "first configuration"
code=0
in_root cartable check-config >"$work/check.out" 2>&1 || code=$?
cat "$work/check.out"
[ "$code" -eq 78 ] || die "check-config on the shipped file exited $code, expected 78"
pass "the shipped file is refused until the school is filled in (exit 78)"
sed -i -e 's/^  uai: ""/  uai: "0541234Y"/' -e 's/^  name: ""/  name: "Collège Jean Moulin"/' \
  -e 's/^  academie: ""/  academie: "Nancy-Metz"/' -e 's/^  department: ""/  department: "54"/' \
  -e 's/^  listen: 0.0.0.0/  listen: 127.0.0.1/' -e "s/^  port: 8443/  port: $port/" \
  "$target/etc/cartable/cartable.yaml"
in_root cartable check-config
code=0
in_root cartable init >"$work/root-init.out" 2>&1 || code=$?
[ "$code" -eq 1 ] && grep -q "refusing to run as root" "$work/root-init.out" ||
  { cat "$work/root-init.out"; die "init as root was not refused"; }
pass "init as root refused: $(cat "$work/root-init.out")"
as_cartable cartable init | tee "$work/init.out"
# The hub example, with the role's own identity and no school section, is
# accepted by the installed program too.
in_root cartable check-config --config /usr/share/cartable/examples/hub.yaml | tee "$work/hub-check.out"
grep -q ': OK (hub ' "$work/hub-check.out" || die "check-config did not accept the hub example"
pass "check-config accepts a hub-role configuration"
password=$(sed -n 's/.*one-time password \([^ ]*\).*/\1/p' "$work/init.out")
[ -n "$password" ] || die "no one-time password printed"

step "serve, one request, data"
start_server
cat "$work/serve.out"
health=$(in_root curl -sk "https://127.0.0.1:$port/healthz")
[ "$health" = '{"status":"ok"}' ] || die "/healthz answered: $health"
pass "GET https://127.0.0.1:$port/healthz -> $health"
status=$(in_root curl -sk -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$password\",\"client\":\"mobile\"}" \
  "https://127.0.0.1:$port/api/v1/session")
[ "$status" = 201 ] || die "sign-in answered $status"
pass "POST /api/v1/session as admin -> $status"
check_web_client
as_cartable cartable user add --given-name Marie --family-name Curie --role teacher >/dev/null
as_cartable cartable user add --given-name Louis --family-name Pasteur --role student >/dev/null
as_cartable cartable user add --given-name Ada --family-name Byron --role parent --role staff >/dev/null
as_cartable cartable backup --to-dir /var/lib/cartable/backups --keep 14
users_before=$(as_cartable cartable user list)
counts_before=$(row_counts)
echo "$counts_before" | tr '\n' ' '
echo
stop_server

step "upgrade $version_n -> $version_next"
apt_in_root install "$deb_next" >"$work/apt-upgrade.log" 2>&1 ||
  { tail -n 30 "$work/apt-upgrade.log"; die "upgrade"; }
grep -E '^(Preparing to unpack|Unpacking cartable|Setting up cartable)' "$work/apt-upgrade.log"
grep -q '^  uai: "0541234Y"' "$target/etc/cartable/cartable.yaml" || die "the edited conffile was lost"
pass "the edited /etc/cartable/cartable.yaml is kept"
in_root cartable version
start_server
grep -i 'migrat' "$work/serve.err" || true
schema=$(as_cartable sqlite3 /var/lib/cartable/cartable.db 'SELECT max(version) FROM schema_migrations')
[ "$schema" -eq $((10#$next)) ] || die "schema version $schema, expected $((10#$next))"
probe=$(as_cartable sqlite3 /var/lib/cartable/cartable.db 'SELECT note FROM upgrade_probe')
pass "migration $next applied at start (schema version $schema, upgrade_probe: $probe)"
counts_after=$(row_counts | grep -v '^upgrade_probe ')
[ "$counts_after" = "$counts_before" ] ||
  die "row counts changed: before [$counts_before] after [$counts_after]"
pass "every table has the same number of rows ($(echo "$counts_before" | wc -l) tables)"
[ "$(as_cartable cartable user list)" = "$users_before" ] || die "cartable user list changed"
pass "cartable user list is unchanged ($(echo "$users_before" | wc -l) lines)"
health=$(in_root curl -sk "https://127.0.0.1:$port/healthz")
[ "$health" = '{"status":"ok"}' ] || die "/healthz after the upgrade answered: $health"
pass "GET /healthz after the upgrade -> $health"
check_web_client
stop_server

step "remove keeps the data"
apt_in_root remove cartable >"$work/apt-remove.log" 2>&1 || { tail "$work/apt-remove.log"; die "remove"; }
[ ! -e "$target/usr/bin/cartable" ] || die "/usr/bin/cartable is still there"
[ -f "$target/var/lib/cartable/cartable.db" ] || die "remove deleted the database"
[ -f "$target/etc/cartable/cartable.yaml" ] || die "remove deleted the configuration"
in_root getent passwd cartable >/dev/null || die "remove deleted the user"
pass "removed: program gone; database, backups, configuration and user kept"

step "purge removes data and user"
apt_in_root purge cartable >"$work/apt-purge.log" 2>&1 || { tail "$work/apt-purge.log"; die "purge"; }
[ ! -e "$target/var/lib/cartable" ] || die "purge left /var/lib/cartable"
[ ! -e "$target/etc/cartable" ] || die "purge left /etc/cartable"
! in_root getent passwd cartable >/dev/null || die "purge left the cartable user"
! in_root getent group cartable >/dev/null || die "purge left the cartable group"
state=$(in_root dpkg-query -W -f='${Status}' cartable 2>/dev/null || true)
case "$state" in "" | *not-installed) ;; *) die "dpkg still lists cartable: $state" ;; esac
pass "purged: /var/lib/cartable, /etc/cartable, the user and the group are gone"

step "all checks passed ($version_n, upgrade to $version_next, remove, purge)"
