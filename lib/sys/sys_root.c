/* Running the plan and switching to the real root.
 *
 * The plan (lib/plan/plan.c) has made / private, mounted the new root at
 * NEWROOT and, for the overlay, moved its layers into it. The switch,
 * in order (the same contract as busybox switch_root and klibc
 * run-init, with the init check moved before the point of no return):
 *   1. check that init (and a script's interpreter) is an executable
 *      regular file inside the new root, symlinks resolved inside it;
 *   2. make / private and move /dev, /proc, /sys, /run into the new root;
 *   3. if / is the initramfs (ramfs or tmpfs), delete its files without
 *      crossing into other mounts, so its memory is given back;
 *   4. move the new root onto /, chroot into it;
 *   5. make fds 0-2 the console, mark every other fd close-on-exec and
 *      exec init with the kernel's argv and environment.
 */
#include "sys/sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/close_range.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmdline/mntopt.h"
#include "sys/sys_dm.h"
#include "util/io.h"

static int sys_mount_step(const struct step *s)
{
	char data[OPT_VALUE_MAX];

	if (mount(s->src, s->target, s->fstype, s->flags, s->data[0] ? s->data : NULL) == 0)
		return 0;
	if (errno != EROFS || !s->noload_retry)
		return -errno;
	/* ext4_load_journal(): "write access unavailable, cannot proceed
	 * (try mounting with noload)". The caller warns loudly. */
	snprintf(data, sizeof(data), "%s", s->data);
	if (mntopt_append(data, sizeof(data), "noload", 6) < 0)
		return -ENAMETOOLONG;
	if (mount(s->src, s->target, s->fstype, s->flags, data) < 0)
		return -errno;
	return PLAN_RAN_NOLOAD;
}

/* A bind mount of a directory over a directory of the new root, both
 * reached without a symlink on the way (a symlink on the store or in
 * the lower could point anywhere): opened by sys_walk_dir(), mounted
 * through their /proc/self/fd links. */
static int sys_bind(const char *src, const char *target)
{
	char s[40], t[40];
	int sfd = sys_walk_dir(src, 0), tfd, r = 0;

	if (sfd < 0)
		return sfd;
	tfd = sys_walk_dir(target, 0);
	if (tfd < 0) {
		close(sfd);
		return tfd;
	}
	snprintf(s, sizeof(s), "/proc/self/fd/%d", sfd);
	snprintf(t, sizeof(t), "/proc/self/fd/%d", tfd);
	if (mount(s, t, NULL, MS_BIND, NULL) < 0)
		r = -errno;
	close(sfd);
	close(tfd);
	return r;
}

