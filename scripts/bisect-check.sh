#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every prefix of the series builds with the KUnit configuration and passes
# the suites it declares, and builds the e2e kernel (which compiles the USB
# and SCSI code the KUnit configuration leaves out).
#
# Incremental: build/linux is walked commit by commit in place, with the
# KUnit build directory of "make kunit", so each step rebuilds only what the
# next patch changes (and ccache serves what was built before). The tree is
# put back on the series' head at the end, whatever happens.
set -eu
. "$(dirname "$0")/lib.sh"

BDIR=$BUILD/bisect
mkdir -p "$BDIR"

if [ -n "$(git -C "$LINUX_DIR" status --porcelain --untracked-files=no | head -1)" ]; then
	die "bisect-check: build/linux has uncommitted changes; commit or stash them first"
fi
head=$(git -C "$LINUX_DIR" symbolic-ref -q --short HEAD || git -C "$LINUX_DIR" rev-parse HEAD)
trap 'git -C "$LINUX_DIR" checkout -q "$head"' EXIT

commits=$(git -C "$LINUX_DIR" rev-list --reverse base..HEAD)
n=$(printf '%s\n' $commits | grep -c . || true)
i=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$LINUX_DIR" log -1 --format=%s "$c")
	git -C "$LINUX_DIR" checkout -q --detach "$c"
	info "[$i/$n] $subj"
	if ! RESULTS=$BDIR/results KUNIT_CONFIG_OUT=$BDIR/kunit.kunitconfig \
		"$TOP/scripts/kunit.sh" >"$BDIR/step-$i.log" 2>&1; then
		tail -20 "$BDIR/step-$i.log"
		die "bisect-check: patch $i/$n \"$subj\" does not build or pass its tests alone (build/bisect/step-$i.log)"
	fi
	grep '^kunit:' "$BDIR/results/kunit.summary" | sed 's/^/    /'
	if [ "${BISECT_E2E:-1}" = 1 ]; then
		if ! "$TOP/scripts/e2e-kernel.sh" >"$BDIR/step-$i-e2e.log" 2>&1; then
			tail -20 "$BDIR/step-$i-e2e.log"
			die "bisect-check: patch $i/$n \"$subj\" breaks the e2e kernel build (build/bisect/step-$i-e2e.log)"
		fi
		info "    e2e kernel builds"
	fi
done
# Remember which series passed, so that "make check" can tell a repeat.
cat "$TOP"/patches/*.patch | sha256sum | cut -d' ' -f1 >"$BDIR/passed"
