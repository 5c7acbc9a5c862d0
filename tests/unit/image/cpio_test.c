/* Unit tests of lib/image/cpio.c: newc header bytes, padding, the trailer,
 * gen_init_cpio lines, and the sorted entry list. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "image/cpio.h"

ATF_TC_WITHOUT_HEAD(header_is_newc_with_owner_0_and_padded_name);
ATF_TC_BODY(header_is_newc_with_owner_0_and_padded_name, tc)
{
	struct cpio_entry e = { .path = (char *)"init", .mode = S_IFREG | 0755, .size = 5 };
	char buf[256];
	size_t n = cpio_header(buf, sizeof(buf), &e, 1, 1700000000);

	ATF_REQUIRE_EQ(n, 116);   /* 110 + "init\0", padded to 4 */
	ATF_CHECK(memcmp(buf, "070701" "00000001" "000081ED" "00000000" "00000000"
			 "00000001" "6553F100" "00000005" "00000000" "00000000"
			 "00000000" "00000000" "00000005" "00000000" "init\0\0", 116) == 0);
}

ATF_TC_WITHOUT_HEAD(device_node_has_rdev_and_no_data);
ATF_TC_BODY(device_node_has_rdev_and_no_data, tc)
{
	struct cpio_entry e = { .path = (char *)"dev/console", .mode = S_IFCHR | 0600,
				.rmajor = 5, .rminor = 1, .size = 99 };
	char buf[256];
	size_t n = cpio_header(buf, sizeof(buf), &e, 7, 0);

	ATF_REQUIRE_EQ(n, 124);   /* 110 + 12, padded */
	ATF_CHECK(memcmp(buf + 6 + 8, "00002180", 8) == 0);       /* mode */
	ATF_CHECK(memcmp(buf + 6 + 6 * 8, "00000000", 8) == 0);   /* filesize */
	ATF_CHECK(memcmp(buf + 6 + 9 * 8, "00000005" "00000001", 16) == 0);
}

ATF_TC_WITHOUT_HEAD(symlink_size_is_its_target);
ATF_TC_BODY(symlink_size_is_its_target, tc)
{
	struct cpio_entry e = { .path = (char *)"sbin/modprobe", .src = (char *)"/init",
				.mode = S_IFLNK | 0777 };
	char buf[256];

	ATF_REQUIRE(cpio_header(buf, sizeof(buf), &e, 2, 0) > 0);
	ATF_CHECK(memcmp(buf + 6 + 6 * 8, "00000005", 8) == 0);
}

ATF_TC_WITHOUT_HEAD(trailer_and_padding);
ATF_TC_BODY(trailer_and_padding, tc)
{
	char buf[256];

	ATF_REQUIRE_EQ(cpio_trailer(buf, sizeof(buf)), 124);
	ATF_CHECK(memcmp(buf + 110, "TRAILER!!!\0", 11) == 0);
	ATF_CHECK_EQ(cpio_pad(0), 0);
	ATF_CHECK_EQ(cpio_pad(1), 3);
	ATF_CHECK_EQ(cpio_pad(4), 0);
	ATF_CHECK_EQ(cpio_pad(7), 1);
	ATF_CHECK_EQ(cpio_trailer(buf, 100), 0);   /* does not fit: nothing */
}

ATF_TC_WITHOUT_HEAD(genlist_lines_follow_gen_init_cpio);
ATF_TC_BODY(genlist_lines_follow_gen_init_cpio, tc)
{
	struct cpio_entry f = { .path = (char *)"init", .src = (char *)"/s/init", .mode = S_IFREG | 0755 };
	struct cpio_entry d = { .path = (char *)"lib", .mode = S_IFDIR | 0755 };
	struct cpio_entry n = { .path = (char *)"dev/null", .mode = S_IFCHR | 0666, .rmajor = 1, .rminor = 3 };
	struct cpio_entry l = { .path = (char *)"sbin/modprobe", .src = (char *)"/init", .mode = S_IFLNK | 0777 };
	struct cpio_entry sp = { .path = (char *)"a b", .mode = S_IFDIR | 0755 };
	char buf[256];

	ATF_CHECK(cpio_genlist_line(buf, sizeof(buf), &f) > 0);
	ATF_CHECK_STREQ(buf, "file /init /s/init 0755 0 0\n");
	ATF_CHECK(cpio_genlist_line(buf, sizeof(buf), &d) > 0);
	ATF_CHECK_STREQ(buf, "dir /lib 0755 0 0\n");
	ATF_CHECK(cpio_genlist_line(buf, sizeof(buf), &n) > 0);
	ATF_CHECK_STREQ(buf, "nod /dev/null 0666 0 0 c 1 3\n");
	ATF_CHECK(cpio_genlist_line(buf, sizeof(buf), &l) > 0);
	ATF_CHECK_STREQ(buf, "slink /sbin/modprobe /init 0777 0 0\n");
	ATF_CHECK_EQ(cpio_genlist_line(buf, sizeof(buf), &sp), 0);
	ATF_CHECK_EQ(cpio_genlist_line(buf, 10, &f), 0);
}

