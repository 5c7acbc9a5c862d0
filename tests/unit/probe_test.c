/* Unit tests of the probes over images made by the real mkfs tools in
 * the test's work directory. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

static uint8_t image[1 << 20];

static struct probe_buf load(const char *cmd)
{
	struct probe_buf b = { image, 0 };
	FILE *f;

	ATF_REQUIRE_EQ_MSG(system(cmd), 0, "%s", cmd);
	f = fopen("img", "rb");
	ATF_REQUIRE(f != NULL);
	b.len = fread(image, 1, sizeof(image), f);
	fclose(f);
	return b;
}

ATF_TC_WITHOUT_HEAD(ext4_uuid_and_label);
ATF_TC_BODY(ext4_uuid_and_label, tc)
{
	struct probe_buf b = load("truncate -s 8M img && mkfs.ext4 -q -F "
				  "-U 0123abcd-0000-4000-8000-00000000000a -L 'my root' img");
	struct probe_src src;
	struct blockdev d = { 0 };

	probe_src_buf(&src, &b);
	ATF_REQUIRE_EQ(probe_filesystem(&src, &d), 1);
	ATF_CHECK_STREQ(d.type, "ext4");
	ATF_CHECK_STREQ(d.uuid, "0123abcd-0000-4000-8000-00000000000a");
	ATF_CHECK_STREQ(d.label, "my root");
}

ATF_TC_WITHOUT_HEAD(ext2_is_told_apart);
ATF_TC_BODY(ext2_is_told_apart, tc)
{
	struct probe_buf b = load("truncate -s 8M img && mkfs.ext2 -q -F img");
	struct probe_src src;
	struct blockdev d = { 0 };

	probe_src_buf(&src, &b);
	ATF_REQUIRE_EQ(probe_filesystem(&src, &d), 1);
	ATF_CHECK_STREQ(d.type, "ext2");
}

ATF_TC_WITHOUT_HEAD(flipped_magic_does_not_match);
ATF_TC_BODY(flipped_magic_does_not_match, tc)
{
	struct probe_buf b = load("truncate -s 8M img && mkfs.ext4 -q -F img");
	struct probe_src src;
	struct blockdev d = { 0 };

	image[1024 + 0x38] ^= 0xff;
	probe_src_buf(&src, &b);
	ATF_CHECK_EQ(probe_filesystem(&src, &d), 0);
}

ATF_TC_WITHOUT_HEAD(truncated_image_does_not_match);
ATF_TC_BODY(truncated_image_does_not_match, tc)
{
	struct probe_buf b = load("truncate -s 8M img && mkfs.ext4 -q -F img");
	struct probe_src src;
	struct blockdev d = { 0 };

	b.len = 1500;
	probe_src_buf(&src, &b);
	ATF_CHECK_EQ(probe_filesystem(&src, &d), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, ext4_uuid_and_label);
	ATF_TP_ADD_TC(tp, ext2_is_told_apart);
	ATF_TP_ADD_TC(tp, flipped_magic_does_not_match);
	ATF_TP_ADD_TC(tp, truncated_image_does_not_match);
	return atf_no_error();
}
