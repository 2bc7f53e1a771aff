/*
 * query.c — a request's query string, for the routes that take one: the
 * parameters the route names, each at most once, percent-decoded as
 * browsers and URLSearchParams write them (%XX, and + for a space). An
 * unknown parameter, one given twice or without a value, or a value that is
 * not well encoded is a 400 naming the parameter as "?name" ("?" for the
 * query as a whole); nothing is read past the first problem.
 *
 * Paths are routed as they came, never decoded (server.c); query values are
 * data, and a login may well arrive as a%40b. libmicrohttpd hands the
 * parameters over undecoded (our unescape callback keeps escapes), and they
 * fit in the connection's 32 KiB.
 */
#include <string.h>

#include "internal.h"
#include "zv/crypto.h"

enum { QUERY_MAX_PARAMS = 16, QUERY_VALUE_MAX = 1024 };

struct query_read {
	struct request *r;
	const struct query_param *p;
	size_t n, count;
	bool failed;
};

/* `v` decoded into `out` (strlen(v) + 1 bytes); false when it is not well
 * encoded: a % without two hex digits, or %00. */
static bool decode(const char *v, char *out)
{
	size_t n = strlen(v), k = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] != '%') {
			out[k++] = v[i] == '+' ? ' ' : v[i];
			continue;
		}
		uint8_t byte;
		if (i + 2 >= n || !zv_hex_decode(v + i + 1, 2, &byte, 1) || byte == 0)
			return false;
		out[k++] = (char)byte;
		i += 2;
	}
	out[k] = '\0';
	return true;
}

/* A 400 for the parameter `name` (NULL: the query as a whole). */
static enum MHD_Result refuse(struct query_read *q, const char *name, const char *detail)
{
	char echo[ZV_ECHO_LEN], path[ZV_ECHO_LEN + 1];
	zv_echo(echo, name ? name : "");
	snprintf(path, sizeof path, "?%s", echo);
	respond_problem(q->r, 400, "invalid_input", detail, path);
	q->failed = true;
	return MHD_NO;
}

static enum MHD_Result take_param(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	struct query_read *q = cls;
	if (++q->count > QUERY_MAX_PARAMS)
		return refuse(q, NULL, "too many query parameters");
	const struct query_param *p = NULL;
	for (size_t i = 0; key && i < q->n && !p; i++)
		if (!strcmp(q->p[i].name, key))
			p = &q->p[i];
	if (!p)
		return refuse(q, key, "this route takes no such query parameter");
	if (*p->to)
		return refuse(q, key, "a query parameter may be given once");
	if (!value || !*value)
		return refuse(q, key, "the query parameter needs a value");
	if (strlen(value) > QUERY_VALUE_MAX)
		return refuse(q, key, "the value is longer than 1024 bytes");
	char *to = zv_arena_alloc(&q->r->a, strlen(value) + 1);
	if (!to) {
		respond_problem(q->r, 500, "internal_error", "out of memory", NULL);
		q->failed = true;
		return MHD_NO;
	}
	if (!decode(value, to))
		return refuse(q, key, "the value is not percent-encoded well (a % takes two hex "
				      "digits, and %00 is refused)");
	*p->to = to;
	return MHD_YES;
}

bool request_query(struct request *r, const struct query_param *p, size_t n)
{
	struct query_read q = {.r = r, .p = p, .n = n};
	for (size_t i = 0; i < n; i++)
		*p[i].to = NULL;
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, take_param, &q);
	return !q.failed;
}
