/* The logger: one write() per record to /dev/kmsg, as
 * "<prio>ovlinit: message\n", falling back to stderr. No stdio. */
#ifndef OVLINIT_LOG_H
#define OVLINIT_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum log_prio {
	LOG_ERR = 3,
	LOG_WARN = 4,
	LOG_NOTICE = 5,
	LOG_INFO = 6,
	LOG_DEBUG = 7,
};

/* Where records go and which are kept: records above max_prio are dropped.
 * console_fd, if >= 0, also gets every record of LOG_ERR (without the
 * "<3>" prefix), so a fatal diagnosis shows even when kmsg is filtered. */
void log_setup(int kmsg_fd, int console_fd, int max_prio);

/* Format one record into buf (always NUL-terminated when cap > 0).
 * Returns the record's length. An over-long message is cut and ends with
 * "...\n" so the cut is visible. Pure. */
size_t log_format(char *buf, size_t cap, int prio, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...)   log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Device-controlled bytes (labels, names) are escaped before they are
 * logged: text_escape(..., TEXT_ESC_SPACE) of util/text.h. */

#endif
