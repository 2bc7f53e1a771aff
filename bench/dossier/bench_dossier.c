/*
 * bench_dossier.c — viewing a case of the household dossier, in a store of
 * realistic size, and what the time of a view is made of.
 *
 * The figure the issue asks for: zv_case_show — the real service: one
 * audit append whose work reads the case, asks the engine per entry
 * (need-to-know, R13.1) and fills the view, committed and fsynced before it
 * returns — on one case of 500 entries, in a store of --households
 * households and --entries entries, on one thread, for three viewers of the
 * case: its lead, a directly involved member of another organisation and an
 * advisor (who sees every entry anonymously). Beside it, in the same run and
 * in interleaved rounds so that they meet the same moods of a shared disk,
 * the peers that say where the time goes:
 *
 *   (a) the same view without the audit append: zv_store_case_load of the
 *       whole case in a read transaction, then the per-entry check through
 *       zv_decide_view on the situations the service itself builds from the
 *       loaded records (src/service/situation.c, through its internal
 *       header; the answers are checked against zv_case_show's before any
 *       timing, entry for entry, and a difference fails the run); the load
 *       and the filtering are also timed apart;
 *   (b) raw SQLite: the same 500 current entry versions (the store's own
 *       query) read with one prepared statement in a read transaction, on a
 *       connection of its own with the store's cache settings;
 *   (c) one durable audit append alone: zv_audit_append of the event the
 *       lead's view writes (the same ids), on a log of its own over the same
 *       store file, so the same WAL and the same fsync;
 *   (d) the disk: 4 KiB overwritten in place and fdatasync'ed, in a loop
 *       (what a reused WAL costs a commit at least).
 *
 * A service is one per thread, each on a connection of its own; SQLite
 * drops a connection's page cache whenever another connection has written.
 * The lead's view is therefore also timed right after an append by the
 * connection of (c): the view then reads the case from the OS's cache, not
 * SQLite's.
 *
 * The store is made as `zorgvuldig demo` makes one (init with the minimal
 * configuration, then zv_demo_load: the demo pilot's configuration, users,
 * keys and five households), in --dir, which must be on the disk under test.
 * Then the bulk load, which is set-up and not measured as a view: households
 * of 2–5 persons with parental authority, one case each of a team of the
 * demo pilot with members of that team in random roles (advisors among
 * them), entries (about ten per case, geometric, so that a few cases are
 * long) in the mix of categories each recorder's organisation may record,
 * under the secrecy of the organisation the services would record them under
 * (svc_acting: a local team under mandate records for the team's
 * organisation, everyone else for their own), restrictions, secrecy-release
 * consents (some withdrawn), a decision per entry as the services leave one
 * (the situation and answer of the target case's first decision as a
 * stand-in), and an audit event per case and per entry — all through the
 * store's functions (zv_store_* inserts) in one transaction per batch, and
 * zv_audit_append of 1000 events per call. The target case is made through
 * the services themselves (zv_case_open, zv_entry_add, zv_consent_record,
 * zv_consent_withdraw, zv_entry_correct, zv_entry_react, zv_disclose), its
 * entries one after each batch of the bulk load, so that they lie spread over
 * the store's pages as the entries of a case recorded over two years do. The
 * dossier's clock runs over those two years during the load.
 *
 * Prints one JSON object with the figures on stdout (progress on stderr);
 * bench/run turns it into the "Household dossier" section of
 * bench/RESULTS.md. Timing uses CLOCK_MONOTONIC only; nothing here asserts
 * a time. With --keep the store is left in --dir.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/common.h"
#include "zv/audit.h"
#include "zv/config.h"
#include "zv/crypto.h"
#include "zv/policy.h"
#include "zv/service.h"
#include "zv/store.h"
/* White-box, as tests/unit/test_consent.c does the engine's: peer (a) runs
 * the service's own situation builders without its audit append. */
#include "internal.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

enum {
	TARGET_ENTRIES = 500,   /* the case; also the number of load batches */
	EVENTS_PER_APPEND = 1000,
	MAX_TEAM = 16,
	MAX_HOUSEHOLD = 5,
	MAX_ENTRIES_PER_CASE = 400,
};

static void die(const char *what, const struct zv_error *err) __attribute__((noreturn));
static void die(const char *what, const struct zv_error *err)
{
	fprintf(stderr, "bench_dossier: %s: %s%s%s\n", what, err ? err->message : strerror(errno),
		err && err->path[0] ? " at " : "", err ? err->path : "");
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p) {
		fprintf(stderr, "bench_dossier: out of memory (%zu bytes)\n", n);
		exit(1);
	}
	return p;
}

static void *xalloc(struct zv_arena *a, size_t n)
{
	void *p = zv_arena_alloc(a, n ? n : 1);
	if (!p) {
		fprintf(stderr, "bench_dossier: out of memory (arena, %zu bytes)\n", n);
		exit(1);
	}
	return p;
}

static const char *xstrdup(struct zv_arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *c = zv_arena_strndup(a, s, strlen(s));
	if (!c) {
		fprintf(stderr, "bench_dossier: out of memory (arena)\n");
		exit(1);
	}
	return c;
}

static const char *xprintf(struct zv_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *xprintf(struct zv_arena *a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return xstrdup(a, buf);
}

/* ---- clocks and latencies ------------------------------------------------- */

static int64_t real_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The dossier's clock during the load: it runs over two years. */
struct load_clock {
	int64_t now_us;
};

static int64_t load_clock_now(void *ctx)
{
	return ((struct load_clock *)ctx)->now_us;
}

/* "name":{n, mean, p50, p90, p99, max in ms}, — sorts the samples. */
static void put_lat(const char *name, struct lat *l)
{
	lat_sort(l);
	printf("\"%s\":{\"n\":%zu,\"mean_ms\":%.4f,\"p50_ms\":%.4f,\"p90_ms\":%.4f,"
	       "\"p99_ms\":%.4f,\"max_ms\":%.4f}",
	       name, l->n, lat_mean_ms(l), lat_pct_ms(l, 0.5), lat_pct_ms(l, 0.9),
	       lat_pct_ms(l, 0.99), lat_max_ms(l));
}

/* ---- randomness (deterministic; pick() in ../common) ----------------------- */

static bool chance(struct rng *r, unsigned percent)
{
	return pick(r, 1000) < percent * 10;
}

/* ---- the pilot: who acts as what in which team --------------------------- */

/* A professional as they act in one team (src/service/service.c svc_acting). */
struct prof {
	const struct zv_professional *p;
	enum zv_org kind;              /* as the engine's actor */
	const char *org_id;            /* acting organisation: an entry's author_org */
	enum zv_org acting_for;        /* in the Regional Safety Team */
	const char *acting_for_org;
	const struct zv_organisation *responsible;   /* secrecy holder, case organisation */
	char from[24];
};

struct team {
	const struct zv_team *t;
	struct prof m[MAX_TEAM];
	size_t n;
};

struct pilot {
	struct zv_arena arena;
	struct zv_config cfg;
	struct team teams[8];
	size_t n_teams;
};

static void acting(const struct zv_config *cfg, const struct zv_professional *p,
		   const struct zv_team *team, struct prof *out)
{
	struct acting a;
	svc_acting_in(cfg, p, team->id, &a);
	*out = (struct prof){.p = p, .kind = a.kind, .org_id = a.org_id,
			     .acting_for = a.acting_for, .acting_for_org = a.acting_for_org,
			     .responsible = a.responsible};
}

static void pilot_load(struct pilot *pl)
{
	struct zv_error err = {0};
	struct zv_config_problems problems = {0};
	zv_arena_init(&pl->arena, 0);
	if (zv_config_parse(zv_config_demo_json, zv_config_demo_json_len, &pl->arena, &pl->cfg,
			    &problems, &err))
		die("the demo pilot's configuration", &err);
	for (size_t t = 0; t < pl->cfg.n_teams && pl->n_teams < COUNT(pl->teams); t++) {
		struct team *tm = &pl->teams[pl->n_teams++];
		tm->t = &pl->cfg.teams[t];
		for (size_t i = 0; i < pl->cfg.n_professionals && tm->n < MAX_TEAM; i++) {
			const struct zv_professional *p = &pl->cfg.professionals[i];
			if (!(p->roles & ZV_ROLE_PROFESSIONAL) || !zv_config_in_team(p, tm->t->id))
				continue;
			struct prof *m = &tm->m[tm->n];
			acting(&pl->cfg, p, tm->t, m);
			snprintf(m->from, sizeof m->from, "10.20.%u.%u", (unsigned)(t + 1) % 250,
				 (unsigned)(tm->n + 10) % 250);
			tm->n++;
		}
	}
}

static const struct prof *pilot_prof(const struct pilot *pl, const char *team, const char *login)
{
	for (size_t t = 0; t < pl->n_teams; t++)
		for (size_t i = 0; i < pl->teams[t].n; i++)
			if (!strcmp(pl->teams[t].t->id, team) &&
			    !strcmp(pl->teams[t].m[i].p->login, login))
				return &pl->teams[t].m[i];
	fprintf(stderr, "bench_dossier: %s is not in team %s of the demo pilot\n", login, team);
	exit(1);
}

/* Whether the organisation may record this category at all (an exception
 * of its configuration covers it): what the engine's `record` would ask. */
static bool may_record(const struct zv_organisation *o, int category)
{
	if (category == ZV_CAT_ORDINARY)
		return true;
	for (size_t i = 0; o && i < o->n_exceptions; i++)
		if (o->exceptions[i].categories & category)
			return true;
	return false;
}

static const char *const CATEGORY_NAMES[] = {"ordinary", "health", "special_other", "criminal"};

static int category_bit(int category)
{
	for (int bit = 0; bit < 4; bit++)
		if (category == 1 << bit)
			return bit;
	return 0;
}

/* ---- text ---------------------------------------------------------------- */

static const char *const SURNAMES[] = {
	"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
	"Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
	"Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
	"de Graaf", "van der Meer", "Kaya", "Yilmaz", "El Amrani", "Bouzid", "Öztürk"};
static const char *const ADULTS[] = {"Anouk", "Mark", "Sanne", "Peter", "Fatima", "Youssef",
				     "Linda", "Erik", "Naima", "Ruud", "Ayse", "Mehmet",
				     "Marieke", "Johan", "Priya", "Dennis"};
static const char *const CHILDREN[] = {"Tim", "Lisa", "Noah", "Mila", "Adam", "Amira", "Sem",
				       "Emma", "Daan", "Julia", "Zeynep", "Liam", "Sara",
				       "Finn", "Yara", "Luuk"};
static const char *const STREETS[] = {"Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsplein",
				      "Julianalaan", "Beatrixstraat", "Lindelaan", "Kade"};
static const char *const TOWNS[] = {"Zuidhaven", "Noordwijk", "Westerveld", "Oosterend"};
static const char *const SOURCES[] = {
	"school (mentor)", "eigen waarneming, huisbezoek", "huisarts", "teamoverleg",
	"politie (zorgmelding)", "consultatiebureau", "gesprek met de moeder",
	"gesprek met de vader", "gesprek met het kind", "jeugdarts", "buurtteam", "opvanglocatie"};
static const char *const SENTENCES[] = {
	"Het kind was de afgelopen weken vaker afwezig zonder afmelding.",
	"De ouders geven aan dat de spanningen thuis zijn toegenomen sinds de verhuizing.",
	"Tijdens het huisbezoek was de sfeer gespannen; de moeder oogde vermoeid.",
	"School meldt dat het kind zich terugtrekt en moeite heeft met concentreren.",
	"Afgesproken is dat het team over twee weken opnieuw langskomt.",
	"De vader wil meewerken aan het plan, maar twijfelt aan de hulp van buiten.",
	"Er is een veiligheidsplan opgesteld met de ouders en het netwerk.",
	"Het kind vertelt dat het 's avonds vaak alleen thuis is.",
	"De huisarts bevestigt dat de behandeling is gestart.",
	"In het teamoverleg is besproken welke hulp het meest passend is.",
	"De moeder vraagt om ondersteuning bij de opvoeding van de jongste.",
	"Er zijn zorgen over de schulden van het gezin; de gemeente is gevraagd mee te kijken.",
	"Het kind wil graag bij de moeder blijven wonen en de vader in het weekend zien.",
	"De oma speelt een belangrijke rol en vangt de kinderen na school op.",
	"Het gezin heeft de folder ontvangen en weet waar het terecht kan met vragen.",
	"De afspraken uit het vorige overleg zijn grotendeels nagekomen."};

static const char *entry_text(struct zv_arena *a, struct rng *r)
{
	char buf[2048];
	size_t len = 0, n = 1 + pick(r, 5);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf + len, sizeof buf - len, "%s%s", i ? " " : "",
				 SENTENCES[pick(r, COUNT(SENTENCES))]);
		if (w > 0 && (size_t)w < sizeof buf - len)
			len += (size_t)w;
	}
	return xstrdup(a, buf);
}

