/* ovlinit-toggle: switch the overlay root on and off in a Raspberry Pi's
 * cmdline.txt, safely. The edit is lib/cmdtxt/cmdtxt.c (pure), the mount
 * checks lib/rootdev/mountinfo.c (pure), the write lib/sys/sys_cmdtxt.c. See
 * ovlinit-toggle(1). Exit status: 0 ok, 1 failure, 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <linux/limits.h>   /* PATH_MAX: lib/util/limit.h shadows <limits.h> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdtxt/cmdtxt.h"
#include "cmdline/mntopt.h"
#include "rootdev/mountinfo.h"
#include "sys/sys.h"
#include "sys/sys_cmdtxt.h"
#include "version.h"
#include "nextboot.h"
#include "toggle.h"


const char toggle_prog[] = "ovlinit-toggle";
static const char toggle_usage_text[] =
	"usage: ovlinit-toggle [-f FILE] [status | on | off | toggle]"
	" [--flags FLAGS | --no-flags] [--force]\n"
	"         [--boot-dir DIR]\n"
	"       ovlinit-toggle [-f FILE] off --once [--force]\n"
	"       ovlinit-toggle --help | --version\n";

static const char *const toggle_search[] = {
	"/boot/firmware/cmdline.txt",   /* Raspberry Pi OS since Bookworm */
	"/boot/cmdline.txt",            /* older Raspberry Pi OS */
	"/media/mmcblk0p1/cmdline.txt", /* Alpine on a Pi */
};


int toggle_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", toggle_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* What was wrong, then the usage, on stderr: exit 2. */
static int toggle_usage(const char *why)
{
	if (why)
		fprintf(stderr, "%s: %s\n", toggle_prog, why);
	fputs(toggle_usage_text, stderr);
	return 2;
}

static void toggle_flag_refused(void *ctx, const char *item, size_t len, const char *why)
{
	*(int *)ctx = 1;
	fprintf(stderr, "%s: --flags: %.*s: %s\n", toggle_prog, (int)len, item, why);
}

/* The one place where --flags is checked: one word, then the init's own
 * overlaytmpfsflags= validator (lib/cmdline/mntopt.c), so that nothing the init
 * would refuse at boot gets written. */
static int toggle_flags_check(const char *flags)
{
	unsigned long ms = 0;
	char data[OPT_VALUE_MAX];
	int refused = 0;
	struct mntopt_refusal r = { toggle_flag_refused, &refused };

	if (!cmdtxt_flags_ok(flags))
		return toggle_usage(cmdtxt_why(CMDTXT_BAD_FLAGS));
	if (mntopt_tmpfs(flags, &ms, data, sizeof(data), &r) < 0)
		return toggle_usage("--flags: with " MNTOPT_TMPFS_DEFAULT " the options do not fit");
	if (refused)
		return toggle_usage("--flags: the init would refuse the items above");
	return 0;
}

static int toggle_command(struct toggle *t, const char *cmd)
{
	static const struct { const char *name; enum cmdtxt_op op; } cmds[] = {
		{ "status", CMDTXT_KEEP }, { "on", CMDTXT_ON },
		{ "off", CMDTXT_OFF }, { "toggle", CMDTXT_TOGGLE },
	};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmd, cmds[i].name) == 0) {
			t->edit.op = cmds[i].op;
			t->is_status = i == 0;
			return 0;
		}
	fprintf(stderr, "%s: unknown command '%s'\n", toggle_prog, cmd);
	return toggle_usage(NULL);
}

/* --help and --version: stdout, exit 0 (-1 here: main ends at once). */
static int toggle_info(int c)
{
	if (c == 'h')
		fputs(toggle_usage_text, stdout);
	else
		printf("%s %s\n", toggle_prog, OVLINIT_BUILD_VERSION);
	return -1;
}

static int toggle_bad_option(int c, const char *arg)
{
	char why[128];

	snprintf(why, sizeof(why), "%s '%s'", c == ':' ? "missing argument of" :
		 "unknown option", arg);
	return toggle_usage(why);
}

