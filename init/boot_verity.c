/* Step 6 with roothash=: the verified root (ovlinit(8), VERIFIED ROOT).
 * The data device (root=) and the hash device (verityhash=) are found;
 * in order:
 *   1. load dm-verity (dm-mod, dm-bufio come as its dependencies);
 *   2. read and check the hash device's superblock (lib/verity/verity.c):
 *      its algorithm against roothash='s length, the devices' sizes
 *      against its block counts; every mismatch is named, then fatal;
 *   3. BLKROSET on both devices;
 *   4. the mapping VERITY_NAME through the device-mapper ioctls, with the
 *      verity target's table (lib/sys/sys_dm.c), and its node
 *      /dev/mapper/VERITY_NAME;
 *   5. read its first block: dm-verity checks the whole path up to the
 *      root hash on the first read, so a wrong roothash= (or a changed
 *      hash tree or block 0) fails here, by name, before anything of
 *      the root is mounted.
 * boot_mount() then mounts the mapping as it mounts a plain root. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "log/log.h"
#include "sys/sys.h"
#include "sys/sys_dm.h"
#include "verity/verity.h"

#define VERITY_NAME "root"     /* systemd's name: /dev/mapper/root */

/* dm-verity as a module, or built in (/sys/module/dm_verity then exists:
 * it has parameters). */
static int boot_verity_modules(struct boot *b)
{
	int r;

	if (access("/sys/module/dm_verity", F_OK) == 0)
		return 0;
	r = mods_need(&b->mods, "dm-verity", "roothash=", "verity");
	return r < 0 ? boot_error(b, "loading dm-verity", r) : 0;
}

static void boot_verity_problem(void *ctx, const char *text)
{
	(void)ctx;
	log_err("verity: %s", text);
}

/* The superblock at the start of the hash device, checked against
 * roothash= and the two devices. */
static int boot_verity_sb(struct boot *b, struct verity_sb *sb)
{
	const struct blockdev *data = &b->root_dev, *hash = &b->hash_dev;
	uint8_t buf[VERITY_SB_SIZE];
	char path[64], why[200];
	int r;

	snprintf(path, sizeof(path), "/dev/%s", hash->name);
	if ((r = sys_read_at(path, 0, buf, sizeof(buf))) < 0) {
		log_err("verity: cannot read the superblock of the hash device %s: %s", path,
			strerror(-r));
		return boot_error(b, "reading the verity superblock", r);
	}
	if ((r = verity_sb_parse(buf, sizeof(buf), sb, why, sizeof(why))) < 0) {
		log_err("verity: the hash device %s (verityhash=) has no valid verity superblock: "
			"%s", path, why);
		return boot_error(b, "reading the verity superblock", -EINVAL);
	}
	if (verity_check(sb, b->opts.roothash, data->size, hash->size,
			 (unsigned)getpagesize(), boot_verity_problem, NULL) > 0) {
		log_err("verity: the data device /dev/%s and the hash device %s do not go with "
			"roothash= and each other: refusing the root", data->name, path);
		return boot_error(b, "checking the verity superblock", -EINVAL);
	}
	return 0;
}

/* Block 0 through the mapping: the first read that dm-verity checks
 * (it verifies whole blocks, so a few bytes of it are enough). */
static int boot_verity_read(struct boot *b)
{
	uint8_t head[512];
	char status[32] = "";
	int r = sys_read_at(b->mapper, 0, head, sizeof(head));

	if (r == 0)
		return 0;
	if (sys_dm_status(VERITY_NAME, status, sizeof(status)) < 0)
		status[0] = '\0';
	log_err("verity: reading block 0 of %s failed (%s, dm-verity status %s): roothash= does "
		"not match the hash device's tree, or the data or hash device was changed after "
		"veritysetup format; refusing the root", b->mapper, strerror(-r),
		status[0] ? status : "?");
	return boot_error(b, "verifying the root (dm-verity)", r == -ENODATA ? -EIO : r);
}

