#!/bin/sh
# ovlinit: initramfs-tools' update-initramfs and Debian's dracut run the
# hooks of /etc/initramfs/post-update.d with a kernel version $1 and the
# image $2 they just wrote (the Raspberry Pi firmware package's
# z50-raspi-firmware there copies the image to the boot partition).
# Another generator has just rebuilt kernel $1's image: build ovlinit's
# again, so that it is up to date and, with replace_initrd=yes, so that
# /boot/initrd.img-$1 is ovlinit's again before the firmware hook (which
# sorts after this one) copies it. Run by ovlinit's own kernel-hook, which
# runs these hooks after writing initrd.img: nothing to do.
# See @LIBDIR@/kernel-hook.
[ -n "${OVLINIT_POST_UPDATE:-}" ] && exit 0
# A conffile outlives the package (removed, not purged): then nothing.
[ -x @LIBDIR@/kernel-hook ] || exit 0
[ -n "${1:-}" ] || exit 0
# In a kernel package's postinst, @SYSCONFDIR@/kernel/postinst.d/ovlinit
# (which runs after initramfs-tools' hook there) builds it.
case ${DPKG_MAINTSCRIPT_PACKAGE:-} in
linux-image-*) [ -x @SYSCONFDIR@/kernel/postinst.d/ovlinit ] && exit 0 ;;
esac
exec @LIBDIR@/kernel-hook update "$1"
