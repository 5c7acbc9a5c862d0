#!/usr/bin/env atf-sh
# Differential test of the probes: `ovlinit --probe` against libblkid on
# images made by the real tools (mkfs.*, mkswap, mksquashfs, xorriso,
# cryptsetup, sfdisk, sgdisk, fdisk -b 4096), with random UUIDs and
# labels: 106 images per run. Both
# sides are reduced to lines "PART KEY=VALUE" (PART 0: the whole image)
# for TYPE, UUID, LABEL, PARTUUID and PARTLABEL, and must be equal.
# The reference: `blkid -p -o export` for the image and, with --offset
# and --size, for each partition's contents; blkid_parts (libblkid's
# partition list, built from tests/probe/blkid_parts.c) for PARTUUID
# and PARTLABEL, which the blkid command cannot print for an image.

# ---- random identifiers
rnd_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
rnd_uuid() { cat /proc/sys/kernel/random/uuid; }
rnd_num() { echo $(( $(od -An -N2 -tu2 /dev/urandom) % $1 )); }
# rnd_label MAXLEN CHARSET: 1..MAXLEN characters
rnd_label() { LC_ALL=C tr -dc "$2" </dev/urandom | head -c $(( $(rnd_num "$1") + 1 )); }
LABELCH='A-Za-z0-9 ._$-'

# ---- the filesystems, made in file $2 (which mk_fs sizes)
mk_ext() { mkfs."$1" -q -F -U "$(rnd_uuid)" -L "$(rnd_label 16 "$LABELCH")" "$2" || atf_fail "mkfs.$1"; }
mk_ext4nocsum() { mkfs.ext4 -q -F -O ^metadata_csum -U "$(rnd_uuid)" -L "$(rnd_label 16 "$LABELCH")" "$1" || atf_fail mkfs.ext4; }
mk_fat() { mkfs.vfat -F "$1" -i "$(rnd_hex 4)" -n "$(rnd_label 11 'A-Z0-9_')" "$2" >/dev/null || atf_fail "mkfs.vfat -F $1"; }
mk_btrfs() { mkfs.btrfs -q -f -U "$(rnd_uuid)" -L "$(rnd_label 30 "$LABELCH")" "$1" >/dev/null || atf_fail mkfs.btrfs; }
mk_xfs() { mkfs.xfs -q -f -m "uuid=$(rnd_uuid)$2" -L "$(rnd_label 12 'A-Za-z0-9_-')" "$1" 2>/dev/null || atf_fail mkfs.xfs; }
mk_f2fs() { mkfs.f2fs -q -f -U "$(rnd_uuid)" -l "$(rnd_label 30 "$LABELCH")" "$1" >/dev/null || atf_fail mkfs.f2fs; }
mk_squashfs() { rm -f "$1"; mksquashfs tree "$1" -noappend -quiet >/dev/null || atf_fail mksquashfs; }
# erofs-utils 1.5 has no label option.
mk_erofs() { mkfs.erofs --quiet -U"$(rnd_uuid)" "$1" tree >/dev/null 2>&1 || atf_fail mkfs.erofs; }
mk_iso() {
	rm -f "$1"
	xorriso -as mkisofs -quiet -J -V "$(rnd_label 30 'A-Z0-9_')" \
		--modification-date="20$(rnd_num 10)$(rnd_num 10)0$(( $(rnd_num 9) + 1 ))1$(rnd_num 10)0$(rnd_num 10)0$(rnd_num 10)0$(rnd_num 10)00" \
		-o "$1" tree 2>/dev/null || atf_fail xorriso
}
# LUKS: a cheap key derivation, a one-byte key file; only the header matters.
mk_luks()
{
	printf k > key
	cryptsetup luksFormat -q --type "luks$1" --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file key \
		--uuid "$(rnd_uuid)" ${3:+--label "$3"} "$2" >/dev/null 2>&1 || atf_fail "cryptsetup luks$1"
}
mk_swap() { chmod 600 "$1"; mkswap -U "$(rnd_uuid)" -L "$(rnd_label 16 "$LABELCH")" "$1" >/dev/null 2>&1 || atf_fail mkswap; }

