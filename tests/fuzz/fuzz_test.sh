#!/usr/bin/env atf-sh
# Runs every libFuzzer target (build/fuzz/*_fuzz, from tests/fuzz/*_fuzz.c)
# for FUZZ_SECONDS (kyua variable fuzz_seconds, default 60), seeded from
# tests/fuzz/seeds/NAME/ and the directories tests/fuzz/NAME.seeds names.
# One test case per target; a crash, leak or sanitizer report fails it.
# The last lines of libFuzzer's output (cov:, ft:, the final stats) are
# printed: tests/fuzz/COVERAGE records what was seen. `make fuzz` runs the
# same cases outside kyua for FUZZ_LONG_SECONDS each.

fuzz_run()
{
	name=$1
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	secs=$(atf_config_get fuzz_seconds 60)
	mkdir corpus
	[ -d "$SRC/tests/fuzz/seeds/$name" ] && cp -r "$SRC/tests/fuzz/seeds/$name/." corpus/
	if [ -f "$SRC/tests/fuzz/$name.seeds" ]; then
		# each line: a directory of the source tree whose files are seeds
		while read -r d; do
			[ -n "$d" ] && find "$SRC/$d" -type f -size -64k -exec cp {} corpus/ \; 2>/dev/null
		done < "$SRC/tests/fuzz/$name.seeds"
	fi
	"$B/fuzz/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-print_final_stats=1 corpus >out 2>&1
	status=$?
	grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' out
	tail -n 40 out
	[ "$status" = 0 ] || atf_fail "$name found a crash (exit $status); see the output above"
}

atf_init_test_cases()
{
	B=$(atf_config_get build)
	for f in "$B"/fuzz/*_fuzz; do
		[ -x "$f" ] || continue
		n=$(basename "$f")
		eval "${n}_head() { atf_set descr 'libFuzzer: $n'; atf_set timeout 900; }"
		eval "${n}_body() { fuzz_run $n; }"
		atf_add_test_case "$n"
	done
}
