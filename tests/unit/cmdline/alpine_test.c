/* Unit tests of Alpine's boot options (lib/cmdline/cmdline_alpine.c and
 * the Alpine entries of cmdline_opt.c): each works with Alpine's
 * meaning, or is named with what it means for this boot. */
#include <atf-c.h>
#include <stdio.h>
#include <string.h>

#include "cmdline/cmdline.h"

static struct boot_opts o;

/* Parse "root=/dev/vda " + rest; returns cmdline_parse()'s result. */
static int parse_root(const char *rest)
{
	char text[CMDLINE_MAX];

	snprintf(text, sizeof(text), "root=/dev/vda %s", rest);
	return cmdline_parse(text, strlen(text), &o);
}

static int has_note(enum note_level level, const char *part)
{
	for (int i = 0; i < o.n_notes; i++)
		if (o.notes[i].level == level && strstr(o.notes[i].text, part))
			return 1;
	return 0;
}

static const char *role(const char *word)
{
	struct cmdline_tok t;
	size_t pos = 0;

	ATF_REQUIRE(cmdline_next(word, strlen(word), &pos, &t) == 1);
	return cmdline_role(&t);
}

ATF_TC_WITHOUT_HEAD(init_args_are_split_at_spaces);
ATF_TC_BODY(init_args_are_split_at_spaces, tc)
{
	ATF_REQUIRE_EQ(parse_root("init_args=\"--log-level  debug\" single"), 0);
	ATF_CHECK_EQ(o.n_alpine_args, 2);
	ATF_CHECK_STREQ(o.alpine_args, "--log-level");
	ATF_CHECK_STREQ(o.alpine_args + strlen("--log-level") + 1, "debug");
	ATF_CHECK_EQ(o.n_init_args, 0);         /* words after -- are another list */
	ATF_REQUIRE_EQ(parse_root("init_args=a init_args=b"), 0);
	ATF_CHECK_EQ(o.n_alpine_args, 1);        /* the later one wins, as in Alpine */
	ATF_CHECK_STREQ(o.alpine_args, "b");
}

ATF_TC_WITHOUT_HEAD(too_many_init_args_words_is_an_error);
ATF_TC_BODY(too_many_init_args_words_is_an_error, tc)
{
	char rest[512] = "init_args=\"";

	for (int i = 0; i < INIT_ARGS_MAX; i++)
		strcat(rest, "w ");
	strcat(rest, "\"");
	ATF_CHECK(parse_root(rest) < 0);
	ATF_CHECK(has_note(NOTE_ERROR, "init_args=: more than"));
	ATF_CHECK_EQ(o.n_alpine_args, 0);
}

ATF_TC_WITHOUT_HEAD(debug_init_is_ovlinit_debug_with_no_form);
ATF_TC_BODY(debug_init_is_ovlinit_debug_with_no_form, tc)
{
	ATF_REQUIRE_EQ(parse_root("debug_init"), 0);
	ATF_CHECK_EQ(o.debug, 1);
	ATF_REQUIRE_EQ(parse_root("debug_init nodebug_init"), 0);
	ATF_CHECK_EQ(o.debug, 0);
	ATF_REQUIRE_EQ(parse_root("quiet noquiet ovlinit.debug noovlinit.debug"), 0);
	ATF_CHECK_EQ(o.quiet, 0);
	ATF_CHECK_EQ(o.debug, 0);
	ATF_REQUIRE_EQ(parse_root("nooverlaytmpfs overlaytmpfs"), 0);
	ATF_CHECK_EQ(o.overlay, 1);
}

ATF_TC_WITHOUT_HEAD(usbdelay_raises_the_root_wait_never_lowers_it);
ATF_TC_BODY(usbdelay_raises_the_root_wait_never_lowers_it, tc)
{
	ATF_REQUIRE_EQ(parse_root("usbdelay=45"), 0);
	ATF_CHECK_EQ(o.root_wait, 45);
	ATF_REQUIRE_EQ(parse_root("usbdelay=5"), 0);
	ATF_CHECK_EQ(o.root_wait, ROOT_WAIT_DEFAULT);
	ATF_REQUIRE_EQ(parse_root("usbdelay=10 rootdelay=3"), 0);
	ATF_CHECK_EQ(o.root_wait, 10);
	ATF_REQUIRE_EQ(parse_root("rootwait usbdelay=10"), 0);
	ATF_CHECK_EQ(o.root_wait, ROOT_WAIT_FOREVER);
	ATF_REQUIRE_EQ(parse_root("usbdelay=5s"), 0);
	ATF_CHECK(has_note(NOTE_WARN, "usbdelay=5s is not a number of seconds"));
	ATF_CHECK_EQ(o.usbdelay, -1);
	ATF_CHECK_EQ(o.root_wait, ROOT_WAIT_DEFAULT);
}

