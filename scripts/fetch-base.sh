#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Download Debian's linux-source-6.12 at the pinned version, check its sha256
# and extract it once into build/base: a git repository with one commit,
# tagged "base".
#
# usage: fetch-base.sh VERSION SHA256
set -eu
. "$(dirname "$0")/lib.sh"

want_ver=$1
want_sha=$2
PKG=linux-source-6.12
DL=$BUILD/dl
STAMP=$BASE_DIR/.base-version

# Already extracted and committed at this version: nothing to do.
if [ "$(cat "$STAMP" 2>/dev/null)" = "$want_ver" ] &&
   git -C "$BASE_DIR" rev-parse -q --verify base >/dev/null 2>&1; then
	exit 0
fi
if [ -f "$STAMP" ]; then
	info "build/base holds $(cat "$STAMP"), $want_ver is asked for: extracting it again"
fi

mkdir -p "$DL"

# download VERSION: fetch the .deb into $DL, print its path.
download()
{
	local ver=$1 deb
	deb=$DL/${PKG}_${ver//:/%3a}_all.deb
	if [ ! -s "$deb" ]; then
		(cd "$DL" && apt-get download -q "$PKG=$ver" >&2) || return 1
	fi
	printf '%s\n' "$deb"
}

if ! deb=$(download "$want_ver"); then
	# The security archive drops old versions: try once with fresh lists.
	apt-get update -q >&2 || true
	if ! deb=$(download "$want_ver"); then
		die "$PKG $want_ver is not served (apt-cache madison $PKG lists what is). \
Another base is an explicit choice: make BASE_VERSION=<version> [BASE_SHA256=<sum>]"
	fi
fi

if [ "$want_sha" = unchecked ]; then
	cat >&2 <<MSG
################################################################
WARNING: $PKG $want_ver was asked for on the command line without
WARNING: BASE_SHA256: it is NOT checked and NOT the pinned base.
################################################################
MSG
else
	got=$(sha256sum "$deb" | cut -d' ' -f1)
	if [ "$got" != "$want_sha" ]; then
		warn "$deb: sha256 $got, expected $want_sha; downloading again"
		rm -f "$deb"
		deb=$(download "$want_ver") || die "$PKG $want_ver: download failed"
		got=$(sha256sum "$deb" | cut -d' ' -f1)
		if [ "$got" != "$want_sha" ]; then
			rm -f "$deb"
			die "$PKG $want_ver: sha256 mismatch twice ($got); download removed"
		fi
	fi
fi
used_ver=$want_ver

# Extract into a fresh directory and move it in place only when complete, so
# an interrupted run leaves nothing half-done behind.
tmp=$BUILD/base.tmp
rm -rf "$tmp" "$BASE_DIR"
mkdir -p "$tmp/src"
info "extracting $(basename "$deb")"
dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$tmp" ./usr/src/$PKG.tar.xz ||
	die "$deb: cannot extract (corrupt download? remove it and rerun)"
tar -xJf "$tmp/usr/src/$PKG.tar.xz" -C "$tmp/src" --strip-components=1 ||
	die "$PKG.tar.xz: cannot extract"
# The commit date is the tarball's: the same package gives the same commit id.
date=$(stat -c %Y "$tmp/usr/src/$PKG.tar.xz")
rm -rf "${tmp:?}/usr"

info "committing the base tree"
harness_ident
export GIT_AUTHOR_DATE="@$date +0000" GIT_COMMITTER_DATE="@$date +0000"
git -C "$tmp/src" init -q -b base-branch
git -C "$tmp/src" config core.autocrlf false
# The tarball's .gitignore ignores its own top level: add everything by force.
git -C "$tmp/src" add -f -A .
git -C "$tmp/src" commit -q -m "Debian $PKG $used_ver"
git -C "$tmp/src" tag base
printf '%s\n' "$used_ver" >"$tmp/src/.git/base-version"
mv "$tmp/src" "$BASE_DIR"
rm -rf "$tmp"
printf '%s\n' "$used_ver" >"$STAMP"
info "base: $PKG $used_ver, commit $(git -C "$BASE_DIR" rev-parse --short base)"
