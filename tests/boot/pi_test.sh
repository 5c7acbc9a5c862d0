#!/usr/bin/env atf-sh
# An emulated Raspberry Pi 3 (qemu-system-aarch64 -M raspi3b) boots
# Debian's arm64 kernel with the arm64 ovlinit (make ARCH=arm64, in
# BUILD/arm64) from its SD card. Disk layout, like a Pi's card: one 64 MiB
# SD card image (QEMU wants a power of two), MBR with disk identifier
# $DISKID: partition 1 vfat (16 MiB from 1 MiB, holding cmdline.txt),
# partition 2 ext4 (the rest, UUID $UUID) holding an arm64 busybox, the
# test init and the vfat modules (store_image_and_once adds persist.img
# and config.txt to partition 1). Nothing names the SD controller's
# driver: init must load it by its device-tree modalias.
#
# The console is where the command line puts it: console=ttyAMA0 is the
# PL011 (QEMU's first -serial); without console=, the device tree's
# stdout-path, the Pi 3's mini UART (ttyS0, QEMU's second -serial). The
# test reads both.
#
# QEMU's -kernel boot stands in for the Pi firmware: like the firmware,
# the test reads the command line from cmdline.txt on the card (and puts
# panic=-1 before it, so a failed boot ends the VM at once). poweroff only
# halts a raspi3b, so the test stops QEMU once the test init is done.

DISKID=1a2b3c4d
UUID=3d0c5e1f-2a4b-4c6d-8e9f-0a1b2c3d4e5f
RPIOS_CMDLINE="console=ttyAMA0 root=PARTUUID=$DISKID-02 rootfstype=ext4 rootwait overlaytmpfs=yes"
ALPINE_CMDLINE="root=UUID=$UUID modules=sd-mod,usb-storage,ext4 quiet overlaytmpfs=yes"

pi_setup()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	PI=$B/arm64
	[ -f "$PI/initramfs.img" ] || atf_fail "no arm64 build in $PI (make ARCH=arm64 BUILD=$PI)"
	PI_KVER=$(cat "$PI/kernel/kver")
	PI_DTB=$PI/kernel/root/usr/lib/linux-image-$PI_KVER/broadcom/bcm2837-rpi-3-b.dtb
}

# pi_root DIR: the test root for arm64: ovl_root's tree with the arm64
# busybox, and the modules a mount of the vfat boot partition needs.
pi_root()
{
	ovl_root "$1"
	cp "$PI/busybox" "$1/bin/busybox"
	mkdir -p "$1/lib/modules" "$1/boot/firmware"
	for m in fat vfat nls_cp437 nls_ascii; do
		ko=$(find "$PI/kernel/root/lib/modules" -name "$m.ko*")
		[ -n "$ko" ] || atf_fail "no $m module in the arm64 kernel"
		cp "$ko" "$1/lib/modules/"
	done
}

# pi_card IMG ROOTDIR CMDLINE: the SD card image.
pi_card()
{
	img=$1
	rm -f "$img" boot.img root.img
	truncate -s 64M "$img"
	printf 'label: dos\nlabel-id: 0x%s\nstart=2048, size=32768, type=c\nstart=34816, type=83\n' \
		"$DISKID" | sfdisk -q "$img" || atf_fail "sfdisk failed"
	truncate -s 16M boot.img
	mkfs.vfat -n BOOT -i 1a2b3c4d boot.img >/dev/null || atf_fail "mkfs.vfat failed"
	printf '%s\n' "$3" > cmdline.txt
	mcopy -i boot.img cmdline.txt ::cmdline.txt || atf_fail "mcopy failed"
	truncate -s $(( (131072 - 34816) * 512 )) root.img
	mkfs.ext4 -q -F -d "$2" -U "$UUID" root.img || atf_fail "mkfs.ext4 failed"
	dd if=boot.img of="$img" bs=512 seek=2048 conv=notrunc status=none
	dd if=root.img of="$img" bs=512 seek=34816 conv=notrunc status=none
	rm -f boot.img root.img cmdline.txt
}

