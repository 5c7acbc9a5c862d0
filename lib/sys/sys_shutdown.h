/* The machine half of the way back at shutdown (lib/shutdown/shutdown.h,
 * ovlinit(8) SHUTDOWN): the boot installs /run/initramfs; /shutdown,
 * run there by systemd-shutdown, detaches the old root, waits for the
 * store's devices and does the verb. Like sys.c these return 0 or a
 * negative errno and log nothing. */
#ifndef OVLINIT_SYS_SHUTDOWN_H
#define OVLINIT_SYS_SHUTDOWN_H

#include <stddef.h>

#include "shutdown/shutdown.h"
#include "sys/sys.h"

#define SHUTDOWN_DIR "/run/initramfs"    /* at boot; "/" once systemd pivoted into it */
#define SHUTDOWN_EXE "shutdown"          /* in SHUTDOWN_DIR: a copy of this /init */
#define SHUTDOWN_LIST "ovlinit-release"  /* in SHUTDOWN_DIR: release_format()'s text */
#define SHUTDOWN_OLDROOT "/oldroot"      /* where systemd-shutdown leaves the old root */

/* At boot: SHUTDOWN_DIR with the mount points systemd binds /dev, /proc,
 * /sys, /run and the old root onto, SHUTDOWN_EXE a copy of the running
 * program (made under another name and renamed: never half a binary),
 * SHUTDOWN_LIST the text list[0..len). Returns 0 or -errno, e->what
 * naming the part. */
int sys_shutdown_install(const char *list, size_t len, struct sys_err *e)
	__attribute__((warn_unused_result));

/* At shutdown: a devtmpfs on /dev unless /dev/kmsg is there already
 * (systemd binds the old /dev). Returns 0 or -errno. */
int sys_shutdown_dev(void) __attribute__((warn_unused_result));

/* Close every fd above 2: nothing inherited may keep the old root busy. */
void sys_close_fds(void);

/* umount2(SHUTDOWN_OLDROOT, MNT_DETACH): the old root and every mount
 * below it leave the namespace, each freed as its last user goes (the
 * overlay first, then its upper, the loop device's file, the filesystem
 * holding it). Returns 0, -EINVAL when SHUTDOWN_OLDROOT is not a mount,
 * or -errno. */
int sys_shutdown_detach(void) __attribute__((warn_unused_result));

/* Is the block device at path released? A filesystem claims its device
 * exclusively while its superblock lives, so an O_EXCL open fails with
 * EBUSY until it is cleanly unmounted; a bound loop device is detached
 * here (LOOP_CLR_FD) once nothing holds it. Returns 0 (released, or the
 * node is gone), 1 (still in use), or -errno. */
int sys_dev_release(const char *path) __attribute__((warn_unused_result));

/* sync(), then reboot(2) with the verb's command; kexec falls back to a
 * reboot. Returns only on failure, with -errno. */
int sys_reboot(enum shutdown_verb v);

#endif
