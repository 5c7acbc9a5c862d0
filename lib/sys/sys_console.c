/* The console: PID 1's standard fds, where a fatal diagnosis must be
 * seen, and the kernel's console and /dev/kmsg settings. */
#include "sys/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int sys_console_fds(enum sys_fds how)
{
	int fill = how == SYS_FDS_FILL || how == SYS_FDS_NULL;
	int fd = how == SYS_FDS_NULL ? -1 : open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);

	/* The kernel opens /dev/console as fds 0-2 only if the node exists
	 * in the initramfs, and gives its usermode helpers none: fill the
	 * gaps, with /dev/null if need be, so that no file opened later
	 * lands on fd 0-2. */
	if (fd < 0 && fill)
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (how == SYS_FDS_SHELL)
		ioctl(fd, TIOCSCTTY, 1);
	for (int i = 0; i < 3; i++)
		if (i != fd && (!fill || fcntl(i, F_GETFD) < 0))
			dup2(fd, i);        /* dup2 clears O_CLOEXEC on the copy */
	if (fd > 2)
		close(fd);
	else
		fcntl(fd, F_SETFD, 0);      /* fd itself is one of 0-2 */
	return 0;
}

int sys_console_loglevel(void)
{
	char buf[64];

	/* /proc/sys/kernel/printk: "console_loglevel default min boot". */
	if (sys_read_file("/proc/sys/kernel/printk", buf, sizeof(buf)) <= 0)
		return 7;
	return atoi(buf);
}

int sys_kmsg_mode(const char *mode, char *old, size_t cap)
{
	static const char path[] = "/proc/sys/kernel/printk_devkmsg";
	char line[32];
	int fd, n, r = 0;

	if (old && cap > 0) {
		long got = sys_read_file(path, old, cap);
		if (got < 0)
			return (int)got;
		old[strcspn(old, "\n")] = '\0';
	}
	/* The sysctl takes the word and exactly one byte more, the newline
	 * (kernel/printk/printk.c, devkmsg_sysctl_set_loglvl): "on" alone
	 * is refused with EINVAL. */
	n = snprintf(line, sizeof(line), "%s\n", mode);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -EINVAL;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, line, (size_t)n) != n)
		r = -errno;
	close(fd);
	return r;
}
