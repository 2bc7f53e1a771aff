/*
 * index.c — keeping the search index (zv/store.h) up to date with the log.
 *
 * The index holds, per event, the keys its entry names (who.user and the
 * persons, households and cases of whose): what `audit search` and a
 * family's view of who looked at their file read. It is derived from the
 * events and lives apart from the log, so a durable append never writes it:
 * the log's indexer thread brings it up to date once it lags INDEX_LAG
 * events behind (log.c), and a search brings it up to date before it reads.
 * Each step indexes up to STEP events in one transaction of the index and
 * records how far it reached with the leaf hash of the last event it read;
 * the next step first checks that hash against the log, so an index of
 * another or a rewritten log is never extended. `audit verify` checks every
 * indexed key against the entries.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"

/* Events per transaction of the index: a step holds the index's write lock
 * for some tens of milliseconds of work, so that other writers of the index
 * (a search catching up, another process's indexer) wait little even when
 * this one runs at low priority. With keys grouped per 65 536 events, larger
 * steps were no faster (a rebuild of a million events: 21 s in steps of
 * 4 096, 24 s in steps of 16 384). */
enum { STEP = 4096 };

struct indexer {
	struct zv_store *store;
	uint64_t next;                 /* the sequence number expected next */
	struct zv_index_state state;
	int rc;
	struct zv_error *err;
	uint64_t seq;                  /* the event whose keys are being added */
};

static void add_key(void *ctx, const char *kind, const char *id)
{
	struct indexer *x = ctx;
	if (!x->rc)
		x->rc = zv_store_index_add(x->store, x->seq, kind, id, x->err);
}

static int index_event(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	struct indexer *x = ctx;
	if (row->seq != x->next)
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "event %llu is missing from the audit log (it jumps to %llu); "
				    "run 'zorgvuldig audit verify'",
				    (unsigned long long)x->next, (unsigned long long)row->seq);
	x->seq = row->seq;
	if (audit_event_keys(row->entry, row->entry_len, add_key, x))
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "event %llu is not a well-formed audit event and cannot be "
				    "indexed; run 'zorgvuldig audit verify'",
				    (unsigned long long)row->seq);
	if (x->rc)
		return x->rc;
	memcpy(x->state.last_leaf, row->leaf, ZV_HASH_LEN);
	x->next++;
	return 0;
}

/* The index must describe a prefix of this log. */
static int check_belongs(struct zv_store *store, const struct zv_index_state *st, uint64_t size,
			 struct zv_error *err)
{
	if (st->indexed > size)
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "the search index covers %llu events but the audit log holds "
				    "%llu: events were removed from the log, or the index belongs "
				    "to another store; run 'zorgvuldig audit verify'",
				    (unsigned long long)st->indexed, (unsigned long long)size);
	if (!st->indexed)
		return ZV_OK;
	uint8_t leaf[ZV_HASH_LEN];
	if (zv_store_audit_node(store, 0, st->indexed - 1, leaf, err))
		return err->code;
	if (memcmp(leaf, st->last_leaf, ZV_HASH_LEN) != 0)
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "the search index does not match the audit log at event %llu: "
				    "the event was changed, or the index belongs to another store; "
				    "run 'zorgvuldig audit verify'",
				    (unsigned long long)(st->indexed - 1));
	return ZV_OK;
}

/*
 * Index up to STEP events in one transaction of the index, no further than
 * `target` events; *more when events below `target` remain. The log's size
 * is read again once the index is locked: another connection may have
 * indexed (and the log grown) since `target` was read.
 */
static int index_step(struct zv_store *store, uint64_t target, bool *more, struct zv_error *err)
{
	struct indexer x = {.store = store, .err = err};
	uint64_t size;
	*more = false;
	if (zv_store_index_begin(store, true, &x.state, err))
		return err->code;
	int rc = zv_store_audit_size(store, &size, err);
	if (!rc)
		rc = check_belongs(store, &x.state, size, err);
	if (rc || x.state.indexed >= target) {
		zv_store_index_rollback(store);
		return rc;
	}
	uint64_t last = target - x.state.indexed > STEP ? x.state.indexed + STEP - 1 : target - 1;
	x.next = x.state.indexed;
	rc = zv_store_audit_scan(store, x.state.indexed, last, index_event, &x, err);
	if (!rc && x.next != last + 1)
		rc = zv_error_set(err, ZV_EPROBLEM, "",
				  "event %llu is missing from the audit log; run 'zorgvuldig "
				  "audit verify'", (unsigned long long)x.next);
	if (rc) {
		zv_store_index_rollback(store);
		return rc;
	}
	x.state.indexed = x.next;
	if (zv_store_index_commit(store, &x.state, err))
		return err->code;
	*more = x.next < target;
	return ZV_OK;
}

int audit_index_catch_up(struct zv_store *store, size_t max_steps, atomic_bool *stop,
			 struct zv_error *err)
{
	uint64_t target;
	if (zv_store_audit_size(store, &target, err))
		return err->code;
	bool more = true;
	/* The first step is always taken: a catch-up that was asked for does at
	 * least that much, even when the log is closing meanwhile. */
	for (size_t n = 0; more && n < max_steps && !(n && stop && atomic_load(stop)); n++)
		if (index_step(store, target, &more, err))
			return err->code;
	return ZV_OK;
}

int zv_audit_index_update(struct zv_store *store, struct zv_error *err)
{
	return audit_index_catch_up(store, SIZE_MAX, NULL, err);
}
