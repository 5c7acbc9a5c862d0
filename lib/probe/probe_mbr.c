/* The MBR (DOS) partition table: four primary entries at 446, the 0x55AA
 * signature at 510. An extended partition (type 0x05, 0x0F or 0x85)
 * holds a chain of EBRs, each with one logical partition (relative to
 * that EBR) and a link to the next EBR (relative to the extended
 * partition's start); logical partitions are numbered from 5 in chain
 * order, as the kernel (block/partitions/msdos.c) numbers them.
 * PARTUUID is the disk signature at 440 and the partition number, both
 * in hex: SSSSSSSS-PP.
 *
 * Audit (issue 16), every field from the disk: the entries' start and
 * size are 32-bit LBAs, widened to 64 bits before they are added
 * (ext + start, ebr + start < 3 * 2^32) or multiplied by the sector
 * size (< 2^46): nothing wraps; every EBR is read through probe_read,
 * which checks it against the disk's size. The chain is bounded by
 * PROBE_EBR_MAX reads and refused when it loops (mbr_logicals). */
#include "probe/probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MBR_SIG_OFF      440
#define MBR_ENTRIES_OFF  446
#define MBR_ENTRY_SIZE   16
#define MBR_TYPE_GPT     0xEE

static int mbr_is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

static int mbr_add(struct probe_table *t, unsigned nr, uint64_t lba, uint64_t n, unsigned sector)
{
	struct probe_part *p;

	if (t->n >= PARTS_MAX)
		return -E2BIG;
	p = &t->parts[t->n++];
	memset(p, 0, sizeof(*p));
	p->number = nr;
	p->start = lba * sector;
	p->size = n * sector;
	snprintf(p->uuid, sizeof(p->uuid), "%.8s-%02x", t->uuid, nr & 0xFF);
	return 0;
}

static int mbr_read(const struct probe_src *src, uint64_t off, uint8_t s[512])
{
	if (probe_read(src, off, s, 512) < 0)
		return 0;
	return s[510] == 0x55 && s[511] == 0xAA;
}

static int mbr_seen(const uint64_t *seen, int n, uint64_t lba)
{
	for (int i = 0; i < n; i++)
		if (seen[i] == lba)
			return 1;
	return 0;
}

/* The EBR chain from ext. A link back to an EBR already read, or more
 * than PROBE_EBR_MAX EBRs, is -ELOOP (the kernel would go on making
 * partitions from a loop up to its limit: no number here could be
 * trusted). An EBR that cannot be read ends the chain, as in the kernel. */
static int mbr_logicals(const struct probe_src *src, uint64_t ext, unsigned sector,
			struct probe_table *t)
{
	uint64_t seen[PROBE_EBR_MAX], ebr = ext;
	unsigned nr = 5;
	uint8_t s[512];

	for (int hops = 0;; hops++) {
		uint64_t next = 0;
		if (hops == PROBE_EBR_MAX)
			return -ELOOP;
		seen[hops] = ebr;
		if (!mbr_read(src, ebr * sector, s))
			return 0;
		for (int i = 0; i < 4; i++) {
			const uint8_t *e = s + MBR_ENTRIES_OFF + i * MBR_ENTRY_SIZE;
			uint32_t start = probe_le32(e + 8), n = probe_le32(e + 12);
			if (e[4] == 0 || n == 0)
				continue;
			if (mbr_is_extended(e[4])) {
				next = next ? next : ext + start;
				continue;
			}
			int r = mbr_add(t, nr++, ebr + start, n, sector);
			if (r < 0)
				return r;
		}
		if (next == 0)
			return 0;
		if (mbr_seen(seen, hops + 1, next))
			return -ELOOP;
		ebr = next;
	}
}

int probe_mbr(const struct probe_src *src, unsigned sector, struct probe_table *t)
{
	uint8_t s[512];
	uint64_t ext = 0;
	int r;

	if (!mbr_read(src, 0, s) || probe_vfat_bootsector(s))
		return 0;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = s + MBR_ENTRIES_OFF + i * MBR_ENTRY_SIZE;
		if ((e[0] != 0 && e[0] != 0x80) || e[4] == MBR_TYPE_GPT)
			return 0;
	}
	memset(t, 0, sizeof(*t));
	strcpy(t->type, "dos");
	snprintf(t->uuid, sizeof(t->uuid), "%08x", (unsigned)probe_le32(s + MBR_SIG_OFF));
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = s + MBR_ENTRIES_OFF + i * MBR_ENTRY_SIZE;
		if (e[4] == 0 || probe_le32(e + 12) == 0)
			continue;
		if (mbr_is_extended(e[4]) && ext == 0)
			ext = probe_le32(e + 8);
		if ((r = mbr_add(t, (unsigned)i + 1, probe_le32(e + 8), probe_le32(e + 12), sector)) < 0)
			return r;
	}
	if (ext && (r = mbr_logicals(src, ext, sector, t)) < 0)
		return r;
	return 1;
}
