/*
 * oracle_http.c — the authorization oracle replayed over the HTTP API.
 *
 * Every store the oracle makes holds credentials for every user of the
 * configuration, given by the pilot's administrator through the services
 * (oracle_credentials_give): a password, and a second factor to those
 * whose roles need one, whose codes the test computes as an authenticator
 * app would. After a seed's world has been built and checked through the
 * services (test_dossier_oracle.c), an in-process server is started on the
 * world's store with the world's clock (zv_http_start, a free port), and
 * every user signs in with POST /api/v1/session. Then, for every user and
 * every case, the API must give what the model says:
 *
 *   - GET /api/v1/cases lists exactly the cases the user has a role or a
 *     break-the-glass grant in, with that role;
 *   - GET /api/v1/cases/{id} is a 404 without a role; otherwise every entry
 *     of the case is absent when the full engine (oracle()) says hidden,
 *     "anonymous": true with no content when it says anonymous, and shown
 *     in full (its text and version as recorded) when it says visible;
 *   - no body names an entry the user may not see or carries the text of
 *     one they may not read, of this case or any other;
 *   - each request appends to the audit log exactly as many events as the
 *     same service call did (counted through the world's second
 *     connection, as the service calls' probes count them), and a view's
 *     newest event is the HTTP request's, naming exactly the entries shown.
 *
 * A disagreement about an entry fails with mismatch(), which says
 * everything about the seed, user, case and entry, and what HTTP showed
 * against what the oracle said.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_client.h"
#include "oracle.h"
#include "zv/http.h"

enum { COOKIE_LEN = 128, PATH_LEN = 160 };

struct replay {
	struct world *w;
	struct zv_http_server *server;
	uint16_t port;
	char cookie[MAX_USERS][COOKIE_LEN];   /* "zv_session=…" */
};

/* ---- credentials and signing in ---------------------------------------------- */

static const struct zv_professional *administrator(const struct zv_config *cfg)
{
	for (size_t u = 0; u < cfg->n_professionals; u++)
		if (cfg->professionals[u].roles & ZV_ROLE_ADMINISTRATOR)
			return &cfg->professionals[u];
	fail_msg("the configuration in force has no administrator to give users passwords");
	return NULL;
}

void oracle_credentials_give(struct zv_service *sv, const struct zv_config *cfg,
			     struct oracle_credentials *out)
{
	memset(out, 0, sizeof *out);
	assert_true(cfg->n_professionals <= MAX_USERS);
	struct zv_who who = {.login = administrator(cfg)->login, .from = "oracle"};
	for (size_t u = 0; u < cfg->n_professionals; u++) {
		const struct zv_professional *p = &cfg->professionals[u];
		struct zv_error err = {0};
		snprintf(out->password[u], sizeof out->password[u], "wachtwoord van %s", p->login);
		if (zv_user_add(sv, &who, p->login, out->password[u], &err))
			fail_msg("%s giving %s a password: %s", who.login, p->login, err.message);
		if (!p->second_factor)
			continue;
		struct zv_totp_setup setup;
		if (zv_user_set_totp(sv, &who, p->login, &setup, &err))
			fail_msg("%s giving %s a second factor: %s", who.login, p->login,
				 err.message);
		if (!zv_base32_decode(setup.secret, out->totp[u], sizeof out->totp[u],
				      &out->totp_len[u]) ||
		    !out->totp_len[u])
			fail_msg("the second factor of %s is not base32: %s", p->login, setup.secret);
		zv_wipe(&setup, sizeof setup);
	}
}

static void start_server(struct replay *r, const struct zv_service_options *clock)
{
	struct world *w = r->w;
	struct zv_http_options opt = {.db = w->db, .key_dir = w->keys, .address = "127.0.0.1",
				      .threads = 2, .service = clock};
	struct zv_error err = {0};
	if (zv_http_start(&opt, &r->server, &err))
		fail_msg("seed %llu: starting the HTTP server: %s", w->seed, err.message);
	r->port = zv_http_port(r->server);
}

