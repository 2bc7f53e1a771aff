/*
 * bench_policy.c — the decision engine's speed, measured the way the
 * dossier will use it:
 *
 *   (a) the need-to-know check (R13.1, zv_decide_view) that runs for every
 *       entry of every screen, on generated entries: a viewer with a role on
 *       the case (or none), an entry with ordinary or special data held under
 *       some organisation's secrecy, restrictions, disclosures, and the
 *       subjects' secrecy-release consents (valid or not, expired or not);
 *   (b) full eight-step decisions with their Dutch motivation (zv_decide),
 *       on the public scenarios, through the C API;
 *   (c) the codec around one decision, as `POST /api/v1/decisions` and
 *       `zorgvuldig decide` spend it: zv_situation_parse (with a fresh
 *       arena, as a request has), zv_decide and zv_decision_write_json on
 *       one scenario's situation (--codec FILE; by default
 *       tests/scenarios/01-gi-ots-legal-duty.json, 966 bytes compact).
 *
 * With --emit FILE it also writes the inputs of (a) as JSON lines, each with
 * the engine's answer, for the peers (bench/peers/) to evaluate and match
 * before they are timed. Prints one JSON object with the figures.
 *
 * Latency of (a) is per call from the CPU's time-stamp counter (calibrated
 * against CLOCK_MONOTONIC), timed over groups of 8 calls because one call
 * costs about as much as reading the counter; latency of (b) is per call from
 * CLOCK_MONOTONIC; (c) is the mean over a loop of calls. Single thread:
 * figures are per core. --codec-only prints (c) alone.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

#include "zv/codec.h"
#include "zv/policy.h"

/* ---- generated entries for (a) ----------------------------------------- */

enum { N_DISTINCT = 4096, MAX_SUBJ = 3, MAX_CONS = 4 };

struct entry {
	struct zv_situation s;
	struct zv_person persons[MAX_SUBJ];
	struct zv_consent consents[MAX_SUBJ][MAX_CONS];
	/* For the peers: whether each consent could count, by construction
	 * (withdrawn ones are listed separately: a withdrawal by the subject ends
	 * every consent of theirs to the same organisation). */
	bool consent_valid_static[MAX_SUBJ][MAX_CONS];  /* for the peers, by construction */
	bool expect;                                     /* outcome == allowed */
};

/* A deterministic generator (xorshift), so every run times the same inputs. */
struct rng {
	uint64_t state;
};

static unsigned pick(struct rng *r, unsigned n)
{
	uint64_t x = r->state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	r->state = x;
	return (unsigned)(x % n);
}

static const enum zv_org VIEWER_ORGS[] = {ZV_ORG_LOCAL_TEAM, ZV_ORG_VEILIG_THUIS, ZV_ORG_RVDK,
					  ZV_ORG_GI, ZV_ORG_YOUTH_CARE, ZV_ORG_GGZ};
static const enum zv_org HOLDERS[] = {ZV_ORG_LOCAL_TEAM, ZV_ORG_VEILIG_THUIS, ZV_ORG_RVDK,
				      ZV_ORG_GI, ZV_ORG_YOUTH_CARE, ZV_ORG_GGZ, ZV_ORG_GP};
#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const IDS[MAX_SUBJ] = {"p0", "p1", "p2"};

static void make_consent(struct rng *r, struct entry *e, uint32_t subject, uint32_t k,
			 zv_day today)
{
	struct zv_consent *c = &e->consents[subject][k];
	memset(c, 0, sizeof *c);
	c->kind = ZV_CONSENT_SECRECY_RELEASE;
	c->given_by = UINT64_C(1) << subject;     /* adults give their own */
	c->free = c->unambiguous = c->informed = c->specific = c->explicit = true;
	c->has_recipients = true;
	c->recipient_orgs = 1u << VIEWER_ORGS[pick(r, COUNT(VIEWER_ORGS))];
	if (pick(r, 3) == 0)
		c->recipient_orgs |= 1u << VIEWER_ORGS[pick(r, COUNT(VIEWER_ORGS))];
	if (pick(r, 2)) {  /* a consent names some categories, often not all the entry has */
		static const uint8_t COVERS[] = {
			ZV_CAT_ORDINARY | ZV_CAT_HEALTH, ZV_CAT_ORDINARY | ZV_CAT_CRIMINAL,
			ZV_CAT_HEALTH | ZV_CAT_CRIMINAL, ZV_CAT_SPECIAL_OTHER | ZV_CAT_HEALTH,
			ZV_CAT_ORDINARY | ZV_CAT_SPECIAL_OTHER};
		c->has_categories = true;
		c->categories = COVERS[pick(r, COUNT(COVERS))];
	}
	if (pick(r, 2)) {
		c->has_valid_until = true;
		c->valid_until = today + (zv_day)pick(r, 120) - 40;
	}
	/* One defect, or none, chosen by construction. */
	bool valid = true;
	switch (pick(r, 8)) {
	case 0: c->withdrawn = true; valid = false; break;
	case 1: c->explicit = false; valid = false; break;
	case 2: c->free = false; valid = false; break;
	case 3: c->kind = ZV_CONSENT_PROCESSING; valid = false; break;
	default: break;
	}
	e->consent_valid_static[subject][k] = valid;
}

