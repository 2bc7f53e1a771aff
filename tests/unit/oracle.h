/*
 * oracle.h — the authorization oracle's world and model, shared by
 * test_dossier_oracle.c (building random worlds through the services and
 * checking what the services show against the full engine) and
 * oracle_http.c (replaying those checks over the HTTP API).
 *
 * A struct world is one seed's store, its services and the test's model of
 * everything that was asked and accepted; the functions below read the
 * model (who has what role, what the engine says each user may see) and
 * the audit log through the world's second, read-only connection. Failures
 * are reported with cmocka's fail_msg and name the seed.
 */
#ifndef ZV_TEST_ORACLE_H
#define ZV_TEST_ORACLE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helpers.h"
#include "zv/audit.h"
#include "zv/config.h"
#include "zv/crypto.h"
#include "zv/policy.h"
#include "zv/service.h"
#include "zv/store.h"

enum {
	MAX_USERS = 16,
	MAX_CASES = 6,
	MAX_PERSONS = 8,
	MAX_ENTRIES = 28,
	MAX_CONSENTS = 24,
	MAX_RECIPIENTS = 3,
	MAX_DISCLOSURES = 8,
	ID_LEN = 64,
	DEFAULT_SEEDS = 20,
	DEFAULT_HTTP_EVERY = 1,   /* replay over HTTP every Nth seed (0: never) */
};

/* ---- the model ------------------------------------------------------------ */

struct m_person {
	char id[ID_LEN];
	int role;                     /* enum zv_person_role */
	int age;                      /* -1: no birth date recorded */
	int capable;                  /* enum zv_tri, as recorded */
	zv_personset holders;         /* parental authority */
};

struct m_entry {
	char id[ID_LEN];
	int kind, category;
	bool verified;
	zv_personset subjects;
	const char *holder;           /* the organisation it was recorded under */
	uint32_t hidden_from;         /* bit per user: restricted from them */
	int64_t version;
	char text[128];
	int reactions;
};

struct m_consent {
	char id[ID_LEN];
	int subject, kind, state;
	zv_personset givers;
	bool free, unambiguous, informed, specific, explicit;
	char recipients[MAX_RECIPIENTS][ID_LEN + 8];
	int n_recipients;
	bool has_categories;
	int categories;
	bool has_valid_until;
	zv_day valid_until;
	int64_t version;
	uint64_t stamp;               /* when it was given or withdrawn, in the test's order */
};

struct m_disclosure {
	char recipient[ID_LEN];
	int scope;                    /* enum zv_scope_kind; NONE: the content as asked */
	int categories;
	char entries[MAX_ENTRIES][ID_LEN];
	size_t n_entries;
};

struct m_case {
	char id[ID_LEN];
	const struct zv_team *team;
	int framework, phase;
	int64_t version;
	struct m_person persons[MAX_PERSONS];
	size_t n_persons;
	int role[MAX_USERS];          /* ZV_CASE_ROLE_NONE when not on the team */
	bool grant[MAX_USERS];        /* break-the-glass */
	struct m_entry entries[MAX_ENTRIES];
	size_t n_entries;
	struct m_consent consents[MAX_CONSENTS];
	size_t n_consents;
	struct m_disclosure disclosures[MAX_DISCLOSURES];
	size_t n_disclosures;
};

/* How a professional acts in a case, by docs/config.md: in the Regional
 * Safety Team as that team for their mother organisation, in a local team
 * under mandate as the team's organisation, anywhere else (a network, or a
 * case of a team they are not in) as their own organisation. */
struct m_acting {
	enum zv_org kind;
	const char *org_id;
	enum zv_org acting_for;
	const char *acting_for_org;
	const char *records_under;    /* whose secrecy covers what they record */
};

