/*
 * router.c — the routes of the HTTP API, in one table, and finding a
 * request's route.
 *
 * The table is the API: docs/openapi.json must list exactly these routes
 * (tests/unit/test_http_routes.c compares them, through zv_http_route). Paths have no trailing
 * slash and no empty segments; a parameter matches one segment of the
 * characters ids are made of, so "..", "%2F" or an encoded slash never
 * reach a handler.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define S NEEDS_SESSION

const struct route ROUTES[] = {
	{"POST", "/api/v1/session", SMALL_BODY, h_session_create},
	{"GET", "/api/v1/session", S, h_session_show},
	{"DELETE", "/api/v1/session", S, h_session_delete},
	{"POST", "/api/v1/decisions", S | RAW_BODY_400, h_decisions},
	{"GET", "/api/v1/cases", S, h_cases_list},
	{"POST", "/api/v1/cases", S, h_cases_open},
	{"GET", "/api/v1/cases/{caseId}", S, h_case_show},
	{"POST", "/api/v1/cases/{caseId}/changes", S, h_case_change},
	{"POST", "/api/v1/cases/{caseId}/family-informed", S, h_case_informed},
	{"PUT", "/api/v1/cases/{caseId}/members/{login}", S, h_case_member},
	{"POST", "/api/v1/cases/{caseId}/entries", S, h_entry_add},
	{"POST", "/api/v1/cases/{caseId}/consents", S, h_consent_record},
	{"POST", "/api/v1/cases/{caseId}/consents/{consentId}/steps", S, h_consent_step},
	{"POST", "/api/v1/cases/{caseId}/consents/{consentId}/withdrawal", S,
	 h_consent_withdraw},
	{"POST", "/api/v1/cases/{caseId}/disclosures", S, h_disclose},
	{"POST", "/api/v1/cases/{caseId}/break-glass", S, h_break_glass},
	{"POST", "/api/v1/entries/{entryId}/corrections", S, h_entry_correct},
	{"POST", "/api/v1/entries/{entryId}/reactions", S, h_entry_react},
	{"GET", "/api/v1/break-glass", S, h_break_glass_pending},
	{"POST", "/api/v1/break-glass/{grantId}/review", S, h_break_glass_review},
	{"GET", "/api/v1/obligations", S, h_obligations},
	{"POST", "/api/v1/obligations/{obligationId}/fulfilment", S, h_obligation_fulfil},
	{"GET", "/api/v1/organisations", S, h_organisations},
	{"GET", "/api/v1/audit-events", S, h_audit_events},
	{"GET", "/api/v1/audit-log/verification", S, h_audit_verification},
	{"GET", "/api/v1/openapi.json", 0, h_openapi},
	{"GET", "/healthz", 0, h_healthz},
	{"GET", "/metrics", 0, h_metrics},
};
const size_t N_ROUTES = sizeof ROUTES / sizeof *ROUTES;

#undef S

bool zv_http_route(size_t i, const char **method, const char **path)
{
	if (i >= N_ROUTES)
		return false;
	*method = ROUTES[i].method;
	*path = ROUTES[i].pattern;
	return true;
}

const char *route_name(size_t i)
{
	return i < N_ROUTES ? ROUTES[i].pattern : i == ROUTE_WEB ? "static" : "unmatched";
}

/* An id in a path: letters, digits and . _ - @ (logins may be e-mail-like),
 * 1..128 bytes, and not made of dots alone. */
static bool id_segment(const char *s, size_t n)
{
	if (!n || n > 128)
		return false;
	bool only_dots = true;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '_' || c == '-' || c == '@';
		if (!ok)
			return false;
		only_dots = only_dots && c == '.';
	}
	return !only_dots;
}

/* Does `path` fit `pattern`? Its parameters go into r (the matched route's
 * are the last written). */
static bool fits(const char *pattern, const char *path, struct request *r)
{
	size_t n_params = 0;
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return false;
		pattern++;
		path++;
		const char *pe = strchr(pattern, '/'), *se = strchr(path, '/');
		size_t pn = pe ? (size_t)(pe - pattern) : strlen(pattern);
		size_t sn = se ? (size_t)(se - path) : strlen(path);
		if (pattern[0] == '{') {
			if (!id_segment(path, sn) || n_params == MAX_PARAMS)
				return false;
			r->param[n_params] = zv_arena_strndup(&r->a, path, sn);
			n_params++;
		} else if (pn != sn || memcmp(pattern, path, sn)) {
			return false;
		}
		pattern += pn;
		path += sn;
	}
	if (*pattern || *path)
		return false;
	return true;
}

size_t route_match(struct request *r, bool *path_known, char *allow, size_t allow_cap)
{
	*path_known = false;
	size_t used = 0;
	allow[0] = '\0';
	/* HEAD is answered as GET (libmicrohttpd sends no body). */
	const char *method = !strcmp(r->method, "HEAD") ? "GET" : r->method;
	for (size_t i = 0; i < N_ROUTES; i++) {
		if (!fits(ROUTES[i].pattern, r->path, r))
			continue;
		if (!strcmp(ROUTES[i].method, method))
			return i;   /* with its parameters in r */
		*path_known = true;
		/* HEAD goes with GET. */
		bool get = !strcmp(ROUTES[i].method, "GET");
		int w = snprintf(allow + used, allow_cap - used, "%s%s%s", used ? ", " : "",
				 ROUTES[i].method, get ? ", HEAD" : "");
		if (w > 0 && (size_t)w < allow_cap - used)
			used += (size_t)w;
	}
	return N_ROUTES;
}
