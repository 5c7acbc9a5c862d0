/* See nextboot.h. */
#include "image/nextboot.h"

#include <errno.h>
#include <string.h>

static int nextboot_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Copy [p, p+n) to out (NUL-terminated) if it fits. */
static int nextboot_copy(char *out, size_t cap, const char *p, size_t n)
{
	if (n >= cap)
		return -ENAMETOOLONG;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* One line, trimmed and without its comment, in [*p, *p + *n). */
static void nextboot_trim(const char **p, size_t *n)
{
	const char *hash = memchr(*p, '#', *n);

	if (hash)
		*n = (size_t)(hash - *p);
	while (*n && nextboot_space(**p))
		(*p)++, (*n)--;
	while (*n && nextboot_space((*p)[*n - 1]))
		(*n)--;
}

static int nextboot_key(const char *p, size_t n, const char *key, size_t *vstart)
{
	size_t k = strlen(key);

	if (n <= k || memcmp(p, key, k) != 0)
		return 0;
	if (p[k] == '=') {
		*vstart = k + 1;
		return 1;
	}
	if (nextboot_space(p[k]) && strcmp(key, "initramfs") == 0) {
		*vstart = k + 1;
		return 1;
	}
	return 0;
}

int nextboot_pi_parse(const char *text, size_t len, struct nextboot_pi *pi, int *bad_line)
{
	char section[32] = "";
	int skip = 0, line = 0;

	memset(pi, 0, sizeof(*pi));
	*bad_line = 0;
	for (size_t i = 0; i < len; ) {
		const char *eol = memchr(text + i, '\n', len - i), *p = text + i;
		size_t n = eol ? (size_t)(eol - p) : len - i, v;
		i += n + 1;
		line++;
		nextboot_trim(&p, &n);
		if (n >= 2 && p[0] == '[' && p[n - 1] == ']') {
			skip = n == 6 && memcmp(p, "[none]", 6) == 0;
			if ((n == 5 && memcmp(p, "[all]", 5) == 0) || n >= sizeof(section))
				section[0] = '\0';
			else
				(void)nextboot_copy(section, sizeof(section), p, n);
			continue;
		}
		if (skip || n == 0)
			continue;
		if (nextboot_key(p, n, "kernel", &v)) {
			const char *f = p + v;
			size_t fn = n - v;
			while (fn && nextboot_space(*f))
				f++, fn--;
			if (nextboot_copy(pi->kernel, sizeof(pi->kernel), f, fn) < 0) {
				*bad_line = line;
				return -ENAMETOOLONG;
			}
			pi->kernel_line = line;
		} else if (nextboot_key(p, n, "initramfs", &v)) {
			const char *f = p + v;
			size_t fn = n - v;
			while (fn && nextboot_space(*f))
				f++, fn--;
			size_t w = 0;
			while (w < fn && !nextboot_space(f[w]))
				w++;
			if (nextboot_copy(pi->initramfs, sizeof(pi->initramfs), f, w) < 0) {
				*bad_line = line;
				return -ENAMETOOLONG;
			}
			pi->initramfs_line = line;
			memcpy(pi->initramfs_section, section, sizeof(section));
		} else if (nextboot_key(p, n, "auto_initramfs", &v)) {
			pi->auto_initramfs = n - v == 1 && p[v] == '1';
			pi->auto_line = line;
		}
	}
	return 0;
}

int nextboot_auto_name(const char *kernel, char *out, size_t cap)
{
	static const char *const names[][2] = {
		{ "kernel.img", "initramfs" }, { "kernel7.img", "initramfs7" },
		{ "kernel7l.img", "initramfs7l" }, { "kernel8.img", "initramfs8" },
		{ "kernel_2712.img", "initramfs_2712" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(kernel, names[i][0]) == 0)
			return nextboot_copy(out, cap, names[i][1], strlen(names[i][1]));
	return -EINVAL;
}

/* A version word: printable, no space. */
static int nextboot_version_word(const unsigned char *p, size_t avail, char *out, size_t cap)
{
	size_t n = 0;

	while (n < avail && p[n] > ' ' && p[n] < 0x7f)
		n++;
	if (n == 0 || n >= cap || n == avail)
		return -ENOENT;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

int nextboot_kernel_version(const unsigned char *buf, size_t len, char *out, size_t cap)
{
	static const char banner[] = "Linux version ";

	/* x86 boot protocol: "HdrS" at 0x202, version >= 0x200, the
	 * string's offset - 0x200 at 0x20e. */
	if (len > 0x210 && memcmp(buf + 0x202, "HdrS", 4) == 0) {
		size_t off = (size_t)(buf[0x20e] | buf[0x20f] << 8) + 0x200;
		if (off > 0x200 && off < len &&
		    nextboot_version_word(buf + off, len - off, out, cap) == 0)
			return 0;
	}
	for (size_t i = 0; i + sizeof(banner) - 1 < len; i++) {
		const unsigned char *p = memchr(buf + i, 'L', len - i);
		if (p == NULL)
			break;
		i = (size_t)(p - buf);
		if (len - i > sizeof(banner) - 1 && memcmp(p, banner, sizeof(banner) - 1) == 0 &&
		    nextboot_version_word(p + sizeof(banner) - 1, len - i - (sizeof(banner) - 1),
					  out, cap) == 0 &&
		    out[0] >= '0' && out[0] <= '9')
			return 0;
	}
	return -ENOENT;
}

static int nextboot_digit(char c)
{
	return c >= '0' && c <= '9';
}

int nextboot_vercmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (nextboot_digit(*a) && nextboot_digit(*b)) {
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			size_t na = 0, nb = 0;
			while (nextboot_digit(a[na]))
				na++;
			while (nextboot_digit(b[nb]))
				nb++;
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = memcmp(a, b, na);
			if (c)
				return c;
			a += na, b += nb;
			continue;
		}
		if (*a == *b) {
			a++, b++;
			continue;
		}
		if (*a == '~' || *b == '~')
			return *a == '~' ? -1 : 1;
		return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
	}
	return 0;
}
