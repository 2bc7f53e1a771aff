/*
 * test_dossier_oracle.c — an authorization oracle for the household dossier.
 *
 * For many seeds, a fresh store is made as `init` makes one (the demo
 * pilot's configuration in force; made once with every user's credentials,
 * and copied for each seed) and a random world is built in it through
 * the services, as random professionals of the pilot would: households with
 * persons of every age band, parental authority held by none, one or two
 * parents, children who cannot judge their own interests; cases of every
 * team with members from inside and outside it in every role; entries of
 * every kind and category by random writers, with restrictions; consents of
 * every kind given by the right and the wrong people, some withdrawn, some
 * expired; disclosures; corrections, reactions, team changes, framework
 * changes and break-the-glass grants.
 *
 * The test keeps its own model of that world: what it asked for and what
 * the services accepted. From the model alone — the documents' rules for who
 * acts as what (docs/config.md), the age table (docs/decision-api.md) and
 * the full engine, zv_decide() — it predicts, for every user and every
 * entry, what the services must show: the entry in full, anonymously, or
 * not at all. The services decide with zv_decide_view() on situations they
 * build from the store, so two independent paths are compared. Every act
 * that depends on seeing an entry (correcting, reacting, sharing) and every
 * consent (refused exactly when the age table says the givers are wrong) is
 * predicted too.
 *
 * Every service call is instrumented: a call that read rows of personal
 * data (zv_store_personal_reads) must have appended an audit event (counted
 * through a second, read-only connection), and the event of a case view
 * must name the case and exactly the entries shown. The log verifies at the
 * end of every seed.
 *
 * Then the same world is served over HTTP (oracle_http.c): every user gets
 * a password from the administrator, signs in to an in-process server on
 * the same store, and every case list and case view the HTTP API gives is
 * compared with the same model, with the audit events each request
 * appended.
 *
 * ZV_ORACLE_SEEDS sets the number of seeds (default 20); ZV_ORACLE_SEED runs
 * one seed alone, to reproduce a failure; ZV_ORACLE_HTTP_EVERY replays every
 * Nth seed over HTTP (default 1, every seed; 0 never).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

#define DAY_US (86400LL * 1000000)

/* The dossier's date: every age and expiry is taken on it. */
static zv_day today(void)
{
	return zv_date_from_ymd(2026, 11, 28);
}

/* The pilot's configuration as the test reads it: the demo's, parsed once. */
static struct zv_arena config_arena;
static struct zv_config config;

/* The folder of the store in use, removed after a test even when it fails. */
static char store_dir[256];

/* The store every seed starts from (make_template), removed at the end. */
static struct {
	bool ready;
	char dir[256];
	uint8_t public_key[ZV_PUBKEY_LEN];
	struct oracle_credentials credentials;
} template_store;

/* ---- small helpers --------------------------------------------------------- */

static unsigned pick(struct world *w, unsigned n)
{
	return rng_pick(&w->rng, n);
}

static bool chance(struct world *w, unsigned percent)
{
	return pick(w, 100) < percent;
}

static struct zv_text T(const char *s)
{
	return s ? (struct zv_text){s, strlen(s)} : (struct zv_text){0};
}

static zv_personset bit(size_t i)
{
	return (zv_personset)1 << i;
}

const char *login_of(const struct world *w, size_t u)
{
	return w->cfg->professionals[u].login;
}

static bool is_professional(const struct world *w, size_t u)
{
	return (w->cfg->professionals[u].roles & ZV_ROLE_PROFESSIONAL) != 0;
}

static bool in_team(const struct zv_professional *p, const char *team)
{
	for (size_t i = 0; i < p->n_teams; i++)
		if (!strcmp(p->teams[i], team))
			return true;
	return false;
}

static const char *err_name(int rc)
{
	return zv_err_name((enum zv_err)rc);
}

int role_of(const struct m_case *c, size_t u)
{
	if (c->role[u] != ZV_CASE_ROLE_NONE)
		return c->role[u];
	return c->grant[u] ? ZV_CASE_ROLE_DIRECTLY_INVOLVED : ZV_CASE_ROLE_NONE;
}

static bool may_write(int role)
{
	return role == ZV_CASE_ROLE_LEAD || role == ZV_CASE_ROLE_DIRECTLY_INVOLVED ||
	       role == ZV_CASE_ROLE_SUBSTITUTE;
}

/* Seeing a case only through break-the-glass: that is for seeing, not acting. */
static bool by_grant(const struct m_case *c, size_t u)
{
	return c->role[u] == ZV_CASE_ROLE_NONE && c->grant[u];
}

static bool can_write(const struct m_case *c, size_t u)
{
	return may_write(c->role[u]);
}

/* What an act on a case needs: a role (else "not found", never the content),
 * a role of the team (not a break-the-glass grant), and one that may change
 * the dossier (not an advisor). */
static int case_access_rc(const struct m_case *c, size_t u)
{
	if (role_of(c, u) == ZV_CASE_ROLE_NONE)
		return ZV_ENOTFOUND;
	return can_write(c, u) ? ZV_OK : ZV_EDENIED;
}

static enum zv_org org_kind(const struct world *w, const char *id)
{
	const struct zv_organisation *o = zv_config_organisation(w->cfg, id);
	return o ? o->kind : ZV_ORG_OTHER;
}

static int person_index(const struct m_case *c, const char *id)
{
	for (size_t i = 0; i < c->n_persons; i++)
		if (!strcmp(c->persons[i].id, id))
			return (int)i;
	return -1;
}

struct m_entry *entry_by_id(struct m_case *c, const char *id)
{
	for (size_t i = 0; id && i < c->n_entries; i++)
		if (!strcmp(c->entries[i].id, id))
			return &c->entries[i];
	return NULL;
}

static void acting_of(const struct world *w, size_t u, const struct m_case *c,
		      struct m_acting *out)
{
	const struct zv_professional *p = &w->cfg->professionals[u];
	const struct zv_organisation *own = zv_config_organisation(w->cfg, p->organisation);
	assert_non_null(own);
	*out = (struct m_acting){.kind = own->kind, .org_id = own->id, .records_under = own->id};
	if (!in_team(p, c->team->id))
		return;
	if (c->team->kind == ZV_ORG_REGIONAL_SAFETY_TEAM) {
		out->kind = ZV_ORG_REGIONAL_SAFETY_TEAM;
		out->org_id = c->team->id;
		out->acting_for = own->kind;
		out->acting_for_org = own->id;
	} else if (c->team->collaboration == ZV_COLLAB_MANDATE && c->team->organisation) {
		const struct zv_organisation *mandator =
			zv_config_organisation(w->cfg, c->team->organisation);
		assert_non_null(mandator);
		out->kind = mandator->kind;
		out->org_id = mandator->id;
		out->records_under = mandator->id;
	}
}

/*
 * The age table of docs/decision-api.md ("Who gives consent"), written out
 * again from the document: who must give a consent of `kind` about person
 * `i`. False when nobody can: the age is unknown (and the person is no
 * adult or parent, who take the last column), or the parents with
 * authority must give it and nobody holds authority.
 */
static bool table_givers(const struct m_case *c, size_t i, int kind, zv_personset *out)
{
	const struct m_person *p = &c->persons[i];
	enum { AUTHORITY, CHILD, CHILD_AND_AUTHORITY, PERSON } who;
	*out = 0;
	if (kind == ZV_CONSENT_AGREEMENT) {   /* R9.4: the person's own */
		*out = bit(i);
		return true;
	}
	int age = p->age;
	if (age < 0 && (p->role == ZV_PERSON_PARENT || p->role == ZV_PERSON_ADULT))
		age = 18;
	if (age < 0)
		return false;
	if (age < 12)
		who = AUTHORITY;
	else if (age < 16)
		who = kind == ZV_CONSENT_PROCESSING  ? AUTHORITY
		      : kind == ZV_CONSENT_TREATMENT ? CHILD_AND_AUTHORITY
						     : CHILD;
	else
		who = PERSON;
	/* A child of 12 or older who is not capable is represented by the
	 * parent(s) with authority (only children are made incapable here). */
	if (p->capable == ZV_NO && who != AUTHORITY)
		who = AUTHORITY;
	switch (who) {
	case AUTHORITY:
		*out = p->holders;
		return p->holders != 0;
	case CHILD_AND_AUTHORITY:
		*out = bit(i) | p->holders;
		return p->holders != 0;
	case CHILD:
	case PERSON:
		*out = bit(i);
		return true;
	}
	return false;
}

/* ---- the store and the audit log, as a second connection sees them -------- */

int64_t oracle_clock(void *ctx)
{
	_Atomic int64_t *t = ctx;
	/* A millisecond per reading; the day never changes. */
	return atomic_fetch_add(t, 1000) + 1000;
}

uint64_t audit_size(struct world *w)
{
	struct zv_error err;
	uint64_t n = 0;
	assert_int_equal(zv_store_begin(w->ro, false, &err), ZV_OK);
	if (zv_store_audit_size(w->ro, &n, &err))
		fail_msg("audit size: %s", err.message);
	zv_store_rollback(w->ro);
	return n;
}

struct newest {
	struct zv_arena *a;
	struct zv_audit_event e;
	bool found;
};

static int take_event(void *ctx, const struct zv_audit_row *row, struct zv_error *err)
{
	struct newest *n = ctx;
	int rc = zv_audit_event_decode(row->entry, row->entry_len, n->a, &n->e, err);
	n->found = rc == ZV_OK;
	return rc;
}

void newest_event(struct world *w, struct zv_arena *a, struct zv_audit_event *out)
{
	struct zv_error err;
	struct newest n = {.a = a};
	uint64_t size = 0;
	assert_int_equal(zv_store_begin(w->ro, false, &err), ZV_OK);
	assert_int_equal(zv_store_audit_size(w->ro, &size, &err), ZV_OK);
	assert_true(size > 0);
	if (zv_store_audit_scan(w->ro, size - 1, size - 1, take_event, &n, &err))
		fail_msg("seed %llu: reading audit event %llu: %s", w->seed,
			 (unsigned long long)(size - 1), err.message);
	zv_store_rollback(w->ro);
	assert_true(n.found);
	*out = n.e;
}

/* Every service call runs between these two: a call that read personal
 * data must have appended at least one audit event. */
struct probe {
	uint64_t reads, events;
};

static void probe_begin(struct world *w, struct probe *p)
{
	p->reads = zv_store_personal_reads(w->store);
	p->events = audit_size(w);
}

static uint64_t probe_end(struct world *w, const struct probe *p, const char *what,
			  const char *login, int rc, const struct zv_error *err)
{
	uint64_t reads = zv_store_personal_reads(w->store) - p->reads;
	uint64_t events = audit_size(w) - p->events;
	w->st->calls++;
	w->st->events += events;
	if (reads)
		w->st->reading_calls++;
	if (reads && !events)
		fail_msg("seed %llu: %s as %s read %llu rows of personal data and appended no "
			 "audit event (returned %s: %s)",
			 w->seed, what, login, (unsigned long long)reads, err_name(rc),
			 rc ? err->message : "");
	return events;
}

