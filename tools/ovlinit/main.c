/* ovlinit: init's diagnosis commands outside the initramfs (ovlinit(8)):
 * what a command line means, what root= would see on a device, and the
 * module loader by hand. The code is init's own (tools/ovlinit/explain.c,
 * tools/ovlinit/probe_cmd.c, tools/cmd/modprobe.c), so the answers are init's. */
#include <stddef.h>

#include "cmd/tool.h"
#include "version.h"

const char tool_name[] = "ovlinit";

static const struct tool_cmd ovlinit_cmds[] = {
	{ "--explain", explain_main, TOOL_EXPLAIN_USAGE },
	{ "--probe", probe_cmd_main, TOOL_PROBE_USAGE },
	{ "modprobe", modprobe_main, TOOL_MODPROBE_USAGE },
	{ NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return tool_main(ovlinit_cmds,
			 "--explain: what a kernel command line (or cmdline.txt) means to init and "
			 "the boot it makes;\n--probe: what root= would see on block devices or "
			 "images (blkid -o export style);\nmodprobe: load modules as init does. "
			 "See ovlinit(8).", OVLINIT_BUILD_VERSION, argc, argv);
}
