/*
 * dossier_writer.c — a test helper for the dossier's crash test
 * (tests/cli/test_dossier.py): opens the services on a store that holds the
 * demo pilot and, from several threads (one service each), loops doing real
 * service calls as the demo's professionals — entries added, corrected and
 * reacted to, consents recorded — and prints one line to standard output
 * only after a call has returned OK (is durable):
 *
 *   entry ID CASE LOGIN        zv_entry_add
 *   correct ID VERSION         zv_entry_correct (the entry's new version)
 *   react ID ENTRY             zv_entry_react
 *   consent ID CASE            zv_consent_record
 *
 * The test kills it with SIGKILL at random moments and checks that every
 * line it printed is in the store, and that the store and the audit log
 * agree: no act without its event, no event without its act.
 *
 *   dossier_writer DB THREADS [CALLS_PER_THREAD] [SEED]
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zv/crypto.h"
#include "zv/service.h"

enum { MAX_PAIRS = 32, MAX_OWN = 256, MAX_PERSONS = 16 };

/* A professional who may write in a case, and the case's persons. */
struct pair {
	char login[64], case_id[64];
	char persons[MAX_PERSONS][64];
	int ages[MAX_PERSONS];
	size_t n_persons;
	bool dead;                 /* the engine would not let this pair record */
};

/* An entry this thread made, with its version and one subject. */
struct own {
	char id[64];
	size_t pair;
	int64_t version;
	char subject[64];
};

struct writer {
	const char *db, *keys;
	unsigned id;
	unsigned long calls;       /* 0: forever */
	unsigned seed;
	int failed;
	struct pair pairs[MAX_PAIRS];
	size_t n_pairs;
	struct own own[MAX_OWN];
	size_t n_own;
};

static int say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof line)
		return -1;
	return write(STDOUT_FILENO, line, (size_t)n) == n ? 0 : -1;   /* one write: whole lines */
}

static void copy(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= cap)
		n = cap - 1;
	if (n)
		memmove(dst, src, n);
	dst[n] = '\0';
}

/* Every (professional, open case) where the professional may write, with
 * the case's persons as that professional sees them. */
static int discover(struct writer *w, struct zv_service *sv, struct zv_error *err)
{
	const struct zv_config *cfg = zv_service_config(sv);
	for (size_t i = 0; i < cfg->n_professionals && w->n_pairs < MAX_PAIRS; i++) {
		const char *login = cfg->professionals[i].login;
		struct zv_who who = {.login = login, .from = "crash-test"};
		struct zv_arena a;
		zv_arena_init(&a, 0);
		struct zv_case_summary *cases;
		size_t n;
		if (zv_case_list(sv, &who, &a, &cases, &n, err)) {
			zv_arena_release(&a);
			return err->code;
		}
		for (size_t k = 0; k < n && w->n_pairs < MAX_PAIRS; k++) {
			int role = cases[k].role;
			if ((role != ZV_CASE_ROLE_LEAD && role != ZV_CASE_ROLE_DIRECTLY_INVOLVED &&
			     role != ZV_CASE_ROLE_SUBSTITUTE) ||
			    cases[k].c.phase == ZV_PHASE_CLOSED)   /* takes no new entries */
				continue;
			struct zv_case_view v;
			if (zv_case_show(sv, &who, cases[k].c.id, &a, &v, err)) {
				zv_arena_release(&a);
				return err->code;
			}
			struct pair *p = &w->pairs[w->n_pairs];
			memset(p, 0, sizeof *p);
			copy(p->login, sizeof p->login, login);
			copy(p->case_id, sizeof p->case_id, cases[k].c.id);
			for (size_t q = 0; q < v.n_persons && p->n_persons < MAX_PERSONS; q++) {
				copy(p->persons[p->n_persons], 64, v.persons[q].p->id);
				p->ages[p->n_persons++] = v.persons[q].age;
			}
			if (p->n_persons)
				w->n_pairs++;
		}
		zv_arena_release(&a);
	}
	return ZV_OK;
}

