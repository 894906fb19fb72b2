#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-uas (part of "make e2e" and "make check"): the same kselftest and
# hot-plug round on a UAS stick (QEMU's usb-uas with a scsi-hd below it) on
# the same controller, the USB NIC on its own as in the usb-storage run.
# 6.12's uas driver has no runtime PM (supports_autosuspend is 0): the
# kselftest skips autosuspend and resume_on_read for that stated reason and
# runs the soak's reads, hog bursts and resets without suspends; the
# hot-plug round unplugs the stick idle (unplug_idle). Everything else runs
# as on the usb-storage stick: marks, the scsi_eh thread's scope, a bus
# reset and a SCSI device reset with data checks, swap under a hog, unplugs
# and fresh sticks. Results in build/results/uas/ (e2e.ktap, e2e.summary).
#
# Knobs: E2E_UAS_CYCLES (default 100), the rest as for make e2e.
set -eu
. "$(dirname "$0")/lib.sh"

export RESULTS=$RESULTS/uas
mkdir -p "$RESULTS"
export E2E_USB="-device qemu-xhci,id=xhci \
 -device usb-uas,bus=xhci.0,id=stick0,serial=E2ESTICK01 \
 -device scsi-hd,bus=stick0.0,scsi-id=0,lun=0,drive=stick,id=stick0-disk \
 -device qemu-xhci,id=xhci1 -device usb-net,bus=xhci1.0,netdev=n0"
export E2E_PLUG="driver=usb-uas,bus=xhci.0|driver=scsi-hd,scsi-id=0,lun=0"
export E2E_CYCLES=${E2E_UAS_CYCLES:-100}
export E2E_SECONDS=${E2E_UAS_SECONDS:-300}
export E2E_EXPECT_SKIPS="autosuspend resume_on_read"
export E2E_LABEL=e2e-uas
exec "$TOP/scripts/e2e-check.sh"
