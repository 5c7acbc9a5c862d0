/* roothash=, verityhash= and verityerror=: a root verified by dm-verity
 * (ovlinit(8), VERIFIED ROOT). roothash= is systemd's name and meaning.
 * The root hash's length is checked against the algorithms here and
 * against the hash device's own algorithm at boot (lib/verity/verity.c):
 * only the superblock says which one it is. */
#include "cmdline/cmdline_opt.h"

#include <string.h>

#define SHOW_MAX 96

void cmdline_roothash(struct boot_opts *o, const struct cmdline_tok *t)
{
	const char *why;
	char show[SHOW_MAX];
	size_t n = strlen(t->val);

	o->verity_words++;
	o->roothash[0] = '\0';
	if (verity_roothash_ok(t->val, &why) < 0) {
		cmdline_note(o, NOTE_ERROR, "roothash=%s: %s", cmdline_show(show, sizeof(show), t->val),
			     why);
		return;
	}
	for (size_t i = 0; i <= n; i++)      /* fits: at most VERITY_HEX_MAX digits */
		o->roothash[i] = (char)(t->val[i] >= 'A' && t->val[i] <= 'F' ? t->val[i] + 32
									     : t->val[i]);
}

void cmdline_verityerror(struct boot_opts *o, const struct cmdline_tok *t)
{
	static const char *const names[] = { "eio", "restart", "panic" };
	char show[SHOW_MAX];

	for (int i = 0; i < 3; i++)
		if (strcmp(t->val, names[i]) == 0) {
			o->verity_error = (enum verity_error)i;
			o->verityerror_set = 1;
			return;
		}
	/* Not a warning: verityerror=pnic must not boot with the weaker eio. */
	cmdline_note(o, NOTE_ERROR, "verityerror=%s: expected eio, restart or panic",
		     cmdline_show(show, sizeof(show), t->val));
}

static int cmdline_same_spec(const struct root_spec *a, const struct root_spec *b)
{
	return a->kind != ROOT_NONE && a->kind == b->kind && strcmp(a->value, b->value) == 0;
}

/* A half-given verity root is an error: booting it unverified would be
 * the silent downgrade dm-verity is there to prevent. */
void cmdline_verity_finish(struct boot_opts *o)
{
	if (o->verity_words == 0) {
		if (o->verityerror_set)
			cmdline_note(o, NOTE_WARN, "verityerror= without roothash=: nothing is "
				     "verified, it has no effect");
		return;
	}
	if (o->roothash[0] && o->verity_hash.kind == ROOT_NONE)
		cmdline_note(o, NOTE_ERROR, "roothash= needs verityhash= naming the hash device "
			     "(the second device of veritysetup format DATA HASH)");
	if (o->verity_hash.kind != ROOT_NONE && o->roothash[0] == '\0')
		cmdline_note(o, NOTE_ERROR, "verityhash= needs roothash=: without the root hash "
			     "the root cannot be verified");
	if (o->roothash[0] && o->rw && !o->overlay)
		cmdline_note(o, NOTE_WARN, "rw with roothash=: dm-verity maps the root read-only, "
			     "it is mounted ro");
	if (cmdline_same_spec(&o->verity_hash, &o->root))
		cmdline_note(o, NOTE_ERROR, "verityhash= names the device root= names: ovlinit "
			     "needs the hash tree on a device of its own");
}
