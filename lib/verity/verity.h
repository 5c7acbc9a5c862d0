/* dm-verity: the superblock `veritysetup format` writes at the start of
 * the hash device, the checks a boot makes before it trusts it, and the
 * `verity` target's table line. Pure: bytes and numbers in, fields and
 * text out; lib/sys/sys_dm.c hands the table to the kernel.
 *
 * The superblock (cryptsetup, lib/verity/verity.c, struct verity_sb),
 * 512 bytes, little-endian:
 *     0  signature "verity\0\0"     8  version (1)      12  hash_type (0 Chrome OS, 1 normal)
 *    16  uuid[16]                  32  algorithm[32], NUL-padded
 *    64  data_block_size           68  hash_block_size  72  data_blocks (64 bits)
 *    80  salt_size (16 bits)       88  salt[256]        344 padding to 512
 * The hash tree follows it, from the first hash block after the
 * superblock (cryptsetup's VERITY_hash_offset_block()). */
#ifndef OVLINIT_VERITY_H
#define OVLINIT_VERITY_H

#include <stddef.h>
#include <stdint.h>

#include "util/limit.h"

#define VERITY_SB_SIZE        512
#define VERITY_SIGNATURE      "verity\0\0"
#define VERITY_SIG_OFF        0
#define VERITY_VERSION_OFF    8
#define VERITY_HASH_TYPE_OFF  12
#define VERITY_UUID_OFF       16
#define VERITY_ALG_OFF        32
#define VERITY_ALG_LEN        32
#define VERITY_DBS_OFF        64
#define VERITY_HBS_OFF        68
#define VERITY_BLOCKS_OFF     72
#define VERITY_SALT_SIZE_OFF  80
#define VERITY_SALT_OFF       88
#define VERITY_SALT_MAX       256
/* Block sizes: cryptsetup's VERITY_BLOCK_SIZE_OK (a power of two from
 * 512 bytes to 512 KiB); dm-verity takes at most a page (verity_ctr). */
#define VERITY_BLOCK_MIN      512
#define VERITY_BLOCK_MAX      (512 * 1024)
#define VERITY_LEVELS_MAX     63        /* DM_VERITY_MAX_LEVELS */
#define VERITY_DIGEST_MAX     64        /* sha512 */
#define VERITY_HEX_MAX        (VERITY_DIGEST_MAX * 2)

enum verity_error {
	VERITY_ERR_EIO = 0,    /* the default: a read of a corrupted block fails */
	VERITY_ERR_RESTART,    /* restart_on_corruption */
	VERITY_ERR_PANIC,      /* panic_on_corruption */
};

struct verity_sb {
	unsigned version;
	unsigned hash_type;                    /* the table's <version> */
	char uuid[UUID_STR_MAX];               /* 8-4-4-4-12, as blkid shows it */
	char algorithm[VERITY_ALG_LEN];        /* a name of verity_digest_size()'s */
	unsigned digest_size;                  /* bytes of one hash */
	unsigned data_block_size, hash_block_size;
	uint64_t data_blocks;
	unsigned salt_size;
	uint8_t salt[VERITY_SALT_MAX];
};

/* Parse buf[0..len) (at least VERITY_SB_SIZE bytes, else -ERANGE).
 * Returns 0; -ENODATA without the signature (not a hash device);
 * -EINVAL for a superblock ovlinit will not use, *why saying which
 * field and what it holds in why_buf[0..cap). */
int verity_sb_parse(const uint8_t *buf, size_t len, struct verity_sb *sb, char *why,
		    size_t cap) __attribute__((warn_unused_result));

/* Bytes of a digest of the hash algorithm name ("sha256": 32), or 0 if
 * ovlinit does not know it. */
unsigned verity_digest_size(const char *name);

/* Is s a root hash as roothash= may give it: hex digits whose count is
 * twice the digest size of a known algorithm? Returns 0, or -EINVAL
 * with *why. */
int verity_roothash_ok(const char *s, const char **why) __attribute__((warn_unused_result));

/* The hash device's blocks the tree of sb needs, the superblock's
 * included, as dm-verity lays them out (verity_ctr): levels of
 * hash_block_size / digest_size (rounded down to a power of two) hashes
 * a block. Returns 0, or -EOVERFLOW past VERITY_LEVELS_MAX levels or
 * 64 bits. */
int verity_hash_blocks(const struct verity_sb *sb, uint64_t *blocks)
	__attribute__((warn_unused_result));

/* The first hash block of the tree: the one after the superblock. */
uint64_t verity_hash_start(const struct verity_sb *sb);

/* Does the superblock fit the root hash and the devices? data_bytes,
 * hash_bytes: the devices' sizes; page: the most dm-verity takes as a
 * block. Calls problem(ctx, text) for every mismatch (all of them, so
 * one boot names every one). Returns how many there were. */
typedef void verity_problem_fn(void *ctx, const char *text);
int verity_check(const struct verity_sb *sb, const char *roothash, uint64_t data_bytes,
		 uint64_t hash_bytes, unsigned page, verity_problem_fn *problem, void *ctx);

/* The `verity` target's parameters, data and hash given as "MAJ:MIN"
 * (Documentation/admin-guide/device-mapper/verity.rst):
 *   <version> <data> <hash> <dbs> <hbs> <blocks> <hash start> <alg> <root hash> <salt|->
 *   [1 restart_on_corruption|panic_on_corruption]
 * into buf[0..cap); *sectors gets the target's length in 512-byte
 * sectors. Returns the length, or -ENAMETOOLONG. */
int verity_table(const struct verity_sb *sb, const char *data, const char *hash,
		 const char *roothash, enum verity_error mode, char *buf, size_t cap,
		 uint64_t *sectors) __attribute__((warn_unused_result));

/* "eio", "restart", "panic". */
const char *verity_error_name(enum verity_error mode);

#endif
