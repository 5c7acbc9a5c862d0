/* libFuzzer target: lib/image/conf.c's two parsers on any text. No crash; a
 * refusal names a line of the input and a reason; an accepted value is
 * NUL-terminated within its buffer, holds no newline, and holds a
 * character a shell would expand only where single quotes (which keep
 * it literally) allowed it; replace_initrd is yes or no. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "image/conf.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf c;
	struct conf_error err = { 0, NULL };
	const char *text = (const char *)data;
	int lines = 1, r;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	r = conf_kernel(text, size, "CONFIG_RD_ZSTD");
	CHECK(r == 'y' || r == 'm' || r == 'n' || r == 'v');
	memset(&c, 0, sizeof(c));
	r = conf_parse(text, size, &c, &err);
	if (r < 0) {
		CHECK(err.line >= 1 && err.line <= lines && err.why && err.why[0]);
		return 0;
	}
	for (int k = 0; k < CONF_KEYS; k++) {
		if (c.line[k] == 0)
			continue;
		CHECK(c.line[k] <= lines);
		CHECK(memchr(c.value[k], '\0', CONF_VALUE_MAX) != NULL);
		CHECK(strchr(c.value[k], '\n') == NULL);
		/* $ ` \ expand in sh except in single quotes, which keep them
		 * literally (as conf.c does): only such a value may hold them */
		CHECK(strpbrk(c.value[k], "$`\\") == NULL || memchr(data, '\'', size) != NULL);
	}
	if (c.line[CONF_REPLACE_INITRD])
		CHECK(!strcmp(c.value[CONF_REPLACE_INITRD], "yes") || !strcmp(c.value[CONF_REPLACE_INITRD], "no"));
	return 0;
}
