#!/bin/sh
# ovlinit: Debian's kernel packages run this after removing kernel $1
# (image $2): remove its ovlinit initramfs (see @LIBDIR@/kernel-hook).
# A conffile outlives the package (removed, not purged): then nothing.
[ -x @LIBDIR@/kernel-hook ] || exit 0
exec @LIBDIR@/kernel-hook remove "$1"
