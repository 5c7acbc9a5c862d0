/* Unit tests of lib/plan.c: the mount steps for the plain and the
 * overlay root, checked as printed text. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "cmdline.h"
#include "plan.h"

static void plan_of(const char *cmdline, char *out, size_t cap)
{
	struct boot_opts o;
	struct plan p;

	ATF_REQUIRE_EQ(cmdline_parse(cmdline, strlen(cmdline), &o), 0);
	ATF_REQUIRE_EQ(plan_build(&o, "/dev/vda", "ext4", &p), 0);
	plan_print(&p, out, cap);
}

ATF_TC_WITHOUT_HEAD(plain_root_is_read_only_by_default);
ATF_TC_BODY(plain_root_is_read_only_by_default, tc)
{
	char out[2048];

	plan_of("root=/dev/vda rootflags=noatime,ro,data=ordered", out, sizeof(out));
	ATF_CHECK_STREQ(out,
		"mkdir /sysroot\n"
		"mount /dev/vda /sysroot type=ext4 flags=ro,noatime data=data=ordered\n"
		"exec /sbin/init\n");
}

ATF_TC_WITHOUT_HEAD(plain_root_rw);
ATF_TC_BODY(plain_root_rw, tc)
{
	char out[2048];

	plan_of("root=/dev/vda rw init=/bin/sh", out, sizeof(out));
	ATF_CHECK_STREQ(out,
		"mkdir /sysroot\n"
		"mount /dev/vda /sysroot type=ext4 flags=rw data=-\n"
		"exec /bin/sh\n");
}

ATF_TC_WITHOUT_HEAD(overlay_is_alpine_layout_and_lower_stays_ro);
ATF_TC_BODY(overlay_is_alpine_layout_and_lower_stays_ro, tc)
{
	char out[4096];

	plan_of("root=/dev/vda overlaytmpfs=yes rootflags=rw", out, sizeof(out));
	ATF_CHECK_STREQ(out,
		"mkdir /sysroot\n"
		"mkdir /media/root-ro\n"
		"mkdir /media/root-rw\n"
		"setro /dev/vda\n"
		"mount /dev/vda /media/root-ro type=ext4 flags=ro data=-\n"
		"mount root-tmpfs /media/root-rw type=tmpfs flags=rw data=mode=0755\n"
		"mkdir /media/root-rw/root\n"
		"mkdir /media/root-rw/work\n"
		"mount overlayfs /sysroot type=overlay flags=rw data=lowerdir=/media/root-ro,"
		"upperdir=/media/root-rw/root,workdir=/media/root-rw/work\n"
		"move /media/root-ro /sysroot/media/root-ro\n"
		"move /media/root-rw /sysroot/media/root-rw\n"
		"exec /sbin/init\n");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, plain_root_is_read_only_by_default);
	ATF_TP_ADD_TC(tp, plain_root_rw);
	ATF_TP_ADD_TC(tp, overlay_is_alpine_layout_and_lower_stays_ro);
	return atf_no_error();
}
