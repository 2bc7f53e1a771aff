/*
 * sqlite_dossier.c — the household dossier in the SQLite backend
 * (zv/store.h, "the household dossier"; schema: migrations 3 and 4).
 *
 * Plain reads and writes, no rules: what may be read or written, and the
 * audit event that records it, are the business of src/service, which calls
 * these inside its own transaction. Statements are prepared once per
 * connection (sq_prepare keys them by the address of their SQL text).
 *
 * Reads copy every value into the caller's arena; a row of personal data
 * read counts in `personal_reads`, which the tests use to prove that no
 * service returns personal data without an audit event.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

/* ---- statements and values ------------------------------------------------ */

sqlite3_stmt *sq_prepare(struct sqlite_store *q, const char *sql, struct zv_error *err)
{
	size_t free_slot = SQ_CACHE_SLOTS;
	for (size_t i = 0; i < SQ_CACHE_SLOTS; i++) {
		if (q->cache[i].sql == sql) {
			sqlite3_reset(q->cache[i].st);
			sqlite3_clear_bindings(q->cache[i].st);
			return q->cache[i].st;
		}
		if (!q->cache[i].sql && free_slot == SQ_CACHE_SLOTS)
			free_slot = i;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sq_fail(q, err, "preparing a statement of the dossier");
		return NULL;
	}
	if (free_slot == SQ_CACHE_SLOTS) {   /* full: a bug, the statements are a fixed set */
		sqlite3_finalize(st);
		zv_error_set(err, ZV_EINTERNAL, "", "more dossier statements than cache slots (%d)",
			     SQ_CACHE_SLOTS);
		return NULL;
	}
	q->cache[free_slot].sql = sql;
	q->cache[free_slot].st = st;
	return st;
}

void sq_close_cache(struct sqlite_store *q)
{
	for (size_t i = 0; i < SQ_CACHE_SLOTS; i++)
		if (q->cache[i].sql)
			sqlite3_finalize(q->cache[i].st);
	memset(q->cache, 0, sizeof q->cache);
}

static struct sqlite_store *backend(struct zv_store *s, struct zv_error *err)
{
	struct sqlite_store *q = sqlite_of(s);
	if (!q)
		zv_error_set(err, ZV_EINTERNAL, "", "the dossier needs the SQLite backend");
	return q;
}

/* The connection behind `s` and its prepared statement for `sql`. */
static sqlite3_stmt *statement(struct zv_store *s, const char *sql, struct sqlite_store **q,
			       struct zv_error *err)
{
	*q = backend(s, err);
	return *q ? sq_prepare(*q, sql, err) : NULL;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_blob(sqlite3_stmt *st, int i, const void *v, size_t n)
{
	if (v)
		sqlite3_bind_blob(st, i, v, (int)n, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_optional_int(sqlite3_stmt *st, int i, bool present, int64_t v)
{
	if (present)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* A text column copied into the arena; NULL for SQL NULL. `*oom` is set
 * when the arena ran out. */
static const char *col_text(struct zv_arena *a, sqlite3_stmt *st, int i, bool *oom)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	const unsigned char *t = sqlite3_column_text(st, i);
	int n = sqlite3_column_bytes(st, i);
	char *copy = zv_arena_strndup(a, t ? (const char *)t : "", (size_t)n);
	if (!copy)
		*oom = true;
	return copy;
}

static const uint8_t *col_blob(struct zv_arena *a, sqlite3_stmt *st, int i, size_t *len,
			       bool *oom)
{
	*len = 0;
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	const void *b = sqlite3_column_blob(st, i);
	int n = sqlite3_column_bytes(st, i);
	uint8_t *copy = zv_arena_alloc(a, (size_t)n + 1);
	if (!copy) {
		*oom = true;
		return NULL;
	}
	if (n)
		memcpy(copy, b, (size_t)n);
	*len = (size_t)n;
	return copy;
}

/* Run a statement to its end; a constraint that names a version is a
 * conflict, a UNIQUE clash too (e.g. a BSN given twice). */
static int step_done(struct sqlite_store *q, sqlite3_stmt *st, struct zv_error *err,
		     const char *doing)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return ZV_OK;
	int ext = sqlite3_extended_errcode(q->db);
	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return zv_error_set(err, ZV_ECONFLICT, "", "%s: it exists already", doing);
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return zv_error_set(err, ZV_ENOTFOUND, "", "%s: it refers to something not there",
				    doing);
	return sq_fail(q, err, doing);
}

/* Bind `n` texts (NULL as SQL NULL) to parameters 1..n of `sql` and run it;
 * `*changes` (may be NULL) receives the rows it changed. */
static int run_texts(struct zv_store *s, const char *sql, const char *const *v, size_t n,
		     const char *doing, int *changes, struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, sql, &q, err);
	if (!st)
		return err->code;
	for (size_t i = 0; i < n; i++)
		bind_text(st, (int)i + 1, v[i]);
	int rc = step_done(q, st, err, doing);
	if (!rc && changes)
		*changes = sqlite3_changes(q->db);
	return rc;
}

#define TEXTS(...) (const char *const[]){__VA_ARGS__}, \
	sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

/* One row (owner, item) per item of a list: whom an entry is about, who gave
 * a consent, what a decision relied on, what a disclosure released. */
static int insert_pairs(struct zv_store *s, const char *sql, const char *owner,
			const char *const *items, size_t n, const char *doing,
			struct zv_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (run_texts(s, sql, TEXTS(owner, items[i]), doing, NULL, err))
			return err->code;
	return ZV_OK;
}

/* As run_texts, for a row that takes its case from its entry (INSERT …
 * SELECT … FROM entry): no row made means there is no such entry. */
static int insert_for_entry(struct zv_store *s, const char *sql, const char *const *v,
			    size_t n, const char *entry_id, const char *doing,
			    struct zv_error *err)
{
	int changes = 0;
	if (run_texts(s, sql, v, n, doing, &changes, err))
		return err->code;
	if (changes != 1)
		return zv_error_set(err, ZV_ENOTFOUND, "", "%s: no entry %s", doing, entry_id);
	return ZV_OK;
}

/* A row-collecting array in the arena, grown by doubling. */
struct grow {
	void *items;
	size_t n, cap, size;
};

static void *grow_next(struct zv_arena *a, struct grow *g)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 8;
		void *items = zv_arena_alloc(a, cap * g->size);
		if (!items)
			return NULL;
		if (g->n)
			memcpy(items, g->items, g->n * g->size);
		g->items = items;
		g->cap = cap;
	}
	return (char *)g->items + g->size * g->n++;
}

/* A list kept in one text column, one item per line. */
static const char *join_lines(struct zv_arena *a, const char *const *items, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(items[i]) + 1;
	char *out = zv_arena_alloc(a, len);
	if (!out)
		return NULL;
	char *p = out;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(items[i]);
		memcpy(p, items[i], k);
		p += k;
		if (i + 1 < n)
			*p++ = '\n';
	}
	*p = '\0';
	return out;
}

static const char *const *split_lines(struct zv_arena *a, const char *text, size_t *n,
				      bool *oom)
{
	*n = 0;
	if (!text || !*text)
		return NULL;
	size_t count = 1;
	for (const char *p = text; *p; p++)
		count += *p == '\n';
	const char **items = zv_arena_alloc(a, count * sizeof *items);
	if (!items) {
		*oom = true;
		return NULL;
	}
	const char *start = text;
	for (const char *p = text;; p++) {
		if (*p == '\n' || !*p) {
			items[(*n)++] = zv_arena_strndup(a, start, (size_t)(p - start));
			if (!items[*n - 1])
				*oom = true;
			if (!*p)
				break;
			start = p + 1;
		}
	}
	return items;
}

static int out_of_memory(struct zv_error *err, const char *what)
{
	return zv_error_set(err, ZV_ENOMEM, "", "out of memory reading %s", what);
}

/*
 * Run a query bound to one text value and hand each row to `row`. The
 * callback returns nonzero to stop (its error in `err`).
 */
typedef int (*row_fn)(void *ctx, sqlite3_stmt *st, struct zv_error *err);

static int query_rows(struct sqlite_store *q, const char *sql, const char *key, row_fn row,
		      void *ctx, struct zv_error *err, const char *doing)
{
	sqlite3_stmt *st = sq_prepare(q, sql, err);
	if (!st)
		return err->code;
	bind_text(st, 1, key);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r = row(ctx, st, err);
		if (r) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZV_OK : sq_fail(q, err, doing);
}

/* ---- reading a case ------------------------------------------------------- */

struct reader {
	struct sqlite_store *q;
	struct zv_arena *a;
	struct zv_case_record *r;
	struct grow g;
	bool oom;
};

#define CASE_COLUMNS                                                                         \
	"c.id, c.household, c.team, c.organisation, c.task, c.title, c.framework, c.phase, "   \
	"c.version, c.opened_at, c.opened_by"

