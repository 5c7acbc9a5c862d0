#!/bin/sh
# Install the Debian packages the build and the tests need, if any is missing.
# Runs `apt-get update` first (a fresh machine has no package lists).
# A non-root user gets the list to install instead.
set -eu
PKGS="musl-tools gcc make clang kyua atf-sh libatf-dev qemu-system-x86
busybox-static e2fsprogs kmod fdisk gdisk dosfstools mtools libarchive-tools
btrfs-progs xfsprogs f2fs-tools squashfs-tools erofs-utils xorriso libblkid-dev
cryptsetup-bin attr
autoconf automake libtool pkg-config dpkg-dev xz-utils zstd gzip cpio
util-linux debian-archive-keyring socat gnuplot-nox lz4 debootstrap strace
debhelper lintian"

# The arm64 build (make ARCH=arm64, which make check runs for the Pi boot
# tests) needs dpkg to know the arm64 architecture for musl-dev:arm64.
PKGS="$PKGS gcc-aarch64-linux-gnu musl-dev:arm64 linux-libc-dev:arm64 qemu-system-arm"
foreign=""
dpkg --print-foreign-architectures | grep -qx arm64 || foreign=arm64
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && [ -z "$foreign" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	[ -n "$foreign" ] && echo "ovlinit: as root: dpkg --add-architecture arm64" >&2
	echo "ovlinit: missing Debian packages:$missing" >&2
	echo "ovlinit: install them as root: apt-get update && apt-get install$missing" >&2
	exit 1
fi
[ -n "$foreign" ] && dpkg --add-architecture "$foreign"
echo "ovlinit: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
