/* See mntopt.h. The table is mount(8)'s generic options
 * (util-linux libmount/src/optmap.c). */
#include "cmdline/mntopt.h"

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

/* The MS_* flag for a generic option word ("noatime" -> MS_NOATIME),
 * or 0 if the word is not a generic flag. Sets *clear when the word
 * removes a flag instead (e.g. "atime", "rw"). */
static unsigned long mntopt_flag(const char *word, size_t len, int *clear)
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

int mntopt_flags_str(unsigned long flags, char *buf, size_t cap)
{
	if (cap == 0)
		return -ENAMETOOLONG;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(mntopt_table) / sizeof(mntopt_table[0]); i++) {
		const char *w = mntopt_table[i].word;

		if (mntopt_table[i].clear || !(flags & mntopt_table[i].flag))
			continue;
		if (mntopt_append(buf, cap, w, strlen(w)) < 0)
			return -ENAMETOOLONG;
	}
	if (buf[0] == '\0')
		return mntopt_append(buf, cap, "-", 1);
	return 0;
}

/* The generic flags overlaytmpfsflags= may carry: the ones busybox mount
 * turned into mount flags for Alpine users. */
static const char *const mntopt_tmpfs_flags[] = {
	"noatime", "nodiratime", "relatime", "strictatime", "lazytime",
	"nosuid", "nodev", "noexec", "sync", "dirsync",
};

/* Digits, then at most one of the suffixes memparse() takes (mm/shmem.c);
 * ovlinit accepts decimal only. */
static int mntopt_number(const char *v, size_t n, const char *suffixes)
{
	size_t d = 0;

	while (d < n && v[d] >= '0' && v[d] <= '9')
		d++;
	if (d == 0 || d > 20)
		return 0;
	return d == n || (d + 1 == n && strchr(suffixes, v[d]) != NULL);
}

/* mode= is octal (fsparam_u32oct), masked to 07777 by tmpfs: refuse
 * anything the mask would silently change. */
static int mntopt_mode(const char *v, size_t n)
{
	unsigned long m = 0;

	if (n == 0 || n > 6)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '7')
			return 0;
		m = m * 8 + (unsigned long)(v[i] - '0');
	}
	return m <= 07777;
}

/* uid=/gid=: a decimal u32; (uid_t)-1 is not a valid id. */
static int mntopt_id(const char *v, size_t n)
{
	unsigned long long id = 0;

	if (n == 0 || n > 10)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		id = id * 10 + (unsigned)(v[i] - '0');
	}
	return id < 0xffffffffULL;
}

static int mntopt_word_in(const char *v, size_t n, const char *const *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(words[i]) == n && memcmp(words[i], v, n) == 0)
			return 1;
	return 0;
}

/* mpol=MODE[=static|=relative][:NODELIST] (mpol_parse_str in
 * mm/mempolicy.c). The nodelist may hold commas: see mntopt_tmpfs. */
static int mntopt_mpol(const char *v, size_t n)
{
	static const char *const modes[] = { "default", "prefer", "bind", "interleave", "local" };
	static const char *const mflags[] = { "static", "relative" };
	size_t colon = strcspn(v, ":"), eq;

	if (colon > n)
		colon = n;
	eq = strcspn(v, "=");
	if (eq > colon)
		eq = colon;
	if (!mntopt_word_in(v, eq, modes, 5))
		return 0;
	if (eq < colon && !mntopt_word_in(v + eq + 1, colon - eq - 1, mflags, 2))
		return 0;
	if (colon == n)
		return 1;
	if (colon + 1 == n)
		return 0;
	for (size_t i = colon + 1; i < n; i++)
		if (!strchr("0123456789,-", v[i]))
			return 0;
	return 1;
}

static const char mntopt_unknown[] =
	"neither a tmpfs option nor a mount flag that ovlinit passes (see ovlinit(8))";

/* Is v[0..n) a valid value for tmpfs key k? Returns NULL, or what was
 * expected. */
static const char *mntopt_tmpfs_value(const char *k, const char *v, size_t n)
{
	static const char *const huge[] = { "never", "always", "within_size", "advise" };

	if (strcmp(k, "size") == 0)
		return mntopt_number(v, n, "kKmMgG%") ? NULL :
			"expected a size: digits, then k, m, g or %";
	if (strcmp(k, "nr_blocks") == 0 || strcmp(k, "nr_inodes") == 0)
		return mntopt_number(v, n, "kKmMgG") ? NULL :
			"expected a count: digits, then k, m or g";
	if (strcmp(k, "mode") == 0)
		return mntopt_mode(v, n) ? NULL : "expected an octal mode up to 07777";
	if (strcmp(k, "uid") == 0 || strcmp(k, "gid") == 0)
		return mntopt_id(v, n) ? NULL : "expected a decimal id";
	if (strcmp(k, "huge") == 0)
		return mntopt_word_in(v, n, huge, 4) ? NULL :
			"expected never, always, within_size or advise";
	if (strcmp(k, "mpol") == 0)
		return mntopt_mpol(v, n) ? NULL :
			"expected default, prefer, bind, interleave or local, "
			"then =static or =relative, then :NODELIST";
	return mntopt_unknown;
}

/* The value of a valid size= in bytes, saturating at 2^62 ("%" counts
 * as large: a share of RAM). */
