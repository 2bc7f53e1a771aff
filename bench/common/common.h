/*
 * common.h — what the benchmarks share: a monotonic clock in nanoseconds, a
 * growing list of latencies with its mean and percentiles, and a small
 * deterministic random source (xorshift64) for generated inputs.
 */
#ifndef ZV_BENCH_COMMON_H
#define ZV_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

uint64_t now_ns(void);

struct lat {
	uint64_t *v;
	size_t n, cap;
};

/* Add one sample (nanoseconds); exits on out of memory. */
void lat_add(struct lat *l, uint64_t ns);
void lat_merge(struct lat *into, const struct lat *from);
/* Sort the samples: the percentiles below need it. */
void lat_sort(struct lat *l);
/* The p-th quantile (0..1) of sorted samples, in milliseconds; 0 when empty. */
double lat_pct_ms(const struct lat *l, double p);
double lat_mean_ms(const struct lat *l);
double lat_max_ms(const struct lat *l);

struct rng {
	uint64_t state;   /* never 0 */
};

/* A number below n (n > 0). */
uint32_t pick(struct rng *r, uint32_t n);

#endif /* ZV_BENCH_COMMON_H */
