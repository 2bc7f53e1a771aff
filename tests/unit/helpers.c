/*
 * helpers.c — see helpers.h.
 */
#include "helpers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *merge(json_t *target, json_t *patch)
{
	if (!json_is_object(patch)) {
		json_decref(target);
		return json_incref(patch);
	}
	if (!json_is_object(target)) {
		json_decref(target);
		target = json_object();
	}
	const char *key;
	json_t *value;
	json_object_foreach(patch, key, value) {
		if (json_is_null(value)) {
			json_object_del(target, key);
			continue;
		}
		json_t *old = json_object_get(target, key);
		json_object_set_new(target, key, merge(old ? json_incref(old) : NULL, value));
	}
	return target;
}

char *patched(const char *base, const char *patch)
{
	json_error_t err;
	json_t *b = json_loads(base, 0, &err);
	if (!b) {
		fprintf(stderr, "bad base JSON: %s (line %d)\n", err.text, err.line);
		abort();
	}
	if (patch) {
		json_t *p = json_loads(patch, 0, &err);
		if (!p) {
			fprintf(stderr, "bad patch JSON: %s (line %d): %s\n", err.text, err.line, patch);
			abort();
		}
		b = merge(b, p);
		json_decref(p);
	}
	char *out = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	return out;
}

struct decided *decide_json(const char *base, const char *patch)
{
	struct decided *d = calloc(1, sizeof *d);
	d->decision = malloc(sizeof *d->decision);
	zv_arena_init(&d->arena, 0);
	char *json = patched(base, patch);
	d->rc = zv_situation_parse(json, strlen(json), zv_date_from_ymd(2026, 11, 28), &d->arena,
				   &d->situation, &d->error);
	free(json);
	if (d->rc != ZV_OK)
		return d;
	d->rc = zv_decide(&d->situation, d->decision, ZV_DECIDE_FULL);
	if (d->rc != ZV_OK)
		return d;
	struct zv_buf out;
	zv_buf_init(&out, 1 << 20);
	zv_decision_write_json(d->decision, &d->situation, &out);
	d->json = zv_buf_detach(&out, NULL);
	return d;
}

void decided_free(struct decided *d)
{
	if (!d)
		return;
	zv_arena_release(&d->arena);
	free(d->decision);
	free(d->json);
	free(d);
}

bool fired(const struct zv_decision *d, const char *rule)
{
	for (uint8_t i = 0; i < d->n_rules_fired; i++)
		if (!strcmp(zv_rule_id((enum zv_rule)d->rules_fired[i]), rule))
			return true;
	return false;
}

bool has_obligation(const struct zv_decision *d, const char *code)
{
	for (uint8_t i = 0; i < d->n_obligations; i++)
		if (!strcmp(zv_obligation_name(d->obligations[i].code), code))
			return true;
	return false;
}

bool has_alternative(const struct zv_decision *d, const char *code)
{
	for (uint8_t i = 0; i < d->n_alternatives; i++)
		if (!strcmp(zv_alternative_name(d->alternatives[i].code), code))
			return true;
	return false;
}

bool has_question(const struct zv_decision *d, const char *field)
{
	for (uint8_t i = 0; i < d->n_questions; i++) {
		const struct zv_question *q = &d->questions[i];
		char buf[40];
		const char *name = zv_fact_field(q->fact);
		if (q->fact == ZV_FACT_PERSON_AGE) {
			snprintf(buf, sizeof buf, "persons[%d].age", (int)q->person);
			name = buf;
		}
		if (!strcmp(name, field))
			return true;
	}
	return false;
}

const char *obligation_due(const struct zv_decision *d, const char *code, char buf[11])
{
	buf[0] = '\0';
	for (uint8_t i = 0; i < d->n_obligations; i++)
		if (!strcmp(zv_obligation_name(d->obligations[i].code), code) &&
		    d->obligations[i].has_due)
			zv_date_format(d->obligations[i].due, buf);
	return buf;
}

/* ---- random situations -------------------------------------------------- */

uint64_t rng_next(struct rng *r)
{
	uint64_t x = r->s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return r->s = x;
}

