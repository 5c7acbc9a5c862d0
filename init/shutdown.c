/* /shutdown: the way back at shutdown (ovlinit(8), SHUTDOWN;
 * lib/shutdown/shutdown.h). systemd-shutdown has stopped every process,
 * unmounted what it could, pivoted into /run/initramfs (a copy of this
 * program is its /shutdown) with the old root at /oldroot, and runs us
 * as PID 1 with the verb. What the overlay kept busy, the store and the
 * filesystem holding its image, is released here:
 *
 *   1. the console, /dev, the log; every inherited fd closed;
 *   2. the old root detached with every mount below it;
 *   3. each device of the release list waited for until it is free
 *      (a filesystem is cleanly unmounted when its last user goes);
 *   4. the verb.
 *
 * PID 1 must not end: every failure is said and the verb done anyway. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "log/log.h"
#include "shutdown/shutdown.h"
#include "sys/sys.h"
#include "sys/sys_shutdown.h"

#define RELEASE_WAIT_MS 5000     /* for all devices together */
#define RELEASE_POLL_MS 20

/* The list the boot wrote, or an empty one (said). */
static void shutdown_list(struct release *list)
{
	char text[RELEASE_MAX * (PATH_MAX_OVL + RELEASE_ROLE_MAX + 2) + 1];
	long n = sys_read_file("/" SHUTDOWN_LIST, text, sizeof(text));
	int r = n < 0 ? (int)n : release_parse(text, (size_t)n, list);

	if (r < 0) {
		log_err("shutdown: /" SHUTDOWN_LIST ": %s; no device is waited for", strerror(-r));
		list->n = 0;
	}
}

/* Wait until the device d is released, at most until deadline. */
static void shutdown_wait(const struct release_dev *d, unsigned long long deadline)
{
	unsigned long long t0 = sys_now_ms();
	int r;

	while ((r = sys_dev_release(d->path)) == 1 && sys_now_ms() < deadline)
		sys_sleep_ms(RELEASE_POLL_MS);
	if (r == 0)
		log_info("shutdown: the %s %s is released (%llu ms): cleanly unmounted", d->role,
			 d->path, sys_now_ms() - t0);
	else if (r == 1)
		log_err("WARNING: shutdown: the %s %s is still in use after %d ms: its filesystem "
			"is NOT cleanly unmounted", d->role, d->path, RELEASE_WAIT_MS);
	else
		log_err("WARNING: shutdown: the %s %s: %s", d->role, d->path, strerror(-r));
}

static _Noreturn void shutdown_pid1(enum shutdown_verb v, int known, const char *word)
{
	struct release list;
	unsigned long long deadline;
	int r;

	(void)!sys_shutdown_dev();    /* without /dev: no log, the verb all the same */
	(void)!sys_console_fds(SYS_FDS_CONSOLE);
	sys_close_fds();
	boot_logger(LOG_INFO);
	if (!known)
		log_err("shutdown: '%s' is not reboot, poweroff, halt or kexec: rebooting",
			word ? word : "");
	log_info("shutdown: back in the initramfs to %s; releasing the store", shutdown_verb_name(v));
	shutdown_list(&list);
	if ((r = sys_shutdown_detach()) < 0)
		log_err("shutdown: detaching the old root at " SHUTDOWN_OLDROOT ": %s", strerror(-r));
	deadline = sys_now_ms() + RELEASE_WAIT_MS;
	for (int i = 0; i < list.n; i++)
		shutdown_wait(&list.dev[i], deadline);
	log_info("shutdown: %s now", shutdown_verb_name(v));
	r = sys_reboot(v);
	log_err("shutdown: %s: %s; halted here", shutdown_verb_name(v), strerror(-r));
	for (;;)
		pause();
}

int shutdown_main(int argc, char **argv)
{
	const char *word = argc > 1 ? argv[1] : NULL;
	enum shutdown_verb v;
	int known = shutdown_verb(word, &v) == 0;

	if (getpid() == 1)
		shutdown_pid1(v, known, word);
	fprintf(stderr, "%s: runs as PID 1 only, when systemd-shutdown returns to the initramfs "
		"(ovlinit(8), SHUTDOWN); nothing done\n", argv[0]);
	return 2;
}
