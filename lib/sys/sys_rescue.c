/* The rescue shell the failure policy may start. */
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

int sys_have_shell(void)
{
	return access(RESCUE_SHELL, X_OK) == 0;
}

static void sys_shell_child(void)
{
	char *const argv[] = { (char *)"-sh", NULL };
	char *const envp[] = { (char *)"PATH=/bin:/sbin:/usr/bin:/usr/sbin",
			       (char *)"PS1=(ovlinit rescue) # ", (char *)"TERM=linux", NULL };

	setsid();
	(void)!sys_console_fds(SYS_FDS_SHELL);   /* no console: the shell gets ours */
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
