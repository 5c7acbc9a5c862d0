/* See plan.h. The overlay layout is Alpine's (initramfs-init,
 * overlaytmpfs=yes): the real root read-only at /media/root-ro, a tmpfs
 * named root-tmpfs at /media/root-rw holding root/ and work/, and an
 * overlay named overlayfs as the new root. */
#include "plan/plan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "cmdline/mntopt.h"

static struct step *plan_add(struct plan *p, enum step_kind kind,
			     const char *src, const char *target)
{
	struct step *s;

	if (p->n >= PLAN_STEPS_MAX)
		return NULL;
	s = &p->steps[p->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	snprintf(s->src, sizeof(s->src), "%s", src ? src : "");
	snprintf(s->target, sizeof(s->target), "%s", target);
	return s;
}

/* A mount of the flags and data that cmdline_parse() split (and, for
 * the tmpfs, validated): the plan never judges options again. */
static int plan_mount(struct plan *p, const char *src, const char *target,
		      const char *fstype, unsigned long flags, const char *data)
{
	struct step *s = plan_add(p, STEP_MOUNT, src, target);

	if (s == NULL)
		return -E2BIG;
	snprintf(s->fstype, sizeof(s->fstype), "%s", fstype);
	s->flags = flags;
	if (snprintf(s->data, sizeof(s->data), "%s", data) >= (int)sizeof(s->data))
		return -ENAMETOOLONG;
	return 0;
}

/* The real root: rootflags= applied, read-only unless plain and rw. */
static int plan_root(struct plan *p, const struct boot_opts *o, const char *dev,
		     const char *fstype, const char *target, int writable)
{
	int r = plan_mount(p, dev, target, fstype, o->root_mflags, o->root_data);

	if (r < 0)
		return r;
	if (writable)
		p->steps[p->n - 1].flags &= ~(unsigned long)MS_RDONLY;
	else
		p->steps[p->n - 1].flags |= MS_RDONLY;
	return 0;
}

/* May this lower layer need "noload"? ext3 and ext4, and a type not
 * known yet (--explain's "(probed)": the probe finds it at boot). */
static int plan_journaled(const char *fstype)
{
	return strcmp(fstype, "ext4") == 0 || strcmp(fstype, "ext3") == 0 || fstype[0] == '(';
}

static int plan_move_in(struct plan *p, const char *dir);
static int plan_keep(struct plan *p, const struct boot_opts *o);

static int plan_overlay(struct plan *p, const struct boot_opts *o, const char *dev,
			const char *fstype, const struct plan_upper *u)
{
	int store = u && u->device && !u->keep, r;

	plan_add(p, STEP_MKDIR, NULL, OVL_LOWER);
	if (!store)
		plan_add(p, STEP_MKDIR, NULL, OVL_UPPER);
	plan_add(p, STEP_SETRO, dev, dev);
	r = plan_root(p, o, dev, fstype, OVL_LOWER, 0);
	if (r == 0)
		p->steps[p->n - 1].noload_retry = plan_journaled(fstype);
	/* overlaytmpfsflags= as cmdline_parse() validated it (mntopt_tmpfs);
	 * rw whatever the flags say: the upper layer must be writable. The
	 * store is mounted there already (plan_store_upper). */
	if (!store) {
		r |= plan_mount(p, "root-tmpfs", OVL_UPPER, "tmpfs", o->tmpfs_mflags,
				o->tmpfs_data);
		if (r == 0)
			p->steps[p->n - 1].flags &= ~(unsigned long)MS_RDONLY;
	}
	plan_add(p, STEP_MKDIR, NULL, OVL_UPPER "/root");
	plan_add(p, STEP_MKDIR, NULL, OVL_UPPER "/work");
	r |= plan_mount(p, "overlayfs", NEWROOT, "overlay", 0,
			"lowerdir=" OVL_LOWER ",upperdir=" OVL_UPPER "/root,"
			"workdir=" OVL_UPPER "/work");
	if (u && u->device && u->keep && plan_keep(p, o) < 0)
		return -E2BIG;
	plan_add(p, STEP_MOVE, OVL_LOWER, NEWROOT OVL_LOWER);
	if (u && u->device && u->host_dir && plan_move_in(p, u->host_dir) < 0)
		return -ENAMETOOLONG;
	if (u && u->device && u->keep && plan_move_in(p, OVL_PERSIST) < 0)
		return -E2BIG;
	if (plan_add(p, STEP_MOVE, OVL_UPPER, NEWROOT OVL_UPPER) == NULL)
		return -E2BIG;
	return r < 0 ? -ENAMETOOLONG : 0;
}

/* overlaykeep=: each path's directory on the store, seeded from the
 * lower on the first boot, bound over the path in the new root. */
static int plan_keep(struct plan *p, const struct boot_opts *o)
{
	char lower[PATH_MAX_OVL], kept[PATH_MAX_OVL], target[PATH_MAX_OVL];
	struct step *s;

	for (int i = 0; i < o->n_keep; i++) {
		/* fit: KEEP_PATH_MAX leaves room for the prefixes */
		snprintf(lower, sizeof(lower), OVL_LOWER "%s", o->keep[i]);
		snprintf(kept, sizeof(kept), OVL_PERSIST OVL_KEEP "%s", o->keep[i]);
		snprintf(target, sizeof(target), NEWROOT "%s", o->keep[i]);
		if (plan_add(p, STEP_SEED, lower, kept) == NULL ||
		    (s = plan_add(p, STEP_BIND, kept, target)) == NULL)
			return -E2BIG;
		s->flags = MS_BIND;
	}
	return 0;
}

/* Move the mount at dir to the same place in the new root. */
static int plan_move_in(struct plan *p, const char *dir)
{
	char target[PATH_MAX_OVL];

	if (snprintf(target, sizeof(target), NEWROOT "%s", dir) >= (int)sizeof(target))
		return -ENAMETOOLONG;
	return plan_add(p, STEP_MOVE, dir, target) ? 0 : -E2BIG;
}

/* What the marker says of the store. */
static int plan_note_upper(struct plan *p, const struct boot_opts *o, const struct plan_upper *u)
{
	if (u == NULL)
		return 0;
	p->store_fallback = u->fallback;
	if (u->device == NULL)
		return 0;
	p->keep = u->keep;
	p->store_reset = u->reset;
	for (int i = 0; u->keep && i < o->n_keep; i++) {
		if (i)
			strcat(p->keep_list, " ");
		strcat(p->keep_list, o->keep[i]);    /* fits: KEEP_MAX of them */
	}
	if (snprintf(p->store, sizeof(p->store), "%s", u->device) >= (int)sizeof(p->store) ||
	    snprintf(p->store_fstype, sizeof(p->store_fstype), "%s", u->fstype ? u->fstype : "") >=
		    (int)sizeof(p->store_fstype) ||
	    snprintf(p->store_image, sizeof(p->store_image), "%s", u->image ? u->image : "") >=
		    (int)sizeof(p->store_image) ||
	    snprintf(p->host_dir, sizeof(p->host_dir), "%s", u->host_dir ? u->host_dir : "") >=
		    (int)sizeof(p->host_dir))
		return -ENAMETOOLONG;
	return 0;
}

int plan_build_upper(const struct boot_opts *o, const char *dev, const char *fstype,
		     const struct plan_upper *u, struct plan *p)
{
	memset(p, 0, sizeof(*p));
	if (snprintf(p->init, sizeof(p->init), "%s", o->init) >= (int)sizeof(p->init) ||
	    snprintf(p->device, sizeof(p->device), "%s", dev) >= (int)sizeof(p->device) ||
	    snprintf(p->fstype, sizeof(p->fstype), "%s", fstype) >= (int)sizeof(p->fstype) ||
	    plan_note_upper(p, o, o->overlay ? u : NULL) < 0)
		return -ENAMETOOLONG;
	p->overlay = o->overlay;
	memcpy(p->roothash, o->roothash, sizeof(p->roothash));
	/* A shared / would propagate the moves below; private, as
	 * switch_root needs it anyway. */
	plan_add(p, STEP_PRIVATE, NULL, "/");
	plan_add(p, STEP_MKDIR, NULL, NEWROOT);
	if (o->overlay)
		return plan_overlay(p, o, dev, fstype, u);
	/* A dm-verity mapping is read-only (cmdline_verity_finish warns). */
	return plan_root(p, o, dev, fstype, NEWROOT, o->rw && !o->roothash[0]);
}

int plan_build(const struct boot_opts *o, const char *dev, const char *fstype,
	       struct plan *p)
{
	return plan_build_upper(o, dev, fstype, NULL, p);
}

int plan_store_host(const struct boot_opts *o, const char *dev, const char *fstype,
		    const char *dir, struct plan *p)
{
	char image[PATH_MAX_OVL];
	int r;

	memset(p, 0, sizeof(*p));
	if (snprintf(image, sizeof(image), "%s%s", dir, o->store_image) >= (int)sizeof(image))
		return -ENAMETOOLONG;
	plan_add(p, STEP_MKDIR, NULL, dir);
	/* read-write: the image is written through it */
	r = plan_mount(p, dev, dir, fstype, 0, "");
	if (r == 0 && plan_add(p, STEP_LOOP, image, "") == NULL)
		r = -E2BIG;
	return r;
}

int plan_store_upper(const char *dev, const char *fstype, const char *dir, struct plan *p)
{
	memset(p, 0, sizeof(*p));
	plan_add(p, STEP_MKDIR, NULL, dir);
	return plan_mount(p, dev, dir, fstype, 0, "");
}

/* overlayfs needs an upper that supports extended attributes (trusted.*
 * for whiteouts and opaque directories) and d_type, and that is
 * writable (Documentation/filesystems/overlayfs.rst, "Upper and Lower"). */
const char *plan_store_refusal(const char *fstype)
{
	static const char *const ok[] = { "ext4", "ext3", "ext2", "xfs", "btrfs", "f2fs" };

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(fstype, ok[i]) == 0)
			return NULL;
	if (fstype[0] == '\0')
		return "no filesystem was found on it";
	if (strcmp(fstype, "vfat") == 0 || strcmp(fstype, "exfat") == 0)
		return "FAT has no extended attributes, which overlayfs needs in its upper layer "
		       "(whiteouts, opaque directories): put an ext4 image file on it and name it "
		       "overlaystore=SPEC:/persist.img";
	if (strcmp(fstype, "iso9660") == 0 || strcmp(fstype, "squashfs") == 0 ||
	    strcmp(fstype, "erofs") == 0)
		return "it is a read-only filesystem";
	return "overlayfs takes an upper layer on ext4, xfs, btrfs or f2fs";
}

