/* Step 5: the persistent store (overlaystore=, ovlinit(8) PERSISTENCE).
 * Found with the root's search (boot_find), its filesystem checked,
 * mounted read-write at OVL_UPPER as the overlay's upper layer; with
 * SPEC:/PATH the filesystem holding the image is mounted read-write at
 * /media/NAME and the image attached to a loop device first.
 *
 * A store that is missing or unusable: by default the boot goes on with
 * the tmpfs upper, says so loudly and records it in the marker;
 * overlaystore.required makes it fatal. Whatever failed is taken down
 * again first, so the tmpfs is never laid over half a store. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "log/log.h"
#include "rootdev/rootdev_diag.h"
#include "shutdown/shutdown.h"
#include "sys/sys.h"
#include "sys/sys_dev.h"
#include "sys/sys_shutdown.h"

/* Where the store is mounted: the upper layer, or with overlaykeep= the
 * filesystem that keeps the paths. */
static const char *boot_store_dir(const struct boot *b)
{
	return b->opts.n_keep ? OVL_PERSIST : OVL_UPPER;
}

/* Run a store plan; log the step that failed. */
static int boot_store_run(struct boot *b, const struct plan *p)
{
	char text[PATH_MAX_OVL * 2 + 2 * OPT_VALUE_MAX];
	int r = sys_plan_run(p, &b->err);

	if (r < 0) {
		plan_print_step(&p->steps[b->err.step], text, sizeof(text));
		text[strcspn(text, "\n")] = '\0';
		log_err("overlaystore=: %s: %s", text, strerror(-r));
		if (snprintf(b->store.why, sizeof(b->store.why), "%s: %s", text, strerror(-r)) < 0)
			b->store.why[0] = '\0';
	}
	return r;
}

static int boot_store_fail(struct boot *b, int err, const char *fmt, const char *arg)
	__attribute__((format(printf, 3, 0)));

static int boot_store_fail(struct boot *b, int err, const char *fmt, const char *arg)
{
	char text[sizeof(b->store.why)];

	if (snprintf(text, sizeof(text), fmt, arg) < 0)
		text[0] = '\0';
	log_err("overlaystore=: %s", text);
	memcpy(b->store.why, text, sizeof(text));
	return err;
}

/* The image on the filesystem dev (of type fstype): mount it at
 * /media/NAME, attach the image. Returns the loop device's fd (the
 * store's device is then b->store.device), or -errno. */
static int boot_store_image(struct boot *b, const char *dev, const char *fstype)
{
	static struct plan p;
	struct blockdev *d = &b->store_dev;
	char loop[PATH_MAX_OVL];
	int r, fd;

	snprintf(b->store.host, sizeof(b->store.host), "%s", dev);
	snprintf(loop, sizeof(loop), OVL_MEDIA "/%s", d->name);
	if (plan_store_host(&b->opts, dev, fstype, loop, &p) < 0)
		return boot_store_fail(b, -ENAMETOOLONG, "%s: the image path is too long", dev);
	p.n--;    /* the loop step is sys_loop_attach()'s */
	if ((r = boot_store_run(b, &p)) < 0)
		return r;
	snprintf(b->store.host_dir, sizeof(b->store.host_dir), "%s", loop);
	if (access("/dev/loop-control", F_OK) < 0 && b->mods.ready &&
	    (r = mods_try(&b->mods, "loop")) <= 0)
		log_warn("overlaystore=: loading the loop module: %s",
			 r == 0 ? "not in this initramfs" : strerror(-r));
	fd = sys_loop_attach(loop, b->opts.store_image, b->store.device, sizeof(b->store.device));
	if (fd < 0) {
		if (snprintf(loop, sizeof(loop), "%s%s: %s", b->store.host_dir, b->opts.store_image,
			     strerror(-fd)) < 0)
			loop[0] = '\0';
		return boot_store_fail(b, fd, "attaching the image to a loop device: %s", loop);
	}
	r = sys_dev_probe(b->store.device + 5, d);
	if (r < 0 || d->probe_err < 0) {
		close(fd);
		return boot_store_fail(b, r < 0 ? r : d->probe_err, "%s: cannot be probed",
				       b->store.device);
	}
	log_info("overlaystore=: %s%s on %s (%s)", b->store.host_dir, b->opts.store_image,
		 b->store.device, d->type);
	return fd;
}

