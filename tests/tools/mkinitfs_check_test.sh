#!/usr/bin/env atf-sh
# ovlinit-mkinitfs on the host: the refusals of what cannot boot, the
# config file and Alpine's options, and --list-image (the fixture module
# tree is described in tests/tools/mkinitfs/lib.sh).

mk_lib()
{
	. "$(atf_config_get srcdir)/tests/tools/mkinitfs/lib.sh"
	mk_setup
}

# refused WHAT ARGS...: the build fails with exit 1 and a message
# matching WHAT, and leaves no image (nor a temporary one) behind.
refused()
{
	what=$1
	shift
	atf_check -s exit:1 -o empty -e match:"$what" "$MK" -P "$FIX/features" -b base "$@" -o img "$KVER"
	[ -z "$(ls -d img* 2>/dev/null)" ] || atf_fail "a refused build left $(ls -d img*)"
}

atf_test_case init_must_be_a_static_elf_executable
init_must_be_a_static_elf_executable_head() { atf_set descr "-i README.md, a dynamic /bin/true, a module: exit 1 with the reason, no image"; }
init_must_be_a_static_elf_executable_body()
{
	mk_lib; mk_fixture base
	refused "the init .*README.md is not an ELF program: give -i" -F fs -i "$SRC/README.md"
	refused "the init /bin/true is dynamically linked .*give -i a static init" -F fs -i /bin/true
	refused "is not an executable" -F fs -i "$KMODS/kernel/fs/ext4/ext4.ko"
	refused "cannot read the init nosuch" -F fs -i nosuch
	"$MK" -P "$FIX/features" -b base -F fs -i "$B/init" -C none -o img "$KVER" > /dev/null ||
		atf_fail "the static init was refused"
}

atf_test_case init_must_be_the_modules_machine
init_must_be_the_modules_machine_head() { atf_set descr "an arm64 init for amd64 modules is refused; without -i the arm64 tree gets LIBDIR/init-aarch64"; }
init_must_be_the_modules_machine_body()
{
	mk_lib; mk_fixture base
	arm=$B/arm64/init
	[ -x "$arm" ] || atf_fail "$arm is missing (make arm64)"
	refused "the init $arm is for aarch64, the modules of $KVER .* for x86_64: give -i an init for x86_64" \
		-F fs -i "$arm"
	# An installed layout: PREFIX/bin and PREFIX/lib/ovlinit with both inits.
	mkdir -p p/bin p/lib/ovlinit
	cp "$MK" p/bin/ && cp "$B/init" p/lib/ovlinit/init && cp "$arm" p/lib/ovlinit/init-aarch64
	ln -s "$SRC/modules" p/lib/ovlinit/modules
	akver=$(cat "$B/arm64/kernel/kver")
	p/bin/ovlinit-mkinitfs -b "$B/arm64/kernel/root" -F "base ext4 mmc" -C none -o pi.img "$akver" > out ||
		atf_fail "the README's Pi example failed"
	grep -q "aarch64 init" out || atf_fail "not the aarch64 init: $(cat out)"
	mkdir x && (cd x && cpio -id --quiet init < ../pi.img) && cmp x/init "$arm" ||
		atf_fail "/init of the Pi image is not init-aarch64"
	p/bin/ovlinit-mkinitfs -b base -P "$FIX/features" -F fs -C none -o pc.img "$KVER" > out ||
		atf_fail "the amd64 build failed"
	grep -q "x86_64 init" out || atf_fail "not the x86_64 init: $(cat out)"
	# Without init-aarch64, the arm64 tree is refused, saying how to get one.
	rm p/lib/ovlinit/init-aarch64
	atf_check -s exit:1 -e match:"no .*/p/lib/ovlinit/init-aarch64: build one \(make ARCH=arm64" \
		p/bin/ovlinit-mkinitfs -b "$B/arm64/kernel/root" -F "base ext4 mmc" -o pi2.img "$akver"
	[ ! -e pi2.img ] || atf_fail "a refused build left pi2.img"
}

# config LINES...: base/boot/config-KVER with these lines.
config()
{
	mkdir -p base/boot
	printf '%s\n' "$@" > "base/boot/config-$KVER"
}

