/* Alpine's boot options (mkinitfs-bootparam(7), mkinitfs 3.13) that
 * ovlinit does not carry out: each is named, with what it means for this
 * boot, so that nothing of Alpine's is silently ignored. The ones that
 * work (root=, modules=, overlaytmpfs, init_args=, usbdelay=, debug_init,
 * ...) are in cmdline_opt.c's tables; ovlinit(8), ALPINE OPTIONS, is the
 * whole list. */
#include "cmdline/cmdline_opt.h"

#include <stdio.h>
#include <string.h>

#include "util/text.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum alpine_kind {
	ALP_ERROR,      /* the boot cannot do what the line asks: stop now */
	ALP_WARN,       /* ignored; the boot goes on without it */
	ALP_DISKLESS,   /* Alpine's diskless mode: ovlinit boots root= only */
	ALP_SYSTEM,     /* read by the booted system too: no note */
};

/* One row per meaning: its keys (space-separated, as Alpine spells
 * them; '-' and '_' alike, as every key), what they are, and why. */
static const struct {
	const char *keys;
	enum alpine_kind kind;
	const char *why;
} cmdline_alpine_opts[] = {
	{ "cryptroot", ALP_ERROR, "the root is encrypted (LUKS) and ovlinit does not "
	  "unlock it: the root can never appear, so the boot stops now instead of waiting "
	  "for it; boot with an initramfs that unlocks LUKS" },
	{ "cryptdm cryptheader cryptkey cryptoffset cryptdiscards", ALP_WARN,
	  "ignored: ovlinit does not unlock LUKS (cryptroot=)" },
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
	{ "BOOTIF s390x_net", ALP_WARN, "ignored: ovlinit brings up no network" },
	{ "nbd", ALP_WARN, "ignored: ovlinit connects no network block device, so a root "
	  "on one is never found" },
	{ "aoe", ALP_WARN, "ignored: ovlinit sets up no ATA over Ethernet, so a root on it "
	  "is never found" },
	{ "aoe_iflist aoe_mtu", ALP_WARN, "ignored: ovlinit sets up no ATA over Ethernet" },
	{ "wireguard", ALP_WARN, "ignored: ovlinit brings up no network or WireGuard tunnel" },
	{ "dasd", ALP_WARN, "ignored: ovlinit brings no s390 DASD online; the kernel's "
	  "dasd= (built-in driver) still does" },
	{ "zfcp", ALP_WARN, "ignored: ovlinit brings no s390 zfcp device online" },
	{ "memdisk", ALP_WARN, "ignored: ovlinit maps no syslinux memdisk; a root on it is "
	  "never found" },
	{ "alpine_repo apkovl alpine_dev autodetect_serial bootstrap_usr_merged tinycloud "
	  "keep_apk_new pkgs ssh_key root_size modloop modloop_verify", ALP_DISKLESS, NULL },
	/* cloud-init's and tiny-cloud's ds=, Plymouth's splash on Debian and Ubuntu */
	{ "ds splash", ALP_SYSTEM, NULL },
};

/* The row whose keys hold t's key, with that key's spelling in the
 * table in *name[0..*len); -1 if none. */
static int cmdline_alpine_find(const struct cmdline_tok *t, const char **name, int *len)
{
	for (size_t i = 0; i < COUNT(cmdline_alpine_opts); i++)
		for (const char *k = cmdline_alpine_opts[i].keys; *k; ) {
			size_t n = strcspn(k, " ");

			if (text_dash_eq(t->word, t->key_len, k, n)) {
				*name = k;
				*len = (int)n;
				return (int)i;
			}
			k += n + (k[n] == ' ');
		}
	return -1;
}

int cmdline_alpine_known(const struct cmdline_tok *t)
{
	const char *name;
	int len, i = cmdline_alpine_find(t, &name, &len);

	return i < 0 ? 0 : cmdline_alpine_opts[i].kind == ALP_SYSTEM ? 2 : 1;
}

int cmdline_alpine(struct boot_opts *o, const struct cmdline_tok *t)
{
	const char *key, *eq = t->val ? "=" : "";
	int n, i = cmdline_alpine_find(t, &key, &n);

	if (i < 0)
		return 0;
	switch (cmdline_alpine_opts[i].kind) {
	case ALP_ERROR:
		cmdline_note(o, NOTE_ERROR, "%.*s%s (Alpine's): %s", n, key, eq,
			     cmdline_alpine_opts[i].why);
		break;
	case ALP_WARN:
		cmdline_note(o, NOTE_WARN, "%.*s%s (Alpine's): %s", n, key, eq,
			     cmdline_alpine_opts[i].why);
		break;
	case ALP_SYSTEM:
		break;
	case ALP_DISKLESS:
		if (o->diskless[0] == '\0')
			snprintf(o->diskless, sizeof(o->diskless), "%.*s", n, key);
		cmdline_note(o, NOTE_WARN, "%.*s%s is for Alpine's diskless mode (a system "
			     "loaded into RAM from boot media); ovlinit boots system-disk "
			     "installs only (root=): ignored", n, key, eq);
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
