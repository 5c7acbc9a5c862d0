#!/usr/bin/env atf-sh
# Kernel modules at boot (lib/sys/modload.c, tools/cmd/modprobe.c). Disk layout:
# one disk holding a whole-disk ext4 filesystem (no partition table) made
# by a default mkfs.ext4 (metadata_csum on, so ext4 needs crc32c), with
# busybox and the test init, on the bus each case names: virtio-blk,
# SATA (q35's AHCI) or USB (usb-storage behind qemu-xhci). Every case
# boots with ovlinit.debug and printk.devkmsg=on, and the test root
# prints ovlinit's kernel log records and /proc/modules
# (ovl_report_modules) so the host can check what was loaded and why.

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	ovl_report_modules root
	ovl_ext4 disk.img root
	DEBUG="ovlinit.debug printk.devkmsg=on"
}

# has_module LOG NAME: the booted system's /proc/modules lists NAME.
has_module()
{
	grep "OVLTEST-MODULES:" "$1" | grep -qw -- "$2" || {
		grep "OVLTEST-" "$1"
		atf_fail "module $2 is not loaded"
	}
}

atf_test_case controllers_by_modalias
controllers_by_modalias_head() { atf_set descr "modules= empty, root on SATA: ahci and sd_mod come from modaliases"; }
controllers_by_modalias_body()
{
	common
	ovl_boot log "root=/dev/sda $DEBUG" $(ovl_disk sata disk.img)
	ovl_expect log "OVLTEST-RESULT: root=/dev/sda ext4 ro,"
	has_module log ahci
	has_module log sd_mod
	has_module log ext4
	ovl_expect log "ovlinit: loaded ahci for pci:v00008086d00002922"
	ovl_expect log "ovlinit: loaded sd_mod for scsi:t-0x00"
	ovl_reject log "modules=:"
}

atf_test_case usb_disk_with_alpine_modules_line
usb_disk_with_alpine_modules_line_head()
{
	atf_set descr "modules=sd-mod,usb-storage,ext4 on a USB disk; usb_storage.delay_use=0 reaches the module"
}
usb_disk_with_alpine_modules_line_body()
{
	common
	echo 'echo "OVLTEST-DELAY: $($bb cat /sys/module/usb_storage/parameters/delay_use)"' >> root/etc/ovltest
	ovl_ext4 disk.img root
	ovl_boot log "root=/dev/sda modules=sd-mod,usb-storage,ext4 usb_storage.delay_use=0 $DEBUG" \
		$(ovl_disk usb disk.img)
	ovl_expect log "OVLTEST-RESULT: root=/dev/sda ext4 ro,"
	ovl_expect log "ovlinit: loaded usb_storage for usb-storage"
	ovl_expect log "ovlinit: loaded sd_mod for sd-mod"
	ovl_expect log "ovlinit: loaded xhci_pci for pci:"
	ovl_expect log "OVLTEST-DELAY: 0"
	ovl_reject log "modules=:"
}

atf_test_case default_ext4_needs_crc32c
default_ext4_needs_crc32c_head()
{
	atf_set descr "a default mkfs.ext4 root mounts: crc32c comes in as ext4's soft dependency; an unknown modules= name only warns"
}
default_ext4_needs_crc32c_body()
{
	common
	dumpe2fs -h disk.img 2>/dev/null | grep -q metadata_csum || atf_fail "mkfs.ext4 made no metadata_csum image"
	ovl_boot log "root=/dev/vda modules=no-such-module $DEBUG" $(ovl_disk virtio disk.img)
	ovl_expect log "OVLTEST-RESULT: root=/dev/vda ext4 ro,"
	ovl_expect log "ovlinit: modules=: no module no-such-module in this initramfs for kernel $KVER; going on without it"
	ovl_expect log "ovlinit: loaded crc32c_generic for fs-ext4 (soft dependency)"
	has_module log crc32c_generic
	# Loaded before ext4, by init itself, not later on the kernel's request.
	grep -n "ovlinit: loaded" log | grep -B100 "loaded ext4 for fs-ext4" | grep -q crc32c_generic ||
		atf_fail "crc32c_generic was not loaded before ext4"
	ovl_reject log "for the kernel"
}

