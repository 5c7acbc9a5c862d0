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
	# what was wrong comes first, then the usage
	"$B/bin/ovlinit" --explain --bogus 2>err
	head -n 1 err | grep -q "^ovlinit --explain: unknown argument '--bogus'$" || atf_fail "$(cat err)"
	"$B/bin/ovlinit" --explain --cmdline 2>err
	head -n 1 err | grep -q "^ovlinit --explain: --cmdline needs an argument$" || atf_fail "$(cat err)"
	"$B/bin/ovlinit" --bogus 2>err
	head -n 1 err | grep -q "^ovlinit: unknown command '--bogus'$" || atf_fail "$(cat err)"
	atf_check -s exit:2 -o empty -e match:"^ovlinit: no command given" "$B/bin/ovlinit"
}

atf_test_case help_and_version_on_stdout
help_and_version_on_stdout_head() { atf_set descr "--help and --version go to stdout with exit 0; --help names every command"; }
help_and_version_on_stdout_body()
{
	B=$(atf_config_get build)
	atf_check -s exit:0 -o save:help -e empty "$B/bin/ovlinit" --help
	for c in "ovlinit --explain" "ovlinit --probe PATH" "ovlinit modprobe" "ovlinit --help | --version"; do
		grep -qF "$c" help || atf_fail "--help does not name $c"
	done
	atf_check -s exit:0 -o match:"^usage: ovlinit --explain " -e empty "$B/bin/ovlinit" --explain --help
	atf_check -s exit:0 -o match:"^usage: ovlinit --probe " -e empty "$B/bin/ovlinit" --probe --help
	atf_check -s exit:0 -o match:"^usage: ovlinit modprobe " -e empty "$B/bin/ovlinit" modprobe --help
	for t in ovlinit ovlinit-toggle ovlinit-mkinitfs; do
		atf_check -s exit:0 -o match:"^$t [0-9a-z.+-]+\$" -e empty "$B/bin/$t" --version
		atf_check -s exit:0 -o match:"^usage: $t" -e empty "$B/bin/$t" --help
	done
}

atf_test_case messages_name_the_program
messages_name_the_program_head() { atf_set descr "errors of --explain and --probe start with ovlinit, never init"; }
messages_name_the_program_body()
{
	B=$(atf_config_get build)
	atf_check -s exit:1 -o empty -e match:"^ovlinit --explain: missing: " "$B/bin/ovlinit" --explain \
		--cmdline-file missing
	atf_check -s exit:1 -o empty -e match:"^ovlinit --probe: missing: " "$B/bin/ovlinit" --probe missing
	if grep -qF '`init --explain' "$B/init"; then atf_fail "init names init --explain"; fi
	grep -q "ovlinit --explain" "$B/init" || atf_fail "init's fatal message does not name ovlinit --explain"
}

atf_test_case probe_exit_status_as_blkid
probe_exit_status_as_blkid_head() { atf_set descr "--probe: 2 when nothing is found on a PATH, a directory is named as such"; }
probe_exit_status_as_blkid_body()
{
	B=$(atf_config_get build)
	truncate -s 1M blank.img
	atf_check -s exit:2 -o inline:"DEVNAME=blank.img\n" \
		-e match:"blank.img: no filesystem or partition table found" "$B/bin/ovlinit" --probe blank.img
	mkdir dir
	atf_check -s exit:1 -o empty -e match:"dir: a directory; give a block device" \
		"$B/bin/ovlinit" --probe dir
	atf_check -s exit:1 -o ignore -e ignore "$B/bin/ovlinit" --probe blank.img missing
}

atf_test_case probe_label_hint_is_a_root_word
probe_label_hint_is_a_root_word_head()
{
	atf_set descr "a label blkid escapes is given as a root= word that means that label"
	atf_set require.progs mkfs.ext4
}
probe_label_hint_is_a_root_word_body()
{
	B=$(atf_config_get build)
	truncate -s 8M lab.img
	mkfs.ext4 -q -L "my root" lab.img
	atf_check -s exit:0 -o match:'^LABEL=my\\ root$' -e save:err "$B/bin/ovlinit" --probe lab.img
	grep -q '^ovlinit --probe: lab.img: on the kernel command line, write root="LABEL=my root"$' err ||
		atf_fail "no root= word: $(cat err)"
	# that word means the label: no warning, the label without quotes
	atf_check -s exit:0 -o match:"^option root: LABEL my root$" "$B/bin/ovlinit" --explain \
		--cmdline 'root="LABEL=my root"'
}

atf_test_case init_leaves_diagnosis_to_the_tool
init_leaves_diagnosis_to_the_tool_head() { atf_set descr "the initramfs's init serves only modprobe; --explain and --probe name the ovlinit tool, exit 2"; }
init_leaves_diagnosis_to_the_tool_body()
{
	B=$(atf_config_get build)
	atf_check -s exit:2 -o empty -e match:"are the ovlinit tool's" "$B/init" --explain --cmdline "root=/dev/vda"
	atf_check -s exit:2 -o empty -e match:"are the ovlinit tool's" "$B/init" --probe /dev/null
	atf_check -s exit:2 -o empty -e match:"usage: init modprobe" "$B/init" modprobe
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
	# a file is a cmdline.txt: its second line is ignored (and named);
	# the text of --cmdline is the command line, a newline a blank
	printf 'root=/dev/vda\noverlaytmpfs\n' > two
	atf_check -o match:"^option overlaytmpfs: no$" \
		-o match:"^warning: the firmware passes only the first line" \
		"$B/bin/ovlinit" --explain --cmdline-file two
	atf_check -o match:"^option overlaytmpfs: yes$" -o not-match:"^warning:" \
		"$B/bin/ovlinit" --explain --cmdline "$(cat two)"
}

atf_init_test_cases()
{
	atf_add_test_case usage_error_exits_2
	atf_add_test_case help_and_version_on_stdout
	atf_add_test_case messages_name_the_program
	atf_add_test_case probe_exit_status_as_blkid
	atf_add_test_case probe_label_hint_is_a_root_word
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
