/*
 * http_client.h — a tiny blocking HTTP/1.1 client for the tests.
 *
 * One request per connection to 127.0.0.1 ("Connection: close"): the
 * request is written whole, the answer read until the server closes the
 * connection, then split into the status, the header lines and the body.
 * No TLS, no redirects, no chunked bodies (the server under test answers
 * from buffers, with a Content-Length): what a test needs and no more.
 *
 * Ownership: http_request() fills a struct http_response that owns its
 * bytes; every pointer in it points into them. Free it with
 * http_response_release() (also after a failure: it is then empty).
 */
#ifndef ZV_TEST_HTTP_CLIENT_H
#define ZV_TEST_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zv/base.h"

enum {
	HTTP_MAX_HEADERS = 64,
	HTTP_MAX_RESPONSE = 16 * 1024 * 1024,   /* bytes, headers and body */
	HTTP_TIMEOUT_S = 60,                     /* per read or write */
};

struct http_request {
	const char *method;   /* "GET", "POST", … */
	const char *path;     /* "/api/v1/cases" */
	const char *cookie;   /* the Cookie header's value ("zv_session=…"), or NULL */
	const char *csrf;     /* the X-CSRF-Token header's value, or NULL */
	const char *json;     /* a body sent as application/json, or NULL */
};

struct http_header {
	const char *name, *value;   /* NUL-terminated, the value without leading blanks */
};

struct http_response {
	int status;                 /* 200, 404, … */
	struct http_header headers[HTTP_MAX_HEADERS];
	size_t n_headers;
	const char *body;           /* NUL-terminated (a NUL in the body ends it early) */
	size_t body_len;
	char *raw;                  /* all bytes received, split in place; owned */
	size_t raw_len;
};

/* Send `req` to 127.0.0.1:`port` and read the whole answer into `out`.
 * ZV_EIO (with the reason in `err`) when the connection fails, times out
 * or the answer is not an HTTP/1.x response this client can read. */
int http_request(uint16_t port, const struct http_request *req, struct http_response *out,
		 struct zv_error *err);

/* The first header `name` (any case), or NULL. */
const char *http_response_header(const struct http_response *r, const char *name);

/* The value of cookie `name` in the response's Set-Cookie headers, copied
 * into `out` (at most `cap` bytes with the NUL); false when there is none
 * or it does not fit. */
bool http_response_cookie(const struct http_response *r, const char *name, char *out,
			  size_t cap);

void http_response_release(struct http_response *r);

#endif /* ZV_TEST_HTTP_CLIENT_H */
