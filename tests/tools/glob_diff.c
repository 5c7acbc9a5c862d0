/* lib/modules/glob.c against musl's fnmatch(3), the function init's link
 * replaces with it (init/libc.c): built with musl-gcc, run on the host.
 *
 *   glob_diff MODULES.ALIAS
 *
 * 1. Every pattern of a kernel's modules.alias against strings made from
 *    it (each '*', '?' and set filled in at random, sometimes one byte
 *    changed), so matches and near misses both occur.
 * 2. Two million random patterns and strings over a small alphabet of
 *    the special characters ("*?[]!^-\\" and two letters), where the
 *    edge cases live: unclosed sets, a ']' first in a set, backslashes.
 * Prints the first mismatches and the counts; exit 1 on any mismatch. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/glob.h"

static unsigned long long glob_diff_seed = 88172645463325252ULL;
static long glob_diff_cases, glob_diff_matches, glob_diff_bad;

static unsigned glob_diff_rand(unsigned n)
{
	glob_diff_seed ^= glob_diff_seed << 13;
	glob_diff_seed ^= glob_diff_seed >> 7;
	glob_diff_seed ^= glob_diff_seed << 17;
	return (unsigned)(glob_diff_seed % n);
}

static void glob_diff_one(const char *pat, const char *str)
{
	int want = fnmatch(pat, str, 0) == 0, got = glob_match(pat, str);

	glob_diff_cases++;
	glob_diff_matches += want;
	if (want != got && glob_diff_bad++ < 10)
		printf("MISMATCH pattern '%s' string '%s': musl %d, glob_match %d\n",
		       pat, str, want, got);
}

/* A string the pattern could match: wildcards filled in at random. */
static void glob_diff_fill(const char *p, char *out, size_t cap)
{
	static const char any[] = "0123456789ABCDEFabcdefgsvnmodp:,*-";
	size_t o = 0;

	for (; *p && o + 8 < cap; p++) {
		if (*p == '*')
			for (unsigned n = glob_diff_rand(4); n > 0; n--)
				out[o++] = any[glob_diff_rand(sizeof(any) - 1)];
		else if (*p == '?')
			out[o++] = any[glob_diff_rand(sizeof(any) - 1)];
		else if (*p == '[' && strchr(p, ']')) {
			out[o++] = p[1 + glob_diff_rand((unsigned)(strchr(p + 1, ']') - p - 1) + 1)];
			p = strchr(p + 1, ']');
		} else
			out[o++] = *p;
	}
	if (o > 0 && glob_diff_rand(4) == 0)
		out[glob_diff_rand((unsigned)o)] = any[glob_diff_rand(sizeof(any) - 1)];
	out[o] = '\0';
}

static int glob_diff_aliases(const char *path)
{
	char line[1024], str[1024];
	FILE *f = fopen(path, "r");
	long patterns = 0;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *pat = line + 6, *sp = strchr(pat, ' ');

		if (strncmp(line, "alias ", 6) != 0 || sp == NULL)
			continue;
		*sp = '\0';
		patterns++;
		for (int i = 0; i < 4; i++) {
			glob_diff_fill(pat, str, sizeof(str));
			glob_diff_one(pat, str);
		}
	}
	fclose(f);
	return patterns > 1000 ? 0 : -1;    /* a kernel's file has thousands */
}

static void glob_diff_random(long n)
{
	static const char alpha[] = "*?[]!^-\\ab";
	char pat[13], str[11];

	while (n-- > 0) {
		unsigned lp = glob_diff_rand(sizeof(pat)), ls = glob_diff_rand(sizeof(str));

		for (unsigned i = 0; i < lp; i++)
			pat[i] = alpha[glob_diff_rand(sizeof(alpha) - 1)];
		for (unsigned i = 0; i < ls; i++)
			str[i] = alpha[glob_diff_rand(sizeof(alpha) - 1)];
		pat[lp] = str[ls] = '\0';
		glob_diff_one(pat, str);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: glob_diff MODULES.ALIAS\n");
		return 2;
	}
	if (glob_diff_aliases(argv[1]) < 0) {
		fprintf(stderr, "glob_diff: %s: not a kernel's modules.alias\n", argv[1]);
		return 1;
	}
	glob_diff_random(2000000);
	printf("%ld cases, %ld matches, %ld mismatches\n", glob_diff_cases, glob_diff_matches,
	       glob_diff_bad);
	return glob_diff_bad ? 1 : 0;
}
