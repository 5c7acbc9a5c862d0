#!/usr/bin/env atf-sh
# ovlinit --probe on crafted, hostile images (issue 16): offsets and
# lengths near 2^32 (and 2^64 where the field is 64-bit) in every field
# of every format that has one, looping chains, huge tables. Each image
# is made by the real tool (mkfs.*, sfdisk, sgdisk) or with printf and
# dd at the offsets of its format, then build/tests/tools/probe_fixup
# recomputes the checksums (LVM label, GPT, ext4, btrfs, xfs, erofs) so
# the code behind them is what is tested. Every run: `timeout 10`, exit
# status 0 with a TYPE or PTTYPE found, 2 without (blkid's; no signal),
# and what was refused named on stderr (a table or a chain) or no TYPE/PTTYPE printed (a field that is not its
# format's). The positive controls show the same image is taken when
# the field is sane.

# ---- helpers
setup()
{
	B=$(atf_config_get build)
	P=$B/bin/ovlinit
	FIX=$B/tests/tools/probe_fixup
	[ -x "$P" ] && [ -x "$FIX" ] || atf_fail "build $P and $FIX first"
}
# le32 V / le64 V / be16 V / be32 V: printf escapes of V (sh arithmetic is
# 64-bit signed: 2^64-1 is written -1)
bytes() { _n=$1 _v=$2 _s= _k=0; while [ $_k -lt "$_n" ]; do _s="$_s$(printf '\\%03o' $(( (_v >> (8 * _k)) & 255 )))"; _k=$((_k + 1)); done; printf %s "$_s"; }
le32() { bytes 4 "$1"; }
le64() { bytes 8 "$1"; }
be16() { printf '\\%03o\\%03o' $(( ($1 >> 8) & 255 )) $(( $1 & 255 )); }
be32() { printf '\\%03o\\%03o\\%03o\\%03o' $(( ($1 >> 24) & 255 )) $(( ($1 >> 16) & 255 )) $(( ($1 >> 8) & 255 )) $(( $1 & 255 )); }
# poke FILE OFFSET ESCAPES
poke() { printf "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none; }
u32at() { od -An -tu4 -j $(($2)) -N4 "$1" | tr -d ' '; }
# probe FILE: run it, bounded; fail on a timeout or a signal
probe()
{
	timeout 10 "$P" --probe "$1" >out 2>err
	rc=$?
	[ "$rc" = 124 ] && atf_fail "$CASE: ovlinit --probe did not finish in 10 s"
	[ "$rc" -gt 128 ] && atf_fail "$CASE: ovlinit --probe died of signal $((rc - 128))"
	# As blkid: 0 when something was found, 2 when nothing was.
	want=2
	grep -q '^\(PT\)\?TYPE=' out && want=0
	[ "$rc" = "$want" ] || { cat out err; atf_fail "$CASE: exit $rc, not $want"; }
}
has() { grep -q "$1" out || { cat out err; atf_fail "$CASE: no '$1' in the output"; }; }
hasnt() { ! grep -q "$1" out || { cat out err; atf_fail "$CASE: '$1' in the output"; }; }
said() { grep -qF "$1" err || { cat out err; atf_fail "$CASE: not said: $1"; }; }
# variant BASE CASE: a fresh copy of the base image to poke
variant() { CASE=$2; cp "$1" img; }

# ---- LVM2 and md
lvm_label() # FILE OFFSET_XL SECTOR_XL
{
	rm -f "$1"; truncate -s 1M "$1"
	poke "$1" 512 "LABELONE$(le64 "$3")"
	poke "$1" 532 "$(le32 "$2")LVM2 001"
	poke "$1" 544 'Xb3aMuMpAVSkBLzPQ6RbJjR84Qp2CfQm'
	"$FIX" "$1"
}

atf_test_case lvm2_offsets_near_2_32
lvm2_offsets_near_2_32_head() { atf_set descr "LVM2 labels with a valid CRC and a pv_header offset near 2^32 (the init-killer) or sector_xl near 2^64 are not PVs"; }
lvm2_offsets_near_2_32_body()
{
	setup
	for off in 4294967280 4294967264 4294967295 2147483648 481 512; do
		CASE="offset_xl=$off"; lvm_label img "$off" 1; probe img; hasnt TYPE=LVM2_member
	done
	CASE="sector_xl=2^64-1"; lvm_label img 32 -1; probe img; hasnt TYPE=LVM2_member
	CASE="offset_xl=480 (control)"; lvm_label img 480 1; probe img; has TYPE=LVM2_member
}

atf_test_case md_super_offset_near_2_64
md_super_offset_near_2_64_head() { atf_set descr "an md 1.2 superblock whose super_offset times 512 wraps to 4096 is not a member"; }
md_super_offset_near_2_64_body()
{
	setup
	rm -f base; truncate -s 1M base
	poke base 4096 '\374\116\053\251\001\0\0\0'
	variant base "super_offset=2^55+8"; poke img 4224 "$(le64 36028797018963976)"; probe img
	hasnt TYPE=linux_raid_member
	variant base "super_offset=8 (control)"; poke img 4224 "$(le64 8)"; probe img
	has TYPE=linux_raid_member
}

# ---- GPT: sgdisk's table on 1 MiB, both headers and both arrays poked
GPT_BACKUP=$(( (2048 - 1) * 512 ))
GPT_BACKUP_ARRAY=$(( (2048 - 33) * 512 ))
gpt_base()
{
	rm -f base; truncate -s 1M base
	sgdisk -a 1 -n 1:40:+8 -c 1:one -n 2:60:+8 -c 2:two base >/dev/null || atf_fail sgdisk
}
gpt_hdr() { poke img $((512 + $1)) "$2"; poke img $((GPT_BACKUP + $1)) "$2"; }
gpt_entry() { poke img $((1024 + $1)) "$2"; poke img $((GPT_BACKUP_ARRAY + $1)) "$2"; }

atf_test_case gpt_fields_near_2_32_and_2_64
gpt_fields_near_2_32_and_2_64_head() { atf_set descr "GPT header and entry fields near 2^32 and 2^64, CRCs valid: refused or skipped, never wrapped"; }
gpt_fields_near_2_32_and_2_64_body()
{
	setup
	gpt_base
	variant base "control"; probe img; has PTTYPE=gpt; has PARTLABEL=one
	variant base "my_lba=2^64-1"; gpt_hdr 24 "$(le64 -1)"; "$FIX" img; probe img; hasnt PTTYPE
	variant base "header size=2^32-16"; gpt_hdr 12 "$(le32 4294967280)"; "$FIX" img; probe img; hasnt PTTYPE
	variant base "entries lba=2^55+2"; gpt_hdr 72 "$(le64 36028797018963970)"; "$FIX" img; probe img
	hasnt PTTYPE
	variant base "entries lba=2^64-1"; gpt_hdr 72 "$(le64 -1)"; "$FIX" img; probe img; hasnt PTTYPE
	variant base "entry size=2^31"; gpt_hdr 84 "$(le32 2147483648)"; "$FIX" img; probe img; hasnt PTTYPE
	variant base "entry size=2^32-128"; gpt_hdr 84 "$(le32 4294967168)"; "$FIX" img; probe img
	hasnt PTTYPE
	for n in 4294967295 33554432 16777217; do
		variant base "entries=$n"; gpt_hdr 80 "$(le32 $n)"; "$FIX" img; probe img; hasnt PTTYPE
		said "partition table refused: a GPT entry array over 65536 bytes"
	done
	# an entry past the disk is skipped as the kernel skips it; (2^55)*512 wraps to 0
	for lba in -1 36028797018963968 4294967295; do
		variant base "entry 1 first lba=$lba"; gpt_entry 32 "$(le64 "$lba")"; "$FIX" img; probe img
		has PTTYPE=gpt; hasnt PART_ENTRY_NUMBER=1; has PART_ENTRY_NUMBER=2
		variant base "entry 1 last lba=$lba"; gpt_entry 40 "$(le64 "$lba")"; "$FIX" img; probe img
		has PTTYPE=gpt; hasnt PART_ENTRY_NUMBER=1; has PART_ENTRY_NUMBER=2
	done
}

atf_test_case gpt_huge_entry_array
gpt_huge_entry_array_head() { atf_set descr "16384 GPT entries of 1 KiB (16 MiB of CRC before) are refused at once, loudly"; }
gpt_huge_entry_array_body()
{
	setup
	gpt_base
	variant base "16384 x 1 KiB"; gpt_hdr 80 "$(le32 16384)"; gpt_hdr 84 "$(le32 1024)"; "$FIX" img
	probe img; hasnt PTTYPE; said "partition table refused: a GPT entry array over 65536 bytes"
	# on a disk large enough to hold the array, its CRC valid too
	rm -f big; truncate -s 40M big
	sgdisk -a 1 -n 1:40000:+8 big >/dev/null || atf_fail sgdisk
	poke big 592 "$(le32 16384)$(le32 1024)"
	poke big $((40 * 2048 * 512 - 512 + 80)) "$(le32 16384)$(le32 1024)"
	"$FIX" big; CASE="16384 x 1 KiB, all on the disk"; probe big; hasnt PTTYPE
	said "partition table refused: a GPT entry array over 65536 bytes"
	# the largest array taken: 512 entries of 128 bytes
	rm -f cap; truncate -s 1M cap
	sgdisk -a 1 --resize-table=512 -n 1:200:+8 cap >/dev/null || atf_fail sgdisk
	CASE="512 entries (control)"; probe cap; has PTTYPE=gpt; has PART_ENTRY_NUMBER=1
}

atf_test_case gpt_200_used_entries
gpt_200_used_entries_head() { atf_set descr "a GPT with 200 used entries is refused by name (PARTUUIDs unknown), 128 are taken"; }
gpt_200_used_entries_body()
{
	setup
	rm -f img; truncate -s 1M img
	sgdisk -a 1 --resize-table=256 $(i=1; while [ $i -le 200 ]; do printf -- '-n %d:%d:%d ' $i $((100 + i)) $((100 + i)); i=$((i + 1)); done) img >/dev/null ||
		atf_fail sgdisk
	CASE="200 used"; probe img; hasnt PTTYPE
	said "partition table refused: more than 128 partitions; PARTUUID and PARTLABEL unknown"
	rm -f img; truncate -s 1M img
	sgdisk -a 1 --resize-table=256 $(i=1; while [ $i -le 128 ]; do printf -- '-n %d:%d:%d ' $i $((100 + i)) $((100 + i)); i=$((i + 1)); done) img >/dev/null ||
		atf_fail sgdisk
	CASE="128 used (control)"; probe img; has PTTYPE=gpt; has PART_ENTRY_NUMBER=128
}

# ---- MBR: sfdisk's table: a primary, an extended at 200 with two logicals
mbr_base()
{
	rm -f base; truncate -s 1M base
	printf 'label: dos\nlabel-id: 0x12345678\nstart=64, size=64, type=83\nstart=200, size=1000, type=5\nstart=264, size=64\nstart=400, size=64\n' |
		sfdisk -q base >/dev/null || atf_fail sfdisk
}
EBR1=$((200 * 512))

atf_test_case mbr_fields_near_2_32
mbr_fields_near_2_32_head() { atf_set descr "MBR and EBR starts and sizes near 2^32 are widened, never wrapped"; }
mbr_fields_near_2_32_body()
{
	setup
	mbr_base
	variant base "control"; probe img; has PTTYPE=dos; has PART_ENTRY_NUMBER=6
	variant base "primary start, size=2^32-1"; poke img $((446 + 8)) "$(le32 4294967295)$(le32 4294967295)"
	probe img; has PART_ENTRY_OFFSET=4294967295; has PART_ENTRY_SIZE=4294967295
	variant base "extended start=2^32-1"; poke img $((462 + 8)) "$(le32 4294967295)"; probe img
	has PTTYPE=dos; hasnt PART_ENTRY_NUMBER=5
	variant base "EBR link=2^32-1"; poke img $((EBR1 + 462 + 8)) "$(le32 4294967295)"; probe img
	has PART_ENTRY_NUMBER=5; hasnt PART_ENTRY_NUMBER=6
	variant base "logical start, size=2^32-1"; poke img $((EBR1 + 446 + 8)) "$(le32 4294967295)$(le32 4294967295)"
	probe img; has PART_ENTRY_OFFSET=$((200 + 4294967295))
}

atf_test_case mbr_ebr_chain_loops
mbr_ebr_chain_loops_head() { atf_set descr "a looping EBR chain ends, and is refused by name"; }
mbr_ebr_chain_loops_body()
{
	setup
	mbr_base
	variant base "EBR links to itself"; poke img $((EBR1 + 462 + 8)) "$(le32 0)"; probe img; hasnt PTTYPE
	said "partition table refused: the extended partition chain loops"
	ebr2=$(( (200 + $(u32at base $((EBR1 + 462 + 8)))) * 512 ))
	variant base "second EBR links back to the first"
	poke img $((ebr2 + 462)) "\0\0\0\0\005\0\0\0$(le32 0)$(le32 10)"; probe img; hasnt PTTYPE
	said "partition table refused: the extended partition chain loops"
}

# ---- FAT
# fill FILE FROM: directory entries "FILE    TXT" from byte FROM to the end
fill()
{
	printf 'FILE    TXT\040' > ent; head -c 20 /dev/zero >> ent
	n=$(( ($(stat -c %s "$1") - $2) / 32 ))
	_k=1; while [ $_k -lt "$n" ]; do cat ent ent > ent2; mv ent2 ent; _k=$((_k * 2)); done
	head -c $((n * 32)) ent | dd of="$1" bs=4096 seek=$(($2)) oflag=seek_bytes conv=notrunc status=none
}
fat_field() { poke img "$1" "$2"; probe img; }

atf_test_case fat32_root_chain_loops
fat32_root_chain_loops_head() { atf_set descr "FAT32 root directory chains that loop are refused in a few reads; a chain through the whole volume stops at the budget"; }
fat32_root_chain_loops_body()
{
	setup
	# the issue's image: 1 MiB, 512 KiB clusters, FAT at 128 KiB, data at 136 KiB
	rm -f base; truncate -s 1M base
	mkfs.vfat -F 32 -S 4096 -s 128 -n LOOPY base >/dev/null 2>&1 || atf_fail mkfs.vfat
	fill base 139264
	variant base "cluster 2 -> 2"; poke img $((131072 + 8)) "$(le32 2)"; probe img; hasnt '^TYPE='
	said "refused: a FAT root directory whose cluster chain loops"
	# 512-byte clusters: FAT at 16 KiB, data at 32 KiB
	rm -f base; truncate -s 1M base
	mkfs.vfat -F 32 -s 1 -n LOOPY base >/dev/null 2>&1 || atf_fail mkfs.vfat
	fill base 32768
	variant base "2 -> 3 -> 4 -> 2"
	poke img $((16384 + 8)) "$(le32 3)$(le32 4)$(le32 2)"; probe img; hasnt '^TYPE='
	said "refused: a FAT root directory whose cluster chain loops"
	variant base "a chain through every cluster"
	poke img $((16384 + 8)) "$(awk 'BEGIN { for (i = 3; i <= 1985; i++)
		printf "\\%03o\\%03o\\000\\000", i % 256, int(i / 256) }')"
	probe img; has TYPE=vfat; has LABEL=LOOPY
}

