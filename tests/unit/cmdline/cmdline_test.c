/* Unit tests of lib/cmdline/cmdline.c, cmdline_opt.c and cmdline_root.c: the
 * tokenizer (the kernel's next_arg) and the option parser. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "cmdline/cmdline.h"

static int parse(const char *text, struct boot_opts *o)
{
	return cmdline_parse(text, strlen(text), o);
}

/* Parse "root=/dev/vda " + rest, which must succeed. */
static void parse_ok(const char *rest, struct boot_opts *o)
{
	char text[CMDLINE_MAX];

	snprintf(text, sizeof(text), "root=/dev/vda %s", rest);
	ATF_REQUIRE_EQ_MSG(parse(text, o), 0, "%s: %s", text,
			   o->n_notes ? o->notes[0].text : "");
}

static int has_note(const struct boot_opts *o, enum note_level level, const char *part)
{
	for (int i = 0; i < o->n_notes; i++)
		if (o->notes[i].level == level && strstr(o->notes[i].text, part))
			return 1;
	return 0;
}

/* The words of text, as "key=>val" or "key", joined by '|'. */
static void words(const char *text, char *out, size_t cap)
{
	struct cmdline_tok t;
	size_t pos = 0;

	out[0] = '\0';
	while (cmdline_next(text, strlen(text), &pos, &t) == 1) {
		size_t n = strlen(out);
		snprintf(out + n, cap - n, "%s%s%s%s", n ? "|" : "", t.word,
			 t.val ? "=>" : "", t.val ? t.val : "");
	}
}

ATF_TC_WITHOUT_HEAD(quotes_are_removed_and_group_spaces);
ATF_TC_BODY(quotes_are_removed_and_group_spaces, tc)
{
	const char *text = "acpi_osi=\"!Windows 2006\" ro\n";
	struct cmdline_tok t;
	size_t pos = 0;

	ATF_REQUIRE_EQ(cmdline_next(text, strlen(text), &pos, &t), 1);
	ATF_CHECK_STREQ(t.word, "acpi_osi");
	ATF_CHECK_STREQ(t.val, "!Windows 2006");
	ATF_CHECK_EQ(t.start, 0);
	ATF_CHECK_EQ(t.end, 24);
	ATF_REQUIRE_EQ(cmdline_next(text, strlen(text), &pos, &t), 1);
	ATF_CHECK_STREQ(t.word, "ro");
	ATF_CHECK(t.val == NULL);
	ATF_CHECK_EQ(cmdline_next(text, strlen(text), &pos, &t), 0);
}

ATF_TC_WITHOUT_HEAD(quotes_follow_next_arg_exactly);
ATF_TC_BODY(quotes_follow_next_arg_exactly, tc)
{
	char out[512];

	/* inner quotes stay; a leading quote of the word or the value goes
	 * with the word's last quote; single quotes are ordinary */
	words("root=/dev/\"vda\" \"init=/bin/sh\" a\"b c\"d 'x y' \"\" k=\"\" q=\"", out, sizeof(out));
	ATF_CHECK_STREQ(out, "root=>/dev/\"vda\"|init=>/bin/sh|a\"b c\"d|'x|y'||k=>|q=>");
}

ATF_TC_WITHOUT_HEAD(equals_at_the_first_byte_does_not_split);
ATF_TC_BODY(equals_at_the_first_byte_does_not_split, tc)
{
	char out[128];

	words("=a=b \"=c\" x =d d==e", out, sizeof(out));
	ATF_CHECK_STREQ(out, "=a=>b|=c|x|=d|d=>=e");
}

ATF_TC_WITHOUT_HEAD(whitespace_is_the_kernels_isspace);
ATF_TC_BODY(whitespace_is_the_kernels_isspace, tc)
{
	char out[128];

	words("a\tb\nc\rd\ve\ff\xa0g  h", out, sizeof(out));
	ATF_CHECK_STREQ(out, "a|b|c|d|e|f|g|h");
}

ATF_TC_WITHOUT_HEAD(unterminated_quote_takes_the_rest);
ATF_TC_BODY(unterminated_quote_takes_the_rest, tc)
{
	const char *text = "a init=\"/x y z";
	struct cmdline_tok t;
	size_t pos = 0;

	ATF_REQUIRE_EQ(cmdline_next(text, strlen(text), &pos, &t), 1);
	ATF_CHECK_EQ(t.unterminated, 0);
	ATF_REQUIRE_EQ(cmdline_next(text, strlen(text), &pos, &t), 1);
	ATF_CHECK_EQ(t.unterminated, 1);
	ATF_CHECK_STREQ(t.val, "/x y z");
	ATF_CHECK_EQ(t.end, strlen(text));
}

