/*
 * internal.h — internal to src/http: the server, one request, the routes,
 * sessions, limits and metrics, and how handlers answer.
 *
 * A request lives from libmicrohttpd's first call of the access handler to
 * its completion callback; everything it allocates is in its arena. A
 * handler gets the request with its path parameters, and answers by
 * filling r->status and r->body (respond.c); the server adds the headers
 * every response carries and sends it.
 */
#ifndef ZV_HTTP_INTERNAL_H
#define ZV_HTTP_INTERNAL_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "zv/api.h"
#include "zv/base.h"
#include "zv/http.h"
#include "zv/policy.h"
#include "zv/service.h"

/* docs/openapi.json, built in (scripts/embed-json). */
extern const char zv_http_openapi_json[];
extern const size_t zv_http_openapi_json_len;

/* ---- sessions and sign-in limits (session.c) ------------------------------ */

enum { TOKEN_LEN = 43, LOGIN_MAX = 128 };   /* 32 random bytes, base64url */

struct session_info {
	char login[LOGIN_MAX];
	char csrf[TOKEN_LEN + 1];
	int64_t created_s, expires_s;   /* absolute end */
};

struct session_entry;
struct sessions {
	pthread_mutex_t mu;
	struct session_entry **buckets;
	size_t n_buckets, count;
	unsigned idle_s, absolute_s;
};

int sessions_init(struct sessions *s, unsigned idle_s, unsigned absolute_s,
		  struct zv_error *err);
void sessions_free(struct sessions *s);
/* A new session for `login`; its token (for the cookie) and CSRF token. */
int session_create(struct sessions *s, const char *login, int64_t now_s,
		   char token[TOKEN_LEN + 1], struct session_info *info, struct zv_error *err);
/* The live session of `token` (touched: its idle time starts again), or
 * false when there is none or it has ended (then it is removed). */
bool session_find(struct sessions *s, const char *token, int64_t now_s,
		  struct session_info *info);
void session_end(struct sessions *s, const char *token);
/* End every session of `login` (after a password change, say). */
void sessions_end_login(struct sessions *s, const char *login);

/* Sign-in failures per account and per client address in a sliding window:
 * when either is over its limit, the next attempt is refused (429) without
 * checking anything, until the window has passed. Successes do not count. */
struct limiter {
	pthread_mutex_t mu;
	struct limit_entry *entries;   /* an open table */
	size_t cap;
	uint8_t secret[32];            /* keys the placement hash */
};
enum { LIMIT_ACCOUNT = 5, LIMIT_ADDRESS = 20, LIMIT_WINDOW_S = 15 * 60 };
int limiter_init(struct limiter *l, struct zv_error *err);
void limiter_free(struct limiter *l);
/* Begin an attempt at `now_s`: 0 when it may be made — it is counted as a
 * failure from now on — else the seconds until one may. */
int64_t limiter_begin(struct limiter *l, const char *login, const char *address, int64_t now_s);
/* The attempt begun at `began_s` succeeded: it no longer counts. */
void limiter_succeeded(struct limiter *l, const char *login, const char *address,
		       int64_t began_s);

/* ---- metrics (metrics.c) ----------------------------------------------------------- */

enum { N_BUCKETS = 12, N_OUTCOMES = ZV_OUTCOME_DENIED + 1 };
enum signin_failure {
	SF_BAD_CREDENTIALS, SF_TOTP_REQUIRED, SF_TOTP_INVALID, SF_SECOND_FACTOR_MISSING,
	SF_RATE_LIMITED, SF_OTHER, N_SIGNIN_FAILURES
};
struct route_metrics {
	atomic_uint_fast64_t by_class[6];          /* 1xx..5xx at [1..5] */
	atomic_uint_fast64_t buckets[N_BUCKETS];   /* latency, cumulative at export */
	atomic_uint_fast64_t sum_us;
};
struct metrics {
	struct route_metrics *routes;   /* one per route, then "unmatched" and "static" */
	size_t n_routes;
	atomic_uint_fast64_t decisions[N_OUTCOMES];
	atomic_uint_fast64_t signin_failures[N_SIGNIN_FAILURES];
};
int metrics_init(struct metrics *m, size_t n_routes, struct zv_error *err);
void metrics_free(struct metrics *m);
void metrics_request(struct metrics *m, size_t route, unsigned status, int64_t us);
void metrics_write(struct metrics *m, uint64_t audit_appends, size_t in_flight,
		   struct zv_buf *out);