static void read_case_columns(struct reader *rd, sqlite3_stmt *st, struct zv_rec_case *c)
{
	c->id = col_text(rd->a, st, 0, &rd->oom);
	c->household = col_text(rd->a, st, 1, &rd->oom);
	c->team = col_text(rd->a, st, 2, &rd->oom);
	c->organisation = col_text(rd->a, st, 3, &rd->oom);
	c->task = col_text(rd->a, st, 4, &rd->oom);
	c->title = col_text(rd->a, st, 5, &rd->oom);
	c->framework = sqlite3_column_int(st, 6);
	c->phase = sqlite3_column_int(st, 7);
	c->version = sqlite3_column_int64(st, 8);
	c->opened_at = col_text(rd->a, st, 9, &rd->oom);
	c->opened_by = col_text(rd->a, st, 10, &rd->oom);
}

static const char SQL_CASE[] = "SELECT " CASE_COLUMNS " FROM dossier_case c WHERE c.id = ?";
static const char SQL_HOUSEHOLD[] = "SELECT id, name, created_at FROM household WHERE id = ?";
static const char SQL_PERSONS[] =
	"SELECT id, household, name, role, birth_date, capable, bsn_sealed, bsn_key, "
	"confidential_address, address_sealed FROM person WHERE household = ? ORDER BY id";
static const char SQL_AUTHORITY[] =
	"SELECT a.child, a.holder FROM parental_authority a JOIN person p ON p.id = a.child "
	"WHERE p.household = ? ORDER BY a.child, a.holder";
static const char SQL_HISTORY[] =
	"SELECT version, at, by_login, framework, phase, reason, family_informed, informed_at "
	"FROM case_change WHERE case_id = ? ORDER BY version";
static const char SQL_MEMBERS[] =
	"SELECT login, role FROM case_member WHERE case_id = ? ORDER BY login";
#define ENTRY_COLUMNS                                                                        \
	"v.entry_id, v.version, v.kind, v.category, v.source, v.text, v.author, v.author_org, " \
	"v.secrecy_holder, v.recorded_at, v.verified_by, v.verified_at, v.correction_reason"
/* Every version of a case's entries, in entry and version order: one range
 * read (entry_version is keyed by case first); the newest of each entry is
 * its current text. */
static const char SQL_VERSIONS[] =
	"SELECT " ENTRY_COLUMNS " FROM entry_version v WHERE v.case_id = ? "
	"ORDER BY v.entry_id, v.version";
static const char SQL_SUBJECTS[] =
	"SELECT entry_id, person FROM entry_subject WHERE case_id = ? ORDER BY entry_id, person";
static const char SQL_RESTRICTIONS[] =
	"SELECT entry_id, login, person, reason FROM entry_restriction WHERE case_id = ? "
	"ORDER BY entry_id, rowid";
static const char SQL_REACTIONS[] =
	"SELECT id, entry_id, person, text, at, recorded_by FROM reaction WHERE case_id = ? "
	"ORDER BY entry_id, id";
#define CONSENT_COLUMNS                                                                      \
	"c.id, c.subject, c.kind, c.purpose, c.recipients, c.categories, c.version, ev.state, " \
	"ev.at, ev.by_login, ev.free, ev.unambiguous, ev.informed, ev.specific, ev.explicit, "   \
	"ev.how_obtained, ev.present, ev.valid_until, ev.note"
static const char SQL_CONSENTS[] =
	"SELECT " CONSENT_COLUMNS " FROM person p JOIN consent c ON c.subject = p.id "
	"JOIN consent_event ev ON ev.consent_id = c.id AND ev.version = c.version "
	"WHERE p.household = ? ORDER BY c.id";
static const char SQL_GIVERS[] =
	"SELECT g.consent_id, g.person FROM person p JOIN consent c ON c.subject = p.id "
	"JOIN consent_giver g ON g.consent_id = c.id WHERE p.household = ? "
	"ORDER BY g.consent_id, g.person";
/* A case's decisions without their JSON (a case view lists them; the JSON
 * of hundreds of decisions would dominate every view). */
static const char SQL_DECISIONS[] =
	"SELECT id, case_id, at, by_login, action, outcome, NULL, NULL, review_reason "
	"FROM decision WHERE case_id = ? ORDER BY id";
static const char SQL_DECIDED[] =
	"SELECT decision_id, entry_id FROM decision_entry WHERE case_id = ? "
	"ORDER BY decision_id, entry_id";
static const char SQL_DISCLOSURES[] =
	"SELECT id, case_id, decision_id, recipient_org, recipient_person, scope, categories, "
	"state, at, by_login, stopped_reason FROM disclosure WHERE case_id = ? ORDER BY id";
static const char SQL_DISCLOSED[] =
	"SELECT de.disclosure_id, de.entry_id FROM disclosure d "
	"JOIN disclosure_entry de ON de.disclosure_id = d.id WHERE d.case_id = ? "
	"ORDER BY de.disclosure_id, de.entry_id";
#define OBLIGATION_COLUMNS                                                                   \
	"id, case_id, decision_id, rule, code, text, due, owner, created_at, fulfilled_at, "    \
	"fulfilled_by, note, case_version"
static const char SQL_OBLIGATIONS[] =
	"SELECT " OBLIGATION_COLUMNS " FROM obligation WHERE case_id = ? "
	"ORDER BY coalesce(due, '9999-12-31'), id";
#define GRANT_COLUMNS                                                                        \
	"id, case_id, login, reason, at, until, reviewed_by, reviewed_at, review_note"
static const char SQL_GRANTS[] =
	"SELECT " GRANT_COLUMNS " FROM break_glass WHERE case_id = ? ORDER BY id";

static int row_case(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	(void)err;
	struct reader *rd = ctx;
	read_case_columns(rd, st, &rd->r->c);
	return ZV_OK;
}

static int row_household(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	(void)err;
	struct reader *rd = ctx;
	rd->r->household.id = col_text(rd->a, st, 0, &rd->oom);
	rd->r->household.name = col_text(rd->a, st, 1, &rd->oom);
	rd->r->household.created_at = col_text(rd->a, st, 2, &rd->oom);
	rd->q->personal_reads++;
	return ZV_OK;
}

/* Each row reader below appends one record to rd->g. */
#define NEXT(type, var)                                                                      \
	type *var = grow_next(rd->a, &rd->g);                                                    \
	if (!var)                                                                                \
		return out_of_memory(err, "the dossier")

static void read_person(struct reader *rd, sqlite3_stmt *st, struct zv_rec_person *p)
{
	p->id = col_text(rd->a, st, 0, &rd->oom);
	p->household = col_text(rd->a, st, 1, &rd->oom);
	p->name = col_text(rd->a, st, 2, &rd->oom);
	p->role = sqlite3_column_int(st, 3);
	p->birth_date = col_text(rd->a, st, 4, &rd->oom);
	p->capable = sqlite3_column_int(st, 5);
	p->bsn_sealed = col_blob(rd->a, st, 6, &p->bsn_sealed_len, &rd->oom);
	size_t key_len;
	p->bsn_key = col_blob(rd->a, st, 7, &key_len, &rd->oom);
	p->confidential_address = sqlite3_column_int(st, 8) != 0;
	p->address_sealed = col_blob(rd->a, st, 9, &p->address_sealed_len, &rd->oom);
	rd->q->personal_reads++;
}

static int row_person(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_person, p);
	read_person(rd, st, p);
	return ZV_OK;
}

static int row_authority(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_authority, x);
	x->child = col_text(rd->a, st, 0, &rd->oom);
	x->holder = col_text(rd->a, st, 1, &rd->oom);
	return ZV_OK;
}

static int row_history(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_case_change, h);
	h->version = sqlite3_column_int64(st, 0);
	h->at = col_text(rd->a, st, 1, &rd->oom);
	h->by = col_text(rd->a, st, 2, &rd->oom);
	h->framework = sqlite3_column_int(st, 3);
	h->phase = sqlite3_column_int(st, 4);
	h->reason = col_text(rd->a, st, 5, &rd->oom);
	h->family_informed = sqlite3_column_int(st, 6) != 0;
	h->informed_at = col_text(rd->a, st, 7, &rd->oom);
	return ZV_OK;
}

static int row_member(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_member, m);
	m->login = col_text(rd->a, st, 0, &rd->oom);
	m->role = sqlite3_column_int(st, 1);
	return ZV_OK;
}

static void read_entry(struct reader *rd, sqlite3_stmt *st, struct zv_rec_entry *e)
{
	e->id = col_text(rd->a, st, 0, &rd->oom);
	e->case_id = rd->r->c.id;
	e->version = sqlite3_column_int64(st, 1);
	e->kind = sqlite3_column_int(st, 2);
	e->category = sqlite3_column_int(st, 3);
	e->source = col_text(rd->a, st, 4, &rd->oom);
	e->text = col_text(rd->a, st, 5, &rd->oom);
	e->author = col_text(rd->a, st, 6, &rd->oom);
	e->author_org = col_text(rd->a, st, 7, &rd->oom);
	e->secrecy_holder = col_text(rd->a, st, 8, &rd->oom);
	e->recorded_at = col_text(rd->a, st, 9, &rd->oom);
	e->verified_by = col_text(rd->a, st, 10, &rd->oom);
	e->verified_at = col_text(rd->a, st, 11, &rd->oom);
	e->correction_reason = col_text(rd->a, st, 12, &rd->oom);
	e->unverified_or_opinion = e->kind == ZV_ENTRY_OPINION || e->kind == ZV_ENTRY_VIEW ||
				   !e->verified_by;
	rd->q->personal_reads++;
}

