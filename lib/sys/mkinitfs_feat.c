/* See mkinitfs.h: features. Every feature file is read, packed or not,
 * because /etc/ovlinit/features lists the modules of all of them (init
 * names the feature that would add a module the image lacks). */
#include "sys/mkinitfs.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modules/feature.h"
#include "modules/modname.h"
#include "util/text.h"

#define MKINITFS_WORDS_MAX 4096

static int mkinitfs_pack_glob(struct mkinitfs *mk, const char *where,
			      const struct feature_entry *e)
{
	int n = 0;

	for (size_t i = 0; i < mk->all.n; i++) {
		if (fnmatch(e->text, mk->all.v[i], 0) != 0)
			continue;
		int r = mkinitfs_add_path(mk, mk->all.v[i]);
		if (r < 0)
			return r;
		n++;
	}
	if (n == 0 && !(e->flags & FEATURE_OPTIONAL))
		return mkinitfs_fail(mk, -ENOENT, "%s: no module of %s matches %s",
				     where, mk->kver, e->text);
	return 0;
}

static int mkinitfs_pack_entry(struct mkinitfs *mk, const char *where,
			       const struct feature_entry *e)
{
	int n;

	if (e->flags & FEATURE_GLOB)
		return mkinitfs_pack_glob(mk, where, e);
	n = mkinitfs_add_name(mk, e->text);
	if (n < 0)
		return n;
	if (n == 0 && !(e->flags & FEATURE_OPTIONAL))
		return mkinitfs_fail(mk, -ENOENT, "unknown module %s (%s): not in %s/modules.dep",
				     e->text, where, mk->moddir);
	return 0;
}

static int mkinitfs_record_one(struct mkinitfs *mk, const char *feat, const char *path)
{
	char name[FEATURE_ENTRY_MAX], line[FEATURE_NAME_MAX + FEATURE_ENTRY_MAX + 2];

	if (modname_of_path(path, strlen(path), name, sizeof(name)) < 0)
		return -ENAMETOOLONG;
	snprintf(line, sizeof(line), "%s %s", feat, name);
	return strset_add(&mk->featlines, line) < 0 ? -ENOMEM : 0;
}

/* "FEATURE MODULE" lines: a name as written, a glob as the modules of
 * this kernel it matches. */
static int mkinitfs_record(struct mkinitfs *mk, const char *feat, const struct feature_entry *e)
{
	if (!(e->flags & FEATURE_GLOB))
		return mkinitfs_record_one(mk, feat, e->text);
	for (size_t i = 0; i < mk->all.n; i++)
		if (fnmatch(e->text, mk->all.v[i], 0) == 0) {
			int r = mkinitfs_record_one(mk, feat, mk->all.v[i]);
			if (r < 0)
				return r;
		}
	return 0;
}

static int mkinitfs_feature_file(struct mkinitfs *mk, const char *feat, int pack)
{
	char path[PATH_MAX_LINUX + FEATURE_NAME_MAX + 16], where[sizeof(path) + 32];
	char *text = NULL;
	FILE *f;
	long n;
	struct feature_reader rd;
	struct feature_entry e;
	int r = 0;

	snprintf(path, sizeof(path), "%s/%s.modules", mk->featdir, feat);
	f = fopen(path, "re");
	if (f == NULL)
		return mkinitfs_fail(mk, -errno, "cannot read %s: %s", path, strerror(errno));
	text = malloc(1 << 16);
	n = text ? (long)fread(text, 1, (1 << 16) - 1, f) : -1;
	fclose(f);
	if (n < 0 || n == (1 << 16) - 1) {
		free(text);
		return mkinitfs_fail(mk, -EFBIG, "%s: unreadable or over 64 KiB", path);
	}
	feature_reader_init(&rd, text, (size_t)n);
	while (r == 0 && (r = feature_next(&rd, &e)) > 0) {
		snprintf(where, sizeof(where), "%s, line %d", path, e.line);
		r = pack ? mkinitfs_pack_entry(mk, where, &e) : 0;
		if (r == 0)
			r = mkinitfs_record(mk, feat, &e);
	}
	if (r < 0 && mk->err[0] == '\0')
		mkinitfs_fail(mk, r, "%s, line %d: invalid entry", path, e.line);
	free(text);
	return r;
}

/* The selected features must exist before anything is packed. */
static int mkinitfs_check_features(struct mkinitfs *mk)
{
	char words[MKINITFS_WORDS_MAX], path[PATH_MAX_LINUX + FEATURE_NAME_MAX + 16];
	char *save = NULL;

	if (snprintf(words, sizeof(words), "%s", mk->features) >= (int)sizeof(words))
		return mkinitfs_fail(mk, -E2BIG, "the feature list is too long");
	for (char *w = strtok_r(words, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		snprintf(path, sizeof(path), "%s/%s.modules", mk->featdir, w);
		if (!feature_name_ok(w) || access(path, R_OK) != 0)
			return mkinitfs_fail(mk, -ENOENT, "unknown feature %s: no %s",
					     w, feature_name_ok(w) ? path : "such name");
	}
	return 0;
}

static int mkinitfs_is_feature(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && strcmp(d->d_name + n - 8, ".modules") == 0;
}

int mkinitfs_each_feature(struct mkinitfs *mk,
			  int (*fn)(struct mkinitfs *mk, const char *feat, void *ctx), void *ctx)
{
	struct dirent **names;
	int n = scandir(mk->featdir, &names, mkinitfs_is_feature, alphasort), r = 0;

	if (n < 0)
		return mkinitfs_fail(mk, -errno, "cannot read the feature directory %s: %s",
				     mk->featdir, strerror(errno));
	for (int i = 0; i < n; i++) {
		char feat[FEATURE_NAME_MAX + 8];
		snprintf(feat, sizeof(feat), "%.*s", (int)(strlen(names[i]->d_name) - 8),
			 names[i]->d_name);
		if (r == 0 && feature_name_ok(feat))
			r = fn(mk, feat, ctx);
		free(names[i]);
	}
	free(names);
	return r;
}

static int mkinitfs_one_feature(struct mkinitfs *mk, const char *feat, void *ctx)
{
	(void)ctx;
	return mkinitfs_feature_file(mk, feat, text_list_has(mk->features, " \t\n", feat));
}

static int mkinitfs_all_features(struct mkinitfs *mk)
{
	return mkinitfs_each_feature(mk, mkinitfs_one_feature, NULL);
}

static int mkinitfs_extra(struct mkinitfs *mk)
{
	char words[MKINITFS_WORDS_MAX];
	char *save = NULL;
	struct feature_reader rd;
	struct feature_entry e;

	if (snprintf(words, sizeof(words), "%s", mk->extra ? mk->extra : "") >= (int)sizeof(words))
		return mkinitfs_fail(mk, -E2BIG, "the -m list is too long");
	for (char *w = strtok_r(words, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		feature_reader_init(&rd, w, strlen(w));
		int r = feature_next(&rd, &e);
		if (r <= 0)
			return mkinitfs_fail(mk, r < 0 ? r : -EINVAL, "-m: invalid module %s", w);
		e.flags &= ~FEATURE_OPTIONAL;
		r = mkinitfs_pack_entry(mk, "-m", &e);
		if (r < 0)
			return r;
	}
	return 0;
}

int mkinitfs_resolve(struct mkinitfs *mk)
{
	int r = mkinitfs_check_features(mk);

	if (r == 0)
		r = mkinitfs_all_features(mk);
	if (r == 0)
		r = mkinitfs_extra(mk);
	return r;
}
