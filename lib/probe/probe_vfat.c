/* FAT12/16/32 (Microsoft's "FAT: General Overview of On-Disk Format").
 *
 * The label lives in two places: the boot sector (offset 0x2B, or 0x47
 * on FAT32) and a volume-label entry in the root directory. Windows and
 * mlabel update the directory entry; some tools only the boot sector.
 * Like libblkid (vfat.c), the root directory entry wins, and the boot
 * sector's label is used only when the directory has none; "NO NAME" in
 * either place means no label. The UUID is the volume serial as
 * XXXX-XXXX, upper case, as blkid prints it. TYPE is "vfat" for all
 * three variants.
 *
 * Audit and cost (issue 16): the boot sector's fields are 8, 16 and
 * 32-bit; every offset made of them is a 64-bit product that cannot
 * wrap (fat32_geom, fat16_root_label), every read goes through
 * probe_read. The root directory scan reads at most PROBE_FAT_ROOT_MAX
 * bytes, in PROBE_READ_CHUNK pieces, plus one 4-byte FAT read per
 * cluster: a long directory stops there with the boot sector's label
 * (what libblkid's 100-cluster bound does too), a looping chain is
 * -ELOOP. (A 1 MiB image whose root cluster pointed to itself cost
 * 1.6 million reads before.) */
#include "probe/probe.h"

#include <errno.h>
#include <string.h>

#define FAT_BPS_OFF        0x0B
#define FAT_SPC_OFF        0x0D
#define FAT_RESERVED_OFF   0x0E
#define FAT_NFATS_OFF      0x10
#define FAT_ROOT_ENTS_OFF  0x11
#define FAT_MEDIA_OFF      0x15
#define FAT_TOTAL16_OFF    0x13
#define FAT_FAT16_LEN_OFF  0x16
#define FAT_TOTAL32_OFF    0x20
#define FAT_FAT32_LEN_OFF  0x24
#define FAT32_ROOT_CLUS_OFF 0x2C
#define FAT16_SIG_OFF      0x26    /* then serial, label, fs type */
#define FAT32_SIG_OFF      0x42
#define FAT_DIRENT         32
#define FAT_ATTR_VOLUME_ID 0x08
#define FAT_ATTR_DIR       0x10
#define FAT_ATTR_LFN       0x0F

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

/* Scan len bytes of directory entries at off for the volume label, in
 * PROBE_READ_CHUNK pieces, spending *budget bytes. 1 found, 0 not (yet),
 * -1 at the end of the directory, of the device or of the budget. */
static int fat_dir_label(const struct probe_src *src, uint64_t off, uint64_t len, size_t *budget,
			 uint8_t label[11])
{
	uint8_t buf[PROBE_READ_CHUNK];

	for (uint64_t done = 0; done < len; done += sizeof(buf)) {
		uint64_t at = off + done;     /* off < 2^53, len <= 2^21: no wrap */
		size_t n = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
		if (at >= src->size || *budget == 0)
			return -1;
		n = n < src->size - at ? n : (size_t)(src->size - at);
		n = n < *budget ? n : *budget;
		*budget -= n;
		if (probe_read(src, at, buf, n) < 0)
			return -1;
		for (size_t i = 0; i + FAT_DIRENT <= n; i += FAT_DIRENT) {
			const uint8_t *e = buf + i;
			if (e[0] == 0x00)
				return -1;
			if (e[0] == 0xE5 || e[11] == FAT_ATTR_LFN)
				continue;
			if ((e[11] & (FAT_ATTR_VOLUME_ID | FAT_ATTR_DIR)) == FAT_ATTR_VOLUME_ID) {
				memcpy(label, e, 11);
				return 1;
			}
		}
	}
	return 0;
}

/* FAT32's layout, in bytes (every product in 64 bits: at most 255 FATs
 * of 2^32 sectors of 4 KiB, < 2^53), and its cluster count: the data
 * area's clusters, no more than the FAT has entries for. */
struct fat32_geom {
	uint64_t csize, fat, data, clusters;
};

static void fat32_geom(const uint8_t *s, struct fat32_geom *g)
{
	uint64_t bps = probe_le16(s + FAT_BPS_OFF), fatlen = probe_le32(s + FAT_FAT32_LEN_OFF);
	uint64_t total = probe_le16(s + FAT_TOTAL16_OFF);
	uint64_t entries = fatlen * bps / 4;

	total = (total ? total : probe_le32(s + FAT_TOTAL32_OFF)) * bps;
	g->csize = bps * s[FAT_SPC_OFF];
	g->fat = probe_le16(s + FAT_RESERVED_OFF) * bps;
	g->data = g->fat + s[FAT_NFATS_OFF] * fatlen * bps;
	g->clusters = total > g->data ? (total - g->data) / g->csize : 0;
	if (g->clusters > (entries > 2 ? entries - 2 : 0))
		g->clusters = entries > 2 ? entries - 2 : 0;
}

/* FAT32's root directory is a cluster chain, walked while its clusters
 * are the volume's (2 .. clusters + 1) and PROBE_FAT_ROOT_MAX bytes
 * last. A loop is -ELOOP: found by Brent's method (the cluster seen at
 * each power-of-two hop is compared with the ones after it, no extra
 * read), and by the chain growing longer than the volume. */
static int fat32_root_label(const struct probe_src *src, const uint8_t *s, uint8_t label[11])
{
	struct fat32_geom g;
	uint32_t clus = probe_le32(s + FAT32_ROOT_CLUS_OFF), mark = 0;
	size_t budget = PROBE_FAT_ROOT_MAX;
	uint8_t next[4];

	fat32_geom(s, &g);
	for (uint64_t hop = 0; clus >= 2 && (uint64_t)clus - 2 < g.clusters; hop++) {
		uint32_t here = clus;
		if (hop == g.clusters || probe_read(src, g.fat + (uint64_t)here * 4, next, 4) < 0)
			return hop == g.clusters ? -ELOOP : 0;
		if ((hop & (hop + 1)) == 0)
			mark = here;
		clus = probe_le32(next) & 0x0FFFFFFF;
		if (clus == mark)        /* before the directory is read: a loop costs no budget */
			return -ELOOP;
		int r = fat_dir_label(src, g.data + (uint64_t)(here - 2) * g.csize, g.csize, &budget,
				      label);
		if (r != 0)
			return r > 0;
	}
	return 0;
}

static int fat16_root_label(const struct probe_src *src, const uint8_t *s, uint8_t label[11])
{
	uint64_t bps = probe_le16(s + FAT_BPS_OFF);
	uint64_t root = (probe_le16(s + FAT_RESERVED_OFF) +
			 (uint64_t)s[FAT_NFATS_OFF] * probe_le16(s + FAT_FAT16_LEN_OFF)) * bps;
	size_t budget = PROBE_FAT_ROOT_MAX;

	return fat_dir_label(src, root, (uint64_t)probe_le16(s + FAT_ROOT_ENTS_OFF) * FAT_DIRENT,
			     &budget, label) > 0;
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
	if (found < 0)
		return found;
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
