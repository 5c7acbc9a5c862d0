/* Unit tests of lib/image/nextboot.c: config.txt, kernel banners, the
 * version order. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "image/nextboot.h"

static int parse(const char *t, struct nextboot_pi *pi, int *bad)
{
	return nextboot_pi_parse(t, strlen(t), pi, bad);
}

ATF_TC_WITHOUT_HEAD(config_txt_lines);
ATF_TC_BODY(config_txt_lines, tc)
{
	struct nextboot_pi pi;
	int bad;

	ATF_REQUIRE_EQ(parse("# Raspberry Pi OS\r\narm_64bit=1\nauto_initramfs=1\n", &pi, &bad), 0);
	ATF_CHECK_STREQ(pi.kernel, "");
	ATF_CHECK_STREQ(pi.initramfs, "");
	ATF_CHECK_EQ(pi.auto_initramfs, 1);
	ATF_CHECK_EQ(pi.auto_line, 3);
	ATF_REQUIRE_EQ(parse("kernel=vmlinuz  # Debian's raspi-firmware\n"
			     "initramfs initrd.img followkernel\n", &pi, &bad), 0);
	ATF_CHECK_STREQ(pi.kernel, "vmlinuz");
	ATF_CHECK_STREQ(pi.initramfs, "initrd.img");
	ATF_CHECK_EQ(pi.initramfs_line, 2);
	ATF_CHECK_STREQ(pi.initramfs_section, "");
	/* The last line wins; [none] is skipped; [pi4] is named. */
	ATF_REQUIRE_EQ(parse("initramfs a.img\n[none]\ninitramfs b.img\nkernel=x\n[pi4]\n"
			     "\tinitramfs  c.img 0x2000000\n[all]\nauto_initramfs=0\n", &pi, &bad), 0);
	ATF_CHECK_STREQ(pi.initramfs, "c.img");
	ATF_CHECK_STREQ(pi.initramfs_section, "[pi4]");
	ATF_CHECK_STREQ(pi.kernel, "");
	ATF_CHECK_EQ(pi.auto_initramfs, 0);
	/* Not the keys: initramfs= is no command, initramfsX neither. */
	ATF_REQUIRE_EQ(parse("initramfs8=1\nkernel_address=0x80000\n", &pi, &bad), 0);
	ATF_CHECK_STREQ(pi.initramfs, "");
	ATF_CHECK_STREQ(pi.kernel, "");
}

ATF_TC_WITHOUT_HEAD(config_txt_too_long);
ATF_TC_BODY(config_txt_too_long, tc)
{
	char t[600] = "\nkernel=";
	struct nextboot_pi pi;
	int bad;

	memset(t + 8, 'k', 400);
	ATF_CHECK_EQ(parse(t, &pi, &bad), -ENAMETOOLONG);
	ATF_CHECK_EQ(bad, 2);
}

ATF_TC_WITHOUT_HEAD(auto_initramfs_names);
ATF_TC_BODY(auto_initramfs_names, tc)
{
	char out[64];

	ATF_REQUIRE_EQ(nextboot_auto_name("kernel8.img", out, sizeof(out)), 0);
	ATF_CHECK_STREQ(out, "initramfs8");
	ATF_REQUIRE_EQ(nextboot_auto_name("kernel_2712.img", out, sizeof(out)), 0);
	ATF_CHECK_STREQ(out, "initramfs_2712");
	ATF_REQUIRE_EQ(nextboot_auto_name("kernel7l.img", out, sizeof(out)), 0);
	ATF_CHECK_STREQ(out, "initramfs7l");
	ATF_CHECK_EQ(nextboot_auto_name("vmlinuz", out, sizeof(out)), -EINVAL);
	ATF_REQUIRE_EQ(nextboot_auto_name("kernel.img", out, sizeof(out)), 0);
	ATF_CHECK_STREQ(out, "initramfs");
	ATF_CHECK_EQ(nextboot_auto_name("kernel-6.1.img", out, sizeof(out)), -EINVAL);
	ATF_CHECK_EQ(nextboot_auto_name("kernel8.img/x", out, sizeof(out)), -EINVAL);
	ATF_CHECK_EQ(nextboot_auto_name("kernel_2712.img", out, 10), -ENAMETOOLONG);
}

ATF_TC_WITHOUT_HEAD(kernel_versions);
ATF_TC_BODY(kernel_versions, tc)
{
	unsigned char img[0x1000];
	char v[64];

	memset(img, 0, sizeof(img));
	memcpy(img + 0x202, "HdrS", 4);
	img[0x20e] = 0x00, img[0x20f] = 0x0a;   /* 0xa00 + 0x200 */
	strcpy((char *)img + 0xc00, "6.1.0-57-amd64 (debian-kernel@lists.debian.org) #1");
	ATF_REQUIRE_EQ(nextboot_kernel_version(img, sizeof(img), v, sizeof(v)), 0);
	ATF_CHECK_STREQ(v, "6.1.0-57-amd64");
	memset(img, 0, sizeof(img));
	strcpy((char *)img + 0x500, "Linux version %s");   /* a format, not a banner */
	strcpy((char *)img + 0x800, "Linux version 6.6.31+rpt-rpi-v8 (serge@raspberrypi.com)");
	ATF_REQUIRE_EQ(nextboot_kernel_version(img, sizeof(img), v, sizeof(v)), 0);
	ATF_CHECK_STREQ(v, "6.6.31+rpt-rpi-v8");
	/* Cut at the end of the buffer: no version. */
	memcpy(img + sizeof(img) - 18, "Linux version 6.1", 17);
	img[sizeof(img) - 1] = '9';
	ATF_CHECK_EQ(nextboot_kernel_version(img + 0x900, sizeof(img) - 0x900, v, sizeof(v)), -ENOENT);
	ATF_CHECK_EQ(nextboot_kernel_version(img, 10, v, sizeof(v)), -ENOENT);
}

ATF_TC_WITHOUT_HEAD(version_order);
ATF_TC_BODY(version_order, tc)
{
	ATF_CHECK(nextboot_vercmp("6.1.0-57-amd64", "6.1.0-9-amd64") > 0);
	ATF_CHECK(nextboot_vercmp("6.10.0-1-amd64", "6.9.0-1-amd64") > 0);
	ATF_CHECK(nextboot_vercmp("6.1.0-57-amd64", "6.1.0-57-amd64") == 0);
	ATF_CHECK(nextboot_vercmp("6.1.0~rc1", "6.1.0") < 0);
	ATF_CHECK(nextboot_vercmp("5.10.0-30-amd64", "6.1.0-1-amd64") < 0);
	ATF_CHECK(nextboot_vercmp("6.1.0-007", "6.1.0-7") == 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, config_txt_lines);
	ATF_TP_ADD_TC(tp, config_txt_too_long);
	ATF_TP_ADD_TC(tp, auto_initramfs_names);
	ATF_TP_ADD_TC(tp, kernel_versions);
	ATF_TP_ADD_TC(tp, version_order);
	return atf_no_error();
}
