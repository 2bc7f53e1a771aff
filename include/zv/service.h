/*
 * zv/service.h — the services of the household dossier: the only door to
 * personal data.
 *
 * Every function here is one use case and one store transaction: it reads
 * the stored facts, builds the situation the decision engine needs
 * (zv/policy.h), does exactly what the engine allowed, and appends the audit
 * event that records it, all in that transaction (zv_audit_append with the
 * act as its work): both commit or neither does. A refusal is logged too,
 * as an event with outcome "refused". Need-to-know (R13.1) is applied here,
 * per entry, for every caller — command line, HTTP API, exports, statistics
 * and print all get what these functions return and nothing else.
 *
 * Who acts is a login of the pilot's configuration (zv/config.h); how they
 * act in a case follows from the case's team: in the Regional Safety Team
 * for their mother organisation (acting_for), in a local team under mandate
 * for the team's organisation, in a network for their own.
 *
 * Concurrency: writes to a case, an entry or a consent name the version they
 * saw; a stale one is refused with ZV_ECONFLICT, never overwritten.
 *
 * Ownership: results live in the caller's arena. A struct zv_service owns
 * its audit log and the configuration it read; it borrows the store, which
 * it must have to itself (the log owns its connection).
 *
 * Threads may share one zv_service: every function does its store work
 * inside the audit log's appends, which are safe from many threads and
 * grouped into one commit (one fsync for the acts that arrive together);
 * sign-in reads the password on a read-only connection of the call's own;
 * nothing else in the struct changes after zv_service_open.
 */
#ifndef ZV_SERVICE_H
#define ZV_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zv/audit.h"
#include "zv/base.h"
#include "zv/codec.h"
#include "zv/config.h"
#include "zv/policy.h"
#include "zv/store.h"

struct zv_service;

struct zv_service_options {
	/* The dossier's clock (UTC microseconds); NULL for the system's. Dates
	 * (ages, deadlines, what is overdue) are taken in UTC from it. The audit
	 * log always keeps the system's real time. */
	int64_t (*now_us)(void *ctx);
	void *clock_ctx;
};

/* Open the services on a store made by `init`: its configuration in force,
 * its signing key and data key from `key_dir` (FILE.keys). */
int zv_service_open(struct zv_store *store, const char *key_dir,
		    const struct zv_service_options *options, struct zv_service **out,
		    struct zv_error *err);
void zv_service_close(struct zv_service *sv);
const struct zv_config *zv_service_config(const struct zv_service *sv);
/* Audit events these services have made durable since they were opened. */
uint64_t zv_service_audit_appended(const struct zv_service *sv);
/* Today, by the service's clock. */
zv_day zv_service_today(const struct zv_service *sv);

/* Who acts, and from where (a client address or a terminal). */
struct zv_who {
	const char *login;
	const char *from;
};

/* ---- reading ------------------------------------------------------------ */

/* The cases `who` has a role in (or an active break-the-glass grant for);
 * for an advisor without the household's name and the case's title. */
int zv_case_list(struct zv_service *sv, const struct zv_who *who, struct zv_arena *a,
		 struct zv_case_summary **out, size_t *n, struct zv_error *err);

enum zv_visibility { ZV_HIDDEN = 0, ZV_ANONYMOUS, ZV_VISIBLE };

struct zv_person_view {
	const struct zv_rec_person *p;  /* bsn_sealed and address_sealed never set */
	int age;                        /* on today's date; -1 unknown */
	const char *const *authority;   /* who has parental authority over this person */
	size_t n_authority;
	char bsn_masked[16];            /* "*****6789", or "" without a BSN */
	const char *address;            /* NULL when none or confidential */
};

/*
 * A case as `who` may see it: only the entries need-to-know allows, an
 * advisor's anonymously (kind, category and date, no text, no source, no
 * subjects), and for an advisor no persons, consents or records, no
 * household name and no title or history reasons (free text that may name
 * persons).
 */
