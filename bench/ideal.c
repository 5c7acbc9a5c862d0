/* The hand-made ideal initramfs init, the benchmark's yardstick: it knows
 * everything in advance and discovers nothing. It loads a fixed list of
 * module files in dependency order with finit_module(2), waits for a
 * known device node, mounts the Alpine overlay root and switches to it.
 * No parsing beyond its own config, no probing, no uevents, no libkmod.
 *
 * /ideal.conf, one directive per line:
 *   mod PATH [PARAMS]     load this .ko with these module parameters
 *   dev /dev/NAME         the root device, an ext4 filesystem
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "ideal: %s: %s\n", what, strerror(errno));
	sleep(2);
	exit(1);
}

static void load(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die(path);
	/* ENODEV: hardware this module is for is absent (crc32c-intel on a
	 * CPU without SSE4.2); the generic softdep covers it. */
	if (syscall(SYS_finit_module, fd, params, 0) < 0 && errno != EEXIST && errno != ENODEV)
		die(path);
	close(fd);
}

static void wait_dev(const char *dev)
{
	struct timespec ms = { 0, 1000000 };
	struct stat st;

	for (int i = 0; i < 30000 && stat(dev, &st) < 0; i++)
		nanosleep(&ms, NULL);
}

static void config(char *dev, size_t cap)
{
	char line[512], *path, *params;
	FILE *f = fopen("/ideal.conf", "r");

	if (f == NULL)
		die("/ideal.conf");
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "dev ", 4) == 0)
			snprintf(dev, cap, "%s", line + 4);
		if (strncmp(line, "mod ", 4) != 0)
			continue;
		path = line + 4;
		params = strchr(path, ' ');
		if (params)
			*params++ = '\0';
		load(path, params ? params : "");
	}
	fclose(f);
}

static void overlay(const char *dev)
{
	mkdir("/media", 0755);
	mkdir("/media/root-ro", 0755);
	mkdir("/media/root-rw", 0755);
	mkdir("/sysroot", 0755);
	/* usb-storage shows the node a moment before the disk can be opened
	 * (ENXIO): even an init that knows its hardware must wait for that. */
	struct timespec ms = { 0, 1000000 };
	int r, tries = 0;

	while ((r = mount(dev, "/media/root-ro", "ext4", MS_RDONLY, NULL)) < 0 &&
	       errno == ENXIO && tries++ < 5000)
		nanosleep(&ms, NULL);
	if (r < 0)
		die(dev);
	if (mount("root-tmpfs", "/media/root-rw", "tmpfs", 0, "mode=0755") < 0)
		die("tmpfs");
	mkdir("/media/root-rw/root", 0755);
	mkdir("/media/root-rw/work", 0755);
	if (mount("overlayfs", "/sysroot", "overlay", 0,
		  "lowerdir=/media/root-ro,upperdir=/media/root-rw/root,"
		  "workdir=/media/root-rw/work") < 0)
		die("overlay");
}

static void move(const char *from, const char *to)
{
	mkdir(to, 0755);
	if (mount(from, to, NULL, MS_MOVE, NULL) < 0)
		die(to);
}

int main(void)
{
	char dev[512] = "";

	mkdir("/dev", 0755);
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	config(dev, sizeof(dev));
	wait_dev(dev);
	overlay(dev);
	move("/media/root-ro", "/sysroot/media/root-ro");
	move("/media/root-rw", "/sysroot/media/root-rw");
	move("/dev", "/sysroot/dev");
	move("/proc", "/sysroot/proc");
	move("/sys", "/sysroot/sys");
	if (chdir("/sysroot") < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 ||
	    chroot(".") < 0 || chdir("/") < 0)
		die("switch root");
	execl("/sbin/init", "/sbin/init", (char *)NULL);
	die("/sbin/init");
}
