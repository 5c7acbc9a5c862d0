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
	const struct root_spec *want;   /* what boot_find() looks for: root=, verityhash=, the store */
	const char *want_key;           /* its option: NULL for root=, "verityhash", "overlaystore" */
	const char *want_what;          /* in messages: "root", "verity hash", "store" (device) */
	int match;                      /* boot_find(): index into devs, or -errno */
	struct blockdev root_dev;       /* the root found (devs[] is scanned again later) */
	struct blockdev hash_dev;       /* verityhash=: the device found */
	char mapper[PATH_MAX_OVL];      /* the verity mapping mounted as the root, or "" */
	unsigned mapper_major, mapper_minor;   /* its device numbers */
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
int boot_find(struct boot *b);             /* b->want, b->want_key: -> b->match */
int boot_verity(struct boot *b);           /* boot_verity.c */
void boot_verity_mount_failed(struct boot *b, int err);
int boot_store(struct boot *b);            /* boot_store.c */
int boot_mount(struct boot *b);            /* boot_mount.c */
int boot_switch(struct boot *b);

/* /shutdown (shutdown.c): as PID 1 after systemd-shutdown returns to the
 * initramfs; run otherwise, it refuses (exit 2). */
int shutdown_main(int argc, char **argv);

#endif
