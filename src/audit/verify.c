/*
 * verify.c — recomputing the whole audit log in the store (`audit verify`).
 *
 * Two threads share the work, on one read snapshot. The reader walks the
 * store in sequence order and fills chunks of 1 024 events: entry bytes,
 * stored leaf and subtree hashes, a digest of the search index's keys of each
 * event, and the signed heads that fall in the chunk. The checker takes the
 * chunks in order and, for each event, checks that the sequence number is
 * the next one (none missing, none inserted), that the entry names that
 * number, that the leaf hash recomputed from the entry equals the stored
 * one, that the subtree hashes it closes equal the stored ones, and — for the
 * events the search index covers — that its keys there are exactly those its
 * entry names (compared as sums of SipHash under a key drawn for this run),
 * with no key of any event beyond, and that the index's record of the last
 * event it covers matches the log. The index is read in one snapshot of its
 * own, taken before the log's, so that it never seems ahead of the log. Each signed head must link to the
 * one before (its `previous` is the hash of that head's message); at the end
 * the newest head must cover every event, have the recomputed root and a
 * valid signature — which vouches for the whole chain. Only when that root
 * does not match does a second pass compute the root at every head, to name
 * the first events that no longer match.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { CHUNK = 1024, RING = 3, HEAD_BATCH = 4096 };

int audit_found(struct zv_audit_report *r, bool has_event, uint64_t event, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problem, sizeof r->problem, fmt, ap);
	va_end(ap);
	r->ok = false;
	r->has_event = has_event;
	r->event = event;
	return AUDIT_FOUND;
}

bool audit_names_its_seq(const char *entry, size_t len, uint64_t seq)
{
	char digits[24];
	size_t n = 0;
	do {
		digits[n++] = (char)('0' + seq % 10);
		seq /= 10;
	} while (seq);
	if (len < 8 + n || memcmp(entry, "{\"seq\":", 7) != 0 || entry[7 + n] != ',')
		return false;
	for (size_t i = 0; i < n; i++)
		if (entry[7 + i] != digits[n - 1 - i])
			return false;
	return true;
}

/* The search keys of one event, as a sum of keyed hashes and a count. */
struct key_digest {
	uint64_t sum;
	uint32_t count;
};

static const char *const KINDS[] = {"person", "household", "case", "user"};

/* Add one search key. A key that no append could have written (an unknown
 * kind, an id that is not well-formed text or too long) spoils the digest,
 * so that it can never match. */
static void add_key(struct key_digest *d, const uint8_t key[ZV_SHORTHASH_KEY_LEN],
		    const char *kind, const char *id)
{
	char msg[16 + ZV_AUDIT_MAX_ID];
	size_t k = strlen(kind), i = id ? strlen(id) : 0;
	bool known = false;
	for (size_t n = 0; n < sizeof KINDS / sizeof *KINDS; n++)
		known |= !strcmp(kind, KINDS[n]);
	d->count++;
	if (!known || !id || i > ZV_AUDIT_MAX_ID) {
		d->count += 1u << 20;
		return;
	}
	memcpy(msg, kind, k);
	msg[k] = '\0';
	memcpy(msg + k + 1, id, i);
	d->sum += zv_keyed_hash64(key, msg, k + 1 + i);
}

/* ---- chunks ---------------------------------------------------------------- */

struct chunk {
	uint64_t first;                /* the sequence number the reader expected first */
	size_t rows;
	uint64_t seq[CHUNK];
	size_t entry_at[CHUNK + 1];    /* offsets into text */
	char *text;
	size_t text_cap;
	uint8_t leaf[CHUNK][ZV_HASH_LEN];
	size_t node_at[CHUNK + 1];     /* offsets (in hashes) into nodes */
	uint8_t (*nodes)[ZV_HASH_LEN];
	size_t nodes_cap;
	struct key_digest keys[CHUNK];
	bool stray_key;                /* a search key of an event not in the chunk */
	uint64_t stray_seq;
	struct zv_tree_head *heads;    /* heads of sizes first+1 .. last+1 (and 0 at the start) */
	size_t n_heads, heads_cap;
	bool last;                     /* nothing follows: heads holds every remaining head */
	int rc;                        /* the reader's error, with err */
	struct zv_error err;
};

