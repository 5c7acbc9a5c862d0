#!/usr/bin/env atf-sh
# The kernel hooks (hooks/), installed by make install into a prefix in
# the test's work directory (PREFIX=p, SYSCONFDIR=p/etc, so the installed
# wrappers exec the installed kernel-hook), run as Debian's kernel
# packages and kernel-install run them, against a fake system root
# (OVLINIT_ROOT=root): the fixture module tree of
# tests/tools/mkinitfs/lib.sh with the test kernel's config in boot/.

hooks_setup()
{
	. "$(atf_config_get srcdir)/tests/tools/mkinitfs/lib.sh"
	mk_setup
	P=$(pwd)/p
	make -s -C "$SRC" BUILD="$B" PREFIX="$P" SYSCONFDIR="$P/etc" install > log 2>&1 ||
		{ cat log; atf_fail "make install failed"; }
	mk_fixture root
	mkdir -p root/boot root/etc/ovlinit
	cp "$B/kernel/root/boot/config-$KVER" root/boot/
	# The shipped config, with features this fixture tree has, and gzip
	# for speed.
	sed 's/^replace_initrd=.*//' "$SRC/hooks/mkinitfs.conf" > root/etc/ovlinit/mkinitfs.conf
	printf 'features="base ext4"\ncompression=gzip\n' >> root/etc/ovlinit/mkinitfs.conf
	OVLINIT_ROOT=$(pwd)/root
	export OVLINIT_ROOT
}

# kernel_postinst / kernel_postrm: what linux-image-*'s maintainer
# scripts run (run-parts with the version and the image path).
kernel_postinst()
{
	run-parts --report --exit-on-error --arg="$KVER" --arg="/boot/vmlinuz-$KVER" "$P/etc/kernel/postinst.d"
}
kernel_postrm()
{
	run-parts --report --exit-on-error --arg="$KVER" --arg="/boot/vmlinuz-$KVER" "$P/etc/kernel/postrm.d"
}

# is_image FILE: an ovlinit image for the test kernel.
is_image()
{
	"$P/bin/ovlinit-mkinitfs" --list-image "$1" > list || atf_fail "$1 is not an ovlinit image"
	grep -qx "kernel: $KVER" list || atf_fail "$1 is not for $KVER: $(cat list)"
}

atf_test_case postinst_builds_postrm_removes
postinst_builds_postrm_removes_head() { atf_set descr "postinst.d builds /boot/initramfs-ovlinit-KVER; postrm.d removes it; initrd.img is left alone"; }
postinst_builds_postrm_removes_body()
{
	hooks_setup
	echo "another generator's" > "root/boot/initrd.img-$KVER"
	kernel_postinst > out 2> err || { cat err; atf_fail "the postinst hook failed"; }
	is_image "root/boot/initramfs-ovlinit-$KVER"
	grep -qx "features: base ext4" list || atf_fail "not the config's features: $(cat list)"
	grep -qx "compression: gzip" list || atf_fail "not the config's compression"
	grep -q "another generator's" "root/boot/initrd.img-$KVER" || atf_fail "initrd.img was replaced"
	kernel_postrm 2> err || { cat err; atf_fail "the postrm hook failed"; }
	[ ! -e "root/boot/initramfs-ovlinit-$KVER" ] || atf_fail "postrm left the image"
	[ -e "root/boot/initrd.img-$KVER" ] || atf_fail "postrm removed another generator's initrd.img"
	[ "$(ls root/boot | wc -l)" = 2 ] ||
		atf_fail "left in boot: $(ls root/boot)"
}

atf_test_case kernel_install_plugin
kernel_install_plugin_head() { atf_set descr "kernel-install's 50-ovlinit.install: add builds, remove removes"; }
kernel_install_plugin_body()
{
	hooks_setup
	plugin=$P/lib/kernel/install.d/50-ovlinit.install
	[ -x "$plugin" ] || atf_fail "no $plugin"
	"$plugin" add "$KVER" /boot/efi/entry "/boot/vmlinuz-$KVER" 2> err || { cat err; atf_fail "add failed"; }
	is_image "root/boot/initramfs-ovlinit-$KVER"
	"$plugin" remove "$KVER" /boot/efi/entry 2> err || { cat err; atf_fail "remove failed"; }
	[ ! -e "root/boot/initramfs-ovlinit-$KVER" ] || atf_fail "remove left the image"
	"$plugin" inspect "$KVER" || atf_fail "an unknown command is not ignored"
	# Under a kernel package's maintainer script the postinst.d hook builds.
	DPKG_MAINTSCRIPT_PACKAGE=linux-image-x "$plugin" add "$KVER" /boot/efi/entry 2> err ||
		atf_fail "add under dpkg failed"
	[ ! -e "root/boot/initramfs-ovlinit-$KVER" ] ||
		atf_fail "the plugin built under dpkg, where postinst.d builds"
}

