#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Each posting of patches/ applies with "git am" on Linux 7.3.4 (build/base)
# together with only the postings patches/SERIES names as its
# prerequisites, as a maintainer would apply it. Uses a worktree of
# build/base in build/postings; names the posting and patch that fail.
set -eu
. "$(dirname "$0")/lib.sh"

WT=$BUILD/postings
git -C "$BASE_DIR" rev-parse -q --verify base >/dev/null || die "build/base is missing: run 'make base'"
if [ ! -d "$WT/.git" ] && [ ! -f "$WT/.git" ]; then
	rm -rf "$WT"
	git -C "$BASE_DIR" worktree prune
	git -C "$BASE_DIR" worktree add -q --detach "$WT" base
fi
harness_ident

fail=0
for d in $(postings); do
	git -C "$WT" am --abort >/dev/null 2>&1 || true
	git -C "$WT" checkout -q -f --detach base
	git -C "$WT" clean -q -fd
	pre=$(posting_prereqs "$d" | tr '\n' ' ')
	ok=1
	for q in $pre $d; do
		for p in $(posting_patches "$q"); do
			if ! git -C "$WT" am -q "$p" >"$BUILD/postings-am.log" 2>&1; then
				printf 'FAIL %s: %s does not apply\n' "$d" "${p#"$TOP"/}"
				sed -n 1,10p "$BUILD/postings-am.log"
				ok=0
				break 2
			fi
		done
	done
	if [ "$ok" = 1 ]; then
		printf 'PASS %s applies on 7.3.4%s\n' "$d" "${pre:+ with $pre}"
	else
		fail=$((fail + 1))
	fi
done
git -C "$WT" am --abort >/dev/null 2>&1 || true
[ "$fail" -eq 0 ] || die "postings-check: $fail posting(s) do not apply as patches/SERIES says"
