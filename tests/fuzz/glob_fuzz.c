/* libFuzzer target: lib/modules/glob.c never crashes or reads out of bounds
 * (ASan, UBSan), on any pattern and string; and where glibc's fnmatch(3)
 * and musl's read a pattern alike, it agrees with glibc's (the host's, C
 * locale: bytes). They differ on a backslash, a '-' or ']' in a set and
 * an unclosed set, so such patterns are only run, not compared; musl's
 * answers there are checked by tests/tools/glob_diff.c. Input: a
 * pattern, a newline, a string. */
#include <fnmatch.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "modules/glob.h"

#define GLOB_FUZZ_MAX 256

/* Does every '[' of p open a set of plain members, closed by a ']'? */
static int glob_fuzz_plain_sets(const char *p)
{
	if (strchr(p, '\\') || strchr(p, '-'))
		return 0;
	for (const char *q = strchr(p, '['); q; q = strchr(q + 1, '[')) {
		const char *r = q + 1;

		r += *r == '!' || *r == '^';
		if (*r == ']' || *r == '[' || strchr(r, ']') == NULL)
			return 0;
		if (memchr(r, '[', (size_t)(strchr(r, ']') - r)))
			return 0;    /* "[:", "[=", "[." and nested '[' */
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char pat[GLOB_FUZZ_MAX], str[GLOB_FUZZ_MAX];
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl ? (size_t)(nl - data) : 0;
	int got;

	if (nl == NULL || n >= sizeof(pat) || size - n - 1 >= sizeof(str))
		return 0;
	memcpy(pat, data, n);
	pat[n] = '\0';
	memcpy(str, nl + 1, size - n - 1);
	str[size - n - 1] = '\0';
	got = glob_match(pat, str);
	if (glob_fuzz_plain_sets(pat) && got != (fnmatch(pat, str, 0) == 0))
		__builtin_trap();
	return 0;
}
