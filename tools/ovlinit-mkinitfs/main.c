/* ovlinit-mkinitfs: build an ovlinit initramfs for a kernel from its
 * module tree (see ovlinit-mkinitfs(8)). The steps live in
 * lib/mkinitfs*.c; this file parses options and the config file, and
 * reports. */
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <libgen.h>
#include "util/limit.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "image/conf.h"
#include "sys/mkinitfs.h"
#include "version.h"

static const char mkinitfs_prog[] = "ovlinit-mkinitfs";

#define DEFAULT_FEATURES "base ata ext4 loop mmc nvme overlay usb usb-legacy vfat virtio virtio-mmio virtio-scsi"
#define DEFAULT_COMP     "zstd"
#define DEFAULT_CONF     "etc/ovlinit/mkinitfs.conf"

enum { OPT_RESCUE = 256, OPT_GENLIST, OPT_LIST_IMAGE, OPT_PRINT_OUTFILE, OPT_VERSION,
       OPT_HOST_ROOT };

struct opts {
	const char *out, *comp, *conf, *image;
	int list, genlist, list_features, print_outfile, replace_initrd;
	char featdir[PATH_MAX_LINUX], libdir[PATH_MAX_LINUX], outbuf[PATH_MAX_LINUX];
	char stage[PATH_MAX_LINUX], confbuf[PATH_MAX_LINUX];
	struct utsname uts;
	struct conf cf;
};

static const char usage_text[] =
	"usage: ovlinit-mkinitfs [-b BASEDIR] [-c CONFFILE] [-F \"FEATURES\"|-F auto] [-m \"MODULES\"]\n"
	"         [-C gzip|zstd|xz|lz4|none] [-o OUTFILE] [-l] [--rescue-shell]\n"
	"         [--gen-init-cpio] [--print-outfile] [-P FEATUREDIR] [-i INIT]\n"
	"         [--host-root DIR] [KERNELVERSION]\n"
	"       ovlinit-mkinitfs [-P FEATUREDIR] -L\n"
	"       ovlinit-mkinitfs --list-image IMAGE\n"
	"       ovlinit-mkinitfs --help | --version\n";

/* What was wrong, then the usage, on stderr: exit 2. */
static int usage(const char *why, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s%s\n", mkinitfs_prog, why, arg ? " '" : "", arg ? arg : "",
		arg ? "'" : "");
	fputs(usage_text, stderr);
	return 2;
}

/* Installed as PREFIX/bin/ovlinit-mkinitfs, its data is in
 * PREFIX/lib/ovlinit: found from the binary's path, so any PREFIX works. */
