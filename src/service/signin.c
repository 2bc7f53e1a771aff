/*
 * signin.c — signing in (zv/service.h): a password, and the code of a
 * second factor for whoever has one, against the credentials in the store
 * and the configuration in force.
 *
 * Two steps, so that the slow part holds no lock:
 *
 *   1. the password hash is read on the service's read-only connection and
 *      the password checked with argon2id (tens to hundreds of
 *      milliseconds, by design), outside any write transaction; for an
 *      unknown login or a user without credentials, the password is hashed
 *      instead, which costs the same, so timing does not tell them apart
 *      from a wrong password;
 *   2. one audit append decides and records the rest: its work reads the
 *      credentials again (a password changed meanwhile: refused), checks the
 *      code against the last step used and stores the step it matched, and
 *      sets the event's outcome — so a code is used once, durably, and the
 *      attempt is logged in the same commit.
 *
 * No outcome but ok says more than needed: a wrong password for a user
 * with a second factor is bad_credentials, not a question for a code.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const OUTCOMES[] = {
	[ZV_SIGN_IN_OK] = "ok",
	[ZV_SIGN_IN_BAD_CREDENTIALS] = "bad_credentials",
	[ZV_SIGN_IN_TOTP_REQUIRED] = "totp_required",
	[ZV_SIGN_IN_TOTP_INVALID] = "totp_invalid",
	[ZV_SIGN_IN_SECOND_FACTOR_MISSING] = "second_factor_missing",
};

const char *zv_sign_in_outcome_name(enum zv_sign_in_outcome o)
{
	return (unsigned)o < sizeof OUTCOMES / sizeof *OUTCOMES ? OUTCOMES[o] : NULL;
}

/* Step 1: the user's password hash ("" when they have none), read outside
 * the write lock, on a read-only connection of this call's own (so that
 * threads may share the services; opening one costs little beside argon2id). */
static int read_password_hash(struct zv_service *sv, const char *login,
			      char hash[ZV_PASSWORD_HASH_LEN], struct zv_error *err)
{
	hash[0] = '\0';
	struct zv_store *reader;
	if (zv_store_open(zv_store_path(sv->store), ZV_STORE_READ, &reader, err))
		return err->code;
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_rec_credential c;
	int rc = zv_store_begin(reader, false, err);
	if (!rc) {
		rc = zv_store_credential_get(reader, login, &a, &c, err);
		zv_store_rollback(reader);
	}
	zv_store_close(reader);
	if (rc == ZV_ENOTFOUND)
		rc = ZV_OK;
	else if (!rc && c.password_hash)
		snprintf(hash, ZV_PASSWORD_HASH_LEN, "%s", c.password_hash);
	zv_arena_release(&a);
	return rc;
}

/* Whether `password` matches `hash`; without a hash, the password is
 * hashed at the configuration's level, which costs what a check costs. */
static bool password_matches(const struct zv_service *sv, const char *hash, const char *password)
{
	if (!password)
		password = "";
	if (hash[0])
		return zv_password_check(hash, password);
	char dummy[ZV_PASSWORD_HASH_LEN];
	struct zv_error ignored;
	zv_password_hash(password, (int)sv->config.argon2, dummy, &ignored);
	zv_wipe(dummy, sizeof dummy);
	return false;
}

struct sign_in_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *hash;               /* the hash the password matched */
	const char *code;               /* NULL when none was given */
	struct zv_audit_event *event;
	enum zv_sign_in_outcome outcome;
	bool with_code;                 /* signed in with a code too */
};

static void decide(struct sign_in_job *j, enum zv_sign_in_outcome outcome, const char *detail)
{
	j->outcome = outcome;
	j->event->action = outcome == ZV_SIGN_IN_OK ? ZV_AUDIT_SIGN_IN : ZV_AUDIT_SIGN_IN_FAILURE;
	j->event->outcome = outcome == ZV_SIGN_IN_OK ? ZV_AUDIT_DONE : ZV_AUDIT_REFUSED;
	j->event->detail = detail;
}

