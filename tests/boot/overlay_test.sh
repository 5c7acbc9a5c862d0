#!/usr/bin/env atf-sh
# overlaytmpfs=yes: Alpine's layout, and a disk that nothing writes to.
# Disk layout: one disk (virtio-blk, SATA or usb-storage), a whole-disk
# ext4 filesystem (no partition table) with UUID $UUID holding busybox,
# the test init and, per case, an /etc/ovltest script. The image is
# checked from the host before and after each boot (sha256, e2fsck -fn).

UUID=6a1e2f3c-4b5d-4e6f-8a7b-9c0d1e2f3a4b

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	echo "ovl-host" > root/etc/hostname
}

# layout BUS DEV [APPEND]: boot over BUS, the exact three mount lines.
layout()
{
	common
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes $3" $(ovl_disk "$1" disk.img)
	ovl_overlay_lines log "$2"
	ovl_expect log "OVLTEST-RESULT: root=overlayfs overlay rw,"
	# df: the overlay is as large as its tmpfs (half of RAM by default).
	up=$(tr -d '\r' < log | awk '$1 == "root-tmpfs" && $6 == "/media/root-rw" {print $2}')
	ov=$(tr -d '\r' < log | awk '$1 == "overlayfs" && $6 == "/" {print $2}')
	[ -n "$up" ] && [ "$up" = "$ov" ] && [ "$up" -gt 90 ] && [ "$up" -lt 140 ] ||
		atf_fail "df: root-tmpfs ${up}M, overlayfs ${ov}M, expected the same, about half of 256M"
}

atf_test_case layout_virtio
layout_virtio_head() { atf_set descr "virtio-blk: Alpine's three mount lines, exactly"; }
layout_virtio_body() { layout virtio /dev/vda; }

atf_test_case layout_sata
layout_sata_head() { atf_set descr "SATA (AHCI): Alpine's three mount lines, exactly"; }
layout_sata_body() { layout sata /dev/sda; }

atf_test_case layout_usb
layout_usb_head() { atf_set descr "usb-storage: Alpine's three mount lines, exactly"; }
layout_usb_body() { layout usb /dev/sda "modules=sd-mod,usb-storage,ext4"; }

atf_test_case two_boots_forget
two_boots_forget_head() { atf_set descr "changes of one boot are gone in the next; the image is byte-identical and clean"; }
two_boots_forget_body()
{
	common
	echo "original" > root/etc/changeme
	ovl_test_script root <<'EOF'
bb=/bin/busybox
state() { echo "new=$($bb cat /newfile 2>/dev/null || echo none) motd=$([ -e /etc/motd ] && echo present || echo gone) changeme=$($bb cat /etc/changeme)"; }
echo "OVLTEST-BEFORE: $(state)"
echo written > /newfile
$bb rm /etc/motd
echo changed > /etc/changeme
echo "OVLTEST-AFTER: $(state)"
echo "OVLTEST-UPPER: $($bb ls /media/root-rw/root | $bb tr '\n' ' ')"
echo "OVLTEST-LOWER: $($bb cat /media/root-ro/etc/changeme) $([ -e /media/root-ro/etc/motd ] && echo motd-present)"
$bb sync
EOF
	ovl_ext4 disk.img root -U "$UUID"
	before=$(sha256sum < disk.img)
	for boot in 1 2; do
		ovl_boot log$boot "root=UUID=$UUID overlaytmpfs=yes" $(ovl_disk virtio disk.img)
		ovl_expect log$boot "OVLTEST-BEFORE: new=none motd=present changeme=original"
		ovl_expect log$boot "OVLTEST-AFTER: new=written motd=gone changeme=changed"
		# media/: the mount points of the moved layers, made in the upper.
		ovl_expect log$boot "OVLTEST-UPPER: etc media newfile"
		ovl_expect log$boot "OVLTEST-LOWER: original motd-present"
		ovl_expect log$boot "OVLTEST-END"
		[ "$before" = "$(sha256sum < disk.img)" ] || atf_fail "boot $boot changed the disk image"
	done
	e2fsck -fn disk.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "e2fsck -fn is not clean"; }
}

