/*
 * migrations.c — the store's schema, as numbered migrations (SQLite dialect;
 * the PostgreSQL backend will carry the same numbers in its own dialect).
 *
 * 1  the audit log: events (the Merkle tree's leaves and the complete
 *    subtrees each leaf closes), their search keys (person, household, case,
 *    user) and the signed tree heads. The log is append-only: triggers refuse
 *    any UPDATE or DELETE, so no code path can shorten the NEN 7513 minimum of
 *    five years; `audit verify` catches whoever bypasses them.
 * 2  the search keys move out of the store into the search index, a file of
 *    their own beside it (FILE-search, src/store/sqlite.c), rebuilt from the
 *    events: keys are derived data, and in the store every append paid for
 *    them with random B-tree pages in its durable commit.
 */
#include "migrations.h"

#define APPEND_ONLY(table)                                                                   \
	"CREATE TRIGGER " table "_no_update BEFORE UPDATE ON " table " BEGIN "                  \
	"SELECT RAISE(ABORT, 'the audit log is append-only: " table " rows are never changed'); " \
	"END;"                                                                                   \
	"CREATE TRIGGER " table "_no_delete BEFORE DELETE ON " table " BEGIN "                  \
	"SELECT RAISE(ABORT, 'the audit log is append-only: " table " rows are kept at least "  \
	"five years (NEN 7513) and never deleted'); "                                            \
	"END;"

const struct migration ZV_MIGRATIONS[] = {
	{1, "audit log",
	 "CREATE TABLE audit_event ("
	 "  seq INTEGER PRIMARY KEY CHECK (seq >= 0),"
	 "  entry TEXT NOT NULL,"
	 "  leaf BLOB NOT NULL CHECK (length(leaf) = 32),"
	 "  nodes BLOB NOT NULL CHECK (length(nodes) % 32 = 0)"
	 ");"
	 "CREATE TABLE audit_subject ("
	 "  seq INTEGER NOT NULL REFERENCES audit_event(seq),"
	 "  kind TEXT NOT NULL CHECK (kind IN ('person', 'household', 'case', 'user')),"
	 "  id TEXT NOT NULL,"
	 "  PRIMARY KEY (seq, kind, id)"
	 ") WITHOUT ROWID;"
	 "CREATE INDEX audit_subject_by_key ON audit_subject(kind, id, seq);"
	 "CREATE TABLE audit_head ("
	 "  tree_size INTEGER PRIMARY KEY CHECK (tree_size >= 0),"
	 "  timestamp_us INTEGER NOT NULL,"
	 "  root BLOB NOT NULL CHECK (length(root) = 32),"
	 "  previous BLOB NOT NULL CHECK (length(previous) = 32),"
	 "  signature BLOB NOT NULL CHECK (length(signature) = 64)"
	 ");"
	 APPEND_ONLY("audit_event") APPEND_ONLY("audit_subject") APPEND_ONLY("audit_head")},
	{2, "search index in its own file",
	 "DROP TRIGGER audit_subject_no_update;"
	 "DROP TRIGGER audit_subject_no_delete;"
	 "DROP INDEX audit_subject_by_key;"
	 "DROP TABLE audit_subject;"},
};

const int ZV_MIGRATION_COUNT = sizeof ZV_MIGRATIONS / sizeof *ZV_MIGRATIONS;
