# Shared helpers of the QEMU boot tests (sourced by each *_test.sh).
# Every boot: the Debian kernel from build/kernel, the initramfs from
# build/, q35, TCG (KVM does not work on these machines), 256 MiB,
# -no-reboot and panic=-1 on the command line unless a test sets its
# own, so a failing init ends the VM at once. no_timer_check: on a loaded
# host, TCG's slow timer made the kernel's IO-APIC timer check panic
# ("IO-APIC + timer doesn't work!") before init ran; the check is for
# broken hardware, not for us.

ovl_setup()
{
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	KVER=$(cat "$B/kernel/kver")
	KERNEL=$B/kernel/vmlinuz
	INITRD=${INITRD:-$B/initramfs.img}
}

# ovl_root DIR: a minimal root filesystem tree: static busybox and the
# test init at /sbin/init.
ovl_root()
{
	mkdir -p "$1/bin" "$1/sbin" "$1/etc" "$1/dev" "$1/proc" "$1/sys" "$1/run" "$1/tmp" "$1/media"
	cp /bin/busybox "$1/bin/busybox"
	cp "$SRC/tests/boot/testinit.sh" "$1/sbin/init"
	chmod 0755 "$1/sbin/init"
	echo "root filesystem made by ovlinit's tests" > "$1/etc/motd"
}

# ovl_vfat_root DIR: a test root (ovl_root) with build/bin/ovlinit-toggle,
# an empty /boot/firmware, and the vfat modules with what they need in
# /lib/ovltest, their load order in /lib/ovltest/order (the test init's
# ovltest_modules loads them).
ovl_vfat_root()
{
	ovl_root "$1"
	mkdir -p "$1/boot/firmware" "$1/lib/ovltest"
	cp "$B/bin/ovlinit-toggle" "$1/bin/" || atf_fail "no $B/bin/ovlinit-toggle (make tools)"
	: > "$1/lib/ovltest/order"
	for mod in vfat nls_cp437 nls_ascii; do
		for ko in $(modprobe -D -S "$KVER" -d "$B/kernel/root" "$mod" | sed -n 's/^insmod //p'); do
			name=$(basename "$ko")
			grep -qxF "$name" "$1/lib/ovltest/order" && continue
			cp "$ko" "$1/lib/ovltest/" || atf_fail "cannot copy $ko"
			echo "$name" >> "$1/lib/ovltest/order"
		done
	done
}

# ovl_vfat_img IMG LINE KIB [mkfs.vfat options...]: a KIB KiB whole-disk
# vfat "boot partition" labelled BOOT, made without privileges: cmdline.txt
# holding LINE, and config.txt.
ovl_vfat_img()
{
	img=$1
	printf '%s\n' "$2" > cmdline.txt
	printf 'arm_64bit=1\n' > config.txt
	rm -f "$img"
	shift 2
	kib=$1
	shift
	mkfs.vfat "$@" -C -n BOOT "$img" "$kib" >/dev/null || atf_fail "mkfs.vfat $* failed"
	mcopy -i "$img" cmdline.txt config.txt :: || atf_fail "mcopy failed"
}

# ovl_vfat_booted LOG: the test root's /etc/ovltest found the boot disk
# and mounted it with the test init's ovltest_boot_disk (printing
# OVLTEST-MOUNTED). Sets bootdev and rootdev, the kernel's
# names in this boot of the boot disk and of the root (or "overlayfs").
ovl_vfat_booted()
{
	ovl_reject "$1" "OVLTEST-NODEV"
	ovl_reject "$1" "OVLTEST-INSMOD-FAILED"
	ovl_expect "$1" "OVLTEST-MOUNTED"
	bootdev=$(ovl_log_value "$1" "OVLTEST-DEV: LABEL=BOOT is ") || exit 1
	rootdev=$(ovl_log_value "$1" "OVLTEST-ROOT: ") || exit 1
	rootdev=${rootdev%% *}
}

# ovl_vfat_boot LOG APPEND: boot the tree ./root as an ext4 disk (UUID
# $UUID) beside ./boot.img (ovl_vfat_img), with root=UUID=$UUID APPEND;
# then ovl_vfat_booted LOG.
ovl_vfat_boot()
{
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot "$1" "root=UUID=$UUID${2:+ $2}" $(ovl_disk virtio disk.img) $(ovl_disk virtio boot.img)
	ovl_vfat_booted "$1"
}

# ovl_ext4 IMG DIR [mkfs.ext4 options...]: a 64 MiB ext4 image holding
# DIR, made without privileges.
ovl_ext4()
{
	img=$1 dir=$2
	shift 2
	rm -f "$img"
	truncate -s 64M "$img"
	mkfs.ext4 -q -F -d "$dir" "$@" "$img" || atf_fail "mkfs.ext4 failed"
}

