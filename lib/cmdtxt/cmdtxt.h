/* A Raspberry Pi's cmdline.txt: switch the overlay root on and off by
 * editing the text. Pure: bytes in, bytes out, no I/O.
 *
 * The firmware passes only the first line to the kernel, so the edit
 * touches only that line, only the words the init reads as overlay
 * options, and words are found with the init's own tokenizer
 * (cmdline_next), so foo="a overlaytmpfs=yes" is one word and is never
 * touched. Every other byte (order, spacing, quotes, the line ending,
 * words after "--") is kept, except a UTF-8 byte order mark at the
 * start: the kernel would take it as part of the first word, so an edit
 * removes it (the words are those after it). The same edit applied
 * twice changes nothing the second time. What the next boot does with
 * a text is cmdline_check(CMDLINE_TXT)'s answer, as for ovlinit
 * --explain. */
#ifndef OVLINIT_CMDTXT_H
#define OVLINIT_CMDTXT_H

#include <stddef.h>

#include "cmdline/cmdline.h"
#include "util/limit.h"
#include "rootdev/mountinfo.h"

/* The largest cmdline.txt read (the kernel keeps CMDLINE_KERNEL_SIZE - 1
 * bytes of its first line; the checker names what is cut). */
#define CMDTXT_MAX CMDLINE_MAX
/* Room an edit may add: a separator and overlaytmpfs=yes, a separator
 * and overlaytmpfsflags=VALUE. */
#define CMDTXT_OUT_MAX (CMDTXT_MAX + 2 * 20 + OPT_VALUE_MAX)

enum cmdtxt_op { CMDTXT_KEEP, CMDTXT_ON, CMDTXT_OFF, CMDTXT_TOGGLE };
enum cmdtxt_flags_op { CMDTXT_FLAGS_KEEP, CMDTXT_FLAGS_SET, CMDTXT_FLAGS_REMOVE };

/* Why a text was refused (cmdtxt_why() gives the sentence). */
enum cmdtxt_refusal {
	CMDTXT_OK,
	CMDTXT_EMPTY,      /* no words at all (--force edits anyway) */
	CMDTXT_NUL,        /* a NUL byte (--force edits the text before it) */
	CMDTXT_MORE_LINES, /* a second non-empty line (--force edits line 1) */
	CMDTXT_QUOTE,      /* an unclosed double quote would swallow the edit */
	CMDTXT_TOO_BIG,    /* the text or the result exceeds the limits */
	CMDTXT_BAD_FLAGS,  /* the flags value cannot be a single word */
};

struct cmdtxt_edit {
	enum cmdtxt_op op;
	enum cmdtxt_flags_op flags_op;
	const char *flags;        /* the value for CMDTXT_FLAGS_SET */
	int force;                /* edit the first line despite EMPTY, NUL, MORE_LINES */
};

/* Where the firmware-visible line is, and what else the text holds. */
struct cmdtxt_shape {
	size_t start, end;        /* the first line's bytes, without BOM and newline */
	int bom;                  /* starts with UTF-8 byte order marks (start / 3) */
	enum cmdtxt_refusal problem;
	size_t problem_at;        /* byte offset of the problem */
};

struct cmdtxt_status {
	int overlay;              /* the next boot uses the overlay: opts.overlay */
	int errors;               /* the checker found errors: opts.n_errors > 0 */
	int n_overlay_words;      /* overlaytmpfs / nooverlaytmpfs words on the line */
	struct cmdtxt_shape shape;
	struct boot_opts opts;    /* the checker's answer: cmdline_check(CMDLINE_TXT) */
};

/* Find the first line of text[0..len) and check the one-line rule. */
void cmdtxt_shape(const char *text, size_t len, struct cmdtxt_shape *s);

/* What the init would do with this file: the checker on it, as a
 * cmdline.txt. Returns 0, or -EFBIG if the text exceeds CMDTXT_MAX. */
int cmdtxt_status(const char *text, size_t len, struct cmdtxt_status *st)
	__attribute__((warn_unused_result));

/* Apply e to text[0..len), writing the new text to out[0..cap) and its
 * length to *out_len (out is not NUL-terminated). Returns 0 (the text
 * may be unchanged: compare), or -EINVAL with *why set (a refusal). */
int cmdtxt_apply(const char *text, size_t len, const struct cmdtxt_edit *e,
		 char *out, size_t cap, size_t *out_len, enum cmdtxt_refusal *why)
	__attribute__((warn_unused_result));

/* Can f be the value of one overlaytmpfsflags= word: non-empty, shorter
 * than OPT_VALUE_MAX, no whitespace, no double quote? */
int cmdtxt_flags_ok(const char *f);

/* A sentence saying what was refused and what to do. */
const char *cmdtxt_why(enum cmdtxt_refusal why);

enum cmdtxt_word { CMDTXT_WORD_OTHER, CMDTXT_WORD_OVERLAY, CMDTXT_WORD_FLAGS };

/* Which words an edit may change: overlaytmpfs[=V] and nooverlaytmpfs
 * (OVERLAY), overlaytmpfsflags=V (FLAGS); every other word is OTHER. */
enum cmdtxt_word cmdtxt_word_kind(const struct cmdline_tok *t);

/* Would an edit of a file on mount f survive a reboot? root is the
 * mount at "/". RAM: f is an overlay, tmpfs or ramfs, so the edit lives
 * in memory. ROOT: f is the root filesystem (or a bind mount of it),
 * which is not the boot partition the firmware reads. */
enum cmdtxt_place { CMDTXT_PLACE_OK, CMDTXT_PLACE_ROOT, CMDTXT_PLACE_RAM };
enum cmdtxt_place cmdtxt_place(const struct mountinfo_ent *f, const struct mountinfo_ent *root);

/* ovlinit-toggle off --once: the Raspberry Pi firmware's tryboot. A
 * reboot with the tryboot flag (reboot '0 tryboot') makes the firmware
 * read tryboot.txt instead of config.txt, for that boot only; its
 * cmdline= names the command-line file. */
#define CMDTXT_TRYBOOT      "tryboot.txt"
#define CMDTXT_ONCE_FILE    "cmdline-ovlinit-once.txt"
#define CMDTXT_ONCE_MARK    "# ovlinit-toggle off --once:"
#define CMDTXT_CONFIG_MAX   65536

/* tryboot.txt from config[0..len): config.txt as it is, then an [all]
 * section (so that no conditional filter of config.txt applies) with
 * cmdline=CMDTXT_ONCE_FILE, the last word the firmware reads. Writes
 * out[0..cap) and *out_len. Returns 0, or -EFBIG when it does not fit,
 * -EINVAL for a config.txt with a NUL byte. */
int cmdtxt_tryboot(const char *config, size_t len, char *out, size_t cap, size_t *out_len)
	__attribute__((warn_unused_result));

/* Is text[0..len) a tryboot.txt that cmdtxt_tryboot() wrote? */
int cmdtxt_is_tryboot(const char *text, size_t len);

#endif
