/* The console and the rescue shell: PID 1's standard fds, where a fatal
 * diagnosis must be seen, and the shell the failure policy may start. */
#include "sys/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RESCUE_SHELL "/bin/sh"

void sys_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		int n;

		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		/* The kernel opens /dev/console as fds 0-2 only if the node
		 * exists in the initramfs; fill the gaps so that no file we
		 * open later lands on fd 0-2. */
		n = open("/dev/console", O_RDWR | O_NOCTTY);
		if (n < 0)
			n = open("/dev/null", O_RDWR);
		if (n >= 0 && n != fd) {
			dup2(n, fd);
			close(n);
		}
	}
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

int sys_have_shell(void)
{
	return access(RESCUE_SHELL, X_OK) == 0;
}

static void sys_shell_child(void)
{
	char *const argv[] = { (char *)"-sh", NULL };
	char *const envp[] = { (char *)"PATH=/bin:/sbin:/usr/bin:/usr/sbin",
			       (char *)"PS1=(ovlinit rescue) # ", (char *)"TERM=linux", NULL };
	int fd;

	setsid();
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		ioctl(fd, TIOCSCTTY, 1);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	execve(RESCUE_SHELL, argv, envp);
	_exit(127);
}

int sys_rescue_shell(void)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -errno;
	if (pid == 0)
		sys_shell_child();
	/* PID 1 also reaps orphans the shell leaves behind. */
	while (waitpid(-1, &status, 0) != pid || !(WIFEXITED(status) || WIFSIGNALED(status)))
		if (errno == ECHILD)
			break;
	return 0;
}
