/* See modload.h: the parts of the module loader around the closures of
 * lib/sys/modload.c: opening libkmod over a module tree, /proc/filesystems,
 * the module trees present, the builder's feature list, and the
 * kernel's module-request helper. */
#include "sys/modload.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "log/log.h"
#include "modules/modname.h"
#include "sys/sys.h"
#include "util/text.h"

#define MODLOAD_HELPER "/sbin/modprobe"
#define MODLOAD_HELPER_KNOB "/proc/sys/kernel/modprobe"
#define MODLOAD_FEATURES "/etc/ovlinit/features"
#define MODLOAD_CPU_ALIASES "/etc/ovlinit/cpu-aliases"
#define MODLOAD_VERSIONS_MAX 16

static void modload_log(void *data, int priority, const char *file, int line,
			const char *fn, const char *format, va_list args)
{
	char msg[LOG_RECORD_MAX - 64];

	(void)data; (void)file; (void)line; (void)fn;
	vsnprintf(msg, sizeof(msg), format, args);
	msg[strcspn(msg, "\n")] = '\0';
	log_msg(priority < LOG_ERR ? LOG_ERR : priority, "libkmod: %s", msg);
}

/* What goes before an absolute path under root: "" for NULL or "/". */
static const char *modload_prefix(const char *root)
{
	return root && strcmp(root, "/") ? root : "";
}

static int modload_paths(struct modload *ml, const char *root, const char *kver,
			 char conf[2][PATH_MAX_OVL])
{
	struct utsname u;

	if (kver == NULL && uname(&u) < 0)
		return -errno;
	if (kver == NULL)
		kver = u.release;
	root = modload_prefix(root);
	if (snprintf(ml->kver, sizeof(ml->kver), "%s", kver) >= (int)sizeof(ml->kver) ||
	    snprintf(ml->dir, sizeof(ml->dir), "%s/lib/modules/%s", root, kver) >= (int)sizeof(ml->dir) ||
	    snprintf(conf[0], PATH_MAX_OVL, "%s/etc/modprobe.d", root) >= PATH_MAX_OVL ||
	    snprintf(conf[1], PATH_MAX_OVL, "%s/lib/modprobe.d", root) >= PATH_MAX_OVL)
		return -ENAMETOOLONG;
	return 0;
}

/* What modload_cpu_unfit() needs: the CPU's modalias and the builder's
 * list; either missing (or the list too long to hold whole): no module
 * is skipped for its CPU features. */
static void modload_cpu_read(struct modload *ml, const char *root)
{
	char path[PATH_MAX_OVL];
	long n;

	if (sys_read_file("/sys/devices/system/cpu/modalias", ml->cpu, sizeof(ml->cpu)) < 0)
		ml->cpu[0] = '\0';
	ml->cpu[strcspn(ml->cpu, "\n")] = '\0';
	snprintf(path, sizeof(path), "%s%s", modload_prefix(root), MODLOAD_CPU_ALIASES);
	n = sys_read_file(path, ml->cpu_aliases, sizeof(ml->cpu_aliases));
	if (n < 0 || (size_t)n >= sizeof(ml->cpu_aliases) - 1)
		ml->cpu_aliases[0] = '\0';
}

int modload_open(struct modload *ml, const char *root, const char *kver,
		 const struct modload_conf *conf_in)
{
	char conf[2][PATH_MAX_OVL];
	const char *conf_paths[] = { conf[0], conf[1], NULL };
	struct stat st;
	int r;

	memset(ml, 0, sizeof(*ml));
	if (conf_in)
		ml->conf = *conf_in;
	r = modload_paths(ml, root, kver, conf);
	if (r < 0)
		return r;
	if (stat(ml->dir, &st) < 0)    /* before libkmod logs it as an error */
		return -errno;
	/* Explicit modprobe.d paths: the libkmod built by mk/kmod.sh would
	 * look in /usr/local/etc (its default SYSCONFDIR). kmod_new() accepts
	 * a missing directory; kmod_load_resources() needs the indexes. */
	ml->ctx = kmod_new(ml->dir, conf_paths);
	if (ml->ctx == NULL)
		return -ENOMEM;
	modload_cpu_read(ml, root);
	kmod_set_log_fn(ml->ctx, modload_log, NULL);
	kmod_set_log_priority(ml->ctx, LOG_WARN);
	r = kmod_load_resources(ml->ctx);
	if (r < 0) {
		kmod_unref(ml->ctx);
		ml->ctx = NULL;
		return -ENOENT;
	}
	return 0;
}

