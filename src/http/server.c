/*
 * server.c — the libmicrohttpd daemon and the life of one request.
 *
 * The daemon runs a pool of worker threads on epoll. For each request the
 * access handler is called several times: first with the headers (the
 * request is set up; what the headers decide — route, session, CSRF token,
 * sizes — is answered at once, before any body is read), then with pieces
 * of the body (kept up to the route's limit), then once more to answer: the
 * handler runs (with the services, shared by the workers, when the route
 * needs them), and the answer is sent with the headers every response
 * carries. Paths outside /api/ that no route answers are the web
 * application's files (web.c), answered at the headers. The completion
 * callback records metrics and the access log line and frees the request.
 * A watcher thread ends the sessions of users whose credentials changed.
 *
 * libmicrohttpd's own error pages never reach a client for what we can
 * answer: unknown paths (404), methods (405), oversized bodies (413) and
 * headers over our limit (431) are all problem details from here. Only
 * requests that libmicrohttpd cannot parse at all, or whose headers do not
 * fit its connection memory (32 KiB), get its own short answer.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "zv/codec.h"

#ifndef ZV_VERSION
#define ZV_VERSION "0.0.0"
#endif

enum {
	DEFAULT_THREADS = 4,
	DEFAULT_MAX_BODY = ZV_SITUATION_MAX_BYTES,   /* 1 MiB, as a situation */
	DEFAULT_TIMEOUT_S = 15,
	DEFAULT_IDLE_S = 30 * 60,
	DEFAULT_ABSOLUTE_S = 12 * 60 * 60,
	MAX_HEADER_BYTES = 16 * 1024,     /* all header lines together */
	CONNECTION_MEMORY = 32 * 1024,
	MAX_CONNECTIONS = 1024,
	DEFAULT_PER_ADDRESS = 64,
	/* A body over the limit is read and thrown away up to this size, so
	 * that the client gets to read our 413; beyond it (announced, or
	 * streamed) the connection is cut. */
	DISCARD_CAP = 16 * 1024 * 1024,
	/* A request's body must have arrived within this time of its headers. */
	REQUEST_DEADLINE_US = 30 * 1000 * 1000,
	SMALL_BODY_BYTES = 4096,          /* routes marked SMALL_BODY: signing in */
	CREDENTIAL_POLL_S = 2,
};

static int64_t monotonic_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- the services ---------------------------------------------------------------------- */

/* One zv_service for every worker thread: its functions may run at once
 * (zv/service.h), and their audit appends are grouped into one commit. */
static int services_open(struct zv_http_server *s, const struct zv_service_options *service,
			 struct zv_error *err)
{
	int rc = zv_store_open(s->db, ZV_STORE_OPEN, &s->store, err);
	if (!rc)
		rc = zv_service_open(s->store, s->key_dir, service, &s->sv, err);
	return rc;
}

static void services_close(struct zv_http_server *s)
{
	zv_service_close(s->sv);
	zv_store_close(s->store);
	s->sv = NULL;
	s->store = NULL;
}

/* ---- credentials changed elsewhere ------------------------------------------------------ */

static const char *stamp_of(const struct zv_credential_stamp *list, size_t n, const char *login)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i].login, login))
			return list[i].updated_at;
	return NULL;
}

/* Read when credentials last changed; end the sessions of every user whose
 * stamp differs from the last look (a new password or second factor, or
 * credentials removed). The first look only remembers. */
static int look_at_credentials(struct zv_http_server *s, bool first, struct zv_error *err)
{
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_credential_stamp *now;
	size_t n;
	if (zv_credential_stamps(s->sv, &a, &now, &n, err)) {
		zv_arena_release(&a);
		return err->code;
	}
	for (size_t i = 0; !first && i < n; i++) {
		const char *before = stamp_of(s->known, s->n_known, now[i].login);
		if (before && strcmp(before, now[i].updated_at))
			sessions_end_login(&s->sessions, now[i].login);
	}
	for (size_t i = 0; !first && i < s->n_known; i++)
		if (!stamp_of(now, n, s->known[i].login))
			sessions_end_login(&s->sessions, s->known[i].login);
	zv_arena_release(&s->known_arena);
	s->known_arena = a;
	s->known = now;
	s->n_known = n;
	return ZV_OK;
}

