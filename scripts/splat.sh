#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The one definition of a kernel splat for every console log the harness
# judges (KUnit, e2e, demo, control, base), after rcutorture's
# kvm-find-errors.sh. Sourced.
#
# splat_scan FILE: print each splat line of a console log, prefixed with its
# line number; nothing when the log is clean. Carriage returns and the
# printk timestamp "[   12.345678] " are ignored, so a report is found
# wherever it starts on its line.
SPLAT_RE='(^|[] ])(WARNING:|BUG:|Oops|Kernel panic|general protection fault|kernel BUG at)'
SPLAT_RE="$SPLAT_RE|INFO: task .* blocked for more than|detected stalls? on CPU|self-detected stall|RCU stall"
SPLAT_RE="$SPLAT_RE|soft lockup|hard LOCKUP|UBSAN:|KASAN:|KCSAN:|KFENCE:"
SPLAT_RE="$SPLAT_RE|list_(add|del) corruption|possible (circular|recursive|irq) .*(lock|deadlock)"
SPLAT_RE="$SPLAT_RE|DEADLOCK|refcount_t: |Unable to handle kernel|unreferenced object 0x"

splat_scan()
{
	tr -d '\r' <"$1" | grep -n -E -e "$SPLAT_RE" || true
}
