/* Step 4: find the root device. Listen to the kernel's uevents, make it
 * repeat those of the devices already present (coldplug), load the
 * driver each device asks for, and probe /sys/class/block again when a
 * block device comes; boot once exactly one device matches and device
 * discovery has settled (lib/rootdev/rootdev_settle.h), refuse as soon as two
 * do, or when some could without being seen (too many devices, an
 * unreadable partition table). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "log/log.h"
#include "probe/probe.h"
#include "rootdev/rootdev_diag.h"
#include "sys/sys.h"
#include "sys/sys_dev.h"
#include "rootdev/uevent.h"

#define UEVENT_MSG_MAX 8192          /* the kernel's UEVENT_BUFFER_SIZE is 2048 */
#define ROOT_PROGRESS_MS 5000
#define ROOT_RETRY_MS 100            /* a device not ready yet (ENXIO) */
#define ROOT_RETRIES_MAX 50          /* of them: 5 s, then only events wake us */
#define UEVENT_RETRIGGERS_MAX 3

/* The hash search's match is a dm-verity hash device, which the root
 * search refuses (rootdev_refusal): take it, if that is its only fault. */
static int boot_hash_match(const struct boot *b)
{
	for (int i = 0; i < b->n_devs; i++)
		if (rootdev_matches(b->want, &b->devs[i]))
			return strcmp(b->devs[i].type, "DM_verity_hash") == 0 ? i : -EMEDIUMTYPE;
	return -EMEDIUMTYPE;
}

/* "finding the root device" and a detail, for boot_error(). */
static const char *boot_what(const struct boot *b, const char *detail)
{
	static char what[96];

	snprintf(what, sizeof(what), "finding the %s device%s", b->want_what, detail);
	return what;
}

/* Lost uevents (the socket overflowed) may have asked for drivers:
 * make the kernel repeat them, a few times at most. */
static void boot_events_lost(struct boot *b, long err)
{
	if (b->retriggers >= UEVENT_RETRIGGERS_MAX) {
		log_warn("uevent socket: %s again; rescanning only", strerror((int)-err));
		return;
	}
	b->retriggers++;
	log_warn("uevent socket: %s; repeating the coldplug", strerror((int)-err));
	(void)sys_uevent_trigger();
}

/* Read every waiting uevent: load what devices ask for, note the time
 * of discovery events for the settle rule. Returns 1 if a block device
 * came or changed. */
