/*
 * test_audit_log.c — the audit log on a real store: gap-free appends under
 * signed heads, group commit from many threads, the action and its event
 * committing together, proofs served from the store, and the tamper matrix:
 * changing any value of a stored event, deleting, swapping, inserting and
 * truncating are each caught by verify — on the live store and on an
 * export — which names the first event that does not match.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zv/audit.h"

enum { EVENTS = 40 };

struct fixture {
	char dir[64];
	char db[128];
	char keys[160];
	struct zv_store *store;
	struct zv_signing_key key;
	struct zv_audit_log *log;
	int64_t clock;
	struct zv_sha256 hash;
};

static int64_t fake_clock(void *ctx)
{
	int64_t *t = ctx;
	return *t += 1000;   /* a millisecond per reading, from 2026-11-29 */
}

static void open_fixture(struct fixture *f)
{
	struct zv_error err;
	snprintf(f->dir, sizeof f->dir, "/tmp/zv-audit-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/z.db", f->dir);
	snprintf(f->keys, sizeof f->keys, "%s/z.db.keys", f->dir);
	f->clock = 1796083200LL * 1000000;
	assert_int_equal(zv_store_open(f->db, ZV_STORE_CREATE, &f->store, &err), ZV_OK);
	assert_int_equal(zv_keys_create(f->keys, &f->key, &err), ZV_OK);
	struct zv_audit_log_options o = {.now_us = fake_clock, .clock_ctx = &f->clock};
	assert_int_equal(zv_audit_log_open(f->store, &f->key, &o, &f->log, &err), ZV_OK);
	assert_int_equal(zv_audit_log_start(f->log, &err), ZV_OK);
	assert_int_equal(zv_sha256_init(&f->hash, &err), ZV_OK);
}

static void close_fixture(struct fixture *f)
{
	char cmd[256];
	zv_audit_log_close(f->log);
	zv_store_close(f->store);
	zv_sha256_free(&f->hash);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
}

/* Close the fixture's log and store, to change their files underneath. */
static void close_store(struct fixture *f)
{
	zv_audit_log_close(f->log);
	zv_store_close(f->store);
	f->log = NULL;
	f->store = NULL;
}

/* Open them again, as the next process would. */
static void reopen_store(struct fixture *f)
{
	struct zv_error err;
	struct zv_audit_log_options o = {.now_us = fake_clock, .clock_ctx = &f->clock};
	assert_int_equal(zv_store_open(f->db, ZV_STORE_OPEN, &f->store, &err), ZV_OK);
	assert_int_equal(zv_audit_log_open(f->store, &f->key, &o, &f->log, &err), ZV_OK);
}

/* The fixture's search index file (store closed): its path, and removing it
 * with its WAL and shared-memory files. */
static void index_path(const struct fixture *f, char *out, size_t n)
{
	snprintf(out, n, "%s-search", f->db);
}

static void remove_index(const struct fixture *f)
{
	static const char *const SIDES[] = {"", "-wal", "-shm"};
	char path[200];
	for (size_t i = 0; i < sizeof SIDES / sizeof *SIDES; i++) {
		snprintf(path, sizeof path, "%s-search%s", f->db, SIDES[i]);
		unlink(path);
	}
}

/* A realistic event: a professional viewing entries of a case. */
struct sample {
	char user[32], person[2][32], case_id[32], entry[32], detail[64];
	const char *persons[2], *cases[1], *entries[1], *categories[2];
	struct zv_audit_event e;
};

static void make_sample(struct sample *s, unsigned i)
{
	snprintf(s->user, sizeof s->user, "user-%u", i % 7);
	snprintf(s->person[0], sizeof s->person[0], "person-%u", i % 5);
	snprintf(s->person[1], sizeof s->person[1], "child-%u", i % 3);
	snprintf(s->case_id, sizeof s->case_id, "case-%u", i % 4);
	snprintf(s->entry, sizeof s->entry, "entry-%u", i);
	snprintf(s->detail, sizeof s->detail, "sample \"%u\"\nsecond line", i);
	s->persons[0] = s->person[0];
	s->persons[1] = s->person[1];
	s->cases[0] = s->case_id;
	s->entries[0] = s->entry;
	s->categories[0] = "health";
	s->categories[1] = "ordinary";
	s->e = (struct zv_audit_event){
		.action = i % 11 == 5 ? ZV_AUDIT_BREAK_THE_GLASS : ZV_AUDIT_VIEW,
		.outcome = i % 9 == 4 ? ZV_AUDIT_REFUSED : ZV_AUDIT_DONE,
		.who = {.user = s->user, .name = "Sanne de Vries", .role = "professional",
			.org = "veilig-thuis", .mandate = "rst-mandate-1"},
		.persons = {s->persons, 2},
		.cases = {s->cases, 1},
		.entries = {s->entries, 1},
		.categories = {s->categories, 2},
		.why = {.purpose = "safety assessment", .decision = "d-17",
			.reason = i % 11 == 5 ? "acute danger; lead unreachable" : NULL},
		.from = "192.0.2.10",
		.detail = s->detail,
	};
}

static void append_samples(struct fixture *f, unsigned n)
{
	struct zv_error err;
	for (unsigned i = 0; i < n; i++) {
		struct sample s;
		make_sample(&s, i);
		assert_int_equal(zv_audit_append(f->log, &s.e, 1, NULL, NULL, &err), ZV_OK);
	}
}

static struct zv_audit_report verify(struct fixture *f, const struct zv_tree_head *anchor)
{
	struct zv_audit_report r;
	struct zv_error err;
	assert_int_equal(zv_audit_verify_store(f->store, f->key.public_key, anchor, &r, &err), ZV_OK);
	return r;
}

static void assert_names(const struct zv_audit_report *r, uint64_t event)
{
	if (r->ok || !r->has_event || r->event != event)
		fail_msg("expected verify to name event %llu; got ok=%d has_event=%d event=%llu: %s",
			 (unsigned long long)event, r->ok, r->has_event,
			 (unsigned long long)r->event, r->problem);
}

/* Raw access, as someone with the files would have: triggers dropped, and
 * the search index (brought up to date first) attached, so that its table
 * audit_subject is named as if it were the store's. */
