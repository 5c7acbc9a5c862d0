/* Text helpers every subsystem uses, each written once: the kernel's
 * whitespace, key comparison with '-' and '_' alike, escaping bytes
 * for messages, line splitting. Pure. */
#ifndef OVLINIT_TEXT_H
#define OVLINIT_TEXT_H

#include <stddef.h>

/* The kernel's isspace() (lib/ctype.c), which next_arg() splits the
 * command line with: the C locale's six, and 0xa0, Latin-1's no-break
 * space. */
int text_space(char c);

/* a[0..an) equals b[0..bn), with '-' and '_' the same character: how
 * the kernel compares parameter names (kernel/params.c, parameqn) and
 * module names. */
int text_dash_eq(const char *a, size_t an, const char *b, size_t bn);

/* The same for NUL-terminated strings. */
int text_dash_same(const char *a, const char *b);

/* Escape src[0..len) into dst[0..cap) as printable ASCII: bytes outside
 * 0x20..0x7e and '\' become \xHH; with TEXT_ESC_SPACE a space does too
 * (a label in a log line). dst is always NUL-terminated and holds only
 * whole escapes. Returns 0, or -ENAMETOOLONG when src was cut to fit. */
#define TEXT_ESC_SPACE 1
int text_escape(char *dst, size_t cap, const char *src, size_t len, int flags)
	__attribute__((warn_unused_result));

/* Is word one of the words of list, separated by any of the bytes of
 * seps (" \t\n" for a feature list, "," for mount options)? An empty
 * word is not. */
int text_list_has(const char *list, const char *seps, const char *word);

/* The line of text[0..len) at *pos: sets *line and *n (its length
 * without the '\n'), moves *pos past it. The last line may lack its
 * newline. Returns 1, or 0 at the end. */
int text_line(const char *text, size_t len, size_t *pos, const char **line, size_t *n)
	__attribute__((warn_unused_result));

#endif
