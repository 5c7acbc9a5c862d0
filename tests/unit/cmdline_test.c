/* Unit tests of lib/cmdline.c: the tokenizer and the option parser. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "cmdline.h"

static int parse(const char *text, struct boot_opts *o)
{
	return cmdline_parse(text, strlen(text), o);
}

ATF_TC_WITHOUT_HEAD(quotes_are_removed_and_group_spaces);
ATF_TC_BODY(quotes_are_removed_and_group_spaces, tc)
{
	const char *text = "acpi_osi=\"!Windows 2006\" ro\n";
	struct cmdline_tok t;
	size_t pos = 0;

	ATF_REQUIRE_EQ(cmdline_next(text, strlen(text), &pos, &t), 1);
	ATF_CHECK_STREQ(t.word, "acpi_osi");
	ATF_CHECK_STREQ(t.val, "!Windows 2006");
	ATF_CHECK_EQ(t.start, 0);
	ATF_CHECK_EQ(t.end, 24);
	ATF_REQUIRE_EQ(cmdline_next(text, strlen(text), &pos, &t), 1);
	ATF_CHECK_STREQ(t.word, "ro");
	ATF_CHECK(t.val == NULL);
	ATF_CHECK_EQ(cmdline_next(text, strlen(text), &pos, &t), 0);
}

ATF_TC_WITHOUT_HEAD(alpine_pi_line);
ATF_TC_BODY(alpine_pi_line, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=UUID=0123abcd-0000-4000-8000-00000000000a "
			     "modules=sd-mod,usb-storage,ext4 quiet rootfstype=ext4 "
			     "overlaytmpfs=yes\n", &o), 0);
	ATF_CHECK_EQ(o.root.kind, ROOT_UUID);
	ATF_CHECK_STREQ(o.root.value, "0123abcd-0000-4000-8000-00000000000a");
	ATF_REQUIRE_EQ(o.n_modules, 3);
	ATF_CHECK_STREQ(o.modules[0], "sd-mod");
	ATF_CHECK_STREQ(o.modules[2], "ext4");
	ATF_CHECK_STREQ(o.rootfstype, "ext4");
	ATF_CHECK_EQ(o.overlay, 1);
	ATF_CHECK_EQ(o.quiet, 1);
	ATF_CHECK_STREQ(o.init, "/sbin/init");
	ATF_CHECK_EQ(o.root_wait, ROOT_WAIT_DEFAULT);
}

ATF_TC_WITHOUT_HEAD(later_option_overrides_earlier);
ATF_TC_BODY(later_option_overrides_earlier, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("overlaytmpfs nooverlaytmpfs root=/dev/sda1 root=LABEL=x rw ro", &o), 0);
	ATF_CHECK_EQ(o.overlay, 0);
	ATF_CHECK_EQ(o.root.kind, ROOT_LABEL);
	ATF_CHECK_EQ(o.rw, 0);
}

ATF_TC_WITHOUT_HEAD(words_after_double_dash_are_not_parsed);
ATF_TC_BODY(words_after_double_dash_are_not_parsed, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda -- overlaytmpfs single", &o), 0);
	ATF_CHECK_EQ(o.overlay, 0);
	ATF_CHECK_EQ(o.n_init_args, 2);
}

ATF_TC_WITHOUT_HEAD(empty_root_uuid_is_an_error);
ATF_TC_BODY(empty_root_uuid_is_an_error, tc)
{
	struct boot_opts o;

	ATF_CHECK_EQ(parse("root=UUID= quiet", &o), -EINVAL);
	ATF_REQUIRE_EQ(o.n_notes, 1);
	ATF_CHECK_EQ(o.notes[0].level, NOTE_ERROR);
	ATF_CHECK(strstr(o.notes[0].text, "root=UUID=") != NULL);
}

ATF_TC_WITHOUT_HEAD(unknown_overlay_value_enables_with_warning);
ATF_TC_BODY(unknown_overlay_value_enables_with_warning, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("overlaytmpfs=ja", &o), 0);
	ATF_CHECK_EQ(o.overlay, 1);
	ATF_REQUIRE_EQ(o.n_notes, 1);
	ATF_CHECK_EQ(o.notes[0].level, NOTE_WARN);
}

ATF_TC_WITHOUT_HEAD(relative_init_is_an_error);
ATF_TC_BODY(relative_init_is_an_error, tc)
{
	struct boot_opts o;

	ATF_CHECK_EQ(parse("root=/dev/vda init=sbin/init", &o), -EINVAL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, quotes_are_removed_and_group_spaces);
	ATF_TP_ADD_TC(tp, alpine_pi_line);
	ATF_TP_ADD_TC(tp, later_option_overrides_earlier);
	ATF_TP_ADD_TC(tp, words_after_double_dash_are_not_parsed);
	ATF_TP_ADD_TC(tp, empty_root_uuid_is_an_error);
	ATF_TP_ADD_TC(tp, unknown_overlay_value_enables_with_warning);
	ATF_TP_ADD_TC(tp, relative_init_is_an_error);
	return atf_no_error();
}
