/* See cmdtxt.h. The edit copies the text lazily: `copied` is how far
 * the input has been copied to the output, and a word is dropped or
 * replaced by copying up to it and skipping it. A dropped word takes one
 * run of whitespace with it: the run before it when a word is kept
 * before it, else the run after it, so "a X b" and "X a" both lose
 * exactly what adding X would have added. */
#include "cmdtxt/cmdtxt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

#define CMDTXT_STR2(x) #x
#define CMDTXT_STR(x) CMDTXT_STR2(x)

static const char cmdtxt_on_word[] = "overlaytmpfs=yes";
static const char cmdtxt_flags_key[] = "overlaytmpfsflags=";

static int cmdtxt_has_word(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!text_space(p[i]))
			return 1;
	return 0;
}

void cmdtxt_shape(const char *text, size_t len, struct cmdtxt_shape *s)
{
	const char *nul = memchr(text, '\0', len);
	size_t i;

	memset(s, 0, sizeof(*s));
	while (len - s->start >= 3 && memcmp(text + s->start, "\xef\xbb\xbf", 3) == 0) {
		s->bom = 1;
		s->start += 3;
	}
	for (s->end = s->start; s->end < len; s->end++)
		if (text[s->end] == '\n' || text[s->end] == '\0')
			break;
	if (nul) {
		s->problem = CMDTXT_NUL;
		s->problem_at = (size_t)(nul - text);
		return;
	}
	for (i = s->end; i < len; i++)
		if (!text_space(text[i])) {
			s->problem = CMDTXT_MORE_LINES;
			s->problem_at = i;
			return;
		}
	if (!cmdtxt_has_word(text + s->start, s->end - s->start)) {
		s->problem = CMDTXT_EMPTY;
		s->problem_at = s->start;
	}
}

enum cmdtxt_word cmdtxt_word_kind(const struct cmdline_tok *t)
{
	if (cmdline_key_is(t, "overlaytmpfs") || cmdline_key_is(t, "nooverlaytmpfs"))
		return CMDTXT_WORD_OVERLAY;
	if (cmdline_key_is(t, "overlaytmpfsflags"))
		return CMDTXT_WORD_FLAGS;
	return CMDTXT_WORD_OTHER;
}

static int cmdtxt_is_dashes(const struct cmdline_tok *t)
{
	return t->val == NULL && strcmp(t->word, "--") == 0;
}

int cmdtxt_status(const char *text, size_t len, struct cmdtxt_status *st)
{
	struct cmdline_tok t;
	size_t pos;

	memset(st, 0, sizeof(*st));
	if (len > CMDTXT_MAX)
		return -EFBIG;
	cmdtxt_shape(text, len, &st->shape);
	pos = st->shape.start;
	while (cmdline_next(text, st->shape.end, &pos, &t) == 1 && !cmdtxt_is_dashes(&t))
		st->n_overlay_words += cmdtxt_word_kind(&t) == CMDTXT_WORD_OVERLAY;
	/* Errors (a bad root=) are in st->opts for the caller to judge. */
	st->errors = cmdline_check(text, len, CMDLINE_TXT, &st->opts) < 0;
	st->overlay = st->opts.overlay;
	return 0;
}

const char *cmdtxt_why(enum cmdtxt_refusal why)
{
	switch (why) {
	case CMDTXT_OK:
		return "no problem";
	case CMDTXT_EMPTY:
		return "the file has no kernel options; it is probably not the right file "
		       "(--force edits it anyway)";
	case CMDTXT_NUL:
		return "the file contains a NUL byte, so it is not a text file; check it "
		       "(--force edits the text before it anyway)";
	case CMDTXT_MORE_LINES:
		return "the file has a second non-empty line, which the firmware ignores; "
		       "join the lines into one (--force edits the first line anyway)";
	case CMDTXT_QUOTE:
		return "a double quote on the line is never closed, so an added option "
		       "would end up inside it; close the quote first";
	case CMDTXT_TOO_BIG:
		return "the file or the edited text is larger than "
		       CMDTXT_STR(CMDTXT_MAX) " bytes; the kernel takes 2048";
	case CMDTXT_BAD_FLAGS:
		return "the flags must be one non-empty word shorter than "
		       CMDTXT_STR(OPT_VALUE_MAX) " bytes: no spaces, no double quotes";
	}
	return "unknown problem";
}

