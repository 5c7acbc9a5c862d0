/* overlaykeep=: the first copy of a kept path, from the lower layer to
 * the store (STEP_SEED, see sys_seed() in sys.h). Directories, regular
 * files, symlinks, FIFOs and device nodes are copied with their owner,
 * mode, extended attributes (security.* and trusted.* too: ovlinit runs
 * as root; not a symlink's) and times; hard links become copies. The walk is by fds,
 * never follows a symlink, and stops at SEED_DEPTH_MAX levels. */
#include "sys/sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define SEED_XATTR_LIST_MAX 4096
#define SEED_XATTR_VALUE_MAX 65536   /* XATTR_SIZE_MAX */
#define SEED_SUFFIX ".ovlinit-seed"

static int sys_seed_tree(int sdir, int ddir, const char *name, const struct stat *st, int depth);

/* Every extended attribute of the fd sfd onto dfd (a symlink's are not
 * copied: there is no fd of one to set them through). */
static void sys_seed_xattrs(int sfd, int dfd)
{
	static char list[SEED_XATTR_LIST_MAX], value[SEED_XATTR_VALUE_MAX];
	ssize_t n = flistxattr(sfd, list, sizeof(list));

	for (ssize_t i = 0; i < n; i += (ssize_t)strlen(list + i) + 1) {
		ssize_t v = fgetxattr(sfd, list + i, value, sizeof(value));
		if (v >= 0)
			(void)fsetxattr(dfd, list + i, value, (size_t)v, 0);
	}
}

/* Owner, mode, xattrs and times of the copy (the fd dfd of sfd's, or
 * with dfd -1 name under ddir: a symlink or a node). The xattrs come
 * after the chown, which clears security.capability. */