ATF_TC_WITHOUT_HEAD(word_longer_than_the_buffer_is_flagged);
ATF_TC_BODY(word_longer_than_the_buffer_is_flagged, tc)
{
	static char text[CMDLINE_MAX + 10];
	static struct cmdline_tok t;
	size_t pos = 0;

	memset(text, 'a', CMDLINE_MAX + 5);
	text[CMDLINE_MAX + 5] = ' ';
	text[CMDLINE_MAX + 6] = 'b';
	ATF_REQUIRE_EQ(cmdline_next(text, CMDLINE_MAX + 7, &pos, &t), 1);
	ATF_CHECK_EQ(t.too_long, 1);
	ATF_CHECK_STREQ(t.word, "");
	ATF_CHECK_EQ(t.end, CMDLINE_MAX + 5);   /* skipped whole, not split */
	ATF_REQUIRE_EQ(cmdline_next(text, CMDLINE_MAX + 7, &pos, &t), 1);
	ATF_CHECK_STREQ(t.word, "b");
}

ATF_TC_WITHOUT_HEAD(keys_treat_dash_and_underscore_alike);
ATF_TC_BODY(keys_treat_dash_and_underscore_alike, tc)
{
	const char *text = "a-b_c=1";
	struct cmdline_tok t;
	size_t pos = 0;

	ATF_REQUIRE_EQ(cmdline_next(text, strlen(text), &pos, &t), 1);
	ATF_CHECK(cmdline_key_is(&t, "a_b-c"));
	ATF_CHECK(cmdline_key_is(&t, "a_b_c"));
	ATF_CHECK(!cmdline_key_is(&t, "a.b_c"));
	ATF_CHECK(!cmdline_key_is(&t, "a_b_c="));
}

ATF_TC_WITHOUT_HEAD(alpine_pi_line);
ATF_TC_BODY(alpine_pi_line, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=UUID=0123abcd-0000-4000-8000-00000000000a "
			     "modules=sd-mod,usb-storage,ext4 quiet rootfstype=ext4 "
			     "overlaytmpfs=yes\n", &o), 0);
	ATF_CHECK_EQ(o.root.kind, ROOT_UUID);
	ATF_CHECK_STREQ(o.root.value, "0123abcd-0000-4000-8000-00000000000a");
	ATF_REQUIRE_EQ(o.n_modules, 3);
	ATF_CHECK_STREQ(o.modules[0], "sd-mod");
	ATF_CHECK_STREQ(o.modules[2], "ext4");
	ATF_CHECK_STREQ(o.rootfstype, "ext4");
	ATF_CHECK_EQ(o.overlay, 1);
	ATF_CHECK_EQ(o.quiet, 1);
	ATF_CHECK_STREQ(o.init, "/sbin/init");
	ATF_CHECK_EQ(o.root_wait, ROOT_WAIT_DEFAULT);
	ATF_CHECK_STREQ(o.tmpfs_data, "mode=0755");
	ATF_CHECK_EQ(o.n_notes, 0);
}

ATF_TC_WITHOUT_HEAD(later_option_overrides_earlier);
ATF_TC_BODY(later_option_overrides_earlier, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("overlaytmpfs nooverlaytmpfs root=/dev/sda1 root=LABEL=x rw ro "
			     "modules=a,b modules=c init=/a init=/b rootwait rootdelay=4", &o), 0);
	ATF_CHECK_EQ(o.overlay, 0);
	ATF_CHECK_EQ(o.root.kind, ROOT_LABEL);
	ATF_CHECK_EQ(o.rw, 0);
	ATF_REQUIRE_EQ(o.n_modules, 1);
	ATF_CHECK_STREQ(o.modules[0], "c");
	ATF_CHECK_STREQ(o.init, "/b");
	ATF_CHECK_EQ(o.root_wait, 4);
}

ATF_TC_WITHOUT_HEAD(words_after_double_dash_are_not_parsed);
ATF_TC_BODY(words_after_double_dash_are_not_parsed, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda foo -- -z bar --- baz overlaytmpfs k=\"v w\"", &o), 0);
	ATF_CHECK_EQ(o.overlay, 0);
	ATF_REQUIRE_EQ(o.n_init_args, 6);
	ATF_CHECK_EQ(memcmp(o.init_args, "-z\0bar\0---\0baz\0overlaytmpfs\0k=v w\0", 34), 0);
}

ATF_TC_WITHOUT_HEAD(second_double_dash_ends_init_args_with_warning);
ATF_TC_BODY(second_double_dash_ends_init_args_with_warning, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda -- single -- lost", &o), 0);
	ATF_CHECK_EQ(o.n_init_args, 1);
	ATF_CHECK(has_note(&o, NOTE_WARN, "second --"));
}

ATF_TC_WITHOUT_HEAD(too_many_init_args_is_an_error);
ATF_TC_BODY(too_many_init_args_is_an_error, tc)
{
	char text[512] = "root=/dev/vda --";
	struct boot_opts o;

	for (int i = 0; i < INIT_ARGS_MAX - 1; i++)
		strcat(text, " a");
	ATF_CHECK_EQ(parse(text, &o), 0);
	strcat(text, " a");
	ATF_CHECK_EQ(parse(text, &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "words after --"));
}

ATF_TC_WITHOUT_HEAD(missing_root_is_an_error);
ATF_TC_BODY(missing_root_is_an_error, tc)
{
	struct boot_opts o;

	ATF_CHECK_EQ(parse("quiet overlaytmpfs", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "no root="));
	ATF_CHECK_EQ(parse("", &o), -EINVAL);
	ATF_CHECK_EQ(parse("root -- root=/dev/vda", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_WARN, "root without =VALUE"));
}