/* overlayreset, and what an earlier reset left. */
static int boot_store_reset(struct boot *b)
{
	int left, r = sys_store_reset(boot_store_dir(b), b->opts.store_reset, &left);

	if (r < 0)
		return boot_store_fail(b, r, "overlayreset: moving root/, work/ and keep/ aside "
				       "failed: %s", strerror(-r));
	if (left)
		log_warn("overlaystore=: %s/.ovlinit-reset could not be removed entirely; the "
			 "next boot tries again", boot_store_dir(b));
	if (b->opts.store_reset) {
		b->store.reset = 1;
		log_err("overlayreset: the store %s was reset: %d of root/, work/ and keep/ moved "
			"aside and removed; this boot starts from an empty upper layer%s",
			b->store.device, r, b->opts.n_keep ? " and kept paths seeded again" : "");
	}
	return 0;
}

/* The devices the root search settled on, probed once: if exactly one
 * of them is the store (and no partition table hides a second), that is
 * the answer the search would give now, without probing every device
 * again. Otherwise (none, two, a refusal) boot_find() searches, waits
 * and diagnoses. Returns 0 with b->match set, or -1. */
static int boot_store_known(struct boot *b)
{
	int m = rootdev_match(b->want, b->devs, b->n_devs);

	if (m < 0 || b->devs[m].probe_err < 0 || rootdev_blind(b->want, b->devs, b->n_devs) >= 0)
		return -1;
	b->match = m;
	log_info("store device: /dev/%s (%s), as the root search found it", b->devs[m].name,
		 b->devs[m].type);
	return 0;
}

/* Find, check and mount the store at OVL_UPPER. Returns 0 or -errno,
 * with b->store.why saying what failed. */
static int boot_store_setup(struct boot *b)
{
	static struct plan p;
	struct blockdev *d = &b->store_dev;
	char dev[PATH_MAX_OVL];
	const char *why, *bad;
	int r, loop = -1;

	b->want = &b->opts.store;
	b->want_key = "overlaystore";
	b->want_what = "store";
	r = boot_store_known(b) == 0 ? 0 : boot_find(b);
	if (r < 0) {
		rootdev_diag_spec_key(dev, sizeof(dev), b->want_key, b->want);
		return boot_store_fail(b, r, r == -ENODEV ? "no device matches %s" :
				       r == -EEXIST ? "more than one device matches %s" :
				       "no device that can be the store matches %s", dev);
	}
	*d = b->devs[b->match];
	if (d->major == b->root_dev.major && d->minor == b->root_dev.minor)
		return boot_store_fail(b, -EINVAL, "/dev/%s is the root device, which stays "
				       "read-only: the store must be another filesystem", d->name);
	snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	snprintf(b->store.device, sizeof(b->store.device), "%s", dev);
	if (b->opts.store_image[0]) {
		if (d->type[0] == '\0')
			return boot_store_fail(b, -EMEDIUMTYPE, "%s: no filesystem to hold the image "
					       "was found on it", dev);
		if ((r = mods_need_fs(&b->mods, d->type, "store")) < 0)
			return boot_store_fail(b, r, "%s: no driver for its filesystem", dev);
		if ((loop = boot_store_image(b, dev, d->type)) < 0)
			return loop;
	}
	why = plan_store_refusal(d->type);
	if (why) {
		if (snprintf(dev, sizeof(dev), "%s (%s)", b->store.device,
			     d->type[0] ? d->type : "no type") < 0)
			dev[0] = '\0';
		r = boot_store_fail(b, -EMEDIUMTYPE, "%s cannot be the overlay's upper layer", dev);
		log_err("overlaystore=: %s", why);
	} else if ((r = mods_need_fs(&b->mods, d->type, "store")) < 0) {
		r = boot_store_fail(b, r, "%s: no driver for its filesystem", b->store.device);
	} else if ((r = plan_store_upper(b->store.device, d->type, boot_store_dir(b), &p)) < 0 ||
		   (r = boot_store_run(b, &p)) < 0) {
		r = r < 0 ? r : -EINVAL;
	} else {
		b->store.used = 1;
		snprintf(b->store.fstype, sizeof(b->store.fstype), "%s", d->type);
	}
	if (loop >= 0)
		close(loop);     /* the mount holds the loop device now, or it detaches */
	if (r < 0)
		return r;
	if ((r = boot_store_reset(b)) < 0)
		return r;
	if ((r = sys_store_check(boot_store_dir(b), b->opts.n_keep > 0, &bad)) < 0)
		return boot_store_fail(b, r, "%s/ on the store is not a directory: refusing to mount "
				       "over it (move it away, or boot once with overlayreset)", bad);
	return 0;
}

