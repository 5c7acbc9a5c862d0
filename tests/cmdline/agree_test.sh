#!/usr/bin/env atf-sh
# The boot, `ovlinit --explain --cmdline-file` and `ovlinit-toggle status`
# agree on every fixture (cmdline-fixtures/*.in and the toggle's files):
# the overlay, its flags, the root and the number of errors. The boot's
# view comes from build/tests/cmdline/views (tests/cmdline/views.c: the
# firmware's first line, the kernel's cut, init's parser), which also
# checks that the library's three views agree; the two tools' output is
# reduced to the same summary line and must equal it.

# agree_explain FILE: ovlinit --explain's records as a summary line.
agree_explain()
{
	"$B/bin/ovlinit" --explain --cmdline-file "$1" | sed -n \
		-e 's/^option overlaytmpfs: /overlay=/p' \
		-e 's/^option overlaytmpfsflags: /flags=/p' \
		-e 's/^option root: /root=/p' \
		-e 's/^result: errors=\([0-9]*\) .*/errors=\1/p' | sort | paste -sd' '
}

# agree_toggle FILE: ovlinit-toggle status's lines as a summary line.
agree_toggle()
{
	cp "$1" boot/cmdline.txt
	tgl status
	[ "$rc" = 0 ] || { cat err; atf_fail "ovlinit-toggle status exited $rc"; }
	sed -n -e 's/^next boot overlay: /overlay=/p' -e 's/^next boot flags: /flags=/p' \
		-e 's/^next boot root: /root=/p' \
		-e 's/^next boot check: errors=\([0-9]*\) .*/errors=\1/p' out | sort | paste -sd' '
}

agree_run()
{
	f=$1
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	"$B/tests/cmdline/views" "$f" >views 2>verr || {
		cat views verr; atf_fail "the library's views of $f disagree"; }
	want=$(sed -n 's/^boot: //p' views)
	got=$(agree_explain "$f")
	[ "$got" = "$want" ] || atf_fail "ovlinit --explain: $got; the boot: $want"
	grep -q '^toggle: ' views || return 0      # larger than the toggle reads
	got=$(agree_toggle "$f")
	[ "$got" = "$want" ] || atf_fail "ovlinit-toggle status: $got; the boot: $want"
}

# agree_add NAME FILE
agree_add()
{
	eval "$1_head() { atf_set descr 'the boot, --explain and the toggle agree on $2'; }"
	eval "$1_body() { agree_run '$3'; }"
	atf_add_test_case "$1"
}

atf_init_test_cases()
{
	SRC=$(atf_config_get srcdir)
	B=$(atf_config_get build)
	for f in "$SRC"/cmdline-fixtures/*.in; do
		n=$(basename "$f" .in)
		case $n in *[!A-Za-z0-9_]*) continue ;; esac
		agree_add "$n" "cmdline-fixtures/$n.in" "$f"
	done
	for f in "$SRC"/cmdline-fixtures/toggle/*.before "$SRC"/cmdline-fixtures/toggle/*.on \
		"$SRC"/cmdline-fixtures/toggle/*.off "$SRC"/cmdline-fixtures/toggle/*.force-*; do
		[ -f "$f" ] || continue
		n=$(basename "$f" | tr .- __)
		agree_add "toggle_$n" "cmdline-fixtures/toggle/$(basename "$f")" "$f"
	done
}