static void *watch_credentials(void *arg)
{
	struct zv_http_server *s = arg;
	pthread_mutex_lock(&s->watch_mu);
	while (!s->watch_stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += CREDENTIAL_POLL_S;
		pthread_cond_timedwait(&s->watch_cv, &s->watch_mu, &until);
		if (s->watch_stop)
			break;
		pthread_mutex_unlock(&s->watch_mu);
		struct zv_error err = {.code = ZV_OK};
		if (look_at_credentials(s, false, &err))
			server_log_text(s, "credentials_watch", zv_err_name(err.code));
		pthread_mutex_lock(&s->watch_mu);
	}
	pthread_mutex_unlock(&s->watch_mu);
	return NULL;
}

static int watcher_start(struct zv_http_server *s, struct zv_error *err)
{
	if (look_at_credentials(s, true, err))
		return err->code;
	if (pthread_create(&s->watcher, NULL, watch_credentials, s))
		return zv_error_set(err, ZV_EINTERNAL, "", "cannot start the credentials watcher");
	s->watcher_started = true;
	return ZV_OK;
}

static void watcher_stop(struct zv_http_server *s)
{
	if (s->watcher_started) {
		pthread_mutex_lock(&s->watch_mu);
		s->watch_stop = true;
		pthread_cond_signal(&s->watch_cv);
		pthread_mutex_unlock(&s->watch_mu);
		pthread_join(s->watcher, NULL);
		s->watcher_started = false;
	}
	zv_arena_release(&s->known_arena);
}

/* ---- headers and answers ------------------------------------------------------------- */

static void add_common_headers(struct zv_http_server *s, struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "API-Version", ZV_VERSION);
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; "
				"img-src 'self' data:; object-src 'none'; base-uri 'none'; "
				"form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (s->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=31536000; includeSubDomains");
}

/* The response with the answer's body: the bytes of r->out, handed over
 * (libmicrohttpd frees them), a file of the web application, handed over
 * open (closed with the response), or built-in bytes. */
static struct MHD_Response *response_of(struct request *r)
{
	struct MHD_Response *resp;
	size_t len = r->out.len;
	char *data = len ? zv_buf_detach(&r->out, &len) : NULL;
	if (data) {
		r->sent_bytes = len;
		if (!(resp = MHD_create_response_from_buffer_with_free_callback(len, data, free)))
			free(data);
		return resp;
	}
	if (r->file_fd >= 0) {
		r->sent_bytes = r->file_size;
		if ((resp = MHD_create_response_from_fd(r->file_size, r->file_fd)))
			r->file_fd = -1;   /* the response's now */
		return resp;
	}
	r->sent_bytes = r->static_len;
	/* libmicrohttpd only reads a PERSISTENT buffer */
	return MHD_create_response_from_buffer(
		r->static_len, (void *)(uintptr_t)(r->static_body ? r->static_body : ""),
		MHD_RESPMEM_PERSISTENT);
}

static enum MHD_Result send_answer(struct request *r)
{
	if (r->out.failed) {
		zv_buf_release(&r->out);
		zv_buf_init(&r->out, 0);
		respond_problem(r, 500, "internal_error", "the answer did not fit in memory", NULL);
	}
	struct MHD_Response *resp = response_of(r);
	if (!resp)
		return MHD_NO;   /* a file left open is closed when the request completes */
	add_common_headers(r->srv, resp);
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	for (size_t i = 0; i < r->n_extra; i++)
		MHD_add_response_header(resp, r->extra_header[i][0], r->extra_header[i][1]);
	if (atomic_load(&r->srv->stopping))
		MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result ok = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* ---- checks before the handler ------------------------------------------------------- */

static enum MHD_Result sum_header(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	size_t *total = cls;
	*total += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static bool headers_too_big(struct MHD_Connection *conn)
{
	size_t total = 0;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, sum_header, &total);
	return total > MAX_HEADER_BYTES;
}

static bool state_changing(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD");
}

/* POST and PUT take a JSON body; GET, HEAD and DELETE none. */
static bool takes_body(const char *method)
{
	return !strcmp(method, "POST") || !strcmp(method, "PUT");
}

const char *request_session_token(const struct request *r)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "zv_session");
}