ATF_TC_WITHOUT_HEAD(empty_root_uuid_is_an_error);
ATF_TC_BODY(empty_root_uuid_is_an_error, tc)
{
	struct boot_opts o;

	ATF_CHECK_EQ(parse("root=UUID= quiet", &o), -EINVAL);
	ATF_REQUIRE_EQ(o.n_notes, 1);
	ATF_CHECK_EQ(o.notes[0].level, NOTE_ERROR);
	ATF_CHECK(strstr(o.notes[0].text, "root=UUID=") != NULL);
	ATF_CHECK_EQ(o.root.kind, ROOT_NONE);
}

ATF_TC_WITHOUT_HEAD(partuuid_mbr_partition_10_is_hex);
ATF_TC_BODY(partuuid_mbr_partition_10_is_hex, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=PARTUUID=738a4d67-0a", &o), 0);
	ATF_CHECK_EQ(o.root.kind, ROOT_PARTUUID);
	ATF_CHECK_STREQ(o.root.value, "738a4d67-0a");
	ATF_CHECK_EQ(parse("root=PARTUUID=738A4D67-FF", &o), 0);
	ATF_CHECK_EQ(parse("root=PARTUUID=738a4d67-10", &o), 0);
}

ATF_TC_WITHOUT_HEAD(partuuid_malformed_is_an_error);
ATF_TC_BODY(partuuid_malformed_is_an_error, tc)
{
	static const char *const bad[] = {
		"738a4d67-00", "738a4d67-2", "738a4d67-002", "738a4d6-02", "738a4d67_02",
		"738a4d6g-02", "0fc63daf-8483-4772-8e79-3d69d8477de",
		"0fc63daf-8483-4772-8e79-3d69d8477de44", "0fc63daf84834772-8e79-3d69d8477de4",
		"0fc63daf-8483-4772-8e79-3d69d8477dez",
		"0fc63daf-8483-4772-8e79-3d69d8477de4/PARTNROFF=1",
	};
	char text[128];
	struct boot_opts o;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "root=PARTUUID=%s", bad[i]);
		ATF_CHECK_EQ_MSG(parse(text, &o), -EINVAL, "%s", text);
		ATF_CHECK_EQ(o.root.kind, ROOT_NONE);
	}
	ATF_CHECK_EQ(parse("root=PARTUUID=0FC63DAF-8483-4772-8e79-3d69d8477de4", &o), 0);
}