/* ---- the server ---------------------------------------------------------------------- */

struct zv_http_server {
	struct MHD_Daemon *daemon;
	char *db, *key_dir, *cert, *key;
	char *trusted_proxy;            /* its X-Forwarded-For names the client */
	bool tls;
	uint16_t port;
	FILE *access_log;
	pthread_mutex_t log_mu;
	/* The services, shared by the worker threads (zv/service.h). */
	struct zv_store *store;
	struct zv_service *sv;
	struct sessions sessions;
	/* The credentials watcher (server.c): every CREDENTIAL_POLL_S it reads
	 * when users' credentials last changed, and ends the sessions of users
	 * whose password or second factor changed since the last look. */
	pthread_t watcher;
	bool watcher_started, watch_stop;
	pthread_mutex_t watch_mu;
	pthread_cond_t watch_cv;
	struct zv_arena known_arena;
	struct zv_credential_stamp *known;
	size_t n_known;
	struct limiter limiter;
	struct metrics metrics;
	char *web_root;                 /* the web application's real path and "/", or NULL */
	atomic_size_t in_flight;
	atomic_bool stopping;
};

/* One line of the access log (a JSON object, given without its newline),
 * written whole; a no-op without a log. Every writer goes through here. */
void server_log(struct zv_http_server *s, const char *json, size_t len);
/* {"key":"text"}, the text escaped, through server_log. */
void server_log_text(struct zv_http_server *s, const char *key, const char *text);

/* ---- one request --------------------------------------------------------------------- */

enum { MAX_PARAMS = 3 };

struct request {
	struct zv_http_server *srv;
	struct MHD_Connection *conn;
	struct zv_arena a;
	const char *method, *path;
	char client[128];               /* "http ADDRESS[ via PROXY]", for limits and audit */
	int64_t start_us;
	bool after_stop;                /* began after the server was told to stop */
	/* The body, up to the route's limit. */
	struct zv_buf body;
	size_t received;                /* body bytes received, kept or not */
	size_t max_body;                /* what the route takes */
	bool body_over;
	bool answered;
	/* Routing. */
	size_t route;                   /* index, or n_routes when none matched */
	const char *param[MAX_PARAMS];
	/* Who (after the session check). */
	struct session_info session;
	/* The answer. */
	unsigned status;
	struct zv_buf out;
	const char *static_body;        /* instead of `out`: bytes that outlive the answer */
	size_t static_len;
	int file_fd;                    /* or a file of the web application (-1: none) */
	size_t file_size;
	size_t sent_bytes;              /* the body's size, once handed over */
	const char *content_type;
	const char *extra_header[4][2];
	size_t n_extra;
	const char *error_code;         /* for the access log */
};

/* ---- routes (router.c) ----------------------------------------------------------------- */

enum route_flags {
	NEEDS_SESSION = 1u << 0,
	RAW_BODY_400 = 1u << 1,         /* an oversized body is bad input (decisions), not 413 */
	SMALL_BODY = 1u << 2,           /* a body of at most 4 KiB (signing in) */
};
typedef void (*handler_fn)(struct request *r, struct zv_service *sv);
struct route {
	const char *method;
	const char *pattern;            /* "/api/v1/cases/{caseId}" */
	unsigned flags;
	handler_fn handle;
};
extern const struct route ROUTES[];
extern const size_t N_ROUTES;
/* What r->route is beside the table's indices: no route matched (404, 405),
 * or a file of the web application (web.c). Metrics and the access log name
 * them "unmatched" and "static", never by the path. */
#define ROUTE_UNMATCHED N_ROUTES
#define ROUTE_WEB (N_ROUTES + 1)
/* A route's pattern, "static" or "unmatched". */
const char *route_name(size_t i);

/* Find the route of `method` `path`; the path's parameters into r. Returns
 * the route's index, or N_ROUTES with *path_known set when the path exists
 * for other methods (then `allow` lists them: "GET, POST"). */
size_t route_match(struct request *r, bool *path_known, char *allow, size_t allow_cap);

/* ---- answering (respond.c) ------------------------------------------------------------- */

