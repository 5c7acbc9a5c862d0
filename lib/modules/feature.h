/* Feature files of ovlinit-mkinitfs: modules/<feature>.modules holds one
 * entry per line: a module name or alias ("ext4", "xhci-pci"), or a path
 * glob relative to /lib/modules/KVER ("kernel/drivers/ata/pata_*.ko")
 * when it contains a '/'. '#' starts a comment. A leading '?' marks an
 * entry that may be absent from a kernel: drivers that only exist on
 * some architectures (the Raspberry Pi's SD controllers on arm64).
 * Pure: text in, entries out. */
#ifndef OVLINIT_FEATURE_H
#define OVLINIT_FEATURE_H

#include <stddef.h>

#include "util/limit.h"

enum {
	FEATURE_OPTIONAL = 1,   /* '?': tolerated when the kernel lacks it */
	FEATURE_GLOB     = 2,   /* has a '/': a path glob, not a name */
};

struct feature_entry {
	char text[FEATURE_ENTRY_MAX];
	int flags;
	int line;               /* 1-based, for messages */
};

struct feature_reader {
	const char *text;
	size_t len, pos;
	int line;
};

void feature_reader_init(struct feature_reader *r, const char *text, size_t len);

/* The next entry. Returns 1 with *e filled, 0 at the end, -ENAMETOOLONG
 * for an entry that does not fit, -EINVAL for an entry with spaces or
 * control bytes inside, a bare '?', or a glob with "..". On an error,
 * e->line names the line; the reader moves past it. */
int feature_next(struct feature_reader *r, struct feature_entry *e)
	__attribute__((warn_unused_result));

/* A feature name is [a-z0-9_-]{1,FEATURE_NAME_MAX-1}: it becomes a file
 * name, so no '/', no dots. Returns 1 or 0. */
int feature_name_ok(const char *name);

#endif
