#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the commits base..HEAD of build/linux as patches/ (format-patch files,
# cover letter first). Byte-stable: an unchanged tree gives identical files.
#
# usage: export.sh [OUTDIR]   (default: patches/)
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-$TOP/patches}
# The revision of the series as posted: v6 since the review round on v5.
SERIES_REVISION=6
[ -d "$LINUX_DIR/.git" ] || die "build/linux is missing: run 'make tree'"

if [ -n "$(git -C "$LINUX_DIR" status --porcelain --untracked-files=no | sed -n 1p)" ]; then
	die "build/linux has uncommitted changes: commit them (git commit -s) first"
fi
n=$(git -C "$LINUX_DIR" rev-list --count base..HEAD)
[ "$n" -gt 0 ] || die "build/linux has no commits on top of base"

desc=$(git -C "$LINUX_DIR" config branch.series.description || true)
[ -n "$desc" ] || die "no cover letter text: set it with 'git -C build/linux branch --edit-description'"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The cover letter carries the current date unless told otherwise: use the
# newest commit's author date, so that nothing changes when nothing changed.
# Its From: is the newest commit's author, not whoever runs the export.
date=$(git -C "$LINUX_DIR" log -1 --format=%ad --date=raw HEAD)
export GIT_COMMITTER_DATE="$date"
GIT_COMMITTER_NAME=$(git -C "$LINUX_DIR" log -1 --format=%an HEAD)
GIT_COMMITTER_EMAIL=$(git -C "$LINUX_DIR" log -1 --format=%ae HEAD)
export GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
git -C "$LINUX_DIR" -c core.abbrev=12 format-patch -q \
	--cover-letter --cover-from-description=subject \
	--subject-prefix="PATCH v$SERIES_REVISION" --zero-commit --no-signature \
	--stat=80 --summary -o "$tmp" base..HEAD

# Replace only what changed, so mtimes and git stay quiet otherwise.
mkdir -p "$out"
for f in "$out"/*.patch; do
	[ -e "$f" ] || continue
	[ -e "$tmp/$(basename "$f")" ] || rm -f "$f"
done
for f in "$tmp"/*.patch; do
	cmp -s "$f" "$out/$(basename "$f")" || cp "$f" "$out/"
done

if [ "$out" = "$TOP/patches" ]; then
	want=$(cat "$TOP"/patches/*.patch | sha256sum | cut -d' ' -f1)
	printf '%s %s\n' "$want" "$(git -C "$LINUX_DIR" rev-parse HEAD)" >"$LINUX_DIR/.git/harness-tree"
fi
