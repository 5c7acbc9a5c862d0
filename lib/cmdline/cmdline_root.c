/* root=: the device spec (rootdev_spec_parse), checked at parse time so
 * that a malformed identifier is an error now, not a root device that
 * never appears. See ovlinit(8). */
#include "cmdline/cmdline_opt.h"

#include <errno.h>
#include <string.h>

#define SHOW_MAX 96

static int cmdline_root_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]) || s[i] == '\0')
			return 0;
	return n > 0;
}

/* PARTUUID= is a GPT partition GUID, or the MBR form the kernel makes
 * from the disk signature and the partition number: "%08x-%02x"
 * (block/partitions/msdos.c), so partition 10 is "-0a". */
static const char *cmdline_root_partuuid(const char *v)
{
	size_t n = strlen(v);

	if (strchr(v, '/'))
		return "the kernel's PARTUUID=.../PARTNROFF=N form is not supported";
	if (n == 11 && v[8] == '-' && cmdline_root_hex(v, 8) && cmdline_root_hex(v + 9, 2))
		return strcmp(v + 9, "00") == 0 ? "MBR partition numbers start at 01" : NULL;
	if (n == 36 && v[8] == '-' && v[13] == '-' && v[18] == '-' && v[23] == '-' &&
	    cmdline_root_hex(v, 8) && cmdline_root_hex(v + 9, 4) && cmdline_root_hex(v + 14, 4) &&
	    cmdline_root_hex(v + 19, 4) && cmdline_root_hex(v + 24, 12))
		return NULL;
	return "expected a GPT GUID (8-4-4-4-12 hex digits) or an MBR SSSSSSSS-PP "
	       "(disk signature, then the partition number in two hex digits)";
}

/* Filesystem UUIDs come in many lengths (ext4 and btrfs GUIDs, vfat
 * XXXX-XXXX, ntfs 16 digits, iso9660 dates), but always in hex and '-'. */
static const char *cmdline_root_uuid(const char *v)
{
	int digits = 0;

	for (; *v; v++) {
		if (*v != '-' && !cmdline_root_hex(v, 1))
			return "a filesystem UUID is hex digits and dashes";
		digits += *v != '-';
	}
	return digits ? NULL : "a filesystem UUID is hex digits and dashes";
}

int cmdline_root_word(char *buf, size_t cap, const char *spec)
{
	int plain = spec[0] != '\0';
	size_t n = strlen(spec);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)spec[i];

		if (c < 0x20 || c == 0x7f || c == '"')
			return -EINVAL;
		plain &= c != ' ' && c != 0xa0;
	}
	/* next_arg() removes the quotes around a whole value. */
	if (n + (plain ? 5 : 7) >= cap)
		return -ENAMETOOLONG;
	memcpy(buf, plain ? "root=" : "root=\"", plain ? 5 : 6);
	memcpy(buf + (plain ? 5 : 6), spec, n);
	strcpy(buf + n + (plain ? 5 : 6), plain ? "" : "\"");
	return 0;
}

/* root=LABEL="my root": the kernel keeps quotes that do not enclose the
 * whole value (next_arg()), so the label looked for has them. */
static void cmdline_root_quotes(struct boot_opts *o, const char *v)
{
	char bare[OPT_VALUE_MAX], word[OPT_VALUE_MAX + 8], show[SHOW_MAX], fix[SHOW_MAX];
	size_t n = 0;

	for (const char *p = v; *p; p++)
		if (*p != '"')
			bare[n++] = *p;
	bare[n] = '\0';
	if (cmdline_root_word(word, sizeof(word), bare) < 0)
		strcpy(word, "root=UUID=...");
	cmdline_note(o, NOTE_WARN, "root=%s: the double quotes stay in the value, as in the "
		     "kernel, which removes only quotes around a whole value; if they are not "
		     "part of the name, write %s", cmdline_show(show, sizeof(show), v),
		     cmdline_show(fix, sizeof(fix), word));
}

int cmdline_root_spec(struct boot_opts *o, const char *key, const char *v,
		      struct root_spec *s)
{
	const char *why = "";
	char show[SHOW_MAX];

	if (rootdev_spec_parse(v, s, &why) == 0)
		why = s->kind == ROOT_UUID ? cmdline_root_uuid(s->value) :
		      s->kind == ROOT_PARTUUID ? cmdline_root_partuuid(s->value) : NULL;
	if (why == NULL)
		return 0;
	cmdline_note(o, NOTE_ERROR, "%s=%s: %s", key, cmdline_show(show, sizeof(show), v), why);
	return -EINVAL;
}

/* Option t, a root= form, into *dst (ROOT_NONE when refused, with an error). */
static void cmdline_spec(struct boot_opts *o, const struct cmdline_tok *t, struct root_spec *dst)
{
	struct root_spec s;

	if (!cmdline_opt_fits(o, t, sizeof(s.value))) {
		dst->kind = ROOT_NONE;
		return;
	}
	if (cmdline_root_spec(o, t->word, t->val, &s) == 0) {
		*dst = s;
		if (strchr(t->val, '"'))
			cmdline_root_quotes(o, t->val);
		return;
	}
	dst->kind = ROOT_NONE;
}

void cmdline_root(struct boot_opts *o, const struct cmdline_tok *t)
{
	o->root_words++;
	cmdline_spec(o, t, &o->root);
}

/* verityhash=: the hash device, in any form root= takes. */
void cmdline_verityhash(struct boot_opts *o, const struct cmdline_tok *t)
{
	o->verity_words++;
	cmdline_spec(o, t, &o->verity_hash);
}
