/*
 * sqlite.c — the SQLite backend of the store (zv/store.h, backend.h).
 *
 * One file in WAL mode with synchronous=FULL: a COMMIT that returns has
 * reached the disk (one fdatasync of the WAL), so an acknowledged write
 * survives kill -9 and power loss. Foreign keys are on; writers wait for each
 * other up to a busy timeout, so the command line and the server may write
 * the same file at once. Statements are prepared once per connection.
 *
 * The audit log's search index lives in a second file beside it, FILE-search
 * (see zv/store.h), on a second connection opened when first needed: WAL with
 * synchronous=NORMAL, so that its writes never wait for the disk and never
 * add pages to a durable commit of the log.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "migrations.h"
#include "sqlite_internal.h"

/* 'ZVDG': marks the file as a Zorgvuldig store (PRAGMA application_id). */
#define APPLICATION_ID 0x5A564447
#define BUSY_TIMEOUT_MS 30000

/*
 * Waiting for another connection's write lock. SQLite's own busy timeout
 * sleeps in steps of up to 100 ms, which makes writers on connections of
 * one process (the server's workers) wait far longer than the lock is held
 * (a fraction of a millisecond). This waits 50 µs, doubling to 1 ms, and
 * gives up after BUSY_TIMEOUT_MS.
 */
static int wait_busy(void *ctx, int count)
{
	(void)ctx;
	/* Steps of 50, 100, 200, 400, 800 µs, then 1 ms each. */
	long long waited_us = count <= 5 ? 50LL * ((1LL << count) - 1)
					 : 1550LL + (long long)(count - 5) * 1000;
	if (waited_us >= (long long)BUSY_TIMEOUT_MS * 1000)
		return 0;
	long step_us = count < 5 ? 50L << count : 1000L;
	struct timespec pause = {0, step_us * 1000};
	nanosleep(&pause, NULL);
	return 1;
}



static const char *const IX_SQL[X_COUNT] = {
	[X_BEGIN] = "BEGIN IMMEDIATE",
	[X_BEGIN_READ] = "BEGIN DEFERRED",
	[X_COMMIT] = "COMMIT",
	[X_ROLLBACK] = "ROLLBACK",
	[X_STATE] = "SELECT indexed, last_leaf FROM index_state WHERE one = 1",
	[X_SET_STATE] = "INSERT OR REPLACE INTO index_state(one, indexed, last_leaf) "
			"VALUES (1, ?, ?)",
	[X_ADD] = "INSERT INTO audit_subject(seq, kind, id) VALUES (?, ?, ?)",
	[X_SCAN] = "SELECT seq, kind, id FROM audit_subject WHERE seq BETWEEN ? AND ? "
		   "ORDER BY seq, kind, id",
	[X_SEARCH] = "SELECT seq FROM audit_subject WHERE seq >> 16 = ? AND kind = ? AND id = ? "
		     "AND seq < ? ORDER BY seq",
};

/* 'ZVIX': marks a search index file; INDEX_FORMAT (PRAGMA user_version) its
 * layout. The index is derived: a file of another format is emptied and
 * rebuilt, never migrated. */
#define INDEX_APPLICATION_ID 0x5A564958
#define INDEX_FORMAT 1
#define INDEX_SUFFIX "-search"