/* One request; a failure to get any HTTP answer fails the test. */
static void request(struct replay *r, const char *method, const char *path, const char *cookie,
		    const char *json, struct http_response *out)
{
	struct http_request req = {.method = method, .path = path, .cookie = cookie, .json = json};
	struct zv_error err = {0};
	if (http_request(r->port, &req, out, &err))
		fail_msg("seed %llu: %s %s: %s", r->w->seed, method, path, err.message);
	r->w->st->http_requests++;
}

static json_t *body_json(const struct world *w, const char *path, const char *login,
			 const struct http_response *res)
{
	json_error_t jerr;
	json_t *root = json_loadb(res->body, res->body_len, 0, &jerr);
	if (!root)
		fail_msg("seed %llu: the answer to %s as %s is not JSON (%s): %.200s", w->seed, path,
			 login, jerr.text, res->body);
	return root;
}

static void sign_in(struct replay *r, size_t u)
{
	struct world *w = r->w;
	const struct oracle_credentials *given = w->credentials;
	const char *login = login_of(w, u);
	char code[ZV_TOTP_CODE_LEN] = "";
	if (given->totp_len[u]) {   /* as an authenticator app computes it now */
		struct zv_error err = {0};
		int64_t now_s = atomic_load(&w->clock) / 1000000;
		if (zv_totp_code(given->totp[u], given->totp_len[u], (uint64_t)zv_totp_step(now_s),
				 code, &err))
			fail_msg("seed %llu: the code of %s: %s", w->seed, login, err.message);
	}
	json_t *req = json_pack("{s:s, s:s}", "login", login, "password", given->password[u]);
	if (code[0])
		json_object_set_new(req, "totp", json_string(code));
	char *text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	assert_non_null(text);
	uint64_t before = audit_size(w);
	struct http_response res;
	request(r, "POST", "/api/v1/session", NULL, text, &res);
	free(text);
	uint64_t events = audit_size(w) - before;
	char token[COOKIE_LEN - 16];
	if (res.status != 200 || !http_response_cookie(&res, "zv_session", token, sizeof token))
		fail_msg("seed %llu: %s signing in%s: %d, %s", w->seed, login,
			 code[0] ? " with a code" : "", res.status, res.body);
	json_t *root = body_json(w, "POST /api/v1/session", login, &res);
	const char *signed_in = json_string_value(json_object_get(root, "login"));
	if (!signed_in || strcmp(signed_in, login) ||
	    !json_is_string(json_object_get(root, "csrf_token")))
		fail_msg("seed %llu: %s signed in as %s, or without a CSRF token: %s", w->seed,
			 login, signed_in ? signed_in : "nobody", res.body);
	if (events != 1)
		fail_msg("seed %llu: signing in %s appended %llu audit events, not one", w->seed,
			 login, (unsigned long long)events);
	json_decref(root);
	snprintf(r->cookie[u], sizeof r->cookie[u], "zv_session=%s", token);
	http_response_release(&res);
	w->st->http_signins++;
}

/* ---- what a body may name -------------------------------------------------------- */

/* Whether `body` holds `id` as a JSON string. */
static bool names(const char *body, const char *id)
{
	char quoted[ID_LEN + 2];
	snprintf(quoted, sizeof quoted, "\"%s\"", id);
	return strstr(body, quoted) != NULL;
}

/* No entry of the world whose id `shown` does not allow, nor any text of
 * one whose text `full` does not allow (both: entries of case `c`, by
 * index; every entry of another case is neither). */
static void check_no_leak(struct world *w, const struct m_case *c, size_t u, const char *path,
			  const struct http_response *res, const bool *shown, const bool *full)
{
	const char *login = login_of(w, u);
	for (size_t i = 0; i < w->n_cases; i++) {
		const struct m_case *other = &w->cases[i];
		for (size_t k = 0; k < other->n_entries; k++) {
			const struct m_entry *e = &other->entries[k];
			bool may_name = other == c && shown[k], may_read = other == c && full[k];
			if (!may_name && names(res->body, e->id))
				fail_msg("seed %llu: GET %s as %s names entry %s of case %s, which "
					 "the oracle says %s may not see (HTTP %d): %.300s",
					 w->seed, path, login, e->id, other->id, login, res->status,
					 res->body);
			if (!may_read && strstr(res->body, e->text))
				fail_msg("seed %llu: GET %s as %s carries the text of entry %s of "
					 "case %s (\"%s\"), which the oracle says %s may not read "
					 "(HTTP %d)",
					 w->seed, path, login, e->id, other->id, e->text, login,
					 res->status);
		}
	}
}

