/* The options ovlinit reads from the command line (ovlinit(8)): what
 * each one means, and the checks that turn a typo into a message instead
 * of a silently different boot. */
#include "cmdline/cmdline_opt.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "cmdline/mntopt.h"
#include "util/text.h"

#define SHOW_MAX 96    /* how much of a value a message quotes */
#define INT_MAX_OVL __INT_MAX__   /* <limits.h> is shadowed by lib/util/limit.h */

/* A value that does not fit its field is an error, never cut. A control
 * character (only a quote can put one in a word) is an error too: no
 * path, label or option holds one, an unclosed quote does. */
int cmdline_opt_fits(struct boot_opts *o, const struct cmdline_tok *t, size_t cap)
{
	size_t n = strlen(t->val);

	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)t->val[i] >= 0x20 && t->val[i] != 0x7f)
			continue;
		cmdline_note(o, NOTE_ERROR, "%s=: a control character (\\x%02x) at byte %zu "
			     "of the value; is a double quote left open?", t->word,
			     (unsigned char)t->val[i], i);
		return 0;
	}
	if (n < cap)
		return 1;
	cmdline_note(o, NOTE_ERROR, "%s= is %zu bytes long, the limit is %zu",
		     t->word, n, cap - 1);
	return 0;
}

static void cmdline_opt_copy(struct boot_opts *o, const struct cmdline_tok *t,
			     char *dst, size_t cap)
{
	if (cmdline_opt_fits(o, t, cap))
		memcpy(dst, t->val, strlen(t->val) + 1);
}

/* One type, as mount(2) takes it ("ext4", "fuse.sshfs"); the kernel's
 * own comma list is not supported: ovlinit mounts once. */
static void cmdline_opt_fstype(struct boot_opts *o, const struct cmdline_tok *t)
{
	char show[SHOW_MAX];

	if (!cmdline_opt_fits(o, t, sizeof(o->rootfstype)))
		return;
	for (const char *p = t->val; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("._-", *p))
			continue;
		cmdline_note(o, NOTE_ERROR, "rootfstype=%s: %s",
			     cmdline_show(show, sizeof(show), t->val),
			     *p == ',' ? "name one filesystem type, not a list" :
			     "not a filesystem type name");
		return;
	}
	memcpy(o->rootfstype, t->val, strlen(t->val) + 1);
}

/* Add the comma list's names to list (without duplicates). */
static void cmdline_opt_names(struct boot_opts *o, const struct cmdline_tok *t,
			      char list[][MODULE_NAME_MAX], int *count)
{
	char show[SHOW_MAX];

	for (const char *p = t->val; *p; p += *p == ',') {
		size_t n = strcspn(p, ",");
		int dup = 0;

		for (int i = 0; i < *count && !dup; i++)
			dup = strlen(list[i]) == n && memcmp(list[i], p, n) == 0;
		if (n >= MODULE_NAME_MAX)
			cmdline_note(o, NOTE_ERROR, "%s=: the module name %s is %zu bytes long, "
				     "the limit is %d", t->word, cmdline_show(show, 40, p), n,
				     MODULE_NAME_MAX - 1);
		else if (n > 0 && !dup && *count >= MODULES_MAX) {
			cmdline_note(o, NOTE_ERROR, "%s=: more than %d modules", t->word,
				     MODULES_MAX);
			return;
		} else if (n > 0 && !dup) {
			memcpy(list[*count], p, n);
			list[(*count)++][n] = '\0';
		}
		p += n;
	}
}

/* modules=: a later one replaces an earlier one (Alpine). */
static void cmdline_opt_modules(struct boot_opts *o, const struct cmdline_tok *t)
{
	o->n_modules = 0;
	cmdline_opt_names(o, t, o->modules, &o->n_modules);
}

/* blacklist= and modprobe.blacklist= add up: kmod reads every
 * modprobe.blacklist= too, and a module the user named once must not be
 * loaded because a later word named another. */