static const char INDEX_SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS audit_subject ("
	"  seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('person', 'household', 'case', 'user')),"
	"  id TEXT NOT NULL,"
	"  PRIMARY KEY (seq, kind, id)"
	") WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS audit_subject_by_key ON audit_subject(seq >> 16, kind, id, seq);"
	"CREATE TABLE IF NOT EXISTS index_state ("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  indexed INTEGER NOT NULL CHECK (indexed >= 0),"
	"  last_leaf BLOB NOT NULL CHECK (length(last_leaf) = 32)"
	");";

static const char *const SQL[S_COUNT] = {
	[S_BEGIN_READ] = "BEGIN DEFERRED",
	[S_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_SAVEPOINT] = "SAVEPOINT piece",
	[S_RELEASE] = "RELEASE piece",
	[S_ROLLBACK_TO] = "ROLLBACK TO piece",
	[S_AUDIT_SIZE] = "SELECT max(seq) FROM audit_event",
	[S_AUDIT_INSERT] = "INSERT INTO audit_event(seq, entry, leaf, nodes) VALUES (?, ?, ?, ?)",
	[S_AUDIT_NODE] = "SELECT leaf, nodes FROM audit_event WHERE seq = ?",
	[S_AUDIT_SCAN] = "SELECT seq, entry, leaf, nodes FROM audit_event "
			 "WHERE seq BETWEEN ? AND ? ORDER BY seq",
	[S_HASH_SCAN] = "SELECT seq, '', leaf, nodes FROM audit_event "
			"WHERE seq BETWEEN ? AND ? ORDER BY seq",
	[S_HEAD_INSERT] = "INSERT INTO audit_head(tree_size, timestamp_us, root, previous, "
			  "signature) VALUES (?, ?, ?, ?, ?)",
	[S_HEAD_LATEST] = "SELECT tree_size, timestamp_us, root, previous, signature "
			  "FROM audit_head ORDER BY tree_size DESC LIMIT 1",
	[S_HEAD_AT] = "SELECT tree_size, timestamp_us, root, previous, signature "
		      "FROM audit_head WHERE tree_size = ?",
	[S_HEAD_SCAN] = "SELECT tree_size, timestamp_us, root, previous, signature "
			"FROM audit_head WHERE tree_size >= ? ORDER BY tree_size LIMIT ?",
};



static struct sqlite_store *of(struct zv_store *s)
{
	return (struct sqlite_store *)s;
}

static const struct store_backend SQLITE_BACKEND;

struct sqlite_store *sqlite_of(struct zv_store *s)
{
	return s && s->be == &SQLITE_BACKEND ? of(s) : NULL;
}

const struct sqlite_store *sqlite_of_const(const struct zv_store *s)
{
	return s && s->be == &SQLITE_BACKEND ? (const struct sqlite_store *)s : NULL;
}

/* An error naming the file and SQLite's own words. */
static int db_fail(sqlite3 *db, const char *path, struct zv_error *err, const char *doing)
{
	int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
	enum zv_err family = ZV_EIO;
	if ((code & 0xff) == SQLITE_NOMEM)
		family = ZV_ENOMEM;
	else if ((code & 0xff) == SQLITE_CONSTRAINT)
		family = ZV_EINTERNAL;
	return zv_error_set(err, family, "", "%s: %s failed: %s", path, doing,
			    db ? sqlite3_errmsg(db) : "out of memory");
}

/* Run SQL that returns no rows (several statements may follow each other). */
static int db_exec(sqlite3 *db, const char *path, const char *sql, struct zv_error *err,
		   const char *doing)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		zv_error_set(err, ZV_EIO, "", "%s: %s failed: %s", path, doing,
			     msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return err->code;
	}
	return ZV_OK;
}

/* The integer in the first column of the first row (0 when there is none). */
static int db_query_int(sqlite3 *db, const char *path, const char *sql, int *out,
			struct zv_error *err, const char *doing)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, err, doing);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZV_OK : db_fail(db, path, err, doing);
}

/* Switch to WAL and confirm it: the durability promise rests on it. */
static int db_use_wal(sqlite3 *db, const char *path, struct zv_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, err, "switching to WAL");
	int rc = sqlite3_step(st);
	const char *mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	bool wal = mode && !strcmp(mode, "wal");
	sqlite3_finalize(st);
	if (!wal)
		return zv_error_set(err, ZV_EIO, "", "%s: cannot switch to write-ahead logging (WAL)",
				    path);
	return ZV_OK;
}

static int fail(struct sqlite_store *q, struct zv_error *err, const char *doing)
{
	return db_fail(q->db, q->path, err, doing);
}

int sq_fail(struct sqlite_store *q, struct zv_error *err, const char *doing)
{
	return fail(q, err, doing);
}

static sqlite3_stmt *stmt(struct sqlite_store *q, enum stmt_id id, struct zv_error *err)
{
	if (!q->stmt[id] &&
	    sqlite3_prepare_v3(q->db, SQL[id], -1, SQLITE_PREPARE_PERSISTENT, &q->stmt[id], NULL) !=
		    SQLITE_OK) {
		fail(q, err, "preparing a statement");
		return NULL;
	}
	return q->stmt[id];
}

/* Run a statement that returns no rows. */
static int run(struct sqlite_store *q, enum stmt_id id, struct zv_error *err, const char *doing)
{
	sqlite3_stmt *st = stmt(q, id, err);
	if (!st)
		return err->code;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(q, err, doing);
	return ZV_OK;
}

static void sq_close(struct zv_store *s)
{
	struct sqlite_store *q = of(s);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(q->stmt[i]);
	for (int i = 0; i < X_COUNT; i++)
		sqlite3_finalize(q->ix_stmt[i]);
	sq_close_cache(q);
	sqlite3_close_v2(q->ix);
	sqlite3_close_v2(q->db);
	free(q);
}

static const char *sq_path(const struct zv_store *s)
{
	return ((const struct sqlite_store *)s)->path;
}

static int sq_begin(struct zv_store *s, bool write, struct zv_error *err)
{
	return run(of(s), write ? S_BEGIN_WRITE : S_BEGIN_READ, err, "starting a transaction");
}

static int sq_commit(struct zv_store *s, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	int rc = run(q, S_COMMIT, err, "committing");
	if (rc && !sqlite3_get_autocommit(q->db))
		(void)run(q, S_ROLLBACK, &(struct zv_error){0}, "rolling back");
	return rc;
}

