# Functions of bench/bench.sh. Variables: B (build dir), here (bench/).

UUID=6b656e63-6800-4000-8000-00000000be9c
VARIANTS="ideal ovlinit-needed ovlinit-default"

# bench_kernel DIR: the kernel of the next measurements (mk/kernel.sh's
# OUTDIR: vmlinuz, kver, root/lib/modules/KVER).
bench_kernel()
{
	KDIR=$1
	KVER=$(cat "$KDIR/kver")
	KROOT=$KDIR/root
}

# The root: busybox, and an init that stamps its start in the kernel log,
# prints the kernel's timestamps it needs and MemAvailable, powers off.
bench_root()
{
	mkdir -p "$1/bin" "$1/sbin" "$1/dev" "$1/proc" "$1/sys" "$1/run" "$1/media"
	cp /bin/busybox "$1/bin/busybox"
	cat > "$1/sbin/init" <<'INIT'
#!/bin/busybox sh
echo "BENCH-INIT" > /dev/kmsg
bb=/bin/busybox
echo "BENCH-CPU $($bb cat /sys/devices/system/cpu/modalias)"
$bb dmesg | $bb grep -E 'Run /init|BENCH-INIT|ovlinit:' | $bb sed 's/^/BENCH-DMESG /'
echo "BENCH-MEM $($bb grep MemAvailable /proc/meminfo)"
$bb poweroff -f
INIT
	chmod 0755 "$1/sbin/init"
}

bench_disk()
{
	truncate -s 64M "$1"
	mkfs.ext4 -q -F -d "$2" -U "$UUID" "$1"
}

# The modules each bus needs, in the order a hand-made init loads them.
bench_bus_modules()
{
	case $1 in
	virtio) echo "virtio_pci virtio_blk" ;;
	sata)   echo "ahci sd_mod" ;;
	usb)    echo "xhci_pci usb_storage sd_mod" ;;
	esac
	echo "ext4 overlay"
}

bench_bus_features()
{
	case $1 in
	virtio) echo "base ext4 virtio" ;;
	sata)   echo "base ext4 ata" ;;
	usb)    echo "base ext4 usb" ;;
	esac
}

bench_bus_dev()
{
	case $1 in virtio) echo /dev/vda ;; *) echo /dev/sda ;; esac
}

# pack DIR OUT: a gzip'd newc archive of DIR, owner root, mtime 0.
bench_pack()
{
	{
		echo "#mtree"
		echo "./dev type=dir uid=0 gid=0 mode=0755 time=0"
		echo "./dev/console type=char uid=0 gid=0 mode=0600 device=linux,5,1 time=0"
		(cd "$1" && find . -mindepth 1 | LC_ALL=C sort) | while read -r p; do
			if [ -d "$1/$p" ]; then
				echo "$p type=dir uid=0 gid=0 mode=0755 time=0"
			else
				echo "$p type=file uid=0 gid=0 mode=0755 time=0 contents=$1/$p"
			fi
		done
	} > "$1.mtree"
	# The same compressor and level as ovlinit-mkinitfs's default.
	bsdtar --format newc -cf - "@$1.mtree" | zstd -12 -q -T1 -c > "$2"
	rm -f "$1.mtree"
}

# The test machine's CPU modalias, from one boot of the default image
# (BENCH-CPU line), for bench_cpu_fits.
bench_cpu()
{
	bench_qemu "$1/log-cpu" "$1/img/ovlinit-default.img" virtio 256
	tr -d '\r' < "$1/log-cpu" | sed -n 's/^BENCH-CPU //p' | head -n1
}

# bench_cpu_fits KO: does the test machine's CPU ($CPU) run KO? A module
# with "cpu:" aliases (crc32c-intel: SSE 4.2) refuses a CPU that matches
# none; a hand-made init for the machine would not carry it.
bench_cpu_fits()
{
	pats=$(modinfo -F alias "$1" | grep '^cpu:') || return 0
	[ -n "$CPU" ] || return 0
	for p in $pats; do
		case $CPU in $p) return 0 ;; esac
	done
	return 1
}

