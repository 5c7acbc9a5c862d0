/* libFuzzer target: the uevent parser never reads past the message and
 * every field it returns points inside it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rootdev/uevent.h"

static void uevent_fuzz_inside(const char *p, const char *buf, size_t len)
{
	if (p[0] != '\0' && (p < buf || p > buf + len))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[8193];
	struct uevent ev;

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (uevent_parse(buf, size, &ev) < 0)
		return 0;
	uevent_fuzz_inside(ev.action, buf, size);
	uevent_fuzz_inside(ev.devpath, buf, size);
	uevent_fuzz_inside(ev.subsystem, buf, size);
	uevent_fuzz_inside(ev.devname, buf, size);
	uevent_fuzz_inside(ev.modalias, buf, size);
	return 0;
}
