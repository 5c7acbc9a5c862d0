#!/usr/bin/env atf-sh
# The Debian package that make deb builds (make check builds it first):
# what it holds, its conffiles, lintian, and the unpacked tools at work.

deb_setup()
{
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	KVER=$(cat "$B/kernel/kver")
	ver=$(cd "$SRC" && dpkg-parsechangelog -S Version)
	DEB=$B/ovlinit_${ver}_$(dpkg --print-architecture).deb
	[ -f "$DEB" ] || atf_fail "$DEB is missing (make deb)"
}

atf_test_case contents_and_conffiles
contents_and_conffiles_head() { atf_set descr "the tools, the inits, the features, the man pages, the hooks, the config file as a conffile"; }
contents_and_conffiles_body()
{
	deb_setup
	dpkg-deb -c "$DEB" | awk '{print $NF}' | sed 's|^\./|/|' > files
	for f in /usr/bin/ovlinit /usr/bin/ovlinit-mkinitfs /usr/bin/ovlinit-toggle \
		/usr/lib/ovlinit/init /usr/lib/ovlinit/kernel-hook /usr/lib/ovlinit/modules/base.modules \
		/usr/lib/ovlinit/modules/virtio.modules /usr/share/man/man8/ovlinit-mkinitfs.8.gz \
		/usr/share/man/man8/ovlinit.8.gz /usr/share/man/man1/ovlinit-toggle.1.gz \
		/etc/kernel/postinst.d/ovlinit /etc/kernel/postrm.d/ovlinit \
		/etc/initramfs/post-update.d/ovlinit \
		/usr/lib/kernel/install.d/50-ovlinit.install /etc/ovlinit/mkinitfs.conf; do
		grep -qx "$f" files || atf_fail "the package lacks $f"
	done
	if [ -x "$B/arm64/init" ]; then
		grep -qx /usr/lib/ovlinit/init-aarch64 files || atf_fail "the package lacks init-aarch64"
	fi
	# Not linux-initramfs-tool: initramfs-tools conflicts with it, so
	# installing ovlinit would remove the system's generator.
	[ -z "$(dpkg-deb -f "$DEB" Provides Conflicts Replaces)" ] ||
		atf_fail "the package provides, conflicts or replaces: $(dpkg-deb -f "$DEB" Provides Conflicts Replaces)"
	dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./conffiles > conffiles
	for f in /etc/ovlinit/mkinitfs.conf /etc/kernel/postinst.d/ovlinit /etc/kernel/postrm.d/ovlinit \
		/etc/initramfs/post-update.d/ovlinit; do
		grep -qx "$f" conffiles || atf_fail "$f is not a conffile"
	done
}

atf_test_case lintian_shows_no_error
lintian_shows_no_error_head() { atf_set descr "lintian --fail-on error passes and shows no E: line"; }
lintian_shows_no_error_body()
{
	deb_setup
	lintian --fail-on error "$DEB" > out 2>&1 || { cat out; atf_fail "lintian failed"; }
	! grep '^E:' out || atf_fail "lintian errors"
}

atf_test_case unpacked_tools_work
unpacked_tools_work_head() { atf_set descr "the unpacked hooks name the installed paths; the unpacked builder builds and lists an image"; }
unpacked_tools_work_body()
{
	deb_setup
	dpkg-deb -x "$DEB" x || atf_fail "dpkg-deb -x failed"
	grep -qx 'exec /usr/lib/ovlinit/kernel-hook build "$1"' x/etc/kernel/postinst.d/ovlinit ||
		atf_fail "postinst.d does not run /usr/lib/ovlinit/kernel-hook"
	grep -q '@[A-Z]*@' x/usr/lib/ovlinit/kernel-hook x/etc/kernel/*/ovlinit x/usr/lib/kernel/install.d/* \
		x/etc/initramfs/post-update.d/ovlinit &&
		atf_fail "a hook kept a placeholder"
	grep -q 'OVLINIT_MKINITFS:-/usr/bin/ovlinit-mkinitfs' x/usr/lib/ovlinit/kernel-hook ||
		atf_fail "kernel-hook does not run /usr/bin/ovlinit-mkinitfs"
	x/usr/bin/ovlinit-mkinitfs -b "$B/kernel/root" -F "base ext4 virtio" -C gzip -o img "$KVER" > out ||
		atf_fail "the packaged builder failed"
	x/usr/bin/ovlinit-mkinitfs --list-image img > list || atf_fail "--list-image failed"
	grep -qx "kernel: $KVER" list || atf_fail "$(cat list)"
}

atf_init_test_cases()
{
	atf_add_test_case contents_and_conffiles
	atf_add_test_case lintian_shows_no_error
	atf_add_test_case unpacked_tools_work
}