static void make_entry(struct rng *r, struct entry *e, zv_day today)
{
	memset(e, 0, sizeof *e);
	struct zv_situation *s = &e->s;
	zv_situation_init(s);
	s->date = today;
	s->action = ZV_ACTION_VIEW;
	s->actor.kind = VIEWER_ORGS[pick(r, COUNT(VIEWER_ORGS))];
	static const enum zv_case_role ROLES[] = {
		ZV_CASE_ROLE_LEAD, ZV_CASE_ROLE_DIRECTLY_INVOLVED, ZV_CASE_ROLE_DIRECTLY_INVOLVED,
		ZV_CASE_ROLE_SUBSTITUTE, ZV_CASE_ROLE_ADVISOR, ZV_CASE_ROLE_NONE};
	s->actor.case_role = ROLES[pick(r, COUNT(ROLES))];
	uint32_t n = 1 + pick(r, MAX_SUBJ);
	for (uint32_t i = 0; i < n; i++) {
		struct zv_person *p = &e->persons[i];
		p->id = (struct zv_text){IDS[i], 2};
		p->role = ZV_PERSON_ADULT;
		p->age = (int16_t)(25 + pick(r, 40));
		p->capable = true;
		p->n_consents = pick(r, MAX_CONS + 1);
		for (uint32_t k = 0; k < p->n_consents; k++)
			make_consent(r, e, i, k, today);
		p->consents = e->consents[i];
	}
	s->persons = e->persons;
	s->n_persons = n;
	s->data.about = (UINT64_C(1) << n) - 1;
	s->data.has_categories = true;
	static const uint8_t CATS[] = {
		ZV_CAT_ORDINARY, ZV_CAT_ORDINARY, ZV_CAT_HEALTH, ZV_CAT_ORDINARY | ZV_CAT_HEALTH,
		ZV_CAT_CRIMINAL, ZV_CAT_SPECIAL_OTHER, ZV_CAT_HEALTH | ZV_CAT_CRIMINAL,
		ZV_CAT_ORDINARY | ZV_CAT_HEALTH | ZV_CAT_SPECIAL_OTHER};
	s->data.categories = CATS[pick(r, COUNT(CATS))];
	s->data.secrecy_holder = HOLDERS[pick(r, COUNT(HOLDERS))];
	s->data.disclosed_to_actor = pick(r, 10) == 0;
	s->data.restricted_from_actor = pick(r, 12) == 0;
	e->expect = zv_decide_view(s, NULL) == ZV_OUTCOME_ALLOWED;
}

/* ---- output for the peers ---------------------------------------------- */

static void write_cats(FILE *f, uint8_t c)
{
	static const char *const N[] = {"ordinary", "health", "special_other", "criminal"};
	fputc('[', f);
	for (int i = 0, first = 1; i < 4; i++)
		if ((c >> i) & 1u) {
			fprintf(f, "%s\"%s\"", first ? "" : ",", N[i]);
			first = 0;
		}
	fputc(']', f);
}

