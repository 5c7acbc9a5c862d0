/* See mkinitfs.h: the compressed cpio. The archive streams through the
 * compressor into a temporary file renamed over the output, so a failed
 * build never leaves a truncated image where the boot loader looks.
 * Compressor flags are fixed for reproducible bytes: no file name or
 * time in gzip's header (-n), one thread (-T1), and the formats the
 * kernel unpacks (lib/decompress_*.c): xz with CRC32 checks, lz4's
 * legacy frame. zstd -12: on the default image (9.1 MiB of cpio) it
 * writes 2.07 MB in 0.43 s where -19 writes 1.86 MB in 3.9 s; -13 to -15
 * are slower for the same size, -9 is 1% larger in half the time, and
 * its 4 MiB window is half -19's, which the kernel allocates to unpack
 * (bench/RESULTS.md, "The builder"). -T0 and --long=24 give the same
 * bytes or within 0.1% for no gain on an image this size. */
#include "sys/mkinitfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/io.h"

static const char *const mkinitfs_comps[][7] = {
	{ "gzip", "-9", "-n", "-c", NULL },
	{ "zstd", "-12", "-q", "-T1", "-c", NULL },
	{ "xz", "-9", "--check=crc32", "-T1", "-c", NULL },
	{ "lz4", "-l", "-9", "-q", "-c", NULL },
};

int mkinitfs_compressor_ok(const char *name)
{
	if (strcmp(name, "none") == 0)
		return 0;
	for (size_t i = 0; i < sizeof(mkinitfs_comps) / sizeof(mkinitfs_comps[0]); i++)
		if (strcmp(name, mkinitfs_comps[i][0]) == 0)
			return 0;
	return -EINVAL;
}

static int mkinitfs_put_all(struct mkinitfs *mk, int fd, const void *buf, size_t n)
{
	int r = io_write_all(fd, buf, n);

	if (r < 0)
		return mkinitfs_fail(mk, r, "writing the archive: %s", strerror(-r));
	return 0;
}

/* The data of one entry: exactly e->size bytes of its file. */
static int mkinitfs_put_data(struct mkinitfs *mk, int fd, const struct cpio_entry *e)
{
	char buf[1 << 16];
	unsigned long long left = e->size;
	int in = open(e->src, O_RDONLY | O_CLOEXEC), r = 0;

	if (in < 0)
		return mkinitfs_fail(mk, -errno, "%s: %s", e->src, strerror(errno));
	while (r == 0 && left > 0) {
		ssize_t n = read(in, buf, left < sizeof(buf) ? left : sizeof(buf));
		if (n <= 0)
			r = mkinitfs_fail(mk, -EIO, "%s changed while it was packed", e->src);
		else
			r = mkinitfs_put_all(mk, fd, buf, (size_t)n);
		left -= n > 0 ? (unsigned long long)n : 0;
	}
	close(in);
	return r;
}

static int mkinitfs_archive(struct mkinitfs *mk, int fd)
{
	static const char zeros[4];
	char hdr[CPIO_NEWC_HDR + CPIO_NAME_MAX + 4];
	int r = 0;

	for (size_t i = 0; r == 0 && i < mk->list.n; i++) {
		const struct cpio_entry *e = &mk->list.v[i];
		size_t n = cpio_header(hdr, sizeof(hdr), e, (unsigned)i + 1, mk->mtime);
		if (n == 0)
			return mkinitfs_fail(mk, -EFBIG, "/%s does not fit in a cpio entry", e->path);
		r = mkinitfs_put_all(mk, fd, hdr, n);
		if (r == 0 && S_ISLNK(e->mode))
			r = mkinitfs_put_all(mk, fd, e->src, strlen(e->src));
		else if (r == 0 && S_ISREG(e->mode))
			r = mkinitfs_put_data(mk, fd, e);
		if (r == 0)
			r = mkinitfs_put_all(mk, fd, zeros, cpio_pad(S_ISLNK(e->mode) ?
					     strlen(e->src) : S_ISREG(e->mode) ? e->size : 0));
	}
	if (r == 0)
		r = mkinitfs_put_all(mk, fd, hdr, cpio_trailer(hdr, sizeof(hdr)));
	return r;
}

/* The archive through comp into out. */
static int mkinitfs_compress(struct mkinitfs *mk, int out, const char *comp)
{
	int p[2], pid, r;
	size_t i = 0;

	if (strcmp(comp, "none") == 0)
		return mkinitfs_archive(mk, out);
	while (strcmp(mkinitfs_comps[i][0], comp) != 0)
		i++;
	if (pipe2(p, O_CLOEXEC) < 0)
		return mkinitfs_fail(mk, -errno, "pipe: %s", strerror(errno));
	pid = mkinitfs_spawn(mk, mkinitfs_comps[i], p[0], out);
	close(p[0]);
	if (pid < 0) {
		close(p[1]);
		return pid;
	}
	r = mkinitfs_archive(mk, p[1]);
	close(p[1]);
	int w = mkinitfs_wait(mk, pid, comp);
	return r < 0 ? r : w;
}

/* The rename reaches the disk with its directory (a power cut after a
 * kernel upgrade must find the old image or the new one). */
static int mkinitfs_sync_dir(struct mkinitfs *mk, const char *path)
{
	char dir[PATH_MAX_LINUX];
	const char *slash = strrchr(path, '/');
	int fd, r = 0;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || fsync(fd) < 0)
		r = mkinitfs_fail(mk, -errno, "syncing %s: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return r;
}

int mkinitfs_write_cpio(struct mkinitfs *mk, const char *path, const char *comp)
{
	char tmp[PATH_MAX_LINUX + 16];
	int fd, r;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return mkinitfs_fail(mk, -ENAMETOOLONG, "%s: name too long", path);
	if ((fd = mkstemp(tmp)) < 0)
		return mkinitfs_fail(mk, -errno, "cannot create %s: %s", tmp, strerror(errno));
	r = mkinitfs_compress(mk, fd, comp);
	if (r == 0 && (fchmod(fd, 0644) < 0 || fsync(fd) < 0))
		r = mkinitfs_fail(mk, -errno, "%s: %s", tmp, strerror(errno));
	if (close(fd) < 0 && r == 0)
		r = mkinitfs_fail(mk, -errno, "%s: %s", tmp, strerror(errno));
	if (r == 0 && rename(tmp, path) < 0)
		r = mkinitfs_fail(mk, -errno, "rename %s to %s: %s", tmp, path, strerror(errno));
	if (r < 0)
		unlink(tmp);
	return r < 0 ? r : mkinitfs_sync_dir(mk, path);
}
