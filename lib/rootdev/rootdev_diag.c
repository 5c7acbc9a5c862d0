/* See rootdev_diag.h. */
#include "rootdev/rootdev_diag.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log/log.h"
#include "probe/probe.h"
#include "util/text.h"

#define DIAG_LINE_MAX  2600    /* the logger cuts a record visibly at its limit */
#define DIAG_NEAR_MAX  2

/* Escape into esc; a cut value still shows its escaped prefix. */
static const char *diag_esc(char *esc, size_t cap, const char *val)
{
	int r = text_escape(esc, cap, val, strlen(val), TEXT_ESC_SPACE);

	(void)r;
	return esc;
}

static size_t diag_put(char *out, size_t cap, size_t o, const char *key, const char *val)
{
	char esc[LABEL_MAX * 4 + 1];

	if (val[0] == '\0' || o >= cap)
		return o;
	diag_esc(esc, sizeof(esc), val);   /* cut: still shown */
	int n = snprintf(out + o, cap - o, " %s=%s", key, esc);
	return n < 0 ? o : o + (size_t)n;
}

/* One device as "vda1: 64 MiB TYPE=ext4 UUID=... LABEL=..." into out. */
static void rootdev_diag_dev(char *out, size_t cap, const struct blockdev *d)
{
	unsigned long long mib = d->size >> 20;
	int n = mib ? snprintf(out, cap, "%s: %llu MiB", d->name, mib)
		    : snprintf(out, cap, "%s: %llu KiB", d->name, d->size >> 10);
	size_t o = n < 0 ? 0 : (size_t)n;

	o = diag_put(out, cap, o, "TYPE", d->type);
	o = diag_put(out, cap, o, "UUID", d->uuid);
	o = diag_put(out, cap, o, "LABEL", d->label);
	o = diag_put(out, cap, o, "PARTUUID", d->partuuid);
	o = diag_put(out, cap, o, "PARTLABEL", d->partlabel);
	if (d->table_err && o < cap)    /* the probes' refusal of its disk's table */
		o += (size_t)snprintf(out + o, cap - o, " (partition table refused: %s)",
				      probe_strerror(d->table_err, 1));
	if (d->probe_err && d->probe_err != -EEXIST && o < cap)
		snprintf(out + o, cap - o, " (unreadable: %s)", probe_strerror(d->probe_err, 0));
	else if (d->size == 0 && o < cap)
		snprintf(out + o, cap - o, " (empty)");
}

int rootdev_diag_distance(const char *a, const char *b, int fold)
{
	size_t na = strlen(a), nb = strlen(b);
	int row[LABEL_MAX + 1];

	if (na >= LABEL_MAX || nb >= LABEL_MAX)
		return 3;
	if (na > nb + 2 || nb > na + 2)
		return 3;
	for (size_t j = 0; j <= nb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		int diag = row[0], best;
		row[0] = (int)i;
		best = row[0];
		for (size_t j = 1; j <= nb; j++) {
			int ca = fold ? tolower((unsigned char)a[i - 1]) : a[i - 1];
			int cb = fold ? tolower((unsigned char)b[j - 1]) : b[j - 1];
			int v = diag + (ca != cb), up = row[j] + 1, left = row[j - 1] + 1;
			v = up < v ? up : v;
			v = left < v ? left : v;
			diag = row[j];
			row[j] = v;
			best = v < best ? v : best;
		}
		if (best > DIAG_NEAR_MAX)
			return 3;
	}
	return row[nb] > 3 ? 3 : row[nb];
}

static const char *diag_field(const struct blockdev *d, enum root_kind k)
{
	switch (k) {
	case ROOT_UUID: return d->uuid;
	case ROOT_LABEL: return d->label;
	case ROOT_PARTUUID: return d->partuuid;
	case ROOT_PARTLABEL: return d->partlabel;
	case ROOT_DEVPATH: return d->name;
	default: return "";
	}
}

/* The wanted value under another kind, or a near miss under its own. */
static void diag_near(const struct rootdev_diag_in *in, const struct blockdev *d,
		      rootdev_diag_line *line, void *ctx)
{
	static const enum root_kind kinds[] = { ROOT_UUID, ROOT_LABEL, ROOT_PARTUUID, ROOT_PARTLABEL };
	const char *want = in->spec->kind == ROOT_DEVPATH ? rootdev_spec_devname(in->spec) :
			   in->spec->value;
	char text[DIAG_LINE_MAX], esc[LABEL_MAX * 4 + 1];

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *have = diag_field(d, kinds[i]);
		int fold = kinds[i] == ROOT_UUID || kinds[i] == ROOT_PARTUUID;
		int dist = have[0] ? rootdev_diag_distance(want, have, fold) : 3;
		if (dist > DIAG_NEAR_MAX || (dist == 0 && kinds[i] == in->spec->kind))
			continue;
		diag_esc(esc, sizeof(esc), have);
		if (dist == 0)
			snprintf(text, sizeof(text), "did you mean %s=%s=%s? /dev/%s has that value as its %s",
				 in->key ? in->key : "root", rootdev_kind_name(kinds[i]), esc, d->name,
				 rootdev_kind_name(kinds[i]));
		else if (kinds[i] == in->spec->kind)
			snprintf(text, sizeof(text), "did you mean /dev/%s? its %s=%s differs from the wanted one by %d character%s",
				 d->name, rootdev_kind_name(kinds[i]), esc, dist, dist == 1 ? "" : "s");
		else
			continue;
		line(ctx, text);
	}
}

