/* See cmdtxt.h: tryboot.txt for ovlinit-toggle off --once. The
 * firmware's config.txt rules (Raspberry Pi documentation, "config.txt":
 * "Conditional filters", "tryboot"): settings apply in file order, a
 * later one replacing an earlier one, within the conditional section in
 * force; [all] ends every filter. So config.txt is copied unchanged and
 * one cmdline= is appended after an [all]. */
#include "cmdtxt/cmdtxt.h"

#include <errno.h>
#include <string.h>

static const char cmdtxt_once_tail[] =
	"\n" CMDTXT_ONCE_MARK " the next boot started with reboot '0 tryboot' has no\n"
	"# overlay; every other boot reads config.txt. Written by ovlinit-toggle.\n"
	"[all]\n"
	"cmdline=" CMDTXT_ONCE_FILE "\n";

int cmdtxt_tryboot(const char *config, size_t len, char *out, size_t cap, size_t *out_len)
{
	size_t nl = len > 0 && config[len - 1] != '\n';
	size_t tail = sizeof(cmdtxt_once_tail) - 1;

	if (memchr(config, '\0', len))
		return -EINVAL;
	if (len > cap || cap - len < nl + tail)
		return -EFBIG;
	memcpy(out, config, len);
	if (nl)
		out[len] = '\n';
	memcpy(out + len + nl, cmdtxt_once_tail, tail);
	*out_len = len + nl + tail;
	return 0;
}

int cmdtxt_is_tryboot(const char *text, size_t len)
{
	size_t tail = sizeof(cmdtxt_once_tail) - 1;

	return len >= tail && memcmp(text + len - tail, cmdtxt_once_tail, tail) == 0;
}
