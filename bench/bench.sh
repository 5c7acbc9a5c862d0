#!/bin/sh
# make bench: boot time, image size and memory of ovlinit against the
# hand-made ideal (bench/ideal.c), on virtio-blk, SATA and usb-storage.
# Writes bench/RESULTS.md and bench/timeline.svg.
#
# Times are guest times from the kernel's own printk timestamps:
# "userspace" is from the kernel's "Run /init as init process" to the
# real root's init writing BENCH-INIT to /dev/kmsg. Boots are sequential
# (a parallel boot would slow the other's virtual clock) and interleaved
# across variants, so host noise spreads evenly; medians are reported.
#
# Environment: RUNS (boots per variant and bus, default 5), BUSES.
set -eu
B=${BUILD:-build}
B=$(cd "$B" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
RUNS=${RUNS:-5}
BUSES=${BUSES:-virtio sata usb}
w=$B/bench
rm -rf "$w" && mkdir -p "$w"

bench_root "$w/root"
bench_disk "$w/disk.img" "$w/root"
bench_images "$w"

for bus in $BUSES; do
	for run in $(seq "$RUNS"); do
		for v in $VARIANTS; do
			t=$(bench_boot_time "$w" "$v" "$bus" "$run")
			echo "$v $bus $t" >> "$w/times"
			echo "bench: $v $bus run $run: ${t:-FAILED} s" >&2
		done
	done
done
for v in $VARIANTS; do
	echo "$v $(bench_min_mem "$w" "$v")" >> "$w/mem"
done
bench_timeline "$w" "$here/timeline.svg"
bench_report "$w" > "$here/RESULTS.md"
cat "$here/RESULTS.md"
