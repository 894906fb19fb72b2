// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled with the KUnit kernel's own flags by scripts/bench.sh, which
 * compares the generated instructions of each pair of functions: the guard
 * form must cost nothing over the save/restore pair it replaces.
 */
#include <linux/sched/mm.h>

void bench_ext(void);
int bench_ext_ret(void);
void noio_pair(void);
void noio_guard(void);
int noio_pair_early(bool early);
int noio_guard_early(bool early);
void nofs_pair(void);
void nofs_guard(void);
void flags_pair(void);
void flags_guard(void);

void noio_pair(void)
{
	unsigned int flags = memalloc_noio_save();

	bench_ext();
	memalloc_noio_restore(flags);
}

void noio_guard(void)
{
	guard(memalloc_noio)();

	bench_ext();
}

int noio_pair_early(bool early)
{
	unsigned int flags = memalloc_noio_save();
	int ret;

	if (early) {
		memalloc_noio_restore(flags);
		return -1;
	}
	ret = bench_ext_ret();
	memalloc_noio_restore(flags);
	return ret;
}

int noio_guard_early(bool early)
{
	guard(memalloc_noio)();

	if (early)
		return -1;
	return bench_ext_ret();
}

void nofs_pair(void)
{
	unsigned int flags = memalloc_nofs_save();

	bench_ext();
	memalloc_nofs_restore(flags);
}

void nofs_guard(void)
{
	guard(memalloc_nofs)();

	bench_ext();
}

void flags_pair(void)
{
	unsigned int flags = memalloc_flags_save(PF_MEMALLOC_NOIO | PF_MEMALLOC_PIN);

	bench_ext();
	memalloc_flags_restore(flags);
}

void flags_guard(void)
{
	guard(memalloc_flags)(PF_MEMALLOC_NOIO | PF_MEMALLOC_PIN);

	bench_ext();
}
