#!/usr/bin/env atf-sh
# ovlinit-toggle's command line, exit codes and refusals on the host,
# with a written mount table (see lib.sh).

atf_test_case usage_errors_exit_2
usage_errors_exit_2_head() { atf_set descr "bad commands and option mixes exit 2 with the usage"; }
usage_errors_exit_2_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	cp "$FIX/raspios.before" boot/cmdline.txt
	for args in "enable" "on off" "status --flags size=1m" "on --flags size=1m --no-flags" \
		"on --flags" "on --flags=a\"b" "on --flags=size=1m,mode=0700\ x" "--bogus"; do
		eval "tgl $args"
		[ "$rc" = 2 ] || atf_fail "'$args' exited $rc, not 2"
		grep -q '^usage: ovlinit-toggle' err || atf_fail "'$args' printed no usage"
	done
	cmp -s boot/cmdline.txt "$FIX/raspios.before" || atf_fail "a usage error changed the file"
}

atf_test_case flags_the_init_refuses_exit_2
flags_the_init_refuses_exit_2_head() { atf_set descr "--flags goes through the init's validator: refused items are named with the boot's reason, nothing is written"; }
flags_the_init_refuses_exit_2_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	cp "$FIX/raspios.before" boot/cmdline.txt
	# also what would open / to others, or size it in bytes: the reason
	# must be the boot's own
	for f in ro size=64m,bogus=1 size=lots mode=1777 uid=1000 size=50 size=512k; do
		tgl on --flags "$f"
		[ "$rc" = 2 ] || atf_fail "--flags $f exited $rc, not 2"
		i=${f##*,}
		grep -q "^ovlinit-toggle: --flags: $i: " err || { cat err; atf_fail "--flags $f: the item is not named"; }
		cmp -s boot/cmdline.txt "$FIX/raspios.before" || atf_fail "--flags $f changed the file"
		"$B/bin/ovlinit" --explain --cmdline "root=/dev/vda overlaytmpfs overlaytmpfsflags=$f" |
			sed -n "s/^warning: overlaytmpfsflags=: refused \($i: \)/\1/p" > boot_why
		sed -n "s/^ovlinit-toggle: --flags: \($i: \)/\1/p" err > tool_why
		cmp -s boot_why tool_why || atf_fail "--flags $f: $(cat tool_why) / boot: $(cat boot_why)"
	done
	tgl on --flags nosuid,size=10%,mode=0700
	[ "$rc" = 0 ] || { cat err; atf_fail "valid flags were refused"; }
	grep -q "overlaytmpfsflags=nosuid,size=10%,mode=0700$" boot/cmdline.txt || atf_fail "flags not written"
}

atf_test_case errors_refuse_the_write_force_writes
errors_refuse_the_write_force_writes_head() { atf_set descr "a line the checker finds an error in is not written (no root=, past the kernel's size); --force writes and says so"; }
errors_refuse_the_write_force_writes_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	printf 'console=tty1 quiet\n' > boot/cmdline.txt
	tgl on
	[ "$rc" = 1 ] || atf_fail "on without root= exited $rc"
	grep -q "^ovlinit-toggle: error: boot/cmdline.txt: no root= on the command line" err ||
		atf_fail "no error named: $(cat err)"
	grep -q "not changed: the boot would stop at the error above" err || atf_fail "$(cat err)"
	tgl on --force
	[ "$rc" = 0 ] || atf_fail "on --force exited $rc"
	grep -q "writing it despite 1 error (--force)" err || atf_fail "--force did not say so: $(cat err)"
	grep -q "overlaytmpfs=yes$" boot/cmdline.txt || atf_fail "not written"
}