atf_test_case blacklisted_root_driver
blacklisted_root_driver_head() { atf_set descr "blacklist=virtio_blk with the root on virtio: the refusal is named, then the fatal error"; }
blacklisted_root_driver_body()
{
	common
	# rootdelay=15, not less: the refusal is logged when the virtio
	# device appears, which on a loaded TCG host came after 2 s.
	ovl_boot log "root=/dev/vda blacklist=virtio_blk rootdelay=15" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: not loading virtio_blk (for virtio:d00000002v00001AF4): blacklisted on the command line"
	ovl_expect log "ovlinit: FATAL: finding the root device"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case kernel_requests_go_through_init
kernel_requests_go_through_init_head()
{
	atf_set descr "a modprobe.d softdep keeps crc32c out; ext4's mount asks the kernel, which runs init as modprobe; the old modprobe path is restored"
}
kernel_requests_go_through_init_body()
{
	common
	mkdir -p extra/etc/modprobe.d
	printf 'softdep ext4 pre: crc16\nsoftdep jbd2 pre: crc16\n' > extra/etc/modprobe.d/00-test.conf
	ovl_initrd_plus initrd.img extra
	INITRD=$(pwd)/initrd.img
	ovl_boot log "root=/dev/vda sysctl.kernel.modprobe=/sbin/modprobe.real $DEBUG" $(ovl_disk virtio disk.img)
	ovl_expect log "OVLTEST-RESULT: root=/dev/vda ext4 ro,"
	ovl_expect log "ovlinit: modprobe crypto-crc32c: loaded 1 module(s) for the kernel"
	ovl_expect log "ovlinit: loaded crc32c_generic for crypto-crc32c"
	ovl_reject log "crc32c_generic for fs-ext4"
	has_module log crc32c_generic
	ovl_expect log "OVLTEST-MODPROBE: /sbin/modprobe.real"
}

atf_test_case missing_root_module_names_feature
missing_root_module_names_feature_head()
{
	atf_set descr "an image without ext4: an error naming ext4, the kernel version and the feature, at once"
}
missing_root_module_names_feature_body()
{
	common
	ovl_initrd_build initrd.img "$KVER" base virtio
	INITRD=$(pwd)/initrd.img
	ovl_boot log "root=/dev/vda" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: the root needs module ext4, which this initramfs for kernel $KVER lacks; build it with the feature ext4"
	ovl_expect log "ovlinit: FATAL: loading the root's filesystem driver failed"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case modules_for_another_kernel
modules_for_another_kernel_head() { atf_set descr "a module tree for another version: named early, with the running one"; }
modules_for_another_kernel_body()
{
	common
	ovl_initrd_build initrd.img 0.0.0-other base ext4 virtio
	INITRD=$(pwd)/initrd.img
	ovl_boot log "root=/dev/vda rootdelay=1" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: no modules for the running kernel $KVER in this initramfs (it has: 0.0.0-other): built-in drivers only"
	ovl_expect log "ovlinit: FATAL: finding the root device"
}

atf_test_case cpu_feature_drivers_follow_the_cpu
cpu_feature_drivers_follow_the_cpu_head()
{
	atf_set descr "crc32c_intel (SSE 4.2) is not inserted on TCG's default CPU, which lacks it, and is loaded on -cpu max, for the CPU modalias"
}
cpu_feature_drivers_follow_the_cpu_body()
{
	common
	ovl_boot log "root=/dev/vda $DEBUG" $(ovl_disk virtio disk.img)
	ovl_expect log "OVLTEST-RESULT: root=/dev/vda ext4 ro,"
	ovl_expect log "ovlinit: not inserting crc32c_intel for fs-ext4 (soft dependency): it is made for CPU features this CPU lacks"
	ovl_reject log "inserting crc32c_intel for fs-ext4 (soft dependency) failed"
	has_module log crc32c_generic
	ovl_boot max.log "root=/dev/vda $DEBUG" -cpu max $(ovl_disk virtio disk.img)
	ovl_expect max.log "OVLTEST-RESULT: root=/dev/vda ext4 ro,"
	# The CPU's own modalias asks for it first (coldplug of the cpu device).
	ovl_expect max.log "ovlinit: loaded crc32c_intel for cpu:type:x86,"
	ovl_reject max.log "not inserting crc32c_intel"
	has_module max.log crc32c_intel
}

# stamp LOG TEXT: the kernel timestamp (seconds) of the first line of the
# console log, or of the test root's dump of ovlinit's records
# (OVLTEST-KMSG), holding TEXT.
stamp()
{
	grep -F -- "$2" "$1" | head -n1 | sed -n 's/^[^[]*\[ *\([0-9.]*\)\].*/\1/p'
}

# before LOG A B: A's line came before B's, both present.
before()
{
	a=$(stamp "$1" "$2") b=$(stamp "$1" "$3")
	[ -n "$a" ] && [ -n "$b" ] || atf_fail "$1 lacks '$2' or '$3'"
	awk -v a="$a" -v b="$b" 'BEGIN { exit !(a < b) }'
}

atf_test_case drivers_probe_asynchronously
drivers_probe_asynchronously_head()
{
	atf_set descr "ahci loads with async_probe: init goes on before the SATA links are probed; ahci.async_probe=0 on the command line waits for them"
}
drivers_probe_asynchronously_body()
{
	common
	ovl_boot log "root=/dev/sda $DEBUG" $(ovl_disk sata disk.img)
	ovl_expect log "OVLTEST-RESULT: root=/dev/sda ext4 ro,"
	# The port probe (link resets) takes hundreds of milliseconds.
	before log "ovlinit: loaded ahci for" "ata1: SATA link up" ||
		atf_fail "init waited for ahci's probe"
	ovl_boot sync.log "root=/dev/sda ahci.async_probe=0 $DEBUG" $(ovl_disk sata disk.img)
	ovl_expect sync.log "OVLTEST-RESULT: root=/dev/sda ext4 ro,"
	before sync.log "ata1: SATA link up" "ovlinit: loaded ahci for" ||
		atf_fail "ahci.async_probe=0 did not make the load wait for the probe"
}

atf_init_test_cases()
{
	atf_add_test_case controllers_by_modalias
	atf_add_test_case drivers_probe_asynchronously
	atf_add_test_case usb_disk_with_alpine_modules_line
	atf_add_test_case default_ext4_needs_crc32c
	atf_add_test_case cpu_feature_drivers_follow_the_cpu
	atf_add_test_case blacklisted_root_driver
	atf_add_test_case kernel_requests_go_through_init
	atf_add_test_case missing_root_module_names_feature
	atf_add_test_case modules_for_another_kernel
}
