#!/usr/bin/env atf-sh
# ovlinit-mkinitfs -F auto (host-only) against fake running systems:
# each case makes a host tree (--host-root host) holding the
# proc/self/mountinfo and the sys/ links that -F auto reads (sys/dev/block,
# sys/class/block, the devices' driver and driver/module links, as the
# kernel lays them out), and builds for the test kernel's real module
# tree with the shipped features (modules/).

auto_setup()
{
	B=$(atf_config_get build)
	SRC=$(atf_config_get srcdir)
	KVER=$(cat "$B/kernel/kver")
	mkdir -p host/proc/self host/sys/dev/block host/sys/class/block host/sys/devices/virtual \
		host/sys/module
}

# mountinfo LINE...: host/proc/self/mountinfo.
mountinfo()
{
	printf '%s\n' "$@" > host/proc/self/mountinfo
}

# device PATH [BUS DRIVER [MODULE]]: host/sys/devices/PATH, bound to
# DRIVER of BUS (whose module link names MODULE).
device()
{
	mkdir -p "host/sys/devices/$1"
	[ $# -ge 3 ] || return 0
	mkdir -p "host/sys/bus/$2/drivers/$3"
	ln -sfn "$(pwd)/host/sys/bus/$2/drivers/$3" "host/sys/devices/$1/driver"
	if [ -n "${4:-}" ]; then
		mkdir -p "host/sys/module/$4"
		ln -sfn "$(pwd)/host/sys/module/$4" "host/sys/bus/$2/drivers/$3/module"
	fi
}

# blockdev MAJ:MIN PATH [partition]: sys/dev/block and sys/class/block
# links to the block device at host/sys/devices/PATH.
blockdev()
{
	mkdir -p "host/sys/devices/$2"
	[ "${3:-}" = partition ] && echo 1 > "host/sys/devices/$2/partition"
	ln -sfn "../../devices/$2" "host/sys/dev/block/$1"
	ln -sfn "../../devices/$2" "host/sys/class/block/${2##*/}"
}

# auto ARGS...: -F auto -l on the host tree; stdout, stderr in err.
auto()
{
	"$B/bin/ovlinit-mkinitfs" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" \
		--host-root host -F auto -l "$@" "$KVER" 2> err
}

has() { grep -q "/$1\.ko" stdout || atf_fail "no $1.ko in the image (-l: $(grep -c . stdout) paths)"; }
lacks() { ! grep -q "/$1\.ko" stdout || atf_fail "$1.ko is in the image"; }
said() { grep -qxF "ovlinit-mkinitfs: -F auto: $1" err || atf_fail "-l did not say: $1; it said: $(tr '\n' '|' < err)"; }

atf_test_case virtio_root
virtio_root_head() { atf_set descr "an ext4 root on virtio-blk: virtio_blk, virtio_pci, ext4, overlay, nothing of another bus; -l says why"; }
virtio_root_body()
{
	auto_setup
	mountinfo "21 27 0:20 / /proc rw,nosuid - proc proc rw" \
		"27 1 254:0 / / rw,relatime - ext4 /dev/vda rw"
	device pci0000:00
	device pci0000:00/0000:00:04.0 pci virtio-pci virtio_pci
	device pci0000:00/0000:00:04.0/virtio1 virtio virtio_blk virtio_blk
	blockdev 254:0 pci0000:00/0000:00:04.0/virtio1/block/vda
	auto > stdout || { cat err; atf_fail "-F auto failed"; }
	for m in virtio_blk virtio_pci ext4 jbd2 overlay; do has "$m"; done
	for m in ahci sd_mod nvme xhci-pci usb-storage vfat btrfs virtio_scsi; do lacks "$m"; done
	said "root: / is ext4 on /dev/vda (254:0), from host/proc/self/mountinfo"
	said "feature base: always; it holds overlay, for the overlay root (overlaytmpfs=yes)"
	said "feature ext4: the root's filesystem"
	said "disk: /sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda"
	said "module virtio_blk: driver virtio_blk of /sys/devices/pci0000:00/0000:00:04.0/virtio1"
	said "module virtio_pci: driver virtio-pci of /sys/devices/pci0000:00/0000:00:04.0"
	# The two drivers are all the virtio feature names: named as it.
	said "feature virtio: every module it names is one of those drivers'"
	said "features base ext4 virtio, modules (none)"
	# The image records the choice: the image of -F "base ext4 virtio".
	build() { "$B/bin/ovlinit-mkinitfs" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" -C gzip "$@" "$KVER"; }
	build --host-root host -F auto -o img > out 2> err || { cat err; atf_fail "building failed"; }
	grep -qx "ovlinit-mkinitfs: -F auto: features base ext4 virtio, modules (none) (-l says why)" err ||
		atf_fail "no summary line: $(cat err)"
	"$B/bin/ovlinit-mkinitfs" --list-image img > list || atf_fail "--list-image failed"
	grep -qx "features: base ext4 virtio" list || atf_fail "$(cat list)"
	build -F "base ext4 virtio" -o needed > out 2> err || { cat err; atf_fail "building failed"; }
	cmp img needed || atf_fail "the -F auto image differs from the -F \"base ext4 virtio\" one"
	# A feature file with a glob or an optional entry, or a driver the walk
	# did not choose, is not folded: the modules stay modules.
	mkdir feat && cp "$SRC"/modules/*.modules feat/ && echo '?virtio_mmio' >> feat/virtio.modules &&
		echo '# nothing' > feat/empty.modules
	"$B/bin/ovlinit-mkinitfs" -P feat -i "$B/init" -b "$B/kernel/root" --host-root host -F auto -l "$KVER" > stdout 2> err ||
		{ cat err; atf_fail "-F auto failed"; }
	said "features base ext4, modules virtio_blk virtio_pci"
}

atf_test_case sata_partition_under_overlay
sata_partition_under_overlay_head() { atf_set descr "on ovlinit's overlay root, the lower's device: a partition of a SATA disk gives sd_mod and ahci"; }
sata_partition_under_overlay_body()
{
	auto_setup
	mountinfo "27 1 0:30 / / rw,relatime - overlay overlayfs rw,lowerdir=/media/root-ro" \
		"28 27 8:1 / /media/root-ro ro,relatime - ext4 /dev/sda1 ro" \
		"29 27 0:31 / /media/root-rw rw - tmpfs root-tmpfs rw"
	d=pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0
	device pci0000:00/0000:00:1f.2 pci ahci ahci
	device "$d" scsi sd sd_mod
	blockdev 8:1 "$d/block/sda/sda1" partition
	auto > stdout || { cat err; atf_fail "-F auto failed"; }
	for m in sd_mod ahci libata ext4 overlay; do has "$m"; done
	for m in virtio_blk nvme usb-storage; do lacks "$m"; done
	said "root: / is ovlinit's overlay; its lower /media/root-ro is ext4 on /dev/sda1 (8:1)"
	said "disk: /sys/devices/$d/block/sda"
	# ahci and sd_mod are two of the four of the ata feature: modules.
	said "features base ext4, modules sd_mod ahci"
}

atf_test_case btrfs_on_nvme_and_more_features
btrfs_on_nvme_and_more_features_head() { atf_set descr "btrfs (no device number in mountinfo) on NVMe, from the config file's features=\"auto vfat\" and modules="; }
btrfs_on_nvme_and_more_features_body()
{
	auto_setup
	mountinfo "27 1 0:25 /@ / rw,relatime - btrfs /dev/nvme0n1p2 rw,subvol=/@"
	device pci0000:00/0000:00:01.0 pci nvme nvme
	device pci0000:00/0000:00:01.0/nvme/nvme0
	blockdev 259:1 pci0000:00/0000:00:01.0/nvme/nvme0/nvme0n1/nvme0n1p2 partition
	printf 'features="auto vfat"\nmodules="loop"\n' > conf
	auto -c conf > stdout || { cat err; atf_fail "-F auto failed"; }
	# -F auto on the command line: the config's features are not read.
	for m in nvme btrfs overlay loop; do has "$m"; done
	lacks vfat
	"$B/bin/ovlinit-mkinitfs" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" \
		--host-root host -c conf -l "$KVER" > stdout 2> err || { cat err; atf_fail "features=auto failed"; }
	for m in nvme btrfs overlay vfat loop; do has "$m"; done
	lacks ahci
	grep -q "features base btrfs nvme vfat, modules loop" err || atf_fail "$(cat err)"
}

atf_test_case builtin_driver
builtin_driver_head() { atf_set descr "a driver built into the running kernel, with no module of its name: said, not packed, not an error"; }
builtin_driver_body()
{
	auto_setup
	mountinfo "27 1 179:2 / / rw - ext4 /dev/mmcblk0p2 rw"
	device platform/fe340000.mmc platform sdhci-ovltest
	device platform/fe340000.mmc/mmc_host/mmc0/mmc0:0001 mmc mmcblk mmc_block
	blockdev 179:2 platform/fe340000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0/mmcblk0p2 partition
	auto > stdout || { cat err; atf_fail "-F auto failed"; }
	has mmc_block
	said "nothing for driver sdhci-ovltest of /sys/devices/platform/fe340000.mmc: built into the running kernel, and no module of kernel $KVER has its name"
}

atf_test_case refusals
refusals_head() { atf_set descr "exit 1 with the reason and no output file: a virtual root device, a root on no block device, a root driver the kernel lacks, no mountinfo"; }
refusals_body()
{
	auto_setup
	mountinfo "27 1 253:0 / / rw - ext4 /dev/mapper/vg-root rw"
	blockdev 253:0 virtual/block/dm-0
	refuse "is virtual (.*dm-0: device-mapper, md, loop...), which ovlinit does not assemble"
	mountinfo "27 1 0:22 / / rw - tmpfs none rw"
	refuse "the root (tmpfs on none) is on no block device"
	mountinfo "27 1 254:0 / / rw - ext4 /dev/vda rw"
	device pci0000:00/0000:00:04.0 pci ovltest-hba ovltest_hba
	blockdev 254:0 pci0000:00/0000:00:04.0/block/vda
	refuse "module ovltest_hba (the driver ovltest-hba of /sys/devices/pci0000:00/0000:00:04.0) is neither a module of kernel $KVER nor built into it"
	rm host/proc/self/mountinfo
	refuse "cannot read host/proc/self/mountinfo"
}

# refuse PATTERN: -F auto -o fails, says PATTERN, writes nothing.
refuse()
{
	"$B/bin/ovlinit-mkinitfs" -P "$SRC/modules" -i "$B/init" -b "$B/kernel/root" \
		--host-root host -F auto -C gzip -o img "$KVER" > out 2> err
	s=$?
	[ "$s" = 1 ] || atf_fail "exit $s, not 1, for: $1"
	grep -q -- "$1" err || atf_fail "the refusal does not say: $1; it says: $(cat err)"
	[ ! -e img ] || atf_fail "an image was written for: $1"
}

atf_init_test_cases()
{
	atf_add_test_case virtio_root
	atf_add_test_case sata_partition_under_overlay
	atf_add_test_case btrfs_on_nvme_and_more_features
	atf_add_test_case builtin_driver
	atf_add_test_case refusals
}
