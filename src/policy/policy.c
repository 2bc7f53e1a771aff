/*
 * policy.c — the order of the steps, in one place, and zv_decide().
 *
 * The engine follows "De AVG stappen doorlopen" of the Handreiking (Deel 3):
 * purpose and task, legal basis, necessity, special categories, professional
 * secrecy, transparency, accuracy, rights. Beside them run the regimes the
 * Handreiking adds: consent (filled by every rule that relies on a consent),
 * enrichment, care and criminal justice, and the framework of involvement.
 *
 * Each step is a table of rule rows: the rule's id, the actions it concerns,
 * and the one function that decides it. A row's function may still decide
 * that its rule does not concern this situation (R3.5 only for a request, say).
 * Every rule is always evaluated — there is no early exit — so that a
 * decision lists every question at once and every rule that fired.
 *
 * The outcome is the strongest any fired rule gave: denied > judgement
 * required > allowed limited > allowed. Scope narrows to the least intrusive
 * form asked for (anonymous > existence only > minimal).
 *
 * Pure: no I/O, no clock, no global mutable state, no allocation; the
 * evaluation state lives on the caller's stack, the output in the caller's
 * decision.
 */
#include "eval.h"

#include <string.h>

struct rule_row {
	enum zv_rule rule;     /* the rule the function decides (for the reader) */
	unsigned actions;      /* ACT(...) mask */
	rule_fn decide;
};

struct step_row {
	enum zv_step step;
	unsigned actions;      /* where the step applies; elsewhere not_applicable */
	bool regime;           /* shown only when one of its rules was looked at */
	const struct rule_row *rules;
	size_t n_rules;
};

#define ROWS(t) (t), (sizeof(t) / sizeof *(t))

/* Step 1 — Doel en taak (Deel 3, stap 1; AVG 5(1)(b)) */
static const struct rule_row PURPOSE[] = {
	{ZV_R1_1, ACTS_PROCESSING, r1_1_purpose_stated},
	{ZV_R1_2, ACTS_PROCESSING, r1_2_within_task},
	{ZV_R1_3, ACTS_PROCESSING, r1_3_monitoring_not_identifiable},
	{ZV_R1_4, ACTS_PROCESSING, r1_4_further_use_compatible},
};

/* Step 2 — Grondslag (Deel 2 "Grondslagen"; AVG 6(1)) */
static const struct rule_row LEGAL_BASIS[] = {
	{ZV_R2_1, ACTS_PROCESSING, r2_1_ground_required},
	{ZV_R2_2, ACTS_PROCESSING, r2_2_no_legitimate_interest_for_authority},
	{ZV_R2_3, ACTS_PROCESSING, r2_3_consent_no_basis_for_authority},
	{ZV_R2_4, ACTS_PROCESSING, r2_4_consent_as_basis_valid},
	{ZV_R2_6, ACTS_PROCESSING, r2_6_provision_named},
	{ZV_R2_7, ACT(DISCLOSE), r2_7_recipient_own_basis},
	{ZV_R2_8, ACT(REQUEST), r2_8_supplier_decides},
};

/* Step 3 — Noodzaak, proportionaliteit, subsidiariteit (Deel 1; Deel 3 stap 3) */
static const struct rule_row NECESSITY[] = {
	{ZV_R3_1, ACTS_PROCESSING, r3_1_only_necessary},
	{ZV_R3_2, ACT(REQUEST) | ACT(DISCLOSE), r3_2_existence_suffices},
	{ZV_R3_3, ACT(REQUEST) | ACT(DISCLOSE) | ACT(ENRICH), r3_3_ask_subjects_first},
	{ZV_R3_4, ACT(RECORD) | ACT(REQUEST) | ACT(DISCLOSE), r3_4_anonymous_suffices},
	{ZV_R3_5, ACT(REQUEST) | ACT(DISCLOSE), r3_5_necessity_substantiated},
	{ZV_R3_6, ACTS_PROCESSING, r3_6_proportionate},
};