atf_test_case replace_initrd
replace_initrd_head() { atf_set descr "replace_initrd=yes writes /boot/initrd.img-KVER and runs post-update.d with KVER and it; no: post-update.d is not run"; }
replace_initrd_body()
{
	hooks_setup
	mkdir -p root/etc/initramfs/post-update.d
	printf '#!/bin/sh\necho "$@" >> %s/ran\n' "$(pwd)" > root/etc/initramfs/post-update.d/z50-raspi-firmware
	chmod +x root/etc/initramfs/post-update.d/z50-raspi-firmware
	# ovlinit's own hook there does nothing when ovlinit runs the hooks.
	cp "$P/etc/initramfs/post-update.d/ovlinit" root/etc/initramfs/post-update.d/
	kernel_postinst 2> err || { cat err; atf_fail "the postinst hook failed"; }
	[ ! -e ran ] || atf_fail "post-update.d ran without replace_initrd: $(cat ran)"
	echo 'replace_initrd=yes' >> root/etc/ovlinit/mkinitfs.conf
	kernel_postinst 2> err || { cat err; atf_fail "the postinst hook failed"; }
	[ "$(grep -c '^ovlinit: building' err)" = 1 ] || atf_fail "not one build: $(grep -c '^ovlinit: building' err)"
	is_image "root/boot/initrd.img-$KVER"
	echo "$KVER $OVLINIT_ROOT/boot/initrd.img-$KVER" | atf_check -o file:/dev/stdin cat ran
	kernel_postrm 2> err || { cat err; atf_fail "the postrm hook failed"; }
	[ -z "$(ls root/boot | grep -v "^config-$KVER\$")" ] || atf_fail "left in boot: $(ls root/boot)"
}

atf_test_case failure_keeps_the_previous_image
failure_keeps_the_previous_image_head() { atf_set descr "a failed build fails the hook with the reason and leaves the previous image and no temporary file"; }
failure_keeps_the_previous_image_body()
{
	hooks_setup
	kernel_postinst 2> err || { cat err; atf_fail "the first build failed"; }
	img=root/boot/initramfs-ovlinit-$KVER
	cp "$img" before
	# A config the builder refuses.
	echo 'features="base nosuch"' >> root/etc/ovlinit/mkinitfs.conf
	kernel_postinst 2> err && atf_fail "the hook succeeded with an unknown feature"
	grep -q "unknown feature nosuch" err || atf_fail "no reason: $(cat err)"
	grep -q "building .*$img for kernel $KVER failed .* the previous image, if any, is unchanged" err ||
		atf_fail "the hook does not say what failed: $(cat err)"
	cmp before "$img" || atf_fail "the previous image changed"
	# A compressor that dies halfway through the archive.
	sed -i 's/^features="base nosuch"$//' root/etc/ovlinit/mkinitfs.conf
	mkdir bin && printf '#!/bin/sh\nhead -c 100000 > /dev/null\necho "gzip: disk full" >&2\nexit 1\n' > bin/gzip
	chmod +x bin/gzip
	PATH=$(pwd)/bin:$PATH kernel_postinst 2> err && atf_fail "the hook succeeded with a failing compressor"
	grep -q "gzip failed" err || atf_fail "no reason: $(cat err)"
	cmp before "$img" || atf_fail "the previous image changed"
	[ "$(ls root/boot | wc -l)" = 2 ] || atf_fail "a temporary file is left: $(ls root/boot)"
	# A config the builder refuses does not block the kernel's removal.
	echo 'replace_initrd=maybe' >> root/etc/ovlinit/mkinitfs.conf
	kernel_postinst 2> err && atf_fail "the hook built with a broken config"
	grep -q "line [0-9]*: replace_initrd is yes or no" err || atf_fail "no reason: $(cat err)"
	kernel_postrm 2> err || { cat err; atf_fail "the removal failed on a broken config"; }
	grep -q "warning: removing only the default image" err || atf_fail "no warning: $(cat err)"
	[ ! -e "$img" ] || atf_fail "the image is left"
}

