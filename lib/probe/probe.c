/* See probe.h: the probe table and the helpers every probe shares. */
#include "probe/probe.h"

#include <errno.h>
#include <string.h>

#define PROBE_STR2(x) #x
#define PROBE_STR(x) PROBE_STR2(x)

static int probe_buf_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	const struct probe_buf *b = ctx;

	if (off > b->len || len > b->len - off)
		return -ERANGE;
	memcpy(dst, b->data + off, len);
	return 0;
}

void probe_src_buf(struct probe_src *src, struct probe_buf *buf)
{
	src->read = probe_buf_read;
	src->ctx = buf;
	src->size = buf->len;
}

int probe_read(const struct probe_src *src, uint64_t off, void *dst, size_t len)
{
	if (off > src->size || len > src->size - off)
		return -ERANGE;
	return src->read(src->ctx, off, dst, len);
}

/* Bitwise CRCs: the probes checksum a few KiB per device, a table would
 * buy nothing measurable. */
static uint32_t probe_crc(uint32_t crc, const uint8_t *p, size_t len, uint32_t poly)
{
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (poly & (0u - (crc & 1)));
	}
	return crc;
}

uint32_t probe_crc32c(uint32_t crc, const uint8_t *p, size_t len)
{
	return probe_crc(crc, p, len, 0x82F63B78u);
}

uint32_t probe_crc32(uint32_t crc, const uint8_t *p, size_t len)
{
	return probe_crc(crc, p, len, 0xEDB88320u);
}

static const char probe_hex[] = "0123456789abcdef";

void probe_uuid_str(char out[UUID_STR_MAX], const uint8_t u[16])
{
	size_t o = 0;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = probe_hex[u[i] >> 4];
		out[o++] = probe_hex[u[i] & 15];
	}
	out[o] = '\0';
}

void probe_guid_str(char out[UUID_STR_MAX], const uint8_t g[16])
{
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	uint8_t u[16];

	for (int i = 0; i < 16; i++)
		u[i] = g[order[i]];
	probe_uuid_str(out, u);
}

/* libblkid trims trailing spaces off every label and name it reports
 * (blkid_rtrim_whitespace); root=LABEL= compares with what blkid shows. */
void probe_label(char out[LABEL_MAX], const uint8_t *p, size_t len)
{
	size_t n = 0;

	while (n < len && n < LABEL_MAX - 1 && p[n] != '\0')
		n++;
	while (n > 0 && p[n - 1] == ' ')
		n--;
	memcpy(out, p, n);
	out[n] = '\0';
}

static size_t probe_utf8_put(char *out, size_t o, uint32_t c)
{
	if (c < 0x80) {
		out[o++] = (char)c;
	} else if (c < 0x800) {
		out[o++] = (char)(0xC0 | c >> 6);
		out[o++] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		out[o++] = (char)(0xE0 | c >> 12);
		out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
		out[o++] = (char)(0x80 | (c & 0x3F));
	} else {
		out[o++] = (char)(0xF0 | c >> 18);
		out[o++] = (char)(0x80 | (c >> 12 & 0x3F));
		out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
		out[o++] = (char)(0x80 | (c & 0x3F));
	}
	return o;
}

void probe_utf16(char out[LABEL_MAX], const uint8_t *p, size_t units, int le)
{
	size_t o = 0;

	for (size_t i = 0; i < units && o + 4 < LABEL_MAX; i++) {
		uint32_t c = le ? probe_le16(p + 2 * i) : probe_be16(p + 2 * i);
		if (c == 0)
			break;
		if (c >= 0xD800 && c < 0xDC00 && i + 1 < units) {
			uint32_t lo = le ? probe_le16(p + 2 * i + 2) : probe_be16(p + 2 * i + 2);
			if (lo >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			}
		}
		if (c >= 0xD800 && c < 0xE000)
			c = 0xFFFD;
		o = probe_utf8_put(out, o, c);
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* Order matters only for speed; an ambiguous device is refused whatever
 * the order. RAID members come first: an md 1.0 member carries the
 * filesystem inside it at offset 0 as well. */
static probe_fn *const probe_fns[] = {
	probe_mdraid, probe_luks, probe_lvm2, probe_swap, probe_verity,
	probe_ext4, probe_vfat, probe_btrfs, probe_xfs, probe_f2fs,
	probe_squashfs, probe_erofs, probe_iso9660,
};

static void probe_ambiguous(struct blockdev *dev, const char *other)
{
	size_t n = strlen(dev->type);

	if (n + 1 + strlen(other) < sizeof(dev->type)) {
		dev->type[n] = '+';
		strcpy(dev->type + n + 1, other);
	}
	dev->uuid[0] = dev->label[0] = '\0';
}

int probe_filesystem(const struct probe_src *src, struct blockdev *dev)
{
	struct blockdev one;
	int found = 0;

	dev->type[0] = dev->uuid[0] = dev->label[0] = '\0';
	for (size_t i = 0; i < sizeof(probe_fns) / sizeof(probe_fns[0]); i++) {
		one.type[0] = one.uuid[0] = one.label[0] = '\0';
		int r = probe_fns[i](src, &one);
		if (r < 0 && r != -ERANGE)
			return r;
		if (r <= 0)
			continue;
		if (i == 0) {      /* md member: what is inside is not ours to mount */
			memcpy(dev->type, one.type, sizeof(one.type));
			memcpy(dev->uuid, one.uuid, sizeof(one.uuid));
			memcpy(dev->label, one.label, sizeof(one.label));
			return 1;
		}
		if (found) {
			probe_ambiguous(dev, one.type);
			return -EEXIST;
		}
		found = 1;
		memcpy(dev->type, one.type, sizeof(one.type));
		memcpy(dev->uuid, one.uuid, sizeof(one.uuid));
		memcpy(dev->label, one.label, sizeof(one.label));
	}
	return found;
}

int probe_table(const struct probe_src *src, unsigned sector, struct probe_table *t)
{
	int r = probe_gpt(src, sector, t);

	if (r != 0)
		return r;
	return probe_mbr(src, sector, t);
}

static int probe_sub_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	const struct probe_sub *s = ctx;

	return s->parent->read(s->parent->ctx, s->off + off, dst, len);
}

void probe_src_sub(struct probe_src *src, struct probe_sub *sub)
{
	src->read = probe_sub_read;
	src->ctx = sub;
	src->size = sub->size;
	if (sub->off > sub->parent->size)
		src->size = 0;
	else if (sub->size > sub->parent->size - sub->off)
		src->size = sub->parent->size - sub->off;
}

const struct probe_part *probe_table_find(const struct probe_table *t, unsigned number)
{
	for (int i = 0; i < t->n; i++)
		if (t->parts[i].number == number)
			return &t->parts[i];
	return NULL;
}

const char *probe_strerror(int err, int table)
{
	switch (err) {
	case -E2BIG:
		return table ? "more than " PROBE_STR(PARTS_MAX) " partitions" : strerror(E2BIG);
	case -ELOOP:
		return table ? "the extended partition chain loops (or has more than "
			       PROBE_STR(PROBE_EBR_MAX) " links)"
			     : "a FAT root directory whose cluster chain loops";
	case -EFBIG:
		return "a GPT entry array over " PROBE_STR(PROBE_GPT_ARRAY_MAX) " bytes";
	case -EEXIST:
		return "two signatures";
	default:
		return strerror(-err);
	}
}