struct verify_run {
	struct zv_store *store;
	struct zv_audit_report *r;
	struct zv_error *err;          /* where a failure to read is reported */
	uint8_t key[ZV_SHORTHASH_KEY_LEN];
	uint64_t size;                 /* events in the snapshot (highest seq + 1) */
	struct zv_index_state ix;      /* how far the search index reaches */
	bool ix_broken;                /* the index could not be read: the log alone is checked */
	char ix_problem[sizeof ((struct zv_error *)0)->message];

	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
	struct chunk ring[RING];
	bool full[RING];
	bool stop;                     /* the checker has its answer */

	/* the checker's state */
	struct zv_sha256 hash;
	struct zv_merkle_frontier tree;
	uint64_t next;
	bool have_prev;
	struct zv_tree_head prev;
	const struct zv_tree_head *anchor;
	bool anchor_seen;
	struct zv_arena arena;
};

static bool grow(void **p, size_t *cap, size_t need, size_t unit)
{
	if (need <= *cap)
		return true;
	size_t cap2 = *cap ? *cap : 1024;
	while (cap2 < need)
		cap2 *= 2;
	void *q = realloc(*p, cap2 * unit);
	if (!q)
		return false;
	*p = q;
	*cap = cap2;
	return true;
}

static int read_row(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	struct chunk *c = ctx;
	size_t i = c->rows;
	size_t at = c->entry_at[i], nodes_at = c->node_at[i];
	void *text = c->text, *nodes = c->nodes;
	bool ok = grow(&text, &c->text_cap, at + row->entry_len, 1);
	c->text = text;
	ok = ok && grow(&nodes, &c->nodes_cap, nodes_at + row->node_count, ZV_HASH_LEN);
	c->nodes = nodes;
	if (!ok)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory reading the audit log");
	c->seq[i] = row->seq;
	memcpy(c->text + at, row->entry, row->entry_len);
	c->entry_at[i + 1] = at + row->entry_len;
	memcpy(c->leaf[i], row->leaf, ZV_HASH_LEN);
	if (row->node_count)
		memcpy(c->nodes[nodes_at], row->nodes, row->node_count * ZV_HASH_LEN);
	c->node_at[i + 1] = nodes_at + row->node_count;
	c->keys[i] = (struct key_digest){0, 0};
	c->rows++;
	return 0;
}

struct key_reader {
	struct chunk *c;
	const uint8_t *key;
	uint64_t indexed;              /* keys of events from here on are strays */
	size_t at;                     /* row index the keys are being matched to */
};

static int read_key(void *ctx, uint64_t seq, const char *kind, const char *id,
		    struct zv_error *err)
{
	(void)err;
	struct key_reader *k = ctx;
	struct chunk *c = k->c;
	while (k->at < c->rows && c->seq[k->at] < seq)
		k->at++;
	if (k->at >= c->rows || c->seq[k->at] != seq || seq >= k->indexed) {
		if (!c->stray_key) {
			c->stray_key = true;
			c->stray_seq = seq;
		}
		return 0;
	}
	add_key(&c->keys[k->at], k->key, kind, id);
	return 0;
}

static int read_head(void *ctx, const struct zv_tree_head *h, struct zv_error *err)
{
	struct chunk *c = ctx;
	void *heads = c->heads;
	bool ok = grow(&heads, &c->heads_cap, c->n_heads + 1, sizeof *c->heads);
	c->heads = heads;
	if (!ok)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory reading tree heads");
	c->heads[c->n_heads++] = *h;
	return 0;
}

