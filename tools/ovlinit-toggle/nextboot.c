/* ovlinit-toggle status: is the image that the next boot loads an
 * ovlinit image for the kernel that will boot? On a Raspberry Pi the
 * firmware's config.txt beside cmdline.txt says (lib/image/nextboot.c);
 * elsewhere the newest kernel of /boot and its initrd.img, where GRUB's
 * default entry and the Pi firmware hooks look. The image is read as
 * ovlinit-mkinitfs --list-image reads it (lib/sys/mkinitfs_list.c). */
#include "nextboot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "image/nextboot.h"
#include "sys/mkinitfs.h"
#include "sys/sys.h"

#define TOGGLE_CONFIG_MAX (64 * 1024)
#define TOGGLE_KERNEL_MAX (256ULL << 20)   /* decompressed bytes scanned */
#define TOGGLE_CHUNK (1 << 20)

static const char prog[] = "ovlinit-toggle";

struct next {
	char kernel[PATH_MAX_LINUX];   /* the kernel's file */
	char kver[NEXTBOOT_NAME_MAX];     /* its version, "" if unknown */
	char kver_why[PATH_MAX_LINUX + 64];             /* why unknown */
	char image[PATH_MAX_LINUX];    /* the image's file, "" if none */
	char from[PATH_MAX_LINUX * 2];               /* where the choice comes from */
};

/* The version in the kernel file: its x86 header or "Linux version"
 * banner, read decompressed (gzip -dc) if it is gzip data. */
static void next_kernel_version(struct next *n)
{
	static unsigned char buf[TOGGLE_CHUNK + 512];
	unsigned long long seen = 0;
	size_t keep = 0;
	int fd = open(n->kernel, O_RDONLY | O_CLOEXEC), p[2] = { -1, -1 };
	pid_t pid = 0;
	ssize_t r;

	n->kver[0] = '\0';
	if (fd < 0) {
		snprintf(n->kver_why, sizeof(n->kver_why), "cannot read it: %s", strerror(errno));
		return;
	}
	if (read(fd, buf, 2) == 2 && buf[0] == 0x1f && buf[1] == 0x8b && pipe2(p, O_CLOEXEC) == 0) {
		pid = fork();
		if (pid == 0) {
			lseek(fd, 0, SEEK_SET);
			if (dup2(fd, 0) < 0 || dup2(p[1], 1) < 0)
				_exit(126);
			execlp("gzip", "gzip", "-dc", (char *)NULL);
			_exit(127);
		}
		close(p[1]);
		close(fd);
		fd = p[0];
		if (pid < 0) {
			close(fd);
			snprintf(n->kver_why, sizeof(n->kver_why), "fork: %s", strerror(errno));
			return;
		}
	} else
		lseek(fd, 0, SEEK_SET);
	while (seen < TOGGLE_KERNEL_MAX && (r = read(fd, buf + keep, TOGGLE_CHUNK)) > 0) {
		size_t len = keep + (size_t)r;
		if (nextboot_kernel_version(buf, len, n->kver, sizeof(n->kver)) == 0)
			break;
		/* A banner cut at the chunk's end is found in the next one. */
		keep = len < 300 ? len : 300;
		memmove(buf, buf + len - keep, keep);
		seen += (unsigned long long)r;
	}
	close(fd);
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
	if (n->kver[0] == '\0')
		snprintf(n->kver_why, sizeof(n->kver_why), "no version string in %s%s", n->kernel,
			 pid > 0 ? " (gzip -dc)" : "");
}

/* The firmware's default kernel: the first of its names that exists
 * (a Pi 5, by its device tree, looks for kernel_2712.img first). */
static void next_pi_default_kernel(struct next *n, const char *dir)
{
	static const char *const names[] = { "kernel8.img", "kernel7l.img", "kernel7.img",
					     "kernel.img" };
	char compat[512];
	long c = sys_read_file("/proc/device-tree/compatible", compat, sizeof(compat));

	if (c > 0 && memmem(compat, (size_t)c, "raspberrypi,5", 13)) {
		snprintf(n->kernel, sizeof(n->kernel), "%s/kernel_2712.img", dir);
		if (access(n->kernel, F_OK) == 0)
			return;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(n->kernel, sizeof(n->kernel), "%s/%s", dir, names[i]);
		if (access(n->kernel, F_OK) == 0)
			return;
	}
	snprintf(n->kernel, sizeof(n->kernel), "%s/kernel8.img", dir);
}

