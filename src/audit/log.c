/*
 * log.c — appending to the audit log, with group commit.
 *
 * An append is a job: events (and optionally the action they record, as a
 * work function) waiting in the log's queue. The first thread to find no
 * leader becomes it, takes up to max_batch jobs, and commits them in one
 * store transaction: each job in a savepoint of its own (work, then its
 * events as leaves), then one new signed tree head, then one COMMIT — one
 * fsync for the whole group. Followers sleep until their job is done. A job
 * that fails is rolled back alone; a failed COMMIT fails every job in it.
 * Nothing is acknowledged before the COMMIT has returned.
 *
 * The tree's state (size, frontier, newest head) is read from the store
 * inside the write transaction, so another process may have appended in
 * between; the in-memory copy is only a cache, checked against the store's
 * newest head at every commit.
 */
#define _GNU_SOURCE   /* SCHED_BATCH, gettid */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/*
 * A new leader that finds fewer jobs queued than the previous batch had
 * waits up to GATHER_US for the others: the writers of the previous batch
 * are just coming back, and one commit for all of them is cheaper than two.
 * Far below one fsync, so a lone writer never waits (its batch was 1).
 */
enum { DEFAULT_MAX_BATCH = 64, GATHER_US = 150 };

/* The search index is brought up to date once it lags this many events
 * behind the log: rarely enough that the cost is spread thin, often enough
 * that a search seldom waits long. The work is done by the log's indexer
 * thread, at the lowest priority on a connection of its own, so that no
 * append waits for it; only when that thread cannot be had does the leader
 * index one step itself, after releasing the writers of its batch. */
enum { INDEX_LAG = 4096 };

/* 2200-01-01T00:00:00Z: timestamps are written and read within 1970-2199. */
static const int64_t LAST_INSTANT_US = 7258118400LL * 1000000;

struct job {
	struct zv_audit_event *events;
	size_t n;
	zv_audit_work_fn work;
	void *work_ctx;
	int rc;
	struct zv_error err;
	bool done;
	struct job *next;
};

struct zv_audit_log {
	struct zv_store *store;
	const struct zv_signing_key *key;
	int64_t (*now_us)(void *ctx);
	void *clock_ctx;
	size_t max_batch;

	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_cond_t arrived;   /* a job was queued (for a gathering leader) */
	struct job *queue;        /* waiting jobs, oldest first */
	struct job **queue_tail;
	bool leading;             /* a thread is committing a batch */
	size_t last_batch;        /* jobs in the previous batch */
	/* The indexer thread (started by a leader when first needed) and its
	 * connection; index_wanted under mu; index_stop also read between
	 * steps. */
	pthread_t indexer;
	bool indexer_tried, indexer_started;
	bool index_wanted;
	atomic_bool index_stop;
	pthread_cond_t index_cv;
	struct zv_store *index_store;

	/* Used by the leader only. */
	struct zv_sha256 hash;
	struct zv_buf entry;
	bool cached;
	struct zv_merkle_frontier tree;
	struct zv_tree_head newest;
	atomic_uint_fast64_t appended;   /* events made durable by this log, for metrics */
	bool index_known;         /* `indexed` was read from the index */
	uint64_t indexed;         /* events indexed, as last read or asked for */
};

static int64_t real_clock_us(void *ctx)
{
	(void)ctx;
	return zv_now_us();
}

static int store_node(void *ctx, unsigned level, uint64_t index, uint8_t out[ZV_HASH_LEN],
		      struct zv_error *err)
{
	return zv_store_audit_node(ctx, level, index, out, err);
}

void zv_audit_store_source(struct zv_store *store, struct zv_sha256 *hash,
			   struct zv_merkle_source *src)
{
	src->node = store_node;
	src->ctx = store;
	src->hash = hash;
	src->memo = NULL;
}