static void emit(FILE *f, const struct entry *e)
{
	const struct zv_situation *s = &e->s;
	static const char *const ROLE[] = {"", "lead", "directly_involved", "substitute",
					   "advisor", "none"};
	fprintf(f, "{\"date\":%d,\"user\":{\"org\":\"%s\",\"role\":\"%s\"},", (int)s->date,
		zv_org_name(s->actor.kind), ROLE[s->actor.case_role]);
	fprintf(f, "\"entry\":{\"categories\":");
	write_cats(f, s->data.categories);
	fprintf(f, ",\"holder\":\"%s\",\"restricted\":%s,\"disclosed\":%s,\"subjects\":[",
		zv_org_name(s->data.secrecy_holder), s->data.restricted_from_actor ? "true" : "false",
		s->data.disclosed_to_actor ? "true" : "false");
	for (uint32_t i = 0; i < s->n_persons; i++)
		fprintf(f, "%s\"%s\"", i ? "," : "", IDS[i]);
	fprintf(f, "]},\"consents\":[");
	int first = 1;
	for (uint32_t i = 0; i < s->n_persons; i++)
		for (uint32_t k = 0; k < e->persons[i].n_consents; k++) {
			const struct zv_consent *c = &e->consents[i][k];
			fprintf(f, "%s{\"subject\":\"%s\",\"valid\":%s,\"withdrawn\":%s,\"valid_until\":",
				first ? "" : ",", IDS[i], e->consent_valid_static[i][k] ? "true" : "false",
				c->withdrawn ? "true" : "false");
			if (c->has_valid_until)
				fprintf(f, "%d", (int)c->valid_until);
			else
				fprintf(f, "null");
			fprintf(f, ",\"recipients\":[");
			for (int o = 1, fo = 1; o < ZV_ORG__COUNT; o++)
				if ((c->recipient_orgs >> o) & 1u) {
					fprintf(f, "%s\"%s\"", fo ? "" : ",", zv_org_name((enum zv_org)o));
					fo = 0;
				}
			fprintf(f, "],\"categories\":");
			if (c->has_categories)
				write_cats(f, c->categories);
			else
				fprintf(f, "null");
			fputc('}', f);
			first = 0;
		}
	fprintf(f, "],\"expect\":%s}\n", e->expect ? "true" : "false");
}

/* ---- timing ------------------------------------------------------------ */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The CPU's time-stamp counter where there is one, else nanoseconds. */
static uint64_t tsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned aux;
	return __rdtscp(&aux);
#else
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

/* Nanoseconds per TSC tick, measured against the monotonic clock. */
static double ns_per_tick(void)
{
	double t0 = now_s();
	uint64_t c0 = tsc();
	while (now_s() - t0 < 0.2)
		;
	double t1 = now_s();
	uint64_t c1 = tsc();
	return (t1 - t0) * 1e9 / (double)(c1 - c0);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

struct figures {
	double per_sec, p50_ns, p99_ns;
	unsigned long n;
};

static uint64_t timer_overhead(void)
{
	uint32_t samples[4096];
	for (int i = 0; i < 4096; i++) {
		uint64_t a = tsc();
		uint64_t b = tsc();
		samples[i] = (uint32_t)(b - a);
	}
	qsort(samples, 4096, sizeof *samples, cmp_u32);
	return samples[2048];
}

static volatile unsigned sink;

static struct figures time_view(const struct entry *entries, double seconds, double tick_ns)
{
	struct figures f = {0};
	/* Throughput: tight loop over the distinct entries. */
	unsigned long n = 0;
	double t0 = now_s(), t1;
	unsigned acc = 0;
	do {
		for (int i = 0; i < N_DISTINCT; i++)
			acc += (unsigned)zv_decide_view(&entries[i].s, NULL);
		n += N_DISTINCT;
	} while ((t1 = now_s()) - t0 < seconds);
	sink = acc;
	f.per_sec = (double)n / (t1 - t0);
	f.n = n;
	/* Latency: a call takes about as long as reading the counter, so calls
	 * are timed in groups of BATCH consecutive entries and the group's time,
	 * less the counter's own cost, is divided by BATCH. */
	enum { SAMPLES = 1 << 20, BATCH = 8 };
	uint32_t *lat = malloc(SAMPLES * sizeof *lat);
	if (!lat)
		abort();
	uint64_t overhead = timer_overhead();
	for (int i = 0; i < SAMPLES; i++) {
		int base = (i * BATCH) % N_DISTINCT;
		uint64_t a = tsc();
		for (int k = 0; k < BATCH; k++)
			acc += (unsigned)zv_decide_view(&entries[base + k].s, NULL);
		uint64_t b = tsc();
		uint64_t d = b - a;
		lat[i] = (uint32_t)((d > overhead ? d - overhead : 0) * 16 / BATCH);  /* 1/16 ticks */
	}
	sink = acc;
	qsort(lat, SAMPLES, sizeof *lat, cmp_u32);
	f.p50_ns = lat[SAMPLES / 2] * tick_ns / 16;
	f.p99_ns = lat[(size_t)(SAMPLES * 0.99)] * tick_ns / 16;
	free(lat);
	return f;
}

/* ---- (b) full decisions on the public scenarios ------------------------- */

struct corpus {
	struct zv_arena arena;
	struct zv_situation *s;
	int n;
};

/* Fills `c` (whose arena the caller initialised and releases). */
static int load_scenarios(const char *dir, struct corpus *c)
{
	c->s = calloc(512, sizeof *c->s);
	c->n = 0;
	if (!c->s)
		return -1;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *de;
	while ((de = readdir(d)) && c->n < 512) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".json"))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		json_error_t jerr;
		json_t *doc = json_load_file(path, 0, &jerr);
		if (!doc)
			continue;
		json_t *situation = json_object_get(doc, "situation");
		char *json = json_dumps(situation ? situation : doc, JSON_COMPACT);
		size_t json_len = strlen(json);
		json_decref(doc);
		struct zv_error err;
		if (zv_situation_parse(json, json_len, zv_date_from_ymd(2026, 11, 28), &c->arena,
				       &c->s[c->n], &err) == ZV_OK)
			c->n++;
		else
			fprintf(stderr, "bench: %s: %s: %s\n", de->d_name, err.path, err.message);
		free(json);
	}
	closedir(d);
	return c->n;
}

