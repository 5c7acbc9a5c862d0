/* See modload.h. The closure of a module is planned the way libkmod's
 * kmod_module_probe_insert_module() does it (libkmod-module.c,
 * __kmod_module_get_probe_list): each hard dependency in load order and
 * then the module itself, each preceded by its "pre" soft dependencies
 * and followed by its "post" ones. Planning here instead of calling that
 * function lets the command line's blacklist apply to every module of
 * the closure, and lets one context remember every module it dealt
 * with. Options (modprobe.d "options", module.param=value from
 * /proc/cmdline) come from libkmod's configuration. */
#include "sys/modload.h"

#include <errno.h>
#include <libkmod.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log/log.h"
#include "modules/modname.h"
#include "sys/sys.h"
#include "util/text.h"

/* Outcome of a module this context dealt with (0: never), and its err. */
static enum modload_state modload_state(const struct modload *ml, const char *name, int *err)
{
	for (int i = 0; i < ml->n_done; i++)
		if (text_dash_same(ml->done[i].name, name)) {
			if (err)
				*err = ml->done[i].err;
			return ml->done[i].state;
		}
	return 0;
}

static void modload_done(struct modload *ml, const char *name, enum modload_state s, int err)
{
	if (ml->n_done >= MODLOAD_DONE_MAX)
		return;    /* only the memory of outcomes is lost, not a load */
	snprintf(ml->done[ml->n_done].name, MODULE_NAME_MAX, "%s", name);
	ml->done[ml->n_done].state = s;
	ml->done[ml->n_done++].err = err;
}

static int modload_blacklisted(const struct modload *ml, const char *name)
{
	return modname_find(ml->conf.blacklist, ml->conf.n_blacklist, name) >= 0;
}

/* ---- planning: the ordered closure of one module ---- */

static int modload_plan_probe(struct modload *ml, struct kmod_module *m, int required);

/* Is m planned already? A module first met as a soft dependency becomes
 * required when it is also a hard dependency. */
static int modload_planned(struct modload *ml, const struct kmod_module *m, int required)
{
	for (int i = 0; i < ml->walk.n_plan; i++)
		if (ml->walk.plan[i].mod == m) {
			ml->walk.plan[i].required |= required;
			return 1;
		}
	return 0;
}

static int modload_plan_list(struct modload *ml, struct kmod_list *list)
{
	struct kmod_list *it;
	int r = 0;

	kmod_list_foreach(it, list)
		if (r == 0)
			r = modload_plan_probe(ml, kmod_module_get_module(it), 0);
	return r;
}

/* A module with its soft dependencies around it (fill_softdep). */
static int modload_plan_soft(struct modload *ml, struct kmod_module *m, int required)
{
	struct kmod_list *pre = NULL, *post = NULL;
	int r;

	if (modload_planned(ml, m, required)) {
		kmod_module_unref(m);
		return 0;
	}
	kmod_module_get_softdeps(m, &pre, &post);
	r = modload_plan_list(ml, pre);
	if (r == 0 && ml->walk.n_plan >= MODLOAD_PLAN_MAX)
		r = -E2BIG;
	if (r == 0)
		ml->walk.plan[ml->walk.n_plan++] = (struct modload_step){ kmod_module_ref(m), required };
	if (r == 0)
		r = modload_plan_list(ml, post);
	kmod_module_unref_list(pre);
	kmod_module_unref_list(post);
	kmod_module_unref(m);
	return r;
}

/* Takes over the reference to m. Hard dependencies come from modules.dep
 * in load order, already transitive. */
static int modload_plan_probe(struct modload *ml, struct kmod_module *m, int required)
{
	struct kmod_list *deps, *it;
	int r = 0;

	for (int i = 0; i < ml->walk.n_seen; i++)
		if (ml->walk.seen[i] == m) {
			kmod_module_unref(m);
			return 0;    /* a soft dependency loop */
		}
	if (ml->walk.n_seen >= MODLOAD_PLAN_MAX) {
		kmod_module_unref(m);
		return -E2BIG;
	}
	ml->walk.seen[ml->walk.n_seen++] = m;
	deps = kmod_module_get_dependencies(m);
	kmod_list_foreach(it, deps)
		if (r == 0)
			r = modload_plan_soft(ml, kmod_module_get_module(it), required);
	kmod_module_unref_list(deps);
	return r < 0 ? r : modload_plan_soft(ml, kmod_module_ref(m), required);
}

static void modload_plan_free(struct modload *ml)
{
	for (int i = 0; i < ml->walk.n_plan; i++)
		kmod_module_unref(ml->walk.plan[i].mod);
	for (int i = 0; i < ml->walk.n_seen; i++)
		kmod_module_unref(ml->walk.seen[i]);
	ml->walk.n_plan = ml->walk.n_seen = 0;
}

/* ---- running the plan ---- */

static void modload_show(struct modload *ml, const char *verb, const char *what,
			 const char *options)
{
	ml->conf.show(ml->conf.show_data, verb, what, options ? options : "");
}

