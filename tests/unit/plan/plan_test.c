/* Unit tests of lib/plan/plan.c: the mount steps for the plain and the
 * overlay root, checked as printed text. */
#include <atf-c.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "cmdline/cmdline.h"
#include "plan/plan.h"

static void plan_of(const char *cmdline, char *out, size_t cap)
{
	struct boot_opts o;
	struct plan p;

	ATF_REQUIRE_EQ(cmdline_parse(cmdline, strlen(cmdline), &o), 0);
	ATF_REQUIRE_EQ(plan_build(&o, "/dev/vda", "ext4", &p), 0);
	plan_print(&p, out, cap);
}

ATF_TC_WITHOUT_HEAD(plain_root_is_read_only_by_default);
ATF_TC_BODY(plain_root_is_read_only_by_default, tc)
{
	char out[2048];

	plan_of("root=/dev/vda rootflags=noatime,ro,data=ordered", out, sizeof(out));
	ATF_CHECK_STREQ(out,
		"private /\n"
		"mkdir /sysroot\n"
		"mount /dev/vda /sysroot type=ext4 flags=ro,noatime data=data=ordered\n"
		"exec /sbin/init\n");
}

ATF_TC_WITHOUT_HEAD(plain_root_rw);
ATF_TC_BODY(plain_root_rw, tc)
{
	char out[2048];

	plan_of("root=/dev/vda rw init=/bin/sh", out, sizeof(out));
	ATF_CHECK_STREQ(out,
		"private /\n"
		"mkdir /sysroot\n"
		"mount /dev/vda /sysroot type=ext4 flags=rw data=-\n"
		"exec /bin/sh\n");
}

ATF_TC_WITHOUT_HEAD(overlay_is_alpine_layout_and_lower_stays_ro);
ATF_TC_BODY(overlay_is_alpine_layout_and_lower_stays_ro, tc)
{
	char out[4096];

	plan_of("root=/dev/vda overlaytmpfs=yes rootflags=rw", out, sizeof(out));
	ATF_CHECK_STREQ(out,
		"private /\n"
		"mkdir /sysroot\n"
		"mkdir /media/root-ro\n"
		"mkdir /media/root-rw\n"
		"setro /dev/vda\n"
		"mount /dev/vda /media/root-ro type=ext4 flags=ro data=- (EROFS: again with noload)\n"
		"mount root-tmpfs /media/root-rw type=tmpfs flags=rw data=mode=0755\n"
		"mkdir /media/root-rw/root\n"
		"mkdir /media/root-rw/work\n"
		"mount overlayfs /sysroot type=overlay flags=rw data=lowerdir=/media/root-ro,"
		"upperdir=/media/root-rw/root,workdir=/media/root-rw/work\n"
		"move /media/root-ro /sysroot/media/root-ro\n"
		"move /media/root-rw /sysroot/media/root-rw\n"
		"exec /sbin/init\n");
}

static void plan_overlay_of(const char *cmdline, const char *fstype, struct plan *p)
{
	struct boot_opts o;

	ATF_REQUIRE_EQ(cmdline_parse(cmdline, strlen(cmdline), &o), 0);
	ATF_REQUIRE_EQ(plan_build(&o, "/dev/sda2", fstype, p), 0);
}

