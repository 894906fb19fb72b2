#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-control: the rig must be able to fail. Applies a mutation kept in
# the harness (scripts/mutations/, default pm-set-memalloc-noio-noop: the
# marking API does nothing) to build/linux for as long as it takes to build
# a kernel from it, boots that kernel in the same rig with the same
# kselftest (no soak, no hot-plug round), and PASSES only when every case
# the mutation names on its "Catches: e2e CASE..." line FAILS, by the case
# itself (a rig failure or a splat does not count), and all else passes
# or skips as expected. Results in build/results/control/.
#
# E2E_MUTATION=NAME picks another mutation (scripts/mutations/NAME.diff).
# A mutation that says "Catches: e2e-kasan CASE..." is built from the KASAN
# kernel's objects (build/e2e-kasan, configs/optional/kasan.config) and
# runs the soak (E2E_CYCLES, default 100): a bug that only a small, slow
# machine shows.
# A mutation that says "Catches: lockdep CLASS" is booted into the demo (the
# kselftest with a short soak) and passes only when lockdep reports a
# circular dependency whose chain names the lock class CLASS: it undoes a
# fix for a deadlock that the lockdep model of memalloc_noio
# (CONFIG_PROVE_MEMALLOC_NOIO) reports, and is built from the objects of
# make e2e-model's kernel (build/e2e-model).
set -eu
. "$(dirname "$0")/lib.sh"

name=${E2E_MUTATION:-pm-set-memalloc-noio-noop}
mut=$TOP/scripts/mutations/$name.diff
[ -f "$mut" ] || die "e2e-control: no mutation $mut"
CDIR=$BUILD/e2e-control
out=$BUILD/results/control
mkdir -p "$out"

kind=$(sed -n 's/^Catches: \([a-z0-9-]*\).*/\1/p' "$mut")
targets=$(sed -n 's/^Catches: e2e[a-z-]* //p' "$mut")
from=$BUILD/e2e
cycles=0
expect=soak
case $kind in
e2e) [ -n "$targets" ] || die "e2e-control: $mut names no e2e case it must make fail" ;;
e2e-kasan)
	[ -n "$targets" ] || die "e2e-control: $mut names no e2e case it must make fail"
	from=$BUILD/e2e-kasan
	export E2E_CONFIGS="$TOP/configs/optional/kasan.config"
	cycles=${E2E_CYCLES:-100}
	expect=
	;;
splat) ;;
e2e-reserves) [ -n "$targets" ] || die "e2e-control: $mut names no HC:CASE of e2e-reserves it must make fail" ;;
lockdep)
	chain=$(sed -n 's/^Catches: lockdep //p' "$mut")
	[ -n "$chain" ] || die "e2e-control: $mut names no lock class the report must name"
	from=$BUILD/e2e-model
	export E2E_CONFIGS="$TOP/configs/optional/prove-memalloc-noio.config"
	;;
*) die "e2e-control: $mut must say 'Catches: e2e CASE...', 'Catches: e2e-kasan CASE...', 'Catches: e2e-reserves HC:CASE...', 'Catches: lockdep CLASS' or 'Catches: splat'" ;;
esac
[ -f "$from/.config" ] || die "e2e-control: no kernel in $from yet (make e2e-kernel, make e2e-model or make e2e-kasan)"
git -C "$LINUX_DIR" apply --check "$mut" ||
	die "e2e-control: the mutation $name does not apply to build/linux"
