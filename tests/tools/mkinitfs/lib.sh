# shellcheck shell=sh
# Helpers of the ovlinit-mkinitfs tests (tests/tools/mkinitfs*_test.sh),
# sourced in a test body. The fixture module tree (built in each test's
# work directory from tests/tools/mkinitfs/tree) holds 14 modules of the
# test kernel, some compressed with xz and zstd, depmod'ed, with
# modprobe.d files in etc/ and lib/; the fixture features are in
# tests/tools/mkinitfs/features. Expected listings: *.list, with @KVER@
# for the kernel version.

mk_setup()
{
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	KVER=$(cat "$B/kernel/kver")
	KMODS=$B/kernel/root/lib/modules/$KVER
	MK=$B/bin/ovlinit-mkinitfs
	FIX=$SRC/tests/tools/mkinitfs
}

# mk_fixture DIR: the fixture module tree under DIR.
mk_fixture()
{
	d=$1/lib/modules/$KVER
	mkdir -p "$d" "$1/etc/modprobe.d" "$1/lib/modprobe.d"
	grep -v '^#' "$FIX/tree" | while read -r fmt path; do
		mkdir -p "$d/$(dirname "$path")"
		case $fmt in
		none) cp "$KMODS/$path" "$d/$path" ;;
		xz)   xz -c -1 -T1 --check=crc32 "$KMODS/$path" > "$d/$path.xz" ;;
		zst)  zstd -q -c "$KMODS/$path" > "$d/$path.zst" ;;
		esac
	done
	cp "$KMODS/modules.order" "$KMODS/modules.builtin" "$KMODS/modules.builtin.modinfo" "$d/"
	depmod -b "$1" "$KVER" || atf_fail "depmod on the fixture failed"
	cp "$FIX/etc-modprobe.conf" "$1/etc/modprobe.d/fixture.conf"
	cp "$FIX/lib-modprobe.conf" "$1/lib/modprobe.d/fixture.conf"
}

# mk ARGS...: the tool on the fixture tree ./base with the fixture features.
mk()
{
	"$MK" -P "$FIX/features" -i "$B/init" -b base "$@" "$KVER"
}

# mk_expect NAME: the stdout file equals $FIX/NAME.list with @KVER@ set.
mk_expect()
{
	sed "s/@KVER@/$KVER/g" "$FIX/$1.list" > expected
	diff -u expected stdout || atf_fail "the listing differs from $1.list"
}

# mk_unpack IMG DIR: extract an uncompressed image.
mk_unpack()
{
	mkdir -p "$2" && (cd "$2" && cpio -id --quiet < "../$1") || atf_fail "cpio -i $1 failed"
}
