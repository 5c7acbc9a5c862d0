/* libFuzzer target: the cmdline.txt edit. The first input byte picks the
 * command, the flags change and --force; the rest is the file. Checks,
 * besides memory safety:
 * - applying the same edit again changes nothing (idempotence; with
 *   --force if the edit left no words, as off does to "overlaytmpfs");
 * - only overlay words change: the other words of line 1 before "--",
 *   as raw bytes and in order, and everything after line 1 are the same;
 * - on gives exactly one overlay word and the overlay, off none;
 * - off after on gives back a text that had no overlay words;
 * - an edit removes the byte order marks at the start, nothing else;
 * - the three views of the edited text agree (issue 17): the boot (the
 *   firmware's first line, the kernel's cut, init's parser), the checker
 *   ovlinit --explain uses and the toggle's status; a disagreement is a
 *   crash. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cmdtxt/cmdtxt.h"
#include "../cmdline/views.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char in_buf[CMDTXT_MAX + 1];
static char out1[CMDTXT_OUT_MAX], out2[CMDTXT_OUT_MAX], out3[CMDTXT_OUT_MAX];

static void fuzz_check(int ok)
{
	if (!ok)
		__builtin_trap();
}

/* The next word of line 1 before "--" that is not an overlay word. */
static int fuzz_next_other(const char *t, const struct cmdtxt_shape *s, size_t *pos,
			   struct cmdline_tok *tok)
{
	while (cmdline_next(t, s->end, pos, tok) == 1) {
		if (tok->val == NULL && strcmp(tok->word, "--") == 0)
			return 0;
		if (cmdtxt_word_kind(tok) == CMDTXT_WORD_OTHER)
			return 1;
	}
	return 0;
}

static void fuzz_same_others(const char *a, size_t alen, const char *b, size_t blen)
{
	static struct cmdline_tok ta, tb;
	struct cmdtxt_shape sa, sb;
	size_t pa, pb;
	int ra, rb;

	cmdtxt_shape(a, alen, &sa);
	cmdtxt_shape(b, blen, &sb);
	fuzz_check(sb.start == 0 && alen - sa.end == blen - sb.end);
	fuzz_check(memcmp(a + sa.end, b + sb.end, alen - sa.end) == 0);
	pa = sa.start;
	pb = sb.start;
	do {
		ra = fuzz_next_other(a, &sa, &pa, &ta);
		rb = fuzz_next_other(b, &sb, &pb, &tb);
		fuzz_check(ra == rb);
		fuzz_check(!ra || (ta.end - ta.start == tb.end - tb.start &&
				   memcmp(a + ta.start, b + tb.start, ta.end - ta.start) == 0));
	} while (ra);
}

static void fuzz_state(const char *t, size_t n, enum cmdtxt_op op)
{
	static struct cmdtxt_status st;

	fuzz_check(cmdtxt_status(t, n, &st) == 0);
	/* on: the overlay, off: none, unless the line is longer than the
	 * kernel keeps (the checker's error, which ovlinit-toggle refuses to
	 * write): the cut can drop the word on appends, or leave the start
	 * of an appended overlaytmpfsflags= as a bare "overlaytmpfs" */
	if (op == CMDTXT_ON)
		fuzz_check((st.overlay == 1 || st.opts.cut) && st.n_overlay_words == 1);
	if (op == CMDTXT_OFF)
		fuzz_check((st.overlay == 0 || st.opts.cut) && st.n_overlay_words == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const flags[] = { "size=64m", "mode=0700,nr_inodes=9" };
	struct cmdtxt_edit e = { 0 };
	static struct cmdtxt_status st;
	enum cmdtxt_refusal why;
	size_t n1, n2, n3, len;

	if (size < 1 || size - 1 > CMDTXT_MAX)
		return 0;
	len = size - 1;
	memcpy(in_buf, data + 1, len);
	e.op = (enum cmdtxt_op)(1 + data[0] % 2);             /* on or off */
	e.flags_op = (enum cmdtxt_flags_op)((data[0] >> 1) % 3);
	e.flags = flags[(data[0] >> 3) & 1];
	e.force = (data[0] >> 4) & 1;
	if (cmdtxt_apply(in_buf, len, &e, out1, sizeof(out1), &n1, &why) < 0)
		return 0;
	cmdtxt_shape(out1, n1, &st.shape);
	e.force |= st.shape.problem == CMDTXT_EMPTY;
	fuzz_check(cmdtxt_apply(out1, n1, &e, out2, sizeof(out2), &n2, &why) == 0);
	fuzz_check(n1 == n2 && memcmp(out1, out2, n1) == 0);
	fuzz_same_others(in_buf, len, out1, n1);
	fuzz_state(out1, n1, e.op);
	if (n1 <= CMDTXT_MAX)
		fuzz_check(views_agree(out1, n1));
	fuzz_check(cmdtxt_status(in_buf, len, &st) == 0);
	if (e.op == CMDTXT_ON && e.flags_op == CMDTXT_FLAGS_KEEP && st.n_overlay_words == 0) {
		e.op = CMDTXT_OFF;
		fuzz_check(cmdtxt_apply(out1, n1, &e, out3, sizeof(out3), &n3, &why) == 0);
		/* the byte order marks stay gone */
		fuzz_check(n3 == len - st.shape.start &&
			   memcmp(out3, in_buf + st.shape.start, n3) == 0);
	}
	return 0;
}
