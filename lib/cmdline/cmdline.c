/* See cmdline.h and ovlinit(8): the one checker of a command line. The
 * layers, each calling only the ones below it: this file (the text's
 * extent, the words, what follows "--"), cmdline_opt.c and
 * cmdline_root.c (what each option means), cmdline_tok.c (the kernel's
 * tokenizer, the notes). */
#include "cmdline/cmdline.h"
#include "cmdline/cmdline_opt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmdline/mntopt.h"
#include "util/text.h"

int cmdline_known(const struct cmdline_tok *tok)
{
	return cmdline_opt_known(tok);
}

static void cmdline_defaults(struct boot_opts *o)
{
	memset(o, 0, sizeof(*o));
	strcpy(o->init, "/sbin/init");
	strcpy(o->tmpfs_data, MNTOPT_TMPFS_DEFAULT);
	o->root_wait = ROOT_WAIT_DEFAULT;
	o->usbdelay = -1;
}

/* Words after "--" go to the real init, "key=value" put back together as
 * the kernel's set_init_arg() does. The kernel stops at a second "--". */
static void cmdline_init_args(struct boot_opts *o, const char *text, size_t len,
			      size_t pos)
{
	struct cmdline_tok t;
	size_t used = 0;

	while (cmdline_next(text, len, &pos, &t) == 1) {
		size_t n = strlen(t.word);

		if (t.val == NULL && strcmp(t.word, "--") == 0) {
			cmdline_note(o, NOTE_WARN, "words after a second -- (byte %zu) "
				     "reach neither ovlinit nor init: the kernel drops them",
				     t.start);
			return;
		}
		if (t.val)
			t.word[n] = '=';
		n = strlen(t.word);
		memcpy(o->init_args + used, t.word, n + 1);   /* fits: see cmdline_parse */
		used += n + 1;
		o->n_init_args++;
	}
	if (o->n_init_args > INIT_ARGS_MAX - 1)
		cmdline_note(o, NOTE_ERROR, "%d words after --: the kernel refuses to boot "
			     "with more than %d arguments for init", o->n_init_args,
			     INIT_ARGS_MAX - 1);
}

static void cmdline_word_notes(struct boot_opts *o, const struct cmdline_tok *t)
{
	if (t->unterminated)
		cmdline_note(o, NOTE_WARN, "the double quote at byte %zu is never closed: "
			     "the rest of the line is one word", t->start);
}

/* text[from..len) as a short printable excerpt, for a message. */
static const char *cmdline_excerpt(char *buf, size_t cap, const char *text, size_t from,
				   size_t len)
{
	char raw[40];
	size_t n = len - from < sizeof(raw) - 1 ? len - from : sizeof(raw) - 1;

	memcpy(raw, text + from, n);
	raw[n] = '\0';
	raw[strcspn(raw, "\n")] = '\0';
	cmdline_show(buf, cap, raw);
	if (n < len - from && strlen(buf) + 4 <= cap)
		strcat(buf, "...");
	return buf;
}

/* The lines after a cmdline.txt's first one (text[from..len)), which the
 * firmware does not pass to the kernel: named when they hold a word,
 * with the first ovlinit option among them (an overlaytmpfs=yes there
 * protects nothing). */
static void cmdline_ignored(struct boot_opts *o, const char *text, size_t len, size_t from)
{
	struct cmdline_tok t;
	size_t pos = from, first = 0;
	int line = 2, any = 0;
	char show[64];

	for (size_t i = from; i < len && !any; i++) {
		any = !text_space(text[i]);
		first = i;
		line += text[i] == '\n';
	}
	if (!any)
		return;
	while (cmdline_next(text, len, &pos, &t) == 1)
		if (cmdline_known(&t)) {
			if (t.val)
				t.word[t.key_len] = '=';
			cmdline_note(o, NOTE_WARN, "the firmware passes only the first line to the "
				     "kernel: the %zu bytes from line %d on are ignored, ovlinit's %s "
				     "among them; join the lines", len - from, line,
				     cmdline_show(show, sizeof(show), t.word));
			return;
		}
	cmdline_note(o, NOTE_WARN, "the firmware passes only the first line to the kernel: "
		     "the %zu bytes from line %d on (%s) are ignored; join the lines",
		     len - from, line, cmdline_excerpt(show, sizeof(show), text, first, len));
}

/* The bytes the kernel gets, text[0..n): up to the first NUL; of a
 * cmdline.txt only the first line; of /proc/cmdline not the newline it
 * adds (an unclosed quote must not take it into a value); at most
 * CMDLINE_KERNEL_SIZE - 1 bytes, the kernel's cut. */
static size_t cmdline_extent(struct boot_opts *o, const char *text, size_t len,
			     enum cmdline_src src)
{
	const char *nul = memchr(text, '\0', len);
	size_t n = nul ? (size_t)(nul - text) : len;
	const char *nl = src == CMDLINE_TXT ? memchr(text, '\n', n) : NULL;
	char show[64];

	if (nl) {
		n = (size_t)(nl - text);
		cmdline_ignored(o, text, len, n + 1);
	} else if (nul && len - n > 1) {
		cmdline_note(o, NOTE_WARN, "a NUL byte at byte %zu ends the command line; "
			     "the %zu bytes after it are ignored", n, len - n - 1);
	}
	if (src == CMDLINE_PROC && n > 0 && text[n - 1] == '\n')
		n--;
	if (n > CMDLINE_KERNEL_SIZE - 1) {
		o->cut = 1;
		cmdline_note(o, NOTE_ERROR, "the command line is %zu bytes long: the kernel keeps "
			     "%d bytes (COMMAND_LINE_SIZE is %d on x86-64 and arm64) and cuts the "
			     "rest, from byte %d on (%s)", n, CMDLINE_KERNEL_SIZE - 1, CMDLINE_KERNEL_SIZE,
			     CMDLINE_KERNEL_SIZE - 1,
			     cmdline_excerpt(show, sizeof(show), text, CMDLINE_KERNEL_SIZE - 1, n));
		n = CMDLINE_KERNEL_SIZE - 1;
	}
	o->n_file_notes = o->n_notes;
	return n;
}

/* A UTF-8 byte order mark (an editor's, in a cmdline.txt) is not
 * whitespace to the kernel: it becomes part of the first word. */
static void cmdline_bom(struct boot_opts *o, const char *text, size_t len)
{
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		cmdline_note(o, NOTE_WARN, "the text starts with a UTF-8 byte order mark (bytes "
			     "ef bb bf): the kernel takes it as part of the first word, which "
			     "neither it nor ovlinit then understands; save the file without it "
			     "(ovlinit-toggle on or off does)");
}

int cmdline_check(const char *text, size_t len, enum cmdline_src src, struct boot_opts *o)
{
	struct cmdline_tok t;
	size_t pos = 0;

	cmdline_defaults(o);
	len = o->kernel_len = cmdline_extent(o, text, len, src);
	cmdline_bom(o, text, len);
	while (cmdline_next(text, len, &pos, &t) == 1) {
		cmdline_word_notes(o, &t);
		if (t.val == NULL && strcmp(t.word, "--") == 0) {
			cmdline_init_args(o, text, len, pos);
			break;
		}
		cmdline_opt(o, &t);
	}
	cmdline_opt_finish(o);
	return o->n_errors ? -EINVAL : 0;
}

int cmdline_parse(const char *text, size_t len, struct boot_opts *o)
{
	return cmdline_check(text, len, CMDLINE_PROC, o);
}