/* The output, and where the lazy copy of the input stands. */
struct cmdtxt_w {
	const char *in;
	char *out;
	size_t cap, len;
	int overflow;
	size_t copied;       /* in[0..copied) is dealt with */
	size_t last_end;     /* end of the previous word, kept or not */
	size_t kept_end;     /* end of the last word in the output */
	int kept_any;        /* the output has a word of line 1 */
};

static void cmdtxt_put(struct cmdtxt_w *w, const char *p, size_t n)
{
	if (n > w->cap - w->len) {
		w->overflow = 1;
		return;
	}
	memcpy(w->out + w->len, p, n);
	w->len += n;
}

/* Copy the input up to `to` (if not already past it). */
static void cmdtxt_copy_to(struct cmdtxt_w *w, size_t to)
{
	if (to > w->copied) {
		cmdtxt_put(w, w->in + w->copied, to - w->copied);
		w->copied = to;
	}
}

/* Start of the word after `from` on line 1 ([from, end)), or `from`. */
static size_t cmdtxt_next_word(const char *in, size_t from, size_t end)
{
	size_t j = from;

	while (j < end && text_space(in[j]))
		j++;
	return j < end ? j : from;
}

static void cmdtxt_drop(struct cmdtxt_w *w, const struct cmdline_tok *t, size_t end)
{
	if (w->kept_any) {
		cmdtxt_copy_to(w, w->last_end);
		w->copied = t->end;
	} else {
		size_t next = cmdtxt_next_word(w->in, t->end, end);

		cmdtxt_copy_to(w, t->start);
		/* A next word that starts with the bytes of a byte order mark
		 * must not become the file's first bytes: it would turn into
		 * one. Keep one separator before it. */
		if (w->len == 0 && next > t->end && end - next >= 3 &&
		    memcmp(w->in + next, "\xef\xbb\xbf", 3) == 0)
			next--;
		w->copied = next;
	}
}

static void cmdtxt_replace(struct cmdtxt_w *w, const struct cmdline_tok *t,
			   const char *a, const char *b)
{
	cmdtxt_copy_to(w, t->start);
	cmdtxt_put(w, a, strlen(a));
	cmdtxt_put(w, b, strlen(b));
	w->copied = t->end;
	w->kept_any = 1;
	w->kept_end = t->end;
}

/* Add words (one string, single spaces) after the last word in the
 * output, or before "--" at dd, or where the copy stands. */
static void cmdtxt_insert(struct cmdtxt_w *w, const char *words, size_t dd, int has_dd)
{
	if (w->kept_any) {
		cmdtxt_copy_to(w, w->kept_end);
		cmdtxt_put(w, " ", 1);
		cmdtxt_put(w, words, strlen(words));
	} else if (has_dd) {
		cmdtxt_copy_to(w, dd);
		cmdtxt_put(w, words, strlen(words));
		cmdtxt_put(w, " ", 1);
	} else {
		cmdtxt_put(w, words, strlen(words));
	}
}

struct cmdtxt_plan {
	enum cmdtxt_op op;          /* CMDTXT_KEEP, CMDTXT_ON or CMDTXT_OFF */
	enum cmdtxt_flags_op fop;
	const char *flags;
	int overlay_done, flags_done;
	size_t dd;                  /* where "--" starts, if has_dd */
	int has_dd, unterminated;
};

/* One word of line 1 (before "--"): keep, replace or drop it. */
static void cmdtxt_word(struct cmdtxt_w *w, struct cmdtxt_plan *p,
			const struct cmdline_tok *t, size_t end)
{
	enum cmdtxt_word k = cmdtxt_word_kind(t);

	if (k == CMDTXT_WORD_OVERLAY && p->op == CMDTXT_ON && !p->overlay_done) {
		cmdtxt_replace(w, t, cmdtxt_on_word, "");
		p->overlay_done = 1;
	} else if (k == CMDTXT_WORD_FLAGS && p->fop == CMDTXT_FLAGS_SET && !p->flags_done) {
		cmdtxt_replace(w, t, cmdtxt_flags_key, p->flags);
		p->flags_done = 1;
	} else if ((k == CMDTXT_WORD_OVERLAY && p->op != CMDTXT_KEEP) ||
		   (k == CMDTXT_WORD_FLAGS && p->fop != CMDTXT_FLAGS_KEEP)) {
		cmdtxt_drop(w, t, end);
	} else {
		w->kept_any = 1;
		w->kept_end = t->end;
	}
	w->last_end = t->end;
}