int zv_audit_log_open(struct zv_store *store, const struct zv_signing_key *key,
		      const struct zv_audit_log_options *options, struct zv_audit_log **out,
		      struct zv_error *err)
{
	*out = NULL;
	if (!key || !key->has_secret)
		return zv_error_set(err, ZV_EUSAGE, "", "appending to the audit log needs the signing key");
	struct zv_audit_log *log = calloc(1, sizeof *log);
	if (!log)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	if (zv_sha256_init(&log->hash, err)) {
		free(log);
		return err->code;
	}
	log->store = store;
	log->key = key;
	log->now_us = options && options->now_us ? options->now_us : real_clock_us;
	log->clock_ctx = options ? options->clock_ctx : NULL;
	log->max_batch = options && options->max_batch ? options->max_batch : DEFAULT_MAX_BATCH;
	log->queue_tail = &log->queue;
	zv_buf_init(&log->entry, 0);
	pthread_mutex_init(&log->mu, NULL);
	pthread_cond_init(&log->cv, NULL);
	pthread_cond_init(&log->index_cv, NULL);
	atomic_init(&log->index_stop, false);
	atomic_init(&log->appended, 0);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&log->arrived, &attr);
	pthread_condattr_destroy(&attr);
	*out = log;
	return ZV_OK;
}

void zv_audit_log_close(struct zv_audit_log *log)
{
	if (!log)
		return;
	if (log->indexer_started) {   /* it ends after the step asked for */
		pthread_mutex_lock(&log->mu);
		atomic_store(&log->index_stop, true);
		pthread_cond_signal(&log->index_cv);
		pthread_mutex_unlock(&log->mu);
		pthread_join(log->indexer, NULL);
	}
	zv_store_close(log->index_store);
	pthread_cond_destroy(&log->index_cv);
	pthread_mutex_destroy(&log->mu);
	pthread_cond_destroy(&log->cv);
	pthread_cond_destroy(&log->arrived);
	zv_sha256_free(&log->hash);
	zv_buf_release(&log->entry);
	free(log);
}

/* ---- one batch ------------------------------------------------------------ */

/*
 * Bring the cached tree up to the store's state (inside the transaction).
 * The store's newest head must cover exactly its events: anything else means
 * rows were added or removed outside this code, and signing now would bless
 * them.
 */
static int load_tree(struct zv_audit_log *log, struct zv_error *err)
{
	uint64_t size;
	struct zv_tree_head newest;
	if (zv_store_audit_size(log->store, &size, err))
		return err->code;
	if (zv_store_head_latest(log->store, &newest, err)) {
		if (err->code == ZV_ENOTFOUND)
			zv_error_set(err, ZV_EPROBLEM, "",
				     "the audit log has no signed tree head; was the store made by "
				     "'zorgvuldig init'?");
		return err->code;
	}
	if (newest.tree_size != size)
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "the audit log holds %llu events but its newest signed head "
				    "covers %llu; nothing is appended until 'zorgvuldig audit "
				    "verify' has been run and the cause found",
				    (unsigned long long)size, (unsigned long long)newest.tree_size);
	if (log->cached && log->tree.size == size && !memcmp(&newest, &log->newest, sizeof newest))
		return ZV_OK;
	/* Never chain onto a head this key did not sign: that would launder it. */
	if (!zv_tree_head_verify(&newest, log->key->public_key))
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "the newest signed tree head (size %llu) does not carry a valid "
				    "signature of this log's key; nothing is appended until 'zorgvuldig "
				    "audit verify' has been run and the cause found",
				    (unsigned long long)size);
	struct zv_merkle_source src;
	zv_audit_store_source(log->store, &log->hash, &src);
	log->cached = false;
	if (zv_merkle_frontier_load(&log->tree, &src, size, err))
		return err->code;
	uint8_t root[ZV_HASH_LEN];
	zv_merkle_frontier_root(&log->tree, &log->hash, root);
	if (memcmp(root, newest.root, ZV_HASH_LEN) != 0)
		return zv_error_set(err, ZV_EPROBLEM, "",
				    "the stored tree does not match its newest signed head (size "
				    "%llu); run 'zorgvuldig audit verify'",
				    (unsigned long long)size);
	log->newest = newest;
	log->cached = true;
	return ZV_OK;
}

