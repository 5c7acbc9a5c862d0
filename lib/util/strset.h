/* A set of strings kept sorted (bytewise), for the builder's module
 * lists and feature lines. Pure; tools may allocate. */
#ifndef OVLINIT_STRSET_H
#define OVLINIT_STRSET_H

#include <stddef.h>

struct strset {
	char **v;
	size_t n, cap;
};

/* Add a copy of s. Returns 1 if added, 0 if it was there, -ENOMEM. */
int strset_add(struct strset *s, const char *str) __attribute__((warn_unused_result));

/* Returns 1 if str is in the set, else 0. */
int strset_has(const struct strset *s, const char *str);

void strset_free(struct strset *s);

#endif
