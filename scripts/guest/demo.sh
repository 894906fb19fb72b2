# SPDX-License-Identifier: GPL-2.0
# The demo: show the chain from the USB disk and the USB netdev to the root,
# let it autosuspend, read from the disk, show it again.
. /e2e/lib.sh

echo "e2e: waiting for the USB stick"
wait_for find_usb_disk 30 || { echo "e2e: FAIL: no USB disk appeared"; exit 1; }
wait_for find_usb_netdev 10 || echo "e2e: no USB netdev appeared"
disk=$(find_usb_disk)
net=$(find_usb_netdev)

devs=$(chain /sys/block/$disk)
[ -n "$net" ] && devs="$devs $(chain /sys/class/net/$net)"
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
	for d in $(chain /sys/block/$disk); do
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
	echo "$d $(attr $d/power/runtime_status)"
done >/tmp/before

dd if=/dev/$disk of=/dev/null bs=4096 count=16 skip=1000 2>/dev/null
for d in $devs; do
	echo "$d $(attr $d/power/runtime_status)"
done >/tmp/after

echo "E2E-TABLE-BEGIN"
printf '%-14s %-10s %-12s %-11s %-11s %s\n' DEVICE BUS DRIVER BEFORE_IO AFTER_IO MEMALLOC_NOIO
for d in $devs; do
	before=$(awk -v d="$d" '$1 == d { print $2 }' /tmp/before)
	after=$(awk -v d="$d" '$1 == d { print $2 }' /tmp/after)
	bus=-
	[ -e "$d/subsystem" ] && bus=$(basename "$(readlink -f "$d/subsystem")")
	printf '%-14s %-10s %-12s %-11s %-11s %s\n' "${d##*/}" "$bus" "$(driver_of $d)" \
		"$before" "$after" "$(attr $d/power/runtime_memalloc_noio)"
done
# Every device on a chain must be in memalloc_noio (when the kernel shows it).
for d in $devs; do
	case $(attr $d/power/runtime_memalloc_noio) in
	0) echo "e2e: FAIL: ${d##*/} is on a disk/netdev chain but not in memalloc_noio" >>/tmp/verdicts; ok=0 ;;
	esac
done
# A few devices on no disk or netdev chain, for contrast.
n=0
for d in /sys/devices/pci0000:00/0000:* /sys/devices/platform/*; do
	[ -d "$d/power" ] || continue
	case " $(echo $devs) " in *" $d "*) continue ;; esac
	bus=-
	[ -e "$d/subsystem" ] && bus=$(basename "$(readlink -f "$d/subsystem")")
	printf '%-14s %-10s %-12s %-11s %-11s %s\n' "${d##*/}" "$bus" "$(driver_of $d)" \
		"(off chain)" "" "$(attr $d/power/runtime_memalloc_noio)"
	[ "$(attr $d/power/runtime_memalloc_noio)" = 1 ] &&
		{ echo "e2e: FAIL: ${d##*/} is on no chain but in memalloc_noio" >>/tmp/verdicts; ok=0; }
	n=$((n + 1))
	[ "$n" -ge 3 ] && break
done
echo "E2E-TABLE-END"
cat /tmp/verdicts 2>/dev/null
# The threads that carry the stick's I/O and its error handling.
host=$(host_of_disk $disk)
for t in usb-storage scsi_eh_$host; do
	thread_flags $t >/tmp/threads
	[ -s /tmp/threads ] || { echo "e2e: FAIL: thread $t: not found"; ok=0; continue; }
	while read -r pid flags; do
		if has_noio "$flags"; then noio=yes; else noio=no; ok=0; fi
		printf 'e2e: thread %-12s pid %-5s flags 0x%08x PF_MEMALLOC_NOIO %s\n' \
			"$t" "$pid" "$flags" "$noio"
	done </tmp/threads
done

# A reset round: a pattern written to the stick must read back identical
# after a USB bus reset and after a SCSI device reset.
dd if=/dev/urandom of=/tmp/pattern bs=4096 count=64 2>/dev/null
dd if=/tmp/pattern of=/dev/$disk bs=4096 seek=2048 conv=fsync 2>/dev/null
check_pattern()
{
	blockdev --flushbufs /dev/$disk
	dd if=/dev/$disk of=/tmp/readback bs=4096 skip=2048 count=64 2>/dev/null
	if cmp -s /tmp/pattern /tmp/readback; then
		echo "e2e: $1: data intact"
	else
		echo "e2e: FAIL: $1: data differs"
		ok=0
	fi
}
usbdev=$(usb_node_of_disk $disk)
if noio-reset usb "$usbdev"; then
	echo "e2e: USBDEVFS_RESET of $usbdev: done"
	wait_for "test -b /dev/$disk" 10
	check_pattern "after USB reset"
else
	echo "e2e: FAIL: USBDEVFS_RESET of $usbdev failed"
	ok=0
fi
sg=$(sg_of_disk $disk)
if noio-reset scsi "$sg" device; then
	echo "e2e: SG_SCSI_RESET (device) on $sg: done"
	check_pattern "after SCSI reset"
else
	echo "e2e: FAIL: SG_SCSI_RESET on $sg failed"
	ok=0
fi

resumed=1
for d in $(usb_chain); do
	grep -q -e "^$d active\$" -e "^$d unsupported\$" /tmp/after || resumed=0
done
[ "$resumed" = 1 ] || { echo "e2e: FAIL: the read did not resume the chain"; ok=0; }
echo "e2e: disk $disk, netdev ${net:-none}; chain up to the root hub suspended in $((t1 - t0)) s; resumed by a read: $([ $resumed = 1 ] && echo yes || echo no)"
[ "$ok" = 1 ]