/* Fill one chunk: events first.., their keys, and the heads they reach. */
static int fill_chunk(struct verify_run *v, struct chunk *c, uint64_t first, uint64_t *next_head)
{
	struct zv_error *err = &c->err;
	c->first = first;
	c->rows = 0;
	c->entry_at[0] = c->node_at[0] = 0;
	c->stray_key = false;
	c->n_heads = 0;
	uint64_t last = first + CHUNK - 1;
	if (zv_store_audit_scan(v->store, first, last, read_row, c, err))
		return err->code;
	/* Keys from `first`: a key of an event before it was caught earlier. */
	struct key_reader kr = {.c = c, .key = v->key, .indexed = v->ix.indexed};
	uint64_t key_to = last + 1 >= v->size ? UINT64_MAX : last;
	if (!v->ix_broken &&
	    zv_store_audit_subject_scan(v->store, first, key_to, read_key, &kr, err))
		return err->code;
	c->last = last + 1 >= v->size;
	/* The last chunk also takes the first head beyond the log, if any (it
	 * shows a truncation); never all of them (a crafted store may hold many). */
	uint64_t head_to = c->last ? v->size + 1 : last + 1;
	for (;;) {   /* heads of sizes next_head .. head_to */
		size_t before = c->n_heads;
		if (zv_store_head_scan(v->store, *next_head, HEAD_BATCH, read_head, c, err))
			return err->code;
		while (c->n_heads > before && c->heads[c->n_heads - 1].tree_size > head_to)
			c->n_heads--;   /* belongs to a later chunk; read again then */
		if (c->n_heads > before)
			*next_head = c->heads[c->n_heads - 1].tree_size + 1;
		if (c->n_heads - before < HEAD_BATCH)
			break;
	}
	return ZV_OK;
}

static void *reader(void *arg)
{
	struct verify_run *v = arg;
	uint64_t first = 0, next_head = 0;
	for (unsigned slot = 0;; slot = (slot + 1) % RING) {
		pthread_mutex_lock(&v->mu);
		while (v->full[slot] && !v->stop)
			pthread_cond_wait(&v->emptied, &v->mu);
		bool stop = v->stop;
		pthread_mutex_unlock(&v->mu);
		if (stop)
			return NULL;
		struct chunk *c = &v->ring[slot];
		c->rc = fill_chunk(v, c, first, &next_head);
		if (c->rc)
			c->last = true;
		first += CHUNK;
		pthread_mutex_lock(&v->mu);
		v->full[slot] = true;
		pthread_cond_signal(&v->filled);
		pthread_mutex_unlock(&v->mu);
		if (c->last)
			return NULL;
	}
}

/* ---- the checks ------------------------------------------------------------ */

static int check_head(struct verify_run *v, const struct zv_tree_head *h)
{
	uint64_t size = h->tree_size;
	uint64_t at = size ? size - 1 : 0;
	if (size > v->next)
		return audit_found(v->r, true, v->next,
				   "event %llu is missing: the signed tree head of size %llu covers "
				   "%llu events, but the log has none numbered %llu (removed or "
				   "truncated)",
				   (unsigned long long)v->next, (unsigned long long)size,
				   (unsigned long long)size, (unsigned long long)v->next);
	uint8_t expected[ZV_HASH_LEN] = {0};
	if (v->have_prev)
		zv_tree_head_hash(&v->hash, &v->prev, expected);
	if (memcmp(h->previous, expected, ZV_HASH_LEN) != 0) {
		uint64_t before = v->have_prev ? v->prev.tree_size : 0;
		return audit_found(v->r, before > 0, before ? before - 1 : 0,
				   "the signed tree heads of size %llu and %llu do not link: a head "
				   "was changed, removed or inserted there",
				   (unsigned long long)before, (unsigned long long)size);
	}
	if (v->have_prev && h->timestamp_us < v->prev.timestamp_us)
		return audit_found(v->r, size > 0, at,
				   "the signed tree head of size %llu is older than the head before it",
				   (unsigned long long)size);
	v->prev = *h;
	v->have_prev = true;
	v->r->heads++;
	return ZV_OK;
}

