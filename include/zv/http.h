/*
 * zv/http.h — the HTTP/JSON API: `zorgvuldig serve` (docs/http.md).
 *
 * A GNU libmicrohttpd daemon (a thread pool on epoll) answers the routes of
 * docs/openapi.json under /api/v1/, plus /healthz and /metrics, and serves
 * the files of the web application's folder on the other paths. Handlers
 * only translate: JSON in (zv/api.h), one service call (zv/service.h),
 * JSON out. Authorization lives in the services; the server adds who is
 * signed in (sessions in memory, argon2id passwords, TOTP), CSRF tokens,
 * limits, security headers and problem details (RFC 9457) for every error.
 *
 * Ownership: zv_http_start copies what it needs from the options; the
 * server owns its services (one set on one store connection, shared by the
 * worker threads) and frees everything in zv_http_stop.
 */
#ifndef ZV_HTTP_H
#define ZV_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zv/base.h"
#include "zv/service.h"

struct zv_http_options {
	const char *db;                 /* the store made by init */
	const char *key_dir;            /* its keys (FILE.keys) */
	const char *address;            /* numeric IPv4 or IPv6 address to listen on */
	uint16_t port;                  /* 0: any free port (zv_http_port tells which) */
	const char *tls_cert_pem;       /* both or neither: HTTPS with these (PEM text) */
	const char *tls_key_pem;
	unsigned threads;               /* worker threads; 0: 4 */
	unsigned connections_per_address;  /* at once from one address; 0: 64 */
	unsigned session_idle_s;        /* sessions end after this idle time; 0: 30 min */
	unsigned session_absolute_s;    /* and this long after sign-in; 0: 12 h */
	FILE *access_log;               /* one JSON line per request, or NULL */
	/* A reverse proxy's address (numeric): requests from it name their
	 * client in the last entry of X-Forwarded-For. NULL: trust none. */
	const char *trusted_proxy;
	/* The web application's folder: GET and HEAD of paths outside /api/
	 * that no route answers are its files (docs/http.md). NULL: the API
	 * alone. Resolved once at the start; a folder that is not there is
	 * no error — static paths answer 404 (zv_http_web_dir says so). */
	const char *web_dir;
	/* The dossier's clock for the services (tests); NULL for the system's. */
	const struct zv_service_options *service;
};

struct zv_http_server;

/* Open the services and start listening. ZV_EIO when the address cannot be
 * bound, ZV_EINPUT for bad TLS material, the services' errors as they are. */
int zv_http_start(const struct zv_http_options *opt, struct zv_http_server **out,
		  struct zv_error *err);
/* The port the server listens on. */
uint16_t zv_http_port(const struct zv_http_server *s);
/* The web application's folder as resolved at the start (its real path,
 * ending in "/"), or NULL when none was given or it is not a folder. */
const char *zv_http_web_dir(const struct zv_http_server *s);
/* Stop accepting, let requests in flight finish (up to `grace_s` seconds),
 * then stop and free everything. */
void zv_http_stop(struct zv_http_server *s, unsigned grace_s);

/* The routes the server answers (for the OpenAPI test): the i-th route's
 * method and path, with parameters as {name}; false after the last. */
bool zv_http_route(size_t i, const char **method, const char **path);

#endif /* ZV_HTTP_H */