atf_test_case fat_fields_near_2_32
fat_fields_near_2_32_head() { atf_set descr "FAT boot sector lengths and counts at their maximum: no crash, bounded"; }
fat_fields_near_2_32_body()
{
	setup
	rm -f base; truncate -s 1M base
	mkfs.vfat -F 32 -s 1 -n BIG base >/dev/null 2>&1 || atf_fail mkfs.vfat
	variant base "fat32 length=2^32-1"; fat_field 0x24 "$(le32 4294967295)"
	variant base "total sectors=2^32-1"; fat_field 0x20 "$(le32 4294967295)"
	variant base "total sectors (16-bit)=2^16-1"; fat_field 0x13 '\377\377'
	variant base "root cluster=2^28-9"; fat_field 0x2C "$(le32 268435447)"
	variant base "root cluster=2^32-1"; fat_field 0x2C "$(le32 4294967295)"
	variant base "reserved=2^16-1"; fat_field 0x0E '\377\377'
	variant base "4 KiB sectors, 128 a cluster"; fat_field 0x0B '\0\020\200'
	variant base "255 FATs"; fat_field 0x10 '\377'; has TYPE=vfat
	rm -f base; truncate -s 20M base
	mkfs.vfat -F 16 -n BIG base >/dev/null || atf_fail mkfs.vfat
	fill base 43008
	variant base "fat16 root entries=2^16-1"; fat_field 0x11 '\377\377'; has TYPE=vfat
	variant base "fat16 length=2^16-1"; fat_field 0x16 '\377\377'; has TYPE=vfat
}