bench_ideal_image()
{
	bus=$1 out=$2 s=$w/stage-ideal-$1
	rm -rf "$s" && mkdir -p "$s"
	musl-gcc -Os -static -std=c11 -D_GNU_SOURCE -ffunction-sections -fdata-sections \
		-fno-asynchronous-unwind-tables -fno-unwind-tables -Wl,--gc-sections -o "$s/init" "$here/ideal.c"
	strip "$s/init"
	for m in $(bench_bus_modules "$bus"); do
		modprobe -D -S "$KVER" -d "$KROOT" "$m" | sed -n 's/^insmod //p'
	done | awk '!seen[$0]++' | while read -r ko; do
		bench_cpu_fits "$ko" || continue
		rel=${ko#"$KROOT"/}
		mkdir -p "$s/$(dirname "$rel")"
		# 6.12's modules are .ko.xz: a hand-made image would carry them
		# unpacked, as ovlinit-mkinitfs does (no decompression at boot)
		case $rel in
		*.ko.xz) rel=${rel%.xz}; xz -dc "$ko" > "$s/$rel" ;;
		*) cp "$ko" "$s/$rel" ;;
		esac
		params=""
		case $rel in */usb-storage.ko) params=" delay_use=0" ;; esac
		echo "mod /$rel$params"
	done > "$s/ideal.conf"
	echo "dev $(bench_bus_dev "$bus")" >> "$s/ideal.conf"
	bench_pack "$s" "$out"
}

# The ovlinit images: with the features the bus needs, and the default.
bench_ovlinit_image()
{
	out=$1
	shift
	"$B/bin/ovlinit-mkinitfs" -b "$KROOT" ${1:+-F "$*"} -o "$out" "$KVER" >&2
}

bench_images()
{
	mkdir -p "$1/img"
	bench_ovlinit_image "$1/img/ovlinit-default.img"
	CPU=$(bench_cpu "$1")
	[ -n "$CPU" ] || echo "bench: the test machine's CPU modalias is unknown" >&2
	for bus in $BUSES; do
		bench_ideal_image "$bus" "$1/img/ideal-$bus.img"
		bench_ovlinit_image "$1/img/ovlinit-needed-$bus.img" $(bench_bus_features "$bus")
	done
}

bench_image()
{
	case $2 in
	ovlinit-default) echo "$1/img/ovlinit-default.img" ;;
	*) echo "$1/img/$2-$3.img" ;;
	esac
}

bench_disk_args()
{
	case $1 in
	virtio) echo "-drive file=$2,if=virtio,format=raw" ;;
	sata)   echo "-drive file=$2,if=none,id=d0,format=raw -device ide-hd,drive=d0,bus=ide.0" ;;
	usb)    echo "-device qemu-xhci,id=x0 -drive file=$2,if=none,id=d0,format=raw -device usb-storage,drive=d0,bus=x0.0" ;;
	esac
}

# bench_qemu LOG IMG BUS MEM [EXTRA-APPEND]: one boot, the disk read-only
# to QEMU (snapshot) so every boot sees the same bytes.
bench_qemu()
{
	timeout 120 qemu-system-x86_64 -accel tcg -M q35 -m "$4" -display none -monitor none \
		-serial "file:$1" -no-reboot -snapshot -kernel "$KDIR/vmlinuz" -initrd "$2" \
		-append "console=ttyS0 no_timer_check panic=-1 ${QUIET-quiet} root=UUID=$UUID rootfstype=ext4 overlaytmpfs=yes usb_storage.delay_use=0 ${5:-}" \
		$(bench_disk_args "$3" "$w/disk.img") </dev/null >/dev/null 2>&1 || true
}

# Seconds from "Run /init" to BENCH-INIT, from the kernel's timestamps.
bench_userspace()
{
	tr -d '\r' < "$1" | awk '
		/^BENCH-DMESG/ && /Run \/init as init process/ { gsub(/[][]/, " "); start = $2 }
		/^BENCH-DMESG/ && /BENCH-INIT/ { gsub(/[][]/, " "); end = $2 }
		END { if (start != "" && end != "") printf "%.3f\n", end - start }'
}

bench_boot_time()
{
	log=$1/log-$2-$3-$4
	bench_qemu "$log" "$(bench_image "$1" "$2" "$3")" "$3" 256
	bench_userspace "$log"
}

