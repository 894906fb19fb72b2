#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every prefix of the series builds with the KUnit configuration and passes
# the suites it declares. Incremental: one worktree and one build directory
# walk the series commit by commit (ccache shared with "make kunit").
set -eu
. "$(dirname "$0")/lib.sh"

BDIR=$BUILD/bisect
wt=$BDIR/src
mkdir -p "$BDIR"
if [ ! -e "$wt/.git" ]; then
	git -C "$LINUX_DIR" worktree prune
	git -C "$LINUX_DIR" worktree add -q --detach "$wt" base
fi

commits=$(git -C "$LINUX_DIR" rev-list --reverse base..HEAD)
n=$(printf '%s\n' $commits | grep -c . || true)
i=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$LINUX_DIR" log -1 --format=%s "$c")
	git -C "$wt" checkout -q --detach "$c"
	info "[$i/$n] $subj"
	if ! RESULTS=$BDIR/results KUNIT_SRC=$wt KUNIT_BUILD=$BDIR/out \
		KUNIT_CONFIG_OUT=$BDIR/kunit.kunitconfig \
		"$TOP/scripts/kunit.sh" >"$BDIR/step-$i.log" 2>&1; then
		tail -20 "$BDIR/step-$i.log"
		die "bisect-check: patch $i/$n \"$subj\" does not build or pass its tests alone (build/bisect/step-$i.log)"
	fi
	grep '^kunit:' "$BDIR/results/kunit.summary" | sed 's/^/    /'
done
