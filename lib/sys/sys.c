/* See sys.h. */
#include "sys/sys.h"

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
#include <time.h>
#include <unistd.h>

#include "util/io.h"


static int sys_mount_at(const char *src, const char *target, const char *type,
			unsigned long flags, const char *data)
{
	if (mkdir(target, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (mount(src, target, type, flags, data) < 0)
		return -errno;
	return 0;
}

int sys_early_mounts(struct sys_err *e)
{
	static const struct {
		const char *src, *target, *type;
		unsigned long flags;
		const char *data;
	} m[] = {
		{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755" },
		{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
		{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
		{ "tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755" },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		int r = sys_mount_at(m[i].src, m[i].target, m[i].type, m[i].flags, m[i].data);
		/* EBUSY: the kernel mounted devtmpfs itself (DEVTMPFS_MOUNT). */
		if (r < 0 && r != -EBUSY) {
			e->what = m[i].target;
			return r;
		}
	}
	return 0;
}

long sys_read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long n;
	char extra;

	if (fd < 0)
		return -errno;
	if (cap == 0) {
		close(fd);
		return -EFBIG;
	}
	n = io_read_full(fd, buf, cap - 1);
	if (n >= 0)
		buf[n] = '\0';
	if (n >= 0 && (size_t)n == cap - 1 && io_read_full(fd, &extra, 1) == 1)
		n = -EFBIG;
	close(fd);
	return n;
}

void sys_sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

unsigned long long sys_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000 + (unsigned long long)ts.tv_nsec / 1000;
}

unsigned long long sys_now_ms(void)
{
	return sys_now_us() / 1000;
}

int sys_mkdir_p(const char *path)
{
	char buf[PATH_MAX_LINUX];
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