static int boot_verity_map(struct boot *b, const struct verity_sb *sb)
{
	const struct blockdev *data = &b->root_dev, *hash = &b->hash_dev;
	char table[1024], d[24], h[24], path[64];
	unsigned maj, min;
	uint64_t sectors;
	int r;

	snprintf(d, sizeof(d), "%u:%u", data->major, data->minor);
	snprintf(h, sizeof(h), "%u:%u", hash->major, hash->minor);
	if (verity_table(sb, d, h, b->opts.roothash, b->opts.verity_error, table, sizeof(table),
			 &sectors) < 0)
		return boot_error(b, "building the verity table", -ENAMETOOLONG);
	log_debug("verity: table 0 %llu verity %s", (unsigned long long)sectors, table);
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/dev/%s", i ? hash->name : data->name);
		if ((r = sys_blk_setro(path)) < 0) {
			log_err("verity: setro %s: %s", path, strerror(-r));
			return boot_error(b, "making the verity devices read-only", r);
		}
	}
	r = sys_dm_create(VERITY_NAME, "verity", table, sectors, &maj, &min, &b->err);
	if (r < 0) {
		log_err("verity: %s for /dev/mapper/%s: %s%s", b->err.what, VERITY_NAME, strerror(-r),
			r == -EINVAL ? " (the kernel's device-mapper message above says why)" : "");
		return boot_error(b, "creating the dm-verity mapping", r);
	}
	b->err.what = NULL;
	b->mapper_major = maj;
	b->mapper_minor = min;
	snprintf(b->mapper, sizeof(b->mapper), "/dev/mapper/%s", VERITY_NAME);
	if ((r = sys_dm_node(VERITY_NAME, maj, min)) < 0) {
		log_err("verity: mknod %s: %s", b->mapper, strerror(-r));
		return boot_error(b, "creating the dm-verity mapping", r);
	}
	return 0;
}

int boot_verity(struct boot *b)
{
	const struct blockdev *data = &b->root_dev, *hash = &b->hash_dev;
	struct verity_sb sb;
	char alias[48];
	int r;

	b->mapper[0] = '\0';
	if (b->opts.roothash[0] == '\0')
		return 0;
	if (data->major == hash->major && data->minor == hash->minor) {
		log_err("verity: root= and verityhash= are both /dev/%s: the hash tree needs a "
			"device of its own", data->name);
		return boot_error(b, "setting up the verified root", -EINVAL);
	}
	if ((r = boot_verity_modules(b)) < 0 || (r = boot_verity_sb(b, &sb)) < 0)
		return r;
	/* The kernel asks for the hash itself (crypto-NAME) if it is not
	 * built in; loading it here only saves that round trip. */
	snprintf(alias, sizeof(alias), "crypto-%s", sb.algorithm);
	if (mods_try(&b->mods, alias) < 0)
		log_debug("verity: %s did not load; the kernel asks for it if it needs it", alias);
	if ((r = boot_verity_map(b, &sb)) < 0 || (r = boot_verity_read(b)) < 0)
		return r;
	log_info("verity: %s verifies /dev/%s against the %s tree on /dev/%s (root hash %.16s..., "
		 "verityerror=%s)", b->mapper, data->name, sb.algorithm, hash->name,
		 b->opts.roothash, verity_error_name(b->opts.verity_error));
	return 0;
}

/* The mount of the mapping failed: say whether dm-verity refused blocks. */
void boot_verity_mount_failed(struct boot *b, int err)
{
	char status[32] = "";

	if (sys_dm_status(VERITY_NAME, status, sizeof(status)) == 0 && status[0] == 'C')
		log_err("verity: dm-verity refused corrupted blocks of the root (status C): the data "
			"device /dev/%s (or the hash device) was changed after veritysetup format",
			b->root_dev.name);
	else if (err == -EINVAL && status[0] == 'V')
		/* The mapping's logical block size is the tree's data block
		 * size (dm-verity-target.c, verity_io_hints): a filesystem of
		 * smaller blocks, mkfs.ext4's 1 KiB under 512 MiB, cannot be
		 * mounted on it. */
		log_err("verity: the blocks all verify (status V), but the filesystem on %s "
			"cannot be mounted on the mapping: its block size must be at least the "
			"tree's data block size (veritysetup's default 4096): make it with "
			"mkfs.ext4 -b 4096, or the tree with veritysetup --data-block-size",
			b->root_dev.name);
	else
		log_err("verity: the mount of %s failed with dm-verity status %s", b->mapper,
			status[0] ? status : "unknown");
}
