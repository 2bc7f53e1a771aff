/*
 * test_signin.c — signing in and users' credentials (src/service/signin.c,
 * users.c) on real stores: the demo pilot's users with their passwords and
 * second factors, and a store whose users have no credentials yet.
 *
 * Every outcome of zv_sign_in: ok with a password, ok with a code, a wrong
 * password, an unknown login and a user without credentials as one outcome
 * taking about the same time, a code required, a wrong or replayed code
 * (also after the services are opened again), a second factor the
 * configuration requires but nobody set up. The administrator's changes:
 * only an administrator, only users of the configuration, passwords of at
 * least 12 characters, a new password and a new second factor in force at
 * once, a required second factor never removed. Every attempt and change is
 * in the audit log, and no password or code is. And what `zorgvuldig user`
 * sets (the binary is the first argument, as meson passes it) signs in.
 *
 * The two stores are made once (the demo takes a second) and copied for
 * each test; the services run on a fixed clock, 2026-11-29T12:00:00Z.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "zv/config.h"
#include "zv/service.h"

#define NOON_S INT64_C(1795953600)   /* 2026-11-29T12:00:00Z */

/* Made once: a demo store and a store without credentials. */
struct templates {
	char dir[64];
	char totp[3][ZV_TOTP_BASE32_LEN];   /* karin.dekker, lotte.peters, mark.hendriks */
};
static const char *const WITH_TOTP[] = {"karin.dekker", "lotte.peters", "mark.hendriks"};

struct fixture {
	const struct templates *t;
	char dir[64], db[128], keys[160];
	int64_t now_s;
	struct zv_store *store;
	struct zv_service *sv;
	struct zv_error err;
};

static int64_t fixed_clock(void *ctx)
{
	return ((struct fixture *)ctx)->now_s * 1000000;
}

static void shell(const char *fmt, const char *a, const char *b)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, fmt, a, b);
	assert_int_equal(system(cmd), 0);
}

static void create(const char *dir, const char *name, char db[128], char keys[160])
{
	snprintf(db, 128, "%s/%s/d.db", dir, name);
	snprintf(keys, 160, "%s.keys", db);
	shell("mkdir -p '%s/%s'", dir, name);
	uint8_t pk[32];
	bool made;
	struct zv_error err;
	if (zv_dossier_create(db, keys, zv_config_demo_json, "test", "unit test", pk, &made, &err))
		fail_msg("%s", err.message);
}

