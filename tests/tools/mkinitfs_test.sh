#!/usr/bin/env atf-sh
# ovlinit-mkinitfs on the host: what an image holds (the fixture module
# tree and the expected listings are described in
# tests/tools/mkinitfs/lib.sh).

# mk_setup, mk_fixture, mk, mk_expect, mk_unpack: tests/tools/mkinitfs/lib.sh.
mk_lib()
{
	. "$(atf_config_get srcdir)/tests/tools/mkinitfs/lib.sh"
	mk_setup
}

atf_test_case list_fixture
list_fixture_head() { atf_set descr "-l lists init, the closure (deps, softdeps, globs), indexes, nodes"; }
list_fixture_body()
{
	mk_lib; mk_fixture base
	mk -F "fs disk" -l > stdout || atf_fail "ovlinit-mkinitfs -l failed"
	mk_expect fs-disk
}

atf_test_case list_softdep_from_modprobe_d
list_softdep_from_modprobe_d_head() { atf_set descr "softdeps of BASEDIR/etc/modprobe.d are packed; etc/ hides lib/"; }
list_softdep_from_modprobe_d_body()
{
	mk_lib; mk_fixture base
	mk -F fat -l > stdout || atf_fail "ovlinit-mkinitfs -l failed"
	mk_expect fat
	mk -F fat -C none -o img || atf_fail "build failed"
	mk_unpack img x
	atf_check -o file:"$FIX/etc-modprobe.conf" cat x/etc/modprobe.d/fixture.conf
}

atf_test_case list_extra_modules_and_rescue_shell
list_extra_modules_and_rescue_shell_head() { atf_set descr "-m adds modules; --rescue-shell adds /bin/busybox"; }
list_extra_modules_and_rescue_shell_body()
{
	mk_lib; mk_fixture base
	mkdir -p base/bin && cp /bin/busybox base/bin/busybox
	mk -F "" -m "overlay" --rescue-shell -l > stdout || atf_fail "ovlinit-mkinitfs -l failed"
	mk_expect extra-rescue
}

atf_test_case image_contents
image_contents_head() { atf_set descr "modules stored uncompressed; device nodes, modprobe link, features and cpu-aliases files"; }
image_contents_body()
{
	mk_lib; mk_fixture base
	mk -F "fs disk" -C none -o img > out || atf_fail "build failed"
	grep -Eq "^img: [0-9]+ bytes, none, 9 modules, $(uname -m) init, [0-9]+\.[0-9] s$" out || { cat out; atf_fail "no size/count line"; }
	mk_unpack img x
	cmp x/lib/modules/"$KVER"/kernel/fs/ext4/ext4.ko "$KMODS/kernel/fs/ext4/ext4.ko" ||
		atf_fail "ext4.ko.xz was not stored decompressed"
	cmp x/lib/modules/"$KVER"/kernel/drivers/virtio/virtio.ko "$KMODS/kernel/drivers/virtio/virtio.ko" ||
		atf_fail "virtio.ko.xz was not stored decompressed"
	cmp x/init "$B/init" || atf_fail "/init is not build/init"
	atf_check -o file:"$FIX/features.expect" cat x/etc/ovlinit/features
	# The CPU-feature module's alias, module first, for init to skip it on
	# a CPU without SSE 4.2; nothing else (no other packed module has one).
	echo "crc32c_intel cpu:type:x86,ven*fam*mod*:feature:*0094*" |
		atf_check -o file:/dev/stdin cat x/etc/ovlinit/cpu-aliases
	cpio -itv < img > tv 2>/dev/null
	grep -Eq '^crw------- +1 root +root +5, +1 .* dev/console$' tv || { cat tv; atf_fail "no /dev/console 5,1"; }
	grep -Eq '^crw-rw-rw- +1 root +root +1, +3 .* dev/null$' tv || { cat tv; atf_fail "no /dev/null 1,3"; }
	grep -Eq '^lrwxrwxrwx .* sbin/modprobe -> /init$' tv || { cat tv; atf_fail "no /sbin/modprobe -> /init"; }
	grep -Eq ' modules\.builtin\.modinfo$' tv && atf_fail "modules.builtin.modinfo is not needed by init"
	return 0
}

