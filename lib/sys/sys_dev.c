/* See sys_dev.h. */
#include "sys/sys_dev.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sys/sys.h"
#include "util/io.h"

#define SYS_UEVENT_RCVBUF (4 << 20)   /* a coldplug burst must not overflow it */

static int sys_dev_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	const struct sys_dev *d = ctx;
	long r;

	if (off > (uint64_t)INT64_MAX - len)
		return -ERANGE;
	r = io_pread_full(d->fd, dst, len, (long long)off);
	if (r < 0)
		return (int)r;
	return (size_t)r < len ? -ERANGE : 0;    /* past the device's end */
}

static int sys_dev_geometry(struct sys_dev *d, const struct stat *st)
{
	uint64_t size;
	int ss;

	if (S_ISREG(st->st_mode)) {
		d->src.size = (uint64_t)st->st_size;
		return 0;
	}
	if (!S_ISBLK(st->st_mode))
		return -ENOTBLK;
	d->is_blk = 1;
	d->major = major(st->st_rdev);
	d->minor = minor(st->st_rdev);
	if (ioctl(d->fd, BLKGETSIZE64, &size) < 0 || ioctl(d->fd, BLKSSZGET, &ss) < 0)
		return -errno;
	d->src.size = size;
	d->sector = ss == 4096 ? 4096 : 512;
	return 0;
}

int sys_dev_open(struct sys_dev *d, const char *path)
{
	struct stat st;
	int r;

	memset(d, 0, sizeof(*d));
	d->sector = 512;
	d->src.read = sys_dev_read;
	d->src.ctx = d;
	d->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (d->fd < 0)
		return -errno;
	r = fstat(d->fd, &st) < 0 ? -errno : sys_dev_geometry(d, &st);
	if (r < 0)
		sys_dev_close(d);
	return r;
}

void sys_dev_close(struct sys_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/* The last component of a sysfs symlink's target, or the one before it. */
static int sys_dev_link_part(const char *link, int up, char out[BLOCKDEV_NAME_MAX])
{
	char t[512];
	ssize_t n = readlink(link, t, sizeof(t) - 1);
	char *slash;

	if (n < 0)
		return -errno;
	t[n] = '\0';
	for (; up > 0; up--) {
		if ((slash = strrchr(t, '/')) == NULL)
			return -EINVAL;
		*slash = '\0';
	}
	slash = strrchr(t, '/');
	slash = slash ? slash + 1 : t;
	if (!rootdev_name_ok(slash))
		return -EINVAL;
	strcpy(out, slash);
	return 0;
}

int sys_dev_name(unsigned ma, unsigned mi, char name[BLOCKDEV_NAME_MAX])
{
	char link[64];

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", ma, mi);
	return sys_dev_link_part(link, 0, name);
}

/* For a partition, its disk's name and its number; -ENOENT for a whole
 * disk. */
static int sys_dev_parent(const char *name, char parent[BLOCKDEV_NAME_MAX], unsigned *partno)
{
	char path[96], buf[32];

	snprintf(path, sizeof(path), "/sys/class/block/%s/partition", name);
	if (sys_read_file(path, buf, sizeof(buf)) <= 0 || buf[0] < '0' || buf[0] > '9')
		return -ENOENT;
	*partno = (unsigned)strtoul(buf, NULL, 10);
	snprintf(path, sizeof(path), "/sys/class/block/%s", name);
	return sys_dev_link_part(path, 1, parent);
}

static unsigned long long sys_dev_sysfs_num(const char *name, const char *attr)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	if (sys_read_file(path, buf, sizeof(buf)) > 0 && buf[0] >= '0' && buf[0] <= '9')
		return strtoull(buf, NULL, 10);
	return 0;
}

/* The partition table of the whole disk NAME, read in its logical
 * sector size: 1 with t filled, 0 for none or for a disk that cannot be
 * opened or read yet (its partitions are retried as they are: ENXIO),
 * or the probe's -errno for a table it refuses. */
