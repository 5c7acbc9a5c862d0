#!/bin/busybox sh
# The test root's /sbin/init: report what the booted system sees on the
# console, run the test's own checks (/etc/ovltest, if any), power off.
# The host reads the OVLTEST- lines from the console log.
bb=/bin/busybox
echo "OVLTEST-BEGIN"
echo "OVLTEST-ARGV: $0 $*"
echo "OVLTEST-PID: $$"
$bb mount
$bb df -m
[ -f /etc/ovltest ] && . /etc/ovltest
echo "OVLTEST-RESULT: root=$($bb awk '$2=="/" {print $1" "$3" "$4}' /proc/mounts)"
echo "OVLTEST-END"
$bb sync
$bb poweroff -f