static int row_entry(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_entry, e);
	read_entry(rd, st, e);
	return ZV_OK;
}

/* Pairs (owner id, value) sorted by owner: attached afterwards. */
struct pair {
	const char *owner, *value;
};

static int row_pair(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct pair, p);
	p->owner = col_text(rd->a, st, 0, &rd->oom);
	p->value = col_text(rd->a, st, 1, &rd->oom);
	return ZV_OK;
}

static int row_restriction(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_restriction, x);
	x->entry_id = col_text(rd->a, st, 0, &rd->oom);
	x->login = col_text(rd->a, st, 1, &rd->oom);
	x->person = col_text(rd->a, st, 2, &rd->oom);
	x->reason = col_text(rd->a, st, 3, &rd->oom);
	return ZV_OK;
}

static int row_reaction(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_reaction, x);
	x->id = col_text(rd->a, st, 0, &rd->oom);
	x->entry_id = col_text(rd->a, st, 1, &rd->oom);
	x->person = col_text(rd->a, st, 2, &rd->oom);
	x->text = col_text(rd->a, st, 3, &rd->oom);
	x->at = col_text(rd->a, st, 4, &rd->oom);
	x->recorded_by = col_text(rd->a, st, 5, &rd->oom);
	rd->q->personal_reads++;
	return ZV_OK;
}

static void read_consent(struct reader *rd, sqlite3_stmt *st, struct zv_rec_consent *c)
{
	c->id = col_text(rd->a, st, 0, &rd->oom);
	c->subject = col_text(rd->a, st, 1, &rd->oom);
	c->kind = sqlite3_column_int(st, 2);
	c->purpose = col_text(rd->a, st, 3, &rd->oom);
	const char *recipients = col_text(rd->a, st, 4, &rd->oom);
	c->recipients = split_lines(rd->a, recipients, &c->n_recipients, &rd->oom);
	c->has_categories = sqlite3_column_type(st, 5) != SQLITE_NULL;
	c->categories = sqlite3_column_int(st, 5);
	c->version = sqlite3_column_int64(st, 6);
	c->state = sqlite3_column_int(st, 7);
	c->at = col_text(rd->a, st, 8, &rd->oom);
	c->by = col_text(rd->a, st, 9, &rd->oom);
	c->free = sqlite3_column_int(st, 10) != 0;
	c->unambiguous = sqlite3_column_int(st, 11) != 0;
	c->informed = sqlite3_column_int(st, 12) != 0;
	c->specific = sqlite3_column_int(st, 13) != 0;
	c->explicit = sqlite3_column_int(st, 14) != 0;
	c->how_obtained = col_text(rd->a, st, 15, &rd->oom);
	c->present = col_text(rd->a, st, 16, &rd->oom);
	c->valid_until = col_text(rd->a, st, 17, &rd->oom);
	c->note = col_text(rd->a, st, 18, &rd->oom);
	rd->q->personal_reads++;
}

static int row_consent(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_consent, c);
	read_consent(rd, st, c);
	return ZV_OK;
}

static void read_decision(struct reader *rd, sqlite3_stmt *st, struct zv_rec_decision *d)
{
	d->id = col_text(rd->a, st, 0, &rd->oom);
	d->case_id = col_text(rd->a, st, 1, &rd->oom);
	d->at = col_text(rd->a, st, 2, &rd->oom);
	d->by = col_text(rd->a, st, 3, &rd->oom);
	d->action = sqlite3_column_int(st, 4);
	d->outcome = sqlite3_column_int(st, 5);
	d->situation = col_text(rd->a, st, 6, &rd->oom);
	d->answer = col_text(rd->a, st, 7, &rd->oom);
	d->review_reason = col_text(rd->a, st, 8, &rd->oom);
}

static int row_decision(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_decision, d);
	read_decision(rd, st, d);
	return ZV_OK;
}

static int row_disclosure(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_disclosure, d);
	d->id = col_text(rd->a, st, 0, &rd->oom);
	d->case_id = col_text(rd->a, st, 1, &rd->oom);
	d->decision_id = col_text(rd->a, st, 2, &rd->oom);
	d->recipient_org = col_text(rd->a, st, 3, &rd->oom);
	d->recipient_person = col_text(rd->a, st, 4, &rd->oom);
	d->scope = sqlite3_column_int(st, 5);
	d->categories = sqlite3_column_int(st, 6);
	d->state = sqlite3_column_int(st, 7);
	d->at = col_text(rd->a, st, 8, &rd->oom);
	d->by = col_text(rd->a, st, 9, &rd->oom);
	d->stopped_reason = col_text(rd->a, st, 10, &rd->oom);
	rd->q->personal_reads++;
	return ZV_OK;
}

static void read_obligation(struct reader *rd, sqlite3_stmt *st, struct zv_rec_obligation *o)
{
	o->id = col_text(rd->a, st, 0, &rd->oom);
	o->case_id = col_text(rd->a, st, 1, &rd->oom);
	o->decision_id = col_text(rd->a, st, 2, &rd->oom);
	o->rule = col_text(rd->a, st, 3, &rd->oom);
	o->code = col_text(rd->a, st, 4, &rd->oom);
	o->text = col_text(rd->a, st, 5, &rd->oom);
	o->due = col_text(rd->a, st, 6, &rd->oom);
	o->owner = col_text(rd->a, st, 7, &rd->oom);
	o->created_at = col_text(rd->a, st, 8, &rd->oom);
	o->fulfilled_at = col_text(rd->a, st, 9, &rd->oom);
	o->fulfilled_by = col_text(rd->a, st, 10, &rd->oom);
	o->note = col_text(rd->a, st, 11, &rd->oom);
	o->case_version = sqlite3_column_int64(st, 12);
}

static int row_obligation(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_obligation, o);
	read_obligation(rd, st, o);
	return ZV_OK;
}

static void read_grant(struct reader *rd, sqlite3_stmt *st, struct zv_rec_break_glass *g)
{
	g->id = col_text(rd->a, st, 0, &rd->oom);
	g->case_id = col_text(rd->a, st, 1, &rd->oom);
	g->login = col_text(rd->a, st, 2, &rd->oom);
	g->reason = col_text(rd->a, st, 3, &rd->oom);
	g->at = col_text(rd->a, st, 4, &rd->oom);
	g->until = col_text(rd->a, st, 5, &rd->oom);
	g->reviewed_by = col_text(rd->a, st, 6, &rd->oom);
	g->reviewed_at = col_text(rd->a, st, 7, &rd->oom);
	g->review_note = col_text(rd->a, st, 8, &rd->oom);
}

static int row_grant(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_rec_break_glass, g);
	read_grant(rd, st, g);
	return ZV_OK;
}

/* Run `sql` for `key`, collecting records of `size` bytes with `row`. */
static int collect(struct reader *rd, const char *sql, const char *key, size_t size, row_fn row,
		   void **items, size_t *n, struct zv_error *err)
{
	rd->g = (struct grow){.size = size};
	int rc = query_rows(rd->q, sql, key, row, rd, err, "reading the dossier");
	if (rc)
		return rc;
	if (rd->oom)
		return out_of_memory(err, "the dossier");
	*items = rd->g.items;
	*n = rd->g.n;
	return ZV_OK;
}

#define COLLECT(rd, sql, key, field, count, row)                                            \
	collect(rd, sql, key, sizeof *(field), row, (void **)&(field), &(count), err)

/* The rows of a list outside a case (`key` binds ?1, or none), each read by
 * `row` into the arena. */
static int list_rows(struct zv_store *s, struct zv_arena *a, const char *sql, const char *key,
		     size_t size, row_fn row, void **out, size_t *n, struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q)
		return err->code;
	struct zv_case_record scratch = {0};
	struct reader rd = {.q = q, .a = a, .r = &scratch};
	return collect(&rd, sql, key, size, row, out, n, err);
}

/* Attach pairs (owner, value), sorted by owner, to the owners' string lists.
 * `owner_id` gives the id of owner i; `set` stores the list. */
static int attach_pairs(struct zv_arena *a, const struct pair *pairs, size_t n_pairs,
			size_t n_owners, const char *(*owner_id)(void *, size_t), void *owners,
			void (*set)(void *, size_t, const char *const *, size_t),
			struct zv_error *err)
{
	size_t k = 0;
	for (size_t i = 0; i < n_owners && k < n_pairs; i++) {
		const char *id = owner_id(owners, i);
		int cmp;
		while (k < n_pairs && (cmp = strcmp(pairs[k].owner, id)) < 0)
			k++;
		size_t first = k;
		while (k < n_pairs && !strcmp(pairs[k].owner, id))
			k++;
		if (k == first)
			continue;
		const char **list = zv_arena_alloc(a, (k - first) * sizeof *list);
		if (!list)
			return out_of_memory(err, "the dossier");
		for (size_t j = first; j < k; j++)
			list[j - first] = pairs[j].value;
		set(owners, i, list, k - first);
	}
	return ZV_OK;
}

