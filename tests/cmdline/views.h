/* The boot's view of a cmdline.txt, emulated apart from the checker's
 * own cmdline.txt code, and the comparison of views that must agree
 * (issue 17): for tests/cmdline/views.c and the fuzzers. Static, for
 * inclusion by one test program each. */
#ifndef OVLINIT_TEST_VIEWS_H
#define OVLINIT_TEST_VIEWS_H

#include <string.h>

#include "cmdline/cmdline.h"
#include "cmdtxt/cmdtxt.h"

/* What the kernel puts in /proc/cmdline from cmdline.txt t[0..n): the
 * first line (the firmware stops at a newline or a NUL), at most
 * COMMAND_LINE_SIZE - 1 bytes of it (the kernel's cut), and a newline.
 * Writes it to proc[0..CMDLINE_KERNEL_SIZE] and returns its length;
 * *cut says whether the kernel cut. */
static size_t views_proc(const char *t, size_t n, char proc[CMDLINE_KERNEL_SIZE + 1], int *cut)
{
	size_t line = 0;

	while (line < n && t[line] != '\n' && t[line] != '\0')
		line++;
	*cut = line > CMDLINE_KERNEL_SIZE - 1;
	if (*cut)
		line = CMDLINE_KERNEL_SIZE - 1;
	memcpy(proc, t, line);
	proc[line] = '\n';
	return line + 1;
}

/* Do the boot (b, with the kernel's cut) and the checker on the file (f)
 * agree: the overlay, its flags, the root, the errors (the cut one of
 * them), and the notes about the words, word for word? */
static int views_same(const struct boot_opts *b, int cut, const struct boot_opts *f)
{
	if (b->overlay != f->overlay || b->tmpfs_mflags != f->tmpfs_mflags ||
	    strcmp(b->tmpfs_data, f->tmpfs_data) != 0 || b->root.kind != f->root.kind ||
	    strcmp(b->root.value, f->root.value) != 0 || b->root.major != f->root.major ||
	    b->root.minor != f->root.minor || b->n_errors + cut != f->n_errors || cut != f->cut)
		return 0;
	if (b->n_errors + b->n_warnings + f->n_file_notes != f->n_errors + f->n_warnings)
		return 0;
	for (int i = 0; i < b->n_notes && i + f->n_file_notes < f->n_notes; i++)
		if (b->notes[i].level != f->notes[i + f->n_file_notes].level ||
		    strcmp(b->notes[i].text, f->notes[i + f->n_file_notes].text) != 0)
			return 0;
	return 1;
}

/* The three views of cmdline.txt t[0..n) (n <= CMDTXT_MAX): the boot,
 * the checker (ovlinit --explain --cmdline-file) and cmdtxt_status()
 * (ovlinit-toggle status). Do they agree? */
static int views_agree(const char *t, size_t n)
{
	static struct boot_opts boot, file;
	static struct cmdtxt_status st;
	static char proc[CMDLINE_KERNEL_SIZE + 1];
	int cut;
	size_t pn = views_proc(t, n, proc, &cut);

	return (cmdline_parse(proc, pn, &boot) < 0) == (boot.n_errors > 0) &&
	       (cmdline_check(t, n, CMDLINE_TXT, &file) < 0) == (file.n_errors > 0) &&
	       views_same(&boot, cut, &file) && cmdtxt_status(t, n, &st) == 0 &&
	       st.overlay == boot.overlay && st.errors == (file.n_errors > 0) &&
	       memcmp(&st.opts, &file, sizeof(file)) == 0;
}

#endif
