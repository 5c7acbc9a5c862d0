/* See modname.h. */
#include "modules/modname.h"

#include <errno.h>
#include <fnmatch.h>
#include <string.h>

#include "util/text.h"

int modname_find(const char (*list)[MODULE_NAME_MAX], int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (text_dash_same(list[i], name))
			return i;
	return -1;
}

/* Does the line "MODULE PATTERN" name module? Then copy PATTERN into
 * pat (NUL-terminated) and return 1. */
static int modname_cpu_line(const char *line, size_t len, const char *module,
			    char *pat, size_t cap)
{
	const char *sp = memchr(line, ' ', len);
	char name[MODULE_NAME_MAX];
	size_t n = sp ? (size_t)(sp - line) : 0;

	if (n == 0 || n >= sizeof(name) || len - n - 1 >= cap)
		return 0;
	memcpy(name, line, n);
	name[n] = '\0';
	if (!text_dash_same(name, module))
		return 0;
	memcpy(pat, sp + 1, len - n - 1);
	pat[len - n - 1] = '\0';
	return 1;
}

int modname_cpu_unfit(const char *text, size_t len, const char *module, const char *cpu)
{
	char pat[512];
	const char *line;
	size_t pos = 0;
	int named = 0;

	if (cpu == NULL || strncmp(cpu, "cpu:", 4) != 0)
		return 0;
	for (size_t n; text_line(text, len, &pos, &line, &n); ) {
		if (!modname_cpu_line(line, n, module, pat, sizeof(pat)))
			continue;
		if (fnmatch(pat, cpu, 0) == 0)
			return 0;
		named = 1;
	}
	return named;
}

int modname_of_path(const char *word, size_t len, char *out, size_t cap)
{
	const char *slash = memchr(word, '/', len);
	const char *ko;

	while (slash) {
		len -= (size_t)(slash + 1 - word);
		word = slash + 1;
		slash = memchr(word, '/', len);
	}
	for (ko = word; ko + 3 <= word + len; ko++)
		if (memcmp(ko, ".ko", 3) == 0 && (ko + 3 == word + len || ko[3] == '.'))
			len = (size_t)(ko - word);
	if (len == 0 || len >= cap)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++)
		out[i] = word[i] == '-' ? '_' : word[i];
	out[len] = '\0';
	return 0;
}

static int modname_glob(const char *s, size_t len)
{
	return memchr(s, '*', len) || memchr(s, '?', len) || memchr(s, '[', len);
}

/* Does the line "FEATURE MODULE" list module (underscored)? Sets
 * *feat and *flen to the feature word. A glob in a path (kernel/fs/ and a star)
 * cannot be matched without the module tree and is skipped. */
static int modname_line(const char *line, size_t len, const char *module,
			const char **feat, size_t *flen)
{
	static const char blank[] = " \t\r";  /* strchr also finds NUL */
	char entry[MODULE_NAME_MAX * 4];
	size_t f = 0, m;

	while (len > 0 && strchr(blank, line[len - 1]))
		len--;
	while (f < len && !strchr(blank, line[f]))
		f++;
	for (m = f; m < len && strchr(blank, line[m]); m++)
		;
	if (f == 0 || line[0] == '#' || m == len)
		return 0;
	if (memchr(line + m, '/', len - m) && modname_glob(line + m, len - m))
		return 0;
	if (modname_of_path(line + m, len - m, entry, sizeof(entry)) < 0)
		return 0;
	*feat = line;
	*flen = f;
	return fnmatch(entry, module, 0) == 0;
}

int modname_feature(const char *text, size_t len, const char *module,
		    char *feature, size_t cap)
{
	char want[MODULE_NAME_MAX];
	const char *line;
	size_t pos = 0;

	if (modname_of_path(module, strlen(module), want, sizeof(want)) < 0)
		return 0;
	for (size_t n; text_line(text, len, &pos, &line, &n); ) {
		size_t flen = 0;
		const char *feat = NULL;

		if (!modname_line(line, n, want, &feat, &flen))
			continue;
		if (flen >= cap)
			return -ENAMETOOLONG;
		memcpy(feature, feat, flen);
		feature[flen] = '\0';
		return 1;
	}
	return 0;
}