atf_test_case kernel_config_refusals
kernel_config_refusals_head() { atf_set descr "BASEDIR/boot/config-KVER without INITRD, the compressor's RD_*, or overlayfs: exit 1 naming the file and the fix"; }
kernel_config_refusals_body()
{
	mk_lib; mk_fixture base
	cfg="base/boot/config-$KVER"
	config "# CONFIG_BLK_DEV_INITRD is not set" CONFIG_RD_ZSTD=y CONFIG_OVERLAY_FS=y
	refused "$cfg: CONFIG_BLK_DEV_INITRD is not y: kernel $KVER cannot load an initramfs" -F fs -i "$B/init"
	config CONFIG_BLK_DEV_INITRD=y CONFIG_RD_GZIP=y CONFIG_RD_XZ=y "# CONFIG_RD_ZSTD is not set" CONFIG_OVERLAY_FS=y
	refused "$cfg: CONFIG_RD_ZSTD is not y: kernel $KVER cannot unpack a zstd image; choose one it unpacks with -C \(gzip xz\)" \
		-F fs -i "$B/init"
	refused "CONFIG_RD_LZ4 is not y" -F fs -i "$B/init" -C lz4
	"$MK" -P "$FIX/features" -b base -F fs -i "$B/init" -C gzip -o img "$KVER" > /dev/null ||
		atf_fail "gzip, which the kernel has, was refused"
	rm img
	config CONFIG_BLK_DEV_INITRD=y CONFIG_RD_ZSTD=y CONFIG_OVERLAY_FS=m
	refused "$cfg: CONFIG_OVERLAY_FS=m, and the image has no overlay module: .* add the feature base \(or -m overlay\)" \
		-F fs -i "$B/init"
	"$MK" -P "$FIX/features" -b base -F fs -m overlay -i "$B/init" -C none -o img "$KVER" > /dev/null ||
		atf_fail "the packed overlay module was not enough"
	rm img
	config CONFIG_BLK_DEV_INITRD=y CONFIG_RD_ZSTD=y
	refused "$cfg: CONFIG_OVERLAY_FS is not set: kernel $KVER has no overlayfs" -F fs -m overlay -i "$B/init"
	# -l builds nothing: the config is not checked.
	"$MK" -P "$FIX/features" -b base -F fs -i "$B/init" -l "$KVER" > /dev/null ||
		atf_fail "-l was refused"
	# The test kernel's own config passes with the default features.
	"$MK" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" -C none -o real.img "$KVER" > /dev/null ||
		atf_fail "the test kernel's default image was refused"
}

atf_test_case config_file
config_file_head() { atf_set descr "-c CONFFILE and BASEDIR/etc/ovlinit/mkinitfs.conf: features, modules, compression, replace_initrd; options win"; }
config_file_body()
{
	mk_lib; mk_fixture base
	mkdir -p base/etc/ovlinit
	printf '# as Alpine writes it\nfeatures="fs fat"\nmodules=overlay\ncompression=gzip # small\n' \
		> base/etc/ovlinit/mkinitfs.conf
	mk -o img > out || atf_fail "the build with BASEDIR's config failed"
	grep -q ", gzip, 10 modules," out || atf_fail "the config's features or compression were not used: $(cat out)"
	"$MK" --list-image img > list || atf_fail "--list-image failed"
	grep -qx "features: fs fat" list && grep -qx "extra: overlay" list &&
		grep -qx "module: kernel/fs/fat/vfat.ko" list || atf_fail "not the config's image: $(cat list)"
	mk -F fs -m "" -C none -o img2 > out || atf_fail "the build with options failed"
	grep -q ", none, 6 modules," out || atf_fail "the options did not win over the config: $(cat out)"
	printf 'compression=xz\n' > other.conf
	mk -F fs -c other.conf -o img3 > out && grep -q ", xz," out || atf_fail "-c other.conf was not read"
	atf_check -o inline:"base/boot/initramfs-ovlinit-$KVER\n" "$MK" -b base --print-outfile "$KVER"
	echo replace_initrd=yes >> base/etc/ovlinit/mkinitfs.conf
	atf_check -o inline:"base/boot/initrd.img-$KVER\n" "$MK" -b base --print-outfile "$KVER"
	atf_check -o inline:"x\n" "$MK" -b base -o x --print-outfile "$KVER"
	atf_check -s exit:1 -e match:"cannot read nosuch.conf" "$MK" -b base -c nosuch.conf -l "$KVER"
}

atf_test_case config_file_refusals
config_file_refusals_head() { atf_set descr "what the config parser does not understand: exit 1 with FILE, line N and the reason"; }
config_file_refusals_body()
{
	mk_lib; mk_fixture base
	printf '# ok\nfeatures="fs"\nfeatures=fs disk\n' > bad.conf
	atf_check -s exit:1 -e match:"bad.conf, line 3: text after the value" "$MK" -P "$FIX/features" -b base -c bad.conf -l "$KVER"
	printf 'default_features=x\n' > bad.conf
	atf_check -s exit:1 -e match:"bad.conf, line 1: unknown key" "$MK" -P "$FIX/features" -b base -c bad.conf -l "$KVER"
	printf '\nfeatures="$features usb"\n' > bad.conf
	atf_check -s exit:1 -e match:"bad.conf, line 2: .* would expand in sh" "$MK" -P "$FIX/features" -b base -c bad.conf -l "$KVER"
	printf 'compression=bzip2\n' > bad.conf
	atf_check -s exit:1 -e match:"bad.conf, line 1: compression=bzip2: write one of gzip, zstd, xz, lz4, none" \
		"$MK" -P "$FIX/features" -b base -c bad.conf -l "$KVER"
	printf 'replace_initrd=true\n' > bad.conf
	atf_check -s exit:1 -e match:"bad.conf, line 1: replace_initrd is yes or no" "$MK" -P "$FIX/features" -b base -c bad.conf -l "$KVER"
}

