/* The GUID partition table (UEFI 2.10, chapter 5.3). The header is at
 * LBA 1 in the disk's logical sectors (512 or 4096 bytes), with a CRC-32
 * of itself and one of the entry array; the backup header at the last
 * LBA is used when the primary is damaged. A protective MBR (an 0xEE
 * entry) must be present, as the kernel (block/partitions/efi.c) and
 * libblkid require. GUIDs are stored mixed-endian; names are UTF-16LE. */
#include "probe.h"

#include <errno.h>
#include <string.h>

#define GPT_HDR_SIZE_OFF    12
#define GPT_HDR_CRC_OFF     16
#define GPT_MY_LBA_OFF      24
#define GPT_DISK_GUID_OFF   56
#define GPT_ENTRIES_LBA_OFF 72
#define GPT_N_ENTRIES_OFF   80
#define GPT_ENTRY_SIZE_OFF  84
#define GPT_ENTRIES_CRC_OFF 88
#define GPT_HDR_MIN         92
#define GPT_ENTRY_MAX       1024
#define GPT_ENTRIES_MAX     16384   /* bounds the scan of a corrupt header */
#define GPT_NAME_OFF        56
#define GPT_NAME_UNITS      36

static int gpt_has_pmbr(const struct probe_src *src)
{
	uint8_t s[512];

	if (probe_read(src, 0, s, sizeof(s)) < 0 || s[510] != 0x55 || s[511] != 0xAA)
		return 0;
	for (int i = 0; i < 4; i++)
		if (s[446 + 16 * i + 4] == 0xEE)
			return 1;
	return 0;
}

static int gpt_header(const struct probe_src *src, uint64_t lba, unsigned sector, uint8_t h[512])
{
	uint32_t size, crc;

	if (probe_read(src, lba * sector, h, 512) < 0 || memcmp(h, "EFI PART", 8) != 0)
		return 0;
	size = probe_le32(h + GPT_HDR_SIZE_OFF);
	if (size < GPT_HDR_MIN || size > 512 || probe_le64(h + GPT_MY_LBA_OFF) != lba)
		return 0;
	crc = probe_crc32(~0u, h, GPT_HDR_CRC_OFF);
	crc = probe_crc32(crc, (const uint8_t *)"\0\0\0\0", 4);
	crc = probe_crc32(crc, h + GPT_HDR_CRC_OFF + 4, size - GPT_HDR_CRC_OFF - 4);
	return ~crc == probe_le32(h + GPT_HDR_CRC_OFF);
}

static int gpt_add(struct probe_table *t, unsigned nr, const uint8_t *e, unsigned sector)
{
	struct probe_part *p;
	uint64_t first = probe_le64(e + 32), last = probe_le64(e + 40);

	if (t->n >= PARTS_MAX)
		return -E2BIG;
	p = &t->parts[t->n++];
	p->number = nr;
	p->start = first * sector;
	p->size = last >= first ? (last - first + 1) * sector : 0;
	probe_guid_str(p->uuid, e + 16);
	probe_utf16(p->label, e + GPT_NAME_OFF, GPT_NAME_UNITS, 1);
	return 0;
}

static int gpt_entries(const struct probe_src *src, const uint8_t *h, unsigned sector,
		       struct probe_table *t)
{
	static const uint8_t unused[16];
	uint64_t base = probe_le64(h + GPT_ENTRIES_LBA_OFF) * sector;
	uint32_t n = probe_le32(h + GPT_N_ENTRIES_OFF), esz = probe_le32(h + GPT_ENTRY_SIZE_OFF);
	uint8_t e[GPT_ENTRY_MAX];
	uint32_t crc = ~0u;

	if (esz < 128 || esz > GPT_ENTRY_MAX || esz % 128 || n > GPT_ENTRIES_MAX)
		return 0;
	t->n = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (probe_read(src, base + (uint64_t)i * esz, e, esz) < 0)
			return 0;
		crc = probe_crc32(crc, e, esz);
		if (memcmp(e, unused, 16) == 0)
			continue;
		int r = gpt_add(t, i + 1, e, sector);
		if (r < 0)
			return r;
	}
	return ~crc == probe_le32(h + GPT_ENTRIES_CRC_OFF);
}

int probe_gpt(const struct probe_src *src, unsigned sector, struct probe_table *t)
{
	uint8_t h[512];
	uint64_t last = src->size / sector - 1;
	int r = 0;

	if (src->size / sector < 3 || !gpt_has_pmbr(src))
		return 0;
	memset(t, 0, sizeof(*t));
	if (gpt_header(src, 1, sector, h))
		r = gpt_entries(src, h, sector, t);
	if (r == 0 && gpt_header(src, last, sector, h))
		r = gpt_entries(src, h, sector, t);
	if (r <= 0)
		return r;
	strcpy(t->type, "gpt");
	probe_guid_str(t->uuid, h + GPT_DISK_GUID_OFF);
	return 1;
}
