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
#include "mods.h"
#include "plan/plan.h"
#include "rootdev/rootdev.h"
#include "rootdev/rootdev_settle.h"
#include "sys/sys.h"

struct boot {
	char **argv, **envp;            /* as the kernel gave them to us */
	struct sys_err err;             /* err.what: the part of a step that failed */
	struct boot_opts opts;
	struct mods mods;               /* the module service (mods.h) */
	struct blockdev devs[BLOCKDEVS_MAX];
	int n_devs;
	int root;                       /* index into devs, or -errno */
	const struct root_spec *spec;   /* what the search looks for: root= or verityhash= */
	const char *spec_what;          /* "root device", "verity hash device" */
	struct blockdev hash_dev;       /* verityhash=: the device found */
	char mapper[PATH_MAX_OVL];      /* the verity mapping mounted as the root, or "" */
	struct rootdev_settle settle;   /* when a match may be committed to */
	int retriggers;                 /* coldplugs repeated after lost uevents */
	struct plan plan;
	int uevent_fd;                  /* -1 until the root search listens */
	int retries;                    /* ROOT_RETRY_MS wakeups spent */
	char kmsg_mode[16];             /* printk_devkmsg before we lifted it */
};

/* Record what failed within a step; returns err for `return boot_error(...)`. */
int boot_error(struct boot *b, const char *what, int err);

/* Point the logger at /dev/kmsg with this threshold (main.c). */
void boot_logger(int max_prio);

int boot_cmdline(struct boot *b);          /* boot_cmdline.c */
int boot_find_hash(struct boot *b);        /* boot_root.c */
int boot_find_root(struct boot *b);
int boot_verity(struct boot *b);           /* boot_verity.c */
void boot_verity_mount_failed(struct boot *b);
int boot_mount(struct boot *b);            /* boot_mount.c */
int boot_switch(struct boot *b);

#endif
