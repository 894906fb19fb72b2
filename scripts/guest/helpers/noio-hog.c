// SPDX-License-Identifier: GPL-2.0
/*
 * noio-hog: keep MIB mebibytes of anonymous memory in use for SECONDS,
 * touching every page again and again, so that reclaim has to swap.
 *
 *   noio-hog MIB SECONDS
 *
 * Allocation failures are survived (the hog keeps what it got).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1UL << 20)

int main(int argc, char **argv)
{
	unsigned long mib, got = 0, i, pass = 0;
	long page = sysconf(_SC_PAGESIZE);
	time_t end;
	char **chunk;

	if (argc < 3) {
		fprintf(stderr, "usage: noio-hog MIB SECONDS\n");
		return 2;
	}
	mib = strtoul(argv[1], NULL, 0);
	end = time(NULL) + strtol(argv[2], NULL, 0);
	chunk = calloc(mib, sizeof(*chunk));
	if (!chunk)
		return 1;
	for (got = 0; got < mib; got++) {
		chunk[got] = malloc(CHUNK);
		if (!chunk[got])
			break;
		memset(chunk[got], (int)got, CHUNK);
	}
	while (time(NULL) < end) {
		for (i = 0; i < got; i++) {
			unsigned long off;

			for (off = 0; off < CHUNK; off += page)
				chunk[i][off]++;
		}
		pass++;
	}
	printf("noio-hog: held %lu MiB, %lu passes\n", got, pass);
	return 0;
}