static const char *birth_date(struct zv_arena *a, zv_day today, int years, int days)
{
	int y, m, d;
	zv_date_to_ymd(today, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	char out[11];
	zv_date_format(zv_date_from_ymd(y - years, m, d) - days, out);
	return xstrdup(a, out);
}

static void time_text(int64_t us, char out[ZV_AUDIT_TIME_LEN])
{
	zv_audit_time_format(us, out);
}

/* ---- the store, as `zorgvuldig demo` makes it ----------------------------- */

struct paths {
	char db[1024], keys[1100];
};

static void make_store(const char *dir, struct paths *pt, size_t *demo_cases,
		       size_t *demo_entries)
{
	struct zv_error err = {0};
	snprintf(pt->db, sizeof pt->db, "%s/dossier.db", dir);
	if (zv_key_dir_for(pt->db, pt->keys, sizeof pt->keys, &err))
		die(pt->db, &err);
	uint8_t public_key[ZV_PUBKEY_LEN];
	bool keys_made;
	struct zv_store *store = NULL;
	if (zv_dossier_create(pt->db, pt->keys, zv_config_minimal_json, "bench", "bench_dossier",
			      public_key, &keys_made, &err) ||
	    zv_store_open(pt->db, ZV_STORE_OPEN, &store, &err))
		die("making the store", &err);
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_demo demo;
	if (zv_demo_load(store, pt->keys, "bench_dossier", NULL, &a, &demo, &err))
		die("zv_demo_load", &err);
	*demo_cases = demo.n_cases;
	*demo_entries = 0;
	for (size_t i = 0; i < demo.n_cases; i++)
		*demo_entries += demo.cases[i].n_entries;
	zv_arena_release(&a);
	zv_store_close(store);
}

static struct zv_store *open_store(const struct paths *pt, enum zv_store_mode mode)
{
	struct zv_error err = {0};
	struct zv_store *s;
	if (zv_store_open(pt->db, mode, &s, &err))
		die(pt->db, &err);
	return s;
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* ---- the bulk load --------------------------------------------------------- */

struct counts {
	uint64_t households, persons, cases, members, advisors, entries, decisions,
		restrictions, consents, withdrawn, events;
	uint64_t category[4];
};

struct bulk {
	struct pilot *pl;
	struct zv_store *s;             /* its own connection */
	struct zv_audit_log *log;       /* on another connection */
	struct zv_data_key data;
	struct rng r;
	zv_day today;                   /* real today: ages */
	int64_t now_us;                 /* the load's clock */
	const char *tpl_situation, *tpl_answer;   /* decision stand-ins */
	struct counts c;
	/* this batch's events */
	struct zv_arena a;
	struct zv_audit_event *events;
	size_t n_events, cap_events;
	double store_s, audit_s;
};

static void next_id(struct bulk *b, const char *prefix, int width, char out[64])
{
	struct zv_error err = {0};
	if (zv_store_next_id(b->s, prefix, width, out, 64, &err))
		die("zv_store_next_id", &err);
}

static void ok(int rc, const char *what, const struct zv_error *err)
{
	if (rc)
		die(what, err);
}

static struct zv_audit_event *new_event(struct bulk *b)
{
	if (b->n_events == b->cap_events) {
		b->cap_events = b->cap_events ? 2 * b->cap_events : 4096;
		struct zv_audit_event *grown = realloc(b->events, b->cap_events * sizeof *grown);
		if (!grown)
			die("out of memory", NULL);
		b->events = grown;
	}
	struct zv_audit_event *e = &b->events[b->n_events++];
	memset(e, 0, sizeof *e);
	return e;
}

static struct zv_audit_ids ids_of(struct zv_arena *a, const char *const *ids, size_t n)
{
	const char **copy = xalloc(a, (n + 1) * sizeof *copy);
	for (size_t i = 0; i < n; i++)
		copy[i] = xstrdup(a, ids[i]);
	return (struct zv_audit_ids){.ids = copy, .count = n};
}

/* A role in a case team, for members besides the lead. */
static int member_role(struct rng *r)
{
	uint32_t x = pick(r, 100);
	return x < 55 ? ZV_CASE_ROLE_DIRECTLY_INVOLVED : x < 75 ? ZV_CASE_ROLE_SUBSTITUTE
								: ZV_CASE_ROLE_ADVISOR;
}

static int draw_category(struct rng *r)
{
	uint32_t x = pick(r, 100);
	return x < 58 ? ZV_CAT_ORDINARY : x < 83 ? ZV_CAT_HEALTH : x < 91 ? ZV_CAT_SPECIAL_OTHER
									  : ZV_CAT_CRIMINAL;
}

/* One household of the bulk load, with its case, entries and consents, in
 * the open transaction of b->s; its audit events into b->events. */
static void bulk_household(struct bulk *b, uint32_t n_entries)
{
	struct zv_error err = {0};
	struct rng *r = &b->r;
	struct zv_arena *a = &b->a;
	char now[ZV_AUDIT_TIME_LEN];
	time_text(b->now_us, now);
	char hid[64], cid[64], prefix[16];
	next_id(b, "H", 5, hid);
	const char *surname = SURNAMES[pick(r, COUNT(SURNAMES))];
	struct zv_rec_household h = {.id = hid, .name = xprintf(a, "Gezin %s", surname),
				     .created_at = now};
	ok(zv_store_household_insert(b->s, &h, &err), "a household", &err);
	b->c.households++;

	/* 2–5 persons: one or two parents, the others children under 18. */
	size_t n = 2 + pick(r, 4);
	size_t parents = chance(r, 70) ? 2 : 1;
	const char *pid[MAX_HOUSEHOLD];
	for (size_t i = 0; i < n; i++) {
		char id[64];
		next_id(b, "P", 6, id);
		pid[i] = xstrdup(a, id);
		bool parent = i < parents;
		int age = parent ? 24 + (int)pick(r, 30) : (int)pick(r, 18);
		struct zv_rec_person p = {
			.id = pid[i], .household = hid,
			.name = xprintf(a, "%s %s", parent ? ADULTS[pick(r, COUNT(ADULTS))]
							   : CHILDREN[pick(r, COUNT(CHILDREN))],
					surname),
			.role = parent ? ZV_PERSON_PARENT : ZV_PERSON_CHILD,
			.birth_date = birth_date(a, b->today, age, (int)pick(r, 365)),
			.capable = parent || age >= 12 ? (chance(r, 92) ? ZV_YES : ZV_NO) : ZV_UNKNOWN,
			.confidential_address = chance(r, 3),
		};
		uint8_t sealed[256];
		if (parent) {
			char address[128], context[96];
			int len = snprintf(address, sizeof address, "%s %u, %s",
					   STREETS[pick(r, COUNT(STREETS))], 1 + pick(r, 180),
					   TOWNS[pick(r, COUNT(TOWNS))]);
			snprintf(context, sizeof context, "address:%s", pid[i]);
			zv_seal(&b->data, context, address, (size_t)len, sealed);
			p.address_sealed = sealed;
			p.address_sealed_len = (size_t)len + ZV_SEAL_OVERHEAD;
		}
		ok(zv_store_person_insert(b->s, &p, &err), "a person", &err);
		b->c.persons++;
	}
	for (size_t i = parents; i < n; i++)
		for (size_t k = 0; k < parents; k++)
			if (k == 0 || chance(r, 85))
				ok(zv_store_authority_insert(b->s, pid[i], pid[k], &err),
				   "parental authority", &err);

	/* The case: a team, its opener as lead, one to three more members. */
	uint32_t x = pick(r, 100);
	const struct team *tm = &b->pl->teams[x < 40 ? 1 : x < 75 ? 2 : 0];
	if (tm->n < 2)
		tm = &b->pl->teams[0];
	size_t lead = pick(r, (uint32_t)tm->n);
	const struct prof *opener = &tm->m[lead];
	snprintf(prefix, sizeof prefix, "ZV-%.4s-", now);
	next_id(b, prefix, 5, cid);
	const char *case_id = xstrdup(a, cid);
	const struct zv_organisation *org = opener->responsible;
	struct zv_rec_case c = {
		.id = case_id, .household = hid, .team = tm->t->id, .organisation = org->id,
		.task = org->n_tasks ? org->tasks[0].id : "taak", .title = "Zorgen over de veiligheid thuis",
		.framework = 1 + (int)pick(r, 4), .phase = (int)pick(r, 4), .opened_at = now,
		.opened_by = opener->p->login,
	};
	struct zv_rec_case_change first = {
		.at = now, .by = opener->p->login, .framework = c.framework, .phase = c.phase,
		.reason = "Aanmelding na een melding van school en een gesprek met de ouders.",
		.family_informed = true, .informed_at = now,
	};
	ok(zv_store_case_insert(b->s, &c, &first, &err), "a case", &err);
	b->c.cases++;
	const struct prof *team[MAX_TEAM];
	int roles[MAX_TEAM];
	size_t n_team = 0;
	team[n_team] = opener;
	roles[n_team++] = ZV_CASE_ROLE_LEAD;
	size_t more = 1 + pick(r, 3);
	for (size_t k = 0; k < more && n_team < tm->n; k++) {
		const struct prof *m = &tm->m[pick(r, (uint32_t)tm->n)];
		bool in = false;
		for (size_t j = 0; j < n_team; j++)
			in |= team[j] == m;
		if (in)
			continue;
		team[n_team] = m;
		roles[n_team++] = member_role(r);
	}
	for (size_t k = 0; k < n_team; k++) {
		struct zv_rec_member m = {.login = team[k]->p->login, .role = roles[k]};
		ok(zv_store_member_set(b->s, case_id, &m, &err), "a member", &err);
		b->c.members++;
		b->c.advisors += roles[k] == ZV_CASE_ROLE_ADVISOR;
	}
	struct zv_audit_ids household_ids = ids_of(a, (const char *[]){hid}, 1),
			    case_ids = ids_of(a, &case_id, 1);
	*new_event(b) = (struct zv_audit_event){
		.action = ZV_AUDIT_RECORD, .outcome = ZV_AUDIT_DONE,
		.who = {.user = opener->p->login, .name = opener->p->name, .role = "lead",
			.org = org->id},
		.persons = ids_of(a, pid, n), .households = household_ids, .cases = case_ids,
		.why = {.purpose = c.task}, .from = opener->from, .detail = "case opened",
	};

	/* Entries, recorded by members who may write, under their secrecy. */
	size_t writers = 0;
	const struct prof *writer[MAX_TEAM];
	for (size_t k = 0; k < n_team; k++)
		if (roles[k] != ZV_CASE_ROLE_ADVISOR)
			writer[writers++] = team[k];
	int64_t at_us = b->now_us;
	for (uint32_t i = 0; i < n_entries; i++) {
		const struct prof *w = writer[pick(r, (uint32_t)writers)];
		int category = draw_category(r);
		if (!may_record(w->responsible, category))
			category = ZV_CAT_ORDINARY;
		int kind = (int)pick(r, ZV_ENTRY__COUNT);
		bool verified = kind <= ZV_ENTRY_OBSERVATION && chance(r, 80);
		char eid[64], did[64], at[ZV_AUDIT_TIME_LEN];
		at_us += 1000000 * (int64_t)(1 + pick(r, 600));
		time_text(at_us, at);
		next_id(b, "E", 7, eid);
		const char *subjects[2];
		size_t n_subjects = 1 + (n > 1 && chance(r, 25));
		subjects[0] = pid[pick(r, (uint32_t)n)];
		subjects[1] = pid[(size_t)(subjects[0] == pid[0])];   /* another one */
		struct zv_rec_entry en = {
			.id = eid, .case_id = case_id, .kind = kind, .category = category,
			.source = SOURCES[pick(r, COUNT(SOURCES))], .text = entry_text(a, r),
			.author = w->p->login, .author_org = w->org_id,
			.secrecy_holder = w->responsible->id, .recorded_at = at,
			.verified_by = verified ? w->p->login : NULL, .verified_at = verified ? at : NULL,
			.subjects = subjects, .n_subjects = n_subjects,
		};
		ok(zv_store_entry_insert(b->s, &en, &err), "an entry", &err);
		b->c.entries++;
		b->c.category[category_bit(category)]++;
		if (n_team > 1 && chance(r, 2)) {   /* hidden from another member, for safety */
			const struct prof *other = team[pick(r, (uint32_t)n_team)];
			if (other != w) {
				struct zv_rec_restriction rs = {
					.entry_id = eid, .login = other->p->login,
					.reason = "Voor de veiligheid van de moeder blijft dit buiten zijn "
						  "of haar zicht."};
				ok(zv_store_restriction_insert(b->s, &rs, &err), "a restriction",
				   &err);
				b->c.restrictions++;
			}
		}
		next_id(b, "D", 7, did);
		struct zv_rec_decision d = {
			.id = did, .case_id = case_id, .at = at, .by = w->p->login,
			.action = ZV_ACTION_RECORD, .outcome = ZV_OUTCOME_ALLOWED,
			.situation = b->tpl_situation, .answer = b->tpl_answer,
		};
		ok(zv_store_decision_insert(b->s, &d, &err), "a decision", &err);
		b->c.decisions++;
		struct zv_audit_event *ev = new_event(b);
		const char *entry_id = xstrdup(a, eid);
		const char *cat = CATEGORY_NAMES[category_bit(category)];
		*ev = (struct zv_audit_event){
			.action = ZV_AUDIT_RECORD, .outcome = ZV_AUDIT_DONE,
			.who = {.user = w->p->login, .name = w->p->name,
				.role = zv_case_role_name(ZV_CASE_ROLE_DIRECTLY_INVOLVED),
				.org = w->responsible->id},
			.persons = ids_of(a, subjects, n_subjects), .households = household_ids,
			.cases = case_ids, .entries = ids_of(a, &entry_id, 1),
			.categories = ids_of(a, &cat, 1),
			.why = {.purpose = c.task, .decision = xstrdup(a, did)}, .from = w->from,
		};
	}

	/* Now and then a parent releases their data to another member's
	 * organisation; one in ten of those is withdrawn later. */
	if (n_team > 1 && chance(r, 30)) {
		const struct prof *to = team[1 + pick(r, (uint32_t)(n_team - 1))];
		char tid[64];
		next_id(b, "T", 7, tid);
		const char *recipient = xprintf(a, "org:%s", to->responsible->id);
		struct zv_rec_consent k = {
			.id = tid, .subject = pid[0], .kind = ZV_CONSENT_SECRECY_RELEASE,
			.purpose = "Overleg in het team over passende hulp",
			.recipients = &recipient, .n_recipients = 1, .has_categories = chance(r, 50),
			.categories = ZV_CAT_HEALTH, .givers = &pid[0], .n_givers = 1,
			.state = ZV_CONSENT_GIVEN, .at = now, .by = opener->p->login, .free = true,
			.unambiguous = true, .informed = true, .specific = true, .explicit = true,
			.how_obtained = "schriftelijk, na een gesprek op kantoor",
			.present = "de ouder en de regievoerder",
		};
		ok(zv_store_consent_insert(b->s, &k, &err), "a consent", &err);
		b->c.consents++;
		if (chance(r, 10)) {
			k.state = ZV_CONSENT_WITHDRAWN;
			k.note = "De ouder trekt de toestemming in.";
			ok(zv_store_consent_event(b->s, 1, &k, &err), "a withdrawal", &err);
			b->c.withdrawn++;
		}
	}
}

/* A batch of households in one store transaction, then their audit events. */
static void bulk_batch(struct bulk *b, const uint32_t *entries, size_t n)
{
	struct zv_error err = {0};
	zv_arena_init(&b->a, 0);
	b->n_events = 0;
	uint64_t t0 = now_ns();
	ok(zv_store_begin(b->s, true, &err), "beginning a batch", &err);
	for (size_t i = 0; i < n; i++)
		bulk_household(b, entries[i]);
	ok(zv_store_commit(b->s, &err), "committing a batch", &err);
	uint64_t t1 = now_ns();
	for (size_t i = 0; i < b->n_events; i += EVENTS_PER_APPEND) {
		size_t k = b->n_events - i < EVENTS_PER_APPEND ? b->n_events - i : EVENTS_PER_APPEND;
		ok(zv_audit_append(b->log, b->events + i, k, NULL, NULL, &err),
		   "appending the batch's events", &err);
	}
	uint64_t t2 = now_ns();
	b->c.events += b->n_events;
	b->store_s += (double)(t1 - t0) / 1e9;
	b->audit_s += (double)(t2 - t1) / 1e9;
	zv_arena_release(&b->a);
}

/* Entries per bulk case: geometric around the mean, then nudged at random
 * until they add up to exactly `total`. */
static uint32_t *entry_counts(struct rng *r, size_t households, uint64_t total)
{
	uint32_t *c = xmalloc(households * sizeof *c);
	double mean = (double)total / (double)households;
	uint32_t stay = (uint32_t)(1000.0 * (mean - 1) / mean);
	uint64_t sum = 0;
	for (size_t i = 0; i < households; i++) {
		uint32_t k = 1;
		while (k < MAX_ENTRIES_PER_CASE && pick(r, 1000) < stay)
			k++;
		c[i] = k;
		sum += k;
	}
	while (sum > total) {
		size_t i = pick(r, (uint32_t)households);
		if (c[i] > 1) {
			c[i]--;
			sum--;
		}
	}
	while (sum < total) {
		size_t i = pick(r, (uint32_t)households);
		if (c[i] < MAX_ENTRIES_PER_CASE) {
			c[i]++;
			sum++;
		}
	}
	return c;
}

/* ---- the target case, through the services ------------------------------- */

enum { MOTHER, FATHER, TEEN, CHILD, TARGET_PERSONS };

struct target_entry {
	char id[64];
	const struct prof *by;
	int category;
	unsigned about;                 /* bit per person */
	bool hidden_from_frank, hidden_from_hassan;
};

struct target {
	struct zv_service *sv;
	struct load_clock *clock;
	const struct pilot *pl;
	const struct prof *hassan, *eva, *frank, *gerda;
	struct zv_case_ids ids;
	char person[TARGET_PERSONS][64];
	struct target_entry e[TARGET_ENTRIES];
	size_t n;
	struct rng r;
	struct zv_arena a;
	size_t consents, withdrawn, disclosed, corrected, reactions, restrictions,
		person_restrictions;
	char disclosure_id[64];
	const char *disclosure_problem;
};

static struct zv_who as(const struct prof *p)
{
	return (struct zv_who){.login = p->p->login, .from = p->from};
}

static void target_open(struct target *t, zv_day today)
{
	struct zv_error err = {0};
	static const size_t PARENTS[] = {0, 1};
	struct zv_new_person persons[TARGET_PERSONS] = {
		[MOTHER] = {.name = "Naima de Wit", .role = ZV_PERSON_PARENT,
			    .birth_date = birth_date(&t->a, today, 38, 77), .capable = ZV_YES,
			    .bsn = "234567806", .address = "Lindelaan 7, Zuidhaven"},
		[FATHER] = {.name = "Ruud de Wit", .role = ZV_PERSON_PARENT,
			    .birth_date = birth_date(&t->a, today, 41, 12), .capable = ZV_YES,
			    .address = "Lindelaan 7, Zuidhaven"},
		[TEEN] = {.name = "Lotte de Wit", .role = ZV_PERSON_CHILD,
			  .birth_date = birth_date(&t->a, today, 14, 150), .capable = ZV_YES,
			  .authority = PARENTS, .n_authority = 2},
		[CHILD] = {.name = "Jesse de Wit", .role = ZV_PERSON_CHILD,
			   .birth_date = birth_date(&t->a, today, 8, 40), .authority = PARENTS,
			   .n_authority = 2},
	};
	struct zv_rec_member members[] = {
		{.login = t->eva->p->login, .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED},
		{.login = t->frank->p->login, .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED},
		{.login = t->gerda->p->login, .role = ZV_CASE_ROLE_ADVISOR},
	};
	struct zv_new_case c = {
		.household_name = "Gezin de Wit", .persons = persons, .n_persons = TARGET_PERSONS,
		.team = "rvt-zuidwest", .title = "Huiselijk geweld en zorgen om Lotte en Jesse",
		.framework = ZV_FRAMEWORK_COMPULSORY, .phase = ZV_PHASE_DIRECT_SAFETY,
		.reason = "Melding van de politie na een incident thuis; de kinderrechter sprak een "
			  "ondertoezichtstelling uit.",
		.family_informed = true, .members = members, .n_members = COUNT(members),
	};
	struct zv_who who = as(t->hassan);
	if (zv_case_open(t->sv, &who, &c, &t->a, &t->ids, &err))
		die("opening the target case", &err);
	for (size_t i = 0; i < TARGET_PERSONS; i++)
		snprintf(t->person[i], sizeof t->person[i], "%s", t->ids.person_ids[i]);
}

/* Entry i of the target case: who records it, what it is, about whom, and
 * whom it is hidden from — a mix that reaches every branch of the filter. */
static void target_entry(struct target *t)
{
	struct zv_error err = {0};
	struct rng *r = &t->r;
	struct target_entry *te = &t->e[t->n];
	uint32_t x = pick(r, 10);
	te->by = x < 4 ? t->hassan : x < 7 ? t->eva : t->frank;
	uint32_t c = pick(r, 100);
	if (te->by == t->frank)   /* the Raad's exceptions: health and criminal */
		te->category = c < 50 ? ZV_CAT_ORDINARY : c < 80 ? ZV_CAT_HEALTH : ZV_CAT_CRIMINAL;
	else
		te->category = c < 45 ? ZV_CAT_ORDINARY : c < 70 ? ZV_CAT_HEALTH
					     : c < 82 ? ZV_CAT_SPECIAL_OTHER : ZV_CAT_CRIMINAL;
	uint32_t s = pick(r, 100);
	static const unsigned ABOUT[] = {1u << MOTHER, 1u << TEEN, 1u << CHILD, 1u << FATHER,
					 1u << MOTHER | 1u << TEEN, 1u << MOTHER | 1u << FATHER,
					 1u << TEEN | 1u << CHILD};
	te->about = s < 25 ? ABOUT[0] : s < 45 ? ABOUT[1] : s < 65 ? ABOUT[2] : s < 80 ? ABOUT[3]
		    : ABOUT[4 + pick(r, 3)];
	const char *subjects[TARGET_PERSONS];
	size_t n_subjects = 0;
	for (size_t k = 0; k < TARGET_PERSONS; k++)
		if (te->about & (1u << k))
			subjects[n_subjects++] = t->person[k];
	const char *hidden_logins[2];
	size_t n_hidden = 0;
	if (te->by != t->frank && chance(r, 5)) {
		hidden_logins[n_hidden++] = t->frank->p->login;
		te->hidden_from_frank = true;
	}
	if (te->by != t->hassan && chance(r, 3)) {
		hidden_logins[n_hidden++] = t->hassan->p->login;
		te->hidden_from_hassan = true;
	}
	const char *hidden_persons[1] = {t->person[FATHER]};
	size_t n_hidden_persons = chance(r, 2);
	int kind = (int)pick(r, ZV_ENTRY__COUNT);
	struct zv_new_entry req = {
		.kind = kind, .category = te->category, .source = SOURCES[pick(r, COUNT(SOURCES))],
		.text = entry_text(&t->a, r), .subjects = subjects, .n_subjects = n_subjects,
		.verified = kind <= ZV_ENTRY_OBSERVATION && chance(r, 80),
		.hidden_from_logins = hidden_logins, .n_hidden_from_logins = n_hidden,
		.hidden_from_persons = hidden_persons, .n_hidden_from_persons = n_hidden_persons,
		.restriction_reason = n_hidden || n_hidden_persons
					      ? "Voor de veiligheid van Naima blijft dit buiten zicht."
					      : NULL,
		.proportionate = ZV_YES, .beyond_necessary = ZV_NO,
		.informed_beforehand = n_hidden ? ZV_NO : ZV_YES,
		.reason_not_informed = n_hidden ? ZV_RNI_SAFETY : ZV_RNI_UNKNOWN,
	};
	struct zv_who who = as(te->by);
	struct zv_refusal refusal;
	if (zv_entry_add(t->sv, &who, t->ids.case_id, &req, &t->a, te->id, &refusal, &err))
		die("recording an entry of the target case", &err);
	t->restrictions += n_hidden;
	t->person_restrictions += n_hidden_persons;
	t->n++;
}

static void target_consents(struct target *t)
{
	struct zv_error err = {0};
	struct zv_who who = as(t->hassan);
	const char *mother[] = {t->person[MOTHER]}, *father[] = {t->person[FATHER]},
		   *teen[] = {t->person[TEEN]};
	char id[64], father_id[64];
	/* The mother releases her health data to the Raad. */
	struct zv_new_consent k = {
		.subject = t->person[MOTHER], .kind = ZV_CONSENT_SECRECY_RELEASE,
		.purpose = "Raadsonderzoek: wat de Raad nodig heeft over de gezondheid van Naima",
		.recipients = (const char *const[]){"org:rvdk-zuidwest"}, .n_recipients = 1,
		.has_categories = true, .categories = ZV_CAT_HEALTH, .givers = mother,
		.n_givers = 1, .state = ZV_CONSENT_GIVEN, .free = true, .unambiguous = true,
		.informed = true, .specific = true, .explicit = true,
		.how_obtained = "schriftelijk, na een gesprek op kantoor",
		.present = "Naima de Wit, Hassan El Amrani",
	};
	if (zv_consent_record(t->sv, &who, t->ids.case_id, &k, id, &err))
		die("the mother's consent", &err);
	/* Lotte (14) releases all of hers to the Raad, as its kind. */
	k.subject = t->person[TEEN];
	k.purpose = "Raadsonderzoek: wat Lotte zelf wil dat de Raad weet";
	k.recipients = (const char *const[]){"rvdk"};
	k.has_categories = false;
	k.givers = teen;
	k.present = "Lotte de Wit, Hassan El Amrani";
	if (zv_consent_record(t->sv, &who, t->ids.case_id, &k, id, &err))
		die("Lotte's consent", &err);
	/* For Jesse (8) only the mother has consented: both parents must. */
	k.subject = t->person[CHILD];
	k.purpose = "Raadsonderzoek: de ontwikkeling van Jesse";
	k.recipients = (const char *const[]){"org:rvdk-zuidwest"};
	k.givers = mother;
	k.present = "Naima de Wit, Hassan El Amrani";
	if (zv_consent_record(t->sv, &who, t->ids.case_id, &k, id, &err))
		die("the consent for Jesse", &err);
	/* The father's release, given and withdrawn. */
	k.subject = t->person[FATHER];
	k.purpose = "Raadsonderzoek: wat de Raad nodig heeft over Ruud";
	k.givers = father;
	k.present = "Ruud de Wit, Hassan El Amrani";
	if (zv_consent_record(t->sv, &who, t->ids.case_id, &k, father_id, &err))
		die("the father's consent", &err);
	struct zv_withdrawal_result w;
	if (zv_consent_withdraw(t->sv, &who, t->ids.case_id, father_id, 1, t->person[FATHER],
				ZV_WITHDRAW_NOT_PARTICIPATION, "Ruud wil eerst met zijn advocaat praten.",
				&w, &err))
		die("withdrawing the father's consent", &err);
	t->consents = 4;
	t->withdrawn = 1;
}

/* Veilig Thuis gives the Raad its criminal entries about the father
 * (a recorded disclosure: the third way special data reach another
 * organisation). */
static void target_disclosure(struct target *t)
{
	struct zv_error err = {0};
	const char *shared[20];
	size_t n = 0;
	for (size_t i = 0; i < t->n && n < COUNT(shared); i++) {
		const struct target_entry *te = &t->e[i];
		if (te->by != t->frank && te->category == ZV_CAT_CRIMINAL &&
		    te->about == 1u << FATHER && !te->hidden_from_frank)
			shared[n++] = te->id;
	}
	if (!n) {
		t->disclosure_problem = "no criminal entry about the father to disclose";
		return;
	}
	struct zv_disclosure_request req = {
		.case_id = t->ids.case_id, .entries = shared, .n_entries = n,
		.recipient_org = "rvdk-zuidwest",
		.purpose = "Raadsonderzoek naar een kinderbeschermingsmaatregel: veiligheid van "
			   "Naima en de kinderen",
		.initiative = ZV_INITIATIVE_OWN,
		.answers_json =
			"{\"data\":{\"existence_suffices\":false,\"anonymous_suffices\":false,"
			"\"proportionate\":true,\"beyond_necessary\":false,"
			"\"obtainable_from_subjects\":false},"
			"\"counterparty\":{\"own_legal_basis\":true},"
			"\"secrecy_ground\":\"legal_power\","
			"\"transparency\":{\"informed_beforehand\":false,"
			"\"reason_not_informed\":\"safety\"}}",
	};
	struct zv_who who = as(t->eva);
	struct zv_disclosure_result result;
	if (zv_disclose(t->sv, &who, &req, true, &t->a, &result, &err)) {
		t->disclosure_problem = xstrdup(&t->a, err.message);
		return;
	}
	if (!result.disclosure_id[0]) {
		t->disclosure_problem = "the engine did not allow the disclosure";
		return;
	}
	snprintf(t->disclosure_id, sizeof t->disclosure_id, "%s", result.disclosure_id);
	t->disclosed = result.n_released;
}

/* Ten corrections (old versions) and ten reactions of the mother. */
static void target_history(struct target *t)
{
	struct zv_error err = {0};
	for (size_t i = 0; i < t->n && (t->corrected < 10 || t->reactions < 10); i += 7) {
		struct target_entry *te = &t->e[i];
		struct zv_who who = as(te->by);
		if (t->corrected < 10) {
			int64_t v;
			if (zv_entry_correct(t->sv, &who, te->id, 1,
					     "Aangevuld na het overleg: de afspraken zijn op schrift "
					     "gezet en met het gezin besproken.",
					     "aanvulling na teamoverleg", &v, &err))
				die("correcting an entry of the target case", &err);
			t->corrected++;
			continue;
		}
		if (!(te->about & (1u << MOTHER)))
			continue;
		char id[64];
		if (zv_entry_react(t->sv, &who, te->id, t->person[MOTHER],
				   "Naima: zo heb ik het niet gezegd; ik bedoelde dat het thuis "
				   "rustiger is sinds de afspraken.",
				   id, &err))
			die("a reaction in the target case", &err);
		t->reactions++;
	}
}

/* ---- need-to-know without the append (peer a) ---------------------------- */

/* The household as the engine sees it, built by the service's own code, and
 * the same persons without their consents (to tell why an entry shows). */
struct facts {
	struct household_facts h;
	struct zv_person bare[ZV_MAX_PERSONS];
};

static void facts_of(struct zv_arena *a, const struct zv_case_record *r, zv_day today,
		     struct facts *f)
{
	struct zv_error err = {0};
	if (svc_household_facts(a, r, today, &f->h, &err))
		die("the household's facts", &err);
	for (size_t k = 0; k < f->h.n; k++) {
		f->bare[k] = f->h.persons[k];
		f->bare[k].consents = NULL;
		f->bare[k].n_consents = 0;
	}
}


/* Why an entry is shown or not, asked of the engine itself: the same
 * situation without consents and without the disclosure tells which of the
 * three releases of special data was needed. */
enum reason {
	R_ANONYMOUS, R_ORDINARY, R_OWN_SECRECY, R_DISCLOSED, R_CONSENT,
	R_RESTRICTED, R_OTHER_SECRECY, R__COUNT
};
static const char *const REASONS[] = {
	"anonymous (advisor)", "ordinary data", "own organisation's secrecy",
	"released by a disclosure", "released by consent", "hidden: restricted from the viewer",
	"hidden: another organisation's secrecy"};

static enum reason reason_of(const struct facts *f, struct zv_situation *s)
{
	enum zv_visibility v = svc_visibility(s);
	if (v == ZV_ANONYMOUS)
		return R_ANONYMOUS;
	if (s->data.restricted_from_actor)
		return R_RESTRICTED;
	if (!(s->data.categories & ZV_CAT_SENSITIVE))
		return R_ORDINARY;
	if (v == ZV_HIDDEN)
		return R_OTHER_SECRECY;
	struct zv_situation bare = *s;
	bare.persons = f->bare;
	bare.data.disclosed_to_actor = false;
	if (svc_visibility(&bare) == ZV_VISIBLE)
		return R_OWN_SECRECY;
	bare.data.disclosed_to_actor = s->data.disclosed_to_actor;
	return svc_visibility(&bare) == ZV_VISIBLE ? R_DISCLOSED : R_CONSENT;
}

/* The per-entry check of a loaded case for one viewer; counts what shows. */
static void filter(const struct zv_service *sv, struct zv_arena *a,
		   const struct zv_case_record *r, const struct prof *who, int role, zv_day today,
		   size_t *visible, size_t *anonymous)
{
	struct facts f;
	facts_of(a, r, today, &f);
	struct acting acts;   /* once per view, as zv_case_show */
	svc_acting(sv, who->p, &r->c, &acts);
	*visible = *anonymous = 0;
	for (size_t i = 0; i < r->n_entries; i++) {
		struct zv_situation s;
		svc_view_situation(&f.h, &acts, role, r, &r->entries[i], who->p->login, &s);
		enum zv_visibility v = svc_visibility(&s);
		*visible += v == ZV_VISIBLE;
		*anonymous += v == ZV_ANONYMOUS;
	}
}

/* ---- measuring ------------------------------------------------------------- */

struct viewer {
	const struct prof *who;
	const char *role_name;
	int role;
	struct lat view, bare, load, filter;   /* bare = (a): load + filter */
	size_t shown, anonymous, hidden;
	size_t reasons[R__COUNT];
};

struct measure {
	struct zv_service *sv;
	struct zv_store *reader;        /* peer (a) */
	sqlite3 *raw;                   /* peer (b) */
	sqlite3_stmt *raw_begin, *raw_entries, *raw_commit;
	struct zv_store *log_store;     /* peer (c) */
	struct zv_audit_log *log;
	struct zv_audit_event event;    /* the lead's view event, for (c) */
	const char *case_id;
	zv_day today;
	struct lat raw_lat, append_lat, sync_lat, cold_lat;
	size_t raw_rows, raw_bytes;
	int sync_fd;
	uint64_t sync_i;
};

enum { SYNC_RING = 256 };   /* (d): a 1 MiB file, written once first */

static void sync_open(struct measure *m, const char *dir, char path[1100])
{
	static uint8_t block[4096];
	snprintf(path, 1100, "%s/fsync.bin", dir);
	m->sync_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (m->sync_fd < 0)
		die(path, NULL);
	for (size_t i = 0; i < sizeof block; i++)
		block[i] = (uint8_t)(i * 131 + 7);
	for (int i = 0; i < SYNC_RING; i++)
		if (write(m->sync_fd, block, sizeof block) != (ssize_t)sizeof block)
			die(path, NULL);
	if (fsync(m->sync_fd))
		die(path, NULL);
}

static void one_sync(struct measure *m, bool timed)
{
	uint8_t block[4096];
	memset(block, (int)(m->sync_i & 0xff), sizeof block);
	uint64_t t0 = now_ns();
	if (pwrite(m->sync_fd, block, sizeof block, (off_t)(m->sync_i++ % SYNC_RING) * 4096) !=
		    (ssize_t)sizeof block ||
	    fdatasync(m->sync_fd))
		die("fdatasync", NULL);
	uint64_t t1 = now_ns();
	if (timed)
		lat_add(&m->sync_lat, t1 - t0);
}

static void one_view(struct measure *m, struct viewer *v, struct lat *into)
{
	struct zv_error err = {0};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_view out;
	struct zv_who who = as(v->who);
	uint64_t t0 = now_ns();
	if (zv_case_show(m->sv, &who, m->case_id, &a, &out, &err))
		die("zv_case_show", &err);
	uint64_t t1 = now_ns();
	if (into)
		lat_add(into, t1 - t0);
	zv_arena_release(&a);
}

static void one_bare(struct measure *m, struct viewer *v, bool timed)
{
	struct zv_error err = {0};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_record r;
	size_t visible, anonymous;
	uint64_t t0 = now_ns();
	if (zv_store_begin(m->reader, false, &err) ||
	    zv_store_case_load(m->reader, m->case_id, ZV_PART_ALL, &a, &r, &err))
		die("zv_store_case_load", &err);
	uint64_t t1 = now_ns();
	filter(m->sv, &a, &r, v->who, v->role, m->today, &visible, &anonymous);
	uint64_t t2 = now_ns();
	zv_store_rollback(m->reader);
	uint64_t t3 = now_ns();
	if (timed) {
		lat_add(&v->bare, t3 - t0);
		lat_add(&v->load, (t1 - t0) + (t3 - t2));
		lat_add(&v->filter, t2 - t1);
	}
	zv_arena_release(&a);
}

static void raw_ok(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "bench_dossier: sqlite: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

/* The store's own query of a case's entry versions
 * (src/store/sqlite_dossier.c, SQL_VERSIONS: one range read of the case). */
static const char RAW_ENTRIES[] =
	"SELECT v.entry_id, v.version, v.kind, v.category, v.source, v.text, v.author, "
	"v.author_org, v.secrecy_holder, v.recorded_at, v.verified_by, v.verified_at, "
	"v.correction_reason FROM entry_version v WHERE v.case_id = ? "
	"ORDER BY v.entry_id, v.version";

static void raw_open(struct measure *m, const char *db)
{
	raw_ok(NULL, sqlite3_open_v2(db, &m->raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
				     NULL),
	       "open");
	raw_ok(m->raw, sqlite3_exec(m->raw, "PRAGMA cache_size = -65536; "
					    "PRAGMA mmap_size = 1073741824; PRAGMA query_only = 1",
				    NULL, NULL, NULL),
	       "settings");
	raw_ok(m->raw, sqlite3_prepare_v2(m->raw, "BEGIN", -1, &m->raw_begin, NULL), "prepare");
	raw_ok(m->raw, sqlite3_prepare_v2(m->raw, RAW_ENTRIES, -1, &m->raw_entries, NULL),
	       "prepare");
	raw_ok(m->raw, sqlite3_prepare_v2(m->raw, "COMMIT", -1, &m->raw_commit, NULL), "prepare");
}

static void one_raw(struct measure *m, bool timed)
{
	size_t rows = 0, bytes = 0;
	uint64_t t0 = now_ns();
	raw_ok(m->raw, sqlite3_step(m->raw_begin), "BEGIN");
	sqlite3_reset(m->raw_begin);
	sqlite3_bind_text(m->raw_entries, 1, m->case_id, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(m->raw_entries)) == SQLITE_ROW) {
		for (int c = 0; c < 13; c++) {   /* every column, as the store reads it */
			const unsigned char *t = sqlite3_column_text(m->raw_entries, c);
			bytes += t ? (size_t)sqlite3_column_bytes(m->raw_entries, c) : 0;
		}
		rows++;
	}
	raw_ok(m->raw, rc, "reading the entries");
	sqlite3_reset(m->raw_entries);
	raw_ok(m->raw, sqlite3_step(m->raw_commit), "COMMIT");
	sqlite3_reset(m->raw_commit);
	uint64_t t1 = now_ns();
	if (timed)
		lat_add(&m->raw_lat, t1 - t0);
	m->raw_rows = rows;
	m->raw_bytes = bytes;
}

static void one_append(struct measure *m, bool timed)
{
	struct zv_error err = {0};
	uint64_t t0 = now_ns();
	if (zv_audit_append(m->log, &m->event, 1, NULL, NULL, &err))
		die("zv_audit_append", &err);
	uint64_t t1 = now_ns();
	if (timed)
		lat_add(&m->append_lat, t1 - t0);
}

/* Check the service's view against the check here, entry for entry, and
 * count why each entry shows or not; keep the lead's event for (c). */
static void check_viewer(struct measure *m, struct viewer *v, struct zv_arena *keep,
			 bool make_event)
{
	struct zv_error err = {0};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_view out;
	struct zv_who who = as(v->who);
	if (zv_case_show(m->sv, &who, m->case_id, &a, &out, &err))
		die("zv_case_show", &err);
	if (out.role != v->role) {
		fprintf(stderr, "bench_dossier: %s has role %d in the target case, not %d\n",
			v->who->p->login, out.role, v->role);
		exit(1);
	}
	struct zv_case_record r;
	if (zv_store_begin(m->reader, false, &err) ||
	    zv_store_case_load(m->reader, m->case_id, ZV_PART_ALL, &a, &r, &err))
		die("zv_store_case_load", &err);
	zv_store_rollback(m->reader);
	struct facts f;
	facts_of(&a, &r, m->today, &f);
	size_t k = 0;
	memset(v->reasons, 0, sizeof v->reasons);
	struct acting acts;
	svc_acting(m->sv, v->who->p, &r.c, &acts);
	for (size_t i = 0; i < r.n_entries; i++) {
		struct zv_situation s;
		svc_view_situation(&f.h, &acts, v->role, &r, &r.entries[i], v->who->p->login, &s);
		enum zv_visibility vis = svc_visibility(&s);
		v->reasons[reason_of(&f, &s)]++;
		if (vis == ZV_HIDDEN)
			continue;
		if (k >= out.n_entries || strcmp(out.entries[k].id, r.entries[i].id) ||
		    out.entry_anonymous[k] != (vis == ZV_ANONYMOUS)) {
			fprintf(stderr,
				"bench_dossier: the check here and the service disagree for %s on "
				"entry %s\n",
				v->who->p->login, r.entries[i].id);
			exit(1);
		}
		k++;
	}
	if (k != out.n_entries) {
		fprintf(stderr, "bench_dossier: the service showed %s %zu entries, the check here %zu\n",
			v->who->p->login, out.n_entries, k);
		exit(1);
	}
	v->shown = out.n_entries;
	v->anonymous = 0;
	for (size_t i = 0; i < out.n_entries; i++)
		v->anonymous += out.entry_anonymous[i];
	v->hidden = r.n_entries - out.n_entries;
	if (make_event) {   /* what zv_case_show appends for this viewer (view.c) */
		const char **entries = xalloc(keep, (out.n_entries + 1) * sizeof *entries);
		int categories = 0;
		for (size_t i = 0; i < out.n_entries; i++) {
			entries[i] = xstrdup(keep, out.entries[i].id);
			categories |= out.entries[i].category;
		}
		const char **cats = xalloc(keep, 4 * sizeof *cats), **persons =
			xalloc(keep, (r.n_persons + 1) * sizeof *persons);
		size_t n_cats = 0;
		for (int bit = 0; bit < 4; bit++)
			if (categories & (1 << bit))
				cats[n_cats++] = CATEGORY_NAMES[bit];
		for (size_t i = 0; i < r.n_persons; i++)
			persons[i] = xstrdup(keep, r.persons[i].id);
		const char **one = xalloc(keep, 2 * sizeof *one);
		const char **house = xalloc(keep, 2 * sizeof *house);
		one[0] = xstrdup(keep, m->case_id);
		house[0] = xstrdup(keep, r.c.household);
		m->event = (struct zv_audit_event){
			.action = ZV_AUDIT_VIEW, .outcome = ZV_AUDIT_DONE,
			.who = {.user = v->who->p->login, .name = v->who->p->name,
				.role = v->role_name,
				.org = v->who->acting_for_org ? v->who->acting_for_org
							      : v->who->org_id},
			.persons = {persons, r.n_persons}, .households = {house, 1},
			.cases = {one, 1}, .entries = {entries, out.n_entries},
			.categories = {cats, n_cats}, .why = {.purpose = xstrdup(keep, r.c.task)},
			.from = v->who->from,
		};
	}
	zv_arena_release(&a);
}

/* ---- main ------------------------------------------------------------------ */

static void put_counts(const char *name, const struct counts *c)
{
	printf("\"%s\":{\"households\":%llu,\"persons\":%llu,\"cases\":%llu,\"members\":%llu,"
	       "\"advisors\":%llu,\"entries\":%llu,\"decisions\":%llu,\"restrictions\":%llu,"
	       "\"consents\":%llu,\"withdrawn\":%llu,\"events\":%llu,"
	       "\"categories\":{\"ordinary\":%llu,\"health\":%llu,\"special_other\":%llu,"
	       "\"criminal\":%llu}},",
	       name, (unsigned long long)c->households, (unsigned long long)c->persons,
	       (unsigned long long)c->cases, (unsigned long long)c->members,
	       (unsigned long long)c->advisors, (unsigned long long)c->entries,
	       (unsigned long long)c->decisions, (unsigned long long)c->restrictions,
	       (unsigned long long)c->consents, (unsigned long long)c->withdrawn,
	       (unsigned long long)c->events, (unsigned long long)c->category[0],
	       (unsigned long long)c->category[1], (unsigned long long)c->category[2],
	       (unsigned long long)c->category[3]);
}

static void put_string(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s >= 0x20)
			putchar(*s);
	}
	putchar('"');
}

