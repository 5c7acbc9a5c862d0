/* libFuzzer target: lib/image/nextboot.c on any bytes (a Pi's config.txt
 * and the kernel file on the boot partition are ovlinit-toggle status's
 * hostile inputs). No crash, no read past the buffer (ASan); every name
 * is NUL-terminated within its array; a kernel version is one printable
 * word; the version order is antisymmetric. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "image/nextboot.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nextboot_pi pi;
	char v[NEXTBOOT_NAME_MAX], a[64], b[64];
	int bad;

	if (nextboot_pi_parse((const char *)data, size, &pi, &bad) == 0) {
		CHECK(memchr(pi.kernel, '\0', sizeof(pi.kernel)));
		CHECK(memchr(pi.initramfs, '\0', sizeof(pi.initramfs)));
		CHECK(memchr(pi.initramfs_section, '\0', sizeof(pi.initramfs_section)));
		CHECK(!strchr(pi.initramfs, ' ') && !strchr(pi.initramfs, '\t'));
		CHECK(pi.initramfs[0] == '\0' || pi.initramfs_line > 0);
		char img[64];
		if (nextboot_auto_name(pi.kernel, img, sizeof(img)) == 0)
			CHECK(strncmp(img, "initramfs", 9) == 0);
	} else
		CHECK(bad > 0);
	if (nextboot_kernel_version(data, size, v, sizeof(v)) == 0) {
		CHECK(v[0] != '\0' && strlen(v) < sizeof(v));
		for (const char *p = v; *p; p++)
			CHECK(*p > ' ' && *p < 0x7f);
	}
	/* Two NUL-terminated words from the input, either way round. */
	size_t half = size / 2, na = half < sizeof(a) - 1 ? half : sizeof(a) - 1;
	size_t nb = size - half < sizeof(b) - 1 ? size - half : sizeof(b) - 1;
	memcpy(a, data, na);
	a[na] = '\0';
	memcpy(b, data + half, nb);
	b[nb] = '\0';
	int ab = nextboot_vercmp(a, b), ba = nextboot_vercmp(b, a);
	CHECK((ab < 0 && ba > 0) || (ab > 0 && ba < 0) || (ab == 0 && ba == 0));
	CHECK(nextboot_vercmp(a, a) == 0);
	return 0;
}
