#!/usr/bin/env bash
# Builds the Debian package from the source tree, checks the systemd units in
# it, and runs lintian, which must report no error and no warning.
#   bash packaging/build-deb.sh [OUT_DIR]        (default: build-deb/ at the root)
# Environment: CARTABLE_SOURCE=DIR packages another tree (the chroot test
# builds a later version from a copy); JOBS (default 2) parallel jobs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "${CARTABLE_SOURCE:-$here/..}" && pwd)
out_dir=${1:-$source_dir/build-deb}
# A fixed work path keeps compiler caches warm from one build to the next.
work=${CARTABLE_DEB_WORKDIR:-${TMPDIR:-/tmp}/cartable-deb}

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

install_missing() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
}

install_missing build-essential debhelper devscripts dpkg-dev fakeroot lintian systemd

version=$(dpkg-parsechangelog -l "$source_dir/packaging/debian/changelog" -S Version)
# The same directory name for every version: a later version's build then
# finds most objects in the compiler cache.
tree="$work/cartable"
rm -rf "$work"
mkdir -p "$tree" "$out_dir"

# The tree as it is (uncommitted changes included), without build output or
# installed npm packages (the build installs them afresh with npm ci).
tar -C "$source_dir" --exclude=./.git --exclude='./build' --exclude='./build-*' \
  --exclude=node_modules -cf - . |
  tar -C "$tree" -xf -
cp -a "$source_dir/packaging/debian" "$tree/debian"

cd "$tree"
if ! dpkg-checkbuilddeps 2>/dev/null; then
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get build-dep -y -qq "$tree"
fi

# ccache, when the build finds it, keeps its cache where the user's is
# (debhelper points HOME elsewhere during the build); so does npm ci, which
# then downloads only what the user's npm cache does not hold yet.
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache} CCACHE_BASEDIR="$tree" CCACHE_NOHASHDIR=1
export npm_config_cache=${npm_config_cache:-$HOME/.npm}
export DEB_BUILD_OPTIONS="parallel=${JOBS:-2} ${DEB_BUILD_OPTIONS:-}"
dpkg-buildpackage -us -uc -b

cd "$work"
changes=$(ls cartable_"${version}"_*.changes)
cp -- *.deb "$changes" cartable_"${version}"_*.buildinfo "$out_dir/"

echo "== systemd units of the package"
deb=$(ls cartable_"${version}"_*.deb)
bash "$here/verify-units.sh" "$work/$deb"

echo "== lintian $changes"
lintian --fail-on error,warning --info "$out_dir/$changes"
echo "lintian: no error, no warning"
echo "Packages in $out_dir:"
ls -1 "$out_dir"/cartable*_"${version}"_*.deb
