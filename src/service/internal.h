/*
 * internal.h — internal to src/service: the service's state, who acts as
 * what in a case, the situations built from stored facts, and the helpers
 * every use case shares (time, ids, audit events).
 */
#ifndef ZV_SERVICE_INTERNAL_H
#define ZV_SERVICE_INTERNAL_H

#include "zv/crypto.h"
#include "zv/service.h"

struct zv_service {
	struct zv_store *store;
	struct zv_audit_log *log;
	struct zv_signing_key key;
	struct zv_data_key data;
	struct zv_arena config_arena;   /* owns `config` */
	struct zv_config config;
	struct zv_service_options opt;
};

/* ---- time ---------------------------------------------------------------- */

int64_t svc_now_us(const struct zv_service *sv);
zv_day svc_day_of(int64_t us);

/* ---- who acts as what ---------------------------------------------------- */

/* How a professional acts in a case (zv/service.h): as the engine's actor,
 * and under whose responsibility (and secrecy) they record. */
struct acting {
	const struct zv_config *cfg;
	const struct zv_professional *user;
	enum zv_org kind;
	const char *org_id;
	enum zv_org acting_for;            /* for the Regional Safety Team */
	const char *acting_for_org;
	const struct zv_organisation *responsible;   /* records under this organisation */
};

/* The user of `who`; ZV_EDENIED naming the login when the configuration has
 * no such user. */
int svc_user(const struct zv_service *sv, const struct zv_who *who,
	     const struct zv_professional **out, struct zv_error *err);
void svc_acting(const struct zv_service *sv, const struct zv_professional *p,
		const struct zv_rec_case *c, struct acting *out);
/* The same in a team of a configuration (NULL: outside any team). */
void svc_acting_in(const struct zv_config *cfg, const struct zv_professional *p,
		   const char *team_id, struct acting *out);
/* The role of `login` in the loaded case: its team role, else DIRECTLY_INVOLVED
 * under an active break-the-glass grant (`*by_grant`), else NONE. */
int svc_case_role(const struct zv_case_record *r, const char *login, const char *now,
		  bool *by_grant, const char **grant_reason);

/* ---- situations from stored facts ---------------------------------------- */

/* The household's persons as the engine sees them, on one date: ages,
 * authority, capability and their consents that are (or were) in force. */
struct household_facts {
	struct zv_person *persons;
	const char **ids;                  /* persons[i].id as C strings */
	size_t n;
	zv_day today;
	/* For each engine consent: the stored consent it came from. */
	const struct zv_rec_consent **consent_of[ZV_MAX_PERSONS];
};

int svc_household_facts(struct zv_arena *a, const struct zv_case_record *r, zv_day today,
			struct household_facts *out, struct zv_error *err);
/* The index of a person id in the facts, or -1. */
int svc_person_index(const struct household_facts *h, const char *id);
zv_personset svc_person_set(const struct household_facts *h, const char *const *ids, size_t n);

/* A C string as the engine's text ({NULL, 0} for NULL). */
struct zv_text svc_text(const char *s);
/* Who acts, as the engine's actor in the role `role`. */
void svc_actor(const struct acting *who, int role, struct zv_situation *s);
/* A stored consent given or renewed (not requested, refused, withdrawn or expired). */
bool svc_consent_in_force(const struct zv_rec_consent *c);
/* The entry of a loaded case by id, or NULL. */
const struct zv_rec_entry *svc_find_entry(const struct zv_case_record *r, const char *id);

/* The situation of `login` viewing entry `e` (R13.1). */
void svc_view_situation(const struct household_facts *h, const struct acting *who,
			int role, const struct zv_case_record *r, const struct zv_rec_entry *e,
			const char *login, struct zv_situation *s);
/* What the engine's answer to a view situation means for the viewer. */
enum zv_visibility svc_visibility(const struct zv_situation *s);
/* Need-to-know for one entry, through the engine. */
enum zv_visibility svc_entry_visibility(const struct zv_service *sv,
					const struct household_facts *h,
					const struct acting *who, int role,
					const struct zv_case_record *r,
					const struct zv_rec_entry *e, const char *login);

/* The task a case serves for this actor: the case's task when the actor's
 * responsible organisation has it, else that organisation's first task
 * (a network member works under their own organisation's task). */
const struct zv_task *svc_case_task(const struct acting *who, const struct zv_rec_case *c);
/* The special-category exception of the responsible organisation that
 * covers every sensitive category in `categories` for `task` (R4.1, R13.3);
 * NULL when none does (or nothing is sensitive). */
const char *svc_category_exception(const struct acting *who, const struct zv_task *task,
				   int categories);
/* Purpose, task, legal basis and framework of an act on the case. */
void svc_purpose_and_basis(const struct acting *who, const struct zv_rec_case *c,
			   struct zv_situation *s);
/* The situation of recording a new entry, with the professional's answers. */
void svc_record_situation(const struct household_facts *h, const struct acting *who, int role,
			  const struct zv_rec_case *c, const struct zv_new_entry *req,
			  struct zv_situation *s);

/* ---- a case as the acts see it (write.c) ---------------------------------- */

struct case_ctx {
	struct zv_case_record r;
	struct acting who;
	int role;
	bool by_grant;
	int64_t now_us;
	char now[ZV_AUDIT_TIME_LEN];
	zv_day today;
	struct household_facts h;
};

/* Load a case for an act of `p`; ZV_ENOTFOUND (never the content) when there
 * is no such case or `p` has no role in it. */
