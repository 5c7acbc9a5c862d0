/* Linux swap (include/linux/swap.h union swap_header): the signature
 * ends the first page, whose size is not stored, so every page size a
 * kernel may use is tried. Recognised so that root= never mounts swap.
 *
 * Audit (issue 16): the places read come from the page sizes tried, not
 * from the disk; the header's fields are only compared or copied from
 * constant offsets. */
#include "probe/probe.h"

#include <string.h>

#define SWAP_VERSION_OFF 1024
#define SWAP_UUID_OFF    (1024 + 12)
#define SWAP_LABEL_OFF   (1024 + 28)
#define SWAP_LABEL_LEN   16

int probe_swap(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t sig[10], hdr[SWAP_LABEL_OFF + SWAP_LABEL_LEN - SWAP_VERSION_OFF];

	for (uint64_t pg = 4096; pg <= 65536; pg <<= 1) {
		if (probe_read(src, pg - 10, sig, sizeof(sig)) < 0)
			return 0;
		if (memcmp(sig, "SWAP-SPACE", 10) == 0) {   /* version 0: no ids */
			strcpy(dev->type, "swap");
			return 1;
		}
		if (memcmp(sig, "SWAPSPACE2", 10) != 0)
			continue;
		if (probe_read(src, SWAP_VERSION_OFF, hdr, sizeof(hdr)) < 0 || probe_le32(hdr) != 1)
			return 0;
		strcpy(dev->type, "swap");
		probe_uuid_str(dev->uuid, hdr + (SWAP_UUID_OFF - SWAP_VERSION_OFF));
		probe_label(dev->label, hdr + (SWAP_LABEL_OFF - SWAP_VERSION_OFF), SWAP_LABEL_LEN);
		return 1;
	}
	return 0;
}
