#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs; a no-op when all are present.
set -eu
. "$(dirname "$0")/lib.sh"

# package:command-or-file-that-proves-it-is-installed
NEEDS="
build-essential:/usr/bin/make
gcc:/usr/bin/gcc
flex:/usr/bin/flex
bison:/usr/bin/bison
bc:/usr/bin/bc
libelf-dev:/usr/include/libelf.h
libssl-dev:/usr/include/openssl/ssl.h
cpio:/usr/bin/cpio
kmod:/usr/bin/kmod
xz-utils:/usr/bin/xz
python3:/usr/bin/python3
python3-ply:/usr/lib/python3/dist-packages/ply/__init__.py
python3-git:/usr/lib/python3/dist-packages/git/__init__.py
perl:/usr/bin/perl
git:/usr/bin/git
ccache:/usr/bin/ccache
sparse:/usr/bin/sparse
shellcheck:/usr/bin/shellcheck
rsync:/usr/bin/rsync
qemu-system-x86:/usr/bin/qemu-system-x86_64
busybox-static:/bin/busybox
e2fsprogs:/sbin/mkfs.ext4
util-linux:/sbin/mkswap
"

missing=
for n in $NEEDS; do
	pkg=${n%%:*}
	file=${n#*:}
	[ -e "$file" ] || missing="$missing $pkg"
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	die "missing packages:$missing (run: sudo apt-get install$missing)"
fi

info "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# apt-get install finds nothing before the package lists exist.
if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
	apt-get update -q || die "apt-get update failed"
fi
# shellcheck disable=SC2086
if ! apt-get install -y -q --no-install-recommends $missing; then
	apt-get update -q || die "apt-get update failed"
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing ||
		die "apt-get install failed for:$missing"
fi
