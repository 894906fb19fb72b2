#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lockdep-model: CONFIG_PROVE_MEMALLOC_NOIO reports the deadlock it
# models, and nothing reports it without the model. Two boots run only the
# suite pm_memalloc_noio_lockdep (lockdep stops after its first report):
#   model    build/kunit-lockdep-model: the KUnit kernel of "make kunit"
#            (which has lockdep, configs/kunit-base.config) with
#            CONFIG_PROVE_MEMALLOC_NOIO=y, built from a copy of its objects
#            (the option changes what few files use it): the four cases pass,
#            and the log holds exactly one lockdep report, a circular
#            dependency that names io_reclaim, rpm_memalloc_noio_callback
#            and the test's disk_lock;
#   control  build/kunit itself, without the model: the four cases pass and the
#            log holds no report at all ("make kunit" runs the suite too,
#            among the others).
# A missing KUnit build is made first (scripts/kunit.sh). Results in
# build/results/lockdep-model/.
set -eu
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/splat.sh"

out=$RESULTS/lockdep-model
mkdir -p "$out"
rm -f "$out"/*
export KBUILD_BUILD_TIMESTAMP="1970-01-01"
export KBUILD_BUILD_USER=harness KBUILD_BUILD_HOST=harness

KDIR=$BUILD/kunit
KCFG=$BUILD/kunit.kunitconfig
if [ ! -f "$KDIR/.config" ] || [ ! -f "$KCFG" ]; then
	info "lockdep-model: no KUnit build in $KDIR yet: scripts/kunit.sh first"
	RESULTS=$out/kunit "$TOP/scripts/kunit.sh" >"$out/kunit.log" 2>&1 ||
		die "lockdep-model: scripts/kunit.sh failed (build/results/lockdep-model/kunit.log)"
fi
grep -q '^CONFIG_PM_MEMALLOC_NOIO_LOCKDEP_KUNIT_TEST=y' "$KCFG" ||
	die "lockdep-model: $KCFG has no CONFIG_PM_MEMALLOC_NOIO_LOCKDEP_KUNIT_TEST (is the lockdep model in build/linux?)"

# The model kernel starts as a copy of the KUnit kernel's objects; from
# then on make keeps it up to date like any build directory.
MDIR=$BUILD/kunit-lockdep-model
MCFG=$BUILD/kunit-lockdep-model.kunitconfig
prepare_model()
{
	if [ ! -f "$MDIR/.config" ]; then
		rm -rf "$MDIR"
		cp -a --reflink=auto "$KDIR" "$MDIR"
	fi
	{ cat "$KCFG"; printf '\n# the model\nCONFIG_PROVE_MEMALLOC_NOIO=y\n'; } >"$MCFG"
}

# LOCKDEP_MODEL_BUILD_ONLY=1: build the model kernel and stop (make check
# does it in the background while QEMU runs the e2e rig).
if [ "${LOCKDEP_MODEL_BUILD_ONLY:-0}" = 1 ]; then
	prepare_model
	(cd "$LINUX_DIR" && python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
		--build_dir="$MDIR" --kunitconfig="$MCFG" --jobs="$JOBS" \
		--make_options "CC=ccache gcc") >"$out/model-build.out" 2>&1 ||
		die "lockdep-model: the model kernel does not build (build/results/lockdep-model/model-build.out)"
	grep -q '^CONFIG_PROVE_MEMALLOC_NOIO=y' "$MDIR/.config" ||
		die "lockdep-model: the model kernel has no CONFIG_PROVE_MEMALLOC_NOIO"
	info "lockdep-model: model kernel built ($MDIR)"
	exit 0
fi

fail=0
for mode in model control; do
	if [ "$mode" = model ]; then
		kdir=$MDIR
		cfg=$MCFG
		prepare_model
	else
		kdir=$KDIR
		cfg=$KCFG
	fi
	rm -f "$kdir/test.log"
	info "lockdep-model: $mode kernel ($kdir)"
	rc=0
	(cd "$LINUX_DIR" && python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
		--build_dir="$kdir" --kunitconfig="$cfg" --jobs="$JOBS" \
		--make_options "CC=ccache gcc" --timeout=600 \
		--kernel_args=panic_on_warn=1 --json="$out/$mode.json" \
		pm_memalloc_noio_lockdep) >"$out/$mode.out" 2>&1 || rc=$?
	log=$out/$mode.log
	cp "$kdir/test.log" "$log" 2>/dev/null || : >"$log"
	if [ "$mode" = model ] && ! grep -q '^CONFIG_PROVE_MEMALLOC_NOIO=y' "$kdir/.config"; then
		info "lockdep-model: FAIL: the model kernel has no CONFIG_PROVE_MEMALLOC_NOIO"
		fail=1
		continue
	fi
	python3 "$TOP/scripts/ktap-summary.py" "lockdep-$mode" "$out/$mode.json" \
		--suites pm_memalloc_noio_lockdep >"$out/$mode.summary" || rc=1
	cat "$out/$mode.summary"
	[ "$rc" -eq 0 ] || { info "lockdep-model: FAIL: the $mode boot (see $out/$mode.out)"; fail=1; }

	splat_scan "$log" >"$out/$mode.splats" || true
	reports=$(grep -c 'possible circular locking dependency detected' "$log" || true)
	if [ "$mode" = control ]; then
		if [ -s "$out/$mode.splats" ]; then
			info "lockdep-model: FAIL: the control boot logged a splat:"
			sed -n 1,5p "$out/$mode.splats" >&2
			fail=1
		else
			info "lockdep-model: control: no lockdep report, no splat"
		fi
		continue
	fi
	# The model boot: one report, the modelled cycle, and nothing else.
	sed -n '/possible circular locking dependency detected/,/stack backtrace/p' "$log" \
		>"$out/model.report"
	# The report's own lines that the splat scan matches: its title and
	# its "*** DEADLOCK ***"; anything else is another splat.
	others=$(grep -v -e 'possible circular locking dependency' -e '\*\*\* DEADLOCK \*\*\*' \
		"$out/$mode.splats" || true)
	missing=
	for name in io_reclaim rpm_memalloc_noio_callback disk_lock; do
		grep -q "$name" "$out/model.report" || missing="$missing $name"
	done
	if [ "$reports" -ne 1 ] || [ -n "$others" ] || [ -n "$missing" ]; then
		info "lockdep-model: FAIL: model boot: $reports circular dependency report(s)," \
			"${missing:+not naming$missing, }other splats: ${others:-none}"
		fail=1
	else
		info "lockdep-model: model: one report, naming io_reclaim, rpm_memalloc_noio_callback and disk_lock"
		grep -A1 'Chain exists of' "$out/model.report" | sed 's/^/    /' || true
	fi
done
[ "$fail" -eq 0 ] || die "lockdep-model: see build/results/lockdep-model/"
echo "lockdep-model: 2 passed, 0 failed" >"$out/summary"
cat "$out/summary"
