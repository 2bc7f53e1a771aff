/*
 * zv/audit.h — the tamper-evident audit log (NEN 7513 access logging,
 * Merkle tree in the style of Certificate Transparency, RFC 9162).
 *
 * Every event — who did what to whose data, when, why, from where, with what
 * outcome — becomes one leaf of a Merkle tree: leaf = SHA-256(0x00 ‖ entry),
 * where `entry` is the event's canonical JSON (zv_audit_event_encode). Each
 * commit appends its events and signs a new tree head (Ed25519) that also
 * names the hash of the head before it (message and signature), so the heads
 * form a chain and the newest signature vouches for all of them. Before it
 * chains a new head onto the stored newest one, the log checks that head's
 * signature, so a forged head is never carried forward. Inclusion and consistency proofs
 * are those of RFC 9162 §2.1.3–2.1.4.
 *
 * The tree's state lives in the store (zv/store.h), never only in memory, so
 * several processes may append to one log; within a process, concurrent
 * appends are grouped into one transaction and one fsync (group commit). An
 * append may carry a piece of work (the action the event records) that runs
 * in the same transaction: both commit or neither does.
 *
 * Ownership: events passed in are borrowed; decoded events live in the
 * caller's arena. A struct zv_audit_log borrows its store and key.
 */
#ifndef ZV_AUDIT_H
#define ZV_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zv/base.h"
#include "zv/crypto.h"
#include "zv/store.h"

/* ---- events ------------------------------------------------------------- */

enum zv_audit_action {
	ZV_AUDIT_VIEW,
	ZV_AUDIT_RECORD,
	ZV_AUDIT_CORRECT,
	ZV_AUDIT_DISCLOSE,
	ZV_AUDIT_REQUEST,
	ZV_AUDIT_ENRICH,
	ZV_AUDIT_EXPORT,
	ZV_AUDIT_DESTROY,
	ZV_AUDIT_DECIDE,
	ZV_AUDIT_SIGN_IN,
	ZV_AUDIT_SIGN_IN_FAILURE,
	ZV_AUDIT_BREAK_THE_GLASS,
	ZV_AUDIT_CONFIG_CHANGE,
	ZV_AUDIT_AUDIT_SEARCH,
	ZV_AUDIT_ACTION_COUNT
};

enum zv_audit_outcome { ZV_AUDIT_DONE, ZV_AUDIT_REFUSED };

enum {
	ZV_AUDIT_MAX_IDS = 4096,      /* per list: a view of a whole case names every entry */
	ZV_AUDIT_MAX_ID = 256,        /* bytes of an id or name */
	ZV_AUDIT_MAX_TEXT = 2048,     /* bytes of a reason or detail */
	ZV_AUDIT_TIME_LEN = 28,       /* "2026-11-29T08:52:21.123456Z" + NUL */
};

struct zv_audit_ids {
	const char *const *ids;
	size_t count;
};

/*
 * One event. `seq` and `at_us` are set by the log when it is appended.
 * Required: action, outcome, who.user and from; break-the-glass needs
 * why.reason. Strings are UTF-8 without control characters (except in
 * detail and reason, where newlines and tabs may stand); NULL or "" is
 * absent.
 */
struct zv_audit_event {
	uint64_t seq;                 /* gap-free, from 0: the leaf index */
	int64_t at_us;                /* UTC microseconds since 1970 */
	enum zv_audit_action action;
	enum zv_audit_outcome outcome;
	struct {
		const char *user;         /* login */
		const char *name;         /* name at the time */
		const char *role;
		const char *org;          /* acting organisation */
		const char *mandate;      /* mandate the user acted under */
		const char *on_behalf_of; /* the responsible user they acted for */
	} who;
	struct zv_audit_ids persons, households, cases;   /* whose data */
	struct zv_audit_ids entries, categories;          /* which data */
	struct {
		const char *purpose;
		const char *decision;     /* decision id */
		const char *reason;       /* break-the-glass reason */
	} why;
	const char *from;             /* client address or terminal */
	const char *detail;           /* e.g. what configuration changed */
};

const char *zv_audit_action_name(enum zv_audit_action a);
bool zv_audit_action_from_name(const char *name, enum zv_audit_action *out);

/* ZV_EINPUT naming `path` when `id` is not an id by the rules above. */
int zv_audit_id_check(const char *id, const char *path, struct zv_error *err);
/* ZV_EINPUT with a path like "$.who.user" when the event breaks a rule above. */
int zv_audit_event_check(const struct zv_audit_event *e, struct zv_error *err);
/* The canonical entry (the leaf input): fixed member order, no spaces,
 * absent members left out. The event must have passed zv_audit_event_check. */