/* ---- the audit log -------------------------------------------------------------- */

/* The newest event must be this request's view of `c` by the user, from
 * HTTP, naming exactly the entries the body showed. */
static void check_view_event(struct world *w, const struct m_case *c, size_t u,
			     const char *path, bool refused, const bool *shown)
{
	const char *login = login_of(w, u);
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_audit_event e;
	newest_event(w, &a, &e);
	if (e.action != ZV_AUDIT_VIEW || strcmp(e.who.user, login) ||
	    e.outcome != (refused ? ZV_AUDIT_REFUSED : ZV_AUDIT_DONE) || e.cases.count != 1 ||
	    strcmp(e.cases.ids[0], c->id) || !e.from || strncmp(e.from, "http ", 5))
		fail_msg("seed %llu: the newest event after GET %s as %s is %s/%s by %s from %s "
			 "about %zu case(s), not that request's view",
			 w->seed, path, login, zv_audit_action_name(e.action),
			 e.outcome == ZV_AUDIT_DONE ? "done" : "refused", e.who.user,
			 e.from ? e.from : "nowhere", e.cases.count);
	size_t n = 0;
	for (size_t k = 0; k < c->n_entries; k++) {
		if (!shown[k])
			continue;
		n++;
		if (!id_in(&e.entries, c->entries[k].id))
			fail_msg("seed %llu: GET %s as %s showed entry %s; its audit event does "
				 "not name it",
				 w->seed, path, login, c->entries[k].id);
	}
	if (e.entries.count != n)
		fail_msg("seed %llu: GET %s as %s showed %zu entries; its audit event names %zu",
			 w->seed, path, login, n, e.entries.count);
	zv_arena_release(&a);
}

static void check_events(struct world *w, const char *what, const char *login, int status,
			 uint64_t got, uint64_t want)
{
	if (got != want)
		fail_msg("seed %llu: %s as %s answered %d and appended %llu audit events; the same "
			 "service call appended %llu",
			 w->seed, what, login, status, (unsigned long long)got,
			 (unsigned long long)want);
}

/* ---- a case over HTTP ---------------------------------------------------------- */

static bool str_is(const json_t *v, const char *want)
{
	const char *s = json_string_value(v);
	return want ? s && !strcmp(s, want) : json_is_null(v);
}

/* An anonymous entry carries its kind, category and date, nothing more. */
static bool bare(const json_t *entry)
{
	static const char *const CONTENT[] = {"text", "source", "subjects", "author",
					      "organisation", "secrecy_holder", "verified_by",
					      "corrected_versions", "reactions", "version"};
	for (size_t i = 0; i < sizeof CONTENT / sizeof *CONTENT; i++)
		if (json_object_get(entry, CONTENT[i]))
			return false;
	return true;
}

/* The view of a case the user has a role in: each entry as the oracle
 * says; `shown` and `full` say, by index, which entries the body showed
 * and which of them in full. */