atf_test_case status_and_edits_warn_as_explain_does
status_and_edits_warn_as_explain_does_head() { atf_set descr "status and on print the checker's warnings, the ones ovlinit --explain prints"; }
status_and_edits_warn_as_explain_does_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	printf 'root=/dev/vda overlaytmfps=yes overlayroot=tmpfs overlaytmpfs=ye\n' > boot/cmdline.txt
	"$B/bin/ovlinit" --explain --cmdline-file boot/cmdline.txt | sed -n 's/^warning: //p' > want
	[ "$(wc -l < want)" = 3 ] || atf_fail "explain: $(cat want)"
	tgl status
	[ "$rc" = 0 ] || atf_fail "status exited $rc"
	sed -n 's/^ovlinit-toggle: warning: boot\/cmdline.txt: //p' err > got
	diff -u want got || atf_fail "status warns otherwise than --explain"
	grep -q "^next boot overlay: yes$" out || atf_fail "$(cat out)"
	tgl on
	[ "$rc" = 0 ] || atf_fail "on exited $rc: $(cat err)"
	"$B/bin/ovlinit" --explain --cmdline-file boot/cmdline.txt | sed -n 's/^warning: //p' > want
	sed -n 's/^ovlinit-toggle: warning: boot\/cmdline.txt: //p' err > got
	diff -u want got || atf_fail "on warns otherwise than --explain on the line written"
}

atf_test_case help_version_and_bad_options
help_version_and_bad_options_head() { atf_set descr "--help and --version on stdout, exit 0; a bad option is named before the usage, exit 2"; }
help_version_and_bad_options_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	atf_check -s exit:0 -o match:"^usage: ovlinit-toggle" -e empty "$TOGGLE" --help
	atf_check -s exit:0 -o match:"^ovlinit-toggle [0-9a-z.+-]+\$" -e empty "$TOGGLE" --version
	"$TOGGLE" --bogus 2>err
	head -n 1 err | grep -q "^ovlinit-toggle: unknown option '--bogus'$" || atf_fail "$(cat err)"
	"$TOGGLE" on --flags 2>err
	head -n 1 err | grep -q "^ovlinit-toggle: missing argument of '--flags'$" || atf_fail "$(cat err)"
}

atf_test_case missing_file_exits_1
missing_file_exits_1_head() { atf_set descr "a missing file is a failure (1) that names the file"; }
missing_file_exits_1_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	tgl on
	[ "$rc" = 1 ] || atf_fail "exited $rc"
	grep -q 'boot/cmdline.txt: No such file' err || atf_fail "$(cat err)"
}

# refused FSTYPE OPTS POINT PHRASE
refused()
{
	cp "$FIX/raspios.before" boot/cmdline.txt
	tgl_mounts "$1" "$2" "$3"
	tgl on
	[ "$rc" = 1 ] || atf_fail "$1 at $3: exited $rc, not 1"
	grep -qF "$4" err || { cat err; atf_fail "$1 at $3: the message lacks: $4"; }
	cmp -s boot/cmdline.txt "$FIX/raspios.before" || atf_fail "$1 at $3: refused, yet changed"
	tgl_no_temp
}

atf_test_case ram_and_root_filesystems_are_refused
ram_and_root_filesystems_are_refused_head() { atf_set descr "a file on tmpfs, overlay or the root filesystem is not edited"; }
ram_and_root_filesystems_are_refused_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	here=$(pwd -P)
	refused tmpfs rw "$here/boot" "which lives in RAM: the edit would vanish at the next boot"
	refused overlay rw "$here/boot" "which lives in RAM"
	refused vfat rw / "is on the root filesystem"
	# ./boot as a bind mount of the root filesystem (same device)
	cp "$FIX/raspios.before" boot/cmdline.txt
	printf '21 1 8:2 / / rw - ext4 /dev/sda2 rw\n22 21 8:2 /x %s rw - ext4 /dev/sda2 rw\n' \
		"$here/boot" > mountinfo
	tgl on
	[ "$rc" = 1 ] && grep -q "is on the root filesystem" err || atf_fail "a bind mount of / was edited"
}

