/*
 * zv/store.h — the store: where Zorgvuldig keeps what must last.
 *
 * One interface, more than one backend: SQLite (one file, WAL, foreign keys
 * on, synchronous=FULL — the embedded default, src/store/sqlite.c) now, and
 * PostgreSQL later behind the same functions. Callers never see SQL. The
 * schema grows by numbered migrations (src/store/migrations.c), applied in
 * order, each in its own transaction, when a store is opened.
 *
 * Transactions: zv_store_begin() .. zv_store_commit() or
 * zv_store_rollback(). A commit that returns ZV_OK is durable (the backend's
 * power-loss semantics). Savepoints nest inside a transaction so that one
 * piece of a group commit can fail alone.
 *
 * A struct zv_store is one connection; use it from one thread at a time.
 */
#ifndef ZV_STORE_H
#define ZV_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zv/base.h"

struct zv_store;

enum zv_store_mode {
	ZV_STORE_OPEN,      /* an existing store; pending migrations are applied */
	ZV_STORE_CREATE,    /* a new store; refuses (ZV_ECONFLICT) when the file exists */
	ZV_STORE_READ,      /* an existing store, opened read-only; never migrates */
};

int zv_store_open(const char *path, enum zv_store_mode mode, struct zv_store **out,
		  struct zv_error *err);
void zv_store_close(struct zv_store *s);

/* Remove the files of a store at `path` that is not open: the database with
 * its write-ahead log and shared memory, and its search index likewise (for
 * a creation that failed halfway). Files that are not there are skipped. */
void zv_store_remove_files(const char *path);

/* Where the store is: what zv_store_open took, to open another connection. */
const char *zv_store_path(const struct zv_store *s);

/* The schema version of the open store, and the newest this program knows. */
int zv_store_schema_version(const struct zv_store *s);
int zv_store_schema_latest(void);

/* Transactions. begin(write=true) takes the write lock at once (waiting
 * for other writers, up to the busy timeout). */
int zv_store_begin(struct zv_store *s, bool write, struct zv_error *err);
int zv_store_commit(struct zv_store *s, struct zv_error *err);
void zv_store_rollback(struct zv_store *s);
/* Whether a transaction is open (the backend may have ended one on its own
 * after an error, e.g. a full disk). */
bool zv_store_in_transaction(struct zv_store *s);
int zv_store_savepoint(struct zv_store *s, struct zv_error *err);
int zv_store_savepoint_release(struct zv_store *s, struct zv_error *err);
void zv_store_savepoint_rollback(struct zv_store *s);

/* ---- the audit log's persistence (used by src/audit only) -------------- */

enum { ZV_STORE_HASH_LEN = 32, ZV_STORE_SIG_LEN = 64, ZV_TREE_MAX_LEVELS = 64 };

/*
 * One event as stored: its sequence number (= leaf index), the canonical
 * entry bytes (the leaf input), its leaf hash, and the hashes of the complete
 * subtrees that this leaf completes (levels 1..node_count, lowest first) —
 * so that every node of the tree lives in the row of the leaf that closed it.
 */
struct zv_audit_row {
	uint64_t seq;
	const char *entry;
	size_t entry_len;
	const uint8_t *leaf;          /* ZV_STORE_HASH_LEN bytes */
	const uint8_t *nodes;         /* node_count * ZV_STORE_HASH_LEN bytes */
	size_t node_count;
};

/* A signed tree head as stored (the chain `previous` is the hash of the
 * previous head's signed message; zero for the first). */
struct zv_tree_head {
	uint64_t tree_size;
	int64_t timestamp_us;         /* UTC microseconds since 1970 */
	uint8_t root[ZV_STORE_HASH_LEN];
	uint8_t previous[ZV_STORE_HASH_LEN];
	uint8_t signature[ZV_STORE_SIG_LEN];
};

typedef int (*zv_audit_row_fn)(void *ctx, const struct zv_audit_row *row, struct zv_error *err);
/* `id` is NULL when the stored key is not well-formed text (not text, or
 * with a NUL byte inside), so that no such key can pass for a valid one. */
typedef int (*zv_audit_subject_fn)(void *ctx, uint64_t seq, const char *kind, const char *id,
				   struct zv_error *err);
