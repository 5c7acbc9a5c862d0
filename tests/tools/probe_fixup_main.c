/* probe_fixup FILE: recompute in FILE the checksums the probes verify
 * (tests/fuzz/probe_fixup.c), so that tests/tools/probe_hostile_test.sh
 * can write hostile fields with dd and still get past the checksums. */
#include <stdio.h>
#include <stdlib.h>

#include "probe_fixup.h"

int main(int argc, char **argv)
{
	FILE *f;
	long n;
	uint8_t *d;

	if (argc != 2 || (f = fopen(argv[1], "r+b")) == NULL) {
		fprintf(stderr, "usage: probe_fixup FILE (a readable, writable image)\n");
		return 2;
	}
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || (d = malloc((size_t)n + 1)) == NULL ||
	    fseek(f, 0, SEEK_SET) < 0 || fread(d, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "probe_fixup: %s: cannot read it\n", argv[1]);
		return 1;
	}
	probe_fixup(d, (size_t)n);
	if (fseek(f, 0, SEEK_SET) < 0 || fwrite(d, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0) {
		fprintf(stderr, "probe_fixup: %s: cannot write it\n", argv[1]);
		return 1;
	}
	free(d);
	return 0;
}
