/* See sys_dev.h. */
#include "sys_dev.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/netlink.h>
#include <linux/usb/ch11.h>
#include <linux/usb/ch9.h>
#include <linux/usbdevice_fs.h>
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

/* The partition table of the whole disk NAME, read in its logical
 * sector size: 1 with t filled, 0 for none, or -errno. */
static int sys_dev_table(const char *disk, struct probe_table *t)
{
	char path[64];
	struct sys_dev dev;
	int r;

	snprintf(path, sizeof(path), "/dev/%s", disk);
	if ((r = sys_dev_open(&dev, path)) < 0)
		return r;
	r = probe_table(&dev.src, dev.sector, t);
	sys_dev_close(&dev);
	return r;
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
	if (sys_dev_parent(name, d->disk, &d->partno) < 0)
		d->disk[0] = '\0';
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

/* Does directory path hold an entry whose name starts with prefix? */
static int sys_dir_has(const char *path, const char *prefix)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	size_t n = strlen(prefix);
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL)
		found = strncmp(e->d_name, prefix, n) == 0;
	closedir(dir);
	return found;
}

static unsigned long sys_usb_attr(const char *dev, const char *attr, int base)
{
	char path[300], buf[32];

	snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/%s", dev, attr);
	return sys_read_file(path, buf, sizeof(buf)) > 0 ? strtoul(buf, NULL, base) : 0;
}

/* Does directory path hold an "H:C:T:L" entry (a digit first)? */
static int sys_dir_has_lun(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL)
		found = e->d_name[0] >= '0' && e->d_name[0] <= '9';
	closedir(dir);
	return found;
}

/* Does a SCSI host directory hold a target with a LUN device in it? A
 * target appears in sysfs with its first LUN (scsi_sysfs_add_sdev). */
static int sys_host_has_lun(const char *host)
{
	DIR *dir = opendir(host);
	struct dirent *e;
	char path[1024];
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL)
		if (strncmp(e->d_name, "target", 6) == 0) {
			snprintf(path, sizeof(path), "%.700s/%.255s", host, e->d_name);
			found = sys_dir_has_lun(path);
		}
	closedir(dir);
	return found;
}

/* A usb-storage interface whose SCSI host has no LUN yet: the driver
 * waits delay_use seconds (/sys/module/usb_storage/parameters/delay_use)
 * before it scans. */
static int sys_scan_usb_storage(char *what, size_t cap)
{
	static const char drv[] = "/sys/bus/usb/drivers/usb-storage";
	DIR *dir = opendir(drv), *hd;
	struct dirent *e, *h;
	char path[640];
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL) {
		if (strchr(e->d_name, ':') == NULL || !rootdev_name_ok(e->d_name))
			continue;        /* interfaces are "1-1:1.0"; skip bind, module... */
		snprintf(path, sizeof(path), "%s/%s", drv, e->d_name);
		if ((hd = opendir(path)) == NULL)
			continue;
		while (!found && (h = readdir(hd)) != NULL) {
			if (strncmp(h->d_name, "host", 4) != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", drv, e->d_name, h->d_name);
			if ((found = !sys_host_has_lun(path)))
				snprintf(what, cap, "usb-storage %s has not scanned %s yet",
					 e->d_name, h->d_name);
		}
		closedir(hd);
	}
	closedir(dir);
	return found;
}

/* A USB mass-storage interface (class 08) no driver has taken yet: its
 * driver is being loaded or probes in the background. (One that no
 * module serves stays so; the settle cap ends that wait.) */
static int sys_scan_usb_unbound(char *what, size_t cap)
{
	DIR *dir = opendir("/sys/bus/usb/devices");
	struct dirent *e;
	char path[300];
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL) {
		if (strchr(e->d_name, ':') == NULL || !rootdev_name_ok(e->d_name) ||
		    sys_usb_attr(e->d_name, "bInterfaceClass", 16) != 8)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/driver", e->d_name);
		if ((found = access(path, F_OK) != 0))
			snprintf(what, cap, "USB storage interface %s has no driver yet", e->d_name);
	}
	closedir(dir);
	return found;
}

/* A SCSI disk (or one sd would take: TYPE_DISK 0, TYPE_MOD 7, TYPE_RBC
 * 14) without its block device yet: sd has not been loaded, has not
 * probed it, or is reading its capacity. */