static struct figures time_full(const struct corpus *c, double seconds)
{
	struct figures f = {0};
	struct zv_decision *d = malloc(sizeof *d);
	if (!d)
		abort();
	unsigned long n = 0;
	double t0 = now_s(), t1;
	do {
		for (int i = 0; i < c->n; i++)
			if (zv_decide(&c->s[i], d, ZV_DECIDE_FULL) != ZV_OK)
				abort();
		n += (unsigned long)c->n;
	} while ((t1 = now_s()) - t0 < seconds);
	f.per_sec = (double)n / (t1 - t0);
	f.n = n;
	enum { SAMPLES = 200000 };
	uint32_t *lat = malloc(SAMPLES * sizeof *lat);
	if (!lat)
		abort();
	for (int i = 0; i < SAMPLES; i++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		zv_decide(&c->s[i % c->n], d, ZV_DECIDE_FULL);
		clock_gettime(CLOCK_MONOTONIC, &b);
		lat[i] = (uint32_t)((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec));
	}
	qsort(lat, SAMPLES, sizeof *lat, cmp_u32);
	f.p50_ns = lat[SAMPLES / 2];
	f.p99_ns = lat[(size_t)(SAMPLES * 0.99)];
	free(lat);
	free(d);
	return f;
}

/* ---- (c) the codec around one decision ---------------------------------- */

struct codec_figures {
	size_t bytes;
	double parse_ns, decide_ns, write_ns;
};

/* The scenario's situation as compact JSON (malloc'd), or NULL. */
static char *scenario_json(const char *path, size_t *len)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	if (!doc)
		return NULL;
	json_t *situation = json_object_get(doc, "situation");
	char *json = json_dumps(situation ? situation : doc, JSON_COMPACT);
	json_decref(doc);
	if (json)
		*len = strlen(json);
	return json;
}

/* Mean nanoseconds per call of `step` over `seconds`, after a warm-up. */
#define TIME_LOOP(seconds, out_ns, step)                                      \
	do {                                                                  \
		for (int w_ = 0; w_ < 1000; w_++) {                           \
			step;                                                 \
		}                                                             \
		unsigned long n_ = 0;                                         \
		double t0_ = now_s(), t1_;                                    \
		do {                                                          \
			for (int k_ = 0; k_ < 1000; k_++) {                   \
				step;                                         \
			}                                                     \
			n_ += 1000;                                           \
		} while ((t1_ = now_s()) - t0_ < (seconds));                  \
		(out_ns) = (t1_ - t0_) * 1e9 / (double)n_;                    \
	} while (0)

static void print_codec(const struct codec_figures *f)
{
	printf("{\"bytes\":%zu,\"parse_ns\":%.0f,\"decide_ns\":%.0f,\"write_json_ns\":%.0f}",
	       f->bytes, f->parse_ns, f->decide_ns, f->write_ns);
}

