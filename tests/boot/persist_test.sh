#!/usr/bin/env atf-sh
# overlaystore=: a persistent upper layer (ovlinit(8), PERSISTENCE).
# Disk layout: two virtio disks, the first (vda: two virtio disks are
# probed in PCI order) a whole-disk ext4 root with UUID $UUID holding
# busybox, the test init and /etc/ovltest; the second (vdb) the store:
#   - store_on_device: a whole-disk ext4 labelled STORE, empty;
#   - image_on_vfat: the Alpine page's layout, a whole-disk vfat labelled
#     BOOT (mkfs.vfat) holding persist.img, an empty 16 MiB ext4 made by
#     mkfs.ext4 and copied in with mtools;
#   - keep_paths: an empty ext4 labelled STORE; the root has /etc/ssh and
#     /var/lib/docker (owner 123:456, mode 0711);
#   - the refusals: a vfat labelled STORE, or an ext4 labelled STORE
#     whose root is a regular file (mkfs.ext4 -d).
# Every persistence case boots twice on the same disks: boot 1 writes,
# boot 2 sees. The root image is checked from the host to be
# byte-identical after both; the store's contents are read from the host
# too (a copy, its journal replayed by e2fsck, then debugfs).

UUID=3c1d5e7f-2a4b-4c6d-8e0f-1a2b3c4d5e6f

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
	ovl_root root
	echo "original" > root/etc/changeme
	ovl_test_script root <<'EOF'
bb=/bin/busybox
echo "OVLTEST-STATE: new=$($bb cat /newfile 2>/dev/null || echo none) motd=$([ -e /etc/motd ] && echo present || echo gone) changeme=$($bb cat /etc/changeme)"
echo "OVLTEST-MARKER: $($bb cat /run/ovlinit/root | $bb tr '\n' ' ')"
if ! [ -e /newfile ]; then
	echo written > /newfile
	$bb rm /etc/motd
	echo changed > /etc/changeme
	echo "OVLTEST-WROTE"
fi
echo "OVLTEST-LOWER: $($bb cat /media/root-ro/etc/changeme) $([ -e /media/root-ro/etc/motd ] && echo motd-present)"
$bb sync
$bb sync
EOF
	ovl_ext4 disk.img root -U "$UUID"
	root_sum=$(sha256sum < disk.img)
}

# persist STORE-IMG APPEND: boot twice with STORE-IMG as the second disk;
# boot 1 sees the lower and writes, boot 2 sees what boot 1 wrote.
persist()
{
	ovl_boot log1 "root=UUID=$UUID overlaytmpfs=yes $2" $(ovl_disk virtio disk.img) $(ovl_disk virtio "$1")
	ovl_expect log1 "OVLTEST-STATE: new=none motd=present changeme=original"
	ovl_expect log1 "OVLTEST-WROTE"
	ovl_expect log1 "OVLTEST-END"
	ovl_boot log2 "root=UUID=$UUID overlaytmpfs=yes $2" $(ovl_disk virtio disk.img) $(ovl_disk virtio "$1")
	ovl_expect log2 "OVLTEST-STATE: new=written motd=gone changeme=changed"
	ovl_expect log2 "OVLTEST-LOWER: original motd-present"
	ovl_reject log2 "OVLTEST-WROTE"
	ovl_expect log2 "OVLTEST-END"
	ovl_expect_line log2 "overlayfs on / type overlay (rw,relatime,lowerdir=/media/root-ro,upperdir=/media/root-rw/root,workdir=/media/root-rw/work)"
	ovl_expect_line log2 "/dev/vda on /media/root-ro type ext4 (ro,relatime)"
	ovl_reject log2 "root-tmpfs"
	[ "$root_sum" = "$(sha256sum < disk.img)" ] || atf_fail "the boots changed the root image"
}

# store_file STORE-EXT4 PATH: the file at PATH in the store, read from
# the host on a copy whose journal e2fsck replays.
store_file()
{
	cp "$1" check.img
	e2fsck -fy check.img > fsck.out 2>&1
	[ $? -le 1 ] || { cat fsck.out; atf_fail "e2fsck of the store failed"; }
	debugfs -R "cat $2" check.img 2>/dev/null
}

# released LOG "ROLE DEV"...: /shutdown (ovlinit(8), SHUTDOWN) ran after
# the test init's OVLTEST-END and released each device.
released()
{
	log=$1
	shift
	tr -d '\r' < "$log" | grep 'ovlinit: shutdown:' || true
	ovl_expect "$log" "OVLTEST-SHUTDOWN: returning to the initramfs"
	ovl_reject "$log" "OVLTEST-SHUTDOWN-FAILED"
	ovl_expect "$log" "ovlinit: shutdown: back in the initramfs to poweroff"
	for d in "$@"; do
		ovl_expect "$log" "ovlinit: shutdown: the $d is released"
	done
	ovl_reject "$log" "is NOT cleanly unmounted"
}

