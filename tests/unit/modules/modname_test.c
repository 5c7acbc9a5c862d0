/* Unit tests of lib/modules/modname.c: module names of paths and the builder's
 * feature list (/etc/ovlinit/features). */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "modules/modname.h"

static int feature(const char *text, const char *module, char *out, size_t cap)
{
	return modname_feature(text, strlen(text), module, out, cap);
}

ATF_TC_WITHOUT_HEAD(module_name_of_a_path_entry_or_glob);
ATF_TC_BODY(module_name_of_a_path_entry_or_glob, tc)
{
	char out[16];

#define OF(p) modname_of_path(p, strlen(p), out, sizeof(out))
	ATF_REQUIRE_EQ(OF("kernel/drivers/usb/host/xhci-pci.ko.zst"), 0);
	ATF_CHECK_STREQ(out, "xhci_pci");
	ATF_REQUIRE_EQ(OF("sdhci-iproc"), 0);
	ATF_CHECK_STREQ(out, "sdhci_iproc");
	ATF_REQUIRE_EQ(OF("a/ext4.ko"), 0);
	ATF_CHECK_STREQ(out, "ext4");
	ATF_REQUIRE_EQ(OF("kernel/fs/ext4/ext4.ko.xz"), 0);
	ATF_CHECK_STREQ(out, "ext4");
	ATF_REQUIRE_EQ(OF("virtio-*"), 0);
	ATF_CHECK_STREQ(out, "virtio_*");
	ATF_CHECK_EQ(OF("a_very_long_module_name.ko"), -ENAMETOOLONG);
	ATF_CHECK_EQ(OF("dir/"), -ENAMETOOLONG);
#undef OF
}

ATF_TC_WITHOUT_HEAD(find_in_a_list);
ATF_TC_BODY(find_in_a_list, tc)
{
	static const char list[3][MODULE_NAME_MAX] = { "ahci", "virtio-blk", "uas" };

	ATF_CHECK_EQ(modname_find(list, 3, "virtio_blk"), 1);
	ATF_CHECK_EQ(modname_find(list, 3, "uas"), 2);
	ATF_CHECK_EQ(modname_find(list, 3, "nvme"), -1);
	ATF_CHECK_EQ(modname_find(list, 0, "ahci"), -1);
}

static const char features[] =
	"# written by the builder\n"
	"base overlay\n"
	"ata ahci\n"
	"ext4 ext4\n"
	"usb   usb-storage  \n"
	"usb\tsd_mod\r\n"
	"xfs kernel/fs/xfs/xfs.ko.zst\n"
	"nvme nvme*\n"
	"gpu kernel/drivers/gpu/*\n"
	"broken\n";

ATF_TC_WITHOUT_HEAD(feature_by_name);
ATF_TC_BODY(feature_by_name, tc)
{
	char f[16];

	ATF_CHECK_EQ(feature(features, "ext4", f, sizeof(f)), 1);
	ATF_CHECK_STREQ(f, "ext4");
	ATF_CHECK_EQ(feature(features, "overlay", f, sizeof(f)), 1);
	ATF_CHECK_STREQ(f, "base");
	ATF_CHECK_EQ(feature(features, "sd-mod", f, sizeof(f)), 1);
	ATF_CHECK_STREQ(f, "usb");
	ATF_CHECK_EQ(feature(features, "usb_storage", f, sizeof(f)), 1);
	ATF_CHECK_STREQ(f, "usb");
}

ATF_TC_WITHOUT_HEAD(feature_by_path_and_glob);
ATF_TC_BODY(feature_by_path_and_glob, tc)
{
	char f[16];

	ATF_CHECK_EQ(feature(features, "xfs", f, sizeof(f)), 1);
	ATF_CHECK_STREQ(f, "xfs");
	ATF_CHECK_EQ(feature(features, "nvme_core", f, sizeof(f)), 1);
	ATF_CHECK_STREQ(f, "nvme");
	/* A glob in a path names no module without the tree. */
	ATF_CHECK_EQ(feature(features, "amdgpu", f, sizeof(f)), 0);
}

ATF_TC_WITHOUT_HEAD(feature_missing_comment_and_short_lines);
ATF_TC_BODY(feature_missing_comment_and_short_lines, tc)
{
	char f[16];

	ATF_CHECK_EQ(feature(features, "btrfs", f, sizeof(f)), 0);
	ATF_CHECK_EQ(feature(features, "broken", f, sizeof(f)), 0);
	ATF_CHECK_EQ(feature(features, "by", f, sizeof(f)), 0);    /* "# written by" */
	ATF_CHECK_EQ(feature("", "ext4", f, sizeof(f)), 0);
}

