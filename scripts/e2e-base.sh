#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make e2e-base: the series' kselftest, unchanged, on a kernel built from
# the base alone (build/base, no series) with the same e2e configs. The
# checks that need the series must SKIP there, and everything else must
# pass. Results in build/results/base/. E2E_CYCLES (default 50) sizes
# its soak.
#
# E2E_BASE_PATCHES="patches/0001-....patch ..." applies those patches of the
# series first (in build/base-patched, a worktree of the base), to show a
# fix on the base alone: the upstream bugs the series fixes are the base's.
# E2E_CONFIGS adds kconfig fragments (configs/optional/kasan.config) and
# E2E_BASE_BUILD names the build directory (default build/e2e-base).
set -eu
. "$(dirname "$0")/lib.sh"

[ -f "$BASE_DIR/Makefile" ] || die "e2e-base: no base tree in build/base: run 'make base'"
BDIR=${E2E_BASE_BUILD:-$BUILD/e2e-base}
out=$BUILD/results/base
mkdir -p "$out"
src=$BASE_DIR
if [ -n "${E2E_BASE_PATCHES:-}" ]; then
	src=$BUILD/base-patched
	git -C "$BASE_DIR" worktree remove --force "$src" 2>/dev/null || rm -rf "$src"
	git -C "$BASE_DIR" worktree prune
	git -C "$BASE_DIR" worktree add -q --detach "$src" base
	for p in $E2E_BASE_PATCHES; do
		git -C "$src" apply --index "$TOP/$p" ||
			die "e2e-base: $p does not apply to the base on its own"
		info "e2e-base: applied $p to the base"
	done
fi
info "e2e-base: building ${src#"$TOP"/} in ${BDIR#"$TOP"/}"
E2E_SRC=$src E2E_BUILD=$BDIR "$TOP/scripts/e2e-kernel.sh"
# Exactly these need the series (the power/runtime_memalloc_noio attribute,
# the NOIO scope of the I/O and EH threads) and must skip; e2e-check.sh
# fails the run on any other skip and on any of these that does not skip.
expect="chain_marked off_chain_unmarked threads_noio"
if [ "${E2E_UNPLUG:-1}" = 1 ]; then
	expect="$expect unplug_left_no_marks replug_chain_marked replug2_chain_marked"
fi
rc=0
RESULTS=$out E2E_BUILD=$BDIR E2E_CYCLES=${E2E_CYCLES:-50} E2E_EXPECT_SKIPS=$expect \
	"$TOP/scripts/e2e-check.sh" || rc=$?
info "e2e-base: skipped on the base kernel, as expected:"
grep -hE '^ok [0-9]+ .*# SKIP' "$out"/e2e*.ktap | sed 's/^/    /' || true
[ "$rc" -eq 0 ] || die "e2e-base: the kselftest failed on the base kernel, or skipped other cases (build/results/base)"
