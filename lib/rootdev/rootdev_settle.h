/* When to commit to a root match: only once device discovery has
 * settled, so that a disk on a slower bus (usb-storage waits before it
 * scans) is seen before a clone on a faster one is booted. Pure: a
 * function of timestamps, of the uevents seen and of what sysfs says;
 * init/boot_root.c feeds it.
 *
 * The rules, all from the first match on, and all bounded by
 * ROOTDEV_SETTLE_MAX_MS and by the caller's root wait:
 * - quiet: no discovery event (a device added or bound, any block device
 *   event, a driver loaded for a device) for ROOTDEV_SETTLE_QUIET_MS: the
 *   steps of one device's announcement (add, driver load, bind, its
 *   block device and partitions) follow each other closely; the slow
 *   gaps are covered by the states below, read from sysfs;
 * - hubs: ROOTDEV_SETTLE_HUB_MS after the last USB hub appeared, the time
 *   its driver takes to power its ports (bPwrOn2PwrGood, at most 510 ms
 *   by USB 2.0 11.23.2.1, 100 ms in practice) so that a connected device
 *   shows in the port status;
 * - buses: while a storage bus is still scanning (a virtio block device
 *   its loaded driver has not bound yet, a hub port with a
 *   device connected but not enumerated yet, which spans the 100 ms
 *   debounce and the reset of USB 2.0 7.1.7.3; a usb-storage host that
 *   has not scanned yet; a SCSI disk whose block device is not there
 *   yet; an NVMe controller not live), look again every
 *   ROOTDEV_SETTLE_POLL_MS. */
#ifndef OVLINIT_ROOTDEV_SETTLE_H
#define OVLINIT_ROOTDEV_SETTLE_H

#include "rootdev/uevent.h"

#define ROOTDEV_SETTLE_QUIET_MS 20
#define ROOTDEV_SETTLE_HUB_MS   300
#define ROOTDEV_SETTLE_POLL_MS  50
#define ROOTDEV_SETTLE_MAX_MS   10000

struct rootdev_settle {
	unsigned long long last_event;   /* ms: the last discovery event, 0: none */
	unsigned long long last_hub;     /* the last USB hub added, 0: none */
	unsigned long long first_match;  /* when a match was first seen, 0: not yet */
};

enum rootdev_settle_why {
	ROOTDEV_SETTLED = 0,
	ROOTDEV_SETTLE_QUIET,     /* a discovery event came less than QUIET_MS ago */
	ROOTDEV_SETTLE_HUB,       /* a USB hub came less than HUB_MS ago */
	ROOTDEV_SETTLE_BUS,       /* a storage bus is still scanning */
	ROOTDEV_SETTLE_GAVE_UP,   /* MAX_MS passed with something still pending */
};

/* Is this uevent a sign of discovery going on? */
int rootdev_settle_is_discovery(const struct uevent *ev);
/* Record a uevent at now (the caller passes the time after it has loaded
 * the driver the event asked for: the load is part of the discovery). */
void rootdev_settle_event(struct rootdev_settle *s, const struct uevent *ev,
			  unsigned long long now);

/* A match is at hand at now; bus_pending: sysfs shows a bus still
 * scanning. Returns 0 to commit (*why ROOTDEV_SETTLED, or
 * ROOTDEV_SETTLE_GAVE_UP), or how many ms to wait before asking again
 * (*why says for what). The first call starts the clock of MAX_MS. */
int rootdev_settle_wait(struct rootdev_settle *s, unsigned long long now, int bus_pending,
			enum rootdev_settle_why *why) __attribute__((warn_unused_result));

/* "a USB hub is still enumerating its ports", for the log. */
const char *rootdev_settle_why_text(enum rootdev_settle_why why);

#endif
