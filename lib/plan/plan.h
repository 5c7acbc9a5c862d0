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
#define OVL_MEDIA    "/media"
#define OVL_PERSIST  "/media/persist"   /* the store with overlaykeep= */
#define OVL_KEEP     "/keep"            /* its directory of kept paths */
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
	STEP_LOOP,      /* attach the file src to a free loop device (LOOP_CONFIGURE):
			 * run by sys_loop_attach(), which names the device */
	STEP_SEED,      /* overlaykeep=: src (the lower's copy) must be a directory;
			 * target (on the store) is made a copy of it, owner, mode and
			 * xattrs kept, unless it exists (a directory) */
	STEP_BIND,      /* bind-mount src on target, which must be a directory */
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
	/* overlaystore= (plan_build_upper): what the marker records */
	char store[PATH_MAX_OVL];         /* the store's /dev path, or "" */
	char store_fstype[FSTYPE_MAX];
	char store_image[PATH_MAX_OVL];   /* the image file, as mounted now, or "" */
	char host_dir[PATH_MAX_OVL];      /* where the image's filesystem is mounted */
	int store_fallback;               /* asked for, not used: the tmpfs upper */
	int keep;                         /* overlaykeep=: the store at OVL_PERSIST */
	int store_reset;                  /* overlayreset emptied it */
	char keep_list[KEEP_MAX * KEEP_PATH_MAX];   /* the kept paths, space-separated */
};

/* The upper layer plan_build_upper() lays the overlay on. device NULL:
 * the tmpfs (fallback says whether a store was asked for and failed).
 * Otherwise the store, already mounted at OVL_UPPER (at OVL_PERSIST,
 * with keep, for the paths of overlaykeep=) by the steps of
 * plan_store_upper(); image and host_dir name the image file and the
 * mount of its filesystem (moved into the new root), or are NULL. */
struct plan_upper {
	const char *device, *fstype, *image, *host_dir;
	int fallback;
	int keep;       /* overlaykeep=: the store is at OVL_PERSIST, the upper the tmpfs */
	int reset;      /* overlayreset emptied the store */
};

/* What sys_plan_run() reports besides 0: the lower layer was mounted
 * with noload, its journal not replayed. */
#define PLAN_RAN_NOLOAD 1

/* Build the plan to mount devpath (a /dev path), holding a filesystem of
 * type fstype, as the new root at NEWROOT. Returns 0 or a negative
 * errno (-ENAMETOOLONG when an option string does not fit). */
int plan_build(const struct boot_opts *o, const char *devpath, const char *fstype,
	       struct plan *p) __attribute__((warn_unused_result));

/* plan_build() with the upper layer u (NULL: the tmpfs). */
int plan_build_upper(const struct boot_opts *o, const char *devpath, const char *fstype,
		     const struct plan_upper *u, struct plan *p) __attribute__((warn_unused_result));

/* The store's steps (overlaystore=), each plan started empty: */
/* the filesystem dev (of type fstype) holding the image, mounted
 * read-write at dir (OVL_MEDIA/NAME), and the loop step of the image
 * o->store_image on it; */
int plan_store_host(const struct boot_opts *o, const char *dev, const char *fstype,
		    const char *dir, struct plan *p) __attribute__((warn_unused_result));
/* the store filesystem dev, mounted read-write at dir: OVL_UPPER, or
 * OVL_PERSIST with overlaykeep=. */
int plan_store_upper(const char *dev, const char *fstype, const char *dir, struct plan *p)
	__attribute__((warn_unused_result));

/* Can a filesystem of this type be the store, an overlay upper layer?
 * NULL, or why not (vfat: no extended attributes). */
const char *plan_store_refusal(const char *fstype);

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
