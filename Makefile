# ovlinit: plain GNU make. CC, CFLAGS and LDFLAGS are overridable.
#   make            the static musl init (build/init)
#   make initramfs  build/initramfs.img for the test kernel
#   make demo       boot it in QEMU and show the overlay root
#   make check      every test under kyua
#   make ARCH=arm64 the same for arm64 (Raspberry Pi), in build/arm64
# Everything is built under $(BUILD); downloads are cached there.

# ARCH=arm64 cross-builds with Debian's musl for arm64 into build/arm64
# (its own libkmod, kernel uapi headers, test kernel and initramfs), so
# both builds live side by side. `make check` makes both.
ARCH      ?= host
ifeq ($(ARCH),arm64)
BUILD     ?= build/arm64
CROSS     := aarch64-linux-gnu-
MUSL_CC   := aarch64-linux-musl-gcc
MULTIARCH := aarch64-linux-gnu
ARCH_ENV  := APT_ARCH=arm64 KERNEL_META=linux-image-arm64 KMOD_HOST=aarch64-linux-gnu
# The emulated Raspberry Pi 3: SD card (mmc), ext4, USB for Alpine's modules=,
# vfat and loop for the boot partition's persist.img (overlaystore=).
FEATURES_ARCH := base ext4 mmc usb vfat loop
else ifeq ($(ARCH),host)
BUILD     ?= build
CROSS     :=
MUSL_CC   := musl-gcc
MULTIARCH := $$(gcc -print-multiarch)
ARCH_ENV  :=
FEATURES_ARCH :=
else
$(error ARCH=$(ARCH): only ARCH=arm64 (or no ARCH, the host) is supported)
endif
CC        ?= $(MUSL_CC)
ifeq ($(origin CC),default)
CC        := $(MUSL_CC)
endif
HOSTCC    ?= cc
CFLAGS    ?= -Os
WARN      := -std=c11 -Wall -Wextra -Wshadow -Wmissing-prototypes -Wformat=2 \
             -Wvla -Wwrite-strings -Wno-format-nonliteral
ifeq ($(CI),true)
WARN      += -Werror
endif
# Small static binaries: unused functions and data dropped at link time,
# no unwind tables (C that never unwinds; .eh_frame was a tenth of init).
SECTIONS  := -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables
LDFLAGS   ?=
B         := $(abspath $(BUILD))

