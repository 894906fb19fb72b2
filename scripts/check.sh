#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything CI runs: tree, kunit, lint, bisect-check (when there is time),
# e2e. Writes build/results/summary.txt and ends with "N passed, N failed".
#
# Counted: every KUnit case, every e2e case, and each harness check (tree,
# lint, bisect-check, demo) as one case each. A skipped check is listed as
# SKIP and counted neither way.
set -u
. "$(dirname "$0")/lib.sh"

mkdir -p "$RESULTS"
sum=$RESULTS/summary.txt
: >"$sum"
passed=0
failed=0
t_start=$(date +%s)

record()
{
	printf '%s\n' "$*" | tee -a "$sum"
}

# harness NAME MAKE-TARGET: one counted case.
harness()
{
	local name=$1 target=$2 t0 rc=0
	t0=$(date +%s)
	make --no-print-directory "$target" || rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		record "PASS $name ($(( $(date +%s) - t0 ))s)"
	else
		failed=$((failed + 1))
		record "FAIL $name ($(( $(date +%s) - t0 ))s)"
	fi
	return "$rc"
}

# count FILE LABEL: add "LABEL: N passed, N failed" from a results file.
count()
{
	local line p f
	line=$(grep -E "^$2: [0-9]+ passed, [0-9]+ failed" "$1" 2>/dev/null | tail -1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		record "FAIL $2: no results"
		return
	fi
	p=$(printf '%s\n' "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	f=$(printf '%s\n' "$line" | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
	passed=$((passed + p))
	failed=$((failed + f))
	record "$line"
}

if harness tree tree; then
	make --no-print-directory kunit || true
	count "$RESULTS/kunit.summary" kunit
	grep '^FAIL' "$RESULTS/kunit.summary" >>"$sum" 2>/dev/null || true
	# The e2e kernel compiles the USB and SCSI files lint checks with sparse.
	harness e2e-kernel e2e-kernel || true
	harness lint lint || true
	# bisect-check rebuilds every prefix: it runs whenever the series
	# differs from the last one that passed it (always on a fresh clone),
	# and is reported as skipped, not passed, otherwise. BISECT=1 forces it.
	series=$(cat "$TOP"/patches/*.patch | sha256sum | cut -d' ' -f1)
	if [ "${BISECT:-auto}" = 1 ] || [ "$(cat "$BUILD/bisect/passed" 2>/dev/null)" != "$series" ]; then
		harness bisect-check bisect-check || true
	else
		record "SKIP bisect-check (this exact series passed it before; BISECT=1 runs it again)"
	fi
	if [ -f "$BUILD/e2e/arch/x86/boot/bzImage" ]; then
		harness "demo (make run)" run || true
	fi
	if [ -x "$TOP/scripts/e2e-check.sh" ]; then
		harness e2e-kernel e2e-kernel && { make --no-print-directory e2e || true; }
		count "$RESULTS/e2e.summary" e2e
	fi
fi

record "total time $(( $(date +%s) - t_start ))s"
echo
cat "$sum"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
