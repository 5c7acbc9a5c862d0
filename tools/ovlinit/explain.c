/* ovlinit --explain: what ovlinit understands of a command line, and the
 * boot it would make of it, with no side effects. The output format is
 * documented in ovlinit(8) and kept stable: one "KIND: text" record a
 * line, in a fixed order. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmdline/cmdline.h"
#include "log/fail.h"
#include "cmdline/mntopt.h"
#include "plan/plan.h"
#include "sys/sys.h"
#include "cmd/tool.h"

#define EXPLAIN_FILE_MAX 65536
#define SHOW_CAP (CMDLINE_MAX * 4 + 8)   /* every byte may become \xHH */

static char explain_show[SHOW_CAP];

static const char *explain_esc(const char *s)
{
	return cmdline_show(explain_show, sizeof(explain_show), s);
}

/* What each word is: ovlinit's, someone else's, or init's. */
static void explain_words(const char *text, size_t len)
{
	struct cmdline_tok t;
	size_t pos = 0;
	int n = 0, dashes = 0;

	while (cmdline_next(text, len, &pos, &t) == 1) {
		const char *what = dashes == 2 ? "dropped by the kernel" :
				   dashes == 1 ? "for init" :
				   cmdline_role(&t);

		if (t.val == NULL && strcmp(t.word, "--") == 0 && dashes < 2)
			what = ++dashes == 1 ? "end of options: the rest is init's" :
			       "the kernel stops here";
		if (t.val)
			t.word[t.key_len] = '=';
		printf("word %d: %s (%s)\n", ++n, explain_esc(t.word), what);
	}
}

static void explain_list(const char *name, const char list[][MODULE_NAME_MAX], int n)
{
	printf("option %s:", name);
	for (int i = 0; i < n; i++)
		printf(" %s", explain_esc(list[i]));
	printf("%s\n", n ? "" : " -");
}

static void explain_split(const char *name, unsigned long flags, const char *data)
{
	static char buf[CMDLINE_SHOW_MAX];

	printf("option %s: %s\n", name, cmdline_show_mnt(buf, sizeof(buf), flags, data));
}

static void explain_root(const struct boot_opts *o)
{
	static char buf[CMDLINE_SHOW_MAX];

	printf("option root: %s\n", cmdline_show_root(buf, sizeof(buf), &o->root));
}

/* "option NAME: w1 w2..." of n NUL-separated words, "-" for none. */
static void explain_option_words(const char *name, const char *words, int n)
{
	printf("option %s:", name);
	for (int i = 0; i < n; i++, words += strlen(words) + 1)
		printf(" %s", explain_esc(words));
	printf("%s\n", n ? "" : " -");
}

/* Shown only when asked for: the records of every other line stay. */
static void explain_verity_options(const struct boot_opts *o)
{
	static char buf[CMDLINE_SHOW_MAX];

	if (o->verity_words == 0 && !o->verityerror_set)
		return;
	printf("option roothash: %s\n", o->roothash[0] ? o->roothash : "-");
	printf("option verityhash: %s\n", cmdline_show_root(buf, sizeof(buf), &o->verity_hash));
	printf("option verityerror: %s\n", verity_error_name(o->verity_error));
}


/* The value of the last key=VALUE item of a comma list, into buf, or
 * NULL. */
static const char *explain_item(const char *list, const char *key, char *buf, size_t cap)
{
	size_t k = strlen(key);
	const char *found = NULL;

	for (const char *p = list; *p; p += *p == ',') {
		size_t n = strcspn(p, ",");

		if (n > k && memcmp(p, key, k) == 0 && p[k] == '=' && n - k - 1 < cap) {
			memcpy(buf, p + k + 1, n - k - 1);
			buf[n - k - 1] = '\0';
			found = buf;
		}
		p += n;
	}
	return found;
}

/* The upper layer's limit: the df / of the booted system. */
static void explain_upper_size(const struct boot_opts *o)
{
	char size[OPT_VALUE_MAX];

	if (!o->overlay)
		return;
	if (explain_item(o->tmpfs_data, "size", size, sizeof(size)))
		printf("option upper size: size=%s (overlaytmpfsflags=); df / in the booted "
		       "system shows it\n", explain_esc(size));
	else
		printf("option upper size: half of RAM (the kernel's tmpfs default, as Alpine's); "
		       "df / in the booted system shows it; set it with "
		       "overlaytmpfsflags=size=N%% or size=NM\n");
}

