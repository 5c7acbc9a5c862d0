/* Unit tests of lib/util/text.c: the helpers the command line, the
 * cmdline.txt editor, the module names and the logger share. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "util/text.h"

ATF_TC_WITHOUT_HEAD(space_is_the_kernels_isspace);
ATF_TC_BODY(space_is_the_kernels_isspace, tc)
{
	static const char yes[] = " \t\n\r\v\f\xa0";

	for (size_t i = 0; i < sizeof(yes) - 1; i++)
		ATF_CHECK(text_space(yes[i]));
	for (int c = 1; c < 256; c++)
		if (!memchr(yes, c, sizeof(yes) - 1))
			ATF_CHECK_MSG(!text_space((char)c), "byte 0x%02x", c);
	ATF_CHECK(!text_space('\0'));
}

ATF_TC_WITHOUT_HEAD(dash_and_underscore_are_the_same);
ATF_TC_BODY(dash_and_underscore_are_the_same, tc)
{
	ATF_CHECK(text_dash_same("sd-mod", "sd_mod"));
	ATF_CHECK(text_dash_same("usb_storage", "usb-storage"));
	ATF_CHECK(!text_dash_same("sd_mod", "sd_mo"));
	ATF_CHECK(!text_dash_same("sd", "sd_mod"));
	ATF_CHECK(!text_dash_same("sd.mod", "sd_mod"));
	ATF_CHECK(text_dash_eq("root-wait=1", 9, "root_wait", 9));
	ATF_CHECK(!text_dash_eq("rootwait", 8, "root_wait", 9));
	ATF_CHECK(text_dash_eq("", 0, "", 0));
}

ATF_TC_WITHOUT_HEAD(escape_hides_control_bytes_and_backslash);
ATF_TC_BODY(escape_hides_control_bytes_and_backslash, tc)
{
	char out[64];

	ATF_CHECK_EQ(text_escape(out, sizeof(out), "a b\n\\\x1b[0m\xff", 10, TEXT_ESC_SPACE), 0);
	ATF_CHECK_STREQ(out, "a\\x20b\\x0a\\x5c\\x1b[0m\\xff");
	ATF_CHECK_EQ(text_escape(out, sizeof(out), "a b\n\\\x1b[0m\xff", 10, 0), 0);
	ATF_CHECK_STREQ(out, "a b\\x0a\\x5c\\x1b[0m\\xff");
	ATF_CHECK_EQ(text_escape(out, sizeof(out), "x\0y", 3, 0), 0);
	ATF_CHECK_STREQ(out, "x\\x00y");
}

ATF_TC_WITHOUT_HEAD(escape_keeps_whole_escapes_and_reports_a_cut);
ATF_TC_BODY(escape_keeps_whole_escapes_and_reports_a_cut, tc)
{
	char out[6];

	ATF_CHECK_EQ(text_escape(out, sizeof(out), "\n\n", 2, 0), -ENAMETOOLONG);
	ATF_CHECK_STREQ(out, "\\x0a");
	ATF_CHECK_EQ(text_escape(out, sizeof(out), "abcdef", 6, 0), -ENAMETOOLONG);
	ATF_CHECK_STREQ(out, "abcde");
	ATF_CHECK_EQ(text_escape(out, sizeof(out), "abcde", 5, 0), 0);
	ATF_CHECK_EQ(text_escape(out, 0, "a", 1, 0), -ENAMETOOLONG);
}

ATF_TC_WITHOUT_HEAD(word_in_a_list);
ATF_TC_BODY(word_in_a_list, tc)
{
	ATF_CHECK(text_list_has("base ext4  virtio", " ", "virtio"));
	ATF_CHECK(text_list_has("base\text4\nvirtio", " \t\n", "ext4"));
	ATF_CHECK(!text_list_has("base ext4", " ", "ext"));
	ATF_CHECK(!text_list_has("base ext4", " ", "ext44"));
	ATF_CHECK(text_list_has("rw,relatime,errors=remount-ro", ",", "relatime"));
	ATF_CHECK(!text_list_has("rw,relatime", ",", "rw,relatime"));
	ATF_CHECK(!text_list_has("", " ", "x"));
	ATF_CHECK(!text_list_has("a  b", " ", ""));
	ATF_CHECK(!text_list_has(NULL, " ", "a"));
}

ATF_TC_WITHOUT_HEAD(lines_with_and_without_a_final_newline);
ATF_TC_BODY(lines_with_and_without_a_final_newline, tc)
{
	static const char text[] = "one\n\nthree";
	const char *line;
	size_t pos = 0, n;

	ATF_REQUIRE(text_line(text, sizeof(text) - 1, &pos, &line, &n));
	ATF_CHECK(n == 3 && memcmp(line, "one", 3) == 0);
	ATF_REQUIRE(text_line(text, sizeof(text) - 1, &pos, &line, &n));
	ATF_CHECK_EQ(n, 0);
	ATF_REQUIRE(text_line(text, sizeof(text) - 1, &pos, &line, &n));
	ATF_CHECK(n == 5 && memcmp(line, "three", 5) == 0);
	ATF_CHECK(!text_line(text, sizeof(text) - 1, &pos, &line, &n));
	pos = 0;
	ATF_REQUIRE(text_line("a\n", 2, &pos, &line, &n));
	ATF_CHECK(!text_line("a\n", 2, &pos, &line, &n));
	pos = 0;
	ATF_CHECK(!text_line("", 0, &pos, &line, &n));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, space_is_the_kernels_isspace);
	ATF_TP_ADD_TC(tp, dash_and_underscore_are_the_same);
	ATF_TP_ADD_TC(tp, escape_hides_control_bytes_and_backslash);
	ATF_TP_ADD_TC(tp, escape_keeps_whole_escapes_and_reports_a_cut);
	ATF_TP_ADD_TC(tp, word_in_a_list);
	ATF_TP_ADD_TC(tp, lines_with_and_without_a_final_newline);
	return atf_no_error();
}
