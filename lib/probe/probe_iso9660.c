/* ISO 9660 (ECMA-119): volume descriptors of 2 KiB from sector 16; the
 * primary one has type 1 and "CD001". An ISO has no UUID; like libblkid
 * we report the modification date (else the creation date) as
 * YYYY-MM-DD-HH-MM-SS-CC, which is what distributions put in root=UUID=
 * for live media. The label is the primary volume identifier, or the
 * Joliet one (UTF-16BE, 16 characters) where Joliet agrees with it and
 * keeps characters the primary descriptor cannot hold; libblkid
 * (iso9660.c merge_utf16be_ascii) does the same.
 *
 * Audit (issue 16): the descriptors are read at fixed offsets, at most
 * ISO_VD_MAX of them; no field is used as an offset or a length (the
 * label merge walks the two fixed 32-byte identifiers: u == 2a < 64). */
#include "probe/probe.h"

#include <string.h>

#define ISO_VD_OFF        0x8000
#define ISO_VD_SIZE       2048
#define ISO_VD_MAX        16
#define ISO_VOLID_OFF     40
#define ISO_VOLID_LEN     32
#define ISO_ESCAPE_OFF    88
#define ISO_CREATED_OFF   813
#define ISO_MODIFIED_OFF  830
#define ISO_VD_PRIMARY    1
#define ISO_VD_SUPPLEMENTARY 2
#define ISO_VD_END        255

static int iso_date_uuid(char out[UUID_STR_MAX], const uint8_t *d)
{
	static const int cut[] = { 4, 6, 8, 10, 12, 14 };
	size_t o = 0;
	int nonzero = 0;

	for (int i = 0; i < 16; i++) {
		if (d[i] < '0' || d[i] > '9')
			return 0;
		nonzero |= d[i] != '0';
	}
	if (!nonzero)
		return 0;
	for (int i = 0, c = 0; i < 16; i++) {
		if (c < 6 && i == cut[c]) {
			out[o++] = '-';
			c++;
		}
		out[o++] = (char)d[i];
	}
	out[o] = '\0';
	return 1;
}

static int iso_is_joliet(const uint8_t *vd)
{
	const uint8_t *e = vd + ISO_ESCAPE_OFF;

	return vd[0] == ISO_VD_SUPPLEMENTARY && e[0] == '%' && e[1] == '/' &&
	       (e[2] == '@' || e[2] == 'C' || e[2] == 'E');
}

/* The Joliet label where every ASCII character of it agrees with the
 * primary label, followed by the primary label's characters past
 * Joliet's 16; 0 if they disagree. */
static int iso_merge_label(char out[LABEL_MAX], const uint8_t *joliet, const uint8_t *ascii)
{
	uint8_t u16[2 * ISO_VOLID_LEN];
	int a = 0, u = 0;

	for (; u + 1 < ISO_VOLID_LEN && a < ISO_VOLID_LEN; u += 2, a++) {
		if (joliet[u] == 0 && joliet[u + 1] != ascii[a] && ascii[a] != '_')
			return 0;
		if (joliet[u] == 0 && joliet[u + 1] == 0)
			break;
		u16[u] = joliet[u];
		u16[u + 1] = joliet[u + 1];
	}
	for (; a < ISO_VOLID_LEN; a++, u += 2) {
		u16[u] = 0;
		u16[u + 1] = ascii[a];
	}
	probe_utf16(out, u16, (size_t)u / 2, 0);
	for (size_t n = strlen(out); n > 0 && out[n - 1] == ' '; n--)
		out[n - 1] = '\0';
	return 1;
}

int probe_iso9660(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t pvd[ISO_VD_SIZE], vd[ISO_VD_SIZE];
	int joliet = 0;

	if (probe_read(src, ISO_VD_OFF, pvd, sizeof(pvd)) < 0)
		return 0;
	if (pvd[0] != ISO_VD_PRIMARY || memcmp(pvd + 1, "CD001", 5) != 0 || pvd[6] != 1)
		return 0;
	for (int i = 1; i < ISO_VD_MAX && !joliet; i++) {
		if (probe_read(src, ISO_VD_OFF + (uint64_t)i * ISO_VD_SIZE, vd, sizeof(vd)) < 0 ||
		    memcmp(vd + 1, "CD001", 5) != 0 || vd[0] == ISO_VD_END)
			break;
		joliet = iso_is_joliet(vd);
	}
	strcpy(dev->type, "iso9660");
	if (!iso_date_uuid(dev->uuid, pvd + ISO_MODIFIED_OFF) &&
	    !iso_date_uuid(dev->uuid, pvd + ISO_CREATED_OFF))
		dev->uuid[0] = '\0';
	if (!joliet || !iso_merge_label(dev->label, vd + ISO_VOLID_OFF, pvd + ISO_VOLID_OFF))
		probe_label(dev->label, pvd + ISO_VOLID_OFF, ISO_VOLID_LEN);
	return 1;
}
