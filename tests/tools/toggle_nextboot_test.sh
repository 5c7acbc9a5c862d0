#!/usr/bin/env atf-sh
# ovlinit-toggle status on the image that the next boot loads: on a
# Raspberry Pi (boot/, with the mount table of toggle/lib.sh) from
# config.txt, elsewhere (--boot-dir) the newest vmlinuz-KVER's
# initrd.img-KVER. The ovlinit image is built for the test kernel (KVER)
# with the base feature; the kernels are the test kernel's bzImage, or
# fake arm64 Images holding only the "Linux version" banner.

nb_setup()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	KVER=$(cat "$B/kernel/kver")
	"$B/bin/ovlinit-mkinitfs" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" -F base \
		-C gzip -o ovl.img "$KVER" > /dev/null 2>&1 || atf_fail "building the ovlinit image failed"
	# Another generator's image: a cpio without etc/ovlinit/image.
	mkdir other && echo '#!/bin/sh' > other/init &&
		(cd other && echo init | cpio -o -H newc --quiet | gzip) > other.img ||
		atf_fail "making another generator's image failed"
	cp "$FIX/raspios.before" boot/cmdline.txt
}

# banner FILE VERSION: a fake arm64 Image whose banner names VERSION.
banner()
{
	{ head -c 70000 /dev/zero; printf 'Linux version %s (builder@host) (gcc 12) #1 SMP\n' "$2"
	  head -c 5000 /dev/zero; } > "$1"
}

# said LINE: stdout has the exact line.
said() { grep -qxF -- "$1" out || atf_fail "status did not say: $1; it said: $(tr '\n' '|' < out)"; }

atf_test_case pi_auto_initramfs_ovlinit
pi_auto_initramfs_ovlinit_head() { atf_set descr "a Pi with auto_initramfs=1: kernel8.img's version, initramfs8 an ovlinit image for it; no warning"; }
pi_auto_initramfs_ovlinit_body()
{
	nb_setup
	printf '# Raspberry Pi OS\narm_64bit=1\n[pi4]\narm_boost=1\n[all]\nauto_initramfs=1\n' > boot/config.txt
	banner boot/kernel8.img "$KVER"
	cp ovl.img boot/initramfs8
	tgl status
	[ "$rc" = 0 ] || atf_fail "status exited $rc"
	d=$(pwd -P)/boot
	said "next boot kernel: $d/kernel8.img ($KVER)"
	said "next boot image: $d/initramfs8 ($d/config.txt, line 6: auto_initramfs=1 with kernel8.img)"
	said "next boot image is ovlinit's: yes, for kernel $KVER (features base)"
	! grep -q warning err || atf_fail "a warning: $(cat err)"
}

atf_test_case pi_initramfs_line_gzip_kernel_other_image
pi_initramfs_line_gzip_kernel_other_image_head() { atf_set descr "kernel= a gzip'd Image, the initramfs line names another generator's image: no, with a warning and the fix"; }
pi_initramfs_line_gzip_kernel_other_image_body()
{
	nb_setup
	printf 'kernel=vmlinuz\ninitramfs initrd.img followkernel # Debian\nauto_initramfs=1\n' > boot/config.txt
	banner k "$KVER" && gzip -c k > boot/vmlinuz
	cp other.img boot/initrd.img
	tgl status
	[ "$rc" = 0 ] || atf_fail "status exited $rc"
	d=$(pwd -P)/boot
	said "next boot kernel: $d/vmlinuz ($KVER)"
	said "next boot image: $d/initrd.img ($d/config.txt, line 2: initramfs initrd.img)"
	said "next boot image is ovlinit's: no"
	grep -q "^ovlinit-toggle: warning: $d/initrd.img is not an ovlinit image: .*; the next boot will not set up the overlay root. Build it: ovlinit-mkinitfs -o $d/initrd.img $KVER$" err ||
		atf_fail "no warning with the fix: $(cat err)"
}

