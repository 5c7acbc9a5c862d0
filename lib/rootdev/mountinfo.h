/* /proc/self/mountinfo: which mount holds a path, its type and options.
 * Pure: text in, struct out. The format is in proc(5):
 *   36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * id, parent id, MAJ:MIN, root, mount point, mount options, optional
 * fields up to "-", type, source, superblock options. Paths escape
 * space, tab, newline and backslash as \ooo octal. */
#ifndef OVLINIT_MOUNTINFO_H
#define OVLINIT_MOUNTINFO_H

#include <stddef.h>

#include "util/limit.h"

struct mountinfo_ent {
	unsigned major, minor;
	char point[PATH_MAX_OVL];        /* the mount point, unescaped */
	char fstype[FSTYPE_MAX];
	char source[PATH_MAX_OVL];
	char mnt_opts[OPT_VALUE_MAX];    /* per-mount: rw/ro, nosuid, relatime... */
	char super_opts[OPT_VALUE_MAX];  /* the filesystem's: rw/ro, fmask=... */
};

/* Parse the line text[0..len) (no newline). Returns 0, or -EINVAL if
 * it is not a mountinfo line, -ENAMETOOLONG if a field does not fit. */
int mountinfo_parse_line(const char *text, size_t len, struct mountinfo_ent *e)
	__attribute__((warn_unused_result));

/* The mount that holds the absolute, symlink-free path: the one whose
 * mount point is the longest prefix of path (at a '/' boundary); among
 * equal ones the last listed, which is on top. Returns 0, or -ENOENT. */
int mountinfo_find(const char *text, size_t len, const char *path, struct mountinfo_ent *e)
	__attribute__((warn_unused_result));

/* Is the option word (e.g. "ro") in the comma list? */
int mountinfo_has_opt(const char *opts, const char *word);

#endif
