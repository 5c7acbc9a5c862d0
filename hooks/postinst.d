#!/bin/sh
# ovlinit: Debian's kernel packages run this after installing kernel $1
# (image $2): build its ovlinit initramfs (see @LIBDIR@/kernel-hook).
exec @LIBDIR@/kernel-hook build "$1"