ATF_TC_WITHOUT_HEAD(feature_name_too_long_is_an_error);
ATF_TC_BODY(feature_name_too_long_is_an_error, tc)
{
	char f[4];

	ATF_CHECK_EQ(feature(features, "ext4", f, sizeof(f)), -ENAMETOOLONG);
	ATF_CHECK_EQ(feature(features, "uas", f, sizeof(f)), 0);
}

ATF_TC_WITHOUT_HEAD(feature_text_without_final_newline_or_nul);
ATF_TC_BODY(feature_text_without_final_newline_or_nul, tc)
{
	static const char text[] = { 'v', 'i', 'r', 't', 'i', 'o', ' ', 'v', 'i', 'r', 't', 'i', 'o', '_', 'p', 'c', 'i' };
	char f[16];

	ATF_CHECK_EQ(modname_feature(text, sizeof(text), "virtio-pci", f, sizeof(f)), 1);
	ATF_CHECK_STREQ(f, "virtio");
	ATF_CHECK_EQ(modname_feature(text, sizeof(text) - 1, "virtio-pci", f, sizeof(f)), 0);
}

/* The CPU's modalias as the kernel writes it (x86, TCG's qemu64 CPU
 * model: SSE 4.2 (0094) and PCLMULQDQ (0081) absent, SSE2 (001A) there). */
static const char cpu_qemu64[] =
	"cpu:type:x86,ven0000fam0006mod0006:feature:,0000,0001,0003,0005,0006,0008,"
	"0009,000B,000C,000D,000F,0010,0013,0017,0018,0019,001A,002B,0034,003A,003B,"
	"003D,0068,006F,0070,0072,0074,0075,0076,007D,0080,0085,00E6\n";

ATF_TC_WITHOUT_HEAD(cpu_aliases_decide_fit);
ATF_TC_BODY(cpu_aliases_decide_fit, tc)
{
	static const char text[] =
		"crc32c_intel cpu:type:x86,ven*fam*mod*:feature:*0094*\n"
		"sse2_only cpu:type:x86,ven*fam*mod*:feature:*001A*\n"
		"either cpu:type:x86,ven*fam*mod*:feature:*0094*\n"
		"either cpu:type:x86,ven*fam*mod*:feature:*001A*\n"
		"intel-only cpu:type:x86,ven0000fam0006mod0055:feature:*\n"
		"broken_line_without_pattern\n"
		"\n"
		"last cpu:type:x86,ven*fam*mod*:feature:*0081*";   /* no final newline */
	size_t n = sizeof(text) - 1;

	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "crc32c_intel", cpu_qemu64), 1);
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "crc32c-intel", cpu_qemu64), 1);
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "sse2_only", cpu_qemu64), 0);
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "either", cpu_qemu64), 0);
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "intel_only", cpu_qemu64), 1);
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "last", cpu_qemu64), 1);
	/* Modules without lines, and a line that is only a name. */
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "crc32c_generic", cpu_qemu64), 0);
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "broken_line_without_pattern", cpu_qemu64), 0);
	ATF_CHECK_EQ(modname_cpu_unfit("", 0, "crc32c_intel", cpu_qemu64), 0);
	/* A prefix of a name is not the name. */
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "crc32c", cpu_qemu64), 0);
	/* Nothing known about the CPU: never refuse. */
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "crc32c_intel", ""), 0);
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "crc32c_intel", NULL), 0);
	ATF_CHECK_EQ(modname_cpu_unfit(text, n, "crc32c_intel", "garbage"), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, module_name_of_a_path_entry_or_glob);
	ATF_TP_ADD_TC(tp, find_in_a_list);
	ATF_TP_ADD_TC(tp, cpu_aliases_decide_fit);
	ATF_TP_ADD_TC(tp, feature_by_name);
	ATF_TP_ADD_TC(tp, feature_by_path_and_glob);
	ATF_TP_ADD_TC(tp, feature_missing_comment_and_short_lines);
	ATF_TP_ADD_TC(tp, feature_name_too_long_is_an_error);
	ATF_TP_ADD_TC(tp, feature_text_without_final_newline_or_nul);
	return atf_no_error();
}