static void expect_rc(const struct world *w, const char *what, const char *login, int got,
		      int want, const struct zv_error *err)
{
	if (got != want)
		fail_msg("seed %llu: %s as %s: expected %s, got %s (%s)", w->seed, what, login,
			 err_name(want), err_name(got), got ? err->message : "");
}

/* ---- the oracle ------------------------------------------------------------ */

/* Whether a disclosure that was carried out released the entry's content
 * to the organisation the user acts as, or to the mother organisation they
 * act for (docs/decision-api.md: data.disclosed_to_actor). */
static bool released_to(const struct m_case *c, const struct m_entry *e, const struct m_acting *a)
{
	for (size_t i = 0; i < c->n_disclosures; i++) {
		const struct m_disclosure *d = &c->disclosures[i];
		if (d->scope != ZV_SCOPE_NONE && d->scope != ZV_SCOPE_MINIMAL)
			continue;   /* existence or anonymous: no content released */
		if (strcmp(d->recipient, a->org_id) &&
		    (!a->acting_for_org || strcmp(d->recipient, a->acting_for_org)))
			continue;
		if (d->scope == ZV_SCOPE_MINIMAL && !(d->categories & e->category))
			continue;
		for (size_t k = 0; k < d->n_entries; k++)
			if (!strcmp(d->entries[k], e->id))
				return true;
	}
	return false;
}

/* Whether the people who gave a withdrawn consent gave the same kind of
 * consent about the same person again afterwards, to every one of its
 * parties and for at least its categories (each giver in a consent of their
 * own, or together): docs/dossier.md, the withdrawal is then no longer their
 * word. Re-given to some parties only, it stands. */
static bool given_again(const struct m_case *c, const struct m_consent *gone)
{
	if (!gone->n_recipients || !gone->givers)
		return false;
	for (int r = 0; r < gone->n_recipients; r++) {
		zv_personset got = 0;
		for (size_t k = 0; k < c->n_consents; k++) {
			const struct m_consent *mc = &c->consents[k];
			if (mc == gone || mc->state != ZV_CONSENT_GIVEN || mc->kind != gone->kind ||
			    mc->subject != gone->subject || mc->stamp < gone->stamp)
				continue;
			bool covers = !mc->has_categories ||
				      (gone->has_categories &&
				       !(gone->categories & ~mc->categories));
			bool names = false;
			for (int q = 0; q < mc->n_recipients && !names; q++)
				names = !strcmp(mc->recipients[q], gone->recipients[r]);
			if (covers && names)
				got |= mc->givers;
		}
		if (gone->givers & ~got)
			return false;
	}
	return true;
}

/* A consent as the engine takes it: what was recorded, in its state. */
static void oracle_consent(struct oracle *o, const struct m_case *c, const struct m_consent *mc,
			   size_t k, struct zv_consent *out)
{
	*out = (struct zv_consent){
		.kind = (enum zv_consent_kind)mc->kind,
		.given_by = mc->givers,
		.free = mc->free, .unambiguous = mc->unambiguous, .informed = mc->informed,
		.specific = mc->specific, .explicit = mc->explicit,
		.withdrawn = mc->state == ZV_CONSENT_WITHDRAWN,
		.has_recipients = mc->n_recipients > 0,
		.has_categories = mc->has_categories,
		.categories = (uint8_t)mc->categories,
		.has_valid_until = mc->has_valid_until,
		.valid_until = mc->valid_until,
		.recipient_org_ids = o->org_ids[k],
	};
	for (int r = 0; r < mc->n_recipients; r++) {
		const char *to = mc->recipients[r];
		if (!strncmp(to, "org:", 4)) {
			o->org_ids[k][out->n_recipient_org_ids++] = T(to + 4);
		} else if (!strncmp(to, "person:", 7)) {
			int i = person_index(c, to + 7);
			assert_true(i >= 0);
			out->recipient_persons |= bit((size_t)i);
		} else {
			for (int kind = 1; kind < ZV_ORG__COUNT; kind++)
				if (!strcmp(zv_org_name((enum zv_org)kind), to))
					out->recipient_orgs |= 1u << kind;
		}
	}
}

/* The situation of user `u` viewing entry `e`, from the model alone. */
static void oracle_situation(struct world *w, const struct m_case *c, size_t u,
			     const struct m_entry *e, struct m_acting *a)
{
	struct oracle *o = w->o;
	struct zv_situation *s = &o->s;
	uint32_t n_consents[MAX_PERSONS] = {0};
	for (size_t i = 0; i < c->n_persons; i++) {
		const struct m_person *p = &c->persons[i];
		o->persons[i] = (struct zv_person){
			.id = T(p->id),
			.role = (enum zv_person_role)p->role,
			.age = (int16_t)p->age,
			.capable = p->capable != ZV_NO,   /* unknown: the default, capable */
			.authority_holders = p->holders,
			.consents = o->consents[i],
		};
	}
	for (size_t k = 0; k < c->n_consents; k++) {
		const struct m_consent *mc = &c->consents[k];
		if (mc->state != ZV_CONSENT_GIVEN && mc->state != ZV_CONSENT_WITHDRAWN)
			continue;   /* asked or refused: no consent at all */
		if (mc->state == ZV_CONSENT_WITHDRAWN && given_again(c, mc))
			continue;   /* R2.5: the same people gave it again since */
		size_t i = (size_t)mc->subject;
		oracle_consent(o, c, mc, k, &o->consents[i][n_consents[i]++]);
	}
	for (size_t i = 0; i < c->n_persons; i++)
		o->persons[i].n_consents = n_consents[i];
	acting_of(w, u, c, a);
	zv_situation_init(s);
	s->date = today();
	s->action = ZV_ACTION_VIEW;
	s->actor.kind = a->kind;
	s->actor.org_id = T(a->org_id);
	s->actor.acting_for = a->acting_for;
	s->actor.acting_for_org = T(a->acting_for_org);
	s->actor.case_role = (enum zv_case_role)role_of(c, u);
	s->persons = o->persons;
	s->n_persons = (uint32_t)c->n_persons;
	s->data.about = e->subjects;
	s->data.has_categories = true;
	s->data.categories = (uint8_t)e->category;
	s->data.secrecy_holder = org_kind(w, e->holder);
	s->data.secrecy_holder_org = T(e->holder);
	s->data.disclosed_to_actor = released_to(c, e, a);
	s->data.restricted_from_actor = (e->hidden_from >> u) & 1u;
	s->data.unverified_or_opinion =
		e->kind == ZV_ENTRY_OPINION || e->kind == ZV_ENTRY_VIEW || !e->verified;
}

static enum zv_visibility visibility_of(const struct zv_decision *d)
{
	if (d->outcome == ZV_OUTCOME_ALLOWED)
		return ZV_VISIBLE;
	if (d->outcome == ZV_OUTCOME_ALLOWED_LIMITED && d->scope.kind == ZV_SCOPE_ANONYMOUS)
		return ZV_ANONYMOUS;
	return ZV_HIDDEN;
}

/* What user `u` may see of entry `e` now, by the full engine. */
enum zv_visibility oracle(struct world *w, const struct m_case *c, size_t u,
			  const struct m_entry *e)
{
	struct m_acting a;
	oracle_situation(w, c, u, e, &a);
	if (zv_decide(&w->o->s, &w->o->d, ZV_DECIDE_NO_TEXT) != ZV_OK)
		fail_msg("seed %llu: the engine could not decide the view of %s by %s", w->seed,
			 e->id, login_of(w, u));
	w->st->predictions++;
	return visibility_of(&w->o->d);
}

static const char *visibility_name(enum zv_visibility v)
{
	return v == ZV_VISIBLE ? "visible" : v == ZV_ANONYMOUS ? "anonymous" : "hidden";
}

void mismatch(struct world *w, const struct m_case *c, size_t u, const struct m_entry *e,
	      enum zv_visibility want, enum zv_visibility got, const char *by, const char *where)
{
	struct m_acting a;
	oracle_situation(w, c, u, e, &a);
	assert_int_equal(zv_decide(&w->o->s, &w->o->d, ZV_DECIDE_NO_TEXT), ZV_OK);
	enum zv_scope_kind scope;
	enum zv_outcome fast = zv_decide_view(&w->o->s, &scope);
	char subjects[256] = "";
	size_t n = 0;
	for (size_t i = 0; i < c->n_persons; i++)
		if (e->subjects & bit(i))
			n += (size_t)snprintf(subjects + n, sizeof subjects - n, "%s%s", n ? "," : "",
					      c->persons[i].id);
	fail_msg("seed %llu, case %s (team %s), user %s (role %s, acting as %s %s for %s %s), "
		 "entry %s (%s, kind %s, recorded under %s, about %s, restricted from user: %s, "
		 "disclosed to user: %s) %s: the oracle (zv_decide) says %s (%s%s%s), %s says %s; "
		 "zv_decide_view on the oracle's situation says %s",
		 w->seed, c->id, c->team->id, login_of(w, u),
		 zv_case_role_name(role_of(c, u)), zv_org_name(a.kind), a.org_id,
		 a.acting_for ? zv_org_name(a.acting_for) : "-",
		 a.acting_for_org ? a.acting_for_org : "-", e->id,
		 zv_category_name(__builtin_ctz((unsigned)e->category)), zv_entry_kind_name(e->kind),
		 e->holder, subjects, ((e->hidden_from >> u) & 1u) ? "yes" : "no",
		 w->o->s.data.disclosed_to_actor ? "yes" : "no", where, visibility_name(want),
		 zv_outcome_name(w->o->d.outcome),
		 w->o->d.outcome == ZV_OUTCOME_ALLOWED_LIMITED ? ", " : "",
		 w->o->d.outcome == ZV_OUTCOME_ALLOWED_LIMITED ? zv_scope_name(w->o->d.scope.kind)
							       : "",
		 by, visibility_name(got), zv_outcome_name(fast));
}

/* Why a sensitive entry is (not) seen, for the counts that show the test
 * reached every branch. */
static void count_verdict(struct world *w, const struct m_case *c, size_t u,
			  const struct m_entry *e, enum zv_visibility v)
{
	struct stats *st = w->st;
	if (v == ZV_VISIBLE)
		st->visible++;
	else if (v == ZV_ANONYMOUS)
		st->anonymous++;
	else
		st->hidden++;
	int role = role_of(c, u);
	if (!may_write(role))
		return;
	if ((e->hidden_from >> u) & 1u) {
		st->restricted++;
		return;
	}
	if (!(e->category & ZV_CAT_SENSITIVE))
		return;
	struct m_acting a;
	oracle_situation(w, c, u, e, &a);
	bool own = !strcmp(e->holder, a.org_id) ||
		   (a.acting_for_org && !strcmp(e->holder, a.acting_for_org));
	if (v == ZV_VISIBLE && own)
		st->sensitive_own++;
	else if (v == ZV_VISIBLE && w->o->s.data.disclosed_to_actor)
		st->sensitive_disclosed++;
	else if (v == ZV_VISIBLE)
		st->sensitive_consent++;
	else
		st->sensitive_denied++;
}

