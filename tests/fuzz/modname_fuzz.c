/* libFuzzer target: the builder's feature list (/etc/ovlinit/features)
 * never makes modname_feature() crash or read out of bounds, and a found
 * feature fits its buffer. Input: a module name, a newline, the text. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "modules/modname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	char module[MODULE_NAME_MAX], feature[32];
	size_t n = nl ? (size_t)(nl - data) : 0;
	int r;

	if (nl == NULL || n >= sizeof(module))
		return 0;
	memcpy(module, data, n);
	module[n] = '\0';
	r = modname_feature((const char *)nl + 1, size - n - 1, module, feature, sizeof(feature));
	if (r == 1 && strnlen(feature, sizeof(feature)) == sizeof(feature))
		__builtin_trap();
	if (r != 0 && r != 1 && r != -ENAMETOOLONG)
		__builtin_trap();
	return 0;
}
