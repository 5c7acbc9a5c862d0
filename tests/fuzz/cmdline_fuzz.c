/* libFuzzer target: the command-line parser. It never crashes or reads
 * out of bounds (ASan, UBSan), and what it returns holds together: every
 * field NUL-terminated and within its limit, the result agrees with the
 * notes, a successful parse has a root and an absolute init, the tmpfs
 * options it validated validate again unchanged, the same text parses
 * the same way twice, and the plan of a good parse can be built. The
 * tokenizer alone keeps its positions in order and inside the text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>

#include "cmdline.h"
#include "mntopt.h"
#include "plan.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define TERMINATED(field) CHECK(strnlen((field), sizeof(field)) < sizeof(field))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_tokens(const char *text, size_t size)
{
	static struct cmdline_tok t;
	size_t pos = 0, last = 0;

	while (cmdline_next(text, size, &pos, &t) == 1) {
		CHECK(t.start >= last && t.end >= t.start && t.end <= size && pos == t.end);
		CHECK(strlen(t.word) <= t.end - t.start);
		CHECK(t.key_len <= strlen(t.word));
		CHECK(t.val == NULL || (t.val == t.word + t.key_len + 1 &&
					strlen(t.val) + t.key_len + 1 <= t.end - t.start));
		CHECK(!t.too_long || t.end - t.start >= sizeof(t.word));
		last = t.end;
	}
}

static void fuzz_fields(const struct boot_opts *o)
{
	TERMINATED(o->root.value);
	TERMINATED(o->rootfstype);
	TERMINATED(o->rootflags);
	TERMINATED(o->root_data);
	TERMINATED(o->overlayflags);
	TERMINATED(o->tmpfs_data);
	TERMINATED(o->init);
	CHECK(o->n_modules >= 0 && o->n_modules <= MODULES_MAX);
	CHECK(o->n_blacklist >= 0 && o->n_blacklist <= MODULES_MAX);
	for (int i = 0; i < o->n_modules; i++)
		CHECK(o->modules[i][0] && strnlen(o->modules[i], MODULE_NAME_MAX) < MODULE_NAME_MAX);
	for (int i = 0; i < o->n_blacklist; i++)
		CHECK(o->blacklist[i][0] && strnlen(o->blacklist[i], MODULE_NAME_MAX) < MODULE_NAME_MAX);
	CHECK(o->n_notes >= 0 && o->n_notes <= NOTES_MAX);
	CHECK(o->n_notes == NOTES_MAX || o->n_notes == o->n_errors + o->n_warnings);
	for (int i = 0; i < o->n_notes; i++)
		TERMINATED(o->notes[i].text);
	CHECK((o->tmpfs_mflags & MS_RDONLY) == 0);
}

/* The validated tmpfs data is a fixed point of the validator. */
static void fuzz_tmpfs_again(const struct boot_opts *o)
{
	static char again[OPT_VALUE_MAX];
	unsigned long flags = 0;

	CHECK(mntopt_tmpfs(o->tmpfs_data, &flags, again, sizeof(again), NULL) == 0);
	CHECK(flags == 0 && strcmp(again, o->tmpfs_data) == 0);
}

static void fuzz_plan(const struct boot_opts *o)
{
	static struct plan p;
	static char out[PLAN_STEPS_MAX * 1024];

	CHECK(o->root.kind != ROOT_NONE && o->init[0] == '/');
	if (plan_build(o, "/dev/fuzz", "ext4", &p) == 0)
		CHECK(plan_print(&p, out, sizeof(out)) < sizeof(out));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_opts o, o2;
	const char *text = (const char *)data;
	int r = cmdline_parse(text, size, &o);

	fuzz_tokens(text, size);
	fuzz_fields(&o);
	CHECK((r == 0) == (o.n_errors == 0));
	CHECK(r == 0 || r == -22);     /* -EINVAL */
	if (size < CMDLINE_MAX)
		fuzz_tmpfs_again(&o);
	if (r == 0)
		fuzz_plan(&o);
	CHECK(cmdline_parse(text, size, &o2) == r && memcmp(&o, &o2, sizeof(o)) == 0);
	return 0;
}
