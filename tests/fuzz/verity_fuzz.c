/* libFuzzer target: lib/verity/verity.c on any bytes, a hash device's
 * first 512 bytes being hostile. The input is the superblock, then 16
 * bytes: the data and hash devices' sizes. No crash, no read past the
 * buffer (ASan), no overflow (UBSan); an accepted superblock has a
 * known algorithm and block sizes in range, a tree whose size the
 * checks can compute, and a table line that fits its buffer. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "verity/verity.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_problem(void *ctx, const char *text)
{
	CHECK(strlen(text) > 0);
	(*(int *)ctx)++;
}

static uint64_t fuzz_u64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char roothash[VERITY_HEX_MAX + 1], table[1024];
	struct verity_sb sb;
	char why[200];
	uint64_t blocks, sectors, dsize = 0, hsize = 0;
	int n = 0, r = verity_sb_parse(data, size, &sb, why, sizeof(why));

	CHECK(strlen(why) < sizeof(why));
	if (r < 0)
		return 0;
	CHECK(sb.digest_size > 0 && sb.digest_size <= VERITY_DIGEST_MAX);
	CHECK(sb.data_block_size >= VERITY_BLOCK_MIN && sb.data_block_size <= VERITY_BLOCK_MAX);
	CHECK(sb.hash_block_size >= 2 * sb.digest_size && sb.salt_size <= VERITY_SALT_MAX);
	if (size >= VERITY_SB_SIZE + 16) {
		dsize = fuzz_u64(data + VERITY_SB_SIZE);
		hsize = fuzz_u64(data + VERITY_SB_SIZE + 8);
	}
	memset(roothash, 'a', 2 * sb.digest_size);
	roothash[2 * sb.digest_size] = '\0';
	if (verity_hash_blocks(&sb, &blocks) == 0)
		CHECK(blocks >= verity_hash_start(&sb));
	CHECK(verity_check(&sb, roothash, dsize, hsize, 4096, fuzz_problem, &n) == n);
	r = verity_table(&sb, "259:65535", "259:65534", roothash,
			 (enum verity_error)(size % 3), table, sizeof(table), &sectors);
	CHECK(r > 0 && (size_t)r == strlen(table));
	CHECK(sectors == sb.data_blocks * (sb.data_block_size / 512));
	return 0;
}