/* Why a module of the closure is there, for the log. */
static const char *modload_role(const struct modload *ml, const struct modload_step *s)
{
	if (s->mod == ml->walk.top)
		return "";
	return s->required ? " (dependency)" : " (soft dependency)";
}

/* A refused module: blacklisted, or an install command (ovlinit has no
 * shell to run it; "install X /bin/false" is how modprobe.d disables a
 * module). Returns the reason, or NULL. */
static const char *modload_refusal(const struct modload *ml, struct kmod_module *m)
{
	if (modload_blacklisted(ml, kmod_module_get_name(m)))
		return "blacklisted on the command line";
	if (kmod_module_get_install_commands(m))
		return "modprobe.d has an install command for it, which ovlinit does not run";
	return NULL;
}

static void modload_show_refusal(struct modload *ml, struct kmod_module *m)
{
	const char *cmd = kmod_module_get_install_commands(m);

	if (ml->conf.show && modload_blacklisted(ml, kmod_module_get_name(m)))
		modload_show(ml, "blacklisted", kmod_module_get_name(m), NULL);
	else if (ml->conf.show)
		modload_show(ml, "install", kmod_module_get_name(m), cmd);
}

/* The module or a hard dependency refused: the module cannot work. */
static int modload_refused(struct modload *ml, const char *top, const char *lookup)
{
	for (int i = 0; i < ml->walk.n_plan; i++) {
		struct kmod_module *m = ml->walk.plan[i].mod;
		const char *why = ml->walk.plan[i].required ? modload_refusal(ml, m) : NULL;

		if (why == NULL)
			continue;
		modload_show_refusal(ml, m);
		if (strcmp(kmod_module_get_name(m), top) == 0)
			log_warn("not loading %s (for %s): %s", top, lookup, why);
		else
			log_warn("not loading %s (for %s): it needs %s, %s", top, lookup,
				 kmod_module_get_name(m), why);
		modload_done(ml, top, MODLOAD_REFUSED, -EPERM);
		return -EPERM;
	}
	return 0;
}

/* Is m made for CPU features this CPU lacks? Then the kernel would read,
 * verify and link it only to have its init return ENODEV: 40-50 ms for
 * crc32c_intel under QEMU's TCG, on the way to the root. */
static int modload_cpu_unfit(const struct modload *ml, struct kmod_module *m)
{
	return modname_cpu_unfit(ml->cpu_aliases, strlen(ml->cpu_aliases),
				 kmod_module_get_name(m), ml->cpu);
}

int modload_sync_probe(const char *name)
{
	return strcmp(name, "virtio_pci") == 0 || strcmp(name, "virtio_blk") == 0;
}

/* The module's options (modprobe.d, then the command line), after
 * "async_probe" when ml asks for it (and the module is not one to probe
 * in order, ml->conf.keep_order); the options alone if they leave no
 * room for it. */
static const char *modload_options(const struct modload *ml, struct kmod_module *m,
				   char *buf, size_t cap)
{
	const char *opts = kmod_module_get_options(m);
	int n;

	if (!ml->conf.async_probe || (ml->conf.keep_order && modload_sync_probe(kmod_module_get_name(m))))
		return opts;
	n = snprintf(buf, cap, "async_probe%s%s", opts ? " " : "", opts ? opts : "");
	return n < 0 || (size_t)n >= cap ? opts : buf;
}

static int modload_insert(struct modload *ml, const struct modload_step *s)
{
	char opts[MODLOAD_OPTIONS_MAX];
	struct kmod_module *m = s->mod;
	const char *name = kmod_module_get_name(m);
	int st = kmod_module_get_initstate(m);
	int r;

	if (st == KMOD_MODULE_LIVE || st == KMOD_MODULE_COMING || st == KMOD_MODULE_BUILTIN) {
		modload_done(ml, name, MODLOAD_PRESENT, 0);
		return 0;
	}
	if (modload_cpu_unfit(ml, m)) {
		modload_done(ml, name, MODLOAD_FAILED, -ENODEV);
		log_msg(s->required ? LOG_WARN : LOG_DEBUG, "not inserting %s for %s%s: "
			"it is made for CPU features this CPU lacks", name, ml->walk.lookup,
			modload_role(ml, s));
		return s->required ? -ENODEV : 0;
	}
	r = kmod_module_insert_module(m, 0, modload_options(ml, m, opts, sizeof(opts)));
	if (r == -EEXIST) {
		modload_done(ml, name, MODLOAD_PRESENT, 0);
		return 0;
	}
	modload_done(ml, name, r < 0 ? MODLOAD_FAILED : MODLOAD_LOADED, r);
	if (r < 0) {
		log_msg(s->required ? LOG_WARN : LOG_DEBUG, "inserting %s for %s%s failed: %s",
			name, ml->walk.lookup, modload_role(ml, s), strerror(-r));
		return s->required ? r : 0;
	}
	ml->n_loaded++;
	log_debug("loaded %s for %s%s", name, ml->walk.lookup, modload_role(ml, s));
	return 0;
}

