/* See sys_cmdtxt.h. The order of the steps is what makes the write
 * safe (see rename(2) and fsync(2)): the data is on the disk before the
 * name points at it, and the name's new entry is on the disk before the
 * tool says it is done. vfat has no journal, so a cut in the middle of
 * the rename itself is left to fsck.vfat, as for any FAT writer.
 *
 * On vfat the directory's fsync is not enough. vfat_rename
 * (fs/fat/namei_vfat.c) moves the new inode into the old file's slot and
 * only marks that inode dirty; the slot (start cluster, size) is written
 * with the inode. fat_file_fsync (fs/fat/file.c) of the directory writes
 * the directory's own buffers (the removed temporary name) and the FAT,
 * where the old file's clusters are now free: a power cut after it left
 * cmdline.txt pointing at freed clusters, which fsck.vfat truncated to 0
 * bytes. So the renamed file itself is fsynced (its slot, the FAT, a
 * cache flush), then the directory, then the whole filesystem (syncfs:
 * what neither covers, such as FAT32's free-cluster count). */
#include "sys/sys_cmdtxt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cmdline/mntopt.h"
#include "util/io.h"

/* The new file gets the old one's mode and owner where the filesystem
 * keeps them (on vfat both come from the mount and already match). */
static int sys_cmdtxt_same_owner(int fd, const struct stat *orig)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if ((st.st_mode & 07777) != (orig->st_mode & 07777) &&
	    fchmod(fd, orig->st_mode & 07777) < 0)
		return -errno;
	if ((st.st_uid != orig->st_uid || st.st_gid != orig->st_gid) &&
	    fchown(fd, orig->st_uid, orig->st_gid) < 0)
		return -errno;
	return 0;
}

/* Create tmp in dfd holding data, on the disk. Returns its fd, kept
 * open so that the same inode is fsynced after the rename, or -errno. */
static int sys_cmdtxt_tmp(int dfd, const char *tmp, const char *data, size_t len,
			  const struct stat *orig, struct sys_cmdtxt_result *res)
{
	int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int r;

	if (fd < 0) {
		res->err.what = "creating the temporary file";
		return -errno;
	}
	res->err.what = "writing the temporary file";
	r = io_write_all(fd, data, len);
	if (r == 0 && (r = sys_cmdtxt_same_owner(fd, orig)) < 0)
		res->err.what = "giving the temporary file the original's mode and owner";
	if (r == 0 && fsync(fd) < 0) {
		r = -errno;
		res->err.what = "syncing the temporary file";
	}
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* After the rename: the file (its directory slot on vfat), the
 * directory, the filesystem; see the top of this file. */
static int sys_cmdtxt_durable(int dfd, int fd, struct sys_cmdtxt_result *res)
{
	int r = 0;

	res->err.what = "syncing the renamed file";
	if (fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0) {
		r = -errno;
		res->err.what = "closing the renamed file";
	}
	if (r == 0 && fsync(dfd) < 0) {
		r = -errno;
		res->err.what = "syncing the directory";
	}
	if (r == 0 && syncfs(dfd) < 0) {
		r = -errno;
		res->err.what = "syncing the filesystem";
	}
	return r;
}

/* Is base still old[0..old_len)? Another run (or an editor) may have
 * written it between our read and the lock. -EAGAIN if not. */
static int sys_cmdtxt_unchanged(int dfd, const char *base, const char *old, size_t old_len)
{
	char buf[4096];
	size_t n = 0;
	ssize_t r = 1;
	int fd = openat(dfd, base, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (r > 0 && n <= old_len) {
		r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			r = 1;
		else if (r > 0 && ((size_t)r > old_len - n || memcmp(buf, old + n, (size_t)r) != 0))
			n = old_len + 1;
		else if (r > 0)
			n += (size_t)r;
	}
	r = r < 0 ? -errno : n == old_len ? 0 : -EAGAIN;
	close(fd);
	return (int)r;
}

static int sys_cmdtxt_swap(int dfd, const char *tmp, const char *base,
			   const struct sys_cmdtxt_data *d, const struct stat *orig,
			   struct sys_cmdtxt_result *res)
{
	int fd, r;

	res->err.what = "checking that the file did not change since it was read";
	if (d->old && (r = sys_cmdtxt_unchanged(dfd, base, d->old, d->old_len)) < 0)
		return r;
	if (unlinkat(dfd, tmp, 0) == 0)
		res->stale_removed = 1;
	else if (errno != ENOENT) {
		res->err.what = "removing a temporary file left by an earlier run";
		return -errno;
	}
	fd = sys_cmdtxt_tmp(dfd, tmp, d->new, d->new_len, orig, res);
	if (fd < 0) {
		unlinkat(dfd, tmp, 0);
		return fd;
	}
	if (renameat(dfd, tmp, dfd, base) < 0) {
		r = -errno;
		res->err.what = "renaming the temporary file over the original";
		close(fd);
		unlinkat(dfd, tmp, 0);
		return r;
	}
	res->renamed = 1;
	return sys_cmdtxt_durable(dfd, fd, res);
}

int sys_cmdtxt_replace(const char *dir, const char *base, const struct sys_cmdtxt_data *d,
		       const struct stat *orig, struct sys_cmdtxt_result *res)
{
	char tmp[PATH_MAX_OVL];
	int dfd, r;

	res->stale_removed = 0;
	res->renamed = 0;
	res->err.what = "naming the temporary file";
	if (snprintf(tmp, sizeof(tmp), ".%s%s", base, SYS_CMDTXT_TMP_SUFFIX) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	res->err.what = "opening the directory";
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	res->err.what = "locking the directory against another run";
	if (flock(dfd, LOCK_EX) < 0)
		r = -errno;
	else
		r = sys_cmdtxt_swap(dfd, tmp, base, d, orig, res);
	close(dfd);
	return r;
}

int sys_cmdtxt_remount(const struct mountinfo_ent *m, int rw)
{
	unsigned long flags = 0;
	char data[OPT_VALUE_MAX];

	/* A remount sets every per-mount flag (nosuid, noatime...) to what
	 * it is given: pass the current ones so only ro/rw changes. */
	if (mntopt_split(m->mnt_opts, &flags, data, sizeof(data)) < 0)
		return -ENAMETOOLONG;
	flags &= ~(unsigned long)MS_RDONLY;
	flags |= MS_REMOUNT;
	if (!rw) {
		flags |= MS_RDONLY;
		if (!mountinfo_has_opt(m->super_opts, "ro"))
			flags |= MS_BIND;   /* only the mount was read-only */
	}
	if (mount(NULL, m->point, NULL, flags, NULL) < 0)
		return -errno;
	return 0;
}
