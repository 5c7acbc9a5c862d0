#!/usr/bin/env atf-sh
# Power cuts during and right after ovlinit-toggle on a vfat boot
# partition, in QEMU boots of the Debian kernel. Disk layout: two virtio
# disks, a whole-disk ext4 root (UUID $UUID: busybox, the test init,
# build/bin/ovlinit-toggle, the vfat modules) and a whole-disk vfat "boot
# partition" labelled BOOT (FAT32 like a Pi's, or FAT16), made by
# mkfs.vfat, with cmdline.txt and config.txt copied in by mtools, found by
# its label (vda and vdb follow the order the probes finish) and mounted
# read-write as Raspberry Pi OS mounts /boot/firmware.
#
# The guest puts the kernel's flusher off for an hour
# (vm.dirty_writeback_centisecs and vm.dirty_expire_centisecs; 0 would
# wake it at every first dirtying instead): what is on the disk at the
# cut is what the tool itself wrote and synced, not what the flusher
# happened to write in time. A cut is the guest's own `poweroff -f -n`
# (no sync; a file written just before it must be missing afterwards,
# which proves it), or QEMU killed with SIGKILL by the host after a
# random delay. QEMU hands what the guest's disk accepted to the image
# file at once, so a cut loses what the guest had not written yet, like
# a disk without a volatile cache; a card's own cache (which the tool's
# fsyncs flush) is not modelled. Console lines reach the host late, never
# early, so "reported written" is a lower bound only.
#
# After each cut the host checks the image: the dirty bit is set (the
# guest never unmounted); with it cleared, fsck.vfat -n finds nothing
# (after a cut in the middle of a run: nothing but what any FAT writer
# leaves there, and nothing about cmdline.txt; see image_fsck); then
# cmdline.txt is exactly the old line or a new one, never a mix or
# empty, and at least as new as the last run the guest reported written.

UUID=0d9c8b7a-6e5f-4a3b-8c2d-1e0f9a8b7c6d
BOOTLINE="console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait"

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_vfat_root root
}

# boot_img IMG FATBITS: the boot partition, 64 MiB, cmdline.txt holding
# BOOTLINE.
boot_img()
{
	ovl_vfat_img "$1" "$BOOTLINE" 65536 -F "$2"
}

# The start of every /etc/ovltest: vfat, the boot disk, no flusher, mounted rw.
ovltest_head()
{
	cat <<'EOS'
echo 360000 > /proc/sys/vm/dirty_writeback_centisecs
echo 360000 > /proc/sys/vm/dirty_expire_centisecs
echo "OVLTEST-WRITEBACK: $($bb cat /proc/sys/vm/dirty_writeback_centisecs /proc/sys/vm/dirty_expire_centisecs | $bb tr '\n' ' ')"
ovltest_boot_disk rw
EOS
}

# booted LOG: the guest got as far as the edit.
booted()
{
	ovl_vfat_booted "$1"
	ovl_expect_line "$1" "OVLTEST-WRITEBACK: 360000 360000 "
}

# image_fsck IMG FATBITS [MIDWRITE]: the dirty bit (byte 0x41 on FAT32,
# 0x25 on FAT16) is set: the volume was never unmounted. Cleared, fsck.vfat
# -n must find nothing. With MIDWRITE (a cut at a random point of a run)
# it may find what a cut between two of the kernel's sector writes leaves
# on any FAT, which has no journal: a stale FAT32 free-cluster count (the
# kernel writes it lazily), a cluster not yet freed, a half-made
# temporary file. None of that may touch cmdline.txt: fsck.vfat must not
# name it, and after fsck.vfat -a repairs a copy, the copy is clean and
# its cmdline.txt is the same. Sets fsck_found to what it found.
image_fsck()
{
	off=37
	[ "$2" = 32 ] && off=65
	byte=$(od -An -tu1 -j "$off" -N 1 "$1" | tr -d ' ')
	[ $((byte & 1)) = 1 ] || atf_fail "$1: the dirty bit is not set: was the volume unmounted?"
	printf "\\$(printf '%03o' $((byte & 254)))" |
		dd of="$1" bs=1 seek="$off" conv=notrunc status=none
	fsck_found=nothing
	fsck.vfat -n "$1" > fsck.out 2>&1 && return 0
	cat fsck.out
	[ -n "${3:-}" ] || atf_fail "$1: fsck.vfat -n finds problems after the cut"
	grep -i 'cmdline\.txt' fsck.out | grep -qvi 'ovlinit-new' &&
		atf_fail "$1: fsck.vfat -n finds problems with cmdline.txt after the cut"
	cp "$1" "$1.repaired"
	fsck.vfat -a "$1.repaired" > fsck-a.out 2>&1
	fsck.vfat -n "$1.repaired" > fsck.out 2>&1 || {
		cat fsck-a.out fsck.out
		atf_fail "$1: not clean even after fsck.vfat -a"
	}
	mtype -i "$1" ::cmdline.txt > before.txt 2>/dev/null
	mtype -i "$1.repaired" ::cmdline.txt > after.txt 2>/dev/null
	cmp -s before.txt after.txt || atf_fail "$1: fsck.vfat -a changed cmdline.txt"
	fsck_found=$(grep -v -e '^fsck\.fat ' -e '^\*\*\*' -e '^Performing changes' \
		-e '^Writing changes' -e "^$1.repaired: " fsck-a.out |
		sed '/^ *$/d' | tr -s ' \n' '  ')
}

