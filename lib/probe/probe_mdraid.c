/* Linux md RAID members (include/uapi/linux/raid/md_p.h). Version 1
 * superblocks sit at the end (1.0), at 0 (1.1) or at 4 KiB (1.2); 0.90
 * at the last 64 KiB-aligned 64 KiB of the device. A member holds a
 * piece of an array, not a filesystem of its own: recognised so that a
 * match on it is refused. UUID is the array's set_uuid, LABEL its name.
 *
 * Audit (issue 16): super_offset is compared with off / 512, never
 * multiplied (2^55 + 8 sectors times 512 wraps to 4096 and passed). The
 * places read are computed from the device's size (>= 16 KiB, so the
 * subtractions cannot wrap), not from its bytes. */
#include "probe/probe.h"

#include <string.h>

#define MD_MAGIC          0xa92b4efcu
#define MD_SET_UUID_OFF   16
#define MD_SET_NAME_OFF   32
#define MD_SET_NAME_LEN   32
#define MD_SB_OFF_OFF     128     /* super_offset, in 512-byte sectors */
#define MD0_RESERVED      65536

static int md_v1_at(const struct probe_src *src, uint64_t off, struct blockdev *dev)
{
	uint8_t sb[256];

	if (probe_read(src, off, sb, sizeof(sb)) < 0)
		return 0;
	if (probe_le32(sb) != MD_MAGIC || probe_le32(sb + 4) != 1)
		return 0;
	if (probe_le64(sb + MD_SB_OFF_OFF) != off / 512)   /* off: a multiple of 512 */
		return 0;
	strcpy(dev->type, "linux_raid_member");
	probe_uuid_str(dev->uuid, sb + MD_SET_UUID_OFF);
	probe_label(dev->label, sb + MD_SET_NAME_OFF, MD_SET_NAME_LEN);
	return 1;
}

static int md_v090(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sb[8];
	uint64_t off;

	if (src->size < 2 * MD0_RESERVED)
		return 0;
	off = (src->size & ~(uint64_t)(MD0_RESERVED - 1)) - MD0_RESERVED;
	if (probe_read(src, off, sb, sizeof(sb)) < 0 || probe_le32(sb) != MD_MAGIC || probe_le32(sb + 4) != 0)
		return 0;
	strcpy(dev->type, "linux_raid_member");
	dev->uuid[0] = dev->label[0] = '\0';
	return 1;
}

int probe_mdraid(const struct probe_src *src, struct blockdev *dev)
{
	uint64_t end_sb;

	if (md_v1_at(src, 0, dev) || md_v1_at(src, 4096, dev))
		return 1;
	if (src->size >= 8192 * 2) {
		end_sb = ((src->size / 512 - 16) & ~(uint64_t)7) * 512;
		if (md_v1_at(src, end_sb, dev))
			return 1;
	}
	return md_v090(src, dev);
}