ATF_TC_WITHOUT_HEAD(cryptroot_is_an_error_at_once);
ATF_TC_BODY(cryptroot_is_an_error_at_once, tc)
{
	ATF_CHECK(parse_root("cryptroot=/dev/sda2 cryptdm=root") < 0);
	ATF_CHECK(has_note(NOTE_ERROR, "the root is encrypted (LUKS) and ovlinit does not unlock it"));
	ATF_CHECK(has_note(NOTE_WARN, "cryptdm= (Alpine's): ignored"));
	/* The key options alone are warnings: there is nothing to unlock. */
	ATF_CHECK_EQ(parse_root("cryptkey=/k cryptdiscards"), 0);
	ATF_CHECK_EQ(o.n_warnings, 2);
}

ATF_TC_WITHOUT_HEAD(diskless_options_say_system_disk_only);
ATF_TC_BODY(diskless_options_say_system_disk_only, tc)
{
	const char *diskless[] = { "apkovl=LABEL=APKOVL", "alpine_repo=http://x/main",
				   "pkgs=a,b", "ssh_key=https://x/k", "keep_apk_new",
				   "root_size=512M", "modloop=/boot/m" };

	for (size_t i = 0; i < sizeof(diskless) / sizeof(diskless[0]); i++) {
		ATF_CHECK_EQ_MSG(parse_root(diskless[i]), 0, "%s", diskless[i]);
		ATF_CHECK_MSG(has_note(NOTE_WARN, "ovlinit boots system-disk installs only"),
			      "%s", diskless[i]);
	}
	ATF_CHECK(cmdline_parse("apkovl=LABEL=X modules=loop", 28, &o) < 0);
	ATF_CHECK(has_note(NOTE_ERROR, "no root= on the command line, and apkovl: this is an "
			   "Alpine diskless boot"));
}

ATF_TC_WITHOUT_HEAD(every_unsupported_option_is_named);
ATF_TC_BODY(every_unsupported_option_is_named, tc)
{
	const char *named[] = { "usrflags=ro", "chart", "uevent_buf_size=1", "resume=/dev/sda3",
				"resume_offset=1", "zfs_force", "ip=dhcp", "BOOTIF=01-aa",
				"nbd=h:1", "aoe=e0.1", "aoe_iflist=eth0", "aoe_mtu=1",
				"wireguard=wg0", "dasd=0.0.1", "zfcp=0.0.1", "s390x_net=x",
				"memdisk", "cryptheader=/h", "cryptoffset=1" };

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		ATF_CHECK_EQ_MSG(parse_root(named[i]), 0, "%s", named[i]);
		ATF_CHECK_EQ_MSG(o.n_warnings, 1, "%s", named[i]);
		ATF_CHECK_MSG(has_note(NOTE_WARN, "(Alpine's)"), "%s", named[i]);
		ATF_CHECK_STREQ_MSG(role(named[i]), "Alpine's, unsupported", "%s", named[i]);
	}
}

ATF_TC_WITHOUT_HEAD(roles_of_words);
ATF_TC_BODY(roles_of_words, tc)
{
	ATF_CHECK_STREQ(role("init_args=x"), "ovlinit");
	ATF_CHECK_STREQ(role("usbdelay=3"), "ovlinit");
	ATF_CHECK_STREQ(role("debug_init"), "ovlinit");
	ATF_CHECK_STREQ(role("nodebug_init"), "ovlinit");
	ATF_CHECK_STREQ(role("single"), "for init");
	ATF_CHECK_STREQ(role("s"), "for init");
	ATF_CHECK_STREQ(role("1"), "for init");
	ATF_CHECK_STREQ(role("s=1"), "not ovlinit's");
	ATF_CHECK_STREQ(role("cryptroot=/dev/sda2"), "Alpine's, unsupported");
	/* Read by the booted system (Plymouth, cloud-init): no note. */
	ATF_CHECK_STREQ(role("splash"), "the booted system's");
	ATF_CHECK_STREQ(role("ds=nocloud"), "the booted system's");
	ATF_CHECK_EQ(parse_root("quiet splash ds=nocloud single"), 0);
	ATF_CHECK_EQ(o.n_warnings, 0);
	ATF_CHECK_STREQ(role("console=ttyS0"), "not ovlinit's");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, init_args_are_split_at_spaces);
	ATF_TP_ADD_TC(tp, too_many_init_args_words_is_an_error);
	ATF_TP_ADD_TC(tp, debug_init_is_ovlinit_debug_with_no_form);
	ATF_TP_ADD_TC(tp, usbdelay_raises_the_root_wait_never_lowers_it);
	ATF_TP_ADD_TC(tp, cryptroot_is_an_error_at_once);
	ATF_TP_ADD_TC(tp, diskless_options_say_system_disk_only);
	ATF_TP_ADD_TC(tp, every_unsupported_option_is_named);
	ATF_TP_ADD_TC(tp, roles_of_words);
	return atf_no_error();
}
