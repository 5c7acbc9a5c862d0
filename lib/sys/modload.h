/* Kernel modules through libkmod: one context over the initramfs's
 * /lib/modules/$(uname -r), its log routed into ovlinit's logger.
 *
 * Every module is dealt with at most once per context: loaded, found
 * already in the kernel (or built in), refused, or failed; later requests
 * reuse that outcome, so nothing is inserted twice and nothing waits.
 *
 * Blacklists (doc/boot.md, "Modules"):
 *  - blacklist= and modprobe.blacklist= on the command line: never
 *    loaded, whether named, asked for by alias, or pulled in. A module
 *    whose hard dependency is blacklisted is not loaded either (it could
 *    not work); a blacklisted soft dependency is skipped.
 *  - "blacklist" lines in modprobe.d: as modprobe(8) does, they stop
 *    alias lookups (modaliases, the kernel's requests) only; a module
 *    named explicitly still loads. */
#ifndef OVLINIT_MODLOAD_H
#define OVLINIT_MODLOAD_H

#include <stddef.h>

#include "util/limit.h"

struct kmod_ctx;
struct kmod_module;

#define MODLOAD_DONE_MAX 512   /* distinct modules one context deals with */
#define MODLOAD_PLAN_MAX 128   /* modules of one lookup's closure */
#define MODLOAD_KVER_MAX 65    /* struct utsname's release field */
#define MODLOAD_CPU_MAX 4096   /* the CPU's modalias: ",XXXX" per feature */
#define MODLOAD_OPTIONS_MAX 1024   /* one module's options, async_probe added */
#define MODLOAD_CPU_ALIASES_MAX 8192   /* ROOT/etc/ovlinit/cpu-aliases */

enum modload_state {
	MODLOAD_LOADED = 1,    /* inserted by us */
	MODLOAD_PRESENT,       /* built in, or already in the kernel */
	MODLOAD_REFUSED,       /* blacklisted, or an install command */
	MODLOAD_FAILED,        /* insertion failed with err */
};

struct modload_step {
	struct kmod_module *mod;
	int required;          /* the module or a hard dependency */
};

/* How a context behaves, set by its user and given to modload_open(). */
struct modload_conf {
	const char (*blacklist)[MODULE_NAME_MAX];   /* from the command line */
	int n_blacklist;
	/* Dry run when set: nothing is inserted and the kernel's state is not
	 * read; every module of a closure is shown as ("insmod", path,
	 * options), ("builtin", name, ""), ("blacklisted", name, "") or
	 * ("install", name, command). */
	void (*show)(void *data, const char *verb, const char *what, const char *options);
	void *show_data;
	/* Insert every module with the kernel's "async_probe" parameter
	 * (kernel-parameters.txt, <module>.async_probe): the kernel probes a
	 * driver's devices in the background instead of before
	 * finit_module() returns, and does not make the load wait for all
	 * pending asynchronous work (do_init_module), so a slow probe (ahci
	 * resetting six SATA links: 400 ms under TCG) holds up neither the
	 * next device's driver nor the filesystem's. Devices announce
	 * themselves by uevents anyway. Set by init for its boot; a
	 * module.async_probe=0 option (command line, modprobe.d) comes
	 * later and wins. */
	int async_probe;
	/* ... except for the modules modload_sync_probe() names: a
	 * synchronous load waits for all pending asynchronous work
	 * (do_init_module's async_synchronize_full), 0.3-0.6 s of ahci's
	 * probe under TCG, so init sets this only when there is more than
	 * one disk whose name depends on it. */
	int keep_order;
};

/* The planner's working state for one lookup: modload.c's own, read
 * and written nowhere else. */
struct modload_walk {
	struct modload_step plan[MODLOAD_PLAN_MAX];
	int n_plan;
	struct kmod_module *seen[MODLOAD_PLAN_MAX];  /* visited while planning */
	int n_seen;
	struct kmod_module *top;   /* the module being loaded, and why */
	const char *lookup;
};

