/* Block devices on the machine: opening one as a probe source, what
 * sysfs says about it, and the uevent socket that tells when one
 * appears. Like sys.c, these touch the machine and return 0 (or a count)
 * or a negative errno; none logs. */
#ifndef OVLINIT_SYS_DEV_H
#define OVLINIT_SYS_DEV_H

#include "probe/probe.h"
#include "rootdev/rootdev.h"

/* An open device or image file as a probe source. */
struct sys_dev {
	int fd;
	struct probe_src src;
	unsigned sector;          /* logical sector size: 512 for files */
	int is_blk;
	unsigned major, minor;    /* block devices */
};

int sys_dev_open(struct sys_dev *d, const char *path) __attribute__((warn_unused_result));
void sys_dev_close(struct sys_dev *d);

/* The kernel name ("sda1") of the block device MAJ:MIN. */
int sys_dev_name(unsigned major, unsigned minor, char name[BLOCKDEV_NAME_MAX])
	__attribute__((warn_unused_result));


/* Everything about the block device NAME: dev numbers and size from
 * sysfs, TYPE/UUID/LABEL from its bytes, PARTUUID/PARTLABEL from its
 * disk's table. Returns 0 (d->probe_err says how probing went), or
 * -EINVAL for a name rootdev_name_ok() refuses, or -errno. */
int sys_dev_probe(const char *name, struct blockdev *d) __attribute__((warn_unused_result));

/* sys_dev_probe() every device in /sys/class/block, reading each disk's
 * partition table once. Returns how many were stored in devs[0..cap)
 * (cap at most BLOCKDEVS_MAX), -E2BIG if there are more than cap (a
 * device left out could be a second match: the caller must refuse), or
 * -ETIMEDOUT when sys_now_ms() reaches deadline_ms (0: none) before the
 * scan ends. */
int sys_blockdevs(struct blockdev *devs, int cap, unsigned long long deadline_ms)
	__attribute__((warn_unused_result));

/* A NETLINK_KOBJECT_UEVENT socket (non-blocking, close-on-exec) bound to
 * the kernel's broadcast group. Returns the fd or -errno. */
int sys_uevent_open(void) __attribute__((warn_unused_result));

/* Receive one message into buf (NUL-terminated). Returns its length, 0
 * for a message that did not come from the kernel (dropped), -EAGAIN
 * when none is waiting, or -errno. */
long sys_uevent_recv(int fd, char *buf, size_t cap) __attribute__((warn_unused_result));

/* Coldplug: write "add" to the uevent file of every device on every bus
 * and every block device, so the kernel repeats the events sent before
 * we listened. Returns how many were triggered. */
int sys_uevent_trigger(void);

/* Is a storage bus still scanning, by what sysfs and the hubs show: a
 * USB hub port with a device connected but not enumerated yet, a
 * usb-storage host that has not scanned yet (delay_use), a SCSI disk
 * without its block device, an NVMe controller not live yet? Returns 1
 * with what set to a description, or 0. */
int sys_storage_scanning(char *what, size_t cap);

/* How many virtio block devices there are on PCI (vendor 0x1af4,
 * device 0x1001 legacy or 0x1042 modern: virtio 1.1 4.1.2), from
 * /proc/bus/pci/devices; 2 when there are too many devices to count. */
int sys_virtio_blk_count(void);

/* The name of the driver of the whole disk DISK ("sd", "virtio_blk",
 * "nvme"). 0 or -errno. */
int sys_dev_driver(const char *disk, char out[BLOCKDEV_NAME_MAX]) __attribute__((warn_unused_result));

/* Wait until fd is readable or ms pass. Returns 1 readable, 0 timeout,
 * or -errno. */
int sys_poll_in(int fd, int ms) __attribute__((warn_unused_result));

#endif