# pi_firmware IMG: the command line the Pi firmware would pass: the first
# line of cmdline.txt on the card's first partition.
pi_firmware()
{
	mtype -i "$1@@1M" ::cmdline.txt | head -n 1 | tr -d '\r'
}

# pi_boot LOG IMG: boot the card, stop QEMU when the test init is done
# (or the kernel halted or panicked). Prints the guest and wall time.
pi_boot()
{
	log=$1 img=$2
	append="panic=-1 $(pi_firmware "$img")"
	echo "booting with: $append"
	start=$(date +%s%N)
	rm -f "$log" "$log.pl011" "$log.aux"
	timeout "${OVL_TIMEOUT:-180}" qemu-system-aarch64 -M raspi3b -m 1G \
		-display none -monitor none -no-reboot \
		-serial "file:$log.pl011" -serial "file:$log.aux" \
		-kernel "$PI/kernel/vmlinuz" -dtb "$PI_DTB" -initrd "$PI/initramfs.img" \
		-drive "file=$img,if=sd,format=raw" -append "$append" </dev/null &
	qemu=$!
	while kill -0 "$qemu" 2>/dev/null; do
		cat "$log.pl011" "$log.aux" > "$log" 2>/dev/null
		grep -qaE 'OVLTEST-END|reboot: System halted|Kernel panic' "$log" && break
		sleep 0.2
	done
	sleep 0.5   # the rest of the line being written
	kill "$qemu" 2>/dev/null
	wait "$qemu" 2>/dev/null
	cat "$log.pl011" "$log.aux" > "$log"
	end=$(date +%s%N)
	guest=$(sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p' "$log" | tail -n 1)
	echo "PI-TIME: guest ${guest:-?} s, wall $(( (end - start) / 1000000 )) ms"
	grep -aE 'Run /init|ovlinit:|OVLTEST-(RESULT|TOGGLE|MMC)' "$log" | tr -d '\r'
}

# The test init's overlay lines, with the SD card's partition below.
pi_expect_overlay()
{
	ovl_overlay_lines "$1" /dev/mmcblk0p2
	ovl_expect "$1" "OVLTEST-RESULT: root=overlayfs overlay rw,"
}

# pi_ovltest DIR: the test's own check in the booted Pi: which SD host
# drivers are loaded (nothing named them: the device tree's modaliases).
pi_ovltest()
{
	ovl_test_script "$1" <<'EOF'
echo "OVLTEST-MMC: $($bb awk '$1=="bcm2835"||$1=="sdhci_iproc" {print $1}' /proc/modules | $bb sort | $bb tr '\n' ' ')"
EOF
}

atf_test_case raspios_partuuid
raspios_partuuid_head() { atf_set descr "Raspberry Pi OS cmdline.txt: root=PARTUUID=...-02 rootwait overlaytmpfs=yes on the SD card"; }
raspios_partuuid_body()
{
	pi_setup
	pi_root root
	pi_ovltest root
	pi_card sd.img root "$RPIOS_CMDLINE"
	pi_boot log sd.img
	pi_expect_overlay log
	ovl_expect log "OVLTEST-MMC: bcm2835 sdhci_iproc"
	ovl_expect log "OVLTEST-PID: 1"
}

atf_test_case alpine_uuid
alpine_uuid_head() { atf_set descr "Alpine's cmdline.txt: root=UUID= modules=sd-mod,usb-storage,ext4 quiet overlaytmpfs=yes"; }
alpine_uuid_body()
{
	pi_setup
	pi_root root
	pi_ovltest root
	pi_card sd.img root "$ALPINE_CMDLINE"
	pi_boot log sd.img
	pi_expect_overlay log
	ovl_expect log "OVLTEST-MMC: bcm2835 sdhci_iproc"
	# quiet: ovlinit's informational lines stay off the console.
	ovl_reject log "ovlinit: root device:"
}

# pi_ovltest_toggle DIR: in the booted Pi, when its root is the overlay:
# mount the boot partition where Raspberry Pi OS has it and turn the
# overlay off with ovlinit-toggle, as its owner would before an upgrade.
pi_ovltest_toggle()
{
	mkdir -p "$1/usr/bin"
	cp "$PI/bin/ovlinit-toggle" "$1/usr/bin/ovlinit-toggle" ||
		atf_fail "no arm64 ovlinit-toggle in $PI/bin"
	ovl_test_script "$1" <<'EOF'
if $bb grep -q '^overlayfs / ' /proc/mounts; then
	for m in fat vfat nls_cp437 nls_ascii; do $bb insmod /lib/modules/$m.ko; done
	$bb mount -t vfat /dev/mmcblk0p1 /boot/firmware
	/usr/bin/ovlinit-toggle off
	echo "OVLTEST-TOGGLE: exit $?"
	echo "OVLTEST-CMDLINE: [$($bb cat /boot/firmware/cmdline.txt)]"
	$bb umount /boot/firmware
fi
EOF
}

atf_test_case toggle_off
toggle_off_head() { atf_set descr "ovlinit-toggle off in the booted Pi: the next boot of the same card has no overlay"; }
toggle_off_body()
{
	pi_setup
	# Until the toggle tool (issue 8) is in the tree; once its source is
	# here, a missing binary is a failure.
	[ -f "$SRC/tools/ovlinit-toggle/main.c" ] || atf_skip "no tools/ovlinit-toggle/main.c in this tree"
	pi_root root
	pi_ovltest_toggle root
	pi_card sd.img root "$RPIOS_CMDLINE"
	pi_boot log1 sd.img
	pi_expect_overlay log1
	ovl_expect log1 "OVLTEST-TOGGLE: exit 0"
	ovl_expect log1 "OVLTEST-CMDLINE: [console=ttyAMA0 root=PARTUUID=$DISKID-02 rootfstype=ext4 rootwait]"
	[ "$(pi_firmware sd.img)" = "console=ttyAMA0 root=PARTUUID=$DISKID-02 rootfstype=ext4 rootwait" ] ||
		atf_fail "cmdline.txt on the card: $(pi_firmware sd.img)"
	pi_boot log2 sd.img
	ovl_expect log2 "OVLTEST-RESULT: root=/dev/mmcblk0p2 ext4 ro,"
	ovl_reject log2 "overlayfs on / type overlay"
	ovl_reject log2 "OVLTEST-TOGGLE"
}

# pi_card_store IMG ROOTDIR CMDLINE: pi_card, and on partition 1 the
# Alpine page's persist.img (an 8 MiB ext4 made by mkfs.ext4) and a
# config.txt, as on a Pi's card.
pi_card_store()
{
	pi_card "$@"
	truncate -s 8M persist.img
	mkfs.ext4 -q -F persist.img || atf_fail "mkfs.ext4 failed"
	printf 'arm_64bit=1\ninitramfs pi.img followkernel\n' > config.txt
	mcopy -i "$1@@1M" persist.img config.txt :: || atf_fail "mcopy failed"
	rm -f persist.img config.txt
}

atf_test_case store_image_and_once
store_image_and_once_head() { atf_set descr "the page's card: persist.img on mmcblk0p1 is the upper, changes survive; off --once writes a tryboot.txt"; }
store_image_and_once_body()
{
	pi_setup
	pi_root root
	mkdir -p root/usr/bin
	cp "$PI/bin/ovlinit-toggle" root/usr/bin/ovlinit-toggle || atf_fail "no arm64 ovlinit-toggle"
	ovl_test_script root <<'EOF'
echo "OVLTEST-STATE: $($bb cat /newfile 2>/dev/null || echo none)"
echo "OVLTEST-MARKER: $($bb cat /run/ovlinit/root | $bb tr '\n' ' ')"
if ! [ -e /newfile ]; then
	echo written > /newfile
	/usr/bin/ovlinit-toggle off --once
	echo "OVLTEST-TOGGLE: exit $?"
	/usr/bin/ovlinit-toggle status | $bb sed 's/^/OVLTEST-STATUS: /'
fi
$bb sync
$bb sync
EOF
	pi_card_store sd.img root "$RPIOS_CMDLINE overlaystore=/dev/mmcblk0p1:/persist.img"
	pi_boot log1 sd.img
	ovl_expect log1 "OVLTEST-STATE: none"
	ovl_expect_line log1 "/dev/loop0 on /media/root-rw type ext4 (rw,relatime)"
	ovl_expect log1 "OVLINIT_STORE=/dev/loop0 OVLINIT_STORE_FSTYPE=ext4 OVLINIT_STORE_IMAGE=/media/mmcblk0p1/persist.img OVLINIT_STORE_MODE=upper"
	ovl_expect log1 "ovlinit-toggle: using /media/mmcblk0p1/cmdline.txt"
	ovl_expect log1 "to boot it once: reboot '0 tryboot'"
	ovl_expect log1 "OVLTEST-TOGGLE: exit 0"
	ovl_expect log1 "OVLTEST-STATUS: one-shot boot: pending: /media/mmcblk0p1/tryboot.txt"
	ovl_expect log1 "OVLTEST-STATUS: next boot overlay: yes"
	# What the firmware would read, from the card: cmdline.txt unchanged,
	# tryboot.txt naming the copy without the overlay.
	[ "$(pi_firmware sd.img)" = "$RPIOS_CMDLINE overlaystore=/dev/mmcblk0p1:/persist.img" ] ||
		atf_fail "cmdline.txt changed: $(pi_firmware sd.img)"
	mtype -i "sd.img@@1M" ::tryboot.txt > tryboot.txt || atf_fail "no tryboot.txt on the card"
	[ "$(tail -n 1 tryboot.txt | tr -d '\r')" = "cmdline=cmdline-ovlinit-once.txt" ] ||
		{ cat tryboot.txt; atf_fail "tryboot.txt does not end with our cmdline="; }
	head -n 2 tryboot.txt | tr -d '\r' > head.txt
	printf 'arm_64bit=1\ninitramfs pi.img followkernel\n' | cmp -s - head.txt ||
		{ cat tryboot.txt; atf_fail "tryboot.txt does not start with config.txt"; }
	once=$(mtype -i "sd.img@@1M" ::cmdline-ovlinit-once.txt | head -n 1 | tr -d '\r')
	[ "$once" = "console=ttyAMA0 root=PARTUUID=$DISKID-02 rootfstype=ext4 rootwait overlaystore=/dev/mmcblk0p1:/persist.img" ] ||
		atf_fail "cmdline-ovlinit-once.txt: $once"
	pi_boot log2 sd.img
	ovl_expect log2 "OVLTEST-STATE: written"
	ovl_reject log2 "OVLTEST-TOGGLE"
	# Both poweroffs went back to the initramfs (the test init does what
	# systemd-shutdown does), which released the image and the boot
	# partition: its dirty bit is clear.
	for l in log1 log2; do
		ovl_expect $l "ovlinit: shutdown: the store /dev/loop0 is released"
		ovl_expect $l "ovlinit: shutdown: the host /dev/mmcblk0p1 is released"
	done
	set -- $(sfdisk -d sd.img | sed -n 's/^sd.img1 : start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p')
	[ -n "${2:-}" ] || atf_fail "no first partition on sd.img"
	dd if=sd.img of=p1.img bs=512 skip="$1" count="$2" status=none
	fsck.vfat -n p1.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "fsck.vfat -n failed"; }
	grep -qi dirty fsck.out && { cat fsck.out; atf_fail "the boot partition was not cleanly unmounted"; }
	return 0
}

atf_init_test_cases()
{
	atf_add_test_case store_image_and_once
	atf_add_test_case raspios_partuuid
	atf_add_test_case alpine_uuid
	atf_add_test_case toggle_off
}
