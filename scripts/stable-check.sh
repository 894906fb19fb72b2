#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make stable-check: the patches of patches/ tagged "Cc: stable" on the
# stable kernel they are meant for, Debian's 6.12.117 (not part of make
# check). Shows that
#   1. they apply with "git am", in series order, to 6.12.117 alone;
#   2. the e2e kernel builds from 6.12.117 with them (same fragments, with
#      6.12's types: BOOTPARAM_HUNG_TASK_PANIC is a bool there);
#   3. the series' kselftest (from build/linux) passes on that kernel, the
#      checks that need the rest of the series skipping, as on a base
#      kernel (scripts/e2e-base.sh).
# The fixes' own KUnit cases need the rest of the series (counted marking,
# the lockdep model) and do not run here. Results: build/stable/results.
set -eu
. "$(dirname "$0")/lib.sh"

STABLE_VERSION=${STABLE_VERSION:-6.12.117-1~deb12u1}
STABLE_SHA256=${STABLE_SHA256:-e849faf31ca3555757f3a8877cb01af92122f744f75d1f3102734651c4e14703}
SB=$BUILD/stable
[ -d "$LINUX_DIR/tools/testing/selftests/memalloc_noio" ] ||
	die "stable-check: build/linux has no kselftest: run 'make tree'"

BUILD=$SB BASE_PKG=linux-source-6.12 BASE_SUITE=bookworm-security \
	"$TOP/scripts/fetch-base.sh" "$STABLE_VERSION" "$STABLE_SHA256"

fixes=
for p in $(series_patches); do
	grep -qi '^Cc: stable@vger.kernel.org' "$p" && fixes="$fixes ${p#"$TOP"/}"
done
[ -n "$fixes" ] || die "stable-check: no patch in patches/ is tagged Cc: stable"

# 1. git am of the fixes alone, in order, on 6.12.117.
wt=$SB/linux-stable
git -C "$SB/base" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
git -C "$SB/base" worktree prune
git -C "$SB/base" worktree add -q --detach "$wt" base
harness_ident
for p in $fixes; do
	git -C "$wt" am -q "$TOP/$p" >"$SB/am.log" 2>&1 || {
		cat "$SB/am.log"
		git -C "$wt" am --abort >/dev/null 2>&1 || true
		die "stable-check: $p does not apply to $STABLE_VERSION with the fixes before it"
	}
	info "stable-check: $p applies to $STABLE_VERSION"
done

# 2. and 3.: the e2e kernel of 6.12 with the fixes, and the kselftest of the
# series on it. e2e-base.sh builds from build/stable/base plus the fixes
# (E2E_BASE_PATCHES) and takes the kselftest from build/stable/linux, a
# link to the series' tree.
mkdir -p "$SB/configs"
frags=
for f in "$TOP"/configs/e2e-*.config; do
	sed 's/^CONFIG_BOOTPARAM_HUNG_TASK_PANIC=1$/CONFIG_BOOTPARAM_HUNG_TASK_PANIC=y/' "$f" >"$SB/configs/${f##*/}"
	frags="$frags $SB/configs/${f##*/}"
done
ln -sfn "$LINUX_DIR" "$SB/linux"
BUILD=$SB E2E_FRAGS="${frags# }" E2E_BASE_PATCHES="$fixes" E2E_CYCLES=${E2E_CYCLES:-50} \
	"$TOP/scripts/e2e-base.sh"
printf '%s %s\n' "$(date -u +%F)" "$fixes" >"$SB/passed"
info "stable-check: passed on $STABLE_VERSION with:$fixes"
