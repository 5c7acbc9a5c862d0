#!/bin/sh
# make bench-store: the cost of overlaystore= (ovlinit(8), PERSISTENCE):
# the userspace time (as in bench.sh: "Run /init" to the real init's
# BENCH-INIT) of the ovlinit image for virtio, with the tmpfs upper and
# with overlaystore=LABEL=STORE on a second virtio disk (an empty ext4),
# RUNS boots each, interleaved, both disks read-only to QEMU (-snapshot)
# so that every boot finds the same bytes. Prints the medians and the
# store's own steps from the kernel log of one boot with ovlinit.debug.
set -eu
B=${BUILD:-build}
B=$(cd "$B" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
RUNS=${RUNS:-5}
bench_kernel "$B/kernel"
w=$B/bench-store
rm -rf "$w" && mkdir -p "$w/img"
bench_root "$w/root"
bench_disk "$w/disk.img" "$w/root"
truncate -s 64M "$w/store.img"
mkfs.ext4 -q -F -L STORE "$w/store.img"
bench_ovlinit_image "$w/img/ovlinit.img" $(bench_bus_features virtio)

bench_variant bench-store tmpfs store "overlaystore=LABEL=STORE" "$w/img/ovlinit.img" \
	"$w/store.img" 'root device:|store device|overlaystore=|step [0-9]+, (finding|mounting)'
