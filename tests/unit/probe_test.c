/* Unit tests of the probes over images made by the real mkfs tools in
 * the test's work directory. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

static uint8_t image[32 << 20];

static struct probe_buf load(const char *cmd)
{
	struct probe_buf b = { image, 0 };
	FILE *f;

	ATF_REQUIRE_EQ_MSG(system(cmd), 0, "%s", cmd);
	f = fopen("img", "rb");
	ATF_REQUIRE(f != NULL);
	b.len = fread(image, 1, sizeof(image), f);
	fclose(f);
	return b;
}

ATF_TC_WITHOUT_HEAD(ext4_uuid_and_label);
ATF_TC_BODY(ext4_uuid_and_label, tc)
{
	struct probe_buf b = load("truncate -s 8M img && mkfs.ext4 -q -F "
				  "-U 0123abcd-0000-4000-8000-00000000000a -L 'my root' img");
	struct probe_src src;
	struct blockdev d = { 0 };

	probe_src_buf(&src, &b);
	ATF_REQUIRE_EQ(probe_filesystem(&src, &d), 1);
	ATF_CHECK_STREQ(d.type, "ext4");
	ATF_CHECK_STREQ(d.uuid, "0123abcd-0000-4000-8000-00000000000a");
	ATF_CHECK_STREQ(d.label, "my root");
}

ATF_TC_WITHOUT_HEAD(ext2_is_told_apart);
ATF_TC_BODY(ext2_is_told_apart, tc)
{
	struct probe_buf b = load("truncate -s 8M img && mkfs.ext2 -q -F img");
	struct probe_src src;
	struct blockdev d = { 0 };

	probe_src_buf(&src, &b);
	ATF_REQUIRE_EQ(probe_filesystem(&src, &d), 1);
	ATF_CHECK_STREQ(d.type, "ext2");
}

ATF_TC_WITHOUT_HEAD(flipped_magic_does_not_match);
ATF_TC_BODY(flipped_magic_does_not_match, tc)
{
	struct probe_buf b = load("truncate -s 8M img && mkfs.ext4 -q -F img");
	struct probe_src src;
	struct blockdev d = { 0 };

	image[1024 + 0x38] ^= 0xff;
	probe_src_buf(&src, &b);
	ATF_CHECK_EQ(probe_filesystem(&src, &d), 0);
}

ATF_TC_WITHOUT_HEAD(truncated_image_does_not_match);
ATF_TC_BODY(truncated_image_does_not_match, tc)
{
	struct probe_buf b = load("truncate -s 8M img && mkfs.ext4 -q -F img");
	struct probe_src src;
	struct blockdev d = { 0 };

	b.len = 1500;
	probe_src_buf(&src, &b);
	ATF_CHECK_EQ(probe_filesystem(&src, &d), 0);
}

static int fs(struct blockdev *d)
{
	struct probe_buf b = { image, 0 };
	FILE *f = fopen("img", "rb");
	struct probe_src src;

	ATF_REQUIRE(f != NULL);
	b.len = fread(image, 1, sizeof(image), f);
	fclose(f);
	probe_src_buf(&src, &b);
	memset(d, 0, sizeof(*d));
	return probe_filesystem(&src, d);
}

static void run(const char *cmd)
{
	ATF_REQUIRE_EQ_MSG(system(cmd), 0, "%s", cmd);
}

ATF_TC_WITHOUT_HEAD(vfat_root_directory_label_wins);
ATF_TC_BODY(vfat_root_directory_label_wins, tc)
{
	struct blockdev d;

	run("truncate -s 2M img && mkfs.vfat -F 12 -i 1a2b3c4d -n DIRLABEL img >/dev/null");
	/* the boot sector's copy (0x2B) now says something else */
	run("printf 'BOOTLABEL  ' | dd of=img bs=1 seek=43 conv=notrunc status=none");
	ATF_REQUIRE_EQ(fs(&d), 1);
	ATF_CHECK_STREQ(d.type, "vfat");
	ATF_CHECK_STREQ(d.uuid, "1A2B-3C4D");
	ATF_CHECK_STREQ(d.label, "DIRLABEL");
	/* without a directory entry, the boot sector's label is used */
	run("rm img && truncate -s 2M img && mkfs.vfat -F 12 img >/dev/null && "
	    "printf 'BOOTLABEL  ' | dd of=img bs=1 seek=43 conv=notrunc status=none");
	ATF_REQUIRE_EQ(fs(&d), 1);
	ATF_CHECK_STREQ(d.label, "BOOTLABEL");
}

ATF_TC_WITHOUT_HEAD(fat32_label_in_root_cluster);
ATF_TC_BODY(fat32_label_in_root_cluster, tc)
{
	struct blockdev d;

	run("truncate -s 40M img && mkfs.vfat -F 32 -i 0000beef -n 'MY FAT32' img >/dev/null");
	ATF_REQUIRE_EQ(fs(&d), 1);
	ATF_CHECK_STREQ(d.label, "MY FAT32");
	ATF_CHECK_STREQ(d.uuid, "0000-BEEF");
}

