#!/bin/sh
# The module names of another architecture's Debian kernel, without
# unpacking it: the feature-file test checks the '?' entries (drivers
# only some architectures have, like the Raspberry Pi's SD controllers)
# against it. Names of loadable modules and of built-in ones, one a line,
# '-' turned into '_'.
# usage: mk/modlist.sh ARCH OUT   (ARCH: a Debian architecture, e.g. arm64)
# The package is kept in $BUILD/cache, so a second run is offline.
set -eu
arch=$1 out=$2
mkdir -p "${BUILD:-build}"
BUILD=$(cd "${BUILD:-build}" && pwd)
. "$(dirname "$0")/apt.sh"
cache="$BUILD/cache"
mkdir -p "$cache"
deb=$(ls "$cache"/linux-image-*-"$arch"_*_"$arch".deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	apt_local_setup
	archs="-o APT::Architectures::=$(dpkg --print-architecture) -o APT::Architectures::=$arch"
	# shellcheck disable=SC2086
	apt_local apt-get $archs update >&2
	# shellcheck disable=SC2086
	pkg=$(apt_local apt-cache $archs depends "linux-image-$arch:$arch" |
		sed -n 's/^ *Depends: \(linux-image-[^ :]*\).*$/\1/p' | head -n1)
	[ -n "$pkg" ] || { echo "modlist.sh: cannot resolve linux-image-$arch" >&2; exit 1; }
	# shellcheck disable=SC2086
	(cd "$cache" && apt_local apt-get $archs download "$pkg:$arch" >&2)
	deb=$(ls "$cache"/"$pkg"_*_"$arch".deb | head -n1)
fi
{
	dpkg-deb -c "$deb" | awk '{print $6}' | sed -n 's|.*/\([^/]*\)\.ko\(\.[a-z]*\)\{0,1\}$|\1|p'
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - --wildcards '*/modules.builtin' |
		sed -n 's|.*/\([^/]*\)\.ko$|\1|p'
} | tr '-' '_' | LC_ALL=C sort -u > "$out.tmp"
mv "$out.tmp" "$out"
echo "modlist: $(wc -l < "$out") modules of $(basename "$deb")" >&2
