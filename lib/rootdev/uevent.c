/* See uevent.h. */
#include "rootdev/uevent.h"

#include <errno.h>
#include <string.h>

static int uevent_key(const char *field, const char *key, const char **val)
{
	size_t n = strlen(key);

	if (strncmp(field, key, n) != 0 || field[n] != '=')
		return 0;
	*val = field + n + 1;
	return 1;
}

static void uevent_field(const char *f, struct uevent *ev, const char **action,
			 const char **devpath)
{
	if (uevent_key(f, "ACTION", action) || uevent_key(f, "DEVPATH", devpath) ||
	    uevent_key(f, "SUBSYSTEM", &ev->subsystem) || uevent_key(f, "DEVNAME", &ev->devname) ||
	    uevent_key(f, "DEVTYPE", &ev->devtype))
		return;
	if (!uevent_key(f, "MODALIAS", &ev->modalias))
		(void)uevent_key(f, "TYPE", &ev->type);
}

/* The header "ACTION@DEVPATH" must agree with the keys. */
static int uevent_header_ok(const char *hdr, const char *action, const char *devpath)
{
	size_t n = strlen(action);

	return strncmp(hdr, action, n) == 0 && hdr[n] == '@' && strcmp(hdr + n + 1, devpath) == 0;
}

int uevent_parse(const char *msg, size_t len, struct uevent *ev)
{
	const char *action = NULL, *devpath = NULL;
	size_t pos, hdr_len;

	ev->action = ev->devpath = NULL;
	ev->subsystem = ev->devname = ev->devtype = ev->modalias = ev->type = "";
	if (len == 0 || msg[len] != '\0' || strncmp(msg, "libudev", 7) == 0)
		return -EINVAL;
	hdr_len = strlen(msg);
	if (hdr_len == len || strchr(msg, '@') == NULL)
		return -EINVAL;
	for (pos = hdr_len + 1; pos < len; pos += strlen(msg + pos) + 1)
		uevent_field(msg + pos, ev, &action, &devpath);
	if (action == NULL || devpath == NULL || !uevent_header_ok(msg, action, devpath))
		return -EINVAL;
	ev->action = action;
	ev->devpath = devpath;
	return 0;
}
