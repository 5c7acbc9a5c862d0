/* The diagnosis when root= finds no device, or more than one: text a
 * person can act on, one line at a time. Pure; init/main.c logs the
 * lines. Device-controlled bytes are escaped (text_escape, util/text.h). */
#ifndef OVLINIT_ROOTDEV_DIAG_H
#define OVLINIT_ROOTDEV_DIAG_H

#include <stddef.h>

#include "rootdev/rootdev.h"

struct rootdev_diag_in {
	const struct root_spec *spec;
	const struct blockdev *devs;
	int n;
	int waited_s;
	const char *modules;           /* /proc/modules text, or NULL */
	const char *const *unserved;   /* modaliases no module in the image serves */
	int n_unserved;
	int n_unserved_all;            /* how many there were, beyond those kept */
	const char *key;               /* the option searched for: NULL for "root",
					* or "overlaystore" (the device is then
					* called the store) */
};

typedef void rootdev_diag_line(void *ctx, const char *text);

/* Not found: the spec, every block device with size, TYPE, UUID, LABEL,
 * PARTUUID and PARTLABEL, the modules loaded, the modaliases nothing
 * served, and the devices whose identifier differs from the wanted one
 * by at most two characters (or equals it under another kind). */
void rootdev_diag_missing(const struct rootdev_diag_in *in, rootdev_diag_line *line, void *ctx);

/* More than one match, or a refused one: every matching device, and why
 * ovlinit will not mount it. */
void rootdev_diag_matches(const struct rootdev_diag_in *in, rootdev_diag_line *line, void *ctx);

/* The spec as the user wrote it, "root=UUID=...", escaped. */
void rootdev_diag_spec(char *out, size_t cap, const struct root_spec *spec);

/* The same for the option key ("overlaystore=UUID=..."); NULL is root. */
void rootdev_diag_spec_key(char *out, size_t cap, const char *key, const struct root_spec *spec);


/* Edit distance between a and b (hex identifiers case-folded when fold),
 * capped at 3. */
int rootdev_diag_distance(const char *a, const char *b, int fold);

#endif
