# SPDX-License-Identifier: GPL-2.0
# The demo: show the chain from the USB disk and the USB netdev to the root,
# let it autosuspend, read from the disk, show it again.
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh

echo "e2e: waiting for the USB stick"
wait_for find_usb_disk 30 || { echo "e2e: FAIL: no USB disk appeared"; exit 1; }
wait_for find_usb_netdev 10 || echo "e2e: no USB netdev appeared"
disk=$(find_usb_disk)
net=$(find_usb_netdev)

devs=$(chain "/sys/block/$disk")
[ -n "$net" ] && devs="$devs $(chain "/sys/class/net/$net")"
devs=$(for d in $devs; do echo "$d"; done | awk '!seen[$0]++')

# Autosuspend everything on the chains, with a short delay.
for d in $devs; do
	[ -w "$d/power/control" ] && echo auto >"$d/power/control"
	[ -w "$d/power/autosuspend_delay_ms" ] && echo 500 >"$d/power/autosuspend_delay_ms"
done

# The USB part of the disk's chain: from the disk to the root hub. The host
# controller (a PCI device) may or may not runtime-suspend on a given
# machine; the USB devices and the SCSI devices above them must.
usb_chain()
{
	local d
	for d in $(chain "/sys/block/$disk"); do
		case $d in
		*/usb[0-9]*) echo "$d" ;;
		esac
	done
}

suspended()
{
	local d
	for d in $(usb_chain); do
		case $(attr "$d/power/runtime_status") in
		suspended | unsupported) ;;
		*) return 1 ;;
		esac
	done
}
t0=$(date +%s)
ok=1
wait_for suspended 30 || { echo "e2e: FAIL: the disk chain did not suspend in 30 s"; ok=0; }
t1=$(date +%s)
for d in $devs; do
	echo "$d $(attr "$d/power/runtime_status")"
done >/tmp/before

dd if="/dev/$disk" of=/dev/null bs=4096 count=16 skip=1000 2>/dev/null
for d in $devs; do
	echo "$d $(attr "$d/power/runtime_status")"
done >/tmp/after

echo "E2E-TABLE-BEGIN"
printf '%-14s %-10s %-12s %-11s %-11s %s\n' DEVICE BUS DRIVER BEFORE_IO AFTER_IO MEMALLOC_NOIO
for d in $devs; do
	before=$(awk -v d="$d" '$1 == d { print $2 }' /tmp/before)
	after=$(awk -v d="$d" '$1 == d { print $2 }' /tmp/after)
	bus=-
	[ -e "$d/subsystem" ] && bus=$(basename "$(readlink -f "$d/subsystem")")
	printf '%-14s %-10s %-12s %-11s %-11s %s\n' "${d##*/}" "$bus" "$(driver_of "$d")" \
		"$before" "$after" "$(attr "$d/power/runtime_memalloc_noio")"
done
# Every device on a chain must be in memalloc_noio (when the kernel shows it).
for d in $devs; do
	case $(attr "$d/power/runtime_memalloc_noio") in
	0) echo "e2e: FAIL: ${d##*/} is on a disk/netdev chain but not in memalloc_noio" >>/tmp/verdicts; ok=0 ;;
	esac
done
# A few devices on no disk or netdev chain, for contrast.
n=0
for d in /sys/devices/pci0000:00/0000:* /sys/devices/platform/*; do
	[ -d "$d/power" ] || continue
	# $devs is a list of paths without blanks: split on purpose.
	# shellcheck disable=SC2086
	case " $(printf '%s ' $devs)" in *" $d "*) continue ;; esac
	bus=-
	[ -e "$d/subsystem" ] && bus=$(basename "$(readlink -f "$d/subsystem")")
	printf '%-14s %-10s %-12s %-11s %-11s %s\n' "${d##*/}" "$bus" "$(driver_of "$d")" \
		"(off chain)" "" "$(attr "$d/power/runtime_memalloc_noio")"
	[ "$(attr "$d/power/runtime_memalloc_noio")" = 1 ] &&
		{ echo "e2e: FAIL: ${d##*/} is on no chain but in memalloc_noio" >>/tmp/verdicts; ok=0; }
	n=$((n + 1))
	[ "$n" -ge 3 ] && break
done
echo "E2E-TABLE-END"
cat /tmp/verdicts 2>/dev/null
# The threads that carry the stick's I/O and its error handling.
host=$(host_of_disk "$disk")
for t in usb-storage "scsi_eh_$host"; do
	thread_flags "$t" >/tmp/threads
	[ -s /tmp/threads ] || { echo "e2e: FAIL: thread $t: not found"; ok=0; continue; }
	while read -r pid flags; do
		if has_noio "$flags"; then noio=yes; else noio=no; ok=0; fi
		printf 'e2e: thread %-12s pid %-5s flags 0x%08x PF_MEMALLOC_NOIO %s\n' \
			"$t" "$pid" "$flags" "$noio"
	done </tmp/threads
