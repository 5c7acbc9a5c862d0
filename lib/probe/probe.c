/* See probe.h: the probe table, which runs every format's probe (the
 * helpers they share are in probe_bytes.c, below them). */
#include "probe/probe.h"

#include <errno.h>
#include <string.h>

#define PROBE_STR2(x) #x
#define PROBE_STR(x) PROBE_STR2(x)

/* Order matters only for speed; an ambiguous device is refused whatever
 * the order. RAID members come first: an md 1.0 member carries the
 * filesystem inside it at offset 0 as well. */
static probe_fn *const probe_fns[] = {
	probe_mdraid, probe_luks, probe_lvm2, probe_swap, probe_verity,
	probe_ext4, probe_vfat, probe_btrfs, probe_xfs, probe_f2fs,
	probe_squashfs, probe_erofs, probe_iso9660,
};

static void probe_ambiguous(struct blockdev *dev, const char *other)
{
	size_t n = strlen(dev->type);

	if (n + 1 + strlen(other) < sizeof(dev->type)) {
		dev->type[n] = '+';
		strcpy(dev->type + n + 1, other);
	}
	dev->uuid[0] = dev->label[0] = '\0';
}

int probe_filesystem(const struct probe_src *src, struct blockdev *dev)
{
	struct blockdev one;
	int found = 0;

	dev->type[0] = dev->uuid[0] = dev->label[0] = '\0';
	for (size_t i = 0; i < sizeof(probe_fns) / sizeof(probe_fns[0]); i++) {
		one.type[0] = one.uuid[0] = one.label[0] = '\0';
		int r = probe_fns[i](src, &one);
		if (r < 0 && r != -ERANGE)
			return r;
		if (r <= 0)
			continue;
		if (i == 0) {      /* md member: what is inside is not ours to mount */
			memcpy(dev->type, one.type, sizeof(one.type));
			memcpy(dev->uuid, one.uuid, sizeof(one.uuid));
			memcpy(dev->label, one.label, sizeof(one.label));
			return 1;
		}
		if (found) {
			probe_ambiguous(dev, one.type);
			return -EEXIST;
		}
		found = 1;
		memcpy(dev->type, one.type, sizeof(one.type));
		memcpy(dev->uuid, one.uuid, sizeof(one.uuid));
		memcpy(dev->label, one.label, sizeof(one.label));
	}
	return found;
}

int probe_table(const struct probe_src *src, unsigned sector, struct probe_table *t)
{
	int r = probe_gpt(src, sector, t);

	if (r != 0)
		return r;
	return probe_mbr(src, sector, t);
}

const struct probe_part *probe_table_find(const struct probe_table *t, unsigned number)
{
	for (int i = 0; i < t->n; i++)
		if (t->parts[i].number == number)
			return &t->parts[i];
	return NULL;
}

const char *probe_strerror(int err, int table)
{
	switch (err) {
	case -E2BIG:
		return table ? "more than " PROBE_STR(PARTS_MAX) " partitions" : strerror(E2BIG);
	case -ELOOP:
		return table ? "the extended partition chain loops (or has more than "
			       PROBE_STR(PROBE_EBR_MAX) " links)"
			     : "a FAT root directory whose cluster chain loops";
	case -EFBIG:
		return "a GPT entry array over " PROBE_STR(PROBE_GPT_ARRAY_MAX) " bytes";
	case -EEXIST:
		return "two signatures";
	default:
		return strerror(-err);
	}
}
