# Shared helpers of the ovlinit-toggle tests (sourced by each *_test.sh).
# The host's test directories are on the root filesystem, which the tool
# rightly refuses to edit; tgl_setup writes a mount table (--mountinfo)
# in which ./boot is a vfat boot partition and / is an ext4 root, so the
# real write path runs on real files.

tgl_setup()
{
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	TOGGLE=$B/bin/ovlinit-toggle
	FIX=$SRC/cmdline-fixtures/toggle
	[ -x "$TOGGLE" ] || atf_fail "$TOGGLE is not built (make tools)"
	mkdir -p boot
	tgl_mounts vfat rw
}

# tgl_mounts FSTYPE MNTOPTS [POINT]: the mount table: an ext4 root and
# ./boot (or POINT) as FSTYPE with the real device number of ./boot.
tgl_mounts()
{
	here=$(pwd -P)
	dev=$(stat -c '%Hd:%Ld' boot)
	printf '21 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n' > mountinfo
	printf '22 21 %s / %s %s,relatime shared:2 - %s /dev/sda1 rw,fmask=0022\n' \
		"$dev" "${3:-$here/boot}" "$2" "$1" >> mountinfo
}

# tgl ARGS...: run the tool on boot/cmdline.txt; stdout, stderr and the
# exit status go to out, err and $rc.
tgl()
{
	"$TOGGLE" -f boot/cmdline.txt --mountinfo mountinfo "$@" >out 2>err
	rc=$?
}

# tgl_no_temp: no temporary file is left in boot/.
tgl_no_temp()
{
	left=$(ls -A boot | grep -v '^cmdline.txt$' || true)
	[ -z "$left" ] || atf_fail "files left in boot/: $left"
}
