#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-fpload (not part of "make check"): the forward-progress load of
# scripts/guest/fpload.sh (swap on the whole stick, readers of anonymous
# memory three times the size of RAM, in phases with idle gaps so the
# stick runtime-suspends and must resume under pressure) for each memory
# size in E2E_FP_MEMS (MiB, default "128 256") and each stick speed in
# E2E_FP_BPS (bytes per second for QEMU's block throttling of the stick,
# 0 for none; default "0 5242880": a 5 MB/s USB 2.0 stick). The kernel
# is build/e2e's unless E2E_BUILD names another (build/e2e-base for the
# base, make e2e-base); E2E_FP_LABEL names the kernel in the summary.
# E2E_FP_MUTATION=NAME runs it on build/e2e's kernel with
# scripts/mutations/NAME.diff applied (built in build/e2e-fp-NAME from a
# copy of build/e2e's objects, as make e2e-control does), e.g.
# usb-storage-no-reserves for the series without posting 01's reserves.
# Each run's figures (progress, longest time without progress, swap
# traffic, time the stick was suspended, hung-task reports) go to
# build/results/fpload/summary. Exits non-zero when a run hung or failed.
set -eu
. "$(dirname "$0")/lib.sh"

out=$RESULTS/fpload
mkdir -p "$out"
label=${E2E_FP_LABEL:-series}
if [ -n "${E2E_FP_MUTATION:-}" ]; then
	name=$E2E_FP_MUTATION
	mut=$TOP/scripts/mutations/$name.diff
	[ -f "$mut" ] || die "e2e-fpload: no mutation $mut"
	[ -f "$BUILD/e2e/.config" ] || die "e2e-fpload: no e2e kernel yet (make e2e-kernel)"
	git -C "$LINUX_DIR" apply --check "$mut" || die "e2e-fpload: $name does not apply to build/linux"
	fdir=$BUILD/e2e-fp-$name
	rm -rf "$fdir"
	cp -a --reflink=auto "$BUILD/e2e" "$fdir"
	rm -f "$fdir"/*.img "$fdir/qmp.sock"
	files=$(git -C "$LINUX_DIR" apply --numstat "$mut" | cut -f3)
	stamps=$(mktemp -d)
	for f in $files; do
		touch -r "$LINUX_DIR/$f" "$stamps/${f//\//_}"
	done
	unmutate()
	{
		git -C "$LINUX_DIR" apply -R "$mut" || warn "e2e-fpload: could not revert $name in build/linux"
		for f in $files; do
			touch -r "$stamps/${f//\//_}" "$LINUX_DIR/$f"
		done
		rm -rf "$stamps"
	}
	trap unmutate EXIT
	git -C "$LINUX_DIR" apply "$mut"
	E2E_BUILD=$fdir "$TOP/scripts/e2e-kernel.sh"
	unmutate
	trap - EXIT
	export E2E_BUILD=$fdir
	label=${E2E_FP_LABEL:-series-$name}
fi
bad=0
for mem in ${E2E_FP_MEMS:-128 256}; do
	for bps in ${E2E_FP_BPS:-0 5242880}; do
		name=$label-${mem}M-$([ "$bps" -eq 0 ] && echo full || echo "$((bps / 1048576))MBps")
		opts=
		[ "$bps" -eq 0 ] || opts="throttling.bps-total=$bps"
		info "e2e-fpload: $name"
		rc=0
		# The stick holds the load's swap: four times RAM.
		env RESULTS="$out/$name" E2E_MEM="$mem" E2E_STICK_MB=$((mem * 4)) E2E_STICK_OPTS="$opts" \
			E2E_TIMEOUT="${E2E_FP_TIMEOUT:-1200}" E2E_LABEL="fpload-$name" \
			E2E_CMDLINE="${E2E_FP_CMDLINE:-}" "$TOP/scripts/e2e.sh" fpload >"$out/$name.out" 2>&1 || rc=$?
		clog=$out/$name/last-fpload/console.log
		fig=$(tr -d '\r' <"$clog" 2>/dev/null | sed -n 's/^E2E-FPLOAD: //p')
		hung=$(grep -c 'blocked for more than' "$clog" 2>/dev/null || true)
		line="$name rig_rc=$rc hung_task_reports=${hung:-0} ${fig:-no figures (the load did not finish)}"
		printf '%s\n' "$line" | tee -a "$out/summary"
		[ "$rc" -eq 0 ] || bad=1
	done
done
[ "$bad" -eq 0 ] || die "e2e-fpload: a run hung or failed (build/results/fpload/summary)"
