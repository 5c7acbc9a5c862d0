/* See cmdline.h. The tokenizer follows the kernel's next_arg()
 * (lib/cmdline.c in Linux): quoting is by double quotes only. */
#include "cmdline.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmdline_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int cmdline_next(const char *text, size_t len, size_t *pos, struct cmdline_tok *tok)
{
	size_t i = *pos, o = 0;
	int quoted = 0;

	while (i < len && cmdline_space(text[i]))
		i++;
	if (i >= len || text[i] == '\0')
		return 0;
	tok->start = i;
	tok->key_len = 0;
	tok->val = NULL;
	for (; i < len && text[i] != '\0'; i++) {
		if (!quoted && cmdline_space(text[i]))
			break;
		if (text[i] == '"') {
			quoted = !quoted;
			continue;
		}
		if (o + 1 >= sizeof(tok->word))
			break;      /* only reachable past CMDLINE_MAX */
		if (text[i] == '=' && tok->val == NULL) {
			tok->key_len = o;
			tok->word[o++] = '\0';
			tok->val = tok->word + o;
			continue;
		}
		tok->word[o++] = text[i];
	}
	tok->word[o] = '\0';
	if (tok->val == NULL)
		tok->key_len = o;
	tok->end = i;
	tok->unterminated = quoted;
	*pos = i;
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

__attribute__((format(printf, 3, 4)))
static void cmdline_note(struct boot_opts *o, enum note_level level, const char *fmt, ...)
{
	va_list ap;

	if (o->n_notes >= NOTES_MAX)
		return;
	o->notes[o->n_notes].level = level;
	va_start(ap, fmt);
	vsnprintf(o->notes[o->n_notes].text, NOTE_TEXT_MAX, fmt, ap);
	va_end(ap);
	o->n_notes++;
}

/* Copy a value into a fixed field; a value that does not fit is an error. */
static void cmdline_set(struct boot_opts *o, char *dst, size_t cap,
			const struct cmdline_tok *t)
{
	size_t n = strlen(t->val);

	if (n >= cap) {
		cmdline_note(o, NOTE_ERROR, "%.*s= is %zu bytes long, the limit is %zu",
			     (int)t->key_len, t->word, n, cap - 1);
		return;
	}
	memcpy(dst, t->val, n + 1);
}

/* yes/no words of Alpine's boolean options. Returns 1, 0, or -1. */
static int cmdline_bool(const char *v)
{
	static const char *const yes[] = { "yes", "1", "true", "on" };
	static const char *const no[] = { "no", "0", "false", "off" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* A comma list of module names; '-' and '_' are kept as written (libkmod
 * treats them as the same). A later option replaces an earlier one. */
static void cmdline_list(struct boot_opts *o, char list[][MODULE_NAME_MAX],
			 int *count, const struct cmdline_tok *t)
{
	const char *p = t->val;

	*count = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n >= MODULE_NAME_MAX)
			cmdline_note(o, NOTE_ERROR, "%.*s=: module name '%.*s' is too long",
				     (int)t->key_len, t->word, (int)n, p);
		else if (*count >= MODULES_MAX)
			cmdline_note(o, NOTE_ERROR, "%.*s=: more than %d modules",
				     (int)t->key_len, t->word, MODULES_MAX);
		else if (n > 0) {
			memcpy(list[*count], p, n);
			list[(*count)++][n] = '\0';
		}
		p += n + (p[n] == ',');
	}
}

static int cmdline_seconds(struct boot_opts *o, const struct cmdline_tok *t)
{
	char *end;
	long v = strtol(t->val, &end, 10);

	if (*t->val == '\0' || *end != '\0' || v < 0 || v > 86400) {
		cmdline_note(o, NOTE_WARN, "%.*s=%s is not a number of seconds; ignored",
			     (int)t->key_len, t->word, t->val);
		return o->root_wait;
	}
	return (int)v;
}

static void cmdline_root(struct boot_opts *o, const struct cmdline_tok *t)
{
	const char *why = "";

	if (rootdev_spec_parse(t->val, &o->root, &why) < 0) {
		cmdline_note(o, NOTE_ERROR, "root=%s: %s", t->val, why);
		o->root.kind = ROOT_NONE;
	}
}

static void cmdline_overlay(struct boot_opts *o, const struct cmdline_tok *t)
{
	int b = t->val ? cmdline_bool(t->val) : 1;

	if (b < 0) {
		cmdline_note(o, NOTE_WARN, "overlaytmpfs=%s is not yes or no; "
			     "the overlay is enabled", t->val);
		b = 1;
	}
	o->overlay = b;
}

/* Options with a value. Returns 1 if the key was ours. */
static int cmdline_valued(struct boot_opts *o, const struct cmdline_tok *t)
{
	if (cmdline_key_is(t, "root"))
		cmdline_root(o, t);
	else if (cmdline_key_is(t, "rootfstype"))
		cmdline_set(o, o->rootfstype, sizeof(o->rootfstype), t);
	else if (cmdline_key_is(t, "rootflags"))
		cmdline_set(o, o->rootflags, sizeof(o->rootflags), t);
	else if (cmdline_key_is(t, "modules"))
		cmdline_list(o, o->modules, &o->n_modules, t);
	else if (cmdline_key_is(t, "blacklist") || cmdline_key_is(t, "modprobe.blacklist"))
		cmdline_list(o, o->blacklist, &o->n_blacklist, t);
	else if (cmdline_key_is(t, "overlaytmpfs"))
		cmdline_overlay(o, t);
	else if (cmdline_key_is(t, "overlaytmpfsflags"))
		cmdline_set(o, o->overlayflags, sizeof(o->overlayflags), t);
	else if (cmdline_key_is(t, "init"))
		cmdline_set(o, o->init, sizeof(o->init), t);
	else if (cmdline_key_is(t, "rootwait"))
		o->root_wait = cmdline_seconds(o, t);
	else if (cmdline_key_is(t, "rootdelay"))
		o->root_wait = cmdline_seconds(o, t);
	else if (cmdline_key_is(t, "panic"))
		o->panic = atoi(t->val);
	else
		return 0;
	return 1;
}

static void cmdline_flag(struct boot_opts *o, const struct cmdline_tok *t)
{
	if (cmdline_key_is(t, "ro"))
		o->rw = 0;
	else if (cmdline_key_is(t, "rw"))
		o->rw = 1;
	else if (cmdline_key_is(t, "overlaytmpfs"))
		cmdline_overlay(o, t);
	else if (cmdline_key_is(t, "nooverlaytmpfs"))
		o->overlay = 0;
	else if (cmdline_key_is(t, "rootwait"))
		o->root_wait = ROOT_WAIT_FOREVER;
	else if (cmdline_key_is(t, "quiet"))
		o->quiet = 1;
	else if (cmdline_key_is(t, "ovlinit.debug"))
		o->debug = 1;
	else if (cmdline_key_is(t, "rescue"))
		o->rescue = 1;
}

static void cmdline_defaults(struct boot_opts *o)
{
	memset(o, 0, sizeof(*o));
	strcpy(o->init, "/sbin/init");
	o->root_wait = ROOT_WAIT_DEFAULT;
}

static void cmdline_check(struct boot_opts *o)
{
	if (o->init[0] != '/')
		cmdline_note(o, NOTE_ERROR, "init=%s is not an absolute path", o->init);
}

int cmdline_parse(const char *text, size_t len, struct boot_opts *o)
{
	struct cmdline_tok t;
	size_t pos = 0;

	cmdline_defaults(o);
	while (cmdline_next(text, len, &pos, &t) == 1) {
		if (t.unterminated)
			cmdline_note(o, NOTE_WARN, "a double quote opened at byte %zu is "
				     "never closed", t.start);
		if (t.val == NULL && strcmp(t.word, "--") == 0) {
			while (cmdline_next(text, len, &pos, &t) == 1)
				o->n_init_args++;
			break;
		}
		if (t.val == NULL || !cmdline_valued(o, &t))
			cmdline_flag(o, &t);
	}
	cmdline_check(o);
	for (int i = 0; i < o->n_notes; i++)
		if (o->notes[i].level == NOTE_ERROR)
			return -EINVAL;
	return 0;
}
