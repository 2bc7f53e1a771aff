/*
 * metrics.c — what /metrics tells, in the Prometheus text format: requests
 * and latencies by route, decisions by outcome, audit appends, sign-in
 * failures by reason. Counters only, lock-free; no personal data (routes
 * are named by their pattern, never by the ids in a path; the web
 * application's files all by "static").
 */
#include <stdlib.h>

#include "internal.h"
#include "zv/policy.h"

/* Upper bounds of the latency buckets, in microseconds. */
static const int64_t BOUNDS_US[N_BUCKETS] = {250,   500,   1000,   2500,   5000,   10000,
					     25000, 50000, 100000, 250000, 500000, 1000000};

static const char *const SIGNIN_FAILURES[N_SIGNIN_FAILURES] = {
	"bad_credentials", "totp_required", "totp_invalid", "second_factor_missing",
	"rate_limited",    "other",
};

/* One slot per route, then "unmatched" (ROUTE_UNMATCHED) and "static"
 * (ROUTE_WEB). */
static size_t slots(const struct metrics *m)
{
	return m->n_routes + 2;
}

int metrics_init(struct metrics *m, size_t n_routes, struct zv_error *err)
{
	m->n_routes = n_routes;
	m->routes = calloc(slots(m), sizeof *m->routes);
	if (!m->routes)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory for metrics");
	for (size_t i = 0; i < slots(m); i++) {
		for (size_t k = 0; k < 6; k++)
			atomic_init(&m->routes[i].by_class[k], 0);
		for (size_t k = 0; k < N_BUCKETS; k++)
			atomic_init(&m->routes[i].buckets[k], 0);
		atomic_init(&m->routes[i].sum_us, 0);
	}
	for (size_t k = 0; k < N_OUTCOMES; k++)
		atomic_init(&m->decisions[k], 0);
	for (size_t k = 0; k < N_SIGNIN_FAILURES; k++)
		atomic_init(&m->signin_failures[k], 0);
	return ZV_OK;
}

void metrics_free(struct metrics *m)
{
	free(m->routes);
	m->routes = NULL;
}

void metrics_request(struct metrics *m, size_t route, unsigned status, int64_t us)
{
	struct route_metrics *r = &m->routes[route < slots(m) ? route : m->n_routes];
	unsigned cls = status / 100;
	atomic_fetch_add(&r->by_class[cls < 6 ? cls : 5], 1);
	for (size_t k = 0; k < N_BUCKETS; k++)
		if (us <= BOUNDS_US[k]) {
			atomic_fetch_add(&r->buckets[k], 1);
			break;
		}
	atomic_fetch_add(&r->sum_us, (uint_fast64_t)(us > 0 ? us : 0));
}

static void route_label(struct zv_buf *out, size_t i)
{
	zv_buf_printf(out, "method=\"%s\",route=\"%s\"", i < N_ROUTES ? ROUTES[i].method : "",
		      route_name(i));
}

static uint64_t route_total(struct route_metrics *r)
{
	uint64_t total = 0;
	for (size_t k = 1; k < 6; k++)
		total += atomic_load(&r->by_class[k]);
	return total;
}

static void write_counts(struct route_metrics *r, size_t i, struct zv_buf *out)
{
	for (size_t k = 1; k < 6; k++) {
		uint64_t n = atomic_load(&r->by_class[k]);
		if (!n)
			continue;
		zv_buf_puts(out, "zv_http_requests_total{");
		route_label(out, i);
		zv_buf_printf(out, ",status=\"%zuxx\"} %llu\n", k, (unsigned long long)n);
	}
}

static void write_histogram(struct route_metrics *r, size_t i, struct zv_buf *out)
{
	uint64_t total = route_total(r);
	if (!total)
		return;
	uint64_t cumulative = 0;
	for (size_t k = 0; k < N_BUCKETS; k++) {
		cumulative += atomic_load(&r->buckets[k]);
		zv_buf_puts(out, "zv_http_request_duration_seconds_bucket{");
		route_label(out, i);
		zv_buf_printf(out, ",le=\"%g\"} %llu\n", (double)BOUNDS_US[k] / 1e6,
			      (unsigned long long)cumulative);
	}
	zv_buf_puts(out, "zv_http_request_duration_seconds_bucket{");
	route_label(out, i);
	zv_buf_printf(out, ",le=\"+Inf\"} %llu\n", (unsigned long long)total);
	zv_buf_puts(out, "zv_http_request_duration_seconds_sum{");
	route_label(out, i);
	zv_buf_printf(out, "} %.6f\n", (double)atomic_load(&r->sum_us) / 1e6);
	zv_buf_puts(out, "zv_http_request_duration_seconds_count{");
	route_label(out, i);
	zv_buf_printf(out, "} %llu\n", (unsigned long long)total);
}

void metrics_write(struct metrics *m, uint64_t audit_appends, size_t in_flight,
		   struct zv_buf *out)
{
	zv_buf_puts(out, "# HELP zv_http_requests_total HTTP requests answered, by route and "
			 "status class.\n# TYPE zv_http_requests_total counter\n");
	for (size_t i = 0; i < slots(m); i++)
		write_counts(&m->routes[i], i, out);
	zv_buf_puts(out, "# HELP zv_http_request_duration_seconds Time to answer, by route.\n"
			 "# TYPE zv_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < slots(m); i++)
		write_histogram(&m->routes[i], i, out);
	zv_buf_puts(out, "# HELP zv_http_requests_in_flight Requests being answered now.\n"
			 "# TYPE zv_http_requests_in_flight gauge\n");
	zv_buf_printf(out, "zv_http_requests_in_flight %zu\n", in_flight);
	zv_buf_puts(out, "# HELP zv_decisions_total Decisions of POST /api/v1/decisions, by "
			 "outcome.\n# TYPE zv_decisions_total counter\n");
	for (size_t k = 0; k < N_OUTCOMES; k++)
		zv_buf_printf(out, "zv_decisions_total{outcome=\"%s\"} %llu\n",
			      zv_outcome_name((enum zv_outcome)k),
			      (unsigned long long)atomic_load(&m->decisions[k]));
	zv_buf_puts(out, "# HELP zv_audit_appends_total Audit events made durable by this "
			 "server.\n# TYPE zv_audit_appends_total counter\n");
	zv_buf_printf(out, "zv_audit_appends_total %llu\n", (unsigned long long)audit_appends);
	zv_buf_puts(out, "# HELP zv_signin_failures_total Failed sign-ins, by reason.\n"
			 "# TYPE zv_signin_failures_total counter\n");
	for (size_t k = 0; k < N_SIGNIN_FAILURES; k++)
		zv_buf_printf(out, "zv_signin_failures_total{reason=\"%s\"} %llu\n",
			      SIGNIN_FAILURES[k],
			      (unsigned long long)atomic_load(&m->signin_failures[k]));
}