struct modload {
	struct modload_conf conf;
	struct kmod_ctx *ctx;
	char kver[MODLOAD_KVER_MAX];
	char dir[PATH_MAX_OVL];                     /* ROOT/lib/modules/KVER */
	int n_loaded;          /* modules inserted by us, dependencies included */
	unsigned long long us; /* time spent in modload_load(), microseconds */
	unsigned long long ms; /* the same in milliseconds */
	struct {
		char name[MODULE_NAME_MAX];
		enum modload_state state;
		int err;
	} done[MODLOAD_DONE_MAX];
	int n_done;
	struct modload_walk walk;
	/* The CPU's modalias and the builder's list of the packed modules'
	 * "cpu:" aliases ("" if unknown): a module made for CPU features the
	 * CPU lacks is not inserted, as the kernel would only refuse it. */
	char cpu[MODLOAD_CPU_MAX];
	char cpu_aliases[MODLOAD_CPU_ALIASES_MAX];
	char helper[PATH_MAX_OVL];   /* /proc/sys/kernel/modprobe before us */
	int helper_changed;
};

/* Open the context over ROOT/lib/modules/KVER (root NULL: "/", kver
 * NULL: the running kernel's), behaving as conf says (NULL: the
 * defaults, all off; it is copied), with the modprobe.d directories
 * ROOT/etc/modprobe.d and ROOT/lib/modprobe.d. libkmod also reads
 * /proc/cmdline: module.param=value and modprobe.blacklist=. Returns 0,
 * -ENOENT (no module tree for kver; ml->kver says which), or -errno. */
int modload_open(struct modload *ml, const char *root, const char *kver,
		 const struct modload_conf *conf)
	__attribute__((warn_unused_result));

void modload_close(struct modload *ml);

/* Is module name (as libkmod names it, with '_') one that init loads
 * without async_probe when ml->conf.keep_order is set? virtio_pci and
 * virtio_blk: their probes, in bus order, name the disks vda, vdb... in
 * PCI order as a built-in driver would; in the background they name
 * them in the order the probes finish (with 25 disks, the 25th came up
 * as vdx). sd and nvme probe asynchronously by their drivers' own choice
 * anyway. */
int modload_sync_probe(const char *name);

/* Load a module by name or alias ("ext4", "sd-mod", "fs-overlay", a
 * modalias), with its dependencies and soft dependencies, honouring the
 * blacklists and module options. Returns the number of modules the
 * lookup named (0: no module in the image serves it) if at least one of
 * them is now in the kernel; else -EPERM if every one was refused
 * (already logged as a warning, naming the blacklist), or -errno from
 * the first failed insertion of a module or of one of its hard
 * dependencies. */
int modload_load(struct modload *ml, const char *name_or_alias)
	__attribute__((warn_unused_result));

/* Make filesystem type available: nothing to do if /proc/filesystems
 * lists it, else load the "fs-TYPE" alias (the kernel's own request
 * name), else (none, or refused by modprobe.d) the module named TYPE.
 * Returns as modload_load(). */
int modload_fs(struct modload *ml, const char *type) __attribute__((warn_unused_result));

/* The module versions present under ROOT/lib/modules, as "a, b" in buf.
 * Returns how many, or -errno. */
int modload_versions(const char *root, char *buf, size_t cap)
	__attribute__((warn_unused_result));

/* The builder feature (ROOT/etc/ovlinit/features) that would add module
 * to the image. Returns 1, 0 (no feature lists it, or no file) or
 * -errno. */
int modload_feature(const char *root, const char *module, char *feature, size_t cap)
	__attribute__((warn_unused_result));

/* Point the kernel's module requests (/proc/sys/kernel/modprobe) at
 * /sbin/modprobe, a link to /init (made if missing), remembering the
 * old value; modload_helper_restore() puts it back before the switch to
 * the real root. Return 0 or -errno. */
int modload_helper_take(struct modload *ml) __attribute__((warn_unused_result));
int modload_helper_restore(struct modload *ml) __attribute__((warn_unused_result));

#endif
