/* init as "modprobe": the kernel's module requests (request_module(),
 * e.g. "fs-overlay" when a mount asks for a type not yet registered)
 * run /proc/sys/kernel/modprobe as "modprobe -q -- NAME"; the boot
 * points that at /sbin/modprobe -> /init (lib/sys/modload_sys.c). Loading
 * goes through the same lib/sys/modload.c as the boot, with the command
 * line's blacklists. -n (dry run) prints the closure instead, for tests
 * and for people: see doc/boot.md, "Modules". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmdline/cmdline.h"
#include "log/log.h"
#include "sys/modload.h"
#include "sys/sys.h"
#include "cmd/tool.h"

int modprobe_main(int argc, char **argv);

struct modprobe_args {
	int quiet, dry_run, verbose;
	const char *root, *kver;
	int first;             /* argv index of the first name */
};

static struct modload ml;
static struct boot_opts opts;

static int modprobe_args(int argc, char **argv, struct modprobe_args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	optind = 1;
	opterr = 0;
	optopt = 0;
	while ((c = getopt(argc, argv, "+abnqvd:S:")) != -1) {
		switch (c) {
		case 'a': case 'b': break;   /* always: every name; blacklists */
		case 'n': a->dry_run = 1; break;
		case 'q': a->quiet = 1; break;
		case 'v': a->verbose = 1; break;
		case 'd': a->root = optarg; break;
		case 'S': a->kver = optarg; break;
		default: return -EINVAL;     /* optopt says which */
		}
	}
	a->first = optind;
	return optind < argc ? 0 : -EINVAL;
}

/* The kernel starts helpers without fds 0-2; keep them off files we open. */
/* The command line's blacklist= and modprobe.blacklist=, and how much to
 * log: as the boot does (ovlinit.debug, quiet). */
static void modprobe_setup(const struct modprobe_args *a)
{
	char text[CMDLINE_MAX];
	long n = sys_read_file("/proc/cmdline", text, sizeof(text));
	int level;

	if (n < 0 || cmdline_parse(text, (size_t)n, &opts) < 0)
		opts.n_notes = 0;    /* a bad word elsewhere; the boot reports it */
	level = opts.debug || a->verbose ? LOG_DEBUG : opts.quiet ? LOG_WARN : LOG_INFO;
	if (a->dry_run)
		log_setup(-1, -1, level);
	else
		log_setup(open("/dev/kmsg", O_WRONLY | O_CLOEXEC), -1, level);
}

static void modprobe_show(void *data, const char *verb, const char *what, const char *options)
{
	(void)data;
	printf("%s %s%s%s\n", verb, what, options[0] ? " " : "", options);
}

static int modprobe_open(const struct modprobe_args *a)
{
	struct modload_conf conf = {
		.blacklist = (const char (*)[MODULE_NAME_MAX])opts.blacklist,
		.n_blacklist = opts.n_blacklist,
		.show = a->dry_run ? modprobe_show : NULL,
	};
	char present[256];
	int r = modload_open(&ml, a->root, a->kver, &conf);

	if (r == 0 || a->quiet)
		return r;
	if (modload_versions(a->root, present, sizeof(present)) < 0)
		snprintf(present, sizeof(present), "none");
	log_warn("modprobe: no modules for kernel %s in %s (present: %s)",
		 ml.kver, ml.dir, present[0] ? present : "none");
	return r;
}

static int modprobe_one(const struct modprobe_args *a, const char *name)
{
	int before = ml.n_loaded;
	int r = modload_load(&ml, name);

	if (r == 0)
		log_msg(a->quiet ? LOG_DEBUG : LOG_WARN, "modprobe: module %s not found in %s",
			name, ml.dir);
	else if (r < 0 && r != -EPERM)
		log_msg(a->quiet ? LOG_DEBUG : LOG_WARN, "modprobe: loading %s failed: %s",
			name, strerror(-r));
	else if (ml.n_loaded > before)
		log_info("modprobe %s: loaded %d module(s) for the kernel", name, ml.n_loaded - before);
	return r > 0 ? 0 : 1;
}

int modprobe_main(int argc, char **argv)
{
	struct modprobe_args a;
	int status = 0;

	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		return tool_help("modprobe", TOOL_MODPROBE_USAGE);
	if (modprobe_args(argc, argv, &a) < 0)
		return optopt ? tool_usage_error("modprobe", TOOL_MODPROBE_USAGE, "bad option -%c "
						 "(unknown, or without its argument)", optopt) :
			tool_usage_error("modprobe", TOOL_MODPROBE_USAGE, "no module NAME given");
	(void)!sys_console_fds(SYS_FDS_NULL);   /* the kernel's helper has no fds */
	modprobe_setup(&a);
	if (modprobe_open(&a) < 0)
		return 1;
	for (int i = a.first; i < argc; i++)
		status |= modprobe_one(&a, argv[i]);
	modload_close(&ml);
	return status;
}
