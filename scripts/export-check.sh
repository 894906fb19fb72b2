#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Exit non-zero when build/linux holds committed or uncommitted work that
# patches/ lacks.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$LINUX_DIR/.git" ] || exit 0

if [ -n "$(git -C "$LINUX_DIR" status --porcelain --untracked-files=no | sed -n 1p)" ]; then
	git -C "$LINUX_DIR" status --short --untracked-files=no | sed -n 1,10p
	die "build/linux has uncommitted changes"
fi
[ "$(git -C "$LINUX_DIR" rev-list --count base..HEAD)" -gt 0 ] || exit 0

# Compare with the identity patches/ is signed with, not the one of
# whoever runs the check. format-patch may fold the From: header.
for first in "$TOP"/patches/*/[0-9][0-9][0-9][0-9]-*.patch; do
	break
done
[ -e "$first" ] || die "patches/ has no patch"
ident=$(awk 'NR == 2 && sub(/^From: /, "") { v = $0; next }
	     v != "" && /^[ \t]/ { sub(/^[ \t]+/, " "); v = v $0; next }
	     v != "" { print v; exit }' "$first")
[ -n "$ident" ] || die "$first has no From: header on its second line"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
EXPORT_IDENT=$ident "$TOP"/scripts/export.sh "$tmp"
if ! diff -r -q "$TOP/patches" "$tmp" >/dev/null; then
	diff -r -u "$TOP/patches" "$tmp" | sed -n 1,40p
	die "patches/ differs from build/linux: run 'make export'"
fi
