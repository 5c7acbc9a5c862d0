#!/bin/sh
# ovlinit: Debian's kernel packages run this after removing kernel $1
# (image $2): remove its ovlinit initramfs (see @LIBDIR@/kernel-hook).
exec @LIBDIR@/kernel-hook remove "$1"
