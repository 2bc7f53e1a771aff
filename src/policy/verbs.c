/*
 * verbs.c — how rules record what they found (see eval.h).
 *
 * All bookkeeping of an evaluation lives here: which rules fired and in what
 * order, the strongest outcome so far, the narrowing of the scope, and the
 * de-duplicated lists of questions, obligations, alternatives and legal
 * references. Bounds are fixed; exceeding one sets `overflow`, which
 * zv_decide() reports as an internal error (it cannot happen on valid input,
 * and a test drives every rule to check that).
 */
#include "eval.h"

#include <stdarg.h>
#include <string.h>

static struct step_state *cur_step(struct eval *e)
{
	return &e->steps[e->cur];
}

void step_enter(struct eval *e, enum zv_step step)
{
	e->cur = step;
	e->steps[step].applicable = true;
}

void step_not_applicable(struct eval *e, enum zv_step step, const char *why)
{
	struct step_state *st = &e->steps[step];
	st->applicable = false;
	if (e->text && why && st->n_says < STEP_MAX_SAYS)
		st->says[st->n_says++] = (struct say){.tmpl = why};
}

void step_result_override(struct eval *e, enum zv_step step, enum zv_step_result r)
{
	struct step_state *st = &e->steps[step];
	/* keep the worst: fail > question > ok */
	static const int rank[] = {[ZV_STEP_OK] = 0, [ZV_STEP_QUESTION] = 1, [ZV_STEP_FAIL] = 2,
				   [ZV_STEP_NOT_APPLICABLE] = -1};
	if (!st->has_result_override || rank[r] > rank[st->result_override])
		st->result_override = r;
	st->has_result_override = true;
}

static void step_list_rule(struct eval *e, enum zv_rule r)
{
	struct step_state *st = cur_step(e);
	for (uint8_t i = 0; i < st->n_rules; i++)
		if (st->rules[i] == r)
			return;
	if (st->n_rules == ZV_MAX_STEP_RULES) {
		e->overflow = true;
		return;
	}
	st->rules[st->n_rules++] = (uint8_t)r;
}

void add_legal_ref(struct eval *e, const char *ref)
{
	add_legal_ref_text(e, (struct zv_text){ref, strlen(ref)});
}

void add_legal_ref_text(struct eval *e, struct zv_text ref)
{
	struct zv_decision *d = e->d;
	if (!ref.len)
		return;
	for (uint8_t i = 0; i < d->n_legal_refs; i++)
		if (d->legal_refs[i].len == ref.len && !memcmp(d->legal_refs[i].ptr, ref.ptr, ref.len))
			return;
	if (d->n_legal_refs == ZV_MAX_LEGAL_REFS) {
		e->overflow = true;
		return;
	}
	d->legal_refs[d->n_legal_refs++] = ref;
}

/* The rule was applied: it enters its step and rules_fired, once. */
static void applied(struct eval *e, enum zv_rule r)
{
	step_list_rule(e, r);
	uint64_t bit = UINT64_C(1) << r;
	if (e->fired & bit)
		return;
	e->fired |= bit;
	if (r < ZV_RULE__DECISION_COUNT)
		e->d->rules_fired[e->d->n_rules_fired++] = (uint8_t)r;
}

/* The rule shaped the answer: it also brings its legal references. */
static void fire(struct eval *e, enum zv_rule r)
{
	applied(e, r);
	uint64_t bit = UINT64_C(1) << r;
	if (e->referenced & bit)
		return;
	e->referenced |= bit;
	for (const char *const *ref = rule_legal_refs(r); ref && *ref; ref++)
		add_legal_ref(e, *ref);
}

void rule_check(struct eval *e, enum zv_rule r)
{
	applied(e, r);
}

void rule_deny(struct eval *e, enum zv_rule r)
{
	fire(e, r);
	cur_step(e)->n_deny++;
	e->any_deny = true;
}

void rule_ask(struct eval *e, enum zv_rule r, enum zv_fact fact, int32_t person)
{
	fire(e, r);
	cur_step(e)->n_ask++;
	e->any_ask = true;
	struct zv_decision *d = e->d;
	for (uint8_t i = 0; i < d->n_questions; i++)
		if (d->questions[i].fact == fact && d->questions[i].person == person)
			return;
	if (d->n_questions == ZV_MAX_QUESTIONS) {
		e->overflow = true;
		return;
	}
	d->questions[d->n_questions++] = (struct zv_question){
		.rule = r, .fact = fact, .person = person, .text = question_text(fact)};
}