static void explain_store(const struct boot_opts *o)
{
	static char buf[CMDLINE_SHOW_MAX];

	if (o->store.kind == ROOT_NONE)
		printf("option overlaystore: -\n");
	else if (o->store_image[0])
		printf("option overlaystore: %s image %s\n", cmdline_show_root(buf, sizeof(buf),
		       &o->store), explain_esc(o->store_image));
	else
		printf("option overlaystore: %s\n", cmdline_show_root(buf, sizeof(buf), &o->store));
	printf("option overlaystore.required: %s\n", o->store_required ? "yes" : "no");
	printf("option overlayreset: %s\n", o->store_reset ? "yes" : "no");
	printf("option overlaykeep:");
	for (int i = 0; i < o->n_keep; i++)
		printf(" %s", o->keep[i]);
	printf("%s\n", o->n_keep ? "" : " -");
}

static void explain_options(const struct boot_opts *o)
{
	explain_root(o);
	printf("option rootfstype: %s\n", o->rootfstype[0] ? o->rootfstype : "- (probed)");
	explain_split("rootflags", o->root_mflags, o->root_data);
	printf("option ro/rw: %s\n", o->rw ? "rw" : "ro");
	explain_list("modules", o->modules, o->n_modules);
	explain_list("blacklist", o->blacklist, o->n_blacklist);
	printf("option overlaytmpfs: %s\n", o->overlay ? "yes" : "no");
	explain_split("overlaytmpfsflags", o->tmpfs_mflags, o->tmpfs_data);
	explain_upper_size(o);
	explain_store(o);
	printf("option init: %s\n", o->init[0] ? explain_esc(o->init) : "(empty)");
	explain_option_words("init args", o->init_args, o->n_init_args);
	if (o->n_alpine_args)
		explain_option_words("init_args", o->alpine_args, o->n_alpine_args);   /* Alpine's */
	if (o->root_wait == ROOT_WAIT_FOREVER)
		printf("option rootwait: forever\n");
	else
		printf("option rootwait: %d s\n", o->root_wait);
	if (o->usbdelay >= 0)
		printf("option usbdelay: %d s (the root wait is at least this)\n", o->usbdelay);
	printf("option quiet: %s\n", o->quiet ? "yes" : "no");
	printf("option ovlinit.debug: %s\n", o->debug ? "yes" : "no");
	printf("option rescue: %s\n", o->rescue ? "yes" : "no");
	if (o->panic_set)
		printf("option panic: %d\n", o->panic);
	else
		printf("option panic: unset\n");
	explain_verity_options(o);
}

static void explain_notes(const struct boot_opts *o)
{
	int dropped = o->n_errors + o->n_warnings - o->n_notes;

	for (int i = 0; i < o->n_notes; i++)
		printf("%s: %s\n", o->notes[i].level == NOTE_ERROR ? "error" : "warning",
		       o->notes[i].text);
	if (dropped > 0)
		printf("warning: %d more warnings and errors not shown (at most %d are kept)\n",
		       dropped, NOTES_MAX);
}

/* The root device as the plan names it: no device is probed here. */
static void explain_root_desc(const struct root_spec *r, char *buf, size_t cap)
{
	/* a plan step holds less than buf */
	if (rootdev_spec_text(r, buf, cap) < 0 || strlen(buf) >= PATH_MAX_OVL)
		snprintf(buf, cap, "(the root= device)");
}

static void explain_find(const char *what, const char *dev, const struct boot_opts *o)
{
	if (o->root_wait == ROOT_WAIT_FOREVER)
		printf("plan: find the %s %s, waiting forever\n", what, explain_esc(dev));
	else
		printf("plan: find the %s %s, waiting up to %d s\n", what, explain_esc(dev),
		       o->root_wait);
}

