#!/usr/bin/env atf-sh
# The foundation boots. Disk layout: one virtio-blk disk, a whole-disk
# ext4 filesystem (no partition table) with UUID $UUID, holding busybox
# and the test init.

UUID=5e3f0c1a-7d2b-4c6e-9a81-0b2c3d4e5f60

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	ovl_ext4 disk.img root -U "$UUID"
}

atf_test_case plain_root_by_uuid
plain_root_by_uuid_head() { atf_set descr "root=UUID= mounts the root read-only and runs its init"; }
plain_root_by_uuid_body()
{
	common
	ovl_boot log "root=UUID=$UUID" $(ovl_virtio disk.img)
	ovl_expect log "OVLTEST-RESULT: root=/dev/vda ext4 ro,"
	ovl_expect log "OVLTEST-PID: 1"
}

atf_test_case overlay_root
overlay_root_head() { atf_set descr "overlaytmpfs=yes gives Alpine's three mount lines"; }
overlay_root_body()
{
	common
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes" $(ovl_virtio disk.img)
	ovl_expect log "/dev/vda on /media/root-ro type ext4 (ro,relatime)"
	ovl_expect log "root-tmpfs on /media/root-rw type tmpfs (rw,relatime,mode=755"
	ovl_expect log "overlayfs on / type overlay (rw,relatime,lowerdir=/media/root-ro,upperdir=/media/root-rw/root,workdir=/media/root-rw/work)"
	ovl_expect log "OVLTEST-RESULT: root=overlayfs overlay rw,"
}

atf_test_case missing_root_fails
missing_root_fails_head() { atf_set descr "a root that never appears ends the boot with a fatal error"; }
missing_root_fails_body()
{
	common
	ovl_boot log "root=UUID=00000000-0000-4000-8000-000000000000 rootdelay=2" $(ovl_virtio disk.img)
	ovl_expect log "ovlinit: FATAL: finding the root device"
	ovl_expect log "Kernel panic"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case debug_records_all_reach_the_log
debug_records_all_reach_the_log_head()
{
	atf_set descr "ovlinit.debug: no record is rate-limited away, and the limit is back after the switch"
}
debug_records_all_reach_the_log_body()
{
	common
	cat > root/etc/ovltest <<'EOF2'
echo "OVLTEST-RECORDS: $($bb dmesg | $bb grep -c 'ovlinit:')"
echo "OVLTEST-SUPPRESSED: $($bb dmesg | $bb grep -c 'suppressed due to ratelimiting')"
echo "OVLTEST-DEVKMSG: $($bb cat /proc/sys/kernel/printk_devkmsg)"
EOF2
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log "root=UUID=$UUID overlaytmpfs ovlinit.debug" $(ovl_virtio disk.img)
	ovl_expect log "OVLTEST-SUPPRESSED: 0"
	ovl_expect log "OVLTEST-DEVKMSG: ratelimit"
	n=$(sed -n 's/^OVLTEST-RECORDS: \([0-9]*\).*/\1/p' log | tr -d '\r')
	# a debug boot logs every module and step: far more than kmsg's burst of 10
	[ "${n:-0}" -ge 20 ] || atf_fail "only ${n:-0} ovlinit records in the kernel log"
}

atf_init_test_cases()
{
	atf_add_test_case plain_root_by_uuid
	atf_add_test_case overlay_root
	atf_add_test_case missing_root_fails
	atf_add_test_case debug_records_all_reach_the_log
}