/* The store's lines of the marker (ovlinit(8), FILES). */
static int plan_marker_store(const struct plan *p, char *buf, size_t cap)
{
	int n;

	if (p->store[0])
		n = snprintf(buf, cap, "OVLINIT_STORE=%s\nOVLINIT_STORE_FSTYPE=%s\n"
			     "OVLINIT_STORE_IMAGE=%s\nOVLINIT_STORE_MODE=%s\n%s%s%s"
			     "OVLINIT_STORE_RESET=%s\nOVLINIT_STORE_FALLBACK=no\n", p->store,
			     p->store_fstype, p->store_image[0] ? p->store_image : "none",
			     p->keep ? "keep" : "upper", p->keep ? "OVLINIT_KEEP=\"" : "",
			     p->keep ? p->keep_list : "", p->keep ? "\"\n" : "",
			     p->store_reset ? "yes" : "no");
	else if (p->store_fallback)
		n = snprintf(buf, cap, "OVLINIT_STORE=none\nOVLINIT_STORE_FALLBACK=yes\n");
	else
		n = snprintf(buf, cap, "OVLINIT_STORE=none\n");
	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : n;
}

/* OVLINIT_VERITY= when the root is a dm-verity mapping. */
static int plan_marker_verity(const struct plan *p, char *buf, size_t cap)
{
	int n = p->roothash[0] ? snprintf(buf, cap, "OVLINIT_VERITY=%s\n", p->roothash) : 0;

	if (cap > 0 && n == 0)
		buf[0] = '\0';
	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : n;
}

