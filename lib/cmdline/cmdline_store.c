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
}
