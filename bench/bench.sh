#!/bin/sh
# make bench: boot time, image size and memory of ovlinit against the
# hand-made ideal (bench/ideal.c), on virtio-blk, SATA and usb-storage,
# for each kernel given; the arm64 build on an emulated Raspberry Pi 3;
# the builder's wall time beside Debian's mkinitramfs.
# Writes bench/RESULTS.md and bench/timeline.svg.
#
# Times are guest times from the kernel's own printk timestamps:
# "userspace" is from the kernel's "Run /init as init process" to the
# real root's init writing BENCH-INIT to /dev/kmsg. Boots are sequential
# (a parallel boot would slow the other's virtual clock) and interleaved
# across variants, so host noise spreads evenly; medians are reported.
#
# Environment: RUNS (boots per variant and bus, default 5), BUSES,
# KERNELS (mk/kernel.sh output directories, default BUILD/kernel),
# PI_BENCH (yes/no: the raspi3b boots, default yes when BUILD/arm64 is
# built), BENCH_MEM=no (no -m search), BUILDER_RUNS (3), REPORT_ONLY=yes
# (the tables again from the last run's logs).
set -eu
B=${BUILD:-build}
B=$(cd "$B" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
RUNS=${RUNS:-5}
BUSES=${BUSES:-virtio sata usb}
KERNELS=${KERNELS:-$B/kernel}
PI=${PI_BUILD:-$B/arm64}
w0=$B/bench
# REPORT_ONLY=yes: the tables again from the last run's logs
[ "${REPORT_ONLY:-no}" = yes ] && { bench_report "$w0" > "$here/RESULTS.md"; cat "$here/RESULTS.md"; exit 0; }
rm -rf "$w0" && mkdir -p "$w0"

for k in $KERNELS; do
	bench_kernel "$k"
	w=$w0/$KVER
	mkdir -p "$w"
	echo "bench: kernel $KVER" >&2
	bench_root "$w/root"
	bench_disk "$w/disk.img" "$w/root"
	bench_images "$w"
	for bus in $BUSES; do
		for run in $(seq "$RUNS"); do
			for v in $VARIANTS; do
				t=$(bench_boot_time "$w" "$v" "$bus" "$run")
				echo "$v $bus $t" >> "$w/times"
				echo "bench: $KVER $v $bus run $run: ${t:-FAILED} s" >&2
			done
		done
	done
	# a boot without quiet: the kernel's messages on the serial console
	for run in $(seq "$RUNS"); do
		for v in ideal ovlinit-default; do
			QUIET="" bench_qemu "$w/log-loud-$v-$run" "$(bench_image "$w" "$v" virtio)" virtio 256
			echo "$v loud $(bench_userspace "$w/log-loud-$v-$run")" >> "$w/times"
		done
	done
	for v in $VARIANTS; do
		[ "${BENCH_MEM:-yes}" = no ] || echo "$v $(bench_min_mem "$w" "$v")" >> "$w/mem"
	done
	touch "$w/mem"
	bench_builder "$w"
	[ "$k" != "$(echo "$KERNELS" | cut -d' ' -f1)" ] || bench_timeline "$w" "$here/timeline.svg"
done
if [ "${PI_BENCH:-yes}" = yes ] && bench_pi_ready; then
	w=$w0/pi
	mkdir -p "$w"
	bench_pi "$w"
else
	echo "bench: no raspi3b boots (make arm64 builds $PI)" >&2
fi
bench_report "$w0" > "$here/RESULTS.md"
cat "$here/RESULTS.md"
