#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the e2e kernel in QEMU (TCG) with an xHCI controller, a usb-storage
# stick on a scratch image and a USB NIC.
#
# usage: e2e.sh demo|shell|check|reserves|faults|fpload
#
# The USB topology can be replaced from the make command line:
#   E2E_USB="-device qemu-xhci,id=hc -device usb-storage,bus=hc.0,drive=stick,id=stick0"
# (the stick's drive is always -drive ...,id=stick), E2E_MEM (MiB),
# E2E_TIMEOUT (seconds), E2E_STICK_MB (the stick's size), E2E_STICK_OPTS
# (more options for the stick's -drive, e.g. QEMU's block throttling
# "throttling.bps-total=10485760"). The check mode's hot-plug round
# deletes the device E2E_STICK_ID (default stick0) and adds fresh sticks
# with E2E_PLUG (default "driver=usb-storage,bus=xhci.0") on the spare
# drives spare1..E2E_SPARES, through QMP on build/e2e/qmp.sock;
# scripts/e2e-host.py does that.
set -eu
. "$(dirname "$0")/lib.sh"

mode=${1:-demo}
EDIR=${E2E_BUILD:-$BUILD/e2e}
mkdir -p "$RESULTS/runs"
qmp_sock=$EDIR/qmp.sock
log=$RESULTS/e2e-$mode.log
# The latest run's console under its old name, for readers of one run: it
# never survives into a run that fails before it writes its own.
rm -f "$log"

# Each run keeps, like rcutorture's kvm.sh, a directory of its own under
# build/results/runs/: the kernel and its .config, the initramfs, the exact
# QEMU command (qemu.argv, NUL-separated; qemu.cmd for reading), the
# console log (console.log) and what was judged of it. E2E_RERUN=DIR boots
# a kept run again, the same kernel, initramfs and command line, on fresh
# images, into a directory of its own ("make rerun RUN=DIR").
run=$RESULTS/runs/$(date +%Y%m%d-%H%M%S)-$mode-$$
mkdir -p "$run"
if [ -n "${E2E_RERUN:-}" ]; then
	old=${E2E_RERUN%/}
	[ -f "$old/qemu.argv" ] || die "e2e: $old is not a kept run (no qemu.argv)"
	run_mode=
	# shellcheck source=/dev/null
	. "$old/run.env"
	[ "$mode" = "$run_mode" ] || die "e2e: $old is a $run_mode run, not $mode"
	printf '%s\n' "$old" >"$run/rerun-of"
	run_from=$old
else
	kernel=$EDIR/arch/x86/boot/bzImage
	[ -f "$kernel" ] || die "e2e: no kernel at $kernel: run 'make e2e-kernel'"
	"$TOP/scripts/initramfs.sh"
	cp "$kernel" "$run/bzImage"
	cp "$EDIR/.config" "$run/config"
	cp "$EDIR/initramfs.cpio" "$run/initramfs.cpio"
	run_from=$run
	run_stick_mb=${E2E_STICK_MB:-512}
	run_spares=0
	[ "$mode" = check ] && run_spares=${E2E_SPARES:-2}
	run_timeout=${E2E_TIMEOUT:-180}
	run_stick_id=${E2E_STICK_ID:-stick0}
	run_plug=${E2E_PLUG:-driver=usb-storage,bus=xhci.0}
	cat >"$run/run.env" <<-ENV
	run_mode=$mode
	run_stick_mb=$run_stick_mb
	run_spares=$run_spares
	run_timeout=$run_timeout
	run_stick_id=$run_stick_id
	run_plug='$run_plug'
	ENV
fi
ln -sfn "runs/${run##*/}" "$RESULTS/last-$mode"

