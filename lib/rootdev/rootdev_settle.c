/* See rootdev_settle.h. */
#include "rootdev/rootdev_settle.h"

#include <string.h>

int rootdev_settle_is_discovery(const struct uevent *ev)
{
	/* module and driver registrations follow our own loads: a device's
	 * driver counts through the device's event, a filesystem's not */
	if (strcmp(ev->subsystem, "module") == 0 || strcmp(ev->subsystem, "drivers") == 0)
		return 0;
	if (strcmp(ev->subsystem, "block") == 0)
		return 1;
	return strcmp(ev->action, "add") == 0 || strcmp(ev->action, "bind") == 0;
}

static int rootdev_settle_is_hub(const struct uevent *ev)
{
	return strcmp(ev->action, "add") == 0 && strcmp(ev->subsystem, "usb") == 0 &&
	       strcmp(ev->devtype, "usb_device") == 0 && strncmp(ev->type, "9/", 2) == 0;
}

void rootdev_settle_event(struct rootdev_settle *s, const struct uevent *ev,
			  unsigned long long now)
{
	if (!rootdev_settle_is_discovery(ev))
		return;
	s->last_event = now;
	if (rootdev_settle_is_hub(ev))
		s->last_hub = now;
}

/* ms from now until t + span, 0 if that has passed. */
static unsigned long long rootdev_settle_left(unsigned long long now, unsigned long long t,
					      unsigned long long span)
{
	return t == 0 || now >= t + span ? 0 : t + span - now;
}

int rootdev_settle_wait(struct rootdev_settle *s, unsigned long long now, int bus_pending,
			enum rootdev_settle_why *why)
{
	unsigned long long quiet, hub, cap, ms;

	if (s->first_match == 0 || now < s->first_match)
		s->first_match = now;
	quiet = rootdev_settle_left(now, s->last_event, ROOTDEV_SETTLE_QUIET_MS);
	hub = rootdev_settle_left(now, s->last_hub, ROOTDEV_SETTLE_HUB_MS);
	cap = rootdev_settle_left(now, s->first_match, ROOTDEV_SETTLE_MAX_MS);
	*why = hub ? ROOTDEV_SETTLE_HUB : bus_pending ? ROOTDEV_SETTLE_BUS
		   : quiet ? ROOTDEV_SETTLE_QUIET : ROOTDEV_SETTLED;
	if (*why == ROOTDEV_SETTLED)
		return 0;
	if (cap == 0) {
		*why = ROOTDEV_SETTLE_GAVE_UP;
		return 0;
	}
	ms = hub > quiet ? hub : quiet;
	if (bus_pending && (ms == 0 || ms > ROOTDEV_SETTLE_POLL_MS))
		ms = ROOTDEV_SETTLE_POLL_MS;
	return (int)(ms < cap ? ms : cap);
}

const char *rootdev_settle_why_text(enum rootdev_settle_why why)
{
	switch (why) {
	case ROOTDEV_SETTLE_QUIET: return "devices are still being announced";
	case ROOTDEV_SETTLE_HUB: return "a USB hub is still enumerating its ports";
	case ROOTDEV_SETTLE_BUS: return "a storage bus is still scanning";
	case ROOTDEV_SETTLE_GAVE_UP: return "device discovery did not settle";
	case ROOTDEV_SETTLED: break;
	}
	return "device discovery has settled";
}