/* One step of the plan; a module dealt with before is not touched. */
static int modload_step(struct modload *ml, const struct modload_step *s)
{
	struct kmod_module *m = s->mod;
	const char *name = kmod_module_get_name(m), *why = modload_refusal(ml, m);
	int err = 0;
	enum modload_state st = modload_state(ml, name, &err);

	if (st)
		return s->required && st == MODLOAD_FAILED ? err : 0;
	if (why) {    /* only soft dependencies get here */
		log_debug("skipping %s for %s (soft dependency): %s", name, ml->walk.lookup, why);
		modload_show_refusal(ml, m);
		modload_done(ml, name, MODLOAD_REFUSED, -EPERM);
		return 0;
	}
	if (kmod_module_get_path(m) == NULL) {    /* in modules.builtin */
		if (ml->conf.show)
			modload_show(ml, "builtin", name, NULL);
		modload_done(ml, name, MODLOAD_PRESENT, 0);
		return 0;
	}
	if (ml->conf.show) {
		modload_show(ml, "insmod", kmod_module_get_path(m), kmod_module_get_options(m));
		modload_done(ml, name, MODLOAD_LOADED, 0);
		return 0;
	}
	return modload_insert(ml, s);
}

/* Load one module the lookup named, with its closure. */
static int modload_one(struct modload *ml, struct kmod_module *top, const char *lookup)
{
	const char *name = kmod_module_get_name(top);
	int err = 0, r;
	enum modload_state st = modload_state(ml, name, &err);

	if (st)
		return st == MODLOAD_FAILED || st == MODLOAD_REFUSED ? err : 0;
	ml->walk.top = top;
	ml->walk.lookup = lookup;
	r = modload_plan_probe(ml, kmod_module_ref(top), 1);
	if (r == 0)
		r = modload_refused(ml, name, lookup);
	for (int i = 0; r == 0 && i < ml->walk.n_plan; i++)
		r = modload_step(ml, &ml->walk.plan[i]);
	modload_plan_free(ml);
	return r;
}

/* modprobe.d's blacklist stops alias lookups only (modprobe(8)).
 * Returns 1 for an alias, with *kept the list less the modules the
 * blacklist names; 0 for a module's own name; or -errno. */
static int modload_alias_filter(struct modload *ml, struct kmod_list *list,
				const char *lookup, struct kmod_list **kept)
{
	struct kmod_module *first = list ? kmod_module_get_module(list) : NULL;
	int alias = first && !text_dash_same(kmod_module_get_name(first), lookup);

	kmod_module_unref(first);
	*kept = NULL;
	if (!alias)
		return 0;
	return kmod_module_apply_filter(ml->ctx, KMOD_FILTER_BLACKLIST, list, kept) < 0 ? -ENOMEM : 1;
}

static int modload_kept(const struct kmod_list *kept, const struct kmod_module *m)
{
	const struct kmod_list *it;
	int found = 0;

	kmod_list_foreach(it, kept) {
		struct kmod_module *k = kmod_module_get_module(it);

		found |= k == m;
		kmod_module_unref(k);
	}
	return found;
}

/* One module an alias or name lookup named: 0 if it is in the kernel
 * now, -EPERM if refused, or -errno. */
static int modload_named(struct modload *ml, struct kmod_module *m, const char *lookup,
			 int alias, const struct kmod_list *kept)
{
	if (alias == 0 || modload_kept(kept, m))
		return modload_one(ml, m, lookup);
	log_info("not loading %s for %s: blacklisted in modprobe.d", kmod_module_get_name(m), lookup);
	if (ml->conf.show)
		modload_show(ml, "blacklisted", kmod_module_get_name(m), NULL);
	return -EPERM;
}

static int modload_lookup(struct modload *ml, const char *lookup)
{
	struct kmod_list *list = NULL, *kept = NULL, *it;
	int n = 0, ok = 0, refused = 0, alias, r;

	r = kmod_module_new_from_lookup(ml->ctx, lookup, &list);
	if (r < 0)
		return r;
	alias = modload_alias_filter(ml, list, lookup, &kept);
	kmod_list_foreach(it, alias < 0 ? NULL : list) {
		struct kmod_module *m = kmod_module_get_module(it);
		int e = modload_named(ml, m, lookup, alias, kept);

		n++;
		ok += e == 0;
		refused += e == -EPERM;
		if (e < 0 && e != -EPERM && r == 0)
			r = e;
		kmod_module_unref(m);
	}
	kmod_module_unref_list(kept);
	kmod_module_unref_list(list);
	/* An alias is served if one of its modules is: crypto-crc32c names
	 * crc32c_intel, which fails without SSE 4.2, and crc32c_generic. */
	if (alias < 0 || ok > 0 || n == 0)
		return alias < 0 ? alias : n;
	return refused == n ? -EPERM : r;
}

int modload_load(struct modload *ml, const char *name)
{
	unsigned long long t0 = sys_now_us(), dt;
	int r = modload_lookup(ml, name);

	dt = sys_now_us() - t0;
	ml->us += dt;
	ml->ms = ml->us / 1000;
	if (r != 0)
		log_debug("%s: %d module(s) named, %llu us", name, r, dt);
	return r;
}