static int boot_events(struct boot *b)
{
	static char msg[UEVENT_MSG_MAX];
	struct uevent ev;
	int block = 0;
	long n;

	while (b->uevent_fd >= 0 && (n = sys_uevent_recv(b->uevent_fd, msg, sizeof(msg))) != -EAGAIN) {
		if (n < 0) {
			boot_events_lost(b, n);
			return 1;   /* a rescan sees the devices whose events were lost */
		}
		if (n == 0 || uevent_parse(msg, (size_t)n, &ev) < 0)
			continue;
		if (ev.modalias[0] && strcmp(ev.action, "add") == 0)
			mods_alias(&b->mods, ev.modalias);
		rootdev_settle_event(&b->settle, &ev, sys_now_ms());
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

/* Probe every block device and match. A disk whose table cannot be
 * read makes a PARTUUID= or PARTLABEL= search blind (-ENODATA). Returns
 * 0, or a fatal error: more devices than can be compared (-E2BIG), the
 * deadline passed during the scan (-ETIMEDOUT). */
static int boot_scan(struct boot *b, unsigned long long deadline)
{
	int n = sys_blockdevs(b->devs, BLOCKDEVS_MAX, deadline);

	if (n == -E2BIG) {
		b->n_devs = 0;
		log_err("more than %d block devices: one left out could be a second match for the "
			"%s; refusing to guess", BLOCKDEVS_MAX, b->want_what);
		return boot_error(b, boot_what(b, " (too many block devices)"), n);
	}
	if (n < 0) {
		b->n_devs = 0;
		log_err("the %s wait ended while the block devices were being probed", b->want_what);
		return boot_error(b, boot_what(b, ""), n);
	}
	b->n_devs = n;
	b->match = rootdev_match(b->want, b->devs, b->n_devs);
	if (b->match == -EMEDIUMTYPE && b->want == &b->opts.verity_hash)
		b->match = boot_hash_match(b);
	if (b->match >= 0 && b->devs[b->match].probe_err == -ENXIO)
		b->match = -ENOENT;
	if (b->match != -EEXIST && rootdev_blind(b->want, b->devs, b->n_devs) >= 0)
		b->match = -ENODATA;
	if (b->match < 0)
		b->settle.first_match = 0;
	return 0;
}

static void boot_diag_line(void *ctx, const char *text)
{
	(void)ctx;
	log_err("%s", text);
}

/* A disk's partition table could not be read, so the PARTUUID and
 * PARTLABEL of its partitions are unknown: one could be a second match. */
static int boot_blind_fail(struct boot *b)
{
	char spec[OPT_VALUE_MAX * 4 + 16];
	const struct blockdev *d = &b->devs[rootdev_blind(b->want, b->devs, b->n_devs)];

	rootdev_diag_spec_key(spec, sizeof(spec), b->want_key, b->want);
	log_err("the partition table of /dev/%s cannot be read (%s): its partitions could match "
		"%s; refusing to guess (remove the disk, or name the %s by UUID=)", d->disk,
		probe_strerror(d->table_err, 1), spec, b->want_what);
	return boot_error(b, boot_what(b, " (a partition table cannot be read)"), -ENODATA);
}

/* The root was not found, or not usably: log the diagnosis. Returns the
 * step's error. */
static int boot_root_fail(struct boot *b, int err, unsigned long long waited_ms)
{
	static char modules[8192];
	const char *unserved[UNSERVED_MAX];
	const struct mods *m = &b->mods;
	struct rootdev_diag_in in = { b->want, b->devs, b->n_devs,
				      (int)(waited_ms / 1000), NULL, unserved, m->n_unserved,
				      m->n_unserved_all, b->want_key };

	for (int i = 0; i < m->n_unserved; i++)
		unserved[i] = m->unserved[i];
	if (err == -ENODATA)
		return boot_blind_fail(b);
	if (err == -ENOENT) {
		if (sys_read_file("/proc/modules", modules, sizeof(modules)) >= 0)
			in.modules = modules;
		rootdev_diag_missing(&in, boot_diag_line, NULL);
		return boot_error(b, boot_what(b, ""), -ENODEV);
	}
	rootdev_diag_matches(&in, boot_diag_line, NULL);
	return boot_error(b, boot_what(b, err == -EEXIST ? " (more than one matches)" :
				       " (the match cannot be mounted)"), err);
}

/* The wait's progress: when it starts only with ovlinit.debug (a boot
 * without quiet prints nothing of ours before the root is found), then
 * every ROOT_PROGRESS_MS. */
static void boot_progress(const struct boot *b, unsigned long long waited_ms)
{
	char spec[OPT_VALUE_MAX * 4 + 16];
	int prio = waited_ms ? LOG_INFO : LOG_DEBUG;

	rootdev_diag_spec_key(spec, sizeof(spec), b->want_key, b->want);
	if (b->opts.root_wait == ROOT_WAIT_FOREVER)
		log_msg(prio, "waiting for the %s device %s (%llu s, rootwait: no limit)", b->want_what,
			spec, waited_ms / 1000);
	else
		log_msg(prio, "waiting for the %s device %s (%llu s of %d)", b->want_what, spec,
			waited_ms / 1000, b->opts.root_wait);
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
	unsigned long long t0;
	int n;

	boot_progress(b, 0);
	if (b->uevent_fd >= 0)     /* run again after the rescue shell */
		close(b->uevent_fd);
	b->uevent_fd = sys_uevent_open();
	if (b->uevent_fd < 0)
		log_warn("no uevent socket (%s): rescanning every %d ms", strerror(-b->uevent_fd),
			 ROOT_RETRY_MS);
	t0 = sys_now_us();
	n = sys_uevent_trigger();
	log_debug("coldplug: %d devices repeat their uevents (%llu us)", n, sys_now_us() - t0);
}

/* A match is at hand: has device discovery settled (rootdev_settle.h)?
 * notready: a device exists that cannot be opened yet. Returns 0 to
 * commit, or how many ms to wait first (*rescan set if a block device
 * came meanwhile); the root wait's deadline ends the wait. */
static int boot_settle(struct boot *b, const struct boot_clock *c, int notready, int *rescan)
{
	static char what[160];
	enum rootdev_settle_why why;
	unsigned long long now = sys_now_ms();
	int first = b->settle.first_match == 0, ms, block;

	what[0] = '\0';
	if (notready)
		snprintf(what, sizeof(what), "a block device cannot be opened yet");
	ms = rootdev_settle_wait(&b->settle, now,
				 notready || sys_storage_scanning(what, sizeof(what)), &why);
	/* an event that came while sysfs was read: decide again after it */
	if (why == ROOTDEV_SETTLED) {
		unsigned long long before = b->settle.last_event;

		*rescan |= block = boot_events(b);
		if (block || b->settle.last_event != before)
			return ROOTDEV_SETTLE_QUIET_MS;
	}
	if (ms > 0 && !c->forever && now + (unsigned)ms >= c->end) {
		ms = 0;
		why = ROOTDEV_SETTLE_GAVE_UP;
	}
	if (first && ms > 0)
		log_debug("%s device /dev/%s matches; waiting: %s%s%s", b->want_what, b->devs[b->match].name,
			  rootdev_settle_why_text(why), what[0] ? ": " : "", what);
	if (why == ROOTDEV_SETTLE_GAVE_UP)
		log_warn("%s after %llu ms (%s); committing to the one match /dev/%s",
			 rootdev_settle_why_text(why), now - b->settle.first_match,
			 what[0] ? what : "devices still being announced", b->devs[b->match].name);
	return ms;
}

/* root=/dev/NAME names a disk by the order the kernel handed out names.
 * virtio_blk's order is kept (modload_sync_probe); sd's and nvme's
 * follow the order their probes finish: warn when the disk has a
 * sibling of the same driver, which could take its name next boot. */
static void boot_devpath_warn(const struct boot *b)
{
	const struct blockdev *d = &b->devs[b->match];
	const char *disk = d->disk[0] ? d->disk : d->name;
	char drv[BLOCKDEV_NAME_MAX], other[BLOCKDEV_NAME_MAX];
	int n = 0;

	if (b->want->kind != ROOT_DEVPATH || sys_dev_driver(disk, drv) < 0 ||
	    modload_sync_probe(drv))
		return;
	for (int i = 0; i < b->n_devs; i++)
		if (b->devs[i].disk[0] == '\0' && sys_dev_driver(b->devs[i].name, other) == 0 &&
		    strcmp(drv, other) == 0)
			n++;
	if (n > 1)
		log_warn("%s=/dev/%s: /dev/%s is one of %d disks of driver %s, which are named in "
			 "the order their probes finish; the name can change from one boot to the "
			 "next: use %s=UUID= or PARTUUID=", b->want_key ? b->want_key : "root", d->name,
			 disk, n, drv, b->want_key ? b->want_key : "root");
}

/* Wait ms for the next uevent (or sleep, without a socket). Returns 1
 * if the wait failed and a rescan is due. */
static int boot_wait(struct boot *b, int ms)
{
	if (b->uevent_fd < 0) {
		sys_sleep_ms((unsigned)ms);
		return 0;
	}
	return sys_poll_in(b->uevent_fd, ms) < 0;
}

/* Every device's modalias loads its driver; /sys/class/block is probed
 * again when a block device comes. A match is committed to only once
 * discovery has settled, and refused if a second one comes meanwhile.
 * No sleeps: poll() wakes on the next event, for the next progress line,
 * at the end of a settle wait or at the deadline. */
int boot_find(struct boot *b)
{
	unsigned long long now = sys_now_ms();
	struct boot_clock c = { now, now + ROOT_PROGRESS_MS,
				now + (unsigned long long)b->opts.root_wait * 1000,
				b->opts.root_wait == ROOT_WAIT_FOREVER };
	unsigned long long settled_ms = 0;   /* idle in the settle wait */
	int rescan = 1, settle = -1, notready, ms, r;

	b->match = -ENOENT;
	b->retries = b->retriggers = 0;
	memset(&b->settle, 0, sizeof(b->settle));
	boot_listen(b);
	for (;;) {
		if ((rescan |= boot_events(b)) != 0 && (r = boot_scan(b, c.forever ? 0 : c.end)) < 0)
			return r;
		notready = boot_not_ready(b);
		rescan = notready || b->uevent_fd < 0;
		if (b->match != -ENOENT) {
			/* take in what already arrived before deciding */
			if (boot_events(b)) {
				rescan = 1;
				continue;
			}
			if (b->match < 0 || (settle = boot_settle(b, &c, notready, &rescan)) == 0)
				break;
		}
		/* Idle: no event waits. Load a filesystem driver the root will
		 * need while the devices are still being enumerated. */
		if ((r = mods_wanted_fs(&b->mods)) < 0)
			return boot_error(b, "loading the root's filesystem driver", r);
		if (r > 0)
			continue;
		ms = boot_tick(b, &c, rescan);
		if (ms < 0 && b->match >= 0)
			continue;     /* the settle wait sees the deadline and commits */
		if (ms < 0)
			return boot_root_fail(b, -ENOENT, sys_now_ms() - c.start);
		if (b->match >= 0 && settle < ms)
			ms = settle;
		now = sys_now_ms();
		rescan |= boot_wait(b, ms);
		if (b->match >= 0)
			settled_ms += sys_now_ms() - now;
	}
	if (b->match < 0)
		return boot_root_fail(b, b->match, sys_now_ms() - c.start);
	while ((r = mods_wanted_fs(&b->mods)) > 0)
		;
	if (r < 0)
		return boot_error(b, "loading the root's filesystem driver", r);
	boot_devpath_warn(b);
	log_info("%s device: /dev/%s (%s) after %llu ms (%llu ms idle letting discovery settle)",
		 b->want_what, b->devs[b->match].name, b->devs[b->match].type,
		 sys_now_ms() - c.start, settled_ms);
	return 0;
}

int boot_find_root(struct boot *b)
{
	int r;

	b->want = &b->opts.root;
	b->want_key = NULL;
	b->want_what = "root";
	r = boot_find(b);
	if (r == 0)
		b->root_dev = b->devs[b->match];
	return r;
}

/* verityhash=: the hash device, before the root (boot_verity needs both). */
int boot_find_hash(struct boot *b)
{
	int r;

	if (b->opts.roothash[0] == '\0')
		return 0;
	b->want = &b->opts.verity_hash;
	b->want_key = "verityhash";
	b->want_what = "verity hash";
	r = boot_find(b);
	if (r == 0)
		b->hash_dev = b->devs[b->match];
	return r;
}