static sqlite3 *raw(struct fixture *f)
{
	sqlite3 *db;
	struct zv_error err;
	assert_int_equal(zv_audit_index_update(f->store, &err), ZV_OK);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	char attach[256];
	snprintf(attach, sizeof attach, "ATTACH DATABASE '%s-search' AS ix", f->db);
	const char *drop =
		"DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;"
		"DROP TRIGGER audit_head_no_update; DROP TRIGGER audit_head_no_delete;";
	assert_int_equal(sqlite3_exec(db, drop, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, attach, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void sql(sqlite3 *db, const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	char *msg = NULL;
	if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg);
}

/* ---- appending ---------------------------------------------------------------- */

static void appends_are_gap_free_and_each_is_signed(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	for (unsigned i = 0; i < 25; i++) {
		struct sample s;
		make_sample(&s, i);
		assert_int_equal(zv_audit_append(f.log, &s.e, 1, NULL, NULL, &err), ZV_OK);
		assert_int_equal(s.e.seq, i);
		struct zv_tree_head h;
		assert_int_equal(zv_store_head_latest(f.store, &h, &err), ZV_OK);
		assert_int_equal(h.tree_size, i + 1);
		assert_true(zv_tree_head_verify(&h, f.key.public_key));
		assert_int_equal(h.timestamp_us, s.e.at_us);
	}
	struct zv_audit_report r = verify(&f, NULL);
	assert_true(r.ok);
	assert_int_equal(r.events, 25);
	assert_int_equal(r.heads, 26);   /* the empty tree's head and one per commit */
	close_fixture(&f);
}

static void a_bad_event_is_refused_and_nothing_written(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	struct sample s;
	make_sample(&s, 1);
	s.e.from = NULL;
	assert_int_equal(zv_audit_append(f.log, &s.e, 1, NULL, NULL, &err), ZV_EINPUT);
	assert_string_equal(err.path, "$.from");
	make_sample(&s, 1);
	s.e.action = ZV_AUDIT_BREAK_THE_GLASS;
	s.e.why.reason = NULL;
	assert_int_equal(zv_audit_append(f.log, &s.e, 1, NULL, NULL, &err), ZV_EINPUT);
	assert_string_equal(err.path, "$.why.reason");
	uint64_t size;
	assert_int_equal(zv_store_audit_size(f.store, &size, &err), ZV_OK);
	assert_int_equal(size, 0);
	close_fixture(&f);
}

static void the_store_refuses_updates_and_deletes(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture(&f);
	append_samples(&f, 3);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f.db, &db), SQLITE_OK);
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_event WHERE seq = 1", NULL, NULL,
					  &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit_head SET root = zeroblob(32)", NULL,
					  NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_true(verify(&f, NULL).ok);
	close_fixture(&f);
}

/* ---- the action and its events commit together -------------------------------- */

static int failing_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	(void)tx;
	*(int *)ctx += 1;
	return zv_error_set(err, ZV_EDENIED, "", "the action was not allowed");
}

/* The action writes a row where the event's leaf must go: the event cannot
 * be stored, so the action must vanish with it. */
static int work_that_blocks_its_event(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	uint64_t size;
	if (zv_store_audit_size(tx, &size, err))
		return err->code;
	uint8_t zero[32] = {0};
	struct zv_audit_row row = {.seq = size, .entry = "{}", .entry_len = 2, .leaf = zero};
	*(uint64_t *)ctx = size;
	return zv_store_audit_insert(tx, &row, err);
}

static int counting_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	(void)tx;
	(void)err;
	*(int *)ctx += 1;
	return 0;
}

static void action_and_event_commit_together(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	append_samples(&f, 2);
	struct sample s;
	make_sample(&s, 7);
	int calls = 0;
	assert_int_equal(zv_audit_append(f.log, &s.e, 1, failing_work, &calls, &err), ZV_EDENIED);
	assert_int_equal(calls, 1);
	uint64_t size, blocked = 0;
	assert_int_equal(zv_store_audit_size(f.store, &size, &err), ZV_OK);
	assert_int_equal(size, 2);

	assert_int_not_equal(zv_audit_append(f.log, &s.e, 1, work_that_blocks_its_event, &blocked,
					     &err), ZV_OK);
	assert_int_equal(blocked, 2);
	assert_int_equal(zv_store_audit_size(f.store, &size, &err), ZV_OK);
	assert_int_equal(size, 2);   /* neither the action's row nor the event */

	assert_int_equal(zv_audit_append(f.log, &s.e, 1, counting_work, &calls, &err), ZV_OK);
	assert_int_equal(calls, 2);
	assert_int_equal(s.e.seq, 2);
	struct zv_audit_report r = verify(&f, NULL);
	assert_true(r.ok);
	assert_int_equal(r.events, 3);
	close_fixture(&f);
}

/* ---- group commit ---------------------------------------------------------------- */

enum { THREADS = 8, PER_THREAD = 40 };

struct writer {
	struct fixture *f;
	unsigned id;
	uint64_t seqs[PER_THREAD];
	int failures;
};

static void *write_events(void *arg)
{
	struct writer *w = arg;
	for (unsigned i = 0; i < PER_THREAD; i++) {
		struct sample s;
		struct zv_error err;
		make_sample(&s, w->id * 1000 + i);
		if (zv_audit_append(w->f->log, &s.e, 1, NULL, NULL, &err) != ZV_OK)
			w->failures++;
		w->seqs[i] = s.e.seq;
	}
	return NULL;
}

static int count_head(void *ctx, const struct zv_tree_head *h, struct zv_error *err)
{
	(void)h;
	(void)err;
	(*(uint64_t *)ctx)++;
	return 0;
}

static void concurrent_appends_share_commits_and_lose_nothing(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	struct writer w[THREADS];
	pthread_t t[THREADS];
	for (unsigned i = 0; i < THREADS; i++) {
		w[i] = (struct writer){.f = &f, .id = i};
		assert_int_equal(pthread_create(&t[i], NULL, write_events, &w[i]), 0);
	}
	bool seen[THREADS * PER_THREAD] = {0};
	for (unsigned i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].failures, 0);
		for (unsigned j = 0; j < PER_THREAD; j++) {
			assert_true(w[i].seqs[j] < THREADS * PER_THREAD);
			assert_false(seen[w[i].seqs[j]]);
			seen[w[i].seqs[j]] = true;
			if (j)   /* one thread's events keep their order */
				assert_true(w[i].seqs[j] > w[i].seqs[j - 1]);
		}
	}
	uint64_t heads = 0;
	assert_int_equal(zv_store_head_scan(f.store, 0, 100000, count_head, &heads, &err), ZV_OK);
	assert_true(heads >= 2 && heads <= THREADS * PER_THREAD + 1);
	struct zv_audit_report r = verify(&f, NULL);
	assert_true(r.ok);
	assert_int_equal(r.events, THREADS * PER_THREAD);
	assert_int_equal(r.heads, heads);
	close_fixture(&f);
}

