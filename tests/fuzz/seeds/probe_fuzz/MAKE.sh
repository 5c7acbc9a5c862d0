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
# Added for issue 16 (the fuzzer now gets past checksums): every format
# the probes know has a seed. btrfs's superblock is at 64 KiB; FAT16's
# root directory (with the label entry) at 42 KiB; FAT32's root cluster
# at 32 KiB with 512-byte clusters.
rm "$t/i"; truncate -s 128M "$t/i"; mkfs.btrfs -q -f -L seed "$t/i" >/dev/null; head -c 69632 "$t/i" > btrfs.bin
rm "$t/i"; truncate -s 20M "$t/i"; mkfs.vfat -F 16 -n SEED "$t/i" >/dev/null; head -c 45056 "$t/i" > fat16.bin
rm "$t/i"; truncate -s 1M "$t/i"; mkfs.vfat -F 32 -s 1 -n SEED "$t/i" >/dev/null 2>&1; head -c 34816 "$t/i" > fat32.bin
rm "$t/i"; truncate -s 4M "$t/i"; printf k > "$t/k"
cryptsetup luksFormat -q --type luks1 --pbkdf-force-iterations 1000 --key-file "$t/k" "$t/i" >/dev/null 2>&1
head -c 4096 "$t/i" > luks1.bin
rm "$t/i"; truncate -s 16M "$t/i"
cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --label seed \
	--key-file "$t/k" "$t/i" >/dev/null 2>&1
head -c 4096 "$t/i" > luks2.bin
# No pvcreate or mdadm here (both want a block device): an LVM2 label
# and an md 1.2 superblock written at the offsets of their formats; the
# label's CRC by the fuzzer's own fixer (make build/tests/tools/probe_fixup).
FIX=${FIX:-../../../../build/tests/tools/probe_fixup}
head -c 2048 /dev/zero > lvm2.bin
printf 'LABELONE\001\0\0\0\0\0\0\0\0\0\0\0\040\0\0\0LVM2 001' | dd of=lvm2.bin bs=1 seek=512 conv=notrunc status=none
printf 'Xb3aMuMpAVSkBLzPQ6RbJjR84Qp2CfQm' | dd of=lvm2.bin bs=1 seek=544 conv=notrunc status=none
"$FIX" lvm2.bin
head -c 8192 /dev/zero > md12.bin
printf '\374\116\053\251\001\0\0\0' | dd of=md12.bin bs=1 seek=4096 conv=notrunc status=none
printf '\001\043\105\147\211\253\315\357\001\043\105\147\211\253\315\357seed:0' | dd of=md12.bin bs=1 seek=4112 conv=notrunc status=none
printf '\010' | dd of=md12.bin bs=1 seek=4224 conv=notrunc status=none
