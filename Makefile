# ovlinit: plain GNU make. CC, CFLAGS and LDFLAGS are overridable.
#   make            the static musl init (build/init)
#   make initramfs  build/initramfs.img for the test kernel
#   make demo       boot it in QEMU and show the overlay root
#   make check      every test under kyua
# Everything is built under $(BUILD); downloads are cached there.

BUILD     ?= build
CC        ?= musl-gcc
ifeq ($(origin CC),default)
CC        := musl-gcc
endif
HOSTCC    ?= cc
CFLAGS    ?= -Os
WARN      := -std=c11 -Wall -Wextra -Wshadow -Wmissing-prototypes -Wformat=2 \
             -Wvla -Wwrite-strings -Wno-format-nonliteral
ifeq ($(CI),true)
WARN      += -Werror
endif
SECTIONS  := -ffunction-sections -fdata-sections
LDFLAGS   ?=
B         := $(abspath $(BUILD))

LIB_SRCS  := $(sort $(wildcard lib/*.c))
# Code that touches the machine or needs libkmod: not in the host unit build.
# (every lib/sys*.c, and the libkmod glue).
MACHINE_SRCS := $(wildcard lib/sys*.c) lib/modload.c
PURE_SRCS := $(filter-out $(MACHINE_SRCS),$(LIB_SRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/*_test.c))
BOOT_TESTS := $(sort $(wildcard tests/boot/*_test.sh))
TOGGLE_TESTS := $(sort $(wildcard tests/toggle/*_test.sh))

KMOD      := $(B)/kmod
KERNEL    := $(B)/kernel
KHEADERS  := $(B)/kheaders
MUSL_CPPFLAGS := -D_GNU_SOURCE -Ilib -Iinit -I$(KMOD)/include -isystem $(KHEADERS)

.PHONY: all size bench tools deps initramfs demo check unit fuzz clean distclean
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
	ln -sfn /usr/include/$$(gcc -print-multiarch)/asm $(KHEADERS)/asm
	@touch $@

$(KMOD)/libkmod.a: mk/kmod.sh mk/apt.sh | $(B)/.deps
	BUILD=$(B) sh mk/kmod.sh $(KMOD)

$(KERNEL)/kver: mk/kernel.sh mk/apt.sh | $(B)/.deps
	BUILD=$(B) sh mk/kernel.sh $(KERNEL)

# The static init.
$(B)/obj/%.o: %.c $(wildcard lib/*.h init/*.h) $(KMOD)/libkmod.a $(KHEADERS)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(SECTIONS) $(MUSL_CPPFLAGS) -c $< -o $@

LIB_OBJS  := $(patsubst %.c,$(B)/obj/%.o,$(LIB_SRCS))
INIT_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(wildcard init/*.c))
$(B)/libovlinit.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^
$(B)/init: $(INIT_OBJS) $(B)/libovlinit.a $(KMOD)/libkmod.a
	$(CC) -static -Wl,--gc-sections $(LDFLAGS) -o $@.unstripped $(INIT_OBJS) $(B)/libovlinit.a $(KMOD)/libkmod.a
	strip -o $@ $@.unstripped

# make size: init's static size and its largest symbols.
size: $(B)/init
	@size $(B)/init.unstripped
	@echo "stripped: $$(wc -c < $(B)/init) bytes; largest symbols:"
	@nm --size-sort -S -r $(B)/init.unstripped | head -n 20

# make bench: boot time, size and memory against the hand-made ideal.
bench: $(B)/initramfs.img $(TOOLS)
	BUILD=$(B) sh bench/bench.sh

# A test build of init with UBSan in trap mode (no runtime needed).
UBSAN_OBJS := $(patsubst %.c,$(B)/obj-ubsan/%.o,$(LIB_SRCS) $(wildcard init/*.c))
$(B)/obj-ubsan/%.o: %.c $(wildcard lib/*.h init/*.h) $(KMOD)/libkmod.a $(KHEADERS)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(SECTIONS) -fsanitize=undefined \
		-fsanitize-undefined-trap-on-error $(MUSL_CPPFLAGS) -c $< -o $@
$(B)/init-ubsan: $(UBSAN_OBJS) $(KMOD)/libkmod.a
	$(CC) -static -Wl,--gc-sections $(LDFLAGS) -o $@ $(UBSAN_OBJS) $(KMOD)/libkmod.a

# The user tools: tools/NAME.c -> build/bin/NAME, static, logic in lib/.
TOOLS := $(patsubst tools/%.c,$(B)/bin/%,$(wildcard tools/*.c))
$(B)/bin/%: $(B)/obj/tools/%.o $(B)/libovlinit.a $(KMOD)/libkmod.a
	@mkdir -p $(dir $@)
	$(CC) -static -Wl,--gc-sections $(LDFLAGS) -o $@ $< $(B)/libovlinit.a $(KMOD)/libkmod.a
tools: $(TOOLS)

# The initramfs for the test kernel.
initramfs: $(B)/initramfs.img
$(B)/initramfs.img: $(B)/init $(KERNEL)/kver mk/initramfs.sh
	sh mk/initramfs.sh $(B)/init $(KERNEL)/root $$(cat $(KERNEL)/kver) $@

demo: $(B)/initramfs.img
	BUILD=$(B) sh mk/demo.sh

# Unit tests: lib/ built by the host compiler with ASan and UBSan.
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_CFLAGS := -std=c11 -g -O1 $(SAN) -D_GNU_SOURCE -Ilib $(filter-out -std=c11,$(WARN))
HOST_LIB_OBJS := $(patsubst %.c,$(B)/host/%.o,$(PURE_SRCS))
$(B)/host/%.o: %.c $(wildcard lib/*.h) | $(B)/.deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@
$(B)/tests/unit/%_test: tests/unit/%_test.c $(HOST_LIB_OBJS) tests/unit/support/lsan.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $< tests/unit/support/lsan.c $(HOST_LIB_OBJS) -latf-c

UNIT_PROGS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))
BOOT_PROGS := $(patsubst tests/boot/%.sh,$(B)/tests/boot/%,$(BOOT_TESTS))
$(B)/tests/boot/%_test: tests/boot/%_test.sh
	@mkdir -p $(dir $@)
	cp $< $@ && chmod +x $@

TOGGLE_PROGS := $(patsubst tests/toggle/%.sh,$(B)/tests/toggle/%,$(TOGGLE_TESTS))
$(B)/tests/toggle/%_test: tests/toggle/%_test.sh
	@mkdir -p $(dir $@)
	cp $< $@ && chmod +x $@

unit: $(UNIT_PROGS)

# libFuzzer targets: tests/fuzz/X_fuzz.c over the pure lib/ code, clang,
# ASan and UBSan. tests/fuzz/fuzz_test runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
FUZZ_SRCS  := $(sort $(wildcard tests/fuzz/*_fuzz.c))
FUZZ_PROGS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRCS))
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -D_GNU_SOURCE -Ilib
$(B)/fuzz/%_fuzz: tests/fuzz/%_fuzz.c $(PURE_SRCS) $(wildcard lib/*.h) | $(B)/.deps
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ $< $(PURE_SRCS)
$(B)/tests/fuzz/fuzz_test: tests/fuzz/fuzz_test.sh
	@mkdir -p $(dir $@)
	cp $< $@ && chmod +x $@
fuzz: $(FUZZ_PROGS)

check: $(TOOLS) $(B)/init-ubsan $(UNIT_PROGS) $(BOOT_PROGS) $(TOGGLE_PROGS) $(FUZZ_PROGS) $(B)/tests/fuzz/fuzz_test $(B)/initramfs.img
	BUILD=$(B) FUZZ_SECONDS=$(FUZZ_SECONDS) sh mk/check.sh

clean:
	rm -rf $(B)/obj $(B)/obj-ubsan $(B)/init-ubsan $(B)/host $(B)/tests $(B)/fuzz $(B)/init $(B)/bin $(B)/libovlinit.a $(B)/initramfs.img
distclean:
	rm -rf $(B)
.SECONDARY:
