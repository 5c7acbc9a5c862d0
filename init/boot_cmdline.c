/* Step 2: read and parse /proc/cmdline; log every problem found. */
#include <errno.h>

#include "boot.h"
#include "log/log.h"
#include "sys/sys.h"

int boot_cmdline(struct boot *b)
{
	char text[CMDLINE_MAX];
	long n = sys_read_file("/proc/cmdline", text, sizeof(text));
	int r;

	if (n < 0)
		return boot_error(b, "reading /proc/cmdline", (int)n);
	r = cmdline_parse(text, (size_t)n, &b->opts);
	boot_logger(b->opts.debug ? LOG_DEBUG : b->opts.quiet ? LOG_WARN : LOG_INFO);
	for (int i = 0; i < b->opts.n_notes; i++)
		log_msg(b->opts.notes[i].level == NOTE_ERROR ? LOG_ERR : LOG_WARN,
			"command line: %s", b->opts.notes[i].text);
	if (b->opts.n_errors + b->opts.n_warnings > b->opts.n_notes)
		log_warn("command line: %d more problems; `ovlinit --explain` lists them all",
			 b->opts.n_errors + b->opts.n_warnings - b->opts.n_notes);
	if (b->opts.root_words == 0)
		return boot_error(b, "finding root= on the command line", -EINVAL);
	if (r < 0)
		return boot_error(b, "parsing the command line", r);
	return 0;
}