/* Step 2, in the audit event's transaction. */
static int sign_in_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct sign_in_job *j = ctx;
	const char *login = j->p->login;
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_rec_credential c;
	uint8_t secret[ZV_TOTP_SECRET_LEN] = {0};
	int64_t step;
	int rc = zv_store_credential_get(tx, login, &a, &c, err);
	if (rc && rc != ZV_ENOTFOUND)
		goto out;
	if (rc == ZV_ENOTFOUND || !c.password_hash || strcmp(c.password_hash, j->hash)) {
		rc = ZV_OK;
		decide(j, ZV_SIGN_IN_BAD_CREDENTIALS, "refused: the password changed meanwhile");
		goto out;
	}
	if (!c.totp_sealed) {
		if (j->p->second_factor)
			decide(j, ZV_SIGN_IN_SECOND_FACTOR_MISSING,
			       "refused: the configuration requires a second factor for this user "
			       "and none is set up (an administrator runs: user totp LOGIN)");
		else
			decide(j, ZV_SIGN_IN_OK, "signed in with a password");
		goto out;
	}
	if (!svc_totp_unseal(&j->sv->data, &c, secret)) {
		rc = zv_error_set(err, ZV_EINTERNAL, "",
				  "the second factor of %s does not open with this store's data key",
				  login);
		goto out;
	}
	if (!j->code) {
		decide(j, ZV_SIGN_IN_TOTP_REQUIRED,
		       "refused: the password was right; the second factor's code is needed");
	} else if (!zv_totp_match(secret, sizeof secret, j->code, svc_now_us(j->sv) / 1000000,
				  c.totp_last_step, &step)) {
		decide(j, ZV_SIGN_IN_TOTP_INVALID,
		       "refused: the password was right; the code was wrong, out of time or used "
		       "before");
	} else if (!(rc = zv_store_credential_totp_used(tx, login, step, err))) {
		decide(j, ZV_SIGN_IN_OK, "signed in with a password and a second factor");
		j->with_code = true;
	}
out:
	zv_wipe(secret, sizeof secret);
	zv_arena_release(&a);
	return rc;
}

static void copy_user(const struct zv_professional *p, bool second_factor,
		      struct zv_sign_in_result *out)
{
	snprintf(out->login, sizeof out->login, "%s", p->login);
	snprintf(out->name, sizeof out->name, "%s", p->name ? p->name : "");
	snprintf(out->organisation, sizeof out->organisation, "%s", p->organisation);
	out->roles = p->roles;
	out->second_factor = second_factor;
}

int zv_sign_in(struct zv_service *sv, const char *login, const char *password, const char *totp,
	       const char *from, struct zv_sign_in_result *out, struct zv_error *err)
{
	memset(out, 0, sizeof *out);
	out->outcome = ZV_SIGN_IN_BAD_CREDENTIALS;
	const struct zv_professional *p =
		login && *login ? zv_config_professional(&sv->config, login) : NULL;
	char hash[ZV_PASSWORD_HASH_LEN] = "";
	if (p && read_password_hash(sv, p->login, hash, err))
		return err->code;
	bool matches = password_matches(sv, hash, password);

	struct zv_who who = {.login = p ? p->login : "(unknown)", .from = from};
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_SIGN_IN_FAILURE, &who, p, NULL, p ? p->organisation : NULL);
	struct sign_in_job j = {.sv = sv, .p = p, .hash = hash, .code = totp && *totp ? totp : NULL,
				.event = &e};
	/* Refused unless decided otherwise. */
	decide(&j, ZV_SIGN_IN_BAD_CREDENTIALS, "refused");
	if (!p)
		decide(&j, ZV_SIGN_IN_BAD_CREDENTIALS,
		       "refused: not a user of this pilot's configuration");
	else if (!hash[0])
		decide(&j, ZV_SIGN_IN_BAD_CREDENTIALS, "refused: the user has no credentials");
	else if (!matches)
		decide(&j, ZV_SIGN_IN_BAD_CREDENTIALS, "refused: wrong password");
	int rc = zv_audit_append(sv->log, &e, 1, p && matches ? sign_in_work : NULL, &j, err);
	zv_wipe(hash, sizeof hash);
	if (rc) {   /* not decided: log that it failed, if the log still takes it */
		svc_log_refusal(sv, &who, p, ZV_AUDIT_SIGN_IN_FAILURE, NULL, err);
		return err->code;
	}
	out->outcome = j.outcome;
	if (j.outcome == ZV_SIGN_IN_OK)
		copy_user(p, j.with_code, out);
	return ZV_OK;
}

int zv_credential_stamps(struct zv_service *sv, struct zv_arena *a,
			 struct zv_credential_stamp **out, size_t *n, struct zv_error *err)
{
	*out = NULL;
	*n = 0;
	struct zv_store *reader;
	if (zv_store_open(zv_store_path(sv->store), ZV_STORE_READ, &reader, err))
		return err->code;
	int rc = zv_store_begin(reader, false, err);
	if (!rc) {
		rc = zv_store_credential_stamps(reader, a, out, n, err);
		zv_store_rollback(reader);
	}
	zv_store_close(reader);
	return rc;
}
