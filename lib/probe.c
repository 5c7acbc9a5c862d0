/* See probe.h: the probe table and the helpers every probe shares. */
#include "probe.h"

#include <errno.h>
#include <string.h>

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

void probe_uuid_str(char out[UUID_STR_MAX], const uint8_t u[16])
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[u[i] >> 4];
		out[o++] = hex[u[i] & 15];
	}
	out[o] = '\0';
}

int probe_filesystem(const struct probe_src *src, struct blockdev *dev)
{
	static int (*const probes[])(const struct probe_src *, struct blockdev *) = {
		probe_ext4,
	};

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		int r = probes[i](src, dev);
		if (r != 0)
			return r;
	}
	return 0;
}
