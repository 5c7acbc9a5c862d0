/* Module names and the builder's feature list: pure text helpers of the
 * module loader (lib/modload.c), testable on the host. */
#ifndef OVLINIT_MODNAME_H
#define OVLINIT_MODNAME_H

#include <stddef.h>

#include "limits.h"

/* Do two module names match? '-' and '_' are the same character, as in
 * the kernel's and libkmod's module names ("sd-mod" is "sd_mod"). */
int modname_same(const char *a, const char *b);

/* Index of name in list[0..n), or -1. */
int modname_find(const char (*list)[MODULE_NAME_MAX], int n, const char *name);

/* The builder's /etc/ovlinit/features text has one "FEATURE MODULE" line
 * per module any feature names; MODULE is a name ("ext4"), or a path or
 * glob whose last component names it ("kernel/fs/ext4/ext4.ko").
 * Copy into feature[0..cap) the first feature that lists module.
 * Returns 1 (found), 0 (no feature lists it) or -ENAMETOOLONG. */
int modname_feature(const char *text, size_t len, const char *module,
		    char *feature, size_t cap) __attribute__((warn_unused_result));

#endif
