/* Alpine's boot options (mkinitfs-bootparam(7), mkinitfs 3.13) that
 * ovlinit does not carry out: each is named, with what it means for this
 * boot, so that nothing of Alpine's is silently ignored. The ones that
 * work (root=, modules=, overlaytmpfs, init_args=, usbdelay=, debug_init,
 * ...) are in cmdline_opt.c's tables; ovlinit(8), ALPINE OPTIONS, is the
 * whole list. */
#include "cmdline/cmdline_opt.h"

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum alpine_kind {
	ALP_ERROR,      /* the boot cannot do what the line asks: stop now */
	ALP_WARN,       /* ignored; the boot goes on without it */
	ALP_DISKLESS,   /* Alpine's diskless mode: ovlinit boots root= only */
	ALP_SYSTEM,     /* read by the booted system too: no note */
};

static const struct {
	const char *key;
	enum alpine_kind kind;
	const char *why;
} cmdline_alpine_opts[] = {
	{ "cryptroot", ALP_ERROR, "the root is encrypted (LUKS) and ovlinit does not "
	  "unlock it: the root can never appear, so the boot stops now instead of waiting "
	  "for it; boot with an initramfs that unlocks LUKS" },
	{ "cryptdm", ALP_WARN, "ignored: ovlinit does not unlock LUKS (cryptroot=)" },
	{ "cryptheader", ALP_WARN, "ignored: ovlinit does not unlock LUKS (cryptroot=)" },
	{ "cryptkey", ALP_WARN, "ignored: ovlinit does not unlock LUKS (cryptroot=)" },
	{ "cryptoffset", ALP_WARN, "ignored: ovlinit does not unlock LUKS (cryptroot=)" },
	{ "cryptdiscards", ALP_WARN, "ignored: ovlinit does not unlock LUKS (cryptroot=)" },
	{ "usrflags", ALP_WARN, "ignored: ovlinit mounts no separate /usr; the booted "
	  "system mounts it from its fstab, not under the overlay" },
	{ "chart", ALP_WARN, "ignored: ovlinit starts no bootchartd" },
	{ "uevent_buf_size", ALP_WARN, "ignored: ovlinit sizes its own uevent buffer and "
	  "coldplugs again if events are lost" },
	{ "resume", ALP_WARN, "ignored: ovlinit does not resume from hibernation; this boot "
	  "starts afresh (the kernel resumes by itself only from a device ready before "
	  "the initramfs runs)" },
	{ "resume_offset", ALP_WARN, "ignored: ovlinit does not resume from hibernation" },
	{ "zfs_force", ALP_WARN, "ignored: ovlinit imports no ZFS pool" },
	{ "ip", ALP_WARN, "ovlinit brings up no network (the kernel does only if built "
	  "with IP_PNP): the root must be a local disk" },
	{ "BOOTIF", ALP_WARN, "ignored: ovlinit brings up no network" },
	{ "nbd", ALP_WARN, "ignored: ovlinit connects no network block device, so a root "
	  "on one is never found" },
	{ "aoe", ALP_WARN, "ignored: ovlinit sets up no ATA over Ethernet, so a root on it "
	  "is never found" },
	{ "aoe_iflist", ALP_WARN, "ignored: ovlinit sets up no ATA over Ethernet" },
	{ "aoe_mtu", ALP_WARN, "ignored: ovlinit sets up no ATA over Ethernet" },
	{ "wireguard", ALP_WARN, "ignored: ovlinit brings up no network or WireGuard tunnel" },
	{ "dasd", ALP_WARN, "ignored: ovlinit brings no s390 DASD online; the kernel's "
	  "dasd= (built-in driver) still does" },
	{ "zfcp", ALP_WARN, "ignored: ovlinit brings no s390 zfcp device online" },
	{ "s390x_net", ALP_WARN, "ignored: ovlinit brings up no network" },
	{ "memdisk", ALP_WARN, "ignored: ovlinit maps no syslinux memdisk; a root on it is "
	  "never found" },
	{ "alpine_repo", ALP_DISKLESS, NULL },
	{ "apkovl", ALP_DISKLESS, NULL },
	{ "alpine_dev", ALP_DISKLESS, NULL },
	{ "autodetect_serial", ALP_DISKLESS, NULL },
	{ "bootstrap_usr_merged", ALP_DISKLESS, NULL },
	{ "ds", ALP_SYSTEM, NULL },          /* cloud-init's and tiny-cloud's */
	{ "tinycloud", ALP_DISKLESS, NULL },
	{ "keep_apk_new", ALP_DISKLESS, NULL },
	{ "pkgs", ALP_DISKLESS, NULL },
	{ "ssh_key", ALP_DISKLESS, NULL },
	{ "splash", ALP_SYSTEM, NULL },      /* Plymouth's on Debian and Ubuntu */
	{ "root_size", ALP_DISKLESS, NULL },
	{ "modloop", ALP_DISKLESS, NULL },
	{ "modloop_verify", ALP_DISKLESS, NULL },
};

static int cmdline_alpine_find(const struct cmdline_tok *t)
{
	return cmdline_key_find(t, cmdline_alpine_opts, COUNT(cmdline_alpine_opts),
				sizeof(cmdline_alpine_opts[0]));
}

int cmdline_alpine_known(const struct cmdline_tok *t)
{
	int i = cmdline_alpine_find(t);

	return i < 0 ? 0 : cmdline_alpine_opts[i].kind == ALP_SYSTEM ? 2 : 1;
}

int cmdline_alpine(struct boot_opts *o, const struct cmdline_tok *t)
{
	int i = cmdline_alpine_find(t);
	const char *key, *eq;

	if (i < 0)
		return 0;
	key = cmdline_alpine_opts[i].key;
	eq = t->val ? "=" : "";
	switch (cmdline_alpine_opts[i].kind) {
	case ALP_ERROR:
		cmdline_note(o, NOTE_ERROR, "%s%s (Alpine's): %s", key, eq,
			     cmdline_alpine_opts[i].why);
		break;
	case ALP_WARN:
		cmdline_note(o, NOTE_WARN, "%s%s (Alpine's): %s", key, eq,
			     cmdline_alpine_opts[i].why);
		break;
	case ALP_SYSTEM:
		break;
	case ALP_DISKLESS:
		if (o->diskless[0] == '\0')
			snprintf(o->diskless, sizeof(o->diskless), "%s", key);
		cmdline_note(o, NOTE_WARN, "%s%s is for Alpine's diskless mode (a system "
			     "loaded into RAM from boot media); ovlinit boots system-disk "
			     "installs only (root=): ignored", key, eq);
		break;
	}
	return 1;
}

/* Alpine's runlevel words: the kernel passes a word without '=' that it
 * does not know to init's argv, and ovlinit passes argv on. */
int cmdline_alpine_for_init(const struct cmdline_tok *t)
{
	return t->val == NULL && (strcmp(t->word, "single") == 0 || strcmp(t->word, "s") == 0 ||
				  strcmp(t->word, "1") == 0);
}
