/* The way back at shutdown (ovlinit(8), SHUTDOWN). A boot that mounted
 * a persistent store leaves a copy of itself at /run/initramfs/shutdown;
 * systemd-shutdown, having stopped everything, pivots back into
 * /run/initramfs and runs it as PID 1 with the verb (systemd's initrd
 * interface). It detaches the old root, so that the store's filesystems,
 * which the overlay kept busy, are unmounted cleanly, then does the
 * verb. The boot tells it what to wait for in a release list, one line
 * per device: "ROLE /dev/NAME", ROLE "store" (the upper's filesystem)
 * or "host" (the filesystem holding a store image).
 *
 * This is the pure half: the verbs and the list. */
#ifndef OVLINIT_SHUTDOWN_H
#define OVLINIT_SHUTDOWN_H

#include <stddef.h>

#include "util/limit.h"

enum shutdown_verb { VERB_REBOOT, VERB_POWEROFF, VERB_HALT, VERB_KEXEC };

/* argv[1] of /shutdown into *v. Returns 0, or -EINVAL for NULL or a word
 * that is not one of systemd's four (*v is then VERB_REBOOT, what the
 * caller does, as dracut's shutdown does). */
int shutdown_verb(const char *word, enum shutdown_verb *v);

/* "reboot", "poweroff", "halt", "kexec". */
const char *shutdown_verb_name(enum shutdown_verb v);

#define RELEASE_MAX 4            /* the store, the filesystem holding its image */
#define RELEASE_ROLE_MAX 8

struct release {
	int n;
	struct release_dev {
		char role[RELEASE_ROLE_MAX];   /* "store" or "host" */
		char path[PATH_MAX_OVL];       /* /dev/NAME */
	} dev[RELEASE_MAX];
};

/* Append a device. Returns 0, -EINVAL (a role other than "store" or
 * "host", or a path that is not /dev/NAME with NAME one printable word
 * without "/.." or a space), -ENAMETOOLONG, or -E2BIG when the list has
 * RELEASE_MAX already (never cut: the caller says so). */
int release_add(struct release *r, const char *role, const char *path)
	__attribute__((warn_unused_result));

/* The list as text into buf[0..cap). Returns its length, or -ENOSPC. */
long release_format(const struct release *r, char *buf, size_t cap)
	__attribute__((warn_unused_result));

/* Parse text[0..len) as written by release_format(). Every line is
 * checked as release_add() checks it; a bad line fails the whole list.
 * Returns 0 or -EINVAL/-ENAMETOOLONG/-E2BIG. */
int release_parse(const char *text, size_t len, struct release *r)
	__attribute__((warn_unused_result));

#endif
