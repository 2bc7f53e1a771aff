/*
 * respond.c — how handlers answer: JSON, or problem details (RFC 9457,
 * application/problem+json) for every error, with our members `code` and,
 * for bad input, `path` (the JSON path of the offending member). A
 * service's error has the code the command line gives it (docs/cli.md):
 * invalid_input, not_permitted, not_found, conflict.
 *
 * A service's error family maps to one status: bad input 400, not permitted
 * 403, not found 404 (also a case the user has no role in: never its
 * content), a stale version 409, anything else 500 without details.
 */
#include <string.h>
#include <time.h>

#include "internal.h"
#include "zv/codec.h"

static const char *title_of(unsigned status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

void respond_json(struct request *r, unsigned status)
{
	r->status = status;
	r->content_type = "application/json";
}

void respond_header(struct request *r, const char *name, const char *value)
{
	if (r->n_extra < sizeof r->extra_header / sizeof *r->extra_header) {
		r->extra_header[r->n_extra][0] = name;
		r->extra_header[r->n_extra][1] = value;
		r->n_extra++;
	}
}

static void problem_start(struct request *r, unsigned status, const char *code,
			  const char *detail, const char *path, struct zv_jw *w)
{
	zv_buf_reset(&r->out);
	r->status = status;
	r->content_type = "application/problem+json";
	r->error_code = code;
	zv_jw_open(w, &r->out, '{');
	char type[160];
	/* A stable URI per code, documented in docs/http.md. */
	snprintf(type, sizeof type, "urn:zorgvuldig:problem:%s", code);
	zv_jw_str(w, "type", type);
	zv_jw_str(w, "title", title_of(status));
	zv_jw_int(w, "status", status);
	zv_jw_str(w, "detail", detail);
	zv_jw_str(w, "code", code);
	if (path && path[0])
		zv_jw_str(w, "path", path);
	zv_jw_str(w, "instance", r->path);
}

void respond_problem(struct request *r, unsigned status, const char *code, const char *detail,
		     const char *path)
{
	struct zv_jw w;
	problem_start(r, status, code, detail, path, &w);
	zv_jw_close(&w, '}');
}

static unsigned status_of(enum zv_err code, const char **name)
{
	switch (code) {
	case ZV_EUSAGE:
	case ZV_EINPUT:
		*name = "invalid_input";
		return 400;
	case ZV_EDENIED:
	case ZV_ENOTFOUND:
	case ZV_ECONFLICT:
		*name = zv_err_name(code);   /* the codes of the command line's errors */
		return code == ZV_EDENIED ? 403 : code == ZV_ENOTFOUND ? 404 : 409;
	default:
		*name = "internal_error";
		return 500;
	}
}

void respond_error(struct request *r, const struct zv_error *err)
{
	const char *code;
	unsigned status = status_of(err->code, &code);
	/* Internal failures say no more than that: their messages may name
	 * files and tables, which are nobody's business over the network. */
	const char *detail = status == 500 ? "the server could not answer this request; it is "
					     "logged"
					   : err->message;
	respond_problem(r, status, code, detail, status == 400 || status == 409 ? err->path : NULL);
	if (status == 500)
		server_log_text(r->srv, "internal_error", err->message);
}

void respond_refusal(struct request *r, const struct zv_error *err, const struct zv_decision *d,
		     const struct zv_situation *s)
{
	if (!d) {
		respond_error(r, err);
		return;
	}
	const char *code;
	unsigned status = status_of(err->code, &code);
	struct zv_jw w;
	problem_start(r, status, code, err->message,
		      status == 400 || status == 409 ? err->path : NULL, &w);
	zv_jw_key(&w, "decision");
	zv_decision_write_json(d, s, &r->out);
	zv_jw_close(&w, '}');
}

bool request_body(struct request *r, body_reader read, void *req)
{
	json_t *root;
	struct zv_error err = {.code = ZV_OK};
	if (zv_api_parse(r->body.data ? r->body.data : "", r->body.len, &root, &err)) {
		respond_problem(r, 400, "invalid_json", err.message, err.path);
		return false;
	}
	int rc = read(root, &r->a, req, &err);
	json_decref(root);
	if (rc)
		respond_error(r, &err);
	return rc == 0;
}

struct members {
	const struct zv_api_member *m;
	size_t n;
};

static int read_members(json_t *root, struct zv_arena *a, void *req, struct zv_error *err)
{
	const struct members *t = req;
	return zv_api_read_object(root, "$", t->m, t->n, a, err);
}

bool request_members(struct request *r, const struct zv_api_member *m, size_t n)
{
	struct members t = {m, n};
	return request_body(r, read_members, &t);
}

struct zv_who request_who(const struct request *r)
{
	return (struct zv_who){.login = r->session.login, .from = r->client};
}

int64_t now_seconds(void)
{
	return zv_now_us() / 1000000;
}
