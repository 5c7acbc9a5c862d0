/* See conf.h. Quoting follows POSIX sh (XCU 2.2): single quotes keep
 * every byte, double quotes every byte but $ ` \ (which would expand,
 * so they are refused), and adjacent quoted and unquoted parts make one
 * word. */
#include "image/conf.h"

#include <errno.h>
#include <string.h>

#include "util/text.h"

static const char *const conf_names[CONF_KEYS] = {
	"features", "modules", "compression", "replace_initrd",
};

const char *conf_key_name(enum conf_key k)
{
	return k < CONF_KEYS ? conf_names[k] : NULL;
}

/* The next line of text (text_line), without a final '\r' either. */
static int conf_line(const char *text, size_t len, size_t *pos, const char **p, size_t *n)
{
	if (!text_line(text, len, pos, p, n))
		return 0;
	if (*n > 0 && (*p)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

int conf_kernel(const char *text, size_t len, const char *name)
{
	const char *p;
	size_t nlen = strlen(name), pos = 0, n;
	int v = 'n';

	while (conf_line(text, len, &pos, &p, &n)) {
		if (n > nlen + 1 && memcmp(p, name, nlen) == 0 && p[nlen] == '=')
			v = n == nlen + 2 && (p[nlen + 1] == 'y' || p[nlen + 1] == 'm') ?
			    p[nlen + 1] : 'v';
		else if (n == nlen + 13 && memcmp(p, "# ", 2) == 0 &&
			 memcmp(p + 2, name, nlen) == 0 && memcmp(p + 2 + nlen, " is not set", 11) == 0)
			v = 'n';
	}
	return v;
}

struct conf_line {
	const char *p, *end;
	char *out;
	size_t n;
	const char *why;
};

/* One byte into the value; -ENAMETOOLONG when it would not fit. */
static int conf_put(struct conf_line *l, char ch)
{
	if (l->n >= CONF_VALUE_MAX - 1) {
		l->why = "the value is too long";
		return -ENAMETOOLONG;
	}
	l->out[l->n++] = ch;
	return 0;
}

/* A quoted part starting at l->p (the quote). */
static int conf_quoted(struct conf_line *l)
{
	char q = *l->p++;
	int r;

	for (; l->p < l->end && *l->p != q; l->p++) {
		if (q == '"' && strchr("$`\\", *l->p)) {
			l->why = "$, ` and \\ in a value would expand in sh: write the value itself";
			return -EINVAL;
		}
		if (*l->p == '\0') {
			l->why = "a NUL byte";
			return -EINVAL;
		}
		if ((r = conf_put(l, *l->p)) < 0)
			return r;
	}
	if (l->p == l->end) {
		l->why = "an unterminated quote (a value must end on its line)";
		return -EINVAL;
	}
	l->p++;
	return 0;
}

/* The value: quoted and unquoted parts up to a blank; then only blanks
 * and a comment may follow. */
static int conf_value(struct conf_line *l)
{
	int r;

	while (l->p < l->end && *l->p != ' ' && *l->p != '\t') {
		if (*l->p == '"' || *l->p == '\'') {
			if ((r = conf_quoted(l)) < 0)
				return r;
			continue;
		}
		if (strchr("$`\\;&|<>()#*?[~", *l->p) || (unsigned char)*l->p < 0x20 ||
		    *l->p == 0x7f) {
			l->why = "a shell character outside quotes: quote the value (key=\"a b\")";
			return -EINVAL;
		}
		if ((r = conf_put(l, *l->p++)) < 0)
			return r;
	}
	while (l->p < l->end && (*l->p == ' ' || *l->p == '\t'))
		l->p++;
	if (l->p < l->end && *l->p != '#') {
		l->why = "text after the value: quote a value with spaces (key=\"a b\")";
		return -EINVAL;
	}
	l->out[l->n] = '\0';
	return 0;
}

static int conf_key_of(const char *p, size_t n)
{
	for (int k = 0; k < CONF_KEYS; k++)
		if (strlen(conf_names[k]) == n && memcmp(p, conf_names[k], n) == 0)
			return k;
	return -1;
}

/* One line, not blank and not a comment: KEY=VALUE. */
static int conf_assign(struct conf *c, const char *p, const char *end, int lineno,
		       struct conf_error *err)
{
	const char *eq = memchr(p, '=', (size_t)(end - p));
	struct conf_line l = { .p = eq ? eq + 1 : end, .end = end };
	int k = eq ? conf_key_of(p, (size_t)(eq - p)) : -1, r;

	err->line = lineno;
	if (k < 0) {
		err->why = eq ? "unknown key (features, modules, compression, replace_initrd)"
			      : "not a key=value line";
		return -EINVAL;
	}
	l.out = c->value[k];
	if ((r = conf_value(&l)) < 0) {
		err->why = l.why;
		return r;
	}
	if (k == CONF_REPLACE_INITRD && strcmp(l.out, "yes") != 0 && strcmp(l.out, "no") != 0) {
		err->why = "replace_initrd is yes or no";
		return -EINVAL;
	}
	c->line[k] = lineno;
	return 0;
}

int conf_parse(const char *text, size_t len, struct conf *c, struct conf_error *err)
{
	const char *p;
	size_t pos = 0, n;
	int lineno = 0, r;

	while (conf_line(text, len, &pos, &p, &n)) {
		const char *q = p, *e = p + n;
		lineno++;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (q == e || *q == '#')
			continue;
		if ((r = conf_assign(c, q, e, lineno, err)) < 0)
			return r;
	}
	return 0;
}
