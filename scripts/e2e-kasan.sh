#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-kasan: the e2e rig (kselftest, soak, hot-plug round) on the e2e
# kernel with configs/optional/kasan.config added, built in
# build/e2e-kasan. KASAN shrinks usable memory (shadow, quarantine) and
# slows everything: the cheapest stand-in for a small machine with a slow
# stick. Results in build/results/kasan/. Same knobs as "make e2e".
set -eu
. "$(dirname "$0")/lib.sh"

export E2E_BUILD=$BUILD/e2e-kasan
export E2E_CONFIGS="$TOP/configs/optional/kasan.config ${E2E_CONFIGS:-}"
step "e2e-kasan: kernel (build/e2e-kasan)" "$TOP/scripts/e2e-kernel.sh"
# KASAN slows the soak: give it more time before the rig's own timeout.
export E2E_SECONDS=${E2E_SECONDS:-2400}
RESULTS=$BUILD/results/kasan step "e2e-kasan: kselftest and soak" "$TOP/scripts/e2e-check.sh"