static const struct step *plan_find(const struct plan *p, const char *target)
{
	for (int i = 0; i < p->n; i++)
		if (p->steps[i].kind == STEP_MOUNT && strcmp(p->steps[i].target, target) == 0)
			return &p->steps[i];
	atf_tc_fail("no mount step on %s", target);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(lower_gets_rootflags_minus_ro_rw);
ATF_TC_BODY(lower_gets_rootflags_minus_ro_rw, tc)
{
	struct plan p;
	const struct step *s;

	plan_overlay_of("root=/dev/sda2 overlaytmpfs rootflags=rw,noatime,data=journal,ro,rw",
			"ext4", &p);
	s = plan_find(&p, "/media/root-ro");
	ATF_CHECK_STREQ(s->data, "data=journal");
	ATF_CHECK(s->flags & MS_RDONLY);
	ATF_CHECK(s->flags & MS_NOATIME);
	ATF_CHECK_EQ(s->noload_retry, 1);
}

ATF_TC_WITHOUT_HEAD(noload_retry_only_for_ext3_ext4);
ATF_TC_BODY(noload_retry_only_for_ext3_ext4, tc)
{
	struct plan p;

	plan_overlay_of("root=/dev/sda2 overlaytmpfs", "ext3", &p);
	ATF_CHECK_EQ(plan_find(&p, "/media/root-ro")->noload_retry, 1);
	plan_overlay_of("root=/dev/sda2 overlaytmpfs", "btrfs", &p);
	ATF_CHECK_EQ(plan_find(&p, "/media/root-ro")->noload_retry, 0);
	plan_overlay_of("root=/dev/sda2 rootfstype=ext4", "ext4", &p);
	ATF_CHECK_EQ(plan_find(&p, "/sysroot")->noload_retry, 0);
}

ATF_TC_WITHOUT_HEAD(setro_comes_before_the_lower_mount);
ATF_TC_BODY(setro_comes_before_the_lower_mount, tc)
{
	struct plan p;
	int setro = -1, lower = -1;

	plan_overlay_of("root=/dev/sda2 overlaytmpfs=yes", "ext4", &p);
	for (int i = 0; i < p.n; i++) {
		if (p.steps[i].kind == STEP_SETRO)
			setro = i;
		if (p.steps[i].kind == STEP_MOUNT && strcmp(p.steps[i].target, "/media/root-ro") == 0)
			lower = i;
	}
	ATF_CHECK(setro >= 0 && setro < lower);
	ATF_CHECK_STREQ(p.steps[setro].src, "/dev/sda2");
	ATF_CHECK_EQ(p.steps[0].kind, STEP_PRIVATE);
}

/* The plan judges no option again: it mounts what cmdline_parse()
 * split and validated, byte for byte, even if a caller changed it. */
ATF_TC_WITHOUT_HEAD(plan_mounts_the_parsed_options_as_they_are);
ATF_TC_BODY(plan_mounts_the_parsed_options_as_they_are, tc)
{
	struct boot_opts o;
	struct plan p;
	const struct step *s;
	const char *cl = "root=/dev/sda2 overlaytmpfs=yes rootflags=noatime,errors=remount-ro";

	ATF_REQUIRE_EQ(cmdline_parse(cl, strlen(cl), &o), 0);
	strcpy(o.tmpfs_data, "size=16m,gid=100");
	o.tmpfs_mflags = MS_NOSUID;
	ATF_REQUIRE_EQ(plan_build(&o, "/dev/sda2", "ext4", &p), 0);
	s = plan_find(&p, "/media/root-rw");
	ATF_CHECK_STREQ(s->data, "size=16m,gid=100");
	ATF_CHECK_EQ(s->flags, (unsigned long)MS_NOSUID);
	s = plan_find(&p, "/media/root-ro");
	ATF_CHECK_STREQ(s->data, o.root_data);
	ATF_CHECK_EQ(s->flags, (unsigned long)(MS_NOATIME | MS_RDONLY));
}

ATF_TC_WITHOUT_HEAD(upper_flags_through_the_validator);
ATF_TC_BODY(upper_flags_through_the_validator, tc)
{
	struct plan p;
	const struct step *s;

	plan_overlay_of("root=/dev/sda2 overlaytmpfs=yes overlaytmpfsflags=size=16m,ro,foo=1,"
			"mode=1777,noatime", "ext4", &p);
	s = plan_find(&p, "/media/root-rw");
	ATF_CHECK_STREQ(s->data, "mode=0755,size=16m");
	ATF_CHECK(!(s->flags & MS_RDONLY));
	ATF_CHECK(s->flags & MS_NOATIME);
	plan_overlay_of("root=/dev/sda2 overlaytmpfs=yes overlaytmpfsflags=mode=0777,uid=1000,"
			"size=1g,mode=0700", "ext4", &p);
	ATF_CHECK_STREQ(plan_find(&p, "/media/root-rw")->data, "size=1g,mode=0700");
}

ATF_TC_WITHOUT_HEAD(upper_without_flags_is_mode_0755);
ATF_TC_BODY(upper_without_flags_is_mode_0755, tc)
{
	struct plan p;

	plan_overlay_of("root=/dev/sda2 overlaytmpfs=yes", "ext4", &p);
	ATF_CHECK_STREQ(plan_find(&p, "/media/root-rw")->data, "mode=0755");
}

ATF_TC_WITHOUT_HEAD(marker_says_overlay_and_journal);
ATF_TC_BODY(marker_says_overlay_and_journal, tc)
{
	struct plan p;
	char buf[512];

	plan_overlay_of("root=/dev/sda2 overlaytmpfs=yes", "ext4", &p);
	ATF_CHECK(plan_marker(&p, PLAN_RAN_NOLOAD, buf, sizeof(buf)) > 0);
	ATF_CHECK_STREQ(buf, "OVLINIT_ROOT=overlay\nOVLINIT_DEVICE=/dev/sda2\nOVLINIT_FSTYPE=ext4\n"
			"OVLINIT_LOWER=/media/root-ro\nOVLINIT_UPPER=/media/root-rw\n"
			"OVLINIT_JOURNAL=skipped\nOVLINIT_STORE=none\n");
	ATF_CHECK(plan_marker(&p, 0, buf, sizeof(buf)) > 0);
	ATF_CHECK(strstr(buf, "OVLINIT_JOURNAL=ok\n") != NULL);
	ATF_CHECK_EQ(plan_marker(&p, 0, buf, 20), -ENAMETOOLONG);
	plan_overlay_of("root=/dev/sda2", "ext4", &p);
	ATF_CHECK(plan_marker(&p, 0, buf, sizeof(buf)) > 0);
	ATF_CHECK_STREQ(buf, "OVLINIT_ROOT=plain\nOVLINIT_DEVICE=/dev/sda2\nOVLINIT_FSTYPE=ext4\n");
}

ATF_TC_WITHOUT_HEAD(marker_records_the_root_hash);
ATF_TC_BODY(marker_records_the_root_hash, tc)
{
	static const char rh[] = "5a2c6808eca428e1b92e4170249493273a96fcfbcb10882efd69573c1210979b";
	struct boot_opts o;
	struct plan p;
	char cmd[256], buf[512];

	snprintf(cmd, sizeof(cmd), "root=/dev/vda verityhash=/dev/vdb roothash=%s overlaytmpfs", rh);
	ATF_REQUIRE_EQ(cmdline_parse(cmd, strlen(cmd), &o), 0);
	ATF_REQUIRE_EQ(plan_build(&o, "/dev/mapper/root", "ext4", &p), 0);
	ATF_CHECK(plan_marker(&p, 0, buf, sizeof(buf)) > 0);
	ATF_CHECK(strstr(buf, "OVLINIT_DEVICE=/dev/mapper/root\n") != NULL);
	ATF_CHECK(strstr(buf, "OVLINIT_JOURNAL=ok\nOVLINIT_STORE=none\nOVLINIT_VERITY=5a2c6808eca428e1") != NULL);
	ATF_CHECK_EQ(plan_marker(&p, 0, buf, 160), -ENAMETOOLONG);
	/* the plain root of a mapping is read-only, whatever rw says */
	snprintf(cmd, sizeof(cmd), "root=/dev/vda verityhash=/dev/vdb roothash=%s rw", rh);
	ATF_REQUIRE_EQ(cmdline_parse(cmd, strlen(cmd), &o), 0);
	ATF_REQUIRE_EQ(plan_build(&o, "/dev/mapper/root", "ext4", &p), 0);
	plan_print(&p, buf, sizeof(buf));
	ATF_CHECK(strstr(buf, "mount /dev/mapper/root /sysroot type=ext4 flags=ro data=-\n") != NULL);
}

ATF_TC_WITHOUT_HEAD(store_upper_replaces_the_tmpfs);
ATF_TC_BODY(store_upper_replaces_the_tmpfs, tc)
{
	struct plan_upper u = { "/dev/loop0", "ext4", "/media/vdb1/persist.img", "/media/vdb1", 0, 0, 0 };
	struct boot_opts o;
	struct plan p;
	char out[4096];
	const char *cl = "root=/dev/vda overlaytmpfs overlaystore=LABEL=B:/persist.img";

	ATF_REQUIRE_EQ(cmdline_parse(cl, strlen(cl), &o), 0);
	ATF_REQUIRE_EQ(plan_store_host(&o, "/dev/vdb1", "vfat", "/media/vdb1", &p), 0);
	plan_print(&p, out, sizeof(out));
	ATF_CHECK_STREQ(out, "mkdir /media/vdb1\n"
			"mount /dev/vdb1 /media/vdb1 type=vfat flags=rw data=-\n"
			"loop /media/vdb1/persist.img\nexec \n");
	ATF_REQUIRE_EQ(plan_store_upper("/dev/loop0", "ext4", OVL_UPPER, &p), 0);
	plan_print(&p, out, sizeof(out));
	ATF_CHECK_STREQ(out, "mkdir /media/root-rw\n"
			"mount /dev/loop0 /media/root-rw type=ext4 flags=rw data=-\nexec \n");
	ATF_REQUIRE_EQ(plan_build_upper(&o, "/dev/vda", "ext4", &u, &p), 0);
	plan_print(&p, out, sizeof(out));
	ATF_CHECK_STREQ(out,
		"private /\n"
		"mkdir /sysroot\n"
		"mkdir /media/root-ro\n"
		"setro /dev/vda\n"
		"mount /dev/vda /media/root-ro type=ext4 flags=ro data=- (EROFS: again with noload)\n"
		"mkdir /media/root-rw/root\n"
		"mkdir /media/root-rw/work\n"
		"mount overlayfs /sysroot type=overlay flags=rw data=lowerdir=/media/root-ro,"
		"upperdir=/media/root-rw/root,workdir=/media/root-rw/work\n"
		"move /media/root-ro /sysroot/media/root-ro\n"
		"move /media/vdb1 /sysroot/media/vdb1\n"
		"move /media/root-rw /sysroot/media/root-rw\n"
		"exec /sbin/init\n");
	ATF_REQUIRE(plan_marker(&p, 0, out, sizeof(out)) > 0);
	ATF_CHECK(strstr(out, "OVLINIT_STORE=/dev/loop0\nOVLINIT_STORE_FSTYPE=ext4\n"
			 "OVLINIT_STORE_IMAGE=/media/vdb1/persist.img\nOVLINIT_STORE_MODE=upper\n"
			 "OVLINIT_STORE_RESET=no\nOVLINIT_STORE_FALLBACK=no\n") != NULL);
}

ATF_TC_WITHOUT_HEAD(store_fallback_is_the_tmpfs_and_recorded);
ATF_TC_BODY(store_fallback_is_the_tmpfs_and_recorded, tc)
{
	struct plan_upper u = { NULL, NULL, NULL, NULL, 1, 0, 0 };
	struct boot_opts o;
	struct plan p;
	char out[4096];
	const char *cl = "root=/dev/vda overlaytmpfs overlaystore=LABEL=B";

	ATF_REQUIRE_EQ(cmdline_parse(cl, strlen(cl), &o), 0);
	ATF_REQUIRE_EQ(plan_build_upper(&o, "/dev/vda", "ext4", &u, &p), 0);
	plan_print(&p, out, sizeof(out));
	ATF_CHECK(strstr(out, "mount root-tmpfs /media/root-rw type=tmpfs") != NULL);
	ATF_REQUIRE(plan_marker(&p, 0, out, sizeof(out)) > 0);
	ATF_CHECK(strstr(out, "OVLINIT_STORE=none\nOVLINIT_STORE_FALLBACK=yes\n") != NULL);
}

ATF_TC_WITHOUT_HEAD(store_filesystems);
ATF_TC_BODY(store_filesystems, tc)
{
	ATF_CHECK(plan_store_refusal("ext4") == NULL);
	ATF_CHECK(plan_store_refusal("xfs") == NULL);
	ATF_CHECK(plan_store_refusal("btrfs") == NULL);
	ATF_CHECK(plan_store_refusal("f2fs") == NULL);
	ATF_CHECK(strstr(plan_store_refusal("vfat"), "extended attributes") != NULL);
	ATF_CHECK(strstr(plan_store_refusal("squashfs"), "read-only") != NULL);
	ATF_CHECK(strstr(plan_store_refusal(""), "no filesystem") != NULL);
	ATF_CHECK(plan_store_refusal("ntfs") != NULL);
}

ATF_TC_WITHOUT_HEAD(store_keep_binds_each_path);
ATF_TC_BODY(store_keep_binds_each_path, tc)
{
	struct plan_upper u = { "/dev/vdb", "ext4", NULL, NULL, 0, 1, 0 };
	struct boot_opts o;
	static struct plan p;
	char out[8192];
	const char *cl = "root=/dev/vda overlaytmpfs overlaystore=LABEL=B overlaykeep=/etc/ssh,/srv";

	ATF_REQUIRE_EQ(cmdline_parse(cl, strlen(cl), &o), 0);
	ATF_REQUIRE_EQ(plan_build_upper(&o, "/dev/vda", "ext4", &u, &p), 0);
	plan_print(&p, out, sizeof(out));
	ATF_CHECK(strstr(out, "mount root-tmpfs /media/root-rw type=tmpfs") != NULL);
	ATF_CHECK(strstr(out,
		"workdir=/media/root-rw/work\n"
		"seed /media/persist/keep/etc/ssh from /media/root-ro/etc/ssh\n"
		"bind /media/persist/keep/etc/ssh /sysroot/etc/ssh\n"
		"seed /media/persist/keep/srv from /media/root-ro/srv\n"
		"bind /media/persist/keep/srv /sysroot/srv\n"
		"move /media/root-ro /sysroot/media/root-ro\n"
		"move /media/persist /sysroot/media/persist\n"
		"move /media/root-rw /sysroot/media/root-rw\n") != NULL);
	ATF_REQUIRE(plan_marker(&p, 0, out, sizeof(out)) > 0);
	ATF_CHECK(strstr(out, "OVLINIT_STORE_MODE=keep\nOVLINIT_KEEP=\"/etc/ssh /srv\"\n") != NULL);
}

ATF_TC_WITHOUT_HEAD(sixteen_kept_paths_fit_the_plan);
ATF_TC_BODY(sixteen_kept_paths_fit_the_plan, tc)
{
	struct plan_upper u = { "/dev/loop0", "ext4", "/media/vdb1/p.img", "/media/vdb1", 0, 1, 0 };
	static struct boot_opts o;
	static struct plan p;
	static char text[2048], out[16384];

	snprintf(text, sizeof(text), "root=/dev/vda overlaytmpfs overlaystore=LABEL=B:/p.img "
		 "overlaykeep=");
	for (int i = 0; i < 16; i++) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof(text) - n, "%s/%0190d%02d", i ? "," : "", 0, i);
	}
	ATF_REQUIRE_EQ(cmdline_parse(text, strlen(text), &o), -EINVAL);   /* over OPT_VALUE_MAX */
	snprintf(text, sizeof(text), "root=/dev/vda overlaytmpfs overlaystore=LABEL=B:/p.img "
		 "overlaykeep=");
	for (int i = 0; i < 16; i++) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof(text) - n, "%s/k%02d", i ? "," : "", i);
	}
	ATF_REQUIRE_EQ(cmdline_parse(text, strlen(text), &o), 0);
	ATF_REQUIRE_EQ(o.n_keep, 16);
	ATF_REQUIRE_EQ(plan_build_upper(&o, "/dev/vda", "ext4", &u, &p), 0);
	plan_print(&p, out, sizeof(out));
	ATF_CHECK(strstr(out, "bind /media/persist/keep/k15 /sysroot/k15\n") != NULL);
	ATF_CHECK(strstr(out, "move /media/vdb1 /sysroot/media/vdb1\n") != NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, marker_records_the_root_hash);
	ATF_TP_ADD_TC(tp, plain_root_is_read_only_by_default);
	ATF_TP_ADD_TC(tp, plain_root_rw);
	ATF_TP_ADD_TC(tp, overlay_is_alpine_layout_and_lower_stays_ro);
	ATF_TP_ADD_TC(tp, lower_gets_rootflags_minus_ro_rw);
	ATF_TP_ADD_TC(tp, noload_retry_only_for_ext3_ext4);
	ATF_TP_ADD_TC(tp, setro_comes_before_the_lower_mount);
	ATF_TP_ADD_TC(tp, plan_mounts_the_parsed_options_as_they_are);
	ATF_TP_ADD_TC(tp, upper_flags_through_the_validator);
	ATF_TP_ADD_TC(tp, upper_without_flags_is_mode_0755);
	ATF_TP_ADD_TC(tp, marker_says_overlay_and_journal);
	ATF_TP_ADD_TC(tp, store_upper_replaces_the_tmpfs);
	ATF_TP_ADD_TC(tp, store_fallback_is_the_tmpfs_and_recorded);
	ATF_TP_ADD_TC(tp, store_filesystems);
	ATF_TP_ADD_TC(tp, store_keep_binds_each_path);
	ATF_TP_ADD_TC(tp, sixteen_kept_paths_fit_the_plan);
	return atf_no_error();
}
