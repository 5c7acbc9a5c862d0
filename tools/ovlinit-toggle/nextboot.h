/* ovlinit-toggle status's image check (nextboot.c). */
#ifndef OVLINIT_TOGGLE_NEXTBOOT_H
#define OVLINIT_TOGGLE_NEXTBOOT_H

/* Print what the next boot loads (on a Pi, bootpart is cmdline.txt's
 * directory; else NULL, and bootdir holds the kernels) and warn on
 * stderr when it is not an ovlinit image for the kernel that will boot.
 * Returns 0. */
int toggle_next_image(const char *bootpart, const char *bootdir);

#endif