atf_test_case reproducible
reproducible_head() { atf_set descr "the same inputs give the same bytes; SOURCE_DATE_EPOCH sets every mtime"; }
reproducible_body()
{
	mk_lib; mk_fixture base
	for c in gzip zstd xz lz4 none; do
		mk -F "fs disk fat" -C "$c" -o "a.$c" >/dev/null || atf_fail "build $c failed"
		touch base/lib/modules/"$KVER"/kernel/fs/fat/fat.ko
		mk -F "fs disk fat" -C "$c" -o "b.$c" >/dev/null || atf_fail "build $c failed"
		cmp "a.$c" "b.$c" || atf_fail "two $c builds differ"
	done
	SOURCE_DATE_EPOCH=1700000000 mk -F "fs disk fat" -C none -o c1 >/dev/null || atf_fail "build failed"
	SOURCE_DATE_EPOCH=1700000000 mk -F "fs disk fat" -C none -o c2 >/dev/null || atf_fail "build failed"
	cmp c1 c2 || atf_fail "two SOURCE_DATE_EPOCH builds differ"
	cmp -s c1 a.none && atf_fail "SOURCE_DATE_EPOCH changed nothing"
	TZ=UTC cpio -itv < c1 2>/dev/null | grep -v 'Nov 14  2023' && atf_fail "an entry lacks mtime 1700000000"
	TZ=UTC cpio -itv < a.none 2>/dev/null | grep -v 'Jan  1  1970' && atf_fail "an entry lacks mtime 0"
	gzip -t a.gzip && zstd -tq a.zstd && xz -t a.xz && lz4 -tq a.lz4 || atf_fail "a compressed image is corrupt"
	atf_check -s exit:2 -e match:"SOURCE_DATE_EPOCH" env SOURCE_DATE_EPOCH=soon "$MK" -b base "$KVER"
}

atf_test_case gen_init_cpio_list
gen_init_cpio_list_head() { atf_set descr "--gen-init-cpio writes the kernel's list format over OUTFILE.d"; }
gen_init_cpio_list_body()
{
	mk_lib; mk_fixture base
	mk -F "fs disk" -l > paths || atf_fail "-l failed"
	mk -F "fs disk" --gen-init-cpio -o list >/dev/null || atf_fail "--gen-init-cpio failed"
	d=$(cd list.d && pwd)
	grep -qx "file /init $d/init 0755 0 0" list || { cat list; atf_fail "no /init line"; }
	grep -qx "nod /dev/console 0600 0 0 c 5 1" list || atf_fail "no /dev/console line"
	grep -qx "nod /dev/null 0666 0 0 c 1 3" list || atf_fail "no /dev/null line"
	grep -qx "slink /sbin/modprobe /init 0777 0 0" list || atf_fail "no modprobe link line"
	grep -qx "dir /lib/modules/$KVER 0755 0 0" list || atf_fail "no module directory line"
	grep -v '^#' list | awk '{print $2}' > listed
	diff -u paths listed || atf_fail "the list and -l name different entries"
	grep '^file ' list | while read -r _ name src _; do
		cmp "$src" "$d$name" || atf_fail "$name: $src is not the staged file"
	done
}

