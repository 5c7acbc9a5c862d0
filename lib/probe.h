/* Filesystem and partition-table probes: bytes of a device in, TYPE,
 * UUID and LABEL out. Pure: a probe reads through a struct probe_src and
 * never touches a file descriptor. */
#ifndef OVLINIT_PROBE_H
#define OVLINIT_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "rootdev.h"

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

/* Little-endian and big-endian fields, bounds already checked by the
 * caller's read. */
static inline uint16_t probe_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t probe_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Format a 16-byte big-endian UUID as 8-4-4-4-12 lowercase hex. */
void probe_uuid_str(char out[UUID_STR_MAX], const uint8_t uuid[16]);

/* Each probe returns 1 and fills dev->type/uuid/label when the device
 * holds its format, 0 when it does not, or a negative errno. */
int probe_ext4(const struct probe_src *src, struct blockdev *dev)
	__attribute__((warn_unused_result));

/* Run every filesystem probe; 1 if one matched, 0 if none did. */
int probe_filesystem(const struct probe_src *src, struct blockdev *dev)
	__attribute__((warn_unused_result));

#endif
