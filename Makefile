# SPDX-License-Identifier: GPL-2.0
#
# memalloc_noio for Linux 7.3: the postings in patches/ and the rig that
# builds and proves them. "make help" lists the verbs.

# The base: Debian's linux-source-7.3 (trixie-backports), pinned.
BASE_VERSION := 7.3.4-1~bpo13+1
BASE_SHA256  := 703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3
# Another base is an explicit opt-in: "make BASE_VERSION=7.3.x-y" on the
# command line (with BASE_SHA256=... to check it, or without to take it
# unchecked). It is never a silent fallback.
ifeq ($(origin BASE_VERSION),command line)
ifneq ($(origin BASE_SHA256),command line)
BASE_SHA256 := unchecked
endif
endif
export BASE_VERSION BASE_SHA256

S := scripts
SHELL := /bin/bash

.PHONY: all run help deps base tree tree-ensure export export-check lint kunit kunit-kcsan lockdep-model e2e e2e-uas e2e-model e2e-kernel \
	e2e-control e2e-reserves e2e-fpload e2e-base e2e-kasan e2e-matrix mutations rerun bench bisect-check check shell clean distclean \
	postings-check stable-check

all: run

help:
	@echo "make              build the patched kernel, boot it with a virtual USB stick, show the chain"
	@echo "make check        everything CI runs (deps, tree, lint, kunit, e2e); ends 'N passed, N failed'"
	@echo "make tree         build/linux = base + patches/ (git am)"
	@echo "make export       rewrite patches/ from build/linux (commits since tag 'base')"
	@echo "make export-check fail when build/linux has work patches/ lacks"
	@echo "make postings-check each posting of patches/ applies on 7.3.4 with only the postings patches/SERIES names"
	@echo "make stable-check the Cc: stable patches on 6.12.117: git am, e2e kernel, kselftest (not in make check)"
	@echo "make lint         checkpatch --strict, kernel-doc, sparse on what the series touches"
	@echo "make kunit        build and run the KUnit suites (QEMU x86_64)"
	@echo "make kunit-kcsan  the same on a KCSAN kernel (build/kunit-kcsan)"
	@echo "make e2e          the end-to-end rig (QEMU): kselftest, soak, hot-plug on a usb-storage stick, then on a UAS one"
	@echo "make e2e-uas      the UAS part of make e2e alone"
	@echo "make lockdep-model  the lockdep model reports its deadlock, and nothing without it does"
	@echo "make e2e-reserves what one usb-storage command takes from the memory reserves (xHCI, EHCI); its allocations failing"
	@echo "make e2e-fpload   forward-progress load, swap on the stick: 128/256 MiB, full speed and 5 MB/s (figures)"
	@echo "make e2e-control  the rig on a mutated kernel (scripts/mutations/): must catch it"
	@echo "make e2e-base     the series' kselftest on a base 7.3.4 kernel: skips what needs the series"
	@echo "make e2e-kasan    the e2e rig on a KASAN kernel (build/e2e-kasan)"
	@echo "make e2e-matrix   memory-pressure matrix: RAM x hog size, 200-cycle soaks (prints only)"
	@echo "make mutations    each scripts/mutations/*.diff must make the cases it names fail"
	@echo "make rerun RUN=d  boot a kept QEMU run (build/results/runs/d) again, exactly"
	@echo "make bench        benchmarks (print, never assert)"
	@echo "make bisect-check every prefix of the series applies and builds"
	@echo "make shell        boot the e2e kernel to a busybox shell"
	@echo "make clean        remove build outputs, keep the base download; distclean removes build/"

deps:
	@$(S)/deps.sh

base: deps
	@$(S)/lib-step.sh "base: linux-source-7.3 $(BASE_VERSION)" \
		$(S)/fetch-base.sh "$$BASE_VERSION" "$$BASE_SHA256"

tree: base
	@$(S)/lib-step.sh "tree: base + patches/" $(S)/tree.sh

# The verbs below build what is in build/linux, creating it when missing;
# "make tree" (and so "make check") insists on patches/.
tree-ensure: base
	@$(S)/tree.sh --ensure

export:
	@$(S)/export.sh

export-check:
	@$(S)/export-check.sh

postings-check: base
	@$(S)/lib-step.sh "postings-check" $(S)/postings-check.sh

stable-check: tree-ensure
	@$(S)/lib-step.sh "stable-check" $(S)/stable-check.sh

lint: tree-ensure
	@$(S)/lib-step.sh "lint" $(S)/lint.sh