# Fresh sparse images for the stick and the spares, in the run directory
# the command line names (deleted after the run: they are rebuilt on rerun).
images()
{
	local i
	truncate -s "${run_stick_mb}M" "$run_from/stick.img.new"
	mv "$run_from/stick.img.new" "$run_from/stick.img"
	for i in $(seq 1 "$run_spares"); do
		truncate -s "${run_stick_mb}M" "$run_from/spare$i.img.new"
		mv "$run_from/spare$i.img.new" "$run_from/spare$i.img"
	done
}
rm -f "$run_from"/*.img
images
rm -f "$qmp_sock"

if [ -z "${E2E_RERUN:-}" ]; then
	# The NIC sits on a controller of its own, so that nothing but the
	# stick keeps the stick's root hub and controller marked: after an
	# unplug they must be unmarked.
	usb=${E2E_USB:-"-device qemu-xhci,id=xhci \
	 -device usb-storage,bus=xhci.0,drive=stick,id=stick0,serial=E2ESTICK01 \
	 -device qemu-xhci,id=xhci1 -device usb-net,bus=xhci1.0,netdev=n0"}
	drives=()
	for i in $(seq 1 "$run_spares"); do
		drives+=(-drive "if=none,id=spare$i,format=raw,file=$run/spare$i.img")
	done
	# The hung-task limit is the config's (configs/e2e-debug.config).
	# Whatever stops the kernel leaves a diagnosable log: a hung task,
	# soft lockup, RCU stall, oops or panic ends in a panic, and the panic
	# prints every task with its stack (panic_print bit 0x1), memory per
	# zone with watermarks, reserves, swap and dirty/writeback counts
	# (0x2), every lock held (0x8, lockdep), each CPU's backtrace (0x40)
	# and the blocked tasks (0x80). The guest adds the runtime PM state of
	# the stick's and the NIC's chains (scripts/guest/rpmwatch.sh).
	cmdline="console=ttyS0 panic=-1 oops=panic e2e.mode=$mode panic_print=0xcb"
	cmdline="$cmdline softlockup_panic=1 sysctl.kernel.panic_on_rcu_stall=1"
	cmdline="$cmdline sysctl.kernel.hung_task_all_cpu_backtrace=1 ${E2E_CMDLINE:-}"

	# E2E_USB is a list of QEMU arguments without blanks inside any of them.
	read -r -a usb_args <<<"$usb"
	qemu=(qemu-system-x86_64 -accel tcg -machine q35 -cpu max -smp 2 -m "${E2E_MEM:-256}"
		-nographic -no-reboot
		-kernel "$run/bzImage" -initrd "$run/initramfs.cpio" -append "$cmdline"
		-drive "if=none,id=stick,format=raw,file=$run/stick.img${E2E_STICK_OPTS:+,$E2E_STICK_OPTS}"
		"${drives[@]}"
		-netdev "user,id=n0,restrict=on"
		-qmp "unix:$qmp_sock,server=on,wait=off"
		"${usb_args[@]}")
	printf '%s\0' "${qemu[@]}" >"$run/qemu.argv"
else
	qemu=()
	while IFS= read -r -d '' a; do
		qemu+=("$a")
	done <"$run_from/qemu.argv"
	cp "$run_from/qemu.argv" "$run/qemu.argv"
fi
printf '%q ' "${qemu[@]}" >"$run/qemu.cmd"
echo >>"$run/qemu.cmd"
timeout=$run_timeout
spares=$run_spares

if [ "$mode" = shell ]; then
	# Not exec: the images of the run go when the shell ends.
	rc=0
	"${qemu[@]}" || rc=$?
	rm -f "$run_from"/*.img
	exit "$rc"
fi

rc=0
clog=$run/console.log
: >"$clog"
ln -sfn "runs/${run##*/}/console.log" "$log"
info "e2e: run kept in ${run#"$TOP"/} (make rerun RUN=${run#"$TOP"/})"
host_pid=
if [ "$spares" -gt 0 ]; then
	# The host side of the hot-plug round: acts on "E2E-HOST:" lines.
	python3 "$TOP/scripts/e2e-host.py" "$clog" "$qmp_sock" "$run_stick_id" \
		"$run_plug" "$spares" "$run/e2e-host.log" &
	host_pid=$!
fi
# Whatever ends this script (Ctrl-C included) ends the host agent too, and
# the images go.
cleanup()
{
	[ -z "$host_pid" ] || kill "$host_pid" 2>/dev/null || true
	rm -f "$run_from"/*.img
}
trap cleanup EXIT
trap 'exit 130' INT TERM
timeout --foreground -k 5 "$timeout" "${qemu[@]}" </dev/null >"$clog" 2>&1 || rc=$?
printf '%s\n' "$rc" >"$run/qemu.rc"
host_rc=0
if [ -n "$host_pid" ]; then
	# It ends on the guest's last line; it has nothing left to do otherwise.
	sleep 1
	kill "$host_pid" 2>/dev/null || true
	wait "$host_pid" || host_rc=$?
	sed 's/^/e2e-host: /' "$run/e2e-host.log" 2>/dev/null
fi
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	tail -30 "$log"
	die "e2e: QEMU did not power off within ${timeout}s (log: $log)"
fi
[ "$rc" -eq 0 ] || { tail -30 "$log"; die "e2e: QEMU exited with $rc (log: $log)"; }
grep -q '^e2e: exit status' "$log" || { tail -30 "$log"; die "e2e: the guest did not finish its script (log: $log)"; }
[ "$host_rc" -eq 0 ] || die "e2e: the host side of the hot-plug round failed (log: $run/e2e-host.log)"

# Judge the console like rcutorture's kvm-find-errors.sh: any splat fails.
. "$TOP/scripts/splat.sh"
splats=$(splat_scan "$clog")
printf '%s\n' "$splats" >"$run/splats"
if [ -n "$splats" ]; then
	printf '%s\n' "$splats" | sed -n 1,20p
	die "e2e: the kernel log has a splat (log: $log)"
fi

case $mode in
demo)
	# The verdict is the kselftest's KTAP, judged as "make e2e" judges it.
	ktap_block "$clog" E2E-KTAP-BEGIN E2E-KTAP-END "$run/demo.ktap"
	sed -n '/^E2E-TABLE-BEGIN/,/^E2E-TABLE-END/p' "$clog" | sed '1d;$d' | tr -d '\r' |
		grep -v -e '^E2E-RPM ' -e '^\[ *[0-9.]*\] ' || die "e2e: the guest printed no table (log: $log)"
	python3 "$TOP/scripts/ktap-summary.py" demo "$run/demo.ktap.json" | tee "$run/demo.summary" ||
		die "e2e: the demo's kselftest failed (log: $log)"
	grep -qE $'^e2e: exit status 0\r?$' "$clog" || die "e2e: the demo failed in the guest (log: $log)"
	;;
reserves | faults | fpload)
	# scripts/guest/reserves.sh, faults.sh, fpload.sh: the KTAP is the
	# verdict.
	ktap_block "$clog" E2E-KTAP-BEGIN E2E-KTAP-END "$run/$mode.ktap"
	# E2E_EXPECT_SKIP is a list of case names.
	# shellcheck disable=SC2086
	python3 "$TOP/scripts/ktap-summary.py" "${E2E_LABEL:-$mode}" "$run/$mode.ktap.json" \
		${E2E_EXPECT_SKIP:+--expect-skips $E2E_EXPECT_SKIP} |
		tee "$run/$mode.summary" || die "e2e: the $mode mode's cases failed (log: $log)"
	grep -qE $'^e2e: exit status 0\r?$' "$clog" || die "e2e: the $mode mode failed in the guest (log: $log)"
	;;
esac