atf_test_case list_features_and_progress
list_features_and_progress_head() { atf_set descr "-L lists the features with their descriptions; one progress line on stderr; the time in the last line"; }
list_features_and_progress_body()
{
	mk_lib; mk_fixture base
	"$MK" -P "$FIX/features" -L > out || atf_fail "-L failed"
	atf_check -o inline:"disk\nfat\nfs\nauto\n" cut -d' ' -f1 out
	grep -Eq '^fs +ext4 by name' out || atf_fail "no description: $(cat out)"
	"$MK" -P "$SRC/modules" -L | grep -Eq '^virtio-mmio +virtio-blk disks on the MMIO transport' ||
		atf_fail "-L of the shipped features"
	mk -F fs -C zstd -o img > out 2> err || atf_fail "build failed"
	atf_check -o inline:"1\n" sh -c "wc -l < err"
	grep -Eq "^ovlinit-mkinitfs: packing 6 modules, [0-9.]+ MiB, with zstd into img\.\.\.$" err ||
		atf_fail "no progress line: $(cat err)"
	grep -Eq "^img: [0-9]+ bytes, zstd, 6 modules, $(uname -m) init, [0-9]+\.[0-9] s$" out ||
		atf_fail "no time in the last line: $(cat out)"
}

atf_test_case list_image
list_image_head() { atf_set descr "--list-image prints version, kernel, features, every module, init and compression, for each compressor"; }
list_image_body()
{
	mk_lib; mk_fixture base
	size=$(wc -c < "$B/init")
	for c in gzip zstd xz lz4 none; do
		mk -F "fs disk" -m overlay -C "$c" -o "img.$c" > /dev/null 2>&1 || atf_fail "build $c failed"
		"$MK" --list-image "img.$c" > "list.$c" || atf_fail "--list-image $c failed"
		grep -qx "compression: $c" "list.$c" || atf_fail "$c: $(cat "list.$c")"
	done
	sed "s/@KVER@/$KVER/; s/@SIZE@/$size/; s/@MACHINE@/$(uname -m)/" "$FIX/list-image.expect" > expected
	# The version is the build's (git describe): its form only.
	grep -Eq '^builder: ovlinit-mkinitfs [0-9A-Za-z.~+-]+$' list.zstd || atf_fail "no builder version"
	sed 's/^\(builder: ovlinit-mkinitfs\) .*/\1 @VERSION@/' list.zstd | diff -u expected - ||
		atf_fail "--list-image differs from list-image.expect"
	# Modules: those in the image, as stored (decompressed).
	mkdir x && (cd x && cpio -id --quiet < ../img.none)
	(cd "x/lib/modules/$KVER" && find . -name '*.ko' | sed 's|^\./|module: |' | sort) > packed
	grep '^module: ' list.none | diff -u packed - || atf_fail "the module lines are not the packed modules"
}

atf_test_case list_image_refusals
list_image_refusals_head() { atf_set descr "--list-image: not an initramfs, a cpio without /etc/ovlinit/image, a cut image: exit 1"; }
list_image_refusals_body()
{
	mk_lib; mk_fixture base
	atf_check -s exit:1 -e match:"README.md: not an initramfs" "$MK" --list-image "$SRC/README.md"
	mkdir d && echo x > d/init && (cd d && echo init | cpio -o -H newc --quiet) | gzip > foreign.img
	atf_check -s exit:1 -e match:"foreign.img is not an ovlinit image: it has no /etc/ovlinit/image" \
		"$MK" --list-image foreign.img
	mk -F fs -C none -o img > /dev/null 2>&1 || atf_fail "build failed"
	head -c 1000 img > cut.img
	atf_check -s exit:1 -e match:"cut.img: .*cut short" "$MK" --list-image cut.img
	mk -F fs -C zstd -o z.img > /dev/null 2>&1 || atf_fail "build failed"
	head -c 3000 z.img > zcut.img
	atf_check -s exit:1 -e match:"zcut.img" "$MK" --list-image zcut.img
	atf_check -s exit:2 -e match:usage "$MK" --list-image img "$KVER"
}

atf_test_case help_and_version
help_and_version_head() { atf_set descr "every tool: --help on stdout with exit 0, --version as 'TOOL VERSION'"; }
help_and_version_body()
{
	mk_lib
	for t in ovlinit ovlinit-mkinitfs ovlinit-toggle; do
		atf_check -s exit:0 -o match:"^usage: $t" -e empty "$B/bin/$t" --help
		atf_check -s exit:0 -o match:"^$t [0-9][0-9a-z.+~-]*\$" -e empty "$B/bin/$t" --version
	done
	atf_check -s exit:0 -o match:"^usage: ovlinit-mkinitfs .*-F auto" -e empty "$MK" -h
}

atf_init_test_cases()
{
	atf_add_test_case help_and_version
	atf_add_test_case init_must_be_a_static_elf_executable
	atf_add_test_case init_must_be_the_modules_machine
	atf_add_test_case kernel_config_refusals
	atf_add_test_case config_file
	atf_add_test_case config_file_refusals
	atf_add_test_case list_features_and_progress
	atf_add_test_case list_image
	atf_add_test_case list_image_refusals
}
