# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# The faults mode (scripts/e2e-reserves.sh, its "faults" boot): what the
# usb-storage thread does when an allocation it makes to carry a command
# fails, as one would once the memory reserves are gone and the allocator
# gave up. failslab (CONFIG_FAILSLAB, debugfs) fails the slab allocations
# of that thread alone (task-filter and /proc/PID/make-it-fail; allocations
# that may sleep included, __GFP_NOFAIL never):
#   once     one allocation fails: the command fails, usb-storage resets
#            the device, SCSI retries, the read succeeds;
#   always   every allocation of the thread fails, the reset's own included:
#            the read ends within E2E_FAULT_BOUND s (default 60: less than
#            sd's 30 s command timeout plus the rig's 90 s hung-task limit),
#            the thread gives the device up or goes back to waiting for
#            commands, no task is left in uninterruptible sleep, and once
#            the faults stop a USB disk is there and reads again.
# Prints KTAP.
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh

bound=60
# shellcheck disable=SC2013
for arg in $(cat /proc/cmdline); do
	case $arg in
	e2e.fault_bound=*) bound=${arg#e2e.fault_bound=} ;;
	esac
done

D=/sys/kernel/debug
F=$D/failslab
mount -t debugfs nodev "$D" 2>/dev/null
wait_for find_usb_disk 30 || { echo "e2e: FAIL: no USB disk appeared"; exit 1; }
[ -d "$F" ] || { echo "e2e: FAIL: no $F (CONFIG_FAILSLAB, CONFIG_FAULT_INJECTION_DEBUG_FS)"; exit 1; }

# The pid of the (first) usb-storage thread.
stor_pid()
{
	local p
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = usb-storage ] && { echo "${p#/proc/}"; return 0; }
	done
	return 1
}

# The state letter of a task (the field after the parenthesised comm).
state_of()
{
	sed -n 's/^.*) \([A-Z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null
}

# The tasks in uninterruptible sleep, as "pid:comm".
dstate()
{
	local p s
	for p in /proc/[0-9]*; do
		s=$(sed -n 's/^.*) \([A-Z]\) .*/\1/p' "$p/stat" 2>/dev/null)
		[ "$s" = D ] && printf '%s:%s ' "${p#/proc/}" "$(cat "$p/comm" 2>/dev/null)"
	done
}

# Lines of the kernel log that report a reset of a USB device, so far.
resets()
{
	dmesg | grep -c 'reset .*USB device number'
}

ioerrs()
{
	printf '%d\n' "$(cat "/sys/block/$1/device/ioerr_cnt" 2>/dev/null || echo 0)"
}

disk=$(find_usb_disk)
pid=$(stor_pid) || { echo "e2e: FAIL: no usb-storage thread"; exit 1; }
# Runtime PM off on the chain: only the injected faults end a command.
for d in $(chain "/sys/block/$disk"); do
	[ -w "$d/power/control" ] && echo on >"$d/power/control"
done
echo 1 >"$F/verbose"
echo Y >"$F/task-filter"
echo N >"$F/ignore-gfp-wait"
echo 0 >"$F/space"
echo 1 >"$F/interval"
echo 100 >"$F/probability"
echo 0 >"$F/times"
echo "e2e: $disk, usb-storage thread $pid, bound ${bound}s"

i=0
ok()
{
	i=$((i + 1))
	if eval "$2"; then echo "ok $i $1"; else echo "not ok $i $1"; fi
}

echo "E2E-KTAP-BEGIN"
echo "KTAP version 1"
echo "1..6"