atf_test_case errors
errors_head() { atf_set descr "unknown feature or module: exit 1 naming it; usage: exit 2"; }
errors_body()
{
	mk_lib; mk_fixture base
	atf_check -s exit:1 -e match:"unknown feature nosuch" "$MK" -P "$FIX/features" -b base -F "fs nosuch" -l "$KVER"
	atf_check -s exit:1 -e match:"unknown module nosuchmod \(-m\)" "$MK" -P "$FIX/features" -b base -F fs -m nosuchmod -l "$KVER"
	atf_check -s exit:1 -e match:"unknown feature \.\./x" "$MK" -P "$FIX/features" -b base -F "../x" -l "$KVER"
	atf_check -s exit:1 -e match:"no module tree for kernel 0.0-none" "$MK" -P "$FIX/features" -b base -l 0.0-none
	# No version: uname -r's, as Alpine's mkinitfs.
	atf_check -s exit:1 -e match:"no module tree for kernel $(uname -r)" "$MK" -P "$FIX/features" -b base -l
	atf_check -s exit:2 -e match:"usage" "$MK" -b base "$KVER" extra
	atf_check -s exit:2 -e match:"usage" "$MK" -b base -C bzip2 "$KVER"
	atf_check -s exit:2 -e match:"usage" "$MK" -b base --bogus "$KVER"
	mkdir feat && printf 'ext4\nnosuchmod\n' > feat/bad.modules
	atf_check -s exit:1 -e match:"unknown module nosuchmod .*bad.modules, line 2" \
		"$MK" -P feat -i "$B/init" -b base -F bad -l "$KVER"
	atf_check -s exit:1 -e match:"rescue-shell: no base/bin/busybox" \
		"$MK" -P "$FIX/features" -i "$B/init" -b base -F fs --rescue-shell -l "$KVER"
	test -e img && atf_fail "a failed build left an image"
	return 0
}

# Every feature file of modules/ against real kernels. A plain entry must
# exist for every architecture: the test kernel has it (a build with the
# feature succeeds; an unknown module would fail it) and so does Debian's
# arm64 kernel (build/kernel-arm64.modules, made by mk/modlist.sh). A '?'
# entry must exist in at least one of them (arm64-only SD controllers,
# x86-only USB 1.1 controllers).
atf_test_case feature_files_name_real_modules
feature_files_name_real_modules_head() { atf_set descr "modules/*.modules name only modules of the amd64 and arm64 kernels"; }
feature_files_name_real_modules_body()
{
	mk_lib
	arm=$B/kernel-arm64.modules
	[ -s "$arm" ] || atf_fail "$arm is missing (make $arm)"
	{ cut -d: -f1 "$KMODS/modules.dep"; cat "$KMODS/modules.builtin"; } |
		sed 's|.*/||; s|\.ko.*||' | tr - _ | sort -u > amd64
	n=0
	for f in "$SRC"/modules/*.modules; do
		feat=$(basename "$f" .modules)
		"$MK" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" -F "$feat" -l "$KVER" > list ||
			atf_fail "feature $feat does not build for $KVER"
		grep -q '\.ko$' list || atf_fail "feature $feat packs no module"
		for m in $(sed -n 's/#.*//; /^?/d; /\//d; s/^\([^ ]*\).*/\1/p' "$f" | tr - _); do
			grep -qx "$m" amd64 || atf_fail "$feat: $m is not an amd64 module"
			grep -qx "$m" "$arm" || atf_fail "$feat: $m is not an arm64 module (mark it ?$m)"
		done
		for m in $(sed -n 's/#.*//; s/^?\([^ ]*\).*/\1/p' "$f" | tr - _); do
			grep -qx "$m" amd64 || grep -qx "$m" "$arm" ||
				atf_fail "$feat: ?$m is neither an amd64 nor an arm64 module"
		done
		n=$((n + 1))
	done
	[ "$n" -ge 16 ] || atf_fail "only $n feature files"
}

