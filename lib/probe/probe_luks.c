/* LUKS 1 and 2 (cryptsetup's LUKS1 On-Disk Format and LUKS2 On-Disk
 * Format Specification): "LUKS\xba\xbe", a big-endian version, the UUID
 * as text at 168, and for LUKS2 a label at 24. Recognised so that a
 * root= matching an encrypted container is refused with that reason.
 *
 * Audit (issue 16): one read at 0; the JSON area's size and offsets are
 * never used; the UUID text is bounded by strnlen over its 40 bytes. */
#include "probe/probe.h"

#include <string.h>

#define LUKS_VERSION_OFF 6
#define LUKS2_LABEL_OFF  24
#define LUKS2_LABEL_LEN  48
#define LUKS_UUID_OFF    168
#define LUKS_UUID_LEN    40

int probe_luks(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t h[LUKS_UUID_OFF + LUKS_UUID_LEN];
	unsigned v;
	size_t n;

	if (probe_read(src, 0, h, sizeof(h)) < 0 || memcmp(h, "LUKS\xba\xbe", 6) != 0)
		return 0;
	v = probe_be16(h + LUKS_VERSION_OFF);
	if (v != 1 && v != 2)
		return 0;
	strcpy(dev->type, "crypto_LUKS");
	n = strnlen((const char *)h + LUKS_UUID_OFF, LUKS_UUID_LEN);
	if (n >= UUID_STR_MAX)
		n = UUID_STR_MAX - 1;
	memcpy(dev->uuid, h + LUKS_UUID_OFF, n);
	dev->uuid[n] = '\0';
	dev->label[0] = '\0';
	if (v == 2)
		probe_label(dev->label, h + LUKS2_LABEL_OFF, LUKS2_LABEL_LEN);
	return 1;
}
