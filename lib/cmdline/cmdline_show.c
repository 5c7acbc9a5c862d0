/* See cmdline.h: the command line's results as text, for the boot's
 * messages, ovlinit --explain and ovlinit-toggle, which must say the
 * same things in the same words. */
#include "cmdline/cmdline.h"

#include <stdio.h>
#include <string.h>

#include "cmdline/mntopt.h"
#include "util/text.h"

const char *cmdline_show(char *buf, size_t cap, const char *s)
{
	size_t o;

	if (cap == 0 || text_escape(buf, cap, s, strlen(s), 0) == 0 || cap <= 4)
		return buf;
	o = strlen(buf);        /* cut: show it */
	memcpy(buf + (o > cap - 4 ? cap - 4 : o), "...", 4);
	return buf;
}

const char *cmdline_show_root(char *buf, size_t cap, const struct root_spec *r)
{
	char v[sizeof(r->value) * 4 + 4];

	cmdline_show(v, sizeof(v), r->value);
	if (r->kind == ROOT_NONE)
		snprintf(buf, cap, "none");
	else if (r->kind == ROOT_MAJMIN)
		snprintf(buf, cap, "MAJ:MIN %u:%u", r->major, r->minor);
	else if (r->kind == ROOT_DEVPATH)
		snprintf(buf, cap, "path %s", v);
	else
		snprintf(buf, cap, "%s %s", rootdev_kind_name(r->kind), v);
	return buf;
}

const char *cmdline_show_mnt(char *buf, size_t cap, unsigned long flags, const char *data)
{
	char f[256], d[OPT_VALUE_MAX * 4 + 4];

	if (mntopt_flags_str(flags, f, sizeof(f)) < 0)
		snprintf(f, sizeof(f), "?");
	cmdline_show(d, sizeof(d), data[0] ? data : "-");
	snprintf(buf, cap, "flags=%s data=%s", f, d);
	return buf;
}
