/* See rootdev.h. */
#include "rootdev/rootdev.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The kinds of root=, one table for parsing and for naming them. */
static const struct {
	enum root_kind kind;
	const char *name;      /* in messages and ovlinit --explain */
	const char *prefix;    /* on the command line; "" for /dev/ paths, MAJ:MIN */
} rootdev_kinds[] = {
	{ ROOT_UUID, "UUID", "UUID=" },
	{ ROOT_LABEL, "LABEL", "LABEL=" },
	{ ROOT_PARTUUID, "PARTUUID", "PARTUUID=" },
	{ ROOT_PARTLABEL, "PARTLABEL", "PARTLABEL=" },
	{ ROOT_DEVPATH, "path", "" },
	{ ROOT_MAJMIN, "MAJ:MIN", "" },
};
#define ROOTDEV_KINDS (sizeof(rootdev_kinds) / sizeof(rootdev_kinds[0]))

const char *rootdev_kind_name(enum root_kind kind)
{
	for (size_t i = 0; i < ROOTDEV_KINDS; i++)
		if (rootdev_kinds[i].kind == kind)
			return rootdev_kinds[i].name;
	return "none";
}

const char *rootdev_kind_prefix(enum root_kind kind)
{
	for (size_t i = 0; i < ROOTDEV_KINDS; i++)
		if (rootdev_kinds[i].kind == kind)
			return rootdev_kinds[i].prefix;
	return "";
}

const char *rootdev_spec_devname(const struct root_spec *s)
{
	return s->kind == ROOT_DEVPATH ? s->value + strlen("/dev/") : NULL;
}

int rootdev_spec_text(const struct root_spec *s, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "%s%s", rootdev_kind_prefix(s->kind), s->value);

	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

int rootdev_devnum_parse(const char *v, unsigned long *ma, unsigned long *mi)
{
	char *end;

	if (*v < '0' || *v > '9')
		return -EINVAL;
	*ma = strtoul(v, &end, 10);
	if (*end != ':' || end[1] < '0' || end[1] > '9')
		return -EINVAL;
	*mi = strtoul(end + 1, &end, 10);
	if (*end == '\n')
		end++;
	return *end == '\0' ? 0 : -EINVAL;
}

static int rootdev_majmin(const char *v, struct root_spec *s)
{
	unsigned long ma, mi;

	if (rootdev_devnum_parse(v, &ma, &mi) < 0 || strchr(v, '\n') ||
	    ma > 4095 || mi > 1048575)
		return -EINVAL;
	s->kind = ROOT_MAJMIN;
	s->major = (unsigned)ma;
	s->minor = (unsigned)mi;
	return 0;
}

int rootdev_spec_parse(const char *val, struct root_spec *s, const char **why)
{
	size_t n;

	memset(s, 0, sizeof(*s));
	*why = "empty value";
	if (val == NULL || *val == '\0')
		return -EINVAL;
	if (strlen(val) >= sizeof(s->value)) {
		*why = "value too long";
		return -ENAMETOOLONG;
	}
	for (size_t i = 0; i < ROOTDEV_KINDS; i++) {
		n = strlen(rootdev_kinds[i].prefix);
		if (n == 0 || strncmp(val, rootdev_kinds[i].prefix, n) != 0)
			continue;
		if (val[n] == '\0')
			return -EINVAL;
		s->kind = rootdev_kinds[i].kind;
		strcpy(s->value, val + n);
		return 0;
	}
	if (strncmp(val, "/dev/", 5) == 0 && val[5] != '\0') {
		s->kind = ROOT_DEVPATH;
		strcpy(s->value, val);
		return 0;
	}
	strcpy(s->value, val);
	if (rootdev_majmin(val, s) == 0)
		return 0;
	*why = "expected /dev/NAME, UUID=, LABEL=, PARTUUID=, PARTLABEL= or MAJ:MIN";
	return -EINVAL;
}

int rootdev_matches(const struct root_spec *s, const struct blockdev *d)
{
	switch (s->kind) {
	case ROOT_DEVPATH:
		return strcmp(rootdev_spec_devname(s), d->name) == 0;
	case ROOT_UUID:
		return d->uuid[0] && strcasecmp(s->value, d->uuid) == 0;
	case ROOT_LABEL:
		return d->label[0] && strcmp(s->value, d->label) == 0;
	case ROOT_PARTUUID:
		return d->partuuid[0] && strcasecmp(s->value, d->partuuid) == 0;
	case ROOT_PARTLABEL:
		return d->partlabel[0] && strcmp(s->value, d->partlabel) == 0;
	case ROOT_MAJMIN:
		return s->major == d->major && s->minor == d->minor;
	case ROOT_NONE:
		break;
	}
	return 0;
}

int rootdev_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= BLOCKDEV_NAME_MAX || name[0] == '.')
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._+:-") == n;
}

const char *rootdev_refusal(const struct blockdev *d)
{
	static const struct {
		const char *type, *why;
	} refused[] = {
		{ "linux_raid_member", "it is an md RAID member: assemble the array first" },
		{ "crypto_LUKS", "it is a LUKS container: it must be unlocked first" },
		{ "LVM2_member", "it is an LVM physical volume: activate the volume group first" },
		{ "swap", "it is swap space" },
		{ "DM_verity_hash", "it is a dm-verity hash device: name it in verityhash=, "
		  "the data device in root=, with roothash=" },
	};

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (strcmp(d->type, refused[i].type) == 0)
			return refused[i].why;
	if (d->probe_err == -EEXIST || strchr(d->type, '+'))
		return "two filesystem signatures claim it: wipe the stale one (wipefs)";
	return NULL;
}

int rootdev_match(const struct root_spec *s, const struct blockdev *devs, int n)
{
	int found = -ENOENT;

	for (int i = 0; i < n; i++) {
		if (!rootdev_matches(s, &devs[i]))
			continue;
		if (found >= 0)
			return -EEXIST;
		found = i;
	}
	if (found >= 0 && rootdev_refusal(&devs[found]))
		return -EMEDIUMTYPE;
	return found;
}

int rootdev_blind(const struct root_spec *s, const struct blockdev *devs, int n)
{
	if (s->kind != ROOT_PARTUUID && s->kind != ROOT_PARTLABEL)
		return -1;
	for (int i = 0; i < n; i++)
		if (devs[i].table_err < 0)
			return i;
	return -1;
}