static const char *entry_id_at(void *v, size_t i) { return ((struct zv_rec_entry *)v)[i].id; }
static void entry_subjects_set(void *v, size_t i, const char *const *l, size_t n)
{
	((struct zv_rec_entry *)v)[i].subjects = l;
	((struct zv_rec_entry *)v)[i].n_subjects = n;
}
static const char *consent_id_at(void *v, size_t i) { return ((struct zv_rec_consent *)v)[i].id; }
static void consent_givers_set(void *v, size_t i, const char *const *l, size_t n)
{
	((struct zv_rec_consent *)v)[i].givers = l;
	((struct zv_rec_consent *)v)[i].n_givers = n;
}
static const char *decision_id_at(void *v, size_t i)
{
	return ((struct zv_rec_decision *)v)[i].id;
}
static void decision_entries_set(void *v, size_t i, const char *const *l, size_t n)
{
	((struct zv_rec_decision *)v)[i].entries = l;
	((struct zv_rec_decision *)v)[i].n_entries = n;
}
static const char *disclosure_id_at(void *v, size_t i)
{
	return ((struct zv_rec_disclosure *)v)[i].id;
}
static void disclosure_entries_set(void *v, size_t i, const char *const *l, size_t n)
{
	((struct zv_rec_disclosure *)v)[i].entries = l;
	((struct zv_rec_disclosure *)v)[i].n_entries = n;
}

static int load_pairs(struct reader *rd, const char *sql, const char *key, struct pair **pairs,
		      size_t *n, struct zv_error *err)
{
	return collect(rd, sql, key, sizeof **pairs, row_pair, (void **)pairs, n, err);
}

/* Split every version, in entry and version order, into the current one of
 * each entry and (with `history`) the older ones. */
static int split_versions(struct reader *rd, struct zv_rec_entry *all, size_t n, bool history,
			  struct zv_error *err)
{
	struct zv_case_record *r = rd->r;
	r->entries = zv_arena_alloc(rd->a, (n + 1) * sizeof *r->entries);
	r->old_versions = history ? zv_arena_alloc(rd->a, (n + 1) * sizeof *r->old_versions) : NULL;
	if (!r->entries || (history && !r->old_versions))
		return out_of_memory(err, "the dossier");
	for (size_t i = 0; i < n; i++) {
		bool newest = i + 1 == n || strcmp(all[i].id, all[i + 1].id);
		if (newest)
			r->entries[r->n_entries++] = all[i];
		else if (history)
			r->old_versions[r->n_old_versions++] = all[i];
	}
	return ZV_OK;
}

static int load_entries(struct reader *rd, unsigned parts, struct zv_error *err)
{
	struct zv_case_record *r = rd->r;
	struct zv_rec_entry *all = NULL;
	size_t n_all = 0;
	struct pair *pairs = NULL;   /* set by load_pairs; -O3 cannot see it */
	size_t n_pairs = 0;
	if (COLLECT(rd, SQL_VERSIONS, r->c.id, all, n_all, row_entry) ||
	    split_versions(rd, all, n_all, parts & ZV_PART_ENTRY_HISTORY, err) ||
	    load_pairs(rd, SQL_SUBJECTS, r->c.id, &pairs, &n_pairs, err) ||
	    attach_pairs(rd->a, pairs, n_pairs, r->n_entries, entry_id_at, r->entries,
			 entry_subjects_set, err) ||
	    COLLECT(rd, SQL_RESTRICTIONS, r->c.id, r->restrictions, r->n_restrictions,
		    row_restriction))
		return err->code;
	if (!(parts & ZV_PART_ENTRY_HISTORY))
		return ZV_OK;
	if (COLLECT(rd, SQL_REACTIONS, r->c.id, r->reactions, r->n_reactions, row_reaction))
		return err->code;
	/* Old versions name the same subjects as the current one. */
	for (size_t i = 0, k = 0; i < r->n_old_versions; i++) {
		while (k < r->n_entries && strcmp(r->entries[k].id, r->old_versions[i].id) < 0)
			k++;
		if (k < r->n_entries && !strcmp(r->entries[k].id, r->old_versions[i].id)) {
			r->old_versions[i].subjects = r->entries[k].subjects;
			r->old_versions[i].n_subjects = r->entries[k].n_subjects;
		}
	}
	return ZV_OK;
}

static int load_consents(struct reader *rd, struct zv_error *err)
{
	struct zv_case_record *r = rd->r;
	struct pair *pairs = NULL;   /* set by load_pairs; -O3 cannot see it */
	size_t n_pairs = 0;
	if (COLLECT(rd, SQL_CONSENTS, r->c.household, r->consents, r->n_consents, row_consent) ||
	    load_pairs(rd, SQL_GIVERS, r->c.household, &pairs, &n_pairs, err))
		return err->code;
	return attach_pairs(rd->a, pairs, n_pairs, r->n_consents, consent_id_at, r->consents,
			    consent_givers_set, err);
}

static int load_decisions(struct reader *rd, struct zv_error *err)
{
	struct zv_case_record *r = rd->r;
	struct pair *pairs = NULL;
	size_t n_pairs = 0;
	if (COLLECT(rd, SQL_DECISIONS, r->c.id, r->decisions, r->n_decisions, row_decision) ||
	    load_pairs(rd, SQL_DECIDED, r->c.id, &pairs, &n_pairs, err))
		return err->code;
	return attach_pairs(rd->a, pairs, n_pairs, r->n_decisions, decision_id_at, r->decisions,
			    decision_entries_set, err);
}

static int load_disclosures(struct reader *rd, struct zv_error *err)
{
	struct zv_case_record *r = rd->r;
	struct pair *pairs = NULL;   /* set by load_pairs; -O3 cannot see it */
	size_t n_pairs = 0;
	if (COLLECT(rd, SQL_DISCLOSURES, r->c.id, r->disclosures, r->n_disclosures,
		    row_disclosure) ||
	    load_pairs(rd, SQL_DISCLOSED, r->c.id, &pairs, &n_pairs, err))
		return err->code;
	return attach_pairs(rd->a, pairs, n_pairs, r->n_disclosures, disclosure_id_at,
			    r->disclosures, disclosure_entries_set, err);
}

int zv_store_case_load(struct zv_store *s, const char *case_id, unsigned parts,
		       struct zv_arena *a, struct zv_case_record *out, struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q)
		return err->code;
	memset(out, 0, sizeof *out);
	struct reader rd = {.q = q, .a = a, .r = out};
	if (query_rows(q, SQL_CASE, case_id, row_case, &rd, err, "reading a case"))
		return err->code;
	if (rd.oom)
		return out_of_memory(err, "a case");
	if (!out->c.id)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no case %s", case_id);
	int rc = ZV_OK;
	if (parts & ZV_PART_PERSONS)
		rc = query_rows(q, SQL_HOUSEHOLD, out->c.household, row_household, &rd, err,
				"reading a household") ||
		     COLLECT(&rd, SQL_PERSONS, out->c.household, out->persons, out->n_persons,
			     row_person) ||
		     COLLECT(&rd, SQL_AUTHORITY, out->c.household, out->authority,
			     out->n_authority, row_authority);
	if (!rc && (parts & ZV_PART_HISTORY))
		rc = COLLECT(&rd, SQL_HISTORY, case_id, out->history, out->n_history, row_history);
	if (!rc && (parts & ZV_PART_TEAM))
		rc = COLLECT(&rd, SQL_MEMBERS, case_id, out->members, out->n_members, row_member);
	if (!rc && (parts & ZV_PART_ENTRIES))
		rc = load_entries(&rd, parts, err);
	if (!rc && (parts & ZV_PART_CONSENTS))
		rc = load_consents(&rd, err);
	if (!rc && (parts & (ZV_PART_ENTRIES | ZV_PART_RECORDS)))
		rc = load_disclosures(&rd, err);
	if (!rc && (parts & ZV_PART_RECORDS))
		rc = load_decisions(&rd, err) ||
		     COLLECT(&rd, SQL_OBLIGATIONS, case_id, out->obligations, out->n_obligations,
			     row_obligation);
	if (!rc && (parts & ZV_PART_GRANTS))
		rc = COLLECT(&rd, SQL_GRANTS, case_id, out->grants, out->n_grants, row_grant);
	if (rc)
		return err->code ? err->code : ZV_EINTERNAL;
	return rd.oom ? out_of_memory(err, "a case") : ZV_OK;
}

/* ---- lists ---------------------------------------------------------------- */

/* The cases are found through the user's memberships and grants (their
 * indexes by login), never by reading every case; open obligations in one
 * pass per case. */
