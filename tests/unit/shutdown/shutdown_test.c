/* Unit tests of lib/shutdown/shutdown.c: systemd's verbs, and the
 * release list that the boot writes and /shutdown reads back. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "shutdown/shutdown.h"

ATF_TC_WITHOUT_HEAD(verbs);
ATF_TC_BODY(verbs, tc)
{
	static const char *const words[] = { "reboot", "poweroff", "halt", "kexec" };
	enum shutdown_verb v;

	for (int i = 0; i < 4; i++) {
		ATF_CHECK_EQ(shutdown_verb(words[i], &v), 0);
		ATF_CHECK_STREQ(shutdown_verb_name(v), words[i]);
	}
	v = VERB_HALT;
	ATF_CHECK_EQ(shutdown_verb("suspend", &v), -EINVAL);
	ATF_CHECK_EQ(v, VERB_REBOOT);
	v = VERB_HALT;
	ATF_CHECK_EQ(shutdown_verb(NULL, &v), -EINVAL);
	ATF_CHECK_EQ(v, VERB_REBOOT);
	ATF_CHECK_EQ(shutdown_verb("Reboot", &v), -EINVAL);
	ATF_CHECK_EQ(shutdown_verb("reboot ", &v), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(list_round_trip);
ATF_TC_BODY(list_round_trip, tc)
{
	struct release r = { 0 }, back;
	char text[256];
	long n;

	ATF_REQUIRE_EQ(release_add(&r, "store", "/dev/loop0"), 0);
	ATF_REQUIRE_EQ(release_add(&r, "host", "/dev/mmcblk0p1"), 0);
	n = release_format(&r, text, sizeof(text));
	ATF_REQUIRE(n > 0);
	ATF_CHECK_STREQ(text, "store /dev/loop0\nhost /dev/mmcblk0p1\n");
	ATF_REQUIRE_EQ(release_parse(text, (size_t)n, &back), 0);
	ATF_REQUIRE_EQ(back.n, 2);
	ATF_CHECK_STREQ(back.dev[0].role, "store");
	ATF_CHECK_STREQ(back.dev[0].path, "/dev/loop0");
	ATF_CHECK_STREQ(back.dev[1].role, "host");
	ATF_CHECK_STREQ(back.dev[1].path, "/dev/mmcblk0p1");
	/* the last line without its newline; an empty list */
	ATF_REQUIRE_EQ(release_parse("store /dev/vdb", 14, &back), 0);
	ATF_CHECK_EQ(back.n, 1);
	ATF_CHECK_STREQ(back.dev[0].path, "/dev/vdb");
	ATF_REQUIRE_EQ(release_parse("", 0, &back), 0);
	ATF_CHECK_EQ(back.n, 0);
	/* a device path below /dev/ */
	ATF_CHECK_EQ(release_parse("store /dev/mapper/x\n", 20, &back), 0);
}

ATF_TC_WITHOUT_HEAD(list_refuses);
ATF_TC_BODY(list_refuses, tc)
{
	static const char *const bad[] = {
		"store\n", "store /dev/\n", "store /etc/passwd\n", "disk /dev/vdb\n",
		"store /dev/../etc/x\n", "store /dev//vdb\n", "store /dev/vdb/\n",
		"store /dev/vd b\n", "store  /dev/vdb\n", "store /dev/vdb\r\n",
		"\n", "store /dev/.hidden\n",
	};
	struct release r;
	char text[600];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ATF_CHECK_EQ_MSG(release_parse(bad[i], strlen(bad[i]), &r), -EINVAL, "%s", bad[i]);
	/* a NUL inside a line */
	ATF_CHECK_EQ(release_parse("store /dev/v\0b\n", 15, &r), -EINVAL);
	/* a path that does not fit: refused, not cut */
	memset(text, 'a', sizeof(text));
	memcpy(text, "store /dev/", 11);
	ATF_CHECK_EQ(release_parse(text, sizeof(text), &r), -ENAMETOOLONG);
	/* more than RELEASE_MAX devices: refused, not cut */
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < RELEASE_MAX; i++)
		ATF_REQUIRE_EQ(release_add(&r, "store", "/dev/vdb"), 0);
	ATF_CHECK_EQ(release_add(&r, "store", "/dev/vdb"), -E2BIG);
	ATF_CHECK_EQ(r.n, RELEASE_MAX);
	ATF_CHECK_EQ(release_format(&r, text, 10), -ENOSPC);
	ATF_CHECK_EQ(release_format(&r, text, 0), -ENOSPC);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, verbs);
	ATF_TP_ADD_TC(tp, list_round_trip);
	ATF_TP_ADD_TC(tp, list_refuses);
	return atf_no_error();
}