static int check_anchor(struct verify_run *v)
{
	uint8_t root[ZV_HASH_LEN];
	zv_merkle_frontier_root(&v->tree, &v->hash, root);
	v->anchor_seen = true;
	if (memcmp(root, v->anchor->root, ZV_HASH_LEN) != 0)
		return audit_found(v->r, false, 0,
				   "the log no longer matches the head you gave (size %llu): events "
				   "up to %llu were changed after it was signed",
				   (unsigned long long)v->anchor->tree_size,
				   (unsigned long long)v->anchor->tree_size - 1);
	return ZV_OK;
}

struct expected_keys {
	struct key_digest d;
	const uint8_t *key;
};

static void expect_key(void *ctx, const char *kind, const char *id)
{
	struct expected_keys *x = ctx;
	add_key(&x->d, x->key, kind, id);
}

static int check_keys(struct verify_run *v, const struct chunk *c, size_t i, const char *entry,
		      size_t len)
{
	uint64_t seq = c->seq[i];
	if (seq >= v->ix.indexed)
		return ZV_OK;
	if (seq + 1 == v->ix.indexed && memcmp(c->leaf[i], v->ix.last_leaf, ZV_HASH_LEN) != 0)
		return audit_found(v->r, true, seq,
				   "the search index was made for another event %llu than the log's "
				   "(it belongs to another store, or the log was rewritten)",
				   (unsigned long long)seq);
	struct expected_keys x = {.d = {0, 0}, .key = v->key};
	if (audit_event_keys(entry, len, expect_key, &x))
		return audit_found(v->r, true, seq, "event %llu is not a well-formed audit event",
				   (unsigned long long)seq);
	if (x.d.sum != c->keys[i].sum || x.d.count != c->keys[i].count)
		return audit_found(v->r, true, seq,
				   "event %llu: its search index does not match its content (a key "
				   "was removed, added or changed), so a search by person, case or "
				   "user would not show it truly",
				   (unsigned long long)seq);
	return ZV_OK;
}

static int check_event(struct verify_run *v, const struct chunk *c, size_t i)
{
	uint64_t seq = c->seq[i];
	const char *entry = c->text + c->entry_at[i];
	size_t len = c->entry_at[i + 1] - c->entry_at[i];
	if (seq != v->next)
		return audit_found(v->r, true, v->next,
				   seq > v->next ? "event %llu is missing: the log jumps to %llu"
						 : "event %llu appears twice (%llu)",
				   (unsigned long long)v->next, (unsigned long long)seq);
	if (!audit_names_its_seq(entry, len, seq))
		return audit_found(v->r, true, seq,
				   "event %llu does not carry its own sequence number: events were "
				   "swapped, moved or renumbered",
				   (unsigned long long)seq);
	uint8_t leaf[ZV_HASH_LEN], closed[ZV_TREE_MAX_LEVELS][ZV_HASH_LEN];
	size_t n_closed;
	zv_hash_leaf(&v->hash, entry, len, leaf);
	if (memcmp(leaf, c->leaf[i], ZV_HASH_LEN) != 0)
		return audit_found(v->r, true, seq,
				   "event %llu does not match its leaf hash: its content was changed "
				   "after it was written",
				   (unsigned long long)seq);
	zv_merkle_frontier_push(&v->tree, &v->hash, 0, leaf, closed, &n_closed);
	size_t stored = c->node_at[i + 1] - c->node_at[i];
	if (stored != n_closed ||
	    (n_closed && memcmp(c->nodes[c->node_at[i]], closed[0], n_closed * ZV_HASH_LEN) != 0))
		return audit_found(v->r, true, seq,
				   "event %llu: the tree hashes stored with it do not match the events "
				   "before it", (unsigned long long)seq);
	int rc = check_keys(v, c, i, entry, len);
	if (rc)
		return rc;
	v->r->events++;
	v->r->bytes += len;
	v->next++;
	if (v->anchor && v->anchor->tree_size == v->next)
		return check_anchor(v);
	return ZV_OK;
}

