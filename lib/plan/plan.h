/* The boot plan: options and the chosen root device in, the ordered
 * mount steps out. Pure, printable (init --explain shows it), executed
 * by sys_plan_run(). */
#ifndef OVLINIT_PLAN_H
#define OVLINIT_PLAN_H

#include <stddef.h>

#include "cmdline/cmdline.h"
#include "util/limit.h"

#define NEWROOT      "/sysroot"
#define OVL_LOWER    "/media/root-ro"
#define OVL_UPPER    "/media/root-rw"
#define MARKER_DIR   "/run/ovlinit"
#define MARKER_PATH  MARKER_DIR "/root"
/* systemd's convention (systemd-volatile-root, gpt-auto-generator): a
 * symlink to /dev/block/MAJ:MIN of the device under a volatile root. */
#define VOLATILE_ROOT "/run/systemd/volatile-root"
/* The drop-in that keeps systemd-remount-fs on mount(2), where overlayfs
 * ignores the fstab options of / (ovlinit(8), FSTAB). */
#define REMOUNT_DROPIN_DIR "/run/systemd/system/systemd-remount-fs.service.d"
#define REMOUNT_DROPIN REMOUNT_DROPIN_DIR "/ovlinit-overlay.conf"
#define REMOUNT_DROPIN_TEXT \
	"# Written by ovlinit at boot: / is an overlay (/run/ovlinit/root).\n" \
	"# overlayfs ignores the options of a remount made with mount(2) and\n" \
	"# refuses them through the new mount API (util-linux 2.39 and later:\n" \
	"# \"overlay: No changes allowed in reconfigure\"), so fstab's line for /\n" \
	"# (errors=remount-ro...) would fail this unit. See ovlinit(8), FSTAB.\n" \
	"[Service]\n" \
	"Environment=LIBMOUNT_FORCE_MOUNT2=always\n"

enum step_kind {
	STEP_PRIVATE,   /* make the mount at target (and below) private */
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
	/* ext3/ext4 lower layer on a read-only device: if the mount fails
	 * with EROFS (the journal needs recovery, which a read-only device
	 * cannot do), mount again with "noload" added to data. */
	int noload_retry;
};

struct plan {
	int n;
	struct step steps[PLAN_STEPS_MAX];
	char init[PATH_MAX_OVL];
	char device[PATH_MAX_OVL];        /* the real root's /dev path */
	char fstype[FSTYPE_MAX];
	int overlay;
	char roothash[VERITY_HEX_MAX + 1]; /* roothash=: device is its dm-verity mapping */
};

/* What sys_plan_run() reports besides 0: the lower layer was mounted
 * with noload, its journal not replayed. */
#define PLAN_RAN_NOLOAD 1

/* Build the plan to mount devpath (a /dev path), holding a filesystem of
 * type fstype, as the new root at NEWROOT. Returns 0 or a negative
 * errno (-ENAMETOOLONG when an option string does not fit). */
int plan_build(const struct boot_opts *o, const char *devpath, const char *fstype,
	       struct plan *p) __attribute__((warn_unused_result));

/* Describe the plan, one step a line, into buf. Returns the length. */
size_t plan_print(const struct plan *p, char *buf, size_t cap);

/* One step as a line of plan_print(). Returns its length. */
int plan_print_step(const struct step *s, char *buf, size_t cap);

/* The status marker the booted system reads (/run/ovlinit/root, see
 * ovlinit(8), FILES): shell-sourceable KEY=value lines. ran is what
 * sys_plan_run() returned (0 or PLAN_RAN_NOLOAD). Returns the length,
 * or -ENAMETOOLONG if it did not fit in cap. */
int plan_marker(const struct plan *p, int ran, char *buf, size_t cap)
	__attribute__((warn_unused_result));

#endif
