#!/usr/bin/env atf-sh
# The root search against crowds of devices and clones (issue 16,
# defects 2, 3 and 7). The root filesystem is a 64 MiB ext4 (UUID $UUID)
# holding busybox and the test init; per case:
#   gpt200_clone      virtio vda: the root (whole disk); virtio vdb: a GPT
#                     disk of 256 entries, 200 used, partitions of 8
#                     sectors, partition 125 a byte copy of the root
#                     (same UUID). root=UUID=: refused, both listed.
#   gpt200_partuuid   virtio vda: a GPT disk, the root in partition 2
#                     (PARTUUID $PARTUUID); vdb: the 200-entry disk, which
#                     ovlinit cannot read (more than PARTS_MAX entries).
#                     root=PARTUUID=: refused, the unreadable table named.
#   usb_root_clone    the root on usb-storage (its driver waits delay_use
#                     1 s before scanning), a copy on virtio, found 1-2 s
#                     earlier. root=UUID=: never the virtio copy; refused,
#                     both listed.
#   names_in_order    8 virtio data disks (LABEL d1..d8, in PCI order), the
#                     root on usb-storage, a second copy of the root (another
#                     UUID) on SATA; root=/dev/sda: boots (either sd disk
#                     holds a root), warns that sd names follow probe order,
#                     and the virtio disks are vda..vdh in PCI order.
#   too_many_devices  virtio vda: the root; vdb..vdf: GPT disks of 255
#                     one-sector partitions each: 1281 block devices, more
#                     than the 1024 ovlinit compares. root=UUID=: refused
#                     loudly, not a search over the first 1024.
# Every wait is for a console line, bounded by ovl_boot's timeout.

UUID=6b1f0c1a-7d2b-4c6e-9a81-0b2c3d4e5f60
UUID2=6b1f0c1a-7d2b-4c6e-9a81-0b2c3d4e5f62
PARTUUID=2d3c4b5a-6978-4877-8695-a4b3c2d1e0f0

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	ovl_ext4 fs.img root -U "$UUID" -L ovlroot
}

# gpt200 IMG FSIMG: 256 GPT entries, 200 used: 1-124 and 126-200 of 8
# sectors each, 125 holding FSIMG.
gpt200()
{
	rm -f "$1"
	fs_sectors=$(( $(stat -c %s "$2") / 512 ))
	after=$((4096 + fs_sectors))
	truncate -s $(( (after + 75 * 8 + 2048) * 512 )) "$1"
	args="-o -S 256 -a 1"
	for i in $(seq 1 124); do
		args="$args -n $i:$((2048 + (i - 1) * 8)):+7"
	done
	args="$args -n 125:4096:$((after - 1))"
	for i in $(seq 126 200); do
		args="$args -n $i:$((after + (i - 126) * 8)):+7"
	done
	# shellcheck disable=SC2086
	sgdisk $args "$1" >/dev/null || atf_fail "sgdisk (200 entries) failed"
	[ "$(sgdisk -p "$1" | grep -c '^ *[0-9]')" = 200 ] || atf_fail "not 200 partitions"
	dd if="$2" of="$1" bs=512 seek=4096 conv=notrunc status=none
}

# refused LOG: init refused the boot (FATAL) and ended by the failure
# policy, exit(1) (the kernel's panic then shows exitcode=0x00000100),
# not by a crash; nothing was booted.
refused()
{
	ovl_expect "$1" "ovlinit: FATAL: finding the root device"
	ovl_expect "$1" "Attempted to kill init! exitcode=0x00000100"
	ovl_reject "$1" "segfault"
	ovl_reject "$1" "OVLTEST-BEGIN"
}

atf_test_case gpt200_clone
gpt200_clone_head() { atf_set descr "partition 125 of a 200-entry GPT clones the root's UUID: refused, never booted"; }
gpt200_clone_body()
{
	common
	gpt200 hostile.img fs.img
	ovl_boot log "root=UUID=$UUID" $(ovl_disk virtio fs.img) $(ovl_disk virtio hostile.img)
	ovl_expect log "ovlinit: root=UUID=$UUID matches 2 devices; refusing to guess"
	ovl_expect log "ovlinit:   vda: 64 MiB TYPE=ext4 UUID=$UUID"
	ovl_expect log "ovlinit:   vdb125: 64 MiB TYPE=ext4 UUID=$UUID"
	refused log
}