static uint64_t store_files(const struct paths *pt, uint64_t *db, uint64_t *search)
{
	static const char *const DB[] = {"", "-wal"}, *const SEARCH[] = {"-search", "-search-wal"};
	char path[1200];
	*db = *search = 0;
	for (size_t i = 0; i < COUNT(DB); i++) {
		snprintf(path, sizeof path, "%s%s", pt->db, DB[i]);
		*db += file_size(path);
		snprintf(path, sizeof path, "%s%s", pt->db, SEARCH[i]);
		*search += file_size(path);
	}
	return *db + *search;
}

static void remove_store(const struct paths *pt)
{
	static const char *const FILES[] = {"audit-signing.key", "audit-signing.pub", "data.key"};
	char path[1200];
	zv_store_remove_files(pt->db);
	for (size_t i = 0; i < COUNT(FILES); i++) {
		snprintf(path, sizeof path, "%s/%s", pt->keys, FILES[i]);
		unlink(path);
	}
	rmdir(pt->keys);
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	uint64_t households = 100000, entries = 1000000;
	unsigned views = 2000, warmup = 100, rounds = 4;
	bool keep = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--households") && i + 1 < argc)
			households = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--entries") && i + 1 < argc)
			entries = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--views") && i + 1 < argc)
			views = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--warmup") && i + 1 < argc)
			warmup = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--keep"))
			keep = true;
		else {
			fprintf(stderr, "usage: bench_dossier --dir DIR [--households N] [--entries N] "
					"[--views N] [--warmup N] [--rounds R] [--keep]\n");
			return 2;
		}
	}
	if (!dir || !views || !rounds || households < 10 || households > UINT32_MAX ||
	    entries > UINT32_MAX) {
		fprintf(stderr, "bench_dossier: --dir is required; at least 10 households, views "
				"and rounds\n");
		return 2;
	}
	if (sodium_init() < 0)
		die("libsodium", NULL);

	/* 1. The store, as `zorgvuldig demo` makes it. */
	uint64_t t_start = now_ns();
	struct paths pt;
	size_t demo_cases, demo_entries;
	fprintf(stderr, "bench_dossier: making the store with the demo pilot in %s\n", dir);
	make_store(dir, &pt, &demo_cases, &demo_entries);
	double demo_s = (double)(now_ns() - t_start) / 1e9;
	if (households < demo_cases + 1 + 1 ||
	    entries < demo_entries + TARGET_ENTRIES + households) {
		fprintf(stderr, "bench_dossier: %llu households and %llu entries leave no room for "
				"the demo, the target case and one entry per other case\n",
			(unsigned long long)households, (unsigned long long)entries);
		return 2;
	}
	size_t bulk_households = households - demo_cases - 1;
	uint64_t bulk_entries = entries - demo_entries - TARGET_ENTRIES;

	/* 2. The load: bulk batches through the store, the target case's entries
	 * through the services, one after each batch. */
	struct pilot pl = {0};
	pilot_load(&pl);
	struct zv_error err = {0};
	int64_t real_now = real_now_us();
	zv_day today = (zv_day)(real_now / 86400000000LL);
	struct load_clock clock = {.now_us = real_now - 730LL * 86400000000LL};
	int64_t clock_start = clock.now_us;
	struct zv_service_options opt = {.now_us = load_clock_now, .clock_ctx = &clock};
	struct zv_store *svc_store = open_store(&pt, ZV_STORE_OPEN);
	struct target t = {.clock = &clock, .pl = &pl, .r = {0x9E3779B97F4A7C15u}};
	zv_arena_init(&t.a, 0);
	if (zv_service_open(svc_store, pt.keys, &opt, &t.sv, &err))
		die("zv_service_open", &err);
	t.hassan = pilot_prof(&pl, "rvt-zuidwest", "hassan.elamrani");
	t.eva = pilot_prof(&pl, "rvt-zuidwest", "eva.smit");
	t.frank = pilot_prof(&pl, "rvt-zuidwest", "frank.mulder");
	t.gerda = pilot_prof(&pl, "rvt-zuidwest", "gerda.bos");

	struct bulk b = {.pl = &pl, .r = {0x2545F4914F6CDD1Du}, .today = today};
	b.s = open_store(&pt, ZV_STORE_OPEN);
	struct zv_store *bulk_log_store = open_store(&pt, ZV_STORE_OPEN);
	struct zv_signing_key key;
	if (zv_keys_load(pt.keys, true, &key, &err) || zv_data_key_open(pt.keys, &b.data, &err) ||
	    zv_audit_log_open(bulk_log_store, &key, NULL, &b.log, &err))
		die("the keys", &err);

	uint64_t t_target0 = now_ns();
	target_open(&t, today);
	target_entry(&t);
	double target_s = (double)(now_ns() - t_target0) / 1e9;
	/* The decision stand-in: the target case's first, as the service wrote it. */
	struct zv_arena tpl;
	zv_arena_init(&tpl, 0);
	struct zv_case_record first;
	if (zv_store_begin(b.s, false, &err) ||
	    zv_store_case_load(b.s, t.ids.case_id, ZV_PART_RECORDS, &tpl, &first, &err))
		die("reading the first decision", &err);
	zv_store_rollback(b.s);
	if (!first.n_decisions) {
		fprintf(stderr, "bench_dossier: the target's first entry left no decision\n");
		return 1;
	}
	struct zv_rec_decision tpl_decision;   /* a case load leaves the JSON out */
	if (zv_store_begin(b.s, false, &err) ||
	    zv_store_decision_get(b.s, first.decisions[0].id, &tpl, &tpl_decision, &err))
		die("reading the first decision's JSON", &err);
	zv_store_rollback(b.s);
	b.tpl_situation = tpl_decision.situation;
	b.tpl_answer = tpl_decision.answer;

	uint32_t *counts = entry_counts(&b.r, bulk_households, bulk_entries);
	fprintf(stderr, "bench_dossier: loading %zu households with %llu entries in %d batches\n",
		bulk_households, (unsigned long long)bulk_entries, TARGET_ENTRIES);
	uint64_t t_load0 = now_ns();
	for (size_t batch = 0; batch < TARGET_ENTRIES; batch++) {
		size_t from = bulk_households * batch / TARGET_ENTRIES;
		size_t to = bulk_households * (batch + 1) / TARGET_ENTRIES;
		clock.now_us = clock_start + (real_now - clock_start) * (int64_t)batch / TARGET_ENTRIES;
		b.now_us = clock.now_us;
		bulk_batch(&b, counts + from, to - from);
		if (batch + 1 < TARGET_ENTRIES) {   /* the first was made before the load */
			uint64_t t0 = now_ns();
			target_entry(&t);
			target_s += (double)(now_ns() - t0) / 1e9;
		}
		if ((batch + 1) % 50 == 0)
			fprintf(stderr, "bench_dossier: %zu of %d batches, %.0f s\n", batch + 1,
				TARGET_ENTRIES, (double)(now_ns() - t_load0) / 1e9);
	}
	uint64_t t0 = now_ns();
	clock.now_us = real_now_us();
	target_consents(&t);
	target_history(&t);
	target_disclosure(&t);
	target_s += (double)(now_ns() - t0) / 1e9;
	double load_s = (double)(now_ns() - t_load0) / 1e9;
	free(counts);
	zv_arena_release(&tpl);
	zv_audit_log_close(b.log);
	zv_store_close(bulk_log_store);
	zv_store_close(b.s);
	zv_service_close(t.sv);
	zv_store_close(svc_store);
	/* The indexer thread falls behind a bulk load: catch up (timed apart),
	 * so that the views meet a store at rest. */
	struct zv_store *ix = open_store(&pt, ZV_STORE_OPEN);
	t0 = now_ns();
	if (zv_audit_index_update(ix, &err))
		die("zv_audit_index_update", &err);
	double index_s = (double)(now_ns() - t0) / 1e9;
	uint64_t audit_events;
	if (zv_store_audit_size(ix, &audit_events, &err))
		die("the log's size", &err);
	zv_store_close(ix);
	uint64_t db_bytes, search_bytes;
	uint64_t store_bytes = store_files(&pt, &db_bytes, &search_bytes);
	fprintf(stderr, "bench_dossier: loaded in %.0f s; store %.2f GB\n", load_s,
		(double)store_bytes / 1e9);

	/* 3. Measuring: the service on its own connection, each peer on its own. */
	struct measure m = {.case_id = t.ids.case_id, .today = today};
	struct zv_store *view_store = open_store(&pt, ZV_STORE_OPEN);
	if (zv_service_open(view_store, pt.keys, NULL, &m.sv, &err))
		die("zv_service_open", &err);
	m.reader = open_store(&pt, ZV_STORE_OPEN);
	m.log_store = open_store(&pt, ZV_STORE_OPEN);
	if (zv_audit_log_open(m.log_store, &key, NULL, &m.log, &err))
		die("zv_audit_log_open", &err);
	raw_open(&m, pt.db);
	char sync_path[1100];
	sync_open(&m, dir, sync_path);
	struct viewer v[] = {
		{.who = t.hassan, .role = ZV_CASE_ROLE_LEAD, .role_name = "lead"},
		{.who = t.frank, .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED,
		 .role_name = "directly_involved"},
		{.who = t.gerda, .role = ZV_CASE_ROLE_ADVISOR, .role_name = "advisor"},
	};
	struct zv_arena keep_arena;
	zv_arena_init(&keep_arena, 0);
	for (size_t i = 0; i < COUNT(v); i++)
		check_viewer(&m, &v[i], &keep_arena, i == 0);
	struct zv_buf event_bytes;
	zv_buf_init(&event_bytes, 0);
	fprintf(stderr, "bench_dossier: warming up (%u of each)\n", warmup);
	for (unsigned i = 0; i < warmup; i++) {
		for (size_t k = 0; k < COUNT(v); k++) {
			one_view(&m, &v[k], NULL);
			one_bare(&m, &v[k], false);
		}
		one_raw(&m, false);
		one_append(&m, false);
		one_sync(&m, false);
	}
	zv_audit_event_encode(&m.event, &event_bytes);
	for (unsigned round = 0; round < rounds; round++) {
		unsigned n = views / rounds + (round < views % rounds);
		fprintf(stderr, "bench_dossier: round %u of %u: %u views per viewer and of each peer\n",
			round + 1, rounds, n);
		for (size_t k = 0; k < COUNT(v); k++)
			for (unsigned i = 0; i < n; i++)
				one_view(&m, &v[k], &v[k].view);
		for (size_t k = 0; k < COUNT(v); k++)
			for (unsigned i = 0; i < n; i++)
				one_bare(&m, &v[k], true);
		for (unsigned i = 0; i < n; i++)
			one_raw(&m, true);
		for (unsigned i = 0; i < n; i++)
			one_append(&m, true);
		for (unsigned i = 0; i < n; i++)
			one_sync(&m, true);
		for (unsigned i = 0; i < n / 4 + 1; i++) {   /* another connection wrote */
			one_append(&m, false);
			one_view(&m, &v[0], &m.cold_lat);
		}
	}
	double total_s = (double)(now_ns() - t_start) / 1e9;

	/* 4. The figures. */
	struct counts target_counts = {
		.households = 1, .persons = TARGET_PERSONS, .cases = 1, .members = 4, .advisors = 1,
		.entries = t.n, .restrictions = t.restrictions, .consents = t.consents,
		.withdrawn = t.withdrawn};
	for (size_t i = 0; i < t.n; i++)
		target_counts.category[category_bit(t.e[i].category)]++;
	printf("{\"dir\":");
	put_string(dir);
	printf(",\"sqlite\":\"%s\",\"sodium\":\"%s\",\"households\":%llu,\"entries\":%llu,"
	       "\"views\":%u,\"warmup\":%u,\"rounds\":%u,",
	       sqlite3_libversion(), sodium_version_string(), (unsigned long long)households,
	       (unsigned long long)entries, views, warmup, rounds);
	printf("\"demo\":{\"cases\":%zu,\"entries\":%zu,\"seconds\":%.2f},", demo_cases,
	       demo_entries, demo_s);
	put_counts("bulk", &b.c);
	put_counts("target", &target_counts);
	printf("\"load\":{\"seconds\":%.2f,\"store_s\":%.2f,\"audit_s\":%.2f,\"target_s\":%.2f,"
	       "\"index_s\":%.2f,\"households_per_s\":%.0f,\"entries_per_s\":%.0f,"
	       "\"events_per_s\":%.0f},",
	       load_s, b.store_s, b.audit_s, target_s, index_s,
	       (double)b.c.households / b.store_s, (double)b.c.entries / b.store_s,
	       (double)b.c.events / b.audit_s);
	printf("\"store\":{\"bytes\":%llu,\"db_bytes\":%llu,\"search_bytes\":%llu,"
	       "\"audit_events\":%llu},",
	       (unsigned long long)store_bytes, (unsigned long long)db_bytes,
	       (unsigned long long)search_bytes, (unsigned long long)audit_events);
	printf("\"case\":{\"id\":\"%s\",\"team\":\"rvt-zuidwest\",\"entries\":%zu,"
	       "\"consents\":%zu,\"withdrawn\":%zu,\"disclosed\":%zu,\"disclosure_problem\":",
	       t.ids.case_id, t.n, t.consents, t.withdrawn, t.disclosed);
	put_string(t.disclosure_problem ? t.disclosure_problem : "");
	printf(",\"restrictions\":%zu,\"person_restrictions\":%zu,\"corrected\":%zu,"
	       "\"reactions\":%zu},",
	       t.restrictions, t.person_restrictions, t.corrected, t.reactions);
	printf("\"viewers\":[");
	for (size_t k = 0; k < COUNT(v); k++) {
		printf("%s{\"login\":\"%s\",\"role\":\"%s\",\"organisation\":\"%s\",\"shown\":%zu,"
		       "\"anonymous\":%zu,\"hidden\":%zu,\"reasons\":{",
		       k ? "," : "", v[k].who->p->login, v[k].role_name, v[k].who->p->organisation,
		       v[k].shown, v[k].anonymous, v[k].hidden);
		for (int r = 0; r < R__COUNT; r++)
			printf("%s\"%s\":%zu", r ? "," : "", REASONS[r], v[k].reasons[r]);
		printf("},");
		put_lat("view", &v[k].view);
		putchar(',');
		put_lat("without_audit", &v[k].bare);
		putchar(',');
		put_lat("case_load", &v[k].load);
		putchar(',');
		put_lat("filter", &v[k].filter);
		putchar('}');
	}
	printf("],\"raw_sqlite\":{\"rows\":%zu,\"bytes\":%zu,", m.raw_rows, m.raw_bytes);
	put_lat("read", &m.raw_lat);
	printf("},\"audit_append\":{\"event_bytes\":%zu,\"entry_ids\":%zu,", event_bytes.len,
	       m.event.entries.count);
	put_lat("append", &m.append_lat);
	printf("},\"disk\":{");
	put_lat("fdatasync_overwrite", &m.sync_lat);
	printf("},\"lead_after_other_writer\":{");
	put_lat("view", &m.cold_lat);
	printf("},\"total_s\":%.1f}\n", total_s);

	for (size_t k = 0; k < COUNT(v); k++) {
		free(v[k].view.v);
		free(v[k].bare.v);
		free(v[k].load.v);
		free(v[k].filter.v);
	}
	free(m.raw_lat.v);
	free(m.append_lat.v);
	free(m.sync_lat.v);
	free(m.cold_lat.v);
	free(b.events);
	zv_buf_release(&event_bytes);
	zv_arena_release(&keep_arena);
	sqlite3_finalize(m.raw_begin);
	sqlite3_finalize(m.raw_entries);
	sqlite3_finalize(m.raw_commit);
	sqlite3_close(m.raw);
	close(m.sync_fd);
	unlink(sync_path);
	zv_audit_log_close(m.log);
	zv_store_close(m.log_store);
	zv_store_close(m.reader);
	zv_service_close(m.sv);
	zv_store_close(view_store);
	zv_wipe(&key, sizeof key);
	zv_wipe(&b.data, sizeof b.data);
	zv_arena_release(&t.a);
	zv_arena_release(&pl.arena);
	if (keep)
		fprintf(stderr, "bench_dossier: kept %s (view it: zorgvuldig --db %s --as "
				"hassan.elamrani case show %s)\n",
			pt.db, pt.db, t.ids.case_id);
	else
		remove_store(&pt);
	return 0;
}
