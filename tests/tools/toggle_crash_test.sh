#!/usr/bin/env atf-sh
# Crash safety of the write: the tool is killed (SIGKILL, injected by
# strace at the entry of one system call) at every system call of a run,
# in four rounds (a clean directory; a directory holding a temporary
# file left by an earlier crash; the opposite edit, by off and by
# toggle), well over a hundred kills in all. After each kill the file must be exactly the old or the
# new content; a normal run afterwards must finish the edit and leave no
# temporary file. A kill is process death, not a power cut: the order of
# the syncs (the data before the rename; after it the renamed file, which
# on vfat is what writes its directory slot, then the directory and the
# filesystem) is checked on the system call trace instead, and the power
# cut itself by tests/boot/powercut_test.sh.

# crash_trace ARGS: trace a normal run into `trace`, one call per line.
crash_trace()
{
	strace -qq -o trace.raw "$TOGGLE" -f boot/cmdline.txt --mountinfo mountinfo "$@" \
		>/dev/null 2>&1 || atf_fail "the traced run failed"
	# execve is strace starting the tool: nothing to kill there yet.
	grep -v '^+++\|^---\|resumed>\|^execve(' trace.raw > trace
	[ -s trace ] || atf_fail "strace recorded nothing"
}

# crash_round OLD NEW CMD FINISH [stale]: kill the run of CMD at each
# call, then finish with FINISH (CMD itself, unless CMD is toggle).
# The shell's "Killed" notes go to /dev/null with the round's stderr.
crash_round()
{
	old=$1 new=$2 cmd=$3 fin=$4 stale=${5:-}
	cp "$old" boot/cmdline.txt
	[ -n "$stale" ] && echo "half-written" > boot/.cmdline.txt.ovlinit-new
	crash_trace "$cmd"
	total=$(wc -l < trace)
	k=1
	while [ "$k" -le "$total" ]; do
		name=$(sed -n "${k}p" trace | sed 's/(.*//')
		nth=$(head -n "$k" trace | grep -c "^$name(")
		cp "$old" boot/cmdline.txt
		[ -n "$stale" ] && echo "half-written" > boot/.cmdline.txt.ovlinit-new
		strace -qq -o /dev/null -e trace="$name" -e inject="$name:signal=KILL:when=$nth" \
			"$TOGGLE" -f boot/cmdline.txt --mountinfo mountinfo "$cmd" >/dev/null 2>&1
		[ $? = 0 ] && [ "$name" != exit_group ] && atf_fail "call $k ($name #$nth) was not killed"
		if cmp -s boot/cmdline.txt "$old"; then
			olds=$((olds + 1))
		elif cmp -s boot/cmdline.txt "$new"; then
			news=$((news + 1))
		else
			od -c boot/cmdline.txt | head
			atf_fail "killed at call $k ($name #$nth): the file is neither old nor new"
		fi
		tgl "$fin"
		[ "$rc" = 0 ] || { cat err; atf_fail "the run after the kill at $k ($name) failed"; }
		cmp -s boot/cmdline.txt "$new" || atf_fail "the run after the kill at $k did not finish the edit"
		tgl_no_temp
		kills=$((kills + 1))
		k=$((k + 1))
	done
}

atf_test_case killed_at_every_call
killed_at_every_call_head()
{
	atf_set descr "a kill at any system call leaves the old or the new file, never a mix"
	atf_set require.progs strace
}
killed_at_every_call_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	cp "$FIX/raspios.before" old
	cp "$FIX/raspios.on" new
	kills=0 olds=0 news=0
	crash_round old new on on 2>/dev/null
	crash_round old new on on stale 2>/dev/null
	crash_round new old off off 2>/dev/null
	crash_round new old toggle off stale 2>/dev/null
	echo "kills: $kills, old content after: $olds, new content after: $news"
	[ "$kills" -ge 100 ] || atf_fail "only $kills kills"
	[ "$olds" -gt 0 ] && [ "$news" -gt 0 ] || atf_fail "the kills did not cover both sides of the rename"
}

