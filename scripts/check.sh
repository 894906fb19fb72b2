#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything CI runs: tree, kunit, e2e kernel, demo, e2e (the kselftest with
# its soak, and the hot-plug round), e2e-uas (the same on a UAS stick),
# e2e-reserves (what a usb-storage command takes from the reserves), with
# postings-check and lint in the background meanwhile, e2e-control and
# splat-control (the rig must fail on a mutated kernel), lockdep-model,
# e2e-model, bisect-check (when there is time). Writes
# build/results/summary.txt and ends with "N passed, N failed".
#
# Counted: every KUnit case, every e2e kselftest case, and each harness
# check (tree, e2e kernel, lint, demo, e2e-control, bisect-check) as one
# case each. A skipped check is listed as SKIP and counted neither way.
set -u
. "$(dirname "$0")/lib.sh"
: "${BASE_VERSION:?check.sh runs from make check}" "${BASE_SHA256:?}"

mkdir -p "$RESULTS"
sum=$RESULTS/summary.txt
: >"$sum"
passed=0
failed=0
t_start=$(date +%s)

record()
{
	printf '%s\n' "$*" | tee -a "$sum"
}

# harness NAME CMD...: one counted case. The steps call the scripts behind
# the make targets directly: deps, base and tree are resolved once, here.
harness()
{
	local name=$1 t0 rc=0
	shift
	t0=$(date +%s)
	step "$name" "$@" || rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		record "PASS $name ($(( $(date +%s) - t0 ))s)"
	else
		failed=$((failed + 1))
		record "FAIL $name ($(( $(date +%s) - t0 ))s)"
	fi
	return "$rc"
}

