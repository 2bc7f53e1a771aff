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

#include "helpers.h"

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

static void random_situations_keep_the_promises(void **state)
{
	(void)state;
	struct rng r = {0x9E3779B97F4A7C15u};
	struct random_world *w = malloc(sizeof *w);
	struct zv_decision *d = malloc(sizeof *d), *quick = malloc(sizeof *quick);
	unsigned long n = property_iterations(100000);
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