# mk_fs TYPE FILE: the smallest size each tool takes, sparse.
mk_fs()
{
	rm -f "$2"
	case $1 in
	ext2|ext3|ext4) truncate -s 4M "$2"; mk_ext "$1" "$2" ;;
	ext4nocsum) truncate -s 4M "$2"; mk_ext4nocsum "$2" ;;
	fat12) truncate -s 2M "$2"; mk_fat 12 "$2" ;;
	fat16) truncate -s 20M "$2"; mk_fat 16 "$2" ;;
	fat32) truncate -s 40M "$2"; mk_fat 32 "$2" ;;
	btrfs) truncate -s 128M "$2"; mk_btrfs "$2" ;;
	xfs) truncate -s 300M "$2"; mk_xfs "$2" "" ;;
	xfs4) truncate -s 300M "$2"; mk_xfs "$2" ",crc=0" ;;
	f2fs) truncate -s 64M "$2"; mk_f2fs "$2" ;;
	squashfs) mk_squashfs "$2" ;;
	erofs) mk_erofs "$2" ;;
	iso9660) mk_iso "$2" ;;
	swap) truncate -s 4M "$2"; mk_swap "$2" ;;
	luks1) truncate -s 4M "$2"; mk_luks 1 "$2" ;;
	luks2) truncate -s 16M "$2"; mk_luks 2 "$2" "$(rnd_label 30 "$LABELCH")" ;;
	*) atf_fail "mk_fs: $1" ;;
	esac
}
SMALL="ext2 ext3 ext4 ext4nocsum fat12 swap squashfs erofs iso9660 luks1"
rnd_small() { set -- $SMALL; shift "$(rnd_num $#)"; echo "$1"; }

# ---- both sides as sorted "PART KEY=VALUE" lines
KEYS='^(TYPE|UUID|LABEL|PARTUUID|PARTLABEL)='
ours()
{
	"$B/bin/ovlinit" --probe "$1" 2>/dev/null | awk -v keys="$KEYS" '
		BEGIN { part = 0 }
		/^$/ { part = -1; next }
		/^PART_ENTRY_NUMBER=/ { part = substr($0, 19); next }
		$0 ~ keys { print (part < 0 ? 0 : part) " " $0 }' | sort
}
theirs()
{
	img=$1 ss=${2:-}
	{
		blkid -p -o export "$img" | grep -E "$KEYS" | sed 's/^/0 /'
		"$B/tests/probe/blkid_parts" ${ss:+-s "$ss"} "$img" > parts.txt
		grep -v '^P ' parts.txt
		grep '^P ' parts.txt | while read -r _ nr start size; do
			blkid -p -o export -O $((start * 512)) -S $((size * 512)) "$img" |
				grep -E "$KEYS" | sed "s/^/$nr /"
		done
	} | sort
}
checked=0 bad=0
compare()    # compare IMG [SECTOR]: one image, both sides
{
	ours "$1" > ours.txt
	theirs "$1" "${2:-}" > theirs.txt
	checked=$((checked + 1))
	if ! cmp -s ours.txt theirs.txt; then
		bad=$((bad + 1))
		echo "--- $1 (${3:-}): ovlinit --probe (<) and libblkid (>) differ"
		diff ours.txt theirs.txt
		cp "$1" "$1.bad" 2>/dev/null || true
	fi
}

# ---- partitioned disks; the contents go where libblkid says each
# partition starts (512-byte units), skipping the extended partition.
fill_parts()    # fill_parts IMG [SECTOR] [SKIP_NR] [COUNT]
{
	got=$("$B/tests/probe/blkid_parts" ${2:+-s "$2"} "$1" | grep -c '^P ')
	[ "$got" -gt 0 ] || atf_fail "the tools made no partition table on $1"
	[ -z "${4:-}" ] || [ "$got" = "$4" ] || atf_fail "the tools made $got partitions on $1, not $4"
	"$B/tests/probe/blkid_parts" ${2:+-s "$2"} "$1" | grep '^P ' |
	while read -r _ nr start size; do
		[ "$nr" = "${3:-}" ] && continue
		[ "$(rnd_num 5)" = 0 ] && continue      # some stay empty
		mk_fs "$(rnd_small)" part.img
		[ $(($(stat -c %s part.img) / 512)) -le "$size" ] || continue
		dd if=part.img of="$1" bs=512 seek="$start" conv=notrunc status=none
	done
}

mbr_disk()
{
	nlog=$(( $(rnd_num 4) + 1 ))
	rm -f "$1"; truncate -s $(( 2 + (3 + nlog) * 5 ))M "$1"
	{
		echo "label: dos"; echo "label-id: 0x$(rnd_hex 4)"
		echo "size=4M, type=83"; echo "size=4M, type=83"; echo "size=4M, type=c"
		echo "type=5"
		for _ in $(seq "$nlog"); do echo "size=4M, type=83"; done
	} | sfdisk -q "$1" >/dev/null || atf_fail "sfdisk"
	fill_parts "$1" "" 4 $((4 + nlog))
}

