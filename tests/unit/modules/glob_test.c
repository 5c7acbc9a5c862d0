/* Unit tests of lib/modules/glob.c: the matcher init uses instead of fnmatch(3)
 * (init/libc.c). The answers of the edge cases are musl's fnmatch's,
 * which tests/tools/glob_diff.c compares at large. */
#include <atf-c.h>
#include <stddef.h>

#include "modules/glob.h"

struct glob_case {
	const char *pattern, *string;
	int match;
};

static void glob_check(const struct glob_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ATF_CHECK_EQ_MSG(glob_match(c[i].pattern, c[i].string), c[i].match,
				 "pattern '%s' string '%s'", c[i].pattern, c[i].string);
}

ATF_TC_WITHOUT_HEAD(module_aliases);
ATF_TC_BODY(module_aliases, tc)
{
	static const struct glob_case c[] = {
		{ "usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*",
		  "usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00", 1 },
		{ "usb:v*p*d*dc*dsc*dp*ic08isc06ip62in*",
		  "usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00", 0 },
		{ "pci:v00008086d00002922sv*sd*bc*sc*i*",
		  "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01", 1 },
		{ "usb:v0BDAp8150d[0-2]*dc*dsc*dp*ic*isc*ip*in*",
		  "usb:v0BDAp8150d0199dc00dsc00dp00icFFiscFFip00in00", 1 },
		{ "usb:v0BDAp8150d[0-2]*dc*dsc*dp*ic*isc*ip*in*",
		  "usb:v0BDAp8150d3199dc00dsc00dp00icFFiscFFip00in00", 0 },
		{ "dmi*:svn[Ll]enovo*", "dmi:bvnX:svnlenovo:pvr", 1 },
		{ "cpu:type:x86,ven*fam*mod*:feature:*0094*",
		  "cpu:type:x86,ven0000fam0006mod0006:feature:,0000,0093,00E6", 0 },
		{ "scsi:t-0x00", "scsi:t-0x00", 1 },
		{ "scsi:t-0x0?", "scsi:t-0x05", 1 },
		{ "crc32c", "crc32c_intel", 0 },
	};
	glob_check(c, sizeof(c) / sizeof(c[0]));
}

ATF_TC_WITHOUT_HEAD(stars_and_questions);
ATF_TC_BODY(stars_and_questions, tc)
{
	static const struct glob_case c[] = {
		{ "", "", 1 }, { "", "a", 0 }, { "*", "", 1 }, { "**", "abc", 1 },
		{ "a*", "a", 1 }, { "*a", "ba", 1 }, { "*a", "ab", 0 },
		{ "a*b*c", "aXbYbZc", 1 }, { "a*b*c", "aXbYbZ", 0 },
		{ "*ab*ab", "xabyabab", 1 }, { "?", "", 0 }, { "??", "ab", 1 },
		{ "*?", "", 0 }, { "*/*", "kernel/fs", 1 },
	};
	glob_check(c, sizeof(c) / sizeof(c[0]));
}

ATF_TC_WITHOUT_HEAD(sets_and_their_edges);
ATF_TC_BODY(sets_and_their_edges, tc)
{
	static const struct glob_case c[] = {
		{ "[abc]", "b", 1 }, { "[!abc]", "b", 0 }, { "[^abc]", "d", 1 },
		{ "[a-c]", "c", 1 }, { "[a-c]", "d", 0 }, { "[!a-c]", "d", 1 },
		{ "[]]", "]", 1 }, { "[]a]", "a", 1 }, { "[!]]", "]", 0 }, { "[!]]", "x", 1 },
		{ "[-a]", "-", 1 }, { "[a-]", "-", 1 },
		/* musl: the end of a range is a member even when the range is
		 * empty, and a leading '-' also starts the range after it. */
		{ "[z-a]", "a", 1 }, { "[z-a]", "b", 0 }, { "[--*]", "-", 1 },
		/* An unclosed set is an ordinary '['. */
		{ "[a", "[a", 1 }, { "[a-", "[a-", 1 }, { "[]", "[]", 1 }, { "[!]", "[!]", 1 },
		/* A backslash escapes outside a set only. */
		{ "a\\*b", "a*b", 1 }, { "a\\*b", "aXb", 0 }, { "x\\", "x\\", 1 },
		{ "[\\]]", "]", 0 }, { "[\\]]", "\\]", 1 },
	};
	glob_check(c, sizeof(c) / sizeof(c[0]));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, module_aliases);
	ATF_TP_ADD_TC(tp, stars_and_questions);
	ATF_TP_ADD_TC(tp, sets_and_their_edges);
	return atf_no_error();
}
