/* Unit tests of lib/log/log.c: the exact bytes of a record, and escaping. */
#include <atf-c.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "log/log.h"

static size_t fmt(char *buf, size_t cap, int prio, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = log_format(buf, cap, prio, f, ap);
	va_end(ap);
	return n;
}

ATF_TC_WITHOUT_HEAD(record_is_prio_prefix_message_newline);
ATF_TC_BODY(record_is_prio_prefix_message_newline, tc)
{
	char buf[128];

	ATF_CHECK_EQ(fmt(buf, sizeof(buf), LOG_ERR, "no root %s", "here"), 25);
	ATF_CHECK_STREQ(buf, "<3>ovlinit: no root here\n");
}

ATF_TC_WITHOUT_HEAD(overlong_record_is_cut_visibly);
ATF_TC_BODY(overlong_record_is_cut_visibly, tc)
{
	char buf[40];
	size_t n = fmt(buf, sizeof(buf), LOG_INFO, "%s", "0123456789012345678901234567890123456789");

	ATF_CHECK_EQ(n, sizeof(buf) - 1);
	ATF_CHECK_EQ(strlen(buf), n);
	ATF_CHECK_STREQ(buf + n - 4, "...\n");
}

ATF_TC_WITHOUT_HEAD(escape_hides_control_bytes_and_backslash);
ATF_TC_BODY(escape_hides_control_bytes_and_backslash, tc)
{
	char out[64];

	ATF_CHECK_EQ(log_escape(out, sizeof(out), "a b\n\\\x1b[0m\xff", 10), 0);
	ATF_CHECK_STREQ(out, "a\\x20b\\x0a\\x5c\\x1b[0m\\xff");
}

ATF_TC_WITHOUT_HEAD(escape_reports_overflow);
ATF_TC_BODY(escape_reports_overflow, tc)
{
	char out[6];

	ATF_CHECK_EQ(log_escape(out, sizeof(out), "\n\n", 2), -ENAMETOOLONG);
	ATF_CHECK_STREQ(out, "\\x0a");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, record_is_prio_prefix_message_newline);
	ATF_TP_ADD_TC(tp, overlong_record_is_cut_visibly);
	ATF_TP_ADD_TC(tp, escape_hides_control_bytes_and_backslash);
	ATF_TP_ADD_TC(tp, escape_reports_overflow);
	return atf_no_error();
}
