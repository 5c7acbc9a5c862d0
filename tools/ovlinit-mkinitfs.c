/* ovlinit-mkinitfs: build an ovlinit initramfs for a kernel from its
 * module tree (see ovlinit-mkinitfs(8)). The steps live in
 * lib/mkinitfs*.c; this file parses options and reports. */
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <libgen.h>
#include "limits.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mkinitfs.h"
#include "version.h"

static const char mkinitfs_prog[] = "ovlinit-mkinitfs";

#define DEFAULT_FEATURES "base ata ext4 mmc nvme overlay usb usb-legacy vfat virtio virtio-mmio virtio-scsi"
#define DEFAULT_COMP     "zstd"

enum { OPT_RESCUE = 256, OPT_GENLIST, OPT_VERSION };

struct opts {
	const char *out, *comp;
	int list, genlist;
	char featdir[MKINITFS_PATH_MAX], init[MKINITFS_PATH_MAX], outbuf[MKINITFS_PATH_MAX], stage[MKINITFS_PATH_MAX];
};

static const char usage_text[] =
	"usage: ovlinit-mkinitfs [-b BASEDIR] [-F \"FEATURES\"] [-m \"MODULES\"]\n"
	"         [-c gzip|zstd|xz|lz4|none] [-o OUTFILE] [-l] [--rescue-shell]\n"
	"         [--gen-init-cpio] [-P FEATUREDIR] [-i INIT] KERNELVERSION\n"
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
	char exe[MKINITFS_PATH_MAX], lib[MKINITFS_PATH_MAX] = "/usr/lib/ovlinit";
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		exe[n] = '\0';
		snprintf(lib, sizeof(lib), "%s/lib/ovlinit", dirname(dirname(exe)));
	}
	snprintf(o->featdir, sizeof(o->featdir), "%.*s/modules", MKINITFS_PATH_MAX - 16, lib);
	snprintf(o->init, sizeof(o->init), "%.*s/init", MKINITFS_PATH_MAX - 16, lib);
}

/* Returns -1 to go on, or the exit status (0 after --help/--version,
 * 2 on a usage error, said). */
static int parse(int argc, char **argv, struct mkinitfs *mk, struct opts *o)
{
	static const struct option longs[] = {
		{ "rescue-shell", no_argument, NULL, OPT_RESCUE },
		{ "gen-init-cpio", no_argument, NULL, OPT_GENLIST },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:F:m:c:o:lP:i:h", longs, NULL)) != -1) {
		switch (c) {
		case 'b': mk->basedir = optarg; break;
		case 'F': mk->features = optarg; break;
		case 'm': mk->extra = optarg; break;
		case 'c': o->comp = optarg; break;
		case 'o': o->out = optarg; break;
		case 'l': o->list = 1; break;
		case 'P': snprintf(o->featdir, sizeof(o->featdir), "%s", optarg); break;
		case 'i': snprintf(o->init, sizeof(o->init), "%s", optarg); break;
		case OPT_RESCUE: mk->rescue = 1; break;
		case OPT_GENLIST: o->genlist = 1; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case OPT_VERSION: printf("%s %s\n", mkinitfs_prog, OVLINIT_VERSION); return 0;
		case ':': return usage("missing argument of", argv[optind - 1]);
		default: return usage("unknown option", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return usage(optind < argc ? "one KERNELVERSION only" : "no KERNELVERSION given",
			     NULL);
	if (mkinitfs_compressor_ok(o->comp) < 0)
		return usage("-c: not a compressor", o->comp);
	mk->kver = argv[optind];
	if (strchr(mk->kver, '/') || mk->kver[0] == '.')
		return usage("not a kernel version", mk->kver);
	return -1;
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
	char dir[MKINITFS_PATH_MAX];
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

static int write_out(struct mkinitfs *mk, struct opts *o)
{
	FILE *f;
	struct stat st;
	int r;

	if (o->list)
		return mkinitfs_write_paths(mk, stdout);
	if (!o->genlist)
		r = mkinitfs_write_cpio(mk, o->out, o->comp);
	else if ((f = fopen(o->out, "we")) == NULL)
		r = mkinitfs_fail(mk, -errno, "cannot create %s: %s", o->out, strerror(errno));
	else if ((r = mkinitfs_write_genlist(mk, f)) == 0 && fclose(f) != 0)
		r = mkinitfs_fail(mk, -EIO, "cannot write %s", o->out);
	if (r == 0 && stat(o->out, &st) == 0)
		printf("%s: %lld bytes%s%s, %zu modules\n", o->out, (long long)st.st_size,
		       o->genlist ? "" : ", ", o->genlist ? " (gen_init_cpio list)" : o->comp,
		       mk->mods.n);
	return r;
}

static int build(struct mkinitfs *mk, struct opts *o)
{
	int r = mkinitfs_open(mk);

	if (r == 0)
		r = mkinitfs_resolve(mk);
	if (r == 0)
		r = mkinitfs_stage(mk);
	if (r == 0)
		r = mkinitfs_collect(mk);
	return r < 0 ? r : write_out(mk, o);
}

int main(int argc, char **argv)
{
	static struct mkinitfs mk = { .basedir = "/", .features = DEFAULT_FEATURES };
	static struct opts o = { .comp = DEFAULT_COMP };
	int r;

	default_paths(&o);
	if ((r = parse(argc, argv, &mk, &o)) >= 0)
		return r;
	if (source_date(&mk.mtime) < 0) {
		fprintf(stderr, "%s: SOURCE_DATE_EPOCH is not a number of seconds\n", mkinitfs_prog);
		return 2;
	}
	if (o.out == NULL) {
		snprintf(o.outbuf, sizeof(o.outbuf), "%s/boot/initramfs-ovlinit-%s",
			 strcmp(mk.basedir, "/") ? mk.basedir : "", mk.kver);
		o.out = o.outbuf;
	}
	mk.featdir = o.featdir;
	mk.init = o.init;
	signal(SIGPIPE, SIG_IGN);   /* a dead compressor is an error, not a kill */
	r = make_stage(&o, &mk);
	if (r == 0)
		r = build(&mk, &o);
	if (mk.stage && !o.genlist)
		nftw(o.stage, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (r < 0)
		fprintf(stderr, "%s: %s\n", mkinitfs_prog, mk.err[0] ? mk.err : strerror(-r));
	mkinitfs_close(&mk);
	return r < 0 ? 1 : 0;
}
