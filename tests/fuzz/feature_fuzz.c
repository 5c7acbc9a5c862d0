/* libFuzzer target: the feature-file reader never crashes, never reads
 * past the text, always advances, and returns NUL-terminated entries
 * without blanks or control bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "modules/feature.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feature_reader r;
	struct feature_entry e;
	char name[FEATURE_ENTRY_MAX];
	int rc, guard = 0;

	feature_reader_init(&r, (const char *)data, size);
	while ((rc = feature_next(&r, &e)) != 0) {
		if (++guard > (int)size + 1)
			__builtin_trap();   /* no progress */
		if (rc < 0)
			continue;
		if (strnlen(e.text, sizeof(e.text)) == sizeof(e.text) || e.text[0] == '\0')
			__builtin_trap();
		for (const char *c = e.text; *c; c++)
			if ((unsigned char)*c <= ' ' || *c == '#')
				__builtin_trap();
		if (feature_modname(e.text, name, sizeof(name)) != 0)
			__builtin_trap();   /* a name is never longer than its entry */
	}
	return 0;
}