int plan_marker(const struct plan *p, int ran, char *buf, size_t cap)
{
	int n, m = 0, v;

	if (p->overlay)
		n = snprintf(buf, cap,
			     "OVLINIT_ROOT=overlay\nOVLINIT_DEVICE=%s\nOVLINIT_FSTYPE=%s\n"
			     "OVLINIT_LOWER=%s\nOVLINIT_UPPER=%s\nOVLINIT_JOURNAL=%s\n",
			     p->device, p->fstype, OVL_LOWER, OVL_UPPER,
			     ran == PLAN_RAN_NOLOAD ? "skipped" : "ok");
	else
		n = snprintf(buf, cap, "OVLINIT_ROOT=plain\nOVLINIT_DEVICE=%s\nOVLINIT_FSTYPE=%s\n",
			     p->device, p->fstype);
	if (n < 0 || (size_t)n >= cap)
		return -ENAMETOOLONG;
	if (p->overlay && (m = plan_marker_store(p, buf + n, cap - (size_t)n)) < 0)
		return m;
	v = plan_marker_verity(p, buf + n + m, cap - (size_t)(n + m));
	return v < 0 ? v : n + m + v;
}

/* The mount flags as option words, "rw" first when not read-only:
 * "ro,nosuid", "rw,noatime", "rw". */
