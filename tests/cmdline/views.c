/* The three views of one cmdline.txt, which must agree (issue 17):
 *   boot     what init will do: the firmware's first line, cut by the
 *            kernel to COMMAND_LINE_SIZE - 1 bytes, read as /proc/cmdline
 *            by cmdline_parse() (emulated here, independently of the
 *            checker's cmdline.txt code);
 *   explain  what `ovlinit --explain --cmdline-file` reports: the checker
 *            on the file (cmdline_check, CMDLINE_TXT);
 *   toggle   what `ovlinit-toggle status` reports (cmdtxt_status).
 * Prints one summary line per view, "VIEW: errors=N flags=... overlay=...
 * root=..." (the cut counts as an error of every view), and exits 1 if
 * they differ, or if the boot's notes are not the checker's notes about
 * the words. tests/cmdline/agree_test.sh compares the tools' own output
 * with these lines. Usage: views FILE */
#include <stdio.h>
#include <string.h>

#include "cmdline/cmdline.h"
#include "cmdtxt/cmdtxt.h"
#include "views.h"

#define VIEWS_FILE_MAX 65536

static char text[VIEWS_FILE_MAX], proc[CMDLINE_KERNEL_SIZE + 1];
static struct boot_opts boot, explain;
static struct cmdtxt_status toggle;

static void views_line(char *buf, size_t cap, const struct boot_opts *o, int errors)
{
	static char mnt[CMDLINE_SHOW_MAX], root[CMDLINE_SHOW_MAX];

	snprintf(buf, cap, "errors=%d flags=%s overlay=%s root=%s", errors,
		 cmdline_show_mnt(mnt, sizeof(mnt), o->tmpfs_mflags, o->tmpfs_data),
		 o->overlay ? "yes" : "no", cmdline_show_root(root, sizeof(root), &o->root));
}

int main(int argc, char **argv)
{
	static char lb[CMDLINE_SHOW_MAX * 3], le[sizeof(lb)], lt[sizeof(lb)];
	FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
	size_t n, pn;
	int cut, ok;

	if (f == NULL) {
		fprintf(stderr, "usage: views FILE (a readable cmdline.txt)\n");
		return 2;
	}
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	pn = views_proc(text, n, proc, &cut);
	(void)!cmdline_parse(proc, pn, &boot);
	(void)!cmdline_check(text, n, CMDLINE_TXT, &explain);
	views_line(lb, sizeof(lb), &boot, boot.n_errors + cut);
	views_line(le, sizeof(le), &explain, explain.n_errors);
	printf("boot: %s\nexplain: %s\n", lb, le);
	ok = strcmp(lb, le) == 0 && views_same(&boot, cut, &explain);
	if (cmdtxt_status(text, n, &toggle) == 0) {
		views_line(lt, sizeof(lt), &toggle.opts, toggle.opts.n_errors);
		printf("toggle: %s\n", lt);
		ok &= strcmp(lt, le) == 0 && toggle.overlay == boot.overlay;
	}
	ok &= n > CMDTXT_MAX || views_agree(text, n);
	if (!ok)
		fprintf(stderr, "views: %s: the views disagree\n", argv[1]);
	return ok ? 0 : 1;
}
