/* Writing cmdline.txt on the boot partition so that a power cut at any
 * moment leaves either the old or the new file, and the new one once
 * sys_cmdtxt_replace has returned 0: a temporary file in the same
 * directory, fsync, rename over the original, fsync the renamed file,
 * the directory and the filesystem (vfat needs the first: see
 * sys_cmdtxt.c). These touch the machine; the decisions are in cmdtxt.c
 * (pure). */
#ifndef OVLINIT_SYS_CMDTXT_H
#define OVLINIT_SYS_CMDTXT_H

#include <stddef.h>
#include <sys/stat.h>

#include "rootdev/mountinfo.h"
#include "sys/sys.h"

/* The temporary file's name is "." BASE SYS_CMDTXT_TMP_SUFFIX, fixed so
 * that one left by a crash is found and removed by the next run. */
#define SYS_CMDTXT_TMP_SUFFIX ".ovlinit-new"

struct sys_cmdtxt_result {
	int stale_removed;    /* a temporary file of an earlier run was removed */
	int renamed;          /* the new content has replaced the old (it may not
	                       * be on the disk if a later step failed) */
	struct sys_err err;   /* err.what: the step that failed */
};

struct sys_cmdtxt_data {
	const char *old, *new;    /* what was read (NULL: a file of ours, replaced
				   * whatever it holds, or made), what to write */
	size_t old_len, new_len;
};

/* Replace dir/base with d->new as described above, keeping the
 * original's mode and owner (orig). Only one run at a time: the
 * directory is locked, and under the lock the file must still hold
 * d->old (else -EAGAIN: someone else wrote it meanwhile). Returns 0 once
 * the new content is on the disk, or -errno; on a failure before the
 * rename (res->renamed 0) the original is untouched and the temporary
 * file removed; after it, the new content is in place but maybe only in
 * memory. */
int sys_cmdtxt_replace(const char *dir, const char *base, const struct sys_cmdtxt_data *d,
		       const struct stat *orig, struct sys_cmdtxt_result *res)
	__attribute__((warn_unused_result));

/* Remount the mount m read-write (rw=1), or back to how m describes it
 * (rw=0: read-only; only the mount, not the filesystem, if only the
 * mount was read-only). Other per-mount flags are kept. Returns 0 or -errno. */
int sys_cmdtxt_remount(const struct mountinfo_ent *m, int rw)
	__attribute__((warn_unused_result));

#endif