static void sq_rollback(struct zv_store *s)
{
	struct sqlite_store *q = of(s);
	if (!sqlite3_get_autocommit(q->db))
		(void)run(q, S_ROLLBACK, &(struct zv_error){0}, "rolling back");
}

static bool sq_in_transaction(struct zv_store *s)
{
	return !sqlite3_get_autocommit(of(s)->db);
}

/* A savepoint outside a transaction would start (and its release commit)
 * one of its own: refused, so that a piece of work can never commit alone. */
static int sq_savepoint(struct zv_store *s, struct zv_error *err)
{
	if (!sq_in_transaction(s))
		return zv_error_set(err, ZV_EINTERNAL, "", "%s: no transaction is open for a savepoint",
				    of(s)->path);
	return run(of(s), S_SAVEPOINT, err, "starting a savepoint");
}

static int sq_savepoint_release(struct zv_store *s, struct zv_error *err)
{
	if (!sq_in_transaction(s))
		return zv_error_set(err, ZV_EIO, "", "%s: the transaction ended before its savepoint",
				    of(s)->path);
	return run(of(s), S_RELEASE, err, "releasing a savepoint");
}

static void sq_savepoint_rollback(struct zv_store *s)
{
	struct sqlite_store *q = of(s);
	struct zv_error ignored;
	(void)run(q, S_ROLLBACK_TO, &ignored, "rolling back a savepoint");
	(void)run(q, S_RELEASE, &ignored, "releasing a savepoint");
}

static int sq_audit_size(struct zv_store *s, uint64_t *size, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = stmt(q, S_AUDIT_SIZE, err);
	if (!st)
		return err->code;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return fail(q, err, "counting audit events");
	}
	*size = sqlite3_column_type(st, 0) == SQLITE_NULL
			? 0
			: (uint64_t)sqlite3_column_int64(st, 0) + 1;
	sqlite3_reset(st);
	return ZV_OK;
}

static int sq_audit_insert(struct zv_store *s, const struct zv_audit_row *row,
			   struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = stmt(q, S_AUDIT_INSERT, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)row->seq);
	sqlite3_bind_text(st, 2, row->entry, (int)row->entry_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, row->leaf, ZV_STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, row->nodes ? (const void *)row->nodes : "",
			  (int)(row->node_count * ZV_STORE_HASH_LEN), SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? ZV_OK : fail(q, err, "appending an audit event");
}

static int sq_audit_node(struct zv_store *s, unsigned level, uint64_t index, uint8_t *out,
			 struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	if (level >= ZV_TREE_MAX_LEVELS - 1 || index > (UINT64_MAX >> (level + 1)))
		return zv_error_set(err, ZV_ENOTFOUND, "", "no tree node at level %u", level);
	uint64_t seq = ((index + 1) << level) - 1;   /* the leaf that closed it */
	sqlite3_stmt *st = stmt(q, S_AUDIT_NODE, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return zv_error_set(err, ZV_ENOTFOUND, "",
					    "the audit log has no event %llu (tree node %u/%llu)",
					    (unsigned long long)seq, level, (unsigned long long)index);
		return fail(q, err, "reading a tree node");
	}
	const void *blob = level ? sqlite3_column_blob(st, 1) : sqlite3_column_blob(st, 0);
	size_t len = (size_t)(level ? sqlite3_column_bytes(st, 1) : sqlite3_column_bytes(st, 0));
	size_t offset = level ? (size_t)(level - 1) * ZV_STORE_HASH_LEN : 0;
	int result = ZV_OK;
	if (!blob || len < offset + ZV_STORE_HASH_LEN)
		result = zv_error_set(err, ZV_EPROBLEM, "",
				      "event %llu lacks the hash of tree node %u/%llu",
				      (unsigned long long)seq, level, (unsigned long long)index);
	else
		memcpy(out, (const uint8_t *)blob + offset, ZV_STORE_HASH_LEN);
	sqlite3_reset(st);
	return result;
}

static int scan_rows(struct zv_store *s, enum stmt_id id, uint64_t from, uint64_t to,
		     zv_audit_row_fn fn, void *ctx, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = stmt(q, id, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(from > INT64_MAX ? INT64_MAX : from));
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(to > INT64_MAX ? INT64_MAX : to));
	int rc, result = ZV_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct zv_audit_row row = {
			.seq = (uint64_t)sqlite3_column_int64(st, 0),
			.entry = (const char *)sqlite3_column_text(st, 1),
			.entry_len = (size_t)sqlite3_column_bytes(st, 1),
		};
		const uint8_t *leaf = sqlite3_column_blob(st, 2);
		size_t leaf_len = (size_t)sqlite3_column_bytes(st, 2);
		row.nodes = sqlite3_column_blob(st, 3);
		row.node_count = (size_t)sqlite3_column_bytes(st, 3) / ZV_STORE_HASH_LEN;
		static const uint8_t NO_LEAF[ZV_STORE_HASH_LEN];
		row.leaf = leaf && leaf_len == ZV_STORE_HASH_LEN ? leaf : NO_LEAF;
		if (!row.entry)
			row.entry = "";
		if ((result = fn(ctx, &row, err)) != 0)
			break;
	}
	if (!result && rc != SQLITE_DONE)
		result = fail(q, err, "reading audit events");
	sqlite3_reset(st);
	return result;
}