# The smallest -m (MiB, to 2 MiB) that still boots the overlay on virtio.
bench_min_mem()
{
	lo=24 hi=256 img=$(bench_image "$1" "$2" virtio)
	while [ $((hi - lo)) -gt 2 ]; do
		mid=$(((lo + hi) / 2))
		bench_qemu "$1/mem-$2-$mid" "$img" virtio "$mid"
		if grep -q BENCH-MEM "$1/mem-$2-$mid"; then hi=$mid; else lo=$mid; fi
	done
	echo "$hi"
}

# Numbers on stdin -> "MEDIAN MIN MAX" (nothing for no numbers).
bench_stats()
{
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m, v[1], v[NR] }'
}

# bench_times W VARIANT BUS: the userspace times of that variant and bus.
bench_times()
{
	grep "^$2 $3 [0-9]" "$1/times" | cut -d' ' -f3
}

bench_median()
{
	bench_stats | awk '{ printf "%.2f (%.2f-%.2f)", $1, $2, $3 } END { if (NR == 0) print "-" }'
}

bench_med_value()
{
	bench_times "$1" "$2" "$3" | bench_stats | cut -d' ' -f1
}

# bench_settle W VARIANT: the median of what the settle rule of the root
# search waited (ms idle letting discovery settle) over the boots without
# quiet (with quiet, ovlinit's info lines are not logged).
bench_settle()
{
	cat "$1"/log-loud-"$2"-* 2>/dev/null | tr -d '\r' | grep -v '^BENCH-DMESG' |
		sed -n 's/.*ovlinit: root device: .* (\([0-9]*\) ms idle letting discovery settle).*/\1/p' |
		bench_stats | awk '{ printf "%d (%d-%d)", $1, $2, $3 } END { if (NR == 0) print "-" }'
}

# One boot with ovlinit.debug; every ovlinit record's kernel timestamp
# becomes a bar from it to the next record: where the time goes.
bench_timeline()
{
	log=$1/log-timeline
	bench_qemu "$log" "$(bench_image "$1" ovlinit-needed virtio)" virtio 256 ovlinit.debug
	tr -d '\r' < "$log" | awk '
		/^BENCH-DMESG/ {
			line = $0; sub(/^BENCH-DMESG \[ */, "", line)
			t = line; sub(/\].*/, "", t)
			msg = line; sub(/^[^]]*\] /, "", msg); sub(/^ovlinit: /, "", msg)
			if (msg ~ /Run \/init/) { t0 = t; msg = "kernel runs /init" }
			if (t0 == "") next
			gsub(/"/, "", msg); if (length(msg) > 60) msg = substr(msg, 1, 57) "..."
			n++; ts[n] = t - t0; m[n] = msg
		}
		END { for (i = 1; i < n; i++) printf "%.4f %.4f \"%s\"\n", ts[i], ts[i + 1], m[i]
		      printf "%.4f %.4f \"%s\"\n", ts[n], ts[n] + 0.005, m[n] }' > "$1/timeline.dat"
	rows=$(wc -l < "$1/timeline.dat")
	gnuplot <<GP
set terminal svg size 1100,$((120 + rows * 22)) font "sans,11"
set output "$2"
set title "ovlinit boot timeline (virtio-blk, overlay, TCG): from the kernel's Run /init to the real init"
set xlabel "seconds since the kernel ran /init (kernel printk timestamps)"
set yrange [$rows + 1:0]
unset ytics
set grid xtics
set style fill solid 0.6
plot "$1/timeline.dat" using ((\$1+\$2)/2):0:1:2:(\$0+0.6):(\$0+1.4) with boxxyerror lc rgb "#4a7ebb" notitle, \
     "" using 2:(\$0+1):3 with labels left offset 0.5,0 font "sans,9" notitle
GP
}

# bench_ratio A B [DIGITS]: A / B to DIGITS (2) decimals, "-" if either
# is missing.
bench_ratio()
{
	awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (a != "" && b > 0) printf "%.*f", d, a / b; else print "-" }'
}

bench_size()
{
	printf '%s KiB / %s KiB' $(( $(wc -c < "$1") / 1024 )) $(( $(zstd -dc "$1" | wc -c) / 1024 ))
}

