/* See plan.h. The overlay layout is Alpine's (initramfs-init,
 * overlaytmpfs=yes): the real root read-only at /media/root-ro, a tmpfs
 * named root-tmpfs at /media/root-rw holding root/ and work/, and an
 * overlay named overlayfs as the new root. */
#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "mntopt.h"

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

static int plan_mount(struct plan *p, const char *src, const char *target,
		      const char *fstype, unsigned long flags, const char *opts)
{
	struct step *s = plan_add(p, STEP_MOUNT, src, target);

	if (s == NULL)
		return -E2BIG;
	snprintf(s->fstype, sizeof(s->fstype), "%s", fstype);
	s->flags = flags;
	if (mntopt_split(opts, &s->flags, s->data, sizeof(s->data)) < 0)
		return -ENAMETOOLONG;
	return 0;
}

/* The real root: rootflags= applied, read-only unless plain and rw. */
static int plan_root(struct plan *p, const struct boot_opts *o, const char *dev,
		     const char *fstype, const char *target, int writable)
{
	int r = plan_mount(p, dev, target, fstype, 0, o->rootflags);

	if (r < 0)
		return r;
	if (writable)
		p->steps[p->n - 1].flags &= ~(unsigned long)MS_RDONLY;
	else
		p->steps[p->n - 1].flags |= MS_RDONLY;
	return 0;
}

static int plan_overlay(struct plan *p, const struct boot_opts *o, const char *dev,
			const char *fstype)
{
	int r = 0;

	plan_add(p, STEP_MKDIR, NULL, OVL_LOWER);
	plan_add(p, STEP_MKDIR, NULL, OVL_UPPER);
	plan_add(p, STEP_SETRO, dev, dev);
	r |= plan_root(p, o, dev, fstype, OVL_LOWER, 0);
	/* rw last: the upper layer must be writable whatever the flags say. */
	/* overlaytmpfsflags= as cmdline_parse() validated it (mntopt_tmpfs). */
	r |= plan_mount(p, "root-tmpfs", OVL_UPPER, "tmpfs", o->tmpfs_mflags, o->tmpfs_data);
	if (r == 0)
		p->steps[p->n - 1].flags &= ~(unsigned long)MS_RDONLY;
	plan_add(p, STEP_MKDIR, NULL, OVL_UPPER "/root");
	plan_add(p, STEP_MKDIR, NULL, OVL_UPPER "/work");
	r |= plan_mount(p, "overlayfs", NEWROOT, "overlay", 0,
			"lowerdir=" OVL_LOWER ",upperdir=" OVL_UPPER "/root,"
			"workdir=" OVL_UPPER "/work");
	plan_add(p, STEP_MOVE, OVL_LOWER, NEWROOT OVL_LOWER);
	if (plan_add(p, STEP_MOVE, OVL_UPPER, NEWROOT OVL_UPPER) == NULL)
		return -E2BIG;
	return r < 0 ? -ENAMETOOLONG : 0;
}

int plan_build(const struct boot_opts *o, const char *dev, const char *fstype,
	       struct plan *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->init, sizeof(p->init), "%s", o->init);
	plan_add(p, STEP_MKDIR, NULL, NEWROOT);
	if (o->overlay)
		return plan_overlay(p, o, dev, fstype);
	return plan_root(p, o, dev, fstype, NEWROOT, o->rw);
}

void plan_flags_str(unsigned long flags, char *buf, size_t cap)
{
	static const struct { unsigned long flag; const char *word; } names[] = {
		{ MS_RDONLY, "ro" }, { MS_NOSUID, "nosuid" }, { MS_NODEV, "nodev" },
		{ MS_NOEXEC, "noexec" }, { MS_SYNCHRONOUS, "sync" },
		{ MS_DIRSYNC, "dirsync" }, { MS_NOATIME, "noatime" },
		{ MS_NODIRATIME, "nodiratime" }, { MS_RELATIME, "relatime" },
		{ MS_STRICTATIME, "strictatime" }, { MS_LAZYTIME, "lazytime" },
		{ MS_SILENT, "silent" },
	};

	buf[0] = '\0';
	if (!(flags & MS_RDONLY) && mntopt_append(buf, cap, "rw", 2) < 0)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((flags & names[i].flag) &&
		    mntopt_append(buf, cap, names[i].word, strlen(names[i].word)) < 0)
			return;
}

static int plan_print_step(const struct step *s, char *buf, size_t cap)
{
	char flags[128];

	switch (s->kind) {
	case STEP_MKDIR:
		return snprintf(buf, cap, "mkdir %s\n", s->target);
	case STEP_SETRO:
		return snprintf(buf, cap, "setro %s\n", s->src);
	case STEP_MOVE:
		return snprintf(buf, cap, "move %s %s\n", s->src, s->target);
	case STEP_MOUNT:
		plan_flags_str(s->flags, flags, sizeof(flags));
		return snprintf(buf, cap, "mount %s %s type=%s flags=%s data=%s\n",
				s->src, s->target, s->fstype, flags,
				s->data[0] ? s->data : "-");
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
