/* See modload.h. kmod_module_probe_insert_module() resolves
 * dependencies and softdeps and reads module.param=value and
 * modprobe.blacklist= from /proc/cmdline itself (libkmod-config.c,
 * kmod_config_parse_kcmdline); ovlinit's own blacklist= is checked here. */
#include "modload.h"

#include <errno.h>
#include <libkmod.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "sys.h"

static void modload_log(void *data, int priority, const char *file, int line,
			const char *fn, const char *format, va_list args)
{
	char msg[LOG_RECORD_MAX - 64];

	(void)data; (void)file; (void)line; (void)fn;
	vsnprintf(msg, sizeof(msg), format, args);
	msg[strcspn(msg, "\n")] = '\0';
	log_msg(priority < LOG_ERR ? LOG_ERR : priority, "libkmod: %s", msg);
}

int modload_open(struct modload *ml, const char *dirname)
{
	memset(ml, 0, sizeof(*ml));
	ml->ctx = kmod_new(dirname, NULL);
	if (ml->ctx == NULL)
		return -ENOENT;
	kmod_set_log_fn(ml->ctx, modload_log, NULL);
	kmod_set_log_priority(ml->ctx, LOG_WARN);
	if (kmod_load_resources(ml->ctx) < 0) {
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

/* Names compare with '-' and '_' as the same character. */
static int modload_same(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return 0;
	return *a == *b;
}

static int modload_blacklisted(const struct modload *ml, const char *name)
{
	for (int i = 0; i < ml->n_blacklist; i++)
		if (modload_same(ml->blacklist[i], name))
			return 1;
	return 0;
}

static int modload_one(struct modload *ml, struct kmod_module *mod)
{
	const char *name = kmod_module_get_name(mod);
	int r;

	if (modload_blacklisted(ml, name)) {
		log_info("not loading %s: blacklisted on the command line", name);
		return 0;
	}
	r = kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST |
					    KMOD_PROBE_IGNORE_LOADED, NULL, NULL, NULL, NULL);
	if (r == 0) {
		ml->n_loaded++;
		log_debug("loaded %s", name);
	}
	return r;
}

int modload_load(struct modload *ml, const char *name)
{
	struct kmod_list *list = NULL, *it;
	unsigned long long t0 = sys_now_ms();
	int n = 0, r;

	r = kmod_module_new_from_lookup(ml->ctx, name, &list);
	if (r < 0)
		return r;
	kmod_list_foreach(it, list) {
		struct kmod_module *mod = kmod_module_get_module(it);
		int e = modload_one(ml, mod);
		kmod_module_unref(mod);
		if (e < 0 && r == 0)
			r = e;
		n++;
	}
	kmod_module_unref_list(list);
	ml->ms += sys_now_ms() - t0;
	return r < 0 ? r : n;
}