gpt512_disk()    # one sgdisk run: each run syncs and waits a second
{
	img=$1 np=$(( $(rnd_num 5) + 1 ))
	rm -f "$img"; truncate -s $(( 2 + np * 5 ))M "$img"
	set -- -o -U "$(rnd_uuid)"
	for p in $(seq "$np"); do
		set -- "$@" -n "$p:0:+4M" -u "$p:$(rnd_uuid)" -c "$p:$(rnd_label 30 'A-Za-z0-9 _.-')"
	done
	sgdisk "$@" "$img" >/dev/null 2>&1 || atf_fail sgdisk
	fill_parts "$img" "" "" "$np"
}

# fdisk_pick NP P CMD: an expert command on partition P. With one
# partition fdisk selects it without asking: a number would be read as
# the answer, and the answers after it as commands (a UUID starting
# with d deletes the partition).
fdisk_pick()
{
	if [ "$1" -gt 1 ]; then printf '%s\n%d\n' "$3" "$2"; else printf '%s\n' "$3"; fi
}
UNICODE="racine données Wurzel-ü система 根 ☃snow"
gpt4096_disk()
{
	img=$1 np=$(( $(rnd_num 4) + 1 ))
	rm -f "$img"; truncate -s $(( 2 + np * 5 ))M "$img"
	{
		echo g
		for _ in $(seq "$np"); do printf 'n\n\n\n+4M\n'; done
		printf 'x\ni\n%s\n' "$(rnd_uuid)"
		for p in $(seq "$np"); do
			set -- $UNICODE; shift "$(rnd_num $#)"
			fdisk_pick "$np" "$p" n; printf '%s %s\n' "$1" "$(rnd_label 8 'a-z0-9')"
			fdisk_pick "$np" "$p" u; printf '%s\n' "$(rnd_uuid)"
		done
		printf 'r\nw\n'
	} | fdisk -b 4096 "$img" >/dev/null 2>&1 || atf_fail "fdisk -b 4096"
	fill_parts "$img" 4096 "" "$np"
}

