/* See sys_shutdown.h. */
#include "sys/sys_shutdown.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/sendfile.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys/sys.h"

/* The running program, copied to dir/name through dir/name.new. */
static int sys_copy_self(const char *dir, const char *name)
{
	char path[PATH_MAX_OVL], tmp[PATH_MAX_OVL + 8];
	int in, out, r = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	(void)unlink(tmp);
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0700);
	if (out < 0) {
		r = -errno;
		close(in);
		return r;
	}
	while ((n = sendfile(out, in, NULL, 1 << 20)) > 0)
		;
	if (n < 0 || fchmod(out, 0755) < 0)
		r = -errno;
	if (close(out) < 0 && r == 0)
		r = -errno;
	close(in);
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		(void)unlink(tmp);
	return r;
}

int sys_shutdown_install(const char *list, size_t len, struct sys_err *e)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "run", "oldroot" };
	char path[PATH_MAX_OVL];
	int r;

	e->what = "making " SHUTDOWN_DIR " and its mount points";
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), SHUTDOWN_DIR "/%s", dirs[i]);
		if ((r = sys_mkdir_p(path)) < 0)
			return r;
	}
	e->what = "copying /init to " SHUTDOWN_DIR "/" SHUTDOWN_EXE;
	if ((r = sys_copy_self(SHUTDOWN_DIR, SHUTDOWN_EXE)) < 0)
		return r;
	e->what = "writing " SHUTDOWN_DIR "/" SHUTDOWN_LIST;
	return sys_write_text(SHUTDOWN_DIR, SHUTDOWN_DIR "/" SHUTDOWN_LIST, list, len);
}

int sys_shutdown_dev(void)
{
	if (access("/dev/kmsg", F_OK) == 0)
		return 0;
	if (mkdir("/dev", 0755) < 0 && errno != EEXIST)
		return -errno;
	return mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755") < 0 ? -errno : 0;
}

void sys_close_fds(void)
{
	/* Linux 5.9; without it, the fds a library could have left */
	if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0)
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
}

int sys_shutdown_detach(void)
{
	return umount2(SHUTDOWN_OLDROOT, MNT_DETACH) < 0 ? -errno : 0;
}

/* fd is a loop device: detach it if it is bound. Returns 0 (not bound,
 * or detached now), 1 (still bound: busy, or detached later), -errno. */
static int sys_loop_detach(int fd)
{
	struct loop_info64 info;

	if (ioctl(fd, LOOP_GET_STATUS64, &info) < 0)
		return errno == ENXIO ? 0 : -errno;
	if (ioctl(fd, LOOP_CLR_FD) < 0)
		return errno == EBUSY ? 1 : errno == ENXIO ? 0 : -errno;
	return ioctl(fd, LOOP_GET_STATUS64, &info) < 0 && errno == ENXIO ? 0 : 1;
}

int sys_dev_release(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC | O_NONBLOCK), r = 0;

	if (fd < 0)
		return errno == EBUSY ? 1 : errno == ENOENT || errno == ENXIO || errno == ENODEV ?
			0 : -errno;
	if (fstat(fd, &st) < 0)
		r = -errno;
	else if (!S_ISBLK(st.st_mode))
		r = -ENOTBLK;
	else if (major(st.st_rdev) == 7)      /* LOOP_MAJOR */
		r = sys_loop_detach(fd);
	close(fd);
	return r;
}

int sys_reboot(enum shutdown_verb v)
{
	static const int cmd[] = {
		[VERB_REBOOT] = RB_AUTOBOOT,
		[VERB_POWEROFF] = RB_POWER_OFF,
		[VERB_HALT] = RB_HALT_SYSTEM,
		[VERB_KEXEC] = RB_KEXEC,
	};

	sync();
	if ((unsigned)v >= sizeof(cmd) / sizeof(cmd[0]))
		v = VERB_REBOOT;
	if (reboot(cmd[v]) < 0 && v == VERB_KEXEC)
		(void)reboot(RB_AUTOBOOT);     /* no kernel loaded: as systemd does */
	return -errno;
}