atf_test_case gpt200_partuuid
gpt200_partuuid_head() { atf_set descr "root=PARTUUID= beside a disk whose 200-entry table cannot be read: refused"; }
gpt200_partuuid_body()
{
	common
	ovl_gpt_disk disk.img fs.img "$PARTUUID" rootfs
	gpt200 hostile.img fs.img
	ovl_boot log "root=PARTUUID=$PARTUUID" $(ovl_disk virtio disk.img) $(ovl_disk virtio hostile.img)
	ovl_expect log "ovlinit: the partition table of /dev/vdb cannot be read (more than 128 partitions)"
	ovl_expect log "its partitions could match root=PARTUUID=$PARTUUID; refusing to guess"
	refused log
}

atf_test_case usb_root_clone
usb_root_clone_head() { atf_set descr "the root on usb-storage, a clone on virtio: never the clone"; }
usb_root_clone_body()
{
	common
	cp fs.img clone.img
	ovl_boot log "root=UUID=$UUID ovlinit.debug" $(ovl_disk virtio clone.img) $(ovl_disk usb fs.img)
	ovl_expect log "ovlinit: root=UUID=$UUID matches 2 devices; refusing to guess"
	ovl_expect log "ovlinit:   vda: 64 MiB TYPE=ext4 UUID=$UUID"
	ovl_expect log "ovlinit:   sda: 64 MiB TYPE=ext4 UUID=$UUID"
	ovl_reject log "ovlinit: root device: /dev/vda"
	refused log
}

atf_test_case names_in_order
names_in_order_head() { atf_set descr "virtio disks are named in PCI order; root=/dev/sdX warns with two sd disks"; }
names_in_order_body()
{
	common
	disks=""
	mkdir empty
	for i in 1 2 3 4 5 6 7 8; do
		truncate -s 2M "d$i.img"
		mkfs.ext4 -q -F -L "d$i" -d empty "d$i.img" || atf_fail "mkfs.ext4 d$i failed"
		disks="$disks $(ovl_disk virtio "d$i.img")"
	done
	cp "$B/bin/ovlinit" root/bin/ovlinit
	ovl_test_script root <<'SCRIPT'
for d in a b c d e f g h; do
	echo "OVLTEST-NAME: vd$d $(/bin/ovlinit --probe /dev/vd$d | $bb sed -n 's/^LABEL=//p')"
done
SCRIPT
	ovl_ext4 fs.img root -U "$UUID" -L ovlroot
	ovl_ext4 fs2.img root -U "$UUID2" -L ovlroot2
	ovl_boot log "root=/dev/sda" $disks $(ovl_disk usb fs.img) $(ovl_disk sata fs2.img)
	ovl_expect log "ovlinit: root=/dev/sda: /dev/sda is one of 2 disks of driver sd, which are named in the order their probes finish"
	ovl_expect log "OVLTEST-RESULT: root=/dev/sda ext4 ro,"
	n=1
	for d in a b c d e f g h; do
		ovl_expect_line log "OVLTEST-NAME: vd$d d$n"
		n=$((n + 1))
	done
	ovl_reject log "FATAL"
}

atf_test_case too_many_devices
too_many_devices_head() { atf_set descr "more block devices than ovlinit compares: refused, not cut"; }
too_many_devices_body()
{
	common
	disks=""
	for d in 1 2 3 4 5; do
		truncate -s 2M "p$d.img"
		args="-o -S 256 -a 1"
		for i in $(seq 1 255); do
			args="$args -n $i:$((2048 + i)):$((2048 + i))"
		done
		# shellcheck disable=SC2086
		sgdisk $args "p$d.img" >/dev/null || atf_fail "sgdisk (255 entries) failed"
		disks="$disks $(ovl_disk virtio "p$d.img")"
	done
	ovl_boot log "root=UUID=$UUID" $(ovl_disk virtio fs.img) $disks
	ovl_expect log "ovlinit: more than 1024 block devices: one left out could be a second match for the root; refusing to guess"
	refused log
}

atf_init_test_cases()
{
	atf_add_test_case gpt200_clone
	atf_add_test_case gpt200_partuuid
	atf_add_test_case usb_root_clone
	atf_add_test_case names_in_order
	atf_add_test_case too_many_devices
}