# image_line IMG: cmdline.txt's content if it is exactly one line with
# its newline (printed without it), else fails.
image_line()
{
	mtype -i "$1" ::cmdline.txt > got.txt 2>mtype.err || { cat mtype.err >&2; atf_fail "$1: no cmdline.txt"; }
	line=$(head -n 1 got.txt)
	printf '%s\n' "$line" | cmp -s - got.txt || {
		od -c got.txt | head -n 20 >&2
		atf_fail "$1: cmdline.txt is not one whole line"
	}
	echo "$line"
}

atf_test_case written_survives_an_immediate_cut
written_survives_an_immediate_cut_head()
{
	atf_set descr "power off without sync the moment the tool said written: the new line is on the disk, fsck is clean"
}
written_survives_an_immediate_cut_body()
{
	common
	boot_img boot.img 32
	{ ovltest_head; cat <<'EOS'
/bin/ovlinit-toggle on --flags size=64m
rc=$?
echo canary > /boot/firmware/canary.txt
echo "OVLTEST-CUT: rc=$rc"
$bb poweroff -f -n
EOS
	} > root/etc/ovltest
	ovl_vfat_boot log
	booted log
	ovl_expect log "written: the next boot has overlay yes, flags size=64m"
	ovl_expect_line log "OVLTEST-CUT: rc=0"
	ovl_reject log "OVLTEST-END"
	# Written just before the cut, never synced: if it is there, the
	# power-off synced and this was no power cut.
	files=$(mdir -i boot.img -b :: | sort | tr '\n' ' ')
	[ "$files" = "::/cmdline.txt ::/config.txt " ] || atf_fail "files on the boot partition after the cut: $files"
	image_fsck boot.img 32
	line=$(image_line boot.img) || exit 1
	[ "$line" = "$BOOTLINE overlaytmpfs=yes overlaytmpfsflags=size=64m" ] ||
		atf_fail "cmdline.txt after the cut: $line"
}

# cut_round R FATBITS MAXMS: boot R edits cmdline.txt in a loop, one run
# after another, each with another size (run i: size=<i>m); the host
# kills QEMU after a random 0..MAXMS ms from the loop's start.
cut_round()
{
	r=$1 bits=$2
	boot_img "boot$r.img" "$bits"
	rm -f "qemu$r.pid"
	ovl_boot_interactive "log$r" "ser$r.sock" "root=UUID=$UUID" $(ovl_disk virtio disk.img) \
		$(ovl_disk virtio "boot$r.img") -pidfile "qemu$r.pid"
	ovl_wait_for "log$r" "OVLTEST-LOOP" 150
	ms=$(( $(od -An -tu2 -N 2 /dev/urandom | tr -d ' ') % ($3 + 1) ))
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	kill -KILL "$(cat "qemu$r.pid")" || atf_fail "boot $r: no QEMU to cut"
	wait "$OVL_QEMU_PID"
	booted "log$r"
	ovl_reject "log$r" "OVLTEST-TOOL-FAILED"
	ovl_reject "log$r" "OVLTEST-LOOP-END"
	last=$(tr -d '\r' < "log$r" | sed -n 's/^OVLTEST-WRITTEN \([0-9]*\)$/\1/p' | tail -n 1)
	last=${last:-0}
	echo "boot $r (FAT$bits): cut after $ms ms; runs reported written: $last"
	image_fsck "boot$r.img" "$bits" midwrite
	echo "boot $r: fsck.vfat found: $fsck_found"
	line=$(image_line "boot$r.img") || exit 1
	new="$BOOTLINE overlaytmpfs=yes overlaytmpfsflags=size="
	case "$line" in
	"$BOOTLINE") on=0 ;;
	"$new"[1-9]*m) on=${line#"$new"}; on=${on%m} ;;
	*) on=x ;;
	esac
	case "$on" in
	*[!0-9]*) atf_fail "boot $r: cmdline.txt is neither the old line nor a new one: $line" ;;
	esac
	echo "boot $r: on the disk: run $on"
	[ "$on" -ge "$last" ] || atf_fail "boot $r: run $last was reported written, the disk holds run $on"
}

atf_test_case random_cuts_leave_old_or_new
random_cuts_leave_old_or_new_head()
{
	atf_set descr "QEMU killed at a random point of a loop of edits: the file is old or new, never older than what was reported written, fsck is clean"
}
random_cuts_leave_old_or_new_body()
{
	common
	{ ovltest_head; cat <<'EOS'
echo "OVLTEST-LOOP"
i=0
while [ "$i" -lt 1000 ]; do
	i=$((i + 1))
	if /bin/ovlinit-toggle on --flags "size=${i}m" >/dev/null 2>/run/err; then
		echo "OVLTEST-WRITTEN $i"
	else
		echo "OVLTEST-TOOL-FAILED $i: $($bb cat /run/err)"
	fi
done
echo "OVLTEST-LOOP-END"
EOS
	} > root/etc/ovltest
	ovl_ext4 disk.img root -U "$UUID"
	# Two boots: each costs 20-60 s, and one cut ends it.
	cut_round 1 16 3000
	cut_round 2 32 1500
}

atf_init_test_cases()
{
	atf_add_test_case written_survives_an_immediate_cut
	atf_add_test_case random_cuts_leave_old_or_new
}