static const char SQL_CASES_OF[] =
	"SELECT " CASE_COLUMNS ", h.name, m.role,"
	" count(o.id), count(CASE WHEN o.due < ?2 THEN 1 END), min(o.due)"
	" FROM dossier_case c JOIN household h ON h.id = c.household"
	" LEFT JOIN case_member m ON m.case_id = c.id AND m.login = ?1"
	" LEFT JOIN obligation o ON o.case_id = c.id AND o.fulfilled_at IS NULL"
	" WHERE c.id IN (SELECT case_id FROM case_member WHERE login = ?1"
	"   UNION SELECT case_id FROM break_glass WHERE login = ?1 AND until > ?3)"
	" GROUP BY c.id ORDER BY c.id";

int zv_store_cases_of(struct zv_store *s, const char *login, const char *today,
		      const char *now, struct zv_arena *a, struct zv_case_summary **out,
		      size_t *n, struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q)
		return err->code;
	sqlite3_stmt *st = sq_prepare(q, SQL_CASES_OF, err);
	if (!st)
		return err->code;
	bind_text(st, 1, login);
	bind_text(st, 2, today);
	bind_text(st, 3, now);
	struct zv_case_record scratch = {0};
	struct reader rd = {.q = q, .a = a, .r = &scratch, .g = {.size = sizeof **out}};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct zv_case_summary *c = grow_next(a, &rd.g);
		if (!c) {
			sqlite3_reset(st);
			return out_of_memory(err, "the list of cases");
		}
		read_case_columns(&rd, st, &c->c);
		c->household_name = col_text(a, st, 11, &rd.oom);
		c->role = sqlite3_column_type(st, 12) == SQLITE_NULL ? 5 /* ZV_CASE_ROLE_NONE */
								      : sqlite3_column_int(st, 12);
		c->open_obligations = (size_t)sqlite3_column_int64(st, 13);
		c->overdue_obligations = (size_t)sqlite3_column_int64(st, 14);
		c->next_due = col_text(a, st, 15, &rd.oom);
		q->personal_reads++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_fail(q, err, "listing cases");
	if (rd.oom)
		return out_of_memory(err, "the list of cases");
	*out = rd.g.items;
	*n = rd.g.n;
	return ZV_OK;
}

static const char SQL_CASE_IDS[] = "SELECT id FROM dossier_case ORDER BY id";

static int row_id(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(const char *, id);
	*id = col_text(rd->a, st, 0, &rd->oom);
	return ZV_OK;
}

int zv_store_case_ids(struct zv_store *s, struct zv_arena *a, const char ***out, size_t *n,
		      struct zv_error *err)
{
	return list_rows(s, a, SQL_CASE_IDS, NULL, sizeof **out, row_id, (void **)out, n,
			 err);
}

static const char SQL_OBLIGATIONS_OF[] =
	"SELECT " OBLIGATION_COLUMNS " FROM obligation o WHERE o.fulfilled_at IS NULL AND"
	" (o.owner = ?1 OR o.case_id IN (SELECT case_id FROM case_member"
	"   WHERE login = ?1 AND role = 1))"   /* two index searches, not a scan */
	" ORDER BY coalesce(o.due, '9999-12-31'), o.id";

int zv_store_obligations_of(struct zv_store *s, const char *login, struct zv_arena *a,
			    struct zv_rec_obligation **out, size_t *n, struct zv_error *err)
{
	return list_rows(s, a, SQL_OBLIGATIONS_OF, login, sizeof **out, row_obligation, (void **)out, n,
			 err);
}

static const char SQL_GRANTS_UNREVIEWED[] =
	"SELECT " GRANT_COLUMNS " FROM break_glass WHERE reviewed_at IS NULL"
	" ORDER BY at, id";

int zv_store_grants_unreviewed(struct zv_store *s, struct zv_arena *a,
			       struct zv_rec_break_glass **out, size_t *n, struct zv_error *err)
{
	return list_rows(s, a, SQL_GRANTS_UNREVIEWED, NULL, sizeof **out, row_grant, (void **)out, n,
			 err);
}

static const char SQL_DECISIONS_ON_CONSENT[] =
	"SELECT d.id, d.case_id, d.at, d.by_login, d.action, d.outcome, d.situation, d.answer,"
	" d.review_reason FROM decision_consent dc JOIN decision d ON d.id = dc.decision_id"
	" WHERE dc.consent_id = ? ORDER BY d.id";

int zv_store_decisions_on_consent(struct zv_store *s, const char *consent_id,
				  struct zv_arena *a, struct zv_rec_decision **out, size_t *n,
				  struct zv_error *err)
{
	return list_rows(s, a, SQL_DECISIONS_ON_CONSENT, consent_id, sizeof **out, row_decision, (void **)out, n,
			 err);
}

static const char SQL_DECISION_GET[] =
	"SELECT id, case_id, at, by_login, action, outcome, situation, answer, review_reason "
	"FROM decision WHERE id = ?";

int zv_store_decision_get(struct zv_store *s, const char *id, struct zv_arena *a,
			  struct zv_rec_decision *out, struct zv_error *err)
{
	struct zv_rec_decision *list = NULL;
	size_t n = 0;
	if (list_rows(s, a, SQL_DECISION_GET, id, sizeof *list, row_decision, (void **)&list, &n,
		      err))
		return err->code;
	if (!n)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no decision %s", id);
	*out = list[0];
	return ZV_OK;
}

static const char SQL_CONSENT_GET[] =
	"SELECT " CONSENT_COLUMNS " FROM consent c JOIN consent_event ev"
	" ON ev.consent_id = c.id AND ev.version = c.version WHERE c.id = ?";
static const char SQL_CONSENT_HISTORY[] =
	"SELECT " CONSENT_COLUMNS " FROM consent c JOIN consent_event ev"
	" ON ev.consent_id = c.id WHERE c.id = ? ORDER BY ev.version";
static const char SQL_CONSENT_GIVERS[] =
	"SELECT consent_id, person FROM consent_giver WHERE consent_id = ? ORDER BY person";

static int consent_records(struct zv_store *s, const char *sql, const char *id,
			   struct zv_arena *a, struct zv_rec_consent **out, size_t *n,
			   struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q)
		return err->code;
	struct zv_case_record scratch = {0};
	struct reader rd = {.q = q, .a = a, .r = &scratch};
	struct pair *pairs = NULL;   /* set by load_pairs; -O3 cannot see it */
	size_t n_pairs = 0;
	if (collect(&rd, sql, id, sizeof **out, row_consent, (void **)out, n, err))
		return err->code;
	if (!*n)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no consent %s", id);
	if (load_pairs(&rd, SQL_CONSENT_GIVERS, id, &pairs, &n_pairs, err))
		return err->code;
	const char **givers = zv_arena_alloc(a, (n_pairs + 1) * sizeof *givers);
	if (!givers)
		return out_of_memory(err, "a consent");
	for (size_t i = 0; i < n_pairs; i++)
		givers[i] = pairs[i].value;
	for (size_t i = 0; i < *n; i++) {
		(*out)[i].givers = givers;
		(*out)[i].n_givers = n_pairs;
	}
	return ZV_OK;
}

int zv_store_consent_get(struct zv_store *s, const char *id, struct zv_arena *a,
			 struct zv_rec_consent *out, struct zv_error *err)
{
	struct zv_rec_consent *list;
	size_t n;
	if (consent_records(s, SQL_CONSENT_GET, id, a, &list, &n, err))
		return err->code;
	*out = list[0];
	return ZV_OK;
}

int zv_store_consent_history(struct zv_store *s, const char *id, struct zv_arena *a,
			     struct zv_rec_consent **out, size_t *n, struct zv_error *err)
{
	return consent_records(s, SQL_CONSENT_HISTORY, id, a, out, n, err);
}

/* The text in the first column for `key`, into `out`; ZV_ENOTFOUND. */
static int lookup_text(struct zv_store *s, const char *sql, const char *key, char *out,
		       size_t cap, const char *what, struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q)
		return err->code;
	sqlite3_stmt *st = sq_prepare(q, sql, err);
	if (!st)
		return err->code;
	bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		snprintf(out, cap, "%s", t ? (const char *)t : "");
		sqlite3_reset(st);
		return ZV_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_fail(q, err, "looking something up in the dossier");
	return zv_error_set(err, ZV_ENOTFOUND, "", "no %s %s", what, key);
}

static const char SQL_ENTRY_CASE[] = "SELECT case_id FROM entry WHERE id = ?";
static const char SQL_PERSON_HOUSEHOLD[] = "SELECT household FROM person WHERE id = ?";

int zv_store_entry_case(struct zv_store *s, const char *entry_id, char *case_id, size_t cap,
			struct zv_error *err)
{
	return lookup_text(s, SQL_ENTRY_CASE, entry_id, case_id, cap, "entry", err);
}

int zv_store_person_household(struct zv_store *s, const char *person_id, char *household,
			      size_t cap, struct zv_error *err)
{
	return lookup_text(s, SQL_PERSON_HOUSEHOLD, person_id, household, cap, "person", err);
}

/* ---- writing -------------------------------------------------------------- */

