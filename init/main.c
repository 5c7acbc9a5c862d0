/* ovlinit: the initramfs /init. As PID 1 it boots; otherwise it is a
 * diagnosis tool with no side effects (see ovlinit(8)).
 *
 * The boot, step by step:
 *   1. mount /dev, /proc, /sys, /run and open the logger;
 *   2. read and parse /proc/cmdline;
 *   3. load the modules the command line names;
 *   4. find the root device, loading the drivers devices ask for;
 *   5. mount it (read-only, or as the lower layer of a tmpfs overlay);
 *   6. switch to it and exec the real init.
 * Any failure ends in boot_fail(), the one place that applies the
 * failure policy.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "fail.h"
#include "log.h"
#include "modload.h"
#include "plan.h"
#include "rootdev.h"
#include "sys.h"
#include "tool.h"

#define ALIASES_SEEN_MAX 1024
#define ROOT_POLL_MS 50

struct boot {
	struct boot_opts opts;
	struct modload ml;
	int have_modules;
	struct blockdev devs[BLOCKDEVS_MAX];
	int n_devs;
	int root;                       /* index into devs */
	struct plan plan;
	uint64_t seen[ALIASES_SEEN_MAX];  /* FNV-1a hashes of loaded modaliases */
	int n_seen;
};

static struct boot boot;    /* fixed buffers, off the stack */

static char **boot_argv, **boot_envp;

/* The failure policy, in one place: one diagnostic block at error
 * priority, then a rescue shell (only with `rescue` and a shell in the
 * image), or a pause and exit so that the kernel panics and its own
 * panic=N reboots. Steps log their specifics before calling this. */
__attribute__((noreturn))
static void boot_fail(const char *step, int err)
{
	struct fail_policy p = { boot.opts.panic, boot.opts.rescue, sys_have_shell() };
	char action[256];

	fail_action_text(&p, action, sizeof(action));
	if (sys_kmsg_unlimit() < 0)
		log_warn("printk_devkmsg is locked: the kernel may drop part of this report");
	log_err("FATAL: %s failed: %s", step, strerror(-err));
	if (boot.opts.root.kind != ROOT_NONE)
		log_err("root=%s%s%s was asked for", rootdev_kind_prefix(boot.opts.root.kind),
			boot.opts.root.value, boot.opts.overlay ? " with overlaytmpfs" : "");
	log_err("to investigate: boot with ovlinit.debug for every step, or run "
		"`init --explain --cmdline '...'` on another machine");
	log_err("%s", action);
	if (fail_decide(&p) == FAIL_SHELL) {
		if (sys_rescue_shell() == 0)
			execve("/init", boot_argv, boot_envp);   /* retry the boot */
		log_err("the rescue shell could not run; %s", action);
	}
	sys_sleep_ms(fail_pause_s(&p) * 1000);
	exit(1);
}

/* kmsg records reach the console only above console_loglevel (loglevel=
 * on the command line): if errors would not show there, write them to
 * the console too. */
static void boot_logger(int max_prio)
{
	static int kmsg = -1;
	int console = sys_console_loglevel() <= LOG_ERR ? STDERR_FILENO : -1;

	if (kmsg < 0)
		kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	log_setup(kmsg, console, max_prio);
}

