/* lib/sys/ is the only code that changes the machine; this header is
 * the boot's part of it: mounts, the console, the plan's execution, the
 * switch to the real root. Every function returns 0 (or a count) or a
 * negative errno captured right after the failing call; none logs an
 * error it also returns. */
#ifndef OVLINIT_SYS_H
#define OVLINIT_SYS_H

#include <stddef.h>

#include "plan/plan.h"
#include "rootdev/rootdev.h"

/* What a sys_* call of several parts reports besides its -errno: which
 * part failed, for the caller's message. The one error context of the
 * sys code (the builder's steps format whole messages instead, in
 * struct mkinitfs). */
struct sys_err {
	const char *what;   /* static text naming the part, or NULL */
	int step;           /* sys_plan_run(): the index of the failed step */
};

/* devtmpfs on /dev, proc, sysfs, a tmpfs on /run. Returns 0 or -errno;
 * e->what names the mount that failed. */
int sys_early_mounts(struct sys_err *e) __attribute__((warn_unused_result));

/* Read a whole small file into buf (NUL-terminated). Returns its length,
 * -EFBIG if it does not fit in cap - 1, or -errno. */
long sys_read_file(const char *path, char *buf, size_t cap)
	__attribute__((warn_unused_result));

/* Sleep ms milliseconds. */
void sys_sleep_ms(unsigned ms);

/* CLOCK_MONOTONIC in microseconds, and in milliseconds. */
unsigned long long sys_now_us(void);
unsigned long long sys_now_ms(void);

/* mkdir -p path, mode 0755. Returns 0 or -errno (-ENAMETOOLONG for a
 * path of PATH_MAX_LINUX bytes or more). */
int sys_mkdir_p(const char *path) __attribute__((warn_unused_result));

/* Run the plan's steps in order. Returns 0, PLAN_RAN_NOLOAD (the lower
 * layer's journal needed recovery and was skipped), or -errno with
 * e->step the index of the step that failed. */
int sys_plan_run(const struct plan *p, struct sys_err *e) __attribute__((warn_unused_result));

/* Write text to MARKER_PATH (creating MARKER_DIR). Returns 0 or -errno. */
int sys_write_marker(const char *text, size_t len) __attribute__((warn_unused_result));

/* Write text to path (a new file, mode 0644), creating its directory
 * dir (0755) first. Returns 0 or -errno. */
int sys_write_text(const char *dir, const char *path, const char *text, size_t len)
	__attribute__((warn_unused_result));

/* VOLATILE_ROOT -> /dev/block/MAJ:MIN, replacing one that is there.
 * Returns 0 or -errno. */
int sys_volatile_root(unsigned major, unsigned minor) __attribute__((warn_unused_result));

/* Is init an executable regular file inside newroot? Symlinks resolve
 * inside newroot (openat2 RESOLVE_IN_ROOT), so Debian's absolute
 * /sbin/init -> /lib/systemd/systemd works; a script's #! interpreter
 * is checked too. Returns 0 or -errno (-ENOEXEC: not a regular file
 * with an execute bit, or a bad #! line; -EACCES: on a noexec mount);
 * bad[0..cap) then names the path that failed. */
int sys_check_init(const char *newroot, const char *init, char *bad, size_t cap)
	__attribute__((warn_unused_result));

/* Switch to newroot and exec init with argv/envp. Returns only on
 * failure, with -errno; e->what names the part. */
int sys_switch_root(const char *newroot, char *const argv[], char *const envp[],
		    struct sys_err *e) __attribute__((warn_unused_result));

/* /dev/console on fds 0-2, the one way every program here sets them:
 * SYS_FDS_FILL only where an fd is not open (/dev/null if there is no
 * console), at the boot's start; SYS_FDS_NULL /dev/null where an fd is
 * not open (init as the kernel's modprobe, which prints nowhere);
 * SYS_FDS_CONSOLE all three, before the real init; SYS_FDS_SHELL all
 * three and as the controlling terminal, for the rescue shell. Returns
 * 0, or -errno with the fds unchanged. */
enum sys_fds { SYS_FDS_FILL, SYS_FDS_NULL, SYS_FDS_CONSOLE, SYS_FDS_SHELL };
int sys_console_fds(enum sys_fds how) __attribute__((warn_unused_result));

/* The kernel's console_loglevel: kmsg records of a lower priority number
 * reach the console. */
int sys_console_loglevel(void);

/* Set the kernel's rate limit on /dev/kmsg writes (printk_devkmsg:
 * "ratelimit", a burst of 10 records per 5 s, "on" or "off"), saving the
 * old mode in old[0..cap) if old is not NULL. Returns 0 or -errno
 * (-EINVAL when printk.devkmsg= on the command line locked it). */
int sys_kmsg_mode(const char *mode, char *old, size_t cap);

/* Attach the regular file image, opened read-write inside the mount at
 * dir (symlinks resolve inside it), to a free loop device through
 * /dev/loop-control (LOOP_CONFIGURE, autoclear). Writes its /dev path
 * to dev[0..cap). Returns an open fd of the loop device, which holds
 * it: close it once the store is mounted (or failed to mount, which
 * detaches it); or -errno. */
int sys_loop_attach(const char *dir, const char *image, char *dev, size_t cap)
	__attribute__((warn_unused_result));

/* Are dir/root and dir/work (with keep, dir/keep) directories or
 * absent? Returns 0, or -ENOTDIR (or -errno) with *bad naming the one
 * that is not. */
int sys_store_check(const char *dir, int keep, const char **bad)
	__attribute__((warn_unused_result));

/* STEP_SEED: the directory src copied to dst, unless dst exists (then it
 * must be a directory). The copy is made under a temporary name and
 * renamed into place, so a cut copy is redone at the next boot. Neither
 * path may lead through a symlink (sys_walk_dir). Returns 0 or -errno
 * (-ENOTDIR: src or dst is not a directory, or a symlink is on the way). */
int sys_seed(const char *src, const char *dst) __attribute__((warn_unused_result));

/* Open the directory path from / one component at a time, none of them
 * a symlink (O_NOFOLLOW: a store or a lower that names a symlink leads
 * nowhere else), making the missing ones (mode 0755) if make. Returns
 * the fd, or -errno (-ENOTDIR: a component is a symlink or not a
 * directory). */
int sys_walk_dir(const char *path, int make) __attribute__((warn_unused_result));

/* Remove name below the directory fd dir, whatever it is, recursively,
 * never following a symlink, at most REMOVE_DEPTH_MAX levels deep (the
 * call's depth is the level of name). Returns 0 (also if it is absent),
 * or the first -errno (-ELOOP: too deep), having removed what it could. */
int sys_remove_tree(int dir, const char *name, int depth);

/* overlayreset on the store mounted at dir: root/, work/ and keep/ are
 * renamed into dir/.ovlinit-reset and the directory synced (from then on
 * the reset is done, even if the power fails), then removed. A
 * .ovlinit-reset left by an earlier boot is removed in any case (reset 0
 * does only that). Returns how many of the three were moved, or -errno;
 * *left is set when something could not be removed. */
int sys_store_reset(const char *dir, int reset, int *left) __attribute__((warn_unused_result));

/* umount2(target, 0). Returns 0 or -errno. */
int sys_umount(const char *target);

/* Is there a rescue shell (/bin/sh) in the initramfs? */
int sys_have_shell(void);

/* Run the rescue shell on the console and wait until it exits. Returns 0
 * or -errno. */
int sys_rescue_shell(void) __attribute__((warn_unused_result));

#endif
