/* FAT12/16/32 (Microsoft's "FAT: General Overview of On-Disk Format").
 *
 * The label lives in two places: the boot sector (offset 0x2B, or 0x47
 * on FAT32) and a volume-label entry in the root directory. Windows and
 * mlabel update the directory entry; some tools only the boot sector.
 * Like libblkid (vfat.c), the root directory entry wins, and the boot
 * sector's label is used only when the directory has none; "NO NAME" in
 * either place means no label. The UUID is the volume serial as
 * XXXX-XXXX, upper case, as blkid prints it. TYPE is "vfat" for all
 * three variants. */
#include "probe.h"

#include <string.h>

#define FAT_BPS_OFF        0x0B
#define FAT_SPC_OFF        0x0D
#define FAT_RESERVED_OFF   0x0E
#define FAT_NFATS_OFF      0x10
#define FAT_ROOT_ENTS_OFF  0x11
#define FAT_MEDIA_OFF      0x15
#define FAT_FAT16_LEN_OFF  0x16
#define FAT_FAT32_LEN_OFF  0x24
#define FAT32_ROOT_CLUS_OFF 0x2C
#define FAT16_SIG_OFF      0x26    /* then serial, label, fs type */
#define FAT32_SIG_OFF      0x42
#define FAT_DIRENT         32
#define FAT_ATTR_VOLUME_ID 0x08
#define FAT_ATTR_DIR       0x10
#define FAT_ATTR_LFN       0x0F
#define FAT32_MAX_CLUSTERS 100     /* of the root directory: blkid's bound too */

static const uint8_t fat_no_name[11] = "NO NAME    ";

static int fat_pow2(unsigned v) { return v && !(v & (v - 1)); }

int probe_vfat_bootsector(const uint8_t *s)
{
	unsigned bps = probe_le16(s + FAT_BPS_OFF);

	/* No check of the jump instruction: libblkid and the kernel's
	 * fat_read_bpb() do not require one either. */
	if (bps < 512 || bps > 4096 || !fat_pow2(bps) || !fat_pow2(s[FAT_SPC_OFF]))
		return 0;
	if (probe_le16(s + FAT_RESERVED_OFF) == 0 || s[FAT_NFATS_OFF] == 0)
		return 0;
	if (s[FAT_MEDIA_OFF] != 0xF0 && s[FAT_MEDIA_OFF] < 0xF8)
		return 0;
	if (probe_le16(s + FAT_FAT16_LEN_OFF) != 0)
		return memcmp(s + 0x36, "FAT", 3) == 0;
	return probe_le32(s + FAT_FAT32_LEN_OFF) != 0 && memcmp(s + 0x52, "FAT32   ", 8) == 0;
}

/* Scan n directory entries at off for the volume label. 1 found, 0 not
 * (yet), -1 end of directory. */
static int fat_dir_label(const struct probe_src *src, uint64_t off, unsigned n, uint8_t label[11])
{
	uint8_t e[FAT_DIRENT];

	for (unsigned i = 0; i < n; i++) {
		if (probe_read(src, off + (uint64_t)i * FAT_DIRENT, e, sizeof(e)) < 0)
			return -1;
		if (e[0] == 0x00)
			return -1;
		if (e[0] == 0xE5 || e[11] == FAT_ATTR_LFN)
			continue;
		if ((e[11] & (FAT_ATTR_VOLUME_ID | FAT_ATTR_DIR)) == FAT_ATTR_VOLUME_ID) {
			memcpy(label, e, 11);
			return 1;
		}
	}
	return 0;
}

/* FAT32's root directory is a cluster chain. */
static int fat32_root_label(const struct probe_src *src, const uint8_t *s, uint8_t label[11])
{
	uint64_t bps = probe_le16(s + FAT_BPS_OFF), csize = bps * s[FAT_SPC_OFF];
	uint64_t fat = probe_le16(s + FAT_RESERVED_OFF) * bps;
	uint64_t data = fat + (uint64_t)s[FAT_NFATS_OFF] * probe_le32(s + FAT_FAT32_LEN_OFF) * bps;
	uint32_t clus = probe_le32(s + FAT32_ROOT_CLUS_OFF);
	uint8_t next[4];

	for (int i = 0; i < FAT32_MAX_CLUSTERS && clus >= 2 && clus < 0x0FFFFFF8; i++) {
		int r = fat_dir_label(src, data + (clus - 2) * csize,
				      (unsigned)(csize / FAT_DIRENT), label);
		if (r != 0)
			return r > 0;
		if (probe_read(src, fat + (uint64_t)clus * 4, next, 4) < 0)
			return 0;
		clus = probe_le32(next) & 0x0FFFFFFF;
	}
	return 0;
}

static int fat16_root_label(const struct probe_src *src, const uint8_t *s, uint8_t label[11])
{
	uint64_t bps = probe_le16(s + FAT_BPS_OFF);
	uint64_t root = (probe_le16(s + FAT_RESERVED_OFF) +
			 (uint64_t)s[FAT_NFATS_OFF] * probe_le16(s + FAT_FAT16_LEN_OFF)) * bps;

	return fat_dir_label(src, root, probe_le16(s + FAT_ROOT_ENTS_OFF), label) > 0;
}

int probe_vfat(const struct probe_src *src, struct blockdev *dev)
{
	uint8_t s[512], label[11];
	const uint8_t *ext;
	int fat32, found;

	if (probe_read(src, 0, s, sizeof(s)) < 0 || !probe_vfat_bootsector(s))
		return 0;
	fat32 = probe_le16(s + FAT_FAT16_LEN_OFF) == 0;
	ext = s + (fat32 ? FAT32_SIG_OFF : FAT16_SIG_OFF);
	found = fat32 ? fat32_root_label(src, s, label) : fat16_root_label(src, s, label);
	strcpy(dev->type, "vfat");
	dev->label[0] = dev->uuid[0] = '\0';
	if (found && memcmp(label, fat_no_name, 11) != 0)
		probe_label(dev->label, label, 11);
	else if (ext[0] == 0x29 && memcmp(ext + 5, fat_no_name, 11) != 0)
		probe_label(dev->label, ext + 5, 11);
	if (ext[0] == 0x29 || ext[0] == 0x28) {
		static const char hex[] = "0123456789ABCDEF";
		const uint8_t *v = ext + 1;
		char *u = dev->uuid;
		for (int i = 3; i >= 0; i--) {
			*u++ = hex[v[i] >> 4];
			*u++ = hex[v[i] & 15];
			if (i == 2)
				*u++ = '-';
		}
		*u = '\0';
	}
	return 1;
}
