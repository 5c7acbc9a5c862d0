/* See verity.h. The checks are cryptsetup's (VERITY_read_sb) and the
 * kernel's (drivers/md/dm-verity-target.c, verity_ctr), made here so that
 * each refusal has its own message instead of the kernel's EINVAL. */
#include "verity/verity.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probe/probe.h"

static const struct {
	const char *name;
	unsigned size;
} verity_algs[] = {
	{ "sha1", 20 }, { "sha224", 28 }, { "sha256", 32 }, { "sha384", 48 }, { "sha512", 64 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

unsigned verity_digest_size(const char *name)
{
	for (size_t i = 0; i < COUNT(verity_algs); i++)
		if (strcmp(name, verity_algs[i].name) == 0)
			return verity_algs[i].size;
	return 0;
}

static int verity_block_ok(uint32_t n)
{
	return n >= VERITY_BLOCK_MIN && n <= VERITY_BLOCK_MAX && (n & (n - 1)) == 0;
}

/* The algorithm field: a NUL-terminated name within its 32 bytes. */
static int verity_sb_alg(const uint8_t *buf, struct verity_sb *sb, char *why, size_t cap)
{
	size_t n = strnlen((const char *)buf + VERITY_ALG_OFF, VERITY_ALG_LEN);
	char show[VERITY_ALG_LEN * 4 + 1];

	if (n == VERITY_ALG_LEN) {
		snprintf(why, cap, "the hash algorithm field is not NUL-terminated");
		return -EINVAL;
	}
	memcpy(sb->algorithm, buf + VERITY_ALG_OFF, n + 1);
	sb->digest_size = verity_digest_size(sb->algorithm);
	if (sb->digest_size == 0) {
		size_t o = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)sb->algorithm[i];
			o += (size_t)snprintf(show + o, sizeof(show) - o,
					      c >= 0x20 && c < 0x7f && c != '\\' ? "%c" : "\\x%02x", c);
		}
		show[o] = '\0';
		snprintf(why, cap, "hash algorithm \"%s\": ovlinit knows sha1, sha224, sha256, "
			 "sha384 and sha512", show);
		return -EINVAL;
	}
	return 0;
}

static int verity_sb_sizes(const uint8_t *buf, struct verity_sb *sb, char *why, size_t cap)
{
	sb->data_block_size = probe_le32(buf + VERITY_DBS_OFF);
	sb->hash_block_size = probe_le32(buf + VERITY_HBS_OFF);
	sb->data_blocks = probe_le64(buf + VERITY_BLOCKS_OFF);
	if (!verity_block_ok(sb->data_block_size) || !verity_block_ok(sb->hash_block_size)) {
		snprintf(why, cap, "block sizes %u (data) and %u (hash): each must be a power of "
			 "two from %d to %d", sb->data_block_size, sb->hash_block_size,
			 VERITY_BLOCK_MIN, VERITY_BLOCK_MAX);
		return -EINVAL;
	}
	/* dm-verity: "Digest size too big" below two hashes a block. */
	if (sb->hash_block_size < 2 * sb->digest_size) {
		snprintf(why, cap, "hash blocks of %u bytes hold fewer than two %s hashes",
			 sb->hash_block_size, sb->algorithm);
		return -EINVAL;
	}
	/* The target's length in sectors must fit 64 bits. */
	if (sb->data_blocks == 0 ||
	    sb->data_blocks > UINT64_MAX / sb->data_block_size) {
		snprintf(why, cap, "%llu data blocks of %u bytes: not a device size",
			 (unsigned long long)sb->data_blocks, sb->data_block_size);
		return -EINVAL;
	}
	return 0;
}

int verity_sb_parse(const uint8_t *buf, size_t len, struct verity_sb *sb, char *why, size_t cap)
{
	int r;

	memset(sb, 0, sizeof(*sb));
	snprintf(why, cap, "-");
	if (len < VERITY_SB_SIZE) {
		snprintf(why, cap, "shorter than a verity superblock (%d bytes)", VERITY_SB_SIZE);
		return -ERANGE;
	}
	if (memcmp(buf + VERITY_SIG_OFF, VERITY_SIGNATURE, 8) != 0) {
		snprintf(why, cap, "no verity superblock (\"verity\" at byte 0): not a hash "
			 "device made by veritysetup format");
		return -ENODATA;
	}
	sb->version = probe_le32(buf + VERITY_VERSION_OFF);
	sb->hash_type = probe_le32(buf + VERITY_HASH_TYPE_OFF);
	if (sb->version != 1 || sb->hash_type > 1) {
		snprintf(why, cap, "superblock version %u, hash type %u: ovlinit knows version 1, "
			 "hash type 0 or 1", sb->version, sb->hash_type);
		return -EINVAL;
	}
	probe_uuid_str(sb->uuid, buf + VERITY_UUID_OFF);
	if ((r = verity_sb_alg(buf, sb, why, cap)) < 0 || (r = verity_sb_sizes(buf, sb, why, cap)) < 0)
		return r;
	sb->salt_size = probe_le16(buf + VERITY_SALT_SIZE_OFF);
	if (sb->salt_size > VERITY_SALT_MAX) {
		snprintf(why, cap, "a salt of %u bytes: the superblock holds at most %d",
			 sb->salt_size, VERITY_SALT_MAX);
		return -EINVAL;
	}
	memcpy(sb->salt, buf + VERITY_SALT_OFF, sb->salt_size);
	return 0;
}

