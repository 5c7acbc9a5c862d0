/* See feature.h. The syntax follows Alpine's mkinitfs features.d
 * (one entry per line, '#' comments), with module names allowed besides
 * path globs because names survive the kernel moving a driver. */
#include "modules/feature.h"

#include <errno.h>
#include <string.h>

#include "util/text.h"

void feature_reader_init(struct feature_reader *r, const char *text, size_t len)
{
	r->text = text;
	r->len = len;
	r->pos = 0;
	r->line = 0;
}

static int feature_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trim one line [b, e) to its entry: comment and blanks removed. */
static void feature_trim(const char **b, const char **e)
{
	const char *hash = memchr(*b, '#', (size_t)(*e - *b));

	if (hash)
		*e = hash;
	while (*b < *e && feature_space(**b))
		(*b)++;
	while (*e > *b && feature_space((*e)[-1]))
		(*e)--;
}

static int feature_check(struct feature_entry *e)
{
	const char *t = e->text;

	if (t[0] == '\0')
		return -EINVAL;
	for (const char *c = t; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			return -EINVAL;
	if (strchr(t, '/')) {
		e->flags |= FEATURE_GLOB;
		if (strstr(t, "..") || t[0] == '/')
			return -EINVAL;
	}
	return 0;
}

static int feature_take(struct feature_entry *e, const char *b, const char *end)
{
	size_t n;

	e->flags = 0;
	if (b < end && *b == '?') {
		e->flags = FEATURE_OPTIONAL;
		b++;
	}
	n = (size_t)(end - b);
	if (n >= sizeof(e->text))
		return -ENAMETOOLONG;
	memcpy(e->text, b, n);
	e->text[n] = '\0';
	return feature_check(e);
}

int feature_next(struct feature_reader *r, struct feature_entry *e)
{
	const char *b;
	size_t n;

	while (text_line(r->text, r->len, &r->pos, &b, &n)) {
		const char *end = b + n;

		e->line = ++r->line;
		feature_trim(&b, &end);
		if (b == end)
			continue;
		{
			int rc = feature_take(e, b, end);
			return rc < 0 ? rc : 1;
		}
	}
	return 0;
}

int feature_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= FEATURE_NAME_MAX)
		return 0;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '_' || *c == '-'))
			return 0;
	return 1;
}

