/* Every fixed limit of ovlinit, in one place. A value that does not fit
 * its limit is an error with a message, never truncated. */
#ifndef OVLINIT_LIMITS_H
#define OVLINIT_LIMITS_H

/* The kernel keeps COMMAND_LINE_SIZE - 1 bytes of the command line and
 * cuts the rest (arch/x86/kernel/setup.c, drivers/of/fdt.c:
 * early_init_dt_scan_chosen); COMMAND_LINE_SIZE is per architecture
 * (arch/ARCH/include/uapi/asm/setup.h). */
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
#define CMDLINE_KERNEL_SIZE 2048
#else
#error "set CMDLINE_KERNEL_SIZE to this architecture's COMMAND_LINE_SIZE"
#endif
#define CMDLINE_MAX      4096  /* buffers: twice what the kernel keeps */
#define OPT_VALUE_MAX    512   /* root=, rootflags=, overlaytmpfsflags=... */
#define PATH_MAX_OVL     256   /* init=, device paths */
#define MODULE_NAME_MAX  64    /* MODULE_NAME_LEN in the kernel is 56 */
#define MODULES_MAX      64    /* entries of modules= and blacklist= */
#define INIT_ARGS_MAX    32    /* words forwarded to the real init */
#define LOG_RECORD_MAX   1024  /* one /dev/kmsg write (the kernel takes 976+) */
#define FSTYPE_MAX       32
#define LABEL_MAX        256   /* btrfs labels are 256 bytes */
#define UUID_STR_MAX     40
#define PLAN_STEPS_MAX   64    /* the overlay's dozen, two for each kept path */
#define KEEP_MAX         16    /* paths of overlaykeep= */
#define KEEP_PATH_MAX    200   /* bytes of one, so that /sysroot, /media/persist/keep
				  and a suffix fit in PATH_MAX_OVL */
#define SEED_DEPTH_MAX   32    /* directory levels a kept path's first copy descends */
#define REMOVE_DEPTH_MAX 256   /* levels a removal descends (an fd each); deeper is left */
#define BLOCKDEVS_MAX    1024  /* more: the root search refuses (a device left out could be a second match) */
#define BLOCKDEV_NAME_MAX 32   /* kernel block device names (DISK_NAME_LEN) */
#define PARTS_MAX        128   /* GPT's usual entry count; more used entries: -E2BIG */
/* The work one device may cost the probes (lib/probe*.c), whatever its
 * bytes say: each bound is a loud refusal or a documented stop, never a
 * silent cut of what the kernel uses. */
#define PROBE_GPT_ARRAY_MAX 65536     /* bytes of GPT entries read and CRC'd: 512 of 128
					  bytes, 4 times the usual 16 KiB; over: -EFBIG */
#define PROBE_EBR_MAX    PARTS_MAX     /* links of an extended-partition chain; more, or
					  a link back to an EBR seen: -ELOOP */
#define PROBE_FAT_ROOT_MAX 262144     /* bytes of a FAT root directory searched for its
					  label entry; then the boot sector's label is used */
#define PROBE_READ_CHUNK 4096          /* the most one probe read asks for at a time */
/* ovlinit-mkinitfs */
#define FEATURE_ENTRY_MAX 256  /* one line of a modules/<feature>.modules file */
#define FEATURE_NAME_MAX  64
#define PATH_MAX_LINUX 4096   /* PATH_MAX of Linux: realpath() and mkdir -p buffers */

#endif
