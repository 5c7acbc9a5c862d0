/* Filesystem and partition-table probes: bytes of a device in, TYPE,
 * UUID and LABEL out (and PARTUUID, PARTLABEL from a disk's table).
 * Pure: a probe reads through a struct probe_src and never touches a
 * file descriptor. The identifiers are formatted the way libblkid
 * formats them, so `blkid -p -o export` and `ovlinit --probe` agree (the
 * differential test tests/diff checks it on real mkfs images). */
#ifndef OVLINIT_PROBE_H
#define OVLINIT_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "util/limit.h"
#include "rootdev/rootdev.h"

struct probe_src {
	/* Copy len bytes at off into dst. Returns 0, or a negative errno
	 * (-ERANGE past the end of the device). */
	int (*read)(void *ctx, uint64_t off, void *dst, size_t len);
	void *ctx;
	uint64_t size;     /* bytes */
};

/* A source over a memory buffer (ctx is the struct probe_buf). */
struct probe_buf {
	const uint8_t *data;
	size_t len;
};
void probe_src_buf(struct probe_src *src, struct probe_buf *buf);

/* A source over size bytes at off of a parent source (a partition of a
 * disk image), clamped to the parent's end. ctx is the struct probe_sub. */
struct probe_sub {
	const struct probe_src *parent;
	uint64_t off, size;
};
void probe_src_sub(struct probe_src *src, struct probe_sub *sub);

/* Read len bytes at off; 0, or -ERANGE if any of it lies past src->size
 * (checked here, so no probe trusts its source to check). */
int probe_read(const struct probe_src *src, uint64_t off, void *dst, size_t len)
	__attribute__((warn_unused_result));

static inline uint16_t probe_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t probe_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t probe_le64(const uint8_t *p)
{
	return (uint64_t)probe_le32(p) | (uint64_t)probe_le32(p + 4) << 32;
}
static inline uint16_t probe_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t probe_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}
static inline uint64_t probe_be64(const uint8_t *p)
{
	return (uint64_t)probe_be32(p) << 32 | probe_be32(p + 4);
}

/* CRC-32C (Castagnoli) and CRC-32 (IEEE, as zlib and GPT use it), raw:
 * no inversion before or after; callers pass ~0 and invert where their
 * format says so. */
uint32_t probe_crc32c(uint32_t crc, const uint8_t *p, size_t len);
uint32_t probe_crc32(uint32_t crc, const uint8_t *p, size_t len);

/* Format a 16-byte big-endian UUID as 8-4-4-4-12 lowercase hex. */
void probe_uuid_str(char out[UUID_STR_MAX], const uint8_t uuid[16]);
/* The same for a GUID whose first three fields are little-endian (GPT,
 * Microsoft's mixed-endian layout). */
void probe_guid_str(char out[UUID_STR_MAX], const uint8_t guid[16]);

/* Copy a fixed-size label field into out: stop at the first NUL, drop
 * trailing spaces (as libblkid does; FAT and ISO 9660 pad with them). */
void probe_label(char out[LABEL_MAX], const uint8_t *p, size_t len);
/* UTF-16 (le: little-endian) code units -> UTF-8, stopping at a NUL unit,
 * trailing spaces dropped; unpaired surrogates become U+FFFD. */
void probe_utf16(char out[LABEL_MAX], const uint8_t *p, size_t units, int le);

/* Each probe returns 1 and fills dev->type/uuid/label when the device
 * holds its format, 0 when it does not, or a negative errno: -ERANGE
 * when what it needs lies past the device's end (taken as "not this
 * format"), -ELOOP from probe_vfat for a root directory whose cluster
 * chain loops. Every offset and length a probe takes from the device is
 * checked in 64-bit (or size_t) arithmetic that cannot wrap before it is
 * used, and every read goes through probe_read; each probe's file says
 * what it checks and what a device may cost it (issue 16). */
typedef int probe_fn(const struct probe_src *src, struct blockdev *dev);
probe_fn probe_ext4, probe_vfat, probe_btrfs, probe_xfs, probe_f2fs,
	probe_squashfs, probe_erofs, probe_iso9660,
	probe_swap, probe_luks, probe_lvm2, probe_mdraid, probe_verity;

/* Is this boot sector a FAT boot sector? (The MBR probe must not take a
 * FAT filesystem without a table for a partition table.) */
int probe_vfat_bootsector(const uint8_t *sec);   /* 512 bytes */

/* Run every filesystem probe. Returns 1 if exactly one matched, 0 if none
 * did, -EEXIST if two formats claim the device (dev->type then names
 * both, "ext4+xfs": never guess), or a negative errno. */
int probe_filesystem(const struct probe_src *src, struct blockdev *dev)
	__attribute__((warn_unused_result));

/* Partition tables. Byte offsets and sizes; number as the kernel numbers
 * the partition (sdaN). */
struct probe_part {
	unsigned number;
	uint64_t start, size;
	char uuid[UUID_STR_MAX];      /* PARTUUID */
	char label[LABEL_MAX];        /* PARTLABEL (GPT only) */
};

struct probe_table {
	char type[8];                 /* "dos" or "gpt" (blkid's PTTYPE) */
	char uuid[UUID_STR_MAX];      /* PTUUID */
	int n;
	struct probe_part parts[PARTS_MAX];
};

/* sector: the disk's logical sector size (512 or 4096; GPT is laid out
 * in it). Each returns 1 with t filled, 0 if the disk has no such table,
 * or a negative errno: the disk has a table but no entry of it can be
 * trusted, and callers must say so (its partitions' PARTUUID and
 * PARTLABEL are unknown, not absent):
 *   -E2BIG  more than PARTS_MAX used entries
 *   -ELOOP  the EBR chain links back to an EBR already read, or is
 *           longer than PROBE_EBR_MAX
 *   -EFBIG  a GPT entry array larger than PROBE_GPT_ARRAY_MAX bytes */
int probe_gpt(const struct probe_src *src, unsigned sector, struct probe_table *t)
	__attribute__((warn_unused_result));
int probe_mbr(const struct probe_src *src, unsigned sector, struct probe_table *t)
	__attribute__((warn_unused_result));
/* GPT, then MBR (an MBR holding a 0xEE entry is GPT's protective MBR). */
int probe_table(const struct probe_src *src, unsigned sector, struct probe_table *t)
	__attribute__((warn_unused_result));

/* What a negative errno of a probe or table parser means, for a
 * message: "more than 128 partitions", or strerror()'s text. table: the
 * error came from probe_table (else from probe_filesystem). */
const char *probe_strerror(int err, int table);

/* The entry numbered number (as the kernel numbers sdaN), or NULL. */
const struct probe_part *probe_table_find(const struct probe_table *t, unsigned number);

#endif
