#!/usr/bin/env atf-sh
# init as "modprobe" (tools/cmd/modprobe.c over lib/sys/modload.c), in dry-run
# mode (-n) on a fixture module tree made at test time: a dozen real .ko
# files of the test kernel copied from build/kernel/root, depmod -b run
# over them, and a modprobe.d. Each run gets its own mount namespace
# with a fake /proc/cmdline, because libkmod reads module.param=value
# and modprobe.blacklist= from there itself, and init reads blacklist=.

KOS="fs/ext4/ext4.ko fs/jbd2/jbd2.ko fs/mbcache.ko lib/crc16.ko
crypto/crc32c_generic.ko drivers/usb/storage/usb-storage.ko
drivers/scsi/scsi_mod.ko drivers/scsi/scsi_common.ko
drivers/usb/core/usbcore.ko drivers/usb/common/usb-common.ko
drivers/scsi/sd_mod.ko fs/overlayfs/overlay.ko"

# A modalias that QEMU's usb-storage device reports (bulk-only SCSI).
USB_ALIAS=usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00

# fixture [MODPROBE.D-LINES]: ./root/lib/modules/$KVER and its modprobe.d.
fixture()
{
	B=$(atf_config_get build)
	KVER=$(cat "$B/kernel/kver")
	kroot=$B/kernel/root/lib/modules/$KVER
	M=root/lib/modules/$KVER
	for ko in $KOS; do
		mkdir -p "$M/kernel/$(dirname "$ko")"
		cp "$kroot/kernel/$ko" "$M/kernel/$ko"
	done
	cp "$kroot/modules.builtin" "$kroot/modules.builtin.modinfo" "$kroot/modules.order" "$M/"
	depmod -b root "$KVER" || atf_fail "depmod failed"
	mkdir -p root/etc/modprobe.d
	printf '%s\n' "$@" > root/etc/modprobe.d/test.conf
	unshare -m true 2>/dev/null || atf_skip "needs unshare -m (root) to fake /proc/cmdline"
}

# probe CMDLINE ARGS...: init modprobe -n -d root ARGS with /proc/cmdline
# reading CMDLINE; stdout to out (fixture paths cut to the part under
# lib/modules/KVER/), stderr to err; returns init's exit status.
probe()
{
	echo "$1" > cmdline
	shift
	unshare -m sh -c 'mount --bind cmdline /proc/cmdline && exec "$@"' sh \
		"$B/init" modprobe -n -d root -S "$KVER" "$@" > raw 2> err
	st=$?
	sed "s|$(pwd)/$M/||" raw > out
	return $st
}

expect_out()
{
	printf '%s\n' "$@" > expected
	diff -u expected out || atf_fail "unexpected closure"
}

atf_test_case dependencies_and_soft_dependencies_in_load_order
dependencies_and_soft_dependencies_in_load_order_head()
{
	atf_set descr "ext4 needs jbd2, mbcache, crc16, and crc32c first through modules.softdep"
}
dependencies_and_soft_dependencies_in_load_order_body()
{
	fixture
	probe "root=/dev/sda" ext4 || atf_fail "exit $st: $(cat err)"
	expect_out "insmod kernel/crypto/crc32c_generic.ko" "insmod kernel/fs/jbd2/jbd2.ko" \
		"insmod kernel/fs/mbcache.ko" "insmod kernel/lib/crc16.ko" "insmod kernel/fs/ext4/ext4.ko"
	# The same order as kmod's own modprobe.
	modprobe -D -d root -S "$KVER" ext4 | sed "s|$(pwd)/$M/||; s/ *$//" > kmod
	diff -u kmod out || atf_fail "differs from modprobe -D"
}

atf_test_case softdep_from_modprobe_d
softdep_from_modprobe_d_head() { atf_set descr "a modprobe.d softdep post: loads after the module"; }
softdep_from_modprobe_d_body()
{
	fixture "softdep usb-storage post: sd-mod"
	probe "root=/dev/sda" usb-storage || atf_fail "exit $st: $(cat err)"
	expect_out "insmod kernel/drivers/scsi/scsi_common.ko" "insmod kernel/drivers/scsi/scsi_mod.ko" \
		"insmod kernel/drivers/usb/common/usb-common.ko" "insmod kernel/drivers/usb/core/usbcore.ko" \
		"insmod kernel/drivers/usb/storage/usb-storage.ko" "insmod kernel/drivers/scsi/sd_mod.ko"
}

