#!/usr/bin/env atf-sh
# mk/debian.sh and mk/packtree.sh never pack, walk or remove a mount of
# the host, and leave nothing mounted, whatever happens. debootstrap is
# replaced by a stand-in (DEBOOTSTRAP=) that makes a tiny tree and mounts
# a live proc inside it the way a debootstrap that did not clean up
# leaves it; then the image must hold an empty /proc and nothing may stay
# mounted below the work directory. Needs root (mount).

common()
{
	SRC=$(atf_config_get srcdir)
	. "$SRC/mk/mounts.sh"
	mkdir -p bin
	# The stand-in makes its tree in TARGET (where mk/debian.sh puts
	# it); STUB_RC is its exit status.
	cat > bin/debootstrap <<'STUB'
#!/bin/sh
t=$TARGET
mkdir -p "$t/proc" "$t/etc/systemd/system/multi-user.target.wants" \
	"$t/usr/local/sbin" "$t/var/cache/apt/archives" "$t/var/lib/apt/lists" "$t/sbin"
echo "a file of the tree" > "$t/etc/motd"
mount -t proc proc "$t/proc" || exit 3
# Busy: a process with its working directory in the mount, as
# debootstrap's leftover processes hold it ("target is busy").
(cd "$t/proc" && exec sleep 10) >/dev/null 2>&1 &
exit "${STUB_RC:-0}"
STUB
	chmod +x bin/debootstrap
	export DEBOOTSTRAP=$PWD/bin/debootstrap TARGET=$PWD/out.img.tree
}

# nothing_mounted: no mount at or below the work directory.
nothing_mounted()
{
	left=$(mounts_under "$PWD")
	[ -z "$left" ] || { umount -l $left; atf_fail "still mounted after $1: $left"; }
}

atf_test_case leftover_proc_is_unmounted_before_packing cleanup
leftover_proc_is_unmounted_before_packing_head()
{
	atf_set descr "A busy proc left in the tree is taken down; the image's /proc is empty"
	atf_set require.user root
	atf_set require.progs debugfs mkfs.ext4
}
leftover_proc_is_unmounted_before_packing_body()
{
	common
	sh "$SRC/mk/debian.sh" out.img 2> err || { cat err; atf_fail "mk/debian.sh failed"; }
	nothing_mounted "mk/debian.sh"
	[ -f out.img ] || atf_fail "no image"
	[ ! -e out.img.failed ] || atf_fail "out.img.failed left behind"
	[ ! -e out.img.tree ] || atf_fail "the tree was not removed"
	debugfs -R "ls -p /proc" out.img 2>/dev/null > proc.ls
	# debugfs -p lists "/ino/mode/uid/gid/name/size/": only . and ..
	names=$(cut -d/ -f6 proc.ls | grep -v '^\.\.\?$' | grep -v '^$' || true)
	[ -z "$names" ] || atf_fail "the image's /proc holds: $(echo $names | cut -c1-200)"
	debugfs -R "cat /etc/motd" out.img 2>/dev/null | grep -q "a file of the tree" ||
		atf_fail "the tree's files are not in the image"
	# Sized from the tree, not from a live /proc (du would have read it).
	[ "$(stat -c %s out.img)" -lt $((200 * 1024 * 1024)) ] || atf_fail "image oversized"
}
leftover_proc_is_unmounted_before_packing_cleanup()
{
	. "$(atf_config_get srcdir)/mk/mounts.sh"
	unmount_under "$PWD" || true
}

atf_test_case failed_debootstrap_leaves_reason_and_no_mount cleanup
failed_debootstrap_leaves_reason_and_no_mount_head()
{
	atf_set descr "debootstrap fails with proc mounted: exit 1, the reason in OUT.failed, nothing mounted"
	atf_set require.user root
}
failed_debootstrap_leaves_reason_and_no_mount_body()
{
	common
	STUB_RC=1 sh "$SRC/mk/debian.sh" out.img 2> err && atf_fail "mk/debian.sh succeeded"
	nothing_mounted "a failed debootstrap"
	grep -q "debootstrap failed" out.img.failed || atf_fail "no reason in out.img.failed"
	[ ! -f out.img ] || atf_fail "an image was made"
}
failed_debootstrap_leaves_reason_and_no_mount_cleanup()
{
	. "$(atf_config_get srcdir)/mk/mounts.sh"
	unmount_under "$PWD" || true
}

atf_test_case killed_run_is_mended_by_the_next cleanup
killed_run_is_mended_by_the_next_head()
{
	atf_set descr "A tree left mounted by a killed run: the next run unmounts it before rm -rf"
	atf_set require.user root
	atf_set require.progs debugfs
}
killed_run_is_mended_by_the_next_body()
{
	common
	mkdir -p out.img.tree/proc
	mount -t proc proc out.img.tree/proc
	sh "$SRC/mk/debian.sh" out.img 2> err || { cat err; atf_fail "mk/debian.sh failed"; }
	nothing_mounted "mk/debian.sh after a killed run"
	[ -f out.img ] || atf_fail "no image"
}
killed_run_is_mended_by_the_next_cleanup()
{
	. "$(atf_config_get srcdir)/mk/mounts.sh"
	unmount_under "$PWD" || true
}

atf_test_case distclean_unmounts_first cleanup
distclean_unmounts_first_head()
{
	atf_set descr "make distclean on a build tree with a proc mounted inside: unmounts, then removes"
	atf_set require.user root
	atf_set require.progs make
}
distclean_unmounts_first_body()
{
	common
	mkdir -p b/debian.img.tree/proc b/keep
	mount -t proc proc b/debian.img.tree/proc
	(cd b/debian.img.tree/proc && exec sleep 10) >/dev/null 2>&1 &
	make -s -C "$SRC" BUILD="$PWD/b" distclean > out 2>&1 || { cat out; atf_fail "make distclean failed"; }
	nothing_mounted "make distclean"
	[ ! -e b ] || atf_fail "make distclean left $PWD/b"
	[ -r /proc/self/status ] || atf_fail "the host's /proc was damaged"
}
distclean_unmounts_first_cleanup()
{
	. "$(atf_config_get srcdir)/mk/mounts.sh"
	unmount_under "$PWD" || true
}

atf_init_test_cases()
{
	atf_add_test_case leftover_proc_is_unmounted_before_packing
	atf_add_test_case failed_debootstrap_leaves_reason_and_no_mount
	atf_add_test_case killed_run_is_mended_by_the_next
	atf_add_test_case distclean_unmounts_first
}
