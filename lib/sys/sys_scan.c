/* Storage buses still scanning, by what sysfs and the USB hubs show:
 * the machine side of the settle rule (lib/rootdev/rootdev_settle.h). See
 * sys_storage_scanning() in sys_dev.h. Each check walks one sysfs
 * directory and stops at the first entry that is still pending. */
#include "sys/sys_dev.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/usb/ch11.h>
#include <linux/usb/ch9.h>
#include <linux/usbdevice_fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sys/sys.h"
#include "util/text.h"

struct sys_scan {
	const char *dir;      /* the directory walked */
	const char *arg;      /* what the check compares names with */
	char *what;           /* the description of what is pending */
	size_t cap;
};

typedef int sys_scan_fn(struct sys_scan *s, const char *name);

/* Call fn for each entry of s->dir, not "." names, until one returns
 * non-zero. Returns that, or 0 (also for a directory that is not
 * there: the bus's driver is not loaded). */
static int sys_scan_dir(struct sys_scan *s, sys_scan_fn *fn)
{
	DIR *dir = opendir(s->dir);
	struct dirent *e;
	int found = 0;

	if (dir == NULL)
		return 0;
	while (!found && (e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.')
			found = fn(s, e->d_name);
	closedir(dir);
	return found;
}

static int sys_scan_prefix(struct sys_scan *s, const char *name)
{
	return strncmp(name, s->arg, strlen(s->arg)) == 0;
}

/* Does directory path hold an entry whose name starts with prefix? */
static int sys_scan_has(const char *path, const char *prefix)
{
	struct sys_scan s = { path, prefix, NULL, 0 };

	return sys_scan_dir(&s, sys_scan_prefix);
}

static unsigned long sys_usb_attr(const char *dev, const char *attr, int base)
{
	char path[300], buf[32];

	snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/%s", dev, attr);
	return sys_read_file(path, buf, sizeof(buf)) > 0 ? strtoul(buf, NULL, base) : 0;
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
static int sys_scan_hub(struct sys_scan *s, const char *hub)
{
	char path[64], child[300];
	unsigned long n;
	int fd, found = 0;

	if (strchr(hub, ':') || !rootdev_name_ok(hub) || sys_usb_attr(hub, "bDeviceClass", 16) != 9)
		return 0;          /* interfaces are "1-1:1.0"; hubs are class 9 */
	n = sys_usb_attr(hub, "maxchild", 10);
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
			snprintf(s->what, s->cap, "USB hub %s port %u has a device not enumerated yet",
				 hub, p);
	}
	close(fd);
	return found;
}

/* A USB mass-storage interface (class 08) no driver has taken yet: its
 * driver is being loaded or probes in the background. (One that no
 * module serves stays so; the settle cap ends that wait.) */
static int sys_scan_unbound(struct sys_scan *s, const char *intf)
{
	char path[300];

	if (strchr(intf, ':') == NULL || !rootdev_name_ok(intf) ||
	    sys_usb_attr(intf, "bInterfaceClass", 16) != 8)
		return 0;
	snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/driver", intf);
	if (access(path, F_OK) == 0)
		return 0;
	snprintf(s->what, s->cap, "USB storage interface %s has no driver yet", intf);
	return 1;
}

static int sys_scan_lun(struct sys_scan *s, const char *name)
{
	(void)s;
	return name[0] >= '0' && name[0] <= '9';    /* "H:C:T:L" */
}

/* Walk the subdirectory s->dir/name with fn, if name starts with
 * prefix. Returns what sys_scan_dir() does, or -1 for another name. */
static int sys_scan_sub(const struct sys_scan *s, const char *name, const char *prefix,
			sys_scan_fn *fn)
{
	char path[1024];
	struct sys_scan t = { path, NULL, NULL, 0 };

	if (strncmp(name, prefix, strlen(prefix)) != 0)
		return -1;
	snprintf(path, sizeof(path), "%.700s/%.255s", s->dir, name);
	return sys_scan_dir(&t, fn);
}

/* A target with a LUN device in it: a target appears in sysfs with its
 * first LUN (scsi_sysfs_add_sdev). */
static int sys_scan_target(struct sys_scan *s, const char *name)
{
	return sys_scan_sub(s, name, "target", sys_scan_lun) == 1;
}

/* A SCSI host without such a target: not scanned yet. */
static int sys_scan_host(struct sys_scan *s, const char *name)
{
	if (sys_scan_sub(s, name, "host", sys_scan_target) != 0)
		return 0;
	snprintf(s->what, s->cap, "usb-storage %s has not scanned %s yet", s->arg, name);
	return 1;
}

/* A usb-storage interface whose SCSI host has no LUN yet: the driver
 * waits delay_use seconds (/sys/module/usb_storage/parameters/delay_use)
 * before it scans. */
static int sys_scan_usb_storage(struct sys_scan *s, const char *intf)
{
	char path[300];
	struct sys_scan h = { path, intf, s->what, s->cap };

	if (strchr(intf, ':') == NULL || !rootdev_name_ok(intf))
		return 0;          /* interfaces are "1-1:1.0"; skip bind, module... */
	snprintf(path, sizeof(path), "%s/%s", s->dir, intf);
	return sys_scan_dir(&h, sys_scan_host);
}

/* A SCSI disk (or one sd would take: TYPE_DISK 0, TYPE_MOD 7, TYPE_RBC
 * 14) without its block device yet: sd has not been loaded, has not
 * probed it, or is reading its capacity. */
static int sys_scan_scsi(struct sys_scan *s, const char *dev)
{
	char path[300], buf[16];

	if (!sys_scan_lun(s, dev) || !rootdev_name_ok(dev))
		return 0;          /* not host0, target0:0:0 */
	snprintf(path, sizeof(path), "%s/%s/type", s->dir, dev);
	if (sys_read_file(path, buf, sizeof(buf)) <= 0 ||
	    (strcmp(buf, "0\n") != 0 && strcmp(buf, "7\n") != 0 && strcmp(buf, "14\n") != 0))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", s->dir, dev);
	if (sys_scan_has(path, "block"))
		return 0;
	snprintf(s->what, s->cap, "SCSI disk %s has no block device yet", dev);
	return 1;
}

/* An NVMe controller that is not live yet: its namespaces come after. */
static int sys_scan_nvme(struct sys_scan *s, const char *ctrl)
{
	char path[300], buf[32];

	if (!rootdev_name_ok(ctrl))
		return 0;
	snprintf(path, sizeof(path), "%s/%s/state", s->dir, ctrl);
	if (sys_read_file(path, buf, sizeof(buf)) <= 0 ||
	    (strcmp(buf, "new\n") != 0 && strcmp(buf, "connecting\n") != 0 &&
	     strcmp(buf, "resetting\n") != 0))
		return 0;
	snprintf(s->what, s->cap, "NVMe controller %s is not live yet", ctrl);
	return 1;
}

/* Is PCI device dev a virtio block device (vendor 0x1af4, device 0x1001
 * legacy or 0x1042 modern: virtio 1.1 4.1.2)? */
static int sys_pci_virtio_blk(const char *dev)
{
	char path[300], ven[16], id[16];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", dev);
	if (sys_read_file(path, ven, sizeof(ven)) <= 0 || strcmp(ven, "0x1af4\n") != 0)
		return 0;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", dev);
	return sys_read_file(path, id, sizeof(id)) > 0 &&
	       (strcmp(id, "0x1001\n") == 0 || strcmp(id, "0x1042\n") == 0);
}

/* A device of s->dir that a registered driver (s->arg) has not bound
 * yet: it is probing in the background (async_probe). */
static int sys_scan_unprobed(struct sys_scan *s, const char *dev, const char *kind)
{
	char path[640];

	if (access(s->arg, F_OK) != 0)
		return 0;          /* the driver is not loaded (or not in the image) */
	snprintf(path, sizeof(path), "%.300s/%.255s/driver", s->dir, dev);
	if (access(path, F_OK) == 0)
		return 0;
	snprintf(s->what, s->cap, "%s %s is still being probed", kind, dev);
	return 1;
}

static int sys_scan_virtio_pci(struct sys_scan *s, const char *dev)
{
	return sys_pci_virtio_blk(dev) && sys_scan_unprobed(s, dev, "virtio PCI device");
}

static int sys_scan_virtio(struct sys_scan *s, const char *dev)
{
	char path[300], id[16];

	snprintf(path, sizeof(path), "%s/%s/device", s->dir, dev);
	if (sys_read_file(path, id, sizeof(id)) <= 0 || strcmp(id, "0x0002\n") != 0)
		return 0;          /* virtio device ID 2: block (virtio 1.1 5) */
	return sys_scan_unprobed(s, dev, "virtio block device");
}

int sys_storage_scanning(char *what, size_t cap)
{
	static const struct {
		const char *dir, *arg;
		sys_scan_fn *fn;
	} checks[] = {
		{ "/sys/bus/pci/devices", "/sys/bus/pci/drivers/virtio-pci", sys_scan_virtio_pci },
		{ "/sys/bus/virtio/devices", "/sys/bus/virtio/drivers/virtio_blk", sys_scan_virtio },
		{ "/sys/bus/usb/devices", NULL, sys_scan_hub },
		{ "/sys/bus/usb/devices", NULL, sys_scan_unbound },
		{ "/sys/bus/usb/drivers/usb-storage", NULL, sys_scan_usb_storage },
		{ "/sys/bus/scsi/devices", NULL, sys_scan_scsi },
		{ "/sys/class/nvme", NULL, sys_scan_nvme },
	};

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		struct sys_scan s = { checks[i].dir, checks[i].arg, what, cap };

		if (sys_scan_dir(&s, checks[i].fn))
			return 1;
	}
	return 0;
}

/* One read of /proc/bus/pci/devices ("BBDF\tVVVVDDDD\t..." per device,
 * drivers/pci/proc.c) instead of two sysfs files per PCI device: this
 * runs before the root search, on every boot. */
int sys_virtio_blk_count(void)
{
	static char buf[65536];
	const char *line, *tab;
	long r = sys_read_file("/proc/bus/pci/devices", buf, sizeof(buf));
	size_t pos = 0, len;
	int n = 0;

	if (r == -EFBIG)
		return 2;        /* too many devices to count: keep the order */
	while (r > 0 && text_line(buf, (size_t)r, &pos, &line, &len))
		if ((tab = memchr(line, '\t', len)) != NULL && (size_t)(line + len - tab) > 8 &&
		    (memcmp(tab + 1, "1af41001", 8) == 0 || memcmp(tab + 1, "1af41042", 8) == 0))
			n++;
	return n;
}
