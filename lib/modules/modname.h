/* Module names and the builder's feature list: pure text helpers of the
 * module loader (lib/sys/modload.c), testable on the host. */
#ifndef OVLINIT_MODNAME_H
#define OVLINIT_MODNAME_H

#include <stddef.h>

#include "util/limit.h"

/* Two module names match when text_dash_same() (util/text.h) says so:
 * "sd-mod" is "sd_mod", as in the kernel and libkmod. */

/* The module name of a path, a feature entry or a glob: its last path
 * component without ".ko" and any compression suffix after it
 * (".ko.zst", ".ko.xz"), with '-' as '_' (libkmod's form), so fnmatch()
 * can compare globs too: "kernel/drivers/usb/host/xhci-pci.ko.zst" is
 * "xhci_pci". Returns 0, or -ENAMETOOLONG when the name is empty or
 * does not fit out[0..cap). */
int modname_of_path(const char *path, size_t len, char *out, size_t cap)
	__attribute__((warn_unused_result));

/* Index of name in list[0..n), or -1. */
int modname_find(const char (*list)[MODULE_NAME_MAX], int n, const char *name);

/* A module's "cpu:" aliases name the CPU features it is made for (the
 * kernel's x86cpu and cpu_feature device tables: crc32c_intel has
 * "cpu:type:x86,ven*fam*mod*:feature:*0094*", SSE 4.2); such a module
 * refuses a CPU that matches none of them (ENODEV, after the kernel has
 * read, verified and linked it). The builder writes the packed modules'
 * ones to /etc/ovlinit/cpu-aliases, "MODULE PATTERN" per line. Given
 * that text and the CPU's modalias (/sys/devices/system/cpu/modalias),
 * returns 1 if module has lines and no pattern matches, else 0 (also
 * when cpu is not a CPU modalias: nothing is known). */
int modname_cpu_unfit(const char *text, size_t len, const char *module, const char *cpu);

/* The builder's /etc/ovlinit/features text has one "FEATURE MODULE" line
 * per module any feature names; MODULE is a name ("ext4"), or a path or
 * glob whose last component names it ("kernel/fs/ext4/ext4.ko").
 * Copy into feature[0..cap) the first feature that lists module.
 * Returns 1 (found), 0 (no feature lists it) or -ENAMETOOLONG. */
int modname_feature(const char *text, size_t len, const char *module,
		    char *feature, size_t cap) __attribute__((warn_unused_result));

#endif