static int sys_seed_attrs(int ddir, const char *name, int sfd, int dfd, const struct stat *st)
{
	struct timespec t[2] = { st->st_atim, st->st_mtim };

	if (dfd >= 0) {
		if (fchown(dfd, st->st_uid, st->st_gid) < 0 || fchmod(dfd, st->st_mode & 07777) < 0)
			return -errno;
		sys_seed_xattrs(sfd, dfd);
		return futimens(dfd, t) < 0 ? -errno : 0;
	}
	if (fchownat(ddir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISLNK(st->st_mode) && fchmodat(ddir, name, st->st_mode & 07777, 0) < 0)
		return -errno;
	return utimensat(ddir, name, t, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

static int sys_seed_file(int sdir, int ddir, const char *name, const struct stat *st)
{
	static char buf[65536];
	int s = openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY), d, r = 0;
	ssize_t n;

	if (s < 0)
		return -errno;
	d = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (d < 0) {
		r = -errno;
		close(s);
		return r;
	}
	while (r == 0 && (n = read(s, buf, sizeof(buf))) != 0) {
		if (n < 0 || write(d, buf, (size_t)n) != n)
			r = -(errno ? errno : EIO);
	}
	if (r == 0)
		r = sys_seed_attrs(ddir, name, s, d, st);
	if (r == 0 && fsync(d) < 0)
		r = -errno;
	close(s);
	close(d);
	return r;
}

static int sys_seed_link(int sdir, int ddir, const char *name, const struct stat *st)
{
	char target[4096];
	ssize_t n = readlinkat(sdir, name, target, sizeof(target) - 1);

	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (symlinkat(target, ddir, name) < 0)
		return -errno;
	return sys_seed_attrs(ddir, name, -1, -1, st);
}

/* Every entry of the directory sfd into dfd. */
static int sys_seed_entries(int sfd, int dfd, int depth)
{
	DIR *dir = fdopendir(dup(sfd));
	struct dirent *e;
	struct stat st;
	int r = 0;

	if (dir == NULL)
		return -errno;
	while (r == 0 && (e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(sfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			r = -errno;
		else
			r = sys_seed_tree(sfd, dfd, e->d_name, &st, depth + 1);
	}
	closedir(dir);
	return r;
}

static int sys_seed_dir(int sdir, int ddir, const char *name, const char *dname,
			const struct stat *st, int depth)
{
	int s, d, r;

	if (depth > SEED_DEPTH_MAX)
		return -ELOOP;
	if (mkdirat(ddir, dname, 0700) < 0)
		return -errno;
	s = openat(sdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s < 0)
		return -errno;
	d = openat(ddir, dname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (d < 0) {
		r = -errno;
		close(s);
		return r;
	}
	r = sys_seed_entries(s, d, depth);
	if (r == 0)
		r = sys_seed_attrs(ddir, dname, s, d, st);
	close(s);
	close(d);
	return r;
}

static int sys_seed_tree(int sdir, int ddir, const char *name, const struct stat *st, int depth)
{
	if (S_ISDIR(st->st_mode))
		return sys_seed_dir(sdir, ddir, name, name, st, depth);
	if (S_ISREG(st->st_mode))
		return sys_seed_file(sdir, ddir, name, st);
	if (S_ISLNK(st->st_mode))
		return sys_seed_link(sdir, ddir, name, st);
	if (mknodat(ddir, name, st->st_mode, st->st_rdev) < 0)
		return -errno;
	return sys_seed_attrs(ddir, name, -1, -1, st);
}

int sys_remove_tree(int dir, const char *name, int depth)
{
	int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), r = 0;
	DIR *d = NULL;
	struct dirent *e;

	if (fd < 0 && errno != ENOTDIR && errno != ELOOP)
		return errno == ENOENT ? 0 : -errno;
	if (fd >= 0 && depth >= REMOVE_DEPTH_MAX) {
		close(fd);
		return -ELOOP;
	}
	if (fd >= 0 && (d = fdopendir(fd)) == NULL) {
		r = -errno;
		close(fd);
		return r;
	}
	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			int q = sys_remove_tree(fd, e->d_name, depth + 1);
			r = r ? r : q;
		}
	if (d)
		closedir(d);
	if (unlinkat(dir, name, d ? AT_REMOVEDIR : 0) < 0 && r == 0)
		r = -errno;
	return r;
}

int sys_walk_dir(const char *path, int make)
{
	char comp[PATH_MAX_OVL];
	int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC), next;

	if (fd < 0)
		return -errno;
	for (const char *p = path; fd >= 0 && *p; ) {
		size_t n;

		p += strspn(p, "/");
		n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n >= sizeof(comp)) {
			close(fd);
			return -ENAMETOOLONG;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		if (make && mkdirat(fd, comp, 0755) < 0 && errno != EEXIST) {
			next = -errno;
			close(fd);
			return next;
		}
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			next = errno == ELOOP ? -ENOTDIR : -errno;
		close(fd);
		fd = next;
	}
	return fd;
}

int sys_seed(const char *src, const char *dst)
{
	char path[PATH_MAX_OVL], tmp[PATH_MAX_OVL];
	const char *base;
	struct stat st;
	int sfd, parent, r;

	base = strrchr(dst, '/') + 1;
	if (snprintf(path, sizeof(path), "%.*s", (int)(base - dst), dst) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s" SEED_SUFFIX, base) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	sfd = sys_walk_dir(src, 0);          /* a directory, no symlink on the way */
	if (sfd < 0)
		return sfd;
	parent = sys_walk_dir(path, 1);      /* keep/ and the parents on the store */
	if (parent < 0) {
		close(sfd);
		return parent;
	}
	r = 0;
	if (fstatat(parent, base, &st, AT_SYMLINK_NOFOLLOW) == 0)
		r = S_ISDIR(st.st_mode) ? 1 : -ENOTDIR;    /* seeded by an earlier boot */
	else if (errno != ENOENT)
		r = -errno;
	if (r == 0) {
		(void)sys_remove_tree(parent, tmp, 0);     /* a copy cut by an earlier boot */
		r = fstat(sfd, &st) < 0 ? -errno : sys_seed_dir(sfd, parent, ".", tmp, &st, 0);
		if (r == 0 && renameat(parent, tmp, parent, base) < 0)
			r = -errno;
		if (r == 0 && fsync(parent) < 0)
			r = -errno;
	}
	close(sfd);
	close(parent);
	return r < 0 ? r : 0;
}
