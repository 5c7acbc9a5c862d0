/* ovlinit-toggle off --once: the next boot only without the overlay, by
 * the Raspberry Pi firmware's tryboot (see lib/cmdtxt/cmdtxt_once.c).
 * cmdline.txt is not touched: CMDTXT_ONCE_FILE gets the line without
 * the overlay, then tryboot.txt (config.txt with cmdline= naming it),
 * each written as the toggle writes cmdline.txt (atomic, durable). A
 * reboot with the tryboot flag boots it once; every other boot reads
 * config.txt and cmdline.txt, with the overlay. Without a config.txt
 * beside the file there is no firmware to do that (a PC): refused. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sys/sys.h"
#include "toggle.h"

static char once_config[CMDTXT_CONFIG_MAX + 1];
static char once_tryboot[CMDTXT_CONFIG_MAX + 512];

/* config.txt beside the file, into once_config. Returns its length, or
 * -1 after saying why not. */
static long toggle_once_config(const struct toggle *t, char *path, size_t cap)
{
	char dir[PATH_MAX];
	const char *base;
	long n;

	toggle_where(t, dir, sizeof(dir), &base);
	if (snprintf(path, cap, "%s/config.txt", dir) >= (int)cap) {
		toggle_fail("%s/config.txt: path too long", dir);
		return -1;
	}
	n = sys_read_file(path, once_config, sizeof(once_config));
	if (n == -ENOENT)
		toggle_fail("--once: no config.txt beside %s: this is not a Raspberry Pi boot "
			    "partition, and without its firmware's tryboot there is no one-shot "
			    "boot; refused. Run off, reboot, then on", t->file);
	else if (n == -EFBIG)
		toggle_fail("%s: larger than %d bytes", path, CMDTXT_CONFIG_MAX);
	else if (n < 0)
		toggle_fail("%s: %s", path, strerror((int)-n));
	return n < 0 ? -1 : n;
}

int toggle_once(struct toggle *t)
{
	static char out[CMDTXT_OUT_MAX];
	static struct cmdtxt_status st;
	char config[PATH_MAX + 16];
	struct mountinfo_ent m;
	long cn = toggle_once_config(t, config, sizeof(config));
	size_t n, tn;
	int r;

	if (cn < 0)
		return 1;
	if (toggle_prepare(t, "nothing written", out, sizeof(out), &n, &st, &m) != 0)
		return 1;
	if (toggle_judge(t, &st, 1) != 0)
		return 1;
	r = cmdtxt_tryboot(once_config, (size_t)cn, once_tryboot, sizeof(once_tryboot), &tn);
	if (r < 0)
		return toggle_fail("%s: %s; nothing written", config, r == -EINVAL ?
				   "holds a NUL byte" : "too large");
	/* the line first: tryboot.txt must never name a file not there */
	if (toggle_write_as(t, &m, CMDTXT_ONCE_FILE, NULL, 0, out, n) != 0 ||
	    toggle_write_as(t, &m, CMDTXT_TRYBOOT, NULL, 0, once_tryboot, tn) != 0)
		return 1;
	printf("%s: unchanged; written %s and %s: the next boot started with the tryboot "
	       "flag has overlay no, every other boot the line of %s\n", t->file,
	       CMDTXT_ONCE_FILE, CMDTXT_TRYBOOT, t->file);
	toggle_next_boot(&st.opts);
	printf("to boot it once: reboot '0 tryboot'\n");
	return 0;
}

void toggle_once_status(const struct toggle *t)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	const char *base;
	long n;

	toggle_where(t, dir, sizeof(dir), &base);
	if (snprintf(path, sizeof(path), "%s/" CMDTXT_TRYBOOT, dir) >= (int)sizeof(path))
		return;
	n = sys_read_file(path, once_tryboot, sizeof(once_tryboot));
	if (n >= 0 && cmdtxt_is_tryboot(once_tryboot, (size_t)n))
		printf("one-shot boot: pending: %s (ovlinit-toggle off --once) boots once "
		       "without the overlay after reboot '0 tryboot'\n", path);
	else if (n >= 0)
		printf("one-shot boot: %s is not ovlinit-toggle's; a reboot with the tryboot "
		       "flag reads it\n", path);
	else
		printf("one-shot boot: none\n");
}