done

# A reset round under memory pressure: swap on the first 160 MiB of the
# stick, a memory hog at 1.3x RAM, and a pattern at 224 MiB that must read
# back identical after a USB bus reset and after a SCSI device reset.
swap_used()
{
	awk '/^SwapTotal:/ { t = $2 } /^SwapFree:/ { f = $2 } END { print int((t - f) / 1024) }' /proc/meminfo
}
mem_mib=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
# The pattern goes down before swapon: the kernel refuses writes to a block
# device that is active swap (ETXTBSY), reads stay allowed.
dd if=/dev/urandom of=/tmp/pattern bs=4096 count=64 2>/dev/null
dd if=/tmp/pattern of="/dev/$disk" bs=4096 seek=57344 conv=fsync 2>/tmp/dd.err ||
	{ echo "e2e: FAIL: writing the pattern: $(tail -1 /tmp/dd.err)"; ok=0; }
if ! mkswap "/dev/$disk" 163840 >/dev/null || ! swapon "/dev/$disk"; then
	echo "e2e: FAIL: swapon"
	ok=0
fi
check_pattern()
{
	blockdev --flushbufs "/dev/$disk"
	dd if="/dev/$disk" of=/tmp/readback bs=4096 skip=57344 count=64 2>/tmp/dd.err ||
		echo "e2e: reading the pattern back: $(tail -1 /tmp/dd.err)"
	if cmp -s /tmp/pattern /tmp/readback; then
		echo "e2e: $1: data intact"
	else
		echo "e2e: FAIL: $1: data differs ($(wc -c </tmp/readback) bytes read back; $(cmp /tmp/pattern /tmp/readback 2>&1 | head -1))"
		ok=0
	fi
}
vmstat_of()
{
	awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat
}
check_pattern "with swap on, before the resets"
swpout0=$(vmstat_of pswpout)
swpin0=$(vmstat_of pswpin)
noio_hog $((mem_mib * 13 / 10)) 25 >/tmp/hog.out &
hog=$!
# wait_for evaluates its condition each time: single quotes on purpose.
# shellcheck disable=SC2016
wait_for '[ "$(swap_used)" -gt 8 ]' 20 || echo "e2e: FAIL: no swap traffic to the stick"
echo "e2e: memory pressure: RAM $mem_mib MiB, hog $((mem_mib * 13 / 10)) MiB, swap on the stick in use: $(swap_used) MiB"
usbdev=$(usb_node_of_disk "$disk")
r0=$(date +%s)
if noio_reset usb "$usbdev"; then
	echo "e2e: USBDEVFS_RESET of $usbdev under pressure: done in $(($(date +%s) - r0)) s, swap in use $(swap_used) MiB"
	wait_for "test -b /dev/$disk" 10
	check_pattern "after USB reset"
else
	echo "e2e: FAIL: USBDEVFS_RESET of $usbdev failed"
	ok=0
fi
sg=$(sg_of_disk "$disk")
r0=$(date +%s)
if noio_reset scsi "$sg" device; then
	echo "e2e: SG_SCSI_RESET (device) on $sg under pressure: done in $(($(date +%s) - r0)) s, swap in use $(swap_used) MiB"
	check_pattern "after SCSI reset"
else
	echo "e2e: FAIL: SG_SCSI_RESET on $sg failed"
	ok=0
fi
kill $hog 2>/dev/null
wait $hog 2>/dev/null
if [ -n "$swpout0" ]; then
	echo "e2e: swap traffic to the stick during the round: $(($(vmstat_of pswpout) - swpout0)) pages out, $(($(vmstat_of pswpin) - swpin0)) pages in"
else
	echo "e2e: swap traffic: not counted (no pswpout in /proc/vmstat: CONFIG_VM_EVENT_COUNTERS is off)"
fi
swapoff "/dev/$disk" || { echo "e2e: FAIL: swapoff"; ok=0; }

resumed=1
for d in $(usb_chain); do
	grep -q -e "^$d active\$" -e "^$d unsupported\$" /tmp/after || resumed=0
done
[ "$resumed" = 1 ] || { echo "e2e: FAIL: the read did not resume the chain"; ok=0; }
echo "e2e: disk $disk, netdev ${net:-none}; chain up to the root hub suspended in $((t1 - t0)) s; resumed by a read: $([ $resumed = 1 ] && echo yes || echo no)"
[ "$ok" = 1 ]
