/* Unit tests of lib/verity/verity.c: superblocks made by the real
 * `veritysetup format` in the test's work directory, and each field
 * that the parser refuses, changed in such a superblock. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verity/verity.h"

#define SALT "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define UUID "0123abcd-0000-4000-8000-00000000000a"

static uint8_t sb_bytes[VERITY_SB_SIZE];
static char roothash[VERITY_HEX_MAX + 1];
static long hash_size;

/* veritysetup format over an 8 MiB data file with more options; the
 * superblock into sb_bytes, the root hash into roothash. */
static void format(const char *opts)
{
	char cmd[512];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "rm -f data hash && truncate -s 8M data && veritysetup format "
		 "data hash --uuid " UUID " %s > out && sed -n 's/^Root hash:[[:space:]]*//p' out "
		 "> rh", opts);
	ATF_REQUIRE_EQ_MSG(system(cmd), 0, "%s", cmd);
	f = fopen("hash", "rb");
	ATF_REQUIRE(f != NULL);
	ATF_REQUIRE_EQ(fread(sb_bytes, 1, sizeof(sb_bytes), f), sizeof(sb_bytes));
	fseek(f, 0, SEEK_END);
	hash_size = ftell(f);
	fclose(f);
	f = fopen("rh", "r");
	ATF_REQUIRE(f != NULL);
	ATF_REQUIRE(fgets(roothash, sizeof(roothash), f) != NULL);
	fclose(f);
	roothash[strcspn(roothash, "\n")] = '\0';
}

static int parse(struct verity_sb *sb, char *why, size_t cap)
{
	return verity_sb_parse(sb_bytes, sizeof(sb_bytes), sb, why, cap);
}

ATF_TC_WITHOUT_HEAD(veritysetup_sha256_fields_and_table);
ATF_TC_BODY(veritysetup_sha256_fields_and_table, tc)
{
	struct verity_sb sb;
	char why[200], table[1024], want[1024];
	uint64_t blocks, sectors;

	format("--salt " SALT);
	ATF_REQUIRE_EQ_MSG(parse(&sb, why, sizeof(why)), 0, "%s", why);
	ATF_CHECK_EQ(sb.version, 1);
	ATF_CHECK_EQ(sb.hash_type, 1);
	ATF_CHECK_STREQ(sb.uuid, UUID);
	ATF_CHECK_STREQ(sb.algorithm, "sha256");
	ATF_CHECK_EQ(sb.digest_size, 32);
	ATF_CHECK_EQ(sb.data_block_size, 4096);
	ATF_CHECK_EQ(sb.hash_block_size, 4096);
	ATF_CHECK_EQ(sb.data_blocks, 2048);
	ATF_CHECK_EQ(sb.salt_size, 32);
	ATF_CHECK_EQ(verity_hash_start(&sb), 1);
	/* the tree as the kernel lays it out fills veritysetup's file exactly */
	ATF_REQUIRE_EQ(verity_hash_blocks(&sb, &blocks), 0);
	ATF_CHECK_EQ(blocks * 4096, (uint64_t)hash_size);
	ATF_REQUIRE(verity_table(&sb, "254:1", "254:2", roothash, VERITY_ERR_EIO, table,
				 sizeof(table), &sectors) > 0);
	snprintf(want, sizeof(want), "1 254:1 254:2 4096 4096 2048 1 sha256 %s " SALT, roothash);
	ATF_CHECK_STREQ(table, want);
	ATF_CHECK_EQ(sectors, 2048 * 8);
}

ATF_TC_WITHOUT_HEAD(veritysetup_sha1_small_blocks_no_salt);
ATF_TC_BODY(veritysetup_sha1_small_blocks_no_salt, tc)
{
	struct verity_sb sb;
	char why[200], table[1024], want[1024];
	uint64_t blocks, sectors;

	format("--hash sha1 --data-block-size 512 --hash-block-size 512 --salt -");
	ATF_REQUIRE_EQ_MSG(parse(&sb, why, sizeof(why)), 0, "%s", why);
	ATF_CHECK_STREQ(sb.algorithm, "sha1");
	ATF_CHECK_EQ(sb.digest_size, 20);
	ATF_CHECK_EQ(sb.data_blocks, 16384);
	ATF_CHECK_EQ(sb.salt_size, 0);
	ATF_CHECK_EQ(strlen(roothash), 40);
	ATF_REQUIRE_EQ(verity_hash_blocks(&sb, &blocks), 0);
	ATF_CHECK_EQ(blocks * 512, (uint64_t)hash_size);
	ATF_REQUIRE(verity_table(&sb, "8:0", "8:16", roothash, VERITY_ERR_PANIC, table,
				 sizeof(table), &sectors) > 0);
	snprintf(want, sizeof(want), "1 8:0 8:16 512 512 16384 1 sha1 %s - 1 panic_on_corruption",
		 roothash);
	ATF_CHECK_STREQ(table, want);
	ATF_CHECK_EQ(sectors, 16384);
}

