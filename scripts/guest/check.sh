# SPDX-License-Identifier: GPL-2.0
# The e2e check: the series' kselftest (tools/testing/selftests/
# memalloc_noio) on the USB stick, with the soak parameters given on the
# kernel command line (e2e.cycles, e2e.swap_every, e2e.reset_every,
# e2e.eh_every, e2e.seconds, e2e.hog_pct, e2e.delay), then the hot-plug round
# (with e2e.unplug=1). e2e.lock_mb=N first pins N MiB in ramfs,
# which reclaim can neither drop nor swap: a smaller machine, as KASAN's
# shadow and quarantine make one.
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh

# The soak's parameters come from the host (scripts/e2e-check.sh holds the
# rig's values); what is not given keeps the kselftest's own default.
opts=
unplug=0
lock_mb=0
# The command line has no quoted blanks: a word is an argument.
# shellcheck disable=SC2013
for arg in $(cat /proc/cmdline); do
	case $arg in
	e2e.cycles=*) opts="$opts -c ${arg#*=}" ;;
	e2e.swap_every=*) opts="$opts -s ${arg#*=}" ;;
	e2e.reset_every=*) opts="$opts -r ${arg#*=}" ;;
	e2e.eh_every=*) opts="$opts -e ${arg#*=}" ;;
	e2e.seconds=*) opts="$opts -t ${arg#*=}" ;;
	e2e.hog_pct=*) opts="$opts -m ${arg#*=}" ;;
	e2e.delay=*) opts="$opts -d ${arg#*=}" ;;
	e2e.unplug=*) unplug=${arg#*=} ;;
	e2e.lock_mb=*) lock_mb=${arg#*=} ;;
	esac
done

echo "e2e: waiting for the USB stick"
wait_for find_usb_disk 30 || { echo "e2e: FAIL: no USB disk appeared"; exit 1; }
disk=$(find_usb_disk)
if [ "$lock_mb" -gt 0 ]; then
	mkdir -p /pinned
	mount -t ramfs ramfs /pinned
	dd if=/dev/zero of=/pinned/fill bs=1M count="$lock_mb" 2>/dev/null
	echo "e2e: pinned $lock_mb MiB in ramfs; $(grep MemAvailable /proc/meminfo)"
fi
echo "E2E-KTAP-BEGIN"
# $opts is a list of options and their numbers.
# shellcheck disable=SC2086
sh /e2e/memalloc_noio/memalloc_noio.sh $opts "$disk"
rc=$?
echo "E2E-KTAP-END"
# The hot-plug round (scripts/guest/unplug.sh with the host's QMP side).
if [ "$unplug" = 1 ]; then
	echo "E2E-UNPLUG-KTAP-BEGIN"
	sh /e2e/unplug.sh "$disk" || rc=1
	echo "E2E-UNPLUG-KTAP-END"
fi
exit $rc
