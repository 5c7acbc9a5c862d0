#!/bin/busybox sh
# The test root's /sbin/init: report what the booted system sees on the
# console, run the test's own checks (/etc/ovltest, if any), power off.
# The host reads the OVLTEST- lines from the console log.
bb=/bin/busybox

# Helpers for /etc/ovltest.
# ovltest_wait_dev SPEC [SECONDS]: wait, at most SECONDS (default 30),
# for a block device: SPEC is its path, or LABEL=... or UUID=... (found
# with busybox findfs: with two disks on one driver the kernel's names
# follow the order the probes finish, so a test names its second disk by
# label). The init hands over as soon as the root is found; another disk
# may still be on its way (seen under load). Sets OVLTEST_DEV and prints
# OVLTEST-DEV, or prints OVLTEST-NODEV and returns 1.
ovltest_wait_dev()
{
	n=$(( ${2:-30} * 10 ))
	while :; do
		case $1 in
		*=*) OVLTEST_DEV=$($bb findfs "$1" 2>/dev/null) ;;
		*) OVLTEST_DEV=$1; [ -b "$1" ] || OVLTEST_DEV= ;;
		esac
		[ -n "$OVLTEST_DEV" ] && break
		n=$((n - 1))
		if [ "$n" -le 0 ]; then
			echo "OVLTEST-NODEV: $1 did not appear within ${2:-30} s"
			return 1
		fi
		$bb sleep 0.1
	done
	echo "OVLTEST-DEV: $1 is $OVLTEST_DEV"
}

# ovltest_modules: load the modules of /lib/ovltest, in the order of
# /lib/ovltest/order (tests/boot/lib.sh, ovl_vfat_root).
ovltest_modules()
{
	for m in $($bb cat /lib/ovltest/order); do
		$bb insmod "/lib/ovltest/$m" || echo "OVLTEST-INSMOD-FAILED: $m"
	done
}

# ovltest_boot_disk OPTS: the vfat boot disk (labelled BOOT; tests/boot/
# lib.sh, ovl_vfat_img), once it is there, mounted with OPTS on
# /boot/firmware.
ovltest_boot_disk()
{
	ovltest_modules
	ovltest_wait_dev LABEL=BOOT &&
		$bb mount -t vfat -o "$1" "$OVLTEST_DEV" /boot/firmware && echo "OVLTEST-MOUNTED"
}

echo "OVLTEST-BEGIN"
echo "OVLTEST-ARGV: $0 $*"
echo "OVLTEST-PID: $$"
$bb mount
$bb df -m
echo "OVLTEST-ROOT: $($bb awk '$2=="/" {print $1" "$3}' /proc/mounts)"
[ -f /etc/ovltest ] && . /etc/ovltest
echo "OVLTEST-RESULT: root=$($bb awk '$2=="/" {print $1" "$3" "$4}' /proc/mounts)"
echo "OVLTEST-END"
$bb sync
# systemd-shutdown's way back into the initramfs (systemd's initrd
# interface, ovlinit(8) SHUTDOWN), with nothing unmounted first: a boot
# with a persistent store left /run/initramfs/shutdown to release it.
if [ -x /run/initramfs/shutdown ]; then
	echo "OVLTEST-SHUTDOWN: returning to the initramfs"
	ok=1
	# (systemd also makes it private; nothing is shared here)
	$bb mount -o bind /run/initramfs /run/initramfs || ok=
	for d in dev proc sys run; do
		[ -n "$ok" ] && { $bb mount -o bind "/$d" "/run/initramfs/$d" || ok=; }
	done
	[ -n "$ok" ] && cd /run/initramfs && $bb pivot_root . oldroot && exec /shutdown poweroff
	echo "OVLTEST-SHUTDOWN-FAILED"
fi
$bb poweroff -f