static void cmdline_opt_blacklist(struct boot_opts *o, const struct cmdline_tok *t)
{
	cmdline_opt_names(o, t, o->blacklist, &o->n_blacklist);
}

static void cmdline_opt_rootflags(struct boot_opts *o, const struct cmdline_tok *t)
{
	cmdline_opt_copy(o, t, o->rootflags, sizeof(o->rootflags));
}

static void cmdline_opt_tmpfsflags(struct boot_opts *o, const struct cmdline_tok *t)
{
	cmdline_opt_copy(o, t, o->overlayflags, sizeof(o->overlayflags));
}

static void cmdline_opt_init(struct boot_opts *o, const struct cmdline_tok *t)
{
	cmdline_opt_copy(o, t, o->init, sizeof(o->init));
}

/* A decimal number in [min, INT_MAX_OVL]; no sign, spaces or base prefix
 * (min < 0 allows a '-'). n stays below 10 * INT_MAX + 10: no overflow.
 * Returns 0 or -EINVAL. */
static int cmdline_opt_int(const char *v, int min, int *out)
{
	int neg = min < 0 && *v == '-';
	long long n = 0;

	v += neg;
	if (*v == '\0')
		return -EINVAL;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > INT_MAX_OVL)
			return -EINVAL;
		n = n * 10 + (*v - '0');
	}
	if ((neg ? -n : n) < min || n > INT_MAX_OVL + (long long)neg)
		return -EINVAL;
	*out = (int)(neg ? -n : n);
	return 0;
}

/* The kernel waits forever on a rootwait= it cannot read
 * (init/do_mounts.c); so does ovlinit, and says so. */
static void cmdline_opt_rootwait(struct boot_opts *o, const struct cmdline_tok *t)
{
	char show[SHOW_MAX];

	if (t->val == NULL) {
		o->root_wait = ROOT_WAIT_FOREVER;
	} else if (cmdline_opt_int(t->val, 0, &o->root_wait) < 0) {
		cmdline_note(o, NOTE_WARN, "rootwait=%s is not a number of seconds: "
			     "waiting forever, as the kernel does",
			     cmdline_show(show, sizeof(show), t->val));
		o->root_wait = ROOT_WAIT_FOREVER;
	}
}

static void cmdline_opt_rootdelay(struct boot_opts *o, const struct cmdline_tok *t)
{
	char show[SHOW_MAX];

	if (cmdline_opt_int(t->val, 0, &o->root_wait) < 0)
		cmdline_note(o, NOTE_WARN, "rootdelay=%s is not a number of seconds; ignored",
			     cmdline_show(show, sizeof(show), t->val));
}

/* The kernel's panic=N (kernel/panic.c): read to tell what a fatal
 * error will do. */
static void cmdline_opt_panic(struct boot_opts *o, const struct cmdline_tok *t)
{
	char show[SHOW_MAX];

	/* The kernel takes any int (kstrtoint), INT_MIN too. */
	if (cmdline_opt_int(t->val, -INT_MAX_OVL - 1, &o->panic) == 0)
		o->panic_set = 1;
	else
		cmdline_note(o, NOTE_WARN, "panic=%s is not a number; the kernel ignores it",
			     cmdline_show(show, sizeof(show), t->val));
}

/* Alpine's init_args=: words for the real init, split at whitespace as
 * Alpine's unquoted $KOPT_init_args is (init_args="-a -b" gives two). */
static void cmdline_opt_init_args(struct boot_opts *o, const struct cmdline_tok *t)
{
	size_t used = 0;

	o->n_alpine_args = 0;
	if (!cmdline_opt_fits(o, t, sizeof(o->alpine_args)))
		return;
	for (const char *p = t->val; *p;) {
		size_t n = strcspn(p, " \t");

		if (n > 0 && o->n_alpine_args >= INIT_ARGS_MAX - 1) {
			cmdline_note(o, NOTE_ERROR, "init_args=: more than %d words; init gets at "
				     "most %d arguments", INIT_ARGS_MAX - 1, INIT_ARGS_MAX - 1);
			o->n_alpine_args = 0;
			return;
		}
		if (n > 0) {
			memcpy(o->alpine_args + used, p, n);   /* fits: n <= strlen(val) */
			o->alpine_args[used + n] = '\0';
			used += n + 1;
			o->n_alpine_args++;
		}
		p += n;
		p += strspn(p, " \t");
	}
}

