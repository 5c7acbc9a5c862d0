#!/bin/sh
# make bench-verity: the cost of a verified root (roothash=, ovlinit(8),
# VERIFIED ROOT) over the plain overlay: the userspace time (as in
# bench.sh: "Run /init" to the real init's BENCH-INIT) of one ovlinit
# image for virtio with the verity feature, booting the same ext4 disk
# plainly and through dm-verity (its hash tree, made by veritysetup
# format, on a second virtio disk attached to both), RUNS boots each,
# interleaved, both disks read-only to QEMU (-snapshot). Prints the
# medians and the verity step from the kernel log of one boot with
# ovlinit.debug.
set -eu
B=${BUILD:-build}
B=$(cd "$B" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
RUNS=${RUNS:-5}
HUUID=76657269-7479-4000-8000-0000000000b1
bench_kernel "$B/kernel"
w=$B/bench-verity
rm -rf "$w" && mkdir -p "$w/img"
bench_root "$w/root"
# 4 KiB blocks: the mapping's logical block size is the tree's data block size
truncate -s 64M "$w/disk.img"
mkfs.ext4 -q -F -b 4096 -d "$w/root" -U "$UUID" "$w/disk.img"
veritysetup format "$w/disk.img" "$w/hash.img" --uuid "$HUUID" > "$w/format.out"
RH=$(sed -n 's/^Root hash:[[:space:]]*//p' "$w/format.out")
bench_ovlinit_image "$w/img/ovlinit.img" $(bench_bus_features virtio) verity

bench_variant bench-verity plain verity "verityhash=UUID=$HUUID roothash=$RH" \
	"$w/img/ovlinit.img" "$w/hash.img" \
	'root device:|verity hash device|verity:|step [0-9]+, (finding|setting up)'