void rootdev_diag_spec_key(char *out, size_t cap, const char *key, const struct root_spec *s)
{
	char text[OPT_VALUE_MAX + 16], esc[sizeof(text) * 4 + 1];

	if (rootdev_spec_text(s, text, sizeof(text)) < 0)
		snprintf(text, sizeof(text), "%s(too long)", rootdev_kind_prefix(s->kind));
	snprintf(out, cap, "%s=%s", key ? key : "root", diag_esc(esc, sizeof(esc), text));
}

void rootdev_diag_spec(char *out, size_t cap, const struct root_spec *s)
{
	rootdev_diag_spec_key(out, cap, NULL, s);
}

/* /proc/modules: the first word of each line, space-separated. */
static void diag_modules(const char *text, rootdev_diag_line *line, void *ctx)
{
	char out[DIAG_LINE_MAX];
	size_t o = (size_t)snprintf(out, sizeof(out), "modules loaded:");
	int n = 0;

	for (const char *p = text ? text : ""; *p; ) {
		size_t w = strcspn(p, " \n");
		if (w > 0 && o + w + 5 < sizeof(out)) {
			out[o++] = ' ';
			memcpy(out + o, p, w);
			o += w;
			n++;
		} else if (w > 0) {
			memcpy(out + o, " ...", 5);
			o += 4;
			break;
		}
		p += strcspn(p, "\n");
		p += *p == '\n';
	}
	out[o] = '\0';
	line(ctx, n ? out : "modules loaded: none");
}

static void diag_unserved(const struct rootdev_diag_in *in, rootdev_diag_line *line, void *ctx)
{
	char out[DIAG_LINE_MAX], esc[300];
	size_t o;

	if (in->n_unserved == 0) {
		line(ctx, "modaliases no module in this initramfs serves: none");
		return;
	}
	o = (size_t)snprintf(out, sizeof(out), "modaliases no module in this initramfs serves (%d):",
			     in->n_unserved_all > in->n_unserved ? in->n_unserved_all : in->n_unserved);
	for (int i = 0; i < in->n_unserved; i++) {
		diag_esc(esc, sizeof(esc), in->unserved[i]);
		if (o + strlen(esc) + 6 >= sizeof(out)) {
			line(ctx, out);
			o = (size_t)snprintf(out, sizeof(out), "  ...");
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o, " %s", esc);
	}
	if (in->n_unserved_all > in->n_unserved)
		snprintf(out + o, sizeof(out) - o, " ...");
	line(ctx, out);
}

void rootdev_diag_missing(const struct rootdev_diag_in *in, rootdev_diag_line *line, void *ctx)
{
	char text[DIAG_LINE_MAX], spec[OPT_VALUE_MAX * 4 + 16];

	rootdev_diag_spec_key(spec, sizeof(spec), in->key, in->spec);
	snprintf(text, sizeof(text), "no device matches %s after %d s; %d block device%s:",
		 spec, in->waited_s, in->n, in->n == 1 ? "" : "s");
	line(ctx, text);
	for (int i = 0; i < in->n; i++) {
		text[0] = ' ';
		text[1] = ' ';
		rootdev_diag_dev(text + 2, sizeof(text) - 2, &in->devs[i]);
		line(ctx, text);
	}
	diag_modules(in->modules, line, ctx);
	diag_unserved(in, line, ctx);
	for (int i = 0; i < in->n; i++)
		diag_near(in, &in->devs[i], line, ctx);
}

void rootdev_diag_matches(const struct rootdev_diag_in *in, rootdev_diag_line *line, void *ctx)
{
	char text[DIAG_LINE_MAX], spec[OPT_VALUE_MAX * 4 + 16];
	const char *role = in->key ? "store" : "root";
	int n = 0;

	for (int i = 0; i < in->n; i++)
		n += rootdev_matches(in->spec, &in->devs[i]);
	rootdev_diag_spec_key(spec, sizeof(spec), in->key, in->spec);
	if (n > 1)
		snprintf(text, sizeof(text), "%s matches %d devices; refusing to guess which is the %s "
			 "(a cloned disk or a stick carrying the same identifier?):", spec, n, role);
	else
		snprintf(text, sizeof(text), "%s matches a device that cannot be the %s:", spec, role);
	line(ctx, text);
	for (int i = 0; i < in->n; i++) {
		const char *why;
		if (!rootdev_matches(in->spec, &in->devs[i]))
			continue;
		text[0] = ' ';
		text[1] = ' ';
		rootdev_diag_dev(text + 2, sizeof(text) - 2, &in->devs[i]);
		line(ctx, text);
		if ((why = rootdev_refusal(&in->devs[i])) != NULL) {
			snprintf(text, sizeof(text), "  /dev/%s: %s", in->devs[i].name, why);
			line(ctx, text);
		}
	}
}
