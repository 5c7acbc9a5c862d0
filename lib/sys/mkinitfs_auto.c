/* See mkinitfs.h: -F auto, the host-only image (dracut's hostonly,
 * initramfs-tools' MODULES=dep). The running system's root is read from
 * HOST/proc/self/mountinfo (below an ovlinit overlay root: its lower,
 * /media/root-ro); its device from HOST/sys/dev/block/MAJ:MIN (or
 * HOST/sys/class/block/NAME when the filesystem reports no device
 * number, as btrfs does); then every device from the disk up to
 * HOST/sys/devices names its driver (driver, and driver/module for the
 * driver's module). The image gets the base and overlay features, the
 * filesystem's feature (or its module), and those drivers' modules.
 * The modules that make up a whole feature are named as that feature
 * (virtio_blk and virtio_pci: virtio). Every choice is a line of
 * mk->auto_why. Nothing here writes. */
#include "sys/mkinitfs.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modules/feature.h"
#include "modules/modname.h"
#include "rootdev/mountinfo.h"
#include "sys/sys.h"
#include "util/text.h"

#define MKINITFS_MOUNTINFO_MAX (1 << 20)
#define MKINITFS_AUTO_DEPTH 64          /* devices from a disk up to /sys/devices */

/* One line of the reasons; a full buffer is a refusal. */
static int mkinitfs_why(struct mkinitfs *mk, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int mkinitfs_why(struct mkinitfs *mk, const char *fmt, ...)
{
	size_t n = strlen(mk->auto_why);
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(mk->auto_why + n, sizeof(mk->auto_why) - n, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w + 2 > sizeof(mk->auto_why) - n) {
		mk->auto_why[n] = '\0';
		return mkinitfs_fail(mk, -E2BIG, "-F auto: more than %zu bytes of reasons",
				     sizeof(mk->auto_why));
	}
	strcat(mk->auto_why + n, "\n");
	return 0;
}

/* Append word to the space-separated list buf (once). */
static int mkinitfs_word(struct mkinitfs *mk, char *buf, size_t cap, const char *word)
{
	size_t n = strlen(buf), len = strlen(word);

	if (text_list_has(buf, " ", word))
		return 0;
	if (n + len + 2 > cap)
		return mkinitfs_fail(mk, -E2BIG, "-F auto: the list of features or modules is too long");
	snprintf(buf + n, cap - n, "%s%s", n ? " " : "", word);
	return 0;
}

static int mkinitfs_has_feature(const struct mkinitfs *mk, const char *name)
{
	char path[PATH_MAX_LINUX + FEATURE_NAME_MAX + 16];

	if (!feature_name_ok(name))
		return 0;
	snprintf(path, sizeof(path), "%s/%s.modules", mk->featdir, name);
	return access(path, R_OK) == 0;
}

/* The entries of featdir/NAME.modules: calls fn on each; stops at the
 * first nonzero return. Returns that, 0, or -errno. */
static int mkinitfs_auto_entries(const struct mkinitfs *mk, const char *name,
				 int (*fn)(const struct feature_entry *, void *), void *arg)
{
	char path[PATH_MAX_LINUX + FEATURE_NAME_MAX + 16];
	static char text[1 << 16];
	struct feature_reader rd;
	struct feature_entry e;
	long n;
	int r;

	snprintf(path, sizeof(path), "%s/%s.modules", mk->featdir, name);
	if ((n = sys_read_file(path, text, sizeof(text))) < 0)
		return (int)n;
	feature_reader_init(&rd, text, (size_t)n);
	while ((r = feature_next(&rd, &e)) > 0)
		if ((r = fn(&e, arg)) != 0)
			return r;
	return r;
}

static int mkinitfs_auto_is_overlay(const struct feature_entry *e, void *arg)
{
	(void)arg;
	return !(e->flags & (FEATURE_GLOB | FEATURE_OPTIONAL)) && strcmp(e->text, "overlay") == 0;
}

/* A feature folds when each of its entries is a plain name that the
 * walk chose: the feature then packs exactly those modules. */
struct mkinitfs_cover {
	const char *list;
	int n;                    /* entries seen */
};

static int mkinitfs_auto_uncovered(const struct feature_entry *e, void *arg)
{
	struct mkinitfs_cover *c = arg;
	char name[FEATURE_ENTRY_MAX];

	c->n++;
	if (e->flags & (FEATURE_GLOB | FEATURE_OPTIONAL) ||
	    modname_of_path(e->text, strlen(e->text), name, sizeof(name)) < 0)
		return 1;
	return !text_list_has(c->list, " ", name);
}

/* Remove the names of feature's entries from mk->auto_extra. */
static int mkinitfs_auto_drop(const struct feature_entry *e, void *arg)
{
	struct mkinitfs *mk = arg;
	char name[FEATURE_ENTRY_MAX], out[sizeof(mk->auto_extra)] = "";
	const char *p = mk->auto_extra;

	if (modname_of_path(e->text, strlen(e->text), name, sizeof(name)) < 0)
		return -ENAMETOOLONG;
	while (*p) {
		size_t l = strcspn(p, " ");
		if (l != strlen(name) || strncmp(p, name, l) != 0)
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%.*s",
				 out[0] ? " " : "", (int)l, p);
		p += l + (p[l] == ' ');
	}
	memcpy(mk->auto_extra, out, sizeof(out));
	return 0;
}