/* ---- the search index ------------------------------------------------------- */

static int count_hit(void *ctx, uint64_t seq, const char *kind, const char *id,
		     struct zv_error *err)
{
	(void)seq, (void)kind, (void)id, (void)err;
	(*(unsigned *)ctx)++;
	return 0;
}

static unsigned search_count(struct zv_store *s, const char *kind, const char *id)
{
	struct zv_error err;
	unsigned n = 0;
	assert_int_equal(zv_store_audit_search(s, kind, id, count_hit, &n, &err), ZV_OK);
	return n;
}

static uint64_t indexed(struct zv_store *s)
{
	struct zv_index_state st;
	struct zv_error err;
	assert_int_equal(zv_store_index_state(s, &st, &err), ZV_OK);
	return st.indexed;
}

static void copy_file(const char *from, const char *to)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

static void the_search_index_follows_the_log(void **state)
{
	(void)state;
	struct zv_error err;
	struct fixture f;
	open_fixture(&f);
	/* A durable append does not wait for the index: it lags, then catches up. */
	append_samples(&f, EVENTS);
	assert_int_equal(indexed(f.store), 0);
	assert_int_equal(zv_audit_index_update(f.store, &err), ZV_OK);
	assert_int_equal(indexed(f.store), EVENTS);
	assert_int_equal(search_count(f.store, "person", "person-2"), EVENTS / 5);
	assert_int_equal(search_count(f.store, "case", "case-1"), EVENTS / 4);
	assert_int_equal(search_count(f.store, "user", "user-0"), (EVENTS + 6) / 7);
	assert_int_equal(search_count(f.store, "person", "nobody"), 0);
	struct zv_audit_report r = verify(&f, NULL);
	assert_true(r.ok);
	assert_int_equal(r.indexed, EVENTS);

	/* The log catches up by itself once the index lags a few thousand events
	 * behind (bulk appends of 500), in a thread of its own that finishes its
	 * work when the log closes. */
	enum { BULK = 500 };
	struct sample *batch = calloc(BULK, sizeof *batch);
	struct zv_audit_event *events = calloc(BULK, sizeof *events);
	assert_non_null(batch);
	assert_non_null(events);
	for (unsigned round = 0; round < 10; round++) {
		for (unsigned i = 0; i < BULK; i++) {
			make_sample(&batch[i], round * BULK + i);
			events[i] = batch[i].e;
		}
		assert_int_equal(zv_audit_append(f.log, events, BULK, NULL, NULL, &err), ZV_OK);
	}
	uint64_t size;
	assert_int_equal(zv_store_audit_size(f.store, &size, &err), ZV_OK);
	assert_int_equal(size, EVENTS + 10 * BULK);
	zv_audit_log_close(f.log);   /* its indexer finishes its step */
	f.log = NULL;
	assert_true(indexed(f.store) > EVENTS);
	assert_true(indexed(f.store) + 4096 > size);
	free(batch);
	free(events);

	/* Lost (deleted), it is rebuilt from the log. */
	char index[160], other_index[160];
	index_path(&f, index, sizeof index);
	assert_int_equal(zv_audit_index_update(f.store, &err), ZV_OK);
	close_store(&f);
	assert_int_equal(unlink(index), 0);
	FILE *empty = fopen(index, "w");   /* as a maker killed before its schema leaves it */
	assert_non_null(empty);
	fclose(empty);
	struct zv_store *ro;
	assert_int_equal(zv_store_open(f.db, ZV_STORE_READ, &ro, &err), ZV_OK);
	assert_int_equal(zv_audit_verify_store(ro, f.key.public_key, NULL, &r, &err), ZV_OK);
	assert_true(r.ok);   /* read-only, no index: the log alone is checked */
	assert_int_equal(r.indexed, 0);
	assert_int_equal(zv_audit_index_update(ro, &err), ZV_EUSAGE);
	zv_store_close(ro);
	reopen_store(&f);
	assert_int_equal(zv_audit_index_update(f.store, &err), ZV_OK);
	assert_int_equal(indexed(f.store), size);
	unsigned children = 0;   /* sample i names child-(i % 3) */
	for (unsigned i = 0; i < EVENTS; i++)
		children += i % 3 == 1;
	for (unsigned i = 0; i < 10 * BULK; i++)
		children += i % 3 == 1;
	assert_int_equal(search_count(f.store, "person", "child-1"), children);
	assert_true(verify(&f, NULL).ok);

	/* The index of another store is recognised, never extended or trusted. */
	struct fixture g;
	open_fixture(&g);
	g.clock += 5000000;   /* the same samples, five seconds later */
	append_samples(&g, 7);
	assert_int_equal(zv_audit_index_update(g.store, &err), ZV_OK);
	index_path(&g, other_index, sizeof other_index);
	close_store(&g);   /* closed, its index is one file */
	close_store(&f);
	remove_index(&f);
	copy_file(other_index, index);
	reopen_store(&f);
	assert_int_equal(zv_audit_index_update(f.store, &err), ZV_EPROBLEM);
	assert_non_null(strstr(err.message, "does not match the audit log at event"));
	/* Both logs hold the same samples, so the keys agree up to the last
	 * event the index covers, whose leaf hash tells the logs apart. */
	r = verify(&f, NULL);
	assert_names(&r, 6);
	assert_non_null(strstr(r.problem, "another store"));
	close_fixture(&g);
	close_fixture(&f);
}

struct hits {
	uint64_t seq[8];
	size_t n;
};

static int keep_hit(void *ctx, uint64_t seq, const char *kind, const char *id,
		    struct zv_error *err)
{
	(void)kind, (void)id, (void)err;
	struct hits *h = ctx;
	if (h->n < 8)
		h->seq[h->n] = seq;
	h->n++;
	return 0;
}

/* The index groups its keys per 65 536 events; a search finds them in every
 * group it covers, in order. (Keys written straight into the index, far
 * apart.) */
