#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every prefix of the series builds with the KUnit configuration and passes
# the suites it declares, and the .c files each patch touches compile in the
# e2e configuration too (that is where the USB and SCSI code is built, which
# the KUnit configuration leaves out). A prefix whose patch changes nothing
# the KUnit kernel builds (kunit_changed()) is not built and booted again:
# its KUnit kernel is the previous prefix's.
#
# BISECT_E2E=objects (default): per prefix, compile in build/e2e the objects
#   of the patch's own .c files that the e2e kernel builds (a header change is
#   compiled with the whole KUnit kernel at the same prefix).
# BISECT_E2E=full: build the whole e2e kernel at every prefix (thorough, but a
#   cold run rebuilds it twice over: about 15 more minutes on 2 cores).
# BISECT_E2E=0: KUnit only.
#
# Incremental: build/linux is walked commit by commit in place, with the
# KUnit build directory of "make kunit", so each step rebuilds only what the
# next patch changes (and ccache serves what was built before). The tree is
# put back on the series' head at the end, whatever happens.
set -eu
. "$(dirname "$0")/lib.sh"

BDIR=$BUILD/bisect
mkdir -p "$BDIR"

if [ -n "$(git -C "$LINUX_DIR" status --porcelain --untracked-files=no | sed -n 1p)" ]; then
	die "bisect-check: build/linux has uncommitted changes; commit or stash them first"
fi
head=$(git -C "$LINUX_DIR" symbolic-ref -q --short HEAD || git -C "$LINUX_DIR" rev-parse HEAD)
# A run killed outright (SIGKILL, a machine stopped) cannot run the trap:
# build/bisect/restore names the head, and tree.sh goes back to it.
echo "$head" >"$BDIR/restore"
trap 'git -C "$LINUX_DIR" checkout -q "$head" && rm -f "$BDIR/restore"' EXIT

EDIR=${E2E_BUILD:-$BUILD/e2e}
export KBUILD_BUILD_TIMESTAMP="1970-01-01"
export KBUILD_BUILD_USER=harness KBUILD_BUILD_HOST=harness
EMAKE=(make -s -C "$LINUX_DIR" O="$EDIR" ARCH=x86_64 CC="ccache gcc" -j"$JOBS")
if [ "${BISECT_E2E:-objects}" = objects ] && [ ! -f "$EDIR/.config" ]; then
	die "bisect-check: no e2e build in $EDIR to compile objects in: run 'make e2e-kernel' first"
fi

KDIR=${KUNIT_BUILD:-$BUILD/kunit}
# kunit_changed COMMIT: whether COMMIT changes anything the KUnit kernel
# builds: a .c file it compiled (an object in the KUnit build directory of
# "make kunit", which check.sh runs first, at the series' head), or any
# header, Kconfig, Makefile or .kunitconfig outside Documentation/ and
# tools/. When not, the KUnit kernel at this prefix is the previous one.
kunit_changed()
{
	local f
	for f in $(git -C "$LINUX_DIR" diff --name-only "$1^" "$1"); do
		case $f in
		Documentation/* | tools/*) ;;
		*.h | *Kconfig* | *Makefile* | *.kunitconfig) return 0 ;;
		*.c) [ ! -f "$KDIR/${f%.c}.o" ] || return 0 ;;
		esac
	done
	return 1
}
[ -f "$KDIR/.config" ] || die "bisect-check: no KUnit build in $KDIR: run 'make kunit' first"

commits=$(git -C "$LINUX_DIR" rev-list --reverse base..HEAD)
n=$(git -C "$LINUX_DIR" rev-list --count base..HEAD)
i=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$LINUX_DIR" log -1 --format=%s "$c")
	git -C "$LINUX_DIR" checkout -q --detach "$c"
	info "[$i/$n] $subj"
	if [ "$i" -gt 1 ] && ! kunit_changed "$c"; then
		info "    kunit: the same kernel as at [$((i - 1))/$n] (the patch changes nothing it builds)"
	elif ! RESULTS=$BDIR/results KUNIT_CONFIG_OUT=$BDIR/kunit.kunitconfig \
		"$TOP/scripts/kunit.sh" >"$BDIR/step-$i.log" 2>&1; then
		tail -20 "$BDIR/step-$i.log"
		die "bisect-check: patch $i/$n \"$subj\" does not build or pass its tests alone (build/bisect/step-$i.log)"
	else
		grep '^kunit:' "$BDIR/results/kunit.summary" | sed 's/^/    /'
	fi
	case ${BISECT_E2E:-objects} in
	full)
		if ! "$TOP/scripts/e2e-kernel.sh" >"$BDIR/step-$i-e2e.log" 2>&1; then
			tail -20 "$BDIR/step-$i-e2e.log"
			die "bisect-check: patch $i/$n \"$subj\" breaks the e2e kernel build (build/bisect/step-$i-e2e.log)"
		fi
		info "    e2e kernel builds"
		;;
	objects)
		objs=
		for f in $(git -C "$LINUX_DIR" diff --name-only --diff-filter=AM "$c^" "$c" -- '*.c'); do
			[ -f "$EDIR/${f%.c}.o" ] && objs="$objs ${f%.c}.o"
		done
		# $objs is a list of object names: split on purpose.
		# shellcheck disable=SC2086
		if [ -z "$objs" ]; then
			info "    e2e config: no .c file of this patch is built there"
		elif ! "${EMAKE[@]}" $objs >"$BDIR/step-$i-e2e.log" 2>&1; then
			tail -20 "$BDIR/step-$i-e2e.log"
			die "bisect-check: patch $i/$n \"$subj\": does not compile in the e2e config:$objs (build/bisect/step-$i-e2e.log)"
		else
			info "    e2e config compiles:$objs"
		fi
		;;
	0) ;;
	*) die "bisect-check: BISECT_E2E must be objects, full or 0" ;;
	esac
done
# Remember which series passed, so that "make check" can tell a repeat.
patches_hash >"$BDIR/passed"