# ---- the other formats: their few lengths at their maximum
atf_test_case other_formats_fields_at_maximum
other_formats_fields_at_maximum_head() { atf_set descr "ext4, xfs, btrfs, erofs, squashfs, f2fs: the lengths they take from the disk at their maximum, checksums valid"; }
other_formats_fields_at_maximum_body()
{
	setup
	rm -f e; truncate -s 4M e; mkfs.ext4 -q -F e || atf_fail mkfs.ext4
	variant e "ext4 control"; probe img; has TYPE=ext4
	variant e "ext4 log_block_size=2^32-1"; poke img $((1024 + 0x18)) "$(le32 4294967295)"; "$FIX" img
	probe img; hasnt '^TYPE='
	rm -f x; truncate -s 300M x; mkfs.xfs -q -f x || atf_fail mkfs.xfs
	variant x "xfs control"; probe img; has TYPE=xfs
	variant x "xfs sectsize=2^16-1"; poke img 102 "$(be16 65535)"; "$FIX" img; probe img; hasnt '^TYPE='
	variant x "xfs blocksize=2^32-1"; poke img 4 "$(be32 4294967295)"; "$FIX" img; probe img; hasnt '^TYPE='
	variant x "xfs sectsize=32768 (largest taken)"; poke img 102 "$(be16 32768)"; poke img 4 "$(be32 65536)"
	"$FIX" img; probe img; has TYPE=xfs
	rm -f b; truncate -s 128M b; mkfs.btrfs -q -f b >/dev/null || atf_fail mkfs.btrfs
	variant b "btrfs control"; probe img; has TYPE=btrfs
	for f in "0x30 $(le64 -1)" "0x90 $(le32 4294967295)" "0x94 $(le32 4294967295)"; do
		variant b "btrfs field ${f% *}"; poke img $((0x10000 + ${f% *})) "${f#* }"; "$FIX" img
		probe img; hasnt '^TYPE='
	done
	mkdir -p tree; echo x > tree/f
	rm -f r; mkfs.erofs --quiet r tree >/dev/null 2>&1 || atf_fail mkfs.erofs
	variant r "erofs control"; probe img; has TYPE=erofs
	variant r "erofs blkszbits=255"; poke img $((1024 + 12)) '\377'; "$FIX" img; probe img; hasnt '^TYPE='
	rm -f q; mksquashfs tree q -quiet -noappend >/dev/null || atf_fail mksquashfs
	variant q "squashfs control"; probe img; has TYPE=squashfs
	variant q "squashfs bytes_used=2^64-1"; poke img 40 "$(le64 -1)"; probe img; hasnt '^TYPE='
	variant q "squashfs block_size=2^32-1"; poke img 12 "$(le32 4294967295)"; probe img; hasnt '^TYPE='
	variant q "squashfs block_log=2^16-1"; poke img 22 '\377\377'; probe img; hasnt '^TYPE='
	rm -f f; truncate -s 64M f; mkfs.f2fs -q -f f >/dev/null || atf_fail mkfs.f2fs
	variant f "f2fs control"; probe img; has TYPE=f2fs
	for o in 8 12 16 20; do
		variant f "f2fs log field at $o=2^32-1"; poke img $((1024 + o)) "$(le32 4294967295)"; probe img
		hasnt '^TYPE='
	done
}

atf_init_test_cases()
{
	atf_add_test_case lvm2_offsets_near_2_32
	atf_add_test_case md_super_offset_near_2_64
	atf_add_test_case gpt_fields_near_2_32_and_2_64
	atf_add_test_case gpt_huge_entry_array
	atf_add_test_case gpt_200_used_entries
	atf_add_test_case mbr_fields_near_2_32
	atf_add_test_case mbr_ebr_chain_loops
	atf_add_test_case fat32_root_chain_loops
	atf_add_test_case fat_fields_near_2_32
	atf_add_test_case other_formats_fields_at_maximum
}