/* Step 4 — Bijzondere en strafrechtelijke gegevens (AVG 9, 10) */
static const struct rule_row SPECIAL[] = {
	{ZV_R4_1, ACTS_PROCESSING, r4_special_category_exception},
	{ZV_R13_1, ACT(VIEW), r13_1_view_categories},
};

/* Step 5 — Beroepsgeheim (Deel 1 §4; Deel 3) */
static const struct rule_row SECRECY[] = {
	{ZV_R5_7, ACT(DISCLOSE), r5_secrecy_ground},
	{ZV_R13_1, ACT(VIEW), r13_1_view_role},
};

/* Step 6 — Transparantie (Deel 3 stap 6) */
static const struct rule_row TRANSPARENCY[] = {
	{ZV_R6_1, ACTS_PROCESSING, r6_1_informed},
};

/* Step 7 — Juistheid (Deel 3 stap 7, "Feitenonderzoek") */
static const struct rule_row ACCURACY[] = {
	{ZV_R7_2, ACT(DISCLOSE), r7_2_label_unverified},
};

/* Step 8 — Rechten (Deel 2 "Rechten"; Deel 3 stap 8) */
static const struct rule_row RIGHTS[] = {
	{ZV_R8_1, ACT(ACCESS), r8_1_access},
};

/* Regime — Verrijken van informatie (Deel 2 en 3) */
static const struct rule_row ENRICHMENT[] = {
	{ZV_R10_1, ACT(ENRICH), r10_1_enrichment_power},
	{ZV_R10_2, ACT(ENRICH), r10_2_reasonable_suspicion},
	{ZV_R10_3, ACT(ENRICH) | ACT(RECORD), r10_3_deadlines},
};

/* Regime — Zorg en straf (Bijlage, vuistregels) */
static const struct rule_row ZORG_STRAF[] = {
	{ZV_R11_1, ACT(DISCLOSE), r11_1_2_3_veilig_thuis_to_justice},
	{ZV_R11_4, ACTS_PROCESSING, r11_4_zsm_corv},
	{ZV_R11_5, ACT(REQUEST) | ACT(DISCLOSE), r11_5_no_pressure},
};

/* Regime — Kader van betrokkenheid (Deel 1 §3, Deel 2 "Vrijwillig/drang/dwang") */
static const struct rule_row FRAMEWORK[] = {
	{ZV_R9_3, ACTS_PROCESSING, r9_3_participation_withdrawn},
};

#define ALL_ACTIONS ((1u << ZV_ACTION__COUNT) - 1)

/* The order of evaluation. The consent step is filled by the rules that rely
 * on consent (consent.c) and shown between step 8 and the other regimes. */
static const struct step_row STEPS[] = {
	{ZV_STEP_PURPOSE, ACTS_PROCESSING, false, ROWS(PURPOSE)},
	{ZV_STEP_LEGAL_BASIS, ACTS_PROCESSING, false, ROWS(LEGAL_BASIS)},
	{ZV_STEP_NECESSITY, ACTS_PROCESSING, false, ROWS(NECESSITY)},
	{ZV_STEP_SPECIAL_CATEGORIES, ACTS_PROCESSING | ACT(VIEW), false, ROWS(SPECIAL)},
	{ZV_STEP_SECRECY, ACT(DISCLOSE) | ACT(VIEW), false, ROWS(SECRECY)},
	{ZV_STEP_TRANSPARENCY, ACTS_PROCESSING, false, ROWS(TRANSPARENCY)},
	{ZV_STEP_ACCURACY, ACT(DISCLOSE), false, ROWS(ACCURACY)},
	{ZV_STEP_RIGHTS, ACT(ACCESS), false, ROWS(RIGHTS)},
	{ZV_STEP_ENRICHMENT, ALL_ACTIONS, true, ROWS(ENRICHMENT)},
	{ZV_STEP_ZORG_STRAF, ALL_ACTIONS, true, ROWS(ZORG_STRAF)},
	{ZV_STEP_FRAMEWORK, ALL_ACTIONS, true, ROWS(FRAMEWORK)},
};