static void a_search_spans_the_groups_of_the_index(void **state)
{
	(void)state;
	struct zv_error err;
	struct fixture f;
	open_fixture(&f);
	struct zv_index_state st;
	assert_int_equal(zv_store_index_begin(f.store, true, &st, &err), ZV_OK);
	const uint64_t seqs[] = {5, 65535, 65536, 131071, 400000};
	for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) {
		assert_int_equal(zv_store_index_add(f.store, seqs[i], "person", "P-far", &err), ZV_OK);
		assert_int_equal(zv_store_index_add(f.store, seqs[i], "person", "P-other", &err),
				 ZV_OK);
	}
	assert_int_equal(zv_store_index_add(f.store, 70000, "case", "P-far", &err), ZV_OK);
	/* A stray key far beyond what the index covers is never searched for
	 * (verify reports it): a search does not walk 2^24 empty groups. */
	assert_int_equal(zv_store_index_add(f.store, (uint64_t)1 << 40, "person", "P-far", &err),
			 ZV_OK);
	/* Nor one in the last group, beyond the events the index covers. */
	assert_int_equal(zv_store_index_add(f.store, 400005, "person", "P-far", &err), ZV_OK);
	st.indexed = 400001;
	assert_int_equal(zv_store_index_commit(f.store, &st, &err), ZV_OK);
	struct hits h = {0};
	assert_int_equal(zv_store_audit_search(f.store, "person", "P-far", keep_hit, &h, &err),
			 ZV_OK);
	assert_int_equal(h.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(h.seq[i], seqs[i]);
	h.n = 0;
	assert_int_equal(zv_store_audit_search(f.store, "case", "P-far", keep_hit, &h, &err), ZV_OK);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.seq[0], 70000);
	h.n = 0;
	assert_int_equal(zv_store_audit_search(f.store, "person", "P-none", keep_hit, &h, &err),
			 ZV_OK);
	assert_int_equal(h.n, 0);
	close_fixture(&f);
}

/* A file in the index's place that is no index: verify still checks the
 * log and says what is wrong with the index; appends go on; a search says
 * why it cannot run. */
static void a_foreign_index_file_is_reported_not_trusted(void **state)
{
	(void)state;
	struct zv_error err;
	struct fixture f;
	open_fixture(&f);
	append_samples(&f, 5);
	char index[160];
	index_path(&f, index, sizeof index);
	close_store(&f);
	remove_index(&f);
	sqlite3 *other;
	assert_int_equal(sqlite3_open(index, &other), SQLITE_OK);
	sql(other, "CREATE TABLE notes (text TEXT)");
	sqlite3_close(other);
	reopen_store(&f);
	struct zv_audit_report r = verify(&f, NULL);
	assert_false(r.ok);
	assert_false(r.has_event);
	assert_non_null(strstr(r.problem, "the log verifies, but its search index cannot be used"));
	assert_non_null(strstr(r.problem, "not the search index"));
	append_samples(&f, 2);
	struct hits h = {0};
	assert_int_equal(zv_store_audit_search(f.store, "user", "user-1", keep_hit, &h, &err),
			 ZV_EINPUT);
	assert_non_null(strstr(err.message, "-search is not the search index"));
	/* Not a database at all: the same, said as plainly. */
	close_store(&f);
	FILE *junk = fopen(index, "w");
	assert_non_null(junk);
	for (int i = 0; i < 4096; i++)
		fputc('j', junk);
	fclose(junk);
	reopen_store(&f);
	r = verify(&f, NULL);
	assert_false(r.ok);
	assert_non_null(strstr(r.problem, "not a database"));
	assert_int_equal(zv_audit_index_update(f.store, &err), ZV_EINPUT);
	assert_non_null(strstr(err.message, "move it away"));
	/* Moved away, it is rebuilt and all is well. */
	assert_int_equal(unlink(index), 0);
	assert_int_equal(zv_audit_index_update(f.store, &err), ZV_OK);
	h.n = 0;
	assert_int_equal(zv_store_audit_search(f.store, "user", "user-1", keep_hit, &h, &err), ZV_OK);
	assert_int_equal(h.n, 2);
	assert_true(verify(&f, NULL).ok);
	close_fixture(&f);
}

struct updater {
	const char *db;
	atomic_bool *stop;
	int failures;
	unsigned updates;
	char problem[512];
};

static void *update_index_until_stopped(void *arg)
{
	struct updater *u = arg;
	struct zv_store *s;
	struct zv_error err;
	if (zv_store_open(u->db, ZV_STORE_OPEN, &s, &err)) {
		u->failures++;
		snprintf(u->problem, sizeof u->problem, "%s", err.message);
		return NULL;
	}
	while (!atomic_load(u->stop)) {
		if (zv_audit_index_update(s, &err)) {
			u->failures++;
			snprintf(u->problem, sizeof u->problem, "%s", err.message);
		}
		u->updates++;
	}
	zv_store_close(s);
	return NULL;
}

/* Several processes may bring the index up to date at once (a search, the
 * server's indexer): none of them may take the others' progress for a log
 * that lost events. */
static void concurrent_index_updates_agree(void **state)
{
	(void)state;
	struct zv_error err;
	struct fixture f;
	open_fixture(&f);
	atomic_bool stop = false;
	struct updater u[3];
	pthread_t t[3];
	for (int i = 0; i < 3; i++) {
		u[i] = (struct updater){.db = f.db, .stop = &stop};
		assert_int_equal(pthread_create(&t[i], NULL, update_index_until_stopped, &u[i]), 0);
	}
	enum { BULK = 40 };
	struct sample batch[BULK];
	struct zv_audit_event events[BULK];
	for (unsigned round = 0; round < 60; round++) {
		for (unsigned i = 0; i < BULK; i++) {
			make_sample(&batch[i], round * BULK + i);
			events[i] = batch[i].e;
		}
		assert_int_equal(zv_audit_append(f.log, events, BULK, NULL, NULL, &err), ZV_OK);
	}
	atomic_store(&stop, true);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		if (u[i].failures)
			fail_msg("updater %d failed %d of %u times: %s", i, u[i].failures,
				 u[i].updates, u[i].problem);
	}
	assert_int_equal(zv_audit_index_update(f.store, &err), ZV_OK);
	assert_int_equal(indexed(f.store), 1 + 60 * BULK - 1);
	struct zv_audit_report r = verify(&f, NULL);
	assert_true(r.ok);
	assert_int_equal(r.indexed, 60 * BULK);
	close_fixture(&f);
}

