/* btrfs: the primary superblock is 4 KiB at 64 KiB
 * (Documentation/filesystems/btrfs, fs/btrfs/disk-io.c
 * btrfs_validate_super). The first 32 bytes are the checksum of the
 * rest; with csum_type 0 it is CRC-32C (seed ~0, inverted, stored
 * little-endian). The other checksum types (xxhash64, sha256, blake2b)
 * are not verified here; the magic, the sizes and the bytenr still are.
 *
 * Audit (issue 16): one 4 KiB read at a fixed offset; bytenr, sectorsize
 * and nodesize are only compared, the label is read at a constant offset
 * and bounded by LABEL_MAX (probe_label). */
#include "probe/probe.h"

#include <string.h>

/* struct btrfs_super_block (fs/btrfs/accessors.h, uapi btrfs_tree.h). */
enum {
	BTRFS_SB_OFF = 0x10000,         /* the primary copy */
	BTRFS_SB_SIZE = 4096,
	BTRFS_CSUM_SIZE = 32,           /* csum[] leads, covering the rest */
	BTRFS_FSID_OFF = 0x20,
	BTRFS_BYTENR_OFF = 0x30,
	BTRFS_MAGIC_OFF = 0x40,
	BTRFS_SECTORSIZE_OFF = 0x90,
	BTRFS_NODESIZE_OFF = 0x94,
	BTRFS_CSUM_TYPE_OFF = 0xC4,
	BTRFS_LABEL_OFF = 0x12B,
	BTRFS_LABEL_LEN = 256,
	BTRFS_CSUM_CRC32C = 0,
};

static int btrfs_sane(const uint8_t *sb)
{
	uint32_t sector = probe_le32(sb + BTRFS_SECTORSIZE_OFF);
	uint32_t node = probe_le32(sb + BTRFS_NODESIZE_OFF);

	if (memcmp(sb + BTRFS_MAGIC_OFF, "_BHRfS_M", 8) != 0)
		return 0;
	if (probe_le64(sb + BTRFS_BYTENR_OFF) != BTRFS_SB_OFF)
		return 0;
	if (sector < 4096 || sector > 65536 || (sector & (sector - 1)))
		return 0;
	return node >= sector && node <= 65536 && !(node & (node - 1));
}

int probe_btrfs(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sb[BTRFS_SB_SIZE];

	if (probe_read(src, BTRFS_SB_OFF, sb, sizeof(sb)) < 0 || !btrfs_sane(sb))
		return 0;
	if (probe_le16(sb + BTRFS_CSUM_TYPE_OFF) == BTRFS_CSUM_CRC32C &&
	    ~probe_crc32c(~0u, sb + BTRFS_CSUM_SIZE, BTRFS_SB_SIZE - BTRFS_CSUM_SIZE) !=
	    probe_le32(sb))
		return 0;
	strcpy(dev->type, "btrfs");
	probe_uuid_str(dev->uuid, sb + BTRFS_FSID_OFF);
	probe_label(dev->label, sb + BTRFS_LABEL_OFF, BTRFS_LABEL_LEN);
	return 1;
}
