// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark for "make bench" (never part of the series): the cost of one
 * pm_runtime_set_memalloc_noio(leaf, true) + (leaf, false) pair when the
 * leaf has 1, 100 and 10000 siblings. Uses only what both the base and the
 * series provide, so scripts/bench.sh builds it into either kernel and
 * compares. Prints "pm_noio_bench: siblings=N ns_per_pair=T"; asserts
 * nothing.
 */
#include <linux/device.h>
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>

#define BENCH_ROUNDS	2000
#define BENCH_MAX	10000

static void bench_release(struct device *dev)
{
	kfree(dev);
}

static struct device *bench_add(struct device *parent, const char *fmt, int n)
{
	struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return NULL;
	device_initialize(dev);
	dev->parent = parent;
	dev->release = bench_release;
	if (dev_set_name(dev, fmt, n) || device_add(dev)) {
		put_device(dev);
		return NULL;
	}
	return dev;
}

static int __init pm_noio_bench(void)
{
	static const int steps[] = { 1, 100, BENCH_MAX };
	struct device **sib, *root, *parent;
	int have = 0, s, i;

	sib = kcalloc(BENCH_MAX, sizeof(*sib), GFP_KERNEL);
	root = root_device_register("pm_noio_bench");
	if (!sib || IS_ERR(root))
		return 0;
	parent = bench_add(root, "parent%d", 0);
	if (!parent)
		goto out_root;

	for (s = 0; s < ARRAY_SIZE(steps); s++) {
		u64 t0, t1;

		while (have < steps[s]) {
			sib[have] = bench_add(parent, "leaf%d", have);
			if (!sib[have])
				goto out;
			have++;
		}
		/* The leaf is the first child: the base scans all the others. */
		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_ROUNDS; i++) {
			pm_runtime_set_memalloc_noio(sib[0], true);
			pm_runtime_set_memalloc_noio(sib[0], false);
		}
		t1 = ktime_get_ns();
		pr_info("pm_noio_bench: siblings=%d ns_per_pair=%llu\n",
			steps[s], (t1 - t0) / BENCH_ROUNDS);
	}
out:
	while (have--)
		device_unregister(sib[have]);
	device_unregister(parent);
out_root:
	root_device_unregister(root);
	kfree(sib);
	return 0;
}
late_initcall(pm_noio_bench);