atf_test_case aliases_resolve
aliases_resolve_head() { atf_set descr "fs-ext3, a USB modalias and crypto-crc32c name their modules"; }
aliases_resolve_body()
{
	fixture
	probe "root=/dev/sda" fs-ext3 || atf_fail "exit $st: $(cat err)"
	tail -n 1 out | grep -qx "insmod kernel/fs/ext4/ext4.ko" || atf_fail "fs-ext3: $(cat out)"
	probe "root=/dev/sda" "$USB_ALIAS" || atf_fail "exit $st: $(cat err)"
	tail -n 1 out | grep -qx "insmod kernel/drivers/usb/storage/usb-storage.ko" || atf_fail "modalias: $(cat out)"
	probe "root=/dev/sda" crypto-crc32c || atf_fail "exit $st: $(cat err)"
	expect_out "insmod kernel/crypto/crc32c_generic.ko"
}

atf_test_case dash_and_underscore_are_the_same
dash_and_underscore_are_the_same_head() { atf_set descr "usb-storage is usb_storage, in lookups and in blacklist="; }
dash_and_underscore_are_the_same_body()
{
	fixture
	probe "root=/dev/sda" usb-storage && cp out dash || atf_fail "usb-storage: $(cat err)"
	probe "root=/dev/sda" usb_storage || atf_fail "usb_storage: $(cat err)"
	diff -u dash out || atf_fail "usb-storage and usb_storage differ"
	probe "root=/dev/sda" sd-mod crc32c-generic || atf_fail "exit $st: $(cat err)"
	expect_out "insmod kernel/drivers/scsi/scsi_common.ko" "insmod kernel/drivers/scsi/scsi_mod.ko" \
		"insmod kernel/drivers/scsi/sd_mod.ko" "insmod kernel/crypto/crc32c_generic.ko"
	probe "root=/dev/sda blacklist=usb_storage" usb-storage && atf_fail "blacklisted but loaded"
	grep -q "insmod.*usb-storage" out && atf_fail "usb-storage shown: $(cat out)"
	grep -q "not loading usb_storage (for usb-storage): blacklisted on the command line" err ||
		atf_fail "no message: $(cat err)"
}

atf_test_case blacklisted_dependency_refuses_the_module
blacklisted_dependency_refuses_the_module_head()
{
	atf_set descr "blacklist=jbd2: ext4 cannot work, so nothing of it loads"
}
blacklisted_dependency_refuses_the_module_body()
{
	fixture
	probe "root=/dev/sda blacklist=jbd2" ext4 && atf_fail "ext4 loaded without jbd2"
	expect_out "blacklisted jbd2"
	grep -q "not loading ext4 (for ext4): it needs jbd2, blacklisted on the command line" err ||
		atf_fail "no message: $(cat err)"
}

atf_test_case blacklisted_soft_dependency_is_skipped
blacklisted_soft_dependency_is_skipped_head() { atf_set descr "modprobe.blacklist=crc32c_generic: ext4 loads without it"; }
blacklisted_soft_dependency_is_skipped_body()
{
	fixture
	probe "root=/dev/sda modprobe.blacklist=crc32c_generic" ext4 || atf_fail "exit $st: $(cat err)"
	expect_out "blacklisted crc32c_generic" "insmod kernel/fs/jbd2/jbd2.ko" \
		"insmod kernel/fs/mbcache.ko" "insmod kernel/lib/crc16.ko" "insmod kernel/fs/ext4/ext4.ko"
}

atf_test_case modprobe_d_blacklist_stops_aliases_only
modprobe_d_blacklist_stops_aliases_only_head() { atf_set descr "modprobe.d blacklist overlay: fs-overlay refused, overlay by name loads"; }
modprobe_d_blacklist_stops_aliases_only_body()
{
	fixture "blacklist overlay"
	probe "root=/dev/sda" fs-overlay && atf_fail "fs-overlay loaded"
	expect_out "blacklisted overlay"
	grep -q "not loading overlay for fs-overlay: blacklisted in modprobe.d" err || atf_fail "no message: $(cat err)"
	probe "root=/dev/sda" overlay || atf_fail "exit $st: $(cat err)"
	expect_out "insmod kernel/fs/overlayfs/overlay.ko"
}