/* Alpine's usbdelay=N: its device search waits up to N s for the boot
 * device (nlplug-findfs -t). ovlinit waits for the root at least that
 * long: the wait becomes N if it was shorter (cmdline_opt_finish). */
static void cmdline_opt_usbdelay(struct boot_opts *o, const struct cmdline_tok *t)
{
	char show[SHOW_MAX];

	if (cmdline_opt_int(t->val, 0, &o->usbdelay) < 0) {
		o->usbdelay = -1;
		cmdline_note(o, NOTE_WARN, "usbdelay=%s is not a number of seconds; ignored",
			     cmdline_show(show, sizeof(show), t->val));
	}
}

static void cmdline_opt_ro(struct boot_opts *o, const struct cmdline_tok *t)
{
	o->rw = t->word[1] == 'w';
}

enum { OPT_VALUE = 1, OPT_FLAG = 2 };   /* takes =VALUE; stands alone */

static const struct {
	const char *key;
	void (*fn)(struct boot_opts *o, const struct cmdline_tok *t);
	int forms;
} cmdline_opts[] = {
	{ "root", cmdline_root, OPT_VALUE },
	{ "rootfstype", cmdline_opt_fstype, OPT_VALUE },
	{ "rootflags", cmdline_opt_rootflags, OPT_VALUE },
	{ "ro", cmdline_opt_ro, OPT_FLAG },
	{ "rw", cmdline_opt_ro, OPT_FLAG },
	{ "modules", cmdline_opt_modules, OPT_VALUE },
	{ "blacklist", cmdline_opt_blacklist, OPT_VALUE },
	{ "modprobe.blacklist", cmdline_opt_blacklist, OPT_VALUE },
	{ "overlaytmpfsflags", cmdline_opt_tmpfsflags, OPT_VALUE },
	{ "init", cmdline_opt_init, OPT_VALUE },
	{ "init_args", cmdline_opt_init_args, OPT_VALUE },
	{ "usbdelay", cmdline_opt_usbdelay, OPT_VALUE },
	{ "rootwait", cmdline_opt_rootwait, OPT_VALUE | OPT_FLAG },
	{ "rootdelay", cmdline_opt_rootdelay, OPT_VALUE },
	{ "panic", cmdline_opt_panic, OPT_VALUE },
	{ "roothash", cmdline_roothash, OPT_VALUE },
	{ "verityhash", cmdline_verityhash, OPT_VALUE },
	{ "verityerror", cmdline_verityerror, OPT_VALUE },
	{ "overlaystore", cmdline_store, OPT_VALUE },
	{ "overlaykeep", cmdline_keep, OPT_VALUE },
};

/* Booleans, Alpine style: KEY and KEY=yes|1|true|on, noKEY and
 * KEY=no|0|false|off. */
