#!/bin/sh
# Fetch busybox-static for the build's architecture (APT_ARCH) through the
# project-local apt and unpack it with dpkg -x (never installed): the
# arm64 boot tests' root filesystem needs an arm64 shell.
# usage: mk/busybox.sh OUT   ->  OUT, a static busybox binary
set -eu
mkdir -p "$(dirname "$1")" "${BUILD:-build}"
out=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(cd "${BUILD:-build}" && pwd)
. "$(dirname "$0")/apt.sh"
cache="$BUILD/cache"
mkdir -p "$cache"
deb=$(ls "$cache"/busybox-static_*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	apt_local_update
	(cd "$cache" && apt_local apt-get download busybox-static >&2)
	deb=$(ls "$cache"/busybox-static_*.deb | head -n1)
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ovlinit-busybox.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg -x "$deb" "$tmp"
cp "$tmp/bin/busybox" "$out"
echo "busybox: $(basename "$deb")" >&2
