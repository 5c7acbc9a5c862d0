/* See mkinitfs.h: the refusals. An image that cannot boot is refused
 * before anything is written, with the file that says so and the fix:
 *
 * - /init must be a static ELF executable (the image has no dynamic
 *   loader; the kernel would fail to exec it and panic) of the machine
 *   the modules are built for (read from a .ko of the tree);
 * - the kernel's config, BASEDIR/boot/config-KVER where it exists, must
 *   unpack an initramfs (CONFIG_BLK_DEV_INITRD=y) in the chosen
 *   compression (CONFIG_RD_*: init/do_mounts_initrd.c and
 *   lib/decompress.c of the kernel), and have overlayfs built in or
 *   packed as a module. */
#include "sys/mkinitfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/conf.h"
#include "image/elf.h"
#include "modules/feature.h"
#include "modules/modname.h"
#include "util/io.h"

/* The program headers of a static binary follow its ELF header. */
#define MKINITFS_HEAD_MAX 65536

/* The first bytes of path (up to cap) in buf. Returns their count or -errno. */
static long mkinitfs_head(const char *path, unsigned char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long n;

	if (fd < 0)
		return -errno;
	n = io_read_full(fd, buf, cap);
	close(fd);
	return n;
}

/* A module of the tree, stored uncompressed if one is: the packed ones
 * first, then any of modules.dep. */
static const char *mkinitfs_some_module(const struct mkinitfs *mk, int plain)
{
	const struct strset *sets[] = { &mk->mods, &mk->all };

	for (size_t s = 0; s < 2; s++)
		for (size_t i = 0; i < sets[s]->n; i++) {
			size_t n = strlen(sets[s]->v[i]);
			if (!plain || (n > 3 && strcmp(sets[s]->v[i] + n - 3, ".ko") == 0))
				return sets[s]->v[i];
		}
	return NULL;
}

/* The path of a module's bytes, uncompressed: a module of the tree, or
 * a compressed one decompressed into the stage (*staged set). */
static int mkinitfs_module_file(struct mkinitfs *mk, char *path, size_t cap, int *staged)
{
	const char *mod = mkinitfs_some_module(mk, 1), *suffix;
	char rel[64];
	int r;

	*staged = 0;
	if (mod != NULL) {
		snprintf(path, cap, "%s/%s", mk->moddir, mod);
		return 1;
	}
	if ((mod = mkinitfs_some_module(mk, 0)) == NULL)
		return 0;
	if ((suffix = strstr(mod, ".ko")) == NULL || strlen(suffix) > 8)
		return mkinitfs_fail(mk, -EINVAL, "%s/%s: not a .ko file", mk->moddir, mod);
	snprintf(path, cap, "%s/%s", mk->moddir, mod);
	snprintf(rel, sizeof(rel), "machine%s", suffix);
	if ((r = mkinitfs_copy(mk, path, rel, 0644)) < 0)
		return r;
	snprintf(path, cap, "%s/machine.ko", mk->stage);
	*staged = 1;
	return 1;
}

/* mk->machine from a module's ELF header. Returns 0 (mk->machine empty
 * for a tree without modules) or -errno. */
static int mkinitfs_module_machine(struct mkinitfs *mk)
{
	char path[PATH_MAX_LINUX * 2];
	unsigned char head[ELF_HDR_MAX];
	const char *name;
	struct elf_info e;
	long n;
	int staged, r = mkinitfs_module_file(mk, path, sizeof(path), &staged);

	if (r <= 0)
		return r;
	n = mkinitfs_head(path, head, sizeof(head));
	if (staged)
		unlink(path);
	if (n < 0 || elf_inspect(head, (size_t)n, &e) < 0 || e.kind != ELF_KIND_REL)
		return mkinitfs_fail(mk, -ENOEXEC, "%s is not a kernel module (an ELF "
				     "relocatable file): reinstall the kernel's modules", path);
	name = elf_machine_name(e.machine, e.class64);
	if (name)
		snprintf(mk->machine, sizeof(mk->machine), "%s", name);
	else
		snprintf(mk->machine, sizeof(mk->machine), "machine-%u", e.machine);
	return 0;
}

/* Refuse path unless it is a static executable for mk->machine; fills
 * mk->init_size. hint says where the right init comes from. */
static int mkinitfs_check_init(struct mkinitfs *mk, const char *path, const char *hint)
{
	unsigned char *head = malloc(MKINITFS_HEAD_MAX);
	struct elf_info e;
	struct stat st;
	long n = head ? mkinitfs_head(path, head, MKINITFS_HEAD_MAX) : -ENOMEM;
	int r = n < 0 ? (int)n : elf_inspect(head, (size_t)n, &e);
	const char *name;

	free(head);
	if (n < 0)
		return mkinitfs_fail(mk, (int)n, "cannot read the init %s: %s%s", path,
				     strerror((int)-n), hint);
	if (r < 0)
		return mkinitfs_fail(mk, -ENOEXEC, "the init %s is not an ELF program: "
				     "give -i the ovlinit init (make builds build/init)", path);
	if (e.kind == ELF_KIND_DYNAMIC)
		return mkinitfs_fail(mk, -ENOEXEC, "the init %s is dynamically linked (it names "
				     "a program interpreter), and the image has no shared "
				     "libraries: give -i a static init (make builds build/init)", path);
	if (e.kind != ELF_KIND_EXEC && e.kind != ELF_KIND_STATIC_PIE)
		return mkinitfs_fail(mk, -ENOEXEC, "the init %s is not an executable (a library "
				     "or a module?): give -i the ovlinit init", path);
	name = elf_machine_name(e.machine, e.class64);
	snprintf(mk->init_machine, sizeof(mk->init_machine), "%s", name ? name : "unknown");
	if (mk->machine[0] && strcmp(mk->machine, mk->init_machine) != 0)
		return mkinitfs_fail(mk, -ENOEXEC, "the init %s is for %s, the modules of %s "
				     "(%s) for %s%s", path, mk->init_machine, mk->kver,
				     mk->moddir, mk->machine, hint);
	if (stat(path, &st) < 0)
		return mkinitfs_fail(mk, -errno, "%s: %s", path, strerror(errno));
	mk->init_size = (unsigned long long)st.st_size;
	return 0;
}

