#!/usr/bin/env atf-sh
# Finding the root device: every kind of root= over every disk bus, a
# disk hot-plugged during the wait, a root that never appears, and two
# disks that both match. The root filesystem is a 64 MiB ext4 (UUID
# $UUID, LABEL ovlroot) holding busybox and the test init; per case:
#   uuid_usb          whole-disk ext4 on usb-storage behind xhci
#   label_sata        whole-disk ext4 on SATA (q35's AHCI)
#   partuuid_mbr_scsi MBR disk on virtio-scsi, root in logical partition 5
#   partuuid_gpt_usb  GPT disk on usb-storage, root in partition 2; the
#                     booted system runs `ovlinit --probe` on /dev/sda2 and
#                     /dev/sda (the root carries a copy of build/init)
#   partlabel_virtio  the same GPT disk on virtio-blk
#   devpath_sata      the same GPT disk on SATA, root=/dev/sda2
#   hotplug_usb       no disk at boot; the ext4 disk is plugged in on
#                     usb-storage through the QEMU monitor during the wait
#   never_appears     a virtio ext4 disk whose UUID differs from root= in
#                     one character; rootdelay=15
#   duplicate_uuid    two virtio disks carrying the same ext4 UUID
# No test depends on how fast the machine is: waits are for console
# lines, bounded only by ovl_boot's timeout.

UUID=6b1f0c1a-7d2b-4c6e-9a81-0b2c3d4e5f60
NEAR=6b1f0c1a-7d2b-4c6e-9a81-0b2c3d4e5f61
PARTUUID=2d3c4b5a-6978-4877-8695-a4b3c2d1e0f0
SIG=5eed1e55

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	ovl_ext4 fs.img root -U "$UUID" -L ovlroot
}

# booted LOG DEV: the root was found and mounted from DEV, without error.
booted()
{
	ovl_expect "$1" "ovlinit: root device: /dev/$2 "
	ovl_expect "$1" "OVLTEST-RESULT: root=/dev/$2 ext4 ro,"
	ovl_reject "$1" "FATAL"
}

atf_test_case uuid_usb
uuid_usb_head() { atf_set descr "root=UUID= on usb-storage: xhci and usb-storage load by modalias"; }
uuid_usb_body()
{
	common
	ovl_boot log "root=UUID=$UUID" $(ovl_disk usb fs.img)
	booted log sda
}

atf_test_case label_sata
label_sata_head() { atf_set descr "root=LABEL= on SATA"; }
label_sata_body()
{
	common
	ovl_boot log "root=LABEL=ovlroot" $(ovl_disk sata fs.img)
	booted log sda
}

atf_test_case partuuid_mbr_scsi
partuuid_mbr_scsi_head() { atf_set descr "root=PARTUUID=SIG-05 (logical partition, hex number) on virtio-scsi"; }
partuuid_mbr_scsi_body()
{
	common
	ovl_mbr_disk disk.img fs.img "$SIG"
	ovl_boot log "root=PARTUUID=$SIG-05" $(ovl_disk scsi disk.img)
	booted log sda5
}

atf_test_case partuuid_gpt_usb
partuuid_gpt_usb_head() { atf_set descr "root=PARTUUID= of a GPT partition on usb-storage, upper case"; }
partuuid_gpt_usb_body()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	cp "$B/bin/ovlinit" root/bin/ovlinit
	echo '/bin/ovlinit --probe /dev/sda2 /dev/sda | /bin/busybox sed "s/^/OVLTEST-PROBE: /"' > root/etc/ovltest
	ovl_ext4 fs.img root -U "$UUID" -L ovlroot
	ovl_gpt_disk disk.img fs.img "$PARTUUID" rootfs
	ovl_boot log "root=PARTUUID=$(echo "$PARTUUID" | tr a-f A-F)" $(ovl_disk usb disk.img)
	booted log sda2
	# a partition's PARTUUID and PARTLABEL come from its disk's table
	ovl_expect log "OVLTEST-PROBE: DEVNAME=/dev/sda2"
	ovl_expect log "OVLTEST-PROBE: UUID=$UUID"
	ovl_expect log "OVLTEST-PROBE: PARTUUID=$PARTUUID"
	ovl_expect log "OVLTEST-PROBE: PARTLABEL=rootfs"
	ovl_expect log "OVLTEST-PROBE: PTTYPE=gpt"
}