static void a_second_connection_appends_to_the_same_tree(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	append_samples(&f, 5);
	struct zv_store *other;
	struct zv_audit_log *log2;
	assert_int_equal(zv_store_open(f.db, ZV_STORE_OPEN, &other, &err), ZV_OK);
	assert_int_equal(zv_audit_log_open(other, &f.key, NULL, &log2, &err), ZV_OK);
	for (unsigned i = 0; i < 6; i++) {   /* alternate: each log's cache goes stale */
		struct sample s;
		make_sample(&s, i);
		assert_int_equal(zv_audit_append(i % 2 ? f.log : log2, &s.e, 1, NULL, NULL, &err),
				 ZV_OK);
		assert_int_equal(s.e.seq, 5 + i);
	}
	zv_audit_log_close(log2);
	zv_store_close(other);
	assert_true(verify(&f, NULL).ok);
	close_fixture(&f);
}

/* ---- proofs --------------------------------------------------------------------- */

struct head_list {
	struct zv_tree_head h[64];
	size_t n;
};

static int keep_head(void *ctx, const struct zv_tree_head *h, struct zv_error *err)
{
	(void)err;
	struct head_list *l = ctx;
	if (l->n < 64)
		l->h[l->n++] = *h;
	return 0;
}

static void proofs_from_the_store_verify_against_signed_heads(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	append_samples(&f, EVENTS);
	struct head_list heads = {.n = 0};
	assert_int_equal(zv_store_head_scan(f.store, 1, 64, keep_head, &heads, &err), ZV_OK);
	assert_int_equal(heads.n, EVENTS);
	struct zv_merkle_source src;
	zv_audit_store_source(f.store, &f.hash, &src);
	struct zv_audit_prover *prover;
	assert_int_equal(zv_audit_prover_open(f.store, &prover, &err), ZV_OK);
	uint8_t path[ZV_MERKLE_MAX_PATH][ZV_HASH_LEN], path2[ZV_MERKLE_MAX_PATH][ZV_HASH_LEN];
	for (size_t k = 0; k < heads.n; k++) {
		const struct zv_tree_head *h = &heads.h[k];
		for (uint64_t leaf = 0; leaf < h->tree_size; leaf++) {
			size_t n, n2;
			uint8_t leaf_hash[ZV_HASH_LEN];
			assert_int_equal(zv_merkle_inclusion_proof(&src, leaf, h->tree_size, path, &n,
								   &err), ZV_OK);
			assert_int_equal(zv_audit_prover_inclusion(prover, leaf, h->tree_size, path2,
								   &n2, &err), ZV_OK);
			assert_int_equal(n, n2);
			assert_memory_equal(path, path2, n * ZV_HASH_LEN);
			assert_int_equal(zv_store_audit_node(f.store, 0, leaf, leaf_hash, &err), ZV_OK);
			assert_true(zv_merkle_verify_inclusion(&f.hash, leaf, h->tree_size, leaf_hash,
							       path, n, h->root));
			leaf_hash[leaf % 32] ^= 1;
			assert_false(zv_merkle_verify_inclusion(&f.hash, leaf, h->tree_size, leaf_hash,
								path, n, h->root));
		}
		for (size_t j = 0; j <= k; j++) {
			const struct zv_tree_head *a = &heads.h[j];
			size_t n, n2;
			assert_int_equal(zv_merkle_consistency_proof(&src, a->tree_size, h->tree_size,
								     path, &n, &err), ZV_OK);
			assert_int_equal(zv_audit_prover_consistency(prover, a->tree_size,
								     h->tree_size, path2, &n2, &err),
					 ZV_OK);
			assert_int_equal(n, n2);
			assert_memory_equal(path, path2, n * ZV_HASH_LEN);
			assert_true(zv_merkle_verify_consistency(&f.hash, a->tree_size, h->tree_size,
								 a->root, h->root, path, n));
			if (n) {
				path[n - 1][0] ^= 0x80;
				assert_false(zv_merkle_verify_consistency(
					&f.hash, a->tree_size, h->tree_size, a->root, h->root, path, n));
			}
		}
	}
	/* The prover follows a growing log. */
	append_samples(&f, 20);
	size_t n;
	assert_int_equal(zv_audit_prover_inclusion(prover, 55, 60, path, &n, &err), ZV_OK);
	assert_int_equal(zv_audit_prover_inclusion(prover, 3, 61, path, &n, &err), ZV_ENOTFOUND);
	zv_audit_prover_close(prover);
	close_fixture(&f);
}

/* ---- the tamper matrix: live store ---------------------------------------------- */

static char *entry_of(sqlite3 *db, uint64_t seq)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT entry FROM audit_event WHERE seq = ?", -1,
					    &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *copy = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return copy;
}

static void set_entry(sqlite3 *db, uint64_t seq, const char *entry)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE audit_event SET entry = ? WHERE seq = ?", -1,
					    &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, entry, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* Flip one bit of a blob column of an event. */