# post_update IMAGE: what update-initramfs (or Debian's dracut) runs
# after writing IMAGE for the test kernel, with a firmware hook that
# keeps what it was given (fw), as z50-raspi-firmware copies it.
post_update()
{
	printf '#!/bin/sh\ncp "$2" %s/fw\n' "$(pwd)" > "$P/etc/initramfs/post-update.d/z50-raspi-firmware"
	chmod +x "$P/etc/initramfs/post-update.d/z50-raspi-firmware"
	run-parts --report --exit-on-error --arg="$KVER" --arg="$1" "$P/etc/initramfs/post-update.d"
}

atf_test_case another_generator_rewrites_the_image
another_generator_rewrites_the_image_head() { atf_set descr "post-update.d: after another generator wrote initrd.img, ovlinit's is built again before the firmware hook copies it; without replace_initrd, initramfs-ovlinit is rebuilt; in a kernel package's postinst, postinst.d does it"; }
another_generator_rewrites_the_image_body()
{
	hooks_setup
	[ -x "$P/etc/initramfs/post-update.d/ovlinit" ] || atf_fail "no post-update.d/ovlinit"
	echo 'replace_initrd=yes' >> root/etc/ovlinit/mkinitfs.conf
	echo "initramfs-tools' image" > "root/boot/initrd.img-$KVER"
	post_update "$OVLINIT_ROOT/boot/initrd.img-$KVER" 2> err || { cat err; atf_fail "post-update.d failed"; }
	is_image "root/boot/initrd.img-$KVER"
	is_image fw
	# The build fails: the hook fails, saying initrd.img is not ovlinit's.
	echo "initramfs-tools' image" > "root/boot/initrd.img-$KVER"
	echo 'features="base nosuch"' >> root/etc/ovlinit/mkinitfs.conf
	post_update "$OVLINIT_ROOT/boot/initrd.img-$KVER" 2> err && atf_fail "post-update.d passed with a failed build"
	grep -q "initrd.img-$KVER is now the image another generator wrote, with no ovlinit and no overlay root" err ||
		atf_fail "no reason: $(cat err)"
	# replace_initrd=no: initramfs-ovlinit-KVER is built, initrd.img left.
	sed -i '/^replace_initrd=yes$/d; /nosuch/d' root/etc/ovlinit/mkinitfs.conf
	rm -f fw
	post_update "$OVLINIT_ROOT/boot/initrd.img-$KVER" 2> err || { cat err; atf_fail "post-update.d failed"; }
	is_image "root/boot/initramfs-ovlinit-$KVER"
	grep -q "initramfs-tools' image" fw || atf_fail "the firmware hook did not get initrd.img as written"
	# In linux-image-*'s postinst, postinst.d/ovlinit builds (after
	# initramfs-tools' hook there): nothing here.
	rm "root/boot/initramfs-ovlinit-$KVER"
	DPKG_MAINTSCRIPT_PACKAGE=linux-image-$KVER post_update "$OVLINIT_ROOT/boot/initrd.img-$KVER" 2> err ||
		{ cat err; atf_fail "post-update.d failed"; }
	[ ! -e "root/boot/initramfs-ovlinit-$KVER" ] || atf_fail "built under a kernel package's postinst"
}

atf_test_case removed_package_hooks_do_nothing
removed_package_hooks_do_nothing_head() { atf_set descr "the hooks in /etc are conffiles: once the package is removed (kernel-hook gone), they succeed and do nothing"; }
removed_package_hooks_do_nothing_body()
{
	hooks_setup
	rm "$P/lib/ovlinit/kernel-hook"
	kernel_postinst 2> err || { cat err; atf_fail "postinst.d failed without the package"; }
	kernel_postrm 2> err || { cat err; atf_fail "postrm.d failed without the package"; }
	echo "initramfs-tools' image" > "root/boot/initrd.img-$KVER"
	post_update "$OVLINIT_ROOT/boot/initrd.img-$KVER" 2> err || { cat err; atf_fail "post-update.d failed without the package"; }
	[ ! -e "root/boot/initramfs-ovlinit-$KVER" ] || atf_fail "an image was built"
}

atf_init_test_cases()
{
	atf_add_test_case postinst_builds_postrm_removes
	atf_add_test_case kernel_install_plugin
	atf_add_test_case replace_initrd
	atf_add_test_case failure_keeps_the_previous_image
	atf_add_test_case another_generator_rewrites_the_image
	atf_add_test_case removed_package_hooks_do_nothing
}
