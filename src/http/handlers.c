/*
 * handlers.c — the routes that are not the dossier's: the decision engine
 * (POST /api/v1/decisions, equal to `zorgvuldig decide`), the pilot's
 * organisations, the OpenAPI document, /healthz and /metrics.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "zv/codec.h"
#include "zv/policy.h"

void h_decisions(struct request *r, struct zv_service *sv)
{
	(void)sv;
	struct zv_error err = {.code = ZV_OK};
	struct zv_situation s;
	struct zv_decision *d = zv_arena_alloc(&r->a, sizeof *d);
	if (!d) {
		respond_problem(r, 500, "internal_error", "out of memory", NULL);
		return;
	}
	/* As `zorgvuldig decide` does: the same parser, the same default date
	 * (today on this machine), the full engine, the same writer. */
	enum zv_err rc = zv_situation_parse(r->body.data ? r->body.data : "", r->body.len,
					    zv_today_local(), &r->a, &s, &err);
	if (rc == ZV_EINPUT) {
		respond_problem(r, 400, "invalid_situation", err.message, err.path);
		return;
	}
	if (rc != ZV_OK) {
		respond_error(r, &err);
		return;
	}
	if (zv_decide(&s, d, ZV_DECIDE_FULL) != ZV_OK) {
		respond_problem(r, 500, "internal_error",
				"the decision engine exceeded one of its bounds (a bug)", NULL);
		return;
	}
	zv_decision_write_json(d, &s, &r->out);
	if ((size_t)d->outcome < N_OUTCOMES)
		atomic_fetch_add(&r->srv->metrics.decisions[d->outcome], 1);
	respond_json(r, 200);
}

/* The configuration in force is read once at start and never changes while
 * the server runs: no lock is needed. */
void h_organisations(struct request *r, struct zv_service *sv)
{
	zv_api_write_organisations(zv_service_config(sv), &r->out);
	respond_json(r, 200);
}

void h_openapi(struct request *r, struct zv_service *sv)
{
	(void)sv;
	r->static_body = zv_http_openapi_json;   /* built in: no copy per request */
	r->static_len = zv_http_openapi_json_len;
	respond_json(r, 200);
}

void h_healthz(struct request *r, struct zv_service *sv)
{
	(void)sv;
	zv_buf_puts(&r->out, "{\"status\":\"ok\"}");
	respond_json(r, 200);
}

void h_metrics(struct request *r, struct zv_service *sv)
{
	(void)sv;
	struct zv_http_server *s = r->srv;
	metrics_write(&s->metrics, zv_service_audit_appended(s->sv), atomic_load(&s->in_flight),
		      &r->out);
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
}
