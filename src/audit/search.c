/*
 * search.c — searching the log (zv/audit.h): the events that name a person,
 * a user or a case, within UTC days, oldest first; and the audit_search
 * event that records such a search.
 *
 * A search brings the search index (index.c) up to date first, so that it
 * sees every event up to its own, then reads the sequence numbers the index
 * holds for its key and the events themselves in one snapshot of the store.
 * The index names events by key only; the days are the events' own `at`,
 * compared as the UTC date it starts with.
 *
 * Whoever searches logs the search first (reading the log is itself access
 * to personal data): the services do for the HTTP API (auditlog.c of
 * src/service), the command line for `audit search`. Both write the event
 * this file describes, so a search reads the same in the log wherever it
 * was made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zv/audit.h"

/* The index's kind and the id of the one key a query names (checked). */
static void query_key(const struct zv_audit_query *q, const char **kind, const char **id)
{
	if (q->person)
		*kind = "person", *id = q->person;
	else if (q->user)
		*kind = "user", *id = q->user;
	else
		*kind = "case", *id = q->case_id;
}

static int day_check(const char *day, const char *path, struct zv_error *err)
{
	zv_day d;
	char echo[ZV_ECHO_LEN];
	if (!day || zv_date_parse(day, strlen(day), &d))
		return ZV_OK;
	zv_echo(echo, day);
	return zv_error_set(err, ZV_EINPUT, path, "a UTC day as YYYY-MM-DD, not '%s'", echo);
}

int zv_audit_query_check(const struct zv_audit_query *q, struct zv_error *err)
{
	const struct {
		const char *id, *path;
	} keys[] = {{q->person, "person"}, {q->user, "user"}, {q->case_id, "case"}};
	size_t given = 0;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		if (!keys[i].id)
			continue;
		if (++given > 1)
			return zv_error_set(err, ZV_EINPUT, keys[i].path,
					    "give only one of person, user and case");
		if (zv_audit_id_check(keys[i].id, keys[i].path, err))
			return err->code;
	}
	if (!given)
		return zv_error_set(err, ZV_EINPUT, "",
				    "give one of person, user and case to search by");
	if (day_check(q->from, "from", err) || day_check(q->to, "to", err))
		return err->code;
	if (q->from && q->to && strcmp(q->from, q->to) > 0)
		return zv_error_set(err, ZV_EINPUT, "from",
				    "the first day, %s, is after the last, %s", q->from, q->to);
	return ZV_OK;
}

void zv_audit_query_event(const struct zv_audit_query *q, struct zv_audit_event *e,
			  char detail[ZV_AUDIT_MAX_TEXT])
{
	const char *kind, *id;
	query_key(q, &kind, &id);
	snprintf(detail, ZV_AUDIT_MAX_TEXT, "audit log search: %s %s%s%s%s%s", kind, id,
		 q->from ? " from " : "", q->from ? q->from : "", q->to ? " to " : "",
		 q->to ? q->to : "");
	e->action = ZV_AUDIT_AUDIT_SEARCH;
	e->outcome = ZV_AUDIT_DONE;
	/* A family can later see that the log about them was read. */
	e->persons = (struct zv_audit_ids){&q->person, q->person ? 1 : 0};
	e->cases = (struct zv_audit_ids){&q->case_id, q->case_id ? 1 : 0};
	e->why.purpose = "accountability (AVG art. 5(2)); access logging (NEN 7513)";
	e->detail = detail;
}

/* ---- running a search ---------------------------------------------------------------- */

struct found_list {
	uint64_t *seqs;
	size_t n, cap;
};

static int collect_seq(void *ctx, uint64_t seq, const char *kind, const char *id,
		       struct zv_error *err)
{
	(void)kind;
	(void)id;
	struct found_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		uint64_t *grown = realloc(l->seqs, cap * sizeof *grown);
		if (!grown)
			return zv_error_set(err, ZV_ENOMEM, "", "out of memory collecting results");
		l->seqs = grown;
		l->cap = cap;
	}
	l->seqs[l->n++] = seq;
	return ZV_OK;
}

struct found_events {
	const struct zv_audit_query *q;
	zv_audit_found_fn fn;
	void *ctx;
	struct zv_arena arena;          /* the event being passed on */
};

static int pass_event(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	struct found_events *f = ctx;
	struct zv_audit_event e;
	zv_arena_release(&f->arena);
	if (zv_audit_event_decode(row->entry, row->entry_len, &f->arena, &e, err))
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "event %llu is not a well-formed audit event; run 'zorgvuldig "
				    "audit verify'", (unsigned long long)row->seq);
	char at[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format(e.at_us, at);
	if ((f->q->from && memcmp(at, f->q->from, 10) < 0) ||
	    (f->q->to && memcmp(at, f->q->to, 10) > 0))
		return ZV_OK;
	return f->fn(f->ctx, &e, row->entry, row->entry_len, err);
}

int zv_audit_query_run(struct zv_store *store, const struct zv_audit_query *q,
		       zv_audit_found_fn fn, void *ctx, struct zv_error *err)
{
	if (zv_audit_query_check(q, err))
		return err->code;
	const char *kind, *id;
	query_key(q, &kind, &id);
	struct found_list l = {0};
	struct found_events f = {.q = q, .fn = fn, .ctx = ctx};
	zv_arena_init(&f.arena, 0);
	/* The index may lag the log by a few thousand events: catch it up, so
	 * that the search sees every event up to its own. */
	int rc = zv_audit_index_update(store, err);
	if (!rc)
		rc = zv_store_begin(store, false, err);
	if (rc)
		goto out;
	rc = zv_store_audit_search(store, kind, id, collect_seq, &l, err);
	for (size_t i = 0; !rc && i < l.n; i++)
		rc = zv_store_audit_scan(store, l.seqs[i], l.seqs[i], pass_event, &f, err);
	zv_store_rollback(store);
out:
	free(l.seqs);
	zv_arena_release(&f.arena);
	return rc;
}
