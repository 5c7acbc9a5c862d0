/* See tool.h. Each command lives in its own file under init/ and adds
 * one line to the table of each program that serves it. */
#include "tool.h"

#include <stdio.h>
#include <string.h>

static int tool_usage(const struct tool_cmd *cmds, const char *prog, const char *note)
{
	int first = 1;

	for (const struct tool_cmd *c = cmds; c->name; c++) {
		if (c->name[0] != '-')
			continue;
		fprintf(stderr, "%s %s %s %s\n", first ? "usage:" : "      ", prog, c->name, c->usage);
		first = 0;
	}
	if (note)
		fprintf(stderr, "%s\n", note);
	return 2;
}

int tool_main(const struct tool_cmd *cmds, const char *prog, const char *note,
	      int argc, char **argv)
{
	const char *base = argc > 0 ? strrchr(argv[0], '/') : NULL;

	base = base ? base + 1 : argc > 0 ? argv[0] : "";
	for (const struct tool_cmd *c = cmds; c->name; c++)
		if (strcmp(c->name, base) == 0)
			return c->run(argc, argv);
	if (argc < 2)
		return tool_usage(cmds, prog, note);
	for (const struct tool_cmd *c = cmds; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->run(argc - 1, argv + 1);
	return tool_usage(cmds, prog, note);
}
