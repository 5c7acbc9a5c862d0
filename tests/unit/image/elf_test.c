/* Unit tests of lib/image/elf.c: ELF headers built field by field at the
 * gABI's offsets, in both classes and byte orders. */
#include <atf-c.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "image/elf.h"

/* put: n bytes of v at off, little- or big-endian. */
static void put(unsigned char *b, size_t off, size_t n, uint64_t v, int big)
{
	for (size_t i = 0; i < n; i++)
		b[big ? off + n - 1 - i : off + i] = (unsigned char)(v >> (8 * i));
}

/* A 64-bit little-endian header of type and machine with phnum program
 * headers of type ptype right after it (at 64), entry 0x401000. */
static size_t elf64(unsigned char *b, size_t cap, unsigned type, unsigned machine,
		    unsigned phnum, unsigned ptype)
{
	memset(b, 0, cap);
	memcpy(b, "\177ELF\2\1\1", 7);
	put(b, 16, 2, type, 0);
	put(b, 18, 2, machine, 0);
	put(b, 24, 8, 0x401000, 0);
	put(b, 32, 8, phnum ? 64 : 0, 0);
	put(b, 52, 2, 64, 0);
	put(b, 54, 2, 56, 0);
	put(b, 56, 2, phnum, 0);
	for (unsigned i = 0; i < phnum; i++)
		put(b, 64 + 56 * i, 4, i + 1 == phnum ? ptype : 1 /* PT_LOAD */, 0);
	return 64 + 56 * (size_t)phnum;
}

ATF_TC_WITHOUT_HEAD(static_executable_is_exec_with_its_machine);
ATF_TC_BODY(static_executable_is_exec_with_its_machine, tc)
{
	unsigned char b[512];
	struct elf_info e;
	size_t n = elf64(b, sizeof(b), 2, 62, 3, 4 /* PT_NOTE */);

	ATF_REQUIRE_EQ(elf_inspect(b, n, &e), 0);
	ATF_CHECK_EQ(e.kind, ELF_KIND_EXEC);
	ATF_CHECK_EQ(e.machine, 62);
	ATF_CHECK(e.class64);
	ATF_CHECK(!e.big_endian);
}

ATF_TC_WITHOUT_HEAD(pt_interp_makes_it_dynamic);
ATF_TC_BODY(pt_interp_makes_it_dynamic, tc)
{
	unsigned char b[512];
	struct elf_info e;
	size_t n = elf64(b, sizeof(b), 3, 62, 4, 3 /* PT_INTERP */);

	ATF_REQUIRE_EQ(elf_inspect(b, n, &e), 0);
	ATF_CHECK_EQ(e.kind, ELF_KIND_DYNAMIC);
	n = elf64(b, sizeof(b), 2, 62, 2, 3);
	ATF_REQUIRE_EQ(elf_inspect(b, n, &e), 0);
	ATF_CHECK_EQ(e.kind, ELF_KIND_DYNAMIC);
}

ATF_TC_WITHOUT_HEAD(dyn_without_interp_is_static_pie_or_a_library);
ATF_TC_BODY(dyn_without_interp_is_static_pie_or_a_library, tc)
{
	unsigned char b[512];
	struct elf_info e;
	size_t n = elf64(b, sizeof(b), 3, 183, 2, 2 /* PT_DYNAMIC */);

	ATF_REQUIRE_EQ(elf_inspect(b, n, &e), 0);
	ATF_CHECK_EQ(e.kind, ELF_KIND_STATIC_PIE);
	ATF_CHECK_EQ(e.machine, 183);
	put(b, 24, 8, 0, 0);   /* no entry point: a shared library */
	ATF_REQUIRE_EQ(elf_inspect(b, n, &e), 0);
	ATF_CHECK_EQ(e.kind, ELF_KIND_OTHER);
}

ATF_TC_WITHOUT_HEAD(module_is_rel_and_needs_no_program_headers);
ATF_TC_BODY(module_is_rel_and_needs_no_program_headers, tc)
{
	unsigned char b[64];
	struct elf_info e;

	elf64(b, sizeof(b), 1, 183, 0, 0);
	put(b, 32, 8, 0xffffffffffffffffULL, 0);   /* never read for ET_REL */
	ATF_REQUIRE_EQ(elf_inspect(b, sizeof(b), &e), 0);
	ATF_CHECK_EQ(e.kind, ELF_KIND_REL);
	ATF_CHECK_EQ(e.machine, 183);
}

