/* Unit tests of lib/util/io.c: whole reads and writes on a file. */
#include <atf-c.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/io.h"

static int tmpfile_with(const char *text)
{
	char path[] = "io_test.XXXXXX";
	int fd = mkstemp(path);

	ATF_REQUIRE(fd >= 0);
	unlink(path);
	ATF_REQUIRE_EQ(io_write_all(fd, text, strlen(text)), 0);
	ATF_REQUIRE(lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

ATF_TC_WITHOUT_HEAD(write_then_read_back_whole);
ATF_TC_BODY(write_then_read_back_whole, tc)
{
	char buf[32] = { 0 };
	int fd = tmpfile_with("hello, world");

	ATF_CHECK_EQ(io_read_full(fd, buf, 5), 5);
	ATF_CHECK(memcmp(buf, "hello", 5) == 0);
	ATF_CHECK_EQ(io_read_full(fd, buf, sizeof(buf)), 7);   /* the rest, then the end */
	ATF_CHECK(memcmp(buf, ", world", 7) == 0);
	ATF_CHECK_EQ(io_read_full(fd, buf, sizeof(buf)), 0);
	close(fd);
}

ATF_TC_WITHOUT_HEAD(pread_at_an_offset_leaves_the_position);
ATF_TC_BODY(pread_at_an_offset_leaves_the_position, tc)
{
	char buf[8] = { 0 };
	int fd = tmpfile_with("0123456789");

	ATF_CHECK_EQ(io_pread_full(fd, buf, 3, 7), 3);
	ATF_CHECK(memcmp(buf, "789", 3) == 0);
	ATF_CHECK_EQ(io_pread_full(fd, buf, 4, 8), 2);         /* cut by the end */
	ATF_CHECK_EQ(io_pread_full(fd, buf, 4, 100), 0);
	ATF_CHECK_EQ(io_read_full(fd, buf, 2), 2);              /* still at 0 */
	ATF_CHECK(memcmp(buf, "01", 2) == 0);
	close(fd);
}

ATF_TC_WITHOUT_HEAD(errors_are_negative_errno);
ATF_TC_BODY(errors_are_negative_errno, tc)
{
	char buf[4];
	int p[2];

	ATF_CHECK_EQ(io_write_all(-1, "x", 1), -EBADF);
	ATF_CHECK_EQ(io_read_full(-1, buf, sizeof(buf)), -EBADF);
	ATF_REQUIRE(pipe(p) == 0);
	ATF_CHECK_EQ(io_pread_full(p[0], buf, sizeof(buf), 0), -ESPIPE);   /* no offsets */
	ATF_CHECK_EQ(io_read_full(p[1], buf, sizeof(buf)), -EBADF);       /* the write end */
	close(p[0]);
	close(p[1]);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, write_then_read_back_whole);
	ATF_TP_ADD_TC(tp, pread_at_an_offset_leaves_the_position);
	ATF_TP_ADD_TC(tp, errors_are_negative_errno);
	return atf_no_error();
}