static const char SQL_NEXT_ID[] =
	"INSERT INTO id_counter(prefix, next) VALUES (?, 2) "
	"ON CONFLICT(prefix) DO UPDATE SET next = next + 1 RETURNING next - 1";

int zv_store_next_id(struct zv_store *s, const char *prefix, int width, char *out, size_t cap,
		     struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q)
		return err->code;
	sqlite3_stmt *st = sq_prepare(q, SQL_NEXT_ID, err);
	if (!st)
		return err->code;
	bind_text(st, 1, prefix);
	int rc = sqlite3_step(st);
	int64_t next = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_fail(q, err, "numbering a new record");
	int n = snprintf(out, cap, "%s%0*lld", prefix, width, (long long)next);
	if (n < 0 || (size_t)n >= cap)
		return zv_error_set(err, ZV_EINTERNAL, "", "an id does not fit in %zu bytes", cap);
	return ZV_OK;
}

static const char SQL_HOUSEHOLD_INSERT[] =
	"INSERT INTO household(id, name, created_at) VALUES (?, ?, ?)";

int zv_store_household_insert(struct zv_store *s, const struct zv_rec_household *h,
			      struct zv_error *err)
{
	return run_texts(s, SQL_HOUSEHOLD_INSERT, TEXTS(h->id, h->name, h->created_at),
			 "recording a household", NULL, err);
}

static const char SQL_PERSON_INSERT[] =
	"INSERT INTO person(id, household, name, role, birth_date, capable, bsn_sealed, bsn_key,"
	" confidential_address, address_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

int zv_store_person_insert(struct zv_store *s, const struct zv_rec_person *p,
			   struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_PERSON_INSERT, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, p->id);
	bind_text(st, 2, p->household);
	bind_text(st, 3, p->name);
	sqlite3_bind_int(st, 4, p->role);
	bind_text(st, 5, p->birth_date);
	sqlite3_bind_int(st, 6, p->capable);
	bind_blob(st, 7, p->bsn_sealed, p->bsn_sealed_len);
	bind_blob(st, 8, p->bsn_key, 32);
	sqlite3_bind_int(st, 9, p->confidential_address);
	bind_blob(st, 10, p->address_sealed, p->address_sealed_len);
	return step_done(q, st, err, "recording a person (a BSN is recorded once)");
}

static const char SQL_AUTHORITY_INSERT[] =
	"INSERT INTO parental_authority(child, holder) VALUES (?, ?)";

int zv_store_authority_insert(struct zv_store *s, const char *child, const char *holder,
			      struct zv_error *err)
{
	return run_texts(s, SQL_AUTHORITY_INSERT, TEXTS(child, holder),
			 "recording parental authority", NULL, err);
}

static const char SQL_CASE_INSERT[] =
	"INSERT INTO dossier_case(id, household, team, organisation, task, title, framework,"
	" phase, version, opened_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)";
static const char SQL_CHANGE_INSERT[] =
	"INSERT INTO case_change(case_id, version, at, by_login, framework, phase, reason,"
	" family_informed, informed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

static int insert_change(struct sqlite_store *q, const char *case_id,
			 const struct zv_rec_case_change *c, struct zv_error *err)
{
	sqlite3_stmt *st = sq_prepare(q, SQL_CHANGE_INSERT, err);
	if (!st)
		return err->code;
	bind_text(st, 1, case_id);
	sqlite3_bind_int64(st, 2, c->version);
	bind_text(st, 3, c->at);
	bind_text(st, 4, c->by);
	sqlite3_bind_int(st, 5, c->framework);
	sqlite3_bind_int(st, 6, c->phase);
	bind_text(st, 7, c->reason);
	sqlite3_bind_int(st, 8, c->family_informed);
	bind_text(st, 9, c->informed_at);
	return step_done(q, st, err, "recording a change of framework or phase");
}

int zv_store_case_insert(struct zv_store *s, const struct zv_rec_case *c,
			 const struct zv_rec_case_change *first, struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_CASE_INSERT, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, c->id);
	bind_text(st, 2, c->household);
	bind_text(st, 3, c->team);
	bind_text(st, 4, c->organisation);
	bind_text(st, 5, c->task);
	bind_text(st, 6, c->title);
	sqlite3_bind_int(st, 7, c->framework);
	sqlite3_bind_int(st, 8, c->phase);
	bind_text(st, 9, c->opened_at);
	bind_text(st, 10, c->opened_by);
	if (step_done(q, st, err, "opening a case"))
		return err->code;
	struct zv_rec_case_change one = *first;
	one.version = 1;
	return insert_change(q, c->id, &one, err);
}

/* Move a versioned row from `expected` to expected+1, or report a conflict. */
static int bump_version(struct sqlite_store *q, const char *sql, const char *id,
			int64_t expected, const char *what, struct zv_error *err)
{
	sqlite3_stmt *st = sq_prepare(q, sql, err);
	if (!st)
		return err->code;
	bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, expected);
	if (step_done(q, st, err, what))
		return err->code;
	if (sqlite3_changes(q->db) == 1)
		return ZV_OK;
	return zv_error_set(err, ZV_ECONFLICT, "",
			    "%s %s is no longer at version %lld: someone changed it meanwhile; "
			    "read it again and redo the change",
			    what, id, (long long)expected);
}

static const char SQL_CASE_BUMP[] =
	"UPDATE dossier_case SET version = version + 1 WHERE id = ?1 AND version = ?2";
static const char SQL_CASE_SET[] =
	"UPDATE dossier_case SET framework = ?2, phase = ?3 WHERE id = ?1";

int zv_store_case_change(struct zv_store *s, const char *case_id, int64_t expected_version,
			 const struct zv_rec_case_change *change, struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q || bump_version(q, SQL_CASE_BUMP, case_id, expected_version, "case", err))
		return err->code;
	sqlite3_stmt *st = sq_prepare(q, SQL_CASE_SET, err);
	if (!st)
		return err->code;
	bind_text(st, 1, case_id);
	sqlite3_bind_int(st, 2, change->framework);
	sqlite3_bind_int(st, 3, change->phase);
	if (step_done(q, st, err, "changing a case"))
		return err->code;
	struct zv_rec_case_change c = *change;
	c.version = expected_version + 1;
	return insert_change(q, case_id, &c, err);
}

static const char SQL_CHANGE_INFORMED[] =
	"UPDATE case_change SET family_informed = 1, informed_at = ?3"
	" WHERE case_id = ?1 AND version = ?2 AND family_informed = 0";

int zv_store_case_change_informed(struct zv_store *s, const char *case_id, int64_t version,
				  const char *at, struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_CHANGE_INFORMED, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, case_id);
	sqlite3_bind_int64(st, 2, version);
	bind_text(st, 3, at);
	if (step_done(q, st, err, "recording that the family was informed"))
		return err->code;
	if (sqlite3_changes(q->db) != 1)
		return zv_error_set(err, ZV_ENOTFOUND, "",
				    "case %s has no change %lld that the family still has to hear "
				    "of",
				    case_id, (long long)version);
	return ZV_OK;
}

static const char SQL_MEMBER_SET[] =
	"INSERT INTO case_member(case_id, login, role) VALUES (?, ?, ?)"
	" ON CONFLICT(case_id, login) DO UPDATE SET role = excluded.role";

int zv_store_member_set(struct zv_store *s, const char *case_id, const struct zv_rec_member *m,
			struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_MEMBER_SET, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, case_id);
	bind_text(st, 2, m->login);
	sqlite3_bind_int(st, 3, m->role);
	return step_done(q, st, err, "setting a member of a case team");
}

static const char SQL_ENTRY_INSERT[] = "INSERT INTO entry(id, case_id, version) VALUES (?, ?, 1)";
static const char SQL_VERSION_INSERT[] =
	"INSERT INTO entry_version(entry_id, version, kind, category, source, text, author,"
	" author_org, secrecy_holder, recorded_at, verified_by, verified_at, correction_reason,"
	" case_id) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, case_id"
	" FROM entry WHERE id = ?1";
/* Rows keyed by case take it from their entry. */
static const char SQL_SUBJECT_INSERT[] =
	"INSERT INTO entry_subject(case_id, entry_id, person) SELECT case_id, ?1, ?2"
	" FROM entry WHERE id = ?1";

static int insert_version(struct sqlite_store *q, const struct zv_rec_entry *e, int64_t version,
			  struct zv_error *err)
{
	sqlite3_stmt *st = sq_prepare(q, SQL_VERSION_INSERT, err);
	if (!st)
		return err->code;
	bind_text(st, 1, e->id);
	sqlite3_bind_int64(st, 2, version);
	sqlite3_bind_int(st, 3, e->kind);
	sqlite3_bind_int(st, 4, e->category);
	bind_text(st, 5, e->source);
	bind_text(st, 6, e->text);
	bind_text(st, 7, e->author);
	bind_text(st, 8, e->author_org);
	bind_text(st, 9, e->secrecy_holder);
	bind_text(st, 10, e->recorded_at);
	bind_text(st, 11, e->verified_by);
	bind_text(st, 12, e->verified_at);
	bind_text(st, 13, e->correction_reason);
	if (step_done(q, st, err, "recording an entry's text"))
		return err->code;
	if (sqlite3_changes(q->db) != 1)
		return zv_error_set(err, ZV_ENOTFOUND, "", "recording an entry's text: no entry %s",
				    e->id);
	return ZV_OK;
}