/* ---- showing a case, checked against the oracle ---------------------------- */

bool id_in(const struct zv_audit_ids *ids, const char *id)
{
	for (size_t i = 0; i < ids->count; i++)
		if (!strcmp(ids->ids[i], id))
			return true;
	return false;
}

static void check_show_event(struct world *w, const struct m_case *c, size_t u,
			     const struct zv_case_view *v, bool refused)
{
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_audit_event e;
	newest_event(w, &a, &e);
	const char *login = login_of(w, u);
	if (e.action != ZV_AUDIT_VIEW || strcmp(e.who.user, login) ||
	    e.outcome != (refused ? ZV_AUDIT_REFUSED : ZV_AUDIT_DONE) || e.cases.count != 1 ||
	    strcmp(e.cases.ids[0], c->id))
		fail_msg("seed %llu: the newest event after %s viewed %s is %s/%s by %s about %zu "
			 "case(s), not the view of that case",
			 w->seed, login, c->id, zv_audit_action_name(e.action),
			 e.outcome == ZV_AUDIT_DONE ? "done" : "refused", e.who.user, e.cases.count);
	size_t n = refused ? 0 : v->n_entries;
	if (e.entries.count != n)
		fail_msg("seed %llu: %s viewed %s and was shown %zu entries; the audit event names "
			 "%zu",
			 w->seed, login, c->id, n, e.entries.count);
	int categories = 0;
	for (size_t i = 0; i < n; i++) {
		categories |= v->entries[i].category;
		if (!id_in(&e.entries, v->entries[i].id))
			fail_msg("seed %llu: %s was shown entry %s of %s; the audit event does not "
				 "name it",
				 w->seed, login, v->entries[i].id, c->id);
	}
	size_t n_categories = 0;
	for (int b = 0; b < 4; b++)
		if (categories & (1 << b)) {
			n_categories++;
			if (!id_in(&e.categories, zv_category_name(b)))
				fail_msg("seed %llu: the view of %s by %s showed %s data; the event "
					 "does not say so",
					 w->seed, c->id, login, zv_category_name(b));
		}
	assert_int_equal(e.categories.count, n_categories);
	zv_arena_release(&a);
}

static bool set_equal(const struct m_case *c, const char *const *ids, size_t n,
		      zv_personset want)
{
	zv_personset got = 0;
	for (size_t i = 0; i < n; i++) {
		int k = person_index(c, ids[i]);
		if (k < 0)
			return false;
		got |= bit((size_t)k);
	}
	return got == want;
}

static bool shown_in_full(const struct zv_case_view *v, const char *id)
{
	for (size_t i = 0; i < v->n_entries; i++)
		if (!strcmp(v->entries[i].id, id))
			return !v->entry_anonymous[i];
	return false;
}

static void check_members_view(struct world *w, struct m_case *c, size_t u,
			       const struct zv_case_view *v)
{
	const char *login = login_of(w, u);
	int role = role_of(c, u);
	if (v->role != role || v->by_grant != (c->role[u] == ZV_CASE_ROLE_NONE) ||
	    v->anonymous != (role == ZV_CASE_ROLE_ADVISOR) || strcmp(v->c.id, c->id))
		fail_msg("seed %llu: %s sees case %s as %s (grant %d, anonymous %d); the model "
			 "says %s",
			 w->seed, login, c->id, zv_case_role_name(v->role), v->by_grant,
			 v->anonymous, zv_case_role_name(role));
	bool seen[MAX_ENTRIES] = {false};
	for (size_t i = 0; i < v->n_entries; i++) {
		const struct zv_rec_entry *got = &v->entries[i];
		struct m_entry *e = entry_by_id(c, got->id);
		if (!e)
			fail_msg("seed %llu: %s was shown entry %s in case %s, which the model does "
				 "not hold",
				 w->seed, login, got->id ? got->id : "(null)", c->id);
		size_t k = (size_t)(e - c->entries);
		if (seen[k])
			fail_msg("seed %llu: entry %s shown twice to %s", w->seed, e->id, login);
		seen[k] = true;
		enum zv_visibility want = oracle(w, c, u, e);
		enum zv_visibility is = v->entry_anonymous[i] ? ZV_ANONYMOUS : ZV_VISIBLE;
		if (want != is)
			mismatch(w, c, u, e, want, is, "the service", "in zv_case_show");
		if (got->kind != e->kind || got->category != e->category)
			fail_msg("seed %llu: entry %s shown to %s with kind %d category %d; recorded "
				 "%d %d",
				 w->seed, e->id, login, got->kind, got->category, e->kind,
				 e->category);
		if (is == ZV_ANONYMOUS) {
			if (got->text || got->source || got->subjects || got->n_subjects ||
			    got->author || got->author_org || got->secrecy_holder || got->verified_by)
				fail_msg("seed %llu: anonymous entry %s shown to %s carries text, "
					 "source, subjects or authorship",
					 w->seed, e->id, login);
			continue;
		}
		if (!got->text || strcmp(got->text, e->text) || got->version != e->version ||
		    !got->secrecy_holder || strcmp(got->secrecy_holder, e->holder) ||
		    !set_equal(c, got->subjects, got->n_subjects, e->subjects))
			fail_msg("seed %llu: entry %s shown to %s does not hold what was recorded "
				 "(text \"%s\", version %lld)",
				 w->seed, e->id, login, got->text ? got->text : "(null)",
				 (long long)got->version);
	}
	int64_t old_versions = 0, reactions = 0;
	for (size_t k = 0; k < c->n_entries; k++) {
		struct m_entry *e = &c->entries[k];
		if (seen[k]) {
			count_verdict(w, c, u, e, shown_in_full(v, e->id) ? ZV_VISIBLE : ZV_ANONYMOUS);
			if (shown_in_full(v, e->id)) {
				old_versions += e->version - 1;
				reactions += e->reactions;
			}
			continue;
		}
		enum zv_visibility want = oracle(w, c, u, e);
		if (want != ZV_HIDDEN)
			mismatch(w, c, u, e, want, ZV_HIDDEN, "the service", "in zv_case_show");
		count_verdict(w, c, u, e, ZV_HIDDEN);
	}
	/* Older versions and reactions of entries shown in full, and nothing of
	 * the others. */
	if ((int64_t)v->n_old_versions != old_versions || (int64_t)v->n_reactions != reactions)
		fail_msg("seed %llu: %s sees %zu older versions and %zu reactions in %s; the model "
			 "says %lld and %lld",
			 w->seed, login, v->n_old_versions, v->n_reactions, c->id,
			 (long long)old_versions, (long long)reactions);
	for (size_t i = 0; i < v->n_old_versions; i++)
		assert_true(shown_in_full(v, v->old_versions[i].id));
	for (size_t i = 0; i < v->n_reactions; i++)
		assert_true(shown_in_full(v, v->reactions[i].entry_id));
	for (size_t i = 0; i < v->n_disclosures; i++)
		for (size_t k = 0; k < v->disclosures[i].n_entries; k++)
			if (!shown_in_full(v, v->disclosures[i].entries[k]))
				fail_msg("seed %llu: a disclosure shown to %s names entry %s, which "
					 "%s may not see",
					 w->seed, login, v->disclosures[i].entries[k], login);
	if (role == ZV_CASE_ROLE_ADVISOR) {
		if (v->n_persons || v->persons || v->n_consents || v->consents || v->n_decisions ||
		    v->decisions || v->n_disclosures || v->n_obligations || v->household_name)
			fail_msg("seed %llu: advisor %s sees persons, consents or records of %s",
				 w->seed, login, c->id);
		for (size_t i = 0; i < v->n_history; i++)
			assert_null(v->history[i].reason);
		return;
	}
	if (v->n_persons != c->n_persons || v->n_consents != c->n_consents ||
	    !v->household_name)
		fail_msg("seed %llu: %s sees %zu persons and %zu consents in %s; the model holds "
			 "%zu and %zu",
			 w->seed, login, v->n_persons, v->n_consents, c->id, c->n_persons,
			 c->n_consents);
	for (size_t i = 0; i < v->n_persons; i++) {
		const struct zv_person_view *pv = &v->persons[i];
		int k = person_index(c, pv->p->id);
		assert_true(k >= 0);
		const struct m_person *p = &c->persons[k];
		if (pv->age != p->age || !set_equal(c, pv->authority, pv->n_authority, p->holders) ||
		    pv->p->bsn_sealed || pv->p->address_sealed)
			fail_msg("seed %llu: person %s shown to %s with age %d; the model says %d",
				 w->seed, p->id, login, pv->age, p->age);
	}
}

/* Returns the number of audit events the view appended. */
static uint64_t check_show(struct world *w, struct m_case *c, size_t u)
{
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_view v;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_case_show(w->sv, &who, c->id, &a, &v, &err);
	uint64_t events = probe_end(w, &p, "zv_case_show", login, rc, &err);
	w->st->shows++;
	if (events < 1)
		fail_msg("seed %llu: %s viewed %s without an audit event", w->seed, login, c->id);
	if (role_of(c, u) == ZV_CASE_ROLE_NONE) {
		static const struct zv_case_view empty;
		expect_rc(w, "zv_case_show (no role)", login, rc, ZV_ENOTFOUND, &err);
		if (memcmp(&v, &empty, sizeof v))
			fail_msg("seed %llu: %s has no role in %s but the view is not empty", w->seed,
				 login, c->id);
		w->st->refused_shows++;
		for (size_t k = 0; k < c->n_entries; k++) {
			enum zv_visibility want = oracle(w, c, u, &c->entries[k]);
			if (want != ZV_HIDDEN)
				mismatch(w, c, u, &c->entries[k], want, ZV_HIDDEN, "the service",
					 "without a role");
		}
		check_show_event(w, c, u, &v, true);
	} else {
		expect_rc(w, "zv_case_show", login, rc, ZV_OK, &err);
		check_members_view(w, c, u, &v);
		check_show_event(w, c, u, &v, false);
	}
	zv_arena_release(&a);
	return events;
}

/* ---- building the world through the services ------------------------------- */

/* A user to act: mostly someone with a role in the case, sometimes anyone. */
static size_t pick_actor(struct world *w, const struct m_case *c, bool writers_only)
{
	size_t with_role[MAX_USERS], n = 0;
	for (size_t u = 0; u < w->n_users; u++) {
		int role = role_of(c, u);
		if (writers_only ? may_write(role) : role != ZV_CASE_ROLE_NONE)
			with_role[n++] = u;
	}
	if (n && chance(w, 85))
		return with_role[pick(w, (unsigned)n)];
	return pick(w, (unsigned)w->n_users);
}

static size_t pick_professional(struct world *w)
{
	for (;;) {
		size_t u = pick(w, (unsigned)w->n_users);
		if (is_professional(w, u))
			return u;
	}
}

static const char *birth_date(struct world *w, int age, char out[11])
{
	unsigned r = pick(w, 10);
	int before = r < 2 ? 0 : r < 3 ? 364 : (int)pick(w, 365);   /* birthdays today, tomorrow */
	zv_date_format(zv_date_from_ymd(2026 - age, 11, 28) - before, out);
	return out;
}

