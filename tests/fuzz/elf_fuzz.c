/* libFuzzer target: lib/image/elf.c on any bytes (a .ko of a module tree and
 * the -i file are the builder's hostile inputs). No crash, no read past
 * the buffer (ASan), and an accepted header has a known kind. */
#include <stddef.h>
#include <stdint.h>

#include "image/elf.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info e;

	if (elf_inspect(data, size, &e) == 0) {
		CHECK(e.kind >= ELF_KIND_REL && e.kind <= ELF_KIND_OTHER);
		CHECK(e.machine <= 0xffff);
		(void)elf_machine_name(e.machine, e.class64);
	}
	return 0;
}
