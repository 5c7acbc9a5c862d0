/* See tool.h. Each command lives in its own file under init/ and adds
 * one line to the table of each program that serves it. The conventions
 * are GNU's and the BSDs': --help on stdout and exit 0; a usage error
 * says what was wrong, then the usage, on stderr, exit 2. */
#include "cmd/tool.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void tool_usage(FILE *f, const struct tool_cmd *cmds, const char *note)
{
	int first = 1;

	for (const struct tool_cmd *c = cmds; c->name; c++) {
		fprintf(f, "%s %s %s %s\n", first ? "usage:" : "      ", tool_name, c->name,
			c->usage);
		first = 0;
	}
	if (f == stdout)
		fprintf(f, "       %s --help | --version\n", tool_name);
	if (note)
		fprintf(f, "%s\n", note);
}

int tool_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", tool_name, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s %s %s\n", tool_name, cmd, usage);
	return 2;
}

int tool_help(const char *cmd, const char *usage)
{
	printf("usage: %s %s %s\n", tool_name, cmd, usage);
	return 0;
}

static int tool_bad(const struct tool_cmd *cmds, const char *note, const char *what,
		    const char *arg)
{
	fprintf(stderr, "%s: %s%s%s%s\n", tool_name, what, arg ? " '" : "", arg ? arg : "",
		arg ? "'" : "");
	tool_usage(stderr, cmds, note);
	return 2;
}

int tool_main(const struct tool_cmd *cmds, const char *note, const char *version,
	      int argc, char **argv)
{
	const char *base = argc > 0 ? strrchr(argv[0], '/') : NULL;

	base = base ? base + 1 : argc > 0 ? argv[0] : "";
	for (const struct tool_cmd *c = cmds; c->name; c++)
		if (strcmp(c->name, base) == 0)
			return c->run(argc, argv);
	if (argc < 2)
		return tool_bad(cmds, note, "no command given", NULL);
	for (const struct tool_cmd *c = cmds; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->run(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		tool_usage(stdout, cmds, note);
		return 0;
	}
	if (version && strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", tool_name, version);
		return 0;
	}
	return tool_bad(cmds, note, "unknown command", argv[1]);
}
