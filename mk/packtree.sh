#!/bin/sh
# Pack a directory tree into an ext4 image, without root or loop devices
# (mkfs.ext4 -d). The tree must be a plain tree: a mount below it (a proc
# left by debootstrap) would be walked by du and mkfs.ext4 -d, so any such
# mount is taken down first and the packing refused if one stays.
#
# usage: [PACK_UUID=UUID] sh mk/packtree.sh TREE OUT.img LABEL
# PACK_UUID: the filesystem's UUID (else a random one).
set -eu
[ $# = 3 ] || { echo "usage: sh mk/packtree.sh TREE OUT.img LABEL" >&2; exit 2; }
tree=$1 out=$2 label=$3
. "$(dirname "$0")/mounts.sh"
unmount_under "$tree" || {
	echo "mk/packtree.sh: refusing to pack $tree: something is still mounted below it" >&2
	exit 1
}
# Size: the tree plus room for the journal and metadata (-x: this file
# system only, a second guard against walking into a mount).
kb=$(du -skx "$tree" | cut -f1)
rm -f "$out"
truncate -s "$(( (kb * 13 / 10 + 65536) / 1024 ))M" "$out"
mkfs.ext4 -q -F -L "$label" ${PACK_UUID:+-U "$PACK_UUID"} -d "$tree" "$out" || { rm -f "$out"; exit 1; }
