#!/bin/sh
# Install the Debian packages the build and the tests need, if any is missing.
# Runs `apt-get update` first (a fresh machine has no package lists).
# A non-root user gets the list to install instead.
set -eu
PKGS="musl-tools gcc make clang kyua atf-sh libatf-dev qemu-system-x86
busybox-static e2fsprogs kmod fdisk gdisk dosfstools mtools libarchive-tools
autoconf automake libtool pkg-config dpkg-dev xz-utils zstd gzip cpio
util-linux debian-archive-keyring socat gnuplot-nox lz4 debootstrap strace"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "ovlinit: missing Debian packages:$missing" >&2
	echo "ovlinit: install them as root: apt-get update && apt-get install$missing" >&2
	exit 1
fi
echo "ovlinit: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