# bench_report W0: the tables of every kernel below W0, the builder's,
# the Pi's.
bench_report()
{
	echo "# ovlinit benchmark results"
	echo
	echo "Measured by \`make bench\` on $(date -u +%Y-%m-%d), QEMU TCG, q35, 1 vCPU, \`-m 256\`,"
	echo "ext4 root with \`rootfstype=ext4 overlaytmpfs=yes\`, \`quiet\`, \`usb_storage.delay_use=0\`;"
	echo "$RUNS boots per variant and bus, interleaved. Userspace = guest seconds from the"
	echo "kernel's \"Run /init\" to the real init's first kmsg record (printk"
	echo "timestamps); median (min-max). The host had $(nproc) cores; absolute times depend"
	echo "on it and on its load, the ratios are what compares."
	for k in $KERNELS; do
		bench_kernel "$k"
		bench_kernel_report "$1/$KVER"
	done
	if [ -f "$1/pi/times" ]; then
		echo
		echo "## arm64: emulated Raspberry Pi 3 (raspi3b), kernel $(cat "$PI/kernel/kver")"
		echo
		echo "SD card root (\`root=PARTUUID=... rootwait\`), 4 emulated cores, \`-m 1G\`; the ideal"
		echo "cross-built with aarch64-linux-musl-gcc and its modules for the card's host."
		echo
		bench_pi_report "$1/pi"
	fi
}

bench_kernel_report()
{
	echo
	echo "## Kernel $KVER"
	echo
	echo "| image | bus | compressed / unpacked | size × ideal | userspace s | time × ideal |"
	echo "|---|---|---:|---:|---:|---:|"
	for bus in $BUSES; do
		ideal=$(bench_med_value "$1" ideal "$bus")
		for v in $VARIANTS; do
			med=$(bench_med_value "$1" "$v" "$bus")
			ratio=$(bench_ratio "$med" "$ideal")
			times=$(bench_times "$1" "$v" "$bus" | bench_median)
			size=$(bench_ratio "$(wc -c < "$(bench_image "$1" "$v" "$bus")")" \
				"$(wc -c < "$(bench_image "$1" ideal "$bus")")" 3)
			echo "| $v | $bus | $(bench_size "$(bench_image "$1" "$v" "$bus")") | $size | $times | $ratio |"
		done
	done
	ideal=$(bench_med_value "$1" ideal loud)
	for v in ideal ovlinit-default; do
		med=$(bench_med_value "$1" "$v" loud)
		echo "| $v, without \`quiet\` | virtio | | | $(bench_times "$1" "$v" loud | bench_median) | $(bench_ratio "$med" "$ideal") |"
	done
	echo
	echo "The settle rule (a match is taken only once device discovery is quiet) waited"
	echo "$(bench_settle "$1" ovlinit-default) ms idle, median (min-max), in ovlinit-default's boots without"
	echo "\`quiet\` (with \`quiet\` ovlinit does not log it); included in the times."
	# What dropping quiet costs each: the kernel's messages, and ours on top.
	loud_i=$(bench_med_value "$1" ideal loud) quiet_i=$(bench_med_value "$1" ideal virtio)
	loud_d=$(bench_med_value "$1" ovlinit-default loud) quiet_d=$(bench_med_value "$1" ovlinit-default virtio)
	if [ -n "$loud_i" ] && [ -n "$quiet_i" ] && [ -n "$loud_d" ] && [ -n "$quiet_d" ]; then
		echo "Without \`quiet\` (virtio, medians): the ideal $(awk -v a="$loud_i" -v b="$quiet_i" 'BEGIN { printf "%+.3f", a - b }') s,"
		echo "ovlinit-default $(awk -v a="$loud_d" -v b="$quiet_d" 'BEGIN { printf "%+.3f", a - b }') s over the same image with \`quiet\`."
	fi
	echo
	echo "| image | smallest \`-m\` that boots the overlay (virtio) | MemAvailable at \`-m 256\` |"
	echo "|---|---:|---:|"
	for v in $VARIANTS; do
		avail=$(grep -h BENCH-MEM "$1"/log-"$v"-virtio-1 2>/dev/null | awk '{ print $3 " " $4 }' | head -n1)
		echo "| $v | $(awk -v v="$v" '$1 == v { print $2 }' "$1/mem") MiB | ${avail:--} |"
	done
	echo
	bench_builder_report "$1"
	echo
	echo "\`init\` itself: $(wc -c < "$B/init") bytes static and stripped," \
		"$(zstd -12 -q -c "$B/init" | wc -c) bytes with \`zstd -12\`; \`make size\` lists its largest symbols."
	echo "Timeline of one boot with \`ovlinit.debug\` (first kernel): [timeline.svg](timeline.svg)."
}