/* A Pi: config.txt in dir, the boot partition. Returns 0, or 1 when
 * the firmware loads no image (said). */
static int next_pi(struct next *n, const char *dir)
{
	static char text[TOGGLE_CONFIG_MAX];
	char path[PATH_MAX_LINUX], autoname[64];
	struct nextboot_pi pi;
	int bad;
	long len;

	snprintf(path, sizeof(path), "%s/config.txt", dir);
	len = sys_read_file(path, text, sizeof(text));
	if (len < 0) {
		printf("next boot image: none: %s: %s\n", path,
		       len == -EFBIG ? "over 64 KiB" : strerror((int)-len));
		fprintf(stderr, "%s: warning: cannot read %s, so cannot tell which image the "
			"next boot loads\n", prog, path);
		return 1;
	}
	if (nextboot_pi_parse(text, (size_t)len, &pi, &bad) < 0) {
		printf("next boot image: unknown: %s, line %d: a file name over %d bytes\n", path,
		       bad, NEXTBOOT_NAME_MAX - 1);
		fprintf(stderr, "%s: warning: %s, line %d: a file name too long to check\n", prog,
			path, bad);
		return 1;
	}
	if (pi.kernel[0])
		snprintf(n->kernel, sizeof(n->kernel), "%s/%s", dir, pi.kernel);
	else
		next_pi_default_kernel(n, dir);
	next_kernel_version(n);
	if (pi.initramfs[0]) {
		snprintf(n->image, sizeof(n->image), "%s/%s", dir, pi.initramfs);
		snprintf(n->from, sizeof(n->from), "%s, line %d: initramfs %s%s%s", path,
			 pi.initramfs_line, pi.initramfs, pi.initramfs_section[0] ? " in " : "",
			 pi.initramfs_section);
		return 0;
	}
	const char *base = strrchr(n->kernel, '/') + 1;
	if (pi.auto_initramfs && nextboot_auto_name(base, autoname, sizeof(autoname)) == 0) {
		snprintf(n->image, sizeof(n->image), "%s/%s", dir, autoname);
		snprintf(n->from, sizeof(n->from), "%s, line %d: auto_initramfs=1 with %s", path,
			 pi.auto_line, base);
		return 0;
	}
	printf("next boot kernel: %s (%s)\n", n->kernel, n->kver[0] ? n->kver : "version unknown");
	printf("next boot image: none (%s has no initramfs line%s)\n", path,
	       pi.auto_initramfs ? ", and auto_initramfs=1 names no image for this kernel" :
	       " and no auto_initramfs=1");
	fprintf(stderr, "%s: warning: the next boot loads no initramfs, so no ovlinit and no "
		"overlay root: add `initramfs IMAGE followkernel` to %s\n", prog, path);
	return 1;
}

static int next_is_kernel(const struct dirent *d)
{
	return strncmp(d->d_name, "vmlinuz-", 8) == 0 && d->d_name[8] &&
	       strlen(d->d_name + 8) < NEXTBOOT_NAME_MAX;
}

/* Elsewhere: the newest BOOTDIR/vmlinuz-KVER and its initrd.img-KVER.
 * Returns 0, or 1 without a kernel (said). */
static int next_pc(struct next *n, const char *bootdir)
{
	struct dirent **names;
	int k = scandir(bootdir, &names, next_is_kernel, NULL), best = -1;

	if (k <= 0) {
		printf("next boot kernel: none: no %s/vmlinuz-*\n", bootdir);
		fprintf(stderr, "%s: warning: no kernel in %s, so cannot tell which image the "
			"next boot loads\n", prog, bootdir);
		if (k == 0)
			free(names);
		return 1;
	}
	for (int i = 0; i < k; i++)
		if (best < 0 || nextboot_vercmp(names[i]->d_name + 8, names[best]->d_name + 8) > 0)
			best = i;
	snprintf(n->kver, sizeof(n->kver), "%s", names[best]->d_name + 8);
	for (int i = 0; i < k; i++)
		free(names[i]);
	free(names);
	snprintf(n->kernel, sizeof(n->kernel), "%s/vmlinuz-%s", bootdir, n->kver);
	snprintf(n->image, sizeof(n->image), "%s/initrd.img-%s", bootdir, n->kver);
	snprintf(n->from, sizeof(n->from), "the newest kernel's initrd.img, where GRUB's "
		 "default entry looks");
	return 0;
}

