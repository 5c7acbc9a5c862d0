/* See fail.h. The policy: never an unauthenticated shell unless the
 * command line asks for one (`rescue`) and the image has one (built with
 * ovlinit-mkinitfs --rescue-shell); otherwise PID 1 exits, the kernel
 * panics, and the kernel's own panic=N decides between reboot and halt. */
#include "log/fail.h"

#include <stdio.h>

enum fail_action fail_decide(const struct fail_policy *p)
{
	if (p->rescue && p->have_shell)
		return FAIL_SHELL;
	if (p->panic > 0)
		return FAIL_REBOOT;
	if (p->panic < 0)
		return FAIL_NOW;
	return FAIL_HALT;
}

/* panic > 0. The sum is taken only where it cannot overflow: a panic=
 * beyond FAIL_PANIC_MAX_S is one the kernel itself does not count right. */
static int fail_reboot_text(int panic, char *buf, size_t cap)
{
	if (panic > FAIL_PANIC_MAX_S)
		return snprintf(buf, cap, "rebooting in %d s or more (panic=%d is more than "
				"the kernel counts right, %d s: its wait may be cut short)",
				FAIL_PAUSE_S, panic, FAIL_PANIC_MAX_S);
	return snprintf(buf, cap, "rebooting in %d s (panic=%d)", panic + FAIL_PAUSE_S, panic);
}

size_t fail_action_text(const struct fail_policy *p, char *buf, size_t cap)
{
	int n = 0;

	switch (fail_decide(p)) {
	case FAIL_SHELL:
		n = snprintf(buf, cap, "starting a rescue shell on the console (rescue); "
			     "leave it to retry this step");
		break;
	case FAIL_REBOOT:
		n = fail_reboot_text(p->panic, buf, cap);
		break;
	case FAIL_NOW:
		n = snprintf(buf, cap, "rebooting now (panic=%d)", p->panic);
		break;
	case FAIL_HALT:
		n = snprintf(buf, cap, "halting; add panic=N to the command line to "
			     "reboot after N s%s", p->rescue ? " (rescue: no shell in this "
			     "image; build it with ovlinit-mkinitfs --rescue-shell)" : "");
		break;
	}
	if (n < 0 || cap == 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

unsigned fail_pause_s(const struct fail_policy *p)
{
	enum fail_action a = fail_decide(p);

	return a == FAIL_NOW || a == FAIL_SHELL ? 0 : FAIL_PAUSE_S;
}
