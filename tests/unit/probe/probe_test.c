/* Unit tests of the probes over images made by the real mkfs tools in
 * the test's work directory. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe.h"
#include "rootdev/rootdev_diag.h"

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

/* veritysetup format's hash device: blkid's TYPE and UUID, and no root. */
ATF_TC_WITHOUT_HEAD(verity_hash_device_type_and_uuid);
ATF_TC_BODY(verity_hash_device_type_and_uuid, tc)
{
	struct blockdev d;

	run("rm -f img data && truncate -s 4M data && veritysetup format data img "
	    "--uuid 0f1e2d3c-0000-4000-8000-0000000000aa >/dev/null");
	ATF_REQUIRE_EQ(fs(&d), 1);
	ATF_CHECK_STREQ(d.type, "DM_verity_hash");
	ATF_CHECK_STREQ(d.uuid, "0f1e2d3c-0000-4000-8000-0000000000aa");
	ATF_CHECK(strstr(rootdev_refusal(&d), "verityhash=") != NULL);
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

/* ---- Hostile fields (issue 16): offsets and lengths near 2^32 and 2^64,
 * loops, huge tables. Images built here, checksums valid, so the code
 * behind the checksum is what is tested. A counting source checks what
 * each refusal cost. */

struct counted {
	struct probe_buf buf;
	size_t reads, bytes;
};

static int counted_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	struct counted *c = ctx;

	c->reads++;
	c->bytes += len;
	if (off > c->buf.len || len > c->buf.len - off)
		return -ERANGE;
	memcpy(dst, c->buf.data + off, len);
	return 0;
}

static void counted_src(struct probe_src *src, struct counted *c, size_t len)
{
	c->buf.data = image;
	c->buf.len = len;
	c->reads = c->bytes = 0;
	src->read = counted_read;
	src->ctx = c;
	src->size = len;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* An LVM2 label in sector 1 whose pv_header offset is pvh, CRC valid. */
static int lvm_with_offset(uint32_t pvh, struct blockdev *d)
{
	struct counted c;
	struct probe_src src;
	uint8_t *s = image + 512;

	memset(image, 0, 1 << 20);
	memcpy(s, "LABELONE", 8);
	put64(s + 8, 1);
	put32(s + 20, pvh);
	memcpy(s + 24, "LVM2 001", 8);
	memset(s + 32, 'A', 512 - 32);
	put32(s + 16, probe_crc32(0xf597a6cfu, s + 20, 512 - 20));
	counted_src(&src, &c, 1 << 20);
	memset(d, 0, sizeof(*d));
	return probe_filesystem(&src, d);
}

ATF_TC_WITHOUT_HEAD(lvm2_pv_header_offset_near_2_32_is_refused);
ATF_TC_BODY(lvm2_pv_header_offset_near_2_32_is_refused, tc)
{
	static const uint32_t bad[] = { 0xFFFFFFF0u, 0xFFFFFFE0u, 0xFFFFFFFFu, 0x80000000u, 481, 512, 31 };
	struct blockdev d;

	/* 0xFFFFFFF0 + 32 wraps to 16 in 32 bits: that passed, and the UUID
	 * was read 4 GiB past the sector (ASan reports it here). */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ATF_CHECK_EQ_MSG(lvm_with_offset(bad[i], &d), 0, "offset %#x", (unsigned)bad[i]);
		ATF_CHECK_STREQ(d.type, "");
	}
	/* the last place a 32-byte UUID fits */
	ATF_REQUIRE_EQ(lvm_with_offset(480, &d), 1);
	ATF_CHECK_STREQ(d.type, "LVM2_member");
	ATF_CHECK_STREQ(d.uuid, "AAAAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAAAA");
}

ATF_TC_WITHOUT_HEAD(md_super_offset_that_wraps_is_refused);
ATF_TC_BODY(md_super_offset_that_wraps_is_refused, tc)
{
	struct counted c;
	struct probe_src src;
	struct blockdev d = { 0 };
	uint8_t *sb = image + 4096;

	memset(image, 0, 1 << 20);
	put32(sb, 0xa92b4efcu);
	put32(sb + 4, 1);
	put64(sb + 128, ((uint64_t)1 << 55) + 8);   /* times 512: 2^64 + 4096, wraps to 4096 */
	counted_src(&src, &c, 1 << 20);
	ATF_CHECK_EQ(probe_filesystem(&src, &d), 0);
	put64(sb + 128, 8);
	ATF_CHECK_EQ(probe_filesystem(&src, &d), 1);
	ATF_CHECK_STREQ(d.type, "linux_raid_member");
}

/* A GPT on a disk of size bytes: protective MBR, header at LBA 1 naming
 * n entries of esz bytes at LBA elba, the first used ones filled, both
 * CRCs valid where the array lies on the disk. */
