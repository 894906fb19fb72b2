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
set -eu
. "$(dirname "$0")/lib.sh"

name=${E2E_MUTATION:-pm-set-memalloc-noio-noop}
mut=$TOP/scripts/mutations/$name.diff
[ -f "$mut" ] || die "e2e-control: no mutation $mut"
[ -f "$BUILD/e2e/.config" ] || die "e2e-control: no e2e kernel yet: run 'make e2e-kernel'"
CDIR=$BUILD/e2e-control
out=$BUILD/results/control
mkdir -p "$out"

targets=$(sed -n 's/^Catches: e2e //p' "$mut")
[ -n "$targets" ] || die "e2e-control: $mut names no e2e case it must make fail ('Catches: e2e CASE...')"
git -C "$LINUX_DIR" apply --check "$mut" ||
	die "e2e-control: the mutation $name does not apply to build/linux"
# The objects of the e2e kernel, so that only what the mutation touches is
# rebuilt.
rm -rf "$CDIR"
cp -a --reflink=auto "$BUILD/e2e" "$CDIR"
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

info "e2e-control: running the kselftest on the mutated kernel; it must fail"
rc=0
RESULTS=$out E2E_BUILD=$CDIR E2E_CYCLES=0 E2E_UNPLUG=0 E2E_TIMEOUT=${E2E_TIMEOUT:-300} \
	E2E_EXPECT_SKIPS=soak "$TOP/scripts/e2e-check.sh" >"$out/e2e-check.out" 2>&1 || rc=$?
failed=$(grep -E '^not ok [0-9]+ ' "$out/e2e.ktap" 2>/dev/null | awk '{ sub(/:$/, "", $4); print $4 }')
if [ "$rc" -eq 0 ]; then
	cat "$out/e2e-check.out"
	die "e2e-control: the rig PASSED on a kernel with the mutation $name: it cannot catch it"
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
. "$TOP/scripts/splat.sh"
if [ ! -f "$out/e2e-check.log" ] || [ -n "$(splat_scan "$out/e2e-check.log")" ]; then
	die "e2e-control: the mutated kernel's log is missing or has a splat ($out/e2e-check.log)"
fi
info "e2e-control: the mutation $name was caught by the case(s) it targets: $targets"