ATF_TC_WITHOUT_HEAD(list_sorts_parents_first_and_checks_them);
ATF_TC_BODY(list_sorts_parents_first_and_checks_them, tc)
{
	struct cpio_list l = { 0 };

	ATF_REQUIRE_EQ(cpio_list_add(&l, "a/b", "x", S_IFREG | 0644, 1), 0);
	ATF_REQUIRE_EQ(cpio_list_add(&l, "a-b", NULL, S_IFDIR | 0755, 0), 0);
	ATF_REQUIRE_EQ(cpio_list_add(&l, "a", NULL, S_IFDIR | 0755, 0), 0);
	ATF_REQUIRE_EQ(cpio_list_sort(&l), 0);
	ATF_CHECK_STREQ(l.v[0].path, "a");
	ATF_CHECK_STREQ(l.v[1].path, "a-b");
	ATF_CHECK_STREQ(l.v[2].path, "a/b");
	ATF_REQUIRE_EQ(cpio_list_add(&l, "c/d", NULL, S_IFDIR | 0755, 0), 0);
	ATF_CHECK_EQ(cpio_list_sort(&l), -ENOENT);
	cpio_list_free(&l);
	ATF_REQUIRE_EQ(cpio_list_add(&l, "a", NULL, S_IFDIR | 0755, 0), 0);
	ATF_REQUIRE_EQ(cpio_list_add(&l, "a", NULL, S_IFDIR | 0755, 0), 0);
	ATF_CHECK_EQ(cpio_list_sort(&l), -EEXIST);
	cpio_list_free(&l);
}

ATF_TC_WITHOUT_HEAD(list_refuses_bad_paths);
ATF_TC_BODY(list_refuses_bad_paths, tc)
{
	struct cpio_list l = { 0 };
	char longp[CPIO_NAME_MAX + 1];

	memset(longp, 'x', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	ATF_CHECK_EQ(cpio_list_add(&l, "", NULL, S_IFDIR, 0), -EINVAL);
	ATF_CHECK_EQ(cpio_list_add(&l, "/init", NULL, S_IFREG, 0), -EINVAL);
	ATF_CHECK_EQ(cpio_list_add(&l, "a/../b", NULL, S_IFREG, 0), -EINVAL);
	ATF_CHECK_EQ(cpio_list_add(&l, "a//b", NULL, S_IFREG, 0), -EINVAL);
	ATF_CHECK_EQ(cpio_list_add(&l, "a/", NULL, S_IFREG, 0), -EINVAL);
	ATF_CHECK_EQ(cpio_list_add(&l, longp, NULL, S_IFREG, 0), -EINVAL);
	ATF_CHECK_EQ(l.n, 0);
	cpio_list_free(&l);
}

ATF_TC_WITHOUT_HEAD(header_reads_back);
ATF_TC_BODY(header_reads_back, tc)
{
	struct cpio_entry e = { .path = (char *)"etc/ovlinit/image", .mode = S_IFREG | 0644,
				.size = 0xabcdef };
	char buf[256];
	struct cpio_hdr h;
	size_t n = cpio_header(buf, sizeof(buf), &e, 3, 1700000000);

	ATF_REQUIRE(n > 0);
	ATF_REQUIRE_EQ(cpio_parse_header(buf, n, &h), 0);
	ATF_CHECK_EQ(h.mode, S_IFREG | 0644);
	ATF_CHECK_EQ(h.size, 0xabcdef);
	ATF_CHECK_EQ(h.namesize, strlen(e.path) + 1);
	ATF_CHECK_EQ(cpio_parse_header(buf, CPIO_NEWC_HDR - 1, &h), -EINVAL);
	buf[5] = '7';                       /* the old "070707" odc format */
	ATF_CHECK_EQ(cpio_parse_header(buf, n, &h), -EINVAL);
	buf[5] = '2';                       /* "070702": newc with checksums */
	ATF_CHECK_EQ(cpio_parse_header(buf, n, &h), 0);
	buf[60] = 'g';                      /* not hex */
	ATF_CHECK_EQ(cpio_parse_header(buf, n, &h), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(header_refuses_a_name_size_out_of_range);
ATF_TC_BODY(header_refuses_a_name_size_out_of_range, tc)
{
	struct cpio_entry e = { .path = (char *)"init", .mode = S_IFREG | 0755 };
	char buf[256];
	struct cpio_hdr h;
	size_t n = cpio_header(buf, sizeof(buf), &e, 1, 0);

	memcpy(buf + 94, "00000000", 8);
	ATF_CHECK_EQ(cpio_parse_header(buf, n, &h), -EINVAL);
	memcpy(buf + 94, "FFFFFFFF", 8);
	ATF_CHECK_EQ(cpio_parse_header(buf, n, &h), -EINVAL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, header_reads_back);
	ATF_TP_ADD_TC(tp, header_refuses_a_name_size_out_of_range);
	ATF_TP_ADD_TC(tp, header_is_newc_with_owner_0_and_padded_name);
	ATF_TP_ADD_TC(tp, device_node_has_rdev_and_no_data);
	ATF_TP_ADD_TC(tp, symlink_size_is_its_target);
	ATF_TP_ADD_TC(tp, trailer_and_padding);
	ATF_TP_ADD_TC(tp, genlist_lines_follow_gen_init_cpio);
	ATF_TP_ADD_TC(tp, list_sorts_parents_first_and_checks_them);
	ATF_TP_ADD_TC(tp, list_refuses_bad_paths);
	return atf_no_error();
}
