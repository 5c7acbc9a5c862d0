/* See log.h. Userspace writes to /dev/kmsg are rate-limited by the
 * kernel (printk_devkmsg=ratelimit), so callers keep records few and put
 * detail behind LOG_DEBUG. */
#include "log/log.h"
#include "util/limit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct {
	int kmsg_fd;
	int console_fd;
	int max_prio;
} sink = { -1, -1, LOG_INFO };

void log_setup(int kmsg_fd, int console_fd, int max_prio)
{
	sink.kmsg_fd = kmsg_fd;
	sink.console_fd = console_fd;
	sink.max_prio = max_prio;
}

size_t log_format(char *buf, size_t cap, int prio, const char *fmt, va_list ap)
{
	static const char ellipsis[] = "...\n";
	int head, body;
	size_t n;

	if (cap < sizeof(ellipsis) + 16)
		return 0;
	head = snprintf(buf, cap, "<%d>ovlinit: ", prio);
	body = vsnprintf(buf + head, cap - (size_t)head, fmt, ap);
	if (body < 0)
		body = 0;
	n = (size_t)head + (size_t)body;
	if (n + 1 >= cap) {    /* no room for the newline: show the cut */
		memcpy(buf + cap - sizeof(ellipsis), ellipsis, sizeof(ellipsis));
		return cap - 1;
	}
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

static void log_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

void log_msg(int prio, const char *fmt, ...)
{
	char rec[LOG_RECORD_MAX];
	va_list ap;
	size_t n;
	const char *text;

	if (prio > sink.max_prio)
		return;
	va_start(ap, fmt);
	n = log_format(rec, sizeof(rec), prio, fmt, ap);
	va_end(ap);
	/* /dev/kmsg takes the record whole; one write keeps it one line.
	 * Elsewhere (stderr, the console) the "<prio>" prefix, which only
	 * the kernel reads, is left out. */
	text = strchr(rec, '>') + 1;
	if (sink.kmsg_fd < 0 || write(sink.kmsg_fd, rec, n) != (ssize_t)n)
		log_write_all(STDERR_FILENO, text, n - (size_t)(text - rec));
	if (prio <= LOG_ERR && sink.console_fd >= 0)
		log_write_all(sink.console_fd, text, n - (size_t)(text - rec));
}

int log_escape(char *dst, size_t cap, const char *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (cap == 0)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		int plain = c > 0x20 && c < 0x7f && c != '\\';
		size_t need = plain ? 1 : 4;

		if (o + need >= cap) {
			dst[o] = '\0';
			return -ENAMETOOLONG;
		}
		if (plain) {
			dst[o++] = (char)c;
			continue;
		}
		dst[o++] = '\\';
		dst[o++] = 'x';
		dst[o++] = hex[c >> 4];
		dst[o++] = hex[c & 15];
	}
	dst[o] = '\0';
	return 0;
}