int zv_store_entry_insert(struct zv_store *s, const struct zv_rec_entry *e,
			  struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_ENTRY_INSERT, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, e->id);
	bind_text(st, 2, e->case_id);
	if (step_done(q, st, err, "recording an entry") || insert_version(q, e, 1, err))
		return err->code;
	for (size_t i = 0; i < e->n_subjects; i++)
		if (insert_for_entry(s, SQL_SUBJECT_INSERT, TEXTS(e->id, e->subjects[i]), e->id,
				     "recording whom an entry is about", err))
			return err->code;
	return ZV_OK;
}

static const char SQL_ENTRY_BUMP[] =
	"UPDATE entry SET version = version + 1 WHERE id = ?1 AND version = ?2";

int zv_store_entry_correct(struct zv_store *s, int64_t expected_version,
			   const struct zv_rec_entry *e, struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q || bump_version(q, SQL_ENTRY_BUMP, e->id, expected_version, "entry", err))
		return err->code;
	return insert_version(q, e, expected_version + 1, err);
}

static const char SQL_RESTRICTION_INSERT[] =
	"INSERT INTO entry_restriction(case_id, entry_id, login, person, reason)"
	" SELECT case_id, ?1, ?2, ?3, ?4 FROM entry WHERE id = ?1";

int zv_store_restriction_insert(struct zv_store *s, const struct zv_rec_restriction *r,
				struct zv_error *err)
{
	return insert_for_entry(s, SQL_RESTRICTION_INSERT,
				TEXTS(r->entry_id, r->login, r->person, r->reason), r->entry_id,
				"recording a restriction", err);
}

static const char SQL_REACTION_INSERT[] =
	"INSERT INTO reaction(id, case_id, entry_id, person, text, at, recorded_by)"
	" SELECT ?1, case_id, ?2, ?3, ?4, ?5, ?6 FROM entry WHERE id = ?2";

int zv_store_reaction_insert(struct zv_store *s, const struct zv_rec_reaction *r,
			     struct zv_error *err)
{
	return insert_for_entry(s, SQL_REACTION_INSERT,
				TEXTS(r->id, r->entry_id, r->person, r->text, r->at, r->recorded_by),
				r->entry_id, "recording a reaction", err);
}

static const char SQL_CONSENT_INSERT[] =
	"INSERT INTO consent(id, subject, kind, purpose, recipients, categories, version)"
	" VALUES (?, ?, ?, ?, ?, ?, 1)";
static const char SQL_GIVER_INSERT[] =
	"INSERT INTO consent_giver(consent_id, person) VALUES (?, ?)";
static const char SQL_CONSENT_EVENT_INSERT[] =
	"INSERT INTO consent_event(consent_id, version, state, at, by_login, free, unambiguous,"
	" informed, specific, explicit, how_obtained, present, valid_until, note)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static int insert_consent_event(struct sqlite_store *q, const struct zv_rec_consent *c,
				int64_t version, struct zv_error *err)
{
	sqlite3_stmt *st = sq_prepare(q, SQL_CONSENT_EVENT_INSERT, err);
	if (!st)
		return err->code;
	bind_text(st, 1, c->id);
	sqlite3_bind_int64(st, 2, version);
	sqlite3_bind_int(st, 3, c->state);
	bind_text(st, 4, c->at);
	bind_text(st, 5, c->by);
	sqlite3_bind_int(st, 6, c->free);
	sqlite3_bind_int(st, 7, c->unambiguous);
	sqlite3_bind_int(st, 8, c->informed);
	sqlite3_bind_int(st, 9, c->specific);
	sqlite3_bind_int(st, 10, c->explicit);
	bind_text(st, 11, c->how_obtained);
	bind_text(st, 12, c->present);
	bind_text(st, 13, c->valid_until);
	bind_text(st, 14, c->note);
	return step_done(q, st, err, "recording a step in a consent's lifecycle");
}

int zv_store_consent_insert(struct zv_store *s, const struct zv_rec_consent *c,
			    struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_CONSENT_INSERT, &q, err);
	if (!st)
		return err->code;
	struct zv_arena scratch;
	zv_arena_init(&scratch, 0);
	const char *recipients = join_lines(&scratch, c->recipients, c->n_recipients);
	if (!recipients) {
		zv_arena_release(&scratch);
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory recording a consent");
	}
	bind_text(st, 1, c->id);
	bind_text(st, 2, c->subject);
	sqlite3_bind_int(st, 3, c->kind);
	bind_text(st, 4, c->purpose);
	bind_text(st, 5, recipients);
	bind_optional_int(st, 6, c->has_categories, c->categories);
	int rc = step_done(q, st, err, "recording a consent");
	zv_arena_release(&scratch);
	if (!rc)
		rc = insert_pairs(s, SQL_GIVER_INSERT, c->id, c->givers, c->n_givers,
				  "recording who gave a consent", err);
	return rc ? rc : insert_consent_event(q, c, 1, err);
}

static const char SQL_CONSENT_BUMP[] =
	"UPDATE consent SET version = version + 1 WHERE id = ?1 AND version = ?2";

int zv_store_consent_event(struct zv_store *s, int64_t expected_version,
			   const struct zv_rec_consent *c, struct zv_error *err)
{
	struct sqlite_store *q = backend(s, err);
	if (!q || bump_version(q, SQL_CONSENT_BUMP, c->id, expected_version, "consent", err))
		return err->code;
	return insert_consent_event(q, c, expected_version + 1, err);
}

static const char SQL_DECISION_INSERT[] =
	"INSERT INTO decision(id, case_id, at, by_login, action, outcome, situation, answer,"
	" review_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DECISION_ENTRY_INSERT[] =
	"INSERT OR IGNORE INTO decision_entry(case_id, decision_id, entry_id) VALUES (?, ?, ?)";
static const char SQL_DECISION_CONSENT_INSERT[] =
	"INSERT OR IGNORE INTO decision_consent(decision_id, consent_id) VALUES (?, ?)";

int zv_store_decision_insert(struct zv_store *s, const struct zv_rec_decision *d,
			     struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_DECISION_INSERT, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, d->id);
	bind_text(st, 2, d->case_id);
	bind_text(st, 3, d->at);
	bind_text(st, 4, d->by);
	sqlite3_bind_int(st, 5, d->action);
	sqlite3_bind_int(st, 6, d->outcome);
	bind_text(st, 7, d->situation);
	bind_text(st, 8, d->answer);
	bind_text(st, 9, d->review_reason);
	if (step_done(q, st, err, "recording a decision"))
		return err->code;
	for (size_t i = 0; i < d->n_entries; i++)
		if (run_texts(s, SQL_DECISION_ENTRY_INSERT, TEXTS(d->case_id, d->id, d->entries[i]),
			      "recording which entries a decision is about", NULL, err))
			return err->code;
	return insert_pairs(s, SQL_DECISION_CONSENT_INSERT, d->id, d->consents, d->n_consents,
			    "recording which consents a decision relied on", err);
}

/* A later reason is added to an earlier one, never written over it. */
static const char SQL_DECISION_FLAG[] =
	"UPDATE decision SET review_reason = coalesce(review_reason || '; ', '') || ?2 WHERE id = ?1";

int zv_store_decision_flag(struct zv_store *s, const char *decision_id, const char *reason,
			   struct zv_error *err)
{
	return run_texts(s, SQL_DECISION_FLAG, TEXTS(decision_id, reason),
			 "flagging a decision for review", NULL, err);
}

static const char SQL_DISCLOSURE_INSERT[] =
	"INSERT INTO disclosure(id, case_id, decision_id, recipient_org, recipient_person, scope,"
	" categories, state, at, by_login, stopped_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DISCLOSED_INSERT[] =
	"INSERT INTO disclosure_entry(disclosure_id, entry_id) VALUES (?, ?)";

int zv_store_disclosure_insert(struct zv_store *s, const struct zv_rec_disclosure *d,
			       struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_DISCLOSURE_INSERT, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, d->id);
	bind_text(st, 2, d->case_id);
	bind_text(st, 3, d->decision_id);
	bind_text(st, 4, d->recipient_org);
	bind_text(st, 5, d->recipient_person);
	sqlite3_bind_int(st, 6, d->scope);
	sqlite3_bind_int(st, 7, d->categories);
	sqlite3_bind_int(st, 8, d->state);
	bind_text(st, 9, d->at);
	bind_text(st, 10, d->by);
	bind_text(st, 11, d->stopped_reason);
	if (step_done(q, st, err, "recording a disclosure"))
		return err->code;
	return insert_pairs(s, SQL_DISCLOSED_INSERT, d->id, d->entries, d->n_entries,
			    "recording what a disclosure released", err);
}

static const char SQL_DISCLOSURES_STOP[] =
	"UPDATE disclosure SET state = 2, stopped_reason = ?2 WHERE decision_id = ?1 AND state = 0";

