/* See strset.h. Insertion keeps the array sorted (binary search, then
 * memmove): the sets hold at most a few thousand module paths. */
#include "util/strset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Index of str, or of where it would go; *found says which. */
static size_t strset_find(const struct strset *s, const char *str, int *found)
{
	size_t lo = 0, hi = s->n;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid], str);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int strset_add(struct strset *s, const char *str)
{
	int found;
	size_t i = strset_find(s, str, &found);
	char *copy;

	if (found)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		char **v = realloc(s->v, cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	copy = strdup(str);
	if (copy == NULL)
		return -ENOMEM;
	memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof(*s->v));
	s->v[i] = copy;
	s->n++;
	return 1;
}

int strset_has(const struct strset *s, const char *str)
{
	int found;

	strset_find(s, str, &found);
	return found;
}

void strset_free(struct strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}
