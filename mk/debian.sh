#!/bin/sh
# A real distribution for the boot tests: a Debian bookworm root made by
# debootstrap (minbase + systemd-sysv and udev, so /sbin/init is a symlink to
# /lib/systemd/systemd and /sbin is merged into /usr/sbin), packed into an
# ext4 image with mkfs.ext4 -d, with the UUID ROOT_UUID and an installer's
# /etc/fstab (the root by UUID, errors=remount-ro, and a vfat
# /boot/firmware that tests/boot/debian_test attaches as a second disk). Its one extra unit, ovlinit-check.service,
# waits for `systemctl is-system-running --wait`, prints the answer and
# what the booted system sees on /dev/ttyS0 as OVLTEST- lines, and powers
# off, so the tests need no login.
#
# usage: mk/debian.sh OUT.img
# The image is cached as OUT.img with OUT.img.key holding the key (and
# the tree as OUT.img.base.tar, below): this
# script's checksum (suite, package list, the check unit).
# A second run with the same key does nothing. debootstrap needs root
# (chroot, device nodes); the image itself is made without loop devices.
set -eu
out=$1
here=$(dirname "$0")
. "$here/mounts.sh"
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
INCLUDE=systemd-sysv,udev
# The root's filesystem UUID, and the serial of the vfat "boot partition"
# that tests/boot/debian_test attaches as a second disk: the image's
# /etc/fstab names both, the way a Debian or Raspberry Pi OS install does.
ROOT_UUID=5e0b6d1c-7a41-4c8e-9f2d-0c3a8b1e6f47
FW_SERIAL=0B0F1A7E
# The tests put a stand-in here to check the mount handling offline.
DEBOOTSTRAP=${DEBOOTSTRAP:-debootstrap}
key=$(cat "$0" "$here/mounts.sh" "$here/packtree.sh" | sha256sum | cut -c1-16)
if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi
rm -f "$out.failed"
if [ "$(id -u)" != 0 ]; then
	echo "mk/debian.sh: debootstrap needs root: no $out, tests/boot/debian_test will skip" >&2
	exit 0
fi
tree=$out.tree

# fail REASON: say why, and leave the reason in OUT.failed, where
# tests/boot/debian_test reads it (a failed image is a failing test, not a
# make error that hides the rest of the suite).
fail() {
	echo "mk/debian.sh: $*" >&2
	echo "$*" > "$out.failed"
	exit 1
}
# On every way out, nothing stays mounted in the tree: debootstrap mounts
# proc, sys and devpts in its target and can leave them there, busy.
trap 'unmount_under "$tree" || true' EXIT
trap 'exit 1' HUP INT TERM

# An earlier run may have been killed with its mounts still up: take them
# down before anything walks the tree (rm -rf into a live /proc).
unmount_under "$tree" || fail "cannot unmount what an earlier run left below $tree"
rm -rf --one-file-system "$tree" "$out" "$out.key" "$out.base.tar"
start=$(date +%s)
"$DEBOOTSTRAP" --variant=minbase --include="$INCLUDE" \
	--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
	"$SUITE" "$tree" "$MIRROR" >"$out.log" 2>&1 || {
	tail -n 30 "$out.log" >&2
	fail "debootstrap failed, log: $out.log (last line: $(tail -n 1 "$out.log"))"
}
unmount_under "$tree" || fail "debootstrap left mounts below $tree that do not come down"

