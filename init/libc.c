/* libc functions init replaces, by the linker's --wrap (Makefile).
 *
 * fnmatch: libkmod matches module aliases with fnmatch(3), flags 0, and
 * so does lib/modules/modname.c. musl's fnmatch brings its locale and wide
 * character tables, a twelfth of init; the patterns of modules.alias
 * need bytes, '*', '?' and simple sets (lib/modules/glob.h). The names are the
 * linker's (__wrap_SYMBOL), not ours. */
#include <fnmatch.h>

#include "modules/glob.h"

int __wrap_fnmatch(const char *pattern, const char *string, int flags);

int __wrap_fnmatch(const char *pattern, const char *string, int flags)
{
	(void)flags;    /* 0 at every call site (libkmod 30, lib/) */
	return glob_match(pattern, string) ? 0 : FNM_NOMATCH;
}