unsigned rng_pick(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

static enum zv_tri tri(struct rng *r)
{
	return (enum zv_tri)rng_pick(r, 3);
}

static bool coin(struct rng *r)
{
	return rng_next(r) & 1;
}

static const char *const IDS[RANDOM_MAX_PERSONS] = {"p0", "p1", "p2", "p3", "p4", "p5"};

static struct zv_text T(const char *s)
{
	return (struct zv_text){s, strlen(s)};
}

static zv_personset some_persons(struct rng *r, uint32_t n)
{
	return rng_next(r) & ((UINT64_C(1) << n) - 1);
}

static void random_consent(struct rng *r, struct random_world *w, uint32_t n,
			   struct zv_consent *c)
{
	memset(c, 0, sizeof *c);
	c->kind = (enum zv_consent_kind)rng_pick(r, ZV_CONSENT__COUNT);
	c->given_by = some_persons(r, n);
	c->free = rng_pick(r, 8) != 0;
	c->unambiguous = rng_pick(r, 8) != 0;
	c->informed = rng_pick(r, 8) != 0;
	c->specific = rng_pick(r, 8) != 0;
	c->explicit = coin(r);
	c->withdrawn = rng_pick(r, 6) == 0;
	c->has_recipients = rng_pick(r, 6) != 0;
	c->recipient_orgs = (uint32_t)rng_next(r) & (((1u << ZV_ORG__COUNT) - 1) & ~1u);
	c->recipient_persons = some_persons(r, n);
	if (coin(r)) {
		c->recipient_org_ids = w->org_ids;
		c->n_recipient_org_ids = 1 + rng_pick(r, 2);
	}
	c->has_categories = coin(r);
	c->categories = (uint8_t)(1 + rng_pick(r, ZV_CAT_ALL));
	c->has_valid_until = coin(r);
	c->valid_until = zv_date_from_ymd(2026, 11, 28) + (int)rng_pick(r, 60) - 30;
}

void random_situation(struct rng *r, struct random_world *w)
{
	struct zv_situation *s = &w->s;
	zv_situation_init(s);
	w->org_ids[0] = T("lt-noord");
	w->org_ids[1] = T("lt-zuid");
	uint32_t n = 1 + rng_pick(r, RANDOM_MAX_PERSONS);
	for (uint32_t i = 0; i < n; i++) {
		struct zv_person *p = &w->persons[i];
		memset(p, 0, sizeof *p);
		p->id = T(IDS[i]);
		p->role = (enum zv_person_role)rng_pick(r, 4);
		p->age = rng_pick(r, 8) == 0 ? -1 : (int16_t)rng_pick(r, 60);
		p->capable = rng_pick(r, 5) != 0;
		p->authority_holders = some_persons(r, n) & ~(UINT64_C(1) << i);
		p->n_consents = rng_pick(r, RANDOM_MAX_CONSENTS + 1);
		for (uint32_t k = 0; k < p->n_consents; k++)
			random_consent(r, w, n, &w->consents[i][k]);
		p->consents = w->consents[i];
	}
	s->persons = w->persons;
	s->n_persons = n;
	s->date = zv_date_from_ymd(2026, 11, 28) + (int)rng_pick(r, 400) - 200;
	s->action = (enum zv_action)rng_pick(r, ZV_ACTION__COUNT);
	s->initiative = (enum zv_initiative)rng_pick(r, 2);
	static const char *const DESCRIPTIONS[] = {"", " ", "Veiligheidsplan", "Onderzoek"};
	s->purpose.description = T(DESCRIPTIONS[rng_pick(r, 4)]);
	s->purpose.within_task = tri(r);
	s->purpose.kind = (enum zv_purpose_kind)rng_pick(r, 3);
	s->purpose.further_use = rng_pick(r, 4) == 0;
	s->purpose.further_use_provision = coin(r) ? T("Jeugdwet art. 7.4.3") : T("");
	s->purpose.compatible = tri(r);
	s->purpose.domestic_violence_concern = tri(r);

	s->actor.kind = (enum zv_org)(1 + rng_pick(r, ZV_ORG__COUNT - 1));
	static const enum zv_org MOTHERS[] = {ZV_ORG_VEILIG_THUIS, ZV_ORG_RVDK, ZV_ORG_GI,
					      ZV_ORG_LOCAL_TEAM};
	if (s->actor.kind == ZV_ORG_REGIONAL_SAFETY_TEAM)
		s->actor.acting_for = MOTHERS[rng_pick(r, 4)];
	s->actor.org_id = coin(r) ? w->org_ids[rng_pick(r, 2)] : T("");
	s->actor.public_authority = tri(r);
	s->actor.secrecy = (enum zv_secrecy)rng_pick(r, 6);
	s->actor.referral_task = rng_pick(r, 6) == 0;
	s->actor.case_role = (enum zv_case_role)rng_pick(r, 6);
	s->actor.lawyer_confirmed_consent_basis = rng_pick(r, 6) == 0;

	bool needs_cp = s->action == ZV_ACTION_DISCLOSE || s->action == ZV_ACTION_REQUEST ||
			s->action == ZV_ACTION_ACCESS;
	s->counterparty.present = needs_cp || coin(r);
	if (s->action == ZV_ACTION_ACCESS || (s->action == ZV_ACTION_DISCLOSE && rng_pick(r, 4) == 0))
		s->counterparty.person = (int32_t)rng_pick(r, n);
	if (s->counterparty.person < 0 || coin(r))
		s->counterparty.kind = (enum zv_org)(1 + rng_pick(r, ZV_ORG__COUNT - 1));
	s->counterparty.org_id = coin(r) ? w->org_ids[rng_pick(r, 2)] : T("");
	s->counterparty.public_authority = tri(r);
	s->counterparty.directly_involved = tri(r);
	s->counterparty.own_legal_basis = tri(r);
	s->counterparty.criminal_justice = tri(r);
	s->counterparty.reporter = rng_pick(r, 8) == 0;

	s->data.about = coin(r) ? some_persons(r, n) : 0;
	s->data.has_categories = rng_pick(r, 8) != 0;
	s->data.categories = (uint8_t)(1 + rng_pick(r, ZV_CAT_ALL));
	s->data.identifiability = (enum zv_identifiability)rng_pick(r, 3);
	s->data.contains_third_party_data = coin(r);
	s->data.scope = (enum zv_data_scope)rng_pick(r, 2);
	s->data.existence_suffices = tri(r);
	s->data.necessity_substantiated = tri(r);
	s->data.beyond_necessary = tri(r);
	s->data.obtainable_from_subjects = tri(r);
	s->data.asking_subjects_endangers_safety = tri(r);
	s->data.anonymous_suffices = tri(r);
	s->data.proportionate = tri(r);
	s->data.special_category_exception = coin(r) ? T("UAVG art. 30 lid 3") : T("");
	s->data.unverified_or_opinion = coin(r);
	s->data.secrecy_holder = rng_pick(r, 3) == 0
					 ? ZV_ORG_NONE
					 : (enum zv_org)(1 + rng_pick(r, ZV_ORG__COUNT - 1));
	s->data.secrecy_holder_org = rng_pick(r, 4) == 0 ? w->org_ids[rng_pick(r, 2)] : T("");
	s->data.disclosed_to_actor = rng_pick(r, 4) == 0;
	s->data.restricted_from_actor = rng_pick(r, 5) == 0;

	s->legal_basis.ground = (enum zv_ground)rng_pick(r, 7);
	s->legal_basis.provision = coin(r) ? T("Wmo 2015 art. 4.1.1") : T("");
	s->secrecy_ground = (enum zv_secrecy_ground)rng_pick(r, 8);
	s->secrecy_provision_confirmed = rng_pick(r, 6) == 0;
	s->parent_access_incompatible = tri(r);
	s->conflict_of_duties.consent_attempted = tri(r);
	s->conflict_of_duties.serious_harm = tri(r);
	s->conflict_of_duties.no_alternative = tri(r);
	s->conflict_of_duties.limits_harm = tri(r);
	s->transparency.informed_beforehand = tri(r);
	s->transparency.reason_not_informed = (enum zv_reason_not_informed)rng_pick(r, 5);
	s->framework = (enum zv_framework)rng_pick(r, 5);
	s->participation_withdrawn = rng_pick(r, 5) == 0;

	zv_day report = s->date - (zv_day)rng_pick(r, 150);
	s->veilig_thuis.has_report_date = rng_pick(r, 5) != 0;
	s->veilig_thuis.report_date = report;
	s->veilig_thuis.has_new_report_date = rng_pick(r, 4) == 0;
	s->veilig_thuis.new_report_date = report + (zv_day)rng_pick(r, 100);
	s->veilig_thuis.has_investigation_decided_date = coin(r);
	s->veilig_thuis.investigation_decided_date = report + 1;
	s->veilig_thuis.has_investigation_start_date = coin(r);
	s->veilig_thuis.investigation_start_date = report + (zv_day)rng_pick(r, 12);
	s->veilig_thuis.reasonable_suspicion = tri(r);
	s->veilig_thuis.new_report = rng_pick(r, 4) == 0;
	s->veilig_thuis.continuation_justified = tri(r);
	s->zorg_straf.contributes_to_ending_violence = tri(r);
	s->zorg_straf.solely_recipient_task = tri(r);
	s->zorg_straf.zsm_report = rng_pick(r, 4) == 0;
}

unsigned long property_iterations(unsigned long fallback)
{
	const char *env = getenv("ZV_PROPERTY_ITERATIONS");
	unsigned long n = env ? strtoul(env, NULL, 10) : 0;
	return n ? n : fallback;
}