/* Heads of the chunk in order, interleaved with its events. */
static int check_chunk(struct verify_run *v, const struct chunk *c)
{
	if (c->rc) {
		*v->err = c->err;
		return c->rc;
	}
	size_t h = 0;
	zv_arena_release(&v->arena);
	if (v->anchor && v->anchor->tree_size == 0 && v->next == 0 && !v->anchor_seen) {
		int rc = check_anchor(v);
		if (rc)
			return rc;
	}
	for (size_t i = 0;; i++) {
		while (h < c->n_heads && c->heads[h].tree_size <= v->next) {
			int rc = check_head(v, &c->heads[h++]);
			if (rc)
				return rc;
		}
		if (i == c->rows)
			break;
		int rc = check_event(v, c, i);
		if (rc)
			return rc;
	}
	if (h < c->n_heads)   /* heads beyond the last event */
		return check_head(v, &c->heads[h]);
	if (!c->last && v->next != c->first + CHUNK)   /* a gap at the chunk's end */
		return audit_found(v->r, true, v->next, "event %llu is missing: the log jumps past it",
				   (unsigned long long)v->next);
	if (c->stray_key)
		return audit_found(v->r, true, c->stray_seq,
				   "the search index names event %llu, which the log does not hold "
				   "or the index does not cover",
				   (unsigned long long)c->stray_seq);
	return ZV_OK;
}

/* ---- naming the events under a head whose root does not match ----------- */

struct pinpoint {
	struct zv_merkle_source src;
	struct zv_audit_report *r;
	uint64_t good;                 /* size of the last head that matched */
};

static int pinpoint_head(void *ctx, const struct zv_tree_head *h, struct zv_error *err)
{
	struct pinpoint *p = ctx;
	uint8_t root[ZV_HASH_LEN];
	if (zv_merkle_root(&p->src, h->tree_size, root, err))
		return err->code;
	if (memcmp(root, h->root, ZV_HASH_LEN) != 0)
		return audit_found(p->r, true, p->good,
				   "events %llu to %llu do not match the signed tree head of size "
				   "%llu: they were changed and their hashes rewritten after signing",
				   (unsigned long long)p->good,
				   (unsigned long long)(h->tree_size ? h->tree_size - 1 : 0),
				   (unsigned long long)h->tree_size);
	p->good = h->tree_size;
	return 0;
}

/* The stored tree equals the recomputed one (pass one checked every node), so
 * roots computed from it are the true roots. */
static int name_rewritten_events(struct verify_run *v, struct zv_error *err)
{
	struct pinpoint p = {.r = v->r};
	zv_audit_store_source(v->store, &v->hash, &p.src);
	int rc = zv_store_head_scan(v->store, 0, SIZE_MAX, pinpoint_head, &p, err);
	if (rc == AUDIT_FOUND || rc)
		return rc;
	return audit_found(v->r, false, 0, "the newest signed tree head does not match the log");
}

/* ---- the run --------------------------------------------------------------- */

static int finish(struct verify_run *v, const uint8_t pk[ZV_PUBKEY_LEN], struct zv_error *err)
{
	struct zv_audit_report *r = v->r;
	if (v->anchor && v->anchor->tree_size > v->next)
		return audit_found(r, true, v->next,
				   "event %llu is missing: the head you gave covers %llu events but "
				   "the log holds %llu (it was truncated, heads and all)",
				   (unsigned long long)v->next, (unsigned long long)v->anchor->tree_size,
				   (unsigned long long)v->next);
	if (v->ix.indexed > v->next)
		return audit_found(r, true, v->next,
				   "the search index covers %llu events but the log holds %llu: "
				   "events from %llu on were removed from the log (or the index "
				   "belongs to another store)",
				   (unsigned long long)v->ix.indexed, (unsigned long long)v->next,
				   (unsigned long long)v->next);
	if (!v->have_prev)
		return audit_found(r, false, 0, "the log has no signed tree head");
	if (v->prev.tree_size != v->next)
		return audit_found(r, true, v->prev.tree_size,
				   "events %llu to %llu are not covered by any signed tree head: they "
				   "were added outside zorgvuldig",
				   (unsigned long long)v->prev.tree_size,
				   (unsigned long long)(v->next - 1));
	if (!zv_tree_head_verify(&v->prev, pk))
		return audit_found(r, false, 0,
				   "the newest signed tree head (size %llu) does not carry a valid "
				   "signature of this log's key",
				   (unsigned long long)v->prev.tree_size);
	uint8_t root[ZV_HASH_LEN];
	zv_merkle_frontier_root(&v->tree, &v->hash, root);
	if (memcmp(root, v->prev.root, ZV_HASH_LEN) != 0)
		return name_rewritten_events(v, err);
	if (v->anchor && !zv_tree_head_verify(v->anchor, pk))
		return audit_found(r, false, 0, "the head you gave is not signed by this log's key");
	if (v->ix_broken)
		return audit_found(r, false, 0,
				   "the log verifies, but its search index cannot be used: %s",
				   v->ix_problem);
	r->indexed = v->ix.indexed;
	r->ok = true;
	return ZV_OK;
}

