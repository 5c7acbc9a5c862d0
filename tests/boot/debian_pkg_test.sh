#!/usr/bin/env atf-sh
# The Debian package on a real system, from kernel installation to boot.
# mk/debian-pkg.sh (make check runs it as root) installed the built .deb
# in mk/debian.sh's bookworm tree, then linux-image-amd64 from the
# archive, whose postinst ran ovlinit's hook; then the hook with
# replace_initrd=yes; then purged the kernel. This test checks what each
# step left (build/debian-pkg.img.*: also ovlinit-toggle status with
# replace_initrd=yes, initrd.img after initramfs-tools' update-initramfs
# wrote it (ovlinit's post-update.d hook wrote it again), and the image
# the package's postinst rebuilt on a
# reinstall for the kernel already there), then boots the tree's own kernel
# with the image its hook built. Disk layout: one virtio-blk disk, a
# whole-disk ext4 filesystem labelled ovl-debpkg (the tree, with ovlinit
# installed and the kernel purged); each case boots a copy. Its
# ovlinit-check.service (mk/debian.sh) prints OVLTEST- lines on ttyS0
# and powers off.

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	P=$B/debian-pkg.img
	if [ ! -f "$P" ]; then
		[ -f "$P.failed" ] && atf_fail "mk/debian-pkg.sh could not build $P: $(cat "$P.failed")"
		atf_skip "$P missing: make check builds it as root (mk/debian-pkg.sh)"
	fi
	PKVER=$(cat "$P.kver")
}

atf_test_case hooks_in_the_kernel_packages
hooks_in_the_kernel_packages_head() { atf_set descr "linux-image-amd64's postinst builds initramfs-ovlinit-KVER (initrd.img-KVER with replace_initrd=yes, which toggle status finds, and which stays ovlinit's after update-initramfs); ovlinit's postinst rebuilds it for the installed kernel; the purge removes them"; }
hooks_in_the_kernel_packages_body()
{
	common
	grep -qx "kernel: $PKVER" "$P.list-image" || atf_fail "initramfs-ovlinit-$PKVER is not an ovlinit image for $PKVER: $(cat "$P.list-image")"
	grep -qx "init: x86_64 [0-9]* bytes" "$P.list-image" || atf_fail "no x86_64 init: $(cat "$P.list-image")"
	grep -qx "module: kernel/fs/overlayfs/overlay.ko" "$P.list-image" || atf_fail "no overlay module"
	grep -qx "kernel: $PKVER" "$P.list-initrd" || atf_fail "initrd.img-$PKVER is not an ovlinit image: $(cat "$P.list-initrd")"
	grep -qx "next boot image: /boot/initrd.img-$PKVER (the newest kernel's initrd.img, where GRUB's default entry looks)" "$P.toggle-status" &&
		grep -qx "next boot image is ovlinit's: yes, for kernel $PKVER (features .*)" "$P.toggle-status" ||
		atf_fail "ovlinit-toggle status: $(tr '\n' '|' < "$P.toggle-status")"
	! grep -q warning "$P.toggle-status" || atf_fail "ovlinit-toggle status warned: $(tr '\n' '|' < "$P.toggle-status")"
	grep -qx "kernel: $PKVER" "$P.list-update-initramfs" ||
		atf_fail "after update-initramfs, initrd.img-$PKVER is not ovlinit's: $(tr '\n' '|' < "$P.list-update-initramfs")"
	grep -qx "kernel: $PKVER" "$P.list-postinst" ||
		atf_fail "the package's postinst did not rebuild initramfs-ovlinit-$PKVER: $(tr '\n' '|' < "$P.list-postinst")"
	grep -e "^initramfs-ovlinit-" -e "^initrd.img-" "$P.boot-purged" &&
		atf_fail "the purge left an image in /boot"
	return 0
}

atf_test_case boots_its_own_kernel_and_image
boots_its_own_kernel_and_image_head()
{
	atf_set descr "the tree's kernel with the image its hook built boots Debian on the overlay root; the disk is untouched"
	atf_set timeout 1800
}
boots_its_own_kernel_and_image_body()
{
	common
	[ -f "$P.initrd" ] || atf_fail "the hook built no image"
	KERNEL=$P.vmlinuz INITRD=$P.initrd OVL_MEM=512 OVL_TIMEOUT=1500
	cp --sparse=always "$P" disk.img
	before=$(sha256sum < disk.img)
	ovl_boot log "root=LABEL=ovl-debpkg overlaytmpfs=yes" $(ovl_disk virtio disk.img)
	ovl_expect log "OVLTEST-INIT: /usr/lib/systemd/systemd"
	tr -d '\r' < log | grep -qxE 'OVLTEST-STATE: (running|degraded)' || {
		cat log; atf_fail "systemctl is-system-running did not say running or degraded"; }
	tr -d '\r' < log | grep -E '^OVLTEST-(STATE|FAILED)' || true
	ovl_expect log "Linux version $PKVER"
	ovl_expect_line log "overlayfs / overlay rw,relatime,lowerdir=/media/root-ro,upperdir=/media/root-rw/root,workdir=/media/root-rw/work 0 0"
	[ "$before" = "$(sha256sum < disk.img)" ] || atf_fail "the boot changed the disk image"
}

atf_init_test_cases()
{
	atf_add_test_case hooks_in_the_kernel_packages
	atf_add_test_case boots_its_own_kernel_and_image
}
