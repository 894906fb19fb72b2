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

# thread_flags NAME: "pid flags" of every kernel thread called NAME.
thread_flags()
{
	local s
	for s in /proc/[0-9]*/stat; do
		[ "$(cat "${s%/stat}/comm" 2>/dev/null)" = "$1" ] || continue
		awk '{ print $1, $9 }' "$s" 2>/dev/null
	done
}

# PF_MEMALLOC_NOIO (0x00080000) in a decimal flags word?
has_noio()
{
	[ $((($1 / 524288) % 2)) -eq 1 ]
}

# The USB device (BBB/DDD under /dev/bus/usb) and sg node of a disk.
usb_node_of_disk()
{
	local d
	for d in $(chain "/sys/block/$1"); do
		if [ -r "$d/busnum" ] && [ -r "$d/devnum" ]; then
			printf '/dev/bus/usb/%03d/%03d\n' "$(cat "$d/busnum")" "$(cat "$d/devnum")"
			return 0
		fi
	done
	return 1
}

sg_of_disk()
{
	local g
	for g in "/sys/block/$1"/device/scsi_generic/*; do
		[ -e "$g" ] && { echo "/dev/${g##*/}"; return 0; }
	done
	return 1
}

host_of_disk()
{
	local d
	for d in $(chain "/sys/block/$1"); do
		case ${d##*/} in host[0-9]*) echo "${d##*/host}"; return 0 ;; esac
	done
	return 1
}
