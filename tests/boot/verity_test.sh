#!/usr/bin/env atf-sh
# roothash=: a root verified by dm-verity (ovlinit(8), VERIFIED ROOT).
# Disk layout: two virtio-blk disks, made without privileges or loop
# devices: vda, a whole-disk 64 MiB ext4 filesystem (UUID $UUID) with
# busybox, the test init and two files, /etc/verity-a and
# /etc/verity-b, of 8 KiB each; vdb, its hash device made by
# `veritysetup format data.img hash.img --uuid $HUUID` (4 KiB blocks,
# sha256). The initramfs is ovlinit-mkinitfs -F "base ext4 virtio
# verity". The images are compared from the host before and after; the
# cases that change a byte say where (debugfs, dumpe2fs name the block).

UUID=2c7f4e1a-5b6d-4e8f-9a0b-1c2d3e4f5a6b
HUUID=8d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6

# The test root ./root and the verity initramfs.
common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	head -c 8192 /dev/zero | tr '\0' a > root/etc/verity-a
	head -c 8192 /dev/zero | tr '\0' b > root/etc/verity-b
	ovl_initrd_build initrd.img "$KVER" base ext4 virtio verity
	INITRD=$PWD/initrd.img
}

# data.img from ./root, hash.img by veritysetup format, $RH their root hash.
images()
{
	ovl_ext4 data.img root -U "$UUID" -b 4096
	veritysetup format data.img hash.img --uuid "$HUUID" > format.out ||
		atf_fail "veritysetup format failed"
	RH=$(sed -n 's/^Root hash:[[:space:]]*//p' format.out)
	[ "${#RH}" = 64 ] || { cat format.out; atf_fail "no sha256 root hash in the output"; }
}

# corrupt IMG FILE: change one byte of FILE's first data block in IMG
# (debugfs names the block), after veritysetup format.
corrupt()
{
	blk=$(debugfs -R "bmap $2 0" "$1" 2>/dev/null)
	[ "${blk:-0}" -gt 0 ] || atf_fail "debugfs found no block of $2"
	printf 'X' | dd of="$1" bs=1 seek=$((blk * 4096 + 100)) conv=notrunc status=none
}

# boot LOG APPEND DATA HASH: boot with both disks.
boot()
{
	ovl_boot "$1" "$2" $(ovl_disk virtio "$3") $(ovl_disk virtio "$4")
}

atf_test_case verified_overlay
verified_overlay_head() { atf_set descr "a verity root with overlaytmpfs: the mapper on /media/root-ro, writes in RAM, both images untouched"; }
verified_overlay_body()
{
	common
	ovl_test_script root <<'EOF'
bb=/bin/busybox
echo written > /etc/verity-b
echo "OVLTEST-FILES: $($bb head -c 4 /media/root-ro/etc/verity-a) $($bb head -c 4 /etc/verity-b) $($bb head -c 4 /media/root-ro/etc/verity-b)"
echo "OVLTEST-MARKER: $($bb grep OVLINIT_VERITY= /run/ovlinit/root)"
echo "OVLTEST-DEVICE: $($bb grep OVLINIT_DEVICE= /run/ovlinit/root)"
echo "OVLTEST-RO: $($bb cat /sys/block/vda/ro) $($bb cat /sys/block/vdb/ro)"
# systemd's volatile-root names the lower's device: the mapping, not vda
echo "OVLTEST-VOLATILE: $($bb readlink /run/systemd/volatile-root) /dev/block/$($bb cat /sys/block/dm-0/dev)"
EOF
	images
	d=$(sha256sum < data.img) h=$(sha256sum < hash.img)
	boot log "root=UUID=$UUID verityhash=UUID=$HUUID roothash=$RH overlaytmpfs=yes" data.img hash.img
	ovl_expect log "ovlinit: verity: /dev/mapper/root verifies /dev/vda against the sha256 tree on /dev/vdb"
	ovl_overlay_lines log /dev/mapper/root
	ovl_expect log "OVLTEST-FILES: aaaa writ bbbb"
	ovl_expect log "OVLTEST-MARKER: OVLINIT_VERITY=$RH"
	ovl_expect log "OVLTEST-DEVICE: OVLINIT_DEVICE=/dev/mapper/root"
	ovl_expect log "OVLTEST-RO: 1 1"
	tr -d '\r' < log | grep -Eq 'OVLTEST-VOLATILE: (/dev/block/[0-9]+:[0-9]+) \1$' ||
		atf_fail "volatile-root does not name the mapping: $(grep OVLTEST-VOLATILE log)"
	ovl_expect log "OVLTEST-END"
	[ "$d" = "$(sha256sum < data.img)" ] || atf_fail "the boot changed the data image"
	[ "$h" = "$(sha256sum < hash.img)" ] || atf_fail "the boot changed the hash image"
}

