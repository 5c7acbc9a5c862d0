/* LVM2 physical volumes (lvm2 lib/format_text/layout.h): a 512-byte
 * label "LABELONE" in one of the first four sectors, which names its own
 * sector and carries a CRC-32 (lvm's calc_crc: seed 0xf597a6cf, no
 * inversion) of its bytes from offset 20; then "LVM2 001" and the PV
 * UUID, 32 characters that blkid prints as 6-4-4-4-4-4-6.
 *
 * Audit (issue 16): the label's CRC covers the attacker's own bytes, so
 * it proves nothing. From the disk: sector_xl (compared, 64-bit),
 * offset_xl (the pv_header's offset in the 512-byte sector: checked in
 * size_t, pvh <= 512 and 512 - pvh >= 32, before s + pvh is used). */
#include "probe/probe.h"

#include <string.h>

#define LVM_SECTORS       4
#define LVM_SECTOR_NR_OFF 8
#define LVM_CRC_OFF       16
#define LVM_CONTENT_OFF   20
#define LVM_TYPE_OFF      24
#define LVM_PV_UUID_LEN   32
#define LVM_CRC_SEED      0xf597a6cfu

static void lvm_uuid(char out[UUID_STR_MAX], const uint8_t *u)
{
	static const int cut[] = { 6, 10, 14, 18, 22, 26 };
	size_t o = 0;

	for (int i = 0, c = 0; i < LVM_PV_UUID_LEN; i++) {
		if (c < 6 && i == cut[c]) {
			out[o++] = '-';
			c++;
		}
		out[o++] = (char)u[i];
	}
	out[o] = '\0';
}

int probe_lvm2(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t s[512];

	for (uint64_t i = 0; i < LVM_SECTORS; i++) {
		if (probe_read(src, i * 512, s, sizeof(s)) < 0)
			return 0;
		if (memcmp(s, "LABELONE", 8) != 0 || probe_le64(s + LVM_SECTOR_NR_OFF) != i)
			continue;
		if (memcmp(s + LVM_TYPE_OFF, "LVM2 001", 8) != 0)
			continue;
		if (probe_crc32(LVM_CRC_SEED, s + LVM_CONTENT_OFF, sizeof(s) - LVM_CONTENT_OFF) !=
		    probe_le32(s + LVM_CRC_OFF))
			continue;
		/* offset_xl is the attacker's: compared in size_t, never added
		 * to (pvh + 32 wraps in 32 bits and passed, issue 16). */
		size_t pvh = probe_le32(s + LVM_CONTENT_OFF);
		if (pvh < 32 || pvh > sizeof(s) || sizeof(s) - pvh < LVM_PV_UUID_LEN)
			continue;
		strcpy(dev->type, "LVM2_member");
		lvm_uuid(dev->uuid, s + pvh);
		dev->label[0] = '\0';
		return 1;
	}
	return 0;
}
