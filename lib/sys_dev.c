/* See sys_dev.h. */
#include "sys_dev.h"

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

#include "sys.h"

#define SYS_UEVENT_RCVBUF (4 << 20)   /* a coldplug burst must not overflow it */

static int sys_dev_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	const struct sys_dev *d = ctx;
	size_t done = 0;

	while (done < len) {
		ssize_t r = pread(d->fd, (char *)dst + done, len - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ERANGE;
		done += (size_t)r;
	}
	return 0;
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

/* PARTUUID and PARTLABEL come from the disk's table, read in the disk's
 * logical sector size. */
static void sys_dev_partinfo(struct blockdev *d)
{
	static struct probe_table t;     /* 40 KiB: off the stack */
	char parent[BLOCKDEV_NAME_MAX], path[64];
	const struct probe_part *p;
	struct sys_dev disk;
	int r;

	if (sys_dev_parent(d->name, parent, &d->partno) < 0)
		return;
	snprintf(path, sizeof(path), "/dev/%s", parent);
	if (sys_dev_open(&disk, path) < 0)
		return;
	r = probe_table(&disk.src, disk.sector, &t);
	d->table_err = r < 0 ? r : 0;
	if (r > 0 && (p = probe_table_find(&t, d->partno))) {
		strcpy(d->partuuid, p->uuid);
		strcpy(d->partlabel, p->label);
	}
	sys_dev_close(&disk);
}

int sys_dev_probe(const char *name, struct blockdev *d)
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
	sys_dev_partinfo(d);
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

int sys_blockdevs(struct blockdev *devs, int cap)
{
	DIR *dir = opendir("/sys/class/block");
	struct dirent *e;
	int n = 0;

	if (dir == NULL)
		return 0;
	while (n < cap && (e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.' && sys_dev_probe(e->d_name, &devs[n]) == 0)
			n++;
	closedir(dir);
	return n;
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