atf_test_case parameters_from_modprobe_d_and_command_line
parameters_from_modprobe_d_and_command_line_head()
{
	atf_set descr "options in modprobe.d, then module.param=value from /proc/cmdline (the last one wins in the kernel)"
}
parameters_from_modprobe_d_and_command_line_body()
{
	fixture "options usb_storage delay_use=3"
	probe "root=/dev/sda usb-storage.delay_use=0 usb_storage.quirks=46f4:0001:u scsi_mod.scan=sync" usb-storage ||
		atf_fail "exit $st: $(cat err)"
	expect_out "insmod kernel/drivers/scsi/scsi_common.ko" "insmod kernel/drivers/scsi/scsi_mod.ko scan=sync" \
		"insmod kernel/drivers/usb/common/usb-common.ko" "insmod kernel/drivers/usb/core/usbcore.ko" \
		"insmod kernel/drivers/usb/storage/usb-storage.ko delay_use=3 delay_use=0 quirks=46f4:0001:u"
}

atf_test_case install_command_is_not_run
install_command_is_not_run_head() { atf_set descr "install X /bin/false in modprobe.d: X is not loaded, nothing runs"; }
install_command_is_not_run_body()
{
	fixture "install sd_mod /bin/false"
	probe "root=/dev/sda" sd_mod && atf_fail "sd_mod loaded"
	expect_out "install sd_mod /bin/false"
	grep -q "not loading sd_mod (for sd_mod): modprobe.d has an install command" err || atf_fail "no message: $(cat err)"
}

atf_test_case no_module_twice
no_module_twice_head() { atf_set descr "names, aliases and dependencies met again are not loaded again"; }
no_module_twice_body()
{
	fixture
	probe "root=/dev/sda" ext4 jbd2 fs-ext4 crc32c ext4 || atf_fail "exit $st: $(cat err)"
	expect_out "insmod kernel/crypto/crc32c_generic.ko" "insmod kernel/fs/jbd2/jbd2.ko" \
		"insmod kernel/fs/mbcache.ko" "insmod kernel/lib/crc16.ko" "insmod kernel/fs/ext4/ext4.ko"
}

atf_test_case unknown_name_is_reported
unknown_name_is_reported_head() { atf_set descr "a name nothing serves: exit 1 naming it; -q (the kernel's way) is silent"; }
unknown_name_is_reported_body()
{
	fixture
	probe "root=/dev/sda" nosuch-module overlay && atf_fail "exit 0"
	expect_out "insmod kernel/fs/overlayfs/overlay.ko"
	grep -q "modprobe: module nosuch-module not found in root/lib/modules/$KVER" err || atf_fail "no message: $(cat err)"
	# stderr is for people: no kernel-log priority prefix
	grep -q "^ovlinit: modprobe: module nosuch-module" err || atf_fail "a <N> prefix: $(cat err)"
	probe "root=/dev/sda" -q -- nosuch-module && atf_fail "exit 0 with -q"
	[ ! -s err ] || atf_fail "-q printed: $(cat err)"
}

atf_test_case wrong_kernel_version
wrong_kernel_version_head() { atf_set descr "no tree for the version: a message naming it and the versions present"; }
wrong_kernel_version_body()
{
	fixture
	echo root=/dev/sda > cmdline
	unshare -m sh -c 'mount --bind cmdline /proc/cmdline && exec "$@"' sh \
		"$B/init" modprobe -n -d root -S 0.0.0-other ext4 > out 2> err && atf_fail "exit 0"
	grep -q "no modules for kernel 0.0.0-other in root/lib/modules/0.0.0-other (present: $KVER)" err ||
		atf_fail "no message: $(cat err)"
	[ ! -s out ] || atf_fail "loaded something: $(cat out)"
}

atf_test_case usage
usage_head() { atf_set descr "no name: usage, exit 2"; }
usage_body()
{
	B=$(atf_config_get build)
	"$B/init" modprobe -n > out 2> err
	[ $? -eq 2 ] || atf_fail "exit status is not 2"
	grep -q "usage: init modprobe" err || atf_fail "no usage line"
	grep -q "^init modprobe: no module NAME given" err || atf_fail "the usage error does not say what was wrong"
}

atf_init_test_cases()
{
	atf_add_test_case dependencies_and_soft_dependencies_in_load_order
	atf_add_test_case softdep_from_modprobe_d
	atf_add_test_case aliases_resolve
	atf_add_test_case dash_and_underscore_are_the_same
	atf_add_test_case blacklisted_dependency_refuses_the_module
	atf_add_test_case blacklisted_soft_dependency_is_skipped
	atf_add_test_case modprobe_d_blacklist_stops_aliases_only
	atf_add_test_case parameters_from_modprobe_d_and_command_line
	atf_add_test_case install_command_is_not_run
	atf_add_test_case no_module_twice
	atf_add_test_case unknown_name_is_reported
	atf_add_test_case wrong_kernel_version
	atf_add_test_case usage
}