/* init/boot_verity.c's steps: the mapping the mounts then use. */
static void explain_verity(const struct boot_opts *o, const char *data, const char *hash)
{
	printf("plan: load dm-verity (roothash=)\n");
	printf("plan: verity: read the superblock of %s; its hash algorithm must take a root "
	       "hash of %zu hex digits, its block counts must fit both devices\n",
	       explain_esc(hash), strlen(o->roothash));
	printf("plan: setro %s\n", explain_esc(data));
	printf("plan: setro %s\n", explain_esc(hash));
	/* explain_esc() has one buffer: one call a printf. */
	printf("plan: dm create root: verity data %s, ", explain_esc(data));
	printf("hash %s, the superblock's block sizes, algorithm and salt, root hash %s, on a "
	       "corrupted block: %s\n", explain_esc(hash), o->roothash,
	       verity_error_name(o->verity_error));
	printf("plan: verity: read block 0 of /dev/mapper/root (a wrong roothash= fails "
	       "here)\n");
}

static void explain_print(const struct plan *p, char *out, size_t cap)
{
	plan_print(p, out, cap);
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, "exec ", 5) != 0 || p->init[0] != '\0')
			printf("plan: %s\n", explain_esc(line));
}

/* The store is found and mounted before the root (init/boot_store.c):
 * the same steps, its device named by its spec. */
static struct plan_upper explain_upper;

static int explain_store_plan(const struct boot_opts *o, struct plan *p, char *out, size_t cap)
{
	static char spec[OPT_VALUE_MAX + 16], dir[PATH_MAX_OVL];
	const char *dev = spec;

	explain_root_desc(&o->store, spec, sizeof(spec));
	printf("plan: find the store device %s, with the root's wait; the root device cannot "
	       "be it\n", explain_esc(spec));
	printf("plan: if it is missing or unusable: %s\n", o->store_required ?
	       "fatal (overlaystore.required)" : "the tmpfs upper, a loud warning, "
	       "OVLINIT_STORE_FALLBACK=yes");
	memset(&explain_upper, 0, sizeof(explain_upper));
	if (o->store_image[0]) {
		snprintf(dir, sizeof(dir), OVL_MEDIA "/(store)");
		if (plan_store_host(o, spec, "(probed)", dir, p) < 0)
			return -ENAMETOOLONG;
		p->init[0] = '\0';
		explain_print(p, out, cap);
		dev = "(the loop device)";
		explain_upper.host_dir = dir;
	}
	printf("plan: check the store's filesystem: ext2, ext3, ext4, xfs, btrfs or f2fs\n");
	if (plan_store_upper(dev, "(probed)", o->n_keep ? OVL_PERSIST : OVL_UPPER, p) < 0)
		return -ENAMETOOLONG;
	explain_print(p, out, cap);
	if (o->store_reset)
		printf("plan: reset the store: move root/, work/ and keep/ aside, then remove "
		       "them\n");
	printf("plan: check that %s on the store %s\n",
	       o->n_keep ? "keep/" : "root/ and work/", o->n_keep ? "is a directory or absent" :
	       "are directories or absent");
	printf("plan: leave /run/initramfs/shutdown, which releases the store at poweroff "
	       "(ovlinit(8), Shutdown)\n");
	explain_upper.device = dev;
	explain_upper.fstype = "(probed)";
	explain_upper.keep = o->n_keep > 0;
	return 0;
}

/* The steps of init/main.c: modules, the root device, the mounts. */
static int explain_plan(const struct boot_opts *o)
{
	static struct plan p;
	static char out[PLAN_STEPS_MAX * 1024];
	char dev[OPT_VALUE_MAX + 16], hash[OPT_VALUE_MAX + 16];
	int r;

	for (int i = 0; i < o->n_modules; i++)
		printf("plan: load %s (modules=)\n", explain_esc(o->modules[i]));
	if (o->rootfstype[0])
		printf("plan: load %s (rootfstype=)\n", o->rootfstype);
	if (o->overlay)
		printf("plan: load overlay (overlaytmpfs)\n");
	if (o->roothash[0]) {
		explain_root_desc(&o->verity_hash, hash, sizeof(hash));
		explain_find("verity hash device", hash, o);
	}
	explain_root_desc(&o->root, dev, sizeof(dev));
	explain_find("root device", dev, o);
	if (!o->rootfstype[0])
		printf("plan: load the driver of the filesystem found on it\n");
	if (o->roothash[0])
		explain_verity(o, dev, hash);
	if (o->store.kind != ROOT_NONE && explain_store_plan(o, &p, out, sizeof(out)) < 0)
		return -ENAMETOOLONG;
	r = plan_build_upper(o, o->roothash[0] ? "/dev/mapper/root" : dev,
			     o->rootfstype[0] ? o->rootfstype : "(probed)",
			     o->store.kind != ROOT_NONE ? &explain_upper : NULL, &p);
	if (r < 0) {
		printf("error: the mount plan cannot be built: %s\n", strerror(-r));
		return r;
	}
	explain_print(&p, out, sizeof(out));
	return 0;
}