static void check_view(struct world *w, struct m_case *c, size_t u, const char *path,
		       const struct http_response *res, bool *shown, bool *full)
{
	const char *login = login_of(w, u);
	int role = role_of(c, u);
	char where[PATH_LEN + 16];
	snprintf(where, sizeof where, "in GET %s", path);
	json_t *root = body_json(w, path, login, res);
	json_t *entries = json_object_get(root, "entries");
	if (!str_is(json_object_get(root, "id"), c->id) ||
	    !str_is(json_object_get(root, "your_role"), zv_case_role_name(role)) ||
	    !json_is_boolean(json_object_get(root, "break_the_glass")) ||
	    json_is_true(json_object_get(root, "break_the_glass")) !=
		    (c->role[u] == ZV_CASE_ROLE_NONE) ||
	    !json_is_boolean(json_object_get(root, "anonymous")) ||
	    json_is_true(json_object_get(root, "anonymous")) != (role == ZV_CASE_ROLE_ADVISOR) ||
	    !json_is_array(entries))
		fail_msg("seed %llu: GET %s as %s: not the view of %s as %s%s: %.300s", w->seed,
			 path, login, c->id, zv_case_role_name(role),
			 c->role[u] == ZV_CASE_ROLE_NONE ? " by break-the-glass" : "", res->body);
	size_t i;
	json_t *je;
	json_array_foreach(entries, i, je) {
		const char *id = json_string_value(json_object_get(je, "id"));
		struct m_entry *e = entry_by_id(c, id);
		if (!e)
			fail_msg("seed %llu: GET %s as %s shows entry %s, which the model does not "
				 "hold in %s",
				 w->seed, path, login, id ? id : "(no id)", c->id);
		size_t k = (size_t)(e - c->entries);
		if (shown[k])
			fail_msg("seed %llu: GET %s as %s shows entry %s twice", w->seed, path, login,
				 e->id);
		shown[k] = true;
		json_t *anonymous = json_object_get(je, "anonymous");
		if (!json_is_boolean(anonymous))
			fail_msg("seed %llu: GET %s as %s: entry %s without \"anonymous\"", w->seed,
				 path, login, e->id);
		enum zv_visibility got = json_is_true(anonymous) ? ZV_ANONYMOUS : ZV_VISIBLE;
		enum zv_visibility want = oracle(w, c, u, e);
		if (got != want)
			mismatch(w, c, u, e, want, got, "HTTP", where);
		w->st->http_comparisons++;
		full[k] = got == ZV_VISIBLE;
		if (got == ZV_ANONYMOUS) {
			if (!bare(je))
				fail_msg("seed %llu: GET %s as %s: anonymous entry %s carries content "
					 "or authorship",
					 w->seed, path, login, e->id);
			continue;
		}
		if (!str_is(json_object_get(je, "text"), e->text) ||
		    json_integer_value(json_object_get(je, "version")) != e->version ||
		    !str_is(json_object_get(je, "secrecy_holder"), e->holder))
			fail_msg("seed %llu: GET %s as %s: entry %s does not hold what was recorded "
				 "(text \"%s\", version %lld, recorded under %s)",
				 w->seed, path, login, e->id, e->text, (long long)e->version,
				 e->holder);
	}
	for (size_t k = 0; k < c->n_entries; k++) {
		if (shown[k])
			continue;
		enum zv_visibility want = oracle(w, c, u, &c->entries[k]);
		if (want != ZV_HIDDEN)
			mismatch(w, c, u, &c->entries[k], want, ZV_HIDDEN, "HTTP", where);
		w->st->http_comparisons++;
	}
	json_decref(root);
}

static void check_case(struct replay *r, size_t ci, size_t u)
{
	struct world *w = r->w;
	struct m_case *c = &w->cases[ci];
	const char *login = login_of(w, u);
	char path[PATH_LEN];
	snprintf(path, sizeof path, "/api/v1/cases/%s", c->id);
	uint64_t before = audit_size(w);
	struct http_response res;
	request(r, "GET", path, r->cookie[u], NULL, &res);
	uint64_t events = audit_size(w) - before;
	bool shown[MAX_ENTRIES] = {false}, full[MAX_ENTRIES] = {false};
	bool refused = role_of(c, u) == ZV_CASE_ROLE_NONE;
	if (refused) {
		char where[PATH_LEN + 32];
		snprintf(where, sizeof where, "in GET %s (a 404 without a role)", path);
		const char *type = http_response_header(&res, "Content-Type");
		if (res.status != 404 || !type || strcmp(type, "application/problem+json"))
			fail_msg("seed %llu: GET %s as %s, who has no role in it: %d (%s), not a 404 "
				 "problem: %.300s",
				 w->seed, path, login, res.status, type ? type : "no type", res.body);
		for (size_t k = 0; k < c->n_entries; k++) {
			enum zv_visibility want = oracle(w, c, u, &c->entries[k]);
			if (want != ZV_HIDDEN)
				mismatch(w, c, u, &c->entries[k], want, ZV_HIDDEN, "HTTP", where);
			w->st->http_comparisons++;
		}
	} else if (res.status != 200) {
		fail_msg("seed %llu: GET %s as %s (%s): %d, %.300s", w->seed, path, login,
			 zv_case_role_name(role_of(c, u)), res.status, res.body);
	} else {
		check_view(w, c, u, path, &res, shown, full);
	}
	check_no_leak(w, c, u, path, &res, shown, full);
	char what[PATH_LEN + 8];
	snprintf(what, sizeof what, "GET %s", path);
	check_events(w, what, login, res.status, events, w->show_events[ci][u]);
	check_view_event(w, c, u, path, refused, shown);
	http_response_release(&res);
}

