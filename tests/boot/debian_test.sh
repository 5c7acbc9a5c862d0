#!/usr/bin/env atf-sh
# A real distribution: Debian bookworm (debootstrap minbase, systemd as
# init, udev) boots through ovlinit until systemd says the system is up.
# Disk layout: two virtio-blk disks. vda: a whole-disk ext4 filesystem
# labelled ovl-debian, made by mk/debian.sh (cached as build/debian.img;
# each case boots a copy), whose /etc/fstab is an installer's: the root
# by UUID with errors=remount-ro and fsck pass 1, and a vfat
# /boot/firmware by UUID. vdb: that vfat "boot partition" (serial
# 0B0F1A7E, UUID 0B0F-1A7E), made here. The booted image has no kmod:
# the vfat modules come from the initramfs (modules=). Its
# ovlinit-check.service waits for `systemctl is-system-running --wait`,
# prints OVLTEST- lines on ttyS0 and powers off. 512 MiB: systemd needs
# more than the 256 MiB default.

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	if [ ! -f "$B/debian.img" ]; then
		[ -f "$B/debian.img.failed" ] &&
			atf_fail "mk/debian.sh could not build $B/debian.img: $(cat "$B/debian.img.failed")"
		atf_skip "$B/debian.img missing: make check builds it as root (mk/debian.sh)"
	fi
	cp --sparse=always "$B/debian.img" disk.img
	mkfs.vfat -C -i 0B0F1A7E -n FIRMWARE fw.img 16384 >/dev/null || atf_fail "mkfs.vfat failed"
	echo "a file of the boot partition" > fw.txt
	mcopy -i fw.img fw.txt :: || atf_fail "mcopy failed"
	DISKS="$(ovl_disk virtio disk.img) $(ovl_disk virtio fw.img)"
	VFAT="modules=vfat,nls_cp437,nls_ascii"
	OVL_MEM=512 OVL_TIMEOUT=1500
}

# clean LOG: systemd says running (not degraded), no unit failed,
# remount-fs ran and succeeded, /boot/firmware (vfat, from fstab) mounted.
clean()
{
	# What the booted system said, in the test's output (ovlinit(8), FSTAB).
	tr -d '\r' < "$1" | grep -E '^OVLTEST-(UNIT|CONDITION|DF|VOLATILE-ROOT|LOWER-DEV|REMOUNT-[A-Z]*|MOUNT-A):' || true
	tr -d '\r' < "$1" | grep -qxF 'OVLTEST-STATE: running' || {
		cat "$1"; atf_fail "systemd is not running (degraded?): $(grep -E 'OVLTEST-(STATE|FAILED)' "$1")"; }
	ovl_reject "$1" "OVLTEST-FAILED:"
	ovl_expect_line "$1" "OVLTEST-UNIT: systemd-remount-fs.service active success"
	ovl_expect_line "$1" "OVLTEST-UNIT: boot-firmware.mount active success"
	# The fstab line for / again by hand, and mount -a: both succeed.
	ovl_expect_line "$1" "OVLTEST-REMOUNT-ROOT: 0"
	ovl_expect_line "$1" "OVLTEST-MOUNT-A: 0"
	tr -d '\r' < "$1" | grep -qE '^/dev/vd[ab] /boot/firmware vfat rw,' || {
		cat "$1"; atf_fail "/boot/firmware is not mounted from the vfat disk"; }
}

# up LOG: systemd reached running or degraded; how long it took.
up()
{
	ovl_expect log "OVLTEST-INIT: /usr/lib/systemd/systemd"
	tr -d '\r' < "$1" | grep -qxE 'OVLTEST-STATE: (running|degraded)' || {
		cat "$1"; atf_fail "systemctl is-system-running did not say running or degraded"; }
	tr -d '\r' < "$1" | grep -E '^OVLTEST-(STATE|FAILED)' || true
	# systemd opens its own fds (kmsg, sockets); none may be a file of
	# the freed initramfs.
	ovl_expect log "OVLTEST-FD: 0 /dev/"
	tr -d '\r' < "$1" | grep '^OVLTEST-FD: ' | grep -e '(deleted)' -e ' /init$' &&
		atf_fail "systemd holds an fd of the initramfs"
	return 0
}

atf_test_case overlay
overlay_head()
{
	atf_set descr "Debian with systemd boots on the overlay root; the image is untouched"
	atf_set timeout 1800
}
overlay_body()
{
	common
	before=$(sha256sum < disk.img)
	t0=$(date +%s)
	ovl_boot log "root=LABEL=ovl-debian overlaytmpfs=yes $VFAT" $DISKS
	echo "boot to poweroff: $(( $(date +%s) - t0 )) s"
	up log
	clean log
	lower=$(tr -d '\r' < log | sed -n 's|^\(/dev/vd[ab]\) /media/root-ro ext4 ro,relatime 0 0$|\1|p')
	[ -n "$lower" ] || { cat log; atf_fail "no ro ext4 lower at /media/root-ro"; }
	ovl_expect_line log "root-tmpfs /media/root-rw tmpfs rw,relatime,mode=755,inode64 0 0"
	ovl_expect_line log "overlayfs / overlay rw,relatime,lowerdir=/media/root-ro,upperdir=/media/root-rw/root,workdir=/media/root-rw/work 0 0"
	ovl_expect_line log "OVLTEST-MARKER: OVLINIT_ROOT=overlay"
	# systemd read ovlinit's drop-in for remount-fs (ovlinit(8), FSTAB).
	ovl_expect_line log "OVLTEST-REMOUNT-ENV: LIBMOUNT_FORCE_MOUNT2=always"
	# /run/systemd/volatile-root names the lower's device, as
	# systemd-volatile-root would: /dev/block/MAJ:MIN of the disk.
	ovl_expect_line log "OVLTEST-MARKER: OVLINIT_DEVICE=$lower"
	vr=$(ovl_log_value log "OVLTEST-VOLATILE-ROOT: ") || exit 1
	dev=$(ovl_log_value log "OVLTEST-LOWER-DEV: ") || exit 1
	majmin=${dev#* }
	[ "$vr" = "/dev/block/$majmin $(printf '%x:%x' ${majmin%:*} ${majmin#*:})" ] ||
		atf_fail "volatile-root is '$vr', the lower is $majmin"
	# df / shows the upper's limit (half of the 512 MiB by default).
	size_root=$(tr -d '\r' < log | awk '$1 == "OVLTEST-DF:" && $7 == "/" {print $3}')
	size_rw=$(tr -d '\r' < log | awk '$1 == "OVLTEST-DF:" && $7 == "/media/root-rw" {print $3}')
	[ -n "$size_root" ] && [ "$size_root" = "$size_rw" ] ||
		{ grep OVLTEST-DF log; atf_fail "df / ($size_root) is not the tmpfs ($size_rw)"; }
	[ "$size_root" -gt 200000 ] && [ "$size_root" -lt 260000 ] ||
		atf_fail "df / says $size_root KiB, not about half of 512 MiB"
	[ "$before" = "$(sha256sum < disk.img)" ] || atf_fail "the boot changed the disk image"
	e2fsck -fn disk.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "e2fsck -fn is not clean"; }
}