kunit: tree-ensure
	@$(S)/lib-step.sh "kunit" $(S)/kunit.sh

# The lockdep model (CONFIG_PROVE_MEMALLOC_NOIO): its test suite in a
# kernel with the model (one report expected) and in one without (none).
lockdep-model: tree-ensure
	@$(S)/lib-step.sh "lockdep-model" $(S)/lockdep-model.sh

# The same suites on a KCSAN kernel (not in "make check").
kunit-kcsan: tree-ensure
	@mkdir -p build/results/kunit-kcsan
	@KUNIT_BUILD=$(CURDIR)/build/kunit-kcsan RESULTS=$(CURDIR)/build/results/kunit-kcsan \
		KUNIT_CONFIG_OUT=$(CURDIR)/build/kunit-kcsan.kunitconfig \
		KUNIT_EXTRA_CONFIG=$(CURDIR)/configs/optional/kcsan.config KUNIT_QEMU_ARGS="-smp 2" \
		$(S)/lib-step.sh "kunit-kcsan" $(S)/kunit.sh

e2e-kernel: tree-ensure
	@$(S)/lib-step.sh "e2e kernel" $(S)/e2e-kernel.sh

run: e2e-kernel
	@$(S)/lib-step.sh "demo" $(S)/e2e.sh demo

shell: e2e-kernel
	@$(S)/e2e.sh shell

e2e: e2e-kernel
	@$(S)/lib-step.sh "e2e" $(S)/e2e-check.sh
	@$(S)/lib-step.sh "e2e-uas" $(S)/e2e-uas.sh

# The rig with the lockdep model of memalloc_noio on: a soak and two more
# USB topologies, no lockdep report allowed (part of make check).
e2e-model: e2e-kernel
	@$(S)/lib-step.sh "e2e-model" $(S)/e2e-model.sh

# The kselftest and hot-plug round on a UAS stick alone (part of make e2e).
e2e-uas: e2e-kernel
	@$(S)/lib-step.sh "e2e-uas" $(S)/e2e-uas.sh

# What one usb-storage command takes from the memory reserves, on xHCI and
# on EHCI, and what the thread does when its allocations fail (part of
# make check).
e2e-reserves: e2e-kernel
	@$(S)/lib-step.sh "e2e-reserves" $(S)/e2e-reserves.sh

# The forward-progress load with swap on the stick, at 128 and 256 MiB,
# with the stick at full speed and throttled (prints figures; not in check).
e2e-fpload: e2e-kernel
	@$(S)/lib-step.sh "e2e-fpload" $(S)/e2e-fpload.sh

e2e-control: e2e-kernel
	@$(S)/lib-step.sh "e2e-control" $(S)/e2e-control.sh

e2e-kasan: tree-ensure
	@$(S)/lib-step.sh "e2e-kasan" $(S)/e2e-kasan.sh

e2e-matrix: e2e-kernel
	@$(S)/lib-step.sh "e2e-matrix" $(S)/e2e-matrix.sh

e2e-base: tree-ensure
	@$(S)/lib-step.sh "e2e-base" $(S)/e2e-base.sh

# Boot a kept run again (build/results/runs/DIR): same kernel, initramfs
# and command line, fresh images, judged like the first time.
mutations: tree-ensure
	@$(S)/lib-step.sh "mutations" $(S)/mutations.sh

rerun:
	@test -n "$(RUN)" -a -f "$(RUN)/run.env" || \
		{ echo "usage: make rerun RUN=build/results/runs/<run> (a directory with run.env)" >&2; exit 1; }
	@if grep -qx 'run_mode=check' "$(RUN)/run.env"; then \
		E2E_RERUN="$(abspath $(RUN))" $(S)/e2e-check.sh; \
	else \
		E2E_RERUN="$(abspath $(RUN))" $(S)/e2e.sh "$$(sed -n 's/^run_mode=//p' "$(RUN)/run.env")"; \
	fi

bench: tree-ensure
	@$(S)/lib-step.sh "bench" $(S)/bench.sh

bisect-check: e2e-kernel
	@$(S)/lib-step.sh "bisect-check" $(S)/bisect-check.sh

check: deps
	@$(S)/check.sh

# Everything under build/ but the base (the download and its extraction);
# ccache's cache is outside the clone and stays.
clean:
	if [ -d build ]; then find build -mindepth 1 -maxdepth 1 ! -name dl ! -name base -exec rm -rf {} +; fi

distclean:
	rm -rf build
