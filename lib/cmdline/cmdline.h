/* The kernel command line: text in, struct boot_opts out. Pure: no I/O,
 * no globals, no exit. The grammar is documented in ovlinit(8). */
#ifndef OVLINIT_CMDLINE_H
#define OVLINIT_CMDLINE_H

#include <stddef.h>

#include "util/limit.h"
#include "rootdev/rootdev.h"
#include "verity/verity.h"

/* One word of the command line, the way the kernel's next_arg() splits
 * it: whitespace separates words, a double quote toggles quoting and is
 * removed, there is no escape character. */
struct cmdline_tok {
	size_t start, end;        /* the raw bytes [start, end) in the text */
	char word[CMDLINE_MAX];   /* the word, quotes removed, NUL-terminated */
	size_t key_len;           /* word[0..key_len) is the key */
	const char *val;          /* points into word after '=', or NULL */
	int unterminated;         /* a quote was opened and never closed */
	int too_long;             /* the word does not fit word[]: word is "" */
};

/* Read the word at or after *pos in text[0..len); advance *pos past it.
 * Returns 1 with a word, 0 at the end of the text (or at a NUL byte). */
int cmdline_next(const char *text, size_t len, size_t *pos, struct cmdline_tok *tok)
	__attribute__((warn_unused_result));

/* Keys compare with '-' and '_' as the same character. */
int cmdline_key_is(const struct cmdline_tok *tok, const char *key);

/* Is the word's key one that ovlinit reads (ovlinit(8))? */
int cmdline_known(const struct cmdline_tok *tok);

/* What a word before "--" is, as ovlinit --explain names it: "ovlinit"
 * (an option ovlinit reads, Alpine's included), "for init" (single, s,
 * 1: the kernel passes them to the real init), "Alpine's, unsupported"
 * (named by a note), or "not ovlinit's". */
const char *cmdline_role(const struct cmdline_tok *tok);

/* s as printable ASCII, for messages and ovlinit --explain: bytes
 * outside 0x20..0x7e and '\' become \xHH; a cut is shown as "...".
 * Returns buf. */
const char *cmdline_show(char *buf, size_t cap, const char *s);

/* A root= spec as ovlinit --explain's "option root:" record shows it:
 * "none", "path /dev/vda", "MAJ:MIN 8:2", "PARTUUID 4e639091-02".
 * Returns buf. */
const char *cmdline_show_root(char *buf, size_t cap, const struct root_spec *r);

/* Mount flags and data as "flags=noatime data=mode=0755,size=25%" ("-"
 * for none). Returns buf. */
const char *cmdline_show_mnt(char *buf, size_t cap, unsigned long flags, const char *data);

/* Room for any cmdline_show_root()/cmdline_show_mnt() result. */
#define CMDLINE_SHOW_MAX (OPT_VALUE_MAX * 4 + 300)

enum note_level { NOTE_WARN = 1, NOTE_ERROR = 2 };

#define NOTES_MAX 32
#define NOTE_TEXT_MAX 240

