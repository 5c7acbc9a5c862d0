/* libFuzzer target: the command-line parser never crashes, never reads
 * out of bounds, and keeps its output fields NUL-terminated. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_opts o;

	(void)cmdline_parse((const char *)data, size, &o);
	if (strnlen(o.init, sizeof(o.init)) == sizeof(o.init) ||
	    strnlen(o.rootflags, sizeof(o.rootflags)) == sizeof(o.rootflags))
		__builtin_trap();
	return 0;
}