atf_test_case plain
plain_head()
{
	atf_set descr "Debian with systemd boots on the plain read-only root"
	atf_set timeout 1800
}
plain_body()
{
	common
	t0=$(date +%s)
	ovl_boot log "root=LABEL=ovl-debian $VFAT" $DISKS
	echo "boot to poweroff: $(( $(date +%s) - t0 )) s"
	up log
	clean log
	# Mounted ro by ovlinit, then rw by systemd-remount-fs from fstab,
	# as on any Debian install; no volatile-root on a plain root.
	tr -d '\r' < log | grep -qE '^/dev/vd[ab] / ext4 rw,relatime,errors=remount-ro 0 0$' || {
		cat log; atf_fail "the plain root is not the rw ext4 fstab asks for"; }
	ovl_expect_line log "OVLTEST-MARKER: OVLINIT_ROOT=plain"
	ovl_expect log "OVLTEST-VOLATILE-ROOT:  "
	ovl_expect_line log "OVLTEST-REMOUNT-ENV: "
}

atf_test_case store_image
store_image_head()
{
	atf_set descr "Debian with systemd on a persistent upper in persist.img on the vfat boot partition that fstab mounts at /boot/firmware: systemd-shutdown returns to ovlinit's /shutdown, which leaves the vfat and the image clean"
	atf_set timeout 1800
}
store_image_body()
{
	common
	# The Pi's layout (the Alpine page's persist.img): the image on the
	# boot partition, which is also fstab's /boot/firmware.
	rm -f fw.img
	mkfs.vfat -C -i 0B0F1A7E -n FIRMWARE fw.img 98304 >/dev/null || atf_fail "mkfs.vfat failed"
	truncate -s 64M persist.img
	mkfs.ext4 -q -F persist.img || atf_fail "mkfs.ext4 failed"
	mcopy -i fw.img fw.txt persist.img :: || atf_fail "mcopy failed"
	rm persist.img
	before=$(sha256sum < disk.img)
	ovl_boot log "root=LABEL=ovl-debian overlaytmpfs=yes overlaystore=UUID=0B0F-1A7E:/persist.img $VFAT" $DISKS
	up log
	clean log
	ovl_expect_line log "/dev/loop0 /media/root-rw ext4 rw,relatime 0 0"
	ovl_expect log "OVLTEST-MARKER: OVLINIT_STORE=/dev/loop0"
	# systemd's shutdown went back into the initramfs, and ovlinit's
	# /shutdown released the image's ext4, the loop and the vfat.
	tr -d '\r' < log | grep -E 'systemd-shutdown|Returning to initrd|ovlinit: .*shutdown:' || true
	ovl_expect log "ovlinit: shutdown: back in the initramfs to poweroff"
	ovl_expect log "ovlinit: shutdown: the store /dev/loop0 is released"
	tr -d '\r' < log | grep -qE 'ovlinit: shutdown: the host /dev/vd[ab] is released' ||
		atf_fail "the vfat holding the image was not released"
	ovl_reject log "is NOT cleanly unmounted"
	fsck.vfat -n fw.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "fsck.vfat -n failed"; }
	grep -qi dirty fsck.out && { cat fsck.out; atf_fail "the vfat was not cleanly unmounted"; }
	mcopy -i fw.img ::persist.img persist.img || atf_fail "mcopy out failed"
	dumpe2fs -h persist.img > dumpe2fs.out 2>&1 || atf_fail "dumpe2fs failed"
	grep -q '^Filesystem state: *clean$' dumpe2fs.out &&
		! grep -q '^Filesystem features:.*needs_recovery' dumpe2fs.out ||
		{ cat dumpe2fs.out; atf_fail "persist.img was not cleanly unmounted"; }
	e2fsck -fn persist.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "e2fsck -fn persist.img is not clean"; }
	# What systemd wrote on the overlay root is in the image.
	debugfs -R "ls -p /root/var/lib/systemd" persist.img 2>/dev/null | tee ls.out
	grep -q '/random-seed/' ls.out || atf_fail "systemd's random seed is not in persist.img"
	[ "$before" = "$(sha256sum < disk.img)" ] || atf_fail "the boot changed the root image"
}

atf_init_test_cases()
{
	atf_add_test_case overlay
	atf_add_test_case plain
	atf_add_test_case store_image
}
