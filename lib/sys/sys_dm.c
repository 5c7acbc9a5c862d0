/* See sys_dm.h. The ioctl buffer is one struct dm_ioctl followed by the
 * command's data (a struct dm_target_spec and its parameter string for
 * DM_TABLE_LOAD, the same back for DM_TABLE_STATUS), data_size the whole.
 * The version sent is the oldest 4.x: the kernel refuses only another
 * major or a newer minor than its own (check_ioctl_version). */
#include "sys/sys_dm.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define SYS_DM_BUF 4096

static union {
	struct dm_ioctl io;
	char bytes[SYS_DM_BUF];
} sys_dm_buf;

static struct dm_ioctl *sys_dm_init(const char *name)
{
	struct dm_ioctl *io = &sys_dm_buf.io;

	memset(&sys_dm_buf, 0, sizeof(sys_dm_buf));
	io->version[0] = DM_VERSION_MAJOR;
	io->data_size = sizeof(sys_dm_buf);
	io->data_start = sizeof(*io);
	snprintf(io->name, sizeof(io->name), "%s", name);
	return io;
}

static int sys_dm_ioctl(int fd, unsigned long cmd)
{
	return ioctl(fd, cmd, &sys_dm_buf) < 0 ? -errno : 0;
}

static int sys_dm_control(void)
{
	int fd = open(SYS_DM_CONTROL, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* One target: the spec, then params NUL-terminated, padded to 8 bytes. */
static int sys_dm_load(int fd, const char *name, const char *type, const char *params,
		       uint64_t sectors)
{
	struct dm_ioctl *io = sys_dm_init(name);
	struct dm_target_spec *t = (struct dm_target_spec *)(sys_dm_buf.bytes + sizeof(*io));
	size_t room = sizeof(sys_dm_buf) - sizeof(*io) - sizeof(*t), n = strlen(params);

	if (n >= room || strlen(type) >= sizeof(t->target_type))
		return -ENAMETOOLONG;
	io->target_count = 1;
	io->flags = DM_READONLY_FLAG;       /* dm-verity refuses a writable table */
	t->sector_start = 0;
	t->length = sectors;
	t->next = (uint32_t)((sizeof(*t) + n + 1 + 7) & ~(size_t)7);
	snprintf(t->target_type, sizeof(t->target_type), "%s", type);
	memcpy((char *)(t + 1), params, n + 1);
	io->data_size = (uint32_t)(sizeof(*io) + t->next);
	return sys_dm_ioctl(fd, DM_TABLE_LOAD);
}

static void sys_dm_remove(int fd, const char *name)
{
	sys_dm_init(name);
	(void)sys_dm_ioctl(fd, DM_DEV_REMOVE);
}

int sys_dm_create(const char *name, const char *type, const char *params, uint64_t sectors,
		  unsigned *major, unsigned *minor, struct sys_err *e)
{
	int fd, r;

	e->what = "open " SYS_DM_CONTROL;
	if ((fd = sys_dm_control()) < 0)
		return fd;
	sys_dm_remove(fd, name);
	e->what = "DM_DEV_CREATE";
	sys_dm_init(name);
	if ((r = sys_dm_ioctl(fd, DM_DEV_CREATE)) < 0)
		goto out;
	*major = major(sys_dm_buf.io.dev);
	*minor = minor(sys_dm_buf.io.dev);
	e->what = "DM_TABLE_LOAD";
	if ((r = sys_dm_load(fd, name, type, params, sectors)) == 0) {
		e->what = "DM_DEV_SUSPEND (resume)";
		sys_dm_init(name);      /* flags 0: resume, making the table live */
		r = sys_dm_ioctl(fd, DM_DEV_SUSPEND);
	}
	if (r < 0)
		sys_dm_remove(fd, name);
out:
	close(fd);
	return r;
}

int sys_dm_status(const char *name, char *buf, size_t cap)
{
	struct dm_ioctl *io;
	int fd = sys_dm_control(), r;
	size_t end;

	if (fd < 0)
		return fd;
	io = sys_dm_init(name);
	r = sys_dm_ioctl(fd, DM_TABLE_STATUS);
	close(fd);
	if (r < 0)
		return r;
	if (io->target_count < 1 || (io->flags & DM_BUFFER_FULL_FLAG) ||
	    io->data_start + sizeof(struct dm_target_spec) >= sizeof(sys_dm_buf) ||
	    io->data_size > sizeof(sys_dm_buf))
		return -EOVERFLOW;
	/* The status text follows the spec, within data_size (the bytes used). */
	end = io->data_start + sizeof(struct dm_target_spec);
	if (io->data_size <= end)
		return -EOVERFLOW;
	snprintf(buf, cap, "%.*s", (int)strnlen(sys_dm_buf.bytes + end, io->data_size - end),
		 sys_dm_buf.bytes + end);
	return 0;
}

int sys_dm_node(const char *name, unsigned maj, unsigned min)
{
	char path[sizeof("/dev/mapper/") + DM_NAME_LEN];

	if (mkdir("/dev/mapper", 0755) < 0 && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "/dev/mapper/%s", name);
	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;
	if (mknod(path, S_IFBLK | 0600, makedev(maj, min)) < 0)
		return -errno;
	return 0;
}

/* BLKROSET: a read-only mount alone still replays an ext4 journal. */
int sys_blk_setro(const char *dev)
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

int sys_read_at(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, (off_t)off);
	if (n < 0)
		r = -errno;
	else if ((size_t)n < len)
		r = -ENODATA;
	close(fd);
	return r;
}