/* A TEXT column without NUL bytes inside, or NULL. */
static const char *well_formed_text(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) != SQLITE_TEXT)
		return NULL;
	const char *text = (const char *)sqlite3_column_text(st, col);
	if (!text || strlen(text) != (size_t)sqlite3_column_bytes(st, col))
		return NULL;
	return text;
}

static int sq_audit_scan(struct zv_store *s, uint64_t from, uint64_t to, zv_audit_row_fn fn,
			 void *ctx, struct zv_error *err)
{
	return scan_rows(s, S_AUDIT_SCAN, from, to, fn, ctx, err);
}

static int sq_audit_hash_scan(struct zv_store *s, uint64_t from, uint64_t to, zv_audit_row_fn fn,
			      void *ctx, struct zv_error *err)
{
	return scan_rows(s, S_HASH_SCAN, from, to, fn, ctx, err);
}

static sqlite3_int64 as_int64(uint64_t v)
{
	return (sqlite3_int64)(v > INT64_MAX ? INT64_MAX : v);
}

/* ---- the search index (FILE-search) -------------------------------------------- */

static int ix_fail(struct sqlite_store *q, struct zv_error *err, const char *doing)
{
	return db_fail(q->ix, q->ix_path, err, doing);
}

static int ix_exec(struct sqlite_store *q, const char *sql, struct zv_error *err,
		   const char *doing)
{
	return db_exec(q->ix, q->ix_path, sql, err, doing);
}

static int ix_query_int(struct sqlite_store *q, const char *sql, int *out, struct zv_error *err)
{
	return db_query_int(q->ix, q->ix_path, sql, out, err, "reading the search index");
}

/* What a file's header says, read in one snapshot (inside a transaction):
 * its application id, how many schema objects it holds, its layout. */
struct ix_header {
	int app, tables, format;
};

static int ix_read_header(struct sqlite_store *q, struct ix_header *h, struct zv_error *err)
{
	if (ix_query_int(q, "PRAGMA application_id", &h->app, err) ||
	    ix_query_int(q, "SELECT count(*) FROM sqlite_schema", &h->tables, err) ||
	    ix_query_int(q, "PRAGMA user_version", &h->format, err))
		return err->code;
	if (h->app != INDEX_APPLICATION_ID && h->tables > 0)
		return zv_error_set(err, ZV_EINPUT, "",
				    "%s is not the search index of a Zorgvuldig store; move it "
				    "away and the index is rebuilt from the log", q->ix_path);
	return ZV_OK;
}

