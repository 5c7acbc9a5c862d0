/* See shutdown.h. */
#include "shutdown/shutdown.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

static const char *const verbs[] = {
	[VERB_REBOOT] = "reboot",
	[VERB_POWEROFF] = "poweroff",
	[VERB_HALT] = "halt",
	[VERB_KEXEC] = "kexec",
};

int shutdown_verb(const char *word, enum shutdown_verb *v)
{
	*v = VERB_REBOOT;
	for (size_t i = 0; word && i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strcmp(word, verbs[i]) == 0) {
			*v = (enum shutdown_verb)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *shutdown_verb_name(enum shutdown_verb v)
{
	return (unsigned)v < sizeof(verbs) / sizeof(verbs[0]) ? verbs[v] : "reboot";
}

/* /dev/NAME[/NAME...]: printable, no space, no "..", nothing empty. */
static int release_path_ok(const char *p, size_t n)
{
	if (n <= 5 || memcmp(p, "/dev/", 5) != 0 || p[n - 1] == '/')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c <= 0x20 || c >= 0x7f)
			return 0;
		if (c == '/' && i + 1 < n && (p[i + 1] == '/' || p[i + 1] == '.'))
			return 0;
	}
	return 1;
}

static int release_add_n(struct release *r, const char *role, size_t rn, const char *path,
			 size_t pn)
{
	struct release_dev *d;

	if (!((rn == 5 && memcmp(role, "store", 5) == 0) || (rn == 4 && memcmp(role, "host", 4) == 0)))
		return -EINVAL;
	if (pn >= sizeof(d->path))
		return -ENAMETOOLONG;
	if (!release_path_ok(path, pn))
		return -EINVAL;
	if (r->n < 0 || r->n >= RELEASE_MAX)
		return -E2BIG;
	d = &r->dev[r->n++];
	memcpy(d->role, role, rn);
	d->role[rn] = '\0';
	memcpy(d->path, path, pn);
	d->path[pn] = '\0';
	return 0;
}

int release_add(struct release *r, const char *role, const char *path)
{
	return release_add_n(r, role, strlen(role), path, strlen(path));
}

long release_format(const struct release *r, char *buf, size_t cap)
{
	size_t len = 0;

	if (cap == 0)
		return -ENOSPC;
	buf[0] = '\0';
	for (int i = 0; i < r->n; i++) {
		int n = snprintf(buf + len, cap - len, "%s %s\n", r->dev[i].role, r->dev[i].path);
		if (n < 0 || (size_t)n >= cap - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	return (long)len;
}

int release_parse(const char *text, size_t len, struct release *r)
{
	size_t pos = 0, n;
	const char *line;

	memset(r, 0, sizeof(*r));
	while (text_line(text, len, &pos, &line, &n)) {
		const char *sp = memchr(line, ' ', n);
		int e;

		if (sp == NULL)
			return -EINVAL;
		e = release_add_n(r, line, (size_t)(sp - line), sp + 1, n - (size_t)(sp - line) - 1);
		if (e < 0)
			return e;
	}
	return 0;
}
