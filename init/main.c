/* ovlinit: the initramfs /init. As PID 1 it boots; otherwise it is a
 * diagnosis tool with no side effects (see ovlinit(8)).
 *
 * The boot is the table below, one step after the other. A step that
 * fails ends in boot_fail(), the one place that applies the failure
 * policy (ovlinit(8), FAILURE POLICY).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "log/fail.h"
#include "log/log.h"
#include "sys/sys.h"
#include "cmd/tool.h"

static int boot_early(struct boot *b);
static int boot_modules(struct boot *b);

static const struct boot_step {
	const char *name;
	int (*run)(struct boot *b);
} boot_steps[] = {
	{ "mounting /dev, /proc, /sys and /run", boot_early },
	{ "reading the command line", boot_cmdline },
	{ "loading the modules the command line names", boot_modules },
	{ "finding the verity hash device", boot_find_hash },
	{ "finding the root device", boot_find_root },
	{ "setting up the verified root (dm-verity)", boot_verity },
	{ "mounting the persistent store", boot_store },
	{ "mounting the root", boot_mount },
	{ "switching to the real root", boot_switch },
};

const char tool_name[] = "init";

static struct boot boot;    /* fixed buffers, off the stack */

int boot_error(struct boot *b, const char *what, int err)
{
	b->err.what = what;
	return err;
}

/* kmsg records reach the console only above console_loglevel (loglevel=
 * on the command line): if errors would not show there, write them to
 * the console too. */
void boot_logger(int max_prio)
{
	static int kmsg = -1;
	int console = sys_console_loglevel() <= LOG_ERR ? STDERR_FILENO : -1;

	if (kmsg < 0)
		kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	log_setup(kmsg, console, max_prio);
}

/* The failure policy: one diagnostic block at error priority (the step
 * logged its specifics just before), then the rescue shell, after which
 * the step runs again, or a pause and exit so that the kernel panics and
 * its own panic=N reboots. */
static void boot_fail(struct boot *b, const struct boot_step *s, int err)
{
	struct fail_policy p = { b->opts.panic, b->opts.rescue, sys_have_shell() };
	enum fail_action next = fail_decide(&p);
	char action[256], spec[OPT_VALUE_MAX + 16];

	fail_action_text(&p, action, sizeof(action));
	log_err("FATAL: %s failed: %s", b->err.what ? b->err.what : s->name, strerror(-err));
	if (b->opts.root.kind != ROOT_NONE && rootdev_spec_text(&b->opts.root, spec, sizeof(spec)) == 0)
		log_err("root=%s%s was asked for", spec, b->opts.overlay ? " with overlaytmpfs" : "");
	log_err("to investigate: boot with ovlinit.debug for every step, or run "
		"`ovlinit --explain --cmdline '...'` (the ovlinit tool) on another machine");
	log_err("%s", action);
	b->err.what = NULL;
	if (next == FAIL_SHELL && sys_rescue_shell() == 0) {
		log_info("rescue shell left: %s again", s->name);
		return;
	}
	if (next == FAIL_SHELL)
		log_err("the rescue shell could not run; halting");
	sys_sleep_ms(fail_pause_s(&p) * 1000);
	exit(1);
}

/* The pseudo filesystems, sane fds 0-2, the logger. The kernel's rate
 * limit on /dev/kmsg writes (a burst of 10 per 5 s) would drop parts of
 * a diagnosis or of ovlinit.debug's trace: it is lifted for the
 * initramfs and restored before the switch. */
static int boot_early(struct boot *b)
{
	int r = sys_early_mounts(&b->err);

	(void)!sys_console_fds(SYS_FDS_FILL);  /* neither console nor null: nothing to do */
	boot_logger(LOG_INFO);
	if (r < 0)
		return r;       /* b->err names the mount */
	if (b->kmsg_mode[0] == '\0' &&
	    sys_kmsg_mode("on", b->kmsg_mode, sizeof(b->kmsg_mode)) < 0)
		b->kmsg_mode[0] = '\0';
	return 0;
}

/* Step 3: the module service (mods.h) opens, and loads modules=; the
 * other steps ask it for drivers until the switch closes it. */
static int boot_modules(struct boot *b)
{
	mods_open(&b->mods, &b->opts);
	return 0;
}

static int boot_main(char **argv, char **envp)
{
	boot.argv = argv;
	boot.envp = envp;
	boot.uevent_fd = -1;
	for (size_t i = 0; i < sizeof(boot_steps) / sizeof(boot_steps[0]); i++) {
		unsigned long long t0 = sys_now_ms();
		int r;

		while ((r = boot_steps[i].run(&boot)) < 0)
			boot_fail(&boot, &boot_steps[i], r);
		log_debug("step %zu, %s: done in %llu ms", i + 1, boot_steps[i].name,
			  sys_now_ms() - t0);
	}
	return 1;    /* not reached: the last step execs the real init */
}

/* Not the boot: the kernel's module requests (/sbin/modprobe -> /init),
 * and /run/initramfs/shutdown (shutdown.c). */
static const struct tool_cmd init_cmds[] = {
	{ "modprobe", modprobe_main, TOOL_MODPROBE_USAGE },
	{ "shutdown", shutdown_main, "reboot|poweroff|halt|kexec  (PID 1 only, from systemd-shutdown)" },
	{ NULL, NULL, NULL },
};

/* Is argv0's basename "shutdown"? */
static int main_is_shutdown(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;

	return argv0 && strcmp(base ? base + 1 : argv0, "shutdown") == 0;
}

int main(int argc, char **argv, char **envp)
{
	if (getpid() == 1 && !main_is_shutdown(argc > 0 ? argv[0] : NULL))
		return boot_main(argv, envp);
	return tool_main(init_cmds, "init runs as PID 1 in an initramfs, and as the kernel's "
			 "modprobe; --explain and --probe are the ovlinit tool's (ovlinit(8))",
			 NULL, argc, argv);
}
