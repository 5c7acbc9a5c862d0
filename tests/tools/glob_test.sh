#!/usr/bin/env atf-sh
# lib/modules/glob.c, which replaces fnmatch(3) in init, against musl's fnmatch:
# tests/tools/glob_diff.c built with musl-gcc (build/tests/tools/glob_diff)
# over the test kernel's modules.alias and two million random cases.

atf_test_case same_answers_as_musl
same_answers_as_musl_head() { atf_set descr "glob_match answers as musl's fnmatch on the kernel's aliases and on random edge cases"; }
same_answers_as_musl_body()
{
	B=$(atf_config_get build)
	KVER=$(cat "$B/kernel/kver")
	"$B/tests/tools/glob_diff" "$B/kernel/root/lib/modules/$KVER/modules.alias" > out ||
		{ cat out; atf_fail "glob_match and musl's fnmatch disagree"; }
	cat out
	grep -Eq '^[0-9]{7,} cases, [0-9]{5,} matches, 0 mismatches$' out || atf_fail "too few cases or matches"
}

atf_init_test_cases()
{
	atf_add_test_case same_answers_as_musl
}