static int sys_dev_table(const char *disk, struct probe_table *t)
{
	char path[64];
	struct sys_dev dev;
	int r;

	snprintf(path, sizeof(path), "/dev/%s", disk);
	if (sys_dev_open(&dev, path) < 0)
		return 0;
	r = probe_table(&dev.src, dev.sector, t);
	sys_dev_close(&dev);
	return r == -ENXIO || r == -ENOMEDIUM ? 0 : r;
}

/* PARTUUID and PARTLABEL of partition d from its disk's table (r: what
 * sys_dev_table() returned). A table that cannot be read is remembered:
 * the partition's identifiers are unknown, not absent. */
static void sys_dev_partinfo(struct blockdev *d, const struct probe_table *t, int r)
{
	const struct probe_part *p;

	d->table_err = r < 0 ? r : 0;
	if (r > 0 && (p = probe_table_find(t, d->partno)) != NULL) {
		strcpy(d->partuuid, p->uuid);
		strcpy(d->partlabel, p->label);
	}
}

/* Sysfs and the device's own bytes; not its disk's table. */
static int sys_dev_probe_self(const char *name, struct blockdev *d)
{
	char path[64], buf[32];
	unsigned long ma, mi;
	struct sys_dev dev;
	int r;

	memset(d, 0, sizeof(*d));
	if (!rootdev_name_ok(name))
		return -EINVAL;
	strcpy(d->name, name);
	snprintf(path, sizeof(path), "/sys/class/block/%s/dev", name);
	if ((r = (int)sys_read_file(path, buf, sizeof(buf))) < 0)
		return r;
	if (rootdev_devnum_parse(buf, &ma, &mi) < 0)
		return -EINVAL;
	d->major = (unsigned)ma;
	d->minor = (unsigned)mi;
	d->size = sys_dev_sysfs_num(name, "size") * 512;   /* sysfs counts 512-byte units */
	if (sys_dev_parent(name, d->disk, &d->partno) < 0) {
		d->disk[0] = '\0';
		d->partno = 0;
	}
	if (d->size == 0)
		return 0;
	snprintf(path, sizeof(path), "/dev/%s", name);
	if ((d->probe_err = sys_dev_open(&dev, path)) < 0)
		return 0;
	r = probe_filesystem(&dev.src, d);
	d->probe_err = r < 0 ? r : 0;
	sys_dev_close(&dev);
	return 0;
}

static struct probe_table sys_dev_tbl;     /* 40 KiB: off the stack */

int sys_dev_probe(const char *name, struct blockdev *d)
{
	int r = sys_dev_probe_self(name, d);

	if (r == 0 && d->disk[0])
		sys_dev_partinfo(d, &sys_dev_tbl, sys_dev_table(d->disk, &sys_dev_tbl));
	return r;
}

/* The names in /sys/class/block into devs[].name; -E2BIG if there are
 * more than cap. */
static int sys_blockdev_names(struct blockdev *devs, int cap)
{
	DIR *dir = opendir("/sys/class/block");
	struct dirent *e;
	int n = 0;

	if (dir == NULL)
		return 0;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.' || !rootdev_name_ok(e->d_name))
			continue;
		if (n == cap) {
			n = -E2BIG;
			break;
		}
		strcpy(devs[n++].name, e->d_name);
	}
	closedir(dir);
	return n;
}

/* Every partition of one disk gets its identifiers from one reading of
 * the table (a disk with 200 partitions is not read 200 times). */
static void sys_blockdev_tables(struct blockdev *devs, int n, unsigned char *done)
{
	for (int i = 0; i < n; i++) {
		int r;

		if (done[i] || devs[i].disk[0] == '\0')
			continue;
		r = sys_dev_table(devs[i].disk, &sys_dev_tbl);
		for (int j = i; j < n; j++)
			if (!done[j] && strcmp(devs[j].disk, devs[i].disk) == 0) {
				sys_dev_partinfo(&devs[j], &sys_dev_tbl, r);
				done[j] = 1;
			}
	}
}