# clean_ext4 IMG: unmounted cleanly (no journal recovery pending).
clean_ext4()
{
	dumpe2fs -h "$1" > dumpe2fs.out 2>&1 || { cat dumpe2fs.out; atf_fail "dumpe2fs $1 failed"; }
	grep -q '^Filesystem state: *clean$' dumpe2fs.out &&
		! grep -q '^Filesystem features:.*needs_recovery' dumpe2fs.out ||
		{ cat dumpe2fs.out; atf_fail "$1 was not cleanly unmounted"; }
}

atf_test_case store_on_device
store_on_device_head() { atf_set descr "overlaystore=LABEL=: the upper on an ext4 disk; boot 2 sees boot 1's changes, boot 3 with overlayreset none; the lower untouched"; }
store_on_device_body()
{
	common
	truncate -s 32M store.img
	mkfs.ext4 -q -F -L STORE store.img || atf_fail "mkfs.ext4 failed"
	persist store.img "overlaystore=LABEL=STORE"
	ovl_expect_line log2 "/dev/vdb on /media/root-rw type ext4 (rw,relatime)"
	ovl_expect log1 "OVLTEST-MARKER: OVLINIT_ROOT=overlay OVLINIT_DEVICE=/dev/vda OVLINIT_FSTYPE=ext4 OVLINIT_LOWER=/media/root-ro OVLINIT_UPPER=/media/root-rw OVLINIT_JOURNAL=ok OVLINIT_STORE=/dev/vdb OVLINIT_STORE_FSTYPE=ext4 OVLINIT_STORE_IMAGE=none OVLINIT_STORE_MODE=upper OVLINIT_STORE_RESET=no OVLINIT_STORE_FALLBACK=no"
	ovl_expect log1 "ovlinit: overlaystore=: /dev/vdb (ext4) is the upper layer at /media/root-rw"
	released log1 "store /dev/vdb"
	released log2 "store /dev/vdb"
	clean_ext4 store.img
	[ "$(store_file store.img /root/newfile)" = "written" ] || atf_fail "/root/newfile is not on the store"
	[ "$(store_file store.img /root/etc/changeme)" = "changed" ] || atf_fail "/root/etc/changeme is not on the store"
	# Boot 3, overlayreset: the store's upper is emptied first.
	ovl_boot log3 "root=UUID=$UUID overlaytmpfs=yes overlaystore=LABEL=STORE overlayreset" \
		$(ovl_disk virtio disk.img) $(ovl_disk virtio store.img)
	ovl_expect log3 "ovlinit: overlayreset: the store /dev/vdb was reset: 2 of root/, work/ and keep/ moved aside and removed"
	ovl_expect log3 "OVLTEST-STATE: new=none motd=present changeme=original"
	ovl_expect log3 "OVLINIT_STORE_MODE=upper OVLINIT_STORE_RESET=yes OVLINIT_STORE_FALLBACK=no"
	ovl_expect log3 "OVLTEST-END"
	store_file store.img /root/newfile > /dev/null
	debugfs -R "ls -l /" check.img 2>/dev/null > ls.out
	grep -q ovlinit-reset ls.out && { cat ls.out; atf_fail "the reset left .ovlinit-reset on the store"; }
	[ "$root_sum" = "$(sha256sum < disk.img)" ] || atf_fail "boot 3 changed the root image"
}