static void run_steps(struct eval *e)
{
	unsigned act = 1u << e->s->action;
	for (size_t i = 0; i < sizeof STEPS / sizeof *STEPS; i++) {
		const struct step_row *row = &STEPS[i];
		if (!(row->actions & act))
			continue;
		e->cur = row->step;
		e->steps[row->step].applicable = !row->regime;
		for (size_t k = 0; k < row->n_rules; k++)
			if (row->rules[k].actions & act)
				row->rules[k].decide(e);
	}
}

static enum zv_step_result step_result(const struct step_state *st)
{
	if (st->has_result_override)
		return st->result_override;
	return st->n_deny ? ZV_STEP_FAIL : st->n_ask ? ZV_STEP_QUESTION : ZV_STEP_OK;
}

static void collect_steps(struct eval *e)
{
	struct zv_decision *d = e->d;
	for (int i = 0; i < ZV_STEP__COUNT; i++) {
		const struct step_state *st = &e->steps[i];
		bool core = i < ZV_STEP__CORE_COUNT;
		bool shown = core || st->applicable || st->n_rules;
		if (!shown)
			continue;
		struct zv_decision_step *ds = &d->steps[d->n_steps++];
		ds->step = (enum zv_step)i;
		ds->result = (st->applicable || st->n_rules) ? step_result(st) : ZV_STEP_NOT_APPLICABLE;
		if (core && !st->applicable)
			ds->result = ZV_STEP_NOT_APPLICABLE;
		ds->n_rules = ds->result == ZV_STEP_NOT_APPLICABLE ? 0 : st->n_rules;
		memcpy(ds->rules, st->rules, ds->n_rules);
		ds->reason = (struct zv_text){"", 0};
	}
}

static void conclude(struct eval *e)
{
	struct zv_decision *d = e->d;
	d->outcome = e->any_deny   ? ZV_OUTCOME_DENIED
		     : e->any_ask  ? ZV_OUTCOME_JUDGEMENT_REQUIRED
		     : e->any_limit ? ZV_OUTCOME_ALLOWED_LIMITED
				    : ZV_OUTCOME_ALLOWED;
	if (d->outcome == ZV_OUTCOME_ALLOWED_LIMITED) {
		d->scope.kind = e->scope;
		d->scope.has_categories = e->scope == ZV_SCOPE_MINIMAL && e->scope_has_categories;
		d->scope.categories = d->scope.has_categories ? e->scope_categories : 0;
		d->scope.has_persons = e->scope != ZV_SCOPE_ANONYMOUS && e->scope_has_persons &&
				       e->scope_persons != e->about;
		d->scope.persons = d->scope.has_persons ? e->scope_persons : 0;
	}
	if (d->outcome == ZV_OUTCOME_DENIED) {  /* a "no" creates no work to do */
		uint8_t kept = 0;
		for (uint8_t i = 0; i < d->n_obligations; i++)
			if (obligation_survives_denial(d->obligations[i].code))
				d->obligations[kept++] = d->obligations[i];
		d->n_obligations = kept;
	}
}

enum zv_err zv_decide(const struct zv_situation *s, struct zv_decision *d, unsigned flags)
{
	struct eval e;
	memset(&e, 0, sizeof e);
	e.s = s;
	e.d = d;
	e.text = !(flags & ZV_DECIDE_NO_TEXT);
	/* The decision is reset field by field: its text buffer need not be. */
	d->outcome = ZV_OUTCOME_ALLOWED;
	memset(&d->scope, 0, sizeof d->scope);
	d->n_steps = d->n_rules_fired = d->n_legal_refs = 0;
	d->n_questions = d->n_obligations = d->n_alternatives = 0;
	d->motivation = (struct zv_text){"", 0};
	d->text_len = 0;

	if (!situation_is_valid(s))
		return ZV_EINPUT;
	facts_derive(&e);
	run_steps(&e);
	if (e.overflow)
		return ZV_EINTERNAL;
	collect_steps(&e);
	conclude(&e);
	if (e.text)
		render_texts(&e);
	return ZV_OK;
}
