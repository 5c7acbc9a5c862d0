#!/usr/bin/env atf-sh
# Images made by ovlinit-mkinitfs boot. Disk layout: one disk, a
# whole-disk ext4 filesystem (no partition table) with UUID $UUID holding
# busybox and the test init, attached on the bus the test names
# (virtio-blk, SATA on q35's AHCI, usb-storage behind xhci, NVMe).
# The default image is build/initramfs.img: the Makefile builds it with
# the default features. xz_module_tree_boots builds its own image from
# a copy of the test kernel's modules recompressed as .ko.xz.

UUID=3c0e4a52-9b1d-4f7e-8a26-5d1f0e2b7c94

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	ovl_ext4 disk.img root -U "$UUID"
}

# boot_bus BUS DEVICE: the root on BUS is found as DEVICE and mounted.
boot_bus()
{
	common
	ovl_boot log "root=UUID=$UUID" $(ovl_disk "$1" disk.img)
	ovl_expect log "OVLTEST-RESULT: root=$2 ext4 ro,"
}

atf_test_case default_image_virtio
default_image_virtio_head() { atf_set descr "the default image boots a root on virtio-blk"; }
default_image_virtio_body() { boot_bus virtio /dev/vda; }

atf_test_case default_image_sata
default_image_sata_head() { atf_set descr "the default image boots a root on a SATA (AHCI) disk"; }
default_image_sata_body() { boot_bus sata /dev/sda; }

atf_test_case default_image_usb
default_image_usb_head() { atf_set descr "the default image boots a root on a usb-storage disk"; }
default_image_usb_body() { boot_bus usb /dev/sda; }

atf_test_case default_image_nvme
default_image_nvme_head() { atf_set descr "the default image boots a root on an NVMe disk"; }
default_image_nvme_body() { boot_bus nvme /dev/nvme0n1; }

# xz_tree KVER OUT: the modules the "base ext4 virtio" features need,
# recompressed as .ko.xz under OUT, with the kernel's modules.order and
# builtin lists, depmod'ed.
xz_tree()
{
	src=$B/kernel/root/lib/modules/$1
	dst=$2/lib/modules/$1
	"$B/bin/ovlinit-mkinitfs" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" \
		-F "base ext4 virtio" -l "$1" | sed -n "s|^/lib/modules/$1/||p" | grep '\.ko$' > mods ||
		atf_fail "listing the modules failed"
	[ -s mods ] || atf_fail "no modules listed"
	while read -r m; do
		mkdir -p "$dst/$(dirname "$m")"
		xz -c -1 -T1 --check=crc32 "$src/$m" > "$dst/$m.xz" || atf_fail "xz $m failed"
	done < mods
	cp "$src/modules.order" "$src/modules.builtin" "$src/modules.builtin.modinfo" "$dst/"
	depmod -b "$2" "$1" || atf_fail "depmod failed"
	[ "$(grep -c '\.ko\.xz:' "$dst/modules.dep")" = "$(wc -l < mods)" ] ||
		atf_fail "depmod did not index every .ko.xz"
}

atf_test_case xz_module_tree_boots
xz_module_tree_boots_head() { atf_set descr "an image built from a .ko.xz module tree boots (modules stored decompressed)"; }
xz_module_tree_boots_body()
{
	common
	xz_tree "$KVER" xzroot
	"$B/bin/ovlinit-mkinitfs" -P "$SRC/modules" -i "$B/init" -b xzroot \
		-F "base ext4 virtio" -C gzip -o xz.img "$KVER" || atf_fail "building from the .ko.xz tree failed"
	mkdir x && (cd x && gzip -dc ../xz.img | cpio -id --quiet) || atf_fail "unpacking failed"
	[ -z "$(find x -name '*.ko.xz')" ] || atf_fail "the image holds compressed modules"
	cmp x/lib/modules/"$KVER"/kernel/fs/ext4/ext4.ko "$B/kernel/root/lib/modules/$KVER/kernel/fs/ext4/ext4.ko" ||
		atf_fail "ext4.ko differs from the original"
	INITRD=$(pwd)/xz.img
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes" $(ovl_disk virtio disk.img)
	ovl_expect log "/dev/vda on /media/root-ro type ext4 (ro,relatime)"
	ovl_expect log "OVLTEST-RESULT: root=overlayfs overlay rw,"
}

