/* See probe_fixup.h. Every offset is checked against size before use. */
#include "probe_fixup.h"

#include <string.h>

#include "probe/probe.h"

static void fix_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

/* LVM2 label: CRC-32 seeded 0xf597a6cf over bytes 20..511, at 16. */
static void fix_lvm(uint8_t *d, size_t n)
{
	for (size_t i = 0; i < 4 && (i + 1) * 512 <= n; i++) {
		uint8_t *s = d + i * 512;
		if (memcmp(s, "LABELONE", 8) == 0)
			fix_put32(s + 16, probe_crc32(0xf597a6cfu, s + 20, 512 - 20));
	}
}

/* A GPT header at off: the entry array's CRC (when the array lies in
 * the image), then the header's own (its CRC field taken as zero). */
static void fix_gpt_header(uint8_t *d, size_t n, size_t off, unsigned sector)
{
	uint8_t *h = d + off;
	uint32_t hsize, cnt, esz;
	uint64_t lba, bytes;

	if (off > n || n - off < 512 || memcmp(h, "EFI PART", 8) != 0)
		return;
	hsize = probe_le32(h + 12);
	lba = probe_le64(h + 72);
	cnt = probe_le32(h + 80);
	esz = probe_le32(h + 84);
	bytes = (uint64_t)cnt * esz;
	if (lba < n / sector && bytes <= n - lba * sector)
		fix_put32(h + 88, ~probe_crc32(~0u, d + lba * sector, (size_t)bytes));
	if (hsize < 92 || hsize > 512)
		return;
	fix_put32(h + 16, 0);
	fix_put32(h + 16, ~probe_crc32(~0u, h, hsize));
}

static void fix_gpt(uint8_t *d, size_t n)
{
	for (unsigned sector = 512; sector <= 4096; sector *= 8) {
		if (n / sector < 3)
			continue;
		fix_gpt_header(d, n, sector, sector);
		fix_gpt_header(d, n, (n / sector - 1) * sector, sector);
	}
}

/* ext4 with metadata_csum: raw CRC-32C of the first 0x3FC bytes. */
static void fix_ext4(uint8_t *d, size_t n)
{
	uint8_t *sb = d + 1024;

	if (n < 2048 || probe_le16(sb + 0x38) != 0xEF53 || !(probe_le32(sb + 0x64) & 0x0400))
		return;
	fix_put32(sb + 0x3FC, probe_crc32c(~0u, sb, 0x3FC));
}

/* btrfs, csum_type 0: inverted CRC-32C of bytes 32..4095, at 0. */
static void fix_btrfs(uint8_t *d, size_t n)
{
	uint8_t *sb = d + 0x10000;

	if (n < 0x10000 + 4096 || memcmp(sb + 0x40, "_BHRfS_M", 8) != 0 || probe_le16(sb + 0xC4))
		return;
	fix_put32(sb, ~probe_crc32c(~0u, sb + 32, 4096 - 32));
}

/* xfs v5: inverted CRC-32C of the sector, sb_crc (224) taken as zero. */
static void fix_xfs(uint8_t *d, size_t n)
{
	unsigned ss;

	if (n < 512 || memcmp(d, "XFSB", 4) != 0 || (probe_be16(d + 100) & 0xF) != 5)
		return;
	ss = probe_be16(d + 102);
	if (ss < 512 || ss > 32768 || ss > n)
		return;
	fix_put32(d + 224, 0);
	fix_put32(d + 224, ~probe_crc32c(~0u, d, ss));
}

/* erofs with SB_CHKSUM: raw CRC-32C from 1 KiB to the block's end, the
 * checksum (1024 + 4) taken as zero. */
static void fix_erofs(uint8_t *d, size_t n)
{
	uint8_t *sb = d + 1024;
	size_t end;

	if (n < 1024 + 512 || probe_le32(sb) != 0xE0F5E1E2u || !(probe_le32(sb + 8) & 1))
		return;
	if (sb[12] < 11 || sb[12] > 16 || (end = (size_t)1 << sb[12]) > n)
		return;
	fix_put32(sb + 4, 0);
	fix_put32(sb + 4, probe_crc32c(~0u, sb, end - 1024));
}

void probe_fixup(uint8_t *data, size_t size)
{
	fix_lvm(data, size);
	fix_gpt(data, size);
	fix_ext4(data, size);
	fix_btrfs(data, size);
	fix_xfs(data, size);
	fix_erofs(data, size);
}