ATF_TC_WITHOUT_HEAD(partuuid_mbr_partition_10_is_hex);
ATF_TC_BODY(partuuid_mbr_partition_10_is_hex, tc)
{
	struct probe_buf b = { image, 0 };
	static struct probe_table t;
	struct probe_src src;
	FILE *f;

	run("rm -f img && truncate -s 16M img && printf 'label: dos\\nlabel-id: 0xdeadbeef\\n"
	    "size=1M\\nsize=1M\\nsize=1M\\ntype=5\\nsize=1M\\nsize=1M\\nsize=1M\\n"
	    "size=1M\\nsize=1M\\nsize=1M\\n' | sfdisk -q img");
	f = fopen("img", "rb");
	b.len = fread(image, 1, sizeof(image), f);
	fclose(f);
	probe_src_buf(&src, &b);
	ATF_REQUIRE_EQ(probe_table(&src, 512, &t), 1);
	ATF_CHECK_STREQ(t.type, "dos");
	ATF_CHECK_STREQ(t.uuid, "deadbeef");
	ATF_REQUIRE_EQ(t.n, 10);
	ATF_REQUIRE(probe_table_find(&t, 10) != NULL);
	ATF_CHECK_STREQ(probe_table_find(&t, 10)->uuid, "deadbeef-0a");
	ATF_CHECK_STREQ(probe_table_find(&t, 5)->uuid, "deadbeef-05");
	/* sfdisk aligns each logical partition 1 MiB after its EBR */
	ATF_CHECK_EQ(probe_table_find(&t, 5)->start, (uint64_t)5 << 20);
	ATF_CHECK_EQ(probe_table_find(&t, 10)->start, (uint64_t)15 << 20);
}

ATF_TC_WITHOUT_HEAD(swap_is_recognised_and_refused);
ATF_TC_BODY(swap_is_recognised_and_refused, tc)
{
	struct blockdev d;

	run("truncate -s 4M img && chmod 600 img && mkswap -U 11111111-2222-4333-8444-555555555555 "
	    "-L myswap img >/dev/null 2>&1");
	ATF_REQUIRE_EQ(fs(&d), 1);
	ATF_CHECK_STREQ(d.type, "swap");
	ATF_CHECK_STREQ(d.uuid, "11111111-2222-4333-8444-555555555555");
	ATF_CHECK_STREQ(d.label, "myswap");
	ATF_CHECK(rootdev_refusal(&d) != NULL);
}

/* Headers written by hand, at the offsets the on-disk formats name. */
ATF_TC_WITHOUT_HEAD(luks_lvm_md_members_are_recognised);
ATF_TC_BODY(luks_lvm_md_members_are_recognised, tc)
{
	struct blockdev d;

	run("rm -f img && truncate -s 4M img && printf 'LUKS\\272\\276\\000\\002' | "
	    "dd of=img conv=notrunc status=none && printf '0f1e2d3c-0000-4000-8000-000000000001' | "
	    "dd of=img bs=1 seek=168 conv=notrunc status=none");
	ATF_REQUIRE_EQ(fs(&d), 1);
	ATF_CHECK_STREQ(d.type, "crypto_LUKS");
	ATF_CHECK_STREQ(d.uuid, "0f1e2d3c-0000-4000-8000-000000000001");
	ATF_CHECK(strstr(rootdev_refusal(&d), "LUKS") != NULL);

	/* md 1.2: magic, major version 1, set_uuid, super_offset = 8 sectors */
	run("rm -f img && truncate -s 4M img && printf '\\374\\116\\053\\251\\001\\000\\000\\000' | "
	    "dd of=img bs=1 seek=4096 conv=notrunc status=none && "
	    "printf '\\010' | dd of=img bs=1 seek=$((4096 + 128)) conv=notrunc status=none && "
	    "printf 'md0' | dd of=img bs=1 seek=$((4096 + 32)) conv=notrunc status=none");
	ATF_REQUIRE_EQ(fs(&d), 1);
	ATF_CHECK_STREQ(d.type, "linux_raid_member");
	ATF_CHECK_STREQ(d.label, "md0");
}

ATF_TC_WITHOUT_HEAD(two_signatures_are_ambiguous);
ATF_TC_BODY(two_signatures_are_ambiguous, tc)
{
	struct blockdev d;

	/* ext4 leaves its first 1 KiB alone: a stale LUKS header there is
	 * the kind of leftover wipefs removes. */
	run("truncate -s 16M img && mkfs.ext4 -q -F img && "
	    "printf 'LUKS\\272\\276\\000\\001' | dd of=img conv=notrunc status=none");
	ATF_CHECK_EQ(fs(&d), -EEXIST);
	ATF_CHECK_STREQ(d.type, "crypto_LUKS+ext4");
	ATF_CHECK_STREQ(d.uuid, "");
	ATF_CHECK(rootdev_refusal(&d) != NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, vfat_root_directory_label_wins);
	ATF_TP_ADD_TC(tp, fat32_label_in_root_cluster);
	ATF_TP_ADD_TC(tp, partuuid_mbr_partition_10_is_hex);
	ATF_TP_ADD_TC(tp, swap_is_recognised_and_refused);
	ATF_TP_ADD_TC(tp, luks_lvm_md_members_are_recognised);
	ATF_TP_ADD_TC(tp, two_signatures_are_ambiguous);
	ATF_TP_ADD_TC(tp, ext4_uuid_and_label);
	ATF_TP_ADD_TC(tp, ext2_is_told_apart);
	ATF_TP_ADD_TC(tp, flipped_magic_does_not_match);
	ATF_TP_ADD_TC(tp, truncated_image_does_not_match);
	return atf_no_error();
}
