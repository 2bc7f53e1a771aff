/*
 * users.c — users' credentials (zv/service.h): an administrator gives a
 * user of the configuration a password, a new one, a second factor (TOTP)
 * or takes the second factor away where the configuration allows it.
 *
 * Who the users are and what roles they have is the configuration's; the
 * store keeps only their credentials: an argon2id hash of the password and
 * the TOTP secret, sealed with the data key for that login. Each change is
 * one audit append with the change as its work (config_change, naming the
 * user, never a password or secret); a refusal is logged. A password is
 * hashed before the transaction, so the slow hash holds no lock.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- second factors, sealed ---------------------------------------------- */

static void totp_context(const char *login, char *out, size_t cap)
{
	snprintf(out, cap, "totp:%s", login);
}

void svc_totp_seal(const struct zv_data_key *key, const char *login,
		   const uint8_t secret[ZV_TOTP_SECRET_LEN], uint8_t sealed[SVC_TOTP_SEALED_LEN])
{
	char context[300];
	totp_context(login, context, sizeof context);
	zv_seal(key, context, secret, ZV_TOTP_SECRET_LEN, sealed);
}

bool svc_totp_unseal(const struct zv_data_key *key, const struct zv_rec_credential *c,
		     uint8_t secret[ZV_TOTP_SECRET_LEN])
{
	char context[300];
	totp_context(c->login, context, sizeof context);
	return c->totp_sealed && c->totp_sealed_len == SVC_TOTP_SEALED_LEN &&
	       zv_unseal(key, context, c->totp_sealed, c->totp_sealed_len, secret);
}

/* ---- the changes ---------------------------------------------------------- */

enum user_change { ADD, PASSWORD, TOTP_SET, TOTP_REMOVE };

struct user_job {
	struct zv_service *sv;
	enum user_change change;
	const struct zv_professional *user;   /* whose credentials */
	const char *hash;                     /* ADD, PASSWORD */
	const uint8_t *sealed;                /* TOTP_SET */
};

static int user_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct user_job *j = ctx;
	const char *login = j->user->login;
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_rec_credential c;
	int rc = zv_store_credential_get(tx, login, &a, &c, err);
	bool has = !rc && c.password_hash;
	if (rc == ZV_ENOTFOUND)
		rc = ZV_OK;
	if (rc)
		goto out;
	if (j->change == ADD && has) {
		rc = zv_error_set(err, ZV_ECONFLICT, "",
				  "%s has credentials already (a new password: user passwd %s)", login,
				  login);
		goto out;
	}
	if (j->change != ADD && !has) {
		rc = zv_error_set(err, ZV_ENOTFOUND, "",
				  "%s has no credentials yet (first: user add %s)", login, login);
		goto out;
	}
	if (j->change == TOTP_REMOVE && !c.totp_sealed) {
		rc = zv_error_set(err, ZV_ENOTFOUND, "", "%s has no second factor", login);
		goto out;
	}
	char now[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format(svc_now_us(j->sv), now);
	struct zv_rec_credential next = {.login = login, .password_hash = c.password_hash,
					 .totp_sealed = c.totp_sealed,
					 .totp_sealed_len = c.totp_sealed_len, .updated_at = now};
	if (j->change == ADD) {
		next = (struct zv_rec_credential){.login = login, .updated_at = now};
		next.password_hash = j->hash;
	} else if (j->change == PASSWORD) {
		next.password_hash = j->hash;
	} else {
		next.totp_sealed = j->sealed;
		next.totp_sealed_len = j->sealed ? SVC_TOTP_SEALED_LEN : 0;
	}
	rc = zv_store_credential_set(tx, &next, err);
out:
	zv_arena_release(&a);
	return rc;
}

/* What the administrator asks is checked before the store is touched:
 * ZV_EINPUT at "$.password" for a password the rules above refuse. */
static int check_password(const char *password, struct zv_error *err)
{
	if (!password)
		return zv_error_set(err, ZV_EINPUT, "$.password", "a password is required");
	size_t bytes = strlen(password), chars = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return zv_error_set(err, ZV_EINPUT, "$.password",
					    "a password has no control characters (such as a tab "
					    "or a line break)");
		chars += (*p & 0xc0) != 0x80;   /* UTF-8: count the first byte of each */
	}
	if (chars < ZV_PASSWORD_MIN_CHARS)
		return zv_error_set(err, ZV_EINPUT, "$.password",
				    "a password has at least %d characters; this one has %zu",
				    ZV_PASSWORD_MIN_CHARS, chars);
	if (bytes > ZV_PASSWORD_MAX_BYTES)
		return zv_error_set(err, ZV_EINPUT, "$.password",
				    "a password has at most %d bytes; this one has %zu",
				    ZV_PASSWORD_MAX_BYTES, bytes);
	return ZV_OK;
}