ATF_TC_WITHOUT_HEAD(uuid_is_hex_and_dashes);
ATF_TC_BODY(uuid_is_hex_and_dashes, tc)
{
	struct boot_opts o;

	ATF_CHECK_EQ(parse("root=UUID=ABCD-1234", &o), 0);
	ATF_CHECK_EQ(parse("root=UUID=2023-01-01-00-00-00-00", &o), 0);
	ATF_CHECK_EQ(parse("root=UUID=LABEL=x", &o), -EINVAL);
	ATF_CHECK_EQ(parse("root=UUID=----", &o), -EINVAL);
	ATF_CHECK_EQ(parse("root=UUID=\"ab cd\"", &o), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(root_kinds);
ATF_TC_BODY(root_kinds, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=8:17", &o), 0);
	ATF_CHECK_EQ(o.root.kind, ROOT_MAJMIN);
	ATF_CHECK_EQ(o.root.major, 8);
	ATF_CHECK_EQ(o.root.minor, 17);
	ATF_REQUIRE_EQ(parse("root=\"LABEL=my root\"", &o), 0);
	ATF_CHECK_EQ(o.root.kind, ROOT_LABEL);
	ATF_CHECK_STREQ(o.root.value, "my root");
	ATF_REQUIRE_EQ(parse("root=PARTLABEL=a", &o), 0);
	ATF_CHECK_EQ(o.root.kind, ROOT_PARTLABEL);
	ATF_CHECK_EQ(parse("root=0801", &o), -EINVAL);
	ATF_CHECK_EQ(parse("root=/dev/", &o), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(over_long_values_are_errors_not_cut);
ATF_TC_BODY(over_long_values_are_errors_not_cut, tc)
{
	char text[2048], init[PATH_MAX_OVL + 2];
	struct boot_opts o;

	memset(init, 'i', sizeof(init) - 1);
	init[0] = '/';
	init[sizeof(init) - 1] = '\0';
	snprintf(text, sizeof(text), "root=/dev/vda init=%s", init);
	ATF_CHECK_EQ(parse(text, &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "init= is 257 bytes long, the limit is 255"));
	ATF_CHECK_STREQ(o.init, "/sbin/init");
	init[sizeof(init) - 2] = '\0';      /* 256 bytes: still one too many */
	snprintf(text, sizeof(text), "root=/dev/vda init=%s", init);
	ATF_CHECK_EQ(parse(text, &o), -EINVAL);
	init[sizeof(init) - 3] = '\0';      /* 255 bytes fit */
	snprintf(text, sizeof(text), "root=/dev/vda init=%s", init);
	ATF_CHECK_EQ(parse(text, &o), 0);
	ATF_CHECK_EQ(strlen(o.init), PATH_MAX_OVL - 1);
	ATF_CHECK_EQ(parse("root=/dev/vda rootfstype=abcdefghijklmnopqrstuvwxyz0123456", &o), -EINVAL);
}

/* The kernel keeps COMMAND_LINE_SIZE - 1 bytes: what lies past them is
 * cut, an error; the boot's view is the part kept. */
ATF_TC_WITHOUT_HEAD(command_line_past_the_kernel_size_is_cut);
ATF_TC_BODY(command_line_past_the_kernel_size_is_cut, tc)
{
	static char text[CMDLINE_MAX + 1];
	static struct boot_opts o;

	memset(text, 'a', sizeof(text));
	memcpy(text, "root=/dev/vda ", 14);
	ATF_CHECK_EQ(cmdline_parse(text, CMDLINE_KERNEL_SIZE - 1, &o), 0);
	ATF_CHECK_EQ(o.cut, 0);
	ATF_CHECK_EQ(o.kernel_len, (size_t)CMDLINE_KERNEL_SIZE - 1);
	memcpy(text + CMDLINE_KERNEL_SIZE - 17, " overlaytmpfs=yes", 17);
	ATF_CHECK_EQ(cmdline_parse(text, CMDLINE_KERNEL_SIZE, &o), -EINVAL);
	ATF_CHECK_EQ(o.cut, 1);
	ATF_CHECK_EQ(o.n_file_notes, 1);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "the kernel keeps 2047 bytes"));
	ATF_CHECK_EQ(o.kernel_len, (size_t)CMDLINE_KERNEL_SIZE - 1);
	ATF_CHECK_EQ(o.overlay, 1);    /* the last s is cut: overlaytmpfs=ye, taken as yes */
	ATF_CHECK(has_note(&o, NOTE_WARN, "overlaytmpfs=ye is not yes or no"));
	ATF_CHECK_EQ(cmdline_parse(text, CMDLINE_MAX, &o), -EINVAL);
	ATF_CHECK_EQ(o.root.kind, ROOT_DEVPATH);
}

/* A cmdline.txt: the firmware passes the first line; the rest is named,
 * with the ovlinit option it holds. */
ATF_TC_WITHOUT_HEAD(cmdline_txt_is_its_first_line);
ATF_TC_BODY(cmdline_txt_is_its_first_line, tc)
{
	static const char text[] = "root=/dev/vda quiet\r\n\n  rootwait overlaytmpfs=yes\n";
	struct boot_opts o;

	ATF_REQUIRE_EQ(cmdline_check(text, sizeof(text) - 1, CMDLINE_TXT, &o), 0);
	ATF_CHECK_EQ(o.overlay, 0);
	ATF_CHECK_EQ(o.root_wait, ROOT_WAIT_DEFAULT);
	ATF_CHECK_EQ(o.quiet, 1);
	ATF_CHECK_EQ(o.kernel_len, strlen("root=/dev/vda quiet\r"));
	ATF_CHECK_EQ(o.n_file_notes, 1);
	ATF_CHECK(has_note(&o, NOTE_WARN, "from line 3 on are ignored, ovlinit's rootwait"));
	ATF_REQUIRE_EQ(cmdline_check(text, sizeof(text) - 1, CMDLINE_PROC, &o), 0);
	ATF_CHECK_EQ(o.overlay, 1);
	ATF_CHECK_EQ(o.n_notes, 0);
	ATF_REQUIRE_EQ(cmdline_check("root=/dev/vda\n\n \n", 17, CMDLINE_TXT, &o), 0);
	ATF_CHECK_EQ(o.n_notes, 0);
	ATF_REQUIRE_EQ(cmdline_check("root=/dev/vda\nfoo bar", 21, CMDLINE_TXT, &o), 0);
	ATF_CHECK(has_note(&o, NOTE_WARN, "from line 2 on (foo bar) are ignored"));
}

/* A byte order mark is part of the first word, and named. */
ATF_TC_WITHOUT_HEAD(byte_order_mark_is_named);
ATF_TC_BODY(byte_order_mark_is_named, tc)
{
	static const char text[] = "\xef\xbb\xbfroot=/dev/vda overlaytmpfs\n";
	struct boot_opts o;

	ATF_CHECK_EQ(cmdline_check(text, sizeof(text) - 1, CMDLINE_TXT, &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_WARN, "UTF-8 byte order mark"));
	ATF_CHECK(has_note(&o, NOTE_ERROR, "no root="));
	ATF_CHECK_EQ(o.overlay, 1);
}

/* root=LABEL="my root" keeps its quotes, as in the kernel, with a
 * warning that names the form that means the label my root. */
ATF_TC_WITHOUT_HEAD(quotes_inside_a_root_value_stay_and_warn);
ATF_TC_BODY(quotes_inside_a_root_value_stay_and_warn, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=LABEL=\"my root\"", &o), 0);
	ATF_CHECK_STREQ(o.root.value, "\"my root\"");
	ATF_CHECK(has_note(&o, NOTE_WARN, "write root=\"LABEL=my root\""));
	ATF_REQUIRE_EQ(parse("root=\"LABEL=my root\"", &o), 0);
	ATF_CHECK_STREQ(o.root.value, "my root");
	ATF_CHECK_EQ(o.n_notes, 0);
}

