// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark for "make bench" (never part of the series): the cost of one
 * pm_runtime_set_memalloc_noio(leaf, true) + (leaf, false) pair when the
 * leaf has 1, 100 and 10000 siblings. Uses only what both the base and the
 * series provide, so scripts/bench.sh builds it into either kernel and
 * compares. Prints "pm_noio_bench: siblings=N ns_per_pair=T"; asserts
 * nothing.
 *
 * Also the cost of one device_add() + device_del() of a device that is not
 * in memalloc_noio, once below an unmarked parent and once below a parent
 * that is in memalloc_noio through a marked sibling: 10000 devices per
 * round, 5 rounds, the median round printed as
 * "pm_noio_del_bench: parent=P devices=N ns_per_add_del=T".
 */
#include <linux/device.h>
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/sort.h>

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

#define DEL_DEVICES	10000
#define DEL_ROUNDS	5

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median ns per add+del of DEL_DEVICES devices below @parent, 0 on error. */
static u64 del_rounds(struct device *parent, struct device **devs)
{
	u64 t[DEL_ROUNDS];
	int r, i;

	for (r = 0; r < DEL_ROUNDS; r++) {
		u64 t0 = ktime_get_ns();

		for (i = 0; i < DEL_DEVICES; i++) {
			devs[i] = bench_add(parent, "d%d", i);
			if (!devs[i])
				break;
		}
		while (i--)
			device_unregister(devs[i]);
		t[r] = ktime_get_ns() - t0;
	}
	sort(t, DEL_ROUNDS, sizeof(t[0]), cmp_u64, NULL);
	return t[DEL_ROUNDS / 2] / DEL_DEVICES;
}

static int __init pm_noio_del_bench(void)
{
	struct device **devs, *root, *plain, *noio, *marked;

	devs = kcalloc(DEL_DEVICES, sizeof(*devs), GFP_KERNEL);
	root = root_device_register("pm_noio_del_bench");
	if (!devs || IS_ERR(root))
		goto out_free;
	plain = bench_add(root, "plain%d", 0);
	noio = bench_add(root, "noio%d", 0);
	marked = noio ? bench_add(noio, "marked%d", 0) : NULL;
	if (!plain || !marked)
		goto out_root;
	pm_runtime_set_memalloc_noio(marked, true);

	pr_info("pm_noio_del_bench: parent=unmarked devices=%d ns_per_add_del=%llu\n",
		DEL_DEVICES, del_rounds(plain, devs));
	pr_info("pm_noio_del_bench: parent=noio devices=%d ns_per_add_del=%llu\n",
		DEL_DEVICES, del_rounds(noio, devs));

	pm_runtime_set_memalloc_noio(marked, false);
out_root:
	if (marked)
		device_unregister(marked);
	if (noio)
		device_unregister(noio);
	if (plain)
		device_unregister(plain);
	root_device_unregister(root);
out_free:
	kfree(devs);
	return 0;
}
late_initcall(pm_noio_del_bench);