static int run_checker(struct verify_run *v)
{
	for (unsigned slot = 0;; slot = (slot + 1) % RING) {
		pthread_mutex_lock(&v->mu);
		while (!v->full[slot])
			pthread_cond_wait(&v->filled, &v->mu);
		pthread_mutex_unlock(&v->mu);
		struct chunk *c = &v->ring[slot];
		int rc = check_chunk(v, c);
		bool last = c->last;
		pthread_mutex_lock(&v->mu);
		v->full[slot] = false;
		if (rc || last)
			v->stop = true;
		pthread_cond_signal(&v->emptied);
		pthread_mutex_unlock(&v->mu);
		if (rc || last)
			return rc;
	}
}

int zv_audit_verify_store(struct zv_store *store, const uint8_t pk[ZV_PUBKEY_LEN],
			  const struct zv_tree_head *anchor, struct zv_audit_report *report,
			  struct zv_error *err)
{
	memset(report, 0, sizeof *report);
	struct verify_run *v = calloc(1, sizeof *v);
	if (!v)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	v->store = store;
	v->err = err;
	v->r = report;
	v->anchor = anchor;
	zv_random_bytes(v->key, sizeof v->key);
	zv_merkle_frontier_init(&v->tree);
	zv_arena_init(&v->arena, 0);
	pthread_mutex_init(&v->mu, NULL);
	pthread_cond_init(&v->filled, NULL);
	pthread_cond_init(&v->emptied, NULL);
	err->code = ZV_OK;
	int rc = zv_sha256_init(&v->hash, err);
	/* One snapshot of the index, then one of the log for the whole check.
	 * An index that cannot be read does not stop the log's check. */
	if (!rc && zv_store_index_begin(store, false, &v->ix, err)) {
		if (err->code == ZV_ENOMEM) {
			rc = err->code;
		} else {
			v->ix_broken = true;
			snprintf(v->ix_problem, sizeof v->ix_problem, "%s", err->message);
			memset(&v->ix, 0, sizeof v->ix);
			err->code = ZV_OK;
		}
	}
	if (!rc && (rc = zv_store_begin(store, false, err)) != 0)
		zv_store_index_rollback(store);
	if (!rc) {
		pthread_t t;
		rc = zv_store_audit_size(store, &v->size, err);
		if (!rc && pthread_create(&t, NULL, reader, v) != 0)
			rc = zv_error_set(err, ZV_EINTERNAL, "", "cannot start the reader thread");
		else if (!rc) {
			rc = run_checker(v);
			pthread_join(t, NULL);
			if (!rc)
				rc = finish(v, pk, err);
		}
		zv_store_rollback(store);
		zv_store_index_rollback(store);
	}
	if (rc == AUDIT_FOUND)
		rc = ZV_OK;
	for (unsigned i = 0; i < RING; i++) {
		free(v->ring[i].text);
		free(v->ring[i].nodes);
		free(v->ring[i].heads);
	}
	zv_sha256_free(&v->hash);
	zv_arena_release(&v->arena);
	pthread_mutex_destroy(&v->mu);
	pthread_cond_destroy(&v->filled);
	pthread_cond_destroy(&v->emptied);
	free(v);
	return rc;
}
