/*
 * test_property.c — for many random valid situations the engine never
 * crashes and keeps its promises:
 *
 *   - one of the four outcomes; scope exactly with allowed_limited;
 *   - steps 1–8 present and in order, regimes after them in fixed order;
 *   - never `allowed` when a rule denied or asked (a step failed or has a
 *     question), and a failing step always means `denied`;
 *   - questions exactly when a fact is missing: judgement_required has them;
 *   - a "no" carries only the obligations that stand whatever the answer;
 *   - the need-to-know fast path gives the full engine's outcome for `view`;
 *   - the no-text path gives the same answer as the full one;
 *   - the JSON is valid, one line, and the same twice.
 *
 * ZV_PROPERTY_ITERATIONS sets the number of situations (default 100000).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zv/codec.h"
#include "zv/policy.h"

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	uint64_t x = r->s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return r->s = x;
}

static unsigned pick(struct rng *r, unsigned n)
{
	return (unsigned)(next(r) % n);
}

static enum zv_tri tri(struct rng *r)
{
	return (enum zv_tri)pick(r, 3);
}

static bool coin(struct rng *r)
{
	return next(r) & 1;
}

enum { MAX_P = 6, MAX_C = 3 };

struct world {
	struct zv_situation s;
	struct zv_person persons[MAX_P];
	struct zv_consent consents[MAX_P][MAX_C];
	struct zv_text org_ids[2];
};

static const char *const IDS[MAX_P] = {"p0", "p1", "p2", "p3", "p4", "p5"};

static struct zv_text T(const char *s)
{
	return (struct zv_text){s, strlen(s)};
}

static zv_personset some_persons(struct rng *r, uint32_t n)
{
	return next(r) & ((UINT64_C(1) << n) - 1);
}

static void random_consent(struct rng *r, struct world *w, uint32_t n, struct zv_consent *c)
{
	memset(c, 0, sizeof *c);
	c->kind = (enum zv_consent_kind)pick(r, ZV_CONSENT__COUNT);
	c->given_by = some_persons(r, n);
	c->free = pick(r, 8) != 0;
	c->unambiguous = pick(r, 8) != 0;
	c->informed = pick(r, 8) != 0;
	c->specific = pick(r, 8) != 0;
	c->explicit = coin(r);
	c->withdrawn = pick(r, 6) == 0;
	c->has_recipients = pick(r, 6) != 0;
	c->recipient_orgs = (uint32_t)next(r) & (((1u << ZV_ORG__COUNT) - 1) & ~1u);
	c->recipient_persons = some_persons(r, n);
	if (coin(r)) {
		c->recipient_org_ids = w->org_ids;
		c->n_recipient_org_ids = 1 + pick(r, 2);
	}
	c->has_categories = coin(r);
	c->categories = (uint8_t)(1 + pick(r, ZV_CAT_ALL));
	c->has_valid_until = coin(r);
	c->valid_until = zv_date_from_ymd(2026, 11, 28) + (int)pick(r, 60) - 30;
}

static void random_situation(struct rng *r, struct world *w)
{
	struct zv_situation *s = &w->s;
	zv_situation_init(s);
	w->org_ids[0] = T("lt-noord");
	w->org_ids[1] = T("lt-zuid");
	uint32_t n = 1 + pick(r, MAX_P);
	for (uint32_t i = 0; i < n; i++) {
		struct zv_person *p = &w->persons[i];
		memset(p, 0, sizeof *p);
		p->id = T(IDS[i]);
		p->role = (enum zv_person_role)pick(r, 4);
		p->age = pick(r, 8) == 0 ? -1 : (int16_t)pick(r, 60);
		p->capable = pick(r, 5) != 0;
		p->authority_holders = some_persons(r, n) & ~(UINT64_C(1) << i);
		p->n_consents = pick(r, MAX_C + 1);
		for (uint32_t k = 0; k < p->n_consents; k++)
			random_consent(r, w, n, &w->consents[i][k]);
		p->consents = w->consents[i];
	}
	s->persons = w->persons;
	s->n_persons = n;
	s->date = zv_date_from_ymd(2026, 11, 28) + (int)pick(r, 400) - 200;
	s->action = (enum zv_action)pick(r, ZV_ACTION__COUNT);
	s->initiative = (enum zv_initiative)pick(r, 2);
	static const char *const DESCRIPTIONS[] = {"", " ", "Veiligheidsplan", "Onderzoek"};
	s->purpose.description = T(DESCRIPTIONS[pick(r, 4)]);
	s->purpose.within_task = tri(r);
	s->purpose.kind = (enum zv_purpose_kind)pick(r, 3);
	s->purpose.further_use = pick(r, 4) == 0;
	s->purpose.further_use_provision = coin(r) ? T("Jeugdwet art. 7.4.3") : T("");
	s->purpose.compatible = tri(r);
	s->purpose.domestic_violence_concern = tri(r);

	s->actor.kind = (enum zv_org)(1 + pick(r, ZV_ORG__COUNT - 1));
	static const enum zv_org MOTHERS[] = {ZV_ORG_VEILIG_THUIS, ZV_ORG_RVDK, ZV_ORG_GI,
					      ZV_ORG_LOCAL_TEAM};
	if (s->actor.kind == ZV_ORG_REGIONAL_SAFETY_TEAM)
		s->actor.acting_for = MOTHERS[pick(r, 4)];
	s->actor.org_id = coin(r) ? w->org_ids[pick(r, 2)] : T("");
	s->actor.public_authority = tri(r);
	s->actor.secrecy = (enum zv_secrecy)pick(r, 6);
	s->actor.referral_task = pick(r, 6) == 0;
	s->actor.case_role = (enum zv_case_role)pick(r, 6);
	s->actor.lawyer_confirmed_consent_basis = pick(r, 6) == 0;

	bool needs_cp = s->action == ZV_ACTION_DISCLOSE || s->action == ZV_ACTION_REQUEST ||
			s->action == ZV_ACTION_ACCESS;
	s->counterparty.present = needs_cp || coin(r);
	if (s->action == ZV_ACTION_ACCESS || (s->action == ZV_ACTION_DISCLOSE && pick(r, 4) == 0))
		s->counterparty.person = (int32_t)pick(r, n);
	if (s->counterparty.person < 0 || coin(r))
		s->counterparty.kind = (enum zv_org)(1 + pick(r, ZV_ORG__COUNT - 1));
	s->counterparty.org_id = coin(r) ? w->org_ids[pick(r, 2)] : T("");
	s->counterparty.public_authority = tri(r);
	s->counterparty.directly_involved = tri(r);
	s->counterparty.own_legal_basis = tri(r);
	s->counterparty.criminal_justice = tri(r);
	s->counterparty.reporter = pick(r, 8) == 0;

	s->data.about = coin(r) ? some_persons(r, n) : 0;
	s->data.has_categories = pick(r, 8) != 0;
	s->data.categories = (uint8_t)(1 + pick(r, ZV_CAT_ALL));
	s->data.identifiability = (enum zv_identifiability)pick(r, 3);
	s->data.contains_third_party_data = coin(r);
	s->data.scope = (enum zv_data_scope)pick(r, 2);
	s->data.existence_suffices = tri(r);
	s->data.necessity_substantiated = tri(r);
	s->data.beyond_necessary = tri(r);
	s->data.obtainable_from_subjects = tri(r);
	s->data.asking_subjects_endangers_safety = tri(r);
	s->data.anonymous_suffices = tri(r);
	s->data.proportionate = tri(r);
	s->data.special_category_exception = coin(r) ? T("UAVG art. 30 lid 3") : T("");
	s->data.unverified_or_opinion = coin(r);
	s->data.secrecy_holder = pick(r, 3) == 0 ? ZV_ORG_NONE
						 : (enum zv_org)(1 + pick(r, ZV_ORG__COUNT - 1));
	s->data.secrecy_holder_org = pick(r, 4) == 0 ? w->org_ids[pick(r, 2)] : T("");
	s->data.disclosed_to_actor = pick(r, 4) == 0;
	s->data.restricted_from_actor = pick(r, 5) == 0;

	s->legal_basis.ground = (enum zv_ground)pick(r, 7);
	s->legal_basis.provision = coin(r) ? T("Wmo 2015 art. 4.1.1") : T("");
	s->secrecy_ground = (enum zv_secrecy_ground)pick(r, 8);
	s->secrecy_provision_confirmed = pick(r, 6) == 0;
	s->parent_access_incompatible = tri(r);
	s->conflict_of_duties.consent_attempted = tri(r);
	s->conflict_of_duties.serious_harm = tri(r);
	s->conflict_of_duties.no_alternative = tri(r);
	s->conflict_of_duties.limits_harm = tri(r);
	s->transparency.informed_beforehand = tri(r);
	s->transparency.reason_not_informed = (enum zv_reason_not_informed)pick(r, 5);
	s->framework = (enum zv_framework)pick(r, 5);
	s->participation_withdrawn = pick(r, 5) == 0;

	zv_day report = s->date - (zv_day)pick(r, 150);
	s->veilig_thuis.has_report_date = pick(r, 5) != 0;
	s->veilig_thuis.report_date = report;
	s->veilig_thuis.has_new_report_date = pick(r, 4) == 0;
	s->veilig_thuis.new_report_date = report + (zv_day)pick(r, 100);
	s->veilig_thuis.has_investigation_decided_date = coin(r);
	s->veilig_thuis.investigation_decided_date = report + 1;
	s->veilig_thuis.has_investigation_start_date = coin(r);
	s->veilig_thuis.investigation_start_date = report + (zv_day)pick(r, 12);
	s->veilig_thuis.reasonable_suspicion = tri(r);
	s->veilig_thuis.new_report = pick(r, 4) == 0;
	s->veilig_thuis.continuation_justified = tri(r);
	s->zorg_straf.contributes_to_ending_violence = tri(r);
	s->zorg_straf.solely_recipient_task = tri(r);
	s->zorg_straf.zsm_report = pick(r, 4) == 0;
}

static void check_invariants(const struct zv_situation *s, const struct zv_decision *d,
			     unsigned long iteration)
{
#define CHECK(cond, ...)                                                                    \
	do {                                                                                \
		if (!(cond))                                                                \
			fail_msg("iteration %lu (action %s): %s: " __VA_ARGS__, iteration,   \
				 zv_action_name(s->action), #cond);                           \
	} while (0)
	CHECK(d->outcome <= ZV_OUTCOME_DENIED, "outcome %d", d->outcome);
	CHECK((d->outcome == ZV_OUTCOME_ALLOWED_LIMITED) == (d->scope.kind != ZV_SCOPE_NONE),
	      "scope %d with outcome %s", d->scope.kind, zv_outcome_name(d->outcome));
	CHECK(d->n_steps >= 8 && d->n_steps <= ZV_STEP__COUNT, "%d steps", d->n_steps);
	bool any_fail = false, any_question = false;
	for (uint8_t i = 0; i < d->n_steps; i++) {
		const struct zv_decision_step *st = &d->steps[i];
		if (i < 8)
			CHECK(st->step == (enum zv_step)i, "step %d at %d", st->step, i);
		else
			CHECK(st->step > d->steps[i - 1].step, "regime out of order");
		if (st->step != ZV_STEP_CONSENT)
			any_fail |= st->result == ZV_STEP_FAIL;
		any_question |= st->result == ZV_STEP_QUESTION;
		if (d->outcome == ZV_OUTCOME_ALLOWED)
			CHECK(st->result != ZV_STEP_FAIL && st->result != ZV_STEP_QUESTION,
			      "allowed with step %s %s", zv_step_name(st->step),
			      zv_step_result_name(st->result));
		CHECK(st->result != ZV_STEP_NOT_APPLICABLE || st->n_rules == 0, "rules in n/a step");
	}
	if (any_fail)
		CHECK(d->outcome == ZV_OUTCOME_DENIED, "a step failed but the outcome is %s",
		      zv_outcome_name(d->outcome));
	if (d->outcome == ZV_OUTCOME_JUDGEMENT_REQUIRED)
		CHECK(d->n_questions > 0 && any_question, "judgement required without a question");
	if (d->n_questions)
		CHECK(d->outcome >= ZV_OUTCOME_JUDGEMENT_REQUIRED, "questions with outcome %s",
		      zv_outcome_name(d->outcome));
	uint64_t seen = 0;
	for (uint8_t i = 0; i < d->n_rules_fired; i++) {
		CHECK(d->rules_fired[i] < ZV_RULE__DECISION_COUNT, "rule %d", d->rules_fired[i]);
		CHECK(!((seen >> d->rules_fired[i]) & 1u), "rule fired twice");
		seen |= UINT64_C(1) << d->rules_fired[i];
	}
	if (d->outcome == ZV_OUTCOME_DENIED)
		for (uint8_t i = 0; i < d->n_obligations; i++)
			CHECK(d->obligations[i].code == ZV_OBL_RESPOND_WITHIN_ONE_MONTH ||
				      d->obligations[i].code == ZV_OBL_LIST_RECIPIENTS,
			      "a no with obligation %s", zv_obligation_name(d->obligations[i].code));
	if (s->action == ZV_ACTION_ACCESS)
		for (uint8_t i = 0; i < 7; i++)
			CHECK(d->steps[i].result == ZV_STEP_NOT_APPLICABLE, "access step %d", i + 1);
	CHECK(d->motivation.len > 0, "no motivation");
#undef CHECK
}

static unsigned long iterations(void)
{
	const char *env = getenv("ZV_PROPERTY_ITERATIONS");
	unsigned long n = env ? strtoul(env, NULL, 10) : 0;
	return n ? n : 100000;
}

static void random_situations_keep_the_promises(void **state)
{
	(void)state;
	struct rng r = {0x9E3779B97F4A7C15u};
	struct world *w = malloc(sizeof *w);
	struct zv_decision *d = malloc(sizeof *d), *quick = malloc(sizeof *quick);
	unsigned long n = iterations();
	unsigned long seen_outcome[4] = {0};
	struct zv_buf a, b;
	zv_buf_init(&a, 1 << 20);
	zv_buf_init(&b, 1 << 20);
	for (unsigned long i = 0; i < n; i++) {
		random_situation(&r, w);
		assert_int_equal(zv_decide(&w->s, d, ZV_DECIDE_FULL), ZV_OK);
		check_invariants(&w->s, d, i);
		seen_outcome[d->outcome]++;

		assert_int_equal(zv_decide(&w->s, quick, ZV_DECIDE_NO_TEXT), ZV_OK);
		if (quick->outcome != d->outcome || quick->n_rules_fired != d->n_rules_fired ||
		    memcmp(quick->rules_fired, d->rules_fired, d->n_rules_fired))
			fail_msg("iteration %lu: no-text path differs", i);

		if (w->s.action == ZV_ACTION_VIEW) {
			enum zv_scope_kind scope;
			enum zv_outcome fast = zv_decide_view(&w->s, &scope);
			if (fast != d->outcome || scope != d->scope.kind)
				fail_msg("iteration %lu: zv_decide_view %s/%d, zv_decide %s/%d", i,
					 zv_outcome_name(fast), scope, zv_outcome_name(d->outcome),
					 d->scope.kind);
		}
		if (i % 16 == 0) {  /* JSON: valid, one line, the same twice */
			zv_buf_reset(&a);
			zv_buf_reset(&b);
			zv_decision_write_json(d, &w->s, &a);
			zv_decide(&w->s, quick, ZV_DECIDE_FULL);
			zv_decision_write_json(quick, &w->s, &b);
			assert_false(a.failed);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.data, b.data, a.len);
			assert_null(memchr(a.data, '\n', a.len));
			json_error_t jerr;
			json_t *v = json_loadb(a.data, a.len, JSON_REJECT_DUPLICATES, &jerr);
			if (!v)
				fail_msg("iteration %lu: invalid JSON: %s", i, jerr.text);
			json_decref(v);
		}
	}
	/* The generator must reach every outcome, or it tests too little. */
	for (int o = 0; o < 4; o++)
		if (seen_outcome[o] == 0 && n >= 10000)
			fail_msg("outcome %s never reached", zv_outcome_name((enum zv_outcome)o));
	print_message("%lu situations: %lu allowed, %lu limited, %lu judgement, %lu denied\n", n,
		      seen_outcome[0], seen_outcome[1], seen_outcome[2], seen_outcome[3]);
	zv_buf_release(&a);
	zv_buf_release(&b);
	free(w);
	free(d);
	free(quick);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_situations_keep_the_promises),
	};
	return cmocka_run_group_tests_name("property", tests, NULL, NULL);
}
