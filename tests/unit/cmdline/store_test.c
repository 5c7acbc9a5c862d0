/* Unit tests of lib/cmdline/cmdline_store.c: overlaystore= and
 * overlaystore.required. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmdline/cmdline.h"

static int parse(const char *text, struct boot_opts *o)
{
	return cmdline_parse(text, strlen(text), o);
}

static int has_note(const struct boot_opts *o, enum note_level level, const char *part)
{
	for (int i = 0; i < o->n_notes; i++)
		if (o->notes[i].level == level && strstr(o->notes[i].text, part))
			return 1;
	return 0;
}

ATF_TC_WITHOUT_HEAD(store_takes_every_root_form);
ATF_TC_BODY(store_takes_every_root_form, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=LABEL=data", &o), 0);
	ATF_CHECK_EQ(o.store.kind, ROOT_LABEL);
	ATF_CHECK_STREQ(o.store.value, "data");
	ATF_CHECK_STREQ(o.store_image, "");
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=8:17", &o), 0);
	ATF_CHECK_EQ(o.store.kind, ROOT_MAJMIN);
	ATF_CHECK_EQ(o.store.major, 8);
	ATF_CHECK_EQ(o.store.minor, 17);
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=/dev/mmcblk0p3", &o), 0);
	ATF_CHECK_EQ(o.store.kind, ROOT_DEVPATH);
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=PARTUUID=4e639091-03", &o), 0);
	ATF_CHECK_EQ(o.store.kind, ROOT_PARTUUID);
}

ATF_TC_WITHOUT_HEAD(store_image_splits_at_the_first_colon_slash);
ATF_TC_BODY(store_image_splits_at_the_first_colon_slash, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=LABEL=BOOT:/persist.img", &o), 0);
	ATF_CHECK_EQ(o.store.kind, ROOT_LABEL);
	ATF_CHECK_STREQ(o.store.value, "BOOT");
	ATF_CHECK_STREQ(o.store_image, "/persist.img");
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=179:1:/a/b.img", &o), 0);
	ATF_CHECK_EQ(o.store.kind, ROOT_MAJMIN);
	ATF_CHECK_STREQ(o.store_image, "/a/b.img");
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=/dev/mmcblk0p1:/p.img", &o), 0);
	ATF_CHECK_STREQ(o.store.value, "/dev/mmcblk0p1");
	ATF_CHECK_STREQ(o.store_image, "/p.img");
}

ATF_TC_WITHOUT_HEAD(store_image_path_must_be_plain);
ATF_TC_BODY(store_image_path_must_be_plain, tc)
{
	static const char *const bad[] = {
		"LABEL=B:/", "LABEL=B:/../etc/shadow", "LABEL=B:/a/./b", "LABEL=B:/a//b",
		"LABEL=B:/dir/", "LABEL=B:/a/..",
	};
	struct boot_opts o;
	char text[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "root=/dev/vda overlaytmpfs overlaystore=%s", bad[i]);
		ATF_CHECK_EQ_MSG(parse(text, &o), -EINVAL, "%s", bad[i]);
		ATF_CHECK_EQ_MSG(o.store.kind, ROOT_NONE, "%s", bad[i]);
	}
}

ATF_TC_WITHOUT_HEAD(store_spec_is_checked_like_root);
ATF_TC_BODY(store_spec_is_checked_like_root, tc)
{
	struct boot_opts o;

	ATF_CHECK_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=UUID=xyz", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "overlaystore=UUID=xyz: a filesystem UUID is hex"));
	ATF_CHECK_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=LABEL=", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "overlaystore=LABEL=: empty value"));
	ATF_CHECK_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=sda1", &o), -EINVAL);
	ATF_CHECK_EQ(parse("root=/dev/vda overlaytmpfs overlaystore", &o), 0);
	ATF_CHECK(has_note(&o, NOTE_WARN, "overlaystore without =VALUE; ignored"));
}

ATF_TC_WITHOUT_HEAD(store_without_overlay_is_not_used);
ATF_TC_BODY(store_without_overlay_is_not_used, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaystore=LABEL=data:/p.img", &o), 0);
	ATF_CHECK_EQ(o.store.kind, ROOT_NONE);
	ATF_CHECK_STREQ(o.store_image, "");
	ATF_CHECK(has_note(&o, NOTE_WARN, "takes effect only with overlaytmpfs"));
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore.required", &o), 0);
	ATF_CHECK_EQ(o.store_required, 1);
	ATF_CHECK(has_note(&o, NOTE_WARN, "overlaystore.required without overlaystore="));
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=LABEL=d "
			     "overlaystore.required=no", &o), 0);
	ATF_CHECK_EQ(o.store_required, 0);
	ATF_CHECK_EQ(o.n_warnings, 0);
}

ATF_TC_WITHOUT_HEAD(store_near_misses_warn);
ATF_TC_BODY(store_near_misses_warn, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystor=LABEL=d", &o), 0);
	ATF_CHECK(has_note(&o, NOTE_WARN, "did you mean overlaystore?"));
}

ATF_TC_WITHOUT_HEAD(keep_paths_are_checked);
ATF_TC_BODY(keep_paths_are_checked, tc)
{
	static const struct {
		const char *list, *why;
	} bad[] = {
		{ "/etc,/etc/ssh", "under another kept path" },
		{ "/var/lib/docker,/var", "under another kept path" },
		{ "/etc/ssh,/etc/ssh", "under another kept path" },
		{ "/", "not an absolute path" },
		{ "etc", "not an absolute path" },
		{ "/etc/../root", "not an absolute path" },
		{ "/etc/", "not an absolute path" },
		{ "/etc,,/srv", "not an absolute path" },
		{ "/run/x", "the boot's own" },
		{ "/media", "the boot's own" },
		{ "/dev", "the boot's own" },
		{ "/etc/a b", "only letters" },
		{ "/etc/$x", "only letters" },
	};
	struct boot_opts o;
	char text[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "root=/dev/vda overlaytmpfs overlaystore=LABEL=S "
			 "\"overlaykeep=%s\"", bad[i].list);
		ATF_CHECK_EQ_MSG(parse(text, &o), -EINVAL, "%s", bad[i].list);
		ATF_CHECK_MSG(has_note(&o, NOTE_ERROR, bad[i].why), "%s: %s", bad[i].list,
			      o.n_notes ? o.notes[0].text : "");
		ATF_CHECK_EQ(o.n_keep, 0);
	}
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=LABEL=S "
			     "overlaykeep=/etc/ssh,/var/lib/docker,/etc/sshd", &o), 0);
	ATF_REQUIRE_EQ(o.n_keep, 3);
	ATF_CHECK_STREQ(o.keep[0], "/etc/ssh");
	ATF_CHECK_STREQ(o.keep[1], "/var/lib/docker");
	ATF_CHECK_STREQ(o.keep[2], "/etc/sshd");
}

ATF_TC_WITHOUT_HEAD(keep_needs_a_store_and_an_overlay);
ATF_TC_BODY(keep_needs_a_store_and_an_overlay, tc)
{
	struct boot_opts o;
	char text[1024] = "root=/dev/vda overlaytmpfs overlaystore=LABEL=S overlaykeep=/a";

	ATF_CHECK_EQ(parse("root=/dev/vda overlaytmpfs overlaykeep=/etc/ssh", &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "overlaykeep= needs overlaystore="));
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaystore=LABEL=S overlaykeep=/etc/ssh", &o), 0);
	ATF_CHECK_EQ(o.n_keep, 0);
	ATF_CHECK(has_note(&o, NOTE_WARN, "overlaykeep= takes effect only with overlaytmpfs"));
	for (int i = 0; i < 16; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), ",/k%d", i);
	ATF_CHECK_EQ(parse(text, &o), -EINVAL);
	ATF_CHECK(has_note(&o, NOTE_ERROR, "more than 16 paths"));
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=LABEL=S overlaykeep=/a "
			     "overlaykeep=/b", &o), 0);
	ATF_REQUIRE_EQ(o.n_keep, 1);
	ATF_CHECK_STREQ(o.keep[0], "/b");
}

ATF_TC_WITHOUT_HEAD(reset_needs_a_store_in_use);
ATF_TC_BODY(reset_needs_a_store_in_use, tc)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlaystore=LABEL=S overlayreset", &o), 0);
	ATF_CHECK_EQ(o.store_reset, 1);
	ATF_CHECK_EQ(o.n_warnings, 0);
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaystore=LABEL=S overlayreset", &o), 0);
	ATF_CHECK_EQ(o.store_reset, 0);
	ATF_CHECK(has_note(&o, NOTE_WARN, "overlayreset without a store in use"));
	ATF_REQUIRE_EQ(parse("root=/dev/vda overlaytmpfs overlayreset", &o), 0);
	ATF_CHECK_EQ(o.store_reset, 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, store_takes_every_root_form);
	ATF_TP_ADD_TC(tp, store_image_splits_at_the_first_colon_slash);
	ATF_TP_ADD_TC(tp, store_image_path_must_be_plain);
	ATF_TP_ADD_TC(tp, store_spec_is_checked_like_root);
	ATF_TP_ADD_TC(tp, store_without_overlay_is_not_used);
	ATF_TP_ADD_TC(tp, store_near_misses_warn);
	ATF_TP_ADD_TC(tp, keep_paths_are_checked);
	ATF_TP_ADD_TC(tp, keep_needs_a_store_and_an_overlay);
	ATF_TP_ADD_TC(tp, reset_needs_a_store_in_use);
	return atf_no_error();
}