struct zv_case_view {
	struct zv_rec_case c;
	const char *household_id, *household_name;   /* name NULL for an advisor */
	int role;                       /* enum zv_case_role of who */
	bool by_grant;                  /* seen under break-the-glass */
	bool anonymous;                 /* an advisor's view */
	struct zv_person_view *persons; size_t n_persons;
	struct zv_rec_case_change *history; size_t n_history;
	struct zv_rec_member *members;  size_t n_members;
	const char **member_names;      /* per member: the name in the configuration, or NULL */
	struct zv_rec_entry *entries;   size_t n_entries;   /* visible, current versions */
	bool truncated;                 /* more than ZV_AUDIT_MAX_IDS visible: the first shown */
	bool *entry_anonymous;          /* per entry */
	struct zv_rec_entry *old_versions; size_t n_old_versions;   /* of visible entries */
	struct zv_rec_reaction *reactions; size_t n_reactions;
	struct zv_rec_consent *consents; size_t n_consents;
	struct zv_rec_decision *decisions; size_t n_decisions;
	struct zv_rec_disclosure *disclosures; size_t n_disclosures;
	struct zv_rec_obligation *obligations; size_t n_obligations;
};

/* ZV_ENOTFOUND (never the content) when there is no such case or `who` has
 * no role in it; the attempt is logged. */
int zv_case_show(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		 struct zv_arena *a, struct zv_case_view *out, struct zv_error *err);

/* My open obligations with their due dates (owner, or lead of the case). */
int zv_obligation_list(struct zv_service *sv, const struct zv_who *who, struct zv_arena *a,
		       struct zv_rec_obligation **out, size_t *n, struct zv_error *err);

/* ---- writing ------------------------------------------------------------ */

struct zv_new_person {
	const char *name;
	int role;                       /* enum zv_person_role */
	const char *birth_date;         /* "YYYY-MM-DD" or NULL */
	int capable;                    /* enum zv_tri */
	const char *bsn;                /* 9 digits passing the 11-test, or NULL */
	bool confidential_address;
	const char *address;
	/* Indices (into the same request) of the persons with parental
	 * authority over this one. */
	const size_t *authority;
	size_t n_authority;
};

struct zv_new_case {
	const char *household_name;
	const struct zv_new_person *persons;
	size_t n_persons;
	const char *team;               /* a team of the configuration */
	const char *task;               /* a task of the case's organisation; NULL: its first */
	const char *title;
	int framework;                  /* enum zv_framework (not UNKNOWN) */
	int phase;                      /* enum zv_phase */
	const char *reason;             /* why the case is opened */
	bool family_informed;           /* R6.2: the leaflet was given */
	const struct zv_rec_member *members;   /* besides who, who becomes lead */
	size_t n_members;
};

/* Ids of what zv_case_open made. */
struct zv_case_ids {
	char case_id[64];
	char household_id[64];
	char (*person_ids)[64];         /* in request order, in the arena */
};

/* Open a case for a new household. Who must be a professional of the
 * team. An uninformed family gets the obligation `provide_leaflet` (R6.2). */
int zv_case_open(struct zv_service *sv, const struct zv_who *who, const struct zv_new_case *req,
		 struct zv_arena *a, struct zv_case_ids *ids, struct zv_error *err);

/* Add a member to the case team, or change their role (lead only). */
int zv_case_member_set(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		       const struct zv_rec_member *m, struct zv_error *err);

/* R6.4, R12: a new framework and/or phase (ZV_KEEP: as the case has it),
 * with the reason; when the family was not (yet) informed, the obligation
 * `inform_on_framework_change`. */
enum { ZV_KEEP = -1 };
int zv_case_change(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		   int64_t expected_version, int framework, int phase, const char *reason,
		   bool family_informed, int64_t *new_version, struct zv_error *err);

/* R6.4: the family has now been told of change `version` (of the case's
 * history); its open `inform_on_framework_change` obligations are fulfilled. */
int zv_case_informed(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		     int64_t version, const char *note, struct zv_error *err);

struct zv_new_entry {
	int kind;                       /* enum zv_entry_kind (R7.1) */
	int category;                   /* one ZV_CAT_* bit */
	const char *source;             /* who or what it comes from */
	const char *text;
	const char *const *subjects;    /* person ids; at least one */
	size_t n_subjects;
	bool verified;                  /* verified by who, now */
	/* Restrictions for someone's safety: not visible to these. */
	const char *const *hidden_from_logins;
	size_t n_hidden_from_logins;
	const char *const *hidden_from_persons;
	size_t n_hidden_from_persons;
	const char *restriction_reason;
	/* The professional's answers to the engine's questions for `record`. */
	enum zv_tri proportionate;
	enum zv_tri beyond_necessary;
	enum zv_tri informed_beforehand;
	enum zv_reason_not_informed reason_not_informed;
};

