/* Unit tests of lib/rootdev/rootdev.c: root= specs and exact matching. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rootdev/rootdev.h"
#include "rootdev/rootdev_diag.h"

static struct root_spec spec(const char *v)
{
	struct root_spec s;
	const char *why;

	ATF_REQUIRE_EQ_MSG(rootdev_spec_parse(v, &s, &why), 0, "%s: %s", v, why);
	return s;
}

ATF_TC_WITHOUT_HEAD(spec_kinds);
ATF_TC_BODY(spec_kinds, tc)
{
	struct root_spec s;
	const char *why;

	ATF_CHECK_EQ(spec("/dev/sda2").kind, ROOT_DEVPATH);
	ATF_CHECK_EQ(spec("UUID=ab").kind, ROOT_UUID);
	ATF_CHECK_EQ(spec("LABEL=root fs").kind, ROOT_LABEL);
	ATF_CHECK_EQ(spec("PARTUUID=1234abcd-02").kind, ROOT_PARTUUID);
	ATF_CHECK_EQ(spec("PARTLABEL=rootfs").kind, ROOT_PARTLABEL);
	s = spec("8:2");
	ATF_CHECK_EQ(s.kind, ROOT_MAJMIN);
	ATF_CHECK_EQ(s.major, 8);
	ATF_CHECK_EQ(s.minor, 2);
	ATF_CHECK_EQ(rootdev_spec_parse("", &s, &why), -EINVAL);
	ATF_CHECK_EQ(rootdev_spec_parse("LABEL=", &s, &why), -EINVAL);
	ATF_CHECK_EQ(rootdev_spec_parse("sda1", &s, &why), -EINVAL);
	ATF_CHECK_EQ(rootdev_spec_parse("8:", &s, &why), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(devnum_parses_sysfs_and_refuses_junk);
ATF_TC_BODY(devnum_parses_sysfs_and_refuses_junk, tc)
{
	unsigned long ma = 0, mi = 0;
	struct root_spec s;
	const char *why;
	static const char *bad[] = { "", ":1", "8:", "8", "8:1x", "8:1\n\n", " 8:1",
				     "8:-1", "8:+1", "8:1 ", "x8:1" };

	ATF_CHECK_EQ(rootdev_devnum_parse("259:3\n", &ma, &mi), 0);
	ATF_CHECK_EQ(ma, 259);
	ATF_CHECK_EQ(mi, 3);
	ATF_CHECK_EQ(rootdev_devnum_parse("8:0", &ma, &mi), 0);
	ATF_CHECK_EQ(ma, 8);
	ATF_CHECK_EQ(mi, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ATF_CHECK_EQ_MSG(rootdev_devnum_parse(bad[i], &ma, &mi), -EINVAL, "'%s'", bad[i]);
	/* root= takes no newline, and the kernel's number ranges. */
	ATF_CHECK_EQ(rootdev_spec_parse("8:1\n", &s, &why), -EINVAL);
	ATF_CHECK_EQ(rootdev_spec_parse("4096:1", &s, &why), -EINVAL);
	ATF_CHECK_EQ(rootdev_spec_parse("8:1048576", &s, &why), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(uuid_matches_case_insensitively_and_exactly);
ATF_TC_BODY(uuid_matches_case_insensitively_and_exactly, tc)
{
	struct blockdev d = { .name = "vda", .uuid = "0123abcd-0000-4000-8000-00000000000a" };
	struct root_spec up = spec("UUID=0123ABCD-0000-4000-8000-00000000000A");
	struct root_spec prefix = spec("UUID=0123abcd");

	ATF_CHECK(rootdev_matches(&up, &d));
	ATF_CHECK(!rootdev_matches(&prefix, &d));
}

ATF_TC_WITHOUT_HEAD(two_matches_are_refused);
ATF_TC_BODY(two_matches_are_refused, tc)
{
	struct blockdev d[3] = {
		{ .name = "vda", .label = "root" },
		{ .name = "vdb", .label = "data" },
		{ .name = "sda", .label = "root" },
	};
	struct root_spec s = spec("LABEL=root");
	struct root_spec data = spec("LABEL=data");
	struct root_spec none = spec("LABEL=Root");

	ATF_CHECK_EQ(rootdev_match(&s, d, 3), -EEXIST);
	ATF_CHECK_EQ(rootdev_match(&data, d, 3), 1);
	ATF_CHECK_EQ(rootdev_match(&none, d, 3), -ENOENT);
}

ATF_TC_WITHOUT_HEAD(device_names_are_validated);
ATF_TC_BODY(device_names_are_validated, tc)
{
	ATF_CHECK(rootdev_name_ok("vda1"));
	ATF_CHECK(rootdev_name_ok("nvme0n1p2"));
	ATF_CHECK(rootdev_name_ok("dm-0"));
	ATF_CHECK(!rootdev_name_ok(""));
	ATF_CHECK(!rootdev_name_ok(".."));
	ATF_CHECK(!rootdev_name_ok("../etc"));
	ATF_CHECK(!rootdev_name_ok("sda/../x"));
	ATF_CHECK(!rootdev_name_ok("sd a"));
	ATF_CHECK(!rootdev_name_ok("sda\n"));
	ATF_CHECK(!rootdev_name_ok("abcdefghijklmnopqrstuvwxyz0123456789"));
}

ATF_TC_WITHOUT_HEAD(containers_are_refused_with_a_reason);
ATF_TC_BODY(containers_are_refused_with_a_reason, tc)
{
	struct blockdev d[2] = {
		{ .name = "vda", .type = "crypto_LUKS", .uuid = "0123abcd-0000-4000-8000-00000000000a" },
		{ .name = "vdb", .type = "ext4", .uuid = "0123abcd-0000-4000-8000-00000000000b" },
	};
	struct root_spec luks = spec("UUID=0123abcd-0000-4000-8000-00000000000a");

	ATF_CHECK_EQ(rootdev_match(&luks, d, 2), -EMEDIUMTYPE);
	ATF_CHECK(strstr(rootdev_refusal(&d[0]), "LUKS") != NULL);
	ATF_CHECK(rootdev_refusal(&d[1]) == NULL);
	strcpy(d[1].type, "swap");
	ATF_CHECK(rootdev_refusal(&d[1]) != NULL);
	strcpy(d[1].type, "linux_raid_member");
	ATF_CHECK(strstr(rootdev_refusal(&d[1]), "RAID") != NULL);
	strcpy(d[1].type, "LVM2_member");
	ATF_CHECK(strstr(rootdev_refusal(&d[1]), "LVM") != NULL);
	strcpy(d[1].type, "ext4+xfs");
	ATF_CHECK(rootdev_refusal(&d[1]) != NULL);
}

ATF_TC_WITHOUT_HEAD(unreadable_table_blinds_only_partition_specs);
ATF_TC_BODY(unreadable_table_blinds_only_partition_specs, tc)
{
	struct blockdev d[3] = {
		{ .name = "vda1", .disk = "vda", .partno = 1, .type = "ext4",
		  .uuid = "0123abcd-0000-4000-8000-00000000000a",
		  .partuuid = "2d3c4b5a-6978-4877-8695-a4b3c2d1e0f0" },
		{ .name = "vdb", .type = "" },
		{ .name = "vdb125", .disk = "vdb", .partno = 125, .type = "ext4",
		  .uuid = "0123abcd-0000-4000-8000-00000000000a", .table_err = -E2BIG },
	};
	struct root_spec part = spec("PARTUUID=2d3c4b5a-6978-4877-8695-a4b3c2d1e0f0");
	struct root_spec label = spec("PARTLABEL=root");
	struct root_spec uuid = spec("UUID=0123abcd-0000-4000-8000-00000000000a");

	ATF_CHECK_EQ(rootdev_match(&part, d, 3), 0);
	ATF_CHECK_EQ(rootdev_blind(&part, d, 3), 2);
	ATF_CHECK_EQ(rootdev_blind(&label, d, 3), 2);
	/* a filesystem UUID comes from the partition's own bytes */
	ATF_CHECK_EQ(rootdev_blind(&uuid, d, 3), -1);
	ATF_CHECK_EQ(rootdev_match(&uuid, d, 3), -EEXIST);
	d[2].table_err = 0;
	ATF_CHECK_EQ(rootdev_blind(&part, d, 3), -1);
}

static char diag[4096];
static void diag_line(void *ctx, const char *text)
{
	(void)ctx;
	strcat(diag, text);
	strcat(diag, "\n");
}

ATF_TC_WITHOUT_HEAD(diagnosis_lists_devices_and_near_misses);
ATF_TC_BODY(diagnosis_lists_devices_and_near_misses, tc)
{
	struct blockdev d[3] = {
		{ .name = "vda", .size = 64 << 20, .type = "ext4",
		  .uuid = "0123abcd-0000-4000-8000-00000000000b", .label = "ro\not" },
		{ .name = "vdb1", .size = 8 << 20, .type = "vfat", .uuid = "ABCD-1234",
		  .partuuid = "0123abcd-0000-4000-8000-00000000000a", .partlabel = "EFI" },
		{ .name = "vdc", .size = 0 },
	};
	struct root_spec s = spec("UUID=0123abcd-0000-4000-8000-00000000000a");
	const char *unserved[] = { "acpi:QEMU0002:" };
	struct rootdev_diag_in in = { &s, d, 3, 30, "virtio_blk 20480 0 - Live 0x0\next4 1 0 - Live 0\n",
				      unserved, 1, 1, NULL };

	diag[0] = '\0';
	rootdev_diag_missing(&in, diag_line, NULL);
	printf("%s", diag);
	ATF_CHECK(strstr(diag, "no device matches root=UUID=0123abcd-0000-4000-8000-00000000000a after 30 s; 3 block devices:\n"));
	ATF_CHECK(strstr(diag, "  vda: 64 MiB TYPE=ext4 UUID=0123abcd-0000-4000-8000-00000000000b LABEL=ro\\x0aot\n"));
	ATF_CHECK(strstr(diag, "  vdb1: 8 MiB TYPE=vfat UUID=ABCD-1234 PARTUUID=0123abcd-0000-4000-8000-00000000000a PARTLABEL=EFI\n"));
	ATF_CHECK(strstr(diag, "  vdc: 0 KiB (empty)\n"));
	ATF_CHECK(strstr(diag, "modules loaded: virtio_blk ext4\n"));
	ATF_CHECK(strstr(diag, "modaliases no module in this initramfs serves (1): acpi:QEMU0002:\n"));
	ATF_CHECK(strstr(diag, "did you mean /dev/vda? its UUID=0123abcd-0000-4000-8000-00000000000b differs from the wanted one by 1 character\n"));
	ATF_CHECK(strstr(diag, "did you mean root=PARTUUID=0123abcd-0000-4000-8000-00000000000a? /dev/vdb1 has that value as its PARTUUID\n"));
}

ATF_TC_WITHOUT_HEAD(diagnosis_of_two_matches_lists_both);
ATF_TC_BODY(diagnosis_of_two_matches_lists_both, tc)
{
	struct blockdev d[3] = {
		{ .name = "vda", .size = 64 << 20, .type = "ext4", .label = "root" },
		{ .name = "vdb", .size = 64 << 20, .type = "ext4", .label = "data" },
		{ .name = "sda", .size = 64 << 20, .type = "ext4", .label = "root" },
	};
	struct root_spec s = spec("LABEL=root");
	struct rootdev_diag_in in = { &s, d, 3, 0, NULL, NULL, 0, 0, NULL };

	diag[0] = '\0';
	rootdev_diag_matches(&in, diag_line, NULL);
	printf("%s", diag);
	ATF_CHECK(strstr(diag, "root=LABEL=root matches 2 devices; refusing to guess"));
	ATF_CHECK(strstr(diag, "  vda: 64 MiB TYPE=ext4 LABEL=root\n"));
	ATF_CHECK(strstr(diag, "  sda: 64 MiB TYPE=ext4 LABEL=root\n"));
	ATF_CHECK(strstr(diag, "vdb") == NULL);
}

ATF_TC_WITHOUT_HEAD(distance_is_capped_and_folds_hex);
ATF_TC_BODY(distance_is_capped_and_folds_hex, tc)
{
	ATF_CHECK_EQ(rootdev_diag_distance("abcd", "ABCD", 1), 0);
	ATF_CHECK_EQ(rootdev_diag_distance("abcd", "ABCD", 0), 3);
	ATF_CHECK_EQ(rootdev_diag_distance("rootfs", "rootf", 0), 1);
	ATF_CHECK_EQ(rootdev_diag_distance("rootfs", "r00tfs", 0), 2);
	ATF_CHECK_EQ(rootdev_diag_distance("rootfs", "data", 0), 3);
}

ATF_TC_WITHOUT_HEAD(diagnosis_of_the_store_names_overlaystore);
ATF_TC_BODY(diagnosis_of_the_store_names_overlaystore, tc)
{
	struct blockdev d[2] = {
		{ .name = "vda", .size = 64 << 20, .type = "ext4", .label = "store" },
		{ .name = "sda", .size = 64 << 20, .type = "ext4", .label = "store" },
	};
	struct root_spec s = spec("LABEL=store");
	struct rootdev_diag_in in = { &s, d, 2, 3, NULL, NULL, 0, 0, "overlaystore" };
	struct root_spec m = spec("LABEL=stor");

	diag[0] = '\0';
	rootdev_diag_matches(&in, diag_line, NULL);
	ATF_CHECK(strstr(diag, "overlaystore=LABEL=store matches 2 devices; refusing to guess "
			 "which is the store"));
	in.spec = &m;
	diag[0] = '\0';
	rootdev_diag_missing(&in, diag_line, NULL);
	ATF_CHECK(strstr(diag, "no device matches overlaystore=LABEL=stor after 3 s"));
	ATF_CHECK(strstr(diag, "root=") == NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, device_names_are_validated);
	ATF_TP_ADD_TC(tp, containers_are_refused_with_a_reason);
	ATF_TP_ADD_TC(tp, unreadable_table_blinds_only_partition_specs);
	ATF_TP_ADD_TC(tp, diagnosis_lists_devices_and_near_misses);
	ATF_TP_ADD_TC(tp, diagnosis_of_two_matches_lists_both);
	ATF_TP_ADD_TC(tp, distance_is_capped_and_folds_hex);
	ATF_TP_ADD_TC(tp, spec_kinds);
	ATF_TP_ADD_TC(tp, devnum_parses_sysfs_and_refuses_junk);
	ATF_TP_ADD_TC(tp, uuid_matches_case_insensitively_and_exactly);
	ATF_TP_ADD_TC(tp, two_matches_are_refused);
	ATF_TP_ADD_TC(tp, diagnosis_of_the_store_names_overlaystore);
	return atf_no_error();
}