static void flip_byte(sqlite3 *db, const char *column, uint64_t seq, size_t offset)
{
	char text[128];
	sqlite3_stmt *st;
	snprintf(text, sizeof text, "SELECT %s FROM audit_event WHERE seq = ?", column);
	assert_int_equal(sqlite3_prepare_v2(db, text, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	size_t n = (size_t)sqlite3_column_bytes(st, 0);
	assert_true(offset < n);
	uint8_t blob[64 * 32];
	memcpy(blob, sqlite3_column_blob(st, 0), n);
	sqlite3_finalize(st);
	blob[offset] ^= 0x01;
	snprintf(text, sizeof text, "UPDATE audit_event SET %s = ? WHERE seq = ?", column);
	assert_int_equal(sqlite3_prepare_v2(db, text, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, blob, (int)n, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* Every single character of every value of an event, changed in turn. */
static void any_changed_value_is_caught(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture(&f);
	append_samples(&f, EVENTS);
	sqlite3 *db = raw(&f);
	const uint64_t targets[] = {0, 5, 22, EVENTS - 1};
	for (size_t t = 0; t < sizeof targets / sizeof *targets; t++) {
		char *orig = entry_of(db, targets[t]);
		size_t len = strlen(orig);
		bool in_string = false;
		for (size_t i = 0; i < len; i++) {
			char c = orig[i];
			if (c == '"' && (i == 0 || orig[i - 1] != '\\'))
				in_string = !in_string;
			bool value_char = (in_string && c != '"' && c != '\\') || (c >= '0' && c <= '9');
			if (!value_char)
				continue;
			orig[i] = c == 'x' ? 'y' : (c >= '0' && c <= '8') ? (char)(c + 1) : 'x';
			set_entry(db, targets[t], orig);
			assert_names((struct zv_audit_report[]){verify(&f, NULL)}, targets[t]);
			orig[i] = c;
		}
		set_entry(db, targets[t], orig);
		assert_true(verify(&f, NULL).ok);
		free(orig);
	}
	/* The stored hashes and search keys are values of the event too. */
	sql(db, "UPDATE audit_event SET leaf = zeroblob(32) WHERE seq = 9");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 9);
	close_fixture(&f);
	sqlite3_close(db);
}

static void changed_tree_hashes_and_index_are_caught(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture(&f);
	append_samples(&f, EVENTS);
	sqlite3 *db = raw(&f);
	/* Event 15 closes four subtrees; flip a byte of the third. */
	flip_byte(db, "nodes", 15, 64);
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 15);
	flip_byte(db, "nodes", 15, 64);
	assert_true(verify(&f, NULL).ok);
	flip_byte(db, "leaf", 33, 31);
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 33);
	flip_byte(db, "leaf", 33, 31);

	sql(db, "UPDATE audit_subject SET id = 'person-other' WHERE seq = 12 AND kind = 'person'"
		" AND id = 'person-2'");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 12);
	sql(db, "UPDATE audit_subject SET id = 'person-2' WHERE seq = 12 AND id = 'person-other'");
	sql(db, "DELETE FROM audit_subject WHERE seq = 30 AND kind = 'case'");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 30);
	sql(db, "INSERT INTO audit_subject VALUES (30, 'case', 'case-2')");
	assert_true(verify(&f, NULL).ok);
	sql(db, "INSERT INTO audit_subject VALUES (31, 'person', 'someone-else')");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 31);
	sql(db, "DELETE FROM audit_subject WHERE id = 'someone-else'");
	assert_true(verify(&f, NULL).ok);

	/* Heads: a changed root, a changed timestamp (breaks the chain after it),
	 * a signature that is not the key's. */
	sql(db, "CREATE TABLE kept AS SELECT * FROM audit_head");
	sql(db, "UPDATE audit_head SET root = zeroblob(32) WHERE tree_size = 20");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 19);   /* heads 20, 21 unlinked */
	sql(db, "UPDATE audit_head SET root = (SELECT root FROM kept WHERE tree_size = 20)"
		" WHERE tree_size = 20");
	assert_true(verify(&f, NULL).ok);
	sql(db, "UPDATE audit_head SET timestamp_us = timestamp_us - 1 WHERE tree_size = 10");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 9);
	sql(db, "UPDATE audit_head SET timestamp_us = (SELECT timestamp_us FROM kept WHERE "
		"tree_size = 10) WHERE tree_size = 10");
	sql(db, "DELETE FROM audit_head WHERE tree_size = 25");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 23);   /* heads 24, 26 unlinked */
	close_fixture(&f);
	sqlite3_close(db);
}

static void deleting_swapping_inserting_truncating_are_caught(void **state)
{
	(void)state;
	struct zv_error err;
	for (int scenario = 0; scenario < 7; scenario++) {
		struct fixture f;
		open_fixture(&f);
		append_samples(&f, EVENTS);
		struct zv_tree_head anchor;
		assert_int_equal(zv_store_head_latest(f.store, &anchor, &err), ZV_OK);
		sqlite3 *db = raw(&f);
		struct zv_audit_report r;
		switch (scenario) {
		case 0:   /* delete one event (and its index keys) */
			sql(db, "DELETE FROM audit_subject WHERE seq = 17;"
				"DELETE FROM audit_event WHERE seq = 17");
			assert_names((r = verify(&f, NULL), &r), 17);
			break;
		case 1:   /* swap two events, whole rows */
			sql(db, "CREATE TABLE a AS SELECT * FROM audit_event WHERE seq IN (8, 27);"
				"UPDATE audit_event SET entry = (SELECT entry FROM a WHERE seq = 27),"
				" leaf = (SELECT leaf FROM a WHERE seq = 27) WHERE seq = 8;"
				"UPDATE audit_event SET entry = (SELECT entry FROM a WHERE seq = 8),"
				" leaf = (SELECT leaf FROM a WHERE seq = 8) WHERE seq = 27");
			assert_names((r = verify(&f, NULL), &r), 8);
			break;
		case 2: { /* insert one at the end, well-formed, with its true leaf hash */
			char *e = entry_of(db, 3);
			char forged[2048];
			snprintf(forged, sizeof forged, "{\"seq\":%d,%s", EVENTS,
				 strchr(e, ',') + 1);
			uint8_t leaf[32];
			zv_hash_leaf(&f.hash, forged, strlen(forged), leaf);
			char hex[65];
			zv_hex_encode(leaf, 32, hex);
			sql(db, "INSERT INTO audit_event VALUES (%d, '%s', x'%s', x'');"
				"INSERT INTO audit_subject SELECT %d, kind, id FROM audit_subject "
				"WHERE seq = 3", EVENTS, forged, hex, EVENTS);
			free(e);
			assert_names((r = verify(&f, NULL), &r), EVENTS);
			break;
		}
		case 3:   /* insert one in the middle, renumbering the rest */
			sql(db, "CREATE TABLE t AS SELECT * FROM audit_event;"
				"CREATE TABLE s AS SELECT * FROM audit_subject;"
				"DELETE FROM audit_subject; DELETE FROM audit_event;"
				"INSERT INTO audit_event SELECT seq + (seq >= 11), entry, leaf, nodes FROM t;"
				"INSERT INTO audit_event SELECT 11, entry, leaf, nodes FROM t WHERE seq = 4;"
				"INSERT INTO audit_subject SELECT seq + (seq >= 11), kind, id FROM s;"
				"INSERT INTO audit_subject SELECT 11, kind, id FROM s WHERE seq = 4");
			assert_names((r = verify(&f, NULL), &r), 11);
			break;
		case 4:   /* truncate: the newest five events go */
			sql(db, "DELETE FROM audit_subject WHERE seq >= %d;"
				"DELETE FROM audit_event WHERE seq >= %d", EVENTS - 5, EVENTS - 5);
			assert_names((r = verify(&f, NULL), &r), EVENTS - 5);
			break;
		case 5:   /* truncate events and heads alike: the search index still
			   * remembers the removed events; made to forget them too, only
			   * an outside head tells */
			sql(db, "DELETE FROM audit_subject WHERE seq >= %d;"
				"DELETE FROM audit_event WHERE seq >= %d;"
				"DELETE FROM audit_head WHERE tree_size > %d", EVENTS - 5, EVENTS - 5,
			    EVENTS - 5);
			r = verify(&f, NULL);
			assert_names(&r, EVENTS - 5);
			assert_non_null(strstr(r.problem, "search index covers 40 events"));
			sql(db, "UPDATE index_state SET indexed = %d, last_leaf = (SELECT leaf FROM "
				"audit_event WHERE seq = %d)", EVENTS - 5, EVENTS - 6);
			assert_true(verify(&f, NULL).ok);
			assert_names((r = verify(&f, &anchor), &r), EVENTS - 5);
			break;
		case 6:   /* the newest head re-signed by someone else's key */
			sql(db, "UPDATE audit_head SET signature = zeroblob(64) WHERE tree_size = %d",
			    EVENTS);
			r = verify(&f, NULL);
			assert_false(r.ok);
			assert_false(r.has_event);
			assert_non_null(strstr(r.problem, "signature"));
			break;
		}
		/* After tampering, appending refuses or carries on only on a true tree. */
		sqlite3_close(db);
		close_fixture(&f);
	}
}