# ---- The builder: its wall time for the default image beside Debian's
# mkinitramfs (initramfs-tools, its default MODULES=most) on the same
# kernel, 3 runs interleaved.
# Recorded from a reference run (this machine, 2026-12-04, kernel
# 6.1.0-57-amd64, 3 runs: 17.29, 17.21, 17.22 s, `RUNS=5 make bench`),
# the median: used when mkinitramfs is not installed.
BENCH_MKINITRAMFS_REF="6.1.0-57-amd64 17.22"

bench_now_ms()
{
	echo $(( $(date +%s%N) / 1000000 ))
}

# mkinitramfs has no base directory: it reads /lib/modules/KVER and
# /boot/config-KVER, so the test kernel's are bound there in a mount
# namespace of its own (the host's stay as they are).
bench_mkinitramfs()
{
	made=""
	[ -d /lib/modules ] || { mkdir /lib/modules && made=1; }
	unshare -m sh -c 'mount --bind "$1/lib/modules" /lib/modules && mount --bind "$1/boot" /boot &&
		exec mkinitramfs -o "$2" "$3"' sh "$KROOT" "$1" "$KVER" >/dev/null 2>&1
	r=$?
	[ -z "$made" ] || rmdir /lib/modules
	return $r
}

bench_builder()
{
	for run in $(seq "${BUILDER_RUNS:-3}"); do
		t0=$(bench_now_ms)
		"$B/bin/ovlinit-mkinitfs" -b "$KROOT" -o "$1/builder-ovlinit.img" "$KVER" >/dev/null 2>&1 &&
			echo "ovlinit-mkinitfs $(( $(bench_now_ms) - t0 ))" >> "$1/builder"
		if command -v mkinitramfs >/dev/null && [ "$(id -u)" = 0 ]; then
			t0=$(bench_now_ms)
			bench_mkinitramfs "$1/builder-mkinitramfs.img" &&
				echo "mkinitramfs $(( $(bench_now_ms) - t0 ))" >> "$1/builder"
		fi
		echo "bench: builder run $run: $(grep -c . "$1/builder") times" >&2
	done
}

bench_builder_med()
{
	awk -v t="$2" '$1 == t { print $2 / 1000 }' "$1/builder" | bench_stats | cut -d' ' -f1
}