# count FILE LABEL: add "LABEL: N passed, N failed" from a results file.
count()
{
	local line p f
	line=$(grep -E "^$2: [0-9]+ passed, [0-9]+ failed" "$1" 2>/dev/null | tail -1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		record "FAIL $2: no results"
		return
	fi
	p=$(printf '%s\n' "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	f=$(printf '%s\n' "$line" | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
	passed=$((passed + p))
	failed=$((failed + f))
	record "$line"
}

S=$TOP/scripts
if step "base" "$S/fetch-base.sh" "$BASE_VERSION" "$BASE_SHA256" && harness tree "$S/tree.sh"; then
	t_kunit=$(date +%s)
	# A failed build leaves no results (kunit.sh removes the old ones), and
	# a non-zero exit with results that show no failure is one more FAIL.
	krc=0
	step kunit "$S/kunit.sh" || krc=$?
	t_kunit=$(( $(date +%s) - t_kunit ))
	count "$RESULTS/kunit.summary" kunit
	grep '^FAIL' "$RESULTS/kunit.summary" >>"$sum" 2>/dev/null || true
	if [ "$krc" -ne 0 ] && ! grep -q '^FAIL' "$RESULTS/kunit.summary" 2>/dev/null; then
		failed=$((failed + 1))
		record "FAIL kunit: scripts/kunit.sh exited with $krc (build/results/kunit.out)"
	fi
	# The e2e kernel compiles the USB and SCSI files lint checks with sparse.
	harness e2e-kernel "$S/e2e-kernel.sh" || true
	# What only compiles or reads the tree runs in the background, one step
	# after another on one core (JOBS=1, nice 19), while QEMU runs the demo,
	# e2e and e2e-uas: postings-check, lint, and the kernels of the model
	# steps below (their builds only). Each is recorded, with its own time,
	# once the QEMU steps are done; its output is in build/results/background/.
	bg=$RESULTS/background
	rm -rf "$bg"
	mkdir -p "$bg"
	(
		for job in postings-check:postings-check.sh lint:lint.sh \
			"e2e-model kernel:e2e-model.sh:E2E_MODEL_BUILD_ONLY=1" \
			"lockdep-model kernel:lockdep-model.sh:LOCKDEP_MODEL_BUILD_ONLY=1"; do
			IFS=: read -r name script envv <<<"$job"
			[ "$name" != "e2e-model kernel" ] || [ -f "$BUILD/e2e/.config" ] || continue
			t0=$(date +%s)
			rc=0
			# shellcheck disable=SC2086 # $envv is empty or one VAR=value
			env JOBS=1 $envv nice -n 19 "$S/$script" >"$bg/$name.log" 2>&1 || rc=$?
			echo "$rc $(( $(date +%s) - t0 ))" >"$bg/$name.rc"
		done
	) &
	bg_pid=$!
	info "background (nice, one core): postings-check, lint, the e2e-model and lockdep-model kernels"
	if [ -f "$BUILD/e2e/arch/x86/boot/bzImage" ]; then
		harness "demo (make run)" "$S/e2e.sh" demo || true
	fi
	if [ -f "$LINUX_DIR/tools/testing/selftests/memalloc_noio/memalloc_noio.sh" ]; then
		rm -f "$RESULTS/e2e.summary"
		erc=0
		step e2e "$S/e2e-check.sh" || erc=$?
		count "$RESULTS/e2e.summary" e2e
		if [ "$erc" -ne 0 ] && grep -q ', 0 failed' "$RESULTS/e2e.summary" 2>/dev/null; then
			failed=$((failed + 1))
			record "FAIL e2e: scripts/e2e-check.sh exited with $erc"
		fi
		# The same on a UAS stick (scripts/e2e-uas.sh).
		rm -f "$RESULTS/uas/e2e.summary"
		erc=0
		step e2e-uas "$S/e2e-uas.sh" || erc=$?
		count "$RESULTS/uas/e2e.summary" e2e-uas
		if [ "$erc" -ne 0 ] && grep -q ', 0 failed' "$RESULTS/uas/e2e.summary" 2>/dev/null; then
			failed=$((failed + 1))
			record "FAIL e2e-uas: scripts/e2e-uas.sh exited with $erc"
		fi
		# What one usb-storage command takes from the reserves, on xHCI
		# and on EHCI (scripts/e2e-reserves.sh).
		rm -f "$RESULTS/reserves/summary"
		erc=0
		step e2e-reserves "$S/e2e-reserves.sh" || erc=$?
		count "$RESULTS/reserves/summary" e2e-reserves
	else
		record "FAIL e2e: the series has no kselftest (tools/testing/selftests/memalloc_noio)"
		failed=$((failed + 1))
	fi
	# The background steps: postings-check and lint count as cases; the
	# model kernels' builds are checked again by the steps that boot them.
	info "waiting for the background steps"
	wait "$bg_pid" || true
	for name in postings-check lint "e2e-model kernel" "lockdep-model kernel"; do
		case $name in
		*kernel) [ -f "$bg/$name.log" ] || continue ;;
		esac
		# A step with no outcome on record (the job died) is a failure.
		read -r rc secs <"$bg/$name.rc" 2>/dev/null || { rc=1; secs='?'; }
		case $name in
		*kernel) [ "$rc" -eq 0 ] || info "the $name did not build in the background (its step below says why)" ;;
		*)
			if [ "$rc" -eq 0 ]; then
				passed=$((passed + 1))
				record "PASS $name (${secs}s, in the background)"
			else
				failed=$((failed + 1))
				record "FAIL $name (${secs}s, in the background; build/results/background/$name.log)"
				tail -20 "$bg/$name.log"
			fi
			;;
		esac
	done
	# The control run: the same rig on a kernel with a mutation of the
	# series must fail (about 2 minutes: one object and the link).
	if [ -f "$BUILD/e2e/arch/x86/boot/bzImage" ]; then
		harness "e2e-control (the rig catches a mutation)" "$S/e2e-control.sh" || true
		harness "splat-control (the splat scan catches a WARN)" \
			env E2E_MUTATION=splat-control-warn "$S/e2e-control.sh" || true
	fi
	# The lockdep model: two small lockdep KUnit kernels, each its own boot;
	# then the rig with the model on (soak, a hub, a shared controller).
	harness "lockdep-model (the model reports its cycle, the control nothing)" \
		"$S/lockdep-model.sh" || true
	if [ -f "$BUILD/e2e/arch/x86/boot/bzImage" ]; then
		harness "e2e-model (the rig with the lockdep model: no report)" "$S/e2e-model.sh" || true
	fi
	# bisect-check rebuilds every prefix: it runs whenever the series
	# differs from the last one that passed it (always on a fresh clone),
	# and is reported as skipped, not passed, otherwise. BISECT=1 forces it.
	# On CI (CI=true) it runs last and only when it fits the time budget
	# (CHECK_BUDGET seconds, default 60 minutes, the limit a cold run must
	# keep; CI stops at 90): estimated as one more KUnit build as long as
	# this run's plus a minute per patch. A cold run skips it, saying so;
	# a run with a warm ccache has the time.
	series=$(patches_hash)
	npatches=$(series_patches | grep -c .)
	budget=${CHECK_BUDGET:-$([ "${CI:-}" = true ] && echo 3600 || echo 0)}
	estimate=$((t_kunit + 60 * npatches))
	elapsed=$(( $(date +%s) - t_start ))
	if [ "${BISECT:-auto}" != 1 ] && [ "$(cat "$BUILD/bisect/passed" 2>/dev/null)" = "$series" ]; then
		record "SKIP bisect-check (this exact series passed it before; BISECT=1 runs it again)"
	elif [ "$budget" -gt 0 ] && [ $((elapsed + estimate)) -gt "$budget" ]; then
		record "SKIP bisect-check (time budget: ${elapsed}s spent, about ${estimate}s needed, ${budget}s allowed; run 'make bisect-check')"
	else
		harness bisect-check "$S/bisect-check.sh" || true
	fi
fi

record "total time $(( $(date +%s) - t_start ))s"
echo
cat "$sum"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
