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

# store_boot LOG [APPEND]: one boot, the store disk attached.
store_boot()
{
	timeout 120 qemu-system-x86_64 -accel tcg -M q35 -m 256 -display none -monitor none \
		-serial "file:$1" -no-reboot -snapshot -kernel "$B/kernel/vmlinuz" \
		-initrd "$w/img/ovlinit.img" \
		-append "console=ttyS0 no_timer_check panic=-1 quiet root=UUID=$UUID rootfstype=ext4 overlaytmpfs=yes ${2:-}" \
		-drive "file=$w/disk.img,if=virtio,format=raw" \
		-drive "file=$w/store.img,if=virtio,format=raw" </dev/null >/dev/null 2>&1 || true
}

for run in $(seq "$RUNS"); do
	for v in tmpfs store; do
		opt=""
		[ "$v" = store ] && opt="overlaystore=LABEL=STORE"
		store_boot "$w/log-$v-$run" "$opt"
		t=$(bench_userspace "$w/log-$v-$run")
		echo "$v $t" >> "$w/times"
		echo "bench-store: $v run $run: ${t:-FAILED} s" >&2
	done
done
for v in tmpfs store; do
	printf '%s: median %s s over %s boots\n' "$v" \
		"$(grep "^$v [0-9]" "$w/times" | cut -d' ' -f2 | bench_stats | cut -d' ' -f1)" "$RUNS"
done
store_boot "$w/log-debug" "overlaystore=LABEL=STORE ovlinit.debug"
tr -d '\r' < "$w/log-debug" | grep -E 'BENCH-DMESG.*(root device:|store device|overlaystore=|step [0-9]+, (finding|mounting))'