void rule_limit(struct eval *e, enum zv_rule r, enum zv_scope_kind kind, uint8_t categories,
		zv_personset persons)
{
	fire(e, r);
	e->any_limit = true;
	if (kind > e->scope)  /* the least intrusive form wins */
		e->scope = kind;
	if (categories) {
		e->scope_categories = e->scope_has_categories ? e->scope_categories & categories
							      : categories;
		e->scope_has_categories = true;
	}
	if (persons) {
		e->scope_persons = e->scope_has_persons ? e->scope_persons & persons : persons;
		e->scope_has_persons = true;
	}
	/* Two narrowings that leave nothing in common leave nothing to share. */
	if ((e->scope_has_categories && !e->scope_categories) ||
	    (e->scope_has_persons && !e->scope_persons)) {
		say(e, "Wat na alle beperkingen overblijft, is niets.");
		rule_deny(e, r);
	}
}

void rule_grant(struct eval *e, enum zv_rule r)
{
	fire(e, r);
}

void rule_note(struct eval *e, enum zv_rule r)
{
	fire(e, r);
}

void rule_oblige(struct eval *e, enum zv_rule r, enum zv_rule cites,
		 enum zv_obligation_code code, bool has_due, zv_day due)
{
	fire(e, r);
	if (cites != r)
		for (const char *const *ref = rule_legal_refs(cites); ref && *ref; ref++)
			add_legal_ref(e, *ref);
	struct zv_decision *d = e->d;
	for (uint8_t i = 0; i < d->n_obligations; i++)
		if (d->obligations[i].code == code)
			return;
	if (d->n_obligations == ZV_MAX_OBLIGATIONS) {
		e->overflow = true;
		return;
	}
	d->obligations[d->n_obligations++] = (struct zv_obligation){
		.rule = cites, .code = code, .has_due = has_due, .due = due,
		.text = obligation_text(code, cites)};
}

void add_alternative(struct eval *e, enum zv_rule r, enum zv_alternative_code code)
{
	struct zv_decision *d = e->d;
	for (uint8_t i = 0; i < d->n_alternatives; i++)
		if (d->alternatives[i].code == code)
			return;
	if (d->n_alternatives == ZV_MAX_ALTERNATIVES) {
		e->overflow = true;
		return;
	}
	d->alternatives[d->n_alternatives++] = (struct zv_alternative){
		.rule = r, .code = code, .text = alternative_text(code)};
}

static void say_v(struct eval *e, const char *tmpl, va_list ap)
{
	if (!e->text || !tmpl)
		return;
	struct step_state *st = cur_step(e);
	if (st->n_says == STEP_MAX_SAYS) {  /* an explanation may be cut short */
		st->says_truncated = true;
		return;
	}
	struct say *sy = &st->says[st->n_says++];
	sy->tmpl = tmpl;
	int n = 0;
	for (const char *p = tmpl; *p && n < SAY_MAX_ARGS; p++) {
		if (*p != '%')
			continue;
		switch (*++p) {
		case 'P': case 'O': case 'N': sy->a[n++].i = va_arg(ap, int); break;
		case 'D': sy->a[n++].day = (zv_day)va_arg(ap, int); break;
		case 'T': sy->a[n++].text = *va_arg(ap, const struct zv_text *); break;
		case 'S': sy->a[n++].str = va_arg(ap, const char *); break;
		case '\0': p--; break;
		default: break;
		}
	}
}

void say(struct eval *e, const char *tmpl, ...)
{
	va_list ap;
	va_start(ap, tmpl);
	say_v(e, tmpl, ap);
	va_end(ap);
}

enum zv_tri rule_yes_no(struct eval *e, enum zv_rule r, enum zv_fact fact, enum zv_tri answer,
			enum zv_tri bad, const char *unknown, const char *denied, const char *passed,
			...)
{
	va_list ap;
	va_start(ap, passed);
	if (answer == ZV_UNKNOWN) {
		rule_ask(e, r, fact, -1);
		say_v(e, unknown, ap);
	} else if (answer == bad) {
		rule_deny(e, r);
		say_v(e, denied, ap);
	} else {
		rule_check(e, r);
		say_v(e, passed, ap);
	}
	va_end(ap);
	return answer;
}