/* cmdline_root_word() gives a word the tokenizer reads back as the spec. */
ATF_TC_WITHOUT_HEAD(root_word_round_trips);
ATF_TC_BODY(root_word_round_trips, tc)
{
	static const char *const specs[] = {
		"LABEL=my root", "LABEL=plain", "PARTLABEL=a\xa0" "b", "LABEL=it's $x \\ <y>",
		"LABEL=\xc3\xa9t\xc3\xa9",
	};
	char word[128], back[128];
	struct cmdline_tok t;
	size_t pos;

	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		ATF_REQUIRE_EQ(cmdline_root_word(word, sizeof(word), specs[i]), 0);
		pos = 0;
		ATF_REQUIRE_EQ(cmdline_next(word, strlen(word), &pos, &t), 1);
		ATF_CHECK(cmdline_key_is(&t, "root"));
		snprintf(back, sizeof(back), "%s", t.val ? t.val : "");
		ATF_CHECK_STREQ_MSG(back, specs[i], "%s", word);
		ATF_CHECK_EQ(cmdline_next(word, strlen(word), &pos, &t), 0);
	}
	ATF_CHECK_STREQ(word, "root=LABEL=\xc3\xa9t\xc3\xa9");
	ATF_CHECK_EQ(cmdline_root_word(word, sizeof(word), "LABEL=a\"b"), -EINVAL);
	ATF_CHECK_EQ(cmdline_root_word(word, sizeof(word), "LABEL=a\tb"), -EINVAL);
	ATF_CHECK_EQ(cmdline_root_word(word, 8, "LABEL=abc"), -ENAMETOOLONG);
}

ATF_TC_WITHOUT_HEAD(nul_byte_ends_the_line_with_warning);
ATF_TC_BODY(nul_byte_ends_the_line_with_warning, tc)
{
	static const char text[] = "root=/dev/vda\0overlaytmpfs";
	struct boot_opts o;

	ATF_REQUIRE_EQ(cmdline_parse(text, sizeof(text) - 1, &o), 0);
	ATF_CHECK_EQ(o.overlay, 0);
	ATF_CHECK(has_note(&o, NOTE_WARN, "NUL byte at byte 13"));
}

ATF_TC_WITHOUT_HEAD(proc_newline_is_not_part_of_a_quoted_value);
ATF_TC_BODY(proc_newline_is_not_part_of_a_quoted_value, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda init=\"/sbin/init\n", &o), 0);
	ATF_CHECK_STREQ(o.init, "/sbin/init");
	ATF_CHECK(has_note(&o, NOTE_WARN, "never closed"));
	ATF_CHECK_EQ(parse("root=/dev/vda init=\"/sbin/init\nx\n", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "control character (\\x0a)"));
}

ATF_TC_WITHOUT_HEAD(booleans_alpine_forms);
ATF_TC_BODY(booleans_alpine_forms, tc)
{
	static const struct { const char *text; int overlay; int warnings; } cases[] = {
		{ "overlaytmpfs", 1, 0 }, { "nooverlaytmpfs", 0, 0 },
		{ "overlaytmpfs=yes", 1, 0 }, { "overlaytmpfs=1", 1, 0 },
		{ "overlaytmpfs=true", 1, 0 }, { "overlaytmpfs=on", 1, 0 },
		{ "overlaytmpfs overlaytmpfs=no", 0, 0 }, { "overlaytmpfs overlaytmpfs=0", 0, 0 },
		{ "overlaytmpfs overlaytmpfs=false", 0, 0 }, { "overlaytmpfs=off", 0, 0 },
		{ "overlaytmpfs=ja", 1, 1 }, { "overlaytmpfs=", 1, 1 },
		{ "overlaytmpfs=YES", 1, 1 }, { "overlaytmpfs nooverlaytmpfs=yes", 1, 1 },
	};
	struct boot_opts o;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse_ok(cases[i].text, &o);
		ATF_CHECK_EQ_MSG(o.overlay, cases[i].overlay, "%s", cases[i].text);
		ATF_CHECK_EQ_MSG(o.n_warnings, cases[i].warnings, "%s", cases[i].text);
	}
}

ATF_TC_WITHOUT_HEAD(unknown_overlay_value_enables_with_warning);
ATF_TC_BODY(unknown_overlay_value_enables_with_warning, tc)
{
	struct boot_opts o;

	parse_ok("overlaytmpfs=ja", &o);
	ATF_CHECK_EQ(o.overlay, 1);
	ATF_REQUIRE_EQ(o.n_notes, 1);
	ATF_CHECK_EQ(o.notes[0].level, NOTE_WARN);
	ATF_CHECK(strstr(o.notes[0].text, "overlaytmpfs=ja") != NULL);
}