static void boot_cmdline(struct boot *b)
{
	char text[CMDLINE_MAX];
	long n = sys_read_file("/proc/cmdline", text, sizeof(text));
	int r;

	if (n < 0)
		boot_fail("reading /proc/cmdline", (int)n);
	r = cmdline_parse(text, (size_t)n, &b->opts);
	boot_logger(b->opts.debug ? LOG_DEBUG : b->opts.quiet ? LOG_WARN : LOG_INFO);
	for (int i = 0; i < b->opts.n_notes; i++)
		log_msg(b->opts.notes[i].level == NOTE_ERROR ? LOG_ERR : LOG_WARN,
			"command line: %s", b->opts.notes[i].text);
	if (b->opts.n_errors + b->opts.n_warnings > b->opts.n_notes)
		log_warn("command line: %d more problems; `init --explain` lists them all",
			 b->opts.n_errors + b->opts.n_warnings - b->opts.n_notes);
	if (b->opts.root_words == 0)
		boot_fail("finding root= on the command line", -EINVAL);
	if (r < 0)
		boot_fail("parsing the command line", r);
}

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
static void boot_need_fs(struct boot *b, const char *type)
{
	char feature[64];
	int r = b->have_modules ? modload_fs(&b->ml, type) : 0;

	if (r > 0)
		return;
	if (r == 0 && !b->have_modules)
		return;    /* built-in drivers only: the mount will tell */
	if (r == 0 && modload_feature(NULL, type, feature, sizeof(feature)) == 1)
		log_err("the root needs module %s, which this initramfs for kernel %s lacks; "
			"build it with the feature %s", type, b->ml.kver, feature);
	else if (r == 0)
		log_err("the root needs module %s, which this initramfs for kernel %s lacks, "
			"and no builder feature lists it", type, b->ml.kver);
	boot_fail("loading the root's filesystem driver", r == 0 ? -ENOENT : r);
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

static void boot_modules(struct boot *b)
{
	int r = modload_open(&b->ml, NULL, NULL);

	if (r < 0) {
		boot_no_modules(b, r);
		return;
	}
	b->have_modules = 1;
	b->ml.blacklist = (const char (*)[MODULE_NAME_MAX])b->opts.blacklist;
	b->ml.n_blacklist = b->opts.n_blacklist;
	r = modload_helper_take(&b->ml);
	if (r < 0)
		log_warn("the kernel's module requests stay unserved: %s: %s",
			 "/proc/sys/kernel/modprobe", strerror(-r));
	for (int i = 0; i < b->opts.n_modules; i++)
		boot_load(b, b->opts.modules[i]);
	if (b->opts.rootfstype[0])
		boot_need_fs(b, b->opts.rootfstype);
	if (b->opts.overlay)
		boot_need_fs(b, "overlay");
	log_debug("modules: %d loaded in %llu us before the root search", b->ml.n_loaded, b->ml.us);
}

/* Before the switch: the real system's modprobe serves the kernel again. */
static void boot_modules_done(struct boot *b)
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

/* Load the driver a device asks for by its modalias, once per alias. */
static void boot_alias(const char *alias, void *ctx)
{
	struct boot *b = ctx;
	uint64_t h = boot_hash(alias);
	int r;

	for (int i = 0; i < b->n_seen; i++)
		if (b->seen[i] == h)
			return;
	if (b->n_seen < ALIASES_SEEN_MAX)
		b->seen[b->n_seen++] = h;
	r = modload_load(&b->ml, alias);
	if (r < 0)
		log_debug("modalias %s: %s", alias, strerror(-r));
}

static void boot_find_root(struct boot *b)
{
	unsigned long long deadline = sys_now_ms() + (unsigned long long)b->opts.root_wait * 1000;

	for (;;) {
		if (b->have_modules)
			sys_modaliases(boot_alias, b);
		b->n_devs = sys_blockdevs(b->devs, BLOCKDEVS_MAX);
		b->root = rootdev_match(&b->opts.root, b->devs, b->n_devs);
		if (b->root >= 0)
			break;
		if (b->root == -EEXIST)
			boot_fail("finding the root device (more than one matches)", -EEXIST);
		if (b->opts.root_wait != ROOT_WAIT_FOREVER && sys_now_ms() > deadline)
			boot_fail("finding the root device", -ENODEV);
		sys_sleep_ms(ROOT_POLL_MS);
	}
	log_info("root device: /dev/%s (%s)", b->devs[b->root].name, b->devs[b->root].type);
}

/* The lower layer's journal was not replayed: say what that means. */
static void boot_warn_noload(const struct boot *b)
{
	log_warn("WARNING: %s needs ext4 journal recovery, which a read-only device cannot do;"
		 " mounted it with noload: the last writes before an unclean shutdown are"
		 " NOT visible and the filesystem may look inconsistent", b->plan.device);
	log_warn("WARNING: to recover, boot once without overlaytmpfs (the plain root replays"
		 " the journal), or run e2fsck on %s from another system", b->plan.device);
}

static void boot_mount(struct boot *b)
{
	const struct blockdev *d = &b->devs[b->root];
	const char *fstype = b->opts.rootfstype[0] ? b->opts.rootfstype : d->type;
	char dev[64], text[PATH_MAX_OVL * 2 + 2 * OPT_VALUE_MAX];
	int r, failed = -1;

	snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	if (!b->opts.rootfstype[0] && d->type[0])
		boot_need_fs(b, d->type);
	r = plan_build(&b->opts, dev, fstype, &b->plan);
	if (r < 0)
		boot_fail("planning the mounts", r);
	if (b->plan.refused[0])
		log_warn("overlaytmpfsflags: refused %s: the upper layer (and so /) stays"
			 " read-write, mode 0755 and owned by root", b->plan.refused);
	r = sys_plan_run(&b->plan, &failed);
	if (r < 0) {
		/* Never go on with an overlay over an empty lower directory. */
		plan_print_step(&b->plan.steps[failed], text, sizeof(text));
		text[strcspn(text, "\n")] = '\0';
		log_err("%s: %s", text, strerror(-r));
		boot_fail("mounting the root", r);
	}
	if (r == PLAN_RAN_NOLOAD)
		boot_warn_noload(b);
	if (plan_marker(&b->plan, r, text, sizeof(text)) < 0 ||
	    (r = sys_write_marker(text, strlen(text))) < 0)
		log_warn("cannot write %s: %s", MARKER_PATH, strerror(r < 0 ? -r : ENAMETOOLONG));
}

static void boot_switch(struct boot *b, char **argv, char **envp)
{
	const char *what = "";
	char bad[PATH_MAX_OVL];
	int r = sys_check_init(NEWROOT, b->plan.init, bad, sizeof(bad));

	if (r < 0) {
		log_err("init=%s: %s in the new root: %s%s", b->plan.init, bad, strerror(-r),
			r == -ENOEXEC ? " (not an executable regular file)" : "");
		boot_fail("checking init= in the new root", r);
	}
	argv[0] = b->plan.init;
	log_info("modules: %d loaded in %llu ms; starting %s", b->ml.n_loaded,
		 b->ml.ms, b->plan.init);
	r = sys_switch_root(NEWROOT, argv, envp, &what);
	boot_fail(what, r);
}

static int boot_main(char **argv, char **envp)
{
	const char *what = "";
	int r = sys_early_mounts(&what);

	boot_argv = argv;
	boot_envp = envp;
	sys_std_fds();
	boot_logger(LOG_INFO);
	if (r < 0)
		boot_fail(what, r);
	boot_cmdline(&boot);
	boot_modules(&boot);
	boot_find_root(&boot);
	boot_mount(&boot);
	boot_modules_done(&boot);
	boot_switch(&boot, argv, envp);
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	if (getpid() == 1)
		return boot_main(argv, envp);
	return tool_main(argc, argv);
}
