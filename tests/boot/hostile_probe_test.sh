#!/usr/bin/env atf-sh
# Hostile disks beside the real root (issue 16, the probes' part): every
# block device present at boot is probed by PID 1, so each of these once
# killed init (a kernel panic) or cost it millions of reads. Disk layout,
# all virtio-blk, in this order (the kernel may name them in another:
# async probe):
#   fs.img   64 MiB ext4, UUID $UUID: the real root (root=UUID=)
#   lvm.img  1 MiB: an LVM2 label in sector 1, valid CRC, whose pv_header
#            offset is 2^32 - 16 (it wrapped a 32-bit bound check: init
#            read 4 GiB past a 512-byte buffer and died)
#   fat.img  1 MiB FAT32, 512 KiB clusters, the root directory full of
#            entries and its cluster chain pointing to itself (1.6
#            million reads per probe)
#   ebr.img  1 MiB MBR: a primary, an extended partition whose EBR links
#            to itself (the kernel makes vdX1 and vdX2 of it)
#   gpt.img  1 MiB GPT of 1024 entries (128 KiB, which the kernel takes
#            and ovlinit refuses: over 64 KiB), two partitions
# Expected: the real root boots with the overlay, no segfault, no panic,
# and `ovlinit --probe` in the booted system names each refusal. The
# checksums are made valid by build/tests/tools/probe_fixup.

UUID=6b1f0c1a-7d2b-4c6e-9a81-0b2c3d4e5f60

le32() { printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
poke() { printf "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none; }

hostile_disks()
{
	fix=$B/tests/tools/probe_fixup
	[ -x "$fix" ] || atf_fail "build $fix first"
	rm -f lvm.img fat.img ebr.img gpt.img ent
	truncate -s 1M lvm.img
	poke lvm.img 512 'LABELONE\001\0\0\0\0\0\0\0'
	poke lvm.img 532 "$(le32 4294967280)LVM2 001"
	"$fix" lvm.img
	truncate -s 1M fat.img
	mkfs.vfat -F 32 -S 4096 -s 128 fat.img >/dev/null 2>&1 || atf_fail mkfs.vfat
	printf 'FILE    TXT\040' > ent; head -c 20 /dev/zero >> ent
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do cat ent ent > ent2 && mv ent2 ent; done
	dd if=ent of=fat.img bs=4096 seek=34 conv=notrunc status=none     # data area: 136 KiB
	poke fat.img $((131072 + 8)) "$(le32 2)"                           # FAT[2] = 2
	truncate -s 1M ebr.img
	printf 'label: dos\nlabel-id: 0x0badebb5\nstart=64, size=64, type=83\nstart=200, size=1000, type=5\n' |
		sfdisk -q ebr.img >/dev/null || atf_fail sfdisk
	poke ebr.img $((200 * 512 + 462)) "\\0\\0\\0\\0\\005\\0\\0\\0$(le32 0)$(le32 10)"
	poke ebr.img $((200 * 512 + 510)) '\125\252'
	truncate -s 1M gpt.img
	sgdisk -a 1 --resize-table=1024 -n 1:0:+8 -n 2:0:+8 gpt.img >/dev/null || atf_fail sgdisk
}

atf_test_case hostile_disks_beside_the_root
hostile_disks_beside_the_root_head()
{
	atf_set descr "an LVM label with a pv_header offset near 2^32, a looping FAT32 chain, a looping EBR chain and a 128 KiB GPT array beside the root: the root boots, never a panic"
}
hostile_disks_beside_the_root_body()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	cp "$B/bin/ovlinit" root/bin/ovlinit
	ovl_test_script root <<'EOF'
for d in /dev/vd*; do /bin/ovlinit --probe "$d" 2>&1; done | $bb sed 's/^/OVLTEST-PROBE: /'
EOF
	ovl_ext4 fs.img root -U "$UUID" -L ovlroot
	hostile_disks
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes" $(ovl_virtio fs.img) $(ovl_virtio lvm.img) \
		$(ovl_virtio fat.img) $(ovl_virtio ebr.img) $(ovl_virtio gpt.img)
	ovl_reject log "segfault"
	ovl_reject log "Kernel panic"
	dev=$(tr -d '\r' < log | sed -n 's|^.*ovlinit: root device: \(/dev/vd[a-z]\) .*$|\1|p' | head -n 1)
	[ -n "$dev" ] || { cat log; atf_fail "no root device line"; }
	ovl_overlay_lines log "$dev"
	ovl_expect log "OVLTEST-END"
	ovl_expect log "refused: a FAT root directory whose cluster chain loops"
	ovl_expect log "1: partition table refused: the extended partition chain loops"
	ovl_expect log "1: partition table refused: a GPT entry array over 65536 bytes"
	ovl_reject log "TYPE=LVM2_member"
}

atf_init_test_cases()
{
	atf_add_test_case hostile_disks_beside_the_root
}
