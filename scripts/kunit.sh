#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and run the KUnit kernel (x86_64, QEMU) with every suite the series
# adds, plus a smoke suite from the base. Writes build/results/kunit.json and
# build/results/kunit.ktap; fails when a declared suite did not run or any
# case failed.
set -eu
. "$(dirname "$0")/lib.sh"

KDIR=${KUNIT_BUILD:-$BUILD/kunit}
SRC=$LINUX_DIR
mkdir -p "$RESULTS" "$KDIR"
# Nothing of an earlier run may be judged again: when the build fails,
# kunit.py writes no JSON, and an old one must not be there to be read.
rm -f "$RESULTS"/kunit.json "$RESULTS"/kunit.ktap "$RESULTS"/kunit.out \
	"$RESULTS"/kunit.splats "$RESULTS"/kunit.summary "$KDIR/test.log"
cfg=$KDIR/../kunit.kunitconfig
[ -n "${KUNIT_CONFIG_OUT:-}" ] && cfg=$KUNIT_CONFIG_OUT

# The *_kunit.c files the series adds or changes.
series_files()
{
	git -C "$SRC" diff --name-only --diff-filter=AM base -- "$@"
}

# The suites' kconfig fragments live here, not in the tree: none of the
# directories has a .kunitconfig in 7.3.4, and one with only our suites in
# it would become that subsystem's default KUnit config. A fragment is
# used once the tree defines every *_KUNIT_TEST option it sets, so that
# bisect-check gets, at each prefix of the series, the suites it has.
suite_fragments()
{
	local f missing
	for f in "$TOP"/configs/kunit-suites/*.config; do
		missing=$(sed -n 's/^CONFIG_\([A-Z0-9_]*_KUNIT_TEST\)=y$/\1/p' "$f" |
			while read -r sym; do
				git -C "$SRC" grep -q -e "^config $sym\$" -- '*Kconfig*' || echo "$sym"
			done)
		[ -n "$missing" ] || echo "$f"
	done
}

{
	cat "$TOP/configs/kunit-base.config"
	for f in $(suite_fragments); do
		printf '\n# from %s\n' "${f#"$TOP"/}"
		cat "$f"
	done
	# The lockdep model's suite, from the patch that adds it on: without
	# the model it is the control of scripts/lockdep-model.sh (it passes and
	# lockdep reports nothing). Its Kconfig entry is the test, as bisect-check
	# runs this at every prefix of the series.
	if grep -q '^config PM_MEMALLOC_NOIO_LOCKDEP_KUNIT_TEST$' "$SRC/drivers/base/Kconfig"; then
		printf '\n# the lockdep model suite, its control boot\n'
		echo CONFIG_PM_MEMALLOC_NOIO_LOCKDEP_KUNIT_TEST=y
	fi
	# KUNIT_EXTRA_CONFIG: a fragment on top (make kunit-kcsan).
	if [ -n "${KUNIT_EXTRA_CONFIG:-}" ]; then
		printf '\n# from %s\n' "$KUNIT_EXTRA_CONFIG"
		cat "$KUNIT_EXTRA_CONFIG"
	fi
} >"$cfg"

# The suites the series declares: the .name of each kunit_suite in its files.
declared=$(for f in $(series_files '*_kunit.c'); do
	awk '/struct kunit_suite [a-z0-9_]+ = \{/ { insuite = 1 }
	     insuite && match($0, /\.name *= *"[A-Za-z0-9_]+"/) {
		s = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", s); sub(/"$/, "", s)
		print s; insuite = 0 }' "$SRC/$f"
done)
declared="$declared qos-kunit-test"

export KBUILD_BUILD_TIMESTAMP="1970-01-01"
export KBUILD_BUILD_USER=harness KBUILD_BUILD_HOST=harness

# KUNIT_QEMU_ARGS: extra QEMU arguments, one per word (make kunit-kcsan: -smp 2).
qargs=()
for a in ${KUNIT_QEMU_ARGS:-}; do
	qargs+=("--qemu_args=$a")
done

rc=0
(cd "$SRC" && python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--build_dir="$KDIR" --kunitconfig="$cfg" --jobs="$JOBS" "${qargs[@]}" \
	--make_options "CC=ccache gcc" --timeout="${KUNIT_TIMEOUT:-600}" \
	--kernel_args=panic_on_warn=1 \
	--json="$RESULTS/kunit.json") >"$RESULTS/kunit.out" 2>&1 || rc=$?
cp "$KDIR/test.log" "$RESULTS/kunit.ktap" 2>/dev/null || true
# kunit.py prints a build failure or a summary; show the part that matters.
grep -E '^\[..:..:..\] (=|\[|Testing complete|Ran|Elapsed|ERROR|Error)' "$RESULTS/kunit.out" ||
	tail -40 "$RESULTS/kunit.out"

# Any kernel splat in the log (scripts/splat.sh) fails the run, even when
# every case passed: no case may fire a warning, on purpose or not (the
# suites boot with panic_on_warn=1, as syzbot's and many CIs' kernels do).
. "$TOP/scripts/splat.sh"
if [ -f "$RESULTS/kunit.ktap" ]; then
	splat_scan "$RESULTS/kunit.ktap" | sed 's/^/kunit.ktap line /' >"$RESULTS/kunit.splats"
fi

# shellcheck disable=SC2086 # $declared is a list of suite names
python3 "$TOP/scripts/ktap-summary.py" kunit "$RESULTS/kunit.json" --splats "$RESULTS/kunit.splats" \
	--suites $declared >"$RESULTS/kunit.summary" || rc=1
cat "$RESULTS/kunit.summary"
[ "$rc" -eq 0 ] || die "KUnit: see build/results/kunit.out and build/results/kunit.ktap"
