/* See mkinitfs.h: what there is and what an image holds. --list-image
 * reads the image through the decompressor its magic names (the
 * builder's own list of compressors) and walks the cpio entries up to
 * etc/ovlinit/image, which the builder wrote. */
#include "sys/mkinitfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modules/feature.h"

#define MKINITFS_IMAGE_INFO_MAX (1 << 20)

static int mkinitfs_feature_entry(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && strcmp(d->d_name + n - 8, ".modules") == 0;
}

/* The first comment line of a feature file, as its description. */
static void mkinitfs_describe(const char *path, char *out, size_t cap)
{
	FILE *f = fopen(path, "re");
	char line[256];

	out[0] = '\0';
	if (f == NULL)
		return;
	if (fgets(line, sizeof(line), f) && line[0] == '#') {
		line[strcspn(line, "\n")] = '\0';
		snprintf(out, cap, "%s", line + strspn(line, "# "));
	}
	fclose(f);
}

int mkinitfs_list_features(struct mkinitfs *mk, FILE *out)
{
	struct dirent **names;
	char path[PATH_MAX_LINUX + 300], what[256];
	int n = scandir(mk->featdir, &names, mkinitfs_feature_entry, alphasort);

	if (n < 0)
		return mkinitfs_fail(mk, -errno, "cannot read the feature directory %s: %s",
				     mk->featdir, strerror(errno));
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name) - 8;
		snprintf(path, sizeof(path), "%s/%s", mk->featdir, names[i]->d_name);
		mkinitfs_describe(path, what, sizeof(what));
		if (len < FEATURE_NAME_MAX)
			fprintf(out, "%-12.*s %s\n", (int)len, names[i]->d_name, what);
		free(names[i]);
	}
	free(names);
	fprintf(out, "%-12s %s\n", "auto", "Host-only: base, overlay, the running root's filesystem "
		"and its disk's drivers (from sysfs)");
	return fflush(out) == 0 ? 0 : mkinitfs_fail(mk, -EIO, "write error");
}

/* Exactly n bytes from fd into buf (NULL: skipped). 0, or -EIO at a
 * short read. */
