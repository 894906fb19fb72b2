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

suspended()
{
	local d
	for d in $(chain /sys/block/$disk); do
		case $(attr "$d/power/runtime_status") in
		active | resuming | suspending) return 1 ;;
		esac
	done
}
t0=$(date +%s)
wait_for suspended 30 || echo "e2e: the disk chain did not fully suspend in 30 s"
t1=$(date +%s)
for d in $devs; do
	echo "$d $(attr $d/power/runtime_status)"
done >/tmp/before

dd if=/dev/$disk of=/dev/null bs=4096 count=16 skip=1000 2>/dev/null
for d in $devs; do
	echo "$d $(attr $d/power/runtime_status)"
done >/tmp/after

echo "E2E-TABLE-BEGIN"
printf '%-40s %-12s %-10s %-10s %s\n' DEVICE DRIVER BEFORE_IO AFTER_IO MEMALLOC_NOIO
for d in $devs; do
	before=$(awk -v d="$d" '$1 == d { print $2 }' /tmp/before)
	after=$(awk -v d="$d" '$1 == d { print $2 }' /tmp/after)
	name=${d#/sys/devices/}
	[ ${#name} -gt 40 ] && name=...${name#${name%??????????????????????????????????????}}
	printf '%-40s %-12s %-10s %-10s %s\n' "$name" "$(driver_of $d)" "$before" "$after" \
		"$(attr $d/power/runtime_memalloc_noio)"
done
echo "E2E-TABLE-END"
echo "e2e: disk $disk, netdev ${net:-none}; chain suspended after $((t1 - t0)) s"