void zv_audit_event_encode(const struct zv_audit_event *e, struct zv_buf *out);
/* Parse an entry back; ZV_EINPUT unless the bytes are exactly canonical. */
int zv_audit_event_decode(const char *entry, size_t len, struct zv_arena *a,
			  struct zv_audit_event *out, struct zv_error *err);

/* UTC time as "YYYY-MM-DDTHH:MM:SS.ffffffZ", and back (exactly that form). */
void zv_audit_time_format(int64_t us, char out[ZV_AUDIT_TIME_LEN]);
bool zv_audit_time_parse(const char *s, size_t len, int64_t *us);

/* ---- the Merkle tree (pure) --------------------------------------------- */

/* Hashes of incomplete subtrees already computed: an append-only tree never
 * changes MTH(D[lo:hi]), so a proof server may keep them (direct-mapped). */
enum { ZV_MERKLE_MEMO_SLOTS = 256 };
struct zv_merkle_memo {
	struct {
		uint64_t lo, hi;   /* hi == 0: empty slot */
		uint8_t hash[ZV_HASH_LEN];
	} slot[ZV_MERKLE_MEMO_SLOTS];
};

/* Where the hashes of complete subtrees come from (the store, or memory). */
struct zv_merkle_source {
	int (*node)(void *ctx, unsigned level, uint64_t index, uint8_t out[ZV_HASH_LEN],
		    struct zv_error *err);
	void *ctx;
	struct zv_sha256 *hash;
	struct zv_merkle_memo *memo;   /* optional */
};

enum { ZV_MERKLE_MAX_PATH = 2 * ZV_TREE_MAX_LEVELS };

/* MTH(D[0:size]) (RFC 9162 §2.1.1); the empty tree is SHA-256(""). */
int zv_merkle_root(const struct zv_merkle_source *src, uint64_t size, uint8_t out[ZV_HASH_LEN],
		   struct zv_error *err);
/* PATH(leaf, D[0:size]) (§2.1.3.1). */
int zv_merkle_inclusion_proof(const struct zv_merkle_source *src, uint64_t leaf, uint64_t size,
			      uint8_t path[][ZV_HASH_LEN], size_t *count, struct zv_error *err);
/* PROOF(first, D[0:second]) (§2.1.4.1), 0 < first <= second. */
int zv_merkle_consistency_proof(const struct zv_merkle_source *src, uint64_t first,
				uint64_t second, uint8_t path[][ZV_HASH_LEN], size_t *count,
				struct zv_error *err);
/* The verification algorithms of §2.1.3.2 and §2.1.4.2. */
bool zv_merkle_verify_inclusion(struct zv_sha256 *h, uint64_t leaf, uint64_t size,
				const uint8_t leaf_hash[ZV_HASH_LEN],
				const uint8_t path[][ZV_HASH_LEN], size_t count,
				const uint8_t root[ZV_HASH_LEN]);
bool zv_merkle_verify_consistency(struct zv_sha256 *h, uint64_t first, uint64_t second,
				  const uint8_t first_root[ZV_HASH_LEN],
				  const uint8_t second_root[ZV_HASH_LEN],
				  const uint8_t path[][ZV_HASH_LEN], size_t count);

/*
 * The right edge of a growing tree: one complete subtree per set bit of
 * `size`. Appending a leaf (or an aligned complete subtree) merges equal
 * levels; the hashes it makes are the nodes that leaf closes.
 */
struct zv_merkle_frontier {
	uint64_t size;
	uint8_t hash[ZV_TREE_MAX_LEVELS][ZV_HASH_LEN];   /* hash[L] valid when bit L of size */
};

void zv_merkle_frontier_init(struct zv_merkle_frontier *f);
/* Push the complete subtree of 2^level leaves whose hash is `h`; `size` must
 * be a multiple of 2^level. Writes the hashes of the nodes closed (levels
 * level+1.., lowest first) into `closed` (may be NULL) and their number. */
void zv_merkle_frontier_push(struct zv_merkle_frontier *f, struct zv_sha256 *hash,
			     unsigned level, const uint8_t h[ZV_HASH_LEN],
			     uint8_t closed[][ZV_HASH_LEN], size_t *closed_count);
