#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-model (part of "make check"): the rig with the lockdep model of
# memalloc_noio on (configs/optional/prove-memalloc-noio.config, in
# build/e2e-model, built from a copy of the e2e kernel's objects: the
# option changes two files). Four boots, each must pass with no lockdep
# report (a report is a splat and fails the boot) and show that the model
# was live (model_live below):
#   soak      the kselftest with a soak of E2E_MODEL_CYCLES (default 200)
#             cycles, its bus and SCSI resets, on the usual topology;
#   hub       the kselftest and a short soak, the stick behind a USB hub;
#   shared    the same, two sticks and the USB NIC on one controller, every
#             USB and SCSI device allowed to runtime-suspend;
#   uas       make e2e-uas without its hot-plug round: the kselftest and a
#             100-cycle soak on a UAS stick.
# The hot-plug rounds are left out: an unplug can give v6's report 4,
# kernfs_supers_rwsem --> rpm_memalloc_noio_callback --> q_usage_counter
# (del_gendisk() holds the queue frozen across sysfs removal), seen on
# 7.3.4 in 1 of 3 UAS boots with unplugs (docs/evidence/
# lockdep-model-report4-7.3.4-uas.txt). Results in build/results/model/.
set -eu
. "$(dirname "$0")/lib.sh"

MDIR=$BUILD/e2e-model
out=$RESULTS/model
mkdir -p "$out"
rm -f "$out/summary"
[ -f "$BUILD/e2e/.config" ] || die "e2e-model: no e2e kernel in build/e2e yet (make e2e-kernel)"
if [ ! -f "$MDIR/.config" ]; then
	cp -a --reflink=auto "$BUILD/e2e" "$MDIR"
	rm -f "$MDIR"/*.img "$MDIR/qmp.sock"
fi
# The model kernel is the e2e kernel without the fault-injection fragment
# (configs/e2e-faults.config, which brings DEBUG_FS) and with the option.
# With DEBUG_FS the model reports a chain through the debugfs directory
# lock that xhci_debugfs_create_slot() takes in usb_alloc_dev(), under the
# port lock and address0_mutex (README, "The lockdep model"; open).
# E2E_MODEL_FAULTS=1 keeps the fragment and shows that report.
frags=
for f in "$TOP"/configs/e2e-*.config; do
	[ "${E2E_MODEL_FAULTS:-0}" = 1 ] || [ "$f" != "$TOP/configs/e2e-faults.config" ] ||
		continue
	frags="$frags $f"
done
E2E_BUILD=$MDIR E2E_FRAGS="$frags" \
	E2E_CONFIGS="$TOP/configs/optional/prove-memalloc-noio.config" \
	"$TOP/scripts/e2e-kernel.sh"
grep -qx 'CONFIG_PROVE_MEMALLOC_NOIO=y' "$MDIR/.config" ||
	die "e2e-model: build/e2e-model has no CONFIG_PROVE_MEMALLOC_NOIO=y"
# E2E_MODEL_BUILD_ONLY=1: build the kernel and stop (make check does it in
# the background while QEMU runs the e2e rig).
[ "${E2E_MODEL_BUILD_ONLY:-0}" != 1 ] || exit 0

# "No report" must not mean "not running": every boot of a run prints, at
# its end (scripts/guest/init), lockdep's debug_locks and the lock classes
# that runtime callbacks took under rpm_memalloc_noio_callback. Each boot
# must show lockdep still on and at least MIN (default 1) such classes.
model_live()
{
	local c line n boots=0 min=${2:-1}
	while read -r c; do
		boots=$((boots + 1))
		line=$(grep -a -o 'e2e: lockdep model: debug_locks [0-9]*, [0-9]* lock classes' "$c" | tail -1)
		n=$(printf '%s\n' "$line" | sed -n 's/.*debug_locks 1, \([0-9]*\) lock classes/\1/p')
		if [ -z "$n" ] || [ "$n" -lt "$min" ]; then
			echo "e2e-model: $1: the model was not live in ${c#"$TOP"/}: '${line:-no model line}'" >>"$out/$1.out"
			return 1
		fi
		echo "e2e-model: $1: model live: $n lock classes inside the callbacks, lockdep on at the end" >>"$out/$1.out"
	done < <(find "$out/$1" -name console.log)
	[ "$boots" -gt 0 ] || { echo "e2e-model: $1: no console log" >>"$out/$1.out"; return 1; }
}

passed=0
failed=0
run()
{
	local name=$1 min=1
	shift
	case $1 in MODEL_LIVE_MIN=*) min=${1#MODEL_LIVE_MIN=}; shift ;; esac
	info "e2e-model: $name"
	rm -rf "${out:?}/$name"
	if env RESULTS="$out/$name" E2E_BUILD="$MDIR" "$@" >"$out/$name.out" 2>&1 &&
		model_live "$name" "$min"; then
		passed=$((passed + 1))
		echo "PASS $name" >>"$out/summary"
	else
		failed=$((failed + 1))
		echo "FAIL $name (build/results/model/$name.out)" >>"$out/summary"
		tail -5 "$out/$name.out"
	fi
	grep -h -A1 'Chain exists of:' "$out/$name"/last-*/console.log "$out/$name"/*/last-*/console.log 2>/dev/null | sed 's/^/    /' || true
}

run soak E2E_CYCLES="${E2E_MODEL_CYCLES:-200}" E2E_UNPLUG=0 E2E_LABEL=e2e-model \
	"$TOP/scripts/e2e-check.sh"

# A second stick's image, on the command line of the topologies below; it
# goes with the run.
img=$MDIR/stick2.img
rm -f "$img"
truncate -s 256M "$img"
trap 'rm -f "$img"' EXIT
run hub E2E_TIMEOUT=400 E2E_USB="-device qemu-xhci,id=xhci \
 -device usb-hub,bus=xhci.0,port=1,id=hub0 \
 -device usb-storage,bus=xhci.0,port=1.1,drive=stick,id=stick0,serial=E2ESTICK01 \
 -device qemu-xhci,id=xhci1 -device usb-net,bus=xhci1.0,netdev=n0" \
	"$TOP/scripts/e2e.sh" demo
run shared E2E_TIMEOUT=400 E2E_CMDLINE=e2e.rpm_all=1 E2E_USB="-device qemu-xhci,id=xhci \
 -device usb-storage,bus=xhci.0,drive=stick,id=stick0,serial=E2ESTICK01 \
 -drive if=none,id=stick2,format=raw,file=$img \
 -device usb-storage,bus=xhci.0,drive=stick2,id=stick1,serial=E2ESTICK02 \
 -device usb-net,bus=xhci.0,netdev=n0" \
	"$TOP/scripts/e2e.sh" demo

# The UAS stick (scripts/e2e-uas.sh) without its hot-plug round.
# uas_driver has no supports_autosuspend: without the unplugs no callback
# of the stick's chain runs, so this boot can show lockdep on and the
# model's class present, not a class taken under it (MODEL_LIVE_MIN=0).
run uas MODEL_LIVE_MIN=0 E2E_UAS_CYCLES=100 E2E_UNPLUG=0 "$TOP/scripts/e2e-uas.sh"

echo "e2e-model: $passed passed, $failed failed" | tee -a "$out/summary"
[ "$failed" -eq 0 ]