static int make_templates(void **state)
{
	struct templates *t = calloc(1, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/zv-signin-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	char db[128], keys[160];
	create(t->dir, "bare", db, keys);
	create(t->dir, "demo", db, keys);
	struct zv_store *store;
	struct zv_error err;
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_demo demo;
	assert_int_equal(zv_store_open(db, ZV_STORE_OPEN, &store, &err), ZV_OK);
	if (zv_demo_load(store, keys, "unit test", NULL, &a, &demo, &err))
		fail_msg("%s", err.message);
	for (size_t i = 0; i < demo.n_users; i++)
		for (size_t k = 0; k < 3; k++)
			if (!strcmp(demo.users[i].login, WITH_TOTP[k]))
				memcpy(t->totp[k], demo.users[i].totp_secret, ZV_TOTP_BASE32_LEN);
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(strlen(t->totp[k]), 32);
	zv_store_close(store);
	zv_arena_release(&a);
	*state = t;
	return 0;
}

static int remove_templates(void **state)
{
	struct templates *t = *state;
	shell("rm -rf '%s'%s", t->dir, "");
	free(t);
	return 0;
}

static void open_services(struct fixture *f)
{
	struct zv_service_options o = {.now_us = fixed_clock, .clock_ctx = f};
	assert_int_equal(zv_store_open(f->db, ZV_STORE_OPEN, &f->store, &f->err), ZV_OK);
	if (zv_service_open(f->store, f->keys, &o, &f->sv, &f->err))
		fail_msg("%s", f->err.message);
}

static void close_services(struct fixture *f)
{
	zv_service_close(f->sv);
	zv_store_close(f->store);
	f->sv = NULL;
	f->store = NULL;
}

/* A copy of template `name` for one test. */
static int copy_of(void **state, const char *name)
{
	const struct templates *t = *state;
	struct fixture *f = calloc(1, sizeof *f);
	f->t = t;
	snprintf(f->dir, sizeof f->dir, "/tmp/zv-signin-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	char from[128];
	snprintf(from, sizeof from, "%s/%s", t->dir, name);
	shell("cp -a '%s/.' '%s'", from, f->dir);
	snprintf(f->db, sizeof f->db, "%s/d.db", f->dir);
	snprintf(f->keys, sizeof f->keys, "%s.keys", f->db);
	f->now_s = NOON_S;
	open_services(f);
	*state = f;
	return 0;
}

static int demo_store(void **state) { return copy_of(state, "demo"); }
static int bare_store(void **state) { return copy_of(state, "bare"); }

static int teardown(void **state)
{
	struct fixture *f = *state;
	close_services(f);
	shell("rm -rf '%s'%s", f->dir, "");
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------------ */

static struct zv_sign_in_result sign_in(struct fixture *f, const char *login,
					const char *password, const char *code)
{
	struct zv_sign_in_result r;
	if (zv_sign_in(f->sv, login, password, code, "192.0.2.7", &r, &f->err))
		fail_msg("sign-in of %s failed: %s", login ? login : "(null)", f->err.message);
	return r;
}

static void assert_outcome(struct zv_sign_in_result r, enum zv_sign_in_outcome want)
{
	if (r.outcome != want)
		fail_msg("outcome %s, want %s", zv_sign_in_outcome_name(r.outcome),
			 zv_sign_in_outcome_name(want));
	if (want != ZV_SIGN_IN_OK)
		assert_string_equal(r.login, "");
}

static void secret_of(const char *base32, uint8_t secret[ZV_TOTP_SECRET_LEN])
{
	size_t n;
	assert_true(zv_base32_decode(base32, secret, ZV_TOTP_SECRET_LEN, &n));
	assert_int_equal(n, ZV_TOTP_SECRET_LEN);
}

/* The code of the secret (base32) for the step `delta` steps from now. */
static const char *code(struct fixture *f, const char *base32, int delta)
{
	static char out[4][ZV_TOTP_CODE_LEN];
	static int next;
	char *c = out[next++ % 4];
	uint8_t secret[ZV_TOTP_SECRET_LEN];
	secret_of(base32, secret);
	struct zv_error err;
	assert_int_equal(zv_totp_code(secret, sizeof secret,
				      (uint64_t)(zv_totp_step(f->now_s) + delta), c, &err),
			 ZV_OK);
	return c;
}

static const char *demo_totp(struct fixture *f, const char *login)
{
	for (size_t k = 0; k < 3; k++)
		if (!strcmp(login, WITH_TOTP[k]))
			return f->t->totp[k];
	fail_msg("no second factor for %s in the demo", login);
	return NULL;
}

/* The audit log as a second connection reads it. */
struct events {
	struct zv_arena a;
	struct zv_audit_event *e;
	const char **entry;    /* the canonical text of each */
	size_t n, cap;
};

static int take(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	struct events *ev = ctx;
	if (ev->n == ev->cap) {
		ev->cap = ev->cap ? 2 * ev->cap : 64;
		ev->e = realloc(ev->e, ev->cap * sizeof *ev->e);
		ev->entry = realloc(ev->entry, ev->cap * sizeof *ev->entry);
	}
	ev->entry[ev->n] = zv_arena_strndup(&ev->a, row->entry, row->entry_len);
	return zv_audit_event_decode(row->entry, row->entry_len, &ev->a, &ev->e[ev->n++], err);
}

static void read_events(struct fixture *f, struct events *ev)
{
	memset(ev, 0, sizeof *ev);
	zv_arena_init(&ev->a, 0);
	struct zv_store *ro;
	struct zv_error err;
	uint64_t size;
	assert_int_equal(zv_store_open(f->db, ZV_STORE_READ, &ro, &err), ZV_OK);
	assert_int_equal(zv_store_begin(ro, false, &err), ZV_OK);
	assert_int_equal(zv_store_audit_size(ro, &size, &err), ZV_OK);
	if (zv_store_audit_scan(ro, 0, size - 1, take, ev, &err))
		fail_msg("%s", err.message);
	zv_store_rollback(ro);
	zv_store_close(ro);
}

static void free_events(struct events *ev)
{
	free(ev->e);
	free(ev->entry);
	zv_arena_release(&ev->a);
}

static uint64_t event_count(struct fixture *f)
{
	struct events ev;
	read_events(f, &ev);
	uint64_t n = ev.n;
	free_events(&ev);
	return n;
}

/* The newest event is one of `action` and `outcome` by `user`, from the
 * test's address when it is a sign-in, its detail mentioning `detail`. */
static void newest_event(struct fixture *f, enum zv_audit_action action,
			 enum zv_audit_outcome outcome, const char *user, const char *detail)
{
	struct events ev;
	read_events(f, &ev);
	const struct zv_audit_event *e = &ev.e[ev.n - 1];
	assert_string_equal(zv_audit_action_name(e->action), zv_audit_action_name(action));
	assert_int_equal(e->outcome, outcome);
	assert_string_equal(e->who.user, user);
	if (action == ZV_AUDIT_SIGN_IN || action == ZV_AUDIT_SIGN_IN_FAILURE)
		assert_string_equal(e->from, "192.0.2.7");
	if (detail && !strstr(e->detail, detail))
		fail_msg("detail \"%s\" does not mention \"%s\"", e->detail, detail);
	free_events(&ev);
}

/* No event holds any of these (passwords, codes, secrets). */
static void nowhere_in_the_log(struct fixture *f, const char *const *secrets, size_t n)
{
	struct events ev;
	read_events(f, &ev);
	for (size_t i = 0; i < ev.n; i++)
		for (size_t k = 0; k < n; k++)
			if (strstr(ev.entry[i], secrets[k]))
				fail_msg("event %zu holds \"%s\": %s", i, secrets[k], ev.entry[i]);
	free_events(&ev);
}

static struct zv_who as(const char *login)
{
	return (struct zv_who){.login = login, .from = "unit test"};
}

/* ---- signing in ------------------------------------------------------------------ */

static void a_password_signs_in_who_has_no_second_factor(void **state)
{
	struct fixture *f = *state;
	uint64_t before = event_count(f);
	struct zv_sign_in_result r = sign_in(f, "anna.devries", "demo-anna.devries", NULL);
	assert_outcome(r, ZV_SIGN_IN_OK);
	const struct zv_professional *p =
		zv_config_professional(zv_service_config(f->sv), "anna.devries");
	assert_string_equal(r.login, "anna.devries");
	assert_string_equal(r.name, p->name);
	assert_string_equal(r.organisation, "lt-noord");
	assert_int_equal(r.roles, ZV_ROLE_PROFESSIONAL | ZV_ROLE_TEAM_LEAD);
	assert_false(r.second_factor);
	assert_int_equal(event_count(f), before + 1);
	newest_event(f, ZV_AUDIT_SIGN_IN, ZV_AUDIT_DONE, "anna.devries", "password");
	/* A code given to a user without a second factor changes nothing. */
	assert_outcome(sign_in(f, "anna.devries", "demo-anna.devries", "123456"), ZV_SIGN_IN_OK);
	static const char *const SECRETS[] = {"demo-anna.devries", "123456"};
	nowhere_in_the_log(f, SECRETS, 2);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The fastest of three attempts (the least disturbed by other work). */
static double time_of(struct fixture *f, const char *login, const char *password)
{
	double best = 1e9;
	for (int i = 0; i < 3; i++) {
		double t0 = seconds();
		assert_outcome(sign_in(f, login, password, NULL), ZV_SIGN_IN_BAD_CREDENTIALS);
		double t = seconds() - t0;
		best = t < best ? t : best;
	}
	return best;
}

static void unknown_logins_and_wrong_passwords_are_one_outcome(void **state)
{
	struct fixture *f = *state;
	uint64_t before = event_count(f);
	assert_outcome(sign_in(f, "anna.devries", "demo-anna.devriez", NULL),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
	newest_event(f, ZV_AUDIT_SIGN_IN_FAILURE, ZV_AUDIT_REFUSED, "anna.devries",
		     "wrong password");
	/* A login not in the configuration: not named in the log (it may be a
	 * password typed in the wrong field). */
	assert_outcome(sign_in(f, "welkom-geheim-123", "demo-anna.devries", NULL),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
	newest_event(f, ZV_AUDIT_SIGN_IN_FAILURE, ZV_AUDIT_REFUSED, "(unknown)",
		     "not a user of this pilot's configuration");
	assert_outcome(sign_in(f, "Anna.Devries", "demo-anna.devries", NULL),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
	assert_outcome(sign_in(f, "", "demo-anna.devries", NULL), ZV_SIGN_IN_BAD_CREDENTIALS);
	assert_outcome(sign_in(f, NULL, NULL, NULL), ZV_SIGN_IN_BAD_CREDENTIALS);
	assert_outcome(sign_in(f, "anna.devries", NULL, NULL), ZV_SIGN_IN_BAD_CREDENTIALS);
	assert_outcome(sign_in(f, "anna.devries", "", NULL), ZV_SIGN_IN_BAD_CREDENTIALS);
	/* A wrong password with the right code is a wrong password: the second
	 * factor is not even mentioned. */
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peterz",
			       code(f, demo_totp(f, "lotte.peters"), 0)),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
	newest_event(f, ZV_AUDIT_SIGN_IN_FAILURE, ZV_AUDIT_REFUSED, "lotte.peters",
		     "wrong password");
	assert_int_equal(event_count(f), before + 8);
	static const char *const SECRETS[] = {"welkom-geheim-123", "demo-anna.devriez",
					      "demo-lotte.peterz"};
	nowhere_in_the_log(f, SECRETS, 3);
	/* An unknown login costs a password hash too: its time is of the
	 * order of a wrong password's (not a lookup's, a thousand times less). */
	double wrong = time_of(f, "anna.devries", "not-her-password");
	double unknown = time_of(f, "nobody.here", "not-her-password");
	if (unknown < wrong / 4 || unknown > wrong * 4)
		fail_msg("an unknown login took %.1f ms, a wrong password %.1f ms", unknown * 1e3,
			 wrong * 1e3);
}

static void a_user_without_credentials_cannot_sign_in(void **state)
{
	struct fixture *f = *state;
	assert_outcome(sign_in(f, "anna.devries", "demo-anna.devries", NULL),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
	newest_event(f, ZV_AUDIT_SIGN_IN_FAILURE, ZV_AUDIT_REFUSED, "anna.devries",
		     "no credentials");
	double none = time_of(f, "anna.devries", "whatever-she-types");
	double unknown = time_of(f, "nobody.here", "whatever-she-types");
	if (none < unknown / 4 || none > unknown * 4)
		fail_msg("no credentials took %.1f ms, an unknown login %.1f ms", none * 1e3,
			 unknown * 1e3);
}

static void a_second_factor_takes_a_code_once(void **state)
{
	struct fixture *f = *state;
	const char *secret = demo_totp(f, "lotte.peters");
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", NULL),
		       ZV_SIGN_IN_TOTP_REQUIRED);
	newest_event(f, ZV_AUDIT_SIGN_IN_FAILURE, ZV_AUDIT_REFUSED, "lotte.peters",
		     "code is needed");
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", ""),
		       ZV_SIGN_IN_TOTP_REQUIRED);
	/* Wrong: another user's code, a code two steps off, not six digits. */
	const char *wrong[] = {code(f, demo_totp(f, "mark.hendriks"), 0), code(f, secret, -2),
			       code(f, secret, 2), "12345", "1234567", "abcdef"};
	for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++)
		assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", wrong[i]),
			       ZV_SIGN_IN_TOTP_INVALID);
	newest_event(f, ZV_AUDIT_SIGN_IN_FAILURE, ZV_AUDIT_REFUSED, "lotte.peters",
		     "code was wrong");

	char now_code[ZV_TOTP_CODE_LEN];
	snprintf(now_code, sizeof now_code, "%s", code(f, secret, 0));
	struct zv_sign_in_result r = sign_in(f, "lotte.peters", "demo-lotte.peters", now_code);
	assert_outcome(r, ZV_SIGN_IN_OK);
	assert_true(r.second_factor);
	assert_int_equal(r.roles, ZV_ROLE_PRIVACY_OFFICER);
	assert_string_equal(r.organisation, "gem-zuidwest");
	newest_event(f, ZV_AUDIT_SIGN_IN, ZV_AUDIT_DONE, "lotte.peters", "second factor");
	/* The same code again, within its time: refused. So is the step before. */
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", now_code),
		       ZV_SIGN_IN_TOTP_INVALID);
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", code(f, secret, -1)),
		       ZV_SIGN_IN_TOTP_INVALID);
	/* Durably: the services opened again, in another connection, still refuse it. */
	close_services(f);
	open_services(f);
	f->now_s += 10;
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", now_code),
		       ZV_SIGN_IN_TOTP_INVALID);
	/* The next step's code signs in (a clock a little ahead), once. */
	char next_code[ZV_TOTP_CODE_LEN];
	snprintf(next_code, sizeof next_code, "%s", code(f, secret, 1));
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", next_code), ZV_SIGN_IN_OK);
	f->now_s += 30;   /* now it is that step */
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", next_code),
		       ZV_SIGN_IN_TOTP_INVALID);
	/* Each user's steps are their own. */
	assert_outcome(sign_in(f, "mark.hendriks", "demo-mark.hendriks",
			       code(f, demo_totp(f, "mark.hendriks"), 0)),
		       ZV_SIGN_IN_OK);
	/* A user who chose a second factor needs it the same way. */
	assert_outcome(sign_in(f, "karin.dekker", "demo-karin.dekker", NULL),
		       ZV_SIGN_IN_TOTP_REQUIRED);
	assert_outcome(sign_in(f, "karin.dekker", "demo-karin.dekker",
			       code(f, demo_totp(f, "karin.dekker"), -1)),
		       ZV_SIGN_IN_OK);
	const char *const SECRETS[] = {now_code, next_code, "demo-lotte.peters"};
	nowhere_in_the_log(f, SECRETS, 3);
}