static void plan_flags_str(unsigned long flags, char *buf, size_t cap)
{
	char words[96];      /* every flag word fits */

	const char *more;

	if (mntopt_flags_str(flags, words, sizeof(words)) < 0)
		snprintf(words, sizeof(words), "?");
	more = strcmp(words, "-") == 0 ? NULL : words;    /* "-": no flag */
	if (flags & MS_RDONLY)
		snprintf(buf, cap, "%s", words);
	else
		snprintf(buf, cap, "rw%s%s", more ? "," : "", more ? more : "");
}

int plan_print_step(const struct step *s, char *buf, size_t cap)
{
	char flags[128];

	switch (s->kind) {
	case STEP_PRIVATE:
		return snprintf(buf, cap, "private %s\n", s->target);
	case STEP_MKDIR:
		return snprintf(buf, cap, "mkdir %s\n", s->target);
	case STEP_SETRO:
		return snprintf(buf, cap, "setro %s\n", s->src);
	case STEP_MOVE:
		return snprintf(buf, cap, "move %s %s\n", s->src, s->target);
	case STEP_LOOP:
		return snprintf(buf, cap, "loop %s\n", s->src);
	case STEP_SEED:
		return snprintf(buf, cap, "seed %s from %s\n", s->target, s->src);
	case STEP_BIND:
		return snprintf(buf, cap, "bind %s %s\n", s->src, s->target);
	case STEP_MOUNT:
		plan_flags_str(s->flags, flags, sizeof(flags));
		return snprintf(buf, cap, "mount %s %s type=%s flags=%s data=%s%s\n",
				s->src, s->target, s->fstype, flags,
				s->data[0] ? s->data : "-",
				s->noload_retry ? " (EROFS: again with noload)" : "");
	}
	return 0;
}

size_t plan_print(const struct plan *p, char *buf, size_t cap)
{
	size_t o = 0;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	for (int i = 0; i < p->n && o < cap; i++) {
		int w = plan_print_step(&p->steps[i], buf + o, cap - o);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	if (o < cap)
		o += (size_t)snprintf(buf + o, cap - o, "exec %s\n", p->init);
	return o < cap ? o : cap - 1;
}
