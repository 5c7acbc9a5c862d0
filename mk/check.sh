#!/bin/sh
# Run every test under kyua and end with the line "N passed, N failed"
# (", N skipped" when any were skipped). Exits non-zero on any failure.
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
passed=$((total - skipped - xfail - broken - failed))
line="$passed passed, $((broken + failed)) failed"
[ "$skipped" != 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" = 0 ] && [ "$broken" = 0 ] && [ "$failed" = 0 ]
