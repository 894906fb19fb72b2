#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the end-to-end kernel: tinyconfig + configs/e2e-*.config (+ any
# E2E_CONFIGS given on the command line), then bzImage. Fails, naming the
# options, when the final .config lacks anything a fragment asked for.
set -eu
. "$(dirname "$0")/lib.sh"

EDIR=${E2E_BUILD:-$BUILD/e2e}
SRC=${E2E_SRC:-$LINUX_DIR}
mkdir -p "$EDIR"
export KBUILD_BUILD_TIMESTAMP="1970-01-01"
export KBUILD_BUILD_USER=harness KBUILD_BUILD_HOST=harness
MAKE=(make -s -C "$SRC" O="$EDIR" ARCH=x86_64 CC="ccache gcc" -j"$JOBS")

# E2E_FRAGS replaces configs/e2e-*.config (make stable-check: 6.12's own
# copies, where an option's type differs).
frags="${E2E_FRAGS:-$(echo "$TOP"/configs/e2e-*.config)} ${E2E_CONFIGS:-}"

# The options the fragments ask for that the .config lacks. Checked on
# every build, not only after configuring: a build of another tree in the
# same directory (bisect-check's objects at an early prefix) can drop an
# option that tree does not know.
dropped_options()
{
	local line opt dropped=
	# Config lines have no blanks: a word is a line. $frags is a list.
	# shellcheck disable=SC2013,SC2086
	for line in $(grep -h '^CONFIG_' $frags); do
		grep -qxF "$line" "$EDIR/.config" || dropped="$dropped $line"
	done
	# shellcheck disable=SC2013,SC2086
	for opt in $(sed -n 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1/p' $frags); do
		! grep -q "^$opt=" "$EDIR/.config" || dropped="$dropped $opt(should be off)"
	done
	printf '%s' "$dropped"
}

# Configure only when a fragment changed or an option went missing: a
# fresh tinyconfig rewrites .config.
# shellcheck disable=SC2086 # $frags is a list of file names
want=$(cat $frags | sha256sum | cut -d' ' -f1)
if [ "$(cat "$EDIR/.frags" 2>/dev/null)" != "$want" ] || [ ! -f "$EDIR/.config" ] ||
   [ -n "$(dropped_options)" ]; then
	rm -f "$EDIR/.frags"
	"${MAKE[@]}" tinyconfig >"$EDIR/config.log" 2>&1 || { cat "$EDIR/config.log"; die "e2e: make tinyconfig failed"; }
	# shellcheck disable=SC2086
	(cd "$EDIR" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$EDIR" .config $frags) \
		>>"$EDIR/config.log" 2>&1 || { cat "$EDIR/config.log"; die "e2e: merge_config failed"; }
	"${MAKE[@]}" olddefconfig >>"$EDIR/config.log" 2>&1 || die "e2e: make olddefconfig failed"
	dropped=$(dropped_options)
	[ -z "$dropped" ] || die "e2e: the kernel dropped requested config options (unmet dependencies?):$dropped"
	printf '%s\n' "$want" >"$EDIR/.frags"
fi

"${MAKE[@]}" bzImage >"$EDIR/build.log" 2>&1 || { tail -40 "$EDIR/build.log"; die "e2e: kernel build failed (build/e2e/build.log)"; }
info "e2e kernel: $EDIR/arch/x86/boot/bzImage"