static int toggle_args(struct toggle *t, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "flags", required_argument, NULL, 'F' },
		{ "no-flags", no_argument, NULL, 'N' },
		{ "force", no_argument, NULL, 'o' },
		{ "once", no_argument, NULL, 'O' },
		{ "mountinfo", required_argument, NULL, 'M' },
		{ "boot-dir", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	t->is_status = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:h", longs, NULL)) != -1) {
		if (c == 'h' || c == 'V')
			return toggle_info(c);
		if (c == '?' || c == ':')
			return toggle_bad_option(c, argv[optind - 1]);
		if (c == 'f')
			t->file = optarg;
		else if (c == 'F' && t->edit.flags_op == CMDTXT_FLAGS_KEEP) {
			t->edit.flags_op = CMDTXT_FLAGS_SET;
			t->edit.flags = optarg;
		} else if (c == 'N' && t->edit.flags_op == CMDTXT_FLAGS_KEEP)
			t->edit.flags_op = CMDTXT_FLAGS_REMOVE;
		else if (c == 'o')
			t->edit.force = 1;
		else if (c == 'O')
			t->once = 1;
		else if (c == 'M')
			t->mountinfo = optarg;
		else if (c == 'B')
			t->bootdir = optarg;
		else
			return toggle_usage(c == 'F' || c == 'N' ?
					    "--flags and --no-flags go alone, once" : NULL);
	}
	if (optind < argc && toggle_command(t, argv[optind++]) != 0)
		return 2;
	if (optind < argc)
		return toggle_usage("one command only");
	if (t->is_status && t->edit.flags_op != CMDTXT_FLAGS_KEEP)
		return toggle_usage("--flags and --no-flags go with on, off or toggle");
	if (t->once && (t->is_status || t->edit.op != CMDTXT_OFF))
		return toggle_usage("--once goes with off only: the one-shot boot is one without "
				    "the overlay");
	if (t->once && t->edit.flags_op != CMDTXT_FLAGS_KEEP)
		return toggle_usage("--once takes no --flags or --no-flags");
	if (t->edit.flags_op == CMDTXT_FLAGS_SET)
		return toggle_flags_check(t->edit.flags);
	return 0;
}

static int toggle_find(struct toggle *t)
{
	if (t->file)
		return 0;
	for (size_t i = 0; i < sizeof(toggle_search) / sizeof(toggle_search[0]); i++)
		if (access(toggle_search[i], F_OK) == 0) {
			t->file = toggle_search[i];
			fprintf(stderr, "ovlinit-toggle: using %s\n", t->file);
			return 0;
		}
	if (t->is_status)
		return 3;      /* not a Pi's: status of the kernels of /boot only */
	return toggle_fail("no cmdline.txt in /boot/firmware, /boot or /media/mmcblk0p1; "
			   "mount the boot partition there, or name the file with -f");
}

static int toggle_read(struct toggle *t)
{
	long n;

	if (stat(t->file, &t->st) < 0)
		return toggle_fail("%s: %s", t->file, strerror(errno));
	if (!S_ISREG(t->st.st_mode))
		return toggle_fail("%s: not a regular file", t->file);
	n = sys_read_file(t->file, t->text, sizeof(t->text));
	if (n == -EFBIG)
		return toggle_fail("%s: %s", t->file, cmdtxt_why(CMDTXT_TOO_BIG));
	if (n < 0)
		return toggle_fail("%s: %s", t->file, strerror((int)-n));
	t->len = (size_t)n;
	if (!realpath(t->file, t->real))
		return toggle_fail("%s: %s", t->file, strerror(errno));
	n = sys_read_file(t->mountinfo ? t->mountinfo : "/proc/self/mountinfo",
			  t->minfo, sizeof(t->minfo));
	if (n < 0)
		return toggle_fail("reading the mount table: %s (is /proc mounted?)",
				   strerror((int)-n));
	t->minfo_len = (size_t)n;
	return 0;
}

const char *toggle_yes(int b)
{
	return b ? "yes" : "no";
}

/* The checker's notes on a text, as ovlinit --explain gives them. */
void toggle_notes(const char *file, const struct boot_opts *o)
{
	int dropped = o->n_errors + o->n_warnings - o->n_notes;

	for (int i = 0; i < o->n_notes; i++)
		fprintf(stderr, "%s: %s: %s: %s\n", toggle_prog,
			o->notes[i].level == NOTE_ERROR ? "error" : "warning", file,
			o->notes[i].text);
	if (dropped > 0)
		fprintf(stderr, "%s: warning: %s: %d more; ovlinit --explain --cmdline-file %s "
			"lists them all\n", toggle_prog, file, dropped, file);
}

/* overlaytmpfsflags= as written on the line, or "(none)". */
static const char *toggle_flags(const struct boot_opts *o)
{
	return o->overlayflags[0] ? o->overlayflags : "(none)";
}

