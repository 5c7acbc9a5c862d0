/* Kernel modules through libkmod: one context over the initramfs's
 * /lib/modules/$(uname -r), its log routed into ovlinit's logger. */
#ifndef OVLINIT_MODLOAD_H
#define OVLINIT_MODLOAD_H

#include "limits.h"

struct kmod_ctx;

struct modload {
	struct kmod_ctx *ctx;
	const char (*blacklist)[MODULE_NAME_MAX];   /* from the command line */
	int n_blacklist;
	int n_loaded;          /* modules inserted by us, dependencies included */
	unsigned long long ms; /* time spent loading */
};

/* Open the context over dirname (NULL: /lib/modules/$(uname -r)).
 * Returns 0 or -errno (-ENOENT: no module tree for this kernel). */
int modload_open(struct modload *ml, const char *dirname)
	__attribute__((warn_unused_result));

void modload_close(struct modload *ml);

/* Load a module by name or alias ("ext4", "fs-overlay", a modalias), with
 * its dependencies and soft dependencies, honouring blacklists and the
 * command line's module.param=value. Returns the number of modules the
 * lookup named (0: no module in the image serves it), or -errno from
 * the first failed insertion. */
int modload_load(struct modload *ml, const char *name_or_alias)
	__attribute__((warn_unused_result));

#endif
