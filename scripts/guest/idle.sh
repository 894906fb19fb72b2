# SPDX-License-Identifier: GPL-2.0
# An idle guest: boot, wait for the USB stick to be probed, power off. For
# the control of the splat scan (a kernel made to WARN must fail the rig).
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh

wait_for find_usb_disk 30 || { echo "e2e: no USB disk appeared"; exit 1; }
echo "e2e: idle: $(find_usb_disk) probed"
