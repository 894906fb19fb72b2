# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# Helpers for the guest scripts (busybox sh).

# wait_for CMD SECONDS: poll CMD every 0.2 s until it succeeds.
wait_for()
{
	local i=0 n=$(($2 * 5))
	while ! eval "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge "$n" ] && return 1
		sleep 0.2
	done
}

# The USB disk: the first sd* whose device sits below a USB device.
find_usb_disk()
{
	local b
	for b in /sys/block/sd*; do
		[ -e "$b" ] || continue
		case $(readlink -f "$b") in
		*/usb*) basename "$b"; return 0 ;;
		esac
	done
	return 1
}

find_usb_netdev()
{
	local n
	for n in /sys/class/net/*; do
		case $(readlink -f "$n") in
		*/usb*) basename "$n"; return 0 ;;
		esac
	done
	return 1
}

# chain SYSFS_PATH: the device and every ancestor that has power/ (one per
# line, the device first, the root last).
chain()
{
	local d
	d=$(readlink -f "$1")
	while [ "$d" != /sys/devices ] && [ "$d" != / ]; do
		[ -d "$d/power" ] && echo "$d"
		d=${d%/*}
	done
}

attr()
{
	if [ -r "$1" ]; then cat "$1" 2>/dev/null || echo '?'; else echo '-'; fi
}

driver_of()
{
	if [ -e "$1/driver" ]; then basename "$(readlink -f "$1/driver")"; else echo '-'; fi
}

