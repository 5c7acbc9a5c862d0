/* Shell-style pattern matching over bytes: what fnmatch(3) with flags 0
 * does for the patterns of module aliases and names. */
#ifndef OVLINIT_GLOB_H
#define OVLINIT_GLOB_H

/* Does string match pattern? '*' takes any run of characters ('/' too),
 * '?' any one, '[...]' one of a set: members and ranges ("[0-9A-E]"),
 * negated by a leading '!' or '^'; a ']' or '-' first in the set is a
 * member; a '[' without its ']' is an ordinary character. Outside a set
 * '\' takes the next character as it is (a final '\' is itself); inside
 * one it is a member. The edge cases are musl's fnmatch's, which init
 * used before (glibc reads some of them otherwise). No character classes
 * ("[[:alpha:]]"), no locale: bytes. The kernel's modules.alias uses
 * '*', '?' and sets like "[0-2]" and "[Ll]" only. Returns 1 or 0. */
int glob_match(const char *pattern, const char *string);

#endif
