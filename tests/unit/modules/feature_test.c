/* Unit tests of lib/modules/feature.c (feature-file lines) and lib/util/strset.c. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "modules/feature.h"
#include "util/strset.h"

static int next(struct feature_reader *r, struct feature_entry *e)
{
	return feature_next(r, e);
}

ATF_TC_WITHOUT_HEAD(entries_skip_comments_and_blanks);
ATF_TC_BODY(entries_skip_comments_and_blanks, tc)
{
	const char *text = "# SATA\n\n  ahci  # AHCI controllers\r\n\t?sdhci-iproc\nkernel/drivers/ata/*.ko";
	struct feature_reader r;
	struct feature_entry e;

	feature_reader_init(&r, text, strlen(text));
	ATF_REQUIRE_EQ(next(&r, &e), 1);
	ATF_CHECK_STREQ(e.text, "ahci");
	ATF_CHECK_EQ(e.flags, 0);
	ATF_CHECK_EQ(e.line, 3);
	ATF_REQUIRE_EQ(next(&r, &e), 1);
	ATF_CHECK_STREQ(e.text, "sdhci-iproc");
	ATF_CHECK_EQ(e.flags, FEATURE_OPTIONAL);
	ATF_CHECK_EQ(e.line, 4);
	ATF_REQUIRE_EQ(next(&r, &e), 1);
	ATF_CHECK_STREQ(e.text, "kernel/drivers/ata/*.ko");
	ATF_CHECK_EQ(e.flags, FEATURE_GLOB);
	ATF_CHECK_EQ(next(&r, &e), 0);
	ATF_CHECK_EQ(next(&r, &e), 0);
}

ATF_TC_WITHOUT_HEAD(bad_entries_are_errors_with_their_line);
ATF_TC_BODY(bad_entries_are_errors_with_their_line, tc)
{
	const char *text = "ok\ntwo words\n?\n../x/y\n/abs/glob\nok2\n";
	struct feature_reader r;
	struct feature_entry e;

	feature_reader_init(&r, text, strlen(text));
	ATF_REQUIRE_EQ(next(&r, &e), 1);
	ATF_CHECK_EQ(next(&r, &e), -EINVAL);
	ATF_CHECK_EQ(e.line, 2);
	ATF_CHECK_EQ(next(&r, &e), -EINVAL);
	ATF_CHECK_EQ(e.line, 3);
	ATF_CHECK_EQ(next(&r, &e), -EINVAL);
	ATF_CHECK_EQ(next(&r, &e), -EINVAL);
	ATF_REQUIRE_EQ(next(&r, &e), 1);
	ATF_CHECK_STREQ(e.text, "ok2");
}

ATF_TC_WITHOUT_HEAD(overlong_entry_is_an_error_not_cut);
ATF_TC_BODY(overlong_entry_is_an_error_not_cut, tc)
{
	char text[FEATURE_ENTRY_MAX + 8];
	struct feature_reader r;
	struct feature_entry e;

	memset(text, 'a', FEATURE_ENTRY_MAX);
	memcpy(text + FEATURE_ENTRY_MAX, "\nb", 3);
	feature_reader_init(&r, text, strlen(text));
	ATF_CHECK_EQ(next(&r, &e), -ENAMETOOLONG);
	ATF_REQUIRE_EQ(next(&r, &e), 1);
	ATF_CHECK_STREQ(e.text, "b");
}

ATF_TC_WITHOUT_HEAD(feature_names_are_file_name_safe);
ATF_TC_BODY(feature_names_are_file_name_safe, tc)
{
	ATF_CHECK(feature_name_ok("ext4"));
	ATF_CHECK(feature_name_ok("my-usb_2"));
	ATF_CHECK(!feature_name_ok(""));
	ATF_CHECK(!feature_name_ok("../x"));
	ATF_CHECK(!feature_name_ok("a.b"));
	ATF_CHECK(!feature_name_ok("Ext4"));
}

ATF_TC_WITHOUT_HEAD(strset_keeps_one_sorted_copy);
ATF_TC_BODY(strset_keeps_one_sorted_copy, tc)
{
	struct strset s = { 0 };
	char buf[8] = "b";

	ATF_CHECK_EQ(strset_add(&s, buf), 1);
	buf[0] = 'x';   /* the set holds its own copy */
	ATF_CHECK_EQ(strset_add(&s, "a"), 1);
	ATF_CHECK_EQ(strset_add(&s, "c"), 1);
	ATF_CHECK_EQ(strset_add(&s, "b"), 0);
	ATF_REQUIRE_EQ(s.n, 3);
	ATF_CHECK_STREQ(s.v[0], "a");
	ATF_CHECK_STREQ(s.v[1], "b");
	ATF_CHECK_STREQ(s.v[2], "c");
	ATF_CHECK(strset_has(&s, "c"));
	ATF_CHECK(!strset_has(&s, "x"));
	for (int i = 0; i < 100; i++) {
		char k[8];
		snprintf(k, sizeof(k), "k%03d", 99 - i);
		ATF_REQUIRE_EQ(strset_add(&s, k), 1);
	}
	for (size_t i = 1; i < s.n; i++)
		ATF_CHECK(strcmp(s.v[i - 1], s.v[i]) < 0);
	strset_free(&s);
	ATF_CHECK_EQ(s.n, 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, entries_skip_comments_and_blanks);
	ATF_TP_ADD_TC(tp, bad_entries_are_errors_with_their_line);
	ATF_TP_ADD_TC(tp, overlong_entry_is_an_error_not_cut);
	ATF_TP_ADD_TC(tp, feature_names_are_file_name_safe);
	ATF_TP_ADD_TC(tp, strset_keeps_one_sorted_copy);
	return atf_no_error();
}
