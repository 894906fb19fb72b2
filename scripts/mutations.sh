#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mutations: every proof the series claims must fail by itself when
# the behaviour it names breaks. For each scripts/mutations/NAME.diff,
# whose header says what must catch it:
#   Catches: kunit SUITE.CASE...   (KUnit cases that must FAIL)
#   Catches: e2e CASE...           (kselftest cases of the e2e rig)
#   Catches: e2e-kasan CASE...     (the same on the KASAN kernel, with a soak)
#   Catches: splat                 (the rig's splat scan)
#   Catches: lockdep-model CASE... (cases of the model boot of
#                                  scripts/lockdep-model.sh)
#   Catches: lockdep CLASS         (a lockdep report in the rig's demo
#                                  whose chain names the lock class)
# apply it to build/linux, build and run what it names, revert it, and
# pass only if every named case failed by itself (a splat, a crash of
# another case or a build failure does not count). KUnit mutations build
# in build/mutations/kunit (a copy of build/kunit, so only what the
# mutation touches is rebuilt); e2e ones go through scripts/e2e-control.sh.
# MUTATIONS="a b" runs only those. Results: build/results/mutations.summary.
set -eu
. "$(dirname "$0")/lib.sh"

out=$RESULTS/mutations
sum=$RESULTS/mutations.summary
rm -rf "$out"
mkdir -p "$out"
: >"$sum"
MK=$BUILD/mutations/kunit
fail=0

if [ -n "${MUTATIONS:-}" ]; then
	names=$MUTATIONS
else
	names=
	for f in "$TOP"/scripts/mutations/*.diff; do
		f=${f##*/}
		names="$names ${f%.diff}"
	done
fi

revert()
{
	git -C "$LINUX_DIR" apply -R "$1" || die "mutations: cannot revert $1 in build/linux"
}

for name in $names; do
	mut=$TOP/scripts/mutations/$name.diff
	[ -f "$mut" ] || die "mutations: no $mut"
	kind=$(sed -n 's/^Catches: \([a-z0-9-]*\).*/\1/p' "$mut")
	cases=$(sed -n 's/^Catches: [a-z0-9-]* *//p' "$mut")
	[ "$kind" != splat ] || cases=splat
	if [ -z "$kind" ] || [ -z "$cases" ]; then
		die "mutations: $name.diff says nothing about what must catch it (a 'Catches:' line)"
	fi
	info "mutation $name: must fail $kind $cases"
	git -C "$LINUX_DIR" apply --check "$mut" || die "mutations: $name.diff does not apply to build/linux"
	caught=
	case $kind in
	kunit)
		[ -d "$MK" ] || { mkdir -p "$BUILD/mutations"; cp -a "$BUILD/kunit" "$MK"; }
		git -C "$LINUX_DIR" apply "$mut"
		trap 'revert "$mut"' EXIT
		RESULTS=$out/$name KUNIT_BUILD=$MK "$TOP/scripts/kunit.sh" >"$out/$name.log" 2>&1 || true
		revert "$mut"
		trap - EXIT
		caught=$(sed -n 's/^FAIL \([^ (]*\) .*(FAIL)$/\1/p' "$out/$name/kunit.summary" 2>/dev/null || true)
		;;
	lockdep-model)
		git -C "$LINUX_DIR" apply "$mut"
		trap 'revert "$mut"' EXIT
		RESULTS=$out/$name "$TOP/scripts/lockdep-model.sh" >"$out/$name.log" 2>&1 || true
		revert "$mut"
		trap - EXIT
		caught=$(sed -n 's/^FAIL \([^ (]*\) .*(FAIL)$/\1/p' \
			"$out/$name/lockdep-model/model.summary" 2>/dev/null || true)
		;;
	e2e | e2e-kasan | e2e-reserves | splat | lockdep)
		# One case per line, as the check below reads them.
		# shellcheck disable=SC2086
		E2E_MUTATION=$name RESULTS=$out/$name "$TOP/scripts/e2e-control.sh" >"$out/$name.log" 2>&1 &&
			caught=$(printf '%s\n' $cases)
		;;
	*)
		die "mutations: $name.diff: unknown kind '$kind' (kunit, e2e, e2e-kasan, e2e-reserves, splat, lockdep or lockdep-model)"
		;;
	esac
	missed=
	for c in $cases; do
		# A parameterised case fails when any of its parameters does.
		printf '%s\n' "$caught" | grep -q -e "^$c\$" -e "^$c\." || missed="$missed $c"
	done
	if [ -z "$missed" ]; then
		printf 'PASS %s: %s\n' "$name" "$cases" | tee -a "$sum"
	else
		printf 'FAIL %s: not caught by%s (see %s)\n' "$name" "$missed" "${out#"$TOP"/}/$name.log" | tee -a "$sum"
		fail=1
	fi
done
[ "$fail" -eq 0 ] || die "mutations: some proofs did not fail on their mutation (build/results/mutations.summary)"
