/* Unit tests of lib/fail.c: the failure policy and its words. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "fail.h"

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

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, no_shell_without_rescue_even_if_image_has_one);
	ATF_TP_ADD_TC(tp, no_shell_without_one_in_the_image);
	ATF_TP_ADD_TC(tp, panic_values_say_what_happens);
	return atf_no_error();
}
