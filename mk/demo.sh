#!/bin/sh
# make demo: boot the Debian kernel with the ovlinit initramfs in QEMU
# over a small ext4 root disk with overlaytmpfs=yes, and show what the
# booted system sees (mount, df -m).
set -eu
B=${BUILD:-build}
d=$B/demo
mkdir -p "$d/root/bin" "$d/root/sbin" "$d/root/etc" "$d/root/media"
for x in dev proc sys run tmp; do mkdir -p "$d/root/$x"; done
cp /bin/busybox "$d/root/bin/busybox"
cat > "$d/root/sbin/init" <<'INIT'
#!/bin/busybox sh
bb=/bin/busybox
echo
echo "=== ovlinit demo: the booted system (PID $$) ==="
echo "\$ mount"
$bb mount
echo "\$ df -m"
$bb df -m
echo "\$ cat /run/ovlinit/root"
$bb cat /run/ovlinit/root
echo "\$ echo hello > /etc/hello; ls /media/root-rw/root/etc"
echo hello > /etc/hello
$bb ls /media/root-rw/root/etc
echo "=== the change lives in RAM; the disk is untouched ==="
$bb poweroff -f
INIT
chmod 0755 "$d/root/sbin/init"
rm -f "$d/disk.img"
truncate -s 64M "$d/disk.img"
mkfs.ext4 -q -F -d "$d/root" -L demo-root "$d/disk.img"
before=$(sha256sum < "$d/disk.img")
echo "booting $(cat "$B/kernel/kver") with root=LABEL=demo-root overlaytmpfs=yes (TCG, a few seconds)..."
timeout 300 qemu-system-x86_64 -accel tcg -M q35 -m 256 -display none -monitor none \
	-serial "file:$d/console.log" -no-reboot \
	-kernel "$B/kernel/vmlinuz" -initrd "$B/initramfs.img" \
	-append "console=ttyS0 panic=-1 quiet root=LABEL=demo-root overlaytmpfs=yes" \
	-drive "file=$d/disk.img,if=virtio,format=raw" </dev/null
sed -n '/=== ovlinit demo/,/=== the change/p' "$d/console.log" | tr -d '\r'
grep -q '=== the change' "$d/console.log" || {
	echo "demo: the system did not boot; console log: $d/console.log" >&2
	tail -n 30 "$d/console.log" >&2
	exit 1
}
[ "$before" = "$(sha256sum < "$d/disk.img")" ] && echo "disk image checksum unchanged after the boot"