/* GET /api/v1/cases: exactly the cases the user has a role or grant in. */
static void check_list(struct replay *r, size_t u)
{
	struct world *w = r->w;
	const char *login = login_of(w, u);
	const char *path = "/api/v1/cases";
	uint64_t before = audit_size(w);
	struct http_response res;
	request(r, "GET", path, r->cookie[u], NULL, &res);
	uint64_t events = audit_size(w) - before;
	if (res.status != 200)
		fail_msg("seed %llu: GET %s as %s: %d, %.300s", w->seed, path, login, res.status,
			 res.body);
	json_t *root = body_json(w, path, login, &res);
	if (!json_is_array(root))
		fail_msg("seed %llu: GET %s as %s is no list: %.300s", w->seed, path, login,
			 res.body);
	bool listed[MAX_CASES] = {false};
	size_t i;
	json_t *item;
	json_array_foreach(root, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));
		size_t k = 0;
		while (k < w->n_cases && (!id || strcmp(w->cases[k].id, id)))
			k++;
		if (k == w->n_cases || role_of(&w->cases[k], u) == ZV_CASE_ROLE_NONE || listed[k])
			fail_msg("seed %llu: GET %s as %s lists case %s%s, in which the model gives "
				 "%s no role",
				 w->seed, path, login, id ? id : "(no id)",
				 k < w->n_cases && listed[k] ? " twice" : "", login);
		listed[k] = true;
		const struct m_case *c = &w->cases[k];
		if (!str_is(json_object_get(item, "role"), zv_case_role_name(c->role[u])) ||
		    json_is_true(json_object_get(item, "break_the_glass")) !=
			    (c->role[u] == ZV_CASE_ROLE_NONE))
			fail_msg("seed %llu: GET %s as %s lists %s with another role than %s%s",
				 w->seed, path, login, c->id, zv_case_role_name(role_of(c, u)),
				 c->role[u] == ZV_CASE_ROLE_NONE ? " (break-the-glass)" : "");
	}
	for (size_t k = 0; k < w->n_cases; k++)
		if (!listed[k] && role_of(&w->cases[k], u) != ZV_CASE_ROLE_NONE)
			fail_msg("seed %llu: %s has a role in %s, which GET %s leaves out", w->seed,
				 login, w->cases[k].id, path);
	check_events(w, "GET /api/v1/cases", login, res.status, events, w->list_events[u]);
	json_decref(root);
	http_response_release(&res);
}

/* Without a session nothing is shown, and nothing is read or logged. */
static void check_signed_out(struct replay *r)
{
	struct world *w = r->w;
	char path[PATH_LEN];
	snprintf(path, sizeof path, "/api/v1/cases/%s", w->cases[0].id);
	uint64_t before = audit_size(w);
	struct http_response res;
	request(r, "GET", path, "zv_session=not-a-session", NULL, &res);
	if (res.status != 401 || audit_size(w) != before)
		fail_msg("seed %llu: GET %s without a session: %d and %llu audit events: %.300s",
			 w->seed, path, res.status, (unsigned long long)(audit_size(w) - before),
			 res.body);
	http_response_release(&res);
}

void oracle_http_replay(struct world *w)
{
	struct replay *r = calloc(1, sizeof *r);
	assert_non_null(r);
	r->w = w;
	const struct zv_service_options clock = {.now_us = oracle_clock, .clock_ctx = &w->clock};
	start_server(r, &clock);
	check_signed_out(r);
	for (size_t u = 0; u < w->n_users; u++)
		sign_in(r, u);
	for (size_t u = 0; u < w->n_users; u++) {
		check_list(r, u);
		for (size_t i = 0; i < w->n_cases; i++)
			check_case(r, i, u);
	}
	zv_http_stop(r->server, 5);
	zv_wipe(r, sizeof *r);
	free(r);
	w->st->http_seeds++;
}