/* The next boot's overlay, flags and root, in ovlinit --explain's words. */
void toggle_next_boot(const struct boot_opts *o)
{
	static char buf[CMDLINE_SHOW_MAX];

	printf("next boot overlay: %s\n", toggle_yes(o->overlay));
	printf("next boot flags: %s\n",
	       cmdline_show_mnt(buf, sizeof(buf), o->tmpfs_mflags, o->tmpfs_data));
	printf("next boot root: %s\n", cmdline_show_root(buf, sizeof(buf), &o->root));
	printf("next boot check: errors=%d warnings=%d\n", o->n_errors, o->n_warnings);
}


static int toggle_status(const struct toggle *t)
{
	static struct cmdtxt_status st;
	struct mountinfo_ent root;
	char dir[PATH_MAX];
	const char *base;

	if (cmdtxt_status(t->text, t->len, &st) < 0)
		return toggle_fail("%s: %s", t->file, cmdtxt_why(CMDTXT_TOO_BIG));
	toggle_notes(t->file, &st.opts);
	printf("file: %s\n", t->file);
	toggle_next_boot(&st.opts);
	if (mountinfo_find(t->minfo, t->minfo_len, "/", &root) < 0)
		return toggle_fail("the mount table has no entry for /");
	printf("running overlay root: %s (/ is %s on %s)\n",
	       toggle_yes(strcmp(root.fstype, "overlay") == 0), root.fstype, root.source);
	toggle_once_status(t);
	toggle_where(t, dir, sizeof(dir), &base);
	return toggle_next_image(dir, NULL);
}

void toggle_where(const struct toggle *t, char *dir, size_t cap, const char **base)
{
	const char *slash = strrchr(t->real, '/');
	size_t n = slash > t->real ? (size_t)(slash - t->real) : 1;

	snprintf(dir, cap, "%.*s", (int)n, t->real);
	*base = slash + 1;
}

/* Refuse a file whose edit would not reach the firmware or would not
 * survive the reboot. */
int toggle_place(const struct toggle *t, struct mountinfo_ent *m)
{
	struct mountinfo_ent root;

	if (mountinfo_find(t->minfo, t->minfo_len, "/", &root) < 0 ||
	    mountinfo_find(t->minfo, t->minfo_len, t->real, m) < 0)
		return toggle_fail("%s: not found in the mount table", t->real);
	switch (cmdtxt_place(m, &root)) {
	case CMDTXT_PLACE_RAM:
		return toggle_fail("%s is on %s (%s on %s), which lives in RAM: the edit would "
				   "vanish at the next boot. Mount the boot partition (on a Pi: "
				   "mount /dev/mmcblk0p1 /boot/firmware) and edit the cmdline.txt "
				   "there", t->file, m->point, m->fstype, m->source);
	case CMDTXT_PLACE_ROOT:
		return toggle_fail("%s is on the root filesystem (%s on %s), not on the boot "
				   "partition that the firmware reads%s. Mount the boot partition "
				   "(on a Pi: mount /dev/mmcblk0p1 /boot/firmware) and edit the "
				   "cmdline.txt there", t->file, root.fstype, root.source,
				   strcmp(root.fstype, "overlay") == 0 ?
				   ", and on this overlay root the edit would vanish at the next boot" : "");
	case CMDTXT_PLACE_OK:
		break;
	}
	return 0;
}

static int toggle_write(const struct toggle *t, const struct mountinfo_ent *m,
			const char *out, size_t n)
{
	char dir[PATH_MAX];
	const char *base;

	toggle_where(t, dir, sizeof(dir), &base);
	return toggle_write_as(t, m, base, t->text, t->len, out, n);
}