bench_builder_report()
{
	ours=$(bench_builder_med "$1" ovlinit-mkinitfs)
	theirs=$(bench_builder_med "$1" mkinitramfs)
	how="measured here, 3 runs interleaved"
	if [ -z "$theirs" ]; then
		theirs=${BENCH_MKINITRAMFS_REF#* }
		how="not installed here: the recorded time of a reference run (${BENCH_MKINITRAMFS_REF%% *}, 2026-12-04)"
	fi
	echo "| builder | wall s (median of 3) | × mkinitramfs | image |"
	echo "|---|---:|---:|---:|"
	echo "| ovlinit-mkinitfs, default image | $ours | $(bench_ratio "$ours" "$theirs") | $(wc -c < "$1/builder-ovlinit.img") bytes |"
	if [ -f "$1/builder-mkinitramfs.img" ]; then
		echo "| mkinitramfs (initramfs-tools, MODULES=most), $how | $theirs | 1.00 | $(wc -c < "$1/builder-mkinitramfs.img") bytes |"
	else
		echo "| mkinitramfs (initramfs-tools, MODULES=most), $how | $theirs | 1.00 | - |"
	fi
}

# ---- arm64 on an emulated Raspberry Pi 3 (raspi3b): the SD card's
# second partition holds the root (as on Raspberry Pi OS); the ideal
# cross-built beside ovlinit's image from the arm64 build (make arm64).
PI=$B/arm64
PI_DISKID=1a2b3c4d
PI_APPEND="console=ttyAMA0 panic=-1 quiet root=PARTUUID=$PI_DISKID-02 rootfstype=ext4 rootwait overlaytmpfs=yes"
PI_VARIANTS="ideal ovlinit-needed ovlinit-default"

bench_pi_ready()
{
	[ -f "$PI/init" ] && [ -f "$PI/busybox" ] && [ -f "$PI/kernel/kver" ] &&
		command -v qemu-system-aarch64 >/dev/null && command -v aarch64-linux-musl-gcc >/dev/null
}

# bench_pi_card IMG ROOTDIR: 64 MiB, MBR, p1 vfat 16 MiB, p2 ext4.
bench_pi_card()
{
	truncate -s 64M "$1"
	printf 'label: dos\nlabel-id: 0x%s\nstart=2048, size=32768, type=c\nstart=34816, type=83\n' \
		"$PI_DISKID" | sfdisk -q "$1"
	truncate -s 16M "$1.boot"
	mkfs.vfat -n BOOT "$1.boot" >/dev/null
	truncate -s $(( (131072 - 34816) * 512 )) "$1.root"
	mkfs.ext4 -q -F -d "$2" -U "$UUID" "$1.root"
	dd if="$1.boot" of="$1" bs=512 seek=2048 conv=notrunc status=none
	dd if="$1.root" of="$1" bs=512 seek=34816 conv=notrunc status=none
	rm -f "$1.boot" "$1.root"
}

# The SD card's host drivers, from the device tree: the ideal loads the
# one the card is on (the Pi 3's SD host, bcm2835: the SDHCI is for the Wi-Fi), the
# others it would never see.
bench_pi_ideal_image()
{
	s=$w/stage-ideal-pi
	rm -rf "$s" && mkdir -p "$s"
	aarch64-linux-musl-gcc -Os -static -std=c11 -D_GNU_SOURCE -ffunction-sections -fdata-sections \
		-fno-asynchronous-unwind-tables -fno-unwind-tables -Wl,--gc-sections -o "$s/init" "$here/ideal.c"
	aarch64-linux-gnu-strip "$s/init" 2>/dev/null || true
	pk=$(cat "$PI/kernel/kver") pr=$PI/kernel/root
	for m in $PI_IDEAL_MODULES ext4 overlay; do
		modprobe -D -S "$pk" -d "$pr" "$m" | sed -n 's/^insmod //p'
	done | awk '!seen[$0]++' | while read -r ko; do
		rel=${ko#"$pr"/}
		mkdir -p "$s/$(dirname "$rel")"
		cp "$ko" "$s/$rel"
		echo "mod /$rel"
	done > "$s/ideal.conf"
	echo "dev /dev/mmcblk0p2" >> "$s/ideal.conf"
	bench_pack "$s" "$1"
}
PI_IDEAL_MODULES="bcm2835"

bench_pi_images()
{
	pk=$(cat "$PI/kernel/kver")
	mkdir -p "$1/img"
	bench_pi_ideal_image "$1/img/pi-ideal.img"
	"$B/bin/ovlinit-mkinitfs" -i "$PI/init" -b "$PI/kernel/root" -F "base ext4 mmc" \
		-o "$1/img/pi-ovlinit-needed.img" "$pk" >&2
	"$B/bin/ovlinit-mkinitfs" -i "$PI/init" -b "$PI/kernel/root" \
		-o "$1/img/pi-ovlinit-default.img" "$pk" >&2
}

# bench_pi_qemu LOG IMG [EXTRA-APPEND]: one boot; a raspi3b only halts
# at poweroff, so QEMU is stopped once the bench init has reported.
bench_pi_qemu()
{
	pk=$(cat "$PI/kernel/kver")
	rm -f "$1"
	timeout 300 qemu-system-aarch64 -M raspi3b -m 1G -display none -monitor none -no-reboot \
		-serial "file:$1" -serial null -snapshot -kernel "$PI/kernel/vmlinuz" \
		-dtb "$PI/kernel/root/usr/lib/linux-image-$pk/broadcom/bcm2837-rpi-3-b.dtb" \
		-initrd "$2" -drive "file=$w/pi-card.img,if=sd,format=raw" \
		-append "$PI_APPEND ${3:-}" </dev/null >/dev/null 2>&1 &
	q=$!
	n=0
	while kill -0 "$q" 2>/dev/null && [ $n -lt 1500 ]; do
		grep -qaE 'BENCH-MEM|Kernel panic' "$1" 2>/dev/null && break
		sleep 0.2
		n=$((n + 1))
	done
	sleep 0.3
	kill "$q" 2>/dev/null
	wait "$q" 2>/dev/null || true
}

bench_pi()
{
	mkdir -p "$1/pi-root"
	bench_root "$1/pi-root"
	cp "$PI/busybox" "$1/pi-root/bin/busybox"
	bench_pi_card "$1/pi-card.img" "$1/pi-root"
	bench_pi_images "$1"
	for run in $(seq "$RUNS"); do
		for v in $PI_VARIANTS; do
			bench_pi_qemu "$1/log-pi-$v-$run" "$1/img/pi-$v.img"
			t=$(bench_userspace "$1/log-pi-$v-$run")
			echo "$v pi $t" >> "$1/times"
			echo "bench: pi $v run $run: ${t:-FAILED} s" >&2
		done
	done
	bench_pi_qemu "$1/log-pi-timeline" "$1/img/pi-ovlinit-needed.img" ovlinit.debug
}

bench_pi_report()
{
	echo "| image | board | compressed / unpacked | size × ideal | userspace s | time × ideal |"
	echo "|---|---|---:|---:|---:|---:|"
	ideal=$(bench_med_value "$1" ideal pi)
	for v in $PI_VARIANTS; do
		med=$(bench_med_value "$1" "$v" pi)
		size=$(bench_ratio "$(wc -c < "$1/img/pi-$v.img")" "$(wc -c < "$1/img/pi-ideal.img")" 3)
		echo "| $v | raspi3b | $(bench_size "$1/img/pi-$v.img") | $size | $(bench_times "$1" "$v" pi | bench_median) | $(bench_ratio "$med" "$ideal") |"
	done
	echo
	echo "Where the time goes in one boot of the needed image with \`ovlinit.debug\`"
	echo "(seconds since the kernel ran /init):"
	echo
	echo '```'
	tr -d '\r' < "$1/log-pi-timeline" | awk '/^BENCH-DMESG/ && /Run \/init/ { gsub(/[][]/, " "); t0 = $2 }
		/^BENCH-DMESG/ && t0 != "" && (/ovlinit: loaded|root device:|step [0-9]|BENCH-INIT/) {
			line = $0; sub(/^BENCH-DMESG \[ */, "", line); t = line; sub(/\].*/, "", t)
			msg = line; sub(/^[^]]*\] /, "", msg); if (length(msg) > 100) msg = substr(msg, 1, 97) "..."
			printf "%7.3f %s\n", t - t0, msg }'
	echo '```'
}