/* The words to add at the end of line 1, "" if none. */
static int cmdtxt_additions(const struct cmdtxt_plan *p, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	if (p->op == CMDTXT_ON && !p->overlay_done)
		n = (size_t)snprintf(buf, cap, "%s", cmdtxt_on_word);
	if (p->fop == CMDTXT_FLAGS_SET && !p->flags_done)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s%s", n ? " " : "",
				      cmdtxt_flags_key, p->flags);
	return n < cap ? 0 : -ENAMETOOLONG;
}

static void cmdtxt_scan(const char *text, const struct cmdtxt_shape *s,
			struct cmdtxt_plan *p)
{
	struct cmdline_tok t;
	size_t pos = s->start;

	while (cmdline_next(text, s->end, &pos, &t) == 1) {
		if (cmdtxt_is_dashes(&t)) {
			p->has_dd = 1;
			p->dd = t.start;
			return;
		}
		p->unterminated = t.unterminated;
	}
}

int cmdtxt_flags_ok(const char *f)
{
	size_t n = f ? strlen(f) : 0;

	if (n == 0 || n >= OPT_VALUE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (text_space(f[i]) || f[i] == '"')
			return 0;
	return 1;
}

static enum cmdtxt_refusal cmdtxt_check(const char *text, size_t len,
					const struct cmdtxt_edit *e,
					struct cmdtxt_shape *s)
{
	if (len > CMDTXT_MAX)
		return CMDTXT_TOO_BIG;
	if (e->flags_op == CMDTXT_FLAGS_SET && !cmdtxt_flags_ok(e->flags))
		return CMDTXT_BAD_FLAGS;
	cmdtxt_shape(text, len, s);
	if (s->problem != CMDTXT_OK && !e->force)
		return s->problem;
	return CMDTXT_OK;
}

static enum cmdtxt_op cmdtxt_resolve(const char *text, size_t len, enum cmdtxt_op op)
{
	struct cmdtxt_status st;

	if (op != CMDTXT_TOGGLE)
		return op;
	if (cmdtxt_status(text, len, &st) < 0)
		return CMDTXT_KEEP;
	return st.overlay ? CMDTXT_OFF : CMDTXT_ON;
}

int cmdtxt_apply(const char *text, size_t len, const struct cmdtxt_edit *e,
		 char *out, size_t cap, size_t *out_len, enum cmdtxt_refusal *why)
{
	struct cmdtxt_w w = { .in = text, .out = out, .cap = cap };
	struct cmdtxt_plan p = { .fop = e->flags_op, .flags = e->flags };
	char add[sizeof(cmdtxt_on_word) + sizeof(cmdtxt_flags_key) + OPT_VALUE_MAX + 1];
	struct cmdtxt_shape s;
	struct cmdline_tok t;
	size_t pos;

	*why = cmdtxt_check(text, len, e, &s);
	if (*why != CMDTXT_OK)
		return -EINVAL;
	p.op = cmdtxt_resolve(text, len, e->op);
	cmdtxt_scan(text, &s, &p);
	w.copied = s.start;            /* the byte order mark goes */
	pos = s.start;
	while (cmdline_next(text, p.has_dd ? p.dd : s.end, &pos, &t) == 1)
		cmdtxt_word(&w, &p, &t, s.end);
	if (cmdtxt_additions(&p, add, sizeof(add)) < 0)
		*why = CMDTXT_BAD_FLAGS;
	else if (add[0] && p.unterminated)
		*why = CMDTXT_QUOTE;
	if (*why != CMDTXT_OK)
		return -EINVAL;
	if (add[0])
		cmdtxt_insert(&w, add, p.dd, p.has_dd);
	cmdtxt_copy_to(&w, len);
	*out_len = w.len;
	if (w.overflow)
		*why = CMDTXT_TOO_BIG;
	return w.overflow ? -EINVAL : 0;
}

enum cmdtxt_place cmdtxt_place(const struct mountinfo_ent *f, const struct mountinfo_ent *root)
{
	static const char *const ram[] = { "overlay", "tmpfs", "ramfs", "rootfs" };

	for (size_t i = 0; i < sizeof(ram) / sizeof(ram[0]); i++)
		if (strcmp(f->fstype, ram[i]) == 0)
			return CMDTXT_PLACE_RAM;
	if (strcmp(f->point, "/") == 0 ||
	    (f->major == root->major && f->minor == root->minor))
		return CMDTXT_PLACE_ROOT;
	return CMDTXT_PLACE_OK;
}