/* 200/201 with a JSON body the handler wrote into r->out. */
void respond_json(struct request *r, unsigned status);
/* A problem (RFC 9457): status, our `code`, the detail, and for bad input
 * the JSON path. */
void respond_problem(struct request *r, unsigned status, const char *code, const char *detail,
		     const char *path);
/* A service's error as a problem with the status its family means. */
void respond_error(struct request *r, const struct zv_error *err);
/* A refusal that came with the engine's answer: the problem with the
 * decision as member `decision`. */
void respond_refusal(struct request *r, const struct zv_error *err, const struct zv_decision *d,
		     const struct zv_situation *s);
void respond_header(struct request *r, const char *name, const char *value);

/* A reader of one kind of request body (zv/api.h), through `req`. */
typedef int (*body_reader)(json_t *root, struct zv_arena *a, void *req, struct zv_error *err);
/* The body read by `read` into `req`; false after answering 400. What the
 * request said is copied into the request's arena. */
bool request_body(struct request *r, body_reader read, void *req);
/* A parameter of a query string a route takes (query.c): its name, and
 * where its value goes (percent-decoded, in the request's arena; NULL when
 * absent). */
struct query_param {
	const char *name;
	const char **to;
};
/* The query string read by the table `p`; false after answering 400 (an
 * unknown parameter, one given twice or empty, a value not well encoded:
 * `path` "?name") or 500. */
bool request_query(struct request *r, const struct query_param *p, size_t n);
/* A body of a few members, read by the table `m` (zv_api_read_object). */
bool request_members(struct request *r, const struct zv_api_member *m, size_t n);
/* The session cookie's token, if the request has one. */
const char *request_session_token(const struct request *r);
/* Who is acting, for the services. */
struct zv_who request_who(const struct request *r);
/* The current time in seconds (real time). */
int64_t now_seconds(void);

/* ---- the web application's files (web.c) -------------------------------------------------- */

/* s->web_root from the folder `dir` (NULL: none): its real path, or NULL
 * when it is not a folder. Only running out of memory is an error. */
int web_root_open(struct zv_http_server *s, const char *dir, struct zv_error *err);
/* Whether a path no route answers is one of the web application's: there
 * is a web root, and the path is not /api or under /api/. */
bool web_path(const struct zv_http_server *s, const char *path);
/* Answer a GET or HEAD of such a path: the file (r->file_fd, its type and
 * size), or 404 when it may not be served, 500 when it cannot be read. */
void web_answer(struct request *r);

/* ---- handlers ---------------------------------------------------------------------------- */

void h_session_create(struct request *r, struct zv_service *sv);
void h_session_show(struct request *r, struct zv_service *sv);
void h_session_delete(struct request *r, struct zv_service *sv);
void h_decisions(struct request *r, struct zv_service *sv);
void h_openapi(struct request *r, struct zv_service *sv);
void h_healthz(struct request *r, struct zv_service *sv);
void h_metrics(struct request *r, struct zv_service *sv);

void h_cases_list(struct request *r, struct zv_service *sv);
void h_cases_open(struct request *r, struct zv_service *sv);
void h_case_show(struct request *r, struct zv_service *sv);
void h_case_change(struct request *r, struct zv_service *sv);
void h_case_informed(struct request *r, struct zv_service *sv);
void h_case_member(struct request *r, struct zv_service *sv);
void h_entry_add(struct request *r, struct zv_service *sv);
void h_entry_correct(struct request *r, struct zv_service *sv);
void h_entry_react(struct request *r, struct zv_service *sv);
void h_consent_record(struct request *r, struct zv_service *sv);
void h_consent_step(struct request *r, struct zv_service *sv);
void h_consent_withdraw(struct request *r, struct zv_service *sv);
void h_disclose(struct request *r, struct zv_service *sv);
void h_break_glass(struct request *r, struct zv_service *sv);
void h_break_glass_pending(struct request *r, struct zv_service *sv);
void h_break_glass_review(struct request *r, struct zv_service *sv);
void h_obligations(struct request *r, struct zv_service *sv);
void h_obligation_fulfil(struct request *r, struct zv_service *sv);
void h_organisations(struct request *r, struct zv_service *sv);
void h_audit_events(struct request *r, struct zv_service *sv);
void h_audit_verification(struct request *r, struct zv_service *sv);

#endif /* ZV_HTTP_INTERNAL_H */
