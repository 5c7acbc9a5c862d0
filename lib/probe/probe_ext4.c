/* ext2/3/4: the superblock is 1024 bytes at offset 1024
 * (Documentation/filesystems/ext4/super.rst).
 *
 * Audit (issue 16): one read at a fixed offset; every field is read at a
 * constant offset inside the 1 KiB buffer, none is used as an offset or
 * a length (s_log_block_size is only compared). */
#include "probe/probe.h"

#include <string.h>

#define EXT4_SB_OFF              1024
#define EXT4_SB_SIZE             1024
#define EXT4_SB_MAGIC_OFF        0x38
#define EXT4_SB_MAGIC            0xEF53
#define EXT4_SB_LOG_BLOCK_OFF    0x18
#define EXT4_SB_FEATURE_COMPAT   0x5C
#define EXT4_SB_FEATURE_INCOMPAT 0x60
#define EXT4_SB_FEATURE_RO       0x64
#define EXT4_SB_UUID_OFF         0x68
#define EXT4_SB_LABEL_OFF        0x78
#define EXT4_SB_LABEL_LEN        16

#define EXT4_SB_CSUM_TYPE_OFF    0x175
#define EXT4_SB_CHECKSUM_OFF     0x3FC

#define EXT4_RO_COMPAT_METADATA_CSUM 0x0400
#define EXT4_CSUM_CRC32C         1
#define EXT3_FEATURE_COMPAT_HAS_JOURNAL 0x0004
#define EXT3_FEATURE_INCOMPAT_JOURNAL_DEV 0x0008
/* Features ext3 does not know: their presence makes it ext4. */
#define EXT4_INCOMPAT_NOT_EXT3 0xFFF4u   /* all but COMPRESSION, FILETYPE, RECOVER, JOURNAL_DEV */
#define EXT4_RO_NOT_EXT3       0xFFF8u   /* all but SPARSE_SUPER, LARGE_FILE, BTREE_DIR */

static const char *probe_ext4_type(const uint8_t *sb)
{
	uint32_t compat = probe_le32(sb + EXT4_SB_FEATURE_COMPAT);
	uint32_t incompat = probe_le32(sb + EXT4_SB_FEATURE_INCOMPAT);
	uint32_t ro = probe_le32(sb + EXT4_SB_FEATURE_RO);

	if ((incompat & EXT4_INCOMPAT_NOT_EXT3) || (ro & EXT4_RO_NOT_EXT3))
		return "ext4";
	if (compat & EXT3_FEATURE_COMPAT_HAS_JOURNAL)
		return "ext3";
	return "ext2";
}

/* metadata_csum: s_checksum is the raw CRC-32C (seed ~0, no final
 * inversion) of the superblock up to the checksum field
 * (Documentation/filesystems/ext4/super.rst, ext4_superblock_csum()). */
static int probe_ext4_csum_ok(const uint8_t *sb)
{
	if (!(probe_le32(sb + EXT4_SB_FEATURE_RO) & EXT4_RO_COMPAT_METADATA_CSUM))
		return 1;
	if (sb[EXT4_SB_CSUM_TYPE_OFF] != EXT4_CSUM_CRC32C)
		return 0;
	return probe_crc32c(~0u, sb, EXT4_SB_CHECKSUM_OFF) ==
	       probe_le32(sb + EXT4_SB_CHECKSUM_OFF);
}

int probe_ext4(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sb[EXT4_SB_SIZE];

	if (probe_read(src, EXT4_SB_OFF, sb, sizeof(sb)) < 0)
		return 0;
	if (probe_le16(sb + EXT4_SB_MAGIC_OFF) != EXT4_SB_MAGIC)
		return 0;
	if (probe_le32(sb + EXT4_SB_LOG_BLOCK_OFF) > 6)    /* blocks of 1-64 KiB */
		return 0;
	if (probe_le32(sb + EXT4_SB_FEATURE_INCOMPAT) & EXT3_FEATURE_INCOMPAT_JOURNAL_DEV)
		return 0;
	if (!probe_ext4_csum_ok(sb))
		return 0;
	strcpy(dev->type, probe_ext4_type(sb));
	probe_uuid_str(dev->uuid, sb + EXT4_SB_UUID_OFF);
	probe_label(dev->label, sb + EXT4_SB_LABEL_OFF, EXT4_SB_LABEL_LEN);
	return 1;
}
