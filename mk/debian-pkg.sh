#!/bin/sh
# The Debian package at work in a real system: mk/debian.sh's bookworm
# tree (OUT.img.base.tar of its image) gets the built ovlinit .deb, then
# linux-image-amd64 from the archive (which brings initramfs-tools, beside
# ovlinit), whose postinst runs ovlinit's /etc/kernel/postinst.d hook; then the hook again with replace_initrd=yes;
# then the kernel packages are purged, whose postrm runs the postrm.d
# hook. What each step left is saved for tests/boot/debian_pkg_test
# (the host checks it), with the tree's own kernel and image, which that
# test boots; the tree, without the kernel, is packed as OUT.img.
#
# usage: mk/debian-pkg.sh OUT.img DEB BASE.img
#   OUT.kver          the kernel version linux-image-amd64 installed
#   OUT.vmlinuz, OUT.initrd   its /boot/vmlinuz and /boot/initramfs-ovlinit
#   OUT.list-image    ovlinit-mkinitfs --list-image of initramfs-ovlinit-KVER
#   OUT.list-initrd   the same of initrd.img-KVER, built with replace_initrd=yes
#   OUT.toggle-status `ovlinit-toggle status` then (stdout and stderr)
#   OUT.list-update-initramfs  --list-image of initrd.img-KVER after
#                     initramfs-tools' update-initramfs -c wrote it (and
#                     ovlinit's post-update.d hook wrote it again)
#   OUT.list-postinst --list-image of initramfs-ovlinit-KVER rebuilt by the
#                     package's postinst (a reinstall) after it was removed
#   OUT.boot-purged   ls /boot after the purge
#   OUT.log           the apt and hook output; OUT.failed the reason of a failure
# Cached with OUT.key: this script's, the .deb's and BASE's keys.
set -eu
out=$1 deb=$2 base=$3
here=$(dirname "$0")
. "$here/mounts.sh"
[ -f "$base.base.tar" ] || { echo "mk/debian-pkg.sh: no $base.base.tar: no $out" >&2; exit 0; }
key=$( { cat "$0" "$here/packtree.sh" "$base.key"; sha256sum < "$deb"; } | sha256sum | cut -c1-16)
if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi
rm -f "$out.failed"
tree=$out.tree
fail() {
	echo "mk/debian-pkg.sh: $*" >&2
	echo "$*" > "$out.failed"
	exit 1
}
trap 'unmount_under "$tree" || true' EXIT
trap 'exit 1' HUP INT TERM
unmount_under "$tree" || fail "cannot unmount what an earlier run left below $tree"
rm -rf --one-file-system "$tree" "$out" "$out.key"
mkdir -p "$tree"
tar -C "$tree" -xf "$base.base.tar" || fail "unpacking $base.base.tar failed"
cp "$deb" "$tree/tmp/ovlinit.deb"
cp "$tree/etc/resolv.conf" "$out.resolv" 2>/dev/null || : > "$out.resolv"
cp /etc/resolv.conf "$tree/etc/resolv.conf"
mount -t proc proc "$tree/proc" || fail "cannot mount proc in $tree"

# inside CMD...: run in the tree, with a clean environment, output to OUT.log.
inside() {
	echo "# $*" >> "$out.log"
	chroot "$tree" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		"$@" >> "$out.log" 2>&1
}
: > "$out.log"
inside apt-get update -q || fail "apt-get update failed, log: $out.log"
inside apt-get install -y -q --no-install-recommends /tmp/ovlinit.deb ||
	fail "installing the .deb failed, log: $out.log"
inside apt-get install -y -q --no-install-recommends linux-image-amd64 ||
	fail "installing linux-image-amd64 failed, log: $out.log"
kver=$(ls "$tree/lib/modules")
[ -n "$kver" ] && [ -f "$tree/boot/vmlinuz-$kver" ] || fail "no kernel in $tree/boot"
# ovlinit does not provide linux-initramfs-tool: the kernel brings
# initramfs-tools, which ovlinit lives beside.
chroot "$tree" dpkg-query -W -f '${Status}\n' initramfs-tools 2>/dev/null | grep -q 'install ok installed' ||
	fail "the kernel package did not bring initramfs-tools, log: $out.log"
chroot "$tree" dpkg-query -W -f '${Status}\n' ovlinit 2>/dev/null | grep -q 'install ok installed' ||
	fail "ovlinit was removed when the kernel was installed, log: $out.log"
echo "$kver" > "$out.kver"
inside ovlinit-mkinitfs --list-image "/boot/initramfs-ovlinit-$kver" || true
chroot "$tree" ovlinit-mkinitfs --list-image "/boot/initramfs-ovlinit-$kver" > "$out.list-image" 2>&1 || true
cp "$tree/boot/vmlinuz-$kver" "$out.vmlinuz"
cp "$tree/boot/initramfs-ovlinit-$kver" "$out.initrd" 2>/dev/null || rm -f "$out.initrd"
conf=$tree/etc/ovlinit/mkinitfs.conf
cp "$conf" "$out.conf"
sed -i 's/^replace_initrd=.*/replace_initrd="yes"/' "$conf"
inside /etc/kernel/postinst.d/ovlinit "$kver" "/boot/vmlinuz-$kver" || true
chroot "$tree" ovlinit-mkinitfs --list-image "/boot/initrd.img-$kver" > "$out.list-initrd" 2>&1 || true
chroot "$tree" ovlinit-toggle status > "$out.toggle-status" 2>&1 || true
# initramfs-tools (which the kernel package brought) beside ovlinit,
# replace_initrd=yes: update-initramfs writes initrd.img, then runs
# post-update.d, where ovlinit's hook writes its own again.
rm -f "$tree/boot/initrd.img-$kver"
inside update-initramfs -c -k "$kver" || true
chroot "$tree" ovlinit-mkinitfs --list-image "/boot/initrd.img-$kver" > "$out.list-update-initramfs" 2>&1 || true
cp "$out.conf" "$conf"
# The package's postinst builds the image of every kernel already there.
rm -f "$tree/boot/initramfs-ovlinit-$kver"
inside apt-get install -y -q --reinstall /tmp/ovlinit.deb || fail "reinstalling the .deb failed, log: $out.log"
chroot "$tree" ovlinit-mkinitfs --list-image "/boot/initramfs-ovlinit-$kver" > "$out.list-postinst" 2>&1 || true
sed -i 's/^replace_initrd=.*/replace_initrd="yes"/' "$conf"
inside apt-get purge -y -q linux-image-amd64 "linux-image-$kver" || fail "purging the kernel failed, log: $out.log"
ls "$tree/boot" > "$out.boot-purged"
cp "$out.conf" "$conf" && rm -f "$out.conf"
inside apt-get clean || true
rm -f "$tree/tmp/ovlinit.deb"
cp "$out.resolv" "$tree/etc/resolv.conf" && rm -f "$out.resolv"
unmount_under "$tree" || fail "cannot unmount $tree/proc"
sh "$here/packtree.sh" "$tree" "$out" ovl-debpkg || fail "packing $tree into $out failed"
rm -rf --one-file-system "$tree"
echo "$key" > "$out.key"
