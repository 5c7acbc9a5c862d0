/* Unit tests of lib/rootdev.c: root= specs and exact matching. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "rootdev.h"

static struct root_spec spec(const char *v)
{
	struct root_spec s;
	const char *why;

	ATF_REQUIRE_EQ_MSG(rootdev_spec_parse(v, &s, &why), 0, "%s: %s", v, why);
	return s;
}

ATF_TC_WITHOUT_HEAD(spec_kinds);
ATF_TC_BODY(spec_kinds, tc)
{
	struct root_spec s;
	const char *why;

	ATF_CHECK_EQ(spec("/dev/sda2").kind, ROOT_DEVPATH);
	ATF_CHECK_EQ(spec("UUID=ab").kind, ROOT_UUID);
	ATF_CHECK_EQ(spec("LABEL=root fs").kind, ROOT_LABEL);
	ATF_CHECK_EQ(spec("PARTUUID=1234abcd-02").kind, ROOT_PARTUUID);
	ATF_CHECK_EQ(spec("PARTLABEL=rootfs").kind, ROOT_PARTLABEL);
	s = spec("8:2");
	ATF_CHECK_EQ(s.kind, ROOT_MAJMIN);
	ATF_CHECK_EQ(s.major, 8);
	ATF_CHECK_EQ(s.minor, 2);
	ATF_CHECK_EQ(rootdev_spec_parse("", &s, &why), -EINVAL);
	ATF_CHECK_EQ(rootdev_spec_parse("LABEL=", &s, &why), -EINVAL);
	ATF_CHECK_EQ(rootdev_spec_parse("sda1", &s, &why), -EINVAL);
	ATF_CHECK_EQ(rootdev_spec_parse("8:", &s, &why), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(uuid_matches_case_insensitively_and_exactly);
ATF_TC_BODY(uuid_matches_case_insensitively_and_exactly, tc)
{
	struct blockdev d = { .name = "vda", .uuid = "0123abcd-0000-4000-8000-00000000000a" };
	struct root_spec up = spec("UUID=0123ABCD-0000-4000-8000-00000000000A");
	struct root_spec prefix = spec("UUID=0123abcd");

	ATF_CHECK(rootdev_matches(&up, &d));
	ATF_CHECK(!rootdev_matches(&prefix, &d));
}

ATF_TC_WITHOUT_HEAD(two_matches_are_refused);
ATF_TC_BODY(two_matches_are_refused, tc)
{
	struct blockdev d[3] = {
		{ .name = "vda", .label = "root" },
		{ .name = "vdb", .label = "data" },
		{ .name = "sda", .label = "root" },
	};
	struct root_spec s = spec("LABEL=root");
	struct root_spec data = spec("LABEL=data");
	struct root_spec none = spec("LABEL=Root");

	ATF_CHECK_EQ(rootdev_match(&s, d, 3), -EEXIST);
	ATF_CHECK_EQ(rootdev_match(&data, d, 3), 1);
	ATF_CHECK_EQ(rootdev_match(&none, d, 3), -ENOENT);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, spec_kinds);
	ATF_TP_ADD_TC(tp, uuid_matches_case_insensitively_and_exactly);
	ATF_TP_ADD_TC(tp, two_matches_are_refused);
	return atf_no_error();
}
