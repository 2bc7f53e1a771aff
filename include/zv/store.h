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

#endif /* ZV_STORE_H */