/* What a fatal error would do, in lib/log/fail.c's words. Whether the image
 * holds a shell is not known here, so `rescue` is told both ways. */
static void explain_failure(const struct boot_opts *o)
{
	struct fail_policy p = { o->panic, 0, 0 };
	char action[256];

	fail_action_text(&p, action, sizeof(action));
	if (o->rescue)
		printf("on failure: a rescue shell on the console if the image has one "
		       "(rescue); otherwise %s\n", action);
	else
		printf("on failure: %s\n", action);
}

/* Read the text into buf[0..*len). --cmdline TEXT is the command line
 * itself, as in /proc/cmdline; --cmdline-file FILE is read as a
 * cmdline.txt: what the firmware passes is the first line (a saved
 * /proc/cmdline is one line too). Returns -1 to go on, or the exit
 * status: 0 after --help, 1 if the file cannot be read, 2 usage. */
static int explain_read(int argc, char **argv, char *buf, size_t cap,
			enum cmdline_src *src, size_t *len)
{
	const char *path = "/proc/cmdline";
	long n;

	*src = CMDLINE_PROC;
	if (argc == 3 && strcmp(argv[1], "--cmdline") == 0) {
		*len = strlen(argv[2]);
		if (*len >= cap)
			return tool_usage_error("--explain", TOOL_EXPLAIN_USAGE,
						"--cmdline: the text is larger than 64 KiB");
		memcpy(buf, argv[2], *len + 1);
		return -1;
	}
	if (argc == 3 && strcmp(argv[1], "--cmdline-file") == 0) {
		path = strcmp(argv[2], "-") == 0 ? "/dev/stdin" : argv[2];
		*src = CMDLINE_TXT;
	} else if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		return tool_help("--explain", TOOL_EXPLAIN_USAGE);
	} else if (argc == 2 && strncmp(argv[1], "--cmdline", 9) == 0) {
		return tool_usage_error("--explain", TOOL_EXPLAIN_USAGE, "%s needs an argument",
					argv[1]);
	} else if (argc != 1) {
		return tool_usage_error("--explain", TOOL_EXPLAIN_USAGE, argc > 3 ?
					"too many arguments" : "unknown argument '%s'", argv[1]);
	}
	n = sys_read_file(path, buf, cap);
	if (n < 0) {
		fprintf(stderr, "%s --explain: %s: %s\n", tool_name, path,
			n == -EFBIG ? "larger than 64 KiB: not a command line" : strerror((int)-n));
		return 1;
	}
	*len = (size_t)n;
	return -1;
}

int explain_main(int argc, char **argv)
{
	static char text[EXPLAIN_FILE_MAX];
	static struct boot_opts o;
	enum cmdline_src src;
	size_t n = 0;
	int r = explain_read(argc, argv, text, sizeof(text), &src, &n);

	if (r >= 0)
		return r;
	r = cmdline_check(text, n, src, &o);
	printf("input: %zu bytes\n", n);
	explain_words(text, o.kernel_len);
	explain_options(&o);
	explain_notes(&o);
	if (r == 0 && explain_plan(&o) < 0)
		r = -EINVAL;
	else if (r < 0)
		printf("plan: none: the boot stops at the command line\n");
	explain_failure(&o);
	printf("result: errors=%d warnings=%d\n", o.n_errors, o.n_warnings);
	return r < 0 ? 1 : 0;
}
