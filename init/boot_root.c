/* Step 4: find the root device. Listen to the kernel's uevents, make it
 * repeat those of the devices already present (coldplug), load the
 * driver each device asks for, and probe /sys/class/block again when a
 * block device comes; boot as soon as exactly one device matches. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "log.h"
#include "rootdev_diag.h"
#include "sys.h"
#include "sys_dev.h"
#include "uevent.h"

#define UEVENT_MSG_MAX 8192          /* the kernel's UEVENT_BUFFER_SIZE is 2048 */
#define ROOT_PROGRESS_MS 5000
#define ROOT_RETRY_MS 100            /* a device not ready yet (ENXIO) */
#define ROOT_RETRIES_MAX 50          /* of them: 5 s, then only events wake us */

/* Read every waiting uevent: load what devices ask for. Returns 1 if a
 * block device came or changed. */
static int boot_events(struct boot *b)
{
	static char msg[UEVENT_MSG_MAX];
	struct uevent ev;
	int block = 0;
	long n;

	while (b->uevent_fd >= 0 && (n = sys_uevent_recv(b->uevent_fd, msg, sizeof(msg))) != -EAGAIN) {
		if (n < 0) {
			log_warn("uevent socket: %s; rescanning instead", strerror((int)-n));
			return 1;   /* ENOBUFS: events lost; a rescan sees the devices */
		}
		if (n == 0 || uevent_parse(msg, (size_t)n, &ev) < 0)
			continue;
		if (ev.modalias[0] && strcmp(ev.action, "add") == 0)
			boot_alias(b, ev.modalias);
		block |= strcmp(ev.subsystem, "block") == 0;
	}
	return block;
}

/* A device that exists but cannot be opened yet (ENXIO, seen on
 * usb-storage): look again in ROOT_RETRY_MS, for a few seconds at most
 * (a device that never opens must not turn the wait into polling). */
static int boot_not_ready(struct boot *b)
{
	for (int i = 0; i < b->n_devs; i++)
		if (b->devs[i].probe_err == -ENXIO)
			return b->retries++ < ROOT_RETRIES_MAX;
	return 0;
}

static void boot_scan(struct boot *b)
{
	b->n_devs = sys_blockdevs(b->devs, BLOCKDEVS_MAX);
	b->root = rootdev_match(&b->opts.root, b->devs, b->n_devs);
	if (b->root >= 0 && b->devs[b->root].probe_err == -ENXIO)
		b->root = -ENOENT;
}

static void boot_diag_line(void *ctx, const char *text)
{
	(void)ctx;
	log_err("%s", text);
}

/* The root was not found, or not usably: log the diagnosis. Returns the
 * step's error. */
static int boot_root_fail(struct boot *b, int err, unsigned long long waited_ms)
{
	static char modules[8192];
	const char *unserved[UNSERVED_MAX];
	struct rootdev_diag_in in = { &b->opts.root, b->devs, b->n_devs,
				      (int)(waited_ms / 1000), NULL, unserved, b->n_unserved,
				      b->n_unserved_all };

	for (int i = 0; i < b->n_unserved; i++)
		unserved[i] = b->unserved[i];
	if (err == -ENOENT) {
		if (sys_read_file("/proc/modules", modules, sizeof(modules)) >= 0)
			in.modules = modules;
		rootdev_diag_missing(&in, boot_diag_line, NULL);
		return boot_error(b, "finding the root device", -ENODEV);
	}
	rootdev_diag_matches(&in, boot_diag_line, NULL);
	return boot_error(b, err == -EEXIST ? "finding the root device (more than one matches)"
				 : "finding the root device (the match cannot be mounted)", err);
}

static void boot_progress(const struct boot *b, unsigned long long waited_ms)
{
	char spec[OPT_VALUE_MAX * 4 + 16];

	rootdev_diag_spec(spec, sizeof(spec), &b->opts.root);
	if (b->opts.root_wait == ROOT_WAIT_FOREVER)
		log_info("waiting for the root device %s (%llu s, rootwait: no limit)", spec,
			 waited_ms / 1000);
	else
		log_info("waiting for the root device %s (%llu s of %d)", spec, waited_ms / 1000,
			 b->opts.root_wait);
}

struct boot_clock {
	unsigned long long start, next, end;   /* ms: began, next progress line, deadline */
	int forever;                           /* rootwait */
};

/* A progress line every ROOT_PROGRESS_MS. Returns how long poll() may
 * sleep: until the next line or the deadline, or only ROOT_RETRY_MS
 * while a device is not ready or there is no uevent socket; -ETIMEDOUT
 * at the deadline. */
static int boot_tick(struct boot *b, struct boot_clock *c, int retry)
{
	unsigned long long now = sys_now_ms(), until;

	if (!c->forever && now >= c->end)
		return -ETIMEDOUT;
	if (now >= c->next) {
		boot_progress(b, now - c->start);
		c->next += ROOT_PROGRESS_MS;
	}
	until = c->forever || c->next < c->end ? c->next : c->end;
	if (retry && until - now > ROOT_RETRY_MS)
		return ROOT_RETRY_MS;
	return (int)(until - now);
}

/* Listen first, then make the kernel repeat the events it sent before
 * (coldplug): nothing falls between the two. */
static void boot_listen(struct boot *b)
{
	boot_progress(b, 0);
	if (b->uevent_fd >= 0)     /* run again after the rescue shell */
		close(b->uevent_fd);
	b->uevent_fd = sys_uevent_open();
	if (b->uevent_fd < 0)
		log_warn("no uevent socket (%s): rescanning every %d ms", strerror(-b->uevent_fd),
			 ROOT_RETRY_MS);
	(void)sys_uevent_trigger();
}

/* Every device's modalias loads its driver; /sys/class/block is probed
 * again when a block device comes. No sleeps: poll() wakes on the next
 * event, for the next progress line, or at the deadline. */
int boot_find_root(struct boot *b)
{
	unsigned long long now = sys_now_ms();
	struct boot_clock c = { now, now + ROOT_PROGRESS_MS,
				now + (unsigned long long)b->opts.root_wait * 1000,
				b->opts.root_wait == ROOT_WAIT_FOREVER };
	int rescan = 1, ms, r;

	b->root = -ENOENT;
	b->retries = 0;
	boot_listen(b);
	for (;;) {
		if ((rescan |= boot_events(b)) != 0)
			boot_scan(b);
		/* Before booting, take in what already arrived: a second disk
		 * with the same identifier probed by the same driver load. */
		if (b->root != -ENOENT) {
			if (!boot_events(b))
				break;
			continue;    /* rescan is still set */
		}
		rescan = boot_not_ready(b) || b->uevent_fd < 0;
		/* Idle: no event waits. Load a filesystem driver the root will
		 * need while the devices are still being enumerated. */
		if ((r = boot_wanted_fs(b)) < 0)
			return r;
		if (r > 0)
			continue;
		ms = boot_tick(b, &c, rescan);
		if (ms < 0)
			return boot_root_fail(b, -ENOENT, sys_now_ms() - c.start);
		if (b->uevent_fd < 0)
			sys_sleep_ms((unsigned)ms);
		else if (sys_poll_in(b->uevent_fd, ms) < 0)
			rescan = 1;
	}
	if (b->root < 0)
		return boot_root_fail(b, b->root, sys_now_ms() - c.start);
	while ((r = boot_wanted_fs(b)) > 0)
		;
	if (r < 0)
		return r;
	log_info("root device: /dev/%s (%s) after %llu ms", b->devs[b->root].name,
		 b->devs[b->root].type, sys_now_ms() - c.start);
	return 0;
}
