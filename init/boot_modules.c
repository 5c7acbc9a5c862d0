/* Step 3: one libkmod context; the modules the command line names and
 * the filesystem drivers the root needs. Also the modalias loading that
 * the root search calls for every device. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "boot.h"
#include "log/log.h"
#include "sys/sys_dev.h"

/* A module the command line names (modules=): one that is missing is
 * worth a warning, not the boot. */
static void boot_load(struct boot *b, const char *name)
{
	int r = b->have_modules ? modload_load(&b->ml, name) : 0;

	if (b->have_modules && r == 0)
		log_warn("modules=: no module %s in this initramfs for kernel %s; going on without it",
			 name, b->ml.kver);
	else if (r < 0 && r != -EPERM)
		log_warn("modules=: loading %s failed: %s", name, strerror(-r));
}

/* A filesystem driver the root needs (rootfstype=, the probed type,
 * overlay): missing is fatal at once, naming what would add it. */
int boot_need_fs(struct boot *b, const char *type)
{
	char feature[64];
	int r = b->have_modules ? modload_fs(&b->ml, type) : 0;

	if (r > 0)
		return 0;
	if (r == 0 && !b->have_modules)
		return 0;    /* built-in drivers only: the mount will tell */
	if (r == 0 && modload_feature(NULL, type, feature, sizeof(feature)) == 1)
		log_err("the %s needs module %s, which this initramfs for kernel %s lacks; "
			"build it with the feature %s", b->want_key ? "store" : "root", type,
			b->ml.kver, feature);
	else if (r == 0)
		log_err("the %s needs module %s, which this initramfs for kernel %s lacks, "
			"and no builder feature lists it", b->want_key ? "store" : "root", type,
			b->ml.kver);
	return boot_error(b, b->want_key ? "loading the store's filesystem driver" :
			  "loading the root's filesystem driver", r == 0 ? -ENOENT : r);
}

/* Load the next filesystem driver the root will need, if any is left;
 * a missing one fails the boot at once. Returns 1 if it loaded one, 0 if
 * none was left, or the error. */
int boot_wanted_fs(struct boot *b)
{
	int r;

	if (b->n_fs_wanted == 0)
		return 0;
	r = boot_need_fs(b, b->fs_wanted[--b->n_fs_wanted]);
	return r < 0 ? r : 1;
}

/* No modules for this kernel: say which versions the image has. */
static void boot_no_modules(struct boot *b, int err)
{
	char present[256];

	if (err != -ENOENT || modload_versions(NULL, present, sizeof(present)) < 0)
		snprintf(present, sizeof(present), "none");
	log_warn("no modules for the running kernel %s in this initramfs (it has: %s): "
		 "built-in drivers only", b->ml.kver, present[0] ? present : "none");
}

int boot_modules(struct boot *b)
{
	int r;

	if (b->have_modules)    /* run again after the rescue shell */
		modload_close(&b->ml);
	b->have_modules = 0;
	r = modload_open(&b->ml, NULL, NULL);
	if (r < 0) {
		boot_no_modules(b, r);
		return 0;
	}
	b->have_modules = 1;
	b->ml.blacklist = (const char (*)[MODULE_NAME_MAX])b->opts.blacklist;
	b->ml.n_blacklist = b->opts.n_blacklist;
	b->ml.async_probe = 1;    /* devices come as uevents: never wait for a probe */
	/* ...but with two virtio disks, probe them in PCI order (vda, vdb) */
	b->ml.keep_order = sys_virtio_blk_count() > 1;
	r = modload_helper_take(&b->ml);
	if (r < 0)
		log_warn("the kernel's module requests stay unserved: %s: %s",
			 "/proc/sys/kernel/modprobe", strerror(-r));
	for (int i = 0; i < b->opts.n_modules; i++)
		boot_load(b, b->opts.modules[i]);
	/* The root search loads these while the hardware is still coming up
	 * (boot_wanted_fs), not before it: ext4 alone takes 0.2 s on TCG. */
	b->n_fs_wanted = 0;
	if (b->opts.overlay)
		b->fs_wanted[b->n_fs_wanted++] = "overlay";
	if (b->opts.rootfstype[0])
		b->fs_wanted[b->n_fs_wanted++] = b->opts.rootfstype;
	log_debug("modules: %d loaded in %llu us before the root search", b->ml.n_loaded, b->ml.us);
	return 0;
}

/* Before the switch: the real system's modprobe serves the kernel again. */
void boot_modules_done(struct boot *b)
{
	int r = modload_helper_restore(&b->ml);

	if (r < 0)
		log_warn("restoring /proc/sys/kernel/modprobe failed: %s", strerror(-r));
	log_debug("modules: %d loaded in %llu us", b->ml.n_loaded, b->ml.us);
	modload_close(&b->ml);
}

static uint64_t boot_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Load the driver a device asks for by its modalias, once per alias;
 * remember the aliases no module in the image serves, for the diagnosis. */
void boot_alias(struct boot *b, const char *alias)
{
	uint64_t h = boot_hash(alias);
	int r;

	for (int i = 0; i < b->n_seen; i++)
		if (b->seen[i] == h)
			return;
	if (b->n_seen < ALIASES_SEEN_MAX)
		b->seen[b->n_seen++] = h;
	if (!b->have_modules)
		return;
	r = modload_load(&b->ml, alias);
	if (r < 0)
		log_debug("modalias %s: %s", alias, strerror(-r));
	if (r != 0)
		return;
	if (b->n_unserved < UNSERVED_MAX && strlen(alias) < MODALIAS_MAX)
		strcpy(b->unserved[b->n_unserved++], alias);
	b->n_unserved_all++;
}