int sys_blockdevs(struct blockdev *devs, int cap, unsigned long long deadline_ms)
{
	static unsigned char done[BLOCKDEVS_MAX];
	char name[BLOCKDEV_NAME_MAX];
	int n, m = 0;

	if (cap > BLOCKDEVS_MAX)
		cap = BLOCKDEVS_MAX;
	if ((n = sys_blockdev_names(devs, cap)) < 0)
		return n;
	for (int i = 0; i < n; i++) {
		if (deadline_ms && sys_now_ms() >= deadline_ms)
			return -ETIMEDOUT;
		strcpy(name, devs[i].name);
		/* a device gone since the listing is left out, as if listed later */
		if (sys_dev_probe_self(name, &devs[m]) == 0)
			done[m++] = 0;
	}
	sys_blockdev_tables(devs, m, done);
	return m;
}

int sys_uevent_open(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int on = 1, size = SYS_UEVENT_RCVBUF;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -errno;
	/* FORCE: above rmem_max, we are root; the plain call is the fallback. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* Only the kernel: sender port 0 in group 1, and credentials of uid 0
 * (a process could otherwise forge "add" events with its own bytes). */
long sys_uevent_recv(int fd, char *buf, size_t cap)
{
	struct sockaddr_nl addr;
	char cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { buf, cap - 1 };
	struct msghdr m = { .msg_name = &addr, .msg_namelen = sizeof(addr), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	ssize_t n = recvmsg(fd, &m, MSG_DONTWAIT);

	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	buf[n] = '\0';
	c = CMSG_FIRSTHDR(&m);
	if (addr.nl_pid != 0 || c == NULL || c->cmsg_type != SCM_CREDENTIALS ||
	    ((struct ucred *)(void *)CMSG_DATA(c))->uid != 0 || (m.msg_flags & MSG_TRUNC))
		return 0;
	return n;
}

static int sys_uevent_add(const char *dir, const char *name)
{
	char path[512];
	int fd, ok;

	if (name[0] == '.')
		return 0;
	snprintf(path, sizeof(path), "%s/%s/uevent", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = write(fd, "add", 3) == 3;
	close(fd);
	return ok;
}

static int sys_uevent_dir(const char *dirpath)
{
	DIR *dir = opendir(dirpath);
	struct dirent *e;
	int n = 0;

	if (dir == NULL)
		return 0;
	while ((e = readdir(dir)) != NULL)
		n += sys_uevent_add(dirpath, e->d_name);
	closedir(dir);
	return n;
}

int sys_uevent_trigger(void)
{
	DIR *dir = opendir("/sys/bus");
	struct dirent *e;
	char path[300];
	int n = 0;

	if (dir != NULL) {
		while ((e = readdir(dir)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/sys/bus/%s/devices", e->d_name);
			n += sys_uevent_dir(path);
		}
		closedir(dir);
	}
	return n + sys_uevent_dir("/sys/class/block");
}

int sys_poll_in(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	for (;;) {
		int r = poll(&p, 1, ms);
		if (r >= 0)
			return r > 0;
		if (errno != EINTR)
			return -errno;
	}
}

int sys_dev_driver(const char *disk, char out[BLOCKDEV_NAME_MAX])
{
	char path[128];

	if (!rootdev_name_ok(disk))
		return -EINVAL;
	snprintf(path, sizeof(path), "/sys/class/block/%s/device/driver", disk);
	if (sys_dev_link_part(path, 0, out) == 0)
		return 0;
	/* nvme0n1's device is the controller nvme0; the driver is its PCI device's */
	snprintf(path, sizeof(path), "/sys/class/block/%s/device/device/driver", disk);
	return sys_dev_link_part(path, 0, out);
}
