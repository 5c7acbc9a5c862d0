/* Kernel uevents as they arrive on a NETLINK_KOBJECT_UEVENT socket:
 * "ACTION@DEVPATH\0KEY=VALUE\0KEY=VALUE\0..." (lib/kobject_uevent.c).
 * Pure: the parser only points into the message. */
#ifndef OVLINIT_UEVENT_H
#define OVLINIT_UEVENT_H

#include <stddef.h>

struct uevent {
	const char *action;      /* "add", "change", "remove", ... */
	const char *devpath;     /* "/devices/..." */
	const char *subsystem;   /* or "" */
	const char *devname;     /* "vda1" (block/char devices), or "" */
	const char *devtype;     /* "disk", "partition", or "" */
	const char *modalias;    /* or "" */
	const char *type;        /* TYPE=: a USB device's class/subclass/protocol
				  * ("9/0/3": a hub), or "" */
};

/* Parse msg[0..len); msg[len] must be a NUL (the receiver guarantees
 * it). Returns 0, or -EINVAL for anything but a well-formed kernel
 * message: libudev's re-broadcasts ("libudev" header), a header that
 * disagrees with ACTION= or DEVPATH=, a missing key, an unterminated
 * field. */
int uevent_parse(const char *msg, size_t len, struct uevent *ev)
	__attribute__((warn_unused_result));

#endif
