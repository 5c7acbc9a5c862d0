/* ELF headers, read from bytes (the System V gABI, "ELF Header" and
 * "Program Header"): what the builder needs to refuse an init that
 * cannot run as the kernel's /init. The kernel execs /init with no
 * dynamic loader in the image, so it must be a static executable
 * (ET_EXEC, or a static-pie ET_DYN: no PT_INTERP either way), and of
 * the kernel's machine, which a module (.ko, ET_REL) tells. Pure:
 * bytes in, a struct out; every offset checked against the length. */
#ifndef OVLINIT_ELF_H
#define OVLINIT_ELF_H

#include <stddef.h>

/* Bytes that hold the ELF header of either class. */
#define ELF_HDR_MAX 64

enum elf_kind {
	ELF_KIND_REL = 1,       /* ET_REL: a kernel module */
	ELF_KIND_EXEC,          /* ET_EXEC without PT_INTERP: static */
	ELF_KIND_STATIC_PIE,    /* ET_DYN without PT_INTERP, with an entry */
	ELF_KIND_DYNAMIC,       /* ET_EXEC or ET_DYN with PT_INTERP */
	ELF_KIND_OTHER,         /* a shared library, a core file... */
};

struct elf_info {
	unsigned machine;       /* e_machine: EM_X86_64 (62), EM_AARCH64 (183)... */
	int class64;            /* ELFCLASS64 */
	int big_endian;         /* ELFDATA2MSB */
	enum elf_kind kind;
};

/* Parse the ELF header at buf and, for ET_EXEC and ET_DYN, the program
 * headers (which must lie inside buf: pass the whole file, or at least
 * its first page). Returns 0 with *out filled; -ENOEXEC if buf is not
 * ELF (no magic, an unknown class or byte order, a header or a program
 * header table that does not fit in len). */
int elf_inspect(const unsigned char *buf, size_t len, struct elf_info *out)
	__attribute__((warn_unused_result));

/* The name of a machine as uname -m says it ("x86_64", "aarch64",
 * "i386", "arm", "riscv64"...), or NULL for one not in the table. */
const char *elf_machine_name(unsigned machine, int class64);

#endif
