# SPDX-License-Identifier: GPL-2.0
# The demo ("make"): the series' kselftest on the USB stick with a short
# soak (every check it has: marks, thread flags, autosuspend, resume on a
# read, USB and SCSI resets with a data pattern, and 20 suspend/resume
# cycles with swap on the stick under a memory hog), then a table of the
# device chains from the stick's disk and the USB netdev up to the root,
# with two devices off every chain for contrast. The table only shows; the
# kselftest's KTAP is the verdict.
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh

echo "e2e: waiting for the USB stick"
wait_for find_usb_disk 30 || { echo "e2e: FAIL: no USB disk appeared"; exit 1; }
wait_for find_usb_netdev 10 || echo "e2e: no USB netdev appeared"
disk=$(find_usb_disk)
net=$(find_usb_netdev)

echo "E2E-KTAP-BEGIN"
sh /e2e/memalloc_noio/memalloc_noio.sh -d 200 -c 20 -s 2 -r 10 -e 20 -m 130 "$disk"
rc=$?
echo "E2E-KTAP-END"

row()
{
	local bus=-
	[ -e "$1/subsystem" ] && bus=$(basename "$(readlink -f "$1/subsystem")")
	printf '%-14s %-10s %-12s %-12s %s\n' "${1##*/}" "$bus" "$(driver_of "$1")" \
		"$2" "$(attr "$1/power/runtime_memalloc_noio")"
}
devs=$(chain "/sys/block/$disk")
[ -n "$net" ] && devs="$devs
$(chain "/sys/class/net/$net")"
echo "E2E-TABLE-BEGIN"
printf '%-14s %-10s %-12s %-12s %s\n' DEVICE BUS DRIVER RUNTIME_PM MEMALLOC_NOIO
printf '%s\n' "$devs" | awk '!seen[$0]++' | while read -r d; do
	row "$d" "$(attr "$d/power/runtime_status")"
done
n=0
for d in /sys/devices/pci0000:00/0000:* /sys/devices/platform/*; do
	[ -d "$d/power" ] || continue
	case "
$devs
" in
	*"
$d
"*) continue ;;
	esac
	row "$d" "(off chain)"
	n=$((n + 1))
	[ "$n" -ge 2 ] && break
done
echo "E2E-TABLE-END"
exit $rc