atf_test_case partlabel_virtio
partlabel_virtio_head() { atf_set descr "root=PARTLABEL= on virtio-blk"; }
partlabel_virtio_body()
{
	common
	ovl_gpt_disk disk.img fs.img "$PARTUUID" "root fs"
	ovl_boot log "root=\"PARTLABEL=root fs\"" $(ovl_disk virtio disk.img)
	booted log vda2
}

atf_test_case devpath_sata
devpath_sata_head() { atf_set descr "root=/dev/sda2 on SATA"; }
devpath_sata_body()
{
	common
	ovl_gpt_disk disk.img fs.img "$PARTUUID" rootfs
	ovl_boot log "root=/dev/sda2" $(ovl_disk sata disk.img)
	booted log sda2
}

# The monitor is a pair of FIFOs (QEMU's pipe chardev); the disk goes in
# when init prints its first progress line (5 s into the wait), so the
# kernel has long finished its own device probing by then.
atf_test_case hotplug_usb
hotplug_usb_head() { atf_set descr "a usb disk plugged in during rootwait boots at once"; }
hotplug_usb_body()
{
	common
	mkfifo mon.in mon.out
	cat mon.out > monitor.log &
	( while ! grep -q "(5 s, rootwait: no limit)" log 2>/dev/null; do sleep 0.5; done
	  echo "plugging the disk in" > plugged
	  printf 'drive_add 0 if=none,id=hot,file=fs.img,format=raw\n'
	  printf 'device_add usb-storage,id=hotdisk,drive=hot,bus=xhci.0\n'
	) > mon.in &
	ovl_boot log "root=UUID=$UUID rootwait" -device qemu-xhci,id=xhci \
		-chardev pipe,id=mon0,path=mon -mon chardev=mon0,mode=readline
	[ -f plugged ] || atf_fail "the disk was never plugged in"
	booted log sda
	ovl_reject log "(10 s, rootwait"
}

atf_test_case never_appears
never_appears_head() { atf_set descr "a root that never appears fails after rootdelay with the diagnosis"; }
never_appears_body()
{
	common
	# rootdelay=15: the diagnosis lists vda only if it came in time,
	# which on a loaded TCG host can take seconds.
	ovl_boot log "root=UUID=$NEAR rootdelay=15" $(ovl_disk virtio fs.img)
	ovl_expect log "ovlinit: no device matches root=UUID=$NEAR after 15 s; "
	ovl_expect log "ovlinit:   vda: 64 MiB TYPE=ext4 UUID=$UUID LABEL=ovlroot"
	ovl_expect log "ovlinit: modules loaded: "
	ovl_expect log "ovlinit: modaliases no module in this initramfs serves"
	ovl_expect log "ovlinit: did you mean /dev/vda? its UUID=$UUID differs from the wanted one by 1 character"
	ovl_expect log "ovlinit: FATAL: finding the root device failed"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case duplicate_uuid
duplicate_uuid_head() { atf_set descr "two disks with the root's UUID: refused, both listed"; }
duplicate_uuid_body()
{
	common
	cp fs.img twin.img
	ovl_boot log "root=UUID=$UUID" $(ovl_disk virtio fs.img) $(ovl_disk virtio twin.img)
	ovl_expect log "ovlinit: root=UUID=$UUID matches 2 devices; refusing to guess"
	ovl_expect log "ovlinit:   vda: 64 MiB TYPE=ext4 UUID=$UUID"
	ovl_expect log "ovlinit:   vdb: 64 MiB TYPE=ext4 UUID=$UUID"
	ovl_expect log "ovlinit: FATAL: finding the root device (more than one matches) failed"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_init_test_cases()
{
	atf_add_test_case uuid_usb
	atf_add_test_case label_sata
	atf_add_test_case partuuid_mbr_scsi
	atf_add_test_case partuuid_gpt_usb
	atf_add_test_case partlabel_virtio
	atf_add_test_case devpath_sata
	atf_add_test_case hotplug_usb
	atf_add_test_case never_appears
	atf_add_test_case duplicate_uuid
}