/* The engine's answer when it did not allow an act: the decision, for the
 * caller to show (questions, motivation). */
struct zv_refusal {
	bool has_decision;
	struct zv_decision *decision;   /* in the arena */
	struct zv_situation *situation; /* the situation it answered */
};

/* Record an entry (R7.1, R13.3, the engine's `record`). ZV_EDENIED or
 * ZV_EINPUT (questions open) with `refusal` filled when the engine did not
 * allow it. */
int zv_entry_add(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		 const struct zv_new_entry *req, struct zv_arena *a, char id[64],
		 struct zv_refusal *refusal, struct zv_error *err);

/* R7.3: a new version with the corrected text; the old one stays, marked as
 * corrected. ZV_ECONFLICT when the entry is not at `expected_version`. */
int zv_entry_correct(struct zv_service *sv, const struct zv_who *who, const char *entry_id,
		     int64_t expected_version, const char *text, const char *reason,
		     int64_t *new_version, struct zv_error *err);

/* R7.3: a person concerned reacts to an entry about them. */
int zv_entry_react(struct zv_service *sv, const struct zv_who *who, const char *entry_id,
		   const char *person_id, const char *text, char id[64], struct zv_error *err);

/* ---- consent ------------------------------------------------------------ */

struct zv_new_consent {
	const char *subject;            /* person id: whose data */
	int kind;                       /* enum zv_consent_kind */
	const char *purpose;
	const char *const *recipients;  /* "org:<id>", an organisation kind, "person:<id>" */
	size_t n_recipients;
	bool has_categories;
	int categories;
	const char *const *givers;      /* person ids */
	size_t n_givers;
	int state;                      /* ZV_CONSENT_REQUESTED, _GIVEN or _REFUSED */
	bool free, unambiguous, informed, specific, explicit;
	const char *how_obtained;       /* e.g. "mondeling, huisbezoek" */
	const char *present;            /* who was present */
	const char *valid_until;        /* "YYYY-MM-DD" or NULL */
	const char *note;
};

/* Record a consent. Givers are checked against the age table of R9.2 on
 * today's date: a consent given by the wrong people is refused (ZV_EINPUT,
 * saying who must give it). */
int zv_consent_record(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		      const struct zv_new_consent *req, char id[64], struct zv_error *err);

/* The next step of a consent's lifecycle other than withdrawal: a requested
 * consent is given or refused (by those it was asked of, checked against the
 * age table), a given one is renewed (a new end date) or recorded as
 * expired. The fields of `step` that belong to an event (state, the four
 * conditions, how, present, valid_until, note) are used. ZV_ECONFLICT on a
 * stale version or a step the lifecycle does not allow. */
int zv_consent_step(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		    const char *consent_id, int64_t expected_version,
		    const struct zv_new_consent *step, int64_t *new_version,
		    struct zv_error *err);

/* R9.3: what the team does when participation is withdrawn. */
enum zv_withdrawal_choice {
	ZV_WITHDRAW_NOT_PARTICIPATION = 0,   /* for the other kinds */
	ZV_WITHDRAW_STOP,                    /* the team stops */
	ZV_WITHDRAW_HAND_OVER,               /* to a mother organisation; no longer voluntary */
	ZV_WITHDRAW_CONTINUE_COMPULSORY,     /* under a compulsory framework work goes on */
};

struct zv_withdrawal_result {
	int64_t version;                /* the consent's new version */
	size_t disclosures_stopped;     /* pending disclosures that relied on it */
	size_t decisions_flagged;       /* decisions taken on it, now up for review */
	bool still_in_force;            /* other consents still cover what this one did */
	char consequence[512];          /* computed, in Dutch */
};

