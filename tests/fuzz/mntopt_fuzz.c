/* libFuzzer target: the overlaytmpfsflags= validator (mntopt_tmpfs) and
 * the generic split. Whatever the input: no crash, data NUL-terminated,
 * only the allowed generic flags and never MS_RDONLY, every refused item
 * a non-empty piece of the input, the accepted data a fixed point of the
 * validator. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>

#include "util/limit.h"
#include "cmdline/mntopt.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define ALLOWED (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME | \
		 MS_LAZYTIME | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_DIRSYNC)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_seen {
	const char *base;
	size_t size;
	size_t refused;     /* bytes of input in refused items */
};

static void fuzz_refused(void *ctx, const char *item, size_t len, const char *why)
{
	struct fuzz_seen *s = ctx;

	CHECK(len > 0 && why && why[0]);
	CHECK(item >= s->base && item + len <= s->base + s->size);
	s->refused += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char opts[OPT_VALUE_MAX * 2], out[OPT_VALUE_MAX], again[OPT_VALUE_MAX];
	unsigned long flags = 0, flags2 = 0;
	struct fuzz_seen seen = { opts, 0, 0 };
	struct mntopt_refusal r = { fuzz_refused, &seen };

	if (size >= sizeof(opts))
		size = sizeof(opts) - 1;
	memcpy(opts, data, size);
	opts[size] = '\0';
	seen.size = strlen(opts);
	if (mntopt_tmpfs(opts, &flags, out, sizeof(out), &r) < 0)
		return 0;
	CHECK(strnlen(out, sizeof(out)) < sizeof(out));
	CHECK((flags & ~(unsigned long)ALLOWED) == 0);
	CHECK(seen.refused <= seen.size);
	CHECK(mntopt_tmpfs(out, &flags2, again, sizeof(again), NULL) == 0);
	CHECK(flags2 == 0 && strcmp(again, out) == 0);
	(void)mntopt_split(opts, &flags2, again, sizeof(again));
	CHECK(strnlen(again, sizeof(again)) < sizeof(again));
	return 0;
}