static void default_paths(struct opts *o)
{
	char exe[PATH_MAX_LINUX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	snprintf(o->libdir, sizeof(o->libdir), "/usr/lib/ovlinit");
	if (n > 0) {
		exe[n] = '\0';
		snprintf(o->libdir, sizeof(o->libdir), "%.*s/lib/ovlinit",
			 PATH_MAX_LINUX - 16, dirname(dirname(exe)));
	}
	snprintf(o->featdir, sizeof(o->featdir), "%.*s/modules", PATH_MAX_LINUX - 16, o->libdir);
}

/* Returns -1 to go on, or the exit status (0 after --help/--version,
 * 2 on a usage error, said). */
static int parse(int argc, char **argv, struct mkinitfs *mk, struct opts *o)
{
	static const struct option longs[] = {
		{ "rescue-shell", no_argument, NULL, OPT_RESCUE },
		{ "gen-init-cpio", no_argument, NULL, OPT_GENLIST },
		{ "list-image", required_argument, NULL, OPT_LIST_IMAGE },
		{ "print-outfile", no_argument, NULL, OPT_PRINT_OUTFILE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "host-root", required_argument, NULL, OPT_HOST_ROOT },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:c:C:F:m:o:lLP:i:h", longs, NULL)) != -1) {
		switch (c) {
		case 'b': mk->basedir = optarg; break;
		case 'c': o->conf = optarg; break;
		case 'C': o->comp = optarg; break;
		case 'F': mk->features = optarg; break;
		case 'm': mk->extra = optarg; break;
		case 'o': o->out = optarg; break;
		case 'l': o->list = 1; break;
		case 'L': o->list_features = 1; break;
		case 'P': snprintf(o->featdir, sizeof(o->featdir), "%s", optarg); break;
		case 'i': mk->init = optarg; break;
		case OPT_RESCUE: mk->rescue = 1; break;
		case OPT_GENLIST: o->genlist = 1; break;
		case OPT_LIST_IMAGE: o->image = optarg; break;
		case OPT_PRINT_OUTFILE: o->print_outfile = 1; break;
		case OPT_HOST_ROOT: mk->hostroot = strcmp(optarg, "/") ? optarg : ""; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case OPT_VERSION: printf("%s %s\n", mkinitfs_prog, OVLINIT_BUILD_VERSION); return 0;
		case ':': return usage("missing argument of", argv[optind - 1]);
		default: return usage("unknown option", argv[optind - 1]);
		}
	}
	if (optind < argc - 1)
		return usage("one KERNELVERSION only", NULL);
	if (o->comp && mkinitfs_compressor_ok(o->comp) < 0)
		return usage("-C: not a compressor", o->comp);
	if ((o->image || o->list_features) && optind != argc)
		return usage("no KERNELVERSION with -L or --list-image", NULL);
	/* Alpine's mkinitfs: the running kernel's version by default. */
	mk->kver = optind < argc ? argv[optind] : (uname(&o->uts) == 0 ? o->uts.release : "");
	if (!mk->kver[0] || strchr(mk->kver, '/') || mk->kver[0] == '.')
		return usage("not a kernel version", mk->kver);
	return -1;
}

/* The config file: -c (which must exist), else BASEDIR's
 * etc/ovlinit/mkinitfs.conf if there is one. Options win over it.
 * Returns 0 or 1 (an error, printed). */
static int load_conf(struct mkinitfs *mk, struct opts *o)
{
	struct conf_error err = { 0, NULL };
	char *text = NULL;
	long n;
	int r;

	if (o->conf == NULL) {
		snprintf(o->confbuf, sizeof(o->confbuf), "%s/%s",
			 strcmp(mk->basedir, "/") ? mk->basedir : "", DEFAULT_CONF);
		if (access(o->confbuf, F_OK) != 0)
			return 0;
		o->conf = o->confbuf;
	}
	if ((n = mkinitfs_slurp(o->conf, &text)) < 0) {
		fprintf(stderr, "%s: cannot read %s: %s\n", mkinitfs_prog, o->conf, strerror((int)-n));
		return 1;
	}
	r = conf_parse(text, (size_t)n, &o->cf, &err);
	free(text);
	if (r < 0) {
		fprintf(stderr, "%s: %s, line %d: %s\n", mkinitfs_prog, o->conf, err.line, err.why);
		return 1;
	}
	return 0;
}

/* The config file's values where no option was given. Returns 0 or 1. */
static int apply_conf(struct mkinitfs *mk, struct opts *o)
{
	const struct conf *c = &o->cf;

	if (mk->features == NULL && c->line[CONF_FEATURES])
		mk->features = c->value[CONF_FEATURES];
	if (mk->extra == NULL && c->line[CONF_MODULES])
		mk->extra = c->value[CONF_MODULES];
	if (o->comp == NULL && c->line[CONF_COMPRESSION]) {
		o->comp = c->value[CONF_COMPRESSION];
		if (mkinitfs_compressor_ok(o->comp) < 0) {
			fprintf(stderr, "%s: %s, line %d: compression=%s: write one "
				"of gzip, zstd, xz, lz4, none\n", mkinitfs_prog, o->conf,
				c->line[CONF_COMPRESSION], o->comp);
			return 1;
		}
	}
	o->replace_initrd = c->line[CONF_REPLACE_INITRD] &&
			    strcmp(c->value[CONF_REPLACE_INITRD], "yes") == 0;
	if (mk->features == NULL)
		mk->features = DEFAULT_FEATURES;
	if (o->comp == NULL)
		o->comp = DEFAULT_COMP;
	return 0;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org) or 0. */
static int source_date(unsigned long *t)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;

	*t = 0;
	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	*t = strtoul(s, &end, 10);
	return errno || *end || *t > 0xffffffffUL || s[0] == '-' ? -1 : 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

/* The image tree: a temporary directory, or OUTFILE.d for
 * --gen-init-cpio, whose list points at the files there. */
static int make_stage(struct opts *o, struct mkinitfs *mk)
{
	char dir[PATH_MAX_LINUX];
	const char *tmp = getenv("TMPDIR");

	if (o->genlist) {
		snprintf(dir, sizeof(dir), "%s.d", o->out);
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		if (mkdir(dir, 0755) < 0 || realpath(dir, o->stage) == NULL)
			return mkinitfs_fail(mk, -errno, "cannot create %s: %s", dir, strerror(errno));
	} else {
		snprintf(o->stage, sizeof(o->stage), "%s/ovlinit-mkinitfs.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (mkdtemp(o->stage) == NULL)
			return mkinitfs_fail(mk, -errno, "cannot create %s: %s", o->stage, strerror(errno));
	}
	mk->stage = o->stage;
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* One line on stderr while the compressor works (zstd -12 on the default
 * image: half a second on a PC, seconds on a Pi). */
static void progress(const struct mkinitfs *mk, const struct opts *o)
{
	unsigned long long bytes = 0;

	for (size_t i = 0; i < mk->list.n; i++)
		bytes += mk->list.v[i].size;
	fprintf(stderr, "%s: packing %zu modules, %.1f MiB, with %s into %s...\n", mkinitfs_prog,
		mk->mods.n, (double)bytes / 1048576.0, o->comp, o->out);
}

static int write_out(struct mkinitfs *mk, struct opts *o, const struct timespec *t0)
{
	FILE *f;
	struct stat st;
	int r;

	if (o->list)
		return mkinitfs_write_paths(mk, stdout);
	if (!o->genlist) {
		progress(mk, o);
		r = mkinitfs_write_cpio(mk, o->out, o->comp);
	} else if ((f = fopen(o->out, "we")) == NULL)
		r = mkinitfs_fail(mk, -errno, "cannot create %s: %s", o->out, strerror(errno));
	else if ((r = mkinitfs_write_genlist(mk, f)) == 0 && fclose(f) != 0)
		r = mkinitfs_fail(mk, -EIO, "cannot write %s", o->out);
	if (r == 0 && stat(o->out, &st) == 0)
		printf("%s: %lld bytes%s%s, %zu modules, %s init, %.1f s\n", o->out,
		       (long long)st.st_size, o->genlist ? "" : ", ",
		       o->genlist ? " (gen_init_cpio list)" : o->comp, mk->mods.n,
		       mk->init_machine, seconds_since(t0));
	return r;
}

/* -F auto's choice: with -l every reason, else one line; on stderr. */
static int auto_said(const struct mkinitfs *mk, const struct opts *o)
{
	const char *p = mk->auto_why;

	if (!o->list) {
		fprintf(stderr, "%s: -F auto: features %s, modules %s (-l says why)\n",
			mkinitfs_prog, mk->features, mk->extra[0] ? mk->extra : "(none)");
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, "\n");
		fprintf(stderr, "%s: -F auto: %.*s\n", mkinitfs_prog, (int)n, p);
		p += n + (p[n] == '\n');
	}
	fprintf(stderr, "%s: -F auto: features %s, modules %s\n", mkinitfs_prog,
		mk->features, mk->extra[0] ? mk->extra : "(none)");
	return 0;
}

static int build(struct mkinitfs *mk, struct opts *o, const struct timespec *t0)
{
	int r = mkinitfs_open(mk);

	if (r == 0 && (r = mkinitfs_auto(mk)) == 1)
		r = auto_said(mk, o);
	if (r == 0)
		r = mkinitfs_resolve(mk);
	if (r == 0)
		r = mkinitfs_pick_init(mk);
	if (r == 0 && !o->list)
		r = mkinitfs_check_kernel(mk);
	if (r == 0)
		r = mkinitfs_stage(mk);
	if (r == 0)
		r = mkinitfs_collect(mk);
	return r < 0 ? r : write_out(mk, o, t0);
}

/* -o, or BASEDIR/boot/initramfs-ovlinit-KVER (initrd.img-KVER with
 * replace_initrd=yes, where GRUB and the Pi's firmware hooks look). */
static void default_out(struct mkinitfs *mk, struct opts *o)
{
	if (o->out)
		return;
	snprintf(o->outbuf, sizeof(o->outbuf), "%s/boot/%s%s",
		 strcmp(mk->basedir, "/") ? mk->basedir : "",
		 o->replace_initrd ? "initrd.img-" : "initramfs-ovlinit-", mk->kver);
	o->out = o->outbuf;
}

/* The commands that build nothing: -L, --list-image, --print-outfile. */
static int query(struct mkinitfs *mk, struct opts *o)
{
	int r;

	if (o->print_outfile)
		return printf("%s\n", o->out) < 0 ? 1 : 0;
	r = o->image ? mkinitfs_list_image(mk, o->image, stdout)
		     : mkinitfs_list_features(mk, stdout);
	if (r < 0)
		fprintf(stderr, "%s: %s\n", mkinitfs_prog, mk->err[0] ? mk->err : strerror(-r));
	return r < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	static struct mkinitfs mk = { .basedir = "/", .hostroot = "" };
	static struct opts o;
	struct timespec t0;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	default_paths(&o);
	if ((r = parse(argc, argv, &mk, &o)) >= 0)
		return r;
	if (source_date(&mk.mtime) < 0) {
		fprintf(stderr, "%s: SOURCE_DATE_EPOCH is not a number of seconds\n", mkinitfs_prog);
		return 2;
	}
	if (load_conf(&mk, &o) || apply_conf(&mk, &o))
		return 1;
	default_out(&mk, &o);
	mk.featdir = o.featdir;
	mk.libdir = o.libdir;
	mk.comp = o.genlist ? "none" : o.comp;
	if (o.image || o.list_features || o.print_outfile)
		return query(&mk, &o);
	signal(SIGPIPE, SIG_IGN);   /* a dead compressor is an error, not a kill */
	r = make_stage(&o, &mk);
	if (r == 0)
		r = build(&mk, &o, &t0);
	if (mk.stage && !o.genlist)
		nftw(o.stage, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (r < 0)
		fprintf(stderr, "%s: %s\n", mkinitfs_prog, mk.err[0] ? mk.err : strerror(-r));
	mkinitfs_close(&mk);
	return r < 0 ? 1 : 0;
}