/* --list-image of path into out ("key: value" lines). 0, or -errno
 * with the reason in why. */
static int next_list(const char *path, char *out, size_t cap, char *why, size_t whycap)
{
	static struct mkinitfs mk;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int r;

	if (f == NULL)
		return -ENOMEM;
	memset(&mk, 0, sizeof(mk));
	r = mkinitfs_list_image(&mk, path, f);
	fclose(f);
	snprintf(out, cap, "%s", text ? text : "");
	snprintf(why, whycap, "%s", mk.err[0] ? mk.err : strerror(-r));
	free(text);
	return r;
}

/* The value of "key: " in list, in out. */
static void next_value(const char *list, const char *key, char *out, size_t cap)
{
	size_t k = strlen(key);

	out[0] = '\0';
	for (const char *p = list; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, key, k) == 0 && p[k] == ':' && p[k + 1] == ' ') {
			snprintf(out, cap, "%.*s", (int)strcspn(p + k + 2, "\n"), p + k + 2);
			return;
		}
}

int toggle_next_image(const char *bootpart, const char *bootdir)
{
	static char list[1 << 16];
	static struct next n;
	char why[PATH_MAX_LINUX + 256], kver[NEXTBOOT_NAME_MAX], feat[512];
	int r;

	memset(&n, 0, sizeof(n));
	if ((bootpart ? next_pi(&n, bootpart) : next_pc(&n, bootdir)) != 0)
		return 0;
	printf("next boot kernel: %s (%s)\n", n.kernel, n.kver[0] ? n.kver : "version unknown");
	printf("next boot image: %s (%s)\n", n.image, n.from);
	r = next_list(n.image, list, sizeof(list), why, sizeof(why));
	if (r < 0) {
		printf("next boot image is ovlinit's: no\n");
		fprintf(stderr, "%s: warning: %s; the next boot will not set up the overlay root. "
			"Build it: ovlinit-mkinitfs -o %s%s%s\n", prog, why, n.image,
			n.kver[0] ? " " : "", n.kver);
		if (!bootpart) {
			char alt[PATH_MAX_LINUX + 64];
			snprintf(alt, sizeof(alt), "%s/initramfs-ovlinit-%s", bootdir, n.kver);
			if (next_list(alt, list, sizeof(list), why, sizeof(why)) == 0)
				fprintf(stderr, "%s: note: %s is ovlinit's image of that kernel: a boot "
					"entry must name it, or replace_initrd=yes in "
					"/etc/ovlinit/mkinitfs.conf writes it as %s\n", prog, alt,
					n.image);
		}
		return 0;
	}
	next_value(list, "kernel", kver, sizeof(kver));
	next_value(list, "features", feat, sizeof(feat));
	if (n.kver[0] && strcmp(kver, n.kver) != 0) {
		printf("next boot image is ovlinit's: yes, for kernel %s, not %s\n", kver, n.kver);
		fprintf(stderr, "%s: warning: %s is ovlinit's image for kernel %s, but the next "
			"boot's kernel is %s: the modules will not load and the root may not be "
			"found. Rebuild it: ovlinit-mkinitfs -o %s %s\n", prog, n.image, kver,
			n.kver, n.image, n.kver);
		return 0;
	}
	printf("next boot image is ovlinit's: yes, for kernel %s (features %s)%s\n", kver,
	       feat[0] ? feat : "none", n.kver[0] ? "" : "; the kernel's version is unknown");
	if (!n.kver[0])
		fprintf(stderr, "%s: warning: cannot tell whether %s is for the next boot's "
			"kernel: %s\n", prog, n.image, n.kver_why);
	return 0;
}
