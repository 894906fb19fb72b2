#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the e2e guest's initramfs: busybox-static, /init, the guest scripts
# and the series' kselftest under /e2e. Output: build/e2e/initramfs.cpio
set -eu
. "$(dirname "$0")/lib.sh"

EDIR=${E2E_BUILD:-$BUILD/e2e}
stage=$EDIR/initramfs
rm -rf "$stage"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,e2e}
cp /bin/busybox "$stage/bin/busybox"
# A static binary has no program interpreter.
readelf -l "$stage/bin/busybox" >"$stage/busybox.phdr" ||
	die "initramfs: readelf cannot read /bin/busybox"
! grep -q INTERP "$stage/busybox.phdr" ||
	die "initramfs: /bin/busybox is not static (apt-get install busybox-static)"
rm -f "$stage/busybox.phdr"
install -m 0755 "$TOP/scripts/guest/init" "$stage/init"
cp "$TOP"/scripts/guest/*.sh "$stage/e2e/"
# The forward-progress load of scripts/guest/fpload.sh.
gcc -O2 -Wall -static -o "$stage/e2e/fpload" "$TOP/scripts/guest/fpload.c" ||
	die "initramfs: cannot build scripts/guest/fpload.c (gcc -static)"
# The series' kselftest, built and installed by its own Makefile, as the
# README tells a user to (static: the guest has no libc). The demo and
# the e2e check both run it from /e2e/memalloc_noio.
ks=$BUILD/kselftest
rm -rf "$ks"
[ -f "$LINUX_DIR/tools/testing/selftests/memalloc_noio/Makefile" ] ||
	die "initramfs: build/linux has no kselftest (tools/testing/selftests/memalloc_noio)"
make -s -C "$LINUX_DIR/tools/testing/selftests" TARGETS=memalloc_noio O="$ks/out" \
	INSTALL_PATH="$ks/install" LDFLAGS=-static install >"$BUILD/kselftest.log" 2>&1 ||
	{ cat "$BUILD/kselftest.log" >&2; die "initramfs: make -C tools/testing/selftests TARGETS=memalloc_noio install failed"; }
cp -a "$ks/install/memalloc_noio" "$ks/install/kselftest" "$stage/e2e/"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$EDIR/initramfs.cpio"