/* ---- the administrator's changes ------------------------------------------------- */

static void a_required_second_factor_must_be_set_up(void **state)
{
	struct fixture *f = *state;
	struct zv_who mark = as("mark.hendriks");
	/* The privacy officer gets a password, not yet a second factor. */
	assert_int_equal(zv_user_add(f->sv, &mark, "lotte.peters", "een lang wachtwoord", &f->err),
			 ZV_OK);
	newest_event(f, ZV_AUDIT_CONFIG_CHANGE, ZV_AUDIT_DONE, "mark.hendriks",
		     "credentials given to lotte.peters");
	assert_outcome(sign_in(f, "lotte.peters", "een lang wachtwoord", NULL),
		       ZV_SIGN_IN_SECOND_FACTOR_MISSING);
	newest_event(f, ZV_AUDIT_SIGN_IN_FAILURE, ZV_AUDIT_REFUSED, "lotte.peters",
		     "requires a second factor");
	/* A wrong password says nothing about that. */
	assert_outcome(sign_in(f, "lotte.peters", "een kort wachtwoord", NULL),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
	struct zv_totp_setup setup;
	assert_int_equal(zv_user_set_totp(f->sv, &mark, "lotte.peters", &setup, &f->err), ZV_OK);
	newest_event(f, ZV_AUDIT_CONFIG_CHANGE, ZV_AUDIT_DONE, "mark.hendriks",
		     "second factor (TOTP) for lotte.peters");
	assert_int_equal(strlen(setup.secret), 32);
	char uri[ZV_TOTP_URI_LEN];
	snprintf(uri, sizeof uri,
		 "otpauth://totp/Zorgvuldig:lotte.peters?secret=%s&issuer=Zorgvuldig"
		 "&algorithm=SHA1&digits=6&period=30",
		 setup.secret);
	assert_string_equal(setup.uri, uri);
	assert_outcome(sign_in(f, "lotte.peters", "een lang wachtwoord", NULL),
		       ZV_SIGN_IN_TOTP_REQUIRED);
	assert_outcome(sign_in(f, "lotte.peters", "een lang wachtwoord", code(f, setup.secret, 0)),
		       ZV_SIGN_IN_OK);
	/* A new secret replaces the old at once. */
	struct zv_totp_setup again;
	assert_int_equal(zv_user_set_totp(f->sv, &mark, "lotte.peters", &again, &f->err), ZV_OK);
	assert_string_not_equal(again.secret, setup.secret);
	f->now_s += 30;
	assert_outcome(sign_in(f, "lotte.peters", "een lang wachtwoord", code(f, setup.secret, 0)),
		       ZV_SIGN_IN_TOTP_INVALID);
	assert_outcome(sign_in(f, "lotte.peters", "een lang wachtwoord", code(f, again.secret, 0)),
		       ZV_SIGN_IN_OK);
	/* Required by her role: never removed. */
	assert_int_equal(zv_user_remove_totp(f->sv, &mark, "lotte.peters", &f->err), ZV_EINPUT);
	assert_non_null(strstr(f->err.message, "privacy officers, administrators and auditors"));
	newest_event(f, ZV_AUDIT_CONFIG_CHANGE, ZV_AUDIT_REFUSED, "mark.hendriks",
		     "not removed");
	const char *const SECRETS[] = {"een lang wachtwoord", setup.secret, again.secret};
	nowhere_in_the_log(f, SECRETS, 3);
}

static void only_an_administrator_changes_credentials(void **state)
{
	struct fixture *f = *state;
	struct zv_totp_setup setup;
	/* Anna leads a team, Lotte is the privacy officer: neither administers. */
	const char *const OTHERS[] = {"anna.devries", "lotte.peters"};
	for (size_t i = 0; i < 2; i++) {
		struct zv_who who = as(OTHERS[i]);
		uint64_t before = event_count(f);
		assert_int_equal(zv_user_add(f->sv, &who, "bram.jansen", "twaalf tekens!", &f->err),
				 ZV_EDENIED);
		assert_int_equal(zv_user_set_totp(f->sv, &who, OTHERS[i], &setup, &f->err),
				 ZV_EDENIED);
		assert_string_equal(setup.secret, "");
		assert_int_equal(event_count(f), before + 2);
		newest_event(f, ZV_AUDIT_CONFIG_CHANGE, ZV_AUDIT_REFUSED, OTHERS[i],
			     "only an administrator");
	}
	struct zv_who nobody = as("nobody.here");
	assert_int_equal(zv_user_add(f->sv, &nobody, "bram.jansen", "twaalf tekens!", &f->err),
			 ZV_EDENIED);
	assert_outcome(sign_in(f, "bram.jansen", "twaalf tekens!", NULL),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
}

static void what_an_administrator_may_not_do(void **state)
{
	struct fixture *f = *state;
	struct zv_who mark = as("mark.hendriks");
	/* Passwords: at least 12 characters (not bytes), at most 1024 bytes, no
	 * control characters. */
	static const char *const SHORT[] = {"", "elf tekens!", "ééééééééééé"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(zv_user_add(f->sv, &mark, "bram.jansen", SHORT[i], &f->err),
				 ZV_EINPUT);
		assert_string_equal(f->err.path, "$.password");
		assert_non_null(strstr(f->err.message, "at least 12 characters"));
	}
	assert_int_equal(zv_user_add(f->sv, &mark, "bram.jansen", NULL, &f->err), ZV_EINPUT);
	assert_int_equal(zv_user_add(f->sv, &mark, "bram.jansen", "twaalf\ttekens", &f->err),
			 ZV_EINPUT);
	assert_non_null(strstr(f->err.message, "control characters"));
	char long_one[ZV_PASSWORD_MAX_BYTES + 2];
	memset(long_one, 'x', sizeof long_one - 1);
	long_one[sizeof long_one - 1] = '\0';
	assert_int_equal(zv_user_add(f->sv, &mark, "bram.jansen", long_one, &f->err), ZV_EINPUT);
	long_one[ZV_PASSWORD_MAX_BYTES] = '\0';
	/* Twelve characters in more bytes, and 1024 bytes, are fine. */
	assert_int_equal(zv_user_add(f->sv, &mark, "bram.jansen", "éééééééééééé", &f->err), ZV_OK);
	assert_int_equal(zv_user_set_password(f->sv, &mark, "bram.jansen", long_one, &f->err),
			 ZV_OK);
	assert_outcome(sign_in(f, "bram.jansen", long_one, NULL), ZV_SIGN_IN_OK);
	/* Credentials are given once; the rest needs them. */
	assert_int_equal(zv_user_add(f->sv, &mark, "bram.jansen", "nog een wachtwoord", &f->err),
			 ZV_ECONFLICT);
	newest_event(f, ZV_AUDIT_CONFIG_CHANGE, ZV_AUDIT_REFUSED, "mark.hendriks",
		     "has credentials already");
	assert_int_equal(zv_user_set_password(f->sv, &mark, "ilse.meijer", "nog een wachtwoord",
					      &f->err),
			 ZV_ENOTFOUND);
	struct zv_totp_setup setup;
	assert_int_equal(zv_user_set_totp(f->sv, &mark, "ilse.meijer", &setup, &f->err),
			 ZV_ENOTFOUND);
	assert_int_equal(zv_user_remove_totp(f->sv, &mark, "bram.jansen", &f->err), ZV_ENOTFOUND);
	assert_non_null(strstr(f->err.message, "no second factor"));
	/* Only users of the configuration. */
	assert_int_equal(zv_user_add(f->sv, &mark, "nobody.here", "een lang wachtwoord", &f->err),
			 ZV_ENOTFOUND);
	assert_non_null(strstr(f->err.message, "not a user of this pilot's configuration"));
	newest_event(f, ZV_AUDIT_CONFIG_CHANGE, ZV_AUDIT_REFUSED, "mark.hendriks",
		     "nobody.here is not a user");
	assert_int_equal(zv_user_add(f->sv, &mark, "", "een lang wachtwoord", &f->err), ZV_EINPUT);
	assert_int_equal(zv_user_add(f->sv, &mark, "a\nb", "een lang wachtwoord", &f->err),
			 ZV_EINPUT);
	/* A second factor chosen in the configuration is required too. */
	assert_int_equal(zv_user_add(f->sv, &mark, "karin.dekker", "een lang wachtwoord", &f->err),
			 ZV_OK);
	assert_int_equal(zv_user_remove_totp(f->sv, &mark, "karin.dekker", &f->err), ZV_EINPUT);
	assert_non_null(strstr(f->err.message, "the configuration says so"));
	assert_outcome(sign_in(f, "karin.dekker", "een lang wachtwoord", NULL),
		       ZV_SIGN_IN_SECOND_FACTOR_MISSING);
}

static void a_new_password_is_in_force_at_once(void **state)
{
	struct fixture *f = *state;
	struct zv_who mark = as("mark.hendriks");
	uint64_t before = event_count(f);
	assert_int_equal(zv_user_set_password(f->sv, &mark, "anna.devries", "correct paard batterij",
					      &f->err),
			 ZV_OK);
	assert_int_equal(event_count(f), before + 1);
	newest_event(f, ZV_AUDIT_CONFIG_CHANGE, ZV_AUDIT_DONE, "mark.hendriks",
		     "a new password for anna.devries");
	assert_outcome(sign_in(f, "anna.devries", "demo-anna.devries", NULL),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
	assert_outcome(sign_in(f, "anna.devries", "correct paard batterij", NULL), ZV_SIGN_IN_OK);
	/* A professional may choose a second factor, and lose it again. */
	struct zv_totp_setup setup;
	assert_int_equal(zv_user_set_totp(f->sv, &mark, "anna.devries", &setup, &f->err), ZV_OK);
	assert_outcome(sign_in(f, "anna.devries", "correct paard batterij", NULL),
		       ZV_SIGN_IN_TOTP_REQUIRED);
	assert_int_equal(zv_user_remove_totp(f->sv, &mark, "anna.devries", &f->err), ZV_OK);
	newest_event(f, ZV_AUDIT_CONFIG_CHANGE, ZV_AUDIT_DONE, "mark.hendriks",
		     "second factor (TOTP) of anna.devries removed");
	assert_outcome(sign_in(f, "anna.devries", "correct paard batterij", NULL), ZV_SIGN_IN_OK);
	/* The password leaves a second factor as it was. */
	assert_int_equal(zv_user_set_password(f->sv, &mark, "lotte.peters", "nieuw voor lotte",
					      &f->err),
			 ZV_OK);
	assert_outcome(sign_in(f, "lotte.peters", "nieuw voor lotte", NULL),
		       ZV_SIGN_IN_TOTP_REQUIRED);
	assert_outcome(sign_in(f, "lotte.peters", "nieuw voor lotte",
			       code(f, demo_totp(f, "lotte.peters"), 0)),
		       ZV_SIGN_IN_OK);
	const char *const SECRETS[] = {"correct paard batterij", "nieuw voor lotte", setup.secret};
	nowhere_in_the_log(f, SECRETS, 3);
}

/* ---- the command line's changes sign in ----------------------------------------- */

static const char *zorgvuldig;   /* the binary, from the command line (meson) */

/* Run `zorgvuldig --db DB --as mark.hendriks ARGS --json` with `input` on
 * stdin; the value of "key" in its JSON answer. */
static void command(struct fixture *f, const char *args, const char *input, const char *key,
		    char *value, size_t cap)
{
	char path[200], cmd[1024];
	snprintf(path, sizeof path, "%s/input", f->dir);
	FILE *in = fopen(path, "w");
	assert_non_null(in);
	fputs(input, in);
	fclose(in);
	snprintf(cmd, sizeof cmd, "'%s' --db '%s' --as mark.hendriks %s --json < '%s'", zorgvuldig,
		 f->db, args, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char out[2048] = "";
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	if (pclose(p) != 0)
		fail_msg("%s: %s", cmd, out);
	char pattern[64];
	snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
	const char *at = strstr(out, pattern);
	if (!at)
		fail_msg("no %s in %s", key, out);
	at += strlen(pattern);
	size_t len = strcspn(at, "\"");
	assert_true(len < cap);
	memcpy(value, at, len);
	value[len] = '\0';
}

static void what_the_command_line_sets_signs_in(void **state)
{
	struct fixture *f = *state;
	if (!zorgvuldig)
		skip();
	char login[64], secret[ZV_TOTP_BASE32_LEN], password[64];
	command(f, "user passwd anna.devries", "vanaf de opdrachtregel\r\n", "login", login,
		sizeof login);
	assert_outcome(sign_in(f, "anna.devries", "vanaf de opdrachtregel", NULL), ZV_SIGN_IN_OK);
	assert_outcome(sign_in(f, "anna.devries", "demo-anna.devries", NULL),
		       ZV_SIGN_IN_BAD_CREDENTIALS);
	command(f, "user passwd bram.jansen --generate", "", "password", password, sizeof password);
	assert_outcome(sign_in(f, "bram.jansen", password, NULL), ZV_SIGN_IN_OK);
	command(f, "user totp lotte.peters", "", "secret", secret, sizeof secret);
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters",
			       code(f, demo_totp(f, "lotte.peters"), 0)),
		       ZV_SIGN_IN_TOTP_INVALID);
	assert_outcome(sign_in(f, "lotte.peters", "demo-lotte.peters", code(f, secret, 0)),
		       ZV_SIGN_IN_OK);
}

static void outcome_names(void **state)
{
	(void)state;
	assert_string_equal(zv_sign_in_outcome_name(ZV_SIGN_IN_OK), "ok");
	assert_string_equal(zv_sign_in_outcome_name(ZV_SIGN_IN_BAD_CREDENTIALS), "bad_credentials");
	assert_string_equal(zv_sign_in_outcome_name(ZV_SIGN_IN_TOTP_REQUIRED), "totp_required");
	assert_string_equal(zv_sign_in_outcome_name(ZV_SIGN_IN_TOTP_INVALID), "totp_invalid");
	assert_string_equal(zv_sign_in_outcome_name(ZV_SIGN_IN_SECOND_FACTOR_MISSING),
			    "second_factor_missing");
	assert_null(zv_sign_in_outcome_name((enum zv_sign_in_outcome)99));
}

int main(int argc, char **argv)
{
	zorgvuldig = argc > 1 ? argv[1] : NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_password_signs_in_who_has_no_second_factor,
						demo_store, teardown),
		cmocka_unit_test_setup_teardown(unknown_logins_and_wrong_passwords_are_one_outcome,
						demo_store, teardown),
		cmocka_unit_test_setup_teardown(a_user_without_credentials_cannot_sign_in,
						bare_store, teardown),
		cmocka_unit_test_setup_teardown(a_second_factor_takes_a_code_once, demo_store,
						teardown),
		cmocka_unit_test_setup_teardown(a_required_second_factor_must_be_set_up,
						bare_store, teardown),
		cmocka_unit_test_setup_teardown(only_an_administrator_changes_credentials,
						bare_store, teardown),
		cmocka_unit_test_setup_teardown(what_an_administrator_may_not_do, bare_store,
						teardown),
		cmocka_unit_test_setup_teardown(a_new_password_is_in_force_at_once, demo_store,
						teardown),
		cmocka_unit_test_setup_teardown(what_the_command_line_sets_signs_in, demo_store,
						teardown),
		cmocka_unit_test(outcome_names),
	};
	return cmocka_run_group_tests(tests, make_templates, remove_templates);
}