atf_test_case pi_image_for_another_kernel
pi_image_for_another_kernel_head() { atf_set descr "an ovlinit image built for another kernel than the one that boots: a warning naming both"; }
pi_image_for_another_kernel_body()
{
	nb_setup
	printf 'initramfs ovl.img followkernel\n' > boot/config.txt
	banner boot/kernel8.img 6.6.31+rpt-rpi-v8
	cp ovl.img boot/ovl.img
	tgl status
	said "next boot image is ovlinit's: yes, for kernel $KVER, not 6.6.31+rpt-rpi-v8"
	grep -q "warning: .*/boot/ovl.img is ovlinit's image for kernel $KVER, but the next boot's kernel is 6.6.31+rpt-rpi-v8" err ||
		atf_fail "no warning: $(cat err)"
	# The test kernel's bzImage: its version from the x86 boot header.
	printf 'kernel=bzImage\ninitramfs ovl.img followkernel\n' > boot/config.txt
	cp "$B/kernel/vmlinuz" boot/bzImage
	tgl status
	said "next boot kernel: $(pwd -P)/boot/bzImage ($KVER)"
	said "next boot image is ovlinit's: yes, for kernel $KVER (features base)"
}

atf_test_case pi_no_initramfs
pi_no_initramfs_head() { atf_set descr "config.txt loads no initramfs: said, with a warning"; }
pi_no_initramfs_body()
{
	nb_setup
	printf 'arm_64bit=1\n[none]\ninitramfs ovl.img\n' > boot/config.txt
	banner boot/kernel8.img "$KVER"
	tgl status
	[ "$rc" = 0 ] || atf_fail "status exited $rc"
	said "next boot image: none ($(pwd -P)/boot/config.txt has no initramfs line and no auto_initramfs=1)"
	grep -q "warning: the next boot loads no initramfs, so no ovlinit and no overlay root" err ||
		atf_fail "no warning: $(cat err)"
}

atf_test_case pc_newest_kernel
pc_newest_kernel_head() { atf_set descr "elsewhere: the newest vmlinuz-KVER (version order) and its initrd.img: yes; another generator's: no, naming initramfs-ovlinit-KVER"; }
pc_newest_kernel_body()
{
	nb_setup
	mkdir b
	cp "$B/kernel/vmlinuz" "b/vmlinuz-$KVER"
	: > b/vmlinuz-6.1.0-9-amd64
	: > b/vmlinuz-5.10.0-30-amd64
	cp ovl.img "b/initrd.img-$KVER"
	cp other.img b/initrd.img-6.1.0-9-amd64
	# No cmdline.txt (no -f, none in /boot/firmware, /boot...): a PC.
	[ -e /boot/firmware/cmdline.txt ] || [ -e /boot/cmdline.txt ] || [ -e /media/mmcblk0p1/cmdline.txt ] &&
		atf_skip "this host has a cmdline.txt"
	"$TOGGLE" status --boot-dir b > out 2> err || atf_fail "status failed: $(cat err)"
	said "next boot kernel: b/vmlinuz-$KVER ($KVER)"
	said "next boot image: b/initrd.img-$KVER (the newest kernel's initrd.img, where GRUB's default entry looks)"
	said "next boot image is ovlinit's: yes, for kernel $KVER (features base)"
	! grep -q warning err || atf_fail "a warning: $(cat err)"
	# A newer kernel whose initrd.img is another generator's.
	: > b/vmlinuz-6.1.0-99-amd64
	cp other.img b/initrd.img-6.1.0-99-amd64
	cp ovl.img b/initramfs-ovlinit-6.1.0-99-amd64
	"$TOGGLE" status --boot-dir b > out 2> err || atf_fail "status failed: $(cat err)"
	said "next boot image is ovlinit's: no"
	grep -q "warning: b/initrd.img-6.1.0-99-amd64 is not an ovlinit image" err || atf_fail "no warning: $(cat err)"
	grep -q "note: b/initramfs-ovlinit-6.1.0-99-amd64 is ovlinit's image of that kernel: a boot entry must name it, or replace_initrd=yes" err ||
		atf_fail "no note: $(cat err)"
}

atf_init_test_cases()
{
	atf_add_test_case pi_auto_initramfs_ovlinit
	atf_add_test_case pi_initramfs_line_gzip_kernel_other_image
	atf_add_test_case pi_image_for_another_kernel
	atf_add_test_case pi_no_initramfs
	atf_add_test_case pc_newest_kernel
}
