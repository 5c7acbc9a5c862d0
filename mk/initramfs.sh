#!/bin/sh
# First initramfs builder (replaced by ovlinit-mkinitfs): packs init, the
# module closure of the feature files and /dev/console into a gzip'd
# newc cpio, written from an mtree manifest so no root is needed.
# usage: mk/initramfs.sh INIT KROOT KVER OUT [FEATURE...]
set -eu
init=$1 kroot=$(cd "$2" && pwd) kver=$3 out=$4
shift 4
features=${*:-base ext4 virtio ata usb}
here=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/ovlinit-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mods=""
for f in $features; do
	[ -f "$here/modules/$f.modules" ] || { echo "unknown feature: $f" >&2; exit 1; }
	# '?NAME': a module some kernels lack (modprobe -D skips it then).
	mods="$mods $(sed -e 's/#.*//' -e 's/^?//' "$here/modules/$f.modules")"
done
mdir=lib/modules/$kver
mkdir -p "$stage/$mdir"
for m in $mods; do
	modprobe -D -S "$kver" -d "$kroot" "$m" 2>/dev/null | sed -n 's/^insmod //p'
done | sort -u | while read -r ko; do
	rel=${ko#"$kroot"/}
	mkdir -p "$stage/$(dirname "$rel")"
	cp "$ko" "$stage/$rel"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	cp "$kroot/$mdir/$f" "$stage/$mdir/"
done
depmod -b "$stage" "$kver"
cp "$init" "$stage/init"
# The contract with init (BRIEF.md): every feature's modules, packed or
# not, so init can name the feature that would add a missing module.
mkdir -p "$stage/etc/ovlinit"
for f in "$here"/modules/*.modules; do
	sed -e 's/#.*//' "$f" | while read -r m; do
		[ -n "$m" ] && echo "$(basename "$f" .modules) $m"
	done
done > "$stage/etc/ovlinit/features"

{
	echo "#mtree"
	echo "./dev type=dir uid=0 gid=0 mode=0755 time=0"
	echo "./dev/console type=char uid=0 gid=0 mode=0600 device=linux,5,1 time=0"
	echo "./dev/null type=char uid=0 gid=0 mode=0666 device=linux,1,3 time=0"
	echo "./sbin type=dir uid=0 gid=0 mode=0755 time=0"
	echo "./sbin/modprobe type=link uid=0 gid=0 mode=0777 link=/init time=0"
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort) | while read -r p; do
		if [ -d "$stage/$p" ]; then
			echo "$p type=dir uid=0 gid=0 mode=0755 time=0"
		else
			mode=0644; [ -x "$stage/$p" ] && mode=0755
			echo "$p type=file uid=0 gid=0 mode=$mode time=0 contents=$stage/$p"
		fi
	done
} > "$stage.mtree"
bsdtar --format newc -cf - "@$stage.mtree" | gzip -9n > "$out"
rm -f "$stage.mtree"
echo "initramfs: $out, $(wc -c < "$out") bytes, $(find "$stage/lib" -name '*.ko' | wc -l) modules" >&2
