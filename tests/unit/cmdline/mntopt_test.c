/* Unit tests of lib/cmdline/mntopt.c: the generic flag split and the
 * overlaytmpfsflags= validator. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "cmdline/mntopt.h"

struct refusals {
	int n;
	char text[1024];    /* "item: why|" for each */
};

static void record(void *ctx, const char *item, size_t len, const char *why)
{
	struct refusals *r = ctx;
	size_t used = strlen(r->text);

	snprintf(r->text + used, sizeof(r->text) - used, "%.*s: %s|", (int)len, item, why);
	r->n++;
}

/* Validate opts; data and the refusals come back. */
static int tmpfs(const char *opts, unsigned long *flags, char *data, size_t cap,
		 struct refusals *r)
{
	struct mntopt_refusal cb = { record, r };

	memset(r, 0, sizeof(*r));
	*flags = 0;
	return mntopt_tmpfs(opts, flags, data, cap, &cb);
}

ATF_TC_WITHOUT_HEAD(split_moves_generic_flags_out_of_data);
ATF_TC_BODY(split_moves_generic_flags_out_of_data, tc)
{
	unsigned long f = MS_NOSUID;
	char data[64];

	ATF_REQUIRE_EQ(mntopt_split("noatime,data=ordered,nosuid,suid,defaults,ro,,x", &f,
				    data, sizeof(data)), 0);
	ATF_CHECK_EQ(f, (unsigned long)(MS_NOATIME | MS_RDONLY));
	ATF_CHECK_STREQ(data, "data=ordered,x");
	ATF_CHECK_EQ(mntopt_split("abcdefgh,ijk", &f, data, 12), -ENAMETOOLONG);
}

