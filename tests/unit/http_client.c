/*
 * http_client.c — a tiny blocking HTTP/1.1 client for the tests (see
 * http_client.h).
 *
 * One connection per request: connect to 127.0.0.1, write the request with
 * "Connection: close" (and a Content-Length when there is a body), read into
 * a capped buffer until the server closes, then split the bytes in place:
 * the status line, each header line cut at its colon into a name and a
 * value, and the body after the blank line, checked against the
 * Content-Length. Reads and writes time out, so a server that hangs fails
 * the test instead of hanging it. Nothing is global: threads may each make
 * their own requests.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "http_client.h"

static int connect_local(uint16_t port, int *fd, struct zv_error *err)
{
	*fd = socket(AF_INET, SOCK_STREAM, 0);
	if (*fd < 0)
		return zv_error_set(err, ZV_EIO, "", "socket: %s", strerror(errno));
	struct timeval tv = {.tv_sec = HTTP_TIMEOUT_S};
	setsockopt(*fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(*fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (connect(*fd, (struct sockaddr *)&sa, sizeof sa))
		return zv_error_set(err, ZV_EIO, "", "connecting to 127.0.0.1:%u: %s",
				    (unsigned)port, strerror(errno));
	return ZV_OK;
}

static int send_all(int fd, const char *bytes, size_t n, struct zv_error *err)
{
	while (n) {
		ssize_t k = send(fd, bytes, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return zv_error_set(err, ZV_EIO, "", "sending the request: %s",
					    k ? strerror(errno) : "nothing sent");
		bytes += k;
		n -= (size_t)k;
	}
	return ZV_OK;
}

static int receive_all(int fd, struct zv_buf *in, struct zv_error *err)
{
	char chunk[16384];
	for (;;) {
		ssize_t k = recv(fd, chunk, sizeof chunk, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return zv_error_set(err, ZV_EIO, "", "reading the answer: %s",
					    errno == EAGAIN || errno == EWOULDBLOCK
						    ? "timed out"
						    : strerror(errno));
		if (!k)
			return ZV_OK;
		zv_buf_add(in, chunk, (size_t)k);
		if (in->failed)
			return zv_error_set(err, ZV_EIO, "", "the answer is larger than %d bytes",
					    HTTP_MAX_RESPONSE);
	}
}

/* The line at *p, cut at its CRLF; *p moves past it. NULL at the blank line
 * ending the head, or when there is no CRLF. */
static char *next_line(char **p, bool *blank)
{
	char *line = *p, *end = strstr(line, "\r\n");
	*blank = false;
	if (!end)
		return NULL;
	*end = '\0';
	*p = end + 2;
	*blank = end == line;
	return *blank ? NULL : line;
}

/* Split the received bytes in place into status, headers and body. */
static int parse(struct http_response *r, struct zv_error *err)
{
	char *p = r->raw, *line;
	bool blank;
	if (!(line = next_line(&p, &blank)) || strncmp(line, "HTTP/1.", 7) || strlen(line) < 12 ||
	    line[8] != ' ' || sscanf(line + 9, "%3d", &r->status) != 1)
		return zv_error_set(err, ZV_EIO, "", "not an HTTP/1.x status line: \"%.80s\"",
				    line ? line : r->raw);
	while ((line = next_line(&p, &blank))) {
		char *colon = strchr(line, ':');
		if (!colon || r->n_headers == HTTP_MAX_HEADERS)
			return zv_error_set(err, ZV_EIO, "", "%s header line \"%.80s\"",
					    colon ? "one header too many at" : "a bad", line);
		*colon = '\0';
		char *value = colon + 1;
		value += strspn(value, " \t");
		r->headers[r->n_headers++] = (struct http_header){line, value};
	}
	if (!blank)
		return zv_error_set(err, ZV_EIO, "", "the answer's head does not end");
	r->body = p;
	r->body_len = r->raw_len - (size_t)(p - r->raw);
	const char *te = http_response_header(r, "Transfer-Encoding");
	if (te && strcasecmp(te, "identity"))
		return zv_error_set(err, ZV_EIO, "", "a %s body (this client reads none)", te);
	const char *cl = http_response_header(r, "Content-Length");
	char *end;
	if (cl && (strtoull(cl, &end, 10) != r->body_len || *end))
		return zv_error_set(err, ZV_EIO, "", "Content-Length %s, but %zu bytes came", cl,
				    r->body_len);
	return ZV_OK;
}

int http_request(uint16_t port, const struct http_request *req, struct http_response *out,
		 struct zv_error *err)
{
	memset(out, 0, sizeof *out);
	struct zv_buf msg, in;
	zv_buf_init(&msg, 0);
	zv_buf_init(&in, HTTP_MAX_RESPONSE);
	int fd = -1;
	zv_buf_printf(&msg, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n",
		      req->method, req->path, (unsigned)port);
	if (req->cookie)
		zv_buf_printf(&msg, "Cookie: %s\r\n", req->cookie);
	if (req->csrf)
		zv_buf_printf(&msg, "X-CSRF-Token: %s\r\n", req->csrf);
	if (req->json)
		zv_buf_printf(&msg, "Content-Type: application/json\r\nContent-Length: %zu\r\n",
			      strlen(req->json));
	zv_buf_puts(&msg, "\r\n");
	if (req->json)
		zv_buf_puts(&msg, req->json);
	int rc = ZV_OK;
	if (msg.failed)
		rc = zv_error_set(err, ZV_ENOMEM, "", "out of memory for the request");
	if (!rc)
		rc = connect_local(port, &fd, err);
	if (!rc)
		rc = send_all(fd, msg.data, msg.len, err);
	if (!rc)
		rc = receive_all(fd, &in, err);
	if (!rc && !in.len)
		rc = zv_error_set(err, ZV_EIO, "", "the server closed without answering");
	if (!rc) {
		out->raw = zv_buf_detach(&in, &out->raw_len);
		rc = parse(out, err);
	}
	if (fd >= 0)
		close(fd);
	zv_buf_release(&msg);
	zv_buf_release(&in);
	if (rc)
		http_response_release(out);
	return rc;
}

const char *http_response_header(const struct http_response *r, const char *name)
{
	for (size_t i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

bool http_response_cookie(const struct http_response *r, const char *name, char *out,
			  size_t cap)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->n_headers; i++) {
		const char *v = r->headers[i].value;
		if (strcasecmp(r->headers[i].name, "Set-Cookie") || strncmp(v, name, n) ||
		    v[n] != '=')
			continue;
		v += n + 1;
		size_t len = strcspn(v, ";");
		if (len >= cap)
			return false;
		memcpy(out, v, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

void http_response_release(struct http_response *r)
{
	free(r->raw);
	memset(r, 0, sizeof *r);
}
