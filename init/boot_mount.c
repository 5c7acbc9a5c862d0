/* Steps 5 and 6: mount the root as the plan says, then switch to it
 * and exec the real init. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "boot.h"
#include "log/log.h"
#include "sys/sys.h"

/* The lower layer's journal was not replayed: say what that means. */
static void boot_warn_noload(const struct boot *b)
{
	log_warn("WARNING: %s needs ext4 journal recovery, which a read-only device cannot do;"
		 " mounted it with noload: the last writes before an unclean shutdown are"
		 " NOT visible and the filesystem may look inconsistent", b->plan.device);
	log_warn("WARNING: to recover, boot once without overlaytmpfs (the plain root replays"
		 " the journal), or run e2fsck on %s from another system", b->plan.device);
}

/* The upper layer: the store boot_store() mounted, or the tmpfs. */
static void boot_upper(const struct boot *b, struct plan_upper *u, char *image, size_t cap)
{
	memset(u, 0, sizeof(*u));
	u->fallback = b->store.fallback;
	if (!b->store.used)
		return;
	u->device = b->store.device;
	u->fstype = b->store.fstype;
	u->keep = b->opts.n_keep > 0;
	u->reset = b->store.reset;
	if (b->store.host_dir[0]) {
		snprintf(image, cap, "%s%s", b->store.host_dir, b->opts.store_image);
		u->image = image;
		u->host_dir = b->store.host_dir;
	}
}

int boot_mount(struct boot *b)
{
	const struct blockdev *d = &b->root_dev;
	const char *fstype = b->opts.rootfstype[0] ? b->opts.rootfstype : d->type;
	static char text[PATH_MAX_OVL * 8 + 2 * OPT_VALUE_MAX];
	char dev[64], image[PATH_MAX_OVL * 2];
	struct plan_upper u;
	int r, failed = -1;

	snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	if (!b->opts.rootfstype[0] && d->type[0] && (r = boot_need_fs(b, d->type)) < 0)
		return r;
	boot_upper(b, &u, image, sizeof(image));
	r = plan_build_upper(&b->opts, dev, fstype, &u, &b->plan);
	if (r < 0)
		return boot_error(b, "planning the mounts", r);
	r = sys_plan_run(&b->plan, &failed);
	if (r < 0) {
		/* Never go on with an overlay over an empty lower directory. */
		plan_print_step(&b->plan.steps[failed], text, sizeof(text));
		text[strcspn(text, "\n")] = '\0';
		log_err("%s: %s", text, strerror(-r));
		if (b->plan.steps[failed].kind == STEP_SEED && r == -ENOTDIR)
			log_err("overlaykeep=: %s must be a directory in the lower layer, and "
				"keep%s on the store one or absent (not a file, not a symlink)",
				b->plan.steps[failed].src + strlen(OVL_LOWER),
				b->plan.steps[failed].src + strlen(OVL_LOWER));
		return r;
	}
	if (r == PLAN_RAN_NOLOAD)
		boot_warn_noload(b);
	if (plan_marker(&b->plan, r, text, sizeof(text)) < 0 ||
	    (r = sys_write_marker(text, strlen(text))) < 0)
		log_warn("cannot write %s: %s", MARKER_PATH, strerror(r < 0 ? -r : ENAMETOOLONG));
	return 0;
}

/* The real system's modprobe and kmsg rate limit come back first; then
 * the switch, which returns only on failure. */
int boot_switch(struct boot *b)
{
	const char *what = "";
	char bad[PATH_MAX_OVL];
	int r = sys_check_init(NEWROOT, b->plan.init, bad, sizeof(bad));

	if (r < 0) {
		log_err("init=%s: %s in the new root: %s%s", b->plan.init, bad, strerror(-r),
			r == -ENOEXEC ? " (not an executable regular file)" : "");
		return boot_error(b, "checking init= in the new root", r);
	}
	log_info("modules: %d loaded in %llu ms; starting %s", b->ml.n_loaded,
		 b->ml.ms, b->plan.init);
	boot_modules_done(b);
	if (b->kmsg_mode[0])
		(void)sys_kmsg_mode(b->kmsg_mode, NULL, 0);
	b->argv[0] = b->plan.init;
	r = sys_switch_root(NEWROOT, b->argv, b->envp, &what);
	return boot_error(b, what, r);
}
