/* See sys.h. */
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
#include <time.h>
#include <unistd.h>

#include "probe.h"

static int sys_mount_at(const char *src, const char *target, const char *type,
			unsigned long flags, const char *data)
{
	if (mkdir(target, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (mount(src, target, type, flags, data) < 0)
		return -errno;
	return 0;
}

int sys_early_mounts(const char **what)
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
			*what = m[i].target;
			return r;
		}
	}
	return 0;
}

long sys_read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;

	if (fd < 0)
		return -errno;
	while (n + 1 < cap) {
		ssize_t r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			close(fd);
			return r;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	if (n + 1 >= cap) {
		char extra;
		if (read(fd, &extra, 1) == 1) {
			close(fd);
			return -EFBIG;
		}
	}
	close(fd);
	return (long)n;
}

static int sys_fd_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	ssize_t r = pread(*(int *)ctx, dst, len, (off_t)off);

	if (r < 0)
		return -errno;
	return (size_t)r == len ? 0 : -ERANGE;
}

static void sys_probe_dev(struct blockdev *d)
{
	char path[64];
	struct probe_src src = { sys_fd_read, NULL, d->size };
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", d->name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	src.ctx = &fd;
	if (probe_filesystem(&src, d) < 0)
		d->type[0] = '\0';
	close(fd);
}

static int sys_blockdev_read(const char *name, struct blockdev *d)
{
	char path[320], buf[64];
	unsigned long long sectors;

	memset(d, 0, sizeof(*d));
	if (strlen(name) >= sizeof(d->name))
		return -ENAMETOOLONG;
	strcpy(d->name, name);
	snprintf(path, sizeof(path), "/sys/class/block/%s/dev", name);
	if (sys_read_file(path, buf, sizeof(buf)) < 0 ||
	    sscanf(buf, "%u:%u", &d->major, &d->minor) != 2)
		return -ENODEV;
	snprintf(path, sizeof(path), "/sys/class/block/%s/size", name);
	if (sys_read_file(path, buf, sizeof(buf)) > 0 && sscanf(buf, "%llu", &sectors) == 1)
		d->size = sectors * 512;    /* sysfs size is in 512-byte units */
	if (d->size > 0)
		sys_probe_dev(d);
	return 0;
}

int sys_blockdevs(struct blockdev *devs, int cap)
{
	DIR *dir = opendir("/sys/class/block");
	struct dirent *e;
	int n = 0;

	if (dir == NULL)
		return 0;
	while (n < cap && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (sys_blockdev_read(e->d_name, &devs[n]) == 0)
			n++;
	}
	closedir(dir);
	return n;
}

static int sys_bus_modaliases(const char *bus, void (*fn)(const char *, void *), void *ctx)
{
	char path[512], alias[256];
	DIR *dir;
	struct dirent *e;
	int n = 0;

	snprintf(path, sizeof(path), "/sys/bus/%s/devices", bus);
	dir = opendir(path);
	if (dir == NULL)
		return 0;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/modalias", bus, e->d_name);
		if (sys_read_file(path, alias, sizeof(alias)) <= 0)
			continue;
		alias[strcspn(alias, "\n")] = '\0';
		fn(alias, ctx);
		n++;
	}
	closedir(dir);
	return n;
}

int sys_modaliases(void (*fn)(const char *alias, void *ctx), void *ctx)
{
	DIR *dir = opendir("/sys/bus");
	struct dirent *e;
	int n = 0;

	if (dir == NULL)
		return 0;
	while ((e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.')
			n += sys_bus_modaliases(e->d_name, fn, ctx);
	closedir(dir);
	return n;
}

void sys_sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

unsigned long long sys_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}