void modload_close(struct modload *ml)
{
	if (ml->ctx)
		kmod_unref(ml->ctx);
	ml->ctx = NULL;
}

/* /proc/filesystems lines are "nodev\tNAME" or "\tNAME". */
static int modload_fs_known(const char *type)
{
	char text[4096];
	long n = sys_read_file("/proc/filesystems", text, sizeof(text));
	size_t pos = 0, len, tl = strlen(type);
	const char *line, *tab;

	while (n > 0 && text_line(text, (size_t)n, &pos, &line, &len))
		if ((tab = memchr(line, '\t', len)) != NULL &&
		    (size_t)(line + len - tab - 1) == tl && memcmp(tab + 1, type, tl) == 0)
			return 1;
	return 0;
}

int modload_fs(struct modload *ml, const char *type)
{
	char alias[FSTYPE_MAX + 4];
	int r;

	if (ml->conf.show == NULL && modload_fs_known(type))
		return 1;
	if (snprintf(alias, sizeof(alias), "fs-%s", type) >= (int)sizeof(alias))
		return -ENAMETOOLONG;
	/* The root needs it: a modprobe.d blacklist, which stops aliases
	 * only, does not stop it by name (the command line's does). */
	r = modload_load(ml, alias);
	return r == 0 || r == -EPERM ? modload_load(ml, type) : r;
}

static int modload_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int modload_join(char **names, int n, char *buf, size_t cap)
{
	size_t used = 0;

	qsort(names, (size_t)n, sizeof(names[0]), modload_cmp);
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", names[i]);

		if (w < 0 || (size_t)w >= cap - used)
			return -ENAMETOOLONG;
		used += (size_t)w;
	}
	return n;
}

int modload_versions(const char *root, char *buf, size_t cap)
{
	char path[PATH_MAX_OVL], names[MODLOAD_VERSIONS_MAX][MODLOAD_KVER_MAX];
	char *sorted[MODLOAD_VERSIONS_MAX];
	struct dirent *e;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "%s/lib/modules", modload_prefix(root));
	dir = opendir(path);
	if (dir == NULL)
		return -errno;
	while ((e = readdir(dir)) != NULL && n < MODLOAD_VERSIONS_MAX)
		if (e->d_name[0] != '.' && strlen(e->d_name) < MODLOAD_KVER_MAX) {
			strcpy(names[n], e->d_name);
			sorted[n] = names[n];
			n++;
		}
	closedir(dir);
	return modload_join(sorted, n, buf, cap);
}

int modload_feature(const char *root, const char *module, char *feature, size_t cap)
{
	char text[16384];
	char path[PATH_MAX_OVL];
	long n;

	snprintf(path, sizeof(path), "%s" MODLOAD_FEATURES, modload_prefix(root));
	n = sys_read_file(path, text, sizeof(text));
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return (int)n;
	return modname_feature(text, (size_t)n, module, feature, cap);
}

/* The kernel runs MODLOAD_HELPER as "modprobe -q -- NAME"; the link
 * makes that name reach init's tool mode (tools/cmd/modprobe.c). */
int modload_helper_take(struct modload *ml)
{
	long n = sys_read_file(MODLOAD_HELPER_KNOB, ml->helper, sizeof(ml->helper));
	struct stat st;
	int fd;

	if (n < 0)
		return (int)n;
	ml->helper[strcspn(ml->helper, "\n")] = '\0';
	if (lstat(MODLOAD_HELPER, &st) < 0 &&
	    ((mkdir("/sbin", 0755) < 0 && errno != EEXIST) || symlink("/init", MODLOAD_HELPER) < 0))
		return -errno;
	if (strcmp(ml->helper, MODLOAD_HELPER) == 0)
		return 0;
	fd = open(MODLOAD_HELPER_KNOB, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, MODLOAD_HELPER "\n", sizeof(MODLOAD_HELPER)) < 0) {
		n = -errno;
		if (fd >= 0)
			close(fd);
		return (int)n;
	}
	ml->helper_changed = 1;
	return close(fd) < 0 ? -errno : 0;
}

int modload_helper_restore(struct modload *ml)
{
	size_t len = strlen(ml->helper);
	int fd, r = 0;

	if (!ml->helper_changed)
		return 0;
	/* An empty value ("") disables the kernel's requests; write "\n". */
	ml->helper[len] = '\n';
	fd = open(MODLOAD_HELPER_KNOB, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, ml->helper, len + 1) < 0)
		r = -errno;
	ml->helper[len] = '\0';
	if (fd >= 0)
		close(fd);
	if (r == 0)
		ml->helper_changed = 0;
	return r;
}
