#!/usr/bin/env atf-sh
# One test case per command-line fixture: cmdline-fixtures/NAME.in is run
# through `init --explain --cmdline-file`, and its output, followed by an
# "[exit N]" line, must equal cmdline-fixtures/NAME.out byte for byte.
# `make fixtures-update` rewrites the .out files (read every diff).

explain_run()
{
	name=$1
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	sh "$SRC/mk/fixtures.sh" run "$B/init" "$SRC/cmdline-fixtures/$name.in" >actual
	if ! cmp -s "$SRC/cmdline-fixtures/$name.out" actual; then
		diff -u "$SRC/cmdline-fixtures/$name.out" actual
		atf_fail "init --explain output of $name.in differs from $name.out"
	fi
}

atf_init_test_cases()
{
	SRC=$(atf_config_get srcdir)
	for f in "$SRC"/cmdline-fixtures/*.in; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .in)
		case $n in *[!A-Za-z0-9_]*) continue ;; esac   # mk/fixtures.sh check refuses these
		eval "${n}_head() { atf_set descr 'init --explain on cmdline-fixtures/$n.in'; }"
		eval "${n}_body() { explain_run $n; }"
		atf_add_test_case "$n"
	done
}