static void gpt_build(size_t size, uint32_t n, uint32_t esz, unsigned used, uint64_t elba)
{
	uint8_t *h = image + 512;
	uint64_t bytes = (uint64_t)n * esz;

	memset(image, 0, size);
	image[446 + 4] = 0xEE;
	put32(image + 446 + 8, 1);
	put32(image + 446 + 12, (uint32_t)(size / 512 - 1));
	image[510] = 0x55;
	image[511] = 0xAA;
	memcpy(h, "EFI PART", 8);
	put32(h + 8, 0x10000);
	put32(h + 12, 92);
	put64(h + 24, 1);
	put64(h + 32, size / 512 - 1);
	put64(h + 72, elba);
	put32(h + 80, n);
	put32(h + 84, esz);
	for (unsigned i = 0; i < used && (uint64_t)(i + 1) * esz <= size - 1024; i++) {
		uint8_t *e = image + 1024 + (size_t)i * esz;
		e[0] = 0xAF;                     /* a type GUID that is not zero */
		put32(e + 16, i + 1);
		put64(e + 32, 200 + i);
		put64(e + 40, 200 + i);
	}
	if (bytes <= size - 1024)
		put32(h + 88, ~probe_crc32(~0u, image + 1024, (size_t)bytes));
	put32(h + 16, ~probe_crc32(~0u, h, 92));
}

static int gpt_probe(size_t size, struct counted *c)
{
	static struct probe_table t;
	struct probe_src src;

	counted_src(&src, c, size);
	return probe_table(&src, 512, &t);
}

ATF_TC_WITHOUT_HEAD(gpt_entry_array_over_the_cap_is_efbig);
ATF_TC_BODY(gpt_entry_array_over_the_cap_is_efbig, tc)
{
	struct counted c;

	/* the 16384 entries of 1 KiB: 16 MiB of CRC before */
	gpt_build(1 << 20, 16384, 1024, 2, 2);
	ATF_CHECK_EQ(gpt_probe(1 << 20, &c), -EFBIG);
	ATF_CHECK_MSG(c.bytes < 4096, "%zu bytes read", c.bytes);
	/* 2^25 entries of 128 bytes: 2^32 bytes, 0 in 32 bits */
	gpt_build(1 << 20, 1u << 25, 128, 2, 2);
	ATF_CHECK_EQ(gpt_probe(1 << 20, &c), -EFBIG);
	gpt_build(1 << 20, 0xFFFFFFFFu, 128, 2, 2);
	ATF_CHECK_EQ(gpt_probe(1 << 20, &c), -EFBIG);
	/* exactly the cap is read, and its cost is the cap */
	gpt_build(1 << 20, PROBE_GPT_ARRAY_MAX / 128, 128, 2, 2);
	ATF_CHECK_EQ(gpt_probe(1 << 20, &c), 1);
	ATF_CHECK_MSG(c.bytes <= 3 * 512 + PROBE_GPT_ARRAY_MAX, "%zu bytes read", c.bytes);
	ATF_CHECK_MSG(c.reads <= 3 + PROBE_GPT_ARRAY_MAX / PROBE_READ_CHUNK, "%zu reads", c.reads);
	ATF_CHECK_EQ(strcmp(probe_strerror(-EFBIG, 1), "a GPT entry array over 65536 bytes"), 0);
}

ATF_TC_WITHOUT_HEAD(gpt_more_than_parts_max_used_entries_is_e2big);
ATF_TC_BODY(gpt_more_than_parts_max_used_entries_is_e2big, tc)
{
	static struct probe_table t;
	struct counted c;
	struct probe_src src;

	gpt_build(1 << 20, 256, 128, 200, 2);
	ATF_CHECK_EQ(gpt_probe(1 << 20, &c), -E2BIG);
	gpt_build(1 << 20, 256, 128, PARTS_MAX, 2);
	counted_src(&src, &c, 1 << 20);
	ATF_REQUIRE_EQ(probe_table(&src, 512, &t), 1);
	ATF_CHECK_EQ(t.n, PARTS_MAX);
	ATF_CHECK_STREQ(probe_strerror(-E2BIG, 1), "more than 128 partitions");
}