/* Withdraw (by a giver, `by_person`), as easily as it was given (R2.5), in
 * case `case_id` of the subject's household.
 * Cascades: pending disclosures relying on it stop; decisions taken on it
 * are flagged for review; for a consent that two parents with authority
 * gave, the consequence (no longer valid) is computed and stated. For
 * participation consent `choice` is required (R9.3). */
int zv_consent_withdraw(struct zv_service *sv, const struct zv_who *who, const char *case_id,
			const char *consent_id,
			int64_t expected_version, const char *by_person,
			enum zv_withdrawal_choice choice, const char *note,
			struct zv_withdrawal_result *result, struct zv_error *err);

/* ---- sharing ------------------------------------------------------------ */

struct zv_disclosure_request {
	const char *case_id;
	const char *const *entries;     /* what to share */
	size_t n_entries;
	const char *recipient_org;      /* an organisation of the configuration, or */
	enum zv_org recipient_kind;     /* an organisation outside it, by kind */
	const char *recipient_person;   /* or a person of the household */
	const char *purpose;
	enum zv_initiative initiative;
	/* The professional's answers: a partial situation in the JSON of
	 * docs/decision-api.md (only the facts the dossier does not hold). */
	const char *answers_json;
};

struct zv_disclosure_result {
	struct zv_decision *decision;   /* in the arena */
	struct zv_situation *situation;
	char decision_id[64];
	char disclosure_id[64];         /* "" when the engine did not allow it */
	const char *const *released;    /* entry ids released */
	size_t n_released;
	size_t obligations_created;
};

/* Prepare (carry_out false: decide, log the question, and when allowed
 * record the disclosure as pending) or carry out a disclosure: the engine
 * runs on the stored facts plus the answers; then exactly the allowed scope
 * is released and the obligations are created. */
int zv_disclose(struct zv_service *sv, const struct zv_who *who,
		const struct zv_disclosure_request *req, bool carry_out, struct zv_arena *a,
		struct zv_disclosure_result *out, struct zv_error *err);

/* ---- emergencies and obligations --------------------------------------- */

/* Break the glass: access to a case without a role, for `hours` (1..72),
 * with a required reason; flagged for the privacy officer's review. */
int zv_break_glass(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		   const char *reason, int hours, char id[64], struct zv_error *err);
/* The privacy officer's review list and review. */
int zv_break_glass_pending(struct zv_service *sv, const struct zv_who *who,
			   struct zv_arena *a, struct zv_rec_break_glass **out, size_t *n,
			   struct zv_error *err);
int zv_break_glass_review(struct zv_service *sv, const struct zv_who *who, const char *id,
			  const char *note, struct zv_error *err);

int zv_obligation_fulfil(struct zv_service *sv, const struct zv_who *who, const char *id,
			 const char *note, struct zv_error *err);

/* ---- the audit log for privacy officers and auditors (auditlog.c) ------- */

/*
 * Search the audit log (docs/audit.md) as `who`: permitted to users whose
 * roles in the configuration in force include privacy_officer or auditor
 * (else ZV_EDENIED, and the refusal is logged). `q` as zv_audit_query_check
 * takes it (ZV_EINPUT with its path). Reading the log is access to personal
 * data, so the search first appends its own audit_search event, naming who
 * searched; then it brings the search index up to date and passes the
 * events it finds, oldest first, to `fn` — its own event among them when
 * the query names it. The reading is done on a connection of the call's
 * own (the log owns the service's); `fn`'s error stops it and is returned.
 */
int zv_audit_search(struct zv_service *sv, const struct zv_who *who,
		    const struct zv_audit_query *q, zv_audit_found_fn fn, void *ctx,
		    struct zv_error *err);

/*
 * Verify the whole audit log as `audit verify` does (zv_audit_verify_store
 * against this store's public key, on a read-only connection of the call's
 * own): the report, and the log's id (the hex SHA-256 of the key). ZV_OK
 * when the check ran, whatever it found (report->ok). Permitted as
 * zv_audit_search; the report holds no personal data, so only a refusal is
 * logged.
 */
int zv_audit_verify(struct zv_service *sv, const struct zv_who *who,
		    struct zv_audit_report *report, char log_id[2 * ZV_HASH_LEN + 1],
		    struct zv_error *err);

/* ---- signing in (signin.c) ----------------------------------------------- */

