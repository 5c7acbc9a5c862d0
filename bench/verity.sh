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

# verity_boot LOG [APPEND]: one boot, the hash disk attached.
verity_boot()
{
	timeout 120 qemu-system-x86_64 -accel tcg -M q35 -m 256 -display none -monitor none \
		-serial "file:$1" -no-reboot -snapshot -kernel "$KDIR/vmlinuz" \
		-initrd "$w/img/ovlinit.img" \
		-append "console=ttyS0 no_timer_check panic=-1 quiet root=UUID=$UUID rootfstype=ext4 overlaytmpfs=yes ${2:-}" \
		-drive "file=$w/disk.img,if=virtio,format=raw" \
		-drive "file=$w/hash.img,if=virtio,format=raw" </dev/null >/dev/null 2>&1 || true
}

for run in $(seq "$RUNS"); do
	for v in plain verity; do
		opt=""
		[ "$v" = verity ] && opt="verityhash=UUID=$HUUID roothash=$RH"
		verity_boot "$w/log-$v-$run" "$opt"
		t=$(bench_userspace "$w/log-$v-$run")
		echo "$v $t" >> "$w/times"
		echo "bench-verity: $v run $run: ${t:-FAILED} s" >&2
	done
done
for v in plain verity; do
	printf '%s: median %s s over %s boots\n' "$v" \
		"$(grep "^$v [0-9]" "$w/times" | cut -d' ' -f2 | bench_stats | cut -d' ' -f1)" "$RUNS"
done
verity_boot "$w/log-debug" "verityhash=UUID=$HUUID roothash=$RH ovlinit.debug"
tr -d '\r' < "$w/log-debug" | grep -E 'BENCH-DMESG.*(root device:|verity hash device|verity:|step [0-9]+, (finding|setting up))'
