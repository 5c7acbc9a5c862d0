#!/bin/sh
# Fetch the kernel that linux-image-amd64 currently depends on, unpack it
# with dpkg -x and run depmod on it (the package ships no modules.dep).
# usage: mk/kernel.sh OUTDIR  ->  OUTDIR/vmlinuz, OUTDIR/kver,
#                                 OUTDIR/root/lib/modules/KVER
# Downloads are kept in $BUILD/cache, so a second run is offline.
set -eu
mkdir -p "$1" "${BUILD:-build}"
out=$(cd "$1" && pwd)
BUILD=$(cd "${BUILD:-build}" && pwd)
meta=${KERNEL_META:-linux-image-amd64}
. "$(dirname "$0")/apt.sh"
cache="$BUILD/cache"
mkdir -p "$cache"
deb=$(ls "$cache"/linux-image-*-"${meta#linux-image-}"_*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	apt_local_update
	pkg=$(apt_local apt-cache depends "$meta" |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n1)
	[ -n "$pkg" ] || { echo "kernel.sh: cannot resolve $meta" >&2; exit 1; }
	(cd "$cache" && apt_local apt-get download "$pkg" >&2)
	deb=$(ls "$cache"/"$pkg"_*.deb | head -n1)
fi
rm -rf "$out/root" && mkdir -p "$out/root"
dpkg -x "$deb" "$out/root"
kver=$(ls "$out/root/lib/modules")
depmod -b "$out/root" "$kver"
cp "$out/root/boot/vmlinuz-$kver" "$out/vmlinuz"
echo "$kver" > "$out/kver"
echo "kernel: $kver from $(basename "$deb")" >&2
