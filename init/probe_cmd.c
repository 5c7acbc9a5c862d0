/* ovlinit --probe PATH...: what ovlinit sees on block devices or image
 * files, in `blkid -o export` style (and escaping), so a user can check a
 * disk before booting it. Read-only; see ovlinit(8).
 *
 * One block of KEY=value lines per device, blocks separated by a blank
 * line. A whole-disk image with a partition table prints the disk block
 * (PTTYPE, PTUUID) and then one block per partition with the same
 * DEVNAME and PART_ENTRY_NUMBER, PART_ENTRY_OFFSET and PART_ENTRY_SIZE
 * (in 512-byte sectors, like blkid), PARTUUID, PARTLABEL and what is on
 * the partition. A partition given as a block device (/dev/sda1) gets its
 * PARTUUID and PARTLABEL from its disk's table, as at boot. An image file
 * is read as a disk of 512-byte sectors, or of 4096-byte sectors if only
 * that finds a table (blkid reads images as 512 only). A device that
 * root= would refuse (swap, LUKS, LVM, md, two signatures) is named on
 * stderr. Exit: 0, 1 if a PATH could not be read, 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probe.h"
#include "sys_dev.h"
#include "tool.h"

/* blkid's safe_print() for export output: shell-quotable. */
static void probe_cmd_value(const char *key, const char *v)
{
	if (v[0] == '\0')
		return;
	printf("%s=", key);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		unsigned c = *p;
		if (c >= 128) {
			fputs("M-", stdout);
			c -= 128;
		}
		if (c < 32 || c == 0x7f) {
			putchar('^');
			c ^= 0x40;
		} else if (strchr(" \\\"'$`<>", (int)c)) {
			putchar('\\');
		}
		putchar((int)c);
	}
	putchar('\n');
}

static void probe_cmd_fs(const char *path, const struct blockdev *d)
{
	const char *why = rootdev_refusal(d);

	probe_cmd_value("LABEL", d->label);
	probe_cmd_value("UUID", d->uuid);
	probe_cmd_value("TYPE", d->probe_err == -EEXIST ? "" : d->type);
	if (why && d->type[0])
		fprintf(stderr, "init --probe: %s: root= would refuse it: %s (%s)\n", path, why, d->type);
	if (d->probe_err < 0 && d->probe_err != -EEXIST)
		fprintf(stderr, "init --probe: %s: refused: %s\n", path, probe_strerror(d->probe_err, 0));
}

static void probe_cmd_table_err(const char *path, int err)
{
	if (err < 0)
		fprintf(stderr, "init --probe: %s: partition table refused: %s; PARTUUID and "
			"PARTLABEL unknown\n", path, probe_strerror(err, 1));
}

static void probe_cmd_parts(const char *path, const struct sys_dev *dev, const struct probe_table *t)
{
	for (int i = 0; i < t->n; i++) {
		const struct probe_part *p = &t->parts[i];
		struct probe_sub sub = { &dev->src, p->start, p->size };
		struct probe_src src;
		struct blockdev d = { 0 };
		char num[32];

		probe_src_sub(&src, &sub);
		d.probe_err = probe_filesystem(&src, &d);
		printf("\nDEVNAME=%s\n", path);
		snprintf(num, sizeof(num), "%u", p->number);
		probe_cmd_value("PART_ENTRY_NUMBER", num);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)(p->start / 512));
		probe_cmd_value("PART_ENTRY_OFFSET", num);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)(p->size / 512));
		probe_cmd_value("PART_ENTRY_SIZE", num);
		probe_cmd_value("PARTUUID", p->uuid);
		probe_cmd_value("PARTLABEL", p->label);
		probe_cmd_fs(path, &d);
	}
}

static int probe_cmd_one(const char *path)
{
	static struct probe_table t;
	struct blockdev d = { 0 };
	char name[BLOCKDEV_NAME_MAX];
	struct sys_dev dev;
	int r = sys_dev_open(&dev, path), tr;

	if (r < 0) {
		fprintf(stderr, "init --probe: %s: %s\n", path, strerror(-r));
		return 1;
	}
	/* PARTUUID/PARTLABEL of a partition; nothing for a whole disk. */
	if (dev.is_blk && sys_dev_name(dev.major, dev.minor, name) == 0 &&
	    sys_dev_probe(name, &d) < 0)
		d.partuuid[0] = d.partlabel[0] = '\0';
	d.probe_err = probe_filesystem(&dev.src, &d);
	tr = probe_table(&dev.src, dev.sector, &t);
	if (tr == 0 && !dev.is_blk)      /* an image of a 4Kn disk: its GPT is at 4096 */
		tr = probe_table(&dev.src, dev.sector = 4096, &t);
	printf("DEVNAME=%s\n", path);
	probe_cmd_fs(path, &d);
	probe_cmd_table_err(path, dev.is_blk ? d.table_err : tr);
	probe_cmd_value("PARTUUID", d.partuuid);
	probe_cmd_value("PARTLABEL", d.partlabel);
	if (tr > 0) {
		probe_cmd_value("PTUUID", t.uuid);
		probe_cmd_value("PTTYPE", t.type);
		if (!dev.is_blk)
			probe_cmd_parts(path, &dev, &t);
	}
	sys_dev_close(&dev);
	return 0;
}

int probe_cmd_main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: ovlinit --probe PATH...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			putchar('\n');
		status |= probe_cmd_one(argv[i]);
	}
	return status;
}