static int sys_scan_scsi(char *what, size_t cap)
{
	DIR *dir = opendir("/sys/bus/scsi/devices");
	struct dirent *e;
	char path[300], buf[16];
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL) {
		/* "H:C:T:L" devices; not host0, target0:0:0 */
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || !rootdev_name_ok(e->d_name))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/scsi/devices/%s/type", e->d_name);
		if (sys_read_file(path, buf, sizeof(buf)) <= 0 ||
		    (strcmp(buf, "0\n") != 0 && strcmp(buf, "7\n") != 0 && strcmp(buf, "14\n") != 0))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/scsi/devices/%s", e->d_name);
		if ((found = !sys_dir_has(path, "block")))
			snprintf(what, cap, "SCSI disk %s has no block device yet", e->d_name);
	}
	closedir(dir);
	return found;
}

/* An NVMe controller that is not live yet: its namespaces come after. */
static int sys_scan_nvme(char *what, size_t cap)
{
	DIR *dir = opendir("/sys/class/nvme");
	struct dirent *e;
	char path[300], buf[32];
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.' || !rootdev_name_ok(e->d_name))
			continue;
		snprintf(path, sizeof(path), "/sys/class/nvme/%s/state", e->d_name);
		if (sys_read_file(path, buf, sizeof(buf)) <= 0)
			continue;
		found = strcmp(buf, "new\n") == 0 || strcmp(buf, "connecting\n") == 0 ||
			strcmp(buf, "resetting\n") == 0;
		if (found)
			snprintf(what, cap, "NVMe controller %s is not live yet", e->d_name);
	}
	closedir(dir);
	return found;
}

/* Port status of a hub through usbfs, as lsusb -v reads it: GET_STATUS
 * to the port (USB 2.0 11.24.2.7). Returns wPortStatus, or 0. */
static unsigned sys_usb_port_status(int fd, unsigned port)
{
	unsigned char st[4] = { 0 };
	struct usbdevfs_ctrltransfer c = {
		.bRequestType = USB_DIR_IN | USB_RT_PORT, .bRequest = USB_REQ_GET_STATUS,
		.wIndex = (unsigned short)port, .wLength = sizeof(st), .timeout = 100, .data = st };

	return ioctl(fd, USBDEVFS_CONTROL, &c) == (int)sizeof(st) ? (unsigned)(st[0] | st[1] << 8) : 0;
}

/* A hub port that reports a device connected (PORT_CONNECTION, bit 0,
 * in USB 2 and 3) but has no child device in sysfs yet: the hub driver
 * is still debouncing, resetting or enumerating it. */
static int sys_scan_usb_hub(const char *hub, char *what, size_t cap)
{
	char path[64], child[300];
	unsigned long n = sys_usb_attr(hub, "maxchild", 10);
	int fd, found = 0;

	snprintf(path, sizeof(path), "/dev/bus/usb/%03lu/%03lu", sys_usb_attr(hub, "busnum", 10),
		 sys_usb_attr(hub, "devnum", 10));
	if (n == 0 || n > 31 || (fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return 0;    /* a hub has at most 31 ports (USB 2.0 11.23.2.1) */
	for (unsigned p = 1; !found && p <= n; p++) {
		if (!(sys_usb_port_status(fd, p) & USB_PORT_STAT_CONNECTION))
			continue;
		if (strncmp(hub, "usb", 3) == 0)   /* root hub usbN: children N-P */
			snprintf(child, sizeof(child), "/sys/bus/usb/devices/%s-%u", hub + 3, p);
		else
			snprintf(child, sizeof(child), "/sys/bus/usb/devices/%s.%u", hub, p);
		if ((found = access(child, F_OK) != 0))
			snprintf(what, cap, "USB hub %s port %u has a device not enumerated yet", hub, p);
	}
	close(fd);
	return found;
}

static int sys_scan_usb_ports(char *what, size_t cap)
{
	DIR *dir = opendir("/sys/bus/usb/devices");
	struct dirent *e;
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.' && strchr(e->d_name, ':') == NULL &&
		    rootdev_name_ok(e->d_name) && sys_usb_attr(e->d_name, "bDeviceClass", 16) == 9)
			found = sys_scan_usb_hub(e->d_name, what, cap);
	closedir(dir);
	return found;
}

int sys_storage_scanning(char *what, size_t cap)
{
	return sys_scan_usb_ports(what, cap) || sys_scan_usb_unbound(what, cap) ||
	       sys_scan_usb_storage(what, cap) || sys_scan_scsi(what, cap) ||
	       sys_scan_nvme(what, cap);
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