# The tree is the build's map (README.md, "Layout"):
#   lib/X/       the library, one folder per subsystem; pure except lib/sys/,
#                the one folder whose code touches the machine (and libkmod),
#                so the host unit build and the fuzzers take lib/ minus lib/sys/
#   init/        /init's boot
#   tools/cmd/   commands every program shares (dispatch, modprobe)
#   tools/NAME/  the tool NAME (build/bin/NAME)
LIB_SRCS  := $(sort $(wildcard lib/*/*.c))
PURE_SRCS := $(filter-out lib/sys/%,$(LIB_SRCS))
LIB_HDRS  := $(wildcard lib/*/*.h)
HDRS      := $(LIB_HDRS) $(wildcard init/*.h tools/*/*.h)
CMD_SRCS  := $(sort $(wildcard tools/cmd/*.c))
UNIT_SRCS := $(sort $(wildcard tests/unit/*/*_test.c))
BOOT_TESTS := $(sort $(wildcard tests/boot/*_test.sh))

KMOD      := $(B)/kmod
KERNEL    := $(B)/kernel
KHEADERS  := $(B)/kheaders
MUSL_CPPFLAGS := -D_GNU_SOURCE -Ilib -Itools -I$(B)/gen -I$(KMOD)/include -isystem $(KHEADERS)

TOOLS := $(patsubst tools/%/main.c,$(B)/bin/%,$(wildcard tools/*/main.c))

.PHONY: all size bench bench-store bench-verity tools deps initramfs demo check unit fuzz fixtures-update clean \
	distclean install uninstall arm64 debian-image deb debian-pkg-image
all: $(B)/init $(TOOLS)

deps: $(B)/.deps
$(B)/.deps: mk/deps.sh
	@mkdir -p $(B)
	sh mk/deps.sh
	@touch $@

# Kernel uapi headers for musl-gcc (it does not search /usr/include).
$(KHEADERS)/.stamp: | $(B)/.deps
	@mkdir -p $(KHEADERS)
	ln -sfn /usr/include/linux $(KHEADERS)/linux
	ln -sfn /usr/include/asm-generic $(KHEADERS)/asm-generic
	ln -sfn /usr/include/$(MULTIARCH)/asm $(KHEADERS)/asm
	@touch $@

$(KMOD)/libkmod.a: mk/kmod.sh mk/apt.sh | $(B)/.deps
	BUILD=$(B) KMOD_CC=$(CC) $(ARCH_ENV) sh mk/kmod.sh $(KMOD)

$(KERNEL)/kver: mk/kernel.sh mk/apt.sh | $(B)/.deps
	BUILD=$(B) $(ARCH_ENV) sh mk/kernel.sh $(KERNEL)

# A static busybox of the build's architecture (the arm64 test root's).
$(B)/busybox: mk/busybox.sh mk/apt.sh | $(B)/.deps
	BUILD=$(B) $(ARCH_ENV) sh mk/busybox.sh $@

# The arm64 build that tests/boot/pi_test.sh boots on an emulated Pi 3.
arm64: $(B)/bin/ovlinit-mkinitfs
	$(MAKE) ARCH=arm64 BUILD=$(B)/arm64 CC=aarch64-linux-musl-gcc all initramfs $(B)/arm64/busybox
check: arm64

# The static init.
$(B)/obj/%.o: %.c $(HDRS) Makefile $(KMOD)/libkmod.a $(KHEADERS)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(SECTIONS) $(MUSL_CPPFLAGS) -c $< -o $@

LIB_OBJS  := $(patsubst %.c,$(B)/obj/%.o,$(LIB_SRCS))
INIT_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(wildcard init/*.c))
$(B)/libovlinit.a: $(LIB_OBJS)
	rm -f $@ && $(CROSS)ar rcs $@ $^
# tools/cmd/: an archive, so each program takes the commands it names.
$(B)/libcmd.a: $(patsubst %.c,$(B)/obj/%.o,$(CMD_SRCS))
	rm -f $@ && $(CROSS)ar rcs $@ $^
# init/libc.c replaces libc's fnmatch (its wide-character tables) in init.
INIT_WRAP := -Wl,--wrap=fnmatch
$(B)/init: $(INIT_OBJS) $(B)/libcmd.a $(B)/libovlinit.a $(KMOD)/libkmod.a
	$(CC) -static -Wl,--gc-sections $(INIT_WRAP) $(LDFLAGS) -o $@.unstripped $(INIT_OBJS) $(B)/libcmd.a $(B)/libovlinit.a $(KMOD)/libkmod.a
	$(CROSS)strip -o $@ $@.unstripped

# make size: init's static size and its largest symbols.
size: $(B)/init
	@$(CROSS)size $(B)/init.unstripped
	@echo "stripped: $$(wc -c < $(B)/init) bytes; largest symbols:"
	@$(CROSS)nm --size-sort -S -r $(B)/init.unstripped | head -n 20

# make bench: boot time, size and memory against the hand-made ideal, on
# bookworm's 6.1 and 6.12 kernels (BENCH_KERNELS="6.1" for one), the
# arm64 build on an emulated Pi 3, and the builder beside mkinitramfs.
BENCH_KERNELS ?= 6.1 6.12
BENCH_KDIRS := $(foreach k,$(BENCH_KERNELS),$(if $(filter 6.1,$(k)),$(KERNEL),$(B)/kernel-$(k)))
bench: $(B)/initramfs.img $(TOOLS) $(addsuffix /kver,$(BENCH_KDIRS)) arm64
	BUILD=$(B) KERNELS="$(BENCH_KDIRS)" sh bench/bench.sh

# Another series of bookworm's kernels (6.12: modules compressed with xz).
$(B)/kernel-%/kver: mk/kernel.sh mk/apt.sh | $(B)/.deps
	BUILD=$(B) KERNEL_META=linux-image-$*-amd64 sh mk/kernel.sh $(B)/kernel-$*
# make bench-store: what overlaystore= costs over the tmpfs upper.
bench-store: $(B)/initramfs.img $(TOOLS)
	BUILD=$(B) sh bench/store.sh
# make bench-verity: what roothash= costs over the plain overlay.
bench-verity: $(B)/initramfs.img $(TOOLS)
	BUILD=$(B) sh bench/verity.sh

# A test build of init with UBSan in trap mode (no runtime needed).
UBSAN_OBJS := $(patsubst %.c,$(B)/obj-ubsan/%.o,$(LIB_SRCS) $(wildcard init/*.c) $(CMD_SRCS))
$(B)/obj-ubsan/%.o: %.c $(HDRS) $(KMOD)/libkmod.a $(KHEADERS)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(SECTIONS) -fsanitize=undefined \
		-fsanitize-undefined-trap-on-error $(MUSL_CPPFLAGS) -c $< -o $@
$(B)/init-ubsan: $(UBSAN_OBJS) $(KMOD)/libkmod.a
	$(CC) -static -Wl,--gc-sections $(INIT_WRAP) $(LDFLAGS) -o $@ $(UBSAN_OBJS) $(KMOD)/libkmod.a

# The tools' --version (OVLINIT_BUILD_VERSION): `git describe` of the
# source tree, else the release number (debian/changelog's) with the
# commit, else (not in git) the release number.
# version.h is rewritten only when the version changes, so init and the
# tools are not rebuilt for nothing (init does not include it); its
# temporary file is per process (tests run make install side by side).
RELEASE := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
VERSION := $(shell git describe --tags --dirty 2>/dev/null || \
	{ h=$$(git describe --always --dirty 2>/dev/null) && echo "$(RELEASE)-g$$h"; } || \
	echo "$(RELEASE)")
$(B)/gen/version.h: FORCE_VERSION
	@mkdir -p $(dir $@)
	@printf '#define OVLINIT_BUILD_VERSION "%s"\n' '$(VERSION)' > $@.new.$$$$ && \
	if cmp -s $@.new.$$$$ $@; then rm -f $@.new.$$$$; else mv $@.new.$$$$ $@; fi
.PHONY: FORCE_VERSION
$(patsubst %.c,$(B)/obj/%.o,$(wildcard tools/*/main.c)): $(B)/gen/version.h

