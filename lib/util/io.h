/* Whole reads and writes on a file descriptor the caller opened, EINTR
 * retried: the loops the logger, the toggle and the builder share. */
#ifndef OVLINIT_IO_H
#define OVLINIT_IO_H

#include <stddef.h>

/* Write all of buf[0..n) to fd. Returns 0 or -errno (-EIO if write()
 * made no progress). */
int io_write_all(int fd, const void *buf, size_t n) __attribute__((warn_unused_result));

/* Read until buf[0..n) is full or the end of the file. Returns the bytes
 * read, or -errno. */
long io_read_full(int fd, void *buf, size_t n) __attribute__((warn_unused_result));

/* The same at offset off (pread), the file position unchanged; off < 0
 * reads at the file position, as io_read_full(). */
long io_pread_full(int fd, void *buf, size_t n, long long off)
	__attribute__((warn_unused_result));

#endif
