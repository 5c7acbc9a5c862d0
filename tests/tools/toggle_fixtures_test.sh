#!/usr/bin/env atf-sh
# cmdline-fixtures/toggle/: one test case per X.before. For each command
# (on, off; with --force: force-on, force-off) whose expected result
# exists, the tool's result must be byte-for-byte X.CMD, a second run
# must change nothing (and write nothing: the inode stays), and no
# temporary file may be left. X.CMD.refused holds a phrase of the
# refusal: the tool must exit 1, say it, and leave the file as it was.

# fixture_run NAME CMD EXPECTED ARGS...
fixture_run()
{
	name=$1 cmd=$2 exp=$3
	shift 3
	cp "$FIX/$name.before" boot/cmdline.txt
	tgl "$@"
	[ "$rc" = 0 ] || { cat err; atf_fail "$name: $cmd exited $rc"; }
	cmp boot/cmdline.txt "$exp" || {
		od -c boot/cmdline.txt | head; atf_fail "$name: $cmd gave the wrong text"; }
	ino=$(stat -c %i boot/cmdline.txt)
	tgl "$@"
	[ "$rc" = 0 ] || atf_fail "$name: $cmd a second time exited $rc"
	grep -q unchanged out || atf_fail "$name: $cmd a second time did not say unchanged"
	cmp -s boot/cmdline.txt "$exp" || atf_fail "$name: $cmd is not idempotent"
	[ "$(stat -c %i boot/cmdline.txt)" = "$ino" ] ||
		atf_fail "$name: $cmd a second time rewrote the file"
	tgl_no_temp
}

fixture_refused()
{
	name=$1 cmd=$2
	cp "$FIX/$name.before" boot/cmdline.txt
	tgl "$cmd"
	[ "$rc" = 1 ] || atf_fail "$name: $cmd should be refused (exit 1), exited $rc"
	grep -qF "$(cat "$FIX/$name.$cmd.refused")" err || {
		cat err; atf_fail "$name: $cmd: the refusal does not say why"; }
	cmp -s boot/cmdline.txt "$FIX/$name.before" || atf_fail "$name: refused, yet changed"
	tgl_no_temp
}

fixture_case()
{
	name=$1 n=0
	tgl_setup
	for cmd in on off; do
		if [ -f "$FIX/$name.$cmd" ]; then
			fixture_run "$name" "$cmd" "$FIX/$name.$cmd" "$cmd"; n=$((n + 1))
		fi
		if [ -f "$FIX/$name.$cmd.refused" ]; then
			fixture_refused "$name" "$cmd"; n=$((n + 1))
		fi
		if [ -f "$FIX/$name.force-$cmd" ]; then
			fixture_run "$name" "force-$cmd" "$FIX/$name.force-$cmd" "$cmd" --force
			n=$((n + 1))
		fi
	done
	[ "$n" -ge 2 ] || atf_fail "$name: the fixture has fewer than two expected results"
}

atf_init_test_cases()
{
	SRC=$(atf_config_get srcdir)
	. "$SRC/tests/tools/toggle/lib.sh"
	for f in "$SRC"/cmdline-fixtures/toggle/*.before; do
		n=$(basename "$f" .before)
		eval "$n""_head() { atf_set descr 'cmdline-fixtures/toggle/$n'; }"
		eval "$n""_body() { fixture_case $n; }"
		atf_add_test_case "$n"
	done
}
