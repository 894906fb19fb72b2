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

rm -f "$RESULTS"/e2e*.ktap "$RESULTS/e2e.summary"
# The label of the summary line (e2e-uas for scripts/e2e-uas.sh).
label=${E2E_LABEL:-e2e}
# A rerun boots the kept run's own initramfs and command line.
seconds=0 params=
unplug=${E2E_UNPLUG:-1}
if [ -n "${E2E_RERUN:-}" ] || [ "${E2E_JUDGE_ONLY:-0}" = 1 ]; then
	: # the run's own command line says (below)
else
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
# E2E_JUDGE_ONLY=1 judges the console log already in build/results (or
# RESULTS) again, offline, without booting anything.
[ "${E2E_JUDGE_ONLY:-0}" = 1 ] ||
E2E_CMDLINE="$params ${E2E_CMDLINE:-}" E2E_TIMEOUT=${E2E_TIMEOUT:-$((seconds + 300))} \
	"$TOP/scripts/e2e.sh" check || rc=$?

log=$RESULTS/e2e-check.log
# ktap BEGIN-MARK END-MARK FILE: one KTAP block of the log, parsed.
ktap()
{
	ktap_block "$log" "$@"
	jsons+=("$3.json")
}
jsons=()
# Whether the run had a hot-plug round: its kernel command line says.
if [ -n "${E2E_RERUN:-}" ] || [ "${E2E_JUDGE_ONLY:-0}" = 1 ]; then
	unplug=0
	! grep -q 'Kernel command line:.* e2e\.unplug=1' "$log" || unplug=1
fi
ktap E2E-KTAP-BEGIN E2E-KTAP-END "$RESULTS/e2e.ktap"
if [ "$unplug" = 1 ]; then
	ktap E2E-UNPLUG-KTAP-BEGIN E2E-UNPLUG-KTAP-END "$RESULTS/e2e-unplug.ktap"
fi
# On the series kernel nothing may skip: a skip means a check did not run.
# E2E_EXPECT_SKIPS names the cases that must skip instead (e2e-base: those
# that need the series; the control run: the soak it does not ask for), and
# then exactly those: one that runs where it should skip fails too.
# shellcheck disable=SC2086 # a list of case names
python3 "$TOP/scripts/ktap-summary.py" "$label" "${jsons[@]}" --expect-skips ${E2E_EXPECT_SKIPS:-} \
	>"$RESULTS/e2e.summary.tmp" || true
grep -v "^$label: " "$RESULTS/e2e.summary.tmp" || true
read -r pass fail skip <<<"$(sed -n 's/^'"$label"': \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' \
	"$RESULTS/e2e.summary.tmp")"
rm -f "$RESULTS/e2e.summary.tmp"
if [ -z "$fail" ]; then
	pass=0 fail=1 skip=0
	info "e2e: scripts/ktap-summary.py gave no summary"
fi
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
	info "e2e: the rig failed (see above) although no kselftest case did"
fi
if ! grep -qE $'^e2e: exit status 0\r?$' "$log" && [ "$fail" -eq 0 ]; then
	fail=1
	info "e2e: the guest exited non-zero although no case failed"
fi
printf '%s: %d passed, %d failed, %d skipped\n' "$label" "$pass" "$fail" "$skip" | tee "$RESULTS/e2e.summary"
# What was judged goes with the run it was judged from.
if [ -d "$RESULTS/last-check" ]; then
	cp "$RESULTS"/e2e*.ktap "$RESULTS/e2e.summary" "$RESULTS/last-check/" 2>/dev/null || true
fi
[ "$fail" -eq 0 ]
