#!/bin/sh
# Run every test under kyua and end with the line "N passed, N failed"
# (", N skipped" when any were skipped), counting one more check of
# its own: no mount left below the tree. Exits non-zero on any failure.
# Optional: KYUA_FILTER="boot/basic_test" runs only those programs.
set -u
B=${BUILD:-build}
src=$(pwd)
results=$B/kyua-results.db
rm -f "$results"
# shellcheck disable=SC2086
kyua --config=none -v parallelism="${PARALLELISM:-2}" \
	-v test_suites.ovlinit.build="$B" -v test_suites.ovlinit.srcdir="$src" \
	-v test_suites.ovlinit.fuzz_seconds="${FUZZ_SECONDS:-60}" \
	test --kyuafile tests/Kyuafile --build-root "$B/tests" \
	--results-file "$results" ${KYUA_FILTER:-}
status=$?
summary=$(kyua report --results-file "$results" | grep '^Test cases:')
set -- $(echo "$summary" | sed 's/[^0-9 ]//g')
total=${1:-0} skipped=${2:-0} xfail=${3:-0} broken=${4:-0} failed=${5:-0}
if [ "$status" != 0 ] || [ "$broken" != 0 ] || [ "$failed" != 0 ]; then
	kyua report --results-file "$results" --verbose \
		--results-filter broken,failed 2>&1 | tail -n 200
fi
# kyua that ran nothing (a Kyuafile it could not load) is a failure.
if [ "$status" != 0 ] && [ "$total" = 0 ]; then
	echo "mk/check.sh: FAILED: kyua ran no test (exit $status)"
	total=1 failed=1
fi
# One check of the suite itself, after every test: nothing it (or the
# image steps before it) mounted is left below the tree (issue 15: a
# debootstrap's /proc left in build/).
left=$(sh mk/mounts.sh list "$src")
if [ -n "$left" ]; then
	echo "mk/check.sh: FAILED no_mount_left: still mounted below $src:"
	echo "$left"
	total=$((total + 1)) failed=$((failed + 1)) status=1
else
	total=$((total + 1))
fi
passed=$((total - skipped - xfail - broken - failed))
line="$passed passed, $((broken + failed)) failed"
[ "$skipped" != 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" = 0 ] && [ "$broken" = 0 ] && [ "$failed" = 0 ]
