#!/bin/sh
# Fetch the kernel that linux-image-amd64 currently depends on, unpack it
# with dpkg -x and run depmod on it (the package ships no modules.dep).
# usage: mk/kernel.sh OUTDIR  ->  OUTDIR/vmlinuz, OUTDIR/kver,
#                                 OUTDIR/root/lib/modules/KVER
# Downloads are kept in $BUILD/cache, so a second run is offline.
# KERNEL_META picks the series: linux-image-amd64 (bookworm's 6.1), or
# linux-image-6.12-amd64 (its 6.12, modules compressed with xz).
set -eu
mkdir -p "$1" "${BUILD:-build}"
out=$(cd "$1" && pwd)
BUILD=$(cd "${BUILD:-build}" && pwd)
meta=${KERNEL_META:-linux-image-amd64}
. "$(dirname "$0")/apt.sh"
cache="$BUILD/cache"
mkdir -p "$cache"
flavour=${meta#linux-image-}
case $flavour in
[0-9]*.[0-9]*-*) series=${flavour%%-*} flavour=${flavour#*-}
	glob="linux-image-$series.*-$flavour" ;;   # 6.12.118+deb12-amd64
*)	glob="linux-image-[0-9]*.[0-9]*.[0-9]*-[0-9]*-$flavour" ;;   # 6.1.0-57-amd64
esac
deb=$(ls "$cache"/$glob"_"*.deb 2>/dev/null | head -n1 || true)
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