atf_test_case image_on_vfat
image_on_vfat_head() { atf_set descr "overlaystore=LABEL=BOOT:/persist.img: Alpine's loop image on a vfat partition persists; the vfat stays clean"; }
image_on_vfat_body()
{
	common
	truncate -s 16M persist.img
	mkfs.ext4 -q -F persist.img || atf_fail "mkfs.ext4 failed"
	rm -f boot.img
	mkfs.vfat -C -n BOOT boot.img 65536 >/dev/null || atf_fail "mkfs.vfat failed"
	mcopy -i boot.img persist.img :: || atf_fail "mcopy failed"
	persist boot.img "overlaystore=LABEL=BOOT:/persist.img"
	ovl_expect log2 "ovlinit: overlaystore=: /media/vdb/persist.img on /dev/loop0 (ext4)"
	ovl_expect_line log2 "/dev/loop0 on /media/root-rw type ext4 (rw,relatime)"
	tr -d '\r' < log2 | grep -q "^/dev/vdb on /media/vdb type vfat (rw," ||
		{ cat log2; atf_fail "no rw vfat mount at /media/vdb"; }
	ovl_expect log2 "OVLINIT_STORE=/dev/loop0 OVLINIT_STORE_FSTYPE=ext4 OVLINIT_STORE_IMAGE=/media/vdb/persist.img OVLINIT_STORE_MODE=upper"
	# The test init returns to the initramfs as systemd-shutdown does;
	# /shutdown detaches the old root and waits until the image's ext4,
	# the loop device and the vfat holding it are released: the vfat's
	# dirty bit is cleared, the image's journal needs no recovery.
	released log2 "store /dev/loop0" "host /dev/vdb"
	fsck.vfat -n boot.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "fsck.vfat -n failed"; }
	grep -qi dirty fsck.out && { cat fsck.out; atf_fail "the vfat was not cleanly unmounted"; }
	rm -f persist.img
	mcopy -i boot.img ::persist.img persist.img || atf_fail "mcopy out failed"
	clean_ext4 persist.img
	[ "$(store_file persist.img /root/newfile)" = "written" ] || atf_fail "/root/newfile is not in persist.img"
}

atf_test_case keep_paths
keep_paths_head() { atf_set descr "overlaykeep=/etc/ssh,/var/lib/docker: those survive the reboot, seeded with owner, mode and xattrs; the rest does not"; }
keep_paths_body()
{
	common
	mkdir -p root/etc/ssh root/var/lib/docker
	echo "host key" > root/etc/ssh/ssh_host_key
	chmod 0600 root/etc/ssh/ssh_host_key
	chown 123:456 root/var/lib/docker
	chmod 0711 root/var/lib/docker
	setfattr -n user.ovltest -v kept root/etc/ssh/ssh_host_key || atf_fail "setfattr failed"
	ovl_test_script root <<'EOF2'
bb=/bin/busybox
v() { $bb cat "$1" 2>/dev/null || echo none; }
echo "OVLTEST-KEEP: ssh=$(v /etc/ssh/new) docker=$(v /var/lib/docker/x) else=$(v /elsewhere) key=$(v /etc/ssh/ssh_host_key) $($bb stat -c '%a %u:%g' /etc/ssh/ssh_host_key) dockerdir=$($bb stat -c '%a %u:%g' /var/lib/docker)"
echo "OVLTEST-KEPT-MOUNTS: $($bb awk '$5 == "/etc/ssh" || $5 == "/var/lib/docker" { for (i = 7; $i != "-"; i++); print $5, $(i + 1) }' /proc/self/mountinfo | $bb tr '\n' ' ')"
echo "OVLTEST-MARKER: $($bb cat /run/ovlinit/root | $bb tr '\n' ' ')"
echo kept > /etc/ssh/new
echo kept > /var/lib/docker/x
echo lost > /elsewhere
$bb sync
EOF2
	ovl_ext4 disk.img root -U "$UUID"
	root_sum=$(sha256sum < disk.img)
	truncate -s 32M store.img
	mkfs.ext4 -q -F -L STORE store.img || atf_fail "mkfs.ext4 failed"
	for boot in 1 2; do
		ovl_boot log$boot "root=UUID=$UUID overlaytmpfs=yes overlaystore=LABEL=STORE overlaykeep=/etc/ssh,/var/lib/docker" \
			$(ovl_disk virtio disk.img) $(ovl_disk virtio store.img)
		ovl_expect log$boot "OVLTEST-KEPT-MOUNTS: /etc/ssh ext4 /var/lib/docker ext4 "
		ovl_expect log$boot "OVLINIT_STORE=/dev/vdb OVLINIT_STORE_FSTYPE=ext4 OVLINIT_STORE_IMAGE=none OVLINIT_STORE_MODE=keep OVLINIT_KEEP=\"/etc/ssh /var/lib/docker\" OVLINIT_STORE_RESET=no OVLINIT_STORE_FALLBACK=no"
		ovl_expect_line log$boot "root-tmpfs on /media/root-rw type tmpfs (rw,relatime,mode=755,inode64)"
		ovl_expect_line log$boot "/dev/vdb on /media/persist type ext4 (rw,relatime)"
		ovl_expect log$boot "OVLTEST-END"
		released log$boot "store /dev/vdb"
	done
	clean_ext4 store.img
	ovl_expect log1 "OVLTEST-KEEP: ssh=none docker=none else=none key=host key 600 0:0 dockerdir=711 123:456"
	ovl_expect log2 "OVLTEST-KEEP: ssh=kept docker=kept else=none key=host key 600 0:0 dockerdir=711 123:456"
	ovl_expect log1 "ovlinit: overlaystore=: /dev/vdb (ext4) at /media/persist keeps 2 paths"
	[ "$root_sum" = "$(sha256sum < disk.img)" ] || atf_fail "the boots changed the root image"
	[ "$(store_file store.img /keep/etc/ssh/new)" = "kept" ] || atf_fail "keep/etc/ssh/new is not on the store"
	debugfs -R "ea_get /keep/etc/ssh/ssh_host_key user.ovltest" check.img 2>/dev/null | grep -q kept ||
		atf_fail "the seeded host key lost its user.ovltest xattr"
}

