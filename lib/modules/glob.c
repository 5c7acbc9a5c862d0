/* See glob.h. Sets are read as musl's fnmatch reads them (src/regex/
 * fnmatch.c, pat_next and match_bracket), quirks included, since init
 * used that function before; tests/tools/glob_diff.c compares the two.
 * The matcher remembers only the last '*': on a mismatch the star takes
 * one more character and matching resumes after it. That is enough for
 * patterns without nested structure (a later star can only widen what
 * an earlier one takes), and it never recurses. */
#include "modules/glob.h"

#include <stddef.h>
#include <string.h>

/* The ']' that closes the set opening at p: the first one after an
 * optional '!' or '^' and a ']' right after them. NULL if none: then
 * the '[' is an ordinary character. */
static const char *glob_set_end(const char *p)
{
	p++;
	p += *p == '!' || *p == '^';
	p += *p == ']';
	return strchr(p, ']');
}

/* Does the set p..end (p just after '[', end at its ']') take c? A
 * leading ']' or '-' is a member; "-y" makes a range from the member
 * before it to y, and y is then a member too (so "[z-a]" takes 'a'). */
static int glob_set_has(const char *p, const char *end, unsigned char c)
{
	int neg = *p == '!' || *p == '^';
	unsigned char prev;

	p += neg;
	if (*p == ']' || *p == '-') {
		if (c == (unsigned char)*p)
			return !neg;
		p++;
	}
	prev = (unsigned char)p[-1];
	for (; p < end; p++) {
		if (*p == '-' && p + 1 < end) {
			if (prev <= c && c <= (unsigned char)p[1])
				return !neg;
			continue;
		}
		prev = (unsigned char)*p;
		if (prev == c)
			return !neg;
	}
	return neg;
}

/* Does the element at p (not '*', not the end) take c? Returns the
 * position after it, or NULL. */
static const char *glob_one(const char *p, unsigned char c)
{
	const char *end;

	if (*p == '?')
		return p + 1;
	if (*p == '[' && (end = glob_set_end(p)) != NULL)
		return glob_set_has(p + 1, end, c) ? end + 1 : NULL;
	if (*p == '\\' && p[1])
		p++;
	return (unsigned char)*p == c ? p + 1 : NULL;
}

int glob_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL, *next;

	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		if (*s == '\0')
			return *p == '\0';
		if (*p && (next = glob_one(p, (unsigned char)*s)) != NULL) {
			p = next;
			s++;
			continue;
		}
		if (star_p == NULL)
			return 0;
		p = star_p;
		s = ++star_s;
	}
}
