/* EROFS: the superblock is at 1 KiB, little-endian (fs/erofs/erofs_fs.h).
 * With the SB_CHKSUM compat feature, checksum holds the raw CRC-32C
 * (seed ~0, no final inversion) of the rest of the first block from the
 * superblock on, the checksum field taken as zero (erofs_superblock_csum_verify).
 *
 * Audit (issue 16): blkszbits, the one length from the disk, is checked
 * (11..16) before the shift; the CRC then reads at most 127 512-byte
 * pieces of the first block. */
#include "probe/probe.h"

#include <string.h>

#define EROFS_SB_OFF         1024
#define EROFS_MAGIC          0xE0F5E1E2u
#define EROFS_CSUM_OFF       4
#define EROFS_COMPAT_OFF     8
#define EROFS_BLKSZBITS_OFF  12
#define EROFS_UUID_OFF       48
#define EROFS_NAME_OFF       64
#define EROFS_NAME_LEN       16
#define EROFS_FEATURE_SB_CSUM 0x1

static int erofs_csum_ok(const struct probe_src *src, const uint8_t *sb, unsigned bits)
{
	uint8_t chunk[512];
	uint64_t end = 1ull << bits;
	uint32_t crc;

	if (!(probe_le32(sb + EROFS_COMPAT_OFF) & EROFS_FEATURE_SB_CSUM))
		return 1;
	crc = probe_crc32c(~0u, sb, EROFS_CSUM_OFF);
	crc = probe_crc32c(crc, (const uint8_t *)"\0\0\0\0", 4);
	crc = probe_crc32c(crc, sb + 8, sizeof(chunk) - 8);
	for (uint64_t off = EROFS_SB_OFF + sizeof(chunk); off < end; off += sizeof(chunk)) {
		if (probe_read(src, off, chunk, sizeof(chunk)) < 0)
			return 0;
		crc = probe_crc32c(crc, chunk, sizeof(chunk));
	}
	return crc == probe_le32(sb + EROFS_CSUM_OFF);
}

int probe_erofs(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sb[512];
	unsigned bits;

	if (probe_read(src, EROFS_SB_OFF, sb, sizeof(sb)) < 0 || probe_le32(sb) != EROFS_MAGIC)
		return 0;
	bits = sb[EROFS_BLKSZBITS_OFF];
	if (bits < 11 || bits > 16 || !erofs_csum_ok(src, sb, bits))
		return 0;
	strcpy(dev->type, "erofs");
	probe_uuid_str(dev->uuid, sb + EROFS_UUID_OFF);
	probe_label(dev->label, sb + EROFS_NAME_OFF, EROFS_NAME_LEN);
	return 1;
}