# An image for one bus carries that bus's stack and nothing of another's
# (the image-size budget of make bench rests on it); the default carries
# every bus's.
atf_test_case features_one_bus_each
features_one_bus_each_head() { atf_set descr "virtio packs no SCSI stack nor MMIO, usb no EHCI/OHCI/UHCI, base only overlay; the default packs all"; }
features_one_bus_each_body()
{
	mk_lib
	# mods FEATURES: the module names -F FEATURES packs, one per line.
	mods() { "$MK" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" ${1:+-F "$1"} -l "$KVER" |
		sed -n 's|.*/||; s|\.ko$||p' | tr - _ | sort; }
	mods base > base || atf_fail "-F base failed"
	echo overlay | diff -u - base || atf_fail "base packs more than overlay"
	mods "base ext4 virtio" > virtio || atf_fail "-F virtio failed"
	grep -qx virtio_blk virtio || atf_fail "virtio lacks virtio_blk"
	for m in scsi_mod sd_mod virtio_scsi virtio_mmio usb_storage ahci; do
		! grep -qx "$m" virtio || atf_fail "virtio packs $m"
	done
	mods "base ext4 usb" > usb || atf_fail "-F usb failed"
	for m in xhci_pci usb_storage uas sd_mod; do
		grep -qx "$m" usb || atf_fail "usb lacks $m"
	done
	for m in ehci_hcd ohci_hcd uhci_hcd virtio_blk; do
		! grep -qx "$m" usb || atf_fail "usb packs $m"
	done
	mods "" > default || atf_fail "the default features failed"
	for m in virtio_blk virtio_mmio virtio_scsi sd_mod ahci nvme xhci_pci ehci_pci ohci_pci uhci_hcd mmc_block ext4 vfat overlay; do
		grep -qx "$m" default || atf_fail "the default image lacks $m"
	done
}

atf_test_case install_uninstall
install_uninstall_head() { atf_set descr "make install DESTDIR PREFIX=/usr (with init-aarch64 when built); the installed tool finds its data; uninstall"; }
install_uninstall_body()
{
	mk_lib
	dest=$(pwd)/dest
	make -s -C "$SRC" BUILD="$B" DESTDIR="$dest" PREFIX=/usr install > log 2>&1 || { cat log; atf_fail "make install failed"; }
	test -x dest/usr/lib/ovlinit/init || atf_fail "no lib/ovlinit/init"
	test -x dest/usr/bin/ovlinit-mkinitfs || atf_fail "no bin/ovlinit-mkinitfs"
	test -f dest/usr/lib/ovlinit/modules/virtio.modules || atf_fail "no feature files"
	# The arm64 init beside the host's when make ARCH=arm64 built it
	# (make check does first): the builder picks it for arm64 modules.
	if [ -x "$B/arm64/init" ]; then
		cmp "$B/arm64/init" dest/usr/lib/ovlinit/init-aarch64 ||
			atf_fail "make install did not install build/arm64/init as init-aarch64"
	fi
	for m in "$SRC"/man/*.[1-8]; do
		[ -f "$m" ] || continue
		s=${m##*.}
		test -f "dest/usr/share/man/man$s/$(basename "$m")" || atf_fail "no man page $(basename "$m")"
	done
	dest/usr/bin/ovlinit-mkinitfs -b "$B/kernel/root" -F "base virtio" -l "$KVER" > stdout ||
		atf_fail "the installed tool does not find its init and features"
	grep -qx /init stdout || atf_fail "no /init listed"
	make -s -C "$SRC" BUILD="$B" DESTDIR="$dest" PREFIX=/usr uninstall > log 2>&1 || { cat log; atf_fail "make uninstall failed"; }
	left=$(find dest -type f -o -type l)
	[ -z "$left" ] || atf_fail "uninstall left: $left"
}

atf_init_test_cases()
{
	atf_add_test_case list_fixture
	atf_add_test_case list_softdep_from_modprobe_d
	atf_add_test_case list_extra_modules_and_rescue_shell
	atf_add_test_case image_contents
	atf_add_test_case reproducible
	atf_add_test_case gen_init_cpio_list
	atf_add_test_case errors
	atf_add_test_case feature_files_name_real_modules
	atf_add_test_case features_one_bus_each
	atf_add_test_case install_uninstall
}