/* "30 minutes", "12 hours", "90 seconds". */
static void duration_text(unsigned s, char *out, size_t cap)
{
	if (s && s % 3600 == 0)
		snprintf(out, cap, "%u hour%s", s / 3600, s == 3600 ? "" : "s");
	else if (s && s % 60 == 0)
		snprintf(out, cap, "%u minute%s", s / 60, s == 60 ? "" : "s");
	else
		snprintf(out, cap, "%u second%s", s, s == 1 ? "" : "s");
}

/* Signed in, and for a state-changing request with the session's CSRF
 * token; false after answering 401 or 403. */
static bool check_session(struct request *r, bool needs_csrf)
{
	const char *token = request_session_token(r);
	if (!token || !session_find(&r->srv->sessions, token, now_seconds(), &r->session)) {
		char detail[200], idle[32], absolute[32];
		duration_text(r->srv->sessions.idle_s, idle, sizeof idle);
		duration_text(r->srv->sessions.absolute_s, absolute, sizeof absolute);
		snprintf(detail, sizeof detail,
			 "sign in first (POST /api/v1/session); a session ends after %s without "
			 "use or %s after signing in",
			 idle, absolute);
		respond_problem(r, 401, "unauthenticated", detail, NULL);
		respond_header(r, "WWW-Authenticate", "Cookie realm=\"zorgvuldig\"");
		return false;
	}
	if (!needs_csrf)
		return true;
	const char *csrf = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	if (!csrf) {
		respond_problem(r, 403, "csrf_token_missing",
				"a request that changes something needs the header X-CSRF-Token "
				"with the csrf_token of your session",
				NULL);
		return false;
	}
	if (strlen(csrf) != TOKEN_LEN || sodium_memcmp(csrf, r->session.csrf, TOKEN_LEN)) {
		respond_problem(r, 403, "csrf_token_invalid",
				"the X-CSRF-Token header is not the csrf_token of your session",
				NULL);
		return false;
	}
	return true;
}

/* A body must be JSON (a cross-site form cannot send that without asking). */
static bool check_content_type(struct request *r)
{
	const char *type = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	size_t n = strlen("application/json");
	if (type && !strncasecmp(type, "application/json", n) && (!type[n] || type[n] == ';'))
		return true;
	respond_problem(r, 415, "unsupported_media_type",
			"send the request body as application/json", NULL);
	return false;
}

/* ---- one request ------------------------------------------------------------------------ */

/* Does the request announce a body (a Content-Length above 0, or chunks)? */
static bool announces_body(struct MHD_Connection *conn)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
	return (cl && strcmp(cl, "0")) ||
	       MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
}

/* A path of the web application (web.c): its files are read with GET and
 * HEAD, without a body, and answered at the headers. */
static void answer_web(struct request *r)
{
	if (state_changing(r->method)) {
		respond_problem(r, 405, "method_not_allowed",
				"the web application's files are read with GET or HEAD", NULL);
		respond_header(r, "Allow", "GET, HEAD");
	} else if (announces_body(r->conn)) {
		respond_problem(r, 400, "unexpected_body", "this request takes no body", NULL);
	} else {
		web_answer(r);
	}
}

/* What can be answered from the request line and the headers alone, before
 * any of the body is read (so that nobody without a session gets to make
 * the server hold a body): a stop, the header size, the route, the session
 * and the CSRF token, the body's type. False after answering. */
