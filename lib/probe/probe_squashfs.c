/* SquashFS 4 (Documentation/filesystems/squashfs.rst): magic "hsqs" at 0,
 * little-endian. It has neither UUID nor label: root=/dev/NAME or
 * PARTUUID= find it. The block size must agree with its log2 field.
 *
 * Audit (issue 16): one read at 0; block_log is checked (12..20) before
 * the shift, bytes_used only compared with the device's size. */
#include "probe/probe.h"

#include <string.h>

#define SQFS_MAGIC           0x73717368u
#define SQFS_BLOCK_SIZE_OFF  12
#define SQFS_BLOCK_LOG_OFF   22
#define SQFS_MAJOR_OFF       28
#define SQFS_BYTES_USED_OFF  40

int probe_squashfs(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sb[96];
	uint32_t bs;
	unsigned lg;

	if (probe_read(src, 0, sb, sizeof(sb)) < 0 || probe_le32(sb) != SQFS_MAGIC)
		return 0;
	bs = probe_le32(sb + SQFS_BLOCK_SIZE_OFF);
	lg = probe_le16(sb + SQFS_BLOCK_LOG_OFF);
	if (probe_le16(sb + SQFS_MAJOR_OFF) != 4 || lg < 12 || lg > 20 || bs != 1u << lg)
		return 0;
	if (probe_le64(sb + SQFS_BYTES_USED_OFF) > src->size)
		return 0;
	strcpy(dev->type, "squashfs");
	dev->uuid[0] = dev->label[0] = '\0';
	return 1;
}
