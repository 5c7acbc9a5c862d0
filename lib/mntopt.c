/* See mntopt.h. The table is mount(8)'s generic options
 * (util-linux libmount/src/optmap.c). */
#include "mntopt.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>

static const struct {
	const char *word;
	unsigned long flag;
	int clear;
} mntopt_table[] = {
	{ "ro", MS_RDONLY, 0 },         { "rw", MS_RDONLY, 1 },
	{ "nosuid", MS_NOSUID, 0 },     { "suid", MS_NOSUID, 1 },
	{ "nodev", MS_NODEV, 0 },       { "dev", MS_NODEV, 1 },
	{ "noexec", MS_NOEXEC, 0 },     { "exec", MS_NOEXEC, 1 },
	{ "sync", MS_SYNCHRONOUS, 0 },  { "async", MS_SYNCHRONOUS, 1 },
	{ "dirsync", MS_DIRSYNC, 0 },
	{ "noatime", MS_NOATIME, 0 },   { "atime", MS_NOATIME, 1 },
	{ "nodiratime", MS_NODIRATIME, 0 }, { "diratime", MS_NODIRATIME, 1 },
	{ "relatime", MS_RELATIME, 0 }, { "norelatime", MS_RELATIME, 1 },
	{ "strictatime", MS_STRICTATIME, 0 },
	{ "lazytime", MS_LAZYTIME, 0 }, { "nolazytime", MS_LAZYTIME, 1 },
	{ "silent", MS_SILENT, 0 },     { "loud", MS_SILENT, 1 },
	{ "defaults", 0, 0 },
};

unsigned long mntopt_flag(const char *word, size_t len, int *clear)
{
	for (size_t i = 0; i < sizeof(mntopt_table) / sizeof(mntopt_table[0]); i++) {
		if (strlen(mntopt_table[i].word) == len &&
		    memcmp(mntopt_table[i].word, word, len) == 0) {
			*clear = mntopt_table[i].clear;
			/* "defaults" is known but sets nothing: report it as a
			 * flag word with no bits so it stays out of the data. */
			return mntopt_table[i].flag ? mntopt_table[i].flag : ~0UL;
		}
	}
	*clear = 0;
	return 0;
}

int mntopt_append(char *buf, size_t cap, const char *item, size_t len)
{
	size_t used = strlen(buf);
	size_t sep = used > 0;

	if (used + sep + len + 1 > cap)
		return -ENAMETOOLONG;
	if (sep)
		buf[used++] = ',';
	memcpy(buf + used, item, len);
	buf[used + len] = '\0';
	return 0;
}

int mntopt_split(const char *opts, unsigned long *flags, char *data, size_t cap)
{
	const char *p = opts;

	if (cap == 0)
		return -ENAMETOOLONG;
	data[0] = '\0';
	while (*p) {
		size_t n = strcspn(p, ",");
		int clear;
		unsigned long f = mntopt_flag(p, n, &clear);

		if (f == ~0UL)
			;
		else if (f && clear)
			*flags &= ~f;
		else if (f)
			*flags |= f;
		else if (n > 0 && mntopt_append(data, cap, p, n) < 0)
			return -ENAMETOOLONG;
		p += n + (p[n] == ',');
	}
	return 0;
}