# The variant benches (store.sh, verity.sh): the work directory $w holds
# disk.img (the root) and a second disk; $KDIR is the kernel.
# bench_two_disks LOG IMAGE DISK2 [APPEND]: one boot of IMAGE with both
# disks, read-only to QEMU (-snapshot), so every boot finds the same bytes.
bench_two_disks()
{
	timeout 120 qemu-system-x86_64 -accel tcg -M q35 -m 256 -display none -monitor none \
		-serial "file:$1" -no-reboot -snapshot -kernel "$KDIR/vmlinuz" -initrd "$2" \
		-append "console=ttyS0 no_timer_check panic=-1 quiet root=UUID=$UUID rootfstype=ext4 overlaytmpfs=yes ${4:-}" \
		-drive "file=$w/disk.img,if=virtio,format=raw" \
		-drive "file=$3,if=virtio,format=raw" </dev/null >/dev/null 2>&1 || true
}

# bench_variant NAME BASE VARIANT APPEND IMAGE DISK2 PATTERN: RUNS boots
# of BASE (the command line as is) and VARIANT (with APPEND), interleaved,
# their userspace medians, then the kernel log lines matching PATTERN of
# one VARIANT boot with ovlinit.debug.
bench_variant()
{
	for run in $(seq "$RUNS"); do
		for v in "$2" "$3"; do
			opt=""
			[ "$v" = "$3" ] && opt=$4
			bench_two_disks "$w/log-$v-$run" "$5" "$6" "$opt"
			t=$(bench_userspace "$w/log-$v-$run")
			echo "$v $t" >> "$w/times"
			echo "$1: $v run $run: ${t:-FAILED} s" >&2
		done
	done
	for v in "$2" "$3"; do
		printf '%s: median %s s over %s boots\n' "$v" \
			"$(grep "^$v [0-9]" "$w/times" | cut -d' ' -f2 | bench_stats | cut -d' ' -f1)" "$RUNS"
	done
	bench_two_disks "$w/log-debug" "$5" "$6" "$4 ovlinit.debug"
	tr -d '\r' < "$w/log-debug" | grep -E "BENCH-DMESG.*($7)"
}