static size_t live_pair(struct writer *w)
{
	for (int tries = 0; tries < 64; tries++) {
		size_t i = (size_t)rand_r(&w->seed) % w->n_pairs;
		if (!w->pairs[i].dead)
			return i;
	}
	for (size_t i = 0; i < w->n_pairs; i++)
		if (!w->pairs[i].dead)
			return i;
	return SIZE_MAX;
}

static int add_entry(struct writer *w, struct zv_service *sv, unsigned long n)
{
	size_t k = live_pair(w);
	if (k == SIZE_MAX) {
		fprintf(stderr, "dossier_writer: no professional may record in any case\n");
		return -1;
	}
	struct pair *p = &w->pairs[k];
	const char *subject = p->persons[(size_t)rand_r(&w->seed) % p->n_persons];
	char text[160], source[64];
	snprintf(text, sizeof text, "crash-test p%ld t%u call %lu: Het kind was vandaag op school.",
		 (long)getpid(), w->id, n);
	snprintf(source, sizeof source, "crash-test t%u", w->id);
	const char *subjects[] = {subject};
	struct zv_new_entry e = {
		.kind = ZV_ENTRY_FACT, .category = ZV_CAT_ORDINARY, .source = source, .text = text,
		.subjects = subjects, .n_subjects = 1, .verified = n % 2 == 0,
		.proportionate = ZV_YES, .beyond_necessary = ZV_NO, .informed_beforehand = ZV_YES,
	};
	struct zv_who who = {.login = p->login, .from = "crash-test"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_refusal refusal;
	struct zv_error err;
	char id[64];
	int rc = zv_entry_add(sv, &who, p->case_id, &e, &a, id, &refusal, &err);
	zv_arena_release(&a);
	if (rc == ZV_EDENIED || rc == ZV_EINPUT) {   /* not this pair: the engine said no */
		fprintf(stderr, "dossier_writer: %s may not record in %s: %s\n", p->login,
			p->case_id, err.message);
		p->dead = true;
		return 0;
	}
	if (rc) {
		fprintf(stderr, "dossier_writer: entry add: %s\n", err.message);
		return -1;
	}
	if (w->n_own < MAX_OWN) {
		struct own *o = &w->own[w->n_own++];
		copy(o->id, sizeof o->id, id);
		o->pair = k;
		o->version = 1;
		copy(o->subject, sizeof o->subject, subject);
	}
	return say("entry %s %s %s\n", id, p->case_id, p->login);
}

static int correct_entry(struct writer *w, struct zv_service *sv, unsigned long n)
{
	struct own *o = &w->own[(size_t)rand_r(&w->seed) % w->n_own];
	struct pair *p = &w->pairs[o->pair];
	char text[160];
	snprintf(text, sizeof text, "crash-test p%ld t%u call %lu: gecorrigeerd.", (long)getpid(),
		 w->id, n);
	struct zv_who who = {.login = p->login, .from = "crash-test"};
	struct zv_error err;
	int64_t version;
	if (zv_entry_correct(sv, &who, o->id, o->version, text, "typefout", &version, &err)) {
		fprintf(stderr, "dossier_writer: entry correct %s: %s\n", o->id, err.message);
		return -1;
	}
	o->version = version;
	return say("correct %s %lld\n", o->id, (long long)version);
}

static int react(struct writer *w, struct zv_service *sv, unsigned long n)
{
	struct own *o = &w->own[(size_t)rand_r(&w->seed) % w->n_own];
	struct pair *p = &w->pairs[o->pair];
	char text[160], id[64];
	snprintf(text, sizeof text, "crash-test p%ld t%u call %lu: dat klopt niet helemaal.",
		 (long)getpid(), w->id, n);
	struct zv_who who = {.login = p->login, .from = "crash-test"};
	struct zv_error err;
	if (zv_entry_react(sv, &who, o->id, o->subject, text, id, &err)) {
		fprintf(stderr, "dossier_writer: entry react %s: %s\n", o->id, err.message);
		return -1;
	}
	return say("react %s %s\n", id, o->id);
}

/* A processing consent of an adult of the household, given by that adult
 * (R9.2: 16 and over consent themselves). */
static int record_consent(struct writer *w, struct zv_service *sv, unsigned long n)
{
	size_t k = live_pair(w);
	if (k == SIZE_MAX)
		return -1;
	struct pair *p = &w->pairs[k];
	const char *adult = NULL;
	for (size_t i = 0; i < p->n_persons && !adult; i++)
		if (p->ages[i] >= 18)
			adult = p->persons[i];
	if (!adult)
		return 0;
	char purpose[128];
	snprintf(purpose, sizeof purpose, "crash-test t%u call %lu: gegevens vastleggen", w->id, n);
	const char *recipients[] = {"local_team"};
	const char *givers[] = {adult};
	struct zv_new_consent c = {
		.subject = adult, .kind = ZV_CONSENT_PROCESSING, .purpose = purpose,
		.recipients = recipients, .n_recipients = 1, .givers = givers, .n_givers = 1,
		.state = ZV_CONSENT_GIVEN, .free = true, .unambiguous = true, .informed = true,
		.specific = true, .explicit = true, .how_obtained = "mondeling, huisbezoek",
	};
	struct zv_who who = {.login = p->login, .from = "crash-test"};
	struct zv_error err;
	char id[64];
	if (zv_consent_record(sv, &who, p->case_id, &c, id, &err)) {
		fprintf(stderr, "dossier_writer: consent record in %s: %s\n", p->case_id,
			err.message);
		return -1;
	}
	return say("consent %s %s\n", id, p->case_id);
}

static void *run(void *arg)
{
	struct writer *w = arg;
	struct zv_error err;
	struct zv_store *store = NULL;
	struct zv_service *sv = NULL;
	if (zv_store_open(w->db, ZV_STORE_OPEN, &store, &err) ||
	    zv_service_open(store, w->keys, NULL, &sv, &err) || discover(w, sv, &err)) {
		fprintf(stderr, "dossier_writer: %s\n", err.message);
		w->failed = 1;
		goto out;
	}
	if (!w->n_pairs) {
		fprintf(stderr, "dossier_writer: no professional may write in any case\n");
		w->failed = 1;
		goto out;
	}
	for (unsigned long i = 0; !w->calls || i < w->calls; i++) {
		unsigned r = (unsigned)rand_r(&w->seed) % 100;
		int rc;
		if (!w->n_own || r < 45)
			rc = add_entry(w, sv, i);
		else if (r < 70)
			rc = correct_entry(w, sv, i);
		else if (r < 85)
			rc = react(w, sv, i);
		else
			rc = record_consent(w, sv, i);
		if (rc) {
			w->failed = 1;
			break;
		}
	}
out:
	zv_service_close(sv);
	zv_store_close(store);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: dossier_writer DB THREADS [CALLS_PER_THREAD] [SEED]\n");
		return 2;
	}
	unsigned threads = (unsigned)strtoul(argv[2], NULL, 10);
	unsigned long calls = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
	unsigned seed = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : (unsigned)getpid();
	if (threads < 1 || threads > 16)
		threads = 1;
	char keys[4096];
	struct zv_error err;
	if (zv_key_dir_for(argv[1], keys, sizeof keys, &err)) {
		fprintf(stderr, "dossier_writer: %s\n", err.message);
		return 5;
	}
	static struct writer w[16];
	pthread_t t[16];
	for (unsigned i = 0; i < threads; i++) {
		w[i] = (struct writer){.db = argv[1], .keys = keys, .id = i, .calls = calls,
				       .seed = seed * 31u + i};
		pthread_create(&t[i], NULL, run, &w[i]);
	}
	int failed = 0;
	for (unsigned i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		failed |= w[i].failed;
	}
	return failed ? 5 : 0;
}