/* Append one event as the next leaf. */
static int append_event(struct zv_audit_log *log, struct zv_audit_event *e, int64_t at,
			struct zv_error *err)
{
	e->seq = log->tree.size;
	e->at_us = at;
	zv_buf_reset(&log->entry);
	zv_audit_event_encode(e, &log->entry);
	if (log->entry.failed)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory encoding an audit event");
	uint8_t leaf[ZV_HASH_LEN], closed[ZV_TREE_MAX_LEVELS][ZV_HASH_LEN];
	size_t n_closed;
	zv_hash_leaf(&log->hash, log->entry.data, log->entry.len, leaf);
	zv_merkle_frontier_push(&log->tree, &log->hash, 0, leaf, closed, &n_closed);
	struct zv_audit_row row = {
		.seq = e->seq, .entry = log->entry.data, .entry_len = log->entry.len,
		.leaf = leaf, .nodes = closed[0], .node_count = n_closed,
	};
	return zv_store_audit_insert(log->store, &row, err);
}

/* One job in its own savepoint; on failure the tree is as before. */
static void run_job(struct zv_audit_log *log, struct job *job, int64_t at)
{
	struct zv_merkle_frontier before = log->tree;
	if ((job->rc = zv_store_savepoint(log->store, &job->err)) != 0)
		return;   /* also when the transaction is gone: see commit_batch */
	if (job->work && (job->rc = job->work(log->store, job->work_ctx, &job->err)) != 0)
		goto undo;
	/* The work may complete its events (the ids it touched): check again. */
	for (size_t i = 0; job->work && i < job->n; i++)
		if ((job->rc = zv_audit_event_check(&job->events[i], &job->err)) != 0)
			goto undo;
	if (!zv_store_in_transaction(log->store)) {   /* the work ended it: a misuse */
		job->rc = zv_error_set(&job->err, ZV_EINTERNAL, "",
				       "an action ended the transaction it was given");
		return;
	}
	for (size_t i = 0; i < job->n; i++)
		if ((job->rc = append_event(log, &job->events[i], at, &job->err)) != 0)
			goto undo;
	if ((job->rc = zv_store_savepoint_release(log->store, &job->err)) != 0)
		goto undo;
	return;
undo:
	zv_store_savepoint_rollback(log->store);
	log->tree = before;
}

static int sign_head(struct zv_audit_log *log, int64_t at, struct zv_tree_head *head,
		     struct zv_error *err)
{
	memset(head, 0, sizeof *head);
	head->tree_size = log->tree.size;
	head->timestamp_us = at;
	zv_merkle_frontier_root(&log->tree, &log->hash, head->root);
	if (log->cached)
		zv_tree_head_hash(&log->hash, &log->newest, head->previous);
	uint8_t msg[ZV_HEAD_MESSAGE_LEN];
	zv_tree_head_message(head, msg);
	zv_sign(log->key, msg, sizeof msg, head->signature);
	return zv_store_head_insert(log->store, head, err);
}

static void fail_all(struct job *batch, const struct zv_error *err)
{
	for (struct job *j = batch; j; j = j->next)
		if (!j->rc) {
			j->rc = err->code;
			j->err = *err;
		}
}

static void commit_batch(struct zv_audit_log *log, struct job *batch)
{
	struct zv_error err;
	if (zv_store_begin(log->store, true, &err)) {
		fail_all(batch, &err);
		return;
	}
	if (load_tree(log, &err)) {
		zv_store_rollback(log->store);
		log->cached = false;
		fail_all(batch, &err);
		return;
	}
	int64_t at = log->now_us(log->clock_ctx);
	if (at < log->newest.timestamp_us)   /* the clock stepped back: keep time monotonic */
		at = log->newest.timestamp_us;
	if (at < 0 || at >= LAST_INSTANT_US) {
		zv_store_rollback(log->store);
		zv_error_set(&err, ZV_EINTERNAL, "",
			     "the clock reads %lld µs since 1970, outside the years 1970-2199",
			     (long long)at);
		fail_all(batch, &err);
		return;
	}
	bool any = false;
	for (struct job *j = batch; j; j = j->next) {
		run_job(log, j, at);
		any |= j->rc == 0;
		/* The backend may end the whole transaction on an error (a full
		 * disk, say): then no job of the batch may count as done. */
		if (!zv_store_in_transaction(log->store)) {
			zv_error_set(&err, ZV_EIO, "",
				     "the store ended the transaction of this group of appends "
				     "after an error; none of them was kept");
			log->cached = false;
			fail_all(batch, &err);
			return;
		}
	}
	struct zv_tree_head head;
	if (!any) {
		zv_store_rollback(log->store);
		return;
	}
	if (sign_head(log, at, &head, &err) || zv_store_commit(log->store, &err)) {
		zv_store_rollback(log->store);
		log->cached = false;
		fail_all(batch, &err);
		return;
	}
	log->newest = head;
}

