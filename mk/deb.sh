#!/bin/sh
# make deb: BUILD/ovlinit_VERSION_ARCH.deb by dpkg-buildpackage and
# debhelper (debian/), then lintian on it (an error fails).
# dpkg-buildpackage writes into the parent of the source tree, so it runs
# on a copy of the tracked files in BUILD/deb/ovlinit-VERSION (times kept,
# so make rebuilds nothing), building into BUILD itself (OVLINIT_BUILD),
# where make keeps libkmod and the test kernel.
#
# usage: sh mk/deb.sh BUILD
set -eu
B=$(cd "$1" && pwd)
ver=$(dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
src=$B/deb/ovlinit-$ver
rm -rf "$B/deb"
mkdir -p "$src"
git ls-files -z | xargs -0 cp -p --parents -t "$src"
(cd "$src" && OVLINIT_BUILD=$B dpkg-buildpackage -b -us -uc) > "$B/deb/build.log" 2>&1 || {
	tail -n 40 "$B/deb/build.log" >&2
	echo "mk/deb.sh: dpkg-buildpackage failed, log: $B/deb/build.log" >&2
	exit 1
}
deb=$B/ovlinit_${ver}_$arch.deb
cp "$B/deb/ovlinit_${ver}_$arch.deb" "$deb"
lintian --fail-on error "$deb"
echo "mk/deb.sh: $deb ($(wc -c < "$deb") bytes)"
