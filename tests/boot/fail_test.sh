#!/usr/bin/env atf-sh
# The failure policy (ovlinit(8), FAILURE POLICY). Disk layout: one
# virtio-blk disk, whole-disk ext4 with UUID $UUID, busybox and the test
# init (none in rescue_retry_recovers: see there). Some cases boot an
# image built with ovlinit-mkinitfs --rescue-shell.

UUID=5e3f0c1a-7d2b-4c6e-9a81-0b2c3d4e5f61
MISSING=00000000-0000-4000-8000-0000000000ff

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	ovl_ext4 disk.img root -U "$UUID"
}

# The default image with the rescue shell, built the way users build it:
# ovlinit-mkinitfs --rescue-shell, taking busybox from BASEDIR.
with_shell()
{
	mkdir -p kroot/lib/modules kroot/bin
	ln -sfn "$B/kernel/root/lib/modules/$KVER" "kroot/lib/modules/$KVER"
	cp /bin/busybox kroot/bin/busybox
	"$B/bin/ovlinit-mkinitfs" -b kroot --rescue-shell -o initrd-shell.img "$KVER" >/dev/null ||
		atf_fail "ovlinit-mkinitfs --rescue-shell failed"
	INITRD=$PWD/initrd-shell.img
}

atf_test_case no_root_option
no_root_option_head() { atf_set descr "no root= is a fatal error that names what is missing"; }
no_root_option_body()
{
	common
	ovl_boot log "overlaytmpfs" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: FATAL: finding root= on the command line failed"
	ovl_expect log "ovlinit: rebooting now (panic=-1)"
	ovl_expect log "Kernel panic - not syncing: Attempted to kill init"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case empty_root_uuid
empty_root_uuid_head() { atf_set descr "root=UUID= with no value is refused at parse time"; }
empty_root_uuid_body()
{
	common
	ovl_boot log "root=UUID=" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: command line: root=UUID=: empty value"
	ovl_expect log "ovlinit: FATAL: parsing the command line failed"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case missing_init
missing_init_head() { atf_set descr "init= naming a missing file is refused before the switch"; }
missing_init_body()
{
	common
	ovl_boot log "root=UUID=$UUID init=/nonexistent" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: FATAL: checking init= in the new root failed: No such file or directory"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case panic_reboots
panic_reboots_head() { atf_set descr "panic=5: the message says so, the pause comes, the kernel reboots"; }
panic_reboots_body()
{
	common
	ovl_boot log "root=UUID=$MISSING rootdelay=1 panic=5" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: rebooting in 15 s (panic=5)"
	ovl_expect log "Rebooting in 5 seconds"
	# -no-reboot turns the reboot into QEMU's exit: it did not hang.
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case serial_input_never_reaches_a_shell
serial_input_never_reaches_a_shell_head()
{
	atf_set descr "without rescue, text typed on the console after a failure never runs, even with a shell in the image"
}
serial_input_never_reaches_a_shell_body()
{
	common
	with_shell
	ovl_boot_interactive log ser.sock "root=UUID=$MISSING rootdelay=1 panic=1" $(ovl_disk virtio disk.img)
	ovl_wait_for log "ovlinit: FATAL: finding the root device"
	# Keep typing through the pause until the kernel reboots.
	typed=0
	while ovl_type ser.sock 'echo PWNED-$((6*7))\n'; do
		typed=$((typed + 1))
	done
	wait "$OVL_QEMU_PID"
	[ "$typed" -ge 1 ] || atf_fail "no input reached the VM before it rebooted"
	ovl_expect log "ovlinit: rebooting in 11 s (panic=1)"
	ovl_expect log "Rebooting in 1 seconds"
	# The console's line discipline echoed the text (it arrived) ...
	ovl_expect log 'echo PWNED-$((6*7))'
	# ... but nothing ever ran it.
	ovl_reject log "PWNED-42"
}

atf_test_case rescue_shell_on_request
rescue_shell_on_request_head()
{
	atf_set descr "rescue with a shell in the image opens it; leaving it retries the failed step"
}
rescue_shell_on_request_body()
{
	common
	with_shell
	ovl_boot_interactive log ser.sock "root=UUID=$MISSING rootdelay=1 rescue" $(ovl_disk virtio disk.img)
	ovl_wait_for log "ovlinit: starting a rescue shell on the console (rescue)"
	sleep 1
	ovl_type ser.sock 'echo RESCUE-$((6*7))\n'
	ovl_wait_for log "RESCUE-42" 60
	ovl_type ser.sock 'exit\n'
	# Leaving the shell runs the failed step again, not the whole boot.
	ovl_wait_for log "ovlinit: rescue shell left: finding the root device again" 60
	ovl_wait_for log "ovlinit: starting a rescue shell on the console (rescue)" 90 2
	[ "$(grep -c 'ovlinit: command line:' log)" = 0 ] || atf_fail "unexpected command-line notes"
	sleep 1
	ovl_type ser.sock '/bin/busybox poweroff -f\n'
	wait "$OVL_QEMU_PID"
}

# Disk layout: no disk at boot, an empty xhci controller; the ext4 disk
# with $UUID is plugged in through the QEMU monitor while the rescue
# shell runs.
atf_test_case rescue_retry_recovers
rescue_retry_recovers_head()
{
	atf_set descr "a root plugged in during the rescue shell boots once the shell is left"
}
rescue_retry_recovers_body()
{
	common
	with_shell
	ovl_boot_interactive log ser.sock \
		"root=UUID=$UUID rootdelay=3 rescue overlaytmpfs usb_storage.delay_use=0" \
		-device qemu-xhci,id=xhci -monitor unix:mon.sock,server=on,wait=off
	ovl_wait_for log "ovlinit: starting a rescue shell on the console (rescue)"
	printf 'drive_add 0 if=none,id=hot,file=%s,format=raw\ndevice_add usb-storage,id=hotdisk,drive=hot,bus=xhci.0\n' \
		"$PWD/disk.img" | socat -t 2 - UNIX-CONNECT:mon.sock > monitor.log ||
		atf_fail "the QEMU monitor did not answer"
	sleep 2
	ovl_type ser.sock 'exit\n'
	ovl_wait_for log "OVLTEST-END" 120
	wait "$OVL_QEMU_PID"
	ovl_expect log "ovlinit: rescue shell left: finding the root device again"
	ovl_expect log "OVLTEST-RESULT: root=overlayfs overlay rw,"
	ovl_expect log "/dev/sda on /media/root-ro type ext4 (ro,relatime)"
	ovl_reject log "ovlinit: rescue shell left: mounting"
}

atf_test_case wrong_fstype_module_missing
wrong_fstype_module_missing_head()
{
	atf_set descr "rootfstype=xfs with no xfs module in the image fails at once, naming the feature"
}
wrong_fstype_module_missing_body()
{
	common
	ovl_boot log "root=UUID=$UUID rootfstype=xfs overlaytmpfs" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: the root needs module xfs, which this initramfs for kernel $KVER lacks; build it with the feature xfs"
	ovl_expect log "ovlinit: FATAL: loading the root's filesystem driver failed"
	ovl_reject log "OVLTEST-BEGIN"
}

# rootfstype=xfs on an ext4 disk, with the xfs module in the image: the
# mount itself fails, with and without the overlay, and no overlay is
# ever mounted over the empty /media/root-ro.
wrong_fstype_case()
{
	common
	ovl_initrd_build xfs.img "$KVER" base ext4 virtio xfs overlay
	INITRD=$PWD/xfs.img
	ovl_boot log "root=UUID=$UUID rootfstype=xfs $1" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: mount /dev/vda $2 type=xfs flags=ro data=-: Invalid argument"
	ovl_expect log "ovlinit: FATAL: mounting the root failed: Invalid argument"
	ovl_reject log "mount overlayfs /sysroot"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case wrong_fstype_plain
wrong_fstype_plain_head() { atf_set descr "rootfstype=xfs on ext4, plain root: the failed mount is named"; }
wrong_fstype_plain_body() { wrong_fstype_case "" /sysroot; }

atf_test_case wrong_fstype_overlay
wrong_fstype_overlay_head() { atf_set descr "rootfstype=xfs on ext4 with the overlay: no overlay over an empty lower"; }
wrong_fstype_overlay_body() { wrong_fstype_case overlaytmpfs /media/root-ro; }

atf_test_case ubsan_trap_build_boots
ubsan_trap_build_boots_head() { atf_set descr "init built with UBSan in trap mode boots the overlay root"; }
ubsan_trap_build_boots_body()
{
	common
	mkdir extra
	cp "$B/init-ubsan" extra/init
	ovl_initrd_plus initrd-ubsan.img extra
	INITRD=$PWD/initrd-ubsan.img
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes" $(ovl_disk virtio disk.img)
	ovl_expect log "OVLTEST-RESULT: root=overlayfs overlay rw,"
}

# Alpine's cryptroot= on a LUKS disk: ovlinit does not unlock it, so the
# root can never appear; the boot stops at the command line at once,
# saying so, instead of waiting 30 s for it. Disk layout: one virtio-blk
# disk, a LUKS2 container (cryptsetup luksFormat on the image file).
atf_test_case cryptroot_fails_at_once
cryptroot_fails_at_once_head()
{
	atf_set descr "cryptroot= on a LUKS disk is a fatal error at once, saying the root is encrypted"
	atf_set require.progs cryptsetup
}
cryptroot_fails_at_once_body()
{
	common
	truncate -s 32M luks.img
	printf 'ovlinit-test' | cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 \
		--pbkdf-force-iterations 1000 --key-file - luks.img ||
		atf_fail "cryptsetup luksFormat failed"
	ovl_boot log "root=/dev/mapper/root cryptroot=/dev/vda cryptdm=root overlaytmpfs" \
		$(ovl_disk virtio luks.img)
	ovl_expect log "ovlinit: command line: cryptroot= (Alpine's): the root is encrypted (LUKS) and ovlinit does not unlock it"
	ovl_expect log "ovlinit: command line: cryptdm= (Alpine's): ignored"
	ovl_expect log "ovlinit: FATAL: parsing the command line failed"
	ovl_reject log "waiting for the root device"
	ovl_reject log "OVLTEST-BEGIN"
}

# Alpine's usbdelay=N: the root wait is at least N s. rootdelay=1 alone
# would give up after a second; the USB disk is plugged in through the
# QEMU monitor only once ovlinit has said it is still waiting after 5 s
# (of usbdelay's 60). Disk layout: no disk at boot, an empty xhci
# controller; then the ext4 disk with $UUID on usb-storage.
atf_test_case usbdelay_waits_for_a_late_usb_root
usbdelay_waits_for_a_late_usb_root_head()
{
	atf_set descr "usbdelay=60 outlasts rootdelay=1: a USB root plugged in after 5 s boots"
}
usbdelay_waits_for_a_late_usb_root_body()
{
	common
	ovl_boot_interactive log ser.sock \
		"root=UUID=$UUID rootdelay=1 usbdelay=60 overlaytmpfs usb_storage.delay_use=0" \
		-device qemu-xhci,id=xhci -monitor unix:mon.sock,server=on,wait=off
	ovl_wait_for log "ovlinit: waiting for the root device root=UUID=$UUID (5 s of 60)"
	printf 'drive_add 0 if=none,id=hot,file=%s,format=raw\ndevice_add usb-storage,id=hotdisk,drive=hot,bus=xhci.0\n' \
		"$PWD/disk.img" | socat -t 2 - UNIX-CONNECT:mon.sock > monitor.log ||
		atf_fail "the QEMU monitor did not answer"
	ovl_wait_for log "OVLTEST-END" 120
	wait "$OVL_QEMU_PID"
	ovl_expect log "OVLTEST-RESULT: root=overlayfs overlay rw,"
	ovl_expect log "/dev/sda on /media/root-ro type ext4 (ro,relatime)"
	ovl_reject log "FATAL"
}

atf_init_test_cases()
{
	atf_add_test_case no_root_option
	atf_add_test_case empty_root_uuid
	atf_add_test_case missing_init
	atf_add_test_case panic_reboots
	atf_add_test_case serial_input_never_reaches_a_shell
	atf_add_test_case rescue_shell_on_request
	atf_add_test_case rescue_retry_recovers
	atf_add_test_case wrong_fstype_module_missing
	atf_add_test_case wrong_fstype_plain
	atf_add_test_case wrong_fstype_overlay
	atf_add_test_case ubsan_trap_build_boots
	atf_add_test_case cryptroot_fails_at_once
	atf_add_test_case usbdelay_waits_for_a_late_usb_root
}
