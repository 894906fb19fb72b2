#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lint the series: checkpatch --strict on every patch, kernel-doc on every
# touched source file, sparse (C=2) on every touched object the KUnit build
# compiles. Writes build/results/lint.txt; exits non-zero on any finding.
set -eu
. "$(dirname "$0")/lib.sh"

KDIR=${KUNIT_BUILD:-$BUILD/kunit}
out=$RESULTS/lint.txt
mkdir -p "$RESULTS"
: >"$out"
fail=0

note()
{
	printf '%s\n' "$*" | tee -a "$out"
}

# 0. The harness itself: shellcheck on its scripts (bash on the host, busybox
# sh in the guest, checked as dash), and the splat definition against its
# samples. Any finding fails.
harness_lint()
{
	local log=$BUILD/shellcheck.out
	if (cd "$TOP" && shellcheck -x -P SCRIPTDIR -f gcc scripts/*.sh scripts/tcg/qemu-system-x86_64 &&
	    shellcheck -x -s dash -f gcc scripts/guest/*.sh scripts/guest/init) >"$log" 2>&1; then
		note "shellcheck: harness scripts: ok"
	else
		note "shellcheck: harness scripts: FAIL"
		tee -a "$out" <"$log"
		fail=1
	fi
	. "$TOP/scripts/splat.sh"
	local bad=0 want line
	while IFS= read -r line; do
		case $line in
		'#'*|'') continue ;;
		esac
		want=${line%"${line#?}"}
		printf '%s\n' "${line#?}" >"$BUILD/splat-sample.txt"
		if [ -n "$(splat_scan "$BUILD/splat-sample.txt")" ]; then
			[ "$want" = + ] || { note "splat: matched, must not: ${line#?}"; bad=1; }
		else
			[ "$want" = - ] || { note "splat: missed: ${line#?}"; bad=1; }
		fi
	done <"$TOP/scripts/splat-samples.txt"
	rm -f "$BUILD/splat-sample.txt"
	if [ "$bad" = 0 ]; then
		note "splat: scripts/splat.sh finds all samples and nothing else: ok"
	else
		fail=1
	fi
}
harness_lint

# checkpatch runs spdxcheck.py with the python3 in PATH: use Debian's, which
# has python3-ply and python3-git from the deps step.
export PATH=/usr/bin:$PATH
cd "$LINUX_DIR"

# 1. checkpatch --strict: every ERROR, WARNING and CHECK fails, but for
# its question whether MAINTAINERS needs updating (FILE_PATH_CHANGES),
# which it asks of every patch that adds a file. The series adds no
# MAINTAINERS entry of its own: every file it adds must fall under an
# existing entry with a maintainer or supporter, checked here instead.
for tool in scripts/checkpatch.pl scripts/kernel-doc scripts/get_maintainer.pl; do
	[ -x "$tool" ] || die "lint: $tool is missing or not executable in build/linux"
done
for f in $(git diff --name-only --diff-filter=A base..HEAD); do
	if perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-tree --rolestats -f "$f" 2>/dev/null |
		grep -qE '\((maintainer|supporter):'; then
		note "maintainers: $f: ok"
	else
		note "maintainers: $f: FAIL (no MAINTAINERS entry with a maintainer covers it)"
		fail=1
	fi
done

for p in $(series_patches); do
	name=$(basename "$p")
	# checkpatch exits 1 when it reports something; anything else, or a
	# non-zero exit with nothing reported, means the tool itself failed.
	rc=0
	# UNKNOWN_COMMIT_ID: checkpatch looks the ids of Fixes: tags up in git,
	# and build/linux is a release tarball without history. The ids and
	# subjects were checked against a mirror of mainline (README, "The
	# postings"); every other check applies.
	log=$(scripts/checkpatch.pl --strict --show-types --no-summary --quiet \
		--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES "$p" 2>&1) || rc=$?
	left=$(printf '%s\n' "$log" | grep -E '^(ERROR|WARNING|CHECK):' || true)
	if { [ "$rc" -ne 0 ] && [ -z "$left" ]; } || [ "$rc" -gt 1 ]; then
		note "checkpatch: $name: FAIL (checkpatch.pl exited with $rc)"
		printf '%s\n' "$log" | tee -a "$out"
		fail=1
		continue
	fi
	if [ -n "$left" ]; then
		note "checkpatch: $name: FAIL"
		printf '%s\n' "$log" | tee -a "$out"
		fail=1
	else
		note "checkpatch: $name: ok"
	fi
done

# Files the series adds or modifies.
touched=$(git diff --name-only --diff-filter=AM base HEAD)
srcs=$(printf '%s\n' "$touched" | grep -E '\.[ch]$' || true)
headers=$(printf '%s\n' "$touched" | grep -E '\.h$' || true)

# 2. kernel-doc: no warning in a touched file that the base did not have.
kdoc_count()
{
	scripts/kernel-doc -none -Wall "$@" >"$BUILD/kdoc.out" 2>&1 ||
		die "lint: scripts/kernel-doc failed on $* (exit $?): $(cat "$BUILD/kdoc.out")"
	grep -c -i 'warning' "$BUILD/kdoc.out" || true
}
for f in $srcs; do
	now=$(kdoc_count "$f")
	before=0
	if git cat-file -e "base:$f" 2>/dev/null; then
		git show "base:$f" >"$BUILD/kdoc-base.tmp"
		before=$(kdoc_count "$BUILD/kdoc-base.tmp")
	fi
	if [ "$now" -gt "$before" ]; then
		note "kernel-doc: $f: FAIL ($now warnings, base had $before)"
		scripts/kernel-doc -none -Wall "$f" 2>&1 | tee -a "$out"
		fail=1
	else
		note "kernel-doc: $f: ok ($now warnings, base had $before)"
	fi
done
rm -f "$BUILD/kdoc-base.tmp" "$BUILD/kdoc.out"

# 3. sparse on the touched .c files that the KUnit configuration builds.
# A warning counts only if the base's version of the file does not have it
# too (compared without line numbers): build/base is pristine, so its sparse
# build directory (same .config) stays valid between runs.
[ -f "$KDIR/.config" ] || die "lint: no KUnit build in $KDIR to run sparse in: run 'make kunit' first"
SBASE=$BUILD/lint-base
mkdir -p "$SBASE"

# sparse_warnings SRCDIR OUTDIR FILE: sparse's findings for FILE, one per
# line, as "path: message" without line and column.
sparse_warnings()
{
	local log=$BUILD/sparse.out
	make -s -C "$1" O="$2" ARCH=x86_64 CC="ccache gcc" C=2 "${3%.c}.o" >"$log" 2>&1 ||
		die "lint: sparse (make C=2 ${3%.c}.o in $2) failed (the object does not compile there; if $2 was configured for another tree, 'make kunit' or 'make e2e-kernel' configures it again): $(grep -m3 -E 'error:' "$log" || tail -5 "$log")"
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$log" |
		sed -E 's|^.*/('"${3//./\\.}"'):[0-9]+:[0-9]+: |\1: |; s|^([^ ]+):[0-9]+:[0-9]+: |\1: |' |
		sort -u || true
}

# The build directory that compiles a file: the KUnit kernel, else the e2e
# kernel (USB, SCSI); each has a base twin with the same .config.
EDIR=${E2E_BUILD:-$BUILD/e2e}
for f in $(printf '%s\n' "$srcs" | grep '\.c$' || true); do
	if [ -f "$KDIR/${f%.c}.o" ]; then
		bdir=$KDIR
		sbase=$SBASE
	elif [ -f "$EDIR/${f%.c}.o" ]; then
		bdir=$EDIR
		sbase=$SBASE-e2e
	else
		note "sparse: $f: built by neither the KUnit nor the e2e config, skipped"
		continue
	fi
	now=$(sparse_warnings "$LINUX_DIR" "$bdir" "$f")
	before=
	if git cat-file -e "base:$f" 2>/dev/null; then
		mkdir -p "$sbase"
		if ! cmp -s "$bdir/.config" "$sbase/.config"; then
			cp "$bdir/.config" "$sbase/.config"
			make -s -C "$BASE_DIR" O="$sbase" ARCH=x86_64 CC="ccache gcc" olddefconfig >/dev/null 2>&1 ||
				die "lint: cannot configure the base for sparse"
		fi
		before=$(sparse_warnings "$BASE_DIR" "$sbase" "$f")
	fi
	new=$(comm -23 <(printf '%s\n' "$now" | sed '/^$/d') <(printf '%s\n' "$before" | sed '/^$/d'))
	# Only what concerns the series' own files.
	pats=(-e "$f:")
	for h in $headers; do
		pats+=(-e "$h:")
	done
	mine=$(printf '%s\n' "$new" | grep -F "${pats[@]}" || true)
	old=$(printf '%s\n' "$now" | sed '/^$/d' | grep -c . || true)
	if [ -n "$mine" ]; then
		note "sparse: $f: FAIL (new warnings)"
		printf '%s\n' "$mine" | tee -a "$out"
		fail=1
	else
		note "sparse: $f: ok ($old warning(s), none new against the base; $(basename "$bdir") config)"
	fi
done

[ "$fail" -eq 0 ] || die "lint: see build/results/lint.txt"
