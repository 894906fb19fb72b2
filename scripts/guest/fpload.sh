# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# The fpload mode (scripts/e2e-fpload.sh): swap on the whole USB stick,
# runtime PM on for the stick's chain (autosuspend after 100 ms), then
# /e2e/fpload: e2e.fp_procs readers (default 2 per CPU) of anonymous
# mappings that add up to e2e.fp_pct percent of RAM (default 300), in
# e2e.fp_phases phases of e2e.fp_run seconds with e2e.fp_gap seconds of
# idleness between them. Reports progress (pages read per second), the
# longest run of seconds without progress, swap traffic and how long the
# stick spent runtime-suspended; a run of e2e.fp_stall seconds (default 60,
# under the rig's 90 s hung-task limit) without progress is a hang. Prints
# KTAP.
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh

procs=$((2 * $(grep -c '^processor' /proc/cpuinfo)))
pct=300
phases=4
run=30
gap=5
stall=60
# shellcheck disable=SC2013
for arg in $(cat /proc/cmdline); do
	case $arg in
	e2e.fp_procs=*) procs=${arg#*=} ;;
	e2e.fp_pct=*) pct=${arg#*=} ;;
	e2e.fp_phases=*) phases=${arg#*=} ;;
	e2e.fp_run=*) run=${arg#*=} ;;
	e2e.fp_gap=*) gap=${arg#*=} ;;
	e2e.fp_stall=*) stall=${arg#*=} ;;
	esac
done

wait_for find_usb_disk 30 || { echo "e2e: FAIL: no USB disk appeared"; exit 1; }
disk=$(find_usb_disk)
ram_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
mib=$((ram_kb * pct / 100 / 1024))
swap_mib=$(($(cat "/sys/block/$disk/size") / 2048))
mkswap "/dev/$disk" >/dev/null || { echo "e2e: FAIL: mkswap /dev/$disk"; exit 1; }
swapon "/dev/$disk" || { echo "e2e: FAIL: swapon /dev/$disk"; exit 1; }
for d in $(chain "/sys/block/$disk"); do
	[ -w "$d/power/control" ] && echo auto >"$d/power/control" 2>/dev/null
	[ -w "$d/power/autosuspend_delay_ms" ] && echo 100 >"$d/power/autosuspend_delay_ms" 2>/dev/null
done
# The USB device of the stick: the first ancestor with a "busnum".
udev=
for d in $(chain "/sys/block/$disk"); do
	[ -z "$udev" ] && [ -f "$d/busnum" ] && udev=$d
done
vm()
{
	sed -n "s/^$1 //p" /proc/vmstat
}
susp()
{
	cat "$udev/power/runtime_suspended_time" 2>/dev/null || echo 0
}
echo "e2e: $disk (${swap_mib} MiB swap), RAM $((ram_kb / 1024)) MiB, load $mib MiB in $procs readers"
in0=$(vm pswpin)
out0=$(vm pswpout)
s0=$(susp)
t0=$(cut -d. -f1 /proc/uptime)
rc=0
/e2e/fpload "$procs" "$mib" "$phases" "$run" "$gap" "$stall" >/tmp/fpload.out 2>&1 || rc=$?
t1=$(cut -d. -f1 /proc/uptime)
sed 's/^/# /' /tmp/fpload.out
pages=$(sed -n 's/^fpload: done: \([0-9]*\) pages .*/\1/p' /tmp/fpload.out)
rate=$(sed -n 's/^fpload: done: .*, \([0-9]*\) pages\/s, .*/\1/p' /tmp/fpload.out)
longest=$(sed -n 's/^fpload: done: .*without progress \([0-9]*\) s$/\1/p' /tmp/fpload.out)
echo "E2E-FPLOAD: ram_mib=$((ram_kb / 1024)) load_mib=$mib procs=$procs rc=$rc pages=${pages:-0} rate=${rate:-0}" \
	"longest_stall_s=${longest:-$stall} pswpin=$(($(vm pswpin) - in0)) pswpout=$(($(vm pswpout) - out0))" \
	"stick_suspended_ms=$(($(susp) - s0)) wall_s=$((t1 - t0))"
echo "E2E-KTAP-BEGIN"
echo "KTAP version 1"
echo "1..1"
if [ "$rc" -eq 0 ]; then
	echo "ok 1 progress: no run of ${stall} s without progress (longest ${longest} s)"
else
	echo "not ok 1 progress: fpload exit $rc ($(grep -m1 'HANG\|usage\|bad\|mmap\|fork' /tmp/fpload.out))"
fi
echo "E2E-KTAP-END"
exit 0