int mkinitfs_pick_init(struct mkinitfs *mk)
{
	char hint[PATH_MAX_LINUX + 128];
	int r = mkinitfs_module_machine(mk);

	if (r < 0)
		return r;
	if (mk->init) {
		snprintf(mk->initpath, sizeof(mk->initpath), "%s", mk->init);
		snprintf(hint, sizeof(hint), ": give -i an init for %s%s", mk->machine,
			 strcmp(mk->machine, "aarch64") ? "" : " (make ARCH=arm64 builds build/arm64/init)");
		return mkinitfs_check_init(mk, mk->initpath, hint);
	}
	/* LIBDIR/init-MACHINE (a cross-built init, as make install puts
	 * it), else LIBDIR/init (the build host's). */
	snprintf(mk->initpath, sizeof(mk->initpath), "%s/init-%s", mk->libdir, mk->machine);
	if (!mk->machine[0] || access(mk->initpath, R_OK) != 0)
		snprintf(mk->initpath, sizeof(mk->initpath), "%s/init", mk->libdir);
	snprintf(hint, sizeof(hint), ", and there is no %s/init-%s: build one (make ARCH=%s "
		 "builds build/arm64/init, make install installs it there) or give -i",
		 mk->libdir, mk->machine, strcmp(mk->machine, "aarch64") ? mk->machine : "arm64");
	return mkinitfs_check_init(mk, mk->initpath, hint);
}

/* The CONFIG_RD_* option that unpacks each compressor's images. */
static const char *mkinitfs_rd_option(const char *comp)
{
	static const char *const opts[][2] = {
		{ "gzip", "CONFIG_RD_GZIP" }, { "zstd", "CONFIG_RD_ZSTD" },
		{ "xz", "CONFIG_RD_XZ" }, { "lz4", "CONFIG_RD_LZ4" },
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(comp, opts[i][0]) == 0)
			return opts[i][1];
	return NULL;
}

/* The compressors this kernel unpacks, for the message. */
static void mkinitfs_rd_list(const char *cfg, size_t len, char *out, size_t cap)
{
	static const char *const comps[] = { "gzip", "zstd", "xz", "lz4" };
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < 4 && n < cap; i++)
		if (conf_kernel(cfg, len, mkinitfs_rd_option(comps[i])) == 'y')
			n += (size_t)snprintf(out + n, cap - n, " %s", comps[i]);
}

static int mkinitfs_packs(const struct mkinitfs *mk, const char *modname)
{
	char name[FEATURE_ENTRY_MAX];

	for (size_t i = 0; i < mk->mods.n; i++)
		if (modname_of_path(mk->mods.v[i], strlen(mk->mods.v[i]), name, sizeof(name)) == 0 &&
		    strcmp(name, modname) == 0)
			return 1;
	return 0;
}

static int mkinitfs_check_config(struct mkinitfs *mk, const char *path, const char *cfg,
				 size_t len)
{
	const char *rd = mkinitfs_rd_option(mk->comp);
	char has[64];
	int ovl = conf_kernel(cfg, len, "CONFIG_OVERLAY_FS");

	if (conf_kernel(cfg, len, "CONFIG_BLK_DEV_INITRD") != 'y')
		return mkinitfs_fail(mk, -ENOEXEC, "%s: CONFIG_BLK_DEV_INITRD is not y: kernel "
				     "%s cannot load an initramfs; use a kernel built with it", path,
				     mk->kver);
	if (rd && conf_kernel(cfg, len, rd) != 'y') {
		mkinitfs_rd_list(cfg, len, has, sizeof(has));
		return mkinitfs_fail(mk, -ENOEXEC, "%s: %s is not y: kernel %s cannot unpack a "
				     "%s image; choose one it unpacks with -C (%s)", path, rd,
				     mk->kver, mk->comp, has[0] ? has + 1 : "none");
	}
	if (ovl == 'm' && !mkinitfs_packs(mk, "overlay"))
		return mkinitfs_fail(mk, -ENOEXEC, "%s: CONFIG_OVERLAY_FS=m, and the image has no "
				     "overlay module: overlaytmpfs=yes could not mount; add the "
				     "feature base (or -m overlay)", path);
	if (ovl != 'm' && ovl != 'y')
		return mkinitfs_fail(mk, -ENOEXEC, "%s: CONFIG_OVERLAY_FS is not set: kernel %s "
				     "has no overlayfs, and overlaytmpfs=yes could not mount; use a "
				     "kernel with CONFIG_OVERLAY_FS=y or m", path, mk->kver);
	return 0;
}

int mkinitfs_check_kernel(struct mkinitfs *mk)
{
	char path[PATH_MAX_LINUX + 300];
	char *cfg = NULL;
	long n;
	int r;

	snprintf(path, sizeof(path), "%s/boot/config-%s", mk->basedir, mk->kver);
	if (access(path, F_OK) != 0)
		return 0;   /* no config installed: nothing to check against */
	if ((n = mkinitfs_slurp(path, &cfg)) < 0)
		return mkinitfs_fail(mk, (int)n, "cannot read %s: %s", path, strerror((int)-n));
	r = mkinitfs_check_config(mk, path, cfg, (size_t)n);
	free(cfg);
	return r;
}