static int time_codec(const char *path, double seconds, struct codec_figures *f)
{
	size_t len = 0;
	char *json = scenario_json(path, &len);
	struct zv_decision *d = malloc(sizeof *d);
	struct zv_arena arena;
	struct zv_situation s;
	struct zv_error err;
	struct zv_buf out;
	zv_arena_init(&arena, 0);
	zv_buf_init(&out, 8u << 20);
	int rc = -1;
	zv_day today = zv_date_from_ymd(2026, 11, 28);
	if (!json || !d)
		goto out;
	if (zv_situation_parse(json, len, today, &arena, &s, &err) != ZV_OK) {
		fprintf(stderr, "bench: %s: %s: %s\n", path, err.path, err.message);
		goto out;
	}
	f->bytes = len;
	unsigned failures = 0;
	TIME_LOOP(seconds / 3, f->parse_ns, {
		struct zv_arena a;
		struct zv_situation s2;
		zv_arena_init(&a, 0);
		failures += zv_situation_parse(json, len, today, &a, &s2, &err) != ZV_OK;
		zv_arena_release(&a);
	});
	TIME_LOOP(seconds / 3, f->decide_ns,
		  failures += zv_decide(&s, d, ZV_DECIDE_FULL) != ZV_OK);
	TIME_LOOP(seconds / 3, f->write_ns, {
		zv_buf_reset(&out);
		zv_decision_write_json(d, &s, &out);
		failures += out.failed;
	});
	rc = failures ? -1 : 0;
out:
	zv_buf_release(&out);
	zv_arena_release(&arena);
	free(d);
	free(json);
	return rc;
}

int main(int argc, char **argv)
{
	const char *emit_path = NULL, *scenarios = "tests/scenarios";
	const char *codec_path = "tests/scenarios/01-gi-ots-legal-duty.json";
	bool codec_only = false;
	double seconds = 3.0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--emit") && i + 1 < argc)
			emit_path = argv[++i];
		else if (!strcmp(argv[i], "--scenarios") && i + 1 < argc)
			scenarios = argv[++i];
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "--codec") && i + 1 < argc)
			codec_path = argv[++i];
		else if (!strcmp(argv[i], "--codec-only"))
			codec_only = true;
		else {
			fprintf(stderr, "usage: bench_policy [--emit FILE] [--scenarios DIR] [--seconds S]"
				" [--codec FILE] [--codec-only]\n");
			return 2;
		}
	}
	struct codec_figures codec = {0};
	if (time_codec(codec_path, codec_only ? seconds : 1.5, &codec) != 0) {
		fprintf(stderr, "bench: cannot time the codec on %s\n", codec_path);
		return 1;
	}
	if (codec_only) {
		print_codec(&codec);
		putchar('\n');
		return 0;
	}
	zv_day today = zv_date_from_ymd(2026, 11, 28);
	struct rng rng = {0x2545F4914F6CDD1Du};
	struct entry *entries = malloc(N_DISTINCT * sizeof *entries);
	struct zv_decision *d = malloc(sizeof *d);
	struct corpus corpus = {.s = NULL};
	zv_arena_init(&corpus.arena, 0);
	int rc = 1;
	if (!entries || !d) {
		fprintf(stderr, "bench: out of memory\n");
		goto out;
	}
	unsigned allowed = 0;
	for (int i = 0; i < N_DISTINCT; i++) {
		make_entry(&rng, &entries[i], today);
		/* The fast check must be the full engine's answer. */
		if (zv_decide(&entries[i].s, d, ZV_DECIDE_NO_TEXT) != ZV_OK ||
		    (d->outcome == ZV_OUTCOME_ALLOWED) != entries[i].expect) {
			fprintf(stderr, "bench: zv_decide_view disagrees with zv_decide on entry %d\n", i);
			goto out;
		}
		allowed += entries[i].expect;
	}
	if (emit_path) {
		FILE *f = fopen(emit_path, "w");
		if (!f) {
			perror(emit_path);
			goto out;
		}
		for (int i = 0; i < N_DISTINCT; i++)
			emit(f, &entries[i]);
		if (fclose(f) != 0) {
			perror(emit_path);
			goto out;
		}
	}
	double tick = ns_per_tick();
	struct figures view = time_view(entries, seconds, tick);
	if (load_scenarios(scenarios, &corpus) <= 0) {
		fprintf(stderr, "bench: no scenarios in %s\n", scenarios);
		goto out;
	}
	struct figures full = time_full(&corpus, seconds);
	printf("{\"view\":{\"engine\":\"zorgvuldig\",\"distinct\":%d,\"allowed\":%u,\"checks\":%lu,"
	       "\"per_sec\":%.0f,\"p50_ns\":%.1f,\"p99_ns\":%.1f},"
	       "\"full\":{\"scenarios\":%d,\"decisions\":%lu,\"per_sec\":%.0f,\"p50_ns\":%.0f,"
	       "\"p99_ns\":%.0f},\"codec\":",
	       N_DISTINCT, allowed, view.n, view.per_sec, view.p50_ns, view.p99_ns, corpus.n, full.n,
	       full.per_sec, full.p50_ns, full.p99_ns);
	print_codec(&codec);
	printf("}\n");
	rc = 0;
out:
	zv_arena_release(&corpus.arena);
	free(corpus.s);
	free(entries);
	free(d);
	return rc;
}
