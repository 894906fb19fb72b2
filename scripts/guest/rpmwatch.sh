# SPDX-License-Identifier: GPL-2.0
# The runtime PM state of every device on the USB disks' and the USB NIC's
# chains, one "E2E-RPM" line every E2E_RPM_SECS (10) seconds for the whole
# run, so that the console log of a hang shows where each device stood
# just before it: the kernel prints the rest at the panic (panic_print).
# Each device is "name=status/usage/active_kids/noio" (usage and kids
# need CONFIG_PM_ADVANCED_DEBUG, noio the series; "-" where absent).
# Reads sysfs only: it never resumes a device.
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh

val()
{
	local v=-
	[ -r "$1" ] && { read -r v <"$1" || v='?'; }
	printf '%s' "$v"
}

sample()
{
	local b d line
	line=
	for b in /sys/block/sd* /sys/class/net/*; do
		[ -e "$b" ] || continue
		case $(readlink -f "$b") in
		*/usb*) ;;
		*) continue ;;
		esac
		for d in $(chain "$b"); do
			case " $line " in
			*" ${d##*/}="*) continue ;;
			esac
			line="$line ${d##*/}=$(val "$d/power/runtime_status")/$(val "$d/power/runtime_usage")"
			line="$line/$(val "$d/power/runtime_active_kids")/$(val "$d/power/runtime_memalloc_noio")"
		done
	done
	read -r up _ </proc/uptime
	echo "E2E-RPM $up:${line:- no USB disk or NIC}"
}

while :; do
	sample
	sleep "${E2E_RPM_SECS:-10}"
done
