/*
 * test_http_routes.c — docs/openapi.json lists exactly the routes the
 * server has: every route of the server's table (zv_http_route) is in the
 * document with its method, and every operation of the document is a route.
 * Paths under /api/v1 are written relative to the API's server; the others
 * (/healthz, /metrics) carry a server of their own.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "zv/http.h"

static const char *openapi_path;

static json_t *load(void)
{
	json_error_t e;
	json_t *doc = json_load_file(openapi_path, JSON_REJECT_DUPLICATES, &e);
	if (!doc)
		fail_msg("%s: line %d: %s", openapi_path, e.line, e.text);
	return doc;
}

/* The document's path of a server route, "" when it cannot be one. */
static void doc_path(const char *route, const json_t *item, char *out, size_t cap)
{
	const char *base = "/api/v1";
	bool own_server = json_object_get(item, "servers") != NULL;
	snprintf(out, cap, "%s%s", own_server ? "" : base, route);
}

static void every_route_is_documented(void **state)
{
	(void)state;
	json_t *doc = load();
	json_t *paths = json_object_get(doc, "paths");
	const char *method, *path;
	size_t n = 0;
	for (size_t i = 0; zv_http_route(i, &method, &path); i++, n++) {
		bool found = false;
		const char *key;
		json_t *item;
		json_object_foreach(paths, key, item) {
			char full[256];
			doc_path(key, item, full, sizeof full);
			if (strcmp(full, path))
				continue;
			char lower[16];
			size_t k = 0;
			for (; method[k] && k + 1 < sizeof lower; k++)
				lower[k] = (char)(method[k] | 0x20);
			lower[k] = '\0';
			found = json_object_get(item, lower) != NULL;
		}
		if (!found)
			fail_msg("the server answers %s %s, and docs/openapi.json does not list it",
				 method, path);
	}
	assert_true(n >= 20);
	json_decref(doc);
}

static void every_operation_is_a_route(void **state)
{
	(void)state;
	static const char *const METHODS[] = {"get", "put", "post", "delete", "patch", "head",
					      "options", "trace"};
	json_t *doc = load();
	const char *key;
	json_t *item;
	json_object_foreach(json_object_get(doc, "paths"), key, item) {
		char full[256];
		doc_path(key, item, full, sizeof full);
		for (size_t m = 0; m < sizeof METHODS / sizeof *METHODS; m++) {
			if (!json_object_get(item, METHODS[m]))
				continue;
			bool found = false;
			const char *method, *path;
			for (size_t i = 0; zv_http_route(i, &method, &path); i++)
				found |= !strcasecmp(method, METHODS[m]) && !strcmp(path, full);
			if (!found)
				fail_msg("docs/openapi.json lists %s %s, and the server has no such route",
					 METHODS[m], full);
		}
	}
	json_decref(doc);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_http_routes OPENAPI.json\n");
		return 2;
	}
	openapi_path = argv[1];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_route_is_documented),
		cmocka_unit_test(every_operation_is_a_route),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
