/* The failure policy, decided in one place (ovlinit(8), FAILURE POLICY).
 * Pure: what happens after a fatal error, and the words that say so. */
#ifndef OVLINIT_FAIL_H
#define OVLINIT_FAIL_H

#include <stddef.h>

enum fail_action {
	FAIL_SHELL,     /* `rescue` given and a shell in the image */
	FAIL_REBOOT,    /* panic=N, N > 0: the kernel reboots after N s */
	FAIL_NOW,       /* panic=N, N < 0: the kernel reboots at once */
	FAIL_HALT,      /* no panic=: the kernel halts */
};

struct fail_policy {
	int panic;        /* the kernel's panic=N (0: unset) */
	int rescue;       /* `rescue` on the command line */
	int have_shell;   /* /bin/sh in the initramfs */
};

/* Seconds to pause before PID 1 exits, so the diagnosis can be read
 * before the kernel's panic trace scrolls it away. */
#define FAIL_PAUSE_S 10

/* The largest panic=N that the kernel waits out in full: it counts the
 * wait in int milliseconds (kernel/panic.c, `i < panic_timeout * 1000`),
 * which wraps above this (about 24.8 days). */
#define FAIL_PANIC_MAX_S (__INT_MAX__ / 1000)

enum fail_action fail_decide(const struct fail_policy *p);

/* The one line that says what happens next, e.g. "rebooting in 15 s
 * (panic=5)". Any panic value, INT_MIN to INT_MAX, is safe: no sum
 * overflows. Returns its length (cut to cap - 1). */
size_t fail_action_text(const struct fail_policy *p, char *buf, size_t cap);

/* How long to pause before exiting, in seconds: none when the user asked
 * for an immediate reboot (panic=-1) or a shell. */
unsigned fail_pause_s(const struct fail_policy *p);

#endif
