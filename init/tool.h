/* When init is not PID 1 it is a diagnosis tool with no side effects
 * (ovlinit(8)); the kernel's module requests also arrive here, as
 * "modprobe". */
#ifndef OVLINIT_TOOL_H
#define OVLINIT_TOOL_H

struct tool_cmd {
	const char *name;      /* "--explain", or an argv[0] basename */
	int (*run)(int argc, char **argv);
	const char *usage;     /* one line, after the name */
};

int explain_main(int argc, char **argv);       /* init/explain.c */
int modprobe_main(int argc, char **argv);      /* init/modprobe.c */

/* Dispatch by argv[0]'s basename, then by argv[1]. Exit codes: 0 ok,
 * 1 failure, 2 usage. */
int tool_main(int argc, char **argv);

#endif
