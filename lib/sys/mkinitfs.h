/* ovlinit-mkinitfs: the steps that turn a kernel's module tree into an
 * initramfs. Each returns 0 or -errno; on an error mk->err says what
 * failed in words (the tool prints it). The order:
 *
 *   mkinitfs_open       the kernel's module tree through libkmod
 *   mkinitfs_auto       -F auto: the running root's drivers, filesystem
 *   mkinitfs_resolve    features and -m names -> the module closure
 *   mkinitfs_pick_init  the init for the modules' machine, checked
 *   mkinitfs_check_kernel  the kernel's config: initramfs, compressor, overlay
 *   mkinitfs_stage      the image tree in a directory, depmod run on it
 *   mkinitfs_collect    that tree (and the device nodes) -> sorted entries
 *   mkinitfs_write_*    the cpio, the gen_init_cpio list, or the -l list
 */
#ifndef OVLINIT_MKINITFS_H
#define OVLINIT_MKINITFS_H

#include "util/limit.h"
#include <stdio.h>
#include <sys/types.h>

#include "image/cpio.h"
#include "util/strset.h"

/* The builder's version, in etc/ovlinit/image. */
#ifndef OVLINIT_VERSION
#define OVLINIT_VERSION "0.1"
#endif

/* etc/ovlinit/image of every image, one KEY=VALUE a line, in this order:
 *   builder=ovlinit-mkinitfs VERSION
 *   kernel=KVER
 *   features=FEATURE...      (one space apart)
 *   extra=MODULE...          (-m and modules=)
 *   compression=zstd|gzip|xz|lz4|none
 *   init=MACHINE SIZE        (uname -m's name, bytes)
 *   module=PATH              (one per packed module, below lib/modules/KVER)
 */
#define MKINITFS_IMAGE_FILE "etc/ovlinit/image"

struct kmod_ctx;

struct mkinitfs {
	/* inputs */
	const char *basedir;      /* holds lib/modules/KVER ("/") */
	const char *kver;
	const char *featdir;      /* the <feature>.modules files */
	const char *features;     /* space-separated feature names */
	const char *extra;        /* -m: space-separated names or globs */
	const char *init;         /* -i: the ovlinit init binary, or NULL: */
	const char *libdir;       /* LIBDIR/init-MACHINE or LIBDIR/init */
	const char *comp;         /* "zstd"... (mkinitfs_compressor_ok) */
	int rescue;               /* pack BASEDIR's static busybox */
	const char *hostroot;     /* -F auto reads HOST/proc and HOST/sys ("") */
	const char *stage;        /* image tree, an existing empty directory */
	unsigned long mtime;      /* of every entry (SOURCE_DATE_EPOCH or 0) */
	/* state */
	char moddir[PATH_MAX_LINUX];    /* BASEDIR/lib/modules/KVER */
	struct kmod_ctx *ctx;
	char machine[32];         /* of the modules ("aarch64"), "" without any */
	char initpath[PATH_MAX_LINUX];  /* the init packed */
	char init_machine[32];
	unsigned long long init_size;
	struct strset all;        /* every module path of modules.dep */
	struct strset mods;       /* the closure: paths relative to moddir */
	struct strset featlines;  /* "FEATURE MODULE" of every feature file */
	struct cpio_list list;
	char auto_features[1024]; /* -F auto's choice: features, */
	char auto_extra[2048];    /* modules, */
	char auto_why[8192];      /* and why, one reason a line */
	char err[PATH_MAX_LINUX + 256];
};

int mkinitfs_open(struct mkinitfs *mk) __attribute__((warn_unused_result));
/* -F auto (the word auto among the features): the running system's
 * root device's drivers packed, mk->features and mk->extra set to the
 * choice, mk->auto_why the reasons. Returns 1, 0 without auto, or
 * -errno. After mkinitfs_open. */
int mkinitfs_auto(struct mkinitfs *mk) __attribute__((warn_unused_result));
int mkinitfs_resolve(struct mkinitfs *mk) __attribute__((warn_unused_result));
/* The init: -i, or LIBDIR/init-MACHINE for the modules' machine, or
 * LIBDIR/init; refused (-ENOEXEC) unless it is a static ELF executable
 * of that machine. */
