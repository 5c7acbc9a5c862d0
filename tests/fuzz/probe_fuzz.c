/* libFuzzer target: every filesystem probe and both partition-table
 * probes over arbitrary bytes never crash, never read out of bounds,
 * return only their documented codes, leave their text fields
 * NUL-terminated, and cost a bounded number of reads and bytes (issue
 * 16). The mutator recomputes the checksums the probes verify after
 * each mutation (probe_fixup.c), except for one mutant in eight, so the
 * code behind the checksums is reached and the refusals stay covered.
 * Seeds: tests/fuzz/seeds/probe_fuzz (heads of real images, see MAKE.sh);
 * coverage seen: tests/fuzz/COVERAGE. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "probe/probe.h"
#include "probe_fixup.h"

/* What one input may cost: the sum of the probes' own bounds (each
 * probe's file states it; FAT32's root directory and the GPT arrays of
 * both sector sizes dominate) with room to spare. */
#define FUZZ_READS_MAX 4096
#define FUZZ_BYTES_MAX (2u << 20)

struct fuzz_src {
	struct probe_buf buf;
	size_t reads, bytes;
};

static int fuzz_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	struct fuzz_src *f = ctx;

	if (++f->reads > FUZZ_READS_MAX || (f->bytes += len) > FUZZ_BYTES_MAX)
		__builtin_trap();
	if (off > f->buf.len || len > f->buf.len - off)
		return -ERANGE;
	memcpy(dst, f->buf.data + off, len);
	return 0;
}

static void probe_fuzz_check(const char *s, size_t cap)
{
	if (strnlen(s, cap) == cap)
		__builtin_trap();
}

static void probe_fuzz_tables(const struct probe_src *src)
{
	static struct probe_table t;

	for (unsigned sector = 512; sector <= 4096; sector *= 8) {
		int r = probe_table(src, sector, &t);
		if (r != 0 && r != 1 && r != -E2BIG && r != -ELOOP && r != -EFBIG)
			__builtin_trap();
		(void)probe_strerror(r, 1);
		for (int i = 0; r > 0 && i < t.n; i++) {
			probe_fuzz_check(t.parts[i].uuid, sizeof(t.parts[i].uuid));
			probe_fuzz_check(t.parts[i].label, sizeof(t.parts[i].label));
			/* GPT entries past the disk are skipped (MBR ones are
			 * kept: the kernel warns and truncates them) */
			if (t.type[0] == 'g' && t.parts[i].start >= src->size)
				__builtin_trap();
		}
	}
}

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned seed);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned seed)
{
	size = LLVMFuzzerMutate(data, size, max);
	if (seed % 8 != 0)
		probe_fixup(data, size);
	return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_src f = { { data, size }, 0, 0 };
	struct probe_src src = { fuzz_read, &f, size };
	struct blockdev d;
	int r;

	memset(&d, 0, sizeof(d));
	r = probe_filesystem(&src, &d);
	if (r != 0 && r != 1 && r != -EEXIST && r != -ELOOP)
		__builtin_trap();
	probe_fuzz_check(d.type, sizeof(d.type));
	probe_fuzz_check(d.uuid, sizeof(d.uuid));
	probe_fuzz_check(d.label, sizeof(d.label));
	probe_fuzz_tables(&src);
	return 0;
}
