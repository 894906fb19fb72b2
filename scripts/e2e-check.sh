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
# E2E_SECONDS (soak time limit), E2E_HOG_PCT (memory hog, % of RAM).
set -eu
. "$(dirname "$0")/lib.sh"

st=$LINUX_DIR/tools/testing/selftests/memalloc_noio
[ -f "$st/memalloc_noio.sh" ] ||
	die "e2e: build/linux has no kselftest at tools/testing/selftests/memalloc_noio"
stage=$BUILD/e2e-extra
rm -rf "$stage"
mkdir -p "$stage/memalloc_noio" "$stage/kselftest"
cp "$st/memalloc_noio.sh" "$stage/memalloc_noio/"
cp "$LINUX_DIR/tools/testing/selftests/kselftest/ktap_helpers.sh" "$stage/kselftest/"
for h in noio_reset noio_hog; do
	gcc -static -O2 -Wall -o "$stage/memalloc_noio/$h" "$st/$h.c" ||
		die "e2e: cannot build the kselftest helper $h"
done

cycles=${E2E_CYCLES:-100}
seconds=${E2E_SECONDS:-480}
params="e2e.cycles=$cycles e2e.swap_every=${E2E_SWAP_EVERY:-5} e2e.reset_every=${E2E_RESET_EVERY:-10}"
params="$params e2e.eh_every=${E2E_EH_EVERY:-20} e2e.seconds=$seconds e2e.hog_pct=${E2E_HOG_PCT:-150}"
rc=0
E2E_EXTRA=$stage E2E_CMDLINE="$params ${E2E_CMDLINE:-}" E2E_TIMEOUT=${E2E_TIMEOUT:-$((seconds + 300))} \
	"$TOP/scripts/e2e.sh" check || rc=$?

log=$RESULTS/e2e-check.log
ktap=$RESULTS/e2e.ktap
sed -n '/^E2E-KTAP-BEGIN/,/^E2E-KTAP-END/p' "$log" 2>/dev/null | tr -d '\r' | sed '1d;$d' |
	grep -v '^\[ *[0-9.]*\] ' >"$ktap" || true
grep -E '^(not )?ok |^# ' "$ktap" || true
pass=$(grep -E '^ok [0-9]+ ' "$ktap" | grep -vc '# SKIP' || true)
skip=$(grep -E '^ok [0-9]+ ' "$ktap" | grep -c '# SKIP' || true)
fail=$(grep -cE '^not ok [0-9]+ ' "$ktap" || true)
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
	info "e2e: the rig failed (see above) although no kselftest case did"
fi
# A kselftest that bailed out early leaves planned cases unreported: each
# missing one counts as a failure, and so does a non-zero exit of the guest.
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$ktap" | head -1)
missing=$(( ${plan:-0} - pass - fail - skip ))
if [ "$missing" -gt 0 ]; then
	fail=$((fail + missing))
	info "e2e: $missing of the $plan planned kselftest cases reported nothing"
fi
if ! tr -d '\r' <"$log" | grep -q '^e2e: exit status 0$' && [ "$fail" -eq 0 ]; then
	fail=1
	info "e2e: the kselftest exited non-zero although no case failed"
fi
if [ "$((pass + fail))" -eq 0 ]; then
	fail=1
	info "e2e: no KTAP results from the guest (log: $log)"
fi
printf 'e2e: %d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip" | tee "$RESULTS/e2e.summary"
[ "$fail" -eq 0 ]
