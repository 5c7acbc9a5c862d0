/* The root device: the root= spec, and matching it against probed
 * devices. Pure. */
#ifndef OVLINIT_ROOTDEV_H
#define OVLINIT_ROOTDEV_H

#include <stddef.h>

#include "util/limit.h"

enum root_kind {
	ROOT_NONE = 0,
	ROOT_DEVPATH,      /* /dev/NAME */
	ROOT_UUID,
	ROOT_LABEL,
	ROOT_PARTUUID,
	ROOT_PARTLABEL,
	ROOT_MAJMIN,       /* MAJ:MIN, decimal */
};

struct root_spec {
	enum root_kind kind;
	/* What follows the "KIND=" prefix (UUID=, LABEL=, PARTUUID=,
	 * PARTLABEL=); the whole path for ROOT_DEVPATH ("/dev/vda2", see
	 * rootdev_spec_devname()); the text for ROOT_MAJMIN ("8:2"). */
	char value[OPT_VALUE_MAX];
	unsigned major, minor;      /* ROOT_MAJMIN */
};

/* What the probes and sysfs say about one block device. Empty strings
 * where a field is unknown. */
struct blockdev {
	char name[BLOCKDEV_NAME_MAX]; /* kernel name, e.g. "vda1" */
	int probe_err;             /* 0, or why probing failed (-ENXIO: not ready) */
	unsigned partno;           /* partition number, 0 for a whole disk */
	char disk[BLOCKDEV_NAME_MAX]; /* a partition's whole disk ("vda"), or "" */
	int table_err;             /* a partition: 0, or why its disk's table was refused
				      (probe_table's -E2BIG, -ELOOP, -EFBIG): PARTUUID,
				      PARTLABEL unknown, not absent */
	unsigned major, minor;
	unsigned long long size;   /* bytes */
	char type[FSTYPE_MAX];
	char uuid[UUID_STR_MAX];
	char label[LABEL_MAX];
	char partuuid[UUID_STR_MAX];
	char partlabel[LABEL_MAX];
};

/* Parse a root= value. Returns 0, or -EINVAL (empty or malformed value),
 * -ENAMETOOLONG (over the limit); *why names the reason. */
int rootdev_spec_parse(const char *val, struct root_spec *spec, const char **why)
	__attribute__((warn_unused_result));

const char *rootdev_kind_name(enum root_kind kind);

/* "MAJ:MIN" in decimal, as root=, sysfs "dev" files and mountinfo write
 * it; a trailing newline (sysfs) is allowed. 0 or -EINVAL. */
int rootdev_devnum_parse(const char *s, unsigned long *major, unsigned long *minor);

/* Is name a plausible kernel block device name, safe to put after
 * "/dev/" and "/sys/class/block/"? Letters, digits and "._+:-", not
 * starting with '.', shorter than BLOCKDEV_NAME_MAX. Names come from
 * sysfs and uevents and are checked before any use. */
int rootdev_name_ok(const char *name);

/* Why a device that matches must still not be mounted as the root (an
 * md member, a LUKS container, an LVM PV, swap, two formats at once),
 * or NULL if nothing speaks against it. */
const char *rootdev_refusal(const struct blockdev *dev);
/* The root= prefix of a kind: "UUID=", "" for paths and MAJ:MIN. */
const char *rootdev_kind_prefix(enum root_kind kind);

/* The NAME of a root=/dev/NAME spec, or NULL for another kind. */
const char *rootdev_spec_devname(const struct root_spec *s);

/* The spec back as root= text, unescaped: "UUID=...", "/dev/vda2",
 * "8:2". Returns 0 or -ENAMETOOLONG (buf then holds a cut prefix). */
int rootdev_spec_text(const struct root_spec *s, char *buf, size_t cap)
	__attribute__((warn_unused_result));

/* Does dev match spec? Hex identifiers compare case-insensitively and
 * exactly; labels byte for byte. */
int rootdev_matches(const struct root_spec *spec, const struct blockdev *dev);

/* Find the one device among devs[0..n) that matches. Returns its index,
 * -ENOENT if none does, -EEXIST if more than one does (never guess),
 * -EMEDIUMTYPE if the one match is refused by rootdev_refusal(). */
int rootdev_match(const struct root_spec *spec, const struct blockdev *devs, int n)
	__attribute__((warn_unused_result));

/* A device whose identifiers of the spec's kind are unknown because its
 * disk's partition table could not be read (too many entries, a looping
 * chain...): it could be a second match, so no match can be trusted.
 * Only PARTUUID= and PARTLABEL= come from tables. Returns its index, or
 * -1. */
int rootdev_blind(const struct root_spec *spec, const struct blockdev *devs, int n);

#endif