ATF_TC_WITHOUT_HEAD(other_booleans);
ATF_TC_BODY(other_booleans, tc)
{
	struct boot_opts o;

	parse_ok("quiet rescue ovlinit.debug", &o);
	ATF_CHECK(o.quiet && o.rescue && o.debug);
	parse_ok("quiet noquiet rescue=no ovlinit.debug=0", &o);
	ATF_CHECK(!o.quiet && !o.rescue && !o.debug);
	parse_ok("ovlinit_debug", &o);      /* '.' is not '_' */
	ATF_CHECK_EQ(o.debug, 0);
}

ATF_TC_WITHOUT_HEAD(relative_init_is_an_error);
ATF_TC_BODY(relative_init_is_an_error, tc)
{
	struct boot_opts o;

	ATF_CHECK_EQ(parse("root=/dev/vda init=sbin/init", &o), -EINVAL);
	ATF_CHECK_EQ(parse("root=/dev/vda init=", &o), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(rootwait_and_rootdelay);
ATF_TC_BODY(rootwait_and_rootdelay, tc)
{
	struct boot_opts o;

	parse_ok("rootwait", &o);
	ATF_CHECK_EQ(o.root_wait, ROOT_WAIT_FOREVER);
	parse_ok("rootwait=10", &o);
	ATF_CHECK_EQ(o.root_wait, 10);
	parse_ok("rootwait=0", &o);
	ATF_CHECK_EQ(o.root_wait, 0);
	parse_ok("rootdelay=5 rootwait=x", &o);       /* the kernel's fallback */
	ATF_CHECK_EQ(o.root_wait, ROOT_WAIT_FOREVER);
	ATF_CHECK_EQ(o.n_warnings, 1);
	parse_ok("rootdelay=7 rootdelay=+3 rootdelay=-1 rootdelay=3s rootdelay=99999999999", &o);
	ATF_CHECK_EQ(o.root_wait, 7);
	ATF_CHECK_EQ(o.n_warnings, 4);
	parse_ok("rootdelay=2147483647", &o);
	ATF_CHECK_EQ(o.root_wait, 2147483647);
}

ATF_TC_WITHOUT_HEAD(panic_is_read);
ATF_TC_BODY(panic_is_read, tc)
{
	struct boot_opts o;

	parse_ok("", &o);
	ATF_CHECK_EQ(o.panic_set, 0);
	parse_ok("panic=10", &o);
	ATF_CHECK(o.panic_set && o.panic == 10);
	parse_ok("panic=-1", &o);
	ATF_CHECK(o.panic_set && o.panic == -1);
	parse_ok("panic=x", &o);
	ATF_CHECK_EQ(o.panic_set, 0);
	ATF_CHECK_EQ(o.n_warnings, 1);
}

ATF_TC_WITHOUT_HEAD(rootflags_split_into_flags_and_data);
ATF_TC_BODY(rootflags_split_into_flags_and_data, tc)
{
	struct boot_opts o;

	parse_ok("rootflags=noatime,data=journal,nodev,commit=5", &o);
	ATF_CHECK_EQ(o.root_mflags, (unsigned long)(MS_NOATIME | MS_NODEV));
	ATF_CHECK_STREQ(o.root_data, "data=journal,commit=5");
	ATF_CHECK_STREQ(o.rootflags, "noatime,data=journal,nodev,commit=5");
}

ATF_TC_WITHOUT_HEAD(rootfstype_is_one_type);
ATF_TC_BODY(rootfstype_is_one_type, tc)
{
	struct boot_opts o;

	parse_ok("rootfstype=fuse.sshfs", &o);
	ATF_CHECK_STREQ(o.rootfstype, "fuse.sshfs");
	ATF_CHECK_EQ(parse("root=/dev/vda rootfstype=ext4,btrfs", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "not a list"));
	ATF_CHECK_EQ(parse("root=/dev/vda rootfstype=ext/4", &o), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(module_lists);
ATF_TC_BODY(module_lists, tc)
{
	char text[1024] = "root=/dev/vda modules=";
	struct boot_opts o;

	parse_ok("modules=,a,,b-c, blacklist=x,y modprobe.blacklist=y,z blacklist=w", &o);
	ATF_REQUIRE_EQ(o.n_modules, 2);
	ATF_CHECK_STREQ(o.modules[1], "b-c");
	ATF_REQUIRE_EQ(o.n_blacklist, 4);     /* every blacklist word adds up */
	ATF_CHECK_STREQ(o.blacklist[2], "z");
	ATF_CHECK_STREQ(o.blacklist[3], "w");
	for (int i = 0; i < MODULES_MAX; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "m%d,", i);
	ATF_CHECK_EQ(parse(text, &o), 0);
	ATF_CHECK_EQ(o.n_modules, MODULES_MAX);
	strcat(text, "one_more");
	ATF_CHECK_EQ(parse(text, &o), -EINVAL);
	ATF_CHECK_EQ(o.n_errors, 1);
}

ATF_TC_WITHOUT_HEAD(flags_options_with_values_warn);
ATF_TC_BODY(flags_options_with_values_warn, tc)
{
	struct boot_opts o;

	parse_ok("rw ro=1", &o);
	ATF_CHECK_EQ(o.rw, 1);
	ATF_CHECK(has_note(&o, NOTE_WARN, "ro takes no value"));
	parse_ok("modules", &o);
	ATF_CHECK(has_note(&o, NOTE_WARN, "modules without =VALUE"));
}

ATF_TC_WITHOUT_HEAD(overlaytmpfsflags_validated_rest_applies);
ATF_TC_BODY(overlaytmpfsflags_validated_rest_applies, tc)
{
	struct boot_opts o;

	parse_ok("overlaytmpfs overlaytmpfsflags=size=50%,ro,noatime,inode64,mode=1777", &o);
	ATF_CHECK_STREQ(o.tmpfs_data, "mode=0755,size=50%");
	ATF_CHECK_EQ(o.tmpfs_mflags, (unsigned long)MS_NOATIME);
	ATF_CHECK_EQ(o.n_warnings, 3);
	ATF_CHECK(has_note(&o, NOTE_WARN, "refused mode=1777: a mode that lets group"));
	ATF_CHECK(has_note(&o, NOTE_WARN, "refused ro: the upper layer must be writable"));
	ATF_CHECK(has_note(&o, NOTE_WARN, "refused inode64"));
}

ATF_TC_WITHOUT_HEAD(only_the_last_overlaytmpfsflags_is_validated);
ATF_TC_BODY(only_the_last_overlaytmpfsflags_is_validated, tc)
{
	struct boot_opts o;

	parse_ok("overlaytmpfsflags=ro overlaytmpfsflags=size=1g", &o);
	ATF_CHECK_EQ(o.n_notes, 0);
	ATF_CHECK_STREQ(o.tmpfs_data, "mode=0755,size=1g");
}

ATF_TC_WITHOUT_HEAD(near_misses_and_other_initramfs_options_warn);
ATF_TC_BODY(near_misses_and_other_initramfs_options_warn, tc)
{
	struct boot_opts o;

	parse_ok("overlaytmfps=yes", &o);
	ATF_CHECK(has_note(&o, NOTE_WARN, "did you mean overlaytmpfs?"));
	parse_ok("overlayroot=tmpfs", &o);
	ATF_CHECK(has_note(&o, NOTE_WARN, "overlayroot is another initramfs"));
	parse_ok("roottype=ext4 rootfs=x console=tty1 initrd=/x splash quiet", &o);
	ATF_CHECK_EQ(o.n_notes, 0);
}

ATF_TC_WITHOUT_HEAD(notes_past_the_limit_are_counted);
ATF_TC_BODY(notes_past_the_limit_are_counted, tc)
{
	char text[1024] = "root=/dev/vda";
	struct boot_opts o;

	for (int i = 0; i < NOTES_MAX + 5; i++)
		strcat(text, " ro=1");
	ATF_CHECK_EQ(parse(text, &o), 0);
	ATF_CHECK_EQ(o.n_notes, NOTES_MAX);
	ATF_CHECK_EQ(o.n_warnings, NOTES_MAX + 5);
	strcat(text, " init=x");      /* an error past the limit still fails */
	ATF_CHECK_EQ(parse(text, &o), -EINVAL);
	ATF_CHECK_EQ(o.n_errors, 1);
}

ATF_TC_WITHOUT_HEAD(show_escapes_and_marks_cuts);
ATF_TC_BODY(show_escapes_and_marks_cuts, tc)
{
	char buf[16];

	ATF_CHECK_STREQ(cmdline_show(buf, sizeof(buf), "a b\\\n\xff"), "a b\\x5c\\x0a\\xff");
	ATF_CHECK_STREQ(cmdline_show(buf, sizeof(buf), "0123456789abcdefgh"), "0123456789ab...");
	ATF_CHECK_STREQ(cmdline_show(buf, 8, "\x01\x02\x03"), "\\x01...");
}

#define RH64 "5A2C6808ECA428E1B92E4170249493273A96FCFBCB10882EFD69573C1210979B"

ATF_TC_WITHOUT_HEAD(verity_options_parse);
ATF_TC_BODY(verity_options_parse, tc)
{
	struct boot_opts o;

	parse_ok("verityhash=PARTUUID=4e639091-03 roothash=" RH64 " verityerror=panic", &o);
	ATF_CHECK_STREQ(o.roothash,
			"5a2c6808eca428e1b92e4170249493273a96fcfbcb10882efd69573c1210979b");
	ATF_CHECK_EQ(o.verity_hash.kind, ROOT_PARTUUID);
	ATF_CHECK_STREQ(o.verity_hash.value, "4e639091-03");
	ATF_CHECK_EQ(o.verity_error, VERITY_ERR_PANIC);
	parse_ok("verityhash=/dev/vdb roothash=" RH64 " verityerror=restart", &o);
	ATF_CHECK_EQ(o.verity_hash.kind, ROOT_DEVPATH);
	ATF_CHECK_EQ(o.verity_error, VERITY_ERR_RESTART);
	parse_ok("", &o);
	ATF_CHECK_STREQ(o.roothash, "");
	ATF_CHECK_EQ(o.verity_error, VERITY_ERR_EIO);
}

ATF_TC_WITHOUT_HEAD(verity_half_given_or_malformed_is_an_error);
ATF_TC_BODY(verity_half_given_or_malformed_is_an_error, tc)
{
	struct boot_opts o;

	ATF_CHECK_EQ(parse("root=/dev/vda roothash=" RH64, &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "roothash= needs verityhash="));
	ATF_CHECK_EQ(parse("root=/dev/vda verityhash=/dev/vdb", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "verityhash= needs roothash="));
	ATF_CHECK_EQ(parse("root=/dev/vda verityhash=/dev/vdb roothash=" RH64 "0", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "not as long as a hash"));
	ATF_CHECK_EQ(parse("root=/dev/vda verityhash=/dev/vdb roothash=xyz", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "roothash=xyz: not a hexadecimal number"));
	ATF_CHECK_EQ(parse("root=/dev/vda verityhash=UUID=zz roothash=" RH64, &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "verityhash=UUID=zz: a filesystem UUID"));
	ATF_CHECK_EQ(parse("root=/dev/vda verityhash=/dev/vda roothash=" RH64, &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "verityhash= names the device root= names"));
	ATF_CHECK_EQ(parse("root=/dev/vda verityhash=/dev/vdb roothash=" RH64 " verityerror=pnic",
			   &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "verityerror=pnic: expected eio, restart or panic"));
	parse_ok("verityerror=panic", &o);
	ATF_CHECK(has_note(&o, NOTE_WARN, "verityerror= without roothash="));
	parse_ok("verityhash=/dev/vdb rw roothash=" RH64, &o);
	ATF_CHECK(has_note(&o, NOTE_WARN, "rw with roothash=: dm-verity maps the root read-only"));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, verity_options_parse);
	ATF_TP_ADD_TC(tp, verity_half_given_or_malformed_is_an_error);
	ATF_TP_ADD_TC(tp, quotes_are_removed_and_group_spaces);
	ATF_TP_ADD_TC(tp, quotes_follow_next_arg_exactly);
	ATF_TP_ADD_TC(tp, equals_at_the_first_byte_does_not_split);
	ATF_TP_ADD_TC(tp, whitespace_is_the_kernels_isspace);
	ATF_TP_ADD_TC(tp, unterminated_quote_takes_the_rest);
	ATF_TP_ADD_TC(tp, word_longer_than_the_buffer_is_flagged);
	ATF_TP_ADD_TC(tp, keys_treat_dash_and_underscore_alike);
	ATF_TP_ADD_TC(tp, alpine_pi_line);
	ATF_TP_ADD_TC(tp, later_option_overrides_earlier);
	ATF_TP_ADD_TC(tp, words_after_double_dash_are_not_parsed);
	ATF_TP_ADD_TC(tp, second_double_dash_ends_init_args_with_warning);
	ATF_TP_ADD_TC(tp, too_many_init_args_is_an_error);
	ATF_TP_ADD_TC(tp, missing_root_is_an_error);
	ATF_TP_ADD_TC(tp, empty_root_uuid_is_an_error);
	ATF_TP_ADD_TC(tp, partuuid_mbr_partition_10_is_hex);
	ATF_TP_ADD_TC(tp, partuuid_malformed_is_an_error);
	ATF_TP_ADD_TC(tp, uuid_is_hex_and_dashes);
	ATF_TP_ADD_TC(tp, root_kinds);
	ATF_TP_ADD_TC(tp, over_long_values_are_errors_not_cut);
	ATF_TP_ADD_TC(tp, command_line_past_the_kernel_size_is_cut);
	ATF_TP_ADD_TC(tp, cmdline_txt_is_its_first_line);
	ATF_TP_ADD_TC(tp, byte_order_mark_is_named);
	ATF_TP_ADD_TC(tp, quotes_inside_a_root_value_stay_and_warn);
	ATF_TP_ADD_TC(tp, root_word_round_trips);
	ATF_TP_ADD_TC(tp, nul_byte_ends_the_line_with_warning);
	ATF_TP_ADD_TC(tp, proc_newline_is_not_part_of_a_quoted_value);
	ATF_TP_ADD_TC(tp, booleans_alpine_forms);
	ATF_TP_ADD_TC(tp, unknown_overlay_value_enables_with_warning);
	ATF_TP_ADD_TC(tp, other_booleans);
	ATF_TP_ADD_TC(tp, relative_init_is_an_error);
	ATF_TP_ADD_TC(tp, rootwait_and_rootdelay);
	ATF_TP_ADD_TC(tp, panic_is_read);
	ATF_TP_ADD_TC(tp, rootflags_split_into_flags_and_data);
	ATF_TP_ADD_TC(tp, rootfstype_is_one_type);
	ATF_TP_ADD_TC(tp, module_lists);
	ATF_TP_ADD_TC(tp, flags_options_with_values_warn);
	ATF_TP_ADD_TC(tp, overlaytmpfsflags_validated_rest_applies);
	ATF_TP_ADD_TC(tp, only_the_last_overlaytmpfsflags_is_validated);
	ATF_TP_ADD_TC(tp, near_misses_and_other_initramfs_options_warn);
	ATF_TP_ADD_TC(tp, notes_past_the_limit_are_counted);
	ATF_TP_ADD_TC(tp, show_escapes_and_marks_cuts);
	return atf_no_error();
}