ATF_TC_WITHOUT_HEAD(restart_mode_and_sha512_tree);
ATF_TC_BODY(restart_mode_and_sha512_tree, tc)
{
	struct verity_sb sb;
	char why[200], table[1024];
	uint64_t blocks, sectors;

	format("--hash sha512 --hash-block-size 1024");
	ATF_REQUIRE_EQ_MSG(parse(&sb, why, sizeof(why)), 0, "%s", why);
	ATF_CHECK_EQ(strlen(roothash), 128);
	ATF_CHECK_EQ(verity_hash_start(&sb), 1);
	ATF_REQUIRE_EQ(verity_hash_blocks(&sb, &blocks), 0);
	ATF_CHECK_EQ(blocks * 1024, (uint64_t)hash_size);
	ATF_REQUIRE(verity_table(&sb, "8:0", "8:16", roothash, VERITY_ERR_RESTART, table,
				 sizeof(table), &sectors) > 0);
	ATF_CHECK(strstr(table, " 4096 1024 2048 1 sha512 ") != NULL);
	ATF_CHECK(strstr(table, " 1 restart_on_corruption") != NULL);
	ATF_CHECK_EQ(verity_table(&sb, "8:0", "8:16", roothash, VERITY_ERR_EIO, table, 100,
				  &sectors), -ENAMETOOLONG);
}

ATF_TC_WITHOUT_HEAD(no_signature_short_buffer);
ATF_TC_BODY(no_signature_short_buffer, tc)
{
	static const uint8_t zero[VERITY_SB_SIZE];
	struct verity_sb sb;
	char why[200];

	ATF_CHECK_EQ(verity_sb_parse(zero, sizeof(zero), &sb, why, sizeof(why)), -ENODATA);
	ATF_CHECK(strstr(why, "no verity superblock") != NULL);
	ATF_CHECK_EQ(verity_sb_parse(zero, VERITY_SB_SIZE - 1, &sb, why, sizeof(why)), -ERANGE);
}

static void put32(size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		sb_bytes[off + i] = (uint8_t)(v >> (8 * i));
}

static void put64(size_t off, uint64_t v)
{
	put32(off, (uint32_t)v);
	put32(off + 4, (uint32_t)(v >> 32));
}

/* Change one field of a good superblock: refused, *why naming it. */
static void refused(void (*change)(void), const char *part)
{
	struct verity_sb sb;
	char why[200];

	format("");
	change();
	ATF_CHECK_EQ_MSG(parse(&sb, why, sizeof(why)), -EINVAL, "expected a refusal: %s", part);
	ATF_CHECK_MSG(strstr(why, part) != NULL, "'%s' lacks '%s'", why, part);
}

static void version2(void) { put32(VERITY_VERSION_OFF, 2); }
static void type2(void) { put32(VERITY_HASH_TYPE_OFF, 2); }
static void md5(void) { memcpy(sb_bytes + VERITY_ALG_OFF, "md5\0\0\0", 6); }
static void alg_unterminated(void) { memset(sb_bytes + VERITY_ALG_OFF, 'a', VERITY_ALG_LEN); }
static void alg_control(void) { memcpy(sb_bytes + VERITY_ALG_OFF, "sha\n256", 8); }
static void dbs_1000(void) { put32(VERITY_DBS_OFF, 1000); }
static void hbs_1m(void) { put32(VERITY_HBS_OFF, 1 << 20); }
static void hbs_256(void) { put32(VERITY_HBS_OFF, 256); }
static void blocks_0(void) { put64(VERITY_BLOCKS_OFF, 0); }
static void blocks_huge(void) { put64(VERITY_BLOCKS_OFF, UINT64_MAX / 4096 + 1); }
static void salt_257(void) { sb_bytes[VERITY_SALT_SIZE_OFF] = 1; sb_bytes[VERITY_SALT_SIZE_OFF + 1] = 1; }

