/* See text.h. */
#include "util/text.h"

#include <errno.h>
#include <string.h>

int text_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f' || (unsigned char)c == 0xa0;
}

static char text_undash(char c)
{
	return c == '-' ? '_' : c;
}

int text_dash_eq(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++)
		if (text_undash(a[i]) != text_undash(b[i]))
			return 0;
	return 1;
}

int text_dash_same(const char *a, const char *b)
{
	return text_dash_eq(a, strlen(a), b, strlen(b));
}

int text_escape(char *dst, size_t cap, const char *src, size_t len, int flags)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (cap == 0)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		int plain = c >= 0x20 && c < 0x7f && c != '\\' &&
			    !(c == ' ' && (flags & TEXT_ESC_SPACE));

		if (o + (plain ? 1 : 4) >= cap) {
			dst[o] = '\0';
			return -ENAMETOOLONG;
		}
		if (plain) {
			dst[o++] = (char)c;
			continue;
		}
		dst[o++] = '\\';
		dst[o++] = 'x';
		dst[o++] = hex[c >> 4];
		dst[o++] = hex[c & 15];
	}
	dst[o] = '\0';
	return 0;
}

int text_list_has(const char *list, const char *seps, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p && n > 0; ) {
		size_t len;

		p += strspn(p, seps);
		len = strcspn(p, seps);
		if (len == n && strncmp(p, word, n) == 0)
			return 1;
		p += len;
	}
	return 0;
}

int text_line(const char *text, size_t len, size_t *pos, const char **line, size_t *n)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	*line = text + *pos;
	nl = memchr(*line, '\n', len - *pos);
	*n = nl ? (size_t)(nl - *line) : len - *pos;
	*pos += *n + 1;
	return 1;
}
