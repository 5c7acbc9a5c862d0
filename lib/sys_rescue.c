/* The console and the rescue shell: PID 1's standard fds, where a fatal
 * diagnosis must be seen, and the shell the failure policy may start. */
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

int sys_kmsg_unlimit(void)
{
	int fd = open("/proc/sys/kernel/printk_devkmsg", O_WRONLY | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, "on\n", 3) != 3)
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