# The objects of the e2e kernel, so that only what the mutation touches is
# rebuilt.
rm -rf "$CDIR"
cp -a --reflink=auto "$from" "$CDIR"
rm -f "$CDIR"/*.img "$CDIR/qmp.sock"

# Apply, build, revert; the mutated files get their timestamps back so the
# real e2e kernel does not rebuild them.
files=$(git -C "$LINUX_DIR" apply --numstat "$mut" | cut -f3)
stamps=$(mktemp -d)
for f in $files; do
	touch -r "$LINUX_DIR/$f" "$stamps/${f//\//_}"
done
revert()
{
	git -C "$LINUX_DIR" apply -R "$mut" || warn "e2e-control: could not revert $name in build/linux"
	for f in $files; do
		touch -r "$stamps/${f//\//_}" "$LINUX_DIR/$f"
	done
	rm -rf "$stamps"
}
trap revert EXIT
git -C "$LINUX_DIR" apply "$mut"
info "e2e-control: building with the mutation $name"
E2E_BUILD=$CDIR "$TOP/scripts/e2e-kernel.sh"
revert
trap - EXIT

if [ "$kind" = splat ]; then
	# The control of the splat scan (scripts/splat.sh): a kernel made to
	# WARN, booted to an idle guest, must fail the rig, by the scan.
	info "e2e-control: booting the mutated kernel; the splat scan must fail the run"
	rc=0
	RESULTS=$out E2E_BUILD=$CDIR E2E_TIMEOUT=${E2E_TIMEOUT:-180} \
		"$TOP/scripts/e2e.sh" idle >"$out/e2e-idle.out" 2>&1 || rc=$?
	found=$(cat "$out/last-idle/splats" 2>/dev/null || true)
	if [ "$rc" -eq 0 ] || ! grep -q 'the kernel log has a splat' "$out/e2e-idle.out" ||
	   ! printf '%s\n' "$found" | grep -q 'WARNING:'; then
		cat "$out/e2e-idle.out"
		die "e2e-control: the splat scan did not catch the WARN of the mutation $name"
	fi
	info "e2e-control: the splat scan caught the mutation $name:"
	printf '%s\n' "$found" | sed -n 1,3p | sed 's/^/    /'
	exit 0
fi

if [ "$kind" = e2e-reserves ]; then
	# scripts/e2e-reserves.sh on the mutated kernel: the cases named
	# HC:CASE must fail by themselves, and no other case may.
	info "e2e-control: counting the reserves on the mutated kernel; $targets must fail"
	rm -rf "$out/reserves"
	rc=0
	RESULTS=$out E2E_BUILD=$CDIR "$TOP/scripts/e2e-reserves.sh" >"$out/e2e-reserves.out" 2>&1 || rc=$?
	[ "$rc" -ne 0 ] || { cat "$out/e2e-reserves.out"; die "e2e-control: e2e-reserves PASSED with the mutation $name"; }
	failed=
	for hc in xhci ehci faults; do
		skip=
		[ "$hc" = ehci ] && skip="hc_per_urb others_none"
		mode=reserves
		[ "$hc" = faults ] && mode=faults
		# shellcheck disable=SC2086 # $skip is a list of names
		for f in $(python3 "$TOP/scripts/ktap-summary.py" "$hc" "$out/reserves/$hc/last-$mode/$mode.ktap.json" \
			${skip:+--expect-skips $skip} | sed -n 's/^FAIL \([A-Za-z0-9_]*\) (FAIL)$/\1/p' || true); do
			failed="$failed $hc:$f"
		done
	done
	for t in $targets; do
		case " $failed " in
		*" $t "*) ;;
		*) cat "$out/e2e-reserves.out"; die "e2e-control: with the mutation $name the case $t did not fail (failed:${failed:- none})" ;;
		esac
	done
	for f in $failed; do
		case " $targets " in
		*" $f "*) ;;
		*) cat "$out/e2e-reserves.out"; die "e2e-control: with the mutation $name the case $f failed too, which it does not target" ;;
		esac
	done
	info "e2e-control: the mutation $name was caught by the case(s) it targets:$failed"
	exit 0
fi
if [ "$kind" = lockdep ]; then
	info "e2e-control: booting the mutated kernel (demo); lockdep must report a chain with $chain"
	rc=0
	RESULTS=$out E2E_BUILD=$CDIR E2E_TIMEOUT=${E2E_TIMEOUT:-180} \
		"$TOP/scripts/e2e.sh" demo >"$out/e2e-demo.out" 2>&1 || rc=$?
	reported=$(grep -A1 'Chain exists of:' "$out/last-demo/console.log" 2>/dev/null | sed -n 2p)
	if [ "$rc" -eq 0 ] || ! printf '%s\n' "$reported" | grep -qF -- "$chain"; then
		tail -20 "$out/e2e-demo.out"
		die "e2e-control: with the mutation $name lockdep reported no chain with $chain (${reported:-no report})"
	fi
	info "e2e-control: the mutation $name was reported by lockdep:"
	printf '%s\n' "$reported" | sed 's/^/    /'
	exit 0
fi

info "e2e-control: running the kselftest on the mutated kernel; it must fail"
rc=0
RESULTS=$out E2E_BUILD=$CDIR E2E_CYCLES=$cycles E2E_UNPLUG=0 E2E_EXPECT_SKIPS=$expect \
	"$TOP/scripts/e2e-check.sh" >"$out/e2e-check.out" 2>&1 || rc=$?
# The cases that failed by themselves, as the one KTAP summariser names them.
# shellcheck disable=SC2086 # a list of case names
failed=$(python3 "$TOP/scripts/ktap-summary.py" e2e "$out/e2e.ktap.json" --expect-skips $expect |
	sed -n 's/^FAIL \([A-Za-z0-9_]*\) (FAIL)$/\1/p' || true)
if [ "$rc" -eq 0 ]; then
	cat "$out/e2e-check.out"
	die "e2e-control: the rig PASSED on a kernel with the mutation $name: it cannot catch it"
fi
. "$TOP/scripts/splat.sh"
if [ "$kind" = e2e-kasan ]; then
	# What this kind catches is a hang: the kernel's hung-task detector
	# stops the guest during the targeted case, which never reports.
	passed=$(python3 -c 'import json, sys
for c in json.load(open(sys.argv[1]))["test_cases"]:
    if c["status"] == "PASS":
        print(c["name"].split(":")[0])' "$out/e2e.ktap.json" 2>/dev/null || true)
	for t in $targets; do
		if printf '%s\n' "$passed" | grep -qx "$t"; then
			die "e2e-control: with the mutation $name the case $t passed"
		fi
	done
	grep -q 'blocked for more than' "$out/e2e-check.log" ||
		die "e2e-control: with the mutation $name $targets did not pass, but no task hung ($out/e2e-check.log)"
	info "e2e-control: the mutation $name hangs the rig during $targets, as it must:"
	grep -m 3 'blocked for more than' "$out/e2e-check.log" | sed 's/^/    /'
	exit 0
fi
for t in $targets; do
	printf '%s\n' "$failed" | grep -qx "$t" && continue
	cat "$out/e2e-check.out"
	die "e2e-control: with the mutation $name the case $t did not fail (failed: ${failed:-none})"
done
for f in $failed; do
	case " $targets " in
	*" $f "*) ;;
	*)
		cat "$out/e2e-check.out"
		die "e2e-control: with the mutation $name the case $f failed too, which it does not target"
		;;
	esac
done
if [ ! -f "$out/e2e-check.log" ] || [ -n "$(splat_scan "$out/e2e-check.log")" ]; then
	die "e2e-control: the mutated kernel's log is missing or has a splat ($out/e2e-check.log)"
fi
info "e2e-control: the mutation $name was caught by the case(s) it targets: $targets"
