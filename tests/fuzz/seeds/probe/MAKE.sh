#!/bin/sh
# How the probe fuzzer's seeds were made: the heads of real images, cut
# to what the probes read (each under the 64 KiB the fuzz runner takes).
set -eu
cd "$(dirname "$0")"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
mkdir "$t/tree"; echo seed > "$t/tree/file"
truncate -s 4M "$t/i"; mkfs.ext4 -q -F -L seed "$t/i"; head -c 2048 "$t/i" > ext4.bin
rm "$t/i"; truncate -s 2M "$t/i"; mkfs.vfat -F 12 -n SEED "$t/i" >/dev/null; head -c 8192 "$t/i" > fat12.bin
rm "$t/i"; truncate -s 300M "$t/i"; mkfs.xfs -q -f -L seed "$t/i"; head -c 4096 "$t/i" > xfs.bin
rm "$t/i"; truncate -s 64M "$t/i"; mkfs.f2fs -q -f -l seed "$t/i" >/dev/null; head -c 4096 "$t/i" > f2fs.bin
rm "$t/i"; truncate -s 1M "$t/i"; chmod 600 "$t/i"; mkswap -L seed "$t/i" >/dev/null 2>&1; head -c 4096 "$t/i" > swap.bin
rm "$t/i"; mksquashfs "$t/tree" "$t/i" -quiet >/dev/null; cp "$t/i" squashfs.bin
rm "$t/i"; mkfs.erofs --quiet "$t/i" "$t/tree" >/dev/null; cp "$t/i" erofs.bin
rm "$t/i"; xorriso -as mkisofs -quiet -J -V SEED -o "$t/i" "$t/tree" 2>/dev/null; head -c 40960 "$t/i" > iso9660.bin
# Tables on tiny disks: sector-granular partitions, logical ones included.
rm "$t/i"; truncate -s 60K "$t/i"
printf 'label: dos\nlabel-id: 0x12345678\nstart=4, size=8, type=83\nstart=16, size=100, type=5\nstart=20, size=8\nstart=40, size=8\nstart=60, size=8\n' |
	sfdisk -q "$t/i" >/dev/null 2>&1
cp "$t/i" mbr.bin
rm "$t/i"; truncate -s 48K "$t/i"
sgdisk -a 1 -n 1:34:+4 -c 1:seed -n 2:0:+4 -c 2:zwei "$t/i" >/dev/null 2>&1
cp "$t/i" gpt.bin
