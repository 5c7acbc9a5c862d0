/* XFS: the superblock is at offset 0, big-endian
 * (fs/xfs/libxfs/xfs_format.h, xfs_sb.c). Version 5 superblocks carry a
 * CRC-32C of the whole sector with the sb_crc field taken as zero,
 * inverted and stored little-endian (xfs_cksum.h xfs_end_cksum).
 *
 * Audit (issue 16): sb_sectsize, the one length from the disk, is
 * checked (512..32768, a power of two) before the CRC loop uses it:
 * at most 63 more 512-byte reads. Everything else is compared. */
#include "probe/probe.h"

#include <string.h>

#define XFS_MAGIC_OFF      0
#define XFS_BLOCKSIZE_OFF  4
#define XFS_UUID_OFF       32
#define XFS_VERSION_OFF    100
#define XFS_SECTSIZE_OFF   102
#define XFS_FNAME_OFF      108
#define XFS_FNAME_LEN      12
#define XFS_CRC_OFF        224
#define XFS_VERSION_MASK   0x000F
#define XFS_MAX_SECTSIZE   32768

static int xfs_sane(const uint8_t *sb)
{
	uint32_t bs = probe_be32(sb + XFS_BLOCKSIZE_OFF);
	unsigned ss = probe_be16(sb + XFS_SECTSIZE_OFF);
	unsigned v = probe_be16(sb + XFS_VERSION_OFF) & XFS_VERSION_MASK;

	if (memcmp(sb + XFS_MAGIC_OFF, "XFSB", 4) != 0)
		return 0;
	if (bs < 512 || bs > 65536 || (bs & (bs - 1)))
		return 0;
	if (ss < 512 || ss > XFS_MAX_SECTSIZE || (ss & (ss - 1)) || ss > bs)
		return 0;
	return v >= 1 && v <= 5;
}

static int xfs_crc_ok(const struct probe_src *src, const uint8_t *sb)
{
	unsigned ss = probe_be16(sb + XFS_SECTSIZE_OFF);
	uint8_t chunk[512];
	uint32_t crc;

	if ((probe_be16(sb + XFS_VERSION_OFF) & XFS_VERSION_MASK) != 5)
		return 1;
	crc = probe_crc32c(~0u, sb, XFS_CRC_OFF);
	crc = probe_crc32c(crc, (const uint8_t *)"\0\0\0\0", 4);
	crc = probe_crc32c(crc, sb + XFS_CRC_OFF + 4, sizeof(chunk) - XFS_CRC_OFF - 4);
	for (unsigned off = sizeof(chunk); off < ss; off += sizeof(chunk)) {
		if (probe_read(src, off, chunk, sizeof(chunk)) < 0)
			return 0;
		crc = probe_crc32c(crc, chunk, sizeof(chunk));
	}
	return ~crc == probe_le32(sb + XFS_CRC_OFF);
}

int probe_xfs(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sb[512];

	if (probe_read(src, 0, sb, sizeof(sb)) < 0 || !xfs_sane(sb) || !xfs_crc_ok(src, sb))
		return 0;
	strcpy(dev->type, "xfs");
	probe_uuid_str(dev->uuid, sb + XFS_UUID_OFF);
	probe_label(dev->label, sb + XFS_FNAME_OFF, XFS_FNAME_LEN);
	return 1;
}
