#!/usr/bin/env atf-sh
# The failure policy (ovlinit(8), FAILURE POLICY). Disk layout: one
# virtio-blk disk, whole-disk ext4 with UUID $UUID, busybox and the test
# init. Some cases add a rescue shell (/bin/sh) to the initramfs by
# appending a second cpio archive.

UUID=5e3f0c1a-7d2b-4c6e-9a81-0b2c3d4e5f61
MISSING=00000000-0000-4000-8000-0000000000ff

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	ovl_ext4 disk.img root -U "$UUID"
}

with_shell()
{
	ovl_busybox_dir extra
	ovl_initrd_plus initrd-shell.img extra
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
	atf_set descr "rescue with a shell in the image opens it; leaving it retries the boot"
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
	# Leaving the shell retries: the boot fails again and offers it again.
	ovl_wait_for log "ovlinit: starting a rescue shell on the console (rescue)" 90 2
	sleep 1
	ovl_type ser.sock '/bin/busybox poweroff -f\n'
	wait "$OVL_QEMU_PID"
}

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

atf_init_test_cases()
{
	atf_add_test_case no_root_option
	atf_add_test_case empty_root_uuid
	atf_add_test_case missing_init
	atf_add_test_case panic_reboots
	atf_add_test_case serial_input_never_reaches_a_shell
	atf_add_test_case rescue_shell_on_request
	atf_add_test_case ubsan_trap_build_boots
}