static bool check_headers(struct request *r)
{
	if (r->after_stop) {
		respond_problem(r, 503, "shutting_down", "the server is shutting down; try again",
				NULL);
		respond_header(r, "Retry-After", "5");
		return false;
	}
	if (headers_too_big(r->conn)) {
		respond_problem(r, 431, "headers_too_large",
				"the request's headers are larger than 16 KiB", NULL);
		return false;
	}
	bool path_known;
	char allow[128];
	r->route = route_match(r, &path_known, allow, sizeof allow);
	if (r->route == ROUTE_UNMATCHED && !path_known && web_path(r->srv, r->path)) {
		r->route = ROUTE_WEB;
		answer_web(r);
		return false;
	}
	if (r->route == N_ROUTES) {
		if (path_known) {
			respond_problem(r, 405, "method_not_allowed",
					"this path does not take this method", NULL);
			respond_header(r, "Allow", zv_arena_strndup(&r->a, allow, strlen(allow)));
		} else {
			respond_problem(r, 404, "not_found", "there is no such path in this API",
					NULL);
		}
		return false;
	}
	const struct route *rt = &ROUTES[r->route];
	/* Signing in is the one state-changing request without a session. */
	bool csrf = state_changing(r->method);
	if ((rt->flags & NEEDS_SESSION) && !check_session(r, csrf))
		return false;
	if (takes_body(r->method) && announces_body(r->conn) && !check_content_type(r))
		return false;
	return true;
}

/* The rest, with the body read: its size and kind, then the handler. */
static void dispatch(struct request *r)
{
	const struct route *rt = &ROUTES[r->route];
	if (r->body_over) {
		if (rt->flags & RAW_BODY_400)
			respond_problem(r, 400, "invalid_situation",
					"the situation is larger than 1 MiB", "$");
		else
			respond_problem(r, 413, "body_too_large",
					"the request body is larger than the server accepts", NULL);
		return;
	}
	if (!takes_body(r->method) && r->body.len) {
		respond_problem(r, 400, "unexpected_body", "this request takes no body", NULL);
		return;
	}
	rt->handle(r, r->srv->sv);
}

/* The text of a numeric address as inet_ntop writes it (so that one
 * address has one text), or false when it is not one. */
static bool address_text(const char *in, size_t n, char *out, size_t cap)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr any;
	if (n >= sizeof buf)
		return false;
	memcpy(buf, in, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &any) == 1)
		return inet_ntop(AF_INET, &any, out, (socklen_t)cap) != NULL;
	if (inet_pton(AF_INET6, buf, &any) == 1)
		return inet_ntop(AF_INET6, &any, out, (socklen_t)cap) != NULL;
	return false;
}

/* The client's address: the peer's, or behind the one trusted proxy the
 * address that proxy put last in X-Forwarded-For (what came before it was
 * said by the client and proves nothing). */
static void client_address(struct zv_http_server *s, struct MHD_Connection *conn, char *out,
			   size_t cap)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, cap, "http ?");
	if (!ci || !ci->client_addr)
		return;
	char text[INET6_ADDRSTRLEN] = "?";
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, text,
			  sizeof text);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
			  text, sizeof text);
	const char *xff = s->trusted_proxy && !strcmp(text, s->trusted_proxy)
				  ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
								"X-Forwarded-For")
				  : NULL;
	if (xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ' || *last == '\t')
			last++;
		size_t n = strlen(last);
		while (n && (last[n - 1] == ' ' || last[n - 1] == '\t'))
			n--;
		char client[INET6_ADDRSTRLEN];
		if (address_text(last, n, client, sizeof client)) {
			snprintf(out, cap, "http %s via %s", client, text);
			return;
		}
	}
	snprintf(out, cap, "http %s", text);
}

