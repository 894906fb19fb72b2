#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-base: the series' kselftest, unchanged, on a kernel built from
# the base alone (build/base, no series) with the same e2e configs. The
# checks that need the series must SKIP there, and everything else must
# pass. Results in build/results/base/. E2E_CYCLES (default 50) sizes
# its soak.
set -eu
. "$(dirname "$0")/lib.sh"

[ -f "$BASE_DIR/Makefile" ] || die "e2e-base: no base tree in build/base: run 'make base'"
BDIR=$BUILD/e2e-base
out=$BUILD/results/base
mkdir -p "$out"
info "e2e-base: building the base kernel (no series) in build/e2e-base"
E2E_SRC=$BASE_DIR E2E_BUILD=$BDIR "$TOP/scripts/e2e-kernel.sh"
rc=0
RESULTS=$out E2E_BUILD=$BDIR E2E_CYCLES=${E2E_CYCLES:-50} "$TOP/scripts/e2e-check.sh" || rc=$?
skipped=$(grep -hE '^ok [0-9]+ .*# SKIP' "$out"/e2e*.ktap || true)
[ -n "$skipped" ] && info "e2e-base: skipped on the base kernel:" && printf '%s\n' "$skipped" | sed 's/^/    /'
[ "$rc" -eq 0 ] || die "e2e-base: the kselftest failed on the base kernel (build/results/base)"
