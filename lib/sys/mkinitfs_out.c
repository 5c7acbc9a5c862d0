/* See mkinitfs.h: the output. Entries come from the stage (sorted by
 * path, owner 0, one mtime), plus /dev/console and /dev/null, which
 * only root could create on disk; the kernel needs /dev/console to give
 * init its stdin/stdout before devtmpfs is mounted. */
#include "sys/mkinitfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MKINITFS_PATH (PATH_MAX_LINUX * 2)

static int mkinitfs_walk(struct mkinitfs *mk, const char *rel);

static int mkinitfs_entry(struct mkinitfs *mk, const char *rel, const char *abs)
{
	struct stat st;
	char target[PATH_MAX_LINUX];
	ssize_t n;

	if (lstat(abs, &st) < 0)
		return mkinitfs_fail(mk, -errno, "%s: %s", abs, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		int r = cpio_list_add(&mk->list, rel, NULL, S_IFDIR | 0755, 0);
		return r < 0 ? r : mkinitfs_walk(mk, rel);
	}
	if (S_ISLNK(st.st_mode)) {
		if ((n = readlink(abs, target, sizeof(target) - 1)) < 0)
			return mkinitfs_fail(mk, -errno, "%s: %s", abs, strerror(errno));
		target[n] = '\0';
		return cpio_list_add(&mk->list, rel, target, S_IFLNK | 0777, 0);
	}
	if (!S_ISREG(st.st_mode))
		return mkinitfs_fail(mk, -EINVAL, "%s: not a file, directory or symlink", abs);
	return cpio_list_add(&mk->list, rel, abs,
			     S_IFREG | ((st.st_mode & 0111) ? 0755 : 0644),
			     (unsigned long long)st.st_size);
}

/* Add the stage's directory rel ("" for the top) and all below it. */
static int mkinitfs_walk(struct mkinitfs *mk, const char *rel)
{
	char dir[MKINITFS_PATH], abs[MKINITFS_PATH], sub[MKINITFS_PATH];
	DIR *d;
	struct dirent *e;
	int r = 0;

	snprintf(dir, sizeof(dir), "%s%s%s", mk->stage, rel[0] ? "/" : "", rel);
	if ((d = opendir(dir)) == NULL)
		return mkinitfs_fail(mk, -errno, "%s: %s", dir, strerror(errno));
	while (r == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name)
		    >= (int)sizeof(sub) ||
		    snprintf(abs, sizeof(abs), "%s/%s", dir, e->d_name) >= (int)sizeof(abs))
			r = mkinitfs_fail(mk, -ENAMETOOLONG, "%s/%s: name too long", dir, e->d_name);
		else
			r = mkinitfs_entry(mk, sub, abs);
	}
	closedir(d);
	return r;
}

static int mkinitfs_node(struct mkinitfs *mk, const char *path, unsigned mode,
			 unsigned maj, unsigned min)
{
	int r = cpio_list_add(&mk->list, path, NULL, mode, 0);

	if (r == 0) {
		mk->list.v[mk->list.n - 1].rmajor = maj;
		mk->list.v[mk->list.n - 1].rminor = min;
	}
	return r;
}

int mkinitfs_collect(struct mkinitfs *mk)
{
	int r = mkinitfs_walk(mk, "");

	if (r == 0)
		r = mkinitfs_node(mk, "dev", S_IFDIR | 0755, 0, 0);
	if (r == 0)   /* devices.txt: 5,1 console; 1,3 null */
		r = mkinitfs_node(mk, "dev/console", S_IFCHR | 0600, 5, 1);
	if (r == 0)
		r = mkinitfs_node(mk, "dev/null", S_IFCHR | 0666, 1, 3);
	if (r == 0)
		r = cpio_list_sort(&mk->list);
	if (r < 0 && mk->err[0] == '\0')
		mkinitfs_fail(mk, r, "listing %s: %s", mk->stage, strerror(-r));
	return r;
}

int mkinitfs_write_paths(struct mkinitfs *mk, FILE *out)
{
	for (size_t i = 0; i < mk->list.n; i++)
		fprintf(out, "/%s\n", mk->list.v[i].path);
	return fflush(out) == 0 ? 0 : mkinitfs_fail(mk, -EIO, "write error");
}

int mkinitfs_write_genlist(struct mkinitfs *mk, FILE *out)
{
	char line[MKINITFS_PATH * 2];

	fprintf(out, "# ovlinit initramfs for %s: usr/gen_init_cpio list\n", mk->kver);
	for (size_t i = 0; i < mk->list.n; i++) {
		if (cpio_genlist_line(line, sizeof(line), &mk->list.v[i]) == 0)
			return mkinitfs_fail(mk, -EINVAL, "/%s: cannot be written in "
					     "gen_init_cpio's format", mk->list.v[i].path);
		fputs(line, out);
	}
	return fflush(out) == 0 ? 0 : mkinitfs_fail(mk, -EIO, "write error");
}
