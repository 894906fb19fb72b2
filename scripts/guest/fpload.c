// SPDX-License-Identifier: GPL-2.0
/*
 * fpload: a forward-progress load for swap, after the swap workloads of
 * MMTests: PROCS processes read anonymous mappings that add up to MiB
 * (several times RAM, so most of it lives in swap), in PHASES phases of
 * RUN seconds with GAP seconds of idleness between them, so that the swap
 * device can runtime-suspend and must resume under pressure.
 *
 * Progress is the number of pages the readers got through, counted once a
 * second in a shared page. The load reports, per phase and in all, the
 * pages read per second and the longest run of seconds without progress;
 * if no reader makes progress for STALL seconds it says so and exits 2
 * (the readers are left as they are: the kernel's hung-task detector and
 * the log tell the rest).
 *
 * usage: fpload PROCS MiB PHASES RUN GAP STALL
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 64

struct shared {
	volatile int running;
	volatile int stop;
	volatile unsigned long pages[MAX_PROCS];
};

static void reader(struct shared *sh, int id, size_t bytes, long psz)
{
	unsigned char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long sum = 0;
	size_t off;

	if (m == MAP_FAILED) {
		perror("fpload: mmap");
		_exit(1);
	}
	/* Fill: every page gets content of its own, so none is shared. */
	for (off = 0; off < bytes; off += psz) {
		m[off] = (unsigned char)(off / psz + id);
		sh->pages[id]++;
	}
	for (;;) {
		/* A stride that is not a power of two defeats nothing but
		 * makes the order differ between readers. */
		size_t npages = bytes / psz, i, step = 7 + 2 * id;

		for (i = 0; i < npages && !sh->stop; i++) {
			while (!sh->running && !sh->stop)
				usleep(100000);
			sum += m[((i * step) % npages) * psz];
			sh->pages[id]++;
		}
		if (sh->stop)
			break;
	}
	/* Keep the reads. */
	if (sum == 1)
		fputc('\0', stderr);
	_exit(0);
}

static unsigned long total(struct shared *sh, int procs)
{
	unsigned long t = 0;
	int i;

	for (i = 0; i < procs; i++)
		t += sh->pages[i];
	return t;
}

int main(int argc, char **argv)
{
	int procs, phases, run, gap, stall, p, i, ph;
	unsigned long mib, last, now, all = 0;
	int longest = 0, cur = 0, secs = 0;
	struct shared *sh;
	pid_t pids[MAX_PROCS];
	long psz = sysconf(_SC_PAGESIZE);

	if (argc != 7) {
		fprintf(stderr, "usage: fpload PROCS MiB PHASES RUN GAP STALL\n");
		return 1;
	}
	procs = atoi(argv[1]);
	mib = strtoul(argv[2], NULL, 0);
	phases = atoi(argv[3]);
	run = atoi(argv[4]);
	gap = atoi(argv[5]);
	stall = atoi(argv[6]);
	if (procs < 1 || procs > MAX_PROCS || !mib || phases < 1 || run < 1 || stall < 1) {
		fprintf(stderr, "fpload: bad arguments\n");
		return 1;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("fpload: mmap");
		return 1;
	}
	/* The counters must not be what waits for swap. */
	mlock(sh, sizeof(*sh));
	memset((void *)sh, 0, sizeof(*sh));
	sh->running = 1;
	for (p = 0; p < procs; p++) {
		pids[p] = fork();
		if (pids[p] < 0) {
			perror("fpload: fork");
			return 1;
		}
		if (!pids[p])
			reader(sh, p, (mib << 20) / procs, psz);
	}
	printf("fpload: %d readers, %lu MiB, %d phases of %d s, gaps of %d s\n",
	       procs, mib, phases, run, gap);
	fflush(stdout);
	last = total(sh, procs);
	for (ph = 0; ph < phases; ph++) {
		unsigned long start = last;
		int plongest = 0;

		sh->running = 1;
		for (i = 0; i < run; i++) {
			sleep(1);
			now = total(sh, procs);
			secs++;
			if (now == last) {
				cur++;
				if (cur > plongest)
					plongest = cur;
				if (cur > longest)
					longest = cur;
				if (cur >= stall) {
					printf("fpload: HANG: no progress for %d s in phase %d\n",
					       cur, ph + 1);
					fflush(stdout);
					return 2;
				}
			} else {
				cur = 0;
			}
			last = now;
		}
		all += last - start;
		printf("fpload: phase %d: %lu pages/s, longest without progress %d s\n",
		       ph + 1, (last - start) / run, plongest);
		fflush(stdout);
		if (ph + 1 < phases && gap > 0) {
			sh->running = 0;
			sleep(gap);
			/* Reads that were in flight when the gap began. */
			last = total(sh, procs);
			cur = 0;
		}
	}
	sh->stop = 1;
	sh->running = 1;
	for (p = 0; p < procs; p++) {
		kill(pids[p], SIGKILL);
		waitpid(pids[p], NULL, 0);
	}
	printf("fpload: done: %lu pages in %d s of load, %lu pages/s, longest without progress %d s\n",
	       all, secs, all / (secs ? secs : 1), longest);
	return 0;
}
