/* The boot as PID 1: the state the steps share, and the steps.
 *
 * Each step returns 0 or a negative errno. Before failing it logs its
 * specifics and names the part that failed with boot_error(); main.c's
 * boot_fail() then applies the failure policy, and if the policy's rescue
 * shell ran, the step runs again. A step must therefore be safe to run
 * twice. */
#ifndef OVLINIT_BOOT_H
#define OVLINIT_BOOT_H

#include <stdint.h>

#include "cmdline/cmdline.h"
#include "sys/modload.h"
#include "plan/plan.h"
#include "rootdev/rootdev.h"
#include "rootdev/rootdev_settle.h"

#define ALIASES_SEEN_MAX 1024
#define UNSERVED_MAX 32
#define MODALIAS_MAX 128

struct boot {
	char **argv, **envp;            /* as the kernel gave them to us */
	const char *what;               /* the part of a step that failed */
	struct boot_opts opts;
	struct modload ml;
	int have_modules;
	struct blockdev devs[BLOCKDEVS_MAX];
	int n_devs;
	const struct root_spec *want;   /* what boot_find() looks for: the root, the store */
	const char *want_key;           /* its option: NULL for root=, "overlaystore" */
	int match;                      /* boot_find(): index into devs, or -errno */
	struct blockdev root_dev;       /* the root found (devs[] is scanned again later) */
	struct blockdev store_dev;      /* the store's device (overlaystore=) */
	struct store {                  /* what boot_store() made of overlaystore= */
		int used;               /* 1: the store is mounted at OVL_UPPER */
		int fallback;           /* 1: asked for, not usable: the tmpfs upper */
		int reset;              /* 1: overlayreset emptied it */
		char device[PATH_MAX_OVL];  /* /dev path of the store filesystem */
		char fstype[FSTYPE_MAX];
		char host[PATH_MAX_OVL];    /* with an image: the /dev path holding it */
		char host_dir[PATH_MAX_OVL];/* and where that is mounted, or "" */
		char why[200];          /* the fallback's reason */
	} store;
	struct rootdev_settle settle;   /* when a match may be committed to */
	int retriggers;                 /* coldplugs repeated after lost uevents */
	struct plan plan;
	uint64_t seen[ALIASES_SEEN_MAX];  /* FNV-1a hashes of loaded modaliases */
	int n_seen;
	char unserved[UNSERVED_MAX][MODALIAS_MAX];   /* no module in the image */
	int n_unserved, n_unserved_all;
	int uevent_fd;                  /* -1 until the root search listens */
	int retries;                    /* ROOT_RETRY_MS wakeups spent */
	char kmsg_mode[16];             /* printk_devkmsg before we lifted it */
	const char *fs_wanted[2];       /* rootfstype=, overlay: not loaded yet */
	int n_fs_wanted;
};

/* Record what failed within a step; returns err for `return boot_error(...)`. */
int boot_error(struct boot *b, const char *what, int err);

/* Point the logger at /dev/kmsg with this threshold (main.c). */
void boot_logger(int max_prio);

int boot_cmdline(struct boot *b);          /* boot_cmdline.c */
int boot_modules(struct boot *b);          /* boot_modules.c */
int boot_need_fs(struct boot *b, const char *type);
int boot_wanted_fs(struct boot *b);
void boot_alias(struct boot *b, const char *alias);
void boot_modules_done(struct boot *b);
int boot_find_root(struct boot *b);        /* boot_root.c */
int boot_find(struct boot *b);             /* b->want, b->want_key: -> b->match */
int boot_store(struct boot *b);            /* boot_store.c */
int boot_mount(struct boot *b);            /* boot_mount.c */
int boot_switch(struct boot *b);

#endif
