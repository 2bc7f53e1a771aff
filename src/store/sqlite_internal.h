/*
 * sqlite_internal.h — internal to src/store: the SQLite backend's connection,
 * shared by sqlite.c (the connection, the audit log, the search index) and
 * sqlite_dossier.c (the household dossier).
 */
#ifndef ZV_STORE_SQLITE_INTERNAL_H
#define ZV_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "backend.h"

enum stmt_id {
	S_BEGIN_READ, S_BEGIN_WRITE, S_COMMIT, S_ROLLBACK,
	S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
	S_AUDIT_SIZE, S_AUDIT_INSERT, S_AUDIT_NODE, S_AUDIT_SCAN, S_HASH_SCAN,
	S_HEAD_INSERT, S_HEAD_LATEST, S_HEAD_AT, S_HEAD_SCAN,
	S_COUNT
};

/* Statements on the search index's own connection. */
enum ix_stmt_id {
	X_BEGIN, X_BEGIN_READ, X_COMMIT, X_ROLLBACK, X_STATE, X_SET_STATE, X_ADD, X_SCAN, X_SEARCH,
	X_COUNT
};

enum { SQ_CACHE_SLOTS = 128 };

struct sqlite_store {
	struct zv_store base;      /* first: a struct zv_store * is this */
	sqlite3 *db;
	sqlite3_stmt *stmt[S_COUNT];
	char path[1024];
	bool read_only;
	/* The search index: opened when first needed; `ix_absent` when a
	 * read-only store has none (then it covers no event). */
	sqlite3 *ix;
	sqlite3_stmt *ix_stmt[X_COUNT];
	bool ix_absent;
	char ix_path[1024 + sizeof "-search"];
	/* Statements of the dossier (sqlite_dossier.c), prepared when first
	 * used and kept, keyed by the address of their SQL text. */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[SQ_CACHE_SLOTS];
	uint64_t personal_reads;   /* instrumentation: zv_store_personal_reads */
};

/* The SQLite connection behind `s`; NULL when `s` is another backend's. */
struct sqlite_store *sqlite_of(struct zv_store *s);
const struct sqlite_store *sqlite_of_const(const struct zv_store *s);
/* An error naming the file, what was being done and SQLite's own words. */
int sq_fail(struct sqlite_store *q, struct zv_error *err, const char *doing);
/* A prepared statement for `sql` (a string with static storage: it is the
 * key), reset and with its bindings cleared; NULL after an error. */
sqlite3_stmt *sq_prepare(struct sqlite_store *q, const char *sql, struct zv_error *err);
void sq_close_cache(struct sqlite_store *q);

#endif /* ZV_STORE_SQLITE_INTERNAL_H */
