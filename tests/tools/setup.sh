#!/usr/bin/env bash
# Installs what is missing on Debian 12 (apt-get) and builds Cartable.
#   bash tests/tools/setup.sh [BUILD_DIR]        (default: build)
# Environment: CARTABLE_SANITIZE=1 builds with ASan+UBSan; BUILD_TYPE overrides
# the CMake build type (RelWithDebInfo).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${1:-$root/build}

packages=(build-essential cmake ninja-build ccache pkg-config
  libpoco-dev libsqlite3-dev libsodium-dev libboost-dev libyaml-cpp-dev libsystemd-dev
  libssl-dev libgtest-dev libgmock-dev sqlite3 curl python3-icalendar)
# Federation tests skew nodes' clocks by days with libfaketime.
packages+=(faketime)
# The web client is built with npm, and its end-to-end tests drive Chromium.
packages+=(chromium)
# Node may come from elsewhere than Debian (it then brings npm): only a
# machine without npm gets Debian's.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

# ccache hits across clones in different folders (CI clones afresh each time).
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1

sanitize=OFF
[ "${CARTABLE_SANITIZE:-0}" = "1" ] && sanitize=ON
cmake -S "$root" -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" -DCARTABLE_SANITIZE="$sanitize" >/dev/null
# Two jobs: the machines this runs on have two cores and Poco headers are heavy.
cmake --build "$build_dir" -j "${JOBS:-2}"