enum zv_sign_in_outcome {
	ZV_SIGN_IN_OK = 0,
	ZV_SIGN_IN_BAD_CREDENTIALS,        /* unknown login, no credentials, wrong password */
	ZV_SIGN_IN_TOTP_REQUIRED,          /* password right; the user has a second factor
					    * and no code was given */
	ZV_SIGN_IN_TOTP_INVALID,           /* password right; the code is wrong or used */
	ZV_SIGN_IN_SECOND_FACTOR_MISSING,  /* password right; the configuration requires a
					    * second factor (ZV_ROLES_NEED_SECOND_FACTOR, or
					    * "second_factor": true) and none is set up */
};
/* "ok", "bad_credentials", "totp_required", "totp_invalid",
 * "second_factor_missing"; NULL outside them. */
const char *zv_sign_in_outcome_name(enum zv_sign_in_outcome o);

/* Logins and organisations are ids of at most 64 bytes, names texts of at
 * most 2048 (docs/config.md). */
enum { ZV_SIGN_IN_ID_LEN = 65, ZV_SIGN_IN_NAME_LEN = 2049 };

struct zv_sign_in_result {
	enum zv_sign_in_outcome outcome;
	/* With ZV_SIGN_IN_OK only (empty otherwise): who signed in, copied from
	 * the configuration in force. */
	char login[ZV_SIGN_IN_ID_LEN];
	char name[ZV_SIGN_IN_NAME_LEN];
	char organisation[ZV_SIGN_IN_ID_LEN];
	unsigned roles;                    /* enum zv_user_role bits */
	bool second_factor;                /* a code was checked too */
};

/*
 * Sign `login` in with `password` and, when they have a second factor, the
 * 6-digit code of their authenticator app (`totp`; NULL or "" when none was
 * given), from `from` (the client's address). Returns ZV_OK when the
 * attempt was decided and logged — `out->outcome` says how; an error only
 * when it could not be (storage, memory), and then the outcome is never OK.
 *
 * An unknown login, a user without credentials and a wrong password are
 * one outcome and take the same time (a password is hashed either way), so
 * neither the answer nor its timing tells which logins exist. A code is
 * accepted for the current 30-second step or the one before or after, and
 * only for a step later than the last one that signed this user in: that
 * step is stored in the transaction of the sign-in's audit event, so each
 * code signs in once, also across processes and restarts.
 *
 * Every attempt is logged: `sign_in` (done) or `sign_in_failure`
 * (refused, with why in words); never the password or the code, and the
 * login only when it is a user of the configuration ("(unknown)" else: a
 * password typed into the login field must not stay in the log). The
 * password is checked outside the store's write lock (argon2id is slow by
 * design), read on a read-only connection the call opens for that.
 */
int zv_sign_in(struct zv_service *sv, const char *login, const char *password, const char *totp,
	       const char *from, struct zv_sign_in_result *out, struct zv_error *err);

/* When each user's credentials last changed (login and time), for a server
 * to end the sessions of a user whose password or second factor was changed
 * elsewhere. Read on a read-only connection of the call's own; not logged
 * (no personal data of the dossier, and asked every few seconds). */
int zv_credential_stamps(struct zv_service *sv, struct zv_arena *a,
			 struct zv_credential_stamp **out, size_t *n, struct zv_error *err);

/* ---- users' credentials (users.c) ---------------------------------------- */

/* A password has at least ZV_PASSWORD_MIN_CHARS characters (UTF-8), at most
 * ZV_PASSWORD_MAX_BYTES bytes, and no control characters. */
enum { ZV_PASSWORD_MIN_CHARS = 12, ZV_PASSWORD_MAX_BYTES = 1024 };

/*
 * An administrator (`who` has the role administrator in the configuration
 * in force, else ZV_EDENIED) manages the credentials of the configuration's
 * users; each change is one audited act (config_change, naming the user,
 * never the password or secret), a refusal is logged. `login` must be a user
 * of the configuration (ZV_ENOTFOUND). Passwords are hashed with argon2id at
 * the configuration's level (`security.argon2id`), before the transaction.
 */