# The test root's report of what -F auto reads, on the console:
# OVLTEST-MI: the mountinfo lines of / and /media/root-ro; OVLTEST-BLK:
# MAJ:MIN and the sysfs directory of the root's device (OVLTEST-PART if
# it is a partition); OVLTEST-DRV: each device from there up to
# /sys/devices with a driver: its path, driver, module ("-": none).
sysfs_report()
{
	ovl_test_script root <<'EOF2'
[ -d /sys/dev ] || $bb mount -t sysfs sysfs /sys
$bb awk '$5=="/" || $5=="/media/root-ro" {print "OVLTEST-MI: " $0}' /proc/self/mountinfo
dev=$($bb awk '$5=="/media/root-ro" {print $3}' /proc/self/mountinfo)
p=$($bb readlink -f "/sys/dev/block/$dev")
echo "OVLTEST-BLK: $dev $p"
[ -e "$p/partition" ] && echo "OVLTEST-PART"
while [ "${#p}" -gt 12 ]; do
	if [ -L "$p/driver" ]; then
		m=-
		[ -L "$p/driver/module" ] && m=$($bb basename "$($bb readlink -f "$p/driver/module")")
		echo "OVLTEST-DRV: $p $($bb basename "$($bb readlink -f "$p/driver")") $m"
	fi
	p=${p%/*}
done
EOF2
}

# host_tree LOG: the host tree (host/) of sysfs_report's lines in LOG,
# laid out as tests/tools/mkinitfs_auto_test does.
host_tree()
{
	tr -d '\r' < "$1" > report
	mkdir -p host/proc/self host/sys/dev/block host/sys/devices host/sys/module
	sed -n 's/^OVLTEST-MI: //p' report > host/proc/self/mountinfo
	set -- $(sed -n 's/^OVLTEST-BLK: //p' report)
	[ $# = 2 ] && [ "${2#/sys/devices/}" != "$2" ] || atf_fail "no root device in the report"
	mkdir -p "host$2"
	ln -s "$(pwd)/host$2" "host/sys/dev/block/$1"
	! grep -q '^OVLTEST-PART' report || echo 1 > "host$2/partition"
	sed -n 's/^OVLTEST-DRV: //p' report | while read -r dev drv mod; do
		mkdir -p "host$dev" "host/sys/bus/x/drivers/$drv"
		ln -sfn "$(pwd)/host/sys/bus/x/drivers/$drv" "host$dev/driver"
		[ "$mod" = - ] && continue
		mkdir -p "host/sys/module/$mod"
		ln -sfn "$(pwd)/host/sys/module/$mod" "host/sys/bus/x/drivers/$drv/module"
	done
}

atf_test_case auto_image_boots
auto_image_boots_head() { atf_set descr "-F auto on the test machine's virtio root (its sysfs, read on an overlay boot) packs virtio, ext4 and overlay, no bigger than make bench's needed image, and boots"; }
auto_image_boots_body()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	sysfs_report
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log1 "root=UUID=$UUID overlaytmpfs=yes" $(ovl_disk virtio disk.img)
	ovl_expect log1 "OVLTEST-DRV: "
	host_tree log1
	mk="$B/bin/ovlinit-mkinitfs -P $SRC/modules -i $B/init -b $B/kernel/root"
	$mk --host-root host -F auto -l "$KVER" > list 2> why || { cat why; atf_fail "-F auto -l failed"; }
	cat why
	for m in virtio_blk virtio_pci ext4 overlay; do
		grep -q "/$m\.ko$" list || atf_fail "-F auto did not pack $m.ko"
	done
	! grep -qE '/(ahci|sd_mod|nvme|usb-storage|xhci-pci|virtio_scsi|vfat)\.ko$' list ||
		atf_fail "-F auto packed another bus's or filesystem's module"
	# make bench's "needed" image of a virtio root: -F "base ext4 virtio".
	$mk --host-root host -F auto -o auto.img "$KVER" 2> err || { cat err; atf_fail "building failed"; }
	$mk -F "base ext4 virtio" -o needed.img "$KVER" 2> err || { cat err; atf_fail "building failed"; }
	$mk --host-root host -F auto -l "$KVER" | grep '\.ko$' > a.mods
	$mk -F "base ext4 virtio" -l "$KVER" | grep '\.ko$' > n.mods
	[ -z "$(comm -23 a.mods n.mods)" ] || atf_fail "-F auto packs more: $(comm -23 a.mods n.mods)"
	a=$(wc -c < auto.img) n=$(wc -c < needed.img)
	echo "auto.img $a bytes, needed.img $n bytes"
	[ "$a" -le "$n" ] || atf_fail "auto.img ($a bytes) is bigger than needed.img ($n)"
	INITRD=$(pwd)/auto.img
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes" $(ovl_disk virtio disk.img)
	ovl_expect log "/dev/vda on /media/root-ro type ext4 (ro,relatime)"
	ovl_expect log "OVLTEST-RESULT: root=overlayfs overlay rw,"
}

atf_init_test_cases()
{
	atf_add_test_case default_image_virtio
	atf_add_test_case default_image_sata
	atf_add_test_case default_image_usb
	atf_add_test_case default_image_nvme
	atf_add_test_case xz_module_tree_boots
	atf_add_test_case auto_image_boots
}
