/* Unit tests of lib/cmdtxt/cmdtxt.c beyond the fixture files: status, toggle,
 * --flags, limits and where a file may be edited. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "cmdtxt/cmdtxt.h"

static char out[CMDTXT_OUT_MAX + 1];

/* Apply e to text; returns the result as a string, or NULL if refused
 * (*why says why). */
static const char *edit(const char *text, enum cmdtxt_op op, enum cmdtxt_flags_op fop,
			const char *flags, enum cmdtxt_refusal *why)
{
	struct cmdtxt_edit e = { .op = op, .flags_op = fop, .flags = flags };
	size_t n;

	if (cmdtxt_apply(text, strlen(text), &e, out, CMDTXT_OUT_MAX, &n, why) < 0)
		return NULL;
	out[n] = '\0';
	return out;
}

static const char *ed(const char *text, enum cmdtxt_op op)
{
	enum cmdtxt_refusal why;
	const char *r = edit(text, op, CMDTXT_FLAGS_KEEP, NULL, &why);

	ATF_REQUIRE_MSG(r != NULL, "refused: %s", cmdtxt_why(why));
	return r;
}

ATF_TC_WITHOUT_HEAD(status_follows_the_last_overlay_word);
ATF_TC_BODY(status_follows_the_last_overlay_word, tc)
{
	static struct cmdtxt_status st;
	const char *t = "overlaytmpfs root=/dev/vda nooverlaytmpfs overlaytmpfsflags=size=1m\n";

	ATF_REQUIRE_EQ(cmdtxt_status(t, strlen(t), &st), 0);
	ATF_CHECK_EQ(st.overlay, 0);
	ATF_CHECK_EQ(st.n_overlay_words, 2);
	ATF_CHECK_STREQ(st.opts.overlayflags, "size=1m");
	ATF_CHECK_STREQ(st.opts.tmpfs_data, "mode=0755,size=1m");
	t = "nooverlaytmpfs overlaytmpfs=on\nignored second line overlaytmpfs=no\n";
	ATF_REQUIRE_EQ(cmdtxt_status(t, strlen(t), &st), 0);
	ATF_CHECK_EQ(st.overlay, 1);
	ATF_CHECK_EQ(st.shape.problem, CMDTXT_MORE_LINES);
	ATF_CHECK_EQ(st.errors, 1);      /* no root= */
	ATF_CHECK_EQ(st.opts.n_file_notes, 1);
	ATF_CHECK_EQ(st.shape.problem_at, strlen("nooverlaytmpfs overlaytmpfs=on\n"));
}

ATF_TC_WITHOUT_HEAD(status_ignores_quoted_and_init_args);
ATF_TC_BODY(status_ignores_quoted_and_init_args, tc)
{
	static struct cmdtxt_status st;
	const char *t = "a=\"x overlaytmpfs=yes\" root=/dev/vda -- overlaytmpfs\n";

	ATF_REQUIRE_EQ(cmdtxt_status(t, strlen(t), &st), 0);
	ATF_CHECK_EQ(st.overlay, 0);
	ATF_CHECK_EQ(st.n_overlay_words, 0);
}

ATF_TC_WITHOUT_HEAD(toggle_flips_what_the_init_would_do);
ATF_TC_BODY(toggle_flips_what_the_init_would_do, tc)
{
	ATF_CHECK_STREQ(ed("root=/dev/vda overlaytmpfs\n", CMDTXT_TOGGLE), "root=/dev/vda\n");
	ATF_CHECK_STREQ(ed("root=/dev/vda overlaytmpfs nooverlaytmpfs\n", CMDTXT_TOGGLE),
			"root=/dev/vda overlaytmpfs=yes\n");
	ATF_CHECK_STREQ(ed("root=/dev/vda\n", CMDTXT_TOGGLE), "root=/dev/vda overlaytmpfs=yes\n");
}

ATF_TC_WITHOUT_HEAD(on_goes_before_double_dash);
ATF_TC_BODY(on_goes_before_double_dash, tc)
{
	ATF_CHECK_STREQ(ed("-- single\n", CMDTXT_ON), "overlaytmpfs=yes -- single\n");
	ATF_CHECK_STREQ(ed("  -- single", CMDTXT_ON), "  overlaytmpfs=yes -- single");
	ATF_CHECK_STREQ(ed("overlaytmpfs=yes -- single\n", CMDTXT_OFF), "-- single\n");
}

