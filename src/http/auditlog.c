/*
 * auditlog.c — the audit log for privacy officers and auditors over HTTP:
 * searching it (GET /api/v1/audit-events?person=|user=|case=[&from=&to=])
 * and verifying it (GET /api/v1/audit-log/verification). One service call
 * each (zv_audit_search, zv_audit_verify), which decides who may and logs
 * the search before it reads. The events are answered as the log holds
 * them, their canonical entries byte for byte — what `audit search --json`
 * prints — and the report as `audit verify --json` prints it.
 *
 * An answer holds at most SEARCH_MAX_EVENTS events and SEARCH_MAX_BYTES of
 * them: a search that finds more is refused (400, path "?from": narrow it by
 * days) rather than answered in part, which a screen could show as the
 * whole.
 */
#include <string.h>

#include "internal.h"

enum { SEARCH_MAX_EVENTS = 10000, SEARCH_MAX_BYTES = 16 * 1024 * 1024 };

struct found {
	struct zv_buf *out;
	size_t n;
};

static int add_event(void *ctx, const struct zv_audit_event *e, const char *entry, size_t len,
		     struct zv_error *err)
{
	(void)e;
	struct found *f = ctx;
	if (f->n == SEARCH_MAX_EVENTS || f->out->len + len > SEARCH_MAX_BYTES)
		return zv_error_set(err, ZV_EINPUT, "from",
				    "more than %d events (or 16 MiB of them) match; narrow the "
				    "search with from and to",
				    SEARCH_MAX_EVENTS);
	if (f->n)
		zv_buf_putc(f->out, ',');
	zv_buf_add(f->out, entry, len);
	f->n++;
	return ZV_OK;
}

void h_audit_events(struct request *r, struct zv_service *sv)
{
	struct zv_audit_query q;
	const struct query_param P[] = {
		{"person", &q.person}, {"user", &q.user}, {"case", &q.case_id},
		{"from", &q.from},     {"to", &q.to},
	};
	if (!request_query(r, P, sizeof P / sizeof *P))
		return;
	struct zv_who who = request_who(r);
	struct zv_error err = {.code = ZV_OK};
	struct found f = {.out = &r->out};
	zv_buf_puts(&r->out, "{\"events\":[");
	if (zv_audit_search(sv, &who, &q, add_event, &f, &err)) {
		/* The service names the query's parts; here they are parameters. */
		if (err.code == ZV_EINPUT) {
			size_t n = strnlen(err.path, sizeof err.path - 2);
			memmove(err.path + 1, err.path, n);
			err.path[0] = '?';
			err.path[n + 1] = '\0';
		}
		respond_error(r, &err);
		return;
	}
	zv_buf_puts(&r->out, "]}");
	respond_json(r, 200);
}

void h_audit_verification(struct request *r, struct zv_service *sv)
{
	if (!request_query(r, NULL, 0))
		return;
	struct zv_who who = request_who(r);
	struct zv_audit_report report;
	char log_id[2 * ZV_HASH_LEN + 1];
	struct zv_error err = {.code = ZV_OK};
	if (zv_audit_verify(sv, &who, &report, log_id, &err)) {
		respond_error(r, &err);
		return;
	}
	zv_api_write_audit_report(&report, log_id, false, &r->out);
	respond_json(r, 200);
}