atf_test_case dirty_journal
dirty_journal_head() { atf_set descr "a lower ext4 whose journal needs recovery: noload, a loud warning, the image untouched"; }
dirty_journal_body()
{
	common
	# Boot 1 (plain rw root) writes and syncs, then powers off without
	# unmounting: the journal holds committed transactions not yet
	# checkpointed and needs_recovery stays set.
	ovl_test_script root <<'EOF'
bb=/bin/busybox
if ! $bb grep -q overlaytmpfs /proc/cmdline; then
	i=0; while [ $i -lt 50 ]; do echo "$i" > /etc/dirty$i; i=$((i + 1)); done
	$bb sync
	echo "OVLTEST-DIRTY: written"
fi
echo "OVLTEST-MARKER: $($bb cat /run/ovlinit/root | $bb tr '\n' ' ')"
EOF
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log1 "root=UUID=$UUID rw" $(ovl_disk virtio disk.img)
	ovl_expect log1 "OVLTEST-DIRTY: written"
	dumpe2fs -h disk.img 2>/dev/null > sb1
	grep -q '^Filesystem features:.*needs_recovery' sb1 || { cat sb1; atf_fail "boot 1 left no needs_recovery flag"; }
	start=$(sed -n 's/^Journal start: *//p' sb1)
	[ "${start:-0}" -gt 0 ] || { cat sb1; atf_fail "boot 1 left an empty journal"; }
	before=$(sha256sum < disk.img)

	ovl_boot log2 "root=UUID=$UUID overlaytmpfs=yes" $(ovl_disk virtio disk.img)
	ovl_expect log2 "ovlinit: WARNING: /dev/vda needs ext4 journal recovery"
	ovl_expect log2 "boot once without overlaytmpfs"
	ovl_expect log2 "OVLINIT_ROOT=overlay"
	ovl_expect log2 "OVLINIT_JOURNAL=skipped"
	ovl_expect_line log2 "/dev/vda on /media/root-ro type ext4 (ro,relatime,norecovery)"
	[ "$before" = "$(sha256sum < disk.img)" ] || atf_fail "the overlay boot changed the disk image"
	dumpe2fs -h disk.img 2>/dev/null | grep -q '^Filesystem features:.*needs_recovery' ||
		atf_fail "the overlay boot cleared needs_recovery"
}

atf_test_case flags_refused_and_enospc
flags_refused_and_enospc_head() { atf_set descr "rootflags=rw and overlaytmpfsflags=size=16m,ro,foo=1: lower ro, refusals reported, ENOSPC survived"; }
flags_refused_and_enospc_body()
{
	common
	ovl_test_script root <<'EOF'
bb=/bin/busybox
out=$($bb dd if=/dev/zero of=/big bs=1M count=32 2>&1); rc=$?
echo "$out" | $bb sed 's/^/OVLTEST-DD: /'
echo "OVLTEST-DD-STATUS: $rc"
echo probe > /media/root-ro/probe 2>/dev/null && echo "OVLTEST-LOWER: writable" || echo "OVLTEST-LOWER: read-only"
$bb rm -f /big
echo "OVLTEST-ALIVE: $($bb cat /etc/motd)"
EOF
	ovl_ext4 disk.img root -U "$UUID"
	before=$(sha256sum < disk.img)
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes rootflags=rw overlaytmpfsflags=size=16m,ro,foo=1" \
		$(ovl_disk virtio disk.img)
	ovl_expect_line log "/dev/vda on /media/root-ro type ext4 (ro,relatime)"
	ovl_expect_line log "root-tmpfs on /media/root-rw type tmpfs (rw,relatime,size=16384k,mode=755,inode64)"
	ovl_expect log "ovlinit: command line: overlaytmpfsflags=: refused ro: "
	ovl_expect log "ovlinit: command line: overlaytmpfsflags=: refused foo=1: "
	ovl_expect log "OVLTEST-DD: dd: error writing '/big': No space left on device"
	ovl_expect log "OVLTEST-DD-STATUS: 1"
	ovl_expect log "OVLTEST-LOWER: read-only"
	ovl_expect log "OVLTEST-ALIVE: root filesystem made by ovlinit's tests"
	ovl_expect log "OVLTEST-END"
	[ "$before" = "$(sha256sum < disk.img)" ] || atf_fail "the boot changed the disk image"
}

atf_test_case failed_lower_is_fatal
failed_lower_is_fatal_head() { atf_set descr "a lower mount that fails is fatal and named; no overlay over an empty directory"; }
failed_lower_is_fatal_body()
{
	common
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes rootflags=ovlbogus" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: mount /dev/vda /media/root-ro type=ext4 flags=ro data=ovlbogus"
	ovl_expect log "ovlinit: FATAL: mounting the root failed: Invalid argument"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_init_test_cases()
{
	atf_add_test_case layout_virtio
	atf_add_test_case layout_sata
	atf_add_test_case layout_usb
	atf_add_test_case two_boots_forget
	atf_add_test_case dirty_journal
	atf_add_test_case flags_refused_and_enospc
	atf_add_test_case failed_lower_is_fatal
}
