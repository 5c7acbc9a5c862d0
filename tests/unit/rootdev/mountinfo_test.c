/* Unit tests of lib/rootdev/mountinfo.c: proc(5) lines, and which mount holds
 * a path. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "rootdev/mountinfo.h"

static const char table[] =
	"21 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
	"22 21 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw,size=1k\n"
	"30 21 179:1 / /boot rw,relatime shared:3 - vfat /dev/mmcblk0p1 rw,fmask=0022\n"
	"31 21 179:3 / /boot\\040two ro,nosuid,nodev master:4 shared:5 - vfat /dev/mmcblk0p3 ro\n"
	"not a mountinfo line\n"
	"32 30 0:40 / /boot rw - tmpfs tmpfs rw";

ATF_TC_WITHOUT_HEAD(line_with_optional_fields_and_escapes);
ATF_TC_BODY(line_with_optional_fields_and_escapes, tc)
{
	const char *l = "31 21 179:3 / /boot\\040two ro,nosuid,nodev master:4 shared:5 - "
			"vfat /dev/mmcblk0p3 ro,fmask=0022";
	struct mountinfo_ent e;

	ATF_REQUIRE_EQ(mountinfo_parse_line(l, strlen(l), &e), 0);
	ATF_CHECK_EQ(e.major, 179);
	ATF_CHECK_EQ(e.minor, 3);
	ATF_CHECK_STREQ(e.point, "/boot two");
	ATF_CHECK_STREQ(e.mnt_opts, "ro,nosuid,nodev");
	ATF_CHECK_STREQ(e.fstype, "vfat");
	ATF_CHECK_STREQ(e.source, "/dev/mmcblk0p3");
	ATF_CHECK_STREQ(e.super_opts, "ro,fmask=0022");
	ATF_CHECK_EQ(mountinfo_parse_line("1 2 3:4 / /x rw", 15, &e), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(find_takes_the_longest_prefix_on_top);
ATF_TC_BODY(find_takes_the_longest_prefix_on_top, tc)
{
	struct mountinfo_ent e;

	ATF_REQUIRE_EQ(mountinfo_find(table, strlen(table), "/boot/cmdline.txt", &e), 0);
	ATF_CHECK_STREQ(e.fstype, "tmpfs");    /* mounted over the vfat one */
	ATF_REQUIRE_EQ(mountinfo_find(table, strlen(table), "/boot two/cmdline.txt", &e), 0);
	ATF_CHECK_STREQ(e.source, "/dev/mmcblk0p3");
	ATF_REQUIRE_EQ(mountinfo_find(table, strlen(table), "/bootx/cmdline.txt", &e), 0);
	ATF_CHECK_STREQ(e.point, "/");
	ATF_REQUIRE_EQ(mountinfo_find(table, strlen(table), "/", &e), 0);
	ATF_CHECK_STREQ(e.fstype, "ext4");
	ATF_CHECK_EQ(mountinfo_find(table, 0, "/", &e), -ENOENT);
}

ATF_TC_WITHOUT_HEAD(has_opt_matches_whole_words);
ATF_TC_BODY(has_opt_matches_whole_words, tc)
{
	ATF_CHECK(mountinfo_has_opt("rw,nosuid,ro", "ro"));
	ATF_CHECK(!mountinfo_has_opt("rw,nosuid,rootcontext=x", "ro"));
	ATF_CHECK(!mountinfo_has_opt("", "ro"));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, line_with_optional_fields_and_escapes);
	ATF_TP_ADD_TC(tp, find_takes_the_longest_prefix_on_top);
	ATF_TP_ADD_TC(tp, has_opt_matches_whole_words);
	return atf_no_error();
}
