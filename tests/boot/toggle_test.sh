#!/usr/bin/env atf-sh
# ovlinit-toggle on a real vfat boot partition, inside a QEMU boot of the
# Debian kernel (the refusals need real mounts). Disk layout: two virtio
# disks, a whole-disk ext4 root (UUID $UUID: busybox, the test init,
# build/bin/ovlinit-toggle, the fat/vfat/nls modules, an empty
# /boot/firmware and a copy of the cmdline.txt in /etc), and a whole-disk
# vfat "boot partition" labelled BOOT, made by mkfs.vfat, holding
# cmdline.txt (copied in with mtools) and config.txt (one case adds a
# directory where the temporary file would go). Which is vda and which
# vdb is the order their probes finish: the guest finds the boot disk by
# its label, and the host reads both names from the console.
# The test root's /etc/ovltest waits for the boot disk, mounts it
# read-only on /boot/firmware and runs the tool; the host checks the
# console and then the image itself: fsck.vfat -n passes and the first
# line is what was asked for.

UUID=6a1f3e2d-8c4b-4f7a-9e10-2b3c4d5e6f70
BOOTLINE="console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait"

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_vfat_root root
	printf '%s\n' "$BOOTLINE" > root/etc/cmdline.txt
	ovl_vfat_img boot.img "$1" 16384
}

# The part of /etc/ovltest every case shares: load vfat, wait for the
# boot disk (the init hands over once the root is there), mount it ro.
ovltest_head()
{
	cat <<'EOS'
ovltest_boot_disk ro
t() { /bin/ovlinit-toggle "$@"; echo "OVLTEST-RC $*: $?"; }
EOS
}

# boot_first_line IMG: the first line of cmdline.txt in the vfat image.
boot_first_line()
{
	mtype -i "$1" ::cmdline.txt | head -n 1
}

boot_checks()
{
	fsck.vfat -n boot.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "fsck.vfat -n failed"; }
	files=$(mdir -i boot.img -b :: | sort | tr '\n' ' ')
	[ "$files" = "::/cmdline.txt ::/config.txt " ] || atf_fail "files on the boot partition: $files"
}

atf_test_case edit_on_readonly_vfat
edit_on_readonly_vfat_head() { atf_set descr "on --flags through a read-only vfat mount: remounted rw for the edit, ro after"; }
edit_on_readonly_vfat_body()
{
	common "$BOOTLINE"
	{ ovltest_head; cat <<'EOS'
t status
t on --flags size=32m
echo "OVLTEST-MOUNT-AFTER: $($bb grep ' /boot/firmware ' /proc/mounts)"
t on --flags size=32m
t -f /etc/cmdline.txt on
$bb cp /etc/cmdline.txt /run/cmdline.txt
t -f /run/cmdline.txt on
t status
$bb umount /boot/firmware && echo "OVLTEST-UMOUNTED"
EOS
	} > root/etc/ovltest
	ovl_vfat_boot log
	ovl_expect log "ovlinit-toggle: using /boot/firmware/cmdline.txt"
	ovl_expect log "OVLTEST-RC status: 0"
	ovl_expect log "next boot overlay: no"
	ovl_expect log "running overlay root: no (/ is ext4 on $rootdev)"
	ovl_expect log "remounted /boot/firmware read-write for the edit, then read-only again"
	ovl_expect log "OVLTEST-RC on --flags size=32m: 0"
	ovl_expect log "OVLTEST-MOUNT-AFTER: $bootdev /boot/firmware vfat ro,"
	ovl_expect log "unchanged: the next boot already has overlay yes, flags size=32m"
	ovl_expect log "/etc/cmdline.txt is on the root filesystem (ext4 on $rootdev)"
	ovl_expect log "OVLTEST-RC -f /etc/cmdline.txt on: 1"
	ovl_expect log "/run/cmdline.txt is on /run (tmpfs on tmpfs), which lives in RAM"
	ovl_expect log "OVLTEST-RC -f /run/cmdline.txt on: 1"
	ovl_expect log "next boot flags: flags=- data=mode=0755,size=32m"
	ovl_expect log "OVLTEST-UMOUNTED"
	boot_checks
	line=$(boot_first_line boot.img)
	[ "$line" = "$BOOTLINE overlaytmpfs=yes overlaytmpfsflags=size=32m" ] ||
		atf_fail "first line of cmdline.txt on the image: $line"
}

atf_test_case overlay_root_refuses_and_turns_off
overlay_root_refuses_and_turns_off_head() { atf_set descr "on an overlay root: status says so, a file on / is refused, the boot partition is edited"; }
overlay_root_refuses_and_turns_off_body()
{
	common "$BOOTLINE overlaytmpfs=yes"
	{ ovltest_head; cat <<'EOS'
t -f /etc/cmdline.txt off
t status
t toggle
$bb umount /boot/firmware && echo "OVLTEST-UMOUNTED"
EOS
	} > root/etc/ovltest
	ovl_vfat_boot log overlaytmpfs=yes
	ovl_expect log "the edit would vanish at the next boot"
	ovl_expect log "OVLTEST-RC -f /etc/cmdline.txt off: 1"
	ovl_expect log "running overlay root: yes (/ is overlay on overlayfs)"
	ovl_expect log "next boot overlay: yes"
	ovl_expect log "OVLTEST-RC toggle: 0"
	ovl_expect log "written: the next boot has overlay no"
	ovl_expect log "OVLTEST-UMOUNTED"
	boot_checks
	line=$(boot_first_line boot.img)
	[ "$line" = "$BOOTLINE" ] || atf_fail "first line of cmdline.txt on the image: $line"
}

atf_test_case failed_write_still_remounts_readonly
failed_write_still_remounts_readonly_head() { atf_set descr "a write that fails leaves the file as it was and the partition read-only again"; }
failed_write_still_remounts_readonly_body()
{
	common "$BOOTLINE"
	# A directory where the temporary file goes: the tool cannot remove it.
	mmd -i boot.img ::/.cmdline.txt.ovlinit-new || atf_fail "mmd failed"
	{ ovltest_head; cat <<'EOS'
t on
echo "OVLTEST-MOUNT-AFTER: $($bb grep ' /boot/firmware ' /proc/mounts)"
$bb umount /boot/firmware && echo "OVLTEST-UMOUNTED"
EOS
	} > root/etc/ovltest
	ovl_vfat_boot log
	ovl_expect log "removing a temporary file left by an earlier run failed: Is a directory; the file is unchanged"
	ovl_expect log "OVLTEST-RC on: 1"
	ovl_expect log "OVLTEST-MOUNT-AFTER: $bootdev /boot/firmware vfat ro,"
	ovl_expect log "OVLTEST-UMOUNTED"
	fsck.vfat -n boot.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "fsck.vfat -n failed"; }
	line=$(boot_first_line boot.img)
	[ "$line" = "$BOOTLINE" ] || atf_fail "first line of cmdline.txt on the image: $line"
}

atf_init_test_cases()
{
	atf_add_test_case edit_on_readonly_vfat
	atf_add_test_case overlay_root_refuses_and_turns_off
	atf_add_test_case failed_write_still_remounts_readonly
}
