/* What the next boot loads, for ovlinit-toggle status. Pure: text and
 * bytes in, names out.
 *
 * A Raspberry Pi's config.txt (the firmware's, beside cmdline.txt):
 * `kernel=FILE` names the kernel (default: the model's kernel8.img...),
 * `initramfs FILE [followkernel|ADDRESS]` the image, and
 * `auto_initramfs=1` the image of the kernel's name (kernel8.img:
 * initramfs8, kernel_2712.img: initramfs_2712). The firmware reads
 * lines in order, a later one wins; lines after a `[none]` section
 * header are skipped until the next header; other conditional sections
 * ([pi4], [cm4]...) are applied as if they matched, and named. */
#ifndef OVLINIT_NEXTBOOT_H
#define OVLINIT_NEXTBOOT_H

#include <stddef.h>

#define NEXTBOOT_NAME_MAX 256   /* a file name of config.txt, a kernel version */

struct nextboot_pi {
	char kernel[NEXTBOOT_NAME_MAX];      /* kernel=, "" without one */
	int kernel_line;
	char initramfs[NEXTBOOT_NAME_MAX];   /* initramfs's file, "" without one */
	int initramfs_line;
	char initramfs_section[32];          /* its [section] if not [all], else "" */
	int auto_initramfs;                  /* auto_initramfs=1 (the last one) */
	int auto_line;
};

/* Parse config.txt's text. Returns 0, or -ENAMETOOLONG if a kernel= or
 * initramfs file name does not fit (that line's number in *bad_line). */
int nextboot_pi_parse(const char *text, size_t len, struct nextboot_pi *pi, int *bad_line)
	__attribute__((warn_unused_result));

/* auto_initramfs's image of one of the firmware's kernel names:
 * kernel.img, kernel7.img, kernel7l.img, kernel8.img, kernel_2712.img ->
 * initramfs, initramfs7... Returns 0, -EINVAL for another kernel name
 * (the firmware then loads no image), -ENAMETOOLONG. */
int nextboot_auto_name(const char *kernel, char *out, size_t cap)
	__attribute__((warn_unused_result));

/* The kernel version in a kernel image's bytes: the x86 boot header's
 * version string (bzImage), else the "Linux version X " banner of an
 * uncompressed image (arm64 Image). Returns 0, or -ENOENT. */
int nextboot_kernel_version(const unsigned char *buf, size_t len, char *out, size_t cap)
	__attribute__((warn_unused_result));

/* Kernel versions in the order of `sort -V` (GRUB's and linux-version's
 * newest): digit runs compare as numbers, the rest bytewise; a '~'
 * sorts first. <0, 0, >0. */
int nextboot_vercmp(const char *a, const char *b);

#endif
