/* See cpio.h. The kernel's initramfs unpacker (init/initramfs.c) needs
 * every parent directory before its children and ignores uid/gid 0
 * differences; sorting by path and fixing the owner and mtime makes the
 * archive a pure function of its inputs (reproducible builds). */
#include "image/cpio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cpio_path_ok(const char *path)
{
	size_t n = strlen(path);

	if (n == 0 || n >= CPIO_NAME_MAX || path[0] == '/' || path[n - 1] == '/')
		return 0;
	return strstr(path, "..") == NULL && strstr(path, "//") == NULL;
}

int cpio_list_add(struct cpio_list *l, const char *path, const char *src,
		  unsigned mode, unsigned long long size)
{
	struct cpio_entry *e;

	if (!cpio_path_ok(path))
		return -EINVAL;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct cpio_entry *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	e->path = strdup(path);
	e->src = src ? strdup(src) : NULL;
	if (e->path == NULL || (src && e->src == NULL)) {
		free(e->path);
		free(e->src);
		return -ENOMEM;
	}
	e->mode = mode;
	e->size = size;
	l->n++;
	return 0;
}

static int cpio_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cpio_entry *)a)->path,
		      ((const struct cpio_entry *)b)->path);
}

/* Is the parent of path an earlier directory entry of the sorted list?
 * The parent sorts before its children, so a binary search finds it. */
static int cpio_has_parent(const struct cpio_list *l, const char *path)
{
	const char *slash = strrchr(path, '/');
	char parent[CPIO_NAME_MAX];
	struct cpio_entry key = { .path = parent };
	const struct cpio_entry *p;

	if (slash == NULL)
		return 1;
	memcpy(parent, path, (size_t)(slash - path));
	parent[slash - path] = '\0';
	p = bsearch(&key, l->v, l->n, sizeof(*l->v), cpio_cmp);
	return p && S_ISDIR(p->mode);
}

int cpio_list_sort(struct cpio_list *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cpio_cmp);
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0 && strcmp(l->v[i - 1].path, l->v[i].path) == 0)
			return -EEXIST;
		if (!cpio_has_parent(l, l->v[i].path))
			return -ENOENT;
	}
	return 0;
}

void cpio_list_free(struct cpio_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].src);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

size_t cpio_pad(unsigned long long n)
{
	return (size_t)((4 - n % 4) % 4);
}

/* newc: magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
 * devminor, rdevmajor, rdevminor, namesize, check; then the name and
 * its NUL, padded so the data starts at a multiple of 4. */
static size_t cpio_raw(char *buf, size_t cap, const char *name, unsigned ino,
		       unsigned mode, unsigned long mtime, unsigned long long size,
		       unsigned rmaj, unsigned rmin)
{
	size_t namesize = strlen(name) + 1;
	size_t len = CPIO_NEWC_HDR + namesize;
	size_t total = len + cpio_pad(len);

	if (size > 0xffffffffULL || total > cap)
		return 0;
	snprintf(buf, cap, "070701%08X%08X%08X%08X%08X%08lX%08llX%08X%08X%08X%08X%08zX%08X",
		 ino, mode, 0u, 0u, S_ISDIR(mode) ? 2u : 1u, mtime & 0xffffffffUL,
		 size, 0u, 0u, rmaj, rmin, namesize, 0u);
	memcpy(buf + CPIO_NEWC_HDR, name, namesize);
	memset(buf + len, 0, total - len);
	return total;
}

size_t cpio_header(char *buf, size_t cap, const struct cpio_entry *e,
		   unsigned ino, unsigned long mtime)
{
	unsigned long long size = e->size;

	if (S_ISLNK(e->mode))
		size = e->src ? strlen(e->src) : 0;
	else if (!S_ISREG(e->mode))
		size = 0;
	return cpio_raw(buf, cap, e->path, ino, e->mode, mtime, size,
			e->rmajor, e->rminor);
}

size_t cpio_trailer(char *buf, size_t cap)
{
	return cpio_raw(buf, cap, "TRAILER!!!", 0, 0, 0, 0, 0, 0);
}

size_t cpio_genlist_line(char *buf, size_t cap, const struct cpio_entry *e)
{
	unsigned perm = e->mode & 07777;
	const char *src = e->src ? e->src : "";
	int n;

	if (strchr(e->path, ' ') || strchr(src, ' '))
		return 0;
	if (S_ISREG(e->mode))
		n = snprintf(buf, cap, "file /%s %s 0%o 0 0\n", e->path, src, perm);
	else if (S_ISDIR(e->mode))
		n = snprintf(buf, cap, "dir /%s 0%o 0 0\n", e->path, perm);
	else if (S_ISLNK(e->mode))
		n = snprintf(buf, cap, "slink /%s %s 0%o 0 0\n", e->path, src, perm);
	else if (S_ISCHR(e->mode) || S_ISBLK(e->mode))
		n = snprintf(buf, cap, "nod /%s 0%o 0 0 %c %u %u\n", e->path, perm,
			     S_ISCHR(e->mode) ? 'c' : 'b', e->rmajor, e->rminor);
	else
		return 0;
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* Field i (0: ino ... 12: check) of a newc header: 8 hex digits. */
static int cpio_field(const char *buf, int i, unsigned long *out)
{
	unsigned long v = 0;

	for (int k = 0; k < 8; k++) {
		char c = buf[6 + 8 * i + k];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -EINVAL;
		v = (v << 4) | (unsigned long)d;
	}
	*out = v;
	return 0;
}

int cpio_parse_header(const char *buf, size_t len, struct cpio_hdr *h)
{
	unsigned long f[13];   /* ino mode uid gid nlink mtime filesize ... namesize check */

	if (len < CPIO_NEWC_HDR || (memcmp(buf, "070701", 6) != 0 && memcmp(buf, "070702", 6) != 0))
		return -EINVAL;
	for (int i = 0; i < 13; i++)
		if (cpio_field(buf, i, &f[i]) < 0)
			return -EINVAL;
	if (f[11] == 0 || f[11] > CPIO_NAME_MAX)
		return -EINVAL;
	h->mode = (unsigned)f[1];
	h->size = f[6];
	h->namesize = f[11];
	return 0;
}
