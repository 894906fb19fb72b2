#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build/linux = build/base + git am of every posting in patches/, in the
# order of patches/SERIES. Each posting's cover letter and patch count are
# kept in build/linux's git config for "make export".
#
# A no-op when build/linux already holds exactly patches/. Refuses to throw
# away commits or changes in build/linux that patches/ lacks (run
# "make export" first, or FORCE=1 to discard them).
set -eu
. "$(dirname "$0")/lib.sh"

git -C "$BASE_DIR" rev-parse -q --verify base >/dev/null ||
	die "build/base is missing: run 'make base'"

STAMP_NAME=harness-tree
want=$(patches_hash)

# A bisect-check that was killed outright left build/linux at one of the
# series' commits: go back to the head it started from.
if [ -f "$BUILD/bisect/restore" ] && [ -d "$LINUX_DIR/.git" ]; then
	back=$(cat "$BUILD/bisect/restore")
	[ -z "$(git -C "$LINUX_DIR" status --porcelain --untracked-files=no | sed -n 1p)" ] ||
		die "build/linux has uncommitted changes, but an interrupted bisect-check left it at $(git -C "$LINUX_DIR" log -1 --format='%h (%s)'): check it out of $back by hand"
	info "an interrupted bisect-check left build/linux at $(git -C "$LINUX_DIR" log -1 --format=%h): back to $back"
	git -C "$LINUX_DIR" checkout -q "$back"
	rm -f "$BUILD/bisect/restore"
fi

# --ensure: the development loop (edit build/linux, make kunit) works on
# build/linux as it is; only a missing tree is created from patches/.
if [ "${1:-}" = --ensure ] && [ -d "$LINUX_DIR/.git" ]; then
	stamp=$LINUX_DIR/.git/$STAMP_NAME
	rec_hash=
	rec_head=
	[ -f "$stamp" ] && read -r rec_hash rec_head <"$stamp"
	if [ "$rec_hash" != "$want" ] || [ "$rec_head" != "$(git -C "$LINUX_DIR" rev-parse HEAD)" ] ||
	   [ -n "$(git -C "$LINUX_DIR" status --porcelain --untracked-files=no | sed -n 1p)" ]; then
		info "using build/linux as it is: it differs from patches/ ('make export' to keep it)"
	fi
	exit 0
fi

# The stamp records what the harness itself put in build/linux: the hash of
# patches/ and the HEAD it reached. It is rewritten after every patch that
# applies, so a failed "git am" leaves a stamp that matches the partial
# tree: a rerun may replace it, but not commits made by hand on top.
if [ -d "$LINUX_DIR/.git" ]; then
	stamp=$LINUX_DIR/.git/$STAMP_NAME
	head=$(git -C "$LINUX_DIR" rev-parse HEAD)
	# Untracked files count as work too: "git clean" below would delete them.
	dirty=$(git -C "$LINUX_DIR" status --porcelain | sed -n 1p)
	if [ "$(git -C "$LINUX_DIR" rev-parse -q --verify base 2>/dev/null)" != \
	     "$(git -C "$BASE_DIR" rev-parse base)" ]; then
		# build/base was extracted again (another BASE_VERSION).
		[ -z "$dirty" ] && [ "$head" = "$(sed -n 's/.* //p' "$stamp" 2>/dev/null)" ] ||
			[ "${FORCE:-0}" = 1 ] ||
			die "build/base changed, and build/linux holds work patches/ lacks; 'make export' first (or FORCE=1)"
		info "build/base changed: cloning build/linux again"
		rm -rf "$LINUX_DIR"
	fi
fi
if [ -d "$LINUX_DIR/.git" ]; then
	rec_hash=
	rec_head=
	[ -f "$stamp" ] && read -r rec_hash rec_head <"$stamp"
	if [ "$rec_hash" = "$want" ] && [ "$rec_head" = "$head" ] && [ -z "$dirty" ]; then
		info "build/linux is up to date with patches/"
		exit 0
	fi
	if [ "${FORCE:-0}" != 1 ]; then
		if [ -z "$rec_head" ] && [ "$head" != "$(git -C "$LINUX_DIR" rev-parse base)" ]; then
			die "build/linux has commits the harness did not record; run 'make export' (or 'make tree FORCE=1' to discard them)"
		fi
		if { [ -n "$rec_head" ] && [ "$rec_head" != "$head" ]; } || [ -n "$dirty" ]; then
			git -C "$LINUX_DIR" status --short | sed -n 1,10p >&2
			die "build/linux holds work that patches/ lacks; run 'make export' (or 'make tree FORCE=1' to discard it)"
		fi
	fi
else
	info "cloning build/base into build/linux"
	rm -rf "$LINUX_DIR"
	git clone -q --no-checkout "$BASE_DIR" "$LINUX_DIR"
	git -C "$LINUX_DIR" config core.autocrlf false
fi

git -C "$LINUX_DIR" am --abort >/dev/null 2>&1 || true
git -C "$LINUX_DIR" checkout -q -f -B series base
printf 'partial %s\n' "$(git -C "$LINUX_DIR" rev-parse HEAD)" >"$LINUX_DIR/.git/$STAMP_NAME"
git -C "$LINUX_DIR" clean -q -fd

[ -f "$TOP/patches/SERIES" ] || die "patches/SERIES is missing (the list of postings)"

# Forget the postings of an earlier patches/SERIES.
git -C "$LINUX_DIR" config --name-only --get-regexp '^(posting\.|branch\.posting/)' 2>/dev/null |
	while read -r key; do
		git -C "$LINUX_DIR" config --unset-all "$key"
	done || true

harness_ident
n=0
for d in $(postings); do
	[ -d "$TOP/patches/$d" ] || die "patches/SERIES names $d, but patches/$d is missing"
	# The cover letter is not a commit: its text is kept as a description
	# that "make export" writes back.
	"$TOP"/scripts/cover-letter.sh import "$d"
	k=0
	for p in $(posting_patches "$d"); do
		if ! git -C "$LINUX_DIR" am -q --committer-date-is-author-date "$p" >"$BUILD/am.log" 2>&1; then
			cat "$BUILD/am.log" >&2
			printf '\nThe failing hunk(s) of %s:\n' "${p#"$TOP"/}" >&2
			git -C "$LINUX_DIR" apply --check --verbose "$p" 2>&1 | grep -v '^Checking' | sed -n 1,30p >&2 || true
			git -C "$LINUX_DIR" am --abort >/dev/null 2>&1 || true
			die "${p#"$TOP"/} does not apply (after $n patches)"
		fi
		n=$((n + 1))
		k=$((k + 1))
		printf 'partial %s\n' "$(git -C "$LINUX_DIR" rev-parse HEAD)" >"$LINUX_DIR/.git/$STAMP_NAME"
	done
	[ "$k" -gt 0 ] || die "patches/$d has no patches"
	git -C "$LINUX_DIR" config "posting.$d.count" "$k"
done
printf '%s %s\n' "$want" "$(git -C "$LINUX_DIR" rev-parse HEAD)" >"$LINUX_DIR/.git/$STAMP_NAME"
info "build/linux: base + $n patches"