static struct request *request_new(struct zv_http_server *s, struct MHD_Connection *conn,
				   const char *method, const char *url)
{
	struct request *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->srv = s;
	r->conn = conn;
	r->start_us = monotonic_us();
	zv_arena_init(&r->a, 0);
	zv_buf_init(&r->body, 0);
	zv_buf_init(&r->out, 0);
	r->method = zv_arena_strndup(&r->a, method, strlen(method));
	r->path = zv_arena_strndup(&r->a, url, strlen(url));
	r->route = N_ROUTES;
	r->file_fd = -1;
	r->status = 500;
	/* Requests that began before a stop are finished; later ones on open
	 * connections are turned away. */
	r->after_stop = atomic_load(&s->stopping);
	client_address(s, conn, r->client, sizeof r->client);
	if (!r->method || !r->path) {
		zv_arena_release(&r->a);
		free(r);
		return NULL;
	}
	atomic_fetch_add(&s->in_flight, 1);
	return r;
}

/* Is the announced body over the limit? (A lying Content-Length is caught
 * while reading.) */
static bool announced_too_big(struct MHD_Connection *conn, size_t limit)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
	if (!cl)
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(cl, &end, 10);
	return errno || *end || n > limit;
}

static enum MHD_Result answer_now(struct request *r)
{
	r->answered = true;
	return send_answer(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct zv_http_server *s = cls;
	struct request *r = *con_cls;
	if (!r) {
		if (!(r = request_new(s, conn, method, url)))
			return MHD_NO;
		*con_cls = r;
		/* Answered at the headers: a body that follows is never read,
		 * and the connection is closed after the answer. */
		if (!check_headers(r))
			return answer_now(r);
		r->max_body = ROUTES[r->route].flags & SMALL_BODY ? SMALL_BODY_BYTES : DEFAULT_MAX_BODY;
		if (announced_too_big(conn, DISCARD_CAP)) {
			r->body_over = true;
			dispatch(r);
			return answer_now(r);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		r->received += *upload_data_size;
		/* Streaming on and on, or for too long: cut it off. */
		if (r->received > DISCARD_CAP || monotonic_us() - r->start_us > REQUEST_DEADLINE_US)
			return MHD_NO;
		if (!r->body_over && r->received <= r->max_body)
			zv_buf_add(&r->body, upload_data, *upload_data_size);
		else
			r->body_over = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->answered)
		return MHD_YES;
	if (r->body.failed) {
		respond_problem(r, 413, "body_too_large", "the request body did not fit in memory",
				NULL);
		return answer_now(r);
	}
	dispatch(r);
	return answer_now(r);
}

/* ---- after the answer: metrics, access log, freeing ------------------------------------- */

static void access_log_line(struct request *r, int64_t us)
{
	struct zv_http_server *s = r->srv;
	char at[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* No personal data: the route's pattern, never the path with its ids;
	 * no login, no address. */
	const char *route = route_name(r->route);
	static const char *const METHODS[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
					      "OPTIONS"};
	const char *method = "other";   /* the client's word, only when it is one of these */
	for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++)
		if (!strcmp(r->method, METHODS[i]))
			method = METHODS[i];
	char line[512];
	int n = snprintf(line, sizeof line,
			 "{\"at\":\"%s\",\"method\":\"%s\",\"route\":\"%s\",\"status\":%u,"
			 "\"duration_us\":%lld,\"bytes\":%zu%s%s%s}",
			 at, method, route, r->status, (long long)us, r->sent_bytes,
			 r->error_code ? ",\"code\":\"" : "", r->error_code ? r->error_code : "",
			 r->error_code ? "\"" : "");
	if (n > 0 && (size_t)n < sizeof line)
		server_log(s, line, (size_t)n);
}

void server_log(struct zv_http_server *s, const char *json, size_t len)
{
	FILE *to = s->access_log;
	if (!to)
		return;
	pthread_mutex_lock(&s->log_mu);
	fwrite(json, 1, len, to);
	fputc('\n', to);
	fflush(to);
	pthread_mutex_unlock(&s->log_mu);
}

void server_log_text(struct zv_http_server *s, const char *key, const char *text)
{
	struct zv_buf b;
	zv_buf_init(&b, 0);
	zv_buf_putc(&b, '{');
	zv_json_write_string(&b, key, strlen(key));
	zv_buf_putc(&b, ':');
	zv_json_write_string(&b, text, strlen(text));
	zv_buf_putc(&b, '}');
	if (!b.failed)
		server_log(s, b.data, b.len);
	zv_buf_release(&b);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct zv_http_server *s = cls;
	struct request *r = *con_cls;
	if (!r)
		return;
	int64_t us = monotonic_us() - r->start_us;
	metrics_request(&s->metrics, r->route, r->status, us);
	access_log_line(r, us);
	zv_buf_release(&r->body);
	zv_buf_release(&r->out);
	zv_arena_release(&r->a);
	if (r->file_fd >= 0)   /* opened, never handed over */
		close(r->file_fd);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

/* ---- starting and stopping ---------------------------------------------------------------- */

static char *copy_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void server_free(struct zv_http_server *s)
{
	watcher_stop(s);
	services_close(s);
	sessions_free(&s->sessions);
	limiter_free(&s->limiter);
	metrics_free(&s->metrics);
	pthread_mutex_destroy(&s->log_mu);
	pthread_mutex_destroy(&s->watch_mu);
	pthread_cond_destroy(&s->watch_cv);
	free(s->db);
	free(s->key_dir);
	if (s->key)
		sodium_memzero(s->key, strlen(s->key));
	free(s->key);
	free(s->cert);
	free(s->trusted_proxy);
	free(s->web_root);
	free(s);
}

static int listen_address(const char *address, uint16_t port, struct sockaddr_storage *sa,
			  struct zv_error *err)
{
	memset(sa, 0, sizeof *sa);
	struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
	if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		return ZV_OK;
	}
	if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		return ZV_OK;
	}
	return zv_error_set(err, ZV_EINPUT, "", "--listen: '%s' is not a numeric IPv4 or IPv6 "
						"address",
			    address);
}

/* libmicrohttpd's own messages (a client gone mid-answer, say) go to the
 * access log as a JSON line, with what it quotes of a request (`…') left
 * out: a path holds ids. */
static void log_library(void *cls, const char *fmt, va_list ap)
{
	struct zv_http_server *s = cls;
	char text[512], out[512];
	vsnprintf(text, sizeof text, fmt, ap);
	size_t n = 0;
	bool quoted = false;
	for (size_t i = 0; text[i] && n + 12 < sizeof out; i++) {
		if (quoted) {
			quoted = text[i] != '\'';
		} else if (text[i] == '`') {
			quoted = true;
			memcpy(out + n, "(a request)", 11);
			n += 11;
		} else if (text[i] != '\n') {
			out[n++] = text[i];
		}
	}
	out[n] = '\0';
	server_log_text(s, "libmicrohttpd", out);
}

/* Paths are routed as they came: "%2F" is no slash and "%00" no end (ids
 * never need escapes, so an escaped path is simply not found). */
static size_t keep_escapes(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return strlen(s);
}

static int start_daemon(struct zv_http_server *s, const struct zv_http_options *opt,
			struct zv_error *err)
{
	struct sockaddr_storage sa;
	if (listen_address(opt->address ? opt->address : "127.0.0.1", opt->port, &sa, err))
		return err->code;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG;
	if (sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (s->tls)
		flags |= MHD_USE_TLS;
	unsigned threads = opt->threads ? opt->threads : DEFAULT_THREADS;
	struct MHD_OptionItem tls_opts[] = {
		{MHD_OPTION_HTTPS_MEM_CERT, 0, s->cert},
		{MHD_OPTION_HTTPS_MEM_KEY, 0, s->key},
		{MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"SECURE256:+SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
		{MHD_OPTION_END, 0, NULL},
	};
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, log_library, s,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)DEFAULT_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		opt->connections_per_address ? opt->connections_per_address
					     : (unsigned)DEFAULT_PER_ADDRESS,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_ARRAY,
		s->tls ? tls_opts : &tls_opts[3], MHD_OPTION_END);
	if (!s->daemon)
		return zv_error_set(err, ZV_EIO, "",
				    "cannot listen on %s port %u (in use, or not an address of "
				    "this machine%s)",
				    opt->address ? opt->address : "127.0.0.1", (unsigned)opt->port,
				    s->tls ? ", or the TLS certificate and key do not fit" : "");
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon,
							      MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : opt->port;
	return ZV_OK;
}

int zv_http_start(const struct zv_http_options *opt, struct zv_http_server **out,
		  struct zv_error *err)
{
	*out = NULL;
	if (!!opt->tls_cert_pem != !!opt->tls_key_pem)
		return zv_error_set(err, ZV_EUSAGE, "", "TLS needs both --tls-cert and --tls-key");
	char proxy[INET6_ADDRSTRLEN];
	if (opt->trusted_proxy &&
	    !address_text(opt->trusted_proxy, strlen(opt->trusted_proxy), proxy, sizeof proxy))
		return zv_error_set(err, ZV_EUSAGE, "",
				    "--trusted-proxy: '%s' is not a numeric IPv4 or IPv6 address",
				    opt->trusted_proxy);
	if (sodium_init() < 0)
		return zv_error_set(err, ZV_EINTERNAL, "", "libsodium could not start");
	struct zv_http_server *s = calloc(1, sizeof *s);
	if (!s)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory starting the server");
	pthread_mutex_init(&s->log_mu, NULL);
	pthread_mutex_init(&s->watch_mu, NULL);
	pthread_cond_init(&s->watch_cv, NULL);
	zv_arena_init(&s->known_arena, 0);
	atomic_init(&s->in_flight, 0);
	atomic_init(&s->stopping, false);
	s->db = copy_or_null(opt->db);
	s->key_dir = copy_or_null(opt->key_dir);
	s->cert = copy_or_null(opt->tls_cert_pem);
	s->key = copy_or_null(opt->tls_key_pem);
	s->trusted_proxy = opt->trusted_proxy ? copy_or_null(proxy) : NULL;   /* as inet_ntop writes it */
	s->tls = opt->tls_cert_pem != NULL;
	s->access_log = opt->access_log;
	int rc = !s->db || !s->key_dir || (opt->tls_cert_pem && (!s->cert || !s->key)) ||
			 (opt->trusted_proxy && !s->trusted_proxy)
			 ? zv_error_set(err, ZV_ENOMEM, "", "out of memory starting the server")
			 : ZV_OK;
	if (!rc)
		rc = sessions_init(&s->sessions,
				   opt->session_idle_s ? opt->session_idle_s : DEFAULT_IDLE_S,
				   opt->session_absolute_s ? opt->session_absolute_s
							   : DEFAULT_ABSOLUTE_S,
				   err);
	if (!rc)
		rc = limiter_init(&s->limiter, err);
	if (!rc)
		rc = metrics_init(&s->metrics, N_ROUTES, err);
	if (!rc)
		rc = web_root_open(s, opt->web_dir, err);
	if (!rc)
		rc = services_open(s, opt->service, err);
	if (!rc)
		rc = watcher_start(s, err);
	if (!rc)
		rc = start_daemon(s, opt, err);
	if (rc) {
		server_free(s);
		return rc;
	}
	*out = s;
	return ZV_OK;
}

uint16_t zv_http_port(const struct zv_http_server *s)
{
	return s->port;
}

const char *zv_http_web_dir(const struct zv_http_server *s)
{
	return s->web_root;
}

void zv_http_stop(struct zv_http_server *s, unsigned grace_s)
{
	if (!s)
		return;
	atomic_store(&s->stopping, true);
	MHD_socket listener = MHD_quiesce_daemon(s->daemon);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	int64_t until = monotonic_us() + (int64_t)grace_s * 1000000;
	while (atomic_load(&s->in_flight) && monotonic_us() < until) {
		struct timespec pause = {0, 10 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	MHD_stop_daemon(s->daemon);
	server_free(s);
}