atf_test_case stale_temporary_file_is_removed
stale_temporary_file_is_removed_head() { atf_set descr "a temporary file left by a crash is removed, and said so"; }
stale_temporary_file_is_removed_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	cp "$FIX/raspios.before" boot/cmdline.txt
	echo "half" > boot/.cmdline.txt.ovlinit-new
	tgl on
	[ "$rc" = 0 ] || atf_fail "exited $rc"
	grep -q "removed .*/boot/.cmdline.txt.ovlinit-new, left by an interrupted run" err ||
		atf_fail "no word about the stale file: $(cat err)"
	cmp -s boot/cmdline.txt "$FIX/raspios.on" || atf_fail "wrong result"
	tgl_no_temp
}

atf_test_case status_and_toggle
status_and_toggle_head() { atf_set descr "status reports the next boot and the running root; toggle twice is a round trip"; }
status_and_toggle_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	cp "$FIX/flags_kept.before" boot/cmdline.txt
	tgl
	[ "$rc" = 0 ] || atf_fail "status exited $rc"
	printf '%s\n' "file: boot/cmdline.txt" "next boot overlay: yes" \
		"next boot flags: flags=- data=size=64m,mode=0755" \
		"next boot root: path /dev/mmcblk0p2" \
		"next boot check: errors=0 warnings=0" \
		"running overlay root: no (/ is ext4 on /dev/sda2)" \
		"one-shot boot: none" > expected
	head -n 7 out > out7
	diff -u expected out7 || atf_fail "status output differs"
	# Then the image the next boot loads (toggle_nextboot_test): here
	# there is no config.txt to say.
	[ "$(sed -n 8p out)" = "next boot image: none: $(pwd -P)/boot/config.txt: No such file or directory" ] ||
		atf_fail "no image line: $(sed -n '8,$p' out)"
	cp "$FIX/raspios.before" boot/cmdline.txt
	tgl toggle
	cmp -s boot/cmdline.txt "$FIX/raspios.on" || atf_fail "toggle did not turn it on"
	tgl toggle
	cmp -s boot/cmdline.txt "$FIX/raspios.before" || atf_fail "toggle twice is not a round trip"
}

atf_test_case concurrent_change_is_not_overwritten
concurrent_change_is_not_overwritten_head()
{
	atf_set descr "a change made between the tool's read and its lock is kept, and said so"
	atf_set require.progs flock
}
concurrent_change_is_not_overwritten_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	cp "$FIX/raspios.before" boot/cmdline.txt
	# Hold the directory lock (-o: not inherited by the tool); start the
	# tool; once it waits for the lock (its current system call is flock,
	# 73 on x86_64), change the file. The loops give up after 10 minutes.
	flock -o boot sh -c '
		"$1" -f boot/cmdline.txt --mountinfo mountinfo on >out 2>err &
		echo $! > pid
		n=6000
		while [ "$(cut -d" " -f1 /proc/$!/syscall 2>/dev/null)" != 73 ] && [ $n -gt 0 ]; do
			sleep 0.1; n=$((n - 1)); done
		echo "root=/dev/other" > boot/cmdline.txt' sh "$TOGGLE"
	n=6000
	while kill -0 "$(cat pid)" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
	grep -q "changed while it was being edited; the new content is kept" err ||
		atf_fail "no word about the change: $(cat err)"
	[ "$(cat boot/cmdline.txt)" = "root=/dev/other" ] || atf_fail "the other change was overwritten"
	tgl_no_temp
}

atf_init_test_cases()
{
	atf_add_test_case usage_errors_exit_2
	atf_add_test_case flags_the_init_refuses_exit_2
	atf_add_test_case errors_refuse_the_write_force_writes
	atf_add_test_case status_and_edits_warn_as_explain_does
	atf_add_test_case help_version_and_bad_options
	atf_add_test_case missing_file_exits_1
	atf_add_test_case ram_and_root_filesystems_are_refused
	atf_add_test_case stale_temporary_file_is_removed
	atf_add_test_case status_and_toggle
	atf_add_test_case concurrent_change_is_not_overwritten
}
