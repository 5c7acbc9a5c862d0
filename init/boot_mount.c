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

/* For systemd on the overlay root (ovlinit(8), FILES and FSTAB): where
 * the real disk is, and remount-fs kept on mount(2). Not fatal: a system
 * without systemd boots the same. */
static void boot_systemd_hints(const struct boot *b, const struct blockdev *d)
{
	/* the lower's device: a verified root's is the mapping */
	int r = b->mapper[0] ? sys_volatile_root(b->mapper_major, b->mapper_minor) :
			       sys_volatile_root(d->major, d->minor);

	if (r < 0)
		log_warn("cannot make %s: %s", VOLATILE_ROOT, strerror(-r));
	r = sys_write_text(REMOUNT_DROPIN_DIR, REMOUNT_DROPIN, REMOUNT_DROPIN_TEXT,
			   strlen(REMOUNT_DROPIN_TEXT));
	if (r < 0)
		log_warn("cannot write %s: %s", REMOUNT_DROPIN, strerror(-r));
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
	char dev[PATH_MAX_OVL], image[PATH_MAX_OVL * 2];
	struct plan_upper u;
	int r;

	/* A verified root: the mapping, holding the data device's filesystem. */
	if (b->mapper[0])
		memcpy(dev, b->mapper, sizeof(dev));
	else
		snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	if (!b->opts.rootfstype[0] && d->type[0] && (r = mods_need_fs(&b->mods, d->type, "root")) < 0)
		return boot_error(b, "loading the root's filesystem driver", r);
	boot_upper(b, &u, image, sizeof(image));
	r = plan_build_upper(&b->opts, dev, fstype, &u, &b->plan);
	if (r < 0)
		return boot_error(b, "planning the mounts", r);
	r = sys_plan_run(&b->plan, &b->err);
	if (r < 0) {
		/* Never go on with an overlay over an empty lower directory. */
		plan_print_step(&b->plan.steps[b->err.step], text, sizeof(text));
		text[strcspn(text, "\n")] = '\0';
		log_err("%s: %s", text, strerror(-r));
		if (b->mapper[0])
			boot_verity_mount_failed(b, r);
		if (b->plan.steps[b->err.step].kind == STEP_SEED && r == -ENOTDIR)
			log_err("overlaykeep=: %s must be a directory in the lower layer, and "
				"keep%s on the store one or absent (not a file, not a symlink)",
				b->plan.steps[b->err.step].src + strlen(OVL_LOWER),
				b->plan.steps[b->err.step].src + strlen(OVL_LOWER));
		return r;
	}
	if (r == PLAN_RAN_NOLOAD)
		boot_warn_noload(b);
	if (plan_marker(&b->plan, r, text, sizeof(text)) < 0 ||
	    (r = sys_write_marker(text, strlen(text))) < 0)
		log_warn("cannot write %s: %s", MARKER_PATH, strerror(r < 0 ? -r : ENAMETOOLONG));
	if (b->plan.overlay)
		boot_systemd_hints(b, d);
	return 0;
}

/* init's argv: init=, Alpine's init_args= words (where Alpine puts
 * them), then the kernel's arguments for init (single, words after --).
 * The kernel passes at most 32; a longer argv is refused, never cut. */
static char *boot_argv[2 * INIT_ARGS_MAX + 2];

static int boot_init_argv(struct boot *b)
{
	const char *a = b->opts.alpine_args;
	size_t n = 0;

	boot_argv[n++] = b->plan.init;
	for (int i = 0; i < b->opts.n_alpine_args; i++, a += strlen(a) + 1)
		boot_argv[n++] = (char *)a;
	for (char **k = b->argv && b->argv[0] ? b->argv + 1 : b->argv; k && *k; k++) {
		if (n + 1 >= sizeof(boot_argv) / sizeof(boot_argv[0])) {
			log_err("init's arguments: more than %zu", n);
			return boot_error(b, "passing the arguments to init", -E2BIG);
		}
		boot_argv[n++] = *k;
	}
	boot_argv[n] = NULL;
	if (b->opts.n_alpine_args)
		log_debug("init_args=: %d words for %s", b->opts.n_alpine_args, b->plan.init);
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
	r = boot_init_argv(b);
	if (r < 0)
		return r;
	return sys_switch_root(NEWROOT, boot_argv, b->envp, &b->err);   /* names the part */
}
