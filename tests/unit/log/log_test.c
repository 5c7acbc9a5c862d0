/* Unit tests of lib/log/log.c: the exact bytes of a record. */
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

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, record_is_prio_prefix_message_newline);
	ATF_TP_ADD_TC(tp, overlong_record_is_cut_visibly);
	return atf_no_error();
}