ATF_TC_WITHOUT_HEAD(flags_str_names_set_flags);
ATF_TC_BODY(flags_str_names_set_flags, tc)
{
	char buf[64];

	ATF_REQUIRE_EQ(mntopt_flags_str(0, buf, sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, "-");
	ATF_REQUIRE_EQ(mntopt_flags_str(MS_NODEV | MS_NOATIME, buf, sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, "nodev,noatime");
	ATF_CHECK_EQ(mntopt_flags_str(MS_NODEV | MS_NOATIME, buf, 8), -ENAMETOOLONG);
}

ATF_TC_WITHOUT_HEAD(default_mode_unless_given);
ATF_TC_BODY(default_mode_unless_given, tc)
{
	struct refusals r;
	unsigned long f;
	char data[128];

	ATF_REQUIRE_EQ(tmpfs("", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_STREQ(data, "mode=0755");
	ATF_REQUIRE_EQ(tmpfs("size=1g", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_STREQ(data, "mode=0755,size=1g");
	ATF_REQUIRE_EQ(tmpfs("size=1g,mode=0700", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_STREQ(data, "size=1g,mode=0700");
	/* a refused mode= does not replace the default */
	ATF_REQUIRE_EQ(tmpfs("mode=9", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_STREQ(data, "mode=0755");
	ATF_CHECK_EQ(r.n, 1);
}

ATF_TC_WITHOUT_HEAD(every_tmpfs_key_and_flag_accepted);
ATF_TC_BODY(every_tmpfs_key_and_flag_accepted, tc)
{
	struct refusals r;
	unsigned long f;
	char data[512];

	ATF_REQUIRE_EQ(tmpfs("size=1048576,size=2048k,size=3M,size=4g,size=50%,size=0,"
			     "nr_blocks=10K,nr_inodes=1m,mode=1755,uid=0,uid=000,gid=1000,"
			     "huge=never,huge=always,"
			     "huge=within_size,huge=advise,mpol=default,mpol=prefer:1,"
			     "mpol=bind=static:0-3,7,mpol=interleave=relative:0,mpol=local",
			     &f, data, sizeof(data), &r), 0);
	ATF_CHECK_EQ_MSG(r.n, 0, "%s", r.text);
	ATF_CHECK_EQ(f, 0);
	ATF_REQUIRE_EQ(tmpfs("noatime,nodiratime,relatime,strictatime,lazytime,nosuid,"
			     "nodev,noexec,sync,dirsync", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_EQ(r.n, 0);
	ATF_CHECK_STREQ(data, "mode=0755");
	ATF_CHECK_EQ(f, (unsigned long)(MS_NOATIME | MS_NODIRATIME | MS_RELATIME |
					MS_STRICTATIME | MS_LAZYTIME | MS_NOSUID | MS_NODEV |
					MS_NOEXEC | MS_SYNCHRONOUS | MS_DIRSYNC));
}

/* The overlay root's own rules, in the one validator: no mode that
 * lets others write, no owner but root, no size that cannot hold a
 * system (size=50 is bytes). The item goes, mode=0755 stays. */
ATF_TC_WITHOUT_HEAD(unsafe_values_are_refused);
ATF_TC_BODY(unsafe_values_are_refused, tc)
{
	static const struct { const char *item, *why; } cases[] = {
		{ "mode=1777", "lets group or others write" },
		{ "mode=0770", "lets group or others write" },
		{ "mode=0702", "lets group or others write" },
		{ "uid=1000", "owned by another user than root" },
		{ "uid=01", "owned by another user than root" },
		{ "size=50", "under 1 MiB" },
		{ "size=1048575", "under 1 MiB" },
		{ "size=1023k", "under 1 MiB" },
	};
	struct refusals r;
	unsigned long f;
	char data[128], want[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f = 0;
		ATF_REQUIRE_EQ(tmpfs(cases[i].item, &f, data, sizeof(data), &r), 0);
		ATF_CHECK_STREQ_MSG(data, "mode=0755", "%s", cases[i].item);
		snprintf(want, sizeof(want), "%s: ", cases[i].item);
		ATF_CHECK_MSG(strncmp(r.text, want, strlen(want)) == 0 &&
			      strstr(r.text, cases[i].why), "%s: %s", cases[i].item, r.text);
	}
}

ATF_TC_WITHOUT_HEAD(ro_is_refused_upper_must_be_writable);
ATF_TC_BODY(ro_is_refused_upper_must_be_writable, tc)
{
	struct refusals r;
	unsigned long f;
	char data[128];

	ATF_REQUIRE_EQ(tmpfs("ro,size=10%", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_EQ(f & MS_RDONLY, 0);
	ATF_CHECK_STREQ(data, "mode=0755,size=10%");
	ATF_CHECK_STREQ(r.text, "ro: the upper layer must be writable|");
}

ATF_TC_WITHOUT_HEAD(each_refusal_names_item_and_reason);
ATF_TC_BODY(each_refusal_names_item_and_reason, tc)
{
	static const struct { const char *item, *why; } cases[] = {
		{ "rw", "not needed" }, { "inode64", "neither a tmpfs option" },
		{ "defaults", "neither" }, { "exec", "neither" }, { "Size=1g", "neither" },
		{ "noatime=1", "takes no value" }, { "size", "needs a value" },
		{ "size=", "expected a size" }, { "size=10x", "expected a size" },
		{ "size=1t", "expected a size" }, { "size=0x10", "expected a size" },
		{ "size=-1", "expected a size" }, { "size=1%%", "expected a size" },
		{ "nr_inodes=5%", "expected a count" }, { "nr_blocks=k", "expected a count" },
		{ "mode=8", "octal" }, { "mode=10000", "octal" }, { "mode=", "octal" },
		{ "uid=-1", "decimal id" }, { "gid=root", "decimal id" },
		{ "uid=4294967295", "decimal id" }, { "uid=99999999999", "decimal id" },
		{ "huge=yes", "within_size" }, { "huge=deny", "within_size" },
		{ "mpol=fast", "interleave" }, { "mpol=bind:", "interleave" },
		{ "mpol=bind:x", "interleave" }, { "mpol=bind=sticky:1", "interleave" },
	};
	struct refusals r;
	unsigned long f;
	char data[128], want[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ATF_REQUIRE_EQ(tmpfs(cases[i].item, &f, data, sizeof(data), &r), 0);
		snprintf(want, sizeof(want), "%s: ", cases[i].item);
		ATF_CHECK_EQ_MSG(r.n, 1, "%s", cases[i].item);
		ATF_CHECK_MSG(strncmp(r.text, want, strlen(want)) == 0 &&
			      strstr(r.text, cases[i].why), "%s -> %s", cases[i].item, r.text);
		ATF_CHECK_STREQ(data, "mode=0755");
		ATF_CHECK_EQ(f, 0);
	}
}

ATF_TC_WITHOUT_HEAD(comma_then_digit_continues_an_item);
ATF_TC_BODY(comma_then_digit_continues_an_item, tc)
{
	struct refusals r;
	unsigned long f;
	char data[128];

	/* like shmem_parse_options(): the tmpfs would see "size=10,20" */
	ATF_REQUIRE_EQ(tmpfs("size=10,20,nodev", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_STREQ(r.text, "size=10,20: expected a size: digits, then k, m, g or %|");
	ATF_CHECK_EQ(f, (unsigned long)MS_NODEV);
	ATF_REQUIRE_EQ(tmpfs("mpol=bind:0,2-3,size=1g", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_STREQ(data, "mode=0755,mpol=bind:0,2-3,size=1g");
}

ATF_TC_WITHOUT_HEAD(empty_items_are_skipped);
ATF_TC_BODY(empty_items_are_skipped, tc)
{
	struct refusals r;
	unsigned long f;
	char data[128];

	ATF_REQUIRE_EQ(tmpfs(",,size=1g,,", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_EQ(r.n, 0);
	ATF_CHECK_STREQ(data, "mode=0755,size=1g");
}

ATF_TC_WITHOUT_HEAD(data_that_does_not_fit_is_an_error);
ATF_TC_BODY(data_that_does_not_fit_is_an_error, tc)
{
	struct refusals r;
	unsigned long f;
	char data[20];

	ATF_CHECK_EQ(tmpfs("size=1g", &f, data, sizeof(data), &r), 0);
	ATF_CHECK_EQ(tmpfs("size=1g,gid=1", &f, data, sizeof(data), &r), -ENAMETOOLONG);
	ATF_CHECK_EQ(tmpfs("", &f, data, 5, &r), -ENAMETOOLONG);
	ATF_CHECK_EQ(tmpfs("", &f, data, 0, &r), -ENAMETOOLONG);
}

ATF_TC_WITHOUT_HEAD(no_callback_still_refuses);
ATF_TC_BODY(no_callback_still_refuses, tc)
{
	unsigned long f = 0;
	char data[64];

	ATF_REQUIRE_EQ(mntopt_tmpfs("ro,inode64,size=1g", &f, data, sizeof(data), NULL), 0);
	ATF_CHECK_STREQ(data, "mode=0755,size=1g");
	ATF_CHECK_EQ(f, 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, split_moves_generic_flags_out_of_data);
	ATF_TP_ADD_TC(tp, flags_str_names_set_flags);
	ATF_TP_ADD_TC(tp, default_mode_unless_given);
	ATF_TP_ADD_TC(tp, every_tmpfs_key_and_flag_accepted);
	ATF_TP_ADD_TC(tp, unsafe_values_are_refused);
	ATF_TP_ADD_TC(tp, ro_is_refused_upper_must_be_writable);
	ATF_TP_ADD_TC(tp, each_refusal_names_item_and_reason);
	ATF_TP_ADD_TC(tp, comma_then_digit_continues_an_item);
	ATF_TP_ADD_TC(tp, empty_items_are_skipped);
	ATF_TP_ADD_TC(tp, data_that_does_not_fit_is_an_error);
	ATF_TP_ADD_TC(tp, no_callback_still_refuses);
	return atf_no_error();
}
