# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source it
# Shared helpers for the harness scripts. Sourced, never run.

# Every script that sources this runs with pipefail: a tool that fails
# inside a pipeline fails the pipeline.
set -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Every QEMU the harness starts runs under TCG: kunit.py (7.3) asks for
# "-accel kvm" first, and on a machine whose /dev/kvm opens but whose CPU
# has no vmx/svm the guest then spins silently. scripts/tcg/ has a
# qemu-system-x86_64 that drops every -accel but tcg.
case ":$PATH:" in
*":$TOP/scripts/tcg:"*) ;;
*) export PATH="$TOP/scripts/tcg:$PATH" ;;
esac
BUILD=${BUILD:-$TOP/build}
BASE_DIR=$BUILD/base
LINUX_DIR=$BUILD/linux
RESULTS=${RESULTS:-$BUILD/results}

# Print to stderr and stop. Every failure of the harness goes through here so
# that the last line a user sees names what broke.
die()
{
	printf 'FAILED: %s\n' "$*" >&2
	exit 1
}

warn()
{
	printf 'WARNING: %s\n' "$*" >&2
}

info()
{
	printf '  %s\n' "$*"
}

# step NAME CMD...: run a long step, print what it does and how long it took.
step()
{
	local name=$1 t0 t1 rc
	shift
	printf '==> %s\n' "$name"
	t0=$(date +%s)
	rc=0
	"$@" || rc=$?
	t1=$(date +%s)
	if [ "$rc" -ne 0 ]; then
		printf '==> %s: FAILED after %ds\n' "$name" $((t1 - t0)) >&2
		return "$rc"
	fi
	printf '==> %s: done in %ds\n' "$name" $((t1 - t0))
}

# The postings, in sending order: the folder names of patches/SERIES
# (one per line, "#" comments; more words on a line name the postings it
# applies on top of).
postings()
{
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/patches/SERIES" | awk '{ print $1 }'
}

# posting_prereqs NAME: the postings NAME applies on (besides the base).
posting_prereqs()
{
	sed -e 's/#.*//' "$TOP/patches/SERIES" | awk -v n="$1" '$1 == n { for (i = 2; i <= NF; i++) print $i }'
}

# posting_patches NAME: the patches of one posting, in order, no cover letter.
posting_patches()
{
	local p
	for p in "$TOP/patches/$1"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$p" ] || continue
		case $(basename "$p") in
		0000-cover-letter.patch) ;;
		*) printf '%s\n' "$p" ;;
		esac
	done
}

# The series' patches in order, posting after posting, without the cover
# letters.
series_patches()
{
	local d
	for d in $(postings); do
		posting_patches "$d"
	done
}

# One hash of everything in patches/ (SERIES, cover letters, patches).
patches_hash()
{
	(cd "$TOP/patches" && find . -type f | LC_ALL=C sort | xargs cat) | sha256sum | cut -d' ' -f1
}

# Deterministic identity for commits the harness makes itself, so the same
# input always gives the same commit ids.
harness_ident()
{
	export GIT_AUTHOR_NAME="memalloc_noio harness"
	export GIT_AUTHOR_EMAIL="harness@localhost"
	export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME"
	export GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
}

# ktap_block LOG BEGIN-MARK END-MARK FILE: one KTAP block of a guest's
# console log into FILE (without the kernel's and the rig's own lines),
# parsed by the kernel's KTAP parser (kunit.py parse) into FILE.json for
# scripts/ktap-summary.py. Prints the block's case and comment lines.
ktap_block()
{
	sed -n "/^$2/,/^$3/p" "$1" 2>/dev/null | tr -d '\r' | sed '1d;$d' |
		grep -v -e '^\[ *[0-9.]*\] ' -e '^E2E-HOST: ' -e '^E2E-RPM ' >"$4" || true
	grep -E '^(not )?ok |^# ' "$4" || true
	rm -f "$4.json"
	(cd "$LINUX_DIR" && python3 tools/testing/kunit/kunit.py parse --json="$4.json" "$4") \
		>"$4.parse" 2>&1 || true
}

JOBS=${JOBS:-$(nproc)}

# ccache keeps its cache outside the clone (ccache's own default,
# ~/.cache/ccache, unless CCACHE_DIR says otherwise), so a second fresh
# clone on the same machine, as CI makes, builds warm.
export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ccache}
# Paths below the clone are hashed relative to it, so that another clone
# in another directory hits the same entries.
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
