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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$TOP"/scripts/export.sh "$tmp"
if ! diff -r -q "$TOP/patches" "$tmp" >/dev/null; then
	diff -r -u "$TOP/patches" "$tmp" | sed -n 1,40p
	die "patches/ differs from build/linux: run 'make export'"
fi
