/* Commands of the programs built from init/: in the initramfs, init
 * (when not PID 1) serves the kernel's module requests as "modprobe";
 * the user tool ovlinit (tools/ovlinit/main.c) adds the diagnosis commands
 * "--explain" and "--probe", which have no side effects (ovlinit(8)).
 * They stay out of the initramfs's init, whose size the kernel unpacks
 * before anything runs. */
#ifndef OVLINIT_TOOL_H
#define OVLINIT_TOOL_H

struct tool_cmd {
	const char *name;      /* "--explain", or an argv[0] basename */
	int (*run)(int argc, char **argv);
	const char *usage;     /* one line, after the name */
};

/* The program's name in its messages, one per binary: "init"
 * (init/main.c), "ovlinit" (tools/ovlinit/main.c). */
extern const char tool_name[];

/* modprobe's arguments, for the usage texts of init, ovlinit and itself. */
#define TOOL_MODPROBE_USAGE "[-nqv] [-d ROOT] [-S VERSION] [--] NAME..."
#define TOOL_EXPLAIN_USAGE "[--cmdline TEXT | --cmdline-file FILE]"
#define TOOL_PROBE_USAGE "PATH..."

int probe_cmd_main(int argc, char **argv);     /* tools/ovlinit/probe_cmd.c */
int explain_main(int argc, char **argv);       /* tools/ovlinit/explain.c */
int modprobe_main(int argc, char **argv);      /* tools/cmd/modprobe.c */

/* Dispatch by argv[0]'s basename, then by argv[1], over cmds (ended by
 * a NULL name). --help prints the usage of every command and note (or
 * NULL) on stdout; --version prints version (unless NULL). Exit codes:
 * 0 ok, 1 failure, 2 usage. */
int tool_main(const struct tool_cmd *cmds, const char *note, const char *version,
	      int argc, char **argv);

/* A command's usage error: "NAME CMD: what" (printf-style), then
 * "usage: NAME CMD usage", on stderr. Returns 2. */
int tool_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A command's --help: its usage on stdout. Returns 0. */
int tool_help(const char *cmd, const char *usage);

#endif