/* One feature file: if the walk's modules cover all it names, name the
 * feature instead of them. */
static int mkinitfs_auto_fold_one(struct mkinitfs *mk, const char *feat, void *ctx)
{
	struct mkinitfs_cover c = { mk->auto_extra, 0 };
	int r;

	(void)ctx;
	if (!mk->auto_extra[0] || text_list_has(mk->auto_features, " ", feat) ||
	    mkinitfs_auto_entries(mk, feat, mkinitfs_auto_uncovered, &c) != 0 || c.n == 0)
		return 0;
	r = mkinitfs_auto_entries(mk, feat, mkinitfs_auto_drop, mk);
	if (r == 0)
		r = mkinitfs_word(mk, mk->auto_features, sizeof(mk->auto_features), feat);
	if (r == 0)
		r = mkinitfs_why(mk, "feature %s: every module it names is one of those drivers'",
				 feat);
	return r;
}

/* The walk's modules as the features they make up, where one does:
 * "base ext4 virtio" on a virtio-blk disk, what a person would write. */
static int mkinitfs_auto_fold(struct mkinitfs *mk)
{
	return mkinitfs_each_feature(mk, mkinitfs_auto_fold_one, NULL);
}

/* The root's mount: /, or an ovlinit overlay root's lower. */
static int mkinitfs_auto_root(struct mkinitfs *mk, struct mountinfo_ent *e)
{
	char path[PATH_MAX_LINUX + 32];
	char *text = malloc(MKINITFS_MOUNTINFO_MAX);
	long n;
	int r;

	if (text == NULL)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/proc/self/mountinfo", mk->hostroot);
	n = sys_read_file(path, text, MKINITFS_MOUNTINFO_MAX);
	if (n < 0) {
		free(text);
		return mkinitfs_fail(mk, (int)n, "-F auto: cannot read %s: %s", path,
				     n == -EFBIG ? "over 1 MiB" : strerror((int)-n));
	}
	r = mountinfo_find(text, (size_t)n, "/", e);
	if (r == 0 && strcmp(e->fstype, "overlay") == 0) {
		r = mountinfo_find(text, (size_t)n, "/media/root-ro", e);
		if (r == 0 && strcmp(e->point, "/media/root-ro") != 0)
			r = -ENOENT;
		if (r < 0) {
			free(text);
			return mkinitfs_fail(mk, -ENOENT, "-F auto: / is an overlay with no "
					     "/media/root-ro below it (%s): not ovlinit's; name "
					     "the features with -F", path);
		}
		r = mkinitfs_why(mk, "root: / is ovlinit's overlay; its lower /media/root-ro "
				 "is %s on %s (%u:%u)", e->fstype, e->source, e->major, e->minor);
	} else if (r == 0)
		r = mkinitfs_why(mk, "root: / is %s on %s (%u:%u), from %s", e->fstype,
				 e->source, e->major, e->minor, path);
	else
		r = mkinitfs_fail(mk, -ENOENT, "-F auto: %s has no entry for /", path);
	free(text);
	return r;
}

