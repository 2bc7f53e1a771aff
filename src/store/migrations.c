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
 * 3  the household dossier: the pilot's configuration (every version),
 *    credentials, households, persons (BSN and address sealed), parental
 *    authority, cases with the history of their framework and phase, case
 *    teams, entries with every version (a correction adds one; versions are
 *    never changed), restrictions, reactions, consents with their lifecycle
 *    (events are never changed), decisions, disclosures, obligations and
 *    break-the-glass grants. Ids are text (docs/cli.md). What a case view
 *    reads lies together: entry versions, subjects, restrictions and
 *    reactions are keyed by their case first (so a case of 500 entries is a
 *    few range reads, not thousands of lookups over the whole store), and a
 *    case's decisions are listed from a covering index (their situation and
 *    answer JSON is read only when asked for).
 * 4  each code of a second factor signs in once: the last TOTP step used
 *    per login (-1 none), kept with the credentials and set in the
 *    transaction of the sign-in's audit event, so that a replayed code is
 *    refused across restarts and processes.
 */
#include "migrations.h"

#define NEVER_CHANGED(table, what)                                                           \
	"CREATE TRIGGER " table "_no_update BEFORE UPDATE ON " table " BEGIN "                  \
	"SELECT RAISE(ABORT, '" what "'); END;"

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
	{3, "household dossier",
	 "CREATE TABLE pilot_config ("
	 "  version INTEGER PRIMARY KEY CHECK (version >= 1),"
	 "  json TEXT NOT NULL, loaded_at TEXT NOT NULL, loaded_by TEXT NOT NULL);"
	 "CREATE TABLE credential ("
	 "  login TEXT PRIMARY KEY, password_hash TEXT, totp_sealed BLOB, updated_at TEXT NOT NULL);"
	 "CREATE TABLE id_counter (prefix TEXT PRIMARY KEY, next INTEGER NOT NULL) WITHOUT ROWID;"
	 "CREATE TABLE household ("
	 "  id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);"
	 "CREATE TABLE person ("
	 "  id TEXT PRIMARY KEY,"
	 "  household TEXT NOT NULL REFERENCES household(id),"
	 "  name TEXT NOT NULL,"
	 "  role INTEGER NOT NULL CHECK (role BETWEEN 0 AND 3),"
	 "  birth_date TEXT CHECK (birth_date IS NULL OR length(birth_date) = 10),"
	 "  capable INTEGER NOT NULL DEFAULT 0 CHECK (capable BETWEEN 0 AND 2),"
	 "  bsn_sealed BLOB, bsn_key BLOB UNIQUE CHECK (bsn_key IS NULL OR length(bsn_key) = 32),"
	 "  confidential_address INTEGER NOT NULL DEFAULT 0 CHECK (confidential_address IN (0, 1)),"
	 "  address_sealed BLOB);"
	 "CREATE INDEX person_by_household ON person(household);"
	 "CREATE TABLE parental_authority ("
	 "  child TEXT NOT NULL REFERENCES person(id),"
	 "  holder TEXT NOT NULL REFERENCES person(id),"
	 "  PRIMARY KEY (child, holder), CHECK (child <> holder)) WITHOUT ROWID;"
	 "CREATE TABLE dossier_case ("
	 "  id TEXT PRIMARY KEY,"
	 "  household TEXT NOT NULL REFERENCES household(id),"
	 "  team TEXT NOT NULL, organisation TEXT NOT NULL, task TEXT NOT NULL, title TEXT NOT NULL,"
	 "  framework INTEGER NOT NULL CHECK (framework BETWEEN 1 AND 4),"
	 "  phase INTEGER NOT NULL CHECK (phase BETWEEN 0 AND 3),"
	 "  version INTEGER NOT NULL CHECK (version >= 1),"
	 "  opened_at TEXT NOT NULL, opened_by TEXT NOT NULL);"
	 "CREATE INDEX case_by_household ON dossier_case(household);"
	 "CREATE TABLE case_change ("
	 "  case_id TEXT NOT NULL REFERENCES dossier_case(id),"
	 "  version INTEGER NOT NULL CHECK (version >= 1),"
	 "  at TEXT NOT NULL, by_login TEXT NOT NULL,"
	 "  framework INTEGER NOT NULL, phase INTEGER NOT NULL, reason TEXT NOT NULL,"
	 "  family_informed INTEGER NOT NULL CHECK (family_informed IN (0, 1)), informed_at TEXT,"
	 "  PRIMARY KEY (case_id, version)) WITHOUT ROWID;"
	 "CREATE TABLE case_member ("
	 "  case_id TEXT NOT NULL REFERENCES dossier_case(id), login TEXT NOT NULL,"
	 "  role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 4),"
	 "  PRIMARY KEY (case_id, login)) WITHOUT ROWID;"
	 "CREATE INDEX case_member_by_login ON case_member(login, case_id);"
	 "CREATE TABLE entry ("
	 "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES dossier_case(id),"
	 "  version INTEGER NOT NULL CHECK (version >= 1));"
	 "CREATE INDEX entry_by_case ON entry(case_id, id, version);"
	 "CREATE TABLE entry_version ("
	 "  case_id TEXT NOT NULL,"
	 "  entry_id TEXT NOT NULL REFERENCES entry(id), version INTEGER NOT NULL,"
	 "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),"
	 "  category INTEGER NOT NULL CHECK (category IN (1, 2, 4, 8)),"
	 "  source TEXT NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL, author_org TEXT NOT NULL,"
	 "  secrecy_holder TEXT, recorded_at TEXT NOT NULL, verified_by TEXT, verified_at TEXT,"
	 "  correction_reason TEXT,"
	 "  PRIMARY KEY (case_id, entry_id, version)) WITHOUT ROWID;"
	 "CREATE TABLE entry_subject ("
	 "  case_id TEXT NOT NULL,"
	 "  entry_id TEXT NOT NULL REFERENCES entry(id), person TEXT NOT NULL REFERENCES person(id),"
	 "  PRIMARY KEY (case_id, entry_id, person)) WITHOUT ROWID;"
	 "CREATE TABLE entry_restriction ("
	 "  case_id TEXT NOT NULL,"
	 "  entry_id TEXT NOT NULL REFERENCES entry(id), login TEXT, person TEXT REFERENCES person(id),"
	 "  reason TEXT NOT NULL, CHECK ((login IS NULL) <> (person IS NULL)));"
	 "CREATE INDEX restriction_by_case ON entry_restriction(case_id, entry_id);"
	 "CREATE TABLE reaction ("
	 "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, entry_id TEXT NOT NULL REFERENCES entry(id),"
	 "  person TEXT NOT NULL REFERENCES person(id), text TEXT NOT NULL, at TEXT NOT NULL,"
	 "  recorded_by TEXT NOT NULL);"
	 "CREATE INDEX reaction_by_case ON reaction(case_id, entry_id, id);"
	 "CREATE TABLE consent ("
	 "  id TEXT PRIMARY KEY, subject TEXT NOT NULL REFERENCES person(id),"
	 "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 4), purpose TEXT NOT NULL,"
	 "  recipients TEXT NOT NULL, categories INTEGER, version INTEGER NOT NULL);"
	 "CREATE INDEX consent_by_subject ON consent(subject);"
	 "CREATE TABLE consent_giver ("
	 "  consent_id TEXT NOT NULL REFERENCES consent(id), person TEXT NOT NULL REFERENCES person(id),"
	 "  PRIMARY KEY (consent_id, person)) WITHOUT ROWID;"
	 "CREATE TABLE consent_event ("
	 "  consent_id TEXT NOT NULL REFERENCES consent(id), version INTEGER NOT NULL,"
	 "  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 5), at TEXT NOT NULL,"
	 "  by_login TEXT NOT NULL, free INTEGER NOT NULL, unambiguous INTEGER NOT NULL,"
	 "  informed INTEGER NOT NULL, specific INTEGER NOT NULL, explicit INTEGER NOT NULL,"
	 "  how_obtained TEXT, present TEXT, valid_until TEXT, note TEXT,"
	 "  PRIMARY KEY (consent_id, version)) WITHOUT ROWID;"
	 "CREATE TABLE decision ("
	 "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES dossier_case(id),"
	 "  at TEXT NOT NULL, by_login TEXT NOT NULL, action INTEGER NOT NULL,"
	 "  outcome INTEGER NOT NULL, situation TEXT NOT NULL, answer TEXT NOT NULL,"
	 "  review_reason TEXT);"
	 "CREATE INDEX decision_by_case"
	 "  ON decision(case_id, id, at, by_login, action, outcome, review_reason);"
	 "CREATE TABLE decision_entry ("
	 "  case_id TEXT NOT NULL, decision_id TEXT NOT NULL REFERENCES decision(id),"
	 "  entry_id TEXT NOT NULL REFERENCES entry(id),"
	 "  PRIMARY KEY (case_id, decision_id, entry_id)) WITHOUT ROWID;"
	 "CREATE TABLE decision_consent ("
	 "  decision_id TEXT NOT NULL REFERENCES decision(id),"
	 "  consent_id TEXT NOT NULL REFERENCES consent(id),"
	 "  PRIMARY KEY (consent_id, decision_id)) WITHOUT ROWID;"
	 "CREATE TABLE disclosure ("
	 "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES dossier_case(id),"
	 "  decision_id TEXT NOT NULL REFERENCES decision(id),"
	 "  recipient_org TEXT, recipient_person TEXT REFERENCES person(id),"
	 "  scope INTEGER NOT NULL, categories INTEGER NOT NULL,"
	 "  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 2),"
	 "  at TEXT NOT NULL, by_login TEXT NOT NULL, stopped_reason TEXT);"
	 "CREATE INDEX disclosure_by_case ON disclosure(case_id);"
	 "CREATE INDEX disclosure_by_decision ON disclosure(decision_id);"
	 "CREATE TABLE disclosure_entry ("
	 "  disclosure_id TEXT NOT NULL REFERENCES disclosure(id),"
	 "  entry_id TEXT NOT NULL REFERENCES entry(id),"
	 "  PRIMARY KEY (disclosure_id, entry_id)) WITHOUT ROWID;"
	 "CREATE TABLE obligation ("
	 "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES dossier_case(id),"
	 "  decision_id TEXT REFERENCES decision(id), rule TEXT NOT NULL, code TEXT NOT NULL,"
	 "  text TEXT NOT NULL, due TEXT, owner TEXT NOT NULL, created_at TEXT NOT NULL,"
	 "  fulfilled_at TEXT, fulfilled_by TEXT, note TEXT,"
	 "  case_version INTEGER);"
	 "CREATE INDEX obligation_by_case ON obligation(case_id);"
	 "CREATE INDEX obligation_by_owner ON obligation(owner, due);"
	 "CREATE TABLE break_glass ("
	 "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES dossier_case(id),"
	 "  login TEXT NOT NULL, reason TEXT NOT NULL CHECK (length(reason) > 0),"
	 "  at TEXT NOT NULL, until TEXT NOT NULL,"
	 "  reviewed_by TEXT, reviewed_at TEXT, review_note TEXT);"
	 "CREATE INDEX break_glass_by_login ON break_glass(login, case_id);"
	 "CREATE INDEX break_glass_by_case ON break_glass(case_id);"
	 NEVER_CHANGED("entry_version", "entry versions are never changed: a correction adds a version (R7.3)")
	 NEVER_CHANGED("consent_event", "the lifecycle of a consent is never overwritten (R9)")
	 "CREATE TRIGGER case_change_keeps_history BEFORE UPDATE ON case_change "
	 "WHEN NEW.framework <> OLD.framework OR NEW.phase <> OLD.phase OR NEW.reason <> OLD.reason "
	 "OR NEW.at <> OLD.at OR NEW.by_login <> OLD.by_login BEGIN "
	 "SELECT RAISE(ABORT, 'the history of a case is never changed (R12); only informing is added'); END;"},
	{4, "each second-factor code once",
	 "ALTER TABLE credential ADD COLUMN"
	 "  totp_last_step INTEGER NOT NULL DEFAULT -1 CHECK (totp_last_step >= -1);"},
};

const int ZV_MIGRATION_COUNT = sizeof ZV_MIGRATIONS / sizeof *ZV_MIGRATIONS;