int verity_roothash_ok(const char *s, const char **why)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF");

	if (s[n] != '\0') {
		*why = "not a hexadecimal number";
		return -EINVAL;
	}
	for (size_t i = 0; i < COUNT(verity_algs); i++)
		if (n == 2 * verity_algs[i].size)
			return 0;
	*why = "not as long as a hash: 40 (sha1), 56 (sha224), 64 (sha256), 96 (sha384) or "
	       "128 (sha512) hex digits";
	return -EINVAL;
}

uint64_t verity_hash_start(const struct verity_sb *sb)
{
	return ((uint64_t)VERITY_SB_SIZE + sb->hash_block_size - 1) / sb->hash_block_size;
}

/* ceil(n / 2^shift), without the kernel's n + 2^shift - 1 (which wraps). */
static uint64_t verity_ceil_shift(uint64_t n, unsigned shift)
{
	if (shift >= 64)
		return n != 0;
	return (n >> shift) + ((n & ((1ULL << shift) - 1)) != 0);
}

int verity_hash_blocks(const struct verity_sb *sb, uint64_t *blocks)
{
	unsigned per = sb->hash_block_size / sb->digest_size, bits = 0, levels = 0;
	uint64_t pos = verity_hash_start(sb);

	while ((2U << bits) <= per)     /* __fls(): a power of two hashes a block */
		bits++;
	while (bits * levels < 64 && ((sb->data_blocks - 1) >> (bits * levels)) != 0)
		levels++;
	if (levels > VERITY_LEVELS_MAX)
		return -EOVERFLOW;
	for (unsigned i = levels; i-- > 0; ) {
		uint64_t s = verity_ceil_shift(sb->data_blocks, (i + 1) * bits);
		if (pos + s < pos)
			return -EOVERFLOW;
		pos += s;
	}
	*blocks = pos;
	return 0;
}

int verity_check(const struct verity_sb *sb, const char *roothash, uint64_t data_bytes,
		 uint64_t hash_bytes, unsigned page, verity_problem_fn *problem, void *ctx)
{
	char text[320];
	uint64_t need = sb->data_blocks * sb->data_block_size, hb;
	int n = 0;

	if (strlen(roothash) != 2 * sb->digest_size) {
		snprintf(text, sizeof(text), "roothash= has %zu hex digits; the hash device's %s "
			 "tree needs %u", strlen(roothash), sb->algorithm, 2 * sb->digest_size);
		problem(ctx, text);
		n++;
	}
	if (sb->data_block_size > page || sb->hash_block_size > page) {
		snprintf(text, sizeof(text), "blocks of %u (data) and %u (hash) bytes: dm-verity "
			 "takes at most the page size, %u", sb->data_block_size,
			 sb->hash_block_size, page);
		problem(ctx, text);
		n++;
	}
	if (data_bytes < need) {
		snprintf(text, sizeof(text), "the data device has %llu bytes; the superblock says "
			 "%llu blocks of %u bytes, %llu bytes", (unsigned long long)data_bytes,
			 (unsigned long long)sb->data_blocks, sb->data_block_size,
			 (unsigned long long)need);
		problem(ctx, text);
		n++;
	}
	if (verity_hash_blocks(sb, &hb) < 0 || hb > UINT64_MAX / sb->hash_block_size) {
		snprintf(text, sizeof(text), "the hash tree of %llu data blocks does not fit "
			 "64 bits", (unsigned long long)sb->data_blocks);
		problem(ctx, text);
		n++;
	} else if (hash_bytes < hb * sb->hash_block_size) {
		snprintf(text, sizeof(text), "the hash device has %llu bytes; its tree needs "
			 "%llu blocks of %u bytes, %llu bytes", (unsigned long long)hash_bytes,
			 (unsigned long long)hb, sb->hash_block_size,
			 (unsigned long long)(hb * sb->hash_block_size));
		problem(ctx, text);
		n++;
	}
	return n;
}

const char *verity_error_name(enum verity_error mode)
{
	return mode == VERITY_ERR_PANIC ? "panic" : mode == VERITY_ERR_RESTART ? "restart" : "eio";
}

int verity_table(const struct verity_sb *sb, const char *data, const char *hash,
		 const char *roothash, enum verity_error mode, char *buf, size_t cap,
		 uint64_t *sectors)
{
	static const char *const opt[] = { "", " 1 restart_on_corruption",
					   " 1 panic_on_corruption" };
	char salt[VERITY_SALT_MAX * 2 + 1];
	int n;

	for (unsigned i = 0; i < sb->salt_size; i++)
		snprintf(salt + 2 * i, 3, "%02x", sb->salt[i]);
	if (sb->salt_size == 0)
		strcpy(salt, "-");
	n = snprintf(buf, cap, "%u %s %s %u %u %llu %llu %s %s %s%s", sb->hash_type, data, hash,
		     sb->data_block_size, sb->hash_block_size,
		     (unsigned long long)sb->data_blocks,
		     (unsigned long long)verity_hash_start(sb), sb->algorithm, roothash, salt,
		     opt[mode <= VERITY_ERR_PANIC ? mode : VERITY_ERR_EIO]);
	if (n < 0 || (size_t)n >= cap)
		return -ENAMETOOLONG;
	*sectors = sb->data_blocks * (sb->data_block_size / 512);
	return n;
}
