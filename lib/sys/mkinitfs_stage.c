/* See mkinitfs.h: the image tree. Everything the image holds is staged
 * in one directory first, so depmod can index exactly the packed
 * modules and so gen_init_cpio's list can point at real files. No step
 * needs root: device nodes never touch the disk (mkinitfs_collect adds
 * them to the archive only). */
#include "sys/mkinitfs.h"

#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "modules/feature.h"
#include "sys/sys.h"

#define MKINITFS_STAGE_PATH (PATH_MAX_LINUX * 2)

int mkinitfs_spawn(struct mkinitfs *mk, const char *const argv[], int in, int out)
{
	pid_t pid = fork();

	if (pid < 0)
		return mkinitfs_fail(mk, -errno, "fork: %s", strerror(errno));
	if (pid == 0) {
		if ((in >= 0 && dup2(in, 0) < 0) || (out >= 0 && dup2(out, 1) < 0))
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

int mkinitfs_wait(struct mkinitfs *mk, int pid, const char *name)
{
	int status;

	if (waitpid(pid, &status, 0) < 0)
		return mkinitfs_fail(mk, -errno, "waiting for %s: %s", name, strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return mkinitfs_fail(mk, -EIO, "%s failed (%s %d)%s", name,
				     WIFEXITED(status) ? "exit status" : "signal",
				     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				     WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
				     ": not installed?" : "");
	return 0;
}

int mkinitfs_run(struct mkinitfs *mk, const char *const argv[], int in, int out)
{
	int pid = mkinitfs_spawn(mk, argv, in, out);

	return pid < 0 ? pid : mkinitfs_wait(mk, pid, argv[0]);
}

/* mkdir -p of the directory part of path. */
static int mkinitfs_parents(struct mkinitfs *mk, const char *path)
{
	char dir[MKINITFS_STAGE_PATH];
	char *slash;
	int r;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return mkinitfs_fail(mk, -ENAMETOOLONG, "%s: path too long", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	r = sys_mkdir_p(dir);
	return r < 0 ? mkinitfs_fail(mk, r, "mkdir -p %s: %s", dir, strerror(-r)) : 0;
}

/* Copy src to STAGE/rel (mode), or decompress it with the tool its
 * suffix names: the image stores modules uncompressed, since init's
 * libkmod is built without decompressors and the cpio is compressed
 * as a whole anyway. */
int mkinitfs_copy(struct mkinitfs *mk, const char *src, const char *rel, mode_t mode)
{
	static const char *const unz[][2] = {
		{ ".gz", "gzip" }, { ".xz", "xz" }, { ".zst", "zstd" },
	};
	char dst[MKINITFS_STAGE_PATH];
	const char *argv[] = { "cat", NULL, NULL, NULL };
	size_t n = strlen(rel);
	int in, out, r;

	snprintf(dst, sizeof(dst), "%s/%s", mk->stage, rel);
	for (size_t i = 0; i < sizeof(unz) / sizeof(unz[0]); i++) {
		size_t s = strlen(unz[i][0]);
		if (n > s + 3 && strcmp(rel + n - s, unz[i][0]) == 0 &&
		    strncmp(rel + n - s - 3, ".ko", 3) == 0) {
			dst[strlen(dst) - s] = '\0';
			argv[0] = unz[i][1];
			argv[1] = "-dc";
		}
	}
	if ((r = mkinitfs_parents(mk, dst)) < 0)
		return r;
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return mkinitfs_fail(mk, -errno, "cannot read %s: %s", src, strerror(errno));
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		r = mkinitfs_fail(mk, -errno, "cannot create %s: %s", dst, strerror(errno));
		close(in);
		return r;
	}
	r = mkinitfs_run(mk, argv, in, out);
	close(in);
	if (fchmod(out, mode) < 0 && r == 0)
		r = mkinitfs_fail(mk, -errno, "chmod %s: %s", dst, strerror(errno));
	close(out);
	return r;
}

/* depmod's inputs besides the modules: modules.builtin gives
 * modules.builtin.bin, which libkmod needs to open its indexes;
 * modules.builtin.modinfo gives the builtin aliases. */
static const char *const mkinitfs_depmod_inputs[] = {
	"modules.order", "modules.builtin", "modules.builtin.modinfo",
};

/* What init's libkmod reads: kmod_load_resources needs every .bin but
 * builtin.alias (which it reads when present); softdeps come from
 * modules.softdep. */
static const char *const mkinitfs_keep[] = {
	"modules.dep.bin", "modules.alias.bin", "modules.softdep",
	"modules.symbols.bin", "modules.builtin.bin", "modules.builtin.alias.bin",
};
/* The text indexes are for busybox's modprobe and for people: packed
 * only with the rescue shell (init never reads them). */
static const char *const mkinitfs_keep_rescue[] = { "modules.dep", "modules.alias" };

static int mkinitfs_keep_index(const struct mkinitfs *mk, const char *name)
{
	if (strncmp(name, "modules.", 8) != 0)
		return 1;
	for (size_t i = 0; i < sizeof(mkinitfs_keep) / sizeof(mkinitfs_keep[0]); i++)
		if (strcmp(name, mkinitfs_keep[i]) == 0)
			return 1;
	for (size_t i = 0; mk->rescue && i < 2; i++)
		if (strcmp(name, mkinitfs_keep_rescue[i]) == 0)
			return 1;
	return 0;
}

static int mkinitfs_modules(struct mkinitfs *mk)
{
	char src[MKINITFS_STAGE_PATH], rel[MKINITFS_STAGE_PATH];
	int r = 0;

	for (size_t i = 0; r == 0 && i < mk->mods.n; i++) {
		snprintf(src, sizeof(src), "%s/%s", mk->moddir, mk->mods.v[i]);
		snprintf(rel, sizeof(rel), "lib/modules/%s/%s", mk->kver, mk->mods.v[i]);
		r = mkinitfs_copy(mk, src, rel, 0644);
	}
	for (size_t i = 0; r == 0 && i < 3; i++) {
		snprintf(src, sizeof(src), "%s/%s", mk->moddir, mkinitfs_depmod_inputs[i]);
		snprintf(rel, sizeof(rel), "lib/modules/%s/%s", mk->kver, mkinitfs_depmod_inputs[i]);
		if (access(src, R_OK) == 0)
			r = mkinitfs_copy(mk, src, rel, 0644);
	}
	return r;
}

/* "alias PATTERN MODULE" lines of depmod's modules.alias whose pattern
 * is a CPU's (cpu:type:...) become "MODULE PATTERN" lines of
 * etc/ovlinit/cpu-aliases: init skips a module made for CPU features the
 * CPU lacks without opening it (lib/modules/modname.h, modname_cpu_unfit). */
static int mkinitfs_cpu_aliases(struct mkinitfs *mk)
{
	char src[MKINITFS_STAGE_PATH], dst[MKINITFS_STAGE_PATH], line[1024];
	FILE *in, *out;
	int r;

	snprintf(src, sizeof(src), "%s/lib/modules/%s/modules.alias", mk->stage, mk->kver);
	snprintf(dst, sizeof(dst), "%s/etc/ovlinit/cpu-aliases", mk->stage);
	if ((r = mkinitfs_parents(mk, dst)) < 0)
		return r;
	if ((in = fopen(src, "re")) == NULL)
		return mkinitfs_fail(mk, -errno, "cannot read %s: %s", src, strerror(errno));
	if ((out = fopen(dst, "we")) == NULL) {
		fclose(in);
		return mkinitfs_fail(mk, -errno, "cannot create %s: %s", dst, strerror(errno));
	}
	while (fgets(line, sizeof(line), in)) {
		char *pat = line + 6, *mod = strchr(pat, ' ');

		if (strncmp(line, "alias cpu:", 10) != 0 || mod == NULL)
			continue;
		*mod++ = '\0';
		mod[strcspn(mod, " \n")] = '\0';
		fprintf(out, "%s %s\n", mod, pat);
	}
	fclose(in);
	if (fclose(out) != 0)
		return mkinitfs_fail(mk, -EIO, "cannot write %s", dst);
	return 0;
}

/* Regenerate the indexes for the packed subset. -C /dev/null: the
 * host's /etc/depmod.d must not change the image. */
static int mkinitfs_depmod(struct mkinitfs *mk)
{
	const char *argv[] = { "depmod", "-C", "/dev/null", "-b", mk->stage, mk->kver, NULL };
	char dir[MKINITFS_STAGE_PATH], path[MKINITFS_STAGE_PATH + 260];
	int r = mkinitfs_run(mk, argv, -1, -1);
	DIR *d;
	struct dirent *e;

	if (r == 0)
		r = mkinitfs_cpu_aliases(mk);
	if (r < 0)
		return r;
	snprintf(dir, sizeof(dir), "%s/lib/modules/%s", mk->stage, mk->kver);
	if ((d = opendir(dir)) == NULL)
		return mkinitfs_fail(mk, -errno, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!mkinitfs_keep_index(mk, e->d_name) && unlink(path) < 0 && r == 0)
			r = mkinitfs_fail(mk, -errno, "rm %s: %s", path, strerror(errno));
	}
	closedir(d);
	return r;
}

/* The .conf files of BASEDIR's lib/ and etc/modprobe.d, lib/ first so
 * etc/ wins a name clash, as in modprobe.d(5). */
static int mkinitfs_confs(struct mkinitfs *mk)
{
	static const char *const dirs[] = { "lib/modprobe.d", "etc/modprobe.d" };
	char dir[PATH_MAX_LINUX + 32], src[MKINITFS_STAGE_PATH], rel[MKINITFS_STAGE_PATH];
	int r = 0;

	for (size_t i = 0; r == 0 && i < 2; i++) {
		DIR *d;
		struct dirent *e;
		snprintf(dir, sizeof(dir), "%s/%s", mk->basedir, dirs[i]);
		if ((d = opendir(dir)) == NULL)
			continue;
		while (r == 0 && (e = readdir(d)) != NULL) {
			size_t n = strlen(e->d_name);
			if (n <= 5 || strcmp(e->d_name + n - 5, ".conf") != 0)
				continue;
			snprintf(src, sizeof(src), "%s/%s", dir, e->d_name);
			snprintf(rel, sizeof(rel), "etc/modprobe.d/%s", e->d_name);
			r = mkinitfs_copy(mk, src, rel, 0644);
		}
		closedir(d);
	}
	return r;
}

static int mkinitfs_features_file(struct mkinitfs *mk)
{
	char path[MKINITFS_STAGE_PATH];
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/etc/ovlinit/features", mk->stage);
	if ((r = mkinitfs_parents(mk, path)) < 0)
		return r;
	if ((f = fopen(path, "we")) == NULL)
		return mkinitfs_fail(mk, -errno, "cannot create %s: %s", path, strerror(errno));
	for (size_t i = 0; i < mk->featlines.n; i++)
		fprintf(f, "%s\n", mk->featlines.v[i]);
	if (fclose(f) != 0)
		return mkinitfs_fail(mk, -EIO, "cannot write %s", path);
	return 0;
}

/* "KEY=WORD WORD..." with the words of list one space apart. */
static void mkinitfs_words(FILE *f, const char *key, const char *list)
{
	const char *sep = "";

	fprintf(f, "%s=", key);
	for (const char *p = list ? list : ""; *p; ) {
		size_t n;
		p += strspn(p, " \t\n");
		if ((n = strcspn(p, " \t\n")) == 0)
			break;
		fprintf(f, "%s%.*s", sep, (int)n, p);
		sep = " ";
		p += n;
	}
	fputc('\n', f);
}

/* etc/ovlinit/image: what the image holds, for ovlinit-mkinitfs
 * --list-image (its KEY=VALUE lines are listed in mkinitfs.h). */
static int mkinitfs_image_file(struct mkinitfs *mk)
{
	char path[MKINITFS_STAGE_PATH];
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/%s", mk->stage, MKINITFS_IMAGE_FILE);
	if ((r = mkinitfs_parents(mk, path)) < 0)
		return r;
	if ((f = fopen(path, "we")) == NULL)
		return mkinitfs_fail(mk, -errno, "cannot create %s: %s", path, strerror(errno));
	fprintf(f, "builder=ovlinit-mkinitfs %s\nkernel=%s\n", OVLINIT_VERSION, mk->kver);
	mkinitfs_words(f, "features", mk->features);
	mkinitfs_words(f, "extra", mk->extra);
	fprintf(f, "compression=%s\ninit=%s %llu\n", mk->comp, mk->init_machine, mk->init_size);
	for (size_t i = 0; i < mk->mods.n; i++) {
		const char *m = mk->mods.v[i], *ko = strstr(m, ".ko");
		fprintf(f, "module=%.*s\n", ko ? (int)(ko - m) + 3 : (int)strlen(m), m);
	}
	if (fclose(f) != 0)
		return mkinitfs_fail(mk, -EIO, "cannot write %s", path);
	return 0;
}

/* BASEDIR's busybox, which must be static (Debian's busybox-static):
 * the image has no shared libraries. /bin/sh links to it. */
static int mkinitfs_busybox(struct mkinitfs *mk)
{
	static const char *const where[] = { "bin/busybox", "usr/bin/busybox" };
	char src[PATH_MAX_LINUX + 32];

	char sh[MKINITFS_STAGE_PATH];
	int r;

	for (size_t i = 0; i < 2; i++) {
		snprintf(src, sizeof(src), "%s/%s", mk->basedir, where[i]);
		if (access(src, R_OK) != 0)
			continue;
		if ((r = mkinitfs_copy(mk, src, "bin/busybox", 0755)) < 0)
			return r;
		/* init's failure policy runs /bin/sh (lib/sys/sys_rescue.c). */
		snprintf(sh, sizeof(sh), "%s/bin/sh", mk->stage);
		if (symlink("busybox", sh) < 0)
			return mkinitfs_fail(mk, -errno, "symlink %s: %s", sh, strerror(errno));
		return 0;
	}
	return mkinitfs_fail(mk, -ENOENT, "--rescue-shell: no %s/bin/busybox "
			     "(install busybox-static there)", mk->basedir);
}

int mkinitfs_stage(struct mkinitfs *mk)
{
	char link[MKINITFS_STAGE_PATH];
	int r = mkinitfs_modules(mk);

	if (r == 0)
		r = mkinitfs_depmod(mk);
	if (r == 0)
		r = mkinitfs_confs(mk);
	if (r == 0)
		r = mkinitfs_features_file(mk);
	if (r == 0)
		r = mkinitfs_image_file(mk);
	if (r == 0)
		r = mkinitfs_copy(mk, mk->initpath, "init", 0755);
	if (r == 0 && mk->rescue)
		r = mkinitfs_busybox(mk);
	if (r < 0)
		return r;
	/* The kernel's request_module() runs /sbin/modprobe: init serves it. */
	snprintf(link, sizeof(link), "%s/sbin/modprobe", mk->stage);
	if ((r = mkinitfs_parents(mk, link)) < 0)
		return r;
	if (symlink("/init", link) < 0)
		return mkinitfs_fail(mk, -errno, "symlink %s: %s", link, strerror(errno));
	return 0;
}