# ovl_boot LOG APPEND QEMU-ARGS...: boot and wait for QEMU to exit.
# Output goes to LOG. Returns QEMU's exit status (124 on timeout).
ovl_boot()
{
	log=$1 append=$2
	shift 2
	timeout "${OVL_TIMEOUT:-180}" qemu-system-x86_64 -accel tcg -M q35 -m "${OVL_MEM:-256}" \
		-display none -monitor none -serial "file:$log" -no-reboot \
		-kernel "$KERNEL" -initrd "$INITRD" \
		-append "console=ttyS0 no_timer_check panic=-1 $append" "$@" </dev/null
}

# ovl_virtio IMG: QEMU arguments for a virtio-blk disk.
ovl_virtio()
{
	echo "-drive file=$1,if=virtio,format=raw"
}

# ovl_expect LOG TEXT: the console log has a line containing TEXT.
ovl_expect()
{
	grep -qF -- "$2" "$1" || {
		echo "--- console log $1 ---"; cat "$1"
		atf_fail "console log lacks: $2"
	}
}

# ovl_reject LOG TEXT: the console log has no line containing TEXT.
ovl_reject()
{
	if grep -qF -- "$2" "$1"; then
		echo "--- console log $1 ---"; cat "$1"
		atf_fail "console log unexpectedly has: $2"
	fi
}

# ovl_disk BUS IMG [SERIAL]: QEMU arguments attaching IMG as a raw disk on
# BUS: virtio (virtio-blk), sata (q35's built-in AHCI), scsi
# (virtio-scsi), usb (usb-storage behind an xhci controller), nvme.
# Call it once per disk; each call uses its own controller id.
ovl_disk()
{
	bus=$1 img=$2 ser=${3:-ovl$$}
	id=d$(echo "$img" | cksum | cut -d' ' -f1)
	case $bus in
	virtio) echo "-drive file=$img,if=virtio,format=raw" ;;
	sata)   echo "-drive file=$img,if=none,id=$id,format=raw -device ide-hd,drive=$id,bus=ide.0" ;;
	scsi)   echo "-device virtio-scsi-pci,id=s$id -drive file=$img,if=none,id=$id,format=raw -device scsi-hd,drive=$id,bus=s$id.0" ;;
	usb)    echo "-device qemu-xhci,id=x$id -drive file=$img,if=none,id=$id,format=raw -device usb-storage,drive=$id,bus=x$id.0" ;;
	nvme)   echo "-drive file=$img,if=none,id=$id,format=raw -device nvme,drive=$id,serial=$ser" ;;
	*) atf_fail "ovl_disk: unknown bus $bus" ;;
	esac
}

# ovl_expect_line LOG LINE: the console log has exactly LINE (CR removed).
ovl_expect_line()
{
	tr -d '\r' < "$1" | grep -qxF -- "$2" || {
		echo "--- console log $1 ---"; cat "$1"
		atf_fail "console log lacks the exact line: $2"
	}
}

# ovl_overlay_lines LOG DEV: Alpine's three mount lines, exactly, as
# busybox mount prints them on the 6.1 kernel (which adds inode64).
ovl_overlay_lines()
{
	ovl_expect_line "$1" "$2 on /media/root-ro type ext4 (ro,relatime)"
	ovl_expect_line "$1" "root-tmpfs on /media/root-rw type tmpfs (rw,relatime,mode=755,inode64)"
	ovl_expect_line "$1" "overlayfs on / type overlay (rw,relatime,lowerdir=/media/root-ro,upperdir=/media/root-rw/root,workdir=/media/root-rw/work)"
}

# ovl_test_script DIR: install stdin as DIR/etc/ovltest, which the test
# init sources after printing mount and df.
ovl_test_script()
{
	mkdir -p "$1/etc"
	cat > "$1/etc/ovltest"
}

# ovl_initrd_plus OUT DIR: OUT is the initramfs with the files of DIR
# added (or replacing files of the same name): the kernel unpacks
# concatenated newc archives in order, later entries win.
ovl_initrd_plus()
{
	out=$1 dir=$2
	(cd "$dir" && find . -mindepth 1 | LC_ALL=C sort | bsdtar --format newc -cf - -T - ) |
		gzip -n > "$out.extra" || atf_fail "packing $dir failed"
	cat "$INITRD" "$out.extra" > "$out"
	rm -f "$out.extra"
}

# ovl_boot_interactive LOG SOCK APPEND QEMU-ARGS...: like ovl_boot, but in
# the background, with the serial console on the unix socket SOCK (its
# output also goes to LOG). Sets OVL_QEMU_PID. Send input with ovl_type.
ovl_boot_interactive()
{
	log=$1 sock=$2 append=$3
	shift 3
	timeout "${OVL_TIMEOUT:-180}" qemu-system-x86_64 -accel tcg -M q35 -m "${OVL_MEM:-256}" \
		-display none -monitor none -no-reboot \
		-chardev "socket,id=ser0,path=$sock,server=on,wait=off,logfile=$log" \
		-serial chardev:ser0 \
		-kernel "$KERNEL" -initrd "$INITRD" \
		-append "console=ttyS0 no_timer_check panic=-1 $append" "$@" </dev/null &
	OVL_QEMU_PID=$!
}