static int sys_step(const struct step *s)
{
	switch (s->kind) {
	case STEP_PRIVATE:
		if (mount(NULL, s->target, NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			return -errno;
		return 0;
	case STEP_MKDIR:
		return sys_mkdir_p(s->target);
	case STEP_SETRO:
		return sys_blk_setro(s->src);
	case STEP_MOUNT:
		return sys_mount_step(s);
	case STEP_MOVE:
		if (sys_mkdir_p(s->target) < 0 && access(s->target, F_OK) < 0)
			return -errno;
		if (mount(s->src, s->target, NULL, MS_MOVE, NULL) < 0)
			return -errno;
		return 0;
	case STEP_LOOP:
		break;     /* sys_loop_attach(): the caller needs the device */
	case STEP_SEED:
		return sys_seed(s->src, s->target);
	case STEP_BIND:
		return sys_bind(s->src, s->target);
	}
	return -EINVAL;
}

int sys_plan_run(const struct plan *p, struct sys_err *e)
{
	int ran = 0;

	for (int i = 0; i < p->n; i++) {
		int r = sys_step(&p->steps[i]);
		if (r < 0) {
			e->step = i;
			return r;
		}
		ran |= r;
	}
	return ran;
}

int sys_write_marker(const char *text, size_t len)
{
	return sys_write_text(MARKER_DIR, MARKER_PATH, text, len);
}

int sys_volatile_root(unsigned major, unsigned minor)
{
	char target[48];
	int r = sys_mkdir_p("/run/systemd");

	if (r < 0)
		return r;
	snprintf(target, sizeof(target), "/dev/block/%u:%u", major, minor);
	if (unlink(VOLATILE_ROOT) < 0 && errno != ENOENT)
		return -errno;
	return symlink(target, VOLATILE_ROOT) < 0 ? -errno : 0;
}

int sys_write_text(const char *dir, const char *path, const char *text, size_t len)
{
	int fd, r = sys_mkdir_p(dir);

	if (r < 0)
		return r;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	r = io_write_all(fd, text, len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

/* Open path inside root (symlinks resolve inside it too) with flags. */
static int sys_open_in(int root, const char *path, int flags)
{
	struct open_how how = { .flags = (unsigned)flags | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	int fd = (int)syscall(SYS_openat2, root, path, &how, sizeof(how));

	return fd < 0 ? -errno : fd;
}

/* Is path inside root an executable regular file on an exec-allowed
 * mount? Looked at through O_PATH, so a FIFO or device is never opened. */
static int sys_init_stat(int root, const char *path)
{
	struct stat st;
	struct statfs sfs;
	int fd = sys_open_in(root, path, O_PATH), r = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || fstatfs(fd, &sfs) < 0)
		r = -errno;
	else if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111))
		r = -ENOEXEC;
	else if (sfs.f_flags & ST_NOEXEC)
		r = -EACCES;
	close(fd);
	return r;
}

/* sys_init_stat(), and for a script its "#!" interpreter the same way:
 * a missing interpreter would fail the exec after the point of no
 * return (an ELF's PT_INTERP is not checked). bad names the failing
 * path. */
static int sys_init_file(int root, const char *path, int depth, char *bad, size_t cap)
{
	char head[PATH_MAX_OVL + 2], *interp;
	ssize_t n;
	int fd, r;

	snprintf(bad, cap, "%s", path);
	r = sys_init_stat(root, path);
	if (r < 0)
		return r;
	fd = sys_open_in(root, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	n = pread(fd, head, sizeof(head) - 1, 0);
	r = n < 0 ? -errno : 0;
	close(fd);
	if (r < 0 || n < 2 || head[0] != '#' || head[1] != '!')
		return r;
	head[n] = '\0';
	interp = head + 2 + strspn(head + 2, " \t");
	interp[strcspn(interp, " \t\n")] = '\0';
	if (interp[0] == '\0')
		return -ENOEXEC;
	if (depth >= 4)
		return -ELOOP;      /* binfmt_script's BINPRM_MAX_RECURSION */
	return sys_init_file(root, interp, depth + 1, bad, cap);
}

int sys_check_init(const char *newroot, const char *init, char *bad, size_t cap)
{
	int root = open(newroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (root < 0) {
		snprintf(bad, cap, "%s", newroot);
		return -errno;
	}
	r = sys_init_file(root, init, 0, bad, cap);
	close(root);
	return r;
}

/* Delete everything below dirfd that lives on device dev. */
static void sys_wipe(int dirfd, dev_t dev)
{
	DIR *dir = fdopendir(dirfd);
	struct dirent *e;
	struct stat st;

	if (dir == NULL) {
		close(dirfd);
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_dev != dev)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
			if (sub >= 0)
				sys_wipe(sub, dev);
			unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
		} else {
			unlinkat(dirfd, e->d_name, 0);
		}
	}
	closedir(dir);
}

/* Free the initramfs, but only if / really is one. */
static void sys_free_initramfs(void)
{
	struct statfs sfs;
	struct stat st;
	int fd;

	if (statfs("/", &sfs) < 0 ||
	    (sfs.f_type != RAMFS_MAGIC && sfs.f_type != TMPFS_MAGIC))
		return;
	if (stat("/", &st) < 0)
		return;
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		sys_wipe(fd, st.st_dev);
}

static int sys_move_api_mounts(const char *newroot)
{
	static const char *const api[] = { "/dev", "/proc", "/sys", "/run" };
	char target[PATH_MAX_OVL];

	for (size_t i = 0; i < sizeof(api) / sizeof(api[0]); i++) {
		snprintf(target, sizeof(target), "%s%s", newroot, api[i]);
		if (sys_mkdir_p(target) < 0 && access(target, F_OK) < 0)
			return -errno;
		if (mount(api[i], target, NULL, MS_MOVE, NULL) < 0)
			return -errno;
	}
	return 0;
}

int sys_switch_root(const char *newroot, char *const argv[], char *const envp[],
		    struct sys_err *e)
{
	struct stat root, nr;

	e->what = "stat the new root";
	if (stat("/", &root) < 0 || stat(newroot, &nr) < 0)
		return -errno;
	e->what = "check that the new root is a mount of its own";
	if (root.st_dev == nr.st_dev)
		return -EINVAL;
	e->what = "make / private";
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	e->what = "move /dev, /proc, /sys and /run into the new root";
	if (sys_move_api_mounts(newroot) < 0)
		return -errno;
	sys_free_initramfs();
	e->what = "move the new root onto /";
	if (chdir(newroot) < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		return -errno;
	e->what = "chroot into the new root";
	if (chroot(".") < 0 || chdir("/") < 0)
		return -errno;
	(void)!sys_console_fds(SYS_FDS_CONSOLE);   /* no console: keep the kernel's fds */
	/* Nothing of ovlinit's may reach the real init: every fd above 2
	 * closes on exec (all are O_CLOEXEC already; this covers any that
	 * a library opened without it). Linux 5.11, harmless if absent. */
	syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
	e->what = "exec the real init";
	execve(argv[0], argv, envp);
	return -errno;
}