/* Credentials for a user who has none yet (ZV_ECONFLICT when they have). */
int zv_user_add(struct zv_service *sv, const struct zv_who *who, const char *login,
		const char *password, struct zv_error *err);
/* A new password (ZV_ENOTFOUND when the user has no credentials yet). */
int zv_user_set_password(struct zv_service *sv, const struct zv_who *who, const char *login,
			 const char *password, struct zv_error *err);

enum { ZV_TOTP_URI_LEN = 384 };
/* A new second factor, to show the user once. */
struct zv_totp_setup {
	char secret[ZV_TOTP_BASE32_LEN];   /* base32, as apps take it typed */
	char uri[ZV_TOTP_URI_LEN];         /* otpauth://totp/Zorgvuldig:LOGIN?… (a QR code) */
};
/* A new TOTP secret, replacing any earlier one (whose codes stop working at
 * once). ZV_ENOTFOUND when the user has no credentials yet. */
int zv_user_set_totp(struct zv_service *sv, const struct zv_who *who, const char *login,
		     struct zv_totp_setup *out, struct zv_error *err);
/* Remove the second factor: ZV_EINPUT for a user the configuration requires
 * one of (their roles, or "second_factor": true), ZV_ENOTFOUND when there is
 * none. */
int zv_user_remove_totp(struct zv_service *sv, const struct zv_who *who, const char *login,
			struct zv_error *err);

/* ---- set-up -------------------------------------------------------------- */

/* Make a new store at `db` with its keys in `key_dir` (FILE.keys): schema,
 * signing key pair and data key, the signed head of the empty audit log,
 * and as first events its creation and `config_json` put in force (checked
 * first). `*keys_made` says whether keys were written, for cleaning up after
 * a failure (the caller removes what was made). */
int zv_dossier_create(const char *db, const char *key_dir, const char *config_json,
		      const char *by, const char *from, uint8_t public_key[ZV_PUBKEY_LEN],
		      bool *keys_made, struct zv_error *err);

/* Put a configuration in force (checked first); logged as a configuration
 * change. Users get credentials separately. */
int zv_config_install(struct zv_audit_log *log, const char *json, const char *by,
		      const char *from, struct zv_error *err);

/* What the demo pilot made, for `demo --json` (docs/cli.md). */
struct zv_demo_user {
	const char *login, *password, *organisation;
	unsigned roles;
	char totp_secret[ZV_TOTP_BASE32_LEN];   /* "" without a second factor */
};
struct zv_demo_entry {
	const char *id;
	const char *const *visible_to;  size_t n_visible_to;
	const char *const *anonymous_to; size_t n_anonymous_to;
};
struct zv_demo_case {
	const char *id, *household;
	const struct zv_rec_member *team; size_t n_team;
	const struct zv_demo_entry *entries; size_t n_entries;
};
struct zv_demo {
	struct zv_demo_user *users; size_t n_users;
	const struct zv_demo_case *cases; size_t n_cases;
};

/* Fill a store (fresh from init) with the demo pilot: its configuration,
 * users with passwords (and TOTP secrets for the roles that need them),
 * households, cases, entries, consents, decisions and obligations. On a
 * store that already holds it, only describes it. ZV_ECONFLICT on a store
 * with other data. */
int zv_demo_load(struct zv_store *store, const char *key_dir, const char *from,
		 const struct zv_service_options *options, struct zv_arena *a,
		 struct zv_demo *out, struct zv_error *err);

/* Names of the dossier's own enumerations, as the API and the command line
 * use them; NULL outside them. And back: false when the name is not one.
 * (Case roles, frameworks, kinds of consent and persons' roles are the
 * contract's: zv/codec.h.) */
const char *zv_phase_name(int phase);
const char *zv_entry_kind_name(int kind);
const char *zv_consent_state_name(int state);
bool zv_phase_from_name(const char *s, int *out);
bool zv_entry_kind_from_name(const char *s, int *out);
bool zv_category_from_name(const char *s, int *out);

/* The 11-test of a BSN (9 digits). */
bool zv_bsn_valid(const char *bsn);
/* Age in whole years on `on` for a birth date "YYYY-MM-DD"; -1 if unknown. */
int zv_age_on(const char *birth_date, zv_day on);

#endif /* ZV_SERVICE_H */
