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
 * stderr, and so is the root= word for a label that blkid's escapes
 * would spoil (the kernel has no escapes: root="LABEL=my root"). Exit,
 * as blkid's: 0, 1 if a PATH could not be read, 2 if nothing was found
 * on a PATH (or usage). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmdline/cmdline.h"
#include "probe/probe.h"
#include "sys/sys_dev.h"
#include "cmd/tool.h"

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

/* Would probe_cmd_value() change v (blkid's escapes)? */
static int probe_cmd_escaped(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p >= 128 || *p < 32 || *p == 0x7f || strchr(" \\\"'$`<>", (int)*p))
			return 1;
	return 0;
}

/* blkid's LABEL=my\ root is for the shell; pasted into root= it would
 * be the label "my\": say what root= takes instead. */
static void probe_cmd_root_hint(const char *path, const char *key, const char *v)
{
	char spec[LABEL_MAX + 16], word[LABEL_MAX + 32];

	if (!probe_cmd_escaped(v))
		return;
	snprintf(spec, sizeof(spec), "%s=%s", key, v);
	if (cmdline_root_word(word, sizeof(word), spec) == 0)
		fprintf(stderr, "%s --probe: %s: on the kernel command line, write %s\n",
			tool_name, path, word);
	else
		fprintf(stderr, "%s --probe: %s: the %s cannot be written in root= (a double "
			"quote or control character in it); use the UUID\n", tool_name, path, key);
}

static void probe_cmd_fs(const char *path, const struct blockdev *d)
{
	const char *why = rootdev_refusal(d);

	probe_cmd_value("LABEL", d->label);
	probe_cmd_value("UUID", d->uuid);
	probe_cmd_value("TYPE", d->probe_err == -EEXIST ? "" : d->type);
	probe_cmd_root_hint(path, "LABEL", d->label);
	if (why && d->type[0])
		fprintf(stderr, "%s --probe: %s: root= would refuse it: %s (%s)\n", tool_name, path,
			why, d->type);
	if (d->probe_err < 0 && d->probe_err != -EEXIST)
		fprintf(stderr, "%s --probe: %s: refused: %s\n", tool_name, path,
			probe_strerror(d->probe_err, 0));
}

static void probe_cmd_table_err(const char *path, int err)
{
	if (err < 0)
		fprintf(stderr, "%s --probe: %s: partition table refused: %s; PARTUUID and "
			"PARTLABEL unknown\n", tool_name, path, probe_strerror(err, 1));
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
		probe_cmd_root_hint(path, "PARTLABEL", p->label);
		probe_cmd_fs(path, &d);
	}
}

static int probe_cmd_open_error(const char *path, int r)
{
	struct stat st;

	if (r == -ENOTBLK && stat(path, &st) == 0)
		fprintf(stderr, "%s --probe: %s: %s; give a block device (/dev/sda1) or an image "
			"file\n", tool_name, path, S_ISDIR(st.st_mode) ? "a directory" :
			"neither a block device nor a regular file");
	else
		fprintf(stderr, "%s --probe: %s: %s\n", tool_name, path, strerror(-r));
	return 1;
}

static int probe_cmd_one(const char *path)
{
	static struct probe_table t;
	struct blockdev d = { 0 };
	char name[BLOCKDEV_NAME_MAX];
	struct sys_dev dev;
	int r = sys_dev_open(&dev, path), tr;

	if (r < 0)
		return probe_cmd_open_error(path, r);
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
	if (tr > 0 || d.type[0] || d.uuid[0] || d.partuuid[0])
		return 0;
	fprintf(stderr, "%s --probe: %s: no filesystem or partition table found\n", tool_name, path);
	return 2;
}

int probe_cmd_main(int argc, char **argv)
{
	int status = 0;

	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		return tool_help("--probe", TOOL_PROBE_USAGE);
	if (argc < 2)
		return tool_usage_error("--probe", TOOL_PROBE_USAGE, "no PATH given");
	for (int i = 1; i < argc; i++) {
		int r;

		if (i > 1)
			putchar('\n');
		r = probe_cmd_one(argv[i]);
		status = status == 1 || r == 1 ? 1 : status ? status : r;
	}
	return status;
}