static unsigned long long mntopt_size_bytes(const char *v, size_t n)
{
	unsigned long long b = 0, lim = 1ULL << 62;
	char suffix = v[n - 1] >= '0' && v[n - 1] <= '9' ? '\0' : v[n - 1];
	int shift = 0;

	if (suffix == '%')
		return lim;
	for (size_t i = 0; i < n && v[i] >= '0' && v[i] <= '9'; i++)
		b = b > lim / 10 ? lim : b * 10 + (unsigned)(v[i] - '0');
	if (suffix)
		shift = strchr("kK", suffix) ? 10 : strchr("mM", suffix) ? 20 : 30;
	return b > lim >> shift ? lim : b << shift;
}

/* Values the tmpfs takes but that the overlay root must not get: an
 * upper layer, and so /, that other users may write to (a group/other
 * writable mode=, an owner other than root: the owner may chmod it), or
 * a size that cannot hold a running system (size=50 is 50 bytes, surely
 * meant 50m or 50%). Returns NULL or why. gid= is harmless, as
 * group-writable modes are refused. */
static const char *mntopt_tmpfs_unsafe(const char *k, const char *v, size_t n)
{
	unsigned long long b = 0;

	for (size_t i = 0; i < n && strcmp(k, "mode") == 0; i++)
		b = b * 8 + (unsigned)(v[i] - '0');        /* valid: at most 6 octal digits */
	if (strcmp(k, "mode") == 0 && (b & 022))
		return "a mode that lets group or others write would open / to them; "
		       "use 0755 or stricter";
	if (strcmp(k, "uid") == 0 && strspn(v, "0") != n)
		return "an upper layer owned by another user than root would let that user "
		       "change all of /";
	if (strcmp(k, "size") != 0)
		return NULL;
	b = mntopt_size_bytes(v, n);
	return b != 0 && b < (1ULL << 20) ?
		"under 1 MiB cannot hold a running system (a size without k, m, g or % "
		"is in bytes: write 50m, or 50% of RAM)" : NULL;
}

/* Judge one item. Returns NULL if accepted (*flag set for a generic
 * flag, 0 for data), or why it was refused. */
static const char *mntopt_tmpfs_item(const char *item, size_t len, unsigned long *flag)
{
	static const char *const keys[] = {
		"size", "nr_blocks", "nr_inodes", "mode", "uid", "gid", "huge", "mpol",
	};
	size_t klen = strcspn(item, "=");
	const char *why;
	char key[16];
	int clear;

	*flag = 0;
	if (klen > len)
		klen = len;
	if (klen == 2 && memcmp(item, "ro", 2) == 0)
		return "the upper layer must be writable";
	if (klen == 2 && memcmp(item, "rw", 2) == 0)
		return "not needed: the upper layer is always read-write";
	if (mntopt_word_in(item, klen, mntopt_tmpfs_flags,
			   sizeof(mntopt_tmpfs_flags) / sizeof(mntopt_tmpfs_flags[0]))) {
		*flag = mntopt_flag(item, klen, &clear);
		return klen == len ? NULL : "a mount flag takes no value";
	}
	if (!mntopt_word_in(item, klen, keys, sizeof(keys) / sizeof(keys[0])))
		return mntopt_unknown;
	if (klen == len)
		return "needs a value";
	memcpy(key, item, klen);
	key[klen] = '\0';
	why = mntopt_tmpfs_value(key, item + klen + 1, len - klen - 1);
	return why ? why : mntopt_tmpfs_unsafe(key, item + klen + 1, len - klen - 1);
}

/* The end of the item at p: like shmem_parse_options() in mm/shmem.c, a
 * comma followed by a digit does not end an option (mpol nodelists). */
static size_t mntopt_tmpfs_len(const char *p)
{
	size_t n = strcspn(p, ",");

	while (p[n] == ',' && p[n + 1] >= '0' && p[n + 1] <= '9')
		n += 1 + strcspn(p + n + 1, ",");
	return n;
}

static int mntopt_has_mode(const char *opts)
{
	for (const char *p = opts; *p; ) {
		size_t n = mntopt_tmpfs_len(p);
		unsigned long f;

		if (n > 5 && memcmp(p, "mode=", 5) == 0 && mntopt_tmpfs_item(p, n, &f) == NULL)
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

int mntopt_tmpfs(const char *opts, unsigned long *flags, char *data, size_t cap,
		 const struct mntopt_refusal *r)
{
	const char *p = opts;

	if (cap == 0)
		return -ENAMETOOLONG;
	data[0] = '\0';
	if (!mntopt_has_mode(opts) &&
	    mntopt_append(data, cap, MNTOPT_TMPFS_DEFAULT, strlen(MNTOPT_TMPFS_DEFAULT)) < 0)
		return -ENAMETOOLONG;
	while (*p) {
		size_t n = mntopt_tmpfs_len(p);
		unsigned long f = 0;
		const char *why = n ? mntopt_tmpfs_item(p, n, &f) : NULL;

		if (why && r && r->fn)
			r->fn(r->ctx, p, n, why);
		else if (f)
			*flags |= f;
		else if (!why && n > 0 && mntopt_append(data, cap, p, n) < 0)
			return -ENAMETOOLONG;
		p += n + (p[n] == ',');
	}
	return 0;
}
