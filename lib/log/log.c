/* See log.h. Userspace writes to /dev/kmsg are rate-limited by the
 * kernel (printk_devkmsg=ratelimit), so callers keep records few and put
 * detail behind LOG_DEBUG. */
#include "log/log.h"
#include "util/limit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/io.h"

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
	 * the kernel reads, is left out. A log that cannot be written has
	 * nowhere to say so: the fallbacks' results are dropped. */
	text = strchr(rec, '>') + 1;
	if (sink.kmsg_fd < 0 || write(sink.kmsg_fd, rec, n) != (ssize_t)n)
		(void)!io_write_all(STDERR_FILENO, text, n - (size_t)(text - rec));
	if (prio <= LOG_ERR && sink.console_fd >= 0)
		(void)!io_write_all(sink.console_fd, text, n - (size_t)(text - rec));
}
