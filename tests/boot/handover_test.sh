#!/usr/bin/env atf-sh
# switch_root and the handover to the real init: init= resolved inside
# the new root, refused before the point of no return when unusable,
# the kernel's argv and environment passed on, no ovlinit fd left open;
# the plain root's ro/rw and rootflags=.
# Disk layout: one virtio-blk disk, a whole-disk ext4 filesystem (no
# partition table) with UUID $UUID holding busybox and the test init
# (merged-/usr with an absolute /sbin/init symlink in init_symlink).

UUID=7b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0

common()
{
	. "$(atf_config_get srcdir)/tests/boot/lib.sh"
	ovl_setup
}

atf_test_case init_symlink
init_symlink_head() { atf_set descr "merged /usr, /sbin/init an absolute symlink: resolved inside the new root, plain and overlay"; }
init_symlink_body()
{
	common
	# Debian's shape: /sbin -> usr/sbin, /bin -> usr/bin, /lib -> usr/lib,
	# and /usr/sbin/init -> /lib/ovltest/init, absolute: followed from
	# the initramfs it would name a file that does not exist there.
	mkdir -p root/usr/bin root/usr/sbin root/usr/lib/ovltest root/etc root/dev root/proc \
		root/sys root/run root/tmp root/media
	ln -s usr/bin root/bin
	ln -s usr/sbin root/sbin
	ln -s usr/lib root/lib
	cp /bin/busybox root/usr/bin/busybox
	cp "$SRC/tests/boot/testinit.sh" root/usr/lib/ovltest/init
	chmod 0755 root/usr/lib/ovltest/init
	ln -s /lib/ovltest/init root/usr/sbin/init
	ovl_ext4 disk.img root -U "$UUID"
	for mode in "" overlaytmpfs=yes; do
		ovl_boot log "root=UUID=$UUID $mode" $(ovl_disk virtio disk.img)
		ovl_expect log "OVLTEST-ARGV: /sbin/init"
		ovl_expect log "OVLTEST-PID: 1"
		ovl_expect log "OVLTEST-END"
	done
}

# refused INIT TEXT: init=INIT is refused with TEXT before the switch.
refused()
{
	common
	ovl_root root
	mkdir -p root/usr/local/sbin
	printf '#!/bin/nosuch\necho unreachable\n' > root/usr/local/sbin/badinit
	chmod 0755 root/usr/local/sbin/badinit
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes init=$1" $(ovl_disk virtio disk.img)
	ovl_expect log "ovlinit: init=$1: $2"
	ovl_expect log "ovlinit: FATAL: checking init= in the new root failed"
	# The check comes before the switch, which starts with this line.
	ovl_reject log "starting $1"
	ovl_reject log "OVLTEST-BEGIN"
}

atf_test_case missing_init_refused
missing_init_refused_head() { atf_set descr "init= naming a missing file is refused, naming it, before the switch"; }
missing_init_refused_body() { refused /sbin/nope "/sbin/nope in the new root: No such file or directory"; }

atf_test_case directory_init_refused
directory_init_refused_head() { atf_set descr "init= naming a directory is refused before the switch"; }
directory_init_refused_body() { refused /etc "/etc in the new root: Exec format error (not an executable regular file)"; }

atf_test_case script_without_interpreter_refused
script_without_interpreter_refused_head() { atf_set descr "an init script whose #! interpreter is missing is refused, naming the interpreter"; }
script_without_interpreter_refused_body()
{
	refused /usr/local/sbin/badinit "/bin/nosuch in the new root: No such file or directory"
}