# ---- corruption: flip IMG OFFSET inverts one byte
flip()
{
	v=$(od -An -j "$2" -N1 -tu1 "$1" | tr -d ' ')
	printf "\\$(printf %o $(( v ^ 255 )))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# The filesystems' own tools confirm a checksum is bad (libblkid 2.38
# does not verify every type's checksum, so it cannot be the judge).
bad_ext4() { dumpe2fs -h "$1" 2>&1 | grep -q "checksum does not match"; }
bad_btrfs() { btrfs inspect-internal dump-super "$1" 2>&1 | grep -q "DON'T MATCH"; }
bad_xfs() { xfs_db -r -c "sb 0" -c "p crc" "$1" 2>&1 | grep -q "(bad)"; }
bad_erofs() { fsck.erofs "$1" 2>&1 | grep -q "chksum doesn't match"; }
# no_match IMG WHAT [CHECK]: ovlinit --probe must not report a TYPE, and the
# image must really be broken: CHECK IMG succeeds or, without CHECK,
# libblkid finds no TYPE either.
no_match()
{
	checked=$((checked + 1))
	if ours "$1" | grep -q '^0 TYPE='; then
		bad=$((bad + 1)); echo "--- $2: ovlinit --probe still matches:"; ours "$1"
	fi
	if [ -n "${3:-}" ]; then
		"$3" "$1" && return 0
		bad=$((bad + 1)); echo "--- $2: $3 does not confirm the corruption"
		return 0
	fi
	blkid -p -o export "$1" > ref.txt
	grep -q '^TYPE=' ref.txt || return 0
	bad=$((bad + 1)); echo "--- $2: libblkid still finds it:"; cat ref.txt
}

setup()
{
	B=$(cd "$(atf_config_get build)" && pwd)
	mkdir -p tree/dir && echo "probe test" > tree/dir/file && echo x > tree/other
}

# Two halves of one differential test (>= 100 images in all), so that
# kyua runs them side by side.
atf_test_case filesystems_agree_with_libblkid
filesystems_agree_with_libblkid_head()
{
	atf_set descr "ovlinit --probe and libblkid agree on 51 whole-disk filesystems made by real tools"
	atf_set timeout 900
}
filesystems_agree_with_libblkid_body()
{
	setup
	for t in ext2 ext3 ext4 ext4nocsum fat12 fat16 fat32 btrfs xfs xfs4 f2fs squashfs erofs \
		 iso9660 swap luks1 luks2; do
		for n in 1 2 3; do mk_fs "$t" fs.img; compare fs.img "" "$t"; done
	done
	echo "$checked images compared, $bad differ"
	[ "$checked" -ge 51 ] || atf_fail "only $checked images"
	[ "$bad" = 0 ] || atf_fail "$bad of $checked images differ (see above)"
}

atf_test_case tables_agree_with_libblkid
tables_agree_with_libblkid_head()
{
	atf_set descr "ovlinit --probe and libblkid agree on 55 partitioned disks (MBR with logical partitions, GPT 512 and 4096)"
	atf_set timeout 900
}
tables_agree_with_libblkid_body()
{
	setup
	for n in $(seq 20); do mbr_disk d.img; compare d.img "" "MBR"; done
	for n in $(seq 20); do gpt512_disk d.img; compare d.img "" "GPT 512"; done
	for n in $(seq 15); do gpt4096_disk d.img; compare d.img 4096 "GPT 4096"; done
	echo "$checked images compared, $bad differ"
	[ "$checked" -ge 55 ] || atf_fail "only $checked images"
	[ "$bad" = 0 ] || atf_fail "$bad of $checked images differ (see above)"
}

atf_test_case corrupt_does_not_match
corrupt_does_not_match_head()
{
	atf_set descr "flipped magic, bad checksums and truncated images are not matched"
	atf_set timeout 300
}
corrupt_does_not_match_body()
{
	setup
	mk_fs ext4 c.img; flip c.img $((1024 + 0x38)); no_match c.img "ext4 flipped magic"
	mk_fs ext4 c.img; flip c.img $((1024 + 0x78))
	no_match c.img "ext4 bad metadata_csum" bad_ext4
	mk_fs ext4 c.img; truncate -s 1500 c.img; no_match c.img "ext4 truncated"
	mk_fs btrfs c.img; flip c.img $((0x10000 + 0x12B))
	no_match c.img "btrfs bad crc32c" bad_btrfs
	mk_fs btrfs c.img; truncate -s $((0x10000 + 2048)) c.img; no_match c.img "btrfs truncated"
	mk_fs xfs c.img; flip c.img 108
	no_match c.img "xfs v5 bad crc" bad_xfs
	mk_fs erofs c.img; flip c.img $((1024 + 64))
	no_match c.img "erofs bad checksum" bad_erofs
	mk_fs fat32 c.img; flip c.img 12; no_match c.img "vfat bad sector size"
	mk_fs f2fs c.img; flip c.img 1024; no_match c.img "f2fs flipped magic"
	mk_fs iso9660 c.img; truncate -s $((0x8000 + 100)) c.img; no_match c.img "iso9660 truncated"
	mk_fs swap c.img; flip c.img $((4096 - 10)); no_match c.img "swap flipped magic"
	# GPT: a bad primary header falls back to the backup, like libblkid;
	# with both bad there is no table.
	gpt512_disk c.img; flip c.img $((512 + 16)); compare c.img "" "GPT primary header crc"
	"$B/bin/ovlinit" --probe c.img | grep -q PTTYPE=gpt || { bad=$((bad + 1)); echo "GPT backup not used"; }
	flip c.img $(( $(stat -c %s c.img) - 512 + 16 ))
	"$B/bin/ovlinit" --probe c.img | grep -q PARTUUID && { bad=$((bad + 1)); echo "GPT with two bad headers matched"; }
	[ "$bad" = 0 ] || atf_fail "$bad corrupted images were matched or differ (see above)"
}

atf_test_case fixtures
fixtures_head() { atf_set descr "the committed fixture images give their .expect output, and libblkid agrees"; }
fixtures_body()
{
	setup
	fx=$(atf_config_get srcdir)/tests/probe/fixtures
	for f in "$fx"/*.img.xz; do
		n=$(basename "$f" .img.xz)
		xz -dc "$f" > "$n.img"
		"$B/bin/ovlinit" --probe "$n.img" > "$n.out" || atf_fail "ovlinit --probe $n.img failed"
		diff -u "$fx/$n.expect" "$n.out" || { bad=$((bad + 1)); echo "--- $n: differs from $n.expect"; }
		case $n in *4k*) compare "$n.img" 4096 "$n" ;; *) compare "$n.img" "" "$n" ;; esac
	done
	[ "$checked" -ge 5 ] || atf_fail "only $checked fixtures"
	[ "$bad" = 0 ] || atf_fail "$bad fixture checks failed (see above)"
}

atf_init_test_cases()
{
	atf_add_test_case fixtures
	atf_add_test_case filesystems_agree_with_libblkid
	atf_add_test_case tables_agree_with_libblkid
	atf_add_test_case corrupt_does_not_match
}
