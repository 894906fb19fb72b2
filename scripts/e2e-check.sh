#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e: run the series' kselftest (tools/testing/selftests/memalloc_noio
# in build/linux) on the virtual USB stick of the QEMU rig, soak included.
# Writes build/results/e2e.ktap and e2e.summary ("e2e: N passed, N failed");
# a rig failure (timeout, splat, no KTAP) counts as one more failure.
#
# Soak knobs: E2E_CYCLES (suspend/resume cycles), E2E_SWAP_EVERY (every
# S-th resume is caused by swap I/O, the others by a read), E2E_RESET_EVERY (a USB
# bus reset every K cycles), E2E_EH_EVERY (a SCSI reset every M cycles),
# E2E_SECONDS (soak time limit), E2E_HOG_PCT (memory hog, % of RAM),
# E2E_DELAY (autosuspend delay of the chain, ms), E2E_LOCK_MB (MiB pinned in
# ramfs before the kselftest: a smaller machine).
# Then the hot-plug round (scripts/guest/unplug.sh, its KTAP in
# build/results/e2e-unplug.ktap); E2E_UNPLUG=0 leaves it out.
set -eu
. "$(dirname "$0")/lib.sh"

st=$LINUX_DIR/tools/testing/selftests/memalloc_noio
[ -f "$st/memalloc_noio.sh" ] ||
	die "e2e: build/linux has no kselftest at tools/testing/selftests/memalloc_noio"
rm -f "$RESULTS"/e2e*.ktap "$RESULTS/e2e.summary"
stage=$BUILD/e2e-extra
# A rerun boots the kept run's own initramfs and command line.
seconds=0 params=
unplug=${E2E_UNPLUG:-1}
if [ -n "${E2E_RERUN:-}" ]; then
	unplug=0
	! tr '\0' '\n' <"$E2E_RERUN/qemu.argv" | grep -q 'e2e\.unplug=1' || unplug=1
else
	rm -rf "$stage"
	mkdir -p "$stage/memalloc_noio" "$stage/kselftest"
	cp "$st/memalloc_noio.sh" "$stage/memalloc_noio/"
	cp "$LINUX_DIR/tools/testing/selftests/kselftest/ktap_helpers.sh" "$stage/kselftest/"
	for h in noio_reset noio_hog; do
		gcc -static -O2 -Wall -o "$stage/memalloc_noio/$h" "$st/$h.c" ||
			die "e2e: cannot build the kselftest helper $h"
	done

	# The defaults are issue 7's goals: 1000 cycles, 100 bus resets, 20 SCSI
	# resets (and the hot-plug round's 2 unplugs); 585 s of soak on the
	# project's machine, with a 900 s limit.
	cycles=${E2E_CYCLES:-1000}
	seconds=${E2E_SECONDS:-900}
	params="e2e.cycles=$cycles e2e.swap_every=${E2E_SWAP_EVERY:-5} e2e.reset_every=${E2E_RESET_EVERY:-10}"
	params="$params e2e.eh_every=${E2E_EH_EVERY:-50} e2e.seconds=$seconds e2e.hog_pct=${E2E_HOG_PCT:-150}"
	params="$params e2e.unplug=${E2E_UNPLUG:-1} e2e.delay=${E2E_DELAY:-20} e2e.lock_mb=${E2E_LOCK_MB:-0}"
fi

rc=0
E2E_EXTRA=$stage E2E_CMDLINE="$params ${E2E_CMDLINE:-}" E2E_TIMEOUT=${E2E_TIMEOUT:-$((seconds + 300))} \
	"$TOP/scripts/e2e.sh" check || rc=$?

log=$RESULTS/e2e-check.log
pass=0 fail=0 skip=0
# On the series kernel nothing may skip: a skip means a check did not run.
# E2E_EXPECT_SKIPS names the cases that must skip instead (e2e-base: those
# that need the series; the control run: the soak it does not ask for), and
# then exactly those: one that runs where it should skip fails too.
expect_skips=" ${E2E_EXPECT_SKIPS:-} "
skipped_names=" "
# ktap BEGIN-MARK END-MARK FILE: extract one KTAP block of the guest's log
# and add up its cases. A block that bailed out early leaves planned cases
# unreported: each missing one counts as a failure.
ktap()
{
	local p f s plan missing name
	sed -n "/^$1/,/^$2/p" "$log" 2>/dev/null | tr -d '\r' | sed '1d;$d' |
		grep -v -e '^\[ *[0-9.]*\] ' -e '^E2E-HOST: ' -e '^E2E-RPM ' >"$3" || true
	grep -E '^(not )?ok |^# ' "$3" || true
	p=$(grep -E '^ok [0-9]+ ' "$3" | grep -vc '# SKIP' || true)
	s=$(grep -E '^ok [0-9]+ ' "$3" | grep -c '# SKIP' || true)
	f=$(grep -cE '^not ok [0-9]+ ' "$3" || true)
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$3" | sed -n 1p)
	missing=$(( ${plan:-0} - p - f - s ))
	if [ "$missing" -gt 0 ]; then
		f=$((f + missing))
		info "e2e: $missing of the $plan planned cases in ${3##*/} reported nothing"
	fi
	if [ -z "$plan" ]; then
		f=$((f + 1))
		info "e2e: no KTAP plan in ${3##*/} (log: $log)"
	fi
	while read -r name; do
		[ -n "$name" ] || continue
		skipped_names="$skipped_names$name "
		case $expect_skips in
		*" $name "*) ;;
		*)
			f=$((f + 1))
			info "e2e: $name skipped, which counts as a failure here"
			;;
		esac
	done <<-EOF
	$(grep -E '^ok [0-9]+ .*# SKIP' "$3" | awk '{ sub(/:$/, "", $3); print $3 }')
	EOF
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}
ktap E2E-KTAP-BEGIN E2E-KTAP-END "$RESULTS/e2e.ktap"
if [ "$unplug" = 1 ]; then
	ktap E2E-UNPLUG-KTAP-BEGIN E2E-UNPLUG-KTAP-END "$RESULTS/e2e-unplug.ktap"
fi
for name in $expect_skips; do
	case $skipped_names in
	*" $name "*) ;;
	*)
		fail=$((fail + 1))
		info "e2e: $name was expected to skip here and did not"
		;;
	esac
done
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
	info "e2e: the rig failed (see above) although no kselftest case did"
fi
if ! grep -qE $'^e2e: exit status 0\r?$' "$log" && [ "$fail" -eq 0 ]; then
	fail=1
	info "e2e: the guest exited non-zero although no case failed"
fi
printf 'e2e: %d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip" | tee "$RESULTS/e2e.summary"
# What was judged goes with the run it was judged from.
if [ -d "$RESULTS/last-check" ]; then
	cp "$RESULTS"/e2e*.ktap "$RESULTS/e2e.summary" "$RESULTS/last-check/" 2>/dev/null || true
fi
[ "$fail" -eq 0 ]
