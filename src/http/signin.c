/*
 * signin.c — the session routes: signing in (password and, where the user
 * has one, a TOTP code: zv_sign_in checks both and audits the attempt),
 * who is signed in, and signing out.
 *
 * Failed attempts are limited per account and per client address
 * (session.c): every attempt counts as a failure from its start, and is
 * taken back when it succeeds; over the limit an attempt is refused with 429
 * before anything is checked. A right password without its second factor
 * is a failure too. The contract's "totp_required" does tell that the
 * password was right; the limit is what keeps that from being a way to
 * guess passwords.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void write_session(struct request *r, struct zv_service *sv,
			  const struct session_info *info)
{
	const struct zv_config *cfg = zv_service_config(sv);
	const struct zv_professional *p = zv_config_professional(cfg, info->login);
	struct zv_jw w;
	zv_jw_open(&w, &r->out, '{');
	zv_jw_str(&w, "login", info->login);
	zv_jw_str(&w, "name", p ? p->name : NULL);
	zv_jw_str(&w, "organisation", p ? p->organisation : NULL);
	const char *roles[ZV_ROLE__COUNT];
	size_t n_roles = 0;
	for (int bit = 0; p && bit < ZV_ROLE__COUNT; bit++)
		if (p->roles & (1u << bit))
			roles[n_roles++] = zv_user_role_name(bit);
	zv_jw_strings(&w, "roles", roles, n_roles);
	zv_jw_str(&w, "csrf_token", info->csrf);
	zv_jw_int(&w, "expires_in", info->expires_s - now_seconds());
	zv_jw_close(&w, '}');
	respond_json(r, 200);
}

static void set_cookie(struct request *r, const char *token, int64_t max_age)
{
	char cookie[160];
	snprintf(cookie, sizeof cookie, "zv_session=%s; Path=/; Max-Age=%lld; HttpOnly; "
					"SameSite=Strict%s",
		 token, (long long)max_age, r->srv->tls ? "; Secure" : "");
	respond_header(r, "Set-Cookie", zv_arena_strndup(&r->a, cookie, strlen(cookie)));
}

static void refuse(struct request *r, enum signin_failure why, unsigned status,
		   const char *code, const char *detail)
{
	atomic_fetch_add(&r->srv->metrics.signin_failures[why], 1);
	respond_problem(r, status, code, detail, NULL);
	if (status == 401)
		respond_header(r, "WWW-Authenticate", "Cookie realm=\"zorgvuldig\"");
}

void h_session_create(struct request *r, struct zv_service *sv)
{
	const char *login = NULL, *password = NULL, *totp = NULL;
	const struct zv_api_member M[] = {
		{.name = "login", .type = ZV_API_TEXT, .required = true, .to = &login},
		{.name = "password", .type = ZV_API_TEXT, .required = true, .to = &password},
		{.name = "totp", .type = ZV_API_TEXT, .to = &totp,
		 .hint = "the 6 digits of your authenticator app"},
	};
	if (!request_members(r, M, 3))
		return;
	struct zv_error err = {.code = ZV_OK};
	if (strlen(login) >= LOGIN_MAX) {
		respond_problem(r, 400, "invalid_input", "too long", "$.login");
		return;
	}
	int64_t now = now_seconds();
	int64_t wait = limiter_begin(&r->srv->limiter, login, r->client, now);
	if (wait) {
		char seconds[32];
		snprintf(seconds, sizeof seconds, "%lld", (long long)wait);
		refuse(r, SF_RATE_LIMITED, 429, "too_many_attempts",
		       "too many failed sign-ins for this account or from this address; wait "
		       "before trying again (Retry-After says how long)");
		respond_header(r, "Retry-After", zv_arena_strndup(&r->a, seconds, strlen(seconds)));
		return;
	}
	struct zv_sign_in_result result;
	if (zv_sign_in(sv, login, password, totp, r->client, &result, &err)) {
		atomic_fetch_add(&r->srv->metrics.signin_failures[SF_OTHER], 1);
		respond_error(r, &err);
		return;
	}
	/* A right password asked for its code is no failure: a user with a
	 * second factor signs in in two steps, and would otherwise lock
	 * themselves out by signing in a few times. Guessing stays limited: a
	 * wrong password or a wrong code counts. */
	if (result.outcome == ZV_SIGN_IN_OK || result.outcome == ZV_SIGN_IN_TOTP_REQUIRED)
		limiter_succeeded(&r->srv->limiter, login, r->client, now);
	switch (result.outcome) {
	case ZV_SIGN_IN_OK:
		break;
	case ZV_SIGN_IN_TOTP_REQUIRED:
		refuse(r, SF_TOTP_REQUIRED, 401, "totp_required",
		       "this account has a second factor: send the code of your authenticator "
		       "app as \"totp\"");
		return;
	case ZV_SIGN_IN_TOTP_INVALID:
		refuse(r, SF_TOTP_INVALID, 401, "totp_invalid",
		       "the code is wrong, too old or already used; wait for the next one");
		return;
	case ZV_SIGN_IN_SECOND_FACTOR_MISSING:
		refuse(r, SF_SECOND_FACTOR_MISSING, 403, "second_factor_missing",
		       "your role needs a second factor, and none is set up for you; ask an "
		       "administrator (zorgvuldig user totp)");
		return;
	default:
		refuse(r, SF_BAD_CREDENTIALS, 401, "invalid_credentials",
		       "the login or the password is wrong");
		return;
	}
	char token[TOKEN_LEN + 1];
	struct session_info info;
	if (session_create(&r->srv->sessions, login, now, token, &info, &err)) {
		/* Signed in (and logged), but no room for one more session. */
		respond_problem(r, 503, "too_many_sessions", err.message, NULL);
		respond_header(r, "Retry-After", "60");
		return;
	}
	set_cookie(r, token, info.expires_s - now);
	r->session = info;
	write_session(r, sv, &info);
}

void h_session_show(struct request *r, struct zv_service *sv)
{
	write_session(r, sv, &r->session);
}

void h_session_delete(struct request *r, struct zv_service *sv)
{
	(void)sv;
	session_end(&r->srv->sessions, request_session_token(r));
	set_cookie(r, "", 0);
	r->status = 204;
	r->content_type = NULL;
}