/* The sysfs directory of the root's disk (a partition's parent), in dir. */
static int mkinitfs_auto_disk(struct mkinitfs *mk, const struct mountinfo_ent *e,
			      char *dir, size_t cap)
{
	char link[PATH_MAX_LINUX + 64], part[PATH_MAX_LINUX + 16];
	const char *name = strrchr(e->source, '/');

	if (e->major != 0)
		snprintf(link, sizeof(link), "%s/sys/dev/block/%u:%u", mk->hostroot, e->major, e->minor);
	else if (strncmp(e->source, "/dev/", 5) == 0 && name && name[1] && strcmp(name, "/..") != 0)
		snprintf(link, sizeof(link), "%s/sys/class/block/%s", mk->hostroot, name + 1);
	else
		return mkinitfs_fail(mk, -ENODEV, "-F auto: the root (%s on %s) is on no block "
				     "device; name the features with -F", e->fstype, e->source);
	if (cap < PATH_MAX_LINUX || realpath(link, dir) == NULL)
		return mkinitfs_fail(mk, -errno, "-F auto: the root's device %s: %s: %s", e->source,
				     link, strerror(errno));
	snprintf(part, sizeof(part), "%s/partition", dir);
	if (access(part, F_OK) == 0) {
		char *slash = strrchr(dir, '/');
		if (slash == NULL || slash == dir)
			return mkinitfs_fail(mk, -EINVAL, "-F auto: %s: a partition without a disk", dir);
		*slash = '\0';
	}
	snprintf(link, sizeof(link), "%s/sys/devices/virtual/", mk->hostroot);
	char real[PATH_MAX_LINUX];
	if (realpath(link, real) != NULL && strncmp(dir, real, strlen(real)) == 0 &&
	    dir[strlen(real)] == '/')
		return mkinitfs_fail(mk, -ENODEV, "-F auto: the root's device %s is virtual (%s: "
				     "device-mapper, md, loop...), which ovlinit does not assemble; "
				     "name the features with -F", e->source, dir);
	return 0;
}

/* Link's target's last component, in out ("" if link is no symlink). */
static void mkinitfs_link_name(const char *link, char *out, size_t cap)
{
	char target[PATH_MAX_LINUX];
	ssize_t n = readlink(link, target, sizeof(target) - 1);

	out[0] = '\0';
	if (n <= 0)
		return;
	target[n] = '\0';
	const char *name = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	if (strlen(name) < cap)
		memcpy(out, name, strlen(name) + 1);
}

/* One device's driver: its module (driver/module), else the driver's
 * name or the device's modalias as libkmod resolves them; none of them
 * in the kernel's modules: built into the running kernel, said. */
static int mkinitfs_auto_driver(struct mkinitfs *mk, const char *dev, const char *shown)
{
	char path[PATH_MAX_LINUX + 32], drv[256], name[256], mod[256], alias[512];
	int n;

	snprintf(path, sizeof(path), "%s/driver", dev);
	mkinitfs_link_name(path, drv, sizeof(drv));
	if (drv[0] == '\0')
		return 0;
	snprintf(path, sizeof(path), "%s/driver/module", dev);
	mkinitfs_link_name(path, mod, sizeof(mod));
	if (mod[0]) {
		if ((n = mkinitfs_add_name(mk, mod)) < 0)
			return n;
		if (n == 0)
			return mkinitfs_fail(mk, -ENOENT, "-F auto: module %s (the driver %s of %s) "
					     "is neither a module of kernel %s nor built into it; "
					     "name the features with -F", mod, drv, shown, mk->kver);
		if ((n = mkinitfs_word(mk, mk->auto_extra, sizeof(mk->auto_extra), mod)) < 0)
			return n;
		return mkinitfs_why(mk, "module %s: driver %s of %s", mod, drv, shown);
	}
	memcpy(name, drv, sizeof(name));
	for (char *c = name; *c; c++)     /* a module's name: virtio-pci is virtio_pci */
		if (*c == '-')
			*c = '_';
	if ((n = mkinitfs_add_name(mk, name)) < 0)
		return n;
	if (n > 0) {
		if ((n = mkinitfs_word(mk, mk->auto_extra, sizeof(mk->auto_extra), name)) < 0)
			return n;
		return mkinitfs_why(mk, "module %s: driver %s of %s (no driver/module link: "
				    "built into the running kernel)", name, drv, shown);
	}
	snprintf(path, sizeof(path), "%s/modalias", dev);
	long len = sys_read_file(path, alias, sizeof(alias));
	if (len > 0) {
		alias[strcspn(alias, "\n")] = '\0';
		if ((n = mkinitfs_add_name(mk, alias)) < 0)
			return n;
		if (n > 0)
			return mkinitfs_why(mk, "the module of alias %s: driver %s of %s", alias,
					    drv, shown);
	}
	return mkinitfs_why(mk, "nothing for driver %s of %s: built into the running "
			    "kernel, and no module of kernel %s has its name", drv, shown, mk->kver);
}

