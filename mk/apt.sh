# shellcheck shell=sh
# Project-local apt: its own sources list, lists and cache under $BUILD/apt,
# so fetching sources and the test kernel never changes the user's apt setup.
# Sourced by the other mk/ scripts; defines apt_local.

apt_local_dir() {
	echo "${BUILD:-build}/apt"
}

apt_local_setup() {
	d=$(apt_local_dir)
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/etc/preferences.d"
	kr=/usr/share/keyrings/debian-archive-keyring.gpg
	cat > "$d/etc/sources.list" <<SRC
deb [signed-by=$kr] http://deb.debian.org/debian bookworm main
deb-src [signed-by=$kr] http://deb.debian.org/debian bookworm main
deb [signed-by=$kr] http://deb.debian.org/debian-security bookworm-security main
SRC
}

# apt_local CMD ARGS...: run apt-get or apt-cache (CMD) on the local config.
apt_local() {
	cmd=$1; shift
	d=$(cd "$(apt_local_dir)" && pwd)
	"$cmd" -q \
		-o Dir::Etc::SourceList="$d/etc/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences="$d/etc/preferences" \
		-o Dir::Etc::PreferencesParts="$d/etc/preferences.d" \
		-o Dir::State::Lists="$d/lists" \
		-o Dir::Cache="$d/cache" \
		-o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root \
		"$@"
}

# apt_local_update: refresh the local lists once per build tree. Under a
# lock: `make -j` runs mk/kmod.sh and mk/kernel.sh at the same time.
apt_local_update() {
	d=$(apt_local_dir)
	mkdir -p "$d"
	(
		flock 9
		[ -f "$d/updated" ] && exit 0
		apt_local_setup
		apt_local apt-get update >&2 && touch "$d/updated"
	) 9>"$d/lock"
}