ATF_TC_WITHOUT_HEAD(gpt_offsets_that_wrap_are_refused);
ATF_TC_BODY(gpt_offsets_that_wrap_are_refused, tc)
{
	static struct probe_table t;
	struct counted c;
	struct probe_src src;
	uint8_t *h = image + 512, *e = image + 1024;

	/* (2^55 + 2) * 512 wraps to 1024, where the real array is */
	gpt_build(1 << 20, 128, 128, 2, ((uint64_t)1 << 55) + 2);
	ATF_CHECK_EQ(gpt_probe(1 << 20, &c), 0);
	gpt_build(1 << 20, 128, 0x80000000u, 2, 2);
	ATF_CHECK_EQ(gpt_probe(1 << 20, &c), 0);
	/* a header size near 2^32 */
	gpt_build(1 << 20, 128, 128, 2, 2);
	put32(h + 12, 0xFFFFFFF0u);
	put32(h + 16, 0);
	put32(h + 16, ~probe_crc32(~0u, h, 92));
	ATF_CHECK_EQ(gpt_probe(1 << 20, &c), 0);
	/* an entry whose LBAs lie past the disk (2^55 * 512 wraps to 0) is
	 * skipped, as the kernel skips it; the others stay */
	gpt_build(1 << 20, 128, 128, 3, 2);
	put64(e + 32, (uint64_t)1 << 55);
	put64(e + 128 + 40, ~(uint64_t)0);
	put32(h + 88, ~probe_crc32(~0u, e, 128 * 128));
	put32(h + 16, 0);
	put32(h + 16, ~probe_crc32(~0u, h, 92));
	counted_src(&src, &c, 1 << 20);
	ATF_REQUIRE_EQ(probe_table(&src, 512, &t), 1);
	ATF_CHECK_EQ(t.n, 1);
	ATF_CHECK(probe_table_find(&t, 1) == NULL && probe_table_find(&t, 2) == NULL);
	ATF_REQUIRE(probe_table_find(&t, 3) != NULL);
	ATF_CHECK_EQ(probe_table_find(&t, 3)->start, (uint64_t)202 * 512);
}

/* An MBR with an extended partition at LBA 100 and EBRs at 100 + 10 k
 * (k < links), each with one logical partition unless empty, the last
 * one linking to LBA 100 + back. */
static void ebr_chain(unsigned links, int back, int empty)
{
	memset(image, 0, 1 << 20);
	image[446 + 4] = 0x05;
	put32(image + 446 + 8, 100);
	put32(image + 446 + 12, 1900);
	image[510] = 0x55;
	image[511] = 0xAA;
	for (unsigned k = 0; k < links; k++) {
		uint8_t *s = image + (100 + 10 * (size_t)k) * 512;
		if (!empty) {
			s[446 + 4] = 0x83;
			put32(s + 446 + 8, 1);
			put32(s + 446 + 12, 2);
		}
		if (k + 1 < links || back >= 0) {
			s[462 + 4] = 0x05;
			put32(s + 462 + 8, k + 1 < links ? 10 * (k + 1) : (uint32_t)back);
			put32(s + 462 + 12, 10);
		}
		s[510] = 0x55;
		s[511] = 0xAA;
	}
}

ATF_TC_WITHOUT_HEAD(mbr_ebr_chain_that_loops_is_eloop);
ATF_TC_BODY(mbr_ebr_chain_that_loops_is_eloop, tc)
{
	static struct probe_table t;
	struct counted c;
	struct probe_src src;

	counted_src(&src, &c, 1 << 20);
	ebr_chain(1, 0, 0);             /* the EBR links to itself */
	ATF_CHECK_EQ(probe_table(&src, 512, &t), -ELOOP);
	ebr_chain(3, 10, 0);            /* the third back to the second */
	ATF_CHECK_EQ(probe_table(&src, 512, &t), -ELOOP);
	ebr_chain(5, 0, 1);             /* empty EBRs, back to the first */
	ATF_CHECK_EQ(probe_table(&src, 512, &t), -ELOOP);
	ATF_CHECK_STREQ(probe_strerror(-ELOOP, 1),
			"the extended partition chain loops (or has more than 128 links)");
	/* more links than PROBE_EBR_MAX, none repeated: refused, in bounded reads */
	ebr_chain(PROBE_EBR_MAX + 5, -1, 1);
	c.reads = 0;
	ATF_CHECK_EQ(probe_table(&src, 512, &t), -ELOOP);
	ATF_CHECK_MSG(c.reads <= PROBE_EBR_MAX + 8, "%zu reads", c.reads);
	/* a chain that ends: numbered from 5 */
	ebr_chain(3, -1, 0);
	ATF_REQUIRE_EQ(probe_table(&src, 512, &t), 1);
	ATF_CHECK_EQ(t.n, 4);
	ATF_CHECK(probe_table_find(&t, 7) != NULL);
}

/* The image: 1 MiB of FAT32 with 512 KiB clusters; its root
 * directory's cluster 2 points to itself. */