atf_test_case keep_path_not_a_directory
keep_path_not_a_directory_head() { atf_set descr "overlaykeep= naming a file of the lower is a fatal error that names it"; }
keep_path_not_a_directory_body()
{
	common
	truncate -s 32M store.img
	mkfs.ext4 -q -F -L STORE store.img || atf_fail "mkfs.ext4 failed"
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes overlaystore=LABEL=STORE overlaykeep=/etc/motd" \
		$(ovl_disk virtio disk.img) $(ovl_disk virtio store.img)
	ovl_expect log "ovlinit: seed /media/persist/keep/etc/motd from /media/root-ro/etc/motd: Not a directory"
	ovl_expect log "ovlinit: overlaykeep=: /etc/motd must be a directory in the lower layer"
	ovl_expect log "ovlinit: FATAL: mounting the root failed: Not a directory"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case missing_store_falls_back
missing_store_falls_back_head() { atf_set descr "a store that is not there: the tmpfs upper, a loud warning, the marker says so"; }
missing_store_falls_back_body()
{
	common
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes overlaystore=LABEL=NOSUCH rootwait=3" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: no device matches overlaystore=LABEL=NOSUCH after 3 s"
	ovl_expect log "ovlinit: WARNING: the persistent store is not used: no device matches overlaystore=LABEL=NOSUCH"
	ovl_expect log "ovlinit: WARNING: booting with the tmpfs upper layer"
	ovl_expect_line log "root-tmpfs on /media/root-rw type tmpfs (rw,relatime,mode=755,inode64)"
	ovl_expect log "OVLINIT_STORE=none OVLINIT_STORE_FALLBACK=yes"
	ovl_expect log "OVLTEST-WROTE"
	ovl_expect log "OVLTEST-END"
}

atf_test_case missing_store_required_is_fatal
missing_store_required_is_fatal_head() { atf_set descr "overlaystore.required: a store whose root/ is a file is refused, and that is fatal"; }
missing_store_required_is_fatal_body()
{
	common
	mkdir store
	echo "not a directory" > store/root
	truncate -s 32M store.img
	mkfs.ext4 -q -F -L STORE -d store store.img || atf_fail "mkfs.ext4 failed"
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes overlaystore=LABEL=STORE overlaystore.required" \
		$(ovl_disk virtio disk.img) $(ovl_disk virtio store.img)
	ovl_expect log "ovlinit: overlaystore=: root/ on the store is not a directory: refusing to mount over it"
	ovl_expect log "ovlinit: FATAL: mounting the persistent store (overlaystore.required) failed: Not a directory"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case vfat_store_refused
vfat_store_refused_head() { atf_set descr "a vfat store is refused with the reason, and the boot falls back"; }
vfat_store_refused_body()
{
	common
	rm -f store.img
	mkfs.vfat -C -n STORE store.img 32768 >/dev/null || atf_fail "mkfs.vfat failed"
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes overlaystore=LABEL=STORE" \
		$(ovl_disk virtio disk.img) $(ovl_disk virtio store.img)
	ovl_expect log "ovlinit: overlaystore=: /dev/vdb (vfat) cannot be the overlay's upper layer"
	ovl_expect log "ovlinit: overlaystore=: FAT has no extended attributes"
	ovl_expect log "ovlinit: WARNING: booting with the tmpfs upper layer"
	ovl_expect log "OVLINIT_STORE=none OVLINIT_STORE_FALLBACK=yes"
	ovl_expect log "OVLTEST-END"
	fsck.vfat -n store.img > fsck.out 2>&1 || { cat fsck.out; atf_fail "fsck.vfat -n failed"; }
}

atf_init_test_cases()
{
	atf_add_test_case store_on_device
	atf_add_test_case image_on_vfat
	atf_add_test_case keep_paths
	atf_add_test_case keep_path_not_a_directory
	atf_add_test_case missing_store_falls_back
	atf_add_test_case missing_store_required_is_fatal
	atf_add_test_case vfat_store_refused
}