static int mkinitfs_read_n(int fd, char *buf, unsigned long long n)
{
	char junk[4096];

	while (n > 0) {
		size_t want = n < sizeof(junk) ? (size_t)n : sizeof(junk);
		ssize_t r = read(fd, buf ? buf : junk, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -EIO;
		if (buf)
			buf += r;
		n -= (unsigned long long)r;
	}
	return 0;
}

struct mkinitfs_found {
	char *info;               /* etc/ovlinit/image, NUL-terminated */
	unsigned long long init_size;
	int has_init;
};

/* Walk the newc archive on fd to its trailer. */
static int mkinitfs_walk_cpio(struct mkinitfs *mk, int fd, const char *image,
			      struct mkinitfs_found *found)
{
	char hdr[CPIO_NEWC_HDR], name[CPIO_NAME_MAX + 4];
	struct cpio_hdr h;

	for (;;) {
		if (mkinitfs_read_n(fd, hdr, sizeof(hdr)) < 0 ||
		    cpio_parse_header(hdr, sizeof(hdr), &h) < 0 ||
		    mkinitfs_read_n(fd, name, h.namesize + cpio_pad(CPIO_NEWC_HDR + h.namesize)) < 0 ||
		    name[h.namesize - 1] != '\0')
			return mkinitfs_fail(mk, -EINVAL, "%s: not a newc cpio archive, or cut short",
					     image);
		if (strcmp(name, "TRAILER!!!") == 0)
			return 0;
		char *dst = NULL;
		if (strcmp(name, MKINITFS_IMAGE_FILE) == 0 && found->info == NULL &&
		    h.size < MKINITFS_IMAGE_INFO_MAX && (dst = found->info = calloc(1, h.size + 1)) == NULL)
			return -ENOMEM;
		if (strcmp(name, "init") == 0) {
			found->has_init = 1;
			found->init_size = h.size;
		}
		/* The data into dst (h.size bytes and its NUL), the padding skipped. */
		if (mkinitfs_read_n(fd, dst, h.size) < 0 ||
		    mkinitfs_read_n(fd, NULL, cpio_pad(h.size)) < 0)
			return mkinitfs_fail(mk, -EINVAL, "%s: /%s is cut short", image, name);
	}
}

/* The compressor whose magic starts the file ("none" for a bare cpio),
 * or NULL. */
static const char *mkinitfs_magic(const unsigned char *b, size_t n)
{
	static const struct { const char *name; unsigned char magic[6]; size_t len; } m[] = {
		{ "gzip", { 0x1f, 0x8b }, 2 }, { "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
		{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6 }, { "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4 },
		{ "none", { '0', '7', '0', '7', '0' }, 5 },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (n >= m[i].len && memcmp(b, m[i].magic, m[i].len) == 0)
			return m[i].name;
	return NULL;
}

/* The archive of image, decompressed, on a pipe from the decompressor
 * (*pid) or the file itself (*pid 0). Returns the fd or -errno. */
static int mkinitfs_open_image(struct mkinitfs *mk, const char *image, const char **comp, int *pid)
{
	const char *argv[] = { NULL, "-dc", NULL };
	unsigned char magic[8];
	int fd = open(image, O_RDONLY | O_CLOEXEC), p[2];
	ssize_t n;

	*pid = 0;
	if (fd < 0)
		return mkinitfs_fail(mk, -errno, "cannot read %s: %s", image, strerror(errno));
	n = read(fd, magic, sizeof(magic));
	if (n < 0 || (*comp = mkinitfs_magic(magic, (size_t)n)) == NULL || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return mkinitfs_fail(mk, -EINVAL, "%s: not an initramfs (neither a cpio archive "
				     "nor gzip, zstd, xz or lz4 data)", image);
	}
	if (strcmp(*comp, "none") == 0)
		return fd;
	argv[0] = *comp;
	if (pipe2(p, O_CLOEXEC) < 0) {
		close(fd);
		return mkinitfs_fail(mk, -errno, "pipe: %s", strerror(errno));
	}
	*pid = mkinitfs_spawn(mk, argv, fd, p[1]);
	close(fd);
	close(p[1]);
	if (*pid < 0) {
		close(p[0]);
		return *pid;
	}
	return p[0];
}

static size_t mkinitfs_count(const char *text, const char *word)
{
	size_t n = 0;

	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word))
		n++;
	return n;
}

/* The image's etc/ovlinit/image as "key: value" lines, checked against
 * what the archive holds. */
static int mkinitfs_print_info(struct mkinitfs *mk, const char *image, const char *comp,
			       const struct mkinitfs_found *f, FILE *out)
{
	char *save = NULL, *copy = strdup(f->info), want[64];
	size_t mods = 0;
	unsigned long long init_size = 0;
	int r = 0;

	if (copy == NULL)
		return -ENOMEM;
	snprintf(want, sizeof(want), "\ncompression=%s\n", comp);
	fprintf(out, "image: %s\n", image);
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(l, '=');
		if (eq == NULL)
			continue;
		*eq = '\0';
		if (strcmp(l, "module") == 0 && mods++ == 0)
			fprintf(out, "modules: %zu\n", mkinitfs_count(f->info, "\nmodule="));
		if (strcmp(l, "init") == 0 && strchr(eq + 1, ' '))
			init_size = strtoull(strchr(eq + 1, ' ') + 1, NULL, 10);
		fprintf(out, "%s: %s%s\n", l, eq + 1, strcmp(l, "init") == 0 ? " bytes" : "");
	}
	if (mods == 0)
		fprintf(out, "modules: 0\n");
	free(copy);
	if (strstr(f->info, want) == NULL)
		r = mkinitfs_fail(mk, -EINVAL, "%s: the image is %s data, and its %s says otherwise",
				  image, comp, MKINITFS_IMAGE_FILE);
	else if (!f->has_init || f->init_size != init_size)
		r = mkinitfs_fail(mk, -EINVAL, "%s: /init is not the init that %s names", image,
				  MKINITFS_IMAGE_FILE);
	return fflush(out) == 0 ? r : mkinitfs_fail(mk, -EIO, "write error");
}

int mkinitfs_list_image(struct mkinitfs *mk, const char *image, FILE *out)
{
	struct mkinitfs_found found = { NULL, 0, 0 };
	const char *comp = NULL;
	int pid, fd = mkinitfs_open_image(mk, image, &comp, &pid), r, w = 0;

	if (fd < 0)
		return fd;
	r = mkinitfs_walk_cpio(mk, fd, image, &found);
	close(fd);
	if (pid > 0) {
		char what[PATH_MAX_LINUX + 32];
		snprintf(what, sizeof(what), "%s -dc %s", comp, image);
		w = mkinitfs_wait(mk, pid, what);
	}
	if (r == 0 && w < 0)
		r = w;
	if (r == 0 && found.info == NULL)
		r = mkinitfs_fail(mk, -ENOENT, "%s is not an ovlinit image: it has no /%s "
				  "(another generator's, or an ovlinit image from before "
				  "ovlinit-mkinitfs wrote it)", image, MKINITFS_IMAGE_FILE);
	if (r == 0)
		r = mkinitfs_print_info(mk, image, comp, &found, out);
	free(found.info);
	return r;
}
