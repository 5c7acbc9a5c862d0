/* Mount option strings: split "a,b=c,..." into the generic MS_* flags
 * the mount(2) call takes and the data string the filesystem parses.
 * Pure. */
#ifndef OVLINIT_MNTOPT_H
#define OVLINIT_MNTOPT_H

#include <stddef.h>


/* Split opts into *flags and data[0..cap). Generic flags are or-ed into
 * (or cleared from) *flags; other items are appended to data, comma
 * separated. Returns 0, or -ENAMETOOLONG if data does not fit. */
int mntopt_split(const char *opts, unsigned long *flags, char *data, size_t cap)
	__attribute__((warn_unused_result));

/* Append "item" to a comma list in buf[0..cap). -ENAMETOOLONG if it
 * does not fit (buf is left unchanged). */
int mntopt_append(char *buf, size_t cap, const char *item, size_t len)
	__attribute__((warn_unused_result));

/* The generic flags set in flags as option words, "nosuid,noatime", or
 * "-" when none is set. Returns 0 or -ENAMETOOLONG. */
int mntopt_flags_str(unsigned long flags, char *buf, size_t cap)
	__attribute__((warn_unused_result));

/* Called once per refused overlaytmpfsflags= item: item[0..len) as the
 * user wrote it (not NUL-terminated) and why it was refused. */
struct mntopt_refusal {
	void (*fn)(void *ctx, const char *item, size_t len, const char *why);
	void *ctx;
};

#define MNTOPT_TMPFS_DEFAULT "mode=0755"

/* Validate overlaytmpfsflags= (ovlinit(8)): tmpfs keys (size, nr_blocks,
 * nr_inodes, mode, uid, gid, huge, mpol) with a valid value go to
 * data[0..cap), after "mode=0755" unless the user gave a mode= that is
 * accepted; the generic flags tmpfs would reject in its data string
 * (noatime, nosuid...) are or-ed into *flags; every other item is
 * refused through r and left out: "ro", and the values that would open
 * / to other users (a group/other-writable mode=, a uid= other than 0)
 * or starve it (a size= under 1 MiB but 0). This is the only judge of
 * these options: the plan mounts what it accepted. Returns 0, or
 * -ENAMETOOLONG if data does not fit. */
int mntopt_tmpfs(const char *opts, unsigned long *flags, char *data, size_t cap,
		 const struct mntopt_refusal *r) __attribute__((warn_unused_result));

#endif
