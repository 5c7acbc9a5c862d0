/* libFuzzer target: the feature-file reader never crashes, never reads
 * past the text, always advances, and returns NUL-terminated entries
 * without blanks or control bytes, whose module names fit. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "modules/feature.h"
#include "modules/modname.h"

/* The module name of an entry: never longer than the entry, so it fits;
 * refused only when it would be empty (an entry "dir/" or ".ko.zst"). */
static int feature_fuzz_name_ok(const char *entry, char *name, size_t cap)
{
	const char *slash = strrchr(entry, '/');
	const char *base = slash ? slash + 1 : entry;
	int empty = base[0] == '\0' ||
		    (strncmp(base, ".ko", 3) == 0 && (base[3] == '\0' || base[3] == '.'));
	int r = modname_of_path(entry, strlen(entry), name, cap);

	if (r == 0)
		return !empty && strlen(name) <= strlen(base);
	return r == -ENAMETOOLONG && empty;
}

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
		if (!feature_fuzz_name_ok(e.text, name, sizeof(name)))
			__builtin_trap();
	}
	return 0;
}
