/* See io.h. */
#include "util/io.h"

#include <errno.h>
#include <unistd.h>

int io_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		if (w == 0)
			return -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

long io_read_full(int fd, void *buf, size_t n)
{
	return io_pread_full(fd, buf, n, -1);
}

long io_pread_full(int fd, void *buf, size_t n, long long off)
{
	char *p = buf;
	size_t done = 0;

	while (done < n) {
		ssize_t r = off < 0 ? read(fd, p + done, n - done) :
			    pread(fd, p + done, n - done, (off_t)(off + (long long)done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (long)done;
}
