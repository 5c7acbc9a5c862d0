/* Unit tests of lib/log/fail.c: the failure policy and its words. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "cmdline/cmdline.h"
#include "log/fail.h"

/* <limits.h> is shadowed by lib/util/limit.h. */
#define FT_INT_MAX __INT_MAX__
#define FT_INT_MIN (-__INT_MAX__ - 1)

static const char *text(int panic, int rescue, int shell)
{
	static char buf[256];
	struct fail_policy p = { panic, rescue, shell };

	fail_action_text(&p, buf, sizeof(buf));
	return buf;
}

ATF_TC_WITHOUT_HEAD(no_shell_without_rescue_even_if_image_has_one);
ATF_TC_BODY(no_shell_without_rescue_even_if_image_has_one, tc)
{
	struct fail_policy p = { 0, 0, 1 };

	ATF_CHECK_EQ(fail_decide(&p), FAIL_HALT);
	p.panic = 5;
	ATF_CHECK_EQ(fail_decide(&p), FAIL_REBOOT);
}

ATF_TC_WITHOUT_HEAD(no_shell_without_one_in_the_image);
ATF_TC_BODY(no_shell_without_one_in_the_image, tc)
{
	struct fail_policy p = { 0, 1, 0 };

	ATF_CHECK_EQ(fail_decide(&p), FAIL_HALT);
	ATF_CHECK(strstr(text(0, 1, 0), "--rescue-shell") != NULL);
	p.have_shell = 1;
	ATF_CHECK_EQ(fail_decide(&p), FAIL_SHELL);
	ATF_CHECK_EQ(fail_pause_s(&p), 0);
}

ATF_TC_WITHOUT_HEAD(panic_values_say_what_happens);
ATF_TC_BODY(panic_values_say_what_happens, tc)
{
	struct fail_policy now = { -1, 0, 0 }, later = { 5, 0, 0 }, halt = { 0, 0, 0 };

	ATF_CHECK_STREQ(text(5, 0, 0), "rebooting in 15 s (panic=5)");
	ATF_CHECK_STREQ(text(-1, 0, 0), "rebooting now (panic=-1)");
	ATF_CHECK_STREQ(text(0, 0, 0), "halting; add panic=N to the command line to reboot after N s");
	ATF_CHECK_EQ(fail_pause_s(&now), 0);
	ATF_CHECK_EQ(fail_pause_s(&later), FAIL_PAUSE_S);
	ATF_CHECK_EQ(fail_pause_s(&halt), FAIL_PAUSE_S);
}

/* panic=2147483647 once printed "rebooting in -2147483639 s" (and UBSan
 * flagged the sum): the text never adds past the kernel's own limit. */
ATF_TC_WITHOUT_HEAD(panic_int_max_does_not_overflow);
ATF_TC_BODY(panic_int_max_does_not_overflow, tc)
{
	struct fail_policy p = { FT_INT_MAX, 0, 0 };

	ATF_CHECK_EQ(fail_decide(&p), FAIL_REBOOT);
	ATF_CHECK_EQ(fail_pause_s(&p), FAIL_PAUSE_S);
	ATF_CHECK_STREQ(text(FT_INT_MAX, 0, 0), "rebooting in 10 s or more (panic=2147483647 "
			"is more than the kernel counts right, 2147483 s: its wait may be cut short)");
	ATF_CHECK(strchr(text(FT_INT_MAX - 9, 0, 0), '-') == NULL);
}

/* The kernel counts panic * 1000 ms in an int: 2147483 s is the last
 * value it waits out in full, and the last one the text adds up. */
ATF_TC_WITHOUT_HEAD(panic_kernel_limit_is_exact);
ATF_TC_BODY(panic_kernel_limit_is_exact, tc)
{
	ATF_CHECK_EQ(FAIL_PANIC_MAX_S, 2147483);
	ATF_CHECK_STREQ(text(2147483, 0, 0), "rebooting in 2147493 s (panic=2147483)");
	ATF_CHECK_STREQ(text(2147484, 0, 0), "rebooting in 10 s or more (panic=2147484 "
			"is more than the kernel counts right, 2147483 s: its wait may be cut short)");
	ATF_CHECK_STREQ(text(1, 1, 0), "rebooting in 11 s (panic=1)");
}