# ovl_log_value LOG PREFIX: the rest of the first console line that
# starts with PREFIX (CR removed); fails the test if there is none.
ovl_log_value()
{
	v=$(tr -d '\r' < "$1" | sed -n "s|^$2||p" | head -n 1)
	[ -n "$v" ] || { echo "--- console log $1 ---"; cat "$1"; atf_fail "console log lacks: $2"; }
	echo "$v"
}

# ovl_count LOG TEXT: how many lines of LOG have TEXT (0 if no LOG yet).
ovl_count()
{
	c=$(grep -caF -- "$2" "$1" 2>/dev/null)
	echo "${c:-0}"
}

# ovl_wait_for LOG TEXT [SECONDS [COUNT]]: wait until LOG has COUNT
# (default 1) lines with TEXT, for up to SECONDS (default 120), checking
# every 0.2 s; fails the test if they never come.
ovl_wait_for()
{
	n=$(( ${3:-120} * 5 )) want=${4:-1}
	while [ "$n" -gt 0 ]; do
		[ "$(ovl_count "$1" "$2")" -ge "$want" ] && return 0
		kill -0 "$OVL_QEMU_PID" 2>/dev/null || break
		sleep 0.2
		n=$((n - 1))
	done
	[ "$(ovl_count "$1" "$2")" -ge "$want" ] && return 0
	echo "--- console log $1 ---"; cat "$1"
	atf_fail "never saw $want of: $2"
}

# ovl_type SOCK TEXT: type TEXT (printf format) on the serial console,
# one character every 50 ms like a person would: the emulated UART drops
# what arrives faster than the guest takes it (seen: a burst of 20 bytes
# arrives as its first 8).
ovl_type()
{
	printf "$2" | od -An -v -tx1 | tr -s ' \n' '\n\n' | sed '/^$/d' | {
		while read -r hex; do
			printf "\\x$hex"
			sleep 0.05
		done
		sleep 1
	} | socat -u -t 2 - "UNIX-CONNECT:$1" 2>/dev/null && return 0
	# A VM that has ended takes no input: that is the caller's to judge.
	kill -0 "$OVL_QEMU_PID" 2>/dev/null && atf_fail "cannot type on $1"
	return 1
}

# ovl_gpt_disk IMG FSIMG PARTUUID PARTLABEL: a GPT disk (512-byte
# sectors): partition 1 "spare" (1 MiB, empty), partition 2 holding
# FSIMG with the given PARTUUID and PARTLABEL.
ovl_gpt_disk()
{
	rm -f "$1"
	truncate -s $(( $(stat -c %s "$2") + 4 * 1048576 )) "$1"
	sgdisk -o -n 1:2048:+1M -c 1:spare -n 2:4096:0 -u "2:$3" -c "2:$4" "$1" >/dev/null ||
		atf_fail "sgdisk failed"
	dd if="$2" of="$1" bs=512 seek=4096 conv=notrunc status=none
}

# ovl_mbr_disk IMG FSIMG SIG: an MBR disk with signature SIG (8 hex
# digits): primary 1 (1 MiB, empty), extended 2, logical 5 holding FSIMG.
ovl_mbr_disk()
{
	rm -f "$1"
	truncate -s $(( $(stat -c %s "$2") + 4 * 1048576 )) "$1"
	printf 'label: dos\nlabel-id: 0x%s\nsize=1M\ntype=5\ntype=83\n' "$3" |
		sfdisk -q "$1" >/dev/null || atf_fail "sfdisk failed"
	start=$(sfdisk -d "$1" | sed -n 's/^.*5 : start= *\([0-9]*\),.*/\1/p')
	[ -n "$start" ] || atf_fail "no logical partition 5"
	dd if="$2" of="$1" bs=512 seek="$start" conv=notrunc status=none
}

# ovl_initrd_build OUT KVER-DIR-NAME FEATURE...: an initramfs made by
# ovlinit-mkinitfs from the test kernel's modules, the module tree named
# KVER-DIR-NAME inside it (the real version, or another to fake a
# mismatch), with only the given features packed.
ovl_initrd_build()
{
	out=$1 name=$2
	shift 2
	mkdir -p kroot/lib/modules
	ln -sfn "$B/kernel/root/lib/modules/$KVER" "kroot/lib/modules/$name"
	"$B/bin/ovlinit-mkinitfs" -b kroot -F "$*" -o "$out" "$name" >/dev/null ||
		atf_fail "ovlinit-mkinitfs failed"
}

# ovl_report_modules ROOT: the test root's init prints ovlinit's kernel
# log records (all levels), /proc/modules and the kernel's modprobe path
# as OVLTEST-KMSG/-MODULES/-MODPROBE lines.
ovl_report_modules()
{
	cat >> "$1/etc/ovltest" <<'REPORT'
$bb dmesg | $bb grep 'ovlinit:' | $bb sed 's/^/OVLTEST-KMSG: /'
echo "OVLTEST-MODULES: $($bb cut -d' ' -f1 /proc/modules | $bb sort | $bb tr '\n' ' ')"
echo "OVLTEST-MODPROBE: $($bb cat /proc/sys/kernel/modprobe)"
REPORT
}