int zv_store_disclosures_stop(struct zv_store *s, const char *decision_id, const char *reason,
			      size_t *stopped, struct zv_error *err)
{
	int changes = 0;
	int rc = run_texts(s, SQL_DISCLOSURES_STOP, TEXTS(decision_id, reason),
			   "stopping pending disclosures", &changes, err);
	*stopped = rc ? 0 : (size_t)changes;
	return rc;
}

static const char SQL_DISCLOSURES_SUPERSEDE[] =
	"UPDATE disclosure SET state = 2, stopped_reason = ?4 WHERE case_id = ?1 AND state = 0"
	" AND recipient_org IS ?2 AND recipient_person IS ?3";

int zv_store_disclosures_supersede(struct zv_store *s, const char *case_id,
				   const char *recipient_org, const char *recipient_person,
				   const char *reason, size_t *closed, struct zv_error *err)
{
	int changes = 0;
	int rc = run_texts(s, SQL_DISCLOSURES_SUPERSEDE,
			   TEXTS(case_id, recipient_org, recipient_person, reason),
			   "closing prepared disclosures", &changes, err);
	*closed = rc ? 0 : (size_t)changes;
	return rc;
}

static const char SQL_OBLIGATION_INSERT[] =
	"INSERT INTO obligation(id, case_id, decision_id, rule, code, text, due, owner,"
	" created_at, fulfilled_at, fulfilled_by, note, case_version)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(CAST(?13 AS INTEGER), 0))";

int zv_store_obligation_insert(struct zv_store *s, const struct zv_rec_obligation *o,
			       struct zv_error *err)
{
	char version[24];
	snprintf(version, sizeof version, "%lld", (long long)o->case_version);
	return run_texts(s, SQL_OBLIGATION_INSERT,
			 TEXTS(o->id, o->case_id, o->decision_id, o->rule, o->code, o->text, o->due,
			       o->owner, o->created_at, o->fulfilled_at, o->fulfilled_by, o->note,
			       version),
			 "recording an obligation", NULL, err);
}

static const char SQL_OBLIGATION_FULFIL[] =
	"UPDATE obligation SET fulfilled_at = ?2, fulfilled_by = ?3, note = ?4"
	" WHERE id = ?1 AND fulfilled_at IS NULL";

int zv_store_obligation_fulfil(struct zv_store *s, const char *id, const char *at,
			       const char *by, const char *note, struct zv_error *err)
{
	int changes = 0;
	if (run_texts(s, SQL_OBLIGATION_FULFIL, TEXTS(id, at, by, note),
		      "fulfilling an obligation", &changes, err))
		return err->code;
	if (changes != 1)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no open obligation %s", id);
	return ZV_OK;
}

static const char SQL_GRANT_INSERT[] =
	"INSERT INTO break_glass(id, case_id, login, reason, at, until) VALUES (?, ?, ?, ?, ?, ?)";

int zv_store_grant_insert(struct zv_store *s, const struct zv_rec_break_glass *g,
			  struct zv_error *err)
{
	return run_texts(s, SQL_GRANT_INSERT,
			 TEXTS(g->id, g->case_id, g->login, g->reason, g->at, g->until),
			 "recording break-the-glass access", NULL, err);
}

static const char SQL_GRANT_REVIEW[] =
	"UPDATE break_glass SET reviewed_by = ?2, reviewed_at = ?3, review_note = ?4"
	" WHERE id = ?1 AND reviewed_at IS NULL";

int zv_store_grant_review(struct zv_store *s, const char *id, const char *by, const char *at,
			  const char *note, struct zv_error *err)
{
	int changes = 0;
	if (run_texts(s, SQL_GRANT_REVIEW, TEXTS(id, by, at, note),
		      "reviewing break-the-glass access", &changes, err))
		return err->code;
	if (changes != 1)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no unreviewed break-the-glass access %s",
				    id);
	return ZV_OK;
}

/* ---- configuration and credentials --------------------------------------- */

static const char SQL_CONFIG_INSERT[] =
	"INSERT INTO pilot_config(version, json, loaded_at, loaded_by)"
	" SELECT coalesce(max(version), 0) + 1, ?, ?, ? FROM pilot_config RETURNING version";

int zv_store_config_insert(struct zv_store *s, const char *json, const char *at,
			   const char *by, int64_t *version, struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_CONFIG_INSERT, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, json);
	bind_text(st, 2, at);
	bind_text(st, 3, by);
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZV_OK : sq_fail(q, err, "recording the configuration");
}

static const char SQL_CONFIG_CURRENT[] =
	"SELECT json, version FROM pilot_config ORDER BY version DESC LIMIT 1";

int zv_store_config_current(struct zv_store *s, struct zv_arena *a, const char **json,
			    int64_t *version, struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_CONFIG_CURRENT, &q, err);
	if (!st)
		return err->code;
	int rc = sqlite3_step(st);
	bool oom = false;
	if (rc == SQLITE_ROW) {
		*json = col_text(a, st, 0, &oom);
		*version = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return zv_error_set(err, ZV_ENOTFOUND, "", "%s holds no pilot configuration",
				    q->path);
	if (rc != SQLITE_ROW)
		return sq_fail(q, err, "reading the configuration");
	return oom ? out_of_memory(err, "the configuration") : ZV_OK;
}

static const char SQL_CREDENTIAL_SET[] =
	"INSERT INTO credential(login, password_hash, totp_sealed, updated_at) VALUES (?, ?, ?, ?)"
	" ON CONFLICT(login) DO UPDATE SET password_hash = excluded.password_hash,"
	" totp_sealed = excluded.totp_sealed, updated_at = excluded.updated_at,"
	" totp_last_step = CASE WHEN excluded.totp_sealed IS totp_sealed"
	" THEN totp_last_step ELSE -1 END";

int zv_store_credential_set(struct zv_store *s, const struct zv_rec_credential *c,
			    struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_CREDENTIAL_SET, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, c->login);
	bind_text(st, 2, c->password_hash);
	bind_blob(st, 3, c->totp_sealed, c->totp_sealed_len);
	bind_text(st, 4, c->updated_at);
	return step_done(q, st, err, "recording sign-in credentials");
}

static const char SQL_CREDENTIAL_GET[] =
	"SELECT login, password_hash, totp_sealed, updated_at, totp_last_step FROM credential"
	" WHERE login = ?";

int zv_store_credential_get(struct zv_store *s, const char *login, struct zv_arena *a,
			    struct zv_rec_credential *out, struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_CREDENTIAL_GET, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, login);
	int rc = sqlite3_step(st);
	bool oom = false;
	memset(out, 0, sizeof *out);
	if (rc == SQLITE_ROW) {
		out->login = col_text(a, st, 0, &oom);
		out->password_hash = col_text(a, st, 1, &oom);
		out->totp_sealed = col_blob(a, st, 2, &out->totp_sealed_len, &oom);
		out->updated_at = col_text(a, st, 3, &oom);
		out->totp_last_step = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no credentials for %s", login);
	if (rc != SQLITE_ROW)
		return sq_fail(q, err, "reading sign-in credentials");
	return oom ? out_of_memory(err, "credentials") : ZV_OK;
}

static const char SQL_CREDENTIAL_STAMPS[] = "SELECT login, updated_at FROM credential ORDER BY login";

static int row_stamp(void *ctx, sqlite3_stmt *st, struct zv_error *err)
{
	struct reader *rd = ctx;
	NEXT(struct zv_credential_stamp, stamp);
	stamp->login = col_text(rd->a, st, 0, &rd->oom);
	stamp->updated_at = col_text(rd->a, st, 1, &rd->oom);
	return ZV_OK;
}

int zv_store_credential_stamps(struct zv_store *s, struct zv_arena *a,
			       struct zv_credential_stamp **out, size_t *n, struct zv_error *err)
{
	return list_rows(s, a, SQL_CREDENTIAL_STAMPS, NULL, sizeof **out, row_stamp,
			 (void **)out, n, err);
}

static const char SQL_CREDENTIAL_TOTP_USED[] =
	"UPDATE credential SET totp_last_step = ?2 WHERE login = ?1 AND totp_last_step < ?2";

int zv_store_credential_totp_used(struct zv_store *s, const char *login, int64_t step,
				  struct zv_error *err)
{
	struct sqlite_store *q;
	sqlite3_stmt *st = statement(s, SQL_CREDENTIAL_TOTP_USED, &q, err);
	if (!st)
		return err->code;
	bind_text(st, 1, login);
	sqlite3_bind_int64(st, 2, step);
	if (step_done(q, st, err, "recording the second factor's code as used"))
		return err->code;
	if (sqlite3_changes(q->db) != 1)
		return zv_error_set(err, ZV_ECONFLICT, "",
				    "the code of %s's second factor was used already", login);
	return ZV_OK;
}

uint64_t zv_store_personal_reads(const struct zv_store *s)
{
	const struct sqlite_store *q = sqlite_of_const(s);
	return q ? q->personal_reads : 0;
}
