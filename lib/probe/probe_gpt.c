/* The GUID partition table (UEFI 2.10, chapter 5.3). The header is at
 * LBA 1 in the disk's logical sectors (512 or 4096 bytes), with a CRC-32
 * of itself and one of the entry array; the backup header at the last
 * LBA is used when the primary is damaged. A protective MBR (an 0xEE
 * entry) must be present, as the kernel (block/partitions/efi.c) and
 * libblkid require. GUIDs are stored mixed-endian; names are UTF-16LE.
 *
 * Audit (issue 16), every field from the disk: the header size (92..512,
 * the bytes read), my_lba (compared), the entry array's LBA, count and
 * entry size (gpt_array: compared before any product, the array capped
 * at PROBE_GPT_ARRAY_MAX bytes: 16384 entries of 1 KiB cost nothing but
 * -EFBIG), each entry's first and last LBA (gpt_add: below the disk's
 * LBA count before they are multiplied). The header at the last LBA is
 * read at (size / sector - 1) * sector <= size. Cost per disk: 3 sector
 * reads and at most 2 * PROBE_GPT_ARRAY_MAX / PROBE_READ_CHUNK chunks. */
#include "probe/probe.h"

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

/* As the kernel's is_pte_valid(): an entry whose LBAs lie past the disk
 * gets no device, so it is skipped before its LBAs are multiplied
 * (first, last < lbas <= size / sector: the products cannot wrap). */
static int gpt_add(struct probe_table *t, unsigned nr, const uint8_t *e, unsigned sector,
		   uint64_t lbas)
{
	struct probe_part *p;
	uint64_t first = probe_le64(e + 32), last = probe_le64(e + 40);

	if (first >= lbas || last >= lbas)
		return 0;
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

/* Where the header's entry array lies: 1 with *base and *bytes, 0 if the
 * fields are not a valid GPT's, -EFBIG over PROBE_GPT_ARRAY_MAX. Every
 * field is compared before it is multiplied: esz is a power of two up
 * to 1 KiB (UEFI: 128 * 2^n), n <= PROBE_GPT_ARRAY_MAX / esz, the LBA
 * below the disk's LBA count, the array inside the disk. */
static int gpt_array(const struct probe_src *src, const uint8_t *h, unsigned sector,
		     uint64_t *base, size_t *bytes)
{
	uint64_t lba = probe_le64(h + GPT_ENTRIES_LBA_OFF);
	uint32_t n = probe_le32(h + GPT_N_ENTRIES_OFF), esz = probe_le32(h + GPT_ENTRY_SIZE_OFF);

	if (esz < 128 || esz > GPT_ENTRY_MAX || (esz & (esz - 1)) || n == 0)
		return 0;
	if (n > PROBE_GPT_ARRAY_MAX / esz)
		return -EFBIG;
	if (lba < 2 || lba >= src->size / sector)
		return 0;
	*base = lba * sector;
	*bytes = (size_t)n * esz;
	return *bytes <= src->size - *base;
}

/* Read and CRC the array in PROBE_READ_CHUNK pieces (a multiple of esz);
 * more than PARTS_MAX used entries is -E2BIG, once the CRC says the
 * array is the one the header names. */
static int gpt_entries(const struct probe_src *src, const uint8_t *h, unsigned sector,
		       struct probe_table *t)
{
	static const uint8_t unused[16];
	uint8_t chunk[PROBE_READ_CHUNK];
	uint32_t esz = probe_le32(h + GPT_ENTRY_SIZE_OFF), crc = ~0u;
	uint64_t base;
	size_t bytes;
	unsigned nr = 0;
	int r = gpt_array(src, h, sector, &base, &bytes), over = 0;

	if (r <= 0)
		return r;
	t->n = 0;
	for (size_t off = 0; off < bytes; off += sizeof(chunk)) {
		size_t len = bytes - off < sizeof(chunk) ? bytes - off : sizeof(chunk);
		if (probe_read(src, base + off, chunk, len) < 0)
			return 0;
		crc = probe_crc32(crc, chunk, len);
		for (size_t e = 0; e < len; e += esz) {
			nr++;
			if (memcmp(chunk + e, unused, 16) != 0)
				over |= gpt_add(t, nr, chunk + e, sector, src->size / sector) < 0;
		}
	}
	if (~crc != probe_le32(h + GPT_ENTRIES_CRC_OFF))
		return 0;
	return over ? -E2BIG : 1;
}

int probe_gpt(const struct probe_src *src, unsigned sector, struct probe_table *t)
{
	uint8_t h[512];
	uint64_t lbas = src->size / sector;
	int r = 0;

	if (lbas < 3 || !gpt_has_pmbr(src))
		return 0;
	memset(t, 0, sizeof(*t));
	if (gpt_header(src, 1, sector, h))
		r = gpt_entries(src, h, sector, t);
	if (r == 0 && gpt_header(src, lbas - 1, sector, h))
		r = gpt_entries(src, h, sector, t);
	if (r <= 0)
		return r;
	strcpy(t->type, "gpt");
	probe_guid_str(t->uuid, h + GPT_DISK_GUID_OFF);
	return 1;
}
