/* overlaystore=: the persistent store of the overlay (ovlinit(8),
 * PERSISTENCE). SPEC is any root= form; SPEC:/PATH names an image file
 * on that filesystem. Checked here, once, for the boot, --explain and
 * the toggle. */
#include "cmdline/cmdline_opt.h"

#include <errno.h>
#include <string.h>

#define SHOW_MAX 96

/* An absolute path of plain components: no empty, "." or ".." one (the
 * image is opened inside the filesystem that holds it, never beside
 * it), no trailing '/'. Returns NULL or why not. */
static const char *cmdline_store_path(const char *p)
{
	if (p[0] != '/' || p[1] == '\0')
		return "the image path must be an absolute path to a file";
	for (const char *c = p + 1; *c; ) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return "the image path must not hold an empty, \".\" or \"..\" component "
			       "or end in /";
		c += n;
		if (*c == '/' && c[1] == '\0')
			return "the image path must not hold an empty, \".\" or \"..\" component "
			       "or end in /";
		c += *c == '/';
	}
	return NULL;
}

/* SPEC or SPEC:/PATH. The first ":/" splits: no MAJ:MIN has one, and a
 * label that does cannot be named here (said in ovlinit(8)). */
void cmdline_store(struct boot_opts *o, const struct cmdline_tok *t)
{
	char spec[OPT_VALUE_MAX], show[SHOW_MAX];
	const char *split, *why;
	struct root_spec s;
	size_t n;

	o->store.kind = ROOT_NONE;
	o->store_image[0] = '\0';
	if (!cmdline_opt_fits(o, t, sizeof(spec)))
		return;
	split = strstr(t->val, ":/");
	n = split ? (size_t)(split - t->val) : strlen(t->val);
	memcpy(spec, t->val, n);
	spec[n] = '\0';
	if (cmdline_root_spec(o, "overlaystore", spec, &s) < 0)
		return;
	if (split && strlen(split + 1) >= sizeof(o->store_image)) {
		cmdline_note(o, NOTE_ERROR, "overlaystore=: the image path is %zu bytes long, the "
			     "limit is %zu", strlen(split + 1), sizeof(o->store_image) - 1);
		return;
	}
	if (split && (why = cmdline_store_path(split + 1)) != NULL) {
		cmdline_note(o, NOTE_ERROR, "overlaystore=%s: %s",
			     cmdline_show(show, sizeof(show), t->val), why);
		return;
	}
	o->store = s;
	if (split)
		strcpy(o->store_image, split + 1);
}

/* Paths the boot mounts over or needs as its own: a kept path there,
 * or above them, would hide them. */
static const char *const cmdline_keep_reserved[] = {
	"/dev", "/proc", "/sys", "/run", "/media",
};

/* Is a equal to b, or below it? */
static int cmdline_keep_under(const char *a, const char *b)
{
	size_t n = strlen(b);

	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* One kept path p[0..n): absolute, plain components of the characters
 * of cmdline_keep_char() (the marker lists them unquoted). Returns NULL
 * or why not. */
static const char *cmdline_keep_path(struct boot_opts *o, const char *p, size_t n)
{
	char path[KEEP_PATH_MAX];

	if (n >= sizeof(path))
		return "longer than 199 bytes";
	memcpy(path, p, n);
	path[n] = '\0';
	if (cmdline_store_path(path) != NULL)
		return "not an absolute path of plain components (no empty, \".\" or \"..\" "
		       "one, no trailing /)";
	if (strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			 "/._-+@") != n)
		return "only letters, digits and /._-+@ are allowed";
	for (size_t i = 0; i < sizeof(cmdline_keep_reserved) / sizeof(cmdline_keep_reserved[0]); i++)
		if (cmdline_keep_under(path, cmdline_keep_reserved[i]))
			return "/dev, /proc, /sys, /run and /media are the boot's own";
	for (int i = 0; i < o->n_keep; i++)
		if (cmdline_keep_under(path, o->keep[i]) || cmdline_keep_under(o->keep[i], path))
			return "it lies under another kept path, or another under it";
	if (o->n_keep >= KEEP_MAX)
		return "more than 16 paths";
	memcpy(o->keep[o->n_keep++], path, n + 1);
	return NULL;
}

/* overlaykeep=PATH[,PATH...]: a later one replaces an earlier one. */
void cmdline_keep(struct boot_opts *o, const struct cmdline_tok *t)
{
	char raw[SHOW_MAX], show[SHOW_MAX];
	const char *why;

	o->n_keep = 0;
	if (!cmdline_opt_fits(o, t, OPT_VALUE_MAX))
		return;
	for (const char *p = t->val; ; p++) {
		size_t n = strcspn(p, ",");

		if ((why = cmdline_keep_path(o, p, n)) != NULL) {
			memcpy(raw, p, n < sizeof(raw) - 1 ? n : sizeof(raw) - 1);
			raw[n < sizeof(raw) - 1 ? n : sizeof(raw) - 1] = '\0';
			cmdline_note(o, NOTE_ERROR, "overlaykeep=: %s: %s",
				     cmdline_show(show, sizeof(show), raw), why);
			o->n_keep = 0;
			return;
		}
		p += n;
		if (*p == '\0')
			return;
	}
}

/* The store is a layer of the overlay: without overlaytmpfs there is
 * none, and the store is not touched (the maintenance boot). */
void cmdline_store_finish(struct boot_opts *o)
{
	if (o->store.kind != ROOT_NONE && !o->overlay) {
		cmdline_note(o, NOTE_WARN, "overlaystore= takes effect only with overlaytmpfs: "
			     "this boot does not use the store");
		o->store.kind = ROOT_NONE;
		o->store_image[0] = '\0';
	}
	if (o->store_required && o->store.kind == ROOT_NONE && o->overlay)
		cmdline_note(o, NOTE_WARN, "overlaystore.required without overlaystore=: ignored");
	if (o->store_reset && o->store.kind == ROOT_NONE) {
		cmdline_note(o, NOTE_WARN, "overlayreset without a store in use (overlaystore= "
			     "and overlaytmpfs): nothing to reset");
		o->store_reset = 0;
	}
	if (o->n_keep && !o->overlay) {
		cmdline_note(o, NOTE_WARN, "overlaykeep= takes effect only with overlaytmpfs and "
			     "overlaystore=: ignored");
		o->n_keep = 0;
	} else if (o->n_keep && o->store.kind == ROOT_NONE) {
		cmdline_note(o, NOTE_ERROR, "overlaykeep= needs overlaystore=, the filesystem "
			     "that keeps the paths");
		o->n_keep = 0;
	}
}
