/* The device mapper through its ioctls on /dev/mapper/control
 * (include/uapi/linux/dm-ioctl.h), no libdevmapper: create a read-only
 * mapping of one target, ask its status, give it a node. Like sys.c,
 * these touch the machine and return 0 or a negative errno; none logs. */
#ifndef OVLINIT_SYS_DM_H
#define OVLINIT_SYS_DM_H

#include "sys/sys.h"

#include <stddef.h>
#include <stdint.h>

#define SYS_DM_CONTROL "/dev/mapper/control"

/* Create the device NAME (an old one of that name is removed first: the
 * step may run again after the rescue shell) with one read-only target
 * of type TYPE over sectors [0, sectors) with the parameters params,
 * and resume it (DM_DEV_CREATE, DM_TABLE_LOAD, DM_DEV_SUSPEND). A failed
 * load or resume removes the device again. Returns 0 with its dev
 * numbers, or -errno with e->what naming the ioctl that failed. */
int sys_dm_create(const char *name, const char *type, const char *params, uint64_t sectors,
		  unsigned *major, unsigned *minor, struct sys_err *e)
	__attribute__((warn_unused_result));

/* The status text of the device NAME's first target (DM_TABLE_STATUS;
 * "V" verified or "C" corruption seen, for verity) into buf[0..cap).
 * Returns 0 or -errno. */
int sys_dm_status(const char *name, char *buf, size_t cap) __attribute__((warn_unused_result));

/* /dev/mapper/NAME as a block node of MAJ:MIN (what udev would make a
 * link), replacing what was there. Returns 0 or -errno. */
int sys_dm_node(const char *name, unsigned major, unsigned minor)
	__attribute__((warn_unused_result));

/* BLKROSET on the block device path. Returns 0 or -errno. */
int sys_blk_setro(const char *dev) __attribute__((warn_unused_result));

/* Read len bytes at off of the file or device path into buf. Returns 0,
 * -ENODATA if it is shorter, or -errno. */
int sys_read_at(const char *path, uint64_t off, void *buf, size_t len)
	__attribute__((warn_unused_result));

#endif