void zv_merkle_frontier_root(const struct zv_merkle_frontier *f, struct zv_sha256 *hash,
			     uint8_t out[ZV_HASH_LEN]);
/* Load the frontier of a tree of `size` leaves from a source. */
int zv_merkle_frontier_load(struct zv_merkle_frontier *f, const struct zv_merkle_source *src,
			    uint64_t size, struct zv_error *err);

/* ---- signed tree heads -------------------------------------------------- */

enum { ZV_HEAD_MESSAGE_LEN = 32 + 8 + 8 + 32 + 32 };

/* The bytes that are signed: "zorgvuldig audit tree head v1" padded to 32
 * bytes, tree size and timestamp (big-endian), root, previous head hash. */
void zv_tree_head_message(const struct zv_tree_head *h, uint8_t msg[ZV_HEAD_MESSAGE_LEN]);
/* SHA-256 of the message and its signature: what the next head names as
 * `previous`. Binding the signature too means that the newest signature
 * vouches for every earlier head byte for byte, signatures included. */
void zv_tree_head_hash(struct zv_sha256 *hash, const struct zv_tree_head *h,
		       uint8_t out[ZV_HASH_LEN]);
bool zv_tree_head_verify(const struct zv_tree_head *h, const uint8_t pk[ZV_PUBKEY_LEN]);
void zv_tree_head_write_json(const struct zv_tree_head *h, const char *log_id,
			     struct zv_buf *out);
/* Read a head as written above; `where` names the source in errors. */
int zv_tree_head_parse_json(const char *text, size_t len, const char *where,
			    struct zv_tree_head *h, struct zv_error *err);

/* ---- the log ------------------------------------------------------------ */

struct zv_audit_log;

struct zv_audit_log_options {
	/* The clock (UTC microseconds); NULL for the system's real-time clock. */
	int64_t (*now_us)(void *ctx);
	void *clock_ctx;
	/* Most appends grouped into one commit; 0 for the default (64). */
	size_t max_batch;
};

/* `key` must hold the secret key; both are borrowed for the log's life. */
int zv_audit_log_open(struct zv_store *store, const struct zv_signing_key *key,
		      const struct zv_audit_log_options *options, struct zv_audit_log **out,
		      struct zv_error *err);
void zv_audit_log_close(struct zv_audit_log *log);

/* The action an event records, run inside the event's transaction (in a
 * savepoint of its own); a nonzero return undoes it and its events. */
typedef int (*zv_audit_work_fn)(struct zv_store *tx, void *ctx, struct zv_error *err);

/*
 * Append `n` >= 1 events (and run `work`, if given, first) in one
 * transaction with a freshly signed tree head. Safe from many threads:
 * appends that arrive together share one commit. Returns once durable; then
 * each event's seq and at_us are set (on failure they are unspecified, and
 * nothing of the append was kept). `err` is required. The log owns its
 * store's connection while it is open: nobody else may use that connection,
 * and `work` must not control transactions or append to the same log.
 * `work` may complete the events (e.g. with the ids it read); they are
 * checked again after it ran.
 */
int zv_audit_append(struct zv_audit_log *log, struct zv_audit_event *events, size_t n,
		    zv_audit_work_fn work, void *work_ctx, struct zv_error *err);

/* Events this log (this process's handle) has made durable since it was
 * opened; for metrics. */
uint64_t zv_audit_log_appended(struct zv_audit_log *log);

/* Sign the head of the empty tree: the first step of a new store. */
int zv_audit_log_start(struct zv_audit_log *log, struct zv_error *err);

/* ---- reading, proving, verifying --------------------------------------- */

/* A node source reading the store (fills `src`). */
void zv_audit_store_source(struct zv_store *store, struct zv_sha256 *hash,
			   struct zv_merkle_source *src);

/*
 * A proof server: keeps the tree's upper levels (subtrees of 8 leaves and
 * more, about 8 bytes per event) in memory, read once from the store and
 * extended as the log grows, and reads the few lower nodes a proof needs with
 * one range read of the 8 rows around them. One per thread; it borrows the
 * store.
 */
struct zv_audit_prover;

int zv_audit_prover_open(struct zv_store *store, struct zv_audit_prover **out,
			 struct zv_error *err);
void zv_audit_prover_close(struct zv_audit_prover *p);
/* As zv_merkle_inclusion_proof / _consistency_proof, for trees the store holds. */
int zv_audit_prover_inclusion(struct zv_audit_prover *p, uint64_t leaf, uint64_t size,
			      uint8_t path[][ZV_HASH_LEN], size_t *count, struct zv_error *err);
