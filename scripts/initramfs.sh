#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the e2e guest's initramfs: busybox-static, /init and the guest
# scripts under /e2e. Output: build/e2e/initramfs.cpio
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
# The kselftest's static helpers (noio_reset, noio_hog), which the demo
# uses too: C, built with the host's gcc and static libc.
st=$LINUX_DIR/tools/testing/selftests/memalloc_noio
for h in noio_reset noio_hog; do
	[ -f "$st/$h.c" ] || die "initramfs: build/linux lacks $h.c (the series' kselftest, tools/testing/selftests/memalloc_noio)"
	gcc -static -O2 -Wall -o "$stage/bin/$h" "$st/$h.c" ||
		die "initramfs: cannot build $h (apt-get install build-essential)"
done
# Extra files (the kselftest and its helpers) when given.
if [ -n "${E2E_EXTRA:-}" ] && [ -d "$E2E_EXTRA" ]; then
	cp -a "$E2E_EXTRA"/. "$stage/e2e/"
fi
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$EDIR/initramfs.cpio"