ATF_TC_WITHOUT_HEAD(nbsp_separates_words_like_the_kernel);
ATF_TC_BODY(nbsp_separates_words_like_the_kernel, tc)
{
	ATF_CHECK_STREQ(ed("root=/dev/vda\xa0overlaytmpfs=yes\n", CMDTXT_OFF), "root=/dev/vda\n");
	ATF_CHECK_STREQ(ed("overlaytmpfs\xa0root=/dev/vda\n", CMDTXT_OFF), "root=/dev/vda\n");
}

ATF_TC_WITHOUT_HEAD(flags_are_set_replaced_and_removed);
ATF_TC_BODY(flags_are_set_replaced_and_removed, tc)
{
	enum cmdtxt_refusal why;

	ATF_CHECK_STREQ(edit("root=/dev/vda\n", CMDTXT_ON, CMDTXT_FLAGS_SET, "size=50%", &why),
			"root=/dev/vda overlaytmpfs=yes overlaytmpfsflags=size=50%\n");
	ATF_CHECK_STREQ(edit("overlaytmpfsflags=a root=/dev/vda overlaytmpfsflags=b\n",
			     CMDTXT_KEEP, CMDTXT_FLAGS_SET, "mode=0700", &why),
			"overlaytmpfsflags=mode=0700 root=/dev/vda\n");
	ATF_CHECK_STREQ(edit("overlaytmpfsflags=a root=/dev/vda overlaytmpfs overlaytmpfsflags=b\n",
			     CMDTXT_OFF, CMDTXT_FLAGS_REMOVE, NULL, &why), "root=/dev/vda\n");
	ATF_CHECK_STREQ(edit("overlaytmpfsflags=a -- x\n", CMDTXT_ON, CMDTXT_FLAGS_REMOVE, NULL, &why),
			"overlaytmpfs=yes -- x\n");
	/* a kept overlay word counts as a word before the dropped one */
	ATF_CHECK_STREQ(edit("overlaytmpfs overlaytmpfsflags=a\n", CMDTXT_KEEP,
			     CMDTXT_FLAGS_REMOVE, NULL, &why), "overlaytmpfs\n");
}

ATF_TC_WITHOUT_HEAD(flags_that_are_not_one_word_are_refused);
ATF_TC_BODY(flags_that_are_not_one_word_are_refused, tc)
{
	static const char *const bad[] = { "", "size=1m mode=0700", "\"x\"", "a\tb" };
	char big[OPT_VALUE_MAX + 1];
	enum cmdtxt_refusal why;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ATF_CHECK(edit("root=/dev/vda\n", CMDTXT_ON, CMDTXT_FLAGS_SET, bad[i], &why) == NULL);
		ATF_CHECK_EQ(why, CMDTXT_BAD_FLAGS);
	}
	memset(big, 'x', OPT_VALUE_MAX);
	big[OPT_VALUE_MAX] = '\0';
	ATF_CHECK(edit("root=/dev/vda\n", CMDTXT_ON, CMDTXT_FLAGS_SET, big, &why) == NULL);
	big[OPT_VALUE_MAX - 1] = '\0';
	ATF_CHECK(edit("root=/dev/vda\n", CMDTXT_ON, CMDTXT_FLAGS_SET, big, &why) != NULL);
}

ATF_TC_WITHOUT_HEAD(too_big_input_or_output_is_refused);
ATF_TC_BODY(too_big_input_or_output_is_refused, tc)
{
	static char text[CMDTXT_MAX + 2];
	struct cmdtxt_edit e = { .op = CMDTXT_ON };
	enum cmdtxt_refusal why;
	char small[24];
	size_t n;

	memset(text, 'a', CMDTXT_MAX + 1);
	ATF_CHECK_EQ(cmdtxt_apply(text, CMDTXT_MAX + 1, &e, out, sizeof(out), &n, &why), -EINVAL);
	ATF_CHECK_EQ(why, CMDTXT_TOO_BIG);
	ATF_CHECK_EQ(cmdtxt_apply(text, CMDTXT_MAX, &e, out, sizeof(out), &n, &why), 0);
	ATF_CHECK_EQ(n, CMDTXT_MAX + strlen(" overlaytmpfs=yes"));
	ATF_CHECK_EQ(cmdtxt_apply("root=/dev/vda", 13, &e, small, sizeof(small), &n, &why), -EINVAL);
	ATF_CHECK_EQ(why, CMDTXT_TOO_BIG);
}

