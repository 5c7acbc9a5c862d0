/* See cmdline.h: the bottom layer of the command-line parser. The
 * tokenizer is the kernel's next_arg() (lib/cmdline.c in Linux); the
 * notes are the warnings and errors every layer records. */
#include "cmdline/cmdline.h"
#include "cmdline/cmdline_opt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

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
		if (!*in_quote && text_space(text[i]))
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

	while (i < len && text[i] != '\0' && text_space(text[i]))
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

int cmdline_key_find(const struct cmdline_tok *t, const void *table, size_t n, size_t size)
{
	const char *entry = table;

	for (size_t i = 0; i < n; i++, entry += size) {
		const char *key;

		memcpy(&key, entry, sizeof(key));
		if (cmdline_key_is(t, key))
			return (int)i;
	}
	return -1;
}

int cmdline_key_is(const struct cmdline_tok *tok, const char *key)
{
	return text_dash_eq(tok->word, tok->key_len, key, strlen(key));
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