typedef int (*zv_tree_head_fn)(void *ctx, const struct zv_tree_head *head, struct zv_error *err);

/* Number of events (= the next sequence number). */
int zv_store_audit_size(struct zv_store *s, uint64_t *size, struct zv_error *err);
int zv_store_audit_insert(struct zv_store *s, const struct zv_audit_row *row,
			  struct zv_error *err);
/* The hash of the complete subtree of 2^level leaves at `index` (level 0 is
 * a leaf). ZV_ENOTFOUND when the tree has no such node yet. */
int zv_store_audit_node(struct zv_store *s, unsigned level, uint64_t index,
			uint8_t out[ZV_STORE_HASH_LEN], struct zv_error *err);
/* Events from..to (inclusive) in sequence order. The row is valid during the
 * call only. A callback's nonzero return stops the scan and is returned. */
int zv_store_audit_scan(struct zv_store *s, uint64_t from, uint64_t to, zv_audit_row_fn fn,
			void *ctx, struct zv_error *err);
/* As zv_store_audit_scan, without the entries (row->entry is ""): for
 * serving proofs. */
int zv_store_audit_hash_scan(struct zv_store *s, uint64_t from, uint64_t to, zv_audit_row_fn fn,
			     void *ctx, struct zv_error *err);

/*
 * The search index: the keys (person, household, case, user) of each event,
 * kept apart from the log so that a durable append writes and syncs the log
 * alone (SQLite: a second file, FILE-search, in WAL mode with
 * synchronous=NORMAL — never corrupt, but its newest writes may be lost on
 * power failure, which costs nothing: they are derived). It is brought up to
 * date in batches by src/audit (zv_audit_index_update) and records how many
 * events it covers and the leaf hash of the last one, so that an index of
 * another or a rewritten log is recognised. Until it has been written, or in
 * a store opened read-only without one, it covers no event.
 */
struct zv_index_state {
	uint64_t indexed;                     /* events 0..indexed-1 are indexed */
	uint8_t last_leaf[ZV_STORE_HASH_LEN]; /* leaf hash of event indexed-1 */
};

int zv_store_index_state(struct zv_store *s, struct zv_index_state *st, struct zv_error *err);
/* A transaction on the index (separate from the store's own): with `write`,
 * to add keys (ended by commit or rollback); without, one snapshot to read
 * (ended by rollback). Its state as of the transaction's start. */
int zv_store_index_begin(struct zv_store *s, bool write, struct zv_index_state *st,
			 struct zv_error *err);
int zv_store_index_add(struct zv_store *s, uint64_t seq, const char *kind, const char *id,
		       struct zv_error *err);
int zv_store_index_commit(struct zv_store *s, const struct zv_index_state *st,
			  struct zv_error *err);
void zv_store_index_rollback(struct zv_store *s);
/* The search keys of events from..to (inclusive), in sequence order, then
 * kind and id in byte order. */
int zv_store_audit_subject_scan(struct zv_store *s, uint64_t from, uint64_t to,
				zv_audit_subject_fn fn, void *ctx, struct zv_error *err);
/* Sequence numbers of the events with this search key, ascending. */
int zv_store_audit_search(struct zv_store *s, const char *kind, const char *id,
			  zv_audit_subject_fn fn, void *ctx, struct zv_error *err);

int zv_store_head_insert(struct zv_store *s, const struct zv_tree_head *h, struct zv_error *err);
/* The newest head; ZV_ENOTFOUND when there is none. */
int zv_store_head_latest(struct zv_store *s, struct zv_tree_head *h, struct zv_error *err);
/* The head of exactly this tree size; ZV_ENOTFOUND when none was signed. */
int zv_store_head_at(struct zv_store *s, uint64_t tree_size, struct zv_tree_head *h,
		     struct zv_error *err);
/* Up to `limit` heads of tree size `from_size` or more, oldest first. */
int zv_store_head_scan(struct zv_store *s, uint64_t from_size, size_t limit, zv_tree_head_fn fn,
		       void *ctx, struct zv_error *err);

