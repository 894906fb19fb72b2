#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-reserves (part of "make check"): what one usb-storage command
# takes from the memory reserves, on the Bulk-Only transport, once on xHCI
# and once on EHCI (scripts/guest/reserves.sh counts the allocations the
# usb-storage thread makes with __GFP_MEMALLOC, from the kmem trace events,
# for 4 KiB reads, reads of the device's largest transfer, and 4 readers at
# once). The bounds per command are the code's:
#   xHCI  5 objects: usb_sg_init()'s URB array and URB (xHCI takes the
#         whole scatterlist in one URB) and xhci_urb_enqueue()'s urb_priv
#         for each of the command's three URBs (CBW, data, CSW);
#   EHCI  2 objects: usb_sg_init()'s URB array and URB (EHCI takes a
#         scatterlist in one URB too); its per-URB allocations are qTDs from
#         a dma_pool, which no kmem event shows (a new pool page is one), so
#         the case on the controller's own allocation skips there.
# On xHCI a rebind shows that a message sent outside the thread and the
# SCSI error handler (the LUN scan's) takes nothing from the reserves; on
# EHCI no kmem event would show it, and that case skips.
# Pages (new slab pages, pool pages, ring segments) are a loose ceiling,
# E2E_RESERVE_PAGES (default 16) per workload of E2E_RESERVE_READS (64)
# commands.
# A third boot, "faults" (xHCI), fails the usb-storage thread's own slab
# allocations on purpose (scripts/guest/faults.sh, failslab): once, and
# then all of them until the read ends, and checks that the command fails,
# the device is reset, and the thread makes progress or gives the device
# up with no task stuck.
# Results in build/results/reserves/.
set -eu
. "$(dirname "$0")/lib.sh"

out=$RESULTS/reserves
mkdir -p "$out"
rm -f "$out/summary"
passed=0
failed=0
site=
objs=0
skip=
# E2E_RESERVES_BOOTS: a subset of the boots, e.g. "faults".
for hc in ${E2E_RESERVES_BOOTS:-xhci ehci faults}; do
	case $hc in
	xhci)
		usb="-device qemu-xhci,id=hc -device usb-storage,bus=hc.0,drive=stick,id=stick0,serial=E2ESTICK01"
		site="e2e.hc_site=xhci_urb_enqueue e2e.hc_urbs=3"
		objs=5
		skip=
		;;
	ehci)
		# EHCI's per-URB allocations are qTDs from a dma_pool: no kmem
		# event shows them but a new pool page.
		usb="-device usb-ehci,id=hc -device usb-storage,bus=hc.0,drive=stick,id=stick0,serial=E2ESTICK01"
		site=
		objs=2
		skip="hc_per_urb others_none"
		;;
	faults)
		usb="-device qemu-xhci,id=hc -device usb-storage,bus=hc.0,drive=stick,id=stick0,serial=E2ESTICK01"
		;;
	esac
	info "e2e-reserves: $hc"
	mode=reserves
	cmdline="$site e2e.objs_max=$objs e2e.pages_max=${E2E_RESERVE_PAGES:-16} e2e.reads=${E2E_RESERVE_READS:-64}"
	if [ "$hc" = faults ]; then
		mode=faults
		skip=
		cmdline="e2e.fault_bound=${E2E_FAULT_BOUND:-60}"
	fi
	if env RESULTS="$out/$hc" E2E_USB="$usb" E2E_TIMEOUT=300 E2E_LABEL="reserves-$hc" E2E_EXPECT_SKIP="$skip" \
		E2E_CMDLINE="$cmdline" "$TOP/scripts/e2e.sh" "$mode" >"$out/$hc.out" 2>&1; then
		passed=$((passed + 1))
		echo "PASS $hc" >>"$out/summary"
	else
		failed=$((failed + 1))
		echo "FAIL $hc (build/results/reserves/$hc.out)" >>"$out/summary"
	fi
	sed -n 's/^# /    /p' "$out/$hc/last-$mode/console.log" 2>/dev/null | tr -d '\r' || true
	tail -8 "$out/$hc.out"
done
echo "e2e-reserves: $passed passed, $failed failed" | tee -a "$out/summary"
[ "$failed" -eq 0 ]
