#!/usr/bin/env atf-sh
# ovlinit-toggle off --once: the Raspberry Pi firmware's tryboot, checked
# as files (no firmware runs here; see tests/tools/toggle/lib.sh for the
# mount table that makes ./boot a vfat boot partition).

LINE="console=serial0,115200 root=PARTUUID=4e639091-02 rootfstype=ext4 rootwait overlaytmpfs=yes overlaystore=/dev/mmcblk0p1:/persist.img"

common()
{
	. "$(atf_config_get srcdir)/tests/tools/toggle/lib.sh"
	tgl_setup
	printf '%s\n' "$LINE" > boot/cmdline.txt
}

atf_test_case once_writes_tryboot_and_leaves_cmdline
once_writes_tryboot_and_leaves_cmdline_head() { atf_set descr "off --once: tryboot.txt is config.txt plus [all] cmdline=, the copy has no overlay, cmdline.txt is unchanged"; }
once_writes_tryboot_and_leaves_cmdline_body()
{
	common
	printf '[pi4]\narm_boost=1\n[all]\narm_64bit=1\ninitramfs pi.img followkernel' > boot/config.txt
	cp boot/cmdline.txt cmdline.before
	tgl status
	grep -qx "one-shot boot: none" out || { cat out err; atf_fail "status before: no 'none'"; }
	tgl off --once
	[ "$rc" = 0 ] || { cat out err; atf_fail "off --once exited $rc"; }
	grep -qF "to boot it once: reboot '0 tryboot'" out || { cat out; atf_fail "no reboot command"; }
	grep -qx "next boot overlay: no" out || { cat out; atf_fail "the one-shot line has the overlay"; }
	cmp -s cmdline.before boot/cmdline.txt || atf_fail "cmdline.txt changed"
	line=$(cat boot/cmdline-ovlinit-once.txt)
	[ "$line" = "console=serial0,115200 root=PARTUUID=4e639091-02 rootfstype=ext4 rootwait overlaystore=/dev/mmcblk0p1:/persist.img" ] ||
		atf_fail "cmdline-ovlinit-once.txt: $line"
	printf '[pi4]\narm_boost=1\n[all]\narm_64bit=1\ninitramfs pi.img followkernel\n\n# ovlinit-toggle off --once: the next boot started with reboot '"'"'0 tryboot'"'"' has no\n# overlay; every other boot reads config.txt. Written by ovlinit-toggle.\n[all]\ncmdline=cmdline-ovlinit-once.txt\n' > tryboot.expect
	cmp tryboot.expect boot/tryboot.txt || { diff tryboot.expect boot/tryboot.txt; atf_fail "tryboot.txt differs"; }
	# The firmware reads the last cmdline= in force: ours, after [all].
	[ "$(grep '^cmdline=' boot/tryboot.txt | tail -n 1)" = "cmdline=cmdline-ovlinit-once.txt" ] ||
		atf_fail "the last cmdline= of tryboot.txt is not ours"
	# The checker agrees that the one-shot line boots without the overlay.
	"$B/bin/ovlinit" --explain --cmdline-file boot/cmdline-ovlinit-once.txt > explain.out
	grep -qx "option overlaytmpfs: no" explain.out || atf_fail "--explain: the once line has the overlay"
	tgl status
	grep -q "^one-shot boot: pending: .*/tryboot.txt" out || { cat out; atf_fail "status after: not pending"; }
	grep -qx "next boot overlay: yes" out || { cat out; atf_fail "status: the normal boot lost the overlay"; }
	left=$(ls -A boot | sort | tr '\n' ' ')
	[ "$left" = "cmdline-ovlinit-once.txt cmdline.txt config.txt tryboot.txt " ] || atf_fail "files in boot/: $left"
}

atf_test_case once_refused_without_config_txt
once_refused_without_config_txt_head() { atf_set descr "off --once where no config.txt is (a PC): refused, nothing written"; }
once_refused_without_config_txt_body()
{
	common
	tgl off --once
	[ "$rc" = 1 ] || { cat out err; atf_fail "off --once exited $rc, expected 1"; }
	grep -qF "no config.txt beside boot/cmdline.txt: this is not a Raspberry Pi boot partition" err ||
		{ cat err; atf_fail "no reason given"; }
	left=$(ls -A boot | tr '\n' ' ')
	[ "$left" = "cmdline.txt " ] || atf_fail "files in boot/: $left"
}

atf_test_case once_only_with_off
once_only_with_off_head() { atf_set descr "--once with on, status or --flags is a usage error"; }
once_only_with_off_body()
{
	common
	for args in "on --once" "--once" "toggle --once" "off --once --flags size=1m"; do
		tgl $args
		[ "$rc" = 2 ] || atf_fail "$args: exit $rc, expected 2"
		grep -q "^usage:" err || atf_fail "$args: no usage"
	done
}

atf_init_test_cases()
{
	atf_add_test_case once_writes_tryboot_and_leaves_cmdline
	atf_add_test_case once_refused_without_config_txt
	atf_add_test_case once_only_with_off
}
