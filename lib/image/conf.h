/* Configuration text of ovlinit-mkinitfs, parsed without running it:
 *
 * - the kernel's .config (BASEDIR/boot/config-KVER): "CONFIG_X=y",
 *   "CONFIG_X=m", "# CONFIG_X is not set";
 * - mkinitfs.conf, in the shell-variable syntax of Alpine's
 *   /etc/mkinitfs/mkinitfs.conf: key=value, key="value" or
 *   key='value' lines and # comments, for the keys features, modules,
 *   compression and replace_initrd. Alpine's mkinitfs sources its file
 *   with the shell; this parser takes the subset whose meaning needs no
 *   shell (no $, `, \ in values, no commands, one line per value) and
 *   refuses the rest with the line, so a file it accepts means the same
 *   to sh.
 *
 * Pure: text in, values out. */
#ifndef OVLINIT_CONF_H
#define OVLINIT_CONF_H

#include <stddef.h>

/* The kernel config value of name ("CONFIG_RD_ZSTD") in text: 'y', 'm',
 * 'n' (absent, or "is not set"), or 'v' for any other value. */
int conf_kernel(const char *text, size_t len, const char *name);

#define CONF_VALUE_MAX 4096

enum conf_key {
	CONF_FEATURES,          /* features="base ext4 mmc": replaces the default set */
	CONF_MODULES,           /* modules="...": more modules, as -m */
	CONF_COMPRESSION,       /* compression=zstd: as -C */
	CONF_REPLACE_INITRD,    /* replace_initrd=yes|no: write initrd.img-KVER */
	CONF_KEYS,
};

struct conf {
	char value[CONF_KEYS][CONF_VALUE_MAX];
	int line[CONF_KEYS];    /* where the key was last set; 0: not set */
};

struct conf_error {
	int line;
	const char *why;        /* a static text: what is wrong and what to write */
};

/* Parse text into *c (which starts zeroed). A later assignment of a key
 * wins, as in sh. Returns 0, or -EINVAL (a line it does not understand,
 * an unknown key, replace_initrd other than yes or no) or -ENAMETOOLONG
 * (a value over CONF_VALUE_MAX - 1 bytes), with *err saying where. */
int conf_parse(const char *text, size_t len, struct conf *c, struct conf_error *err)
	__attribute__((warn_unused_result));

/* The name of a key as it is written in the file. */
const char *conf_key_name(enum conf_key k);

#endif
