/* Unit tests of lib/rootdev/rootdev_settle.c: when a root match may be
 * committed to, as a function of timestamps, uevents and what sysfs
 * says of the buses. */
#include <atf-c.h>
#include <string.h>

#include "rootdev/rootdev_settle.h"

static struct uevent ev(const char *action, const char *subsystem, const char *devtype,
			const char *type)
{
	struct uevent e = { action, "/devices/x", subsystem, "", devtype, "", type };

	return e;
}

static void feed(struct rootdev_settle *s, const char *action, const char *subsystem,
		 const char *devtype, const char *type, unsigned long long now)
{
	struct uevent e = ev(action, subsystem, devtype, type);

	rootdev_settle_event(s, &e, now);
}

ATF_TC_WITHOUT_HEAD(quiet_bus_commits_at_once);
ATF_TC_BODY(quiet_bus_commits_at_once, tc)
{
	struct rootdev_settle s = { 0 };
	enum rootdev_settle_why why;

	feed(&s, "add", "block", "disk", "", 1000);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 1000 + ROOTDEV_SETTLE_QUIET_MS, 0, &why), 0);
	ATF_CHECK_EQ(why, ROOTDEV_SETTLED);
}

ATF_TC_WITHOUT_HEAD(recent_event_waits_out_the_quiet_interval);
ATF_TC_BODY(recent_event_waits_out_the_quiet_interval, tc)
{
	struct rootdev_settle s = { 0 };
	enum rootdev_settle_why why;

	feed(&s, "add", "block", "disk", "", 1000);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 1010, 0, &why), ROOTDEV_SETTLE_QUIET_MS - 10);
	ATF_CHECK_EQ(why, ROOTDEV_SETTLE_QUIET);
	/* a second disk announced meanwhile restarts the interval */
	feed(&s, "bind", "scsi", "", "", 1040);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 1050, 0, &why), ROOTDEV_SETTLE_QUIET_MS - 10);
}

ATF_TC_WITHOUT_HEAD(own_module_loads_are_not_discovery);
ATF_TC_BODY(own_module_loads_are_not_discovery, tc)
{
	struct rootdev_settle s = { 0 };
	enum rootdev_settle_why why;

	feed(&s, "add", "module", "", "", 5000);
	feed(&s, "add", "drivers", "", "", 5000);
	feed(&s, "change", "power_supply", "", "", 5000);
	ATF_CHECK_EQ(s.last_event, 0);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 5001, 0, &why), 0);
	/* but a block device's change (a partition rescan) is */
	feed(&s, "change", "block", "disk", "", 5001);
	ATF_CHECK_EQ(s.last_event, 5001);
}

ATF_TC_WITHOUT_HEAD(usb_hub_waits_for_its_ports);
ATF_TC_BODY(usb_hub_waits_for_its_ports, tc)
{
	struct rootdev_settle s = { 0 };
	enum rootdev_settle_why why;

	feed(&s, "add", "usb", "usb_device", "9/0/3", 2000);
	ATF_CHECK_EQ(s.last_hub, 2000);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 2100, 0, &why), ROOTDEV_SETTLE_HUB_MS - 100);
	ATF_CHECK_EQ(why, ROOTDEV_SETTLE_HUB);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 2000 + ROOTDEV_SETTLE_HUB_MS, 0, &why), 0);
	/* a mass-storage device (class 0, per interface) is no hub */
	feed(&s, "add", "usb", "usb_device", "0/0/0", 9000);
	ATF_CHECK_EQ(s.last_hub, 2000);
	feed(&s, "add", "usb", "usb_interface", "9/0/0", 9000);
	ATF_CHECK_EQ(s.last_hub, 2000);
}

ATF_TC_WITHOUT_HEAD(scanning_bus_is_polled);
ATF_TC_BODY(scanning_bus_is_polled, tc)
{
	struct rootdev_settle s = { 0 };
	enum rootdev_settle_why why;

	ATF_CHECK_EQ(rootdev_settle_wait(&s, 3000, 1, &why), ROOTDEV_SETTLE_POLL_MS);
	ATF_CHECK_EQ(why, ROOTDEV_SETTLE_BUS);
	ATF_CHECK_EQ(s.first_match, 3000);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 3500, 1, &why), ROOTDEV_SETTLE_POLL_MS);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 3600, 0, &why), 0);
	ATF_CHECK_EQ(why, ROOTDEV_SETTLED);
}

ATF_TC_WITHOUT_HEAD(pending_bus_gives_up_after_the_cap);
ATF_TC_BODY(pending_bus_gives_up_after_the_cap, tc)
{
	struct rootdev_settle s = { 0 };
	enum rootdev_settle_why why;

	ATF_CHECK(rootdev_settle_wait(&s, 100, 1, &why) > 0);
	/* the last wait ends at the cap, not beyond */
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 100 + ROOTDEV_SETTLE_MAX_MS - 10, 1, &why), 10);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 100 + ROOTDEV_SETTLE_MAX_MS, 1, &why), 0);
	ATF_CHECK_EQ(why, ROOTDEV_SETTLE_GAVE_UP);
	/* events that never stop end at the cap too */
	memset(&s, 0, sizeof(s));
	for (unsigned long long t = 100; t < 100 + ROOTDEV_SETTLE_MAX_MS; t += 20) {
		feed(&s, "add", "input", "", "", t);
		ATF_REQUIRE(rootdev_settle_wait(&s, t, 0, &why) > 0);
	}
	feed(&s, "add", "input", "", "", 100 + ROOTDEV_SETTLE_MAX_MS);
	ATF_CHECK_EQ(rootdev_settle_wait(&s, 100 + ROOTDEV_SETTLE_MAX_MS, 0, &why), 0);
	ATF_CHECK_EQ(why, ROOTDEV_SETTLE_GAVE_UP);
}

ATF_TC_WITHOUT_HEAD(why_has_text);
ATF_TC_BODY(why_has_text, tc)
{
	ATF_CHECK(strstr(rootdev_settle_why_text(ROOTDEV_SETTLE_HUB), "USB hub") != NULL);
	ATF_CHECK(strstr(rootdev_settle_why_text(ROOTDEV_SETTLE_GAVE_UP), "not settle") != NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, quiet_bus_commits_at_once);
	ATF_TP_ADD_TC(tp, recent_event_waits_out_the_quiet_interval);
	ATF_TP_ADD_TC(tp, own_module_loads_are_not_discovery);
	ATF_TP_ADD_TC(tp, usb_hub_waits_for_its_ports);
	ATF_TP_ADD_TC(tp, scanning_bus_is_polled);
	ATF_TP_ADD_TC(tp, pending_bus_gives_up_after_the_cap);
	ATF_TP_ADD_TC(tp, why_has_text);
	return atf_no_error();
}
