#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the e2e kernel in QEMU (TCG) with an xHCI controller, a usb-storage
# stick on a scratch image and a USB NIC.
#
# usage: e2e.sh demo|shell|check
#
# The USB topology can be replaced from the make command line:
#   E2E_USB="-device qemu-xhci,id=hc -device usb-storage,bus=hc.0,drive=stick,id=stick0"
# (the stick's drive is always -drive ...,id=stick), E2E_MEM (MiB),
# E2E_TIMEOUT (seconds). The check mode's hot-plug round deletes the device
# E2E_STICK_ID (default stick0) and adds fresh sticks with E2E_PLUG (default
# "driver=usb-storage,bus=xhci.0") on the spare drives spare1..E2E_SPARES,
# through QMP on build/e2e/qmp.sock; scripts/e2e-host.py does that.
set -eu
. "$(dirname "$0")/lib.sh"

mode=${1:-demo}
EDIR=${E2E_BUILD:-$BUILD/e2e}
kernel=$EDIR/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "e2e: no kernel at $kernel: run 'make e2e-kernel'"
mkdir -p "$RESULTS"

"$TOP/scripts/initramfs.sh"

img=$EDIR/stick.img
rm -f "$img"
truncate -s "${E2E_STICK_MB:-512}M" "$img"

# The NIC sits on a controller of its own, so that nothing but the stick
# keeps the stick's root hub and controller marked: after an unplug they
# must be unmarked.
usb=${E2E_USB:-"-device qemu-xhci,id=xhci \
 -device usb-storage,bus=xhci.0,drive=stick,id=stick0,serial=E2ESTICK01 \
 -device qemu-xhci,id=xhci1 -device usb-net,bus=xhci1.0,netdev=n0"}
spares=0
[ "$mode" = check ] && spares=${E2E_SPARES:-2}
drives=()
for i in $(seq 1 "$spares"); do
	rm -f "$EDIR/spare$i.img"
	truncate -s "${E2E_STICK_MB:-512}M" "$EDIR/spare$i.img"
	drives+=(-drive "if=none,id=spare$i,format=raw,file=$EDIR/spare$i.img")
done
qmp_sock=$EDIR/qmp.sock
rm -f "$qmp_sock"

log=$RESULTS/e2e-$mode.log
timeout=${E2E_TIMEOUT:-180}
# The hung-task limit (the config's 30 s) is raised to 90 s at boot: a
# command that times out holds usb-storage's only tag for sd's 30 s
# command timeout plus the abort and reset of error handling, and tasks
# waiting for that tag meanwhile are not hung.
cmdline="console=ttyS0 panic=-1 oops=panic e2e.mode=$mode"
cmdline="$cmdline sysctl.kernel.hung_task_timeout_secs=${E2E_HUNG_SECS:-90} ${E2E_CMDLINE:-}"

# shellcheck disable=SC2086
qemu=(qemu-system-x86_64 -machine q35 -cpu max -smp 2 -m "${E2E_MEM:-256}"
	-nographic -no-reboot
	-kernel "$kernel" -initrd "$EDIR/initramfs.cpio" -append "$cmdline"
	-drive if=none,id=stick,format=raw,file="$img"
	"${drives[@]}"
	-netdev user,id=n0,restrict=on
	-qmp "unix:$qmp_sock,server=on,wait=off"
	$usb)

if [ "$mode" = shell ]; then
	exec "${qemu[@]}"
fi

rc=0
: >"$log"
host_pid=
if [ "$spares" -gt 0 ]; then
	# The host side of the hot-plug round: acts on "E2E-HOST:" lines.
	python3 "$TOP/scripts/e2e-host.py" "$log" "$qmp_sock" "${E2E_STICK_ID:-stick0}" \
		"${E2E_PLUG:-driver=usb-storage,bus=xhci.0}" "$spares" "$RESULTS/e2e-host.log" &
	host_pid=$!
fi
timeout --foreground -k 5 "$timeout" "${qemu[@]}" </dev/null >"$log" 2>&1 || rc=$?
host_rc=0
if [ -n "$host_pid" ]; then
	# It ends on the guest's last line; it has nothing left to do otherwise.
	sleep 1
	kill "$host_pid" 2>/dev/null || true
	wait "$host_pid" || host_rc=$?
	sed 's/^/e2e-host: /' "$RESULTS/e2e-host.log" 2>/dev/null
fi
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	tail -30 "$log"
	die "e2e: QEMU did not power off within ${timeout}s (log: $log)"
fi
[ "$rc" -eq 0 ] || { tail -30 "$log"; die "e2e: QEMU exited with $rc (log: $log)"; }
grep -q '^e2e: exit status' "$log" || { tail -30 "$log"; die "e2e: the guest did not finish its script (log: $log)"; }
[ "$host_rc" -eq 0 ] || die "e2e: the host side of the hot-plug round failed (log: $RESULTS/e2e-host.log)"

# Judge the console like rcutorture's kvm-find-errors.sh: any splat fails.
splats=$(tr -d '\r' <"$log" | grep -E -e 'BUG:|WARNING:|Oops|Kernel panic|INFO: task .* blocked|possible .*deadlock|KASAN:|UBSAN:|soft lockup|hard LOCKUP' || true)
if [ -n "$splats" ]; then
	printf '%s\n' "$splats" | head -20
	die "e2e: the kernel log has a splat (log: $log)"
fi

case $mode in
demo)
	sed -n '/^E2E-TABLE-BEGIN/,/^E2E-TABLE-END/p' "$log" | sed '1d;$d' | tr -d '\r'
	grep '^e2e: ' "$log" | tr -d '\r'
	grep -q '^E2E-TABLE-BEGIN' "$log" || die "e2e: the guest printed no table (log: $log)"
	grep -q '^e2e: exit status 0' "$log" || die "e2e: the demo failed in the guest (log: $log)"
	;;
esac
