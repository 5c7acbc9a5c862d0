/* See cmdline.h and ovlinit(8). The tokenizer is the kernel's next_arg()
 * (lib/cmdline.c in Linux); the options are in cmdline_opt.c. */
#include "cmdline.h"
#include "cmdline_opt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mntopt.h"

/* The kernel's isspace() (lib/ctype.c): the C locale's six, and 0xa0,
 * Latin-1's no-break space. */
static int cmdline_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f' || (unsigned char)c == 0xa0;
}

/* Find the word's end the way next_arg() does: whitespace outside quotes
 * ends it, every '"' toggles quoting, the first '=' after the word's
 * first byte splits key and value. */
static size_t cmdline_scan(const char *text, size_t len, size_t b, int quoted,
			   size_t *equals, int *in_quote)
{
	size_t i;

	*in_quote = quoted;
	*equals = 0;
	for (i = b; i < len && text[i] != '\0'; i++) {
		if (!*in_quote && cmdline_space(text[i]))
			break;
		if (*equals == 0 && i > b && text[i] == '=')
			*equals = i;
		if (text[i] == '"')
			*in_quote = !*in_quote;
	}
	return i;
}

/* Copy text[b..e) into the token's word at offset o. */
static size_t cmdline_put(struct cmdline_tok *tok, size_t o, const char *text,
			  size_t b, size_t e)
{
	if (e > b) {
		memcpy(tok->word + o, text + b, e - b);
		o += e - b;
	}
	tok->word[o] = '\0';
	return o;
}

/* next_arg()'s quote removal: a value that starts with '"' loses it and
 * the word's last '"'; a word that starts with '"' loses it and its last
 * '"'. Every other quote stays. */
static void cmdline_word(const char *text, size_t b, size_t end, size_t equals,
			 int quoted, struct cmdline_tok *tok)
{
	size_t ke = equals ? equals : end, vb = equals + 1, ve = end;

	if (end > b && text[end - 1] == '"' && quoted) {
		if (equals)
			ve = end - 1;
		else
			ke = end - 1;
	}
	if (equals && vb < end && text[vb] == '"') {
		vb++;
		if (text[end - 1] == '"')
			ve = end - 1;
	}
	tok->key_len = cmdline_put(tok, 0, text, b, ke);
	tok->val = NULL;
	if (equals) {
		tok->val = tok->word + tok->key_len + 1;
		cmdline_put(tok, tok->key_len + 1, text, vb, ve > vb ? ve : vb);
	}
}

int cmdline_next(const char *text, size_t len, size_t *pos, struct cmdline_tok *tok)
{
	size_t i = *pos, b, end, equals;
	int quoted, in_quote;

	while (i < len && text[i] != '\0' && cmdline_space(text[i]))
		i++;
	if (i >= len || text[i] == '\0')
		return 0;
	tok->start = i;
	quoted = text[i] == '"';
	b = i + (size_t)quoted;
	end = cmdline_scan(text, len, b, quoted, &equals, &in_quote);
	tok->end = end;
	tok->unterminated = in_quote;
	tok->too_long = end - b >= sizeof(tok->word);
	if (tok->too_long) {
		tok->word[0] = '\0';
		tok->key_len = 0;
		tok->val = NULL;
	} else {
		cmdline_word(text, b, end, equals, quoted, tok);
	}
	*pos = end;
	return 1;
}

int cmdline_key_is(const struct cmdline_tok *tok, const char *key)
{
	size_t n = strlen(key);

	if (n != tok->key_len)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char a = tok->word[i] == '-' ? '_' : tok->word[i];
		char b = key[i] == '-' ? '_' : key[i];
		if (a != b)
			return 0;
	}
	return 1;
}

int cmdline_known(const struct cmdline_tok *tok)
{
	return cmdline_opt_known(tok);
}

const char *cmdline_show(char *buf, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s && o + 1 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			buf[o++] = (char)c;
			continue;
		}
		if (o + 4 >= cap)
			break;
		buf[o++] = '\\';
		buf[o++] = 'x';
		buf[o++] = hex[c >> 4];
		buf[o++] = hex[c & 15];
	}
	buf[o] = '\0';
	if (*s && cap > 4)      /* cut: show it */
		memcpy(buf + (o > cap - 4 ? cap - 4 : o), "...", 4);
	return buf;
}

void cmdline_note(struct boot_opts *o, enum note_level level, const char *fmt, ...)
{
	va_list ap;

	if (level == NOTE_ERROR)
		o->n_errors++;
	else
		o->n_warnings++;
	if (o->n_notes >= NOTES_MAX)
		return;      /* counted above: ovlinit --explain says how many */
	o->notes[o->n_notes].level = level;
	va_start(ap, fmt);
	vsnprintf(o->notes[o->n_notes].text, NOTE_TEXT_MAX, fmt, ap);
	va_end(ap);
	o->n_notes++;
}

static void cmdline_defaults(struct boot_opts *o)
{
	memset(o, 0, sizeof(*o));
	strcpy(o->init, "/sbin/init");
	strcpy(o->tmpfs_data, MNTOPT_TMPFS_DEFAULT);
	o->root_wait = ROOT_WAIT_DEFAULT;
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

size_t cmdline_text_len(const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);

	if (nul)
		len = (size_t)(nul - text);
	/* /proc/cmdline adds a newline the kernel's own parser never sees:
	 * an unclosed quote must not take it into a value. */
	if (len > 0 && text[len - 1] == '\n')
		len--;
	return len;
}

static size_t cmdline_length(struct boot_opts *o, const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);
	size_t n = nul ? (size_t)(nul - text) : len;

	if (nul && len - n > 1)
		cmdline_note(o, NOTE_WARN, "a NUL byte at byte %zu ends the command line; "
			     "the %zu bytes after it are ignored", n, len - n - 1);
	if (n >= CMDLINE_MAX)
		cmdline_note(o, NOTE_ERROR, "the command line is %zu bytes long, "
			     "the limit is %d", n, CMDLINE_MAX - 1);
	return n;
}

int cmdline_parse(const char *text, size_t len, struct boot_opts *o)
{
	struct cmdline_tok t;
	size_t pos = 0;

	cmdline_defaults(o);
	if (cmdline_length(o, text, len) >= CMDLINE_MAX)
		return -EINVAL;
	len = cmdline_text_len(text, len);
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