/* Who may change whose credentials, and how: ZV_OK, or the refusal. */
static int check_change(const struct zv_service *sv, const struct zv_professional *admin,
			enum user_change change, const char *login, const char *password,
			const struct zv_professional **user, struct zv_error *err)
{
	*user = NULL;
	if (!(admin->roles & ZV_ROLE_ADMINISTRATOR))
		return zv_error_set(err, ZV_EDENIED, "",
				    "only an administrator manages users' credentials");
	struct zv_error ignored;
	if (!login || zv_audit_id_check(login, "$.login", &ignored))
		return zv_error_set(err, ZV_EINPUT, "$.login", "say whose credentials (a login)");
	*user = zv_config_professional(&sv->config, login);
	if (!*user)
		return zv_error_set(err, ZV_ENOTFOUND, "",
				    "%s is not a user of this pilot's configuration (users are added "
				    "to the configuration first)",
				    login);
	if ((change == ADD || change == PASSWORD) && check_password(password, err))
		return err->code;
	if (change == TOTP_REMOVE && (*user)->second_factor)
		return zv_error_set(
			err, ZV_EINPUT, "",
			"%s must sign in with a second factor (%s): it can be replaced (user totp "
			"%s), not removed",
			login,
			(*user)->roles & ZV_ROLES_NEED_SECOND_FACTOR
				? "privacy officers, administrators and auditors do"
				: "the configuration says so",
			login);
	return ZV_OK;
}

static int totp_uri(const char *login, struct zv_totp_setup *setup, struct zv_error *err)
{
	struct zv_buf uri;
	zv_buf_init(&uri, sizeof setup->uri);
	zv_totp_uri(login, setup->secret, &uri);
	int rc = ZV_OK;
	if (uri.failed || !uri.data || uri.len >= sizeof setup->uri)
		rc = zv_error_set(err, ZV_ENOMEM, "", "out of memory writing the otpauth URI");
	else
		memcpy(setup->uri, uri.data, uri.len + 1);
	if (uri.data)
		zv_wipe(uri.data, uri.len);
	zv_buf_release(&uri);
	return rc;
}

static int user_change(struct zv_service *sv, const struct zv_who *who, enum user_change change,
		       const char *login, const char *password, struct zv_totp_setup *setup,
		       struct zv_error *err)
{
	static const char *const DONE[] = {
		[ADD] = "credentials given to %s (a password, argon2id)",
		[PASSWORD] = "a new password for %s (argon2id)",
		[TOTP_SET] = "a new second factor (TOTP) for %s",
		[TOTP_REMOVE] = "the second factor (TOTP) of %s removed",
	};
	const struct zv_professional *admin, *user;
	if (svc_user(sv, who, &admin, err))
		return err->code;
	if (check_change(sv, admin, change, login, password, &user, err)) {
		svc_log_refusal(sv, who, admin, ZV_AUDIT_CONFIG_CHANGE, NULL, err);
		return err->code;
	}
	char hash[ZV_PASSWORD_HASH_LEN];
	uint8_t secret[ZV_TOTP_SECRET_LEN], sealed[SVC_TOTP_SEALED_LEN];
	struct user_job j = {.sv = sv, .change = change, .user = user, .hash = hash};
	int rc = ZV_OK;
	if (change == ADD || change == PASSWORD)
		rc = zv_password_hash(password, (int)sv->config.argon2, hash, err);
	if (change == TOTP_SET) {   /* to be shown once; stored only sealed */
		zv_random_bytes(secret, sizeof secret);
		svc_totp_seal(&sv->data, user->login, secret, sealed);
		j.sealed = sealed;
		zv_base32_encode(secret, sizeof secret, setup->secret, sizeof setup->secret);
		rc = totp_uri(user->login, setup, err);
	}
	if (!rc) {
		struct zv_audit_event e;
		svc_event(&e, ZV_AUDIT_CONFIG_CHANGE, who, admin, "administrator",
			  admin->organisation);
		char detail[256];
		snprintf(detail, sizeof detail, DONE[change], user->login);
		e.detail = detail;
		rc = svc_act(sv, who, &e, user_work, &j, NULL, err);
	}
	if (rc && setup)
		zv_wipe(setup, sizeof *setup);
	zv_wipe(hash, sizeof hash);
	zv_wipe(secret, sizeof secret);
	return rc;
}

int zv_user_add(struct zv_service *sv, const struct zv_who *who, const char *login,
		const char *password, struct zv_error *err)
{
	return user_change(sv, who, ADD, login, password, NULL, err);
}

int zv_user_set_password(struct zv_service *sv, const struct zv_who *who, const char *login,
			 const char *password, struct zv_error *err)
{
	return user_change(sv, who, PASSWORD, login, password, NULL, err);
}

int zv_user_set_totp(struct zv_service *sv, const struct zv_who *who, const char *login,
		     struct zv_totp_setup *out, struct zv_error *err)
{
	memset(out, 0, sizeof *out);
	return user_change(sv, who, TOTP_SET, login, NULL, out, err);
}

int zv_user_remove_totp(struct zv_service *sv, const struct zv_who *who, const char *login,
			struct zv_error *err)
{
	return user_change(sv, who, TOTP_REMOVE, login, NULL, NULL, err);
}