ATF_TC_WITHOUT_HEAD(panic_negative_extremes_reboot_now);
ATF_TC_BODY(panic_negative_extremes_reboot_now, tc)
{
	struct fail_policy min = { FT_INT_MIN, 0, 0 }, big = { -1000000000, 0, 0 };

	ATF_CHECK_EQ(fail_decide(&min), FAIL_NOW);
	ATF_CHECK_EQ(fail_pause_s(&min), 0);
	ATF_CHECK_STREQ(text(FT_INT_MIN, 0, 0), "rebooting now (panic=-2147483648)");
	ATF_CHECK_EQ(fail_decide(&big), FAIL_NOW);
	ATF_CHECK_EQ(fail_pause_s(&big), 0);
	ATF_CHECK_STREQ(text(-1000000000, 0, 0), "rebooting now (panic=-1000000000)");
	ATF_CHECK_STREQ(text(-FT_INT_MAX, 0, 0), "rebooting now (panic=-2147483647)");
}

ATF_TC_WITHOUT_HEAD(panic_zero_halts_after_the_pause);
ATF_TC_BODY(panic_zero_halts_after_the_pause, tc)
{
	struct fail_policy p = { 0, 0, 0 };

	ATF_CHECK_EQ(fail_decide(&p), FAIL_HALT);
	ATF_CHECK_EQ(fail_pause_s(&p), FAIL_PAUSE_S);
	ATF_CHECK_STREQ(text(0, 1, 0), "halting; add panic=N to the command line to reboot "
			"after N s (rescue: no shell in this image; build it with "
			"ovlinit-mkinitfs --rescue-shell)");
	ATF_CHECK_STREQ(text(FT_INT_MAX, 1, 1), "starting a rescue shell on the console "
			"(rescue); leave it to retry this step");
}

/* The length returned is what is in buf, whatever the cap. */
ATF_TC_WITHOUT_HEAD(text_is_cut_to_the_buffer);
ATF_TC_BODY(text_is_cut_to_the_buffer, tc)
{
	struct fail_policy p = { FT_INT_MAX, 0, 0 };
	char buf[8];

	ATF_CHECK_EQ(fail_action_text(&p, buf, sizeof(buf)), 7);
	ATF_CHECK_STREQ(buf, "rebooti");
	ATF_CHECK_EQ(fail_action_text(&p, buf, 0), 0);
}

/* What the kernel accepts as panic= (an int, kstrtoint) is read, no
 * more: INT_MIN is a number, one past either end is not. */
ATF_TC_WITHOUT_HEAD(panic_parse_takes_the_int_range);
ATF_TC_BODY(panic_parse_takes_the_int_range, tc)
{
	static const struct { const char *text; int set, value; } cases[] = {
		{ "root=/dev/vda panic=2147483647", 1, FT_INT_MAX },
		{ "root=/dev/vda panic=-2147483648", 1, FT_INT_MIN },
		{ "root=/dev/vda panic=2147483648", 0, 0 },
		{ "root=/dev/vda panic=-2147483649", 0, 0 },
		{ "root=/dev/vda panic=99999999999999999999", 0, 0 },
		{ "root=/dev/vda panic=-99999999999999999999", 0, 0 },
		{ "root=/dev/vda panic=0", 1, 0 },
	};
	static struct boot_opts o;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ATF_CHECK_EQ_MSG(cmdline_parse(cases[i].text, strlen(cases[i].text), &o), 0,
				 "%s", cases[i].text);
		ATF_CHECK_EQ_MSG(o.panic_set, cases[i].set, "%s", cases[i].text);
		ATF_CHECK_EQ_MSG(o.panic, cases[i].value, "%s", cases[i].text);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, no_shell_without_rescue_even_if_image_has_one);
	ATF_TP_ADD_TC(tp, no_shell_without_one_in_the_image);
	ATF_TP_ADD_TC(tp, panic_values_say_what_happens);
	ATF_TP_ADD_TC(tp, panic_int_max_does_not_overflow);
	ATF_TP_ADD_TC(tp, panic_kernel_limit_is_exact);
	ATF_TP_ADD_TC(tp, panic_negative_extremes_reboot_now);
	ATF_TP_ADD_TC(tp, panic_zero_halts_after_the_pause);
	ATF_TP_ADD_TC(tp, text_is_cut_to_the_buffer);
	ATF_TP_ADD_TC(tp, panic_parse_takes_the_int_range);
	return atf_no_error();
}