static void make_persons(struct world *w, struct m_case *c, struct zv_new_person *np,
			 size_t authority[][2], char births[][11])
{
	size_t n_parents = pick(w, 3), n_children = 1 + pick(w, 3), n_adults = chance(w, 30);
	size_t n = 0;
	for (size_t i = 0; i < n_parents; i++, n++) {
		c->persons[n] = (struct m_person){.role = ZV_PERSON_PARENT,
						  .age = 24 + (int)pick(w, 30),
						  .capable = chance(w, 50) ? ZV_YES : ZV_UNKNOWN};
		if (chance(w, 10))
			c->persons[n].age = -1;
	}
	for (size_t i = 0; i < n_children; i++, n++) {
		static const int BANDS[][2] = {{0, 12}, {12, 4}, {16, 2}, {11, 2}, {15, 2}};
		const int *band = BANDS[pick(w, 5)];
		struct m_person *p = &c->persons[n];
		*p = (struct m_person){.role = ZV_PERSON_CHILD,
				       .age = band[0] + (int)pick(w, (unsigned)band[1])};
		if (chance(w, 6))
			p->age = -1;
		unsigned cap = pick(w, 4);
		p->capable = cap == 0 ? ZV_NO : cap == 1 ? ZV_UNKNOWN : ZV_YES;
		size_t holders = pick(w, (unsigned)(n_parents < 2 ? n_parents : 2) + 1);
		size_t first = n_parents ? pick(w, (unsigned)n_parents) : 0;
		for (size_t k = 0; k < holders; k++)
			p->holders |= bit((first + k) % n_parents);
	}
	for (size_t i = 0; i < n_adults; i++, n++)
		c->persons[n] = (struct m_person){.role = ZV_PERSON_ADULT,
						  .age = 18 + (int)pick(w, 60), .capable = ZV_YES};
	c->n_persons = n;
	static const char *const NAMES[] = {
		[ZV_PERSON_OTHER] = "Iemand", [ZV_PERSON_CHILD] = "Kind",
		[ZV_PERSON_PARENT] = "Ouder", [ZV_PERSON_ADULT] = "Volwassene",
	};
	for (size_t i = 0; i < n; i++) {
		struct m_person *p = &c->persons[i];
		size_t n_auth = 0;
		for (size_t k = 0; k < n; k++)
			if (p->holders & bit(k))
				authority[i][n_auth++] = k;
		np[i] = (struct zv_new_person){
			.name = NAMES[p->role],
			.role = p->role,
			.birth_date = p->age >= 0 ? birth_date(w, p->age, births[i]) : NULL,
			.capable = p->capable,
			.authority = authority[i],
			.n_authority = n_auth,
		};
	}
}

