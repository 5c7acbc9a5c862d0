# shellcheck shell=sh
# Mounts below a directory: list them, take them down. Sourced by the
# scripts that build trees with tools that mount inside them (debootstrap
# mounts proc, sys and dev pts in its target and may leave them there),
# and run as `sh mk/mounts.sh unmount DIR` by make clean and distclean.
# Paths come from /proc/self/mountinfo, where the kernel escapes space,
# tab, newline and backslash as octal (\040 ...).

# mounts_under DIR: every mount point at or below DIR, the newest first
# (mountinfo lists mounts in the order they were made: undoing them in
# reverse also handles a mount made on top of an earlier one).
mounts_under() {
	d=$(cd "$1" 2>/dev/null && pwd -P) || return 0
	awk -v d="$d" '
		function unesc(s,   out, i, c) {
			out = ""
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c == "\\" && substr(s, i + 1, 3) ~ /^[0-7][0-7][0-7]$/) {
					out = out sprintf("%c", (substr(s, i + 1, 1) * 64) + (substr(s, i + 2, 1) * 8) + substr(s, i + 3, 1))
					i += 3
				} else
					out = out c
			}
			return out
		}
		{ m = unesc($5); if (m == d || index(m, d "/") == 1) print NR "\t" m }
	' /proc/self/mountinfo | sort -rn | cut -f2-
}

# unmount_under DIR: unmount everything at or below DIR, newest first;
# a busy mount is detached lazily (umount -l), which takes it out of the
# tree at once. Fails if anything is still mounted there afterwards.
unmount_under() {
	mounts_under "$1" | while IFS= read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
	left=$(mounts_under "$1")
	[ -z "$left" ] && return 0
	echo "mk/mounts.sh: still mounted below $1:" >&2
	echo "$left" >&2
	return 1
}

# A command when run, not sourced: `sh mk/mounts.sh unmount|list DIR`.
case ${0##*/} in
mounts.sh)
	if [ $# != 2 ]; then
		echo "usage: sh mk/mounts.sh unmount|list DIR" >&2
		exit 2
	fi
	case $1 in
	unmount) unmount_under "$2" ;;
	list)    mounts_under "$2" ;;
	*) echo "usage: sh mk/mounts.sh unmount|list DIR" >&2; exit 2 ;;
	esac
	;;
esac