int toggle_write_as(const struct toggle *t, const struct mountinfo_ent *m, const char *base,
		    const char *old, size_t old_len, const char *out, size_t n)
{
	int ro = mountinfo_has_opt(m->mnt_opts, "ro");
	struct sys_cmdtxt_data d = { old, out, old_len, n };
	struct sys_cmdtxt_result res;
	char dir[PATH_MAX];
	const char *ignored;
	int r, r2 = 0;

	if (ro && (r = sys_cmdtxt_remount(m, 1)) < 0)
		return toggle_fail("%s is mounted read-only and remounting it read-write failed: "
				   "%s; the file is unchanged", m->point, strerror(-r));
	toggle_where(t, dir, sizeof(dir), &ignored);
	r = sys_cmdtxt_replace(dir, base, &d, &t->st, &res);
	if (res.stale_removed)
		fprintf(stderr, "ovlinit-toggle: removed %s/.%s%s, left by an interrupted run\n",
			dir, base, SYS_CMDTXT_TMP_SUFFIX);
	if (ro && (r2 = sys_cmdtxt_remount(m, 0)) < 0)
		toggle_fail("remounting %s read-only again failed: %s; run: mount -o remount,ro %s",
			    m->point, strerror(-r2), m->point);
	if (r == -EAGAIN)
		return toggle_fail("%s changed while it was being edited; the new content is "
				   "kept; run ovlinit-toggle again", t->file);
	if (r < 0)
		return toggle_fail("%s/%s: %s failed: %s; %s", dir, base, res.err.what, strerror(-r),
				   res.renamed ? "the new content is in place but may not be "
				   "on the disk: run sync before a reboot" : "the file is unchanged");
	if (ro && r2 == 0)
		fprintf(stderr, "ovlinit-toggle: remounted %s read-write for the edit, then "
			"read-only again\n", m->point);
	return r2 < 0;
}

/* The line to write as the checker sees it: its notes said, its errors
 * a refusal unless --force. Returns 0 to go on. */
int toggle_judge(const struct toggle *t, const struct cmdtxt_status *st, int changed)
{
	toggle_notes(t->file, &st->opts);
	if (!changed || !st->errors)
		return 0;
	if (!t->edit.force)
		return toggle_fail("%s: not changed: the boot would stop at the error%s above "
				   "in the new line; fix the file, or --force writes it anyway",
				   t->file, st->opts.n_errors > 1 ? "s" : "");
	fprintf(stderr, "%s: %s: writing it despite %d error%s (--force)\n", toggle_prog,
		t->file, st->opts.n_errors, st->opts.n_errors > 1 ? "s" : "");
	return 0;
}

int toggle_prepare(const struct toggle *t, const char *refused, char *out, size_t cap,
		   size_t *n, struct cmdtxt_status *st, struct mountinfo_ent *m)
{
	enum cmdtxt_refusal why;

	if (cmdtxt_apply(t->text, t->len, &t->edit, out, cap, n, &why) < 0)
		return toggle_fail("%s: %s: %s", t->file, refused, cmdtxt_why(why));
	if (toggle_place(t, m) != 0)
		return 1;
	if (cmdtxt_status(out, *n, st) < 0)
		return toggle_fail("%s: %s", t->file, cmdtxt_why(CMDTXT_TOO_BIG));
	return 0;
}

static int toggle_edit(const struct toggle *t)
{
	static char out[CMDTXT_OUT_MAX];
	static struct cmdtxt_status st;
	struct mountinfo_ent m;
	size_t n;
	int changed;

	if (toggle_prepare(t, "not changed", out, sizeof(out), &n, &st, &m) != 0)
		return 1;
	changed = n != t->len || memcmp(out, t->text, n) != 0;
	if (toggle_judge(t, &st, changed) != 0)
		return 1;
	if (!changed) {
		printf("%s: unchanged: the next boot already has overlay %s, flags %s\n", t->file,
		       toggle_yes(st.overlay), toggle_flags(&st.opts));
		toggle_next_boot(&st.opts);
		return 0;
	}
	if (toggle_write(t, &m, out, n) != 0)
		return 1;
	printf("%s: written: the next boot has overlay %s, flags %s; reboot to apply\n", t->file,
	       toggle_yes(st.overlay), toggle_flags(&st.opts));
	toggle_next_boot(&st.opts);
	return 0;
}

int main(int argc, char **argv)
{
	static struct toggle t;
	int r = toggle_args(&t, argc, argv);

	if (r == 0)
		r = toggle_find(&t);
	if (r == 3) {       /* status, and no cmdline.txt: not a Pi's */
		printf("file: none (no cmdline.txt in /boot/firmware, /boot or /media/mmcblk0p1: "
		       "not a Raspberry Pi's boot partition)\n");
		return toggle_next_image(NULL, t.bootdir ? t.bootdir : "/boot");
	}
	if (r == 0)
		r = toggle_read(&t);
	if (r == 0)
		r = t.is_status ? toggle_status(&t) : t.once ? toggle_once(&t) : toggle_edit(&t);
	return r < 0 ? 0 : r;     /* -1: --help or --version */
}
