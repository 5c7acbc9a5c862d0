#!/bin/sh
# Build libkmod.a against musl from Debian's kmod source package.
# usage: mk/kmod.sh OUTDIR   (creates OUTDIR/libkmod.a and OUTDIR/include/libkmod.h)
# kmod's configure only supports a shared library, so the PIC objects it
# builds are archived here. Compression and openssl are disabled: the
# builder stores modules uncompressed, and init verifies no signatures
# (the kernel does that itself).
set -eu
mkdir -p "$1" "${BUILD:-build}"
out=$(cd "$1" && pwd)
BUILD=$(cd "${BUILD:-build}" && pwd)
. "$(dirname "$0")/apt.sh"
apt_local_update
src="$BUILD/src"
mkdir -p "$src" "$out/include"
if ! ls "$src"/kmod_*.dsc >/dev/null 2>&1; then
	(cd "$src" && apt_local apt-get source --download-only kmod >&2)
fi
rm -rf "$src/kmod"
dpkg-source -x "$src"/kmod_*.dsc "$src/kmod" >&2
cd "$src/kmod"
# autogen.sh does the same when gtk-doc is not installed.
touch libkmod/docs/gtk-doc.make
autoreconf -fi >/dev/null 2>&1
mkdir -p b && cd b
# KMOD_CC and KMOD_HOST (make ARCH=arm64): the cross compiler and its triplet.
CC=${KMOD_CC:-musl-gcc} CFLAGS="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables" ../configure -q \
	${KMOD_HOST:+--host="$KMOD_HOST"} \
	--disable-manpages --disable-test-modules --disable-tools \
	--disable-debug --disable-gtk-doc \
	--without-zstd --without-xz --without-zlib --without-openssl >&2
make -j"$(nproc)" -s >&2
rm -f "$out/libkmod.a"
${KMOD_HOST:+$KMOD_HOST-}ar rcs "$out/libkmod.a" libkmod/.libs/libkmod*.o shared/.libs/*.o
cp ../libkmod/libkmod.h "$out/include/"