# The user tools: tools/NAME/*.c -> build/bin/NAME, static, logic in lib/.
.SECONDEXPANSION:
tool_objs = $(patsubst %.c,$(B)/obj/%.o,$(wildcard tools/$(1)/*.c))
$(B)/bin/%: $$(call tool_objs,$$*) $(B)/libcmd.a $(B)/libovlinit.a $(KMOD)/libkmod.a
	@mkdir -p $(dir $@)
	$(CC) -static -Wl,--gc-sections $(LDFLAGS) -o $@ $(filter %.o %.a,$^)
tools: $(TOOLS)
# The build tree mirrors the installed layout (PREFIX/bin, PREFIX/lib/ovlinit),
# so build/bin/ovlinit-mkinitfs finds init and the feature files by itself.
$(B)/bin/ovlinit-mkinitfs: $(B)/lib/ovlinit/.stamp
# init-aarch64 is the arm64 build's init (build/arm64/init, made by
# make ARCH=arm64): the builder picks it for an arm64 module tree.
$(B)/lib/ovlinit/.stamp:
	@mkdir -p $(dir $@)
	ln -sfn ../../init $(B)/lib/ovlinit/init
	$(if $(filter host,$(ARCH)),ln -sfn ../../arm64/init $(B)/lib/ovlinit/init-aarch64)
	ln -sfn $(abspath modules) $(B)/lib/ovlinit/modules
	@touch $@

# The initramfs for the test kernel: the default features, by the builder.
MKINITFS := $(B)/bin/ovlinit-mkinitfs
FEATURES := $(sort $(wildcard modules/*.modules))
initramfs: $(B)/initramfs.img
ifeq ($(ARCH),arm64)
# The arm64 image is packed on this machine by the host build's builder
# (HOST_BUILD, by default the directory above build/arm64).
HOST_BUILD ?= $(BUILD)/..
MKINITFS := $(abspath $(HOST_BUILD))/bin/ovlinit-mkinitfs
$(MKINITFS): FORCE
	$(MAKE) ARCH=host BUILD=$(abspath $(HOST_BUILD)) CC=musl-gcc $@
FORCE:
endif
$(B)/initramfs.img: $(B)/init $(MKINITFS) $(KERNEL)/kver $(FEATURES)
	$(MKINITFS) -P modules -i $(B)/init -b $(KERNEL)/root $(if $(FEATURES_ARCH),-F "$(FEATURES_ARCH)") \
		-o $@ $$(cat $(KERNEL)/kver)

# The arm64 kernel's module names: the feature-file test checks the '?'
# entries (arm64-only drivers) against them.
$(B)/kernel-arm64.modules: mk/modlist.sh mk/apt.sh | $(B)/.deps
	BUILD=$(B) sh mk/modlist.sh arm64 $@

# make install DESTDIR=... PREFIX=...: init and the feature files in
# PREFIX/lib/ovlinit (where ovlinit-mkinitfs looks, relative to its own
# PREFIX/bin), with the arm64 init as init-aarch64 when make ARCH=arm64
# built it, the tools in PREFIX/bin, the man pages.
PREFIX  ?= /usr/local
DESTDIR ?=
LIBDIR  := $(DESTDIR)$(PREFIX)/lib/ovlinit
MANS    := $(wildcard man/*.[1-8])
ARM64_INIT := $(if $(filter host,$(ARCH)),$(wildcard $(B)/arm64/init))
# The kernel hooks (hooks/): Debian's /etc/kernel/postinst.d and
# postrm.d, kernel-install's plugin directory (read by kernel-install
# with PREFIX=/usr), the initramfs generators' /etc/initramfs/post-update.d,
# and the config file, with the paths filled in.
SYSCONFDIR ?= /etc
ETC     := $(DESTDIR)$(SYSCONFDIR)
KINSTALL := $(DESTDIR)$(PREFIX)/lib/kernel/install.d
HOOK_SED := sed 's|@LIBDIR@|$(PREFIX)/lib/ovlinit|g; s|@BINDIR@|$(PREFIX)/bin|g; s|@SYSCONFDIR@|$(SYSCONFDIR)|g'
INSTALLED := $(LIBDIR)/init $(LIBDIR)/init-aarch64 $(LIBDIR)/kernel-hook \
	$(addprefix $(LIBDIR)/,$(FEATURES)) \
	$(ETC)/kernel/postinst.d/ovlinit $(ETC)/kernel/postrm.d/ovlinit \
	$(ETC)/initramfs/post-update.d/ovlinit \
	$(KINSTALL)/50-ovlinit.install $(ETC)/ovlinit/mkinitfs.conf \
	$(patsubst $(B)/bin/%,$(DESTDIR)$(PREFIX)/bin/%,$(TOOLS)) \
	$(foreach m,$(MANS),$(DESTDIR)$(PREFIX)/share/man/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))
install: $(B)/init $(TOOLS)
	install -d $(LIBDIR)/modules $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(B)/init $(LIBDIR)/init
	$(if $(ARM64_INIT),install -m 0755 $(ARM64_INIT) $(LIBDIR)/init-aarch64)
	install -m 0644 $(FEATURES) $(LIBDIR)/modules/
	$(if $(TOOLS),install -m 0755 $(TOOLS) $(DESTDIR)$(PREFIX)/bin/)
	$(foreach m,$(MANS),install -D -m 0644 $(m) $(DESTDIR)$(PREFIX)/share/man/man$(subst .,,$(suffix $(m)))/$(notdir $(m)) &&) true
	install -d $(ETC)/kernel/postinst.d $(ETC)/kernel/postrm.d $(ETC)/ovlinit $(KINSTALL) \
		$(ETC)/initramfs/post-update.d
	$(HOOK_SED) hooks/kernel-hook > $(LIBDIR)/kernel-hook && chmod 0755 $(LIBDIR)/kernel-hook
	$(HOOK_SED) hooks/postinst.d > $(ETC)/kernel/postinst.d/ovlinit && chmod 0755 $(ETC)/kernel/postinst.d/ovlinit
	$(HOOK_SED) hooks/postrm.d > $(ETC)/kernel/postrm.d/ovlinit && chmod 0755 $(ETC)/kernel/postrm.d/ovlinit
	$(HOOK_SED) hooks/50-ovlinit.install > $(KINSTALL)/50-ovlinit.install && chmod 0755 $(KINSTALL)/50-ovlinit.install
	$(HOOK_SED) hooks/post-update.d > $(ETC)/initramfs/post-update.d/ovlinit && chmod 0755 $(ETC)/initramfs/post-update.d/ovlinit
	test -e $(ETC)/ovlinit/mkinitfs.conf || install -m 0644 hooks/mkinitfs.conf $(ETC)/ovlinit/mkinitfs.conf
uninstall:
	rm -f $(INSTALLED)
	-rmdir $(LIBDIR)/modules $(LIBDIR) $(ETC)/ovlinit

# make deb: build/ovlinit_VERSION_ARCH.deb (debian/, dpkg-buildpackage,
# lintian), with the arm64 init when make ARCH=arm64 has built it.
deb: $(B)/init $(TOOLS)
	sh mk/deb.sh $(B)
# Under make check, after the arm64 build, so the package has init-aarch64.
deb: $(if $(filter check,$(MAKECMDGOALS)),arm64)

# The Debian root of tests/boot/debian_test (debootstrap; cached, keyed
# on mk/debian.sh's checksum, so a second run is offline). A failure does
# not stop make: mk/debian.sh leaves its reason in debian.img.failed and
# tests/boot/debian_test fails with it, so the rest of the suite still runs.
debian-image: | $(B)/.deps
	-sh mk/debian.sh $(B)/debian.img

# The package on that tree (tests/boot/debian_pkg_test): the .deb, then
# linux-image-amd64 from the archive, packed as debian-pkg.img (cached,
# keyed on mk/debian-pkg.sh, the .deb and debian.img). Fails as above.
DEB_FILE = $(B)/ovlinit_$$(dpkg-parsechangelog -S Version)_$$(dpkg --print-architecture).deb
debian-pkg-image: debian-image deb
	-sh mk/debian-pkg.sh $(B)/debian-pkg.img $(DEB_FILE) $(B)/debian.img

demo: $(B)/initramfs.img
	BUILD=$(B) sh mk/demo.sh

# Unit tests: lib/ built by the host compiler with ASan and UBSan.
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_CFLAGS := -std=c11 -g -O1 $(SAN) -D_GNU_SOURCE -Ilib $(filter-out -std=c11,$(WARN))
HOST_LIB_OBJS := $(patsubst %.c,$(B)/host/%.o,$(PURE_SRCS))
$(B)/host/%.o: %.c $(LIB_HDRS) | $(B)/.deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@
$(B)/tests/unit/%_test: tests/unit/%_test.c $(HOST_LIB_OBJS) tests/unit/support/lsan.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $< tests/unit/support/lsan.c $(HOST_LIB_OBJS) -latf-c

UNIT_PROGS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))
# The boot's, --explain's and the toggle's views of a cmdline.txt
# (tests/cmdline/agree_test), over the pure lib/ as the unit tests.
$(B)/tests/cmdline/views: tests/cmdline/views.c tests/cmdline/views.h $(HOST_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(HOST_LIB_OBJS)
# Every atf-sh test program: tests/DIR/X_test.sh -> build/tests/DIR/X_test.
# (The unit programs' rule above has the shorter stem and wins for them.)
$(B)/tests/%_test: tests/%_test.sh
	@mkdir -p $(dir $@)
	cp $< $@ && chmod +x $@
BOOT_PROGS := $(patsubst tests/boot/%.sh,$(B)/tests/boot/%,$(BOOT_TESTS))
TOOL_TESTS := $(sort $(wildcard tests/tools/*_test.sh))
TOOL_PROGS := $(patsubst tests/tools/%.sh,$(B)/tests/tools/%,$(TOOL_TESTS))

unit: $(UNIT_PROGS)

# lib/modules/glob.c against musl's fnmatch, which it replaces in init.
$(B)/tests/tools/glob_diff: tests/tools/glob_diff.c lib/modules/glob.c lib/modules/glob.h | $(B)/.deps
	@mkdir -p $(dir $@)
	$(MUSL_CC) -std=c11 -O2 $(WARN) -D_GNU_SOURCE -Ilib -o $@ tests/tools/glob_diff.c lib/modules/glob.c

# The differential test of the probes against libblkid (tests/probe).
PROBE_PROGS := $(B)/tests/probe/probe_diff_test $(B)/tests/probe/blkid_parts
$(B)/tests/probe/blkid_parts: tests/probe/blkid_parts.c | $(B)/.deps
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=c11 -Wall -Wextra -O1 -o $@ $< -lblkid

# libFuzzer targets: tests/fuzz/X_fuzz.c over the pure lib/ code, clang,
# ASan and UBSan. tests/fuzz/fuzz_test runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
FUZZ_SRCS  := $(sort $(wildcard tests/fuzz/*_fuzz.c))
FUZZ_PROGS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRCS))
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -D_GNU_SOURCE -Ilib
# A fuzzer's mutator helpers, tests/fuzz/NAME_fixup.c, are linked in when present.
$(B)/fuzz/%_fuzz: tests/fuzz/%_fuzz.c $(PURE_SRCS) $(LIB_HDRS) $(wildcard tests/fuzz/*_fixup.[ch]) | $(B)/.deps
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -Itests/fuzz -o $@ $< $(wildcard tests/fuzz/$*_fixup.c) $(PURE_SRCS)
# The probe fuzzer's checksum fixer as a command, for tests/tools/probe_hostile_test.
PROBE_LIB_SRCS := $(wildcard lib/probe/*.c)
$(B)/tests/tools/probe_fixup: tests/tools/probe_fixup_main.c tests/fuzz/probe_fixup.c \
		tests/fuzz/probe_fixup.h $(PROBE_LIB_SRCS) $(LIB_HDRS) | $(B)/.deps
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=c11 -O1 $(WARN) -D_GNU_SOURCE -Ilib -Itests/fuzz -o $@ \
		tests/tools/probe_fixup_main.c tests/fuzz/probe_fixup.c $(PROBE_LIB_SRCS)
# ovlinit --explain against cmdline-fixtures/; `make fixtures-update`
# rewrites the golden .out files and prints every diff (read them).
fixtures-update: $(B)/bin/ovlinit
	sh mk/fixtures.sh update $(B)/bin/ovlinit cmdline-fixtures

# make fuzz: every fuzzer for FUZZ_LONG_SECONDS (default 600) each, one
# after the other, in build/fuzz-run/NAME (its corpus is kept there);
# make check runs each for FUZZ_SECONDS only.
FUZZ_LONG_SECONDS ?= 600
fuzz: $(FUZZ_PROGS) $(B)/tests/fuzz/fuzz_test
	@for f in $(notdir $(FUZZ_PROGS)); do \
		rm -rf $(B)/fuzz-run/$$f && mkdir -p $(B)/fuzz-run/$$f && \
		(cd $(B)/fuzz-run/$$f && $(B)/tests/fuzz/fuzz_test -v build=$(B) -v srcdir=$(CURDIR) \
			-v fuzz_seconds=$(FUZZ_LONG_SECONDS) $$f) || exit 1; \
	done

check: $(TOOLS) $(B)/init-ubsan $(UNIT_PROGS) $(PROBE_PROGS) $(BOOT_PROGS) $(TOOL_PROGS) $(FUZZ_PROGS) \
	$(B)/tests/tools/glob_diff $(B)/tests/tools/probe_fixup \
	$(B)/tests/fuzz/fuzz_test $(B)/tests/cmdline/explain_test $(B)/initramfs.img \
	$(B)/tests/cmdline/agree_test $(B)/tests/cmdline/views \
	$(B)/kernel-arm64.modules \
	debian-image deb debian-pkg-image
	BUILD=$(B) FUZZ_SECONDS=$(FUZZ_SECONDS) sh mk/check.sh

# Nothing of the host is ever removed through a mount left in build/ (a
# killed debootstrap's proc): clean and distclean take such mounts down first.
clean:
	sh mk/mounts.sh unmount $(B)
	rm -rf --one-file-system $(B)/obj $(B)/obj-ubsan $(B)/init-ubsan $(B)/host $(B)/tests $(B)/fuzz $(B)/init $(B)/bin $(B)/lib $(B)/libovlinit.a $(B)/libcmd.a $(B)/libcmd.a $(B)/initramfs.img
distclean:
	sh mk/mounts.sh unmount $(B)
	rm -rf --one-file-system $(B)
.SECONDARY:
