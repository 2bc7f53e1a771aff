/*
 * bench_audit.c — the audit log's speed and what bounds it, measured in one
 * run on one disk, each figure beside the peer it is judged against:
 *
 *   1. the disk: append 4 KiB + fdatasync in a loop (and, for the analysis,
 *      4 KiB overwritten in place + fdatasync, which is what a reused WAL
 *      does);
 *   2. raw SQLite at the same durability: WAL, synchronous=FULL, one row per
 *      transaction (BEGIN IMMEDIATE; INSERT; COMMIT), a row the size of an
 *      audit event row (the entry text of the events below, a 32-byte blob
 *      and a 32-byte blob);
 *   3. zv_audit_append, one thread, one realistic event per call (a view of a
 *      case: who, two persons, a case, three entries, two categories, the
 *      purpose and the client address);
 *   4. eight threads sharing one struct zv_audit_log, one event per call (so
 *      at most eight in flight): appends/s, latency, events per signed head;
 *   5. the same with 64 threads: how far group commit carries;
 *      (1–5 run in --rounds rounds of --seconds each, in turn, so that the
 *      peers and the log meet the same moods of a shared disk; each figure
 *      pools its rounds and names its slowest and fastest round)
 *   6. inclusion proofs of random leaves against the newest head of a store
 *      of --proof-events events (bulk appends of --bulk events per call),
 *      served by one struct zv_audit_prover; every proof served is checked
 *      afterwards against the signed head's root (a wrong one fails the run);
 *   7. zv_audit_verify_store over that store (its search index first brought
 *      up to date, timed apart, so that every key is checked too), beside
 *      SHA-256 through OpenSSL
 *      EVP with one reused context over the same entries, the store's bare
 *      row scan and the library's leaf hash; the entries are also written to
 *      one file (entries.bin) for bench/run to time sha256sum and b2sum on;
 *      Then the search index of that store rebuilt from nothing, timed;
 *   8. the store grown to --events events, and zv_audit_verify_store timed
 *      over all of it (with --keep, that store is left in --dir, so that
 *      `zorgvuldig --db DIR/big.db audit verify` can be timed whole-process).
 *
 * Stores are made as `zorgvuldig init` makes them (zv_store_open CREATE,
 * zv_keys_create, zv_audit_log_open, zv_audit_log_start, a first event) in
 * --dir, which must be on the disk under test, and removed when done.
 * Prints one JSON object with the figures on stdout (progress on stderr);
 * bench/run turns it into the "Audit log" section of bench/RESULTS.md.
 * Timing uses CLOCK_MONOTONIC only; nothing here asserts a time.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "../common/common.h"
#include "zv/audit.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static void die(const char *what, const struct zv_error *err)
{
	fprintf(stderr, "bench_audit: %s: %s%s%s\n", what, err ? err->message : strerror(errno),
		err && err->path[0] ? " at " : "", err ? err->path : "");
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "bench_audit: out of memory (%zu bytes)\n", n);
		exit(1);
	}
	return p;
}

/* ---- clock and latencies ------------------------------------------------- */

struct stats {
	size_t n;
	double mean_ms, p50_ms, p99_ms, max_ms;
};

static struct stats lat_stats(struct lat *l)
{
	lat_sort(l);
	return (struct stats){.n = l->n, .mean_ms = lat_mean_ms(l), .p50_ms = lat_pct_ms(l, 0.5),
			      .p99_ms = lat_pct_ms(l, 0.99), .max_ms = lat_max_ms(l)};
}

static void put_stats(const char *name, const struct stats *s, double per_sec, const char *more)
{
	printf("\"%s\":{\"n\":%zu,\"per_sec\":%.1f,\"mean_ms\":%.4f,\"p50_ms\":%.4f,"
	       "\"p99_ms\":%.4f,\"max_ms\":%.4f%s},",
	       name, s->n, per_sec, s->mean_ms, s->p50_ms, s->p99_ms, s->max_ms, more ? more : "");
}

/* ---- realistic events ------------------------------------------------------ */


static const struct {
	const char *user, *name, *role, *org;
} USERS[] = {
	{"m.jansen", "Marieke Jansen", "casusregisseur", "wijkteam-noord"},
	{"a.elamrani", "Ahmed El Amrani", "jeugdconsulent", "gemeente"},
	{"s.dewit", "Sanne de Wit", "gedragsdeskundige", "veilig-thuis"},
	{"j.bakker", "Joost Bakker", "raadsonderzoeker", "rvdk"},
	{"l.vandijk", "Lotte van Dijk", "jeugdbeschermer", "gi-samen-veilig"},
	{"r.hoekstra", "Ruben Hoekstra", "hulpverlener", "jeugdhulp"},
	{"n.yilmaz", "Nur Yilmaz", "casusregisseur", "wijkteam-west"},
	{"e.visser", "Eva Visser", "gz-psycholoog", "ggz-centraal"},
};
static const char *const PURPOSES[] = {"casusregie", "uitvoering-hulpverlening",
				       "veiligheidsbeoordeling", "raadsonderzoek"};
static const char *const CATEGORIES[][2] = {
	{"ordinary", "health"}, {"ordinary", "special_other"}, {"health", "criminal"},
	{"ordinary", "criminal"}};

/* One event with room for its own strings (an event is borrowed by the log
 * and gets its seq and at_us set, so each writer owns its slots). */
struct slot {
	struct zv_audit_event e;
	const char *persons[2], *cases[1], *entries[3];
	char p[2][16], c[16], en[3][20], from[20];
};

/* A view of a case: who, whose (two persons, one case), what (three entries,
 * two categories), why (the purpose) and from where. */
static void make_event(struct rng *r, struct slot *s)
{
	uint32_t u = pick(r, COUNT(USERS)), person = pick(r, 200000), kase = pick(r, 40000);
	uint32_t entry = pick(r, 20000000);
	snprintf(s->p[0], sizeof s->p[0], "P-%07u", person);
	snprintf(s->p[1], sizeof s->p[1], "P-%07u", person + 1);
	snprintf(s->c, sizeof s->c, "C-%06u", kase);
	for (int i = 0; i < 3; i++)
		snprintf(s->en[i], sizeof s->en[i], "E-%08u", entry + (uint32_t)i);
	snprintf(s->from, sizeof s->from, "10.%u.%u.%u", 10 + pick(r, 20), pick(r, 256),
		 1 + pick(r, 254));
	for (int i = 0; i < 2; i++)
		s->persons[i] = s->p[i];
	s->cases[0] = s->c;
	for (int i = 0; i < 3; i++)
		s->entries[i] = s->en[i];
	const char *const *cats = CATEGORIES[pick(r, COUNT(CATEGORIES))];
	s->e = (struct zv_audit_event){
		.action = ZV_AUDIT_VIEW,
		.outcome = ZV_AUDIT_DONE,
		.who = {.user = USERS[u].user, .name = USERS[u].name, .role = USERS[u].role,
			.org = USERS[u].org},
		.persons = {s->persons, 2},
		.cases = {s->cases, 1},
		.entries = {s->entries, 3},
		.categories = {cats, 2},
		.why = {.purpose = PURPOSES[pick(r, COUNT(PURPOSES))]},
		.from = s->from,
	};
}

/* ---- a store as `zorgvuldig init` makes it ---------------------------------- */

struct fresh {
	char db[1024], keys[1100];
	struct zv_store *store;
	struct zv_signing_key key;
	struct zv_audit_log *log;
};

static void fresh_open(const char *dir, const char *name, struct fresh *f)
{
	struct zv_error err = {0};
	memset(f, 0, sizeof *f);
	snprintf(f->db, sizeof f->db, "%s/%s.db", dir, name);
	if (zv_key_dir_for(f->db, f->keys, sizeof f->keys, &err) ||
	    zv_store_open(f->db, ZV_STORE_CREATE, &f->store, &err) ||
	    zv_keys_create(f->keys, &f->key, &err) ||
	    zv_audit_log_open(f->store, &f->key, NULL, &f->log, &err) ||
	    zv_audit_log_start(f->log, &err))
		die(f->db, &err);
	struct zv_audit_event first = {
		.action = ZV_AUDIT_CONFIG_CHANGE,
		.outcome = ZV_AUDIT_DONE,
		.who = {.user = "bench", .role = "administrator"},
		.from = "bench_audit",
		.detail = "store created (benchmark) with a new signing key",
	};
	if (zv_audit_append(f->log, &first, 1, NULL, NULL, &err))
		die("the first event", &err);
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* The store's bytes: the log and its search index, with their WALs. */
static uint64_t store_bytes(const struct fresh *f)
{
	static const char *const SIDES[] = {"-wal", "-search", "-search-wal"};
	char side[1100];
	uint64_t n = file_size(f->db);
	for (size_t i = 0; i < COUNT(SIDES); i++) {
		snprintf(side, sizeof side, "%s%s", f->db, SIDES[i]);
		n += file_size(side);
	}
	return n;
}

static void fresh_remove(struct fresh *f)
{
	char path[1200];
	zv_audit_log_close(f->log);
	zv_store_close(f->store);
	zv_wipe(f->key.secret_key, sizeof f->key.secret_key);
	zv_store_remove_files(f->db);
	snprintf(path, sizeof path, "%s/audit-signing.key", f->keys);
	unlink(path);
	snprintf(path, sizeof path, "%s/audit-signing.pub", f->keys);
	unlink(path);
	rmdir(f->keys);
}

static int count_head(void *ctx, const struct zv_tree_head *h, struct zv_error *err)
{
	(void)h;
	(void)err;
	(*(uint64_t *)ctx)++;
	return 0;
}

/* Signed heads of a size above `above`. */
static uint64_t heads_above(struct zv_store *store, uint64_t above)
{
	struct zv_error err = {0};
	uint64_t n = 0;
	if (zv_store_head_scan(store, above + 1, SIZE_MAX, count_head, &n, &err))
		die("counting signed heads", &err);
	return n;
}

static uint64_t audit_size(struct zv_store *store)
{
	struct zv_error err = {0};
	uint64_t n;
	if (zv_store_audit_size(store, &n, &err))
		die("reading the log's size", &err);
	return n;
}

/* ---- a figure measured over interleaved rounds ----------------------------- */

/* Sections 1–5 run in rounds, one after another in each round, so that the
 * peers and the log are timed over the same stretch of the disk's life (a
 * shared disk's speed drifts); a section's figures pool all its rounds. */
struct series {
	struct lat lat;
	uint64_t n, ns;
	double round_min, round_max;  /* per-second rate of the slowest and fastest round */
};

static void series_round(struct series *s, uint64_t n, uint64_t ns)
{
	double rate = (double)n / ((double)ns / 1e9);
	if (!s->ns || rate < s->round_min)
		s->round_min = rate;
	if (!s->ns || rate > s->round_max)
		s->round_max = rate;
	s->n += n;
	s->ns += ns;
}

static void put_series(const char *name, struct series *s, const char *more)
{
	struct stats st = lat_stats(&s->lat);
	char all[512];
	snprintf(all, sizeof all, ",\"round_min_per_sec\":%.1f,\"round_max_per_sec\":%.1f%s",
		 s->round_min, s->round_max, more ? more : "");
	put_stats(name, &st, (double)s->n / ((double)s->ns / 1e9), all);
}

/* ---- 1. the disk ----------------------------------------------------------- */

struct sync_file {
	char path[1100];
	int fd;
	bool append;
	uint64_t i;
	struct series fig;
};

enum { RING = 256 };   /* the overwrite case: a 1 MiB file, written once first */
static uint8_t block[4096];

static void sync_file_open(const char *dir, bool append, struct sync_file *f)
{
	memset(f, 0, sizeof *f);
	f->append = append;
	snprintf(f->path, sizeof f->path, "%s/fsync-%s.bin", dir, append ? "append" : "overwrite");
	f->fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC | (append ? O_APPEND : 0), 0600);
	if (f->fd < 0)
		die(f->path, NULL);
	for (size_t i = 0; i < sizeof block; i++)
		block[i] = (uint8_t)(i * 131 + 7);
	if (!append) {
		for (int i = 0; i < RING; i++)
			if (write(f->fd, block, sizeof block) != (ssize_t)sizeof block)
				die(f->path, NULL);
		if (fsync(f->fd))
			die(f->path, NULL);
	}
}

/* Write 4 KiB and fdatasync, again and again, for `seconds`. */
static void sync_file_round(struct sync_file *f, double seconds)
{
	uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)(seconds * 1e9), b, n = 0;
	do {
		uint64_t a = now_ns();
		block[0] = (uint8_t)f->i;
		ssize_t w = f->append ? write(f->fd, block, sizeof block)
				      : pwrite(f->fd, block, sizeof block, (off_t)(f->i % RING) * 4096);
		if (w != (ssize_t)sizeof block || fdatasync(f->fd))
			die(f->path, NULL);
		b = now_ns();
		lat_add(&f->fig.lat, b - a);
		f->i++;
		n++;
	} while (b < deadline || n < 20);
	series_round(&f->fig, n, b - t0);
}

static void sync_file_close(struct sync_file *f)
{
	close(f->fd);
	unlink(f->path);
}

/* ---- 2. raw SQLite ----------------------------------------------------------- */

static void sql_ok(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "bench_audit: sqlite: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

struct raw_db {
	char path[1100];
	sqlite3 *db;
	sqlite3_stmt *begin, *insert, *commit;
	const char *entry;
	size_t entry_len;
	int64_t seq;
	struct series fig;
};

/* A table the shape of audit_event, at the store's durability. */
static void raw_open(const char *dir, const char *entry, size_t entry_len, struct raw_db *r)
{
	memset(r, 0, sizeof *r);
	r->entry = entry;
	r->entry_len = entry_len;
	snprintf(r->path, sizeof r->path, "%s/raw.db", dir);
	sql_ok(NULL, sqlite3_open_v2(r->path, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
						      SQLITE_OPEN_NOMUTEX, NULL), "open");
	sql_ok(r->db, sqlite3_exec(r->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
				       "CREATE TABLE event (seq INTEGER PRIMARY KEY, entry TEXT NOT "
				       "NULL, leaf BLOB NOT NULL, nodes BLOB NOT NULL)",
				   NULL, NULL, NULL),
	       "schema");
	sql_ok(r->db, sqlite3_prepare_v2(r->db, "BEGIN IMMEDIATE", -1, &r->begin, NULL), "prepare");
	sql_ok(r->db, sqlite3_prepare_v2(r->db, "INSERT INTO event(seq, entry, leaf, nodes) VALUES "
						"(?, ?, ?, ?)", -1, &r->insert, NULL), "prepare");
	sql_ok(r->db, sqlite3_prepare_v2(r->db, "COMMIT", -1, &r->commit, NULL), "prepare");
}

/* BEGIN IMMEDIATE; INSERT one row; COMMIT — again and again, for `seconds`. */
static void raw_round(struct raw_db *r, double seconds)
{
	uint8_t leaf[32], nodes[32];
	for (int i = 0; i < 32; i++) {
		leaf[i] = (uint8_t)(i * 37 + 1);
		nodes[i] = (uint8_t)(i * 91 + 3);
	}
	uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)(seconds * 1e9), t1, n = 0;
	do {
		uint64_t a = now_ns();
		leaf[0] = (uint8_t)r->seq;
		sql_ok(r->db, sqlite3_step(r->begin), "BEGIN IMMEDIATE");
		sqlite3_reset(r->begin);
		sqlite3_bind_int64(r->insert, 1, r->seq++);
		sqlite3_bind_text(r->insert, 2, r->entry, (int)r->entry_len, SQLITE_STATIC);
		sqlite3_bind_blob(r->insert, 3, leaf, sizeof leaf, SQLITE_STATIC);
		sqlite3_bind_blob(r->insert, 4, nodes, sizeof nodes, SQLITE_STATIC);
		sql_ok(r->db, sqlite3_step(r->insert), "INSERT");
		sqlite3_reset(r->insert);
		sql_ok(r->db, sqlite3_step(r->commit), "COMMIT");
		sqlite3_reset(r->commit);
		t1 = now_ns();
		lat_add(&r->fig.lat, t1 - a);
		n++;
	} while (t1 < deadline || n < 20);
	series_round(&r->fig, n, t1 - t0);
}

static void raw_close(struct raw_db *r)
{
	char side[1200];
	sqlite3_finalize(r->begin);
	sqlite3_finalize(r->insert);
	sqlite3_finalize(r->commit);
	sqlite3_close(r->db);
	unlink(r->path);
	snprintf(side, sizeof side, "%s-wal", r->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", r->path);
	unlink(side);
}

/* ---- 3.–5. appends ----------------------------------------------------------- */

struct writer {
	pthread_t thread;
	struct zv_audit_log *log;
	pthread_barrier_t *start;
	atomic_bool *stop;
	struct rng rng;
	struct lat *lat;
	uint64_t appended;
};

static void *write_events(void *arg)
{
	struct writer *w = arg;
	struct slot s;
	struct zv_error err = {0};
	pthread_barrier_wait(w->start);
	while (!atomic_load_explicit(w->stop, memory_order_relaxed)) {
		make_event(&w->rng, &s);
		uint64_t a = now_ns();
		if (zv_audit_append(w->log, &s.e, 1, NULL, NULL, &err))
			die("zv_audit_append", &err);
		lat_add(w->lat, now_ns() - a);
		w->appended++;
	}
	return NULL;
}

/* One store, appended to by `threads` writers sharing its log. */
struct log_run {
	struct fresh f;
	unsigned threads, rounds;
	uint64_t start_size, events;
	struct lat *lat;             /* one per writer */
	struct series fig;
};

static void log_run_open(const char *dir, const char *name, unsigned threads, struct log_run *r)
{
	memset(r, 0, sizeof *r);
	fresh_open(dir, name, &r->f);
	r->threads = threads;
	r->start_size = audit_size(r->f.store);
	r->lat = calloc(threads, sizeof *r->lat);
	if (!r->lat)
		die("out of memory", NULL);
}

/* Each writer appends one event per call, again and again, for `seconds`. */
static void log_run_round(struct log_run *r, double seconds)
{
	struct writer *w = calloc(r->threads, sizeof *w);
	if (!w)
		die("out of memory", NULL);
	pthread_barrier_t start;
	atomic_bool stop = false;
	pthread_barrier_init(&start, NULL, r->threads + 1);
	for (unsigned i = 0; i < r->threads; i++) {
		w[i].log = r->f.log;
		w[i].start = &start;
		w[i].stop = &stop;
		w[i].rng.state = 0x9E3779B97F4A7C15u * (i + 1) + r->rounds;
		w[i].lat = &r->lat[i];
		if (pthread_create(&w[i].thread, NULL, write_events, &w[i]))
			die("pthread_create", NULL);
	}
	pthread_barrier_wait(&start);
	uint64_t t0 = now_ns();
	struct timespec nap = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
	while (nanosleep(&nap, &nap) && errno == EINTR)
		;
	atomic_store(&stop, true);
	uint64_t n = 0;
	for (unsigned i = 0; i < r->threads; i++) {
		pthread_join(w[i].thread, NULL);
		n += w[i].appended;
	}
	uint64_t t1 = now_ns();
	pthread_barrier_destroy(&start);
	free(w);
	series_round(&r->fig, n, t1 - t0);
	r->events += n;
	r->rounds++;
}

/* Check that every acknowledged event is in the store, count the heads,
 * print the figures and remove the store. */
static void log_run_close(struct log_run *r, const char *name)
{
	uint64_t size = audit_size(r->f.store);
	if (size != r->start_size + r->events) {
		fprintf(stderr, "bench_audit: %s: the log holds %llu events, %llu were acknowledged\n",
			name, (unsigned long long)size, (unsigned long long)(r->start_size + r->events));
		exit(1);
	}
	uint64_t heads = heads_above(r->f.store, r->start_size);
	for (unsigned i = 0; i < r->threads; i++) {
		lat_merge(&r->fig.lat, &r->lat[i]);
		free(r->lat[i].v);
	}
	free(r->lat);
	char more[200];
	snprintf(more, sizeof more,
		 ",\"threads\":%u,\"events\":%llu,\"heads\":%llu,\"mean_batch\":%.2f", r->threads,
		 (unsigned long long)r->events, (unsigned long long)heads,
		 heads ? (double)r->events / (double)heads : 0.0);
	put_series(name, &r->fig, more);
	free(r->fig.lat.v);
	fresh_remove(&r->f);
}

/* ---- 6.–8. a big store -------------------------------------------------------- */

/* Append until the log holds `target` events, `bulk` per call; seconds taken. */
static double grow(struct fresh *f, uint64_t target, size_t bulk, struct rng *r)
{
	struct slot *slots = xmalloc(bulk * sizeof *slots);
	struct zv_audit_event *events = xmalloc(bulk * sizeof *events);
	struct zv_error err = {0};
	uint64_t size = audit_size(f->store), t0 = now_ns(), next_report = size + 1000000;
	while (size < target) {
		size_t n = target - size < bulk ? (size_t)(target - size) : bulk;
		for (size_t i = 0; i < n; i++) {
			make_event(r, &slots[i]);
			events[i] = slots[i].e;
		}
		if (zv_audit_append(f->log, events, n, NULL, NULL, &err))
			die("bulk zv_audit_append", &err);
		size += n;
		if (size >= next_report) {
			fprintf(stderr, "bench_audit: %s: %llu events (%.0f s)\n", f->db,
				(unsigned long long)size, (double)(now_ns() - t0) / 1e9);
			next_report += 1000000;
		}
	}
	free(slots);
	free(events);
	return (double)(now_ns() - t0) / 1e9;
}

struct leaf_ctx {
	struct zv_sha256 *hash;
	uint8_t leaf[ZV_HASH_LEN];
	bool seen;
};

static int hash_entry(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	(void)err;
	struct leaf_ctx *c = ctx;
	zv_hash_leaf(c->hash, row->entry, row->entry_len, c->leaf);
	c->seen = true;
	return 0;
}

struct proof_figures {
	uint64_t size, n, verified;
	double mirror_s, per_sec, p50_us, p99_us, mean_path;
};

static struct proof_figures time_proofs(struct fresh *f, double seconds)
{
	struct proof_figures pf = {0};
	struct zv_error err = {0};
	struct zv_tree_head head;
	if (zv_store_head_latest(f->store, &head, &err))
		die("the newest head", &err);
	pf.size = head.tree_size;
	struct zv_audit_prover *p;
	if (zv_audit_prover_open(f->store, &p, &err))
		die("zv_audit_prover_open", &err);
	uint8_t path[ZV_MERKLE_MAX_PATH][ZV_HASH_LEN];
	size_t count;
	struct rng r = {0xD1B54A32D192ED03u};
	/* The first proof reads the upper levels into memory: timed apart. */
	uint64_t a = now_ns();
	if (zv_audit_prover_inclusion(p, pf.size - 1, pf.size, path, &count, &err))
		die("zv_audit_prover_inclusion", &err);
	pf.mirror_s = (double)(now_ns() - a) / 1e9;
	/* Size the run from a short trial so that every proof can be kept. */
	uint64_t trial = 0, t0 = now_ns();
	while (now_ns() - t0 < 200000000u) {
		if (zv_audit_prover_inclusion(p, pick(&r, (uint32_t)pf.size), pf.size, path, &count,
					      &err))
			die("zv_audit_prover_inclusion", &err);
		trial++;
	}
	uint64_t n = (uint64_t)((double)trial / 0.2 * seconds);
	n = n < 10000 ? 10000 : n > 4000000 ? 4000000 : n;
	size_t depth = 0;
	while (((uint64_t)1 << depth) < pf.size)
		depth++;
	uint64_t *leaves = xmalloc(n * sizeof *leaves);
	uint8_t *counts = xmalloc(n);
	uint8_t (*proofs)[ZV_HASH_LEN] = xmalloc(n * (depth ? depth : 1) * ZV_HASH_LEN);
	for (uint64_t i = 0; i < n; i++)
		leaves[i] = pick(&r, (uint32_t)pf.size);
	struct lat l = {0};
	uint64_t total = 0;
	t0 = now_ns();
	for (uint64_t i = 0; i < n; i++) {
		uint64_t b = now_ns();
		if (zv_audit_prover_inclusion(p, leaves[i], pf.size, path, &count, &err))
			die("zv_audit_prover_inclusion", &err);
		memcpy(proofs[i * depth], path, count * ZV_HASH_LEN);
		counts[i] = (uint8_t)count;
		uint64_t e = now_ns();
		lat_add(&l, e - b);
		total += count;
	}
	uint64_t t1 = now_ns();
	pf.n = n;
	pf.per_sec = (double)n / ((double)(t1 - t0) / 1e9);
	pf.mean_path = (double)total / (double)n;
	struct stats s = lat_stats(&l);
	pf.p50_us = s.p50_ms * 1000;
	pf.p99_us = s.p99_ms * 1000;
	free(l.v);
	zv_audit_prover_close(p);
	/* Every proof served, checked once: the leaf hash recomputed from the
	 * stored entry, the path, and the root of the head whose signature holds. */
	struct zv_sha256 h;
	if (zv_sha256_init(&h, &err))
		die("zv_sha256_init", &err);
	if (!zv_tree_head_verify(&head, f->key.public_key)) {
		fprintf(stderr, "bench_audit: the newest head's signature does not verify\n");
		exit(1);
	}
	for (uint64_t i = 0; i < n; i++) {
		struct leaf_ctx c = {.hash = &h};
		if (zv_store_audit_scan(f->store, leaves[i], leaves[i], hash_entry, &c, &err) ||
		    !c.seen)
			die("reading a proved event", &err);
		if (!zv_merkle_verify_inclusion(&h, leaves[i], pf.size, c.leaf,
						(const uint8_t(*)[ZV_HASH_LEN])&proofs[i * depth],
						counts[i], head.root)) {
			fprintf(stderr,
				"bench_audit: the inclusion proof of event %llu in the tree of %llu "
				"does not verify\n",
				(unsigned long long)leaves[i], (unsigned long long)pf.size);
			exit(1);
		}
		pf.verified++;
	}
	zv_sha256_free(&h);
	free(leaves);
	free(counts);
	free(proofs);
	return pf;
}

struct entries {
	char *bytes;
	size_t len, cap;
	uint32_t *end;      /* end offset of each entry */
	uint64_t n, cap_n;
};

static int keep_entry(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	(void)err;
	struct entries *e = ctx;
	if (e->len + row->entry_len > e->cap || e->n == e->cap_n) {
		e->cap = 2 * (e->cap + row->entry_len);
		e->cap_n = 2 * e->cap_n + 1024;
		char *b = realloc(e->bytes, e->cap);
		uint32_t *o = realloc(e->end, e->cap_n * sizeof *o);
		if (!b || !o)
			die("out of memory", NULL);
		e->bytes = b;
		e->end = o;
	}
	memcpy(e->bytes + e->len, row->entry, row->entry_len);
	e->len += row->entry_len;
	e->end[e->n++] = (uint32_t)e->len;
	return 0;
}

static int count_bytes(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	(void)err;
	*(uint64_t *)ctx += row->entry_len;
	return 0;
}

struct verify_figures {
	struct zv_audit_report rep;
	double index_s, seconds, mb_per_s, scan_mb_per_s, evp_mb_per_s, leaf_mb_per_s;
};

/* Seconds to verify the store — log and search index — after the index was
 * brought up to date (its catch-up timed apart, in *index_s), so that
 * every key of every event is checked too. */
static double verify(struct fresh *f, struct zv_audit_report *rep, double *index_s)
{
	struct zv_error err = {0};
	uint64_t t0 = now_ns();
	if (zv_audit_index_update(f->store, &err))
		die("zv_audit_index_update", &err);
	*index_s = (double)(now_ns() - t0) / 1e9;
	t0 = now_ns();
	if (zv_audit_verify_store(f->store, f->key.public_key, NULL, rep, &err))
		die("zv_audit_verify_store", &err);
	double s = (double)(now_ns() - t0) / 1e9;
	uint64_t size = audit_size(f->store);
	if (!rep->ok || rep->events != size || rep->indexed != size) {
		fprintf(stderr, "bench_audit: the store does not verify whole (%llu of %llu events, "
				"%llu indexed): %s\n",
			(unsigned long long)rep->events, (unsigned long long)size,
			(unsigned long long)rep->indexed, rep->problem);
		exit(1);
	}
	return s;
}

/* Seconds to rebuild the search index from nothing: the store closed, the
 * index files removed, the store opened again and the index brought up to
 * date over all its events (what the first search after losing it does). */
static double rebuild_index(struct fresh *f)
{
	static const char *const SIDES[] = {"-search", "-search-wal", "-search-shm"};
	struct zv_error err = {0};
	char path[1200];
	zv_audit_log_close(f->log);
	zv_store_close(f->store);
	for (size_t i = 0; i < COUNT(SIDES); i++) {
		snprintf(path, sizeof path, "%s%s", f->db, SIDES[i]);
		unlink(path);
	}
	if (zv_store_open(f->db, ZV_STORE_OPEN, &f->store, &err) ||
	    zv_audit_log_open(f->store, &f->key, NULL, &f->log, &err))
		die(f->db, &err);
	uint64_t t0 = now_ns();
	if (zv_audit_index_update(f->store, &err))
		die("rebuilding the search index", &err);
	return (double)(now_ns() - t0) / 1e9;
}

static struct verify_figures time_verify(struct fresh *f, const char *entries_path)
{
	struct verify_figures v = {0};
	struct zv_error err = {0};
	v.seconds = verify(f, &v.rep, &v.index_s);
	v.mb_per_s = (double)v.rep.bytes / v.seconds / 1e6;

	/* The store's own row scan (one read transaction), nothing else. */
	uint64_t scanned = 0, t0 = now_ns();
	if (zv_store_begin(f->store, false, &err) ||
	    zv_store_audit_scan(f->store, 0, UINT64_MAX, count_bytes, &scanned, &err))
		die("scanning the log", &err);
	zv_store_rollback(f->store);
	v.scan_mb_per_s = (double)scanned / ((double)(now_ns() - t0) / 1e9) / 1e6;

	/* The same entries in memory, hashed by OpenSSL EVP with a reused
	 * context (no 0x00 prefix: the bare speed of SHA-256 on these sizes). */
	struct entries e = {0};
	if (zv_store_audit_scan(f->store, 0, UINT64_MAX, keep_entry, &e, &err))
		die("reading the entries", &err);
	if (e.len != v.rep.bytes) {
		fprintf(stderr, "bench_audit: verify hashed %llu bytes, the entries hold %zu\n",
			(unsigned long long)v.rep.bytes, e.len);
		exit(1);
	}
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!md || !ctx)
		die("OpenSSL SHA-256", NULL);
	uint8_t out[32], acc = 0;
	unsigned outlen;
	uint64_t passes = 0;
	t0 = now_ns();
	uint64_t t1;
	do {
		for (uint64_t i = 0, from = 0; i < e.n; from = e.end[i++]) {
			EVP_DigestInit_ex2(ctx, md, NULL);
			EVP_DigestUpdate(ctx, e.bytes + from, e.end[i] - from);
			EVP_DigestFinal_ex(ctx, out, &outlen);
			acc ^= out[0];
		}
		passes++;
	} while ((t1 = now_ns()) - t0 < 1000000000u);
	v.evp_mb_per_s = (double)e.len * (double)passes / ((double)(t1 - t0) / 1e9) / 1e6;
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);

	/* The library's leaf hash (0x00 ‖ entry) on the same bytes. */
	struct zv_sha256 h;
	if (zv_sha256_init(&h, &err))
		die("zv_sha256_init", &err);
	passes = 0;
	t0 = now_ns();
	do {
		for (uint64_t i = 0, from = 0; i < e.n; from = e.end[i++]) {
			zv_hash_leaf(&h, e.bytes + from, e.end[i] - from, out);
			acc ^= out[0];
		}
		passes++;
	} while ((t1 = now_ns()) - t0 < 1000000000u);
	v.leaf_mb_per_s = (double)e.len * (double)passes / ((double)(t1 - t0) / 1e9) / 1e6;
	zv_sha256_free(&h);
	if (acc == 0x5A)   /* keep the hashes observable */
		fputc(' ', stderr);

	FILE *out_file = fopen(entries_path, "wb");
	if (!out_file || fwrite(e.bytes, 1, e.len, out_file) != e.len || fclose(out_file))
		die(entries_path, NULL);
	free(e.bytes);
	free(e.end);
	return v;
}

static void need_space(const char *dir, uint64_t bytes)
{
	struct statvfs vfs;
	if (statvfs(dir, &vfs))
		die(dir, NULL);
	uint64_t avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	if (avail < bytes) {
		fprintf(stderr,
			"bench_audit: %s has %.1f GB free, the store needs about %.1f GB; free "
			"space or set BENCH_AUDIT_EVENTS lower\n",
			dir, (double)avail / 1e9, (double)bytes / 1e9);
		exit(1);
	}
}

/* ---- main ------------------------------------------------------------------- */

int main(int argc, char **argv)
{
	const char *dir = NULL;
	double seconds = 3.0;
	unsigned rounds = 3;
	bool keep = false;   /* leave the big store for whole-process timing */
	uint64_t events = 10000000, proof_events = 1000000;
	size_t bulk = 1000;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--events") && i + 1 < argc)
			events = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--proof-events") && i + 1 < argc)
			proof_events = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--keep"))
			keep = true;
		else if (!strcmp(argv[i], "--bulk") && i + 1 < argc)
			bulk = (size_t)strtoull(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: bench_audit --dir DIR [--seconds S] [--rounds R] "
					"[--events N] [--proof-events N] [--bulk N] [--keep]\n");
			return 2;
		}
	}
	if (!dir || seconds <= 0 || !rounds || events < 1000 || proof_events < 1000 || !bulk ||
	    proof_events >= UINT32_MAX || events >= UINT32_MAX) {
		fprintf(stderr, "bench_audit: --dir is required; sizes of 1000 events or more\n");
		return 2;
	}
	if (proof_events > events)
		proof_events = events;
	if (sodium_init() < 0)
		die("libsodium", NULL);

	/* The event every append section writes, encoded as the log would. */
	struct rng r = {0x2545F4914F6CDD1Du};
	struct slot sample;
	make_event(&r, &sample);
	sample.e.seq = 1234567;
	sample.e.at_us = (int64_t)1795942341 * 1000000 + 123456;
	struct zv_buf entry;
	zv_buf_init(&entry, 0);
	zv_audit_event_encode(&sample.e, &entry);

	/* 1.–5. in rounds: disk, SQLite, 1, 8 and 64 writers, in turn. */
	struct sync_file fs_append, fs_over;
	struct raw_db raw;
	struct log_run one, eight, many;
	sync_file_open(dir, true, &fs_append);
	sync_file_open(dir, false, &fs_over);
	raw_open(dir, entry.data, entry.len, &raw);
	log_run_open(dir, "single", 1, &one);
	log_run_open(dir, "eight", 8, &eight);
	log_run_open(dir, "sixty-four", 64, &many);
	for (unsigned round = 0; round < rounds; round++) {
		fprintf(stderr, "bench_audit: round %u of %u: fdatasync, SQLite, 1, 8, 64 writers\n",
			round + 1, rounds);
		sync_file_round(&fs_append, seconds);
		sync_file_round(&fs_over, seconds);
		raw_round(&raw, seconds);
		log_run_round(&one, seconds);
		log_run_round(&eight, seconds);
		log_run_round(&many, seconds);
	}
	sync_file_close(&fs_append);
	sync_file_close(&fs_over);
	raw_close(&raw);

	fprintf(stderr, "bench_audit: building a store of %llu events\n",
		(unsigned long long)proof_events);
	struct fresh big;
	fresh_open(dir, "big", &big);
	struct rng br = {0x853C49E6748FEA9Bu};
	need_space(dir, proof_events * 2000);
	double build1 = grow(&big, proof_events, bulk, &br);
	/* The low-priority indexer falls behind a bulk build: bring the index up to date
	 * (timed) before timing proofs, so that they meet a store at rest. */
	struct zv_error err = {0};
	uint64_t c0 = now_ns();
	if (zv_audit_index_update(big.store, &err))
		die("zv_audit_index_update", &err);
	double catch_up1 = (double)(now_ns() - c0) / 1e9;
	uint64_t size1 = audit_size(big.store), bytes1 = store_bytes(&big);
	fprintf(stderr, "bench_audit: proofs\n");
	struct proof_figures pf = time_proofs(&big, seconds);
	fprintf(stderr, "bench_audit: verify %llu events\n", (unsigned long long)size1);
	char entries_path[1100];
	snprintf(entries_path, sizeof entries_path, "%s/entries.bin", dir);
	struct verify_figures vf = time_verify(&big, entries_path);
	fprintf(stderr, "bench_audit: rebuilding the search index of %llu events\n",
		(unsigned long long)size1);
	double rebuild_s = rebuild_index(&big);

	double build2 = 0;
	if (events > size1) {
		/* The bytes per event so far, with room to spare, for the rest. */
		need_space(dir, (uint64_t)((double)bytes1 / (double)size1 * 1.5 *
					   (double)(events - size1)));
		fprintf(stderr, "bench_audit: growing the store to %llu events\n",
			(unsigned long long)events);
		build2 = grow(&big, events, bulk, &br);
	}
	uint64_t size2 = audit_size(big.store), bytes2 = store_bytes(&big);
	fprintf(stderr, "bench_audit: verify %llu events\n", (unsigned long long)size2);
	struct zv_audit_report rep2;
	double index2;
	double verify2 = verify(&big, &rep2, &index2);
	if (keep) {
		zv_audit_log_close(big.log);
		zv_store_close(big.store);
		fprintf(stderr, "bench_audit: kept %s (time it: zorgvuldig --db %s audit verify)\n",
			big.db, big.db);
	} else {
		fresh_remove(&big);
	}

	printf("{\"dir\":\"%s\",\"seconds\":%.2f,\"rounds\":%u,\"sqlite\":\"%s\","
	       "\"openssl\":\"%s\",\"sodium\":\"%s\",\"entry_bytes\":%zu,",
	       dir, seconds, rounds, sqlite3_libversion(), OpenSSL_version(OPENSSL_VERSION),
	       sodium_version_string(), entry.len);
	put_series("fdatasync_append", &fs_append.fig, NULL);
	put_series("fdatasync_overwrite", &fs_over.fig, NULL);
	char more[128];
	snprintf(more, sizeof more, ",\"row_text_bytes\":%zu,\"row_blob_bytes\":[32,32]", entry.len);
	put_series("sqlite_raw", &raw.fig, more);
	log_run_close(&one, "single");
	log_run_close(&eight, "threads8");
	log_run_close(&many, "threads64");
	printf("\"bulk\":{\"per_call\":%zu,\"events\":%llu,\"seconds\":%.2f,\"per_sec\":%.0f,"
	       "\"store_bytes\":%llu},",
	       bulk, (unsigned long long)(size1 - 1), build1, (double)(size1 - 1) / build1,
	       (unsigned long long)bytes1);
	printf("\"proofs\":{\"tree_size\":%llu,\"mirror_s\":%.3f,\"n\":%llu,\"per_sec\":%.0f,"
	       "\"p50_us\":%.2f,\"p99_us\":%.2f,\"mean_path\":%.2f,\"verified\":%llu},",
	       (unsigned long long)pf.size, pf.mirror_s, (unsigned long long)pf.n, pf.per_sec,
	       pf.p50_us, pf.p99_us, pf.mean_path, (unsigned long long)pf.verified);
	printf("\"verify\":{\"events\":%llu,\"heads\":%llu,\"bytes\":%llu,\"index_s\":%.3f,"
	       "\"catch_up_s\":%.3f,\"seconds\":%.3f,"
	       "\"mb_per_s\":%.1f,\"scan_mb_per_s\":%.1f,\"evp_sha256_mb_per_s\":%.1f,"
	       "\"leaf_hash_mb_per_s\":%.1f,\"entries_file\":\"%s\",\"index_rebuild_s\":%.2f},",
	       (unsigned long long)vf.rep.events, (unsigned long long)vf.rep.heads,
	       (unsigned long long)vf.rep.bytes, vf.index_s, catch_up1, vf.seconds, vf.mb_per_s,
	       vf.scan_mb_per_s,
	       vf.evp_mb_per_s, vf.leaf_mb_per_s, entries_path, rebuild_s);
	printf("\"big\":{\"events\":%llu,\"heads\":%llu,\"bytes\":%llu,\"store_bytes\":%llu,"
	       "\"build_s\":%.1f,\"index_s\":%.2f,\"verify_s\":%.2f,\"verify_mb_per_s\":%.1f}}\n",
	       (unsigned long long)rep2.events, (unsigned long long)rep2.heads,
	       (unsigned long long)rep2.bytes, (unsigned long long)bytes2, build1 + build2,
	       index2, verify2, (double)rep2.bytes / verify2 / 1e6);
	zv_buf_release(&entry);
	return 0;
}