int zv_audit_prover_consistency(struct zv_audit_prover *p, uint64_t first, uint64_t second,
				uint8_t path[][ZV_HASH_LEN], size_t *count, struct zv_error *err);

struct zv_audit_report {
	bool ok;
	uint64_t events;             /* events checked */
	uint64_t indexed;            /* of them, with their search keys (store only) */
	uint64_t heads;              /* signed heads checked */
	uint64_t bytes;              /* entry bytes hashed */
	uint64_t first, last;        /* the events checked (an export may be partial) */
	uint64_t tree_size;          /* the size of the tree they were checked against */
	bool has_event;              /* `event` names the first event that does not match */
	uint64_t event;
	char problem[640];           /* what did not match, in words */
};

/*
 * Bring the search index (zv/store.h) up to the log's size as read now: the
 * keys of every event not yet indexed, in transactions of 4 096 events. An
 * open log's indexer thread does this whenever the index lags 4 096 events;
 * call it before reading the index. ZV_EPROBLEM when the index does not
 * describe this log (events were removed or changed, or the index belongs to
 * another store); ZV_EINPUT when the file is not a search index.
 */
int zv_audit_index_update(struct zv_store *store, struct zv_error *err);

/* ---- searching (search.c) ------------------------------------------------ */

/* A search of the log: exactly one of `person`, `user` and `case_id` (ids
 * by the rules of events), and optionally the UTC days `from` and `to`
 * ("YYYY-MM-DD", inclusive; from <= to). */
struct zv_audit_query {
	const char *person, *user, *case_id;
	const char *from, *to;
};

/* ZV_EINPUT when `q` is not a search: the path names the part at fault —
 * "person", "user", "case" (the second key of a query that gives more than
 * one), "from", "to" — or is "" when no key was given; the message does not
 * name the part, so that each caller names it as its users write it. */
int zv_audit_query_check(const struct zv_audit_query *q, struct zv_error *err);

/* Fill in what the audit_search event that records `q` (checked) says:
 * action, outcome, the person or case searched for (so that a family can
 * see that the log about them was read), purpose and a detail naming the
 * query, written into `detail`. Who searched and from where are the
 * caller's. The event borrows from `q` and `detail`. */
void zv_audit_query_event(const struct zv_audit_query *q, struct zv_audit_event *e,
			  char detail[ZV_AUDIT_MAX_TEXT]);

/* One event a search found, decoded and as its canonical entry (both valid
 * during the call only); a nonzero return stops the search and is its
 * result. */
typedef int (*zv_audit_found_fn)(void *ctx, const struct zv_audit_event *e, const char *entry,
				 size_t len, struct zv_error *err);

/*
 * The events `q` finds, oldest first, through `fn`. Brings the search index
 * up to date first (so `store` must be writable, and not in a transaction),
 * then reads in one snapshot of the store. Logs nothing: whoever searches
 * appends an audit_search event (zv_audit_query_event) before. ZV_EINPUT as
 * zv_audit_query_check; ZV_EPROBLEM when the index does not describe the log
 * or an event is not well-formed (`audit verify` tells more).
 */
int zv_audit_query_run(struct zv_store *store, const struct zv_audit_query *q,
		       zv_audit_found_fn fn, void *ctx, struct zv_error *err);

/* Recompute everything in the store: every leaf, node, indexed key, the head
 * chain and the newest head's signature; with `anchor` (a head obtained
 * earlier) also that the log still contains it. Returns ZV_OK when the check
 * ran (see report->ok), an error when it could not run. */
int zv_audit_verify_store(struct zv_store *store, const uint8_t pk[ZV_PUBKEY_LEN],
			  const struct zv_tree_head *anchor, struct zv_audit_report *report,
			  struct zv_error *err);

/* Write events from..to as export lines (docs/audit.md) against the head of
 * size `head_size`. */
typedef int (*zv_line_fn)(void *ctx, const char *line, size_t len, struct zv_error *err);
int zv_audit_export(struct zv_store *store, uint64_t from, uint64_t to, uint64_t head_size,
		    zv_line_fn emit, void *ctx, struct zv_error *err);

/* Verify an export file against a signed head and public key, offline. */
int zv_audit_verify_export(const char *path, const struct zv_tree_head *head,
			   const uint8_t pk[ZV_PUBKEY_LEN], struct zv_audit_report *report,
			   struct zv_error *err);

#endif /* ZV_AUDIT_H */
