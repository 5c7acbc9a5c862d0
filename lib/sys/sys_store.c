/* The persistent store's machine side (overlaystore=, ovlinit(8)): the
 * image file attached to a loop device, the store's root/ and work/
 * checked, and the mounts taken down again when the boot falls back to
 * the tmpfs upper. */
#include "sys/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOOP_BUSY_TRIES 8   /* a free device taken by someone else meanwhile */

/* The image, opened read-write inside the mount at dir: symlinks and
 * ".." resolve inside it (openat2 RESOLVE_IN_ROOT), so no name on the
 * store's host filesystem reaches a file of the initramfs. */
static int sys_loop_open_image(const char *dir, const char *image)
{
	struct open_how how = { .flags = O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	struct stat st;
	int root = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC), fd;

	if (root < 0)
		return -errno;
	fd = (int)syscall(SYS_openat2, root, image, &how, sizeof(how));
	if (fd < 0)
		fd = -errno;
	close(root);
	if (fd >= 0 && fstat(fd, &st) < 0) {
		close(fd);
		return -errno;
	}
	if (fd >= 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	return fd;
}

/* LOOP_CONFIGURE (Linux 5.8): the file, the autoclear flag, its size,
 * in one ioctl. Autoclear detaches the device at its last close: the
 * returned fd holds it until the store is mounted (as util-linux's
 * mount -o loop does), and closing it after a failed mount detaches. */
static int sys_loop_configure(int ctl, int file, char *dev, size_t cap)
{
	struct loop_config c;
	int n, fd;

	n = ioctl(ctl, LOOP_CTL_GET_FREE);
	if (n < 0)
		return -errno;
	snprintf(dev, cap, "/dev/loop%d", n);
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&c, 0, sizeof(c));
	c.fd = (unsigned)file;
	c.info.lo_flags = LO_FLAGS_AUTOCLEAR;
	if (ioctl(fd, LOOP_CONFIGURE, &c) < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	return fd;
}

int sys_loop_attach(const char *dir, const char *image, char *dev, size_t cap)
{
	int ctl, file, r = -EBUSY;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	file = sys_loop_open_image(dir, image);
	if (file < 0) {
		close(ctl);
		return file;
	}
	for (int i = 0; i < LOOP_BUSY_TRIES && r == -EBUSY; i++)
		r = sys_loop_configure(ctl, file, dev, cap);   /* the loop holds the file */
	close(file);
	close(ctl);
	return r;
}

/* root/ and work/ of the store: absent (made by the plan) or
 * directories; anything else is refused rather than mounted over. */
int sys_store_check(const char *dir, int keep, const char **bad)
{
	static const char *const dirs[] = { "root", "work", "keep" };
	char path[PATH_MAX_OVL];
	struct stat st;

	for (size_t i = keep ? 2 : 0; i < (keep ? 3 : 2); i++) {
		*bad = dirs[i];
		snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
		if (lstat(path, &st) < 0) {
			if (errno == ENOENT)
				continue;
			return -errno;
		}
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
	}
	return 0;
}

#define STORE_RESET_DIR ".ovlinit-reset"

int sys_store_reset(const char *dir, int reset, int *left)
{
	static const char *const names[] = { "root", "work", "keep" };
	char to[64];
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), moved = 0, r = 0;

	*left = 0;
	if (fd < 0)
		return -errno;
	*left = sys_remove_tree(fd, STORE_RESET_DIR, 0) < 0;
	if (reset && !*left && mkdirat(fd, STORE_RESET_DIR, 0700) < 0)
		r = -errno;
	for (size_t i = 0; reset && r == 0 && i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(to, sizeof(to), STORE_RESET_DIR "/%s", names[i]);
		if (renameat(fd, names[i], fd, to) == 0)
			moved++;
		else if (errno != ENOENT)
			r = -errno;
	}
	if (reset && r == 0 && fsync(fd) < 0)
		r = -errno;
	if (reset && r == 0)
		*left = sys_remove_tree(fd, STORE_RESET_DIR, 0) < 0;
	if (reset && r == 0 && syncfs(fd) < 0)
		r = -errno;
	close(fd);
	return r < 0 ? r : moved;
}

int sys_umount(const char *target)
{
	return umount2(target, 0) < 0 ? -errno : 0;
}