atf_test_case handover
handover_head() { atf_set descr "the real init gets Alpine's init_args= words, then the kernel's argv (single, words after --) and environment, fds 0-2 on the console and nothing else of ovlinit's"; }
handover_body()
{
	common
	ovl_root root
	ovl_test_script root <<'EOF'
bb=/bin/busybox
echo "OVLTEST-ENV: ovlfoo=$ovlfoo"
# Listed by a child that opens its output itself: ash would otherwise
# redirect (and so open) it in PID 1.
$bb sh -c "$bb ls -l /proc/1/fd/ > /run/fds"
$bb awk '$(NF-1) == "->" {print "OVLTEST-FD: " $(NF-2) " " $NF}' /run/fds
echo "OVLTEST-MARKER: $($bb cat /run/ovlinit/root | $bb tr '\n' ' ')"
$bb ls -ld /run/ovlinit/root /media/root-rw / | $bb awk '{print "OVLTEST-MODE: " $1 " " $3 " " $NF}'
[ -e /init ] && echo "OVLTEST-INITRAMFS-LEFT: /init"
EOF
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes ovlfoo=bar init_args=\"-x  two\" single -- alpha beta=1 --gamma" \
		$(ovl_disk virtio disk.img)
	ovl_expect_line log "OVLTEST-ARGV: /sbin/init -x two single alpha beta=1 --gamma"
	ovl_expect_line log "OVLTEST-ENV: ovlfoo=bar"
	for fd in 0 1 2; do ovl_expect_line log "OVLTEST-FD: $fd /dev/console"; done
	# busybox sh keeps the scripts it runs open; nothing else may be.
	other=$(tr -d '\r' < log | grep '^OVLTEST-FD: ' |
		grep -v -e ' /dev/console$' -e '^OVLTEST-FD: 1[0-9] /sbin/init$' -e '^OVLTEST-FD: 1[0-9] /etc/ovltest$')
	[ -z "$other" ] || { grep OVLTEST-FD log; atf_fail "PID 1 has other fds: $other"; }
	ovl_expect log "OVLTEST-MARKER: OVLINIT_ROOT=overlay OVLINIT_DEVICE=/dev/vda OVLINIT_FSTYPE=ext4"
	ovl_expect_line log "OVLTEST-MODE: drwxr-xr-x 0 /"
	ovl_expect_line log "OVLTEST-MODE: drwxr-xr-x 0 /media/root-rw"
	ovl_expect_line log "OVLTEST-MODE: -rw-r--r-- 0 /run/ovlinit/root"
	ovl_reject log "OVLTEST-INITRAMFS-LEFT"
}

atf_test_case world_writable_flags_refused
world_writable_flags_refused_head() { atf_set descr "overlaytmpfsflags=mode=1777,uid=1000 cannot make / or /media/root-rw writable by others"; }
world_writable_flags_refused_body()
{
	common
	ovl_root root
	ovl_test_script root <<'EOF'
/bin/busybox ls -ld /media/root-rw / | /bin/busybox awk '{print "OVLTEST-MODE: " $1 " " $3 " " $NF}'
EOF
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log "root=UUID=$UUID overlaytmpfs=yes overlaytmpfsflags=mode=1777,uid=1000,size=20m" \
		$(ovl_disk virtio disk.img)
	ovl_expect log "command line: overlaytmpfsflags=: refused mode=1777: a mode that lets group or others write"
	ovl_expect log "command line: overlaytmpfsflags=: refused uid=1000: an upper layer owned by another user"
	ovl_expect_line log "root-tmpfs on /media/root-rw type tmpfs (rw,relatime,size=20480k,mode=755,inode64)"
	ovl_expect_line log "OVLTEST-MODE: drwxr-xr-x 0 /"
	ovl_expect_line log "OVLTEST-MODE: drwxr-xr-x 0 /media/root-rw"
}

atf_test_case plain_root_flags
plain_root_flags_head() { atf_set descr "the plain root: ro by default, rw on request, rootflags= applied, marker says plain"; }
plain_root_flags_body()
{
	common
	ovl_root root
	ovl_test_script root <<'EOF'
echo "OVLTEST-MARKER: $(/bin/busybox cat /run/ovlinit/root | /bin/busybox tr '\n' ' ')"
echo x > /written 2>/dev/null && echo "OVLTEST-WRITE: ok" || echo "OVLTEST-WRITE: refused"
EOF
	ovl_ext4 disk.img root -U "$UUID"
	ovl_boot log1 "root=UUID=$UUID rootflags=noatime" $(ovl_disk virtio disk.img)
	ovl_expect_line log1 "/dev/vda on / type ext4 (ro,noatime)"
	ovl_expect log1 "OVLTEST-MARKER: OVLINIT_ROOT=plain OVLINIT_DEVICE=/dev/vda OVLINIT_FSTYPE=ext4"
	ovl_expect log1 "OVLTEST-WRITE: refused"
	ovl_boot log2 "root=UUID=$UUID rw rootflags=noatime,data=journal" $(ovl_disk virtio disk.img)
	ovl_expect_line log2 "/dev/vda on / type ext4 (rw,noatime,nodelalloc,data=journal)"
	ovl_expect log2 "OVLTEST-WRITE: ok"
}

atf_init_test_cases()
{
	atf_add_test_case init_symlink
	atf_add_test_case missing_init_refused
	atf_add_test_case directory_init_refused
	atf_add_test_case script_without_interpreter_refused
	atf_add_test_case handover
	atf_add_test_case world_writable_flags_refused
	atf_add_test_case plain_root_flags
}