ATF_TC_WITHOUT_HEAD(big_endian_32_bit_fields);
ATF_TC_BODY(big_endian_32_bit_fields, tc)
{
	unsigned char b[128];
	struct elf_info e;

	memset(b, 0, sizeof(b));
	memcpy(b, "\177ELF\1\2\1", 7);
	put(b, 16, 2, 2, 1);
	put(b, 18, 2, 8 /* EM_MIPS */, 1);
	put(b, 24, 4, 0x400000, 1);
	put(b, 28, 4, 52, 1);      /* e_phoff */
	put(b, 42, 2, 32, 1);      /* e_phentsize */
	put(b, 44, 2, 1, 1);       /* e_phnum */
	put(b, 52, 4, 3, 1);       /* PT_INTERP */
	ATF_REQUIRE_EQ(elf_inspect(b, 84, &e), 0);
	ATF_CHECK_EQ(e.machine, 8);
	ATF_CHECK(!e.class64);
	ATF_CHECK(e.big_endian);
	ATF_CHECK_EQ(e.kind, ELF_KIND_DYNAMIC);
	ATF_CHECK_EQ(elf_inspect(b, 83, &e), -ENOEXEC);   /* phdr cut short */
}

ATF_TC_WITHOUT_HEAD(not_elf_or_cut_short_is_enoexec);
ATF_TC_BODY(not_elf_or_cut_short_is_enoexec, tc)
{
	unsigned char b[512];
	struct elf_info e;
	const char *text = "# ovlinit\n\nThis is a README, not a program at all.......................";
	size_t n = elf64(b, sizeof(b), 2, 62, 1, 1);

	ATF_CHECK_EQ(elf_inspect((const unsigned char *)text, strlen(text), &e), -ENOEXEC);
	ATF_CHECK_EQ(elf_inspect(b, 63, &e), -ENOEXEC);      /* 64-bit header cut */
	ATF_CHECK_EQ(elf_inspect(b, n - 1, &e), -ENOEXEC);   /* program header cut */
	b[4] = 3;                                           /* unknown class */
	ATF_CHECK_EQ(elf_inspect(b, n, &e), -ENOEXEC);
	b[4] = 2;
	b[5] = 0;                                           /* unknown byte order */
	ATF_CHECK_EQ(elf_inspect(b, n, &e), -ENOEXEC);
}

ATF_TC_WITHOUT_HEAD(hostile_program_header_table_is_refused);
ATF_TC_BODY(hostile_program_header_table_is_refused, tc)
{
	unsigned char b[512];
	struct elf_info e;
	size_t n = elf64(b, sizeof(b), 2, 62, 1, 1);

	put(b, 32, 8, 0xfffffffffffffff0ULL, 0);   /* phoff + size wraps */
	ATF_CHECK_EQ(elf_inspect(b, n, &e), -ENOEXEC);
	put(b, 32, 8, 64, 0);
	put(b, 56, 2, 0xffff, 0);                  /* phnum far past the end */
	ATF_CHECK_EQ(elf_inspect(b, n, &e), -ENOEXEC);
	put(b, 56, 2, 1, 0);
	put(b, 54, 2, 0, 0);                       /* phentsize 0 */
	ATF_CHECK_EQ(elf_inspect(b, n, &e), -ENOEXEC);
}

ATF_TC_WITHOUT_HEAD(machine_names_are_uname_m);
ATF_TC_BODY(machine_names_are_uname_m, tc)
{
	ATF_CHECK_STREQ(elf_machine_name(62, 1), "x86_64");
	ATF_CHECK_STREQ(elf_machine_name(183, 1), "aarch64");
	ATF_CHECK_STREQ(elf_machine_name(40, 0), "arm");
	ATF_CHECK_STREQ(elf_machine_name(3, 0), "i386");
	ATF_CHECK_EQ(elf_machine_name(62, 0), NULL);
	ATF_CHECK_EQ(elf_machine_name(9999, 1), NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, static_executable_is_exec_with_its_machine);
	ATF_TP_ADD_TC(tp, pt_interp_makes_it_dynamic);
	ATF_TP_ADD_TC(tp, dyn_without_interp_is_static_pie_or_a_library);
	ATF_TP_ADD_TC(tp, module_is_rel_and_needs_no_program_headers);
	ATF_TP_ADD_TC(tp, big_endian_32_bit_fields);
	ATF_TP_ADD_TC(tp, not_elf_or_cut_short_is_enoexec);
	ATF_TP_ADD_TC(tp, hostile_program_header_table_is_refused);
	ATF_TP_ADD_TC(tp, machine_names_are_uname_m);
	return atf_no_error();
}
