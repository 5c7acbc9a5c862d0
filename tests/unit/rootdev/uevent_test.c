/* Unit tests of lib/rootdev/uevent.c: kernel uevent messages as they arrive. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "rootdev/uevent.h"

/* Build a message from NUL-separated fields the way the kernel sends it
 * (the receiver adds the terminating NUL at msg[len]). */
static size_t msg(char *buf, const char *const *fields)
{
	size_t o = 0;

	for (; *fields; fields++) {
		strcpy(buf + o, *fields);
		o += strlen(*fields) + 1;
	}
	buf[o] = '\0';
	return o;
}

ATF_TC_WITHOUT_HEAD(block_add_is_parsed);
ATF_TC_BODY(block_add_is_parsed, tc)
{
	static const char *const f[] = {
		"add@/devices/pci0000:00/0000:00:02.0/virtio1/block/vda/vda1",
		"ACTION=add", "DEVPATH=/devices/pci0000:00/0000:00:02.0/virtio1/block/vda/vda1",
		"SUBSYSTEM=block", "MAJOR=254", "MINOR=1", "DEVNAME=vda1", "DEVTYPE=partition",
		"PARTN=1", "SEQNUM=1234", NULL };
	char buf[1024];
	struct uevent ev;
	size_t n = msg(buf, f);

	ATF_REQUIRE_EQ(uevent_parse(buf, n, &ev), 0);
	ATF_CHECK_STREQ(ev.action, "add");
	ATF_CHECK_STREQ(ev.subsystem, "block");
	ATF_CHECK_STREQ(ev.devname, "vda1");
	ATF_CHECK_STREQ(ev.devtype, "partition");
	ATF_CHECK_STREQ(ev.modalias, "");
}

ATF_TC_WITHOUT_HEAD(modalias_is_parsed);
ATF_TC_BODY(modalias_is_parsed, tc)
{
	static const char *const f[] = {
		"add@/devices/pci0000:00/0000:00:1f.2", "ACTION=add",
		"DEVPATH=/devices/pci0000:00/0000:00:1f.2", "SUBSYSTEM=pci",
		"MODALIAS=pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01", "SEQNUM=7", NULL };
	char buf[1024];
	struct uevent ev;
	size_t n = msg(buf, f);

	ATF_REQUIRE_EQ(uevent_parse(buf, n, &ev), 0);
	ATF_CHECK_STREQ(ev.modalias, "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01");
	ATF_CHECK_STREQ(ev.devname, "");
}

ATF_TC_WITHOUT_HEAD(forged_and_broken_messages_are_refused);
ATF_TC_BODY(forged_and_broken_messages_are_refused, tc)
{
	static const char *const udev[] = { "libudev", "ACTION=add", "DEVPATH=/x", NULL };
	static const char *const mismatch[] = { "add@/devices/a", "ACTION=add", "DEVPATH=/devices/b", NULL };
	static const char *const noaction[] = { "add@/devices/a", "DEVPATH=/devices/a", NULL };
	static const char *const header_only[] = { "add@/devices/a", NULL };
	char buf[1024];
	struct uevent ev;
	size_t n;

	n = msg(buf, udev);
	ATF_CHECK_EQ(uevent_parse(buf, n, &ev), -EINVAL);
	n = msg(buf, mismatch);
	ATF_CHECK_EQ(uevent_parse(buf, n, &ev), -EINVAL);
	n = msg(buf, noaction);
	ATF_CHECK_EQ(uevent_parse(buf, n, &ev), -EINVAL);
	n = msg(buf, header_only);
	ATF_CHECK_EQ(uevent_parse(buf, n - 1, &ev), -EINVAL);
	ATF_CHECK_EQ(uevent_parse(buf, 0, &ev), -EINVAL);
	/* msg[len] must be the terminating NUL */
	n = msg(buf, mismatch);
	buf[n] = 'x';
	ATF_CHECK_EQ(uevent_parse(buf, n, &ev), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(usb_device_type_is_parsed);
ATF_TC_BODY(usb_device_type_is_parsed, tc)
{
	static const char *const f[] = {
		"add@/devices/pci0000:00/0000:00:03.0/usb2", "ACTION=add",
		"DEVPATH=/devices/pci0000:00/0000:00:03.0/usb2", "SUBSYSTEM=usb",
		"DEVNAME=bus/usb/002/001", "DEVTYPE=usb_device", "PRODUCT=1d6b/3/601",
		"TYPE=9/0/3", "BUSNUM=002", "DEVNUM=001", "SEQNUM=9", NULL };
	char buf[1024];
	struct uevent ev;
	size_t n = msg(buf, f);

	ATF_REQUIRE_EQ(uevent_parse(buf, n, &ev), 0);
	ATF_CHECK_STREQ(ev.devtype, "usb_device");
	ATF_CHECK_STREQ(ev.type, "9/0/3");
	ATF_CHECK_STREQ(ev.modalias, "");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, block_add_is_parsed);
	ATF_TP_ADD_TC(tp, modalias_is_parsed);
	ATF_TP_ADD_TC(tp, forged_and_broken_messages_are_refused);
	ATF_TP_ADD_TC(tp, usb_device_type_is_parsed);
	return atf_no_error();
}
