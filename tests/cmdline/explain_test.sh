#!/usr/bin/env atf-sh
# One test case per command-line fixture: cmdline-fixtures/NAME.in is run
# through `ovlinit --explain --cmdline-file`, and its output, followed by an
# "[exit N]" line, must equal cmdline-fixtures/NAME.out byte for byte.
# `make fixtures-update` rewrites the .out files (read every diff).

explain_run()
{
	name=$1
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	sh "$SRC/mk/fixtures.sh" run "$B/bin/ovlinit" "$SRC/cmdline-fixtures/$name.in" >actual
	if ! cmp -s "$SRC/cmdline-fixtures/$name.out" actual; then
		diff -u "$SRC/cmdline-fixtures/$name.out" actual
		atf_fail "ovlinit --explain output of $name.in differs from $name.out"
	fi
}

atf_test_case usage_error_exits_2
usage_error_exits_2_head() { atf_set descr "ovlinit --explain with a bad argument prints usage and exits 2"; }
usage_error_exits_2_body()
{
	B=$(atf_config_get build)
	atf_check -s exit:2 -o empty -e match:"usage: ovlinit --explain" "$B/bin/ovlinit" --explain --bogus
	atf_check -s exit:2 -o empty -e match:"usage: ovlinit --explain" "$B/bin/ovlinit" --explain --cmdline
}

atf_test_case init_leaves_diagnosis_to_the_tool
init_leaves_diagnosis_to_the_tool_head() { atf_set descr "the initramfs's init serves only modprobe; --explain and --probe name the ovlinit tool, exit 2"; }
init_leaves_diagnosis_to_the_tool_body()
{
	B=$(atf_config_get build)
	atf_check -s exit:2 -o empty -e match:"are the ovlinit tool's" "$B/init" --explain --cmdline "root=/dev/vda"
	atf_check -s exit:2 -o empty -e match:"are the ovlinit tool's" "$B/init" --probe /dev/null
	atf_check -s exit:2 -o empty -e match:"usage: modprobe" "$B/init" modprobe
}

atf_test_case unreadable_file_exits_1
unreadable_file_exits_1_head() { atf_set descr "an unreadable --cmdline-file is named on stderr, exit 1"; }
unreadable_file_exits_1_body()
{
	B=$(atf_config_get build)
	atf_check -s exit:1 -o empty -e match:"missing: No such file" "$B/bin/ovlinit" --explain \
		--cmdline-file missing
}

atf_test_case stdin_and_text_read_like_a_file
stdin_and_text_read_like_a_file_head() { atf_set descr "--cmdline-file - and --cmdline TEXT give the file's output"; }
stdin_and_text_read_like_a_file_body()
{
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	f=$SRC/cmdline-fixtures/alpine_pi.in
	"$B/bin/ovlinit" --explain --cmdline-file "$f" >expected
	atf_check -o file:expected "$B/bin/ovlinit" --explain --cmdline-file - <"$f"
	atf_check -o file:expected "$B/bin/ovlinit" --explain --cmdline "$(cat "$f")
"
}

atf_init_test_cases()
{
	atf_add_test_case usage_error_exits_2
	atf_add_test_case init_leaves_diagnosis_to_the_tool
	atf_add_test_case unreadable_file_exits_1
	atf_add_test_case stdin_and_text_read_like_a_file
	SRC=$(atf_config_get srcdir)
	for f in "$SRC"/cmdline-fixtures/*.in; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .in)
		case $n in *[!A-Za-z0-9_]*) continue ;; esac   # mk/fixtures.sh check refuses these
		eval "${n}_head() { atf_set descr 'ovlinit --explain on cmdline-fixtures/$n.in'; }"
		eval "${n}_body() { explain_run $n; }"
		atf_add_test_case "$n"
	done
}
