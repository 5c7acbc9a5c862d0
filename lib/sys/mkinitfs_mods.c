/* See mkinitfs.h: the module side. libkmod (the same library init uses)
 * resolves names, aliases, dependencies (modules.dep lists them
 * transitively) and soft dependencies (modules.softdep and the
 * modprobe.d files of BASEDIR), so the image holds what init's
 * kmod_module_probe_insert_module() will ask for. */
#include "sys/mkinitfs.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <libkmod.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "modules/feature.h"

#define MKINITFS_FILE_MAX (64L << 20)

int mkinitfs_fail(struct mkinitfs *mk, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(mk->err, sizeof(mk->err), fmt, ap);
	va_end(ap);
	return err;
}

long mkinitfs_slurp(const char *path, char **out)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return -errno;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > MKINITFS_FILE_MAX ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return -EIO;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	return n;
}

/* modules.dep's first column: every module of the kernel, for globs. */
static int mkinitfs_read_dep(struct mkinitfs *mk)
{
	char path[PATH_MAX_LINUX + 16], *text = NULL, *line, *save = NULL;
	long n;

	snprintf(path, sizeof(path), "%s/modules.dep", mk->moddir);
	n = mkinitfs_slurp(path, &text);
	if (n < 0)
		return mkinitfs_fail(mk, (int)n, "cannot read %s: %s (run depmod -b BASEDIR %s)",
				     path, strerror((int)-n), mk->kver);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		if (colon == NULL)
			continue;
		*colon = '\0';
		if (strset_add(&mk->all, line) < 0) {
			free(text);
			return -ENOMEM;
		}
	}
	free(text);
	return 0;
}

static void mkinitfs_kmod_log(void *data, int priority, const char *file, int line,
			      const char *fn, const char *format, va_list args)
{
	(void)data; (void)priority; (void)file; (void)line; (void)fn;
	fputs("ovlinit-mkinitfs: libkmod: ", stderr);
	vfprintf(stderr, format, args);
}

int mkinitfs_open(struct mkinitfs *mk)
{
	char raw[PATH_MAX_LINUX], etc[PATH_MAX_LINUX + 32], lib[PATH_MAX_LINUX + 32];
	const char *cfg[] = { etc, lib, NULL };

	snprintf(raw, sizeof(raw), "%s/lib/modules/%s", mk->basedir, mk->kver);
	if (realpath(raw, mk->moddir) == NULL)
		return mkinitfs_fail(mk, -errno, "no module tree for kernel %s: %s: %s",
				     mk->kver, raw, strerror(errno));
	int r = mkinitfs_read_dep(mk);
	if (r < 0)
		return r;
	snprintf(etc, sizeof(etc), "%s/etc/modprobe.d", mk->basedir);
	snprintf(lib, sizeof(lib), "%s/lib/modprobe.d", mk->basedir);
	mk->ctx = kmod_new(mk->moddir, cfg);
	if (mk->ctx == NULL)
		return mkinitfs_fail(mk, -ENOMEM, "libkmod: cannot open %s", mk->moddir);
	kmod_set_log_fn(mk->ctx, mkinitfs_kmod_log, NULL);
	kmod_set_log_priority(mk->ctx, 3);   /* errors only */
	return 0;
}

void mkinitfs_close(struct mkinitfs *mk)
{
	if (mk->ctx)
		kmod_unref(mk->ctx);
	mk->ctx = NULL;
	strset_free(&mk->all);
	strset_free(&mk->mods);
	strset_free(&mk->featlines);
	cpio_list_free(&mk->list);
}

static int mkinitfs_add_list(struct mkinitfs *mk, struct kmod_list *list);

/* Add one module, then its dependencies and soft dependencies. A module
 * without a path is built into the kernel: nothing to pack. */
static int mkinitfs_add(struct mkinitfs *mk, struct kmod_module *mod)
{
	const char *path = kmod_module_get_path(mod);
	size_t n = strlen(mk->moddir);
	struct kmod_list *pre = NULL, *post = NULL;
	int r;

	if (path == NULL)
		return 0;
	if (strncmp(path, mk->moddir, n) != 0 || path[n] != '/')
		return mkinitfs_fail(mk, -EINVAL, "module %s is outside %s", path, mk->moddir);
	r = strset_add(&mk->mods, path + n + 1);
	if (r <= 0)
		return r;
	r = mkinitfs_add_list(mk, kmod_module_get_dependencies(mod));
	if (r < 0)
		return r;
	if (kmod_module_get_softdeps(mod, &pre, &post) < 0)
		return mkinitfs_fail(mk, -EIO, "cannot read the soft dependencies of %s", path);
	r = mkinitfs_add_list(mk, pre);
	if (r == 0)
		r = mkinitfs_add_list(mk, post);
	else
		kmod_module_unref_list(post);
	return r;
}

/* Add every module of list, then free it. */
static int mkinitfs_add_list(struct mkinitfs *mk, struct kmod_list *list)
{
	struct kmod_list *it;
	int r = 0;

	kmod_list_foreach(it, list) {
		struct kmod_module *mod = kmod_module_get_module(it);
		if (r == 0)
			r = mkinitfs_add(mk, mod);
		kmod_module_unref(mod);
	}
	kmod_module_unref_list(list);
	return r;
}

int mkinitfs_add_name(struct mkinitfs *mk, const char *name)
{
	struct kmod_list *list = NULL, *it;
	int n = 0, r = kmod_module_new_from_lookup(mk->ctx, name, &list);

	if (r < 0)
		return mkinitfs_fail(mk, r, "libkmod: looking up %s: %s", name, strerror(-r));
	kmod_list_foreach(it, list)
		n++;
	r = mkinitfs_add_list(mk, list);
	return r < 0 ? r : n;
}

int mkinitfs_add_path(struct mkinitfs *mk, const char *rel)
{
	char path[PATH_MAX_LINUX * 2];
	struct kmod_module *mod = NULL;
	int r;

	snprintf(path, sizeof(path), "%s/%s", mk->moddir, rel);
	r = kmod_module_new_from_path(mk->ctx, path, &mod);
	if (r < 0)
		return mkinitfs_fail(mk, r, "libkmod: %s: %s", path, strerror(-r));
	r = mkinitfs_add(mk, mod);
	kmod_module_unref(mod);
	return r;
}
