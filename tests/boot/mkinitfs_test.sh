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

atf_init_test_cases()
{
	atf_add_test_case default_image_virtio
	atf_add_test_case default_image_sata
	atf_add_test_case default_image_usb
	atf_add_test_case default_image_nvme
	atf_add_test_case xz_module_tree_boots
}