atf_test_case changed_byte
changed_byte_head() { atf_set descr "one changed byte of a file: EIO for it, the others read; verityerror=panic stops the machine"; }
changed_byte_body()
{
	common
	ovl_test_script root <<'EOF'
bb=/bin/busybox
echo "OVLTEST-B: $($bb head -c 4 /etc/verity-b)"
$bb cat /etc/verity-a > /dev/null 2> /tmp/err; rc=$?
echo "OVLTEST-A: rc=$rc $($bb cat /tmp/err)"
EOF
	images
	corrupt data.img /etc/verity-a
	boot log "root=UUID=$UUID verityhash=UUID=$HUUID roothash=$RH overlaytmpfs=yes" data.img hash.img
	ovl_expect log "OVLTEST-B: bbbb"
	ovl_expect log "OVLTEST-A: rc=1 cat: read error: Input/output error"
	ovl_expect log "device-mapper: verity: 254:0: data block"
	ovl_expect log "OVLTEST-END"

	boot logp "root=UUID=$UUID verityhash=UUID=$HUUID roothash=$RH overlaytmpfs=yes verityerror=panic" data.img hash.img
	ovl_expect logp "OVLTEST-B: bbbb"
	ovl_expect logp "Kernel panic - not syncing: dm-verity device corrupted"
	ovl_reject logp "OVLTEST-A:"
	ovl_reject logp "OVLTEST-END"
}

atf_test_case refused_superblock_misfit
refused_superblock_misfit_head() { atf_set descr "a roothash= of sha512's length for a sha256 tree and a data device cut short: both named, fatal"; }
refused_superblock_misfit_body()
{
	common
	images
	truncate -s 32M data.img
	boot log "root=UUID=$UUID verityhash=/dev/vdb roothash=$RH$RH" data.img hash.img
	ovl_expect log "ovlinit: verity: roothash= has 128 hex digits; the hash device's sha256 tree needs 64"
	ovl_expect log "ovlinit: verity: the data device has 33554432 bytes; the superblock says 16384 blocks of 4096 bytes, 67108864 bytes"
	ovl_expect log "ovlinit: FATAL: checking the verity superblock failed"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case refused_changed_inode_table
refused_changed_inode_table_head() { atf_set descr "a changed byte of the root inode in the inode table: the lower mount fails, naming verity"; }
refused_changed_inode_table_body()
{
	common
	images
	# inode 2 (the root directory) is the second 256-byte inode of the
	# first inode table block of group 0
	it=$(dumpe2fs data.img 2>/dev/null | sed -n 's/^ *Inode table at \([0-9]*\)-.*/\1/p' | head -n 1)
	[ "${it:-0}" -gt 0 ] || atf_fail "dumpe2fs names no inode table"
	printf 'X' | dd of=data.img bs=1 seek=$((it * 4096 + 256 + 8)) conv=notrunc status=none
	boot log "root=UUID=$UUID verityhash=UUID=$HUUID roothash=$RH overlaytmpfs=yes" data.img hash.img
	ovl_expect log "ovlinit: verity: dm-verity refused corrupted blocks of the root (status C): the data device /dev/vda"
	ovl_expect log "ovlinit: FATAL: mounting the root failed"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case refused_wrong_roothash
refused_wrong_roothash_head() { atf_set descr "a wrong roothash= of the right length: refused by name before anything of the root runs"; }
refused_wrong_roothash_body()
{
	common
	images
	d=$(sha256sum < data.img)
	bad=0${RH#?}
	[ "$bad" != "$RH" ] || bad=1${RH#?}
	boot log "root=UUID=$UUID verityhash=UUID=$HUUID roothash=$bad overlaytmpfs=yes" data.img hash.img
	ovl_expect log "ovlinit: verity: reading block 0 of /dev/mapper/root failed (I/O error, dm-verity status C)"
	ovl_expect log "ovlinit: FATAL: verifying the root (dm-verity) failed"
	ovl_reject log "OVLTEST-BEGIN"
	[ "$d" = "$(sha256sum < data.img)" ] || atf_fail "the boot changed the data image"
}

atf_test_case refused_no_superblock
refused_no_superblock_head() { atf_set descr "a hash device without a verity superblock: fatal, named"; }
refused_no_superblock_body()
{
	common
	images
	truncate -s 1M zero.img
	boot log "root=UUID=$UUID verityhash=/dev/vdb roothash=$RH" data.img zero.img
	ovl_expect log "ovlinit: verity: the hash device /dev/vdb (verityhash=) has no valid verity superblock: no verity superblock"
	ovl_expect log "ovlinit: FATAL: reading the verity superblock failed"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_init_test_cases()
{
	atf_add_test_case verified_overlay
	atf_add_test_case changed_byte
	atf_add_test_case refused_superblock_misfit
	atf_add_test_case refused_changed_inode_table
	atf_add_test_case refused_wrong_roothash
	atf_add_test_case refused_no_superblock
}
