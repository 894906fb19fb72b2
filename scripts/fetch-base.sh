#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Download Debian's linux-source-7.3 at the pinned version, check its sha256
# and extract it once into build/base: a git repository with one commit,
# tagged "base".
#
# The package is in the trixie-backports suite. The system's apt sources are
# never changed: a private apt configuration under build/apt (its own sources
# list, lists and cache) names the suite on the mirror the system's apt
# already uses, and apt checks the suite's signature with the system keyring.
#
# usage: fetch-base.sh VERSION SHA256
#   BASE_PKG (default linux-source-7.3) and BASE_SUITE (default
#   trixie-backports) select another package, e.g. 6.12 from bookworm for
#   "make stable-check".
set -eu
. "$(dirname "$0")/lib.sh"

want_ver=$1
want_sha=$2
PKG=${BASE_PKG:-linux-source-7.3}
SUITE=${BASE_SUITE:-trixie-backports}
DL=$BUILD/dl
APT=$BUILD/apt
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

# The mirror the system's apt uses for Debian itself (not its security
# archive), from a deb822 .sources file or a one-line sources.list.
system_mirror()
{
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		sed -n 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n'
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -e "$f" ] || continue
		sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' "$f"
	done
}

# A -security suite lives on the security archive's mirror.
case $SUITE in
*-security) mirror=$(system_mirror | grep -e '-security' | sed -n 1p) ;;
*) mirror=$(system_mirror | grep -v -e '-security' -e '^$' | sed -n 1p) ;;
esac
[ -n "$mirror" ] || die "no Debian mirror in the system's apt sources (/etc/apt/sources.list*)"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "$keyring is missing (package debian-archive-keyring)"

# The private apt: only Dir::Etc::SourceList and the state/cache dirs differ
# from the system's configuration.
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$SUITE" >"$APT/sources.list"
apt_private()
{
	apt-get -q -o Dir::Etc::SourceList="$APT/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$APT/lists" \
		-o Dir::Cache="$APT/cache" \
		-o Dir::Cache::pkgcache="" -o Dir::Cache::srcpkgcache="" \
		-o APT::Sandbox::User=root "$@"
}

# download VERSION: fetch the .deb into $DL, print its path.
download()
{
	local ver=$1 deb
	deb=$DL/${PKG}_${ver//:/%3a}_all.deb
	if [ ! -s "$deb" ]; then
		(cd "$DL" && apt_private download "$PKG=$ver" >&2 2>/dev/null) || return 1
	fi
	printf '%s\n' "$deb"
}

if ! deb=$(download "$want_ver"); then
	# No lists yet, or old ones: fetch the suite's index once.
	info "apt: $SUITE from $mirror (private lists in build/apt)"
	apt_private update >&2 || die "apt-get update of $SUITE failed (build/apt/sources.list)"
	if ! deb=$(download "$want_ver"); then
		served=$(apt_private madison "$PKG" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); printf " %s", $2}')
		die "$PKG $want_ver is not served by $SUITE (it lists:${served:- nothing}). \
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
dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$tmp" "./usr/src/$PKG.tar.xz" ||
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