static void open_case(struct world *w)
{
	struct m_case *c = &w->cases[w->n_cases];
	memset(c, 0, sizeof *c);
	for (size_t u = 0; u < MAX_USERS; u++)
		c->role[u] = ZV_CASE_ROLE_NONE;
	c->team = &w->cfg->teams[pick(w, (unsigned)w->cfg->n_teams)];
	size_t in[MAX_USERS], n_in = 0;
	for (size_t u = 0; u < w->n_users; u++)
		if (is_professional(w, u) && in_team(&w->cfg->professionals[u], c->team->id))
			in[n_in++] = u;
	assert_true(n_in > 0);
	size_t opener = in[pick(w, (unsigned)n_in)];
	struct zv_new_person np[MAX_PERSONS];
	size_t authority[MAX_PERSONS][2];
	char births[MAX_PERSONS][11];
	make_persons(w, c, np, authority, births);
	struct zv_rec_member members[MAX_USERS];
	size_t n_members = 0;
	c->role[opener] = ZV_CASE_ROLE_LEAD;
	for (size_t k = 0, want = pick(w, 5); k < want; k++) {
		/* Mostly colleagues of the team, sometimes from outside it. */
		size_t u = chance(w, 60) ? in[pick(w, (unsigned)n_in)] : pick_professional(w);
		if (c->role[u] != ZV_CASE_ROLE_NONE)
			continue;
		/* One lead: who opens the case (others become lead by a hand-over). */
		static const int ROLES[] = {
			ZV_CASE_ROLE_DIRECTLY_INVOLVED, ZV_CASE_ROLE_DIRECTLY_INVOLVED,
			ZV_CASE_ROLE_SUBSTITUTE, ZV_CASE_ROLE_ADVISOR,
		};
		c->role[u] = ROLES[pick(w, 4)];
		members[n_members++] = (struct zv_rec_member){.login = login_of(w, u),
							      .role = c->role[u]};
	}
	c->framework = 1 + (int)pick(w, 4);
	if (c->team->kind == ZV_ORG_REGIONAL_SAFETY_TEAM && chance(w, 50))
		c->framework = ZV_FRAMEWORK_COMPULSORY;
	c->phase = (int)pick(w, ZV_PHASE__COUNT);
	c->version = 1;
	struct zv_new_case req = {
		.household_name = "Gezin Orakel", .persons = np, .n_persons = c->n_persons,
		.team = c->team->id,
		.task = !strcmp(c->team->id, "lt-noord") && chance(w, 30) ? "wmo-ondersteuning" : NULL,
		.title = "Willekeurige casus", .framework = c->framework, .phase = c->phase,
		.reason = "Aanmelding", .family_informed = chance(w, 50), .members = members,
		.n_members = n_members,
	};
	struct zv_who who = {.login = login_of(w, opener), .from = "oracle"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_ids ids;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_case_open(w->sv, &who, &req, &a, &ids, &err);
	probe_end(w, &p, "zv_case_open", who.login, rc, &err);
	expect_rc(w, "zv_case_open", who.login, rc, ZV_OK, &err);
	snprintf(c->id, sizeof c->id, "%s", ids.case_id);
	for (size_t i = 0; i < c->n_persons; i++)
		snprintf(c->persons[i].id, sizeof c->persons[i].id, "%s", ids.person_ids[i]);
	zv_arena_release(&a);
	w->n_cases++;
	w->st->cases++;
}

/* Someone outside the team may not open its cases (nothing is read). */
static void open_case_outside(struct world *w)
{
	const struct zv_team *team = &w->cfg->teams[pick(w, (unsigned)w->cfg->n_teams)];
	size_t u = pick(w, (unsigned)w->n_users);
	if (is_professional(w, u) && in_team(&w->cfg->professionals[u], team->id))
		return;
	struct zv_new_person np = {.name = "Iemand", .role = ZV_PERSON_ADULT};
	struct zv_new_case req = {.household_name = "Gezin", .persons = &np, .n_persons = 1,
				  .team = team->id, .title = "Casus",
				  .framework = ZV_FRAMEWORK_VOLUNTARY, .reason = "Aanmelding"};
	struct zv_who who = {.login = login_of(w, u), .from = "oracle"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_ids ids;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_case_open(w->sv, &who, &req, &a, &ids, &err);
	probe_end(w, &p, "zv_case_open (outside the team)", who.login, rc, &err);
	expect_rc(w, "zv_case_open (outside the team)", who.login, rc, ZV_EDENIED, &err);
	zv_arena_release(&a);
}

static zv_personset some_persons(struct world *w, const struct m_case *c, size_t max)
{
	zv_personset set = 0;
	for (size_t k = 0, n = 1 + pick(w, (unsigned)max); k < n; k++)
		set |= bit(pick(w, (unsigned)c->n_persons));
	return set;
}

static size_t ids_of(const struct m_case *c, zv_personset set, const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_persons; i++)
		if (set & bit(i))
			out[n++] = c->persons[i].id;
	return n;
}

/* The organisation a user acts as or for: who a consent or a disclosure
 * must name to release something to them. */
static const char *release_org(const struct world *w, size_t u, const struct m_case *c)
{
	struct m_acting a;
	acting_of(w, u, c, &a);
	return a.acting_for_org ? a.acting_for_org : a.org_id;
}

/* A sensitive entry that a member who may see the case does not see, for
 * want of a release (not for a restriction): what consents and disclosures
 * are about. False when the case has none. */
static bool find_unreleased(struct world *w, struct m_case *c, struct m_entry **entry,
			    size_t *viewer)
{
	if (!c->n_entries)
		return false;
	size_t start = pick(w, (unsigned)c->n_entries), first_user = pick(w, (unsigned)w->n_users);
	for (size_t i = 0; i < c->n_entries; i++) {
		struct m_entry *e = &c->entries[(start + i) % c->n_entries];
		if (!(e->category & ZV_CAT_SENSITIVE))
			continue;
		for (size_t k = 0; k < w->n_users; k++) {
			size_t u = (first_user + k) % w->n_users;
			if (!may_write(role_of(c, u)) || ((e->hidden_from >> u) & 1u) ||
			    oracle(w, c, u, e) != ZV_HIDDEN)
				continue;
			*entry = e;
			*viewer = u;
			return true;
		}
	}
	return false;
}

static void op_entry(struct world *w, struct m_case *c)
{
	if (c->n_entries == MAX_ENTRIES)
		return;
	size_t u = pick_actor(w, c, true);
	struct m_entry *e = &c->entries[c->n_entries];
	memset(e, 0, sizeof *e);
	e->kind = (int)pick(w, ZV_ENTRY__COUNT);
	e->category = chance(w, 40) ? ZV_CAT_ORDINARY : 1 << (1 + pick(w, 3));
	e->verified = chance(w, 60);
	e->subjects = chance(w, 60) ? bit(pick(w, (unsigned)c->n_persons)) : some_persons(w, c, 3);
	e->version = 1;
	char text[sizeof e->text];   /* e->text and c->id are parts of one world */
	snprintf(text, sizeof text, "Aantekening %zu in %s (seed %llu)", c->n_entries, c->id,
		 w->seed);
	memcpy(e->text, text, sizeof text);
	const char *subjects[MAX_PERSONS], *hidden[MAX_USERS], *hidden_persons[1];
	size_t n_subjects = ids_of(c, e->subjects, subjects), n_hidden = 0, n_hidden_persons = 0;
	if (chance(w, 25))
		for (size_t k = 0, n = 1 + pick(w, 2); k < n; k++) {
			size_t v = pick(w, (unsigned)w->n_users);
			if (!((e->hidden_from >> v) & 1u)) {
				e->hidden_from |= 1u << v;
				hidden[n_hidden++] = login_of(w, v);
			}
		}
	if (chance(w, 15))
		hidden_persons[n_hidden_persons++] = c->persons[pick(w, (unsigned)c->n_persons)].id;
	struct zv_new_entry req = {
		.kind = e->kind, .category = e->category, .source = "eigen waarneming",
		.text = e->text, .subjects = subjects, .n_subjects = n_subjects,
		.verified = e->verified,
		.hidden_from_logins = hidden, .n_hidden_from_logins = n_hidden,
		.hidden_from_persons = hidden_persons, .n_hidden_from_persons = n_hidden_persons,
		.restriction_reason = n_hidden || n_hidden_persons ? "voor iemands veiligheid" : NULL,
		.proportionate = ZV_YES, .beyond_necessary = ZV_NO, .informed_beforehand = ZV_YES,
	};
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_refusal refusal;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_entry_add(w->sv, &who, c->id, &req, &a, e->id, &refusal, &err);
	probe_end(w, &p, "zv_entry_add", login, rc, &err);
	int want = case_access_rc(c, u);
	if (want == ZV_OK && c->phase == ZV_PHASE_CLOSED)
		want = ZV_ECONFLICT;   /* a closed case takes no new entries */
	if (want != ZV_OK) {
		expect_rc(w, "zv_entry_add", login, rc, want, &err);
	} else if (rc == ZV_EDENIED || rc == ZV_EINPUT) {
		if (!refusal.has_decision || !refusal.decision)
			fail_msg("seed %llu: entry refused to %s (%s) without the engine's decision",
				 w->seed, login, err.message);
		w->st->entries_refused++;   /* R13.3 and the engine's `record` */
	} else {
		expect_rc(w, "zv_entry_add", login, rc, ZV_OK, &err);
	}
	if (rc == ZV_OK) {
		struct m_acting act;
		acting_of(w, u, c, &act);
		e->holder = act.records_under;
		c->n_entries++;
		w->st->entries++;
		if (e->category & ZV_CAT_SENSITIVE)
			w->st->entries_sensitive++;
	}
	zv_arena_release(&a);
}

/* A recipient for a consent: often the organisation (or its kind) someone
 * on the case acts as, so that consents matter. */
static void pick_recipient(struct world *w, const struct m_case *c, char *out, size_t cap)
{
	static const char *const KINDS[] = {"veilig_thuis", "rvdk", "gi", "local_team",
					    "youth_care", "ggz", "regional_safety_team", "gp",
					    "school"};
	unsigned r = pick(w, 10);
	if (r < 5) {
		size_t u = pick_actor(w, c, false);
		struct m_acting a;
		acting_of(w, u, c, &a);
		const char *org = a.acting_for_org && chance(w, 70) ? a.acting_for_org : a.org_id;
		if (chance(w, 70))
			snprintf(out, cap, "org:%s", org);
		else
			snprintf(out, cap, "%s", zv_org_name(org_kind(w, org) == ZV_ORG_OTHER
								      ? a.kind
								      : org_kind(w, org)));
	} else if (r < 7) {
		snprintf(out, cap, "org:%s",
			 w->cfg->organisations[pick(w, (unsigned)w->cfg->n_organisations)].id);
	} else if (r < 9) {
		snprintf(out, cap, "%s", KINDS[pick(w, sizeof KINDS / sizeof *KINDS)]);
	} else {
		snprintf(out, cap, "person:%s", c->persons[pick(w, (unsigned)c->n_persons)].id);
	}
}

static void op_consent(struct world *w, struct m_case *c)
{
	if (c->n_consents == MAX_CONSENTS)
		return;
	size_t u = pick_actor(w, c, true);
	struct m_consent *k = &c->consents[c->n_consents];
	memset(k, 0, sizeof *k);
	/* Half of them about an entry someone on the case may not see yet. */
	struct m_entry *target = NULL;
	size_t viewer = 0;
	bool targeted = chance(w, 50) && find_unreleased(w, c, &target, &viewer);
	k->subject = (int)pick(w, (unsigned)c->n_persons);
	if (targeted)
		while (!(target->subjects & bit((size_t)k->subject)))
			k->subject = (int)pick(w, (unsigned)c->n_persons);
	static const int KINDS[] = {ZV_CONSENT_SECRECY_RELEASE, ZV_CONSENT_SECRECY_RELEASE,
				    ZV_CONSENT_SECRECY_RELEASE, ZV_CONSENT_SECRECY_RELEASE,
				    ZV_CONSENT_PROCESSING, ZV_CONSENT_TREATMENT,
				    ZV_CONSENT_PARTICIPATION, ZV_CONSENT_AGREEMENT};
	k->kind = targeted ? ZV_CONSENT_SECRECY_RELEASE : KINDS[pick(w, sizeof KINDS / sizeof *KINDS)];
	unsigned s = pick(w, 10);
	k->state = s == 0 ? ZV_CONSENT_REQUESTED : s == 1 ? ZV_CONSENT_REFUSED : ZV_CONSENT_GIVEN;
	zv_personset required = 0;
	bool known = table_givers(c, (size_t)k->subject, k->kind, &required);
	if (known && chance(w, targeted ? 90 : 65)) {   /* the right people: all of them, or one */
		k->givers = required;
		if (chance(w, 25)) {
			size_t bits[MAX_PERSONS], n_bits = 0;
			for (size_t i = 0; i < c->n_persons; i++)
				if (required & bit(i))
					bits[n_bits++] = i;
			k->givers = bit(bits[pick(w, (unsigned)n_bits)]);
		}
	} else {
		k->givers = some_persons(w, c, 2);
	}
	k->free = chance(w, 93);
	k->unambiguous = chance(w, 95);
	k->informed = chance(w, 95);
	k->specific = chance(w, 95);
	k->explicit = chance(w, 85);
	if (targeted && chance(w, 70))
		k->free = k->unambiguous = k->informed = k->specific = k->explicit = true;
	k->n_recipients = chance(w, 7) ? 0 : 1 + (int)pick(w, MAX_RECIPIENTS);
	for (int r = 0; r < k->n_recipients; r++)
		pick_recipient(w, c, k->recipients[r], sizeof k->recipients[r]);
	k->has_categories = chance(w, 40);
	k->categories = 1 + (int)pick(w, ZV_CAT_ALL);
	if (targeted) {
		const char *org = release_org(w, viewer, c);
		if (chance(w, 75))
			snprintf(k->recipients[0], sizeof k->recipients[0], "org:%s", org);
		else
			snprintf(k->recipients[0], sizeof k->recipients[0], "%s",
				 zv_org_name(org_kind(w, org)));
		if (!k->n_recipients)
			k->n_recipients = 1;
		if (chance(w, 80))
			k->categories |= target->category;
	}
	for (int r = 1; r < k->n_recipients; r++)   /* a party is named once (or refused) */
		for (int q = 0; q < r; q++)
			if (!strcmp(k->recipients[r], k->recipients[q])) {
				memmove(k->recipients[r], k->recipients[k->n_recipients - 1],
					sizeof k->recipients[r]);
				k->n_recipients--;
				r--;
				break;
			}
	unsigned v = pick(w, 10);
	k->has_valid_until = v < 4;
	k->valid_until = v == 0 ? today() - 1 - (zv_day)pick(w, 60)
			 : v == 1 ? today()
			 : v == 2 ? today() + 1
				  : today() + 30 + (zv_day)pick(w, 300);
	k->version = 1;
	const char *givers[MAX_PERSONS], *recipients[MAX_RECIPIENTS];
	size_t n_givers = ids_of(c, k->givers, givers);
	for (int r = 0; r < k->n_recipients; r++)
		recipients[r] = k->recipients[r];
	char until[11];
	zv_date_format(k->valid_until, until);
	struct zv_new_consent req = {
		.subject = c->persons[k->subject].id, .kind = k->kind,
		.purpose = "Overleg in het team",
		.recipients = recipients, .n_recipients = (size_t)k->n_recipients,
		.has_categories = k->has_categories, .categories = k->categories,
		.givers = givers, .n_givers = n_givers, .state = k->state,
		.free = k->free, .unambiguous = k->unambiguous, .informed = k->informed,
		.specific = k->specific, .explicit = k->explicit,
		.how_obtained = "mondeling, huisbezoek", .present = "het gezin",
		.valid_until = k->has_valid_until ? until : NULL,
	};
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_consent_record(w->sv, &who, c->id, &req, k->id, &err);
	probe_end(w, &p, "zv_consent_record", login, rc, &err);
	int want = case_access_rc(c, u);
	bool givers_ok = known && k->givers && !(k->givers & ~required);
	if (want == ZV_OK && k->state != ZV_CONSENT_REQUESTED && !givers_ok)
		want = ZV_EINPUT;   /* R9.2: refused, saying who must give it */
	if (rc != want)
		fail_msg("seed %llu: a %s consent about %s (age %d, capable %d, %s) given by %#llx "
			 "(the table asks %#llx%s): expected %s, got %s (%s)",
			 w->seed, zv_consent_kind_name(k->kind), c->persons[k->subject].id,
			 c->persons[k->subject].age, c->persons[k->subject].capable,
			 zv_person_role_name(c->persons[k->subject].role),
			 (unsigned long long)k->givers, (unsigned long long)required,
			 known ? "" : ", nobody can", err_name(want), err_name(rc),
			 rc ? err.message : "");
	if (want == ZV_EINPUT)
		w->st->consents_refused++;
	if (rc == ZV_OK) {
		k->stamp = ++w->tick;
		c->n_consents++;
		w->st->consents++;
		if (k->has_valid_until && k->valid_until < today())
			w->st->expired++;
	}
}

static void op_withdraw(struct world *w, struct m_case *c)
{
	if (!c->n_consents)
		return;
	struct m_consent *k = &c->consents[pick(w, (unsigned)c->n_consents)];
	for (size_t i = 0, first = pick(w, (unsigned)c->n_consents); i < c->n_consents; i++) {
		struct m_consent *o = &c->consents[(first + i) % c->n_consents];
		if (o->state == ZV_CONSENT_GIVEN && o->kind == ZV_CONSENT_SECRECY_RELEASE &&
		    chance(w, 75)) {
			k = o;   /* mostly one that releases something */
			break;
		}
	}
	size_t u = pick_actor(w, c, true);
	int by = (int)pick(w, (unsigned)c->n_persons);
	if (k->givers && chance(w, 80))
		while (!(k->givers & bit((size_t)by)))
			by = (int)pick(w, (unsigned)c->n_persons);
	bool participation = k->kind == ZV_CONSENT_PARTICIPATION;
	enum zv_withdrawal_choice choice = ZV_WITHDRAW_NOT_PARTICIPATION;
	if (participation)   /* R9.3: stop, hand over, or continue under a measure */
		choice = (enum zv_withdrawal_choice)(1 + pick(w, 3));
	bool stale = chance(w, 8);
	int want = case_access_rc(c, u);
	if (want == ZV_OK && k->state != ZV_CONSENT_GIVEN)
		want = ZV_ECONFLICT;   /* nothing in force to withdraw */
	else if (want == ZV_OK && !(k->givers & bit((size_t)by)))
		want = ZV_EINPUT;      /* a giver withdraws */
	else if (want == ZV_OK && stale)
		want = ZV_ECONFLICT;
	else if (want == ZV_OK && choice == ZV_WITHDRAW_CONTINUE_COMPULSORY &&
		 c->framework != ZV_FRAMEWORK_COMPULSORY)
		want = ZV_EINPUT;      /* R9.3 */
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	struct zv_withdrawal_result result;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_consent_withdraw(w->sv, &who, c->id, k->id, k->version + (stale ? 1 : 0),
				     c->persons[by].id, choice, "ingetrokken", &result, &err);
	probe_end(w, &p, "zv_consent_withdraw", login, rc, &err);
	expect_rc(w, "zv_consent_withdraw", login, rc, want, &err);
	if (rc)
		return;
	k->state = ZV_CONSENT_WITHDRAWN;
	k->stamp = ++w->tick;
	k->version++;
	w->st->withdrawals++;
	if (choice == ZV_WITHDRAW_STOP) {
		c->phase = ZV_PHASE_CLOSED;
		c->version++;
	} else if (choice == ZV_WITHDRAW_HAND_OVER) {
		c->framework = ZV_FRAMEWORK_COMPULSORY;
		c->version++;
	}
}

static void op_member(struct world *w, struct m_case *c)
{
	size_t u = pick_actor(w, c, false);
	size_t target = pick_professional(w);
	if (chance(w, 10))
		target = u;
	static const int ROLES[] = {ZV_CASE_ROLE_LEAD, ZV_CASE_ROLE_DIRECTLY_INVOLVED,
				    ZV_CASE_ROLE_DIRECTLY_INVOLVED, ZV_CASE_ROLE_SUBSTITUTE,
				    ZV_CASE_ROLE_ADVISOR, ZV_CASE_ROLE_ADVISOR};
	int new_role = ROLES[pick(w, sizeof ROLES / sizeof *ROLES)];
	int role = role_of(c, u);
	int want = !is_professional(w, target) ? ZV_EINPUT   /* a team has professionals only */
		   : role == ZV_CASE_ROLE_NONE ? ZV_ENOTFOUND
		   : role != ZV_CASE_ROLE_LEAD ? ZV_EDENIED
		   : target == u && new_role != ZV_CASE_ROLE_LEAD ? ZV_EINPUT
								     : ZV_OK;
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	struct zv_rec_member m = {.login = login_of(w, target), .role = new_role};
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_case_member_set(w->sv, &who, c->id, &m, &err);
	probe_end(w, &p, "zv_case_member_set", login, rc, &err);
	expect_rc(w, "zv_case_member_set", login, rc, want, &err);
	if (rc)
		return;
	if (new_role == ZV_CASE_ROLE_LEAD && target != u)
		c->role[u] = ZV_CASE_ROLE_DIRECTLY_INVOLVED;   /* one lead hands over */
	c->role[target] = new_role;
}

static struct m_entry *pick_entry(struct world *w, struct m_case *c)
{
	return c->n_entries ? &c->entries[pick(w, (unsigned)c->n_entries)] : NULL;
}

static void op_correct(struct world *w, struct m_case *c)
{
	struct m_entry *e = pick_entry(w, c);
	if (!e)
		return;
	size_t u = pick_actor(w, c, true);
	bool stale = chance(w, 10);
	enum zv_visibility v = oracle(w, c, u, e);
	int want = v != ZV_VISIBLE ? ZV_ENOTFOUND
		   : by_grant(c, u)  ? ZV_EDENIED
		   : stale	     ? ZV_ECONFLICT
				     : ZV_OK;
	char text[128];
	snprintf(text, sizeof text, "%.60s (gecorrigeerd %lld)", e->text, (long long)e->version);
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	int64_t version = 0;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_entry_correct(w->sv, &who, e->id, e->version + (stale ? 1 : 0), text,
				  "feitelijke onjuistheid", &version, &err);
	probe_end(w, &p, "zv_entry_correct", login, rc, &err);
	if ((rc == ZV_ENOTFOUND) != (want == ZV_ENOTFOUND))
		mismatch(w, c, u, e, v, rc == ZV_ENOTFOUND ? ZV_HIDDEN : ZV_VISIBLE, "the service",
			 "when correcting it");
	expect_rc(w, "zv_entry_correct", login, rc, want, &err);
	if (rc)
		return;
	assert_int_equal(version, e->version + 1);
	e->version = version;
	e->verified = false;   /* the new text is not verified until someone does */
	snprintf(e->text, sizeof e->text, "%s", text);
	w->st->corrections++;
}

static void op_react(struct world *w, struct m_case *c)
{
	struct m_entry *e = pick_entry(w, c);
	if (!e)
		return;
	size_t u = pick_actor(w, c, true);
	size_t person = pick(w, (unsigned)c->n_persons);
	enum zv_visibility v = oracle(w, c, u, e);
	int want = v != ZV_VISIBLE ? ZV_ENOTFOUND
		   : by_grant(c, u)  ? ZV_EDENIED
		   : (e->subjects & bit(person)) ? ZV_OK
						 : ZV_EINPUT;   /* R7.3: persons concerned react */
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	char id[64];
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_entry_react(w->sv, &who, e->id, c->persons[person].id, "Dat klopt niet.", id,
				&err);
	probe_end(w, &p, "zv_entry_react", login, rc, &err);
	if ((rc == ZV_ENOTFOUND) != (want == ZV_ENOTFOUND))
		mismatch(w, c, u, e, v, rc == ZV_ENOTFOUND ? ZV_HIDDEN : ZV_VISIBLE, "the service",
			 "when reacting to it");
	expect_rc(w, "zv_entry_react", login, rc, want, &err);
	if (rc)
		return;
	e->reactions++;
	w->st->reactions++;
}

static void op_disclose(struct world *w, struct m_case *c)
{
	if (!c->n_entries || c->n_disclosures == MAX_DISCLOSURES)
		return;
	size_t u = pick_actor(w, c, true);
	bool rvt_to_gi = false;
	struct m_entry *target = NULL;
	size_t viewer = 0, sharer = 0;
	bool targeted = chance(w, 50) && find_unreleased(w, c, &target, &viewer);
	for (size_t k = 0; targeted && k < w->n_users; k++) {
		sharer = (viewer + 1 + k) % w->n_users;
		if (can_write(c, sharer) && oracle(w, c, sharer, target) == ZV_VISIBLE)
			break;
		if (k + 1 == w->n_users)
			targeted = false;   /* nobody on the case may share it */
	}
	if (targeted)
		u = sharer;
	else if (c->team->kind == ZV_ORG_REGIONAL_SAFETY_TEAM && chance(w, 70))
		for (size_t k = 0, first = pick(w, (unsigned)w->n_users); k < w->n_users; k++) {
			size_t v = (first + k) % w->n_users;   /* Veilig Thuis in the RVT */
			const char *org = w->cfg->professionals[v].organisation;
			if (can_write(c, v) && org_kind(w, org) == ZV_ORG_VEILIG_THUIS) {
				u = v;
				rvt_to_gi = true;
				break;
			}
		}
	/* What to share: entries the discloser sees in full, and now and then
	 * one they do not. */
	const char *ids[4];
	size_t n = 0;
	bool all_visible = true;
	if (targeted)
		ids[n++] = target->id;
	for (size_t tries = 0; tries < 12 && n < (targeted ? 1 + pick(w, 2) : 3); tries++) {
		struct m_entry *e = pick_entry(w, c);
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			dup |= !strcmp(ids[k], e->id);
		if (dup)
			continue;
		bool visible = oracle(w, c, u, e) == ZV_VISIBLE;
		if (!visible && !chance(w, 15))
			continue;
		all_visible &= visible;
		ids[n++] = e->id;
	}
	if (!n)
		return;
	static const char *const RECIPIENTS[] = {"gi-jbzw", "rvdk-zuidwest", "vt-zuidwest",
						 "ggz-zuidwest", "lt-noord", "lt-zuid", "jh-kompas"};
	static const char *const GROUNDS[] = {"legal_power", "legal_power", "consent",
					      "directly_involved"};
	const char *recipient = rvt_to_gi ? "gi-jbzw" : RECIPIENTS[pick(w, 7)];
	const char *ground = rvt_to_gi ? "legal_power" : GROUNDS[pick(w, 4)];
	bool involved = chance(w, 50), own_initiative = rvt_to_gi || chance(w, 50);
	if (targeted) {   /* to the viewer's organisation, on a ground that holds for it */
		recipient = release_org(w, viewer, c);
		enum zv_org kind = org_kind(w, recipient);
		bool power = kind == ZV_ORG_RVDK || kind == ZV_ORG_VEILIG_THUIS ||
			     (kind == ZV_ORG_GI && c->framework == ZV_FRAMEWORK_COMPULSORY);
		ground = power ? "legal_power" : "directly_involved";
		involved = true;
		own_initiative = kind == ZV_ORG_GI;   /* Jeugdwet 7.3.11(4) */
	}
	enum zv_org by_kind = !targeted && chance(w, 8) ? ZV_ORG_POLICE : ZV_ORG_NONE;
	char answers[1024];
	snprintf(answers, sizeof answers,
		 "{\"data\":{\"existence_suffices\":false,\"anonymous_suffices\":false,"
		 "\"proportionate\":true,\"beyond_necessary\":false,"
		 "\"obtainable_from_subjects\":false,\"necessity_substantiated\":true},"
		 "\"purpose\":{\"domestic_violence_concern\":true},"
		 "\"counterparty\":{\"own_legal_basis\":true,\"directly_involved\":%s},"
		 "\"secrecy_ground\":\"%s\","
		 "\"transparency\":{\"informed_beforehand\":false,"
		 "\"reason_not_informed\":\"safety\"}}",
		 involved ? "true" : "false", ground);
	bool carry_out = targeted || chance(w, 80);
	struct zv_disclosure_request req = {
		.case_id = c->id, .entries = ids, .n_entries = n,
		.recipient_org = by_kind ? NULL : recipient, .recipient_kind = by_kind,
		.purpose = "Veiligheid van de kinderen",
		.initiative = own_initiative ? ZV_INITIATIVE_OWN : ZV_INITIATIVE_REQUEST,
		.answers_json = answers,
	};
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_disclosure_result out;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_disclose(w->sv, &who, &req, carry_out, &a, &out, &err);
	probe_end(w, &p, carry_out ? "zv_disclose" : "zv_disclose (prepare)", login, rc, &err);
	int want = case_access_rc(c, u);
	if (want == ZV_OK && c->phase == ZV_PHASE_CLOSED)
		want = ZV_ECONFLICT;   /* nothing is shared from a closed case */
	else if (want == ZV_OK && !all_visible)
		want = ZV_ENOTFOUND;   /* what you may not see, you cannot share */
	if (want != ZV_OK || !carry_out || (rc != ZV_EDENIED && rc != ZV_EINPUT))
		expect_rc(w, carry_out ? "zv_disclose" : "zv_disclose (prepare)", login, rc, want,
			  &err);
	if (rc || !carry_out) {
		if (rc)
			w->st->disclosures_refused++;
		if (rc && (out.disclosure_id[0] || out.n_released))
			fail_msg("seed %llu: a refused disclosure by %s released something", w->seed,
				 login);
		zv_arena_release(&a);
		return;
	}
	assert_non_null(out.decision);
	assert_true(out.disclosure_id[0] != '\0');
	const struct zv_decision *d = out.decision;
	if (d->outcome == ZV_OUTCOME_ALLOWED)
		assert_int_equal(out.n_released, n);   /* exactly what was asked */
	struct m_disclosure *md = &c->disclosures[c->n_disclosures++];
	memset(md, 0, sizeof *md);
	snprintf(md->recipient, sizeof md->recipient, "%s",
		 by_kind ? zv_org_name(by_kind) : recipient);
	md->scope = d->outcome == ZV_OUTCOME_ALLOWED_LIMITED ? (int)d->scope.kind : ZV_SCOPE_NONE;
	int categories = 0;
	for (size_t k = 0; k < n; k++)
		categories |= entry_by_id(c, ids[k])->category;
	md->categories = d->scope.has_categories ? d->scope.categories : categories;
	for (size_t k = 0; k < out.n_released; k++) {
		bool asked = false;
		for (size_t i = 0; i < n; i++)
			asked |= !strcmp(ids[i], out.released[k]);
		assert_true(asked);   /* never more than was asked */
		snprintf(md->entries[md->n_entries++], ID_LEN, "%s", out.released[k]);
	}
	w->st->disclosures++;
	zv_arena_release(&a);
}

static void op_break_glass(struct world *w, struct m_case *c)
{
	size_t u = pick(w, (unsigned)w->n_users);
	int want = !is_professional(w, u)		 ? ZV_EDENIED
		   : role_of(c, u) != ZV_CASE_ROLE_NONE ? ZV_EINPUT
							 : ZV_OK;
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	char id[64];
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_break_glass(w->sv, &who, c->id, "acuut gevaar, regievoerder onbereikbaar",
				1 + (int)pick(w, 72), id, &err);
	probe_end(w, &p, "zv_break_glass", login, rc, &err);
	expect_rc(w, "zv_break_glass", login, rc, want, &err);
	if (!rc) {
		c->grant[u] = true;
		w->st->grants++;
	}
}

static void op_change(struct world *w, struct m_case *c)
{
	size_t u = pick_actor(w, c, true);
	bool stale = chance(w, 10);
	int framework = 1 + (int)pick(w, 4), phase = (int)pick(w, ZV_PHASE__COUNT);
	int want = case_access_rc(c, u);
	if (want == ZV_OK && stale)
		want = ZV_ECONFLICT;
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	int64_t version = 0;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_case_change(w->sv, &who, c->id, c->version + (stale ? 1 : 0), framework, phase,
				"Nieuwe afspraken", chance(w, 50), &version, &err);
	probe_end(w, &p, "zv_case_change", login, rc, &err);
	expect_rc(w, "zv_case_change", login, rc, want, &err);
	if (rc)
		return;
	assert_int_equal(version, c->version + 1);
	c->version = version;
	c->framework = framework;
	c->phase = phase;
}

/* ---- reads besides a case view ---------------------------------------------- */

/* Returns the number of audit events zv_case_list appended. */
static uint64_t check_lists(struct world *w, size_t u)
{
	const char *login = login_of(w, u);
	struct zv_who who = {.login = login, .from = "oracle"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_summary *cases;
	size_t n;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_case_list(w->sv, &who, &a, &cases, &n, &err);
	uint64_t list_events = probe_end(w, &p, "zv_case_list", login, rc, &err);
	expect_rc(w, "zv_case_list", login, rc, ZV_OK, &err);
	size_t want = 0;
	for (size_t i = 0; i < w->n_cases; i++) {
		const struct m_case *c = &w->cases[i];
		if (role_of(c, u) == ZV_CASE_ROLE_NONE)
			continue;
		want++;
		bool listed = false;
		for (size_t k = 0; k < n; k++)
			if (!strcmp(cases[k].c.id, c->id)) {
				listed = true;
				assert_int_equal(cases[k].role, c->role[u]);
			}
		if (!listed)
			fail_msg("seed %llu: %s has a role in %s, which zv_case_list leaves out",
				 w->seed, login, c->id);
	}
	if (n != want)
		fail_msg("seed %llu: zv_case_list gives %s %zu cases; the model %zu", w->seed, login,
			 n, want);
	struct zv_rec_obligation *obligations;
	probe_begin(w, &p);
	rc = zv_obligation_list(w->sv, &who, &a, &obligations, &n, &err);
	probe_end(w, &p, "zv_obligation_list", login, rc, &err);
	expect_rc(w, "zv_obligation_list", login, rc, ZV_OK, &err);
	struct zv_rec_break_glass *grants;
	probe_begin(w, &p);
	rc = zv_break_glass_pending(w->sv, &who, &a, &grants, &n, &err);
	probe_end(w, &p, "zv_break_glass_pending", login, rc, &err);
	bool officer = (w->cfg->professionals[u].roles & ZV_ROLE_PRIVACY_OFFICER) != 0;
	expect_rc(w, "zv_break_glass_pending", login, rc, officer ? ZV_OK : ZV_EDENIED, &err);
	zv_arena_release(&a);
	return list_events;
}

/* ---- one seed ----------------------------------------------------------------- */

/* A new store at `db` with its keys in `keys`, as `zorgvuldig init
 * --config` makes one (src/cli/cmd_init.c): the store, the keys, the signed
 * empty log, its first event, the configuration. */
static void init_store(const char *db, const char *keys, uint8_t public_key[ZV_PUBKEY_LEN])
{
	struct zv_error err;
	struct zv_store *store;
	struct zv_signing_key key;
	struct zv_data_key data;
	struct zv_audit_log *log;
	assert_int_equal(zv_store_open(db, ZV_STORE_CREATE, &store, &err), ZV_OK);
	assert_int_equal(zv_keys_create(keys, &key, &err), ZV_OK);
	assert_int_equal(zv_data_key_open(keys, &data, &err), ZV_OK);
	assert_int_equal(zv_audit_log_open(store, &key, NULL, &log, &err), ZV_OK);
	assert_int_equal(zv_audit_log_start(log, &err), ZV_OK);
	struct zv_audit_event e = {.action = ZV_AUDIT_CONFIG_CHANGE, .outcome = ZV_AUDIT_DONE,
				   .who = {.user = "oracle", .role = "administrator"},
				   .from = "test", .detail = "store created"};
	assert_int_equal(zv_audit_append(log, &e, 1, NULL, NULL, &err), ZV_OK);
	if (zv_config_install(log, zv_config_demo_json, "oracle", "test", &err))
		fail_msg("installing the demo configuration: %s", err.message);
	zv_audit_log_close(log);
	zv_store_close(store);
	memcpy(public_key, key.public_key, ZV_PUBKEY_LEN);
	zv_wipe(&key, sizeof key);
	zv_wipe(&data, sizeof data);
}

/* Remove a folder made below, if any; then there is none. */
static void remove_folder(char *dir)
{
	if (!dir[0])
		return;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	dir[0] = '\0';
}

/* A new folder NAME-XXXXXX under $TMPDIR (or /tmp). */
static void temporary_folder(char *dir, size_t cap, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, cap, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	assert_non_null(mkdtemp(dir));
}

/* 08:00 on the dossier's date, where every store's clock starts. */
static int64_t start_of_day(void)
{
	return (int64_t)today() * DAY_US + 8 * 3600LL * 1000000;
}

/* The template every seed's store is copied from: made once, with every
 * user's credentials given by the administrator (oracle_http.c; argon2id
 * makes that the slowest part of a store, so it is done once). */
static void make_template(void)
{
	struct zv_error err;
	char db[300], keys[400];
	remove_folder(template_store.dir);   /* what a failed attempt left */
	temporary_folder(template_store.dir, sizeof template_store.dir, "zv-oracle-template");
	snprintf(db, sizeof db, "%s/z.db", template_store.dir);
	assert_int_equal(zv_key_dir_for(db, keys, sizeof keys, &err), ZV_OK);
	init_store(db, keys, template_store.public_key);
	_Atomic int64_t clock = start_of_day();
	struct zv_service_options o = {.now_us = oracle_clock, .clock_ctx = &clock};
	struct zv_store *store;
	struct zv_service *sv;
	assert_int_equal(zv_store_open(db, ZV_STORE_OPEN, &store, &err), ZV_OK);
	if (zv_service_open(store, keys, &o, &sv, &err))
		fail_msg("opening the services: %s", err.message);
	oracle_credentials_give(sv, &config, &template_store.credentials);
	zv_service_close(sv);
	zv_store_close(store);
	template_store.ready = true;
}

/* A fresh store for a seed: a copy of the template, its services on a
 * clock of their own, and a second, read-only connection that counts the
 * audit log. */
static void make_store(struct world *w)
{
	struct zv_error err;
	if (!template_store.ready)
		make_template();
	temporary_folder(w->dir, sizeof w->dir, "zv-oracle");
	snprintf(store_dir, sizeof store_dir, "%s", w->dir);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "cp -a '%s/.' '%s'", template_store.dir, w->dir);
	assert_int_equal(system(cmd), 0);
	snprintf(w->db, sizeof w->db, "%s/z.db", w->dir);
	assert_int_equal(zv_key_dir_for(w->db, w->keys, sizeof w->keys, &err), ZV_OK);
	memcpy(w->public_key, template_store.public_key, ZV_PUBKEY_LEN);
	w->credentials = &template_store.credentials;
	w->clock = start_of_day();
	struct zv_service_options o = {.now_us = oracle_clock, .clock_ctx = &w->clock};
	assert_int_equal(zv_store_open(w->db, ZV_STORE_OPEN, &w->store, &err), ZV_OK);
	assert_int_equal(zv_store_open(w->db, ZV_STORE_READ, &w->ro, &err), ZV_OK);
	if (zv_service_open(w->store, w->keys, &o, &w->sv, &err))
		fail_msg("opening the services: %s", err.message);
	assert_int_equal(zv_service_today(w->sv), today());
}

static void remove_store_dir(void)
{
	remove_folder(store_dir);
}

static void close_store(struct world *w)
{
	struct zv_error err;
	zv_service_close(w->sv);
	struct zv_audit_report report;
	assert_int_equal(zv_audit_verify_store(w->store, w->public_key, NULL, &report, &err), ZV_OK);
	if (!report.ok)
		fail_msg("seed %llu: the audit log does not verify: %s", w->seed, report.problem);
	zv_store_close(w->ro);
	zv_store_close(w->store);
	remove_store_dir();
}

/* One seed's world, checked through the services and, when `http`, over HTTP too. */
static void run_seed(unsigned long long seed, struct oracle *o, struct stats *st, bool http)
{
	struct world *w = calloc(1, sizeof *w);
	assert_non_null(w);
	w->seed = seed;
	w->rng.s = seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
	w->cfg = &config;
	w->n_users = config.n_professionals;
	w->o = o;
	w->st = st;
	assert_true(w->n_users <= MAX_USERS && w->n_users <= 32);
	make_store(w);
	size_t n_cases = 3 + pick(w, MAX_CASES - 2);
	for (size_t i = 0; i < n_cases; i++)
		open_case(w);
	open_case_outside(w);
	/* Users the configuration does not know are refused before anything is read. */
	struct zv_who nobody = {.login = "niemand", .from = "oracle"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_view v;
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_case_show(w->sv, &nobody, w->cases[0].id, &a, &v, &err);
	probe_end(w, &p, "zv_case_show", nobody.login, rc, &err);
	expect_rc(w, "zv_case_show", nobody.login, rc, ZV_EDENIED, &err);
	zv_arena_release(&a);
	for (size_t i = 0, n_ops = 60 + pick(w, 60); i < n_ops; i++) {
		struct m_case *c = &w->cases[pick(w, (unsigned)w->n_cases)];
		unsigned op = pick(w, 100);
		if (op < 35)
			op_entry(w, c);
		else if (op < 55)
			op_consent(w, c);
		else if (op < 62)
			op_withdraw(w, c);
		else if (op < 67)
			op_member(w, c);
		else if (op < 71)
			op_correct(w, c);
		else if (op < 75)
			op_react(w, c);
		else if (op < 84)
			op_disclose(w, c);
		else if (op < 86)
			op_break_glass(w, c);
		else if (op < 88)
			op_change(w, c);
		else
			check_show(w, c, pick(w, (unsigned)w->n_users));
	}
	/* Every user, every case; then the same over HTTP. */
	for (size_t i = 0; i < w->n_cases; i++)
		for (size_t u = 0; u < w->n_users; u++)
			w->show_events[i][u] = check_show(w, &w->cases[i], u);
	for (size_t u = 0; u < w->n_users; u++)
		w->list_events[u] = check_lists(w, u);
	if (http)
		oracle_http_replay(w);
	close_store(w);
	st->seeds++;
	free(w);
}

static unsigned long env_number(const char *name, unsigned long fallback)
{
	const char *s = getenv(name);
	char *end;
	unsigned long n = s && *s ? strtoul(s, &end, 10) : 0;
	return s && *s && !*end ? n : fallback;
}

static void test_oracle(void **state)
{
	(void)state;
	struct oracle *o = calloc(1, sizeof *o);
	struct stats st = {0};
	assert_non_null(o);
	unsigned long only = env_number("ZV_ORACLE_SEED", 0);
	unsigned long seeds = env_number("ZV_ORACLE_SEEDS", DEFAULT_SEEDS);
	unsigned long http_every = env_number("ZV_ORACLE_HTTP_EVERY", DEFAULT_HTTP_EVERY);
	if (only)
		run_seed(only, o, &st, http_every != 0);
	else
		for (unsigned long s = 1; s <= seeds; s++)
			run_seed(s, o, &st, http_every && (s - 1) % http_every == 0);
	free(o);
	print_message("%lu seeds: %lu cases, %lu entries (%lu sensitive; %lu refused), %lu "
		      "consents (%lu refused by the age table, %lu expired, %lu withdrawn), %lu "
		      "disclosures (%lu refused), %lu corrections, %lu reactions, %lu grants\n",
		      st.seeds, st.cases, st.entries, st.entries_sensitive, st.entries_refused,
		      st.consents, st.consents_refused, st.expired, st.withdrawals, st.disclosures,
		      st.disclosures_refused, st.corrections, st.reactions, st.grants);
	print_message("%lu service calls (%lu read personal data), %lu audit events; %lu case "
		      "views (%lu without a role), %lu predictions\n",
		      st.calls, st.reading_calls, st.events, st.shows, st.refused_shows,
		      st.predictions);
	print_message("verdicts: %lu visible, %lu anonymous, %lu hidden; %lu restricted; "
		      "sensitive: %lu own secrecy, %lu by consent, %lu disclosed, %lu denied\n",
		      st.visible, st.anonymous, st.hidden, st.restricted, st.sensitive_own,
		      st.sensitive_consent, st.sensitive_disclosed, st.sensitive_denied);
	print_message("over HTTP: %lu seeds, %lu sign-ins, %lu requests, %lu user x entry "
		      "comparisons\n",
		      st.http_seeds, st.http_signins, st.http_requests, st.http_comparisons);
	if (only || seeds < DEFAULT_SEEDS)
		return;
	/* The default seeds reach every branch of need-to-know. */
	assert_true(st.visible && st.anonymous && st.hidden && st.restricted);
	assert_true(st.sensitive_own && st.sensitive_consent && st.sensitive_disclosed &&
		    st.sensitive_denied);
	assert_true(st.consents_refused && st.expired && st.withdrawals && st.grants);
	assert_true(st.entries_refused && st.corrections && st.reactions);
	assert_true(!http_every || st.http_comparisons);
}

/* ---- the age table, exhaustively ------------------------------------------------ */

/* Record a consent of `kind` about `subject` given by persons g1 and g2 (one
 * person when they are the same) as the case's lead; it must be refused
 * exactly when the age table says they are the wrong people. */
static int consent_by(struct world *w, const struct m_case *c, size_t subject, int kind,
		      size_t g1, size_t g2)
{
	zv_personset givers = bit(g1) | bit(g2), required;
	bool known = table_givers(c, subject, kind, &required);
	int want = known && !(givers & ~required) ? ZV_OK : ZV_EINPUT;
	const char *list[2] = {c->persons[g1].id, c->persons[g2].id};
	const char *to[1] = {"org:ggz-zuidwest"};
	struct zv_new_consent k = {
		.subject = c->persons[subject].id, .kind = kind, .purpose = "Toets",
		.recipients = to, .n_recipients = 1, .givers = list, .n_givers = g1 == g2 ? 1 : 2,
		.state = ZV_CONSENT_GIVEN, .free = true, .unambiguous = true, .informed = true,
		.specific = true, .explicit = true, .how_obtained = "schriftelijk",
	};
	struct zv_who who = {.login = "carla.bakker", .from = "oracle"};
	char id[64];
	struct zv_error err = {0};
	struct probe p;
	probe_begin(w, &p);
	int rc = zv_consent_record(w->sv, &who, c->id, &k, id, &err);
	probe_end(w, &p, "zv_consent_record", who.login, rc, &err);
	if (rc != want)
		fail_msg("a %s consent about person %zu (age %d) given by %zu and %zu: the table "
			 "says %s, the service %s (%s)",
			 zv_consent_kind_name(kind), subject, c->persons[subject].age, g1, g2,
			 err_name(want), err_name(rc), rc ? err.message : "");
	return rc;
}

/*
 * One household with every age band and both kinds of authority, and for
 * every person, every kind of consent, every single giver and a third of
 * the pairs of givers: zv_consent_record refuses exactly the consents the
 * age table of docs/decision-api.md says are given by the wrong people.
 */
static void test_consent_age_table(void **state)
{
	(void)state;
	struct world *w = calloc(1, sizeof *w);
	struct stats st = {0};
	assert_non_null(w);
	w->seed = 0;
	w->rng.s = 1;
	w->cfg = &config;
	w->n_users = config.n_professionals;
	w->st = &st;
	make_store(w);
	struct m_case *c = &w->cases[0];
	memset(c, 0, sizeof *c);
	for (size_t u = 0; u < MAX_USERS; u++)
		c->role[u] = ZV_CASE_ROLE_NONE;
	static const struct m_person PERSONS[] = {
		{.role = ZV_PERSON_PARENT, .age = 40, .capable = ZV_YES},
		{.role = ZV_PERSON_PARENT, .age = -1},                           /* age unknown */
		{.role = ZV_PERSON_CHILD, .age = 11, .holders = 3},              /* two parents */
		{.role = ZV_PERSON_CHILD, .age = 12, .capable = ZV_YES, .holders = 1},
		{.role = ZV_PERSON_CHILD, .age = 15, .capable = ZV_NO, .holders = 3},
		{.role = ZV_PERSON_CHILD, .age = 16, .capable = ZV_UNKNOWN, .holders = 2},
		{.role = ZV_PERSON_CHILD, .age = 13, .capable = ZV_YES},   /* no one with authority */
		{.role = ZV_PERSON_CHILD, .age = -1, .holders = 1},        /* no birth date */
	};
	c->n_persons = sizeof PERSONS / sizeof *PERSONS;
	struct zv_new_person np[MAX_PERSONS];
	size_t authority[MAX_PERSONS][2];
	char births[MAX_PERSONS][11];
	for (size_t i = 0; i < c->n_persons; i++) {
		c->persons[i] = PERSONS[i];
		size_t n = 0;
		for (size_t k = 0; k < c->n_persons; k++)
			if (PERSONS[i].holders & bit(k))
				authority[i][n++] = k;
		if (PERSONS[i].age >= 0)
			zv_date_format(zv_date_from_ymd(2026 - PERSONS[i].age, 11, 28) -
					       (i % 2 ? 364 : 0),
				       births[i]);
		np[i] = (struct zv_new_person){.name = "Persoon", .role = PERSONS[i].role,
					       .birth_date = PERSONS[i].age >= 0 ? births[i] : NULL,
					       .capable = PERSONS[i].capable,
					       .authority = authority[i], .n_authority = n};
	}
	c->team = zv_config_team(&config, "lt-zuid");
	size_t carla = 0;
	while (strcmp(login_of(w, carla), "carla.bakker"))
		carla++;
	c->role[carla] = ZV_CASE_ROLE_LEAD;
	struct zv_new_case req = {.household_name = "Gezin Tabel", .persons = np,
				  .n_persons = c->n_persons, .team = "lt-zuid", .title = "Tabel",
				  .framework = ZV_FRAMEWORK_VOLUNTARY, .reason = "Toets",
				  .family_informed = true};
	struct zv_who who = {.login = "carla.bakker", .from = "oracle"};
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_case_ids ids;
	struct zv_error err = {0};
	assert_int_equal(zv_case_open(w->sv, &who, &req, &a, &ids, &err), ZV_OK);
	snprintf(c->id, sizeof c->id, "%s", ids.case_id);
	for (size_t i = 0; i < c->n_persons; i++)
		snprintf(c->persons[i].id, sizeof c->persons[i].id, "%s", ids.person_ids[i]);
	zv_arena_release(&a);
	unsigned accepted = 0, refused = 0;
	for (size_t subject = 0; subject < c->n_persons; subject++)
		for (int kind = 0; kind < ZV_CONSENT__COUNT; kind++)
			for (size_t g1 = 0; g1 < c->n_persons; g1++)
				for (size_t g2 = g1; g2 < c->n_persons; g2++) {
					if (g1 != g2 && (g1 + g2 + subject + (size_t)kind) % 3)
						continue;   /* a third of the pairs */
					if (consent_by(w, c, subject, kind, g1, g2))
						refused++;
					else
						accepted++;
				}
	print_message("age table: %u consents accepted, %u refused\n", accepted, refused);
	assert_true(accepted > 20 && refused > 20);
	close_store(w);
	free(w);
}

static int setup(void **state)
{
	(void)state;
	struct zv_config_problems problems = {0};
	struct zv_error err;
	zv_arena_init(&config_arena, 0);
	if (zv_config_parse(zv_config_demo_json, zv_config_demo_json_len, &config_arena, &config,
			    &problems, &err))
		return -1;
	return 0;
}

/* After a failure the store stays open (its files are removed all the same). */
static int remove_leftovers(void **state)
{
	(void)state;
	remove_store_dir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_folder(template_store.dir);
	zv_wipe(&template_store, sizeof template_store);
	zv_arena_release(&config_arena);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_consent_age_table, remove_leftovers),
		cmocka_unit_test_teardown(test_oracle, remove_leftovers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
