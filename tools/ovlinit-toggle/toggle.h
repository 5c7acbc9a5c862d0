/* ovlinit-toggle's parts: main.c (the commands, the edit of cmdline.txt),
 * once.c (off --once, the firmware's one-shot tryboot) and nextboot.c
 * (the image the next boot loads). */
#ifndef OVLINIT_TOGGLE_H
#define OVLINIT_TOGGLE_H

#include <limits.h>
#include <stddef.h>
#include <sys/stat.h>

#include "cmdtxt/cmdtxt.h"
#include "rootdev/mountinfo.h"

#define TOGGLE_MOUNTINFO_MAX (256 * 1024)

extern const char toggle_prog[];

struct toggle {
	const char *file;               /* -f, or the one found */
	const char *mountinfo;          /* --mountinfo, for tests */
	const char *bootdir;            /* --boot-dir: the kernels (/boot) */
	struct cmdtxt_edit edit;
	int is_status;
	int once;                       /* off --once */
	char text[CMDTXT_MAX + 1];
	size_t len;
	struct stat st;
	char real[PATH_MAX];            /* the file, symlinks resolved */
	char minfo[TOGGLE_MOUNTINFO_MAX];
	size_t minfo_len;
};

int toggle_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *toggle_yes(int b);
void toggle_notes(const char *file, const struct boot_opts *o);
void toggle_next_boot(const struct boot_opts *o);
/* The directory of the file (symlinks resolved) and its name. */
void toggle_where(const struct toggle *t, char *dir, size_t cap, const char **base);
/* Refuse a file whose edit would not survive the reboot; m its mount. */
int toggle_place(const struct toggle *t, struct mountinfo_ent *m);
int toggle_judge(const struct toggle *t, const struct cmdtxt_status *st, int changed);
/* The edit applied to the file's text into out[0..cap) (*n bytes), the
 * file's place checked (*m its mount), the result's status in *st.
 * Returns 0, or the exit status after saying why (refused: the words
 * for an edit that cannot be made). */
int toggle_prepare(const struct toggle *t, const char *refused, char *out, size_t cap,
		   size_t *n, struct cmdtxt_status *st, struct mountinfo_ent *m);
/* Write base, beside the file, as sys_cmdtxt_replace() does (old NULL:
 * a file of ours), remounting m read-write for it if needed. */
int toggle_write_as(const struct toggle *t, const struct mountinfo_ent *m, const char *base,
		    const char *old, size_t old_len, const char *out, size_t n);

int toggle_once(struct toggle *t);                /* once.c */
void toggle_once_status(const struct toggle *t);

#endif
