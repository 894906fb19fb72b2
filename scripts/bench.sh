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
cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$cmdf" | sed -n 1p)
cmd=${cmd%% -c -o *}
obj=$BUILD/bench-guard.o
(cd "$KDIR" && eval "$cmd -c -o $obj $TOP/bench/guard_vs_pair.c") ||
	die "bench: cannot compile bench/guard_vs_pair.c"

# insns FUNC: the instructions of FUNC, without addresses and encodings.
# awk reads to the end (no exit), so objdump never dies of SIGPIPE.
insns()
{
	objdump -d --no-show-raw-insn "$obj" |
		awk -v f="<$1>:" '$2 == f { on = 1; next } on && /^$/ { on = 0 }
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

# struct-size: sizeof(struct device) and struct dev_pm_info with the base's
# include/linux/pm.h and with the series', compiled with the KUnit kernel's
# flags (its other headers are the series'; only pm.h differs).
probe=$BUILD/bench-size.c
cat >"$probe" <<'PROBE'
#include <linux/device.h>
int size_device = sizeof(struct device);
int size_dev_pm_info = sizeof(struct dev_pm_info);
PROBE
size_of()
{
	local inc=$BUILD/bench-size-$1
	mkdir -p "$inc/linux"
	git -C "$LINUX_DIR" show "$2:include/linux/pm.h" >"$inc/linux/pm.h"
	(cd "$KDIR" && eval "${cmd/gcc /gcc -I$inc } -S -o $BUILD/bench-size.s $probe") ||
		die "bench: cannot compile the struct size probe against $2"
	awk -v s="size_$3:" '$1 == s { getline; print $2 }' "$BUILD/bench-size.s"
}
printf '\n%-18s %8s %8s\n' STRUCT BASE SERIES | tee -a "$out"
for st in device dev_pm_info; do
	printf '%-18s %8s %8s\n' "$st" "$(size_of base base "$st")" \
		"$(size_of series HEAD "$st")" | tee -a "$out"
done

# pm-siblings and pm-del: bench/pm_noio_siblings.c
# built into the base and into the series (KUnit kernels, QEMU), each in a
# worktree of its own, booted once each. Printed for both, with their
# ratio: the time of one mark+unmark pair by number of siblings, and of
# one device_add()+device_del() of an unmarked device (10000 per round,
# median of 5 rounds) below an unmarked parent and below one in NOIO.
BB=$BUILD/bench
mkdir -p "$BB"
# figures LOG NAME REDIR: the figures of one boot's LOG into $BB/NAME.txt
# (siblings) and $BB/NAME-del.txt (add+del); REDIR is ">" (start the files)
# or ">>" (add to them).
figures()
{
	local sib=$BB/$2.txt del=$BB/$2-del.txt
	if [ "$3" = ">" ]; then
		: >"$sib"
		: >"$del"
	fi
	sed -n 's/.*pm_noio_bench: siblings=\([0-9]*\) ns_per_pair=\([0-9]*\).*/\1 \2/p' "$1" >>"$sib"
	sed -n 's/.*pm_noio_del_bench: parent=\([a-z]*\) devices=[0-9]* ns_per_add_del=\([0-9]*\).*/\1 \2/p' \
		"$1" >>"$del"
}
run_pm_bench()
{
	local name=$1 repo=$2 rev=$3 wt=$BB/$1/src
	rm -rf "$wt"
	git -C "$repo" worktree prune
	git -C "$repo" worktree add -q --detach "$wt" "$rev"
	cp "$TOP/bench/pm_noio_siblings.c" "$wt/drivers/base/power/"
	echo 'obj-y += pm_noio_siblings.o' >>"$wt/drivers/base/power/Makefile"
	printf 'CONFIG_KUNIT=y\nCONFIG_PM=y\nCONFIG_PM_QOS_KUNIT_TEST=y\n' >"$BB/$name.kunitconfig"
	(cd "$wt" && CCACHE_BASEDIR=$wt python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
		--build_dir="$BB/$name/out" --kunitconfig="$BB/$name.kunitconfig" \
		--jobs="$JOBS" --make_options "CC=ccache gcc" --raw_output=all) \
		>"$BB/$name.log" 2>&1 || { tail -20 "$BB/$name.log"; die "bench: $name kernel failed"; }
	git -C "$repo" worktree remove --force "$wt"
	figures "$BB/$name.log" "$name" ">"
}
ratio()
{
	awk -v b="$1" -v s="$2" 'BEGIN { if (b > 0) printf "%.3f", s / b; else print "-" }'
}
if [ "${BENCH_PM:-1}" = 1 ]; then
	info "pm-siblings: building the base and the series with the benchmark (two kernels)"
	# BENCH_BUILD=0 reuses the two kernels of the last run (and its first boot).
	if [ "${BENCH_BUILD:-1}" = 0 ] && [ -f "$BB/base/out/arch/x86/boot/bzImage" ] &&
	   [ -f "$BB/series/out/arch/x86/boot/bzImage" ]; then
		info "pm-siblings: BENCH_BUILD=0: the kernels of the last run"
		for name in base series; do
			figures "$BB/$name.log" "$name" ">"
		done
	else
		run_pm_bench base "$BASE_DIR" base
		run_pm_bench series "$LINUX_DIR" HEAD
	fi
	for f in base series base-del series-del; do
		[ -s "$BB/$f.txt" ] || die "bench: a kernel printed no figures (see $BB/*.log)"
	done
	# One boot's figures move by several percent under TCG: boot each
	# kernel BENCH_BOOTS times more (default 4), alternating base and
	# series, and report the median over all boots, with the range.
	for i in $(seq 1 "${BENCH_BOOTS:-4}"); do
		for name in base series; do
			timeout 180 qemu-system-x86_64 -accel tcg -nodefaults -m 1024 -no-reboot -nographic \
				-serial stdio -kernel "$BB/$name/out/arch/x86/boot/bzImage" \
				-append 'console=ttyS0 kunit.enable=1 kunit_shutdown=reboot' \
				>"$BB/$name-boot$i.log" 2>&1 </dev/null ||
				die "bench: boot $i of the $name kernel failed (see $BB/$name-boot$i.log)"
			figures "$BB/$name-boot$i.log" "$name" ">>"
		done
	done
	# median FILE: "KEY median min max boots" per key of FILE's "KEY VALUE" lines.
	median()
	{
		sort -k1,1 -k2,2n "$1" | awk '
			$1 != k { if (k != "") out(); k = $1; n = 0 }
			{ v[++n] = $2 }
			END { out() }
			function out() { printf "%s %d %d %d %d\n", k, v[int((n + 1) / 2)], v[1], v[n], n }'
	}
	for f in base series base-del series-del; do
		median "$BB/$f.txt" >"$BB/$f.med"
	done
	printf '\n%-9s %22s %22s %12s\n' SIBLINGS "BASE_NS/PAIR (range)" "SERIES_NS/PAIR (range)" SERIES/BASE |
		tee -a "$out"
	join <(sort -k1,1 "$BB/base.med") <(sort -k1,1 "$BB/series.med") | sort -n |
		while read -r n b bl bh _ s sl sh _; do
			printf '%-9s %22s %22s %12s\n' "$n" "$b ($bl-$bh)" "$s ($sl-$sh)" "$(ratio "$b" "$s")"
		done | tee -a "$out"
	printf '\n%-9s %22s %22s %12s\n' PARENT "BASE_NS/DEL (range)" "SERIES_NS/DEL (range)" SERIES/BASE |
		tee -a "$out"
	join "$BB/base-del.med" "$BB/series-del.med" | while read -r p b bl bh _ s sl sh _; do
		printf '%-9s %22s %22s %12s\n' "$p" "$b ($bl-$bh)" "$s ($sl-$sh)" "$(ratio "$b" "$s")"
	done | tee -a "$out"
	echo "(median over $(awk '{ print $5; exit }' "$BB/base-del.med") boots of the base and" \
		"$(awk '{ print $5; exit }' "$BB/series-del.med") of the series; each boot's figure" \
		"is itself the median of 5 rounds)" | tee -a "$out"
fi

# model-cost: what CONFIG_PROVE_MEMALLOC_NOIO costs on the rig. The e2e
# kernel (lockdep on) and the e2e-model kernel (the same plus the model;
# make e2e-model builds it) each boot once, one after the other, into the
# kselftest and a soak of BENCH_MODEL_CYCLES (default 200) cycles without
# the hot-plug round; printed: the kernel time at which init starts, the
# soak's time, and model/e2e. One boot each, under TCG: the ratio moves by
# several percent from run to run.
if [ "${BENCH_MODEL:-1}" = 1 ]; then
	for k in e2e e2e-model; do
		[ -f "$BUILD/$k/arch/x86/boot/bzImage" ] ||
			die "bench: model-cost needs build/$k (make e2e-kernel; make e2e-model)"
	done
	grep -qx 'CONFIG_PROVE_MEMALLOC_NOIO=y' "$BUILD/e2e-model/.config" ||
		die "bench: build/e2e-model has no CONFIG_PROVE_MEMALLOC_NOIO=y"
	! grep -qx 'CONFIG_PROVE_MEMALLOC_NOIO=y' "$BUILD/e2e/.config" ||
		die "bench: build/e2e has CONFIG_PROVE_MEMALLOC_NOIO=y"
	MB=$RESULTS/bench-model
	rm -rf "$MB"
	mkdir -p "$MB"
	printf '\n%-10s %12s %12s\n' KERNEL INIT_AT_S SOAK_S | tee -a "$out"
	for k in e2e e2e-model; do
		info "model-cost: $k"
		RESULTS=$MB/$k E2E_BUILD=$BUILD/$k E2E_CYCLES="${BENCH_MODEL_CYCLES:-200}" \
			E2E_UNPLUG=0 E2E_LABEL="bench-$k" "$TOP/scripts/e2e-check.sh" >"$MB/$k.out" 2>&1 ||
			die "bench: model-cost: the $k boot failed (build/results/bench-model/$k.out)"
		c=$(find "$MB/$k" -name console.log | head -1)
		init=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' "$c" | head -1)
		soak=$(sed -n 's/.*soak: [0-9]*\/[0-9]* cycles in \([0-9]*\) s.*/\1/p' "$MB/$k.out" | head -1)
		if [ -z "$init" ] || [ -z "$soak" ]; then
			die "bench: model-cost: no figures in $c"
		fi
		eval "init_${k//-/_}=$init soak_${k//-/_}=$soak"
		printf '%-10s %12s %12s\n' "$k" "$init" "$soak" | tee -a "$out"
	done
	# shellcheck disable=SC2154
	printf '%-10s %12s %12s\n' "model/e2e" "$(ratio "$init_e2e" "$init_e2e_model")" \
		"$(ratio "$soak_e2e" "$soak_e2e_model")" | tee -a "$out"
fi