ATF_TC_WITHOUT_HEAD(force_edits_only_the_first_line);
ATF_TC_BODY(force_edits_only_the_first_line, tc)
{
	struct cmdtxt_edit e = { .op = CMDTXT_ON, .force = 1 };
	const char t[] = "a overlaytmpfs\0b\nc overlaytmpfs\n";
	enum cmdtxt_refusal why;
	size_t n;

	ATF_REQUIRE_EQ(cmdtxt_apply(t, sizeof(t) - 1, &e, out, sizeof(out), &n, &why), 0);
	ATF_REQUIRE_EQ(n, sizeof(t) - 1 + 4);
	ATF_CHECK(memcmp(out, "a overlaytmpfs=yes\0b\nc overlaytmpfs\n", n) == 0);
	e.force = 0;
	ATF_CHECK_EQ(cmdtxt_apply(t, sizeof(t) - 1, &e, out, sizeof(out), &n, &why), -EINVAL);
	ATF_CHECK_EQ(why, CMDTXT_NUL);
}

static struct mountinfo_ent ent(const char *point, const char *type, unsigned maj, unsigned min)
{
	struct mountinfo_ent e;

	memset(&e, 0, sizeof(e));
	strcpy(e.point, point);
	strcpy(e.fstype, type);
	e.major = maj;
	e.minor = min;
	return e;
}

ATF_TC_WITHOUT_HEAD(place_refuses_ram_and_the_root_filesystem);
ATF_TC_BODY(place_refuses_ram_and_the_root_filesystem, tc)
{
	struct mountinfo_ent root = ent("/", "ext4", 179, 2);
	struct mountinfo_ent f;

	f = ent("/boot/firmware", "vfat", 179, 1);
	ATF_CHECK_EQ(cmdtxt_place(&f, &root), CMDTXT_PLACE_OK);
	f = ent("/", "ext4", 179, 2);
	ATF_CHECK_EQ(cmdtxt_place(&f, &root), CMDTXT_PLACE_ROOT);
	f = ent("/boot", "ext4", 179, 2);     /* a bind mount of the root */
	ATF_CHECK_EQ(cmdtxt_place(&f, &root), CMDTXT_PLACE_ROOT);
	f = ent("/run", "tmpfs", 0, 25);
	ATF_CHECK_EQ(cmdtxt_place(&f, &root), CMDTXT_PLACE_RAM);
	root = ent("/", "overlay", 0, 30);
	ATF_CHECK_EQ(cmdtxt_place(&root, &root), CMDTXT_PLACE_RAM);
}

ATF_TC_WITHOUT_HEAD(tryboot_is_config_then_our_cmdline);
ATF_TC_BODY(tryboot_is_config_then_our_cmdline, tc)
{
	static char tb[CMDTXT_CONFIG_MAX + 512];
	const char *cfg = "[pi4]\ncmdline=other.txt\n[all]\narm_64bit=1";
	size_t n;

	ATF_REQUIRE_EQ(cmdtxt_tryboot(cfg, strlen(cfg), tb, sizeof(tb), &n), 0);
	ATF_CHECK(n > strlen(cfg));
	ATF_CHECK(memcmp(tb, "[pi4]\ncmdline=other.txt\n[all]\narm_64bit=1\n\n", strlen(cfg) + 2) == 0);
	ATF_CHECK(n > 39 && memcmp(tb + n - 39, "[all]\ncmdline=cmdline-ovlinit-once.txt\n", 39) == 0);
	ATF_CHECK(cmdtxt_is_tryboot(tb, n));
	ATF_CHECK(!cmdtxt_is_tryboot(cfg, strlen(cfg)));
	ATF_CHECK_EQ(cmdtxt_tryboot("", 0, tb, sizeof(tb), &n), 0);
	ATF_CHECK(cmdtxt_is_tryboot(tb, n));
	ATF_CHECK_EQ(cmdtxt_tryboot("a\0b", 3, tb, sizeof(tb), &n), -EINVAL);
	ATF_CHECK_EQ(cmdtxt_tryboot(cfg, strlen(cfg), tb, strlen(cfg) + 10, &n), -EFBIG);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, status_follows_the_last_overlay_word);
	ATF_TP_ADD_TC(tp, status_ignores_quoted_and_init_args);
	ATF_TP_ADD_TC(tp, toggle_flips_what_the_init_would_do);
	ATF_TP_ADD_TC(tp, on_goes_before_double_dash);
	ATF_TP_ADD_TC(tp, nbsp_separates_words_like_the_kernel);
	ATF_TP_ADD_TC(tp, flags_are_set_replaced_and_removed);
	ATF_TP_ADD_TC(tp, flags_that_are_not_one_word_are_refused);
	ATF_TP_ADD_TC(tp, too_big_input_or_output_is_refused);
	ATF_TP_ADD_TC(tp, force_edits_only_the_first_line);
	ATF_TP_ADD_TC(tp, place_refuses_ram_and_the_root_filesystem);
	ATF_TP_ADD_TC(tp, tryboot_is_config_then_our_cmdline);
	return atf_no_error();
}
