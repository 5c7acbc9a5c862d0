/* Running the plan and switching to the real root.
 *
 * The switch, in order (the same contract as busybox switch_root and
 * klibc run-init, with the init check moved before the point of no
 * return):
 *   1. check that init is an executable file inside the new root;
 *   2. make / private and move /dev, /proc, /sys, /run into the new root;
 *   3. if / is the initramfs (ramfs or tmpfs), delete its files without
 *      crossing into other mounts, so its memory is given back;
 *   4. move the new root onto /, chroot into it;
 *   5. make fds 0-2 the console and exec init with the kernel's argv and
 *      environment. All of ovlinit's own fds are O_CLOEXEC.
 */
#include "sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* mkdir -p, for mount points inside the new root. */
static int sys_mkdirs(const char *path)
{
	char buf[PATH_MAX_OVL];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* BLKROSET: a read-only mount alone still replays an ext4 journal. */
static int sys_setro(const char *dev)
{
	int one = 1, r = 0;
	int fd = open(dev, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKROSET, &one) < 0)
		r = -errno;
	close(fd);
	return r;
}

static int sys_step(const struct step *s)
{
	switch (s->kind) {
	case STEP_MKDIR:
		return sys_mkdirs(s->target);
	case STEP_SETRO:
		return sys_setro(s->src);
	case STEP_MOUNT:
		if (mount(s->src, s->target, s->fstype, s->flags,
			  s->data[0] ? s->data : NULL) < 0)
			return -errno;
		return 0;
	case STEP_MOVE:
		if (sys_mkdirs(s->target) < 0 && access(s->target, F_OK) < 0)
			return -errno;
		if (mount(s->src, s->target, NULL, MS_MOVE, NULL) < 0)
			return -errno;
		return 0;
	}
	return -EINVAL;
}

int sys_plan_run(const struct plan *p, int *failed)
{
	for (int i = 0; i < p->n; i++) {
		int r = sys_step(&p->steps[i]);
		if (r < 0) {
			*failed = i;
			return r;
		}
	}
	return 0;
}

int sys_check_init(const char *newroot, const char *init)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT,
	};
	struct stat st;
	int root, fd, r = 0;

	root = open(newroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -errno;
	fd = (int)syscall(SYS_openat2, root, init, &how, sizeof(how));
	if (fd < 0)
		r = -errno;
	else if (fstat(fd, &st) < 0)
		r = -errno;
	else if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111))
		r = -ENOEXEC;
	if (fd >= 0)
		close(fd);
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
		if (sys_mkdirs(target) < 0 && access(target, F_OK) < 0)
			return -errno;
		if (mount(api[i], target, NULL, MS_MOVE, NULL) < 0)
			return -errno;
	}
	return 0;
}

static void sys_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return;      /* keep the fds the kernel gave us */
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

int sys_switch_root(const char *newroot, char *const argv[], char *const envp[],
		    const char **what)
{
	struct stat root, nr;

	*what = "stat the new root";
	if (stat("/", &root) < 0 || stat(newroot, &nr) < 0)
		return -errno;
	*what = "check that the new root is a mount of its own";
	if (root.st_dev == nr.st_dev)
		return -EINVAL;
	*what = "make / private";
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	*what = "move /dev, /proc, /sys and /run into the new root";
	if (sys_move_api_mounts(newroot) < 0)
		return -errno;
	sys_free_initramfs();
	*what = "move the new root onto /";
	if (chdir(newroot) < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		return -errno;
	*what = "chroot into the new root";
	if (chroot(".") < 0 || chdir("/") < 0)
		return -errno;
	sys_console();
	*what = "exec the real init";
	execve(argv[0], argv, envp);
	return -errno;
}