/* ---- the search index -------------------------------------------------------- */

/* The indexer thread: brings the index up to date each time it is asked,
 * until the log closes; a step asked for is taken even then (one step, at
 * most 4 096 events), and the rest is left to the next log or search. It runs at the lowest priority (SCHED_BATCH, nice 19) — not
 * SCHED_IDLE, which a busy machine may never schedule while it holds the
 * index's lock. The index is derived data: when an update fails (say the
 * index belongs to another log), appends go on, and the search that needs
 * it reports why. */
static void *run_indexer(void *arg)
{
	struct zv_audit_log *log = arg;
#ifdef SCHED_BATCH
	struct sched_param batch = {.sched_priority = 0};
	(void)pthread_setschedparam(pthread_self(), SCHED_BATCH, &batch);
#endif
	(void)setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
	pthread_mutex_lock(&log->mu);
	for (;;) {
		while (!log->index_wanted && !atomic_load(&log->index_stop))
			pthread_cond_wait(&log->index_cv, &log->mu);
		if (!log->index_wanted)   /* closing, and nothing asked: done */
			break;
		log->index_wanted = false;
		pthread_mutex_unlock(&log->mu);
		struct zv_error ignored;
		(void)audit_index_catch_up(log->index_store, SIZE_MAX, &log->index_stop, &ignored);
		pthread_mutex_lock(&log->mu);
	}
	pthread_mutex_unlock(&log->mu);
	return NULL;
}

/* Called by the leader after a commit, its batch released: whether the index
 * lags INDEX_LAG events. How far it reaches is read from the index once per
 * log. */
static bool index_lags(struct zv_audit_log *log)
{
	if (!log->cached)
		return false;
	if (!log->index_known) {
		struct zv_index_state st;
		struct zv_error ignored;
		log->index_known = true;
		log->indexed = zv_store_index_state(log->store, &st, &ignored) ||
					       st.indexed > log->tree.size
				       ? log->tree.size   /* unusable now: a search will say why */
				       : st.indexed;
	}
	return log->tree.size - log->indexed >= INDEX_LAG;
}

/*
 * Called by the leader, still leading but without the mutex, after the
 * writers of its batch were released: asks the indexer thread, starting it
 * (and opening its connection) the first time; without one, indexes one step
 * itself.
 */
static void keep_index_current(struct zv_audit_log *log)
{
	log->indexed = log->tree.size;
	if (!log->indexer_tried) {
		struct zv_error ignored;
		log->indexer_tried = true;
		if (zv_store_open(zv_store_path(log->store), ZV_STORE_OPEN, &log->index_store,
				  &ignored) == ZV_OK) {
			if (pthread_create(&log->indexer, NULL, run_indexer, log) == 0) {
				log->indexer_started = true;
			} else {
				zv_store_close(log->index_store);
				log->index_store = NULL;
			}
		}
	}
	if (log->indexer_started) {
		pthread_mutex_lock(&log->mu);
		log->index_wanted = true;
		pthread_cond_signal(&log->index_cv);
		pthread_mutex_unlock(&log->mu);
	} else {
		struct zv_error ignored;
		(void)audit_index_catch_up(log->store, 1, NULL, &ignored);
	}
}

/* ---- the queue ------------------------------------------------------------ */

static size_t queued(const struct zv_audit_log *log)
{
	size_t n = 0;
	for (const struct job *j = log->queue; j && n < log->max_batch; j = j->next)
		n++;
	return n;
}

/* Called by a new leader with the mutex held: wait briefly for the writers
 * of the previous batch (see GATHER_US). */
