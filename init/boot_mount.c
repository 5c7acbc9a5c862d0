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

int boot_mount(struct boot *b)
{
	const struct blockdev *d = &b->devs[b->root];
	const char *fstype = b->opts.rootfstype[0] ? b->opts.rootfstype : d->type;
	char dev[PATH_MAX_OVL], text[PATH_MAX_OVL * 2 + 2 * OPT_VALUE_MAX];
	int r;

	/* A verified root: the mapping, holding the data device's filesystem. */
	if (b->mapper[0])
		memcpy(dev, b->mapper, sizeof(dev));
	else
		snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	if (!b->opts.rootfstype[0] && d->type[0] && (r = mods_need_fs(&b->mods, d->type)) < 0)
		return boot_error(b, "loading the root's filesystem driver", r);
	r = plan_build(&b->opts, dev, fstype, &b->plan);
	if (r < 0)
		return boot_error(b, "planning the mounts", r);
	r = sys_plan_run(&b->plan, &b->err);
	if (r < 0) {
		/* Never go on with an overlay over an empty lower directory. */
		plan_print_step(&b->plan.steps[b->err.step], text, sizeof(text));
		text[strcspn(text, "\n")] = '\0';
		log_err("%s: %s", text, strerror(-r));
		if (b->mapper[0])
			boot_verity_mount_failed(b);
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
	char bad[PATH_MAX_OVL];
	int r = sys_check_init(NEWROOT, b->plan.init, bad, sizeof(bad));

	if (r < 0) {
		log_err("init=%s: %s in the new root: %s%s", b->plan.init, bad, strerror(-r),
			r == -ENOEXEC ? " (not an executable regular file)" : "");
		return boot_error(b, "checking init= in the new root", r);
	}
	log_info("modules: %d loaded in %llu ms; starting %s", b->mods.ml.n_loaded,
		 b->mods.ml.ms, b->plan.init);
	mods_close(&b->mods);
	if (b->kmsg_mode[0])
		(void)sys_kmsg_mode(b->kmsg_mode, NULL, 0);
	b->argv[0] = b->plan.init;
	return sys_switch_root(NEWROOT, b->argv, b->envp, &b->err);   /* names the part */
}