struct boot_opts {
	struct root_spec root;
	char rootfstype[FSTYPE_MAX];       /* "" when unset: the probed type */
	char rootflags[OPT_VALUE_MAX];     /* rootflags=, as given */
	unsigned long root_mflags;         /* rootflags= split: MS_* flags */
	char root_data[OPT_VALUE_MAX];     /* and the filesystem's data string */
	int rw;                            /* plain root: 0 ro (default), 1 rw */
	char modules[MODULES_MAX][MODULE_NAME_MAX];
	int n_modules;
	char blacklist[MODULES_MAX][MODULE_NAME_MAX];
	int n_blacklist;
	int overlay;                       /* overlaytmpfs */
	char overlayflags[OPT_VALUE_MAX];  /* overlaytmpfsflags=, as given */
	unsigned long tmpfs_mflags;        /* validated: MS_* flags of the tmpfs */
	char tmpfs_data[OPT_VALUE_MAX];    /* and its data, "mode=0755,..." */
	struct root_spec store;            /* overlaystore=SPEC: ROOT_NONE when unset
					    * (or without overlaytmpfs) */
	char store_image[PATH_MAX_OVL];    /* overlaystore=SPEC:/PATH: the image, or "" */
	int store_required;                /* overlaystore.required */
	int store_reset;                   /* overlayreset */
	char keep[KEEP_MAX][KEEP_PATH_MAX];/* overlaykeep=: kept paths, checked */
	int n_keep;
	char init[PATH_MAX_OVL];           /* default /sbin/init */
	int root_wait;                     /* seconds; ROOT_WAIT_FOREVER */
	int quiet, debug, rescue;
	int panic, panic_set;              /* the kernel's panic=N */
	char roothash[VERITY_HEX_MAX + 1]; /* roothash=, lowercase; "" without */
	struct root_spec verity_hash;      /* verityhash=: the hash device */
	enum verity_error verity_error;    /* verityerror= */
	int verity_words;                  /* roothash=, verityhash= words seen */
	int verityerror_set;
	int n_init_args;                   /* words after "--" */
	char init_args[CMDLINE_MAX];       /* those words, each NUL-terminated */
	int n_alpine_args;                 /* Alpine's init_args= split at spaces */
	char alpine_args[OPT_VALUE_MAX];   /* those words, each NUL-terminated */
	int usbdelay;                      /* usbdelay=N seconds, -1 when unset */
	char diskless[24];                 /* the first Alpine diskless option, or "" */

	size_t kernel_len;                 /* text[0..kernel_len) is what the kernel gets */
	int cut;                           /* the text was longer than the kernel keeps */
	int root_words;                    /* root= words seen, valid or not */
	int n_errors, n_warnings;          /* counted even past NOTES_MAX */
	int n_notes;
	int n_file_notes;                  /* notes[0..n_file_notes): about the text
					    * around the words (cut, NUL, lines 2...) */
	struct {
		enum note_level level;
		char text[NOTE_TEXT_MAX];
	} notes[NOTES_MAX];
};

#define ROOT_WAIT_DEFAULT 30
#define ROOT_WAIT_FOREVER (-1)

/* The root= word that the tokenizer reads back as root=spec
 * ("LABEL=my root" -> root="LABEL=my root"), into buf[0..cap). Returns
 * 0, -EINVAL if no word can hold spec (a double quote or a control
 * character in it), or -ENAMETOOLONG. */
int cmdline_root_word(char *buf, size_t cap, const char *spec)
	__attribute__((warn_unused_result));

/* Where a command line comes from, which decides what the kernel gets
 * of it (ovlinit(8), COMMAND LINE GRAMMAR). */
enum cmdline_src {
	CMDLINE_PROC,   /* /proc/cmdline, --cmdline: up to the first NUL byte,
			 * without the newline /proc/cmdline ends with */
	CMDLINE_TXT,    /* a Raspberry Pi's cmdline.txt: the firmware passes the
			 * first line; the other lines are named as ignored */
};

/* The one checker of a command line, used by the boot, ovlinit --explain
 * and ovlinit-toggle: parse what the kernel gets of text[0..len) (see
 * enum cmdline_src; past CMDLINE_KERNEL_SIZE - 1 bytes the kernel cuts,
 * which is an error) into opts, which it initialises. Problems are
 * recorded in opts->notes, the text's (cut, NUL, ignored lines) first.
 * Returns 0, or -EINVAL if any note is an error (the boot must not go on
 * as if the option were absent); a missing root= is such an error. */
int cmdline_check(const char *text, size_t len, enum cmdline_src src, struct boot_opts *opts)
	__attribute__((warn_unused_result));

/* cmdline_check(text, len, CMDLINE_PROC, opts): the boot's. */
int cmdline_parse(const char *text, size_t len, struct boot_opts *opts)
	__attribute__((warn_unused_result));

#endif