int svc_case_for(struct zv_service *sv, struct zv_store *tx, const struct zv_professional *p,
		 const char *case_id, unsigned parts, struct zv_arena *a, struct case_ctx *out,
		 struct zv_error *err);
/* ZV_EDENIED unless the role may change the dossier (lead, directly
 * involved, substitute — not an advisor). */
int svc_may_write(const struct case_ctx *c, const char *what, struct zv_error *err);

/* ZV_ECONFLICT when the case is closed: no new entries or sharing until it
 * is reopened (corrections, reactions and withdrawals stay possible). */
int svc_not_closed(const struct case_ctx *c, const char *what, struct zv_error *err);

/* ---- records of acts (records.c) ----------------------------------------- */

/* The next id with this prefix ("E" 7 → "E0000012"). */
int svc_new_id(struct zv_store *tx, const char *prefix, int width, char out[64],
	       struct zv_error *err);
/* Store a decision (situation and answer as JSON, the entries it is about,
 * the consents in force for its persons) and, when `oblige` (the act was
 * done, not only asked about), the obligations it created, owned by `by`
 * (their number into `obligations` unless NULL). */
int svc_store_decision(struct zv_store *tx, struct zv_arena *a, const char *case_id,
		       const char *by, const char *at, const struct household_facts *h,
		       const struct zv_situation *s, const struct zv_decision *d,
		       const char *const *entries, size_t n_entries, char id[64], bool oblige,
		       size_t *obligations, struct zv_error *err);
int svc_store_obligations(struct zv_store *tx, const char *case_id, const char *decision_id,
			  const char *owner, const char *at, const struct zv_decision *d,
			  size_t *created, struct zv_error *err);
/* One obligation the dossier keeps over time (R6.2, R6.4, R9.3), about
 * change `case_version` of the case (0: none in particular). */
int svc_obligation(struct zv_store *tx, const char *case_id, int64_t case_version,
		   const char *rule, const char *code, const char *text, zv_day due,
		   const char *owner, const char *at, struct zv_error *err);

/* R9.3 asked of the engine for this case's framework: which of the team's
 * choices after a withdrawal of participation it offers (bits 1 << enum
 * zv_withdrawal_choice: stop and hand over as its alternatives, going on as
 * its obligation to tell the family, due `*due`). */
unsigned svc_withdrawal_options(struct zv_arena *a, const struct acting *who, int role,
				const struct zv_rec_case *c, zv_day today, zv_day *due);

/* ---- audit events -------------------------------------------------------- */

/* An event with who, from and the case; lists filled by the caller. */
void svc_event(struct zv_audit_event *e, enum zv_audit_action action, const struct zv_who *who,
	       const struct zv_professional *p, const char *role, const char *org);
/* A list of ids in the arena (NULL entries skipped); false when out of memory. */
bool svc_ids(struct zv_arena *a, struct zv_audit_ids *out, const char *const *ids, size_t n);
bool svc_one_id(struct zv_arena *a, struct zv_audit_ids *out, const char *id);
/* ZV_EINPUT at `path` when a list of a request names something twice. */
int svc_repeated(const char *const *items, size_t n, const char *path, struct zv_error *err);

/* Whether an act's failure is a refusal — not found, not permitted, input
 * the act cannot take (wrong givers, open questions), a stale version — and
 * not a fault. The act read the case to refuse it, so it is logged. */
bool svc_refused(int rc);
/* Run an act as `who`: append `e` with the act as its work, and log a
 * refusal (not found, not permitted, refused input, a stale version) as an
 * event of its own, naming `case_id` when it is one. */
int svc_act(struct zv_service *sv, const struct zv_who *who, struct zv_audit_event *e,
	    zv_audit_work_fn work, void *job, const char *case_id, struct zv_error *err);

/* Log a refusal (outcome "refused") of an act on a case, keeping the
 * original error in `err`. */
void svc_log_refusal(struct zv_service *sv, const struct zv_who *who,
		     const struct zv_professional *p, enum zv_audit_action action,
		     const char *case_id, struct zv_error *err);
/* The same, with the reason the user gave (break-the-glass events need it). */
void svc_log_refusal_why(struct zv_service *sv, const struct zv_who *who,
			 const struct zv_professional *p, enum zv_audit_action action,
			 const char *case_id, const char *reason, struct zv_error *err);

/* ---- second factors -------------------------------------------------------- */

/* A TOTP secret sealed with the data key for `login` (context "totp:LOGIN",
 * so that it cannot be moved to another user), and back: false when the
 * credentials hold none, or none this key sealed for this login. */
enum { SVC_TOTP_SEALED_LEN = ZV_TOTP_SECRET_LEN + ZV_SEAL_OVERHEAD };
void svc_totp_seal(const struct zv_data_key *key, const char *login,
		   const uint8_t secret[ZV_TOTP_SECRET_LEN], uint8_t sealed[SVC_TOTP_SEALED_LEN]);
bool svc_totp_unseal(const struct zv_data_key *key, const struct zv_rec_credential *c,
		     uint8_t secret[ZV_TOTP_SECRET_LEN]);

/* A copy of a string in the arena (NULL stays NULL). */
const char *svc_strdup(struct zv_arena *a, const char *s);

/* Load the configuration in force into sv->config. */
int svc_load_config(struct zv_service *sv, struct zv_error *err);

#endif /* ZV_SERVICE_INTERNAL_H */