# once: a single failure.
r0=$(resets)
e0=$(ioerrs "$disk")
echo 1 >"$F/times"
echo 1 >"/proc/$pid/make-it-fail"
rc=0
dd if="/dev/$disk" of=/dev/null bs=4k count=1 skip=100 iflag=direct 2>/dev/null || rc=$?
echo 0 >"/proc/$pid/make-it-fail" 2>/dev/null
left=$(cat "$F/times")
echo 0 >"$F/times"
r1=$(resets)
e1=$(ioerrs "$disk")
echo "# once: dd exit $rc, failures left to inject $left, commands failed $((e1 - e0)), USB resets $((r1 - r0))"
# shellcheck disable=SC2016
{
ok "once_injected: the failure hit the usb-storage thread's command ($((e1 - e0)) failed)" \
	'[ "$left" -eq 0 ] && [ "$e1" -gt "$e0" ]'
ok "once_reset: usb-storage reset the device after the failed command ($((r1 - r0)) resets)" \
	'[ "$r1" -gt "$r0" ]'
ok "once_progress: the read succeeded on a retry after the reset" \
	'[ "$rc" -eq 0 ] && [ "$(stor_pid)" = "$pid" ]'
}

# always: every allocation of the thread fails until the read ends.
r0=$(resets)
echo -1 >"$F/times"
echo 1 >"/proc/$pid/make-it-fail"
start=$(cut -d. -f1 /proc/uptime)
dd if="/dev/$disk" of=/dev/null bs=4k count=1 skip=200 iflag=direct 2>/dev/null &
dd_pid=$!
ended=0
# Ended: a zombie (not yet reaped by this shell) or gone.
wait_for "[ \"\$(state_of $dd_pid)\" = Z ] || [ ! -d /proc/$dd_pid ]" "$bound" && ended=1
took=$(($(cut -d. -f1 /proc/uptime) - start))
# The faults stop here, whatever happened.
echo 0 >"/proc/$pid/make-it-fail" 2>/dev/null
echo 0 >"$F/times"
rc=0
[ "$ended" -eq 1 ] && { wait "$dd_pid" || rc=$?; }
r1=$(resets)
thread=gone
[ -d "/proc/$pid" ] && thread=$(state_of "$pid")
echo "# always: dd ended $ended (exit $rc) after ${took}s, USB resets logged $((r1 - r0)), old thread $thread, $disk $([ -e "/sys/block/$disk" ] && echo present || echo gone)"
# No task left in D once the faults have stopped: bounded, as tasks may
# still be finishing the removal; then the old thread's state.
# Up to 30 s by the clock (/proc/uptime), not by a count of polls: one
# poll reads every task's stat.
w0=$(cut -d. -f1 /proc/uptime)
stuck=$(dstate)
while [ -n "$stuck" ] && [ "$(cut -d. -f1 /proc/uptime)" -lt $((w0 + 30)) ]; do
	sleep 1
	stuck=$(dstate)
done
if [ -n "$stuck" ]; then
	echo "# always: still in D after 30 s (uptime $w0 s to $(cut -d. -f1 /proc/uptime) s): $stuck"
	# Their stacks, for the log (sysrq w: the blocked tasks).
	echo w >/proc/sysrq-trigger 2>/dev/null
fi
thread=gone
[ -d "/proc/$pid" ] && thread=$(state_of "$pid")
echo "# always: then the old thread $thread"
# A USB disk again (the same, or the device enumerated anew), and it reads.
wait_for find_usb_disk 30
now=$(find_usb_disk)
rc2=1
[ -n "$now" ] && { dd if="/dev/$now" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null && rc2=0; }
echo "# always: afterwards USB disk ${now:-none}, read exit $rc2"
# shellcheck disable=SC2016
{
ok "always_ends: with every allocation of the thread failing the read ended within ${bound}s (${took}s)" \
	'[ "$ended" -eq 1 ]'
ok "always_no_task_stuck: no task in uninterruptible sleep once the faults stop, the old thread gone or waiting" \
	'[ -z "$stuck" ] && { [ "$thread" = gone ] || [ "$thread" = S ]; }'
ok "always_recovers: once the faults stop, a USB disk is there and reads" \
	'[ "$rc2" -eq 0 ]'
}
echo "E2E-KTAP-END"
exit 0
