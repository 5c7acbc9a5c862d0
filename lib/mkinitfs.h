/* ovlinit-mkinitfs: the steps that turn a kernel's module tree into an
 * initramfs. Each returns 0 or -errno; on an error mk->err says what
 * failed in words (the tool prints it). The order:
 *
 *   mkinitfs_open       the kernel's module tree through libkmod
 *   mkinitfs_resolve    features and -m names -> the module closure
 *   mkinitfs_stage      the image tree in a directory, depmod run on it
 *   mkinitfs_collect    that tree (and the device nodes) -> sorted entries
 *   mkinitfs_write_*    the cpio, the gen_init_cpio list, or the -l list
 */
#ifndef OVLINIT_MKINITFS_H
#define OVLINIT_MKINITFS_H

#include "limits.h"
#include <stdio.h>

#include "cpio.h"
#include "strset.h"

struct kmod_ctx;

struct mkinitfs {
	/* inputs */
	const char *basedir;      /* holds lib/modules/KVER ("/") */
	const char *kver;
	const char *featdir;      /* the <feature>.modules files */
	const char *features;     /* space-separated feature names */
	const char *extra;        /* -m: space-separated names or globs */
	const char *init;         /* the ovlinit init binary */
	int rescue;               /* pack BASEDIR's static busybox */
	const char *stage;        /* image tree, an existing empty directory */
	unsigned long mtime;      /* of every entry (SOURCE_DATE_EPOCH or 0) */
	/* state */
	char moddir[MKINITFS_PATH_MAX];    /* BASEDIR/lib/modules/KVER */
	struct kmod_ctx *ctx;
	struct strset all;        /* every module path of modules.dep */
	struct strset mods;       /* the closure: paths relative to moddir */
	struct strset featlines;  /* "FEATURE MODULE" of every feature file */
	struct cpio_list list;
	char err[MKINITFS_PATH_MAX + 256];
};

int mkinitfs_open(struct mkinitfs *mk) __attribute__((warn_unused_result));
int mkinitfs_resolve(struct mkinitfs *mk) __attribute__((warn_unused_result));
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

/* Helpers shared by the mkinitfs_*.c files. add_name packs the modules
 * a name or alias names, with their closure, and returns how many it
 * named (0: none) or -errno; add_path packs one module file of modules.dep
 * (relative to moddir) with its closure. */
int mkinitfs_add_name(struct mkinitfs *mk, const char *name)
	__attribute__((warn_unused_result));
int mkinitfs_add_path(struct mkinitfs *mk, const char *rel)
	__attribute__((warn_unused_result));
int mkinitfs_fail(struct mkinitfs *mk, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Run argv with stdin in and stdout out (-1: inherited); spawn returns
 * the pid, wait and run 0 if it exited 0, else -errno with mk->err. */
int mkinitfs_spawn(struct mkinitfs *mk, const char *const argv[], int in, int out)
	__attribute__((warn_unused_result));
int mkinitfs_wait(struct mkinitfs *mk, int pid, const char *name)
	__attribute__((warn_unused_result));
int mkinitfs_run(struct mkinitfs *mk, const char *const argv[], int in, int out)
	__attribute__((warn_unused_result));

#endif
