#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-matrix: the memory-pressure matrix on the e2e kernel, printed,
# never asserted (a benchmark): guest RAM (E2E_MATRIX_MEM, MiB) x hog size
# (E2E_MATRIX_HOG, % of RAM), each a soak of E2E_MATRIX_CYCLES cycles
# without the hot-plug round. One line per cell: cycles done, USB and SCSI
# resets, resume latency, swap traffic, and whether the run hung (a
# hung-task panic, or the rig's timeout). Each cell's run is kept in
# build/results/matrix/ (make rerun RUN=... boots it again).
set -eu
. "$(dirname "$0")/lib.sh"

mems=${E2E_MATRIX_MEM:-128 256 512}
hogs=${E2E_MATRIX_HOG:-120 150 200}
cycles=${E2E_MATRIX_CYCLES:-200}
out=$BUILD/results/matrix
mkdir -p "$out"
table=$out/matrix.txt
printf '%-6s %-5s %-6s %-11s %-13s %-28s %s\n' RAM HOG CYCLES USB/SCSI RESUME_MED/MAX SWAP_PAGES_OUT/IN RESULT | tee "$table"
for mem in $mems; do
	for hog in $hogs; do
		cell=$out/m$mem-h$hog
		rm -rf "$cell"
		mkdir -p "$cell"
		rc=0
		RESULTS=$cell E2E_MEM=$mem E2E_HOG_PCT=$hog E2E_CYCLES=$cycles E2E_UNPLUG=0 \
			"$TOP/scripts/e2e-check.sh" >"$cell/e2e-check.out" 2>&1 || rc=$?
		k=$cell/e2e.ktap
		soak=$(grep -h '^# soak: [0-9]*/[0-9]* cycles' "$k" 2>/dev/null | sed -n 1p)
		done_c=$(printf '%s\n' "$soak" | sed -n 's/^# soak: \([0-9]*\)\/.*/\1/p')
		resets=$(printf '%s\n' "$soak" | sed -n 's/.* \([0-9]*\) USB resets, \([0-9]*\) SCSI resets.*/\1\/\2/p')
		lat=$(grep -h 'resume latency' "$k" 2>/dev/null |
			sed -n 's/.*resume latency median \([0-9]*\) ms, max \([0-9]*\) ms.*/\1\/\2 ms/p')
		swap=$(grep -h 'swap traffic' "$k" 2>/dev/null | sed -n 's/.*traffic \([0-9]*\) pages out, \([0-9]*\) pages in.*/\1\/\2/p')
		if grep -qE 'blocked for more than|Kernel panic' "$cell/e2e-check.log" 2>/dev/null; then
			result=HANG
		elif grep -q 'did not power off' "$cell/e2e-check.out"; then
			result=TIMEOUT
		elif [ "$rc" -eq 0 ]; then
			result=ok
		else
			result="failed (see ${cell#"$TOP"/})"
		fi
		printf '%-6s %-5s %-6s %-11s %-13s %-28s %s\n' "$mem" "$hog%" "${done_c:-?}" \
			"${resets:-?}" "${lat:-?}" "${swap:-?}" "$result" | tee -a "$table"
	done
done