/* Take down what a failed setup mounted, in reverse order. */
static void boot_store_undo(struct boot *b)
{
	int r;

	if (b->store.used && (r = sys_umount(boot_store_dir(b))) < 0)
		log_err("overlaystore=: unmounting %s: %s", boot_store_dir(b), strerror(-r));
	b->store.used = 0;
	if (b->store.host_dir[0] && (r = sys_umount(b->store.host_dir)) < 0)
		log_err("overlaystore=: unmounting %s: %s", b->store.host_dir, strerror(-r));
	b->store.host_dir[0] = '\0';
}

/* The overlay keeps the store busy until its very end: /shutdown
 * releases it then (shutdown.c), told which devices by the list. Not
 * fatal: without it the store's filesystems stay dirty, as after a power
 * cut, which they survive. */
static void boot_store_shutdown(const struct boot *b)
{
	char text[RELEASE_MAX * (PATH_MAX_OVL + RELEASE_ROLE_MAX + 2) + 1];
	struct release list = { 0 };
	struct sys_err e = { "the release list", 0 };
	long n;
	int r = release_add(&list, "store", b->store.device);

	if (r == 0 && b->store.host[0])
		r = release_add(&list, "host", b->store.host);
	n = r < 0 ? r : release_format(&list, text, sizeof(text));
	r = n < 0 ? (int)n : sys_shutdown_install(text, (size_t)n, &e);
	if (r < 0)
		log_warn("overlaystore=: %s: %s; the store will not be unmounted cleanly at shutdown",
			 e.what, strerror(-r));
	else
		log_debug("overlaystore=: " SHUTDOWN_DIR "/" SHUTDOWN_EXE " releases %s at shutdown",
			  b->store.device);
}

int boot_store(struct boot *b)
{
	int r;

	memset(&b->store, 0, sizeof(b->store));
	if (b->opts.store.kind == ROOT_NONE)
		return 0;
	r = boot_store_setup(b);
	b->want = &b->opts.root;
	b->want_key = NULL;
	b->want_what = "root";
	if (r == 0) {
		boot_store_shutdown(b);
		if (b->opts.n_keep)
			log_info("overlaystore=: %s (%s) at %s keeps %d path%s", b->store.device,
				 b->store.fstype, OVL_PERSIST, b->opts.n_keep,
				 b->opts.n_keep == 1 ? "" : "s");
		else
			log_info("overlaystore=: %s (%s) is the upper layer at %s", b->store.device,
				 b->store.fstype, OVL_UPPER);
		return 0;
	}
	boot_store_undo(b);
	if (b->opts.store_required)
		return boot_error(b, "mounting the persistent store (overlaystore.required)", r);
	b->err.what = NULL;
	b->store.fallback = 1;
	log_err("WARNING: the persistent store is not used: %s", b->store.why);
	log_err("WARNING: booting with the tmpfs upper layer: every change of this boot is "
		"LOST at the next; add overlaystore.required to stop the boot instead");
	return 0;
}