/* The header in a read transaction of its own. */
static int ix_peek_header(struct sqlite_store *q, struct ix_header *h, struct zv_error *err)
{
	if (ix_exec(q, "BEGIN", err, "reading the search index"))
		return err->code;
	int rc = ix_read_header(q, h, err);
	sqlite3_exec(q->ix, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Check that the file is a search index, or make a new (or emptied) file
 * one. Several processes may do this at once: the header is read in one
 * snapshot, and decided on again under the write lock.
 */
static int ix_prepare_file(struct sqlite_store *q, struct zv_error *err)
{
	struct ix_header h;
	if (ix_exec(q, "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; "
		       "PRAGMA journal_size_limit = 67108864", err,
		    "setting up the search index") ||
	    ix_peek_header(q, &h, err))   /* before WAL mode touches a stranger's file */
		return err->code;
	if (q->read_only) {
		/* A file its maker left before it held a table, or of another
		 * layout, covers no event here. */
		if (!h.tables || h.format != INDEX_FORMAT) {
			sqlite3_close_v2(q->ix);
			q->ix = NULL;
			q->ix_absent = true;
		}
		return ZV_OK;
	}
	if (db_use_wal(q->ix, q->ix_path, err))
		return err->code;
	char mark[96];
	snprintf(mark, sizeof mark, "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 INDEX_APPLICATION_ID, INDEX_FORMAT);
	if (ix_exec(q, "PRAGMA synchronous = NORMAL; PRAGMA trusted_schema = OFF;", err,
		    "setting up the search index") ||
	    ix_exec(q, "BEGIN IMMEDIATE", err, "creating the search index"))
		return err->code;
	int rc = ix_read_header(q, &h, err);
	if (!rc && h.format != INDEX_FORMAT)
		rc = ix_exec(q, "DROP TABLE IF EXISTS audit_subject; DROP TABLE IF EXISTS index_state;",
			     err, "emptying a search index of another layout");
	if (!rc)
		rc = ix_exec(q, mark, err, "marking the search index");
	if (!rc)
		rc = ix_exec(q, INDEX_SCHEMA, err, "creating the search index");
	if (!rc)
		rc = ix_exec(q, "COMMIT", err, "creating the search index");
	if (rc)
		sqlite3_exec(q->ix, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Open the index when first needed: read-only beside a read-only store (and
 * absent if it was never made), else created when missing. */
static int ix_open(struct sqlite_store *q, struct zv_error *err)
{
	if (q->ix || q->ix_absent)
		return ZV_OK;
	if (q->read_only && access(q->ix_path, F_OK) != 0) {
		q->ix_absent = true;
		return ZV_OK;
	}
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
		    (q->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (sqlite3_open_v2(q->ix_path, &q->ix, flags, NULL) != SQLITE_OK) {
		int rc = ix_fail(q, err, "opening the search index");
		sqlite3_close_v2(q->ix);
		q->ix = NULL;
		return rc;
	}
	sqlite3_busy_handler(q->ix, wait_busy, NULL);
	if (ix_prepare_file(q, err)) {
		if ((sqlite3_extended_errcode(q->ix) & 0xff) == SQLITE_NOTADB)
			zv_error_set(err, ZV_EINPUT, "",
				     "%s is not the search index of a Zorgvuldig store (not a "
				     "database); move it away and the index is rebuilt from the log",
				     q->ix_path);
		sqlite3_close_v2(q->ix);
		q->ix = NULL;
		return err->code;
	}
	return ZV_OK;
}

static sqlite3_stmt *ix_stmt(struct sqlite_store *q, enum ix_stmt_id id, struct zv_error *err)
{
	if (!q->ix_stmt[id] && sqlite3_prepare_v3(q->ix, IX_SQL[id], -1, SQLITE_PREPARE_PERSISTENT,
						  &q->ix_stmt[id], NULL) != SQLITE_OK) {
		ix_fail(q, err, "preparing a statement");
		return NULL;
	}
	return q->ix_stmt[id];
}

static int ix_run(struct sqlite_store *q, enum ix_stmt_id id, struct zv_error *err,
		  const char *doing)
{
	sqlite3_stmt *st = ix_stmt(q, id, err);
	if (!st)
		return err->code;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? ZV_OK : ix_fail(q, err, doing);
}

static int ix_read_state(struct sqlite_store *q, struct zv_index_state *out, struct zv_error *err)
{
	memset(out, 0, sizeof *out);
	if (q->ix_absent)
		return ZV_OK;
	sqlite3_stmt *st = ix_stmt(q, X_STATE, err);
	if (!st)
		return err->code;
	int rc = sqlite3_step(st), result = ZV_OK;
	if (rc == SQLITE_ROW) {
		sqlite3_int64 n = sqlite3_column_int64(st, 0);
		const void *leaf = sqlite3_column_blob(st, 1);
		if (n < 0 || !leaf || sqlite3_column_bytes(st, 1) != ZV_STORE_HASH_LEN)
			result = zv_error_set(err, ZV_EPROBLEM, "",
					      "%s: the index's state is not well-formed; move the "
					      "file away and the index is rebuilt from the log",
					      q->ix_path);
		else {
			out->indexed = (uint64_t)n;
			memcpy(out->last_leaf, leaf, ZV_STORE_HASH_LEN);
		}
	} else if (rc != SQLITE_DONE) {
		result = ix_fail(q, err, "reading the index's state");
	}
	sqlite3_reset(st);
	return result;
}

static int sq_index_state(struct zv_store *s, struct zv_index_state *out, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	memset(out, 0, sizeof *out);
	if (ix_open(q, err))
		return err->code;
	return ix_read_state(q, out, err);
}

static int sq_index_begin(struct zv_store *s, bool write, struct zv_index_state *out,
			  struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	memset(out, 0, sizeof *out);
	if (write && q->read_only)
		return zv_error_set(err, ZV_EUSAGE, "",
				    "%s was opened read-only; its search index is not written",
				    q->path);
	if (ix_open(q, err))
		return err->code;
	if (q->ix_absent)
		return ZV_OK;
	if (ix_run(q, write ? X_BEGIN : X_BEGIN_READ, err, "starting a transaction"))
		return err->code;
	if (ix_read_state(q, out, err)) {
		(void)ix_run(q, X_ROLLBACK, &(struct zv_error){0}, "rolling back");
		return err->code;
	}
	return ZV_OK;
}

static int sq_index_add(struct zv_store *s, uint64_t seq, const char *kind, const char *id,
			struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = ix_stmt(q, X_ADD, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? ZV_OK : ix_fail(q, err, "indexing an audit event");
}

static int sq_index_commit(struct zv_store *s, const struct zv_index_state *state,
			   struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = ix_stmt(q, X_SET_STATE, err);
	int rc = st ? ZV_OK : (int)err->code;
	if (!rc) {
		sqlite3_bind_int64(st, 1, as_int64(state->indexed));
		sqlite3_bind_blob(st, 2, state->last_leaf, ZV_STORE_HASH_LEN, SQLITE_STATIC);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (step != SQLITE_DONE)
			rc = ix_fail(q, err, "recording how far the index reaches");
	}
	if (!rc)
		rc = ix_run(q, X_COMMIT, err, "committing the index");
	if (rc && !sqlite3_get_autocommit(q->ix))
		(void)ix_run(q, X_ROLLBACK, &(struct zv_error){0}, "rolling back");
	return rc;
}

static void sq_index_rollback(struct zv_store *s)
{
	struct sqlite_store *q = of(s);
	if (q->ix && !sqlite3_get_autocommit(q->ix))
		(void)ix_run(q, X_ROLLBACK, &(struct zv_error){0}, "rolling back");
}

/* Statement `id` of the index, opening the index when first needed; *st is
 * NULL, with ZV_OK in err->code, when a read-only store has no index (it
 * covers no event). */
static int ix_statement(struct sqlite_store *q, enum ix_stmt_id id, sqlite3_stmt **st,
			struct zv_error *err)
{
	*st = NULL;
	err->code = ZV_OK;
	if (ix_open(q, err))
		return err->code;
	if (!q->ix_absent && !(*st = ix_stmt(q, id, err)))
		return err->code;
	return ZV_OK;
}

static int scan_subjects(struct sqlite_store *q, sqlite3_stmt *st, bool with_key,
			 zv_audit_subject_fn fn, void *ctx, struct zv_error *err)
{
	int rc, result = ZV_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = "", *id = "";
		if (with_key) {
			kind = well_formed_text(st, 1);
			id = well_formed_text(st, 2);
			if (!kind)
				id = NULL, kind = "";
		}
		if ((result = fn(ctx, (uint64_t)sqlite3_column_int64(st, 0), kind, id, err)) != 0)
			break;
	}
	if (!result && rc != SQLITE_DONE)
		result = ix_fail(q, err, "reading the search index");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

static int sq_audit_subject_scan(struct zv_store *s, uint64_t from, uint64_t to,
				 zv_audit_subject_fn fn, void *ctx, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st;
	if (ix_statement(q, X_SCAN, &st, err) || !st)
		return err->code;
	sqlite3_bind_int64(st, 1, as_int64(from));
	sqlite3_bind_int64(st, 2, as_int64(to));
	return scan_subjects(q, st, true, fn, ctx, err);
}

/*
 * The key index is ordered by (seq >> 16, kind, id, seq): keys are grouped
 * per 65 536 events, so that indexing touches the pages of the newest group
 * only (a few MB that stay in the cache) rather than random pages all over
 * the index; a search seeks once per group.
 */
static int sq_audit_search(struct zv_store *s, const char *kind, const char *id,
			   zv_audit_subject_fn fn, void *ctx, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st;
	if (ix_statement(q, X_SEARCH, &st, err) || !st)
		return err->code;
	/* Only the events the index vouches for (a stray key beyond is not
	 * searched for; verify reports it), read in the same snapshot as the
	 * keys. */
	bool own = sqlite3_get_autocommit(q->ix);
	if (own && ix_run(q, X_BEGIN_READ, err, "starting a transaction"))
		return err->code;
	struct zv_index_state state;
	int result = ix_read_state(q, &state, err);
	for (uint64_t group = 0; !result && state.indexed && group <= (state.indexed - 1) >> 16;
	     group++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)group);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, as_int64(state.indexed));
		result = scan_subjects(q, st, false, fn, ctx, err);
	}
	if (own)
		(void)ix_run(q, X_ROLLBACK, &(struct zv_error){0}, "ending a transaction");
	return result;
}

static int sq_head_insert(struct zv_store *s, const struct zv_tree_head *h, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = stmt(q, S_HEAD_INSERT, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)h->tree_size);
	sqlite3_bind_int64(st, 2, h->timestamp_us);
	sqlite3_bind_blob(st, 3, h->root, ZV_STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, h->previous, ZV_STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, h->signature, ZV_STORE_SIG_LEN, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? ZV_OK : fail(q, err, "storing a signed tree head");
}

/* Copy a blob column of exactly `n` bytes; a wrong length leaves zeros. */
static void column_bytes(sqlite3_stmt *st, int col, uint8_t *out, size_t n)
{
	const void *blob = sqlite3_column_blob(st, col);
	if (blob && (size_t)sqlite3_column_bytes(st, col) == n)
		memcpy(out, blob, n);
	else
		memset(out, 0, n);
}

static void read_head(sqlite3_stmt *st, struct zv_tree_head *h)
{
	h->tree_size = (uint64_t)sqlite3_column_int64(st, 0);
	h->timestamp_us = sqlite3_column_int64(st, 1);
	column_bytes(st, 2, h->root, sizeof h->root);
	column_bytes(st, 3, h->previous, sizeof h->previous);
	column_bytes(st, 4, h->signature, sizeof h->signature);
}

static int one_head(struct sqlite_store *q, sqlite3_stmt *st, struct zv_tree_head *h,
		    struct zv_error *err)
{
	int rc = sqlite3_step(st);
	int result = ZV_OK;
	if (rc == SQLITE_ROW)
		read_head(st, h);
	else if (rc == SQLITE_DONE)
		result = zv_error_set(err, ZV_ENOTFOUND, "", "no signed tree head of that size");
	else
		result = fail(q, err, "reading a signed tree head");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

static int sq_head_latest(struct zv_store *s, struct zv_tree_head *h, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = stmt(q, S_HEAD_LATEST, err);
	int rc = st ? one_head(q, st, h, err) : (int)err->code;
	if (rc == ZV_ENOTFOUND)
		zv_error_set(err, ZV_ENOTFOUND, "", "%s has no signed tree head", q->path);
	return rc;
}

static int sq_head_at(struct zv_store *s, uint64_t size, struct zv_tree_head *h,
		      struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = stmt(q, S_HEAD_AT, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(size > INT64_MAX ? INT64_MAX : size));
	int rc = one_head(q, st, h, err);
	if (rc == ZV_ENOTFOUND)
		zv_error_set(err, ZV_ENOTFOUND, "", "no tree head was signed at size %llu",
			     (unsigned long long)size);
	return rc;
}

static int sq_head_scan(struct zv_store *s, uint64_t from_size, size_t limit, zv_tree_head_fn fn,
			void *ctx, struct zv_error *err)
{
	struct sqlite_store *q = of(s);
	sqlite3_stmt *st = stmt(q, S_HEAD_SCAN, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, as_int64(from_size));
	sqlite3_bind_int64(st, 2, limit > INT64_MAX ? INT64_MAX : (sqlite3_int64)limit);
	int rc, result = ZV_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct zv_tree_head h;
		read_head(st, &h);
		if ((result = fn(ctx, &h, err)) != 0)
			break;
	}
	if (!result && rc != SQLITE_DONE)
		result = fail(q, err, "reading signed tree heads");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

static const struct store_backend SQLITE_BACKEND = {
	.name = "sqlite",
	.close = sq_close,
	.path = sq_path,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_transaction = sq_in_transaction,
	.savepoint = sq_savepoint,
	.savepoint_release = sq_savepoint_release,
	.savepoint_rollback = sq_savepoint_rollback,
	.audit_size = sq_audit_size,
	.audit_insert = sq_audit_insert,
	.audit_node = sq_audit_node,
	.audit_scan = sq_audit_scan,
	.audit_hash_scan = sq_audit_hash_scan,
	.index_state = sq_index_state,
	.index_begin = sq_index_begin,
	.index_add = sq_index_add,
	.index_commit = sq_index_commit,
	.index_rollback = sq_index_rollback,
	.audit_subject_scan = sq_audit_subject_scan,
	.audit_search = sq_audit_search,
	.head_insert = sq_head_insert,
	.head_latest = sq_head_latest,
	.head_at = sq_head_at,
	.head_scan = sq_head_scan,
};

/* ---- opening and migrating ------------------------------------------------ */

static int exec(struct sqlite_store *q, const char *sql, struct zv_error *err, const char *doing)
{
	return db_exec(q->db, q->path, sql, err, doing);
}

static int query_int(struct sqlite_store *q, const char *sql, int *out, struct zv_error *err)
{
	return db_query_int(q->db, q->path, sql, out, err, "reading the schema");
}

static int apply_migration(struct sqlite_store *q, const struct migration *m, struct zv_error *err)
{
	if (exec(q, "BEGIN IMMEDIATE", err, "starting a migration"))
		return err->code;
	int current = 0;
	/* Another process may have migrated while we waited for the lock. */
	if (query_int(q, "SELECT coalesce(max(version), 0) FROM schema_migration", &current, err))
		goto failed;
	if (current >= m->version)
		return exec(q, "COMMIT", err, "ending a migration");
	if (exec(q, m->sql, err, m->name))
		goto failed;
	char record[512];
	snprintf(record, sizeof record,
		 "INSERT INTO schema_migration(version, name, applied_at) "
		 "VALUES (%d, '%s', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'))",
		 m->version, m->name);
	if (exec(q, record, err, "recording a migration") ||
	    exec(q, "COMMIT", err, "committing a migration"))
		goto failed;
	return ZV_OK;
failed:
	sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
	return err->code;
}

static int migrate(struct sqlite_store *q, enum zv_store_mode mode, struct zv_error *err)
{
	int app = 0, version = 0, tables = 0;
	if (query_int(q, "PRAGMA application_id", &app, err) ||
	    query_int(q, "SELECT count(*) FROM sqlite_schema", &tables, err))
		return err->code;
	if (app != APPLICATION_ID && (tables > 0 || mode != ZV_STORE_CREATE))
		return zv_error_set(err, ZV_EINPUT, "", "%s is not a Zorgvuldig store%s", q->path,
				    tables ? "" : " (empty file; run 'zorgvuldig init')");
	if (mode == ZV_STORE_CREATE) {
		char sql[128];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APPLICATION_ID);
		if (exec(q, sql, err, "marking the store") ||
		    exec(q, "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY "
			    "KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
			 err, "creating the migration table"))
			return err->code;
	}
	if (query_int(q, "SELECT coalesce(max(version), 0) FROM schema_migration", &version, err))
		return err->code;
	int latest = ZV_MIGRATIONS[ZV_MIGRATION_COUNT - 1].version;
	if (version > latest)
		return zv_error_set(err, ZV_EUSAGE, "",
				    "%s has schema version %d, newer than this program knows (%d); "
				    "use a newer zorgvuldig",
				    q->path, version, latest);
	if (mode == ZV_STORE_READ && version < latest)
		return zv_error_set(err, ZV_EUSAGE, "",
				    "%s has schema version %d and needs migration to %d; open it "
				    "with a command that writes",
				    q->path, version, latest);
	for (int i = 0; i < ZV_MIGRATION_COUNT; i++)
		if (ZV_MIGRATIONS[i].version > version && apply_migration(q, &ZV_MIGRATIONS[i], err))
			return err->code;
	q->base.schema_version = latest;
	return ZV_OK;
}

static int use_wal(struct sqlite_store *q, struct zv_error *err)
{
	return db_use_wal(q->db, q->path, err);
}

/* Remove an SQLite file with its WAL and shared-memory files. */
static void remove_files(const char *path)
{
	static const char *const SIDES[] = {"", "-wal", "-shm"};
	char file[1200];
	for (size_t i = 0; i < sizeof SIDES / sizeof *SIDES; i++) {
		snprintf(file, sizeof file, "%s%s", path, SIDES[i]);
		unlink(file);
	}
}

void store_sqlite_remove_files(const char *path)
{
	char index[1200];
	snprintf(index, sizeof index, "%s" INDEX_SUFFIX, path);
	remove_files(path);
	remove_files(index);
}

int store_sqlite_open(const char *path, enum zv_store_mode mode, struct zv_store **out,
		      struct zv_error *err)
{
	if (strlen(path) >= sizeof ((struct sqlite_store *)0)->path)
		return zv_error_set(err, ZV_EUSAGE, "", "database path too long: %s", path);
	bool exists = access(path, F_OK) == 0;
	if (mode == ZV_STORE_CREATE && exists)
		return zv_error_set(err, ZV_ECONFLICT, "",
				    "%s already exists; a store is never overwritten", path);
	if (mode != ZV_STORE_CREATE && !exists)
		return zv_error_set(err, ZV_ENOTFOUND, "",
				    "no store at %s; create one with 'zorgvuldig --db %s init'", path,
				    path);
	struct sqlite_store *q = calloc(1, sizeof *q);
	if (!q)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory opening %s", path);
	q->base.be = &SQLITE_BACKEND;
	memcpy(q->path, path, strlen(path) + 1);
	q->read_only = mode == ZV_STORE_READ;
	snprintf(q->ix_path, sizeof q->ix_path, "%s" INDEX_SUFFIX, path);
	if (mode == ZV_STORE_CREATE)   /* an index left by a store no longer there */
		remove_files(q->ix_path);
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
		    (mode == ZV_STORE_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	if (mode == ZV_STORE_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &q->db, flags, NULL) != SQLITE_OK) {
		zv_error_set(err, ZV_EIO, "", "cannot open %s: %s", path,
			     q->db ? sqlite3_errmsg(q->db) : "out of memory");
		sq_close(&q->base);
		return err->code;
	}
	sqlite3_busy_handler(q->db, wait_busy, NULL);
	int rc = mode == ZV_STORE_READ ? ZV_OK : use_wal(q, err);
	if (!rc)
		rc = exec(q, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
			     "PRAGMA trusted_schema = OFF; PRAGMA cache_size = -65536; "
			     "PRAGMA mmap_size = 1073741824",
			  err, "setting durability");
	if (!rc)
		rc = migrate(q, mode, err);
	if (rc) {
		sq_close(&q->base);
		if (mode == ZV_STORE_CREATE)  /* leave nothing half-made behind */
			store_sqlite_remove_files(path);
		return rc;
	}
	*out = &q->base;
	return ZV_OK;
}
