#!/bin/sh
# The command-line fixtures (cmdline-fixtures/NAME.in -> NAME.out).
#   fixtures.sh run OVLINIT FILE.in    print what NAME.out must hold
#   fixtures.sh update OVLINIT DIR     rewrite every DIR/*.out, showing each diff
# A fixture's name is its test case's name: letters, digits and '_' only.
set -u

fixtures_run()
{
	"$1" --explain --cmdline-file "$2" 2>&1
	echo "[exit $?]"
}

fixtures_update()
{
	status=0
	for in in "$2"/*.in; do
		name=$(basename "$in" .in)
		case $name in
		*[!A-Za-z0-9_]*) echo "$in: a fixture name is letters, digits and _" >&2
			status=1; continue ;;
		esac
		out=${in%.in}.out
		fixtures_run "$1" "$in" >"$out.new"
		if [ -f "$out" ] && cmp -s "$out" "$out.new"; then
			rm -f "$out.new"
			continue
		fi
		diff -u "$out" "$out.new" 2>/dev/null || [ -f "$out" ] || cat "$out.new"
		mv "$out.new" "$out"
		echo "updated $out"
	done
	return $status
}

case ${1:-} in
run) fixtures_run "$2" "$3" ;;
update) fixtures_update "$2" "$3" ;;
*) echo "usage: fixtures.sh run INIT FILE.in | update INIT DIR" >&2; exit 2 ;;
esac
