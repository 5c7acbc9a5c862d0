/* The boot plan: options and the chosen root device in, the ordered
 * mount steps out. Pure, printable (init --explain shows it), executed
 * by sys_plan_run(). */
#ifndef OVLINIT_PLAN_H
#define OVLINIT_PLAN_H

#include <stddef.h>

#include "cmdline.h"
#include "limits.h"

#define NEWROOT      "/sysroot"
#define OVL_LOWER    "/media/root-ro"
#define OVL_UPPER    "/media/root-rw"

enum step_kind {
	STEP_MKDIR,     /* target */
	STEP_SETRO,     /* BLKROSET on the block device src */
	STEP_MOUNT,     /* src on target, fstype, flags, data */
	STEP_MOVE,      /* move mount src to target (creating target) */
};

struct step {
	enum step_kind kind;
	char src[PATH_MAX_OVL];
	char target[PATH_MAX_OVL];
	char fstype[FSTYPE_MAX];
	unsigned long flags;
	char data[OPT_VALUE_MAX];
};

struct plan {
	int n;
	struct step steps[PLAN_STEPS_MAX];
	char init[PATH_MAX_OVL];
};

/* Build the plan to mount devpath (a /dev path), holding a filesystem of
 * type fstype, as the new root at NEWROOT. Returns 0 or a negative
 * errno (-ENAMETOOLONG when an option string does not fit). */
int plan_build(const struct boot_opts *o, const char *devpath, const char *fstype,
	       struct plan *p) __attribute__((warn_unused_result));

/* Describe the plan, one step a line, into buf. Returns the length. */
size_t plan_print(const struct plan *p, char *buf, size_t cap);

/* The mount flags as option words, "ro,nosuid" (or "" when none). */
void plan_flags_str(unsigned long flags, char *buf, size_t cap);

#endif