/* ---- the household dossier ---------------------------------------------
 *
 * Households, persons, cases with their history and team, entries with their
 * versions, reactions and restrictions, consents with their lifecycle,
 * decisions, disclosures, obligations and break-the-glass grants (schema:
 * migration 3). Only src/service calls these, inside the transactions it
 * opens with the audit event that records the act.
 *
 * Records are plain values. Loaded records live in the caller's arena; text
 * fields are NUL-terminated, NULL when absent. Times are UTC text as the
 * audit log writes them ("2026-11-29T08:52:21.123456Z"), dates "YYYY-MM-DD".
 * Writes that carry an `expected_version` refuse a stale one with
 * ZV_ECONFLICT (optimistic concurrency: never a silent overwrite). The
 * SQLite backend implements these directly; a second backend will put them
 * behind backend.h's table as the audit log's are.
 */

struct zv_arena;

enum zv_entry_kind { ZV_ENTRY_FACT, ZV_ENTRY_OBSERVATION, ZV_ENTRY_OPINION, ZV_ENTRY_VIEW,
		     ZV_ENTRY__COUNT };
enum zv_phase { ZV_PHASE_DIRECT_SAFETY, ZV_PHASE_RISK_DRIVEN_CARE, ZV_PHASE_RECOVERY,
		ZV_PHASE_CLOSED, ZV_PHASE__COUNT };
enum zv_consent_state { ZV_CONSENT_REQUESTED, ZV_CONSENT_GIVEN, ZV_CONSENT_REFUSED,
			ZV_CONSENT_RENEWED, ZV_CONSENT_WITHDRAWN, ZV_CONSENT_EXPIRED,
			ZV_CONSENT_STATE__COUNT };
enum zv_disclosure_state { ZV_DISCLOSURE_PENDING, ZV_DISCLOSURE_DONE, ZV_DISCLOSURE_STOPPED };

struct zv_rec_household {
	const char *id, *name, *created_at;
};

struct zv_rec_person {
	const char *id, *household, *name;
	int role;                       /* enum zv_person_role */
	const char *birth_date;         /* NULL: unknown */
	int capable;                    /* enum zv_tri */
	const uint8_t *bsn_sealed;      /* encrypted BSN (crypto), NULL: none */
	size_t bsn_sealed_len;
	const uint8_t *bsn_key;         /* keyed hash of the BSN, 32 bytes, for uniqueness */
	bool confidential_address;
	const uint8_t *address_sealed;  /* encrypted address, NULL: none */
	size_t address_sealed_len;
};

struct zv_rec_case {
	const char *id, *household, *team, *organisation, *task, *title;
	int framework;                  /* enum zv_framework */
	int phase;                      /* enum zv_phase */
	int64_t version;
	const char *opened_at, *opened_by;
};

/* One version of a case's framework and phase: why, by whom, and whether
 * and when the family was told (R6.4, R12). Version 1 is the opening. */
struct zv_rec_case_change {
	int64_t version;
	const char *at, *by;
	int framework, phase;
	const char *reason;
	bool family_informed;
	const char *informed_at;
};

struct zv_rec_member {
	const char *login;
	int role;                       /* enum zv_case_role: lead .. advisor */
};

/* An entry as of one version. `subjects` are person ids. */
struct zv_rec_entry {
	const char *id, *case_id;
	int64_t version;                /* of this text; the entry's newest is its current */
	int kind;                       /* enum zv_entry_kind */
	int category;                   /* one ZV_CAT_* bit */
	const char *source, *text, *author, *author_org, *secrecy_holder;
	const char *recorded_at, *verified_by, *verified_at;
	const char *correction_reason;  /* why this version replaced the one before */
	const char *const *subjects;
	size_t n_subjects;
	bool unverified_or_opinion;     /* derived: an opinion, a view, or not verified */
};

struct zv_rec_restriction {
	const char *entry_id, *login, *person, *reason;   /* login or person */
};

struct zv_rec_reaction {
	const char *id, *entry_id, *person, *text, *at, *recorded_by;
};