ATF_TC_WITHOUT_HEAD(each_bad_field_is_refused_by_name);
ATF_TC_BODY(each_bad_field_is_refused_by_name, tc)
{
	refused(version2, "superblock version 2");
	refused(type2, "hash type 2");
	refused(md5, "hash algorithm \"md5\"");
	refused(alg_unterminated, "not NUL-terminated");
	refused(alg_control, "\"sha\\x0a256\"");
	refused(dbs_1000, "block sizes 1000 (data)");
	refused(hbs_1m, "and 1048576 (hash)");
	refused(hbs_256, "and 256 (hash)");
	refused(blocks_0, "0 data blocks");
	refused(blocks_huge, "4503599627370496 data blocks");
	refused(salt_257, "a salt of 257 bytes");
}

ATF_TC_WITHOUT_HEAD(roothash_lengths);
ATF_TC_BODY(roothash_lengths, tc)
{
	static const int ok[] = { 40, 56, 64, 96, 128 }, bad[] = { 0, 2, 39, 63, 65, 130 };
	char hex[200];
	const char *why;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(hex, 'A', (size_t)ok[i]);
		hex[ok[i]] = '\0';
		ATF_CHECK_EQ_MSG(verity_roothash_ok(hex, &why), 0, "%d digits", ok[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(hex, 'a', (size_t)bad[i]);
		hex[bad[i]] = '\0';
		ATF_CHECK_EQ_MSG(verity_roothash_ok(hex, &why), -EINVAL, "%d digits", bad[i]);
	}
	memset(hex, 'a', 64);
	hex[10] = 'g';
	hex[64] = '\0';
	ATF_CHECK_EQ(verity_roothash_ok(hex, &why), -EINVAL);
	ATF_CHECK_STREQ(why, "not a hexadecimal number");
}

static char problems[1024];

static void problem(void *ctx, const char *text)
{
	(void)ctx;
	strcat(problems, text);
	strcat(problems, "\n");
}

ATF_TC_WITHOUT_HEAD(check_names_every_misfit);
ATF_TC_BODY(check_names_every_misfit, tc)
{
	struct verity_sb sb;
	char why[200], wrong[2 * VERITY_HEX_MAX + 2];

	format("");
	ATF_REQUIRE_EQ(parse(&sb, why, sizeof(why)), 0);
	problems[0] = '\0';
	ATF_CHECK_EQ(verity_check(&sb, roothash, 8 << 20, (uint64_t)hash_size, 4096, problem,
				  NULL), 0);
	ATF_CHECK_STREQ(problems, "");
	snprintf(wrong, sizeof(wrong), "%s%s", roothash, roothash);
	ATF_CHECK_EQ(verity_check(&sb, wrong, (8 << 20) - 1, (uint64_t)hash_size - 1, 2048,
				  problem, NULL), 4);
	ATF_CHECK_STREQ(problems,
		"roothash= has 128 hex digits; the hash device's sha256 tree needs 64\n"
		"blocks of 4096 (data) and 4096 (hash) bytes: dm-verity takes at most the page size, 2048\n"
		"the data device has 8388607 bytes; the superblock says 2048 blocks of 4096 bytes, 8388608 bytes\n"
		"the hash device has 73727 bytes; its tree needs 18 blocks of 4096 bytes, 73728 bytes\n");
}

ATF_TC_WITHOUT_HEAD(largest_tree_does_not_overflow);
ATF_TC_BODY(largest_tree_does_not_overflow, tc)
{
	struct verity_sb sb = { .digest_size = 64, .data_block_size = 4096, .hash_block_size = 512,
				.data_blocks = UINT64_MAX / 4096 };
	uint64_t blocks;

	strcpy(sb.algorithm, "sha512");
	ATF_REQUIRE_EQ(verity_hash_blocks(&sb, &blocks), 0);
	/* 8 hashes a block: the lowest level alone is data_blocks / 8 */
	ATF_CHECK(blocks > sb.data_blocks / 8 && blocks < sb.data_blocks / 7 + 64);
	sb.data_blocks = 1;
	ATF_REQUIRE_EQ(verity_hash_blocks(&sb, &blocks), 0);
	ATF_CHECK_EQ(blocks, 1);   /* no level: the root hash is the block's own hash */
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, veritysetup_sha256_fields_and_table);
	ATF_TP_ADD_TC(tp, veritysetup_sha1_small_blocks_no_salt);
	ATF_TP_ADD_TC(tp, restart_mode_and_sha512_tree);
	ATF_TP_ADD_TC(tp, no_signature_short_buffer);
	ATF_TP_ADD_TC(tp, each_bad_field_is_refused_by_name);
	ATF_TP_ADD_TC(tp, roothash_lengths);
	ATF_TP_ADD_TC(tp, check_names_every_misfit);
	ATF_TP_ADD_TC(tp, largest_tree_does_not_overflow);
	return atf_no_error();
}
