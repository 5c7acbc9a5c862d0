#!/usr/bin/env atf-sh
# A real distribution: Debian bookworm (debootstrap minbase, systemd as
# init, udev) boots through ovlinit until systemd says the system is up.
# Disk layout: one virtio-blk disk, a whole-disk ext4 filesystem labelled
# ovl-debian, made by mk/debian.sh (cached as build/debian.img; each case
# boots a copy). Its ovlinit-check.service waits for
# `systemctl is-system-running --wait`, prints OVLTEST- lines on ttyS0
# and powers off. 512 MiB: systemd needs more than the 256 MiB default.

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
	OVL_MEM=512 OVL_TIMEOUT=1500
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
	ovl_boot log "root=LABEL=ovl-debian overlaytmpfs=yes" $(ovl_disk virtio disk.img)
	echo "boot to poweroff: $(( $(date +%s) - t0 )) s"
	up log
	ovl_expect_line log "/dev/vda /media/root-ro ext4 ro,relatime 0 0"
	ovl_expect_line log "root-tmpfs /media/root-rw tmpfs rw,relatime,mode=755,inode64 0 0"
	ovl_expect_line log "overlayfs / overlay rw,relatime,lowerdir=/media/root-ro,upperdir=/media/root-rw/root,workdir=/media/root-rw/work 0 0"
	ovl_expect_line log "OVLTEST-MARKER: OVLINIT_ROOT=overlay"
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
	ovl_boot log "root=LABEL=ovl-debian" $(ovl_disk virtio disk.img)
	echo "boot to poweroff: $(( $(date +%s) - t0 )) s"
	up log
	ovl_expect_line log "/dev/vda / ext4 ro,relatime 0 0"
	ovl_expect_line log "OVLTEST-MARKER: OVLINIT_ROOT=plain"
}

atf_init_test_cases()
{
	atf_add_test_case overlay
	atf_add_test_case plain
}