static const struct {
	const char *key;
	size_t off;
} cmdline_bools[] = {
	{ "overlaytmpfs", offsetof(struct boot_opts, overlay) },
	{ "quiet", offsetof(struct boot_opts, quiet) },
	{ "ovlinit.debug", offsetof(struct boot_opts, debug) },
	{ "debug_init", offsetof(struct boot_opts, debug) },     /* Alpine's name */
	{ "rescue", offsetof(struct boot_opts, rescue) },
	{ "overlaystore.required", offsetof(struct boot_opts, store_required) },
	{ "overlayreset", offsetof(struct boot_opts, store_reset) },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int cmdline_opt_bool_word(const char *v)
{
	static const char *const yes[] = { "yes", "1", "true", "on" };
	static const char *const no[] = { "no", "0", "false", "off" };

	for (size_t i = 0; i < COUNT(yes); i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Any other value turns the option on, with a warning: someone who wrote
 * overlaytmpfs=ja wanted the protection. */
static int cmdline_opt_bool(struct boot_opts *o, const struct cmdline_tok *t, int neg)
{
	char show[SHOW_MAX];
	int b;

	if (neg && t->val) {
		cmdline_note(o, NOTE_WARN, "%s takes no value; ignored", t->word);
		return -1;
	}
	if (neg || t->val == NULL)
		return !neg;
	b = cmdline_opt_bool_word(t->val);
	if (b < 0)
		cmdline_note(o, NOTE_WARN, "%s=%s is not yes or no: taken as yes", t->word,
			     cmdline_show(show, sizeof(show), t->val));
	return b != 0;
}

/* Index into cmdline_bools of the word's key (or its no- form, *neg
 * set), or -1. */
static int cmdline_opt_find_bool(const struct cmdline_tok *t, int *neg)
{
	for (size_t i = 0; i < COUNT(cmdline_bools); i++) {
		*neg = 0;
		if (text_dash_eq(t->word, t->key_len, cmdline_bools[i].key, strlen(cmdline_bools[i].key)))
			return (int)i;
		*neg = 1;
		if (t->key_len > 2 && memcmp(t->word, "no", 2) == 0 &&
		    text_dash_eq(t->word + 2, t->key_len - 2, cmdline_bools[i].key,
				 strlen(cmdline_bools[i].key)))
			return (int)i;
	}
	return -1;
}

static int cmdline_opt_find(const struct cmdline_tok *t)
{
	return cmdline_key_find(t, cmdline_opts, COUNT(cmdline_opts), sizeof(cmdline_opts[0]));
}

int cmdline_opt_known(const struct cmdline_tok *t)
{
	int neg;

	return cmdline_opt_find(t) >= 0 || cmdline_opt_find_bool(t, &neg) >= 0;
}

const char *cmdline_role(const struct cmdline_tok *t)
{
	if (cmdline_opt_known(t))
		return "ovlinit";
	if (cmdline_alpine_for_init(t))
		return "for init";
	switch (cmdline_alpine_known(t)) {
	case 1:
		return "Alpine's, unsupported";
	case 2:
		return "the booted system's";
	}
	return "not ovlinit's";
}

/* Is a within one edit (a changed, added or removed byte, or two bytes
 * swapped) of b, and not b itself? */
static int cmdline_opt_near(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), i = 0;

	if (na + 1 < nb || nb + 1 < na || strcmp(a, b) == 0)
		return 0;
	while (a[i] && a[i] == b[i])
		i++;
	if (na > nb)
		return strcmp(a + i + 1, b + i) == 0;
	if (na < nb)
		return strcmp(a + i, b + i + 1) == 0;
	return strcmp(a + i + 1, b + i + 1) == 0 ||
	       (a[i + 1] == b[i] && a[i] == b[i + 1] && strcmp(a + i + 2, b + i + 2) == 0);
}

/* A word ovlinit ignores but that looks meant for it: another
 * initramfs' overlay switch, or one typo away from an ovlinit key.
 * Warned about, since the boot would silently differ from the wish. */
static void cmdline_opt_unknown(struct boot_opts *o, const struct cmdline_tok *t)
{
	static const char *const foreign[] = { "overlayroot", "rootovl", "rd.overlay" };
	static const char *const keys[] = {
		"rootfstype", "rootflags", "modules", "blacklist", "modprobe.blacklist",
		"overlaytmpfs", "nooverlaytmpfs", "overlaytmpfsflags", "rootwait",
		"rootdelay", "ovlinit.debug", "roothash", "verityhash", "verityerror",
		"init_args", "usbdelay", "debug_init", "cryptroot",
		"overlaystore", "overlaystore.required", "overlaykeep", "overlayreset",
	};

	for (size_t i = 0; i < COUNT(foreign); i++)
		if (cmdline_key_is(t, foreign[i]))
			cmdline_note(o, NOTE_WARN, "%s is another initramfs' option, ovlinit "
				     "ignores it: its overlay option is overlaytmpfs", t->word);
	for (size_t i = 0; i < COUNT(keys); i++)
		if (cmdline_opt_near(t->word, keys[i]))
			cmdline_note(o, NOTE_WARN, "%s is not an ovlinit option (ignored); "
				     "did you mean %s?", t->word, keys[i]);
}

void cmdline_opt(struct boot_opts *o, const struct cmdline_tok *t)
{
	int neg, i = cmdline_opt_find_bool(t, &neg);

	if (i >= 0) {
		int b = cmdline_opt_bool(o, t, neg);
		if (b >= 0)
			*(int *)((char *)o + cmdline_bools[i].off) = b;
		return;
	}
	i = cmdline_opt_find(t);
	if (i < 0 && cmdline_alpine(o, t))
		return;
	if (i < 0) {
		cmdline_opt_unknown(o, t);   /* else the kernel's or init's */
		return;
	}
	if (t->val && !(cmdline_opts[i].forms & OPT_VALUE))
		cmdline_note(o, NOTE_WARN, "%s takes no value; ignored", t->word);
	else if (!t->val && !(cmdline_opts[i].forms & OPT_FLAG))
		cmdline_note(o, NOTE_WARN, "%s without =VALUE; ignored", t->word);
	else
		cmdline_opts[i].fn(o, t);
}

static void cmdline_opt_refused(void *ctx, const char *item, size_t len, const char *why)
{
	char raw[48], show[SHOW_MAX];
	size_t n = len < sizeof(raw) - 1 ? len : sizeof(raw) - 1;

	memcpy(raw, item, n);
	raw[n] = '\0';
	cmdline_note(ctx, NOTE_WARN, "overlaytmpfsflags=: refused %s%s: %s",
		     cmdline_show(show, sizeof(show), raw), n < len ? "..." : "", why);
}

void cmdline_opt_finish(struct boot_opts *o)
{
	struct mntopt_refusal r = { cmdline_opt_refused, o };
	char show[SHOW_MAX];

	if (mntopt_split(o->rootflags, &o->root_mflags, o->root_data, sizeof(o->root_data)) < 0)
		cmdline_note(o, NOTE_ERROR, "rootflags= does not fit in %zu bytes",
			     sizeof(o->root_data) - 1);
	if (mntopt_tmpfs(o->overlayflags, &o->tmpfs_mflags, o->tmpfs_data,
			 sizeof(o->tmpfs_data), &r) < 0) {
		strcpy(o->tmpfs_data, MNTOPT_TMPFS_DEFAULT);
		cmdline_note(o, NOTE_ERROR, "overlaytmpfsflags=: with " MNTOPT_TMPFS_DEFAULT
			     " added the tmpfs options are longer than %zu bytes",
			     sizeof(o->tmpfs_data) - 1);
	}
	if (o->init[0] != '/')
		cmdline_note(o, NOTE_ERROR, "init=%s is not an absolute path",
			     cmdline_show(show, sizeof(show), o->init));
	cmdline_verity_finish(o);
	if (o->usbdelay > o->root_wait && o->root_wait != ROOT_WAIT_FOREVER)
		o->root_wait = o->usbdelay;
	if (o->root_words == 0 && o->diskless[0])
		cmdline_note(o, NOTE_ERROR, "no root= on the command line, and %s: this is an "
			     "Alpine diskless boot, and ovlinit boots system-disk installs only "
			     "(root=DEVICE)", o->diskless);
	else if (o->root_words == 0)
		cmdline_note(o, NOTE_ERROR, "no root= on the command line: "
			     "ovlinit cannot know which device to mount");
	cmdline_store_finish(o);
}
