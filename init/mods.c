/* See mods.h: the module service of the boot. */
#include "mods.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log/log.h"
#include "sys/sys_dev.h"

/* A module the command line names (modules=): one that is missing is
 * worth a warning, not the boot. */
static void mods_named(struct mods *m, const char *name)
{
	int r = m->ready ? modload_load(&m->ml, name) : 0;

	if (m->ready && r == 0)
		log_warn("modules=: no module %s in this initramfs for kernel %s; going on without it",
			 name, m->ml.kver);
	else if (r < 0 && r != -EPERM)
		log_warn("modules=: loading %s failed: %s", name, strerror(-r));
}

/* Say that who needs module name, which the image lacks, and which
 * builder feature adds it (the features file's, else hint, else none). */
static int mods_missing(const struct mods *m, const char *who, const char *name,
			const char *hint)
{
	char feature[64];

	if (modload_feature(NULL, name, feature, sizeof(feature)) == 1)
		hint = feature;
	if (hint)
		log_err("%s needs module %s, which this initramfs for kernel %s lacks; "
			"build it with the feature %s", who, name, m->ml.kver, hint);
	else
		log_err("%s needs module %s, which this initramfs for kernel %s lacks, "
			"and no builder feature lists it", who, name, m->ml.kver);
	return -ENOENT;
}

/* A filesystem driver the root needs (rootfstype=, the probed type,
 * overlay): missing is fatal at once, naming what would add it. */
int mods_need_fs(struct mods *m, const char *type, const char *who)
{
	char whose[32];

	int r = m->ready ? modload_fs(&m->ml, type) : 0;

	if (r > 0)
		return 0;
	if (r == 0 && !m->ready)
		return 0;    /* built-in drivers only: the mount will tell */
	snprintf(whose, sizeof(whose), "the %s", who);
	return r == 0 ? mods_missing(m, whose, type, NULL) : r;
}

int mods_need(struct mods *m, const char *name, const char *who, const char *hint)
{
	int r = m->ready ? modload_load(&m->ml, name) : 0;

	if (r > 0)
		return 0;
	return r == 0 ? mods_missing(m, who, name, hint) : r;
}

int mods_try(struct mods *m, const char *name)
{
	return m->ready ? modload_load(&m->ml, name) : 0;
}

int mods_wanted_fs(struct mods *m)
{
	int r;

	if (m->n_fs_wanted == 0)
		return 0;
	r = mods_need_fs(m, m->fs_wanted[--m->n_fs_wanted], "root");
	return r < 0 ? r : 1;
}

/* No modules for this kernel: say which versions the image has. */
static void mods_none(const struct mods *m, int err)
{
	char present[256];

	if (err != -ENOENT || modload_versions(NULL, present, sizeof(present)) < 0)
		snprintf(present, sizeof(present), "none");
	log_warn("no modules for the running kernel %s in this initramfs (it has: %s): "
		 "built-in drivers only", m->ml.kver, present[0] ? present : "none");
}

void mods_open(struct mods *m, const struct boot_opts *o)
{
	struct modload_conf conf = {
		.blacklist = (const char (*)[MODULE_NAME_MAX])o->blacklist,
		.n_blacklist = o->n_blacklist,
		.async_probe = 1,   /* devices come as uevents: never wait for a probe */
		/* ...but with two virtio disks, probe them in PCI order (vda, vdb) */
		.keep_order = sys_virtio_blk_count() > 1,
	};
	int r;

	if (m->ready)
		modload_close(&m->ml);
	m->ready = 0;
	r = modload_open(&m->ml, NULL, NULL, &conf);
	if (r < 0) {
		mods_none(m, r);
		return;
	}
	m->ready = 1;
	r = modload_helper_take(&m->ml);
	if (r < 0)
		log_warn("the kernel's module requests stay unserved: %s: %s",
			 "/proc/sys/kernel/modprobe", strerror(-r));
	for (int i = 0; i < o->n_modules; i++)
		mods_named(m, o->modules[i]);
	/* The root search loads these while the hardware is still coming up
	 * (mods_wanted_fs), not before it: ext4 alone takes 0.2 s on TCG. */
	m->n_fs_wanted = 0;
	if (o->overlay)
		m->fs_wanted[m->n_fs_wanted++] = "overlay";
	if (o->rootfstype[0])
		m->fs_wanted[m->n_fs_wanted++] = o->rootfstype;
	log_debug("modules: %d loaded in %llu us before the root search", m->ml.n_loaded, m->ml.us);
}

void mods_close(struct mods *m)
{
	int r = modload_helper_restore(&m->ml);

	if (r < 0)
		log_warn("restoring /proc/sys/kernel/modprobe failed: %s", strerror(-r));
	log_debug("modules: %d loaded in %llu us", m->ml.n_loaded, m->ml.us);
	modload_close(&m->ml);
	m->ready = 0;
}

static uint64_t mods_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

void mods_alias(struct mods *m, const char *alias)
{
	uint64_t h = mods_hash(alias);
	int r;

	for (int i = 0; i < m->n_seen; i++)
		if (m->seen[i] == h)
			return;
	if (m->n_seen < ALIASES_SEEN_MAX)
		m->seen[m->n_seen++] = h;
	if (!m->ready)
		return;
	r = modload_load(&m->ml, alias);
	if (r < 0)
		log_debug("modalias %s: %s", alias, strerror(-r));
	if (r != 0)
		return;
	if (m->n_unserved < UNSERVED_MAX && strlen(alias) < MODALIAS_MAX)
		strcpy(m->unserved[m->n_unserved++], alias);
	m->n_unserved_all++;
}