/* A consent with its newest lifecycle event. */
struct zv_rec_consent {
	const char *id, *subject;
	int kind;                       /* enum zv_consent_kind */
	const char *purpose;
	const char *const *recipients;  /* "org:<id>", an organisation kind, or "person:<id>" */
	size_t n_recipients;
	bool has_categories;
	int categories;                 /* ZV_CAT_* bits */
	const char *const *givers;      /* person ids */
	size_t n_givers;
	int64_t version;                /* of the lifecycle: its newest event */
	int state;                      /* enum zv_consent_state */
	const char *at, *by;            /* of the newest event */
	bool free, unambiguous, informed, specific, explicit;
	const char *how_obtained, *present, *valid_until, *note;
};

struct zv_rec_decision {
	const char *id, *case_id, *at, *by;
	int action;                     /* enum zv_action */
	int outcome;                    /* enum zv_outcome */
	const char *situation, *answer; /* JSON; NULL in a case load */
	const char *review_reason;      /* set when a withdrawal put it up for review */
	const char *const *consents;    /* consents it relied on (not in a case load) */
	size_t n_consents;
	const char *const *entries;     /* the entries it is about */
	size_t n_entries;
};

struct zv_rec_disclosure {
	const char *id, *case_id, *decision_id;
	const char *recipient_org, *recipient_person;
	int scope;                      /* enum zv_scope_kind (NONE = the content as asked) */
	int categories;
	int state;                      /* enum zv_disclosure_state */
	const char *at, *by, *stopped_reason;
	const char *const *entries;
	size_t n_entries;
};

struct zv_rec_obligation {
	const char *id, *case_id, *decision_id;
	const char *rule, *code, *text, *due, *owner;
	const char *created_at, *fulfilled_at, *fulfilled_by, *note;
	int64_t case_version;           /* the change of the case it is about; 0: none */
};

struct zv_rec_break_glass {
	const char *id, *case_id, *login, *reason, *at, *until;
	const char *reviewed_by, *reviewed_at, *review_note;
};

/* What zv_store_case_load reads. */
enum zv_case_part {
	ZV_PART_PERSONS = 1u << 0,      /* household, persons, authority */
	ZV_PART_HISTORY = 1u << 1,      /* framework and phase changes */
	ZV_PART_TEAM = 1u << 2,
	ZV_PART_ENTRIES = 1u << 3,      /* current versions, subjects, restrictions, disclosures */
	ZV_PART_ENTRY_HISTORY = 1u << 4,/* older versions and reactions */
	ZV_PART_CONSENTS = 1u << 5,     /* of the household's persons */
	ZV_PART_RECORDS = 1u << 6,      /* decisions, disclosures, obligations */
	ZV_PART_GRANTS = 1u << 7,       /* break-the-glass grants */
	ZV_PART_ALL = 0xffu,
};

struct zv_authority { const char *child, *holder; };

/* One case and what belongs to it, as one read. */
struct zv_case_record {
	struct zv_rec_case c;
	struct zv_rec_household household;
	struct zv_rec_person *persons;        size_t n_persons;
	struct zv_authority *authority;       size_t n_authority;
	struct zv_rec_case_change *history;   size_t n_history;
	struct zv_rec_member *members;        size_t n_members;
	struct zv_rec_entry *entries;         size_t n_entries;      /* current versions */
	struct zv_rec_entry *old_versions;    size_t n_old_versions; /* corrected ones */
	struct zv_rec_restriction *restrictions; size_t n_restrictions;
	struct zv_rec_reaction *reactions;    size_t n_reactions;
	struct zv_rec_consent *consents;      size_t n_consents;
	struct zv_rec_decision *decisions;    size_t n_decisions;
	struct zv_rec_disclosure *disclosures; size_t n_disclosures;
	struct zv_rec_obligation *obligations; size_t n_obligations;
	struct zv_rec_break_glass *grants;    size_t n_grants;
};

/* ZV_ENOTFOUND when there is no such case. */
int zv_store_case_load(struct zv_store *s, const char *case_id, unsigned parts,
		       struct zv_arena *a, struct zv_case_record *out, struct zv_error *err);

/* A case a user has a role in (or an active grant for), for lists. */
struct zv_case_summary {
	struct zv_rec_case c;
	const char *household_name;
	int role;                       /* enum zv_case_role; NONE with only a grant */
	size_t open_obligations, overdue_obligations;
	const char *next_due;
};
/* `today` ("YYYY-MM-DD") decides what is overdue; `now` which grants are
 * active. Ordered by case id. */