int mkinitfs_pick_init(struct mkinitfs *mk) __attribute__((warn_unused_result));
/* BASEDIR/boot/config-KVER, where it exists, against the image:
 * -ENOEXEC if the kernel could not unpack it or mount the overlay. */
int mkinitfs_check_kernel(struct mkinitfs *mk) __attribute__((warn_unused_result));
int mkinitfs_stage(struct mkinitfs *mk) __attribute__((warn_unused_result));
int mkinitfs_collect(struct mkinitfs *mk) __attribute__((warn_unused_result));
void mkinitfs_close(struct mkinitfs *mk);

/* The compressors: "gzip", "zstd", "xz", "lz4", "none". Returns 0 if
 * name is one of them, -EINVAL otherwise. */
int mkinitfs_compressor_ok(const char *name);

/* Write the cpio archive to path (through a temporary file renamed into
 * place), compressed with comp. Returns 0 or -errno. */
int mkinitfs_write_cpio(struct mkinitfs *mk, const char *path, const char *comp)
	__attribute__((warn_unused_result));

/* Write gen_init_cpio's list (file lines point into the stage). */
int mkinitfs_write_genlist(struct mkinitfs *mk, FILE *out)
	__attribute__((warn_unused_result));

/* Print "/path" of every entry, sorted, one per line. */
int mkinitfs_write_paths(struct mkinitfs *mk, FILE *out)
	__attribute__((warn_unused_result));

/* -L: every feature of featdir with its file's first comment line. */
int mkinitfs_list_features(struct mkinitfs *mk, FILE *out)
	__attribute__((warn_unused_result));

/* --list-image: the etc/ovlinit/image an image holds, as "key: value"
 * lines, then "modules: N". Returns 0, or -ENOENT for an image that is
 * not ovlinit's, -EINVAL for one that is not a (compressed) cpio or
 * whose data contradicts it. */
int mkinitfs_list_image(struct mkinitfs *mk, const char *image, FILE *out)
	__attribute__((warn_unused_result));

/* Helpers shared by the mkinitfs_*.c files. add_name packs the modules
 * a name or alias names, with their closure, and returns how many it
 * named (0: none) or -errno; add_path packs one module file of modules.dep
 * (relative to moddir) with its closure. */
int mkinitfs_add_name(struct mkinitfs *mk, const char *name)
	__attribute__((warn_unused_result));
int mkinitfs_add_path(struct mkinitfs *mk, const char *rel)
	__attribute__((warn_unused_result));
/* Call fn for every feature file of mk->featdir (FEATURE.modules with a
 * valid name), in name order, until one returns non-zero. Returns that,
 * 0, or -errno (the directory cannot be read, said in mk->err). */
int mkinitfs_each_feature(struct mkinitfs *mk,
			  int (*fn)(struct mkinitfs *mk, const char *feat, void *ctx), void *ctx)
	__attribute__((warn_unused_result));

int mkinitfs_fail(struct mkinitfs *mk, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* src to STAGE/rel with mode; a .ko.gz/.ko.xz/.ko.zst rel is stored
 * decompressed, without the suffix. */
int mkinitfs_copy(struct mkinitfs *mk, const char *src, const char *rel, mode_t mode)
	__attribute__((warn_unused_result));
/* A whole text file, NUL-terminated, in *out (freed by the caller):
 * its length, or -errno. */
long mkinitfs_slurp(const char *path, char **out) __attribute__((warn_unused_result));
/* Run argv with stdin in and stdout out (-1: inherited); spawn returns
 * the pid, wait and run 0 if it exited 0, else -errno with mk->err. */
int mkinitfs_spawn(struct mkinitfs *mk, const char *const argv[], int in, int out)
	__attribute__((warn_unused_result));
int mkinitfs_wait(struct mkinitfs *mk, int pid, const char *name)
	__attribute__((warn_unused_result));
int mkinitfs_run(struct mkinitfs *mk, const char *const argv[], int in, int out)
	__attribute__((warn_unused_result));

#endif
