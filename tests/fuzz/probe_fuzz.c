/* libFuzzer target: every filesystem probe and both partition-table
 * probes over arbitrary bytes never crash, never read out of bounds, and
 * leave their text fields NUL-terminated. Seeds: tests/fuzz/seeds/probe
 * (heads of real images, see tests/fuzz/seeds/probe/MAKE.sh). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "probe.h"

static void probe_fuzz_check(const char *s, size_t cap)
{
	if (strnlen(s, cap) == cap)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct probe_table t;
	struct probe_buf b = { data, size };
	struct probe_src src;
	struct blockdev d;

	probe_src_buf(&src, &b);
	memset(&d, 0, sizeof(d));
	(void)probe_filesystem(&src, &d);
	probe_fuzz_check(d.type, sizeof(d.type));
	probe_fuzz_check(d.uuid, sizeof(d.uuid));
	probe_fuzz_check(d.label, sizeof(d.label));
	for (unsigned sector = 512; sector <= 4096; sector *= 8) {
		if (probe_table(&src, sector, &t) <= 0)
			continue;
		for (int i = 0; i < t.n; i++) {
			probe_fuzz_check(t.parts[i].uuid, sizeof(t.parts[i].uuid));
			probe_fuzz_check(t.parts[i].label, sizeof(t.parts[i].label));
		}
	}
	return 0;
}