/* ---- the tamper matrix: an export ---------------------------------------------- */

struct lines {
	char *line[EVENTS + 8];
	size_t n;
};

static int keep_line(void *ctx, const char *line, size_t len, struct zv_error *err)
{
	(void)err;
	struct lines *l = ctx;
	l->line[l->n++] = strndup(line, len);
	return 0;
}

static void write_lines(const char *path, char *const *line, size_t n)
{
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	for (size_t i = 0; i < n; i++)
		if (line[i])
			fprintf(out, "%s\n", line[i]);
	fclose(out);
}

static struct zv_audit_report verify_file(struct fixture *f, const char *path,
					  const struct zv_tree_head *h)
{
	struct zv_audit_report r;
	struct zv_error err;
	assert_int_equal(zv_audit_verify_export(path, h, f->key.public_key, &r, &err), ZV_OK);
	return r;
}

static void exports_verify_offline_and_tampering_is_caught(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	append_samples(&f, EVENTS);
	struct zv_tree_head h;
	assert_int_equal(zv_store_head_latest(f.store, &h, &err), ZV_OK);
	struct lines all = {.n = 0};
	assert_int_equal(zv_audit_export(f.store, 0, EVENTS - 1, EVENTS, keep_line, &all,
					 &err), ZV_OK);
	assert_int_equal(all.n, EVENTS);
	char path[160];
	snprintf(path, sizeof path, "%s/export.jsonl", f.dir);
	write_lines(path, all.line, all.n);
	struct zv_audit_report r = verify_file(&f, path, &h);
	assert_true(r.ok);
	assert_int_equal(r.events, EVENTS);

	/* Partial exports carry the hashes before and after them. */
	const uint64_t ranges[][2] = {{5, 20}, {0, 12}, {13, 39}, {16, 16}, {39, 39}};
	for (size_t k = 0; k < sizeof ranges / sizeof *ranges; k++) {
		struct lines part = {.n = 0};
		assert_int_equal(zv_audit_export(f.store, ranges[k][0], ranges[k][1], EVENTS,
						 keep_line, &part, &err), ZV_OK);
		write_lines(path, part.line, part.n);
		assert_true(verify_file(&f, path, &h).ok);
		if (part.n > 1) {   /* truncating a partial export loses its "after" hashes */
			write_lines(path, part.line, part.n - 1);
			assert_false(verify_file(&f, path, &h).ok);
		}
		for (size_t i = 0; i < part.n; i++)
			free(part.line[i]);
	}

	/* A changed value in an event, or in its stated leaf hash. */
	char *keep = all.line[21];
	char *changed = strdup(keep);
	char *user = strstr(changed, "\"user\":\"user-");
	user[13] = user[13] == '9' ? '8' : '9';
	all.line[21] = changed;
	write_lines(path, all.line, all.n);
	assert_names((r = verify_file(&f, path, &h), &r), 21);
	char *leaf = strstr(changed, "\"leaf_hash\":\"") + 13;
	uint8_t recomputed[32];
	const char *event = strstr(changed, ",\"event\":") + 9;
	zv_hash_leaf(&f.hash, event, strlen(event) - 1, recomputed);
	char hex[65];
	zv_hex_encode(recomputed, 32, hex);
	memcpy(leaf, hex, 64);   /* consistent line, but not what was signed */
	write_lines(path, all.line, all.n);
	r = verify_file(&f, path, &h);
	assert_false(r.ok);
	assert_true(r.has_event);
	all.line[21] = keep;
	free(changed);

	/* Deleting, swapping, inserting and truncating lines. */
	char *lines[EVENTS + 8];
	memcpy(lines, all.line, sizeof(char *) * EVENTS);
	lines[30] = NULL;
	write_lines(path, lines, EVENTS);
	assert_names((r = verify_file(&f, path, &h), &r), 30);
	memcpy(lines, all.line, sizeof(char *) * EVENTS);
	lines[6] = all.line[9];
	lines[9] = all.line[6];
	write_lines(path, lines, EVENTS);
	assert_names((r = verify_file(&f, path, &h), &r), 6);
	memcpy(lines, all.line, sizeof(char *) * EVENTS);
	memmove(lines + 13, lines + 12, sizeof(char *) * (EVENTS - 12));
	write_lines(path, lines, EVENTS + 1);   /* event 12 twice */
	assert_names((r = verify_file(&f, path, &h), &r), 13);
	write_lines(path, all.line, EVENTS - 3);
	assert_names((r = verify_file(&f, path, &h), &r), EVENTS - 3);
	write_lines(path, all.line + 1, EVENTS - 1);   /* the first line gone */
	assert_names((r = verify_file(&f, path, &h), &r), 1);

	/* A head of another size is a usage error; another key fails. */
	write_lines(path, all.line, all.n);
	struct zv_tree_head older;
	assert_int_equal(zv_store_head_at(f.store, 12, &older, &err), ZV_OK);
	assert_int_equal(zv_audit_verify_export(path, &older, f.key.public_key, &r, &err), ZV_EUSAGE);
	struct zv_tree_head forged = h;
	forged.signature[5] ^= 1;
	r = verify_file(&f, path, &forged);
	assert_false(r.ok);
	for (size_t i = 0; i < all.n; i++)
		free(all.line[i]);
	close_fixture(&f);
}

