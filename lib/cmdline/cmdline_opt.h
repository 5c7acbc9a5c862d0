/* Inside the command-line parser: the options ovlinit reads, shared by
 * cmdline.c (the words) and cmdline_opt.c (what each option means). */
#ifndef OVLINIT_CMDLINE_OPT_H
#define OVLINIT_CMDLINE_OPT_H

#include <stddef.h>

#include "cmdline/cmdline.h"

/* Apply one word before "--" to o; words that are not ovlinit's are
 * ignored. */
void cmdline_opt(struct boot_opts *o, const struct cmdline_tok *t);

/* After the last word: validate what takes effect (flags, init=, root=). */
void cmdline_opt_finish(struct boot_opts *o);

int cmdline_opt_known(const struct cmdline_tok *t);

/* Does t's value fit cap bytes, without control characters? If not,
 * records an error and returns 0. */
int cmdline_opt_fits(struct boot_opts *o, const struct cmdline_tok *t, size_t cap);

/* root= and verityhash= (cmdline_root.c). */
void cmdline_root(struct boot_opts *o, const struct cmdline_tok *t);
void cmdline_verityhash(struct boot_opts *o, const struct cmdline_tok *t);

/* roothash=, verityerror= and how they go together (cmdline_verity.c). */
void cmdline_roothash(struct boot_opts *o, const struct cmdline_tok *t);
void cmdline_verityerror(struct boot_opts *o, const struct cmdline_tok *t);
void cmdline_verity_finish(struct boot_opts *o);


/* Alpine's options that ovlinit does not carry out (cmdline_alpine.c):
 * is t one (1; 2 when the booted system reads it too, as cloud-init's
 * ds= or Plymouth's splash, and ovlinit says nothing), and if so note it
 * on o (returns 1). */
int cmdline_alpine_known(const struct cmdline_tok *t);
int cmdline_alpine(struct boot_opts *o, const struct cmdline_tok *t);

/* single, s or 1: a runlevel word for the real init. */
int cmdline_alpine_for_init(const struct cmdline_tok *t);

/* A device spec v as root= takes it, for the option key (root,
 * overlaystore): parsed into *s, or an error recorded. Returns 0 or
 * -EINVAL. */
int cmdline_root_spec(struct boot_opts *o, const char *key, const char *v,
		      struct root_spec *s);

/* overlaystore= (cmdline_store.c), and its checks after the last word. */
void cmdline_store(struct boot_opts *o, const struct cmdline_tok *t);
void cmdline_keep(struct boot_opts *o, const struct cmdline_tok *t);
void cmdline_store_finish(struct boot_opts *o);

/* The index of the entry of table[0..n) (entries of size bytes, each
 * starting with its const char *key) whose key t has, or -1. */
int cmdline_key_find(const struct cmdline_tok *t, const void *table, size_t n, size_t size);

/* Record a warning or an error (cmdline_tok.c). */
void cmdline_note(struct boot_opts *o, enum note_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
