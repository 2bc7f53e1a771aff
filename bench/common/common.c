/*
 * common.c — the benchmarks' clock, latency lists and random source (common.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void lat_add(struct lat *l, uint64_t ns)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4096;
		uint64_t *grown = realloc(l->v, l->cap * sizeof *grown);
		if (!grown) {
			fprintf(stderr, "bench: out of memory\n");
			exit(1);
		}
		l->v = grown;
	}
	l->v[l->n++] = ns;
}

void lat_merge(struct lat *into, const struct lat *from)
{
	for (size_t i = 0; i < from->n; i++)
		lat_add(into, from->v[i]);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

void lat_sort(struct lat *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_u64);
}

double lat_pct_ms(const struct lat *l, double p)
{
	if (!l->n)
		return 0;
	size_t i = (size_t)((double)l->n * p);
	return (double)l->v[i < l->n ? i : l->n - 1] / 1e6;
}

double lat_mean_ms(const struct lat *l)
{
	double sum = 0;
	for (size_t i = 0; i < l->n; i++)
		sum += (double)l->v[i];
	return l->n ? sum / (double)l->n / 1e6 : 0;
}

double lat_max_ms(const struct lat *l)
{
	return l->n ? (double)l->v[l->n - 1] / 1e6 : 0;
}

uint32_t pick(struct rng *r, uint32_t n)
{
	uint64_t x = r->state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	r->state = x;
	return (uint32_t)((x >> 11) % n);
}