/* Every driver from the disk up to HOST/sys/devices. */
static int mkinitfs_auto_devices(struct mkinitfs *mk, char *dir)
{
	char top[PATH_MAX_LINUX + 16], real[PATH_MAX_LINUX];
	size_t n;
	int r = 0;

	snprintf(top, sizeof(top), "%s/sys/devices", mk->hostroot);
	if (realpath(top, real) == NULL)
		return mkinitfs_fail(mk, -errno, "-F auto: %s: %s", top, strerror(errno));
	n = strlen(real);
	if (strncmp(dir, real, n) != 0 || dir[n] != '/')
		return mkinitfs_fail(mk, -EINVAL, "-F auto: the root's disk %s is not below %s",
				     dir, real);
	r = mkinitfs_why(mk, "disk: /sys/devices%s", dir + n);
	for (int depth = 0; r == 0 && strlen(dir) > n; depth++) {
		char shown[PATH_MAX_LINUX + 16];
		if (depth == MKINITFS_AUTO_DEPTH)
			return mkinitfs_fail(mk, -ELOOP, "-F auto: %s: more than %d levels of "
					     "devices", dir, MKINITFS_AUTO_DEPTH);
		snprintf(shown, sizeof(shown), "/sys/devices%s", dir + n);
		r = mkinitfs_auto_driver(mk, dir, shown);
		*strrchr(dir, '/') = '\0';
	}
	return r;
}

/* The filesystem: its feature, else its module; overlay, base. */
static int mkinitfs_auto_fs(struct mkinitfs *mk, const struct mountinfo_ent *e)
{
	static const char *const always[] = { "base", "overlay" };
	int r = 0, n;

	int base_overlay = mkinitfs_has_feature(mk, "base") &&
			   mkinitfs_auto_entries(mk, "base", mkinitfs_auto_is_overlay, NULL) == 1;

	for (size_t i = 0; r == 0 && i < sizeof(always) / sizeof(always[0]); i++)
		if (mkinitfs_has_feature(mk, always[i]) && !(i == 1 && base_overlay)) {
			r = mkinitfs_word(mk, mk->auto_features, sizeof(mk->auto_features), always[i]);
			if (r == 0)
				r = mkinitfs_why(mk, "feature %s: %s", always[i], i == 1 ?
						 "the overlay root (overlaytmpfs=yes)" : base_overlay ?
						 "always; it holds overlay, for the overlay root "
						 "(overlaytmpfs=yes)" : "always");
		}
	if (r < 0)
		return r;
	if (mkinitfs_has_feature(mk, e->fstype)) {
		r = mkinitfs_word(mk, mk->auto_features, sizeof(mk->auto_features), e->fstype);
		return r < 0 ? r : mkinitfs_why(mk, "feature %s: the root's filesystem", e->fstype);
	}
	if ((n = mkinitfs_add_name(mk, e->fstype)) < 0)
		return n;
	if (n == 0)
		return mkinitfs_fail(mk, -ENOENT, "-F auto: the root's filesystem %s has no "
				     "feature in %s and no module in kernel %s", e->fstype,
				     mk->featdir, mk->kver);
	r = mkinitfs_word(mk, mk->auto_extra, sizeof(mk->auto_extra), e->fstype);
	return r < 0 ? r : mkinitfs_why(mk, "module %s: the root's filesystem (no feature "
					"of that name)", e->fstype);
}

int mkinitfs_auto(struct mkinitfs *mk)
{
	char words[sizeof(mk->auto_features)], *save = NULL;
	char dir[PATH_MAX_LINUX];
	struct mountinfo_ent *e;
	int r, found = 0;

	if (snprintf(words, sizeof(words), "%s", mk->features) >= (int)sizeof(words))
		return mkinitfs_fail(mk, -E2BIG, "the feature list is too long");
	mk->auto_features[0] = mk->auto_extra[0] = mk->auto_why[0] = '\0';
	for (char *w = strtok_r(words, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
		if (strcmp(w, "auto") == 0)
			found = 1;
	if (!found)
		return 0;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -ENOMEM;
	r = mkinitfs_auto_root(mk, e);
	if (r == 0)
		r = mkinitfs_auto_disk(mk, e, dir, sizeof(dir));
	if (r == 0)
		r = mkinitfs_auto_fs(mk, e);
	if (r == 0)
		r = mkinitfs_auto_devices(mk, dir);
	if (r == 0)
		r = mkinitfs_auto_fold(mk);
	free(e);
	/* The features named beside auto, after its own. */
	snprintf(words, sizeof(words), "%s", mk->features);
	save = NULL;
	for (char *w = strtok_r(words, " \t\n", &save); r == 0 && w; w = strtok_r(NULL, " \t\n", &save))
		if (strcmp(w, "auto") != 0)
			r = mkinitfs_word(mk, mk->auto_features, sizeof(mk->auto_features), w);
	if (r == 0 && mk->extra) {
		snprintf(words, sizeof(words), "%s", mk->extra);
		save = NULL;
		for (char *w = strtok_r(words, " \t\n", &save); r == 0 && w;
		     w = strtok_r(NULL, " \t\n", &save))
			r = mkinitfs_word(mk, mk->auto_extra, sizeof(mk->auto_extra), w);
	}
	if (r < 0)
		return r;
	mk->features = mk->auto_features;
	mk->extra = mk->auto_extra;
	return 1;
}
