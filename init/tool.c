/* See tool.h. Each command lives in its own file under init/ and adds
 * one line to the table. */
#include "tool.h"

#include <stdio.h>
#include <string.h>

static const struct tool_cmd tool_cmds[] = {
	{ "--explain", explain_main, "[--cmdline TEXT | --cmdline-file FILE]" },
	{ "modprobe", modprobe_main, "[-nqv] [-d ROOT] [-S VERSION] [--] NAME..." },
	{ NULL, NULL, NULL },
};

static int tool_usage(void)
{
	fprintf(stderr, "usage: init (as PID 1 in an initramfs)\n");
	for (const struct tool_cmd *c = tool_cmds; c->name; c++)
		if (c->name[0] == '-')
			fprintf(stderr, "       init %s %s\n", c->name, c->usage);
	return 2;
}

int tool_main(int argc, char **argv)
{
	const char *base = argc > 0 ? strrchr(argv[0], '/') : NULL;

	base = base ? base + 1 : argc > 0 ? argv[0] : "";
	for (const struct tool_cmd *c = tool_cmds; c->name; c++)
		if (strcmp(c->name, base) == 0)
			return c->run(argc, argv);
	if (argc < 2)
		return tool_usage();
	for (const struct tool_cmd *c = tool_cmds; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->run(argc - 1, argv + 1);
	return tool_usage();
}