static int fat32_loop(const char *mkfs, uint32_t link2, struct counted *c, struct blockdev *d)
{
	struct probe_src src;
	struct probe_buf b;
	uint8_t *fat;
	size_t bps, data;

	b = load(mkfs);
	bps = probe_le16(image + 0x0B);
	fat = image + probe_le16(image + 0x0E) * bps;
	data = (size_t)(fat - image) + image[0x10] * probe_le32(image + 0x24) * bps;
	/* fill the data area with files (over mkfs's label entry too), so
	 * no directory scan ends early; the boot sector keeps the label */
	for (size_t o = data; o + 32 <= b.len; o += 32) {
		memcpy(image + o, "FILE    TXT", 11);
		image[o + 11] = 0x20;
	}
	put32(fat + 8, link2);
	for (uint32_t k = 3; k < 1000 && link2 == 3; k++)
		put32(fat + 4 * k, k + 1);      /* a chain as long as the volume */
	counted_src(&src, c, b.len);
	memset(d, 0, sizeof(*d));
	return probe_filesystem(&src, d);
}

ATF_TC_WITHOUT_HEAD(fat32_root_chain_that_loops_is_eloop_and_cheap);
ATF_TC_BODY(fat32_root_chain_that_loops_is_eloop_and_cheap, tc)
{
	struct counted c;
	struct blockdev d;

	/* 1.6 million reads before */
	ATF_CHECK_EQ(fat32_loop("rm -f img && truncate -s 1M img && "
				"mkfs.vfat -F 32 -S 4096 -s 128 -n LOOPY img >/dev/null 2>&1",
				2, &c, &d), -ELOOP);
	/* the probes before vfat's read 16 times (verity's one of them); vfat: its boot sector, one FAT entry */
	ATF_CHECK_MSG(c.reads <= 18, "%zu reads", c.reads);
	ATF_CHECK_STREQ(probe_strerror(-ELOOP, 0), "a FAT root directory whose cluster chain loops");
	/* 512-byte clusters, 2 -> 3 -> 2 */
	ATF_CHECK_EQ(fat32_loop("rm -f img && truncate -s 1M img && "
				"mkfs.vfat -F 32 -s 1 -n LOOPY img >/dev/null 2>&1", 0, &c, &d), 1);
	ATF_CHECK_EQ(fat32_loop("rm -f img && truncate -s 1M img && "
				"mkfs.vfat -F 32 -s 1 -n LOOPY img >/dev/null 2>&1", 3, &c, &d), 1);
	/* a chain through every cluster: the budget stops it, the boot
	 * sector's label is used */
	ATF_CHECK_STREQ(d.label, "LOOPY");
	/* (the other probes read 15 KiB; the FAT 4 bytes a hop) */
	ATF_CHECK_MSG(c.bytes <= PROBE_FAT_ROOT_MAX + 16384 + PROBE_FAT_ROOT_MAX / 512 * 4,
		      "%zu bytes read", c.bytes);
	ATF_CHECK_MSG(c.reads <= 64 + PROBE_FAT_ROOT_MAX / 512 * 2, "%zu reads", c.reads);
}

static void diag_keep(void *ctx, const char *text)
{
	if (strstr(text, "vdz1:") != NULL)
		snprintf(ctx, 512, "%s", text);
}

ATF_TC_WITHOUT_HEAD(refused_table_is_named_in_the_diagnosis);
ATF_TC_BODY(refused_table_is_named_in_the_diagnosis, tc)
{
	struct root_spec spec;
	struct blockdev d = { .name = "vdz1", .partno = 1, .size = 1 << 20, .table_err = -ELOOP,
			      .probe_err = -ELOOP };
	struct rootdev_diag_in in = { &spec, &d, 1, 30, NULL, NULL, 0, 0, NULL };
	const char *why;
	char line[512] = "";

	ATF_REQUIRE_EQ(rootdev_spec_parse("PARTUUID=0badebb5-05", &spec, &why), 0);
	rootdev_diag_missing(&in, diag_keep, line);
	ATF_CHECK_MSG(strstr(line, "(partition table refused: the extended partition chain loops") != NULL,
		      "%s", line);
	ATF_CHECK_MSG(strstr(line, "(unreadable: a FAT root directory whose cluster chain loops)") != NULL,
		      "%s", line);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, verity_hash_device_type_and_uuid);
	ATF_TP_ADD_TC(tp, refused_table_is_named_in_the_diagnosis);
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
	ATF_TP_ADD_TC(tp, lvm2_pv_header_offset_near_2_32_is_refused);
	ATF_TP_ADD_TC(tp, md_super_offset_that_wraps_is_refused);
	ATF_TP_ADD_TC(tp, gpt_entry_array_over_the_cap_is_efbig);
	ATF_TP_ADD_TC(tp, gpt_more_than_parts_max_used_entries_is_e2big);
	ATF_TP_ADD_TC(tp, gpt_offsets_that_wrap_are_refused);
	ATF_TP_ADD_TC(tp, mbr_ebr_chain_that_loops_is_eloop);
	ATF_TP_ADD_TC(tp, fat32_root_chain_that_loops_is_eloop_and_cheap);
	return atf_no_error();
}
