/* See elf.h. Field offsets are the gABI's for Elf32_Ehdr/Elf64_Ehdr and
 * Elf32_Phdr/Elf64_Phdr; fields are read byte by byte in the file's
 * byte order, never through a cast struct. */
#include "image/elf.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#define ELF_EI_CLASS   4
#define ELF_EI_DATA    5
#define ELF_E_TYPE     16
#define ELF_E_MACHINE  18
#define ELF_E_ENTRY    24
#define ELF32_E_PHOFF  28
#define ELF64_E_PHOFF  32
#define ELF32_E_PHENTSIZE 42
#define ELF64_E_PHENTSIZE 54
#define ELF32_EHDR     52
#define ELF64_EHDR     64
#define ELF32_PHDR     32
#define ELF64_PHDR     56
#define ELF_ET_REL     1
#define ELF_ET_EXEC    2
#define ELF_ET_DYN     3
#define ELF_PT_INTERP  3

struct elf_reader {
	const unsigned char *buf;
	size_t len;
	int big;
};

/* n bytes (1..8) at off, in the file's byte order; the caller checked
 * that off + n <= len. */
static uint64_t elf_get(const struct elf_reader *r, size_t off, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		size_t at = r->big ? off + i : off + n - 1 - i;
		v = (v << 8) | r->buf[at];
	}
	return v;
}

/* Is there a PT_INTERP among the program headers? 1, 0, or -ENOEXEC
 * for a table that lies outside the buffer. */
static int elf_has_interp(const struct elf_reader *r, int class64)
{
	uint64_t phoff = class64 ? elf_get(r, ELF64_E_PHOFF, 8) : elf_get(r, ELF32_E_PHOFF, 4);
	size_t entoff = class64 ? ELF64_E_PHENTSIZE : ELF32_E_PHENTSIZE;
	uint64_t entsize = elf_get(r, entoff, 2), num = elf_get(r, entoff + 2, 2);

	if (num == 0)
		return 0;
	if (entsize < (class64 ? ELF64_PHDR : ELF32_PHDR) || phoff > r->len ||
	    num > (r->len - phoff) / entsize)
		return -ENOEXEC;
	for (uint64_t i = 0; i < num; i++)
		if (elf_get(r, (size_t)(phoff + i * entsize), 4) == ELF_PT_INTERP)
			return 1;
	return 0;
}

static enum elf_kind elf_kind_of(unsigned type, int interp, uint64_t entry)
{
	if (type == ELF_ET_REL)
		return ELF_KIND_REL;
	if ((type == ELF_ET_EXEC || type == ELF_ET_DYN) && interp)
		return ELF_KIND_DYNAMIC;
	if (type == ELF_ET_EXEC)
		return ELF_KIND_EXEC;
	/* A static-pie has an entry point; a plain shared library may
	 * have none (0). */
	return type == ELF_ET_DYN && entry != 0 ? ELF_KIND_STATIC_PIE : ELF_KIND_OTHER;
}

int elf_inspect(const unsigned char *buf, size_t len, struct elf_info *out)
{
	struct elf_reader r = { buf, len, 0 };
	int class64, interp = 0;
	unsigned type;

	if (len < ELF32_EHDR || memcmp(buf, "\177ELF", 4) != 0)
		return -ENOEXEC;
	if ((buf[ELF_EI_CLASS] != 1 && buf[ELF_EI_CLASS] != 2) ||
	    (buf[ELF_EI_DATA] != 1 && buf[ELF_EI_DATA] != 2))
		return -ENOEXEC;
	class64 = buf[ELF_EI_CLASS] == 2;
	r.big = buf[ELF_EI_DATA] == 2;
	if (class64 && len < ELF64_EHDR)
		return -ENOEXEC;
	type = (unsigned)elf_get(&r, ELF_E_TYPE, 2);
	if (type == ELF_ET_EXEC || type == ELF_ET_DYN)
		interp = elf_has_interp(&r, class64);
	if (interp < 0)
		return interp;
	out->machine = (unsigned)elf_get(&r, ELF_E_MACHINE, 2);
	out->class64 = class64;
	out->big_endian = r.big;
	out->kind = elf_kind_of(type, interp, elf_get(&r, ELF_E_ENTRY, class64 ? 8 : 4));
	return 0;
}

const char *elf_machine_name(unsigned machine, int class64)
{
	/* e_machine values of the gABI's list (include/uapi/linux/elf-em.h). */
	static const struct { unsigned em; int c64; const char *name; } names[] = {
		{ 3, 0, "i386" }, { 62, 1, "x86_64" }, { 40, 0, "arm" },
		{ 183, 1, "aarch64" }, { 243, 1, "riscv64" }, { 243, 0, "riscv32" },
		{ 21, 1, "ppc64" }, { 20, 0, "ppc" }, { 22, 1, "s390x" },
		{ 8, 0, "mips" }, { 8, 1, "mips64" }, { 258, 1, "loongarch64" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].em == machine && names[i].c64 == class64)
			return names[i].name;
	return NULL;
}