static void gather(struct zv_audit_log *log)
{
	size_t want = log->last_batch < log->max_batch ? log->last_batch : log->max_batch;
	if (queued(log) >= want)
		return;
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += GATHER_US * 1000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (queued(log) < want)
		if (pthread_cond_timedwait(&log->arrived, &log->mu, &until) != 0)
			break;
}

int zv_audit_append(struct zv_audit_log *log, struct zv_audit_event *events, size_t n,
		    zv_audit_work_fn work, void *work_ctx, struct zv_error *err)
{
	if (!n)
		return zv_error_set(err, ZV_EUSAGE, "",
				    "an append needs at least one event: no action goes unlogged");
	/* With work, the leader checks the events once the work has completed
	 * them (run_job); checking here as well would only do it twice. */
	for (size_t i = 0; !work && i < n; i++)
		if (zv_audit_event_check(&events[i], err))
			return err->code;
	struct job job = {.events = events, .n = n, .work = work, .work_ctx = work_ctx};
	pthread_mutex_lock(&log->mu);
	*log->queue_tail = &job;
	log->queue_tail = &job.next;
	pthread_cond_signal(&log->arrived);
	while (!job.done) {
		if (log->leading) {
			pthread_cond_wait(&log->cv, &log->mu);
			continue;
		}
		log->leading = true;
		gather(log);
		struct job *batch = log->queue, **last = &log->queue;
		size_t taken = 0;
		for (; *last && taken < log->max_batch; taken++)
			last = &(*last)->next;
		log->last_batch = taken;
		log->queue = *last;
		*last = NULL;
		if (!log->queue)
			log->queue_tail = &log->queue;
		pthread_mutex_unlock(&log->mu);

		commit_batch(log, batch);
		/* Index work (reading how far the index reaches, once per log;
		 * asking the indexer) waits until the batch is released. */
		bool index_work = log->cached && (!log->index_known ||
						  log->tree.size - log->indexed >= INDEX_LAG);

		pthread_mutex_lock(&log->mu);
		for (struct job *j = batch, *next; j; j = next) {
			next = j->next;   /* read before `done`: its owner may leave at once */
			if (!j->rc)
				atomic_fetch_add(&log->appended, j->n);
			j->done = true;
		}
		if (index_work) {
			pthread_cond_broadcast(&log->cv);   /* release the batch first */
			pthread_mutex_unlock(&log->mu);
			if (index_lags(log))
				keep_index_current(log);
			pthread_mutex_lock(&log->mu);
		}
		log->leading = false;
		pthread_cond_broadcast(&log->cv);
	}
	pthread_mutex_unlock(&log->mu);
	if (job.rc)
		*err = job.err;
	return job.rc;
}

int zv_audit_log_start(struct zv_audit_log *log, struct zv_error *err)
{
	pthread_mutex_lock(&log->mu);
	if (log->leading || log->queue) {
		pthread_mutex_unlock(&log->mu);
		return zv_error_set(err, ZV_EUSAGE, "", "the log is started before any append");
	}
	struct zv_tree_head head, existing;
	uint64_t size = 0;
	int64_t at = log->now_us(log->clock_ctx);
	int rc = zv_store_begin(log->store, true, err);
	if (!rc)
		rc = zv_store_audit_size(log->store, &size, err);
	if (!rc) {
		int found = zv_store_head_latest(log->store, &existing, err);
		if (found == ZV_OK || size)
			rc = zv_error_set(err, ZV_ECONFLICT, "", "the audit log was started before");
		else if (found != ZV_ENOTFOUND)
			rc = found;
	}
	if (!rc && (at < 0 || at >= LAST_INSTANT_US))
		rc = zv_error_set(err, ZV_EINTERNAL, "", "the clock reads a time outside 1970-2199");
	if (!rc) {
		zv_merkle_frontier_init(&log->tree);
		log->cached = false;
		rc = sign_head(log, at, &head, err);
	}
	if (!rc)
		rc = zv_store_commit(log->store, err);
	if (rc) {
		zv_store_rollback(log->store);
	} else {
		log->newest = head;
		log->cached = true;
	}
	pthread_mutex_unlock(&log->mu);
	return rc;
}

uint64_t zv_audit_log_appended(struct zv_audit_log *log)
{
	return atomic_load(&log->appended);
}
