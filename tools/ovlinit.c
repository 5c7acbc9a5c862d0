/* ovlinit: init's diagnosis commands outside the initramfs (ovlinit(8)):
 * what a command line means, what root= would see on a device, and the
 * module loader by hand. The code is init's own (init/explain.c,
 * init/probe_cmd.c, init/modprobe.c), so the answers are init's. */
#include <stddef.h>

#include "tool.h"

static const struct tool_cmd ovlinit_cmds[] = {
	{ "--explain", explain_main, "[--cmdline TEXT | --cmdline-file FILE]" },
	{ "--probe", probe_cmd_main, "PATH...   (what root= would see, blkid -o export style)" },
	{ "modprobe", modprobe_main, TOOL_MODPROBE_USAGE },
	{ NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return tool_main(ovlinit_cmds, "ovlinit", NULL, argc, argv);
}
