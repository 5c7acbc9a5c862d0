/* F2FS: the superblock is at 1 KiB, little-endian (include/linux/f2fs_fs.h
 * struct f2fs_super_block). The label is UTF-16LE. Beyond the magic the
 * sizes must be the ones the kernel accepts (f2fs sanity_check_raw_super):
 * 512..4096-byte sectors, 4 KiB blocks, 512 blocks a segment.
 *
 * Audit (issue 16): one read at a fixed offset; the log sizes are only
 * compared, the UTF-16 label is bounded by its field and LABEL_MAX. */
#include "probe/probe.h"

#include <string.h>

#define F2FS_SB_OFF          1024
#define F2FS_MAGIC           0xF2F52010u
#define F2FS_LOG_SECTOR_OFF  8
#define F2FS_LOG_SPB_OFF     12
#define F2FS_LOG_BLOCK_OFF   16
#define F2FS_LOG_SEG_OFF     20
#define F2FS_UUID_OFF        108
#define F2FS_NAME_OFF        124
#define F2FS_NAME_UNITS      512
#define F2FS_SB_READ         (F2FS_NAME_OFF + 2 * F2FS_NAME_UNITS)

int probe_f2fs(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sb[F2FS_SB_READ];
	uint32_t lsec, lblk;

	if (probe_read(src, F2FS_SB_OFF, sb, sizeof(sb)) < 0)
		return 0;
	if (probe_le32(sb) != F2FS_MAGIC)
		return 0;
	lsec = probe_le32(sb + F2FS_LOG_SECTOR_OFF);
	lblk = probe_le32(sb + F2FS_LOG_BLOCK_OFF);
	if (lsec < 9 || lsec > 12 || lblk != 12 || probe_le32(sb + F2FS_LOG_SPB_OFF) != lblk - lsec)
		return 0;
	if (probe_le32(sb + F2FS_LOG_SEG_OFF) != 9)
		return 0;
	strcpy(dev->type, "f2fs");
	probe_uuid_str(dev->uuid, sb + F2FS_UUID_OFF);
	probe_utf16(dev->label, sb + F2FS_NAME_OFF, F2FS_NAME_UNITS, 1);
	return 1;
}