/* ---- what a review found: laundering, lost transactions, crafted stores ---- */

static void a_forged_newest_head_is_never_chained_onto(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	append_samples(&f, 6);
	sqlite3 *db = raw(&f);
	/* Rewrite event 2 and every hash above it, and the newest head's root,
	 * as someone without the key would: the signature cannot follow. */
	char *e = entry_of(db, 2);
	char *u = strstr(e, "\"user\":\"user-");
	u[13] = 'X';
	set_entry(db, 2, e);
	free(e);
	struct zv_merkle_frontier t;
	zv_merkle_frontier_init(&t);
	for (uint64_t seq = 0; seq < 6; seq++) {
		char *entry = entry_of(db, seq);
		uint8_t leaf[32], closed[ZV_TREE_MAX_LEVELS][32];
		size_t n;
		zv_hash_leaf(&f.hash, entry, strlen(entry), leaf);
		zv_merkle_frontier_push(&t, &f.hash, 0, leaf, closed, &n);
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db, "UPDATE audit_event SET leaf = ?, nodes = ? WHERE seq = ?", -1, &st,
				   NULL);
		sqlite3_bind_blob(st, 1, leaf, 32, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 2, closed, (int)(n * 32), SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)seq);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		free(entry);
	}
	uint8_t root[32];
	zv_merkle_frontier_root(&t, &f.hash, root);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "UPDATE audit_head SET root = ? WHERE tree_size = 6", -1, &st, NULL);
	sqlite3_bind_blob(st, 1, root, 32, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);

	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 2);   /* its index key */
	/* A fresh log (another process) must refuse to carry the forged head on. */
	struct zv_audit_log *log2;
	assert_int_equal(zv_audit_log_open(f.store, &f.key, NULL, &log2, &err), ZV_OK);
	struct sample s;
	make_sample(&s, 1);
	assert_int_equal(zv_audit_append(log2, &s.e, 1, NULL, NULL, &err), ZV_EPROBLEM);
	assert_non_null(strstr(err.message, "signature"));
	zv_audit_log_close(log2);
	assert_false(verify(&f, NULL).ok);
	close_fixture(&f);
}

static void an_older_heads_signature_is_bound_by_the_chain(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture(&f);
	append_samples(&f, 8);
	sqlite3 *db = raw(&f);
	sql(db, "UPDATE audit_head SET signature = zeroblob(64) WHERE tree_size = 3");
	sqlite3_close(db);
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 2);
	close_fixture(&f);
}

static int work_that_ends_the_transaction(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	(void)ctx;
	(void)err;
	zv_store_rollback(tx);
	return 0;
}

static void an_action_that_ends_the_transaction_keeps_nothing(void **state)
{
	(void)state;
	struct fixture f;
	struct zv_error err;
	open_fixture(&f);
	append_samples(&f, 2);
	struct sample s;
	make_sample(&s, 3);
	assert_int_not_equal(zv_audit_append(f.log, &s.e, 1, work_that_ends_the_transaction, NULL,
					     &err), ZV_OK);
	uint64_t size;
	assert_int_equal(zv_store_audit_size(f.store, &size, &err), ZV_OK);
	assert_int_equal(size, 2);
	assert_int_equal(zv_audit_append(f.log, &s.e, 1, NULL, NULL, &err), ZV_OK);
	assert_int_equal(s.e.seq, 2);
	assert_true(verify(&f, NULL).ok);
	/* And an append without any event is refused: no action goes unlogged. */
	int calls = 0;
	assert_int_equal(zv_audit_append(f.log, NULL, 0, counting_work, &calls, &err), ZV_EUSAGE);
	assert_int_equal(calls, 0);
	close_fixture(&f);
}

static void crafted_index_keys_and_far_sequence_numbers_are_caught(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture(&f);
	append_samples(&f, 10);
	sqlite3 *db = raw(&f);
	/* An id stored as a blob: search would not find it, so neither may verify. */
	sql(db, "UPDATE audit_subject SET id = CAST(id AS BLOB) WHERE seq = 4 AND kind = 'user'");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 4);
	sql(db, "UPDATE audit_subject SET id = CAST(id AS TEXT) WHERE seq = 4 AND kind = 'user'");
	assert_true(verify(&f, NULL).ok);
	/* A key of a kind no append writes, longer than any buffer. */
	char kind[420];
	memset(kind, 'k', sizeof kind - 1);
	kind[sizeof kind - 1] = '\0';
	sql(db, "PRAGMA ignore_check_constraints = ON");
	sql(db, "INSERT INTO audit_subject VALUES (6, '%s', 'x')", kind);
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 6);
	sql(db, "DELETE FROM audit_subject WHERE kind = '%s'", kind);
	/* An event far beyond the end: verify names the gap at once. */
	sql(db, "INSERT INTO audit_event SELECT 1099511627776, entry, leaf, nodes FROM audit_event "
		"WHERE seq = 3");
	assert_names((struct zv_audit_report[]){verify(&f, NULL)}, 10);
	sqlite3_close(db);
	close_fixture(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends_are_gap_free_and_each_is_signed),
		cmocka_unit_test(a_bad_event_is_refused_and_nothing_written),
		cmocka_unit_test(the_store_refuses_updates_and_deletes),
		cmocka_unit_test(action_and_event_commit_together),
		cmocka_unit_test(concurrent_appends_share_commits_and_lose_nothing),
		cmocka_unit_test(a_second_connection_appends_to_the_same_tree),
		cmocka_unit_test(the_search_index_follows_the_log),
		cmocka_unit_test(a_search_spans_the_groups_of_the_index),
		cmocka_unit_test(a_foreign_index_file_is_reported_not_trusted),
		cmocka_unit_test(concurrent_index_updates_agree),
		cmocka_unit_test(proofs_from_the_store_verify_against_signed_heads),
		cmocka_unit_test(any_changed_value_is_caught),
		cmocka_unit_test(changed_tree_hashes_and_index_are_caught),
		cmocka_unit_test(deleting_swapping_inserting_truncating_are_caught),
		cmocka_unit_test(exports_verify_offline_and_tampering_is_caught),
		cmocka_unit_test(a_forged_newest_head_is_never_chained_onto),
		cmocka_unit_test(an_older_heads_signature_is_bound_by_the_chain),
		cmocka_unit_test(an_action_that_ends_the_transaction_keeps_nothing),
		cmocka_unit_test(crafted_index_keys_and_far_sequence_numbers_are_caught),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