int zv_store_cases_of(struct zv_store *s, const char *login, const char *today,
		      const char *now, struct zv_arena *a, struct zv_case_summary **out,
		      size_t *n, struct zv_error *err);
/* Every case id, in order (for the administrator and the demo). */
int zv_store_case_ids(struct zv_store *s, struct zv_arena *a, const char ***out, size_t *n,
		      struct zv_error *err);
/* Open obligations owned by `login`, or of cases where `login` is lead,
 * by due date. */
int zv_store_obligations_of(struct zv_store *s, const char *login, struct zv_arena *a,
			    struct zv_rec_obligation **out, size_t *n, struct zv_error *err);
/* Break-the-glass grants no privacy officer has reviewed yet, oldest first. */
int zv_store_grants_unreviewed(struct zv_store *s, struct zv_arena *a,
			       struct zv_rec_break_glass **out, size_t *n, struct zv_error *err);
/* The decisions that relied on a consent. */
int zv_store_decisions_on_consent(struct zv_store *s, const char *consent_id,
				  struct zv_arena *a, struct zv_rec_decision **out, size_t *n,
				  struct zv_error *err);
/* A decision by id with its situation and answer (JSON); ZV_ENOTFOUND. */
int zv_store_decision_get(struct zv_store *s, const char *id, struct zv_arena *a,
			  struct zv_rec_decision *out, struct zv_error *err);
/* A consent by id (with its newest event); ZV_ENOTFOUND. */
int zv_store_consent_get(struct zv_store *s, const char *id, struct zv_arena *a,
			 struct zv_rec_consent *out, struct zv_error *err);
/* The consent's whole lifecycle, oldest first (each as a record). */
int zv_store_consent_history(struct zv_store *s, const char *id, struct zv_arena *a,
			     struct zv_rec_consent **out, size_t *n, struct zv_error *err);
/* The case an entry belongs to; ZV_ENOTFOUND. */
int zv_store_entry_case(struct zv_store *s, const char *entry_id, char *case_id, size_t cap,
			struct zv_error *err);
/* The household a person belongs to; ZV_ENOTFOUND. */
int zv_store_person_household(struct zv_store *s, const char *person_id, char *household,
			      size_t cap, struct zv_error *err);

/* The next id of a kind: `prefix` followed by a number of at least `width`
 * digits ("ZV-2026-" 5 → "ZV-2026-00001"), counted per prefix. */
int zv_store_next_id(struct zv_store *s, const char *prefix, int width, char *out, size_t cap,
		     struct zv_error *err);

int zv_store_household_insert(struct zv_store *s, const struct zv_rec_household *h,
			      struct zv_error *err);
/* ZV_ECONFLICT when another person has the same BSN (bsn_key). */
int zv_store_person_insert(struct zv_store *s, const struct zv_rec_person *p,
			   struct zv_error *err);
int zv_store_authority_insert(struct zv_store *s, const char *child, const char *holder,
			      struct zv_error *err);
/* The case with its first change (version 1). */
int zv_store_case_insert(struct zv_store *s, const struct zv_rec_case *c,
			 const struct zv_rec_case_change *first, struct zv_error *err);
/* A new framework/phase version; ZV_ECONFLICT unless the case is at
 * `expected_version` (then it is at change->version = expected + 1). */
int zv_store_case_change(struct zv_store *s, const char *case_id, int64_t expected_version,
			 const struct zv_rec_case_change *change, struct zv_error *err);
/* Record that the family was told of change `version`. */
int zv_store_case_change_informed(struct zv_store *s, const char *case_id, int64_t version,
				  const char *at, struct zv_error *err);
/* Add a member, or change a member's role. */
int zv_store_member_set(struct zv_store *s, const char *case_id, const struct zv_rec_member *m,
			struct zv_error *err);
/* A new entry at version 1. */
int zv_store_entry_insert(struct zv_store *s, const struct zv_rec_entry *e,
			  struct zv_error *err);
/* A correction: version expected+1 with the new text; the old versions stay.
 * ZV_ECONFLICT when the entry is not at `expected_version`. */
int zv_store_entry_correct(struct zv_store *s, int64_t expected_version,
			   const struct zv_rec_entry *e, struct zv_error *err);
