/* See mountinfo.h. Lines that do not parse are skipped by
 * mountinfo_find: the kernel writes the file, a bad line means a format
 * this code does not know, not an attack. */
#include "rootdev/mountinfo.h"
#include "rootdev/rootdev.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* The next space-separated field of text[*pos..len). */
static int mountinfo_field(const char *text, size_t len, size_t *pos,
			   const char **f, size_t *n)
{
	size_t i = *pos;

	while (i < len && text[i] == ' ')
		i++;
	if (i >= len)
		return -EINVAL;
	*f = text + i;
	while (i < len && text[i] != ' ')
		i++;
	*n = (size_t)(text + i - *f);
	*pos = i;
	return 0;
}

static int mountinfo_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* Copy a field, turning the kernel's \ooo escapes back into bytes. */
static int mountinfo_copy(char *dst, size_t cap, const char *f, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = f[i];
		if (c == '\\' && i + 3 < n && mountinfo_octal(f[i + 1]) &&
		    mountinfo_octal(f[i + 2]) && mountinfo_octal(f[i + 3])) {
			c = (char)((f[i + 1] - '0') * 64 + (f[i + 2] - '0') * 8 + (f[i + 3] - '0'));
			i += 3;
		}
		if (o + 1 >= cap)
			return -ENAMETOOLONG;
		dst[o++] = c;
	}
	dst[o] = '\0';
	return 0;
}

static int mountinfo_dev(const char *f, size_t n, struct mountinfo_ent *e)
{
	char buf[32];
	unsigned long maj, min;

	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, f, n);
	buf[n] = '\0';
	if (rootdev_devnum_parse(buf, &maj, &min) < 0)
		return -EINVAL;
	e->major = (unsigned)maj;
	e->minor = (unsigned)min;
	return 0;
}

int mountinfo_parse_line(const char *text, size_t len, struct mountinfo_ent *e)
{
	const char *f[6];
	size_t n[6], pos = 0;
	int r = 0;

	/* id, parent, MAJ:MIN, root, mount point, mount options */
	for (int i = 0; i < 6 && r == 0; i++)
		r = mountinfo_field(text, len, &pos, &f[i], &n[i]);
	if (r == 0)
		r = mountinfo_dev(f[2], n[2], e);
	if (r == 0)
		r = mountinfo_copy(e->point, sizeof(e->point), f[4], n[4]);
	if (r == 0)
		r = mountinfo_copy(e->mnt_opts, sizeof(e->mnt_opts), f[5], n[5]);
	/* optional fields, up to the lone "-" */
	while (r == 0 && (r = mountinfo_field(text, len, &pos, &f[0], &n[0])) == 0)
		if (n[0] == 1 && f[0][0] == '-')
			break;
	for (int i = 0; i < 3 && r == 0; i++)
		r = mountinfo_field(text, len, &pos, &f[i], &n[i]);
	if (r == 0)
		r = mountinfo_copy(e->fstype, sizeof(e->fstype), f[0], n[0]);
	if (r == 0)
		r = mountinfo_copy(e->source, sizeof(e->source), f[1], n[1]);
	if (r == 0)
		r = mountinfo_copy(e->super_opts, sizeof(e->super_opts), f[2], n[2]);
	return r;
}

/* Is point a prefix of path that ends at a component boundary? */
static size_t mountinfo_covers(const char *point, const char *path)
{
	size_t n = strlen(point);

	if (strcmp(point, "/") == 0)
		return path[0] == '/' ? 1 : 0;
	if (strncmp(point, path, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return 0;
	return n;
}

int mountinfo_find(const char *text, size_t len, const char *path, struct mountinfo_ent *e)
{
	struct mountinfo_ent cur;
	size_t best = 0, pos = 0, n, c;
	const char *line;

	while (text_line(text, len, &pos, &line, &n))
		if (mountinfo_parse_line(line, n, &cur) == 0 &&
		    (c = mountinfo_covers(cur.point, path)) > 0 && c >= best) {
			best = c;
			*e = cur;
		}
	return best > 0 ? 0 : -ENOENT;
}

int mountinfo_has_opt(const char *opts, const char *word)
{
	return text_list_has(opts, ",", word);
}