atf_test_case write_order
write_order_head()
{
	atf_set descr "data is fsynced before the rename; the renamed file, the directory and the filesystem after it"
	atf_set require.progs strace
}
write_order_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	cp "$FIX/raspios.before" boot/cmdline.txt
	crash_trace on
	order=" "$(grep -n -E '^(openat\(.*O_CREAT|write\(|fsync\(|close\(|renameat2?\(|syncfs\()' trace |
		sed 's/(.*//; s/^[0-9]*://' | tr '\n' ' ')
	echo "order: $order"
	case "$order" in
	*" openat write fsync renameat fsync close fsync syncfs "*) ;;
	*) cat trace; atf_fail "the write sequence is not create, write, fsync, rename, fsync file, close, fsync dir, syncfs" ;;
	esac
	tmpfd=$(grep 'O_CREAT' trace | sed 's/.*= //')
	dirfd=$(grep '^renameat' trace | sed 's/^renameat2\{0,1\}(\([0-9]*\),.*/\1/')
	# The calls from the rename on, fds and results included.
	after=$(sed -n '/^renameat/,$p' trace | grep -E '^(fsync|close|syncfs)\(' | head -n 4 | tr -s ' \n' '  ')
	echo "after the rename: $after"
	case "$after" in
	"fsync($tmpfd) = 0 close($tmpfd) = 0 fsync($dirfd) = 0 syncfs($dirfd) = 0 ") ;;
	*) cat trace; atf_fail "after the rename: not fsync of the renamed file ($tmpfd), its close, fsync of the directory ($dirfd), syncfs" ;;
	esac
	grep -B8 '^renameat' trace | grep -q "^fsync($tmpfd) *= 0" || atf_fail "the temporary file is not fsynced before the rename"
}

# sync_fails CALL WHEN: run `on` with CALL's WHEN-th call failing with EIO.
sync_fails()
{
	cp "$FIX/raspios.before" boot/cmdline.txt
	strace -qq -o /dev/null -e trace="$1" -e inject="$1:error=EIO:when=$2" \
		"$TOGGLE" -f boot/cmdline.txt --mountinfo mountinfo on >out 2>err
	rc=$?
}

atf_test_case failed_sync_says_where_the_file_stands
failed_sync_says_where_the_file_stands_head()
{
	atf_set descr "a sync that fails before the rename leaves the old file; after it, the tool says the new one may not be on the disk"
	atf_set require.progs strace
}
failed_sync_says_where_the_file_stands_body()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	sync_fails fsync 1
	[ "$rc" = 1 ] || atf_fail "fsync #1 failing: exit $rc"
	grep -q "syncing the temporary file failed: I/O error; the file is unchanged" err ||
		{ cat err; atf_fail "fsync #1 failing: wrong message"; }
	cmp -s boot/cmdline.txt "$FIX/raspios.before" || atf_fail "fsync #1 failing: the file changed"
	tgl_no_temp
	for call in "fsync 2 renamed_file" "fsync 3 directory" "syncfs 1 filesystem"; do
		set -- $call
		what=$(echo "$3" | tr _ ' ')
		sync_fails "$1" "$2"
		[ "$rc" = 1 ] || atf_fail "$1 #$2 failing: exit $rc"
		grep -q "syncing the $what failed: I/O error; the new content is in place but may not be on the disk" err ||
			{ cat err; atf_fail "$1 #$2 failing: wrong message"; }
		grep -q "written" out && atf_fail "$1 #$2 failing: the tool said written"
		cmp -s boot/cmdline.txt "$FIX/raspios.on" || atf_fail "$1 #$2 failing: the file is not the new one"
		tgl_no_temp
	done
}

atf_init_test_cases()
{
	atf_add_test_case failed_sync_says_where_the_file_stands
	atf_add_test_case killed_at_every_call
	atf_add_test_case write_order
}
