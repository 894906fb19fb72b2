#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks. They print figures and never pass or fail on them.
#
# guard-vs-pair: compile bench/guard_vs_pair.c with the exact flags the
# KUnit kernel uses for mm/ and compare each save/restore function with its
# guard twin, instruction by instruction.
set -eu
. "$(dirname "$0")/lib.sh"

KDIR=${KUNIT_BUILD:-$BUILD/kunit}
cmdf=$KDIR/mm/.memalloc_scope_kunit.o.cmd
[ -f "$cmdf" ] || die "bench: no KUnit build with the series in $KDIR: run 'make kunit' first"
mkdir -p "$RESULTS"
out=$RESULTS/bench.txt
: >"$out"

# The compiler command of a real kernel object, pointed at our file.
cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$cmdf" | head -1)
cmd=${cmd%% -c -o *}
obj=$BUILD/bench-guard.o
(cd "$KDIR" && eval "$cmd -c -o $obj $TOP/bench/guard_vs_pair.c") ||
	die "bench: cannot compile bench/guard_vs_pair.c"

# insns FUNC: the instructions of FUNC, without addresses and encodings.
insns()
{
	objdump -d --no-show-raw-insn "$obj" |
		awk -v f="<$1>:" '$2 == f { on = 1; next } on && /^$/ { exit }
			on { sub(/^ *[0-9a-f]+:\t/, ""); sub(/ *#.*/, "")
			     gsub(/[0-9a-f]+ <[^+>]*/, "<F"); gsub(/[ \t]+/, " ")
			     if ($0 !~ /^(nop|data16|xchg|cs nop)/) print }'
}

printf '%-18s %-18s %6s %6s %s\n' PAIR GUARD N_PAIR N_GUARD SAME | tee -a "$out"
for f in noio nofs flags noio_early; do
	a=${f%_early}_pair
	b=${f%_early}_guard
	[ "$f" = noio_early ] && { a=noio_pair_early; b=noio_guard_early; }
	na=$(insns "$a" | wc -l)
	nb=$(insns "$b" | wc -l)
	if [ "$(insns "$a")" = "$(insns "$b")" ]; then same=yes; else same=no; fi
	printf '%-18s %-18s %6d %6d %s\n' "$a" "$b" "$na" "$nb" "$same" | tee -a "$out"
done
