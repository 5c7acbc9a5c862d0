/* The boot's module service: one libkmod context for the whole boot,
 * and what it has been asked. Modules are loaded from step 3 to step 6
 * (the command line's, the modaliases devices announce during the root
 * search, the filesystem drivers the root needs), so the steps share
 * this one object, through these functions only (mods.c).
 *
 * Each function logs its own specifics; a -errno it returns is for the
 * step to name (boot_error). */
#ifndef OVLINIT_MODS_H
#define OVLINIT_MODS_H

#include <stdint.h>

#include "cmdline/cmdline.h"
#include "sys/modload.h"

#define ALIASES_SEEN_MAX 1024
#define UNSERVED_MAX 32
#define MODALIAS_MAX 128

struct mods {
	struct modload ml;
	int ready;                        /* ml is open: the image has modules */
	uint64_t seen[ALIASES_SEEN_MAX];  /* FNV-1a hashes of the modaliases asked for */
	int n_seen;
	char unserved[UNSERVED_MAX][MODALIAS_MAX];   /* no module in the image */
	int n_unserved, n_unserved_all;
	const char *fs_wanted[2];         /* rootfstype=, overlay: not loaded yet */
	int n_fs_wanted;
};

/* Step 3: open the context (closing an earlier one: the step may run
 * again after the rescue shell), take over the kernel's module requests,
 * load modules=, and note the filesystem drivers o asks for. No modules
 * for this kernel is a warning: built-in drivers only. */
void mods_open(struct mods *m, const struct boot_opts *o);

/* Make filesystem type available now for who ("root", "store"). Returns
 * 0, or -ENOENT (no module in the image: logged with the builder feature
 * that adds it) or -errno. */
int mods_need_fs(struct mods *m, const char *type, const char *who)
	__attribute__((warn_unused_result));

/* Load module name (or alias) that who ("roothash=") needs. Returns 0,
 * or -ENOENT (no module in the image: logged with the builder feature
 * that adds it, hint if the image's features file names none) or
 * -errno. */
int mods_need(struct mods *m, const char *name, const char *who, const char *hint)
	__attribute__((warn_unused_result));

/* Load name if the image has it; nothing is logged. Returns as
 * modload_load() (0: no module serves it, or no modules at all). */
int mods_try(struct mods *m, const char *name);

/* Load the next filesystem driver mods_open() noted, if any is left.
 * Returns 1 if it loaded one, 0 if none was left, or as mods_need_fs(). */
int mods_wanted_fs(struct mods *m) __attribute__((warn_unused_result));

/* The driver a device asks for by its modalias, once per alias; the
 * aliases no module serves are kept for the diagnosis (unserved[]). */
void mods_alias(struct mods *m, const char *alias);

/* Before the switch: the real system's modprobe serves the kernel
 * again, and the context is closed. */
void mods_close(struct mods *m);

#endif
