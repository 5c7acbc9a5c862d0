/* The initramfs archive: the kernel's "newc" cpio format
 * (Documentation/driver-api/early-userspace/buffer-format.rst) and the
 * list format of the kernel's usr/gen_init_cpio. Pure: entries in,
 * bytes or text out; the caller copies file data. */
#ifndef OVLINIT_CPIO_H
#define OVLINIT_CPIO_H

#include <stddef.h>

#define CPIO_NEWC_HDR 110         /* "070701" and 13 fields of 8 hex digits */
#define CPIO_NAME_MAX 512

struct cpio_entry {
	char *path;               /* in the image, no leading '/': "lib/modules" */
	char *src;                /* file contents or symlink target (owned) */
	unsigned mode;            /* S_IFREG|0644, S_IFDIR|0755, S_IFCHR|0600... */
	unsigned rmajor, rminor;  /* device nodes */
	unsigned long long size;  /* regular files: bytes of src */
};

struct cpio_list {
	struct cpio_entry *v;
	size_t n, cap;
};

/* Add an entry (path and src are copied; src may be NULL). Returns 0 or
 * -ENOMEM, -EINVAL (empty path, leading '/', "..", or too long). */
int cpio_list_add(struct cpio_list *l, const char *path, const char *src,
		  unsigned mode, unsigned long long size)
	__attribute__((warn_unused_result));

/* Sort by path (bytes), so parents precede children and two builds list
 * entries in the same order. Returns 0, or -EEXIST for a duplicate
 * path, -ENOENT for an entry whose parent directory is not listed. */
int cpio_list_sort(struct cpio_list *l) __attribute__((warn_unused_result));

void cpio_list_free(struct cpio_list *l);

/* The newc header and padded name of e, inode ino, mtime mtime, owner 0,
 * one link. Writes at most cap bytes to buf; returns the length (a
 * multiple of 4) or 0 if it does not fit. The data that follows is
 * padded with cpio_pad(size) zero bytes. */
size_t cpio_header(char *buf, size_t cap, const struct cpio_entry *e,
		   unsigned ino, unsigned long mtime);

/* The trailer entry "TRAILER!!!", same contract as cpio_header. */
size_t cpio_trailer(char *buf, size_t cap);

/* Zero bytes that pad n bytes to a multiple of 4. */
size_t cpio_pad(unsigned long long n);

/* One line of gen_init_cpio's list for e ("file /init SRC 0755 0 0"),
 * newline included. Returns its length or 0 if it does not fit, or if
 * e->src has a space (the list format cannot quote it). */
size_t cpio_genlist_line(char *buf, size_t cap, const struct cpio_entry *e);

/* A newc header read back (the fields ovlinit-mkinitfs --list-image
 * needs). */
struct cpio_hdr {
	unsigned mode;
	unsigned long long size;  /* of the data that follows the name */
	size_t namesize;          /* with its NUL */
};

/* Parse the CPIO_NEWC_HDR bytes at buf ("070701" or "070702", then 13
 * fields of 8 hex digits). Returns 0, or -EINVAL for another magic, a
 * field that is not hex, or a namesize of 0 or over CPIO_NAME_MAX. */
int cpio_parse_header(const char *buf, size_t len, struct cpio_hdr *h)
	__attribute__((warn_unused_result));

#endif
