#!/bin/sh
# ovlinit: Debian's kernel packages run this after installing kernel $1
# (image $2): build its ovlinit initramfs (see @LIBDIR@/kernel-hook).
# A conffile outlives the package (removed, not purged): then nothing.
[ -x @LIBDIR@/kernel-hook ] || exit 0
exec @LIBDIR@/kernel-hook build "$1"
