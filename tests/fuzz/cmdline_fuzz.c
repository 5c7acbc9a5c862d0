/* libFuzzer target: the command-line parser. It never crashes or reads
 * out of bounds (ASan, UBSan), and what it returns holds together: every
 * field NUL-terminated and within its limit, the result agrees with the
 * notes, a successful parse has a root and an absolute init, the tmpfs
 * options it validated validate again unchanged, the same text parses
 * the same way twice, the plan of a good parse mounts exactly the
 * parsed options, and the root= word made for its root reads back as
 * it. The tokenizer alone keeps its positions in order and inside the
 * text. And the three views of the input as a cmdline.txt agree (issue
 * 17): the boot (the firmware's first line, the kernel's cut, init's
 * parser), ovlinit --explain --cmdline-file (the checker) and
 * ovlinit-toggle status (cmdtxt_status); a disagreement is a crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "cmdline/cmdline.h"
#include "cmdtxt/cmdtxt.h"
#include "cmdline/mntopt.h"
#include "plan/plan.h"
#include "../cmdline/views.h"

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
	CHECK(o->kernel_len <= CMDLINE_KERNEL_SIZE - 1);
	CHECK(o->n_file_notes >= 0 && o->n_file_notes <= o->n_notes);
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
	if (plan_build(o, "/dev/fuzz", "ext4", &p) != 0)
		return;
	CHECK(plan_print(&p, out, sizeof(out)) < sizeof(out));
	for (int i = 0; i < p.n; i++) {
		if (p.steps[i].kind != STEP_MOUNT || strcmp(p.steps[i].fstype, "tmpfs") != 0)
			continue;
		CHECK(strcmp(p.steps[i].data, o->tmpfs_data) == 0);
		CHECK(p.steps[i].flags == o->tmpfs_mflags);
	}
}

/* The root= word for a spec reads back as that spec. */
static void fuzz_root_word(const struct boot_opts *o)
{
	static char spec[OPT_VALUE_MAX + 16], word[OPT_VALUE_MAX + 32];
	static struct cmdline_tok t;
	size_t pos = 0;

	if (o->root.kind == ROOT_NONE || o->root.kind == ROOT_MAJMIN)
		return;
	snprintf(spec, sizeof(spec), "%s%s", rootdev_kind_prefix(o->root.kind), o->root.value);
	if (cmdline_root_word(word, sizeof(word), spec) != 0)
		return;
	CHECK(cmdline_next(word, strlen(word), &pos, &t) == 1);
	CHECK(cmdline_key_is(&t, "root") && t.val && strcmp(t.val, spec) == 0);
	CHECK(cmdline_next(word, strlen(word), &pos, &t) == 0);
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
	fuzz_tmpfs_again(&o);
	if (r == 0)
		fuzz_plan(&o);
	fuzz_root_word(&o);
	CHECK(cmdline_parse(text, size, &o2) == r && memcmp(&o, &o2, sizeof(o)) == 0);
	CHECK(size > CMDTXT_MAX || views_agree(text, size));
	return 0;
}