int zv_store_restriction_insert(struct zv_store *s, const struct zv_rec_restriction *r,
				struct zv_error *err);
int zv_store_reaction_insert(struct zv_store *s, const struct zv_rec_reaction *r,
			     struct zv_error *err);
/* A new consent with its first event (version 1). */
int zv_store_consent_insert(struct zv_store *s, const struct zv_rec_consent *c,
			    struct zv_error *err);
/* The next lifecycle event (the fields of `c` that belong to an event);
 * ZV_ECONFLICT unless the consent is at `expected_version`. History is
 * never overwritten. */
int zv_store_consent_event(struct zv_store *s, int64_t expected_version,
			   const struct zv_rec_consent *c, struct zv_error *err);
int zv_store_decision_insert(struct zv_store *s, const struct zv_rec_decision *d,
			     struct zv_error *err);
int zv_store_decision_flag(struct zv_store *s, const char *decision_id, const char *reason,
			   struct zv_error *err);
int zv_store_disclosure_insert(struct zv_store *s, const struct zv_rec_disclosure *d,
			       struct zv_error *err);
/* Stop every pending disclosure that relied on a decision; `*stopped` counts them. */
int zv_store_disclosures_stop(struct zv_store *s, const char *decision_id, const char *reason,
			      size_t *stopped, struct zv_error *err);
/* A disclosure carried out closes the pending ones of the same case to the
 * same recipient (they were prepared, this one went): stopped, with `reason`. */
int zv_store_disclosures_supersede(struct zv_store *s, const char *case_id,
				   const char *recipient_org, const char *recipient_person,
				   const char *reason, size_t *closed, struct zv_error *err);
int zv_store_obligation_insert(struct zv_store *s, const struct zv_rec_obligation *o,
			       struct zv_error *err);
/* ZV_ENOTFOUND when there is no such open obligation. */
int zv_store_obligation_fulfil(struct zv_store *s, const char *id, const char *at,
			       const char *by, const char *note, struct zv_error *err);
int zv_store_grant_insert(struct zv_store *s, const struct zv_rec_break_glass *g,
			  struct zv_error *err);
int zv_store_grant_review(struct zv_store *s, const char *id, const char *by, const char *at,
			  const char *note, struct zv_error *err);

/* The pilot configuration: each version kept; the newest is in force. */
int zv_store_config_insert(struct zv_store *s, const char *json, const char *at,
			   const char *by, int64_t *version, struct zv_error *err);
/* The newest configuration (in the arena); ZV_ENOTFOUND when none. */
int zv_store_config_current(struct zv_store *s, struct zv_arena *a, const char **json,
			    int64_t *version, struct zv_error *err);

/* Sign-in credentials of a user: argon2id hash and the TOTP secret (sealed). */
struct zv_rec_credential {
	const char *login, *password_hash;
	const uint8_t *totp_sealed;
	size_t totp_sealed_len;
	const char *updated_at;
	/* Read only: the last TOTP step that signed in (-1 none). Setting the
	 * credentials keeps it while the sealed secret stays the same and
	 * forgets it (-1) with another secret or none. */
	int64_t totp_last_step;
};
int zv_store_credential_set(struct zv_store *s, const struct zv_rec_credential *c,
			    struct zv_error *err);
/* ZV_ENOTFOUND when `login` has no credentials. */
int zv_store_credential_get(struct zv_store *s, const char *login, struct zv_arena *a,
			    struct zv_rec_credential *out, struct zv_error *err);
/* When each user's credentials last changed, by login. */
struct zv_credential_stamp {
	const char *login, *updated_at;
};
int zv_store_credential_stamps(struct zv_store *s, struct zv_arena *a,
			       struct zv_credential_stamp **out, size_t *n, struct zv_error *err);
/* Record that the code of TOTP step `step` signed `login` in: ZV_ECONFLICT
 * when that step or a later one was used already (each code once). */
int zv_store_credential_totp_used(struct zv_store *s, const char *login, int64_t step,
				  struct zv_error *err);

/* Instrumentation for tests: rows of personal data read since the store was
 * opened (persons, entries, reactions, consents, disclosures). */
uint64_t zv_store_personal_reads(const struct zv_store *s);

#endif /* ZV_STORE_H */