struct stats {
	unsigned long seeds, calls, reading_calls, events;
	unsigned long cases, entries, entries_refused, entries_sensitive;
	unsigned long consents, consents_refused, withdrawals, expired;
	unsigned long disclosures, disclosures_refused, corrections, reactions, grants;
	unsigned long predictions, shows, refused_shows;
	unsigned long visible, anonymous, hidden, restricted;
	unsigned long sensitive_own, sensitive_consent, sensitive_disclosed, sensitive_denied;
	/* The replay over HTTP (oracle_http.c). */
	unsigned long http_seeds, http_signins, http_requests, http_comparisons;
};

struct oracle {
	struct zv_situation s;
	struct zv_person persons[MAX_PERSONS];
	struct zv_consent consents[MAX_PERSONS][MAX_CONSENTS];
	struct zv_text org_ids[MAX_CONSENTS][MAX_RECIPIENTS];
	struct zv_decision d;
};

/* What the administrator gave every user (oracle_credentials_give): a
 * password, and a TOTP secret to those whose roles need a second factor. */
struct oracle_credentials {
	char password[MAX_USERS][96];
	uint8_t totp[MAX_USERS][ZV_TOTP_SECRET_LEN];
	size_t totp_len[MAX_USERS];   /* 0: no second factor */
};

struct world {
	unsigned long long seed;
	struct rng rng;
	const struct zv_config *cfg;
	size_t n_users;
	char dir[256], db[300], keys[400];
	uint8_t public_key[ZV_PUBKEY_LEN];
	const struct oracle_credentials *credentials;   /* in the store since it was made */
	_Atomic int64_t clock;        /* the services' clock, also the HTTP server's */
	struct zv_store *store, *ro;
	struct zv_service *sv;
	struct m_case cases[MAX_CASES];
	size_t n_cases;
	struct oracle *o;
	struct stats *st;
	uint64_t tick;                /* the test's own order of events */
	/* What the last zv_case_show of each case by each user and the last
	 * zv_case_list of each user appended to the audit log: the same
	 * request over HTTP must append as many. */
	uint64_t show_events[MAX_CASES][MAX_USERS];
	uint64_t list_events[MAX_USERS];
};

/* ---- shared by the checks ---------------------------------------------------- */

const char *login_of(const struct world *w, size_t u);
/* The user's role in the case, a break-the-glass grant counting as directly
 * involved; ZV_CASE_ROLE_NONE when they have neither. */
int role_of(const struct m_case *c, size_t u);
struct m_entry *entry_by_id(struct m_case *c, const char *id);

/* The services' clock (ctx: the world's `clock`): a millisecond per reading,
 * safe from the HTTP server's threads. */
int64_t oracle_clock(void *ctx);
/* The audit log's size and its newest event, as a second connection sees
 * them (`out` lives in `a`). */
uint64_t audit_size(struct world *w);
void newest_event(struct world *w, struct zv_arena *a, struct zv_audit_event *out);
bool id_in(const struct zv_audit_ids *ids, const char *id);

/* What user `u` may see of entry `e` now, by the full engine (zv_decide). */
enum zv_visibility oracle(struct world *w, const struct m_case *c, size_t u,
			  const struct m_entry *e);
/* Fail, saying everything about the user, the entry and both answers: the
 * oracle's `want` and what `by` ("the service", "HTTP") showed, `where`. */
void mismatch(struct world *w, const struct m_case *c, size_t u, const struct m_entry *e,
	      enum zv_visibility want, enum zv_visibility got, const char *by, const char *where);

/* The pilot's administrator gives every user of `cfg` (by index, as the
 * world's users) a password and, where their roles need one, a second
 * factor, through the services `sv`; what was given goes into `out`. */
void oracle_credentials_give(struct zv_service *sv, const struct zv_config *cfg,
			     struct oracle_credentials *out);
/* Sign every user of the world in over HTTP and compare, for every user and
 * case, the case list and each case's view with the model (oracle_http.c). */
void oracle_http_replay(struct world *w);

#endif /* ZV_TEST_ORACLE_H */