# An empty machine-id lets systemd make a transient one on a read-only
# root. The fstab stays empty in the base tree (mk/debian-pkg.sh's start,
# booted without the second disk); this image gets a real one below.
echo "ovlinit-debian" > "$tree/etc/hostname"
: > "$tree/etc/fstab"
: > "$tree/etc/machine-id"
mkdir -p "$tree/boot/firmware"
rm -rf "$tree/var/cache/apt/archives"/*.deb "$tree/var/lib/apt/lists"/*_Packages

cat > "$tree/usr/local/sbin/ovlinit-check" <<'CHECK'
#!/bin/sh
# Report the booted system on the serial console, then power off.
state=$(systemctl is-system-running --wait)
exec >/dev/ttyS0 2>&1
echo "OVLTEST-BEGIN"
echo "OVLTEST-ARGV: $(tr '\0' ' ' < /proc/1/cmdline)"
echo "OVLTEST-INIT: $(readlink /proc/1/exe)"
cat /proc/mounts | grep -E ' (/|/media/root-ro|/media/root-rw|/boot/firmware) '
echo "OVLTEST-VOLATILE-ROOT: $(readlink /run/systemd/volatile-root) $(stat -L -c %t:%T /run/systemd/volatile-root 2>&1)"
echo "OVLTEST-LOWER-DEV: $(stat -c %d /media/root-ro 2>&1) $(mountpoint -d /media/root-ro 2>&1)"
df -k / /media/root-rw 2>&1 | sed 's/^/OVLTEST-DF: /'
echo "OVLTEST-REMOUNT-ENV: $(systemctl show -p Environment --value systemd-remount-fs.service)"
echo "OVLTEST-REMOUNT-ROOT: $(mount -o remount / >/dev/null 2>&1; echo $?)"
echo "OVLTEST-MOUNT-A: $(mount -a 2>&1; echo $?)"
for u in systemd-remount-fs.service boot-firmware.mount -.mount systemd-fsck-root.service; do
	echo "OVLTEST-UNIT: $u $(systemctl show -p ActiveState --value -- "$u") $(systemctl show -p Result --value -- "$u")"
	echo "OVLTEST-CONDITION: $u $(systemctl show -p ConditionResult --value -- "$u")"
done
for f in /proc/1/fd/*; do echo "OVLTEST-FD: ${f##*/} $(readlink "$f")"; done
[ -f /run/ovlinit/root ] && sed 's/^/OVLTEST-MARKER: /' /run/ovlinit/root
systemctl --failed --no-legend --plain | sed 's/^/OVLTEST-FAILED: /'
echo "OVLTEST-STATE: $state"
echo "OVLTEST-END"
systemctl poweroff
CHECK
chmod 0755 "$tree/usr/local/sbin/ovlinit-check"
cat > "$tree/etc/systemd/system/ovlinit-check.service" <<'UNIT'
[Unit]
Description=Report the boot state to the ovlinit tests

[Service]
# simple, not oneshot: startup must finish while this waits for it.
Type=simple
ExecStart=/usr/local/sbin/ovlinit-check

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/ovlinit-check.service \
	"$tree/etc/systemd/system/multi-user.target.wants/ovlinit-check.service"
# No login on ttyS0: agetty's vhangup() would cut the report off.
ln -sf /dev/null "$tree/etc/systemd/system/serial-getty@ttyS0.service"

# The tree also as OUT.img.base.tar, the start of mk/debian-pkg.sh's
# image (the package and a kernel installed from the archive), so the
# suite runs debootstrap once.
tar -C "$tree" --one-file-system -cf "$out.base.tar" . || fail "archiving $tree failed"

# A real fstab, as the installer writes it (ovlinit(8), FSTAB): the root
# by UUID with errors=remount-ro and fsck pass 1, a vfat /boot/firmware.
fw_uuid=$(echo "$FW_SERIAL" | sed 's/^\(....\)/\1-/')
cat > "$tree/etc/fstab" <<FSTAB
# /etc/fstab: static file system information.
UUID=$ROOT_UUID	/	ext4	errors=remount-ro	0	1
UUID=$fw_uuid	/boot/firmware	vfat	defaults	0	2
FSTAB
PACK_UUID=$ROOT_UUID sh "$here/packtree.sh" "$tree" "$out" ovl-debian ||
	fail "packing $tree into $out failed"
rm -rf --one-file-system "$tree"
echo "$key" > "$out.key"
echo "mk/debian.sh: $out ($(du -sh --apparent-size "$out" | cut -f1)) in $(( $(date +%s) - start )) s" >&2
