/* A dm-verity hash device (`veritysetup format`'s superblock, see
 * lib/verity/verity.h): TYPE DM_verity_hash and the superblock's UUID, as
 * libblkid reports them, so that verityhash=UUID= finds it.
 *
 * Audit (issue 16): one read of 512 bytes at 0; the signature and the
 * version are checked, the UUID is 16 bytes at a fixed offset. Whether
 * the rest can be used is lib/verity/verity.c's to say at boot. */
#include "probe/probe.h"

#include <string.h>

#include "verity/verity.h"

int probe_verity(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sb[VERITY_SB_SIZE];

	if (probe_read(src, 0, sb, sizeof(sb)) < 0 ||
	    memcmp(sb + VERITY_SIG_OFF, VERITY_SIGNATURE, 8) != 0 ||
	    probe_le32(sb + VERITY_VERSION_OFF) != 1)
		return 0;
	strcpy(dev->type, "DM_verity_hash");
	probe_uuid_str(dev->uuid, sb + VERITY_UUID_OFF);
	dev->label[0] = '\0';
	return 1;
}
