/*
 * test_situation_write.c — the situation written as JSON (zv_situation_
 * write_json) reads back as the same situation:
 *
 *   - every situation file in the folders given on the command line
 *     (tests/scenarios/, tests/decisions/, examples/) and many random
 *     situations: parsing the output gives the same facts, the same decision
 *     byte for byte, and the same output again;
 *   - a situation with every fact set is written exactly, in the contract's
 *     order; one with only the required facts writes only those (absent,
 *     null and default facts are left out); the output is valid JSON on one
 *     line, also for texts that need escaping;
 *   - a buffer that is too small fails, holding a prefix, never more; 8 MiB
 *     hold the largest situation the parser accepts.
 *
 * ZV_PROPERTY_ITERATIONS sets the number of random situations (default 20000).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define TODAY zv_date_from_ymd(2026, 11, 28)
/* The day a written situation is read back on: its own date must win. */
#define OTHER_DAY zv_date_from_ymd(2001, 2, 3)

/* ---- the same facts ---------------------------------------------------- */

static bool text_eq(struct zv_text a, struct zv_text b)
{
	return a.len == b.len && (!a.len || !memcmp(a.ptr, b.ptr, a.len));
}

/* Every id of `a` is in `b` (ids are a set: the parser drops repeats). */
static bool ids_within(const struct zv_text *a, uint32_t na, const struct zv_text *b, uint32_t nb)
{
	for (uint32_t i = 0; i < na; i++) {
		bool found = false;
		for (uint32_t k = 0; k < nb && !found; k++)
			found = text_eq(a[i], b[k]);
		if (!found)
			return false;
	}
	return true;
}

#define SAME(field)                        \
	do {                               \
		if (a->field != b->field)  \
			return #field;     \
	} while (0)
#define SAME_TEXT(field)                              \
	do {                                          \
		if (!text_eq(a->field, b->field))     \
			return #field;                \
	} while (0)

static const char *consent_differs(const struct zv_consent *a, const struct zv_consent *b)
{
	SAME(kind);
	SAME(given_by);
	SAME(free);
	SAME(unambiguous);
	SAME(informed);
	SAME(specific);
	SAME(explicit);
	SAME(withdrawn);
	SAME(has_recipients);
	if (a->has_recipients) {
		SAME(recipient_orgs);
		SAME(recipient_persons);
		if (!ids_within(a->recipient_org_ids, a->n_recipient_org_ids, b->recipient_org_ids,
				b->n_recipient_org_ids) ||
		    !ids_within(b->recipient_org_ids, b->n_recipient_org_ids, a->recipient_org_ids,
				a->n_recipient_org_ids))
			return "recipient_org_ids";
	}
	SAME(has_categories);
	if (a->has_categories)
		SAME(categories);
	SAME(has_valid_until);
	if (a->has_valid_until)
		SAME(valid_until);
	return NULL;
}

static const char *person_differs(const struct zv_person *a, const struct zv_person *b)
{
	SAME_TEXT(id);
	SAME(role);
	SAME(age);
	SAME(capable);
	SAME(authority_holders);
	SAME(n_consents);
	for (uint32_t k = 0; k < a->n_consents; k++) {
		const char *why = consent_differs(&a->consents[k], &b->consents[k]);
		if (why)
			return why;
	}
	return NULL;
}

/* The first fact in which `a` and `b` differ, or NULL when they hold the
 * same facts (a value behind a has_* flag that is false is no fact). */
static const char *situation_differs(const struct zv_situation *a, const struct zv_situation *b)
{
	SAME(date);
	SAME(action);
	SAME(initiative);
	SAME_TEXT(purpose.description);
	SAME(purpose.within_task);
	SAME(purpose.kind);
	SAME(purpose.further_use);
	SAME_TEXT(purpose.further_use_provision);
	SAME(purpose.compatible);
	SAME(purpose.domestic_violence_concern);
	SAME(actor.kind);
	SAME(actor.acting_for);
	SAME_TEXT(actor.acting_for_org);
	SAME_TEXT(actor.org_id);
	SAME(actor.public_authority);
	SAME(actor.secrecy);
	SAME(actor.referral_task);
	SAME(actor.case_role);
	SAME(actor.lawyer_confirmed_consent_basis);
	SAME(counterparty.present);
	if (a->counterparty.present) {
		SAME(counterparty.person);
		SAME(counterparty.kind);
		SAME_TEXT(counterparty.org_id);
		SAME(counterparty.public_authority);
		SAME(counterparty.directly_involved);
		SAME(counterparty.own_legal_basis);
		SAME(counterparty.criminal_justice);
		SAME(counterparty.reporter);
	}
	SAME(n_persons);
	for (uint32_t i = 0; i < a->n_persons; i++) {
		const char *why = person_differs(&a->persons[i], &b->persons[i]);
		if (why)
			return why;
	}
	SAME(data.about);
	SAME(data.has_categories);
	if (a->data.has_categories)
		SAME(data.categories);
	SAME(data.identifiability);
	SAME(data.contains_third_party_data);
	SAME(data.scope);
	SAME(data.existence_suffices);
	SAME(data.necessity_substantiated);
	SAME(data.beyond_necessary);
	SAME(data.obtainable_from_subjects);
	SAME(data.asking_subjects_endangers_safety);
	SAME(data.anonymous_suffices);
	SAME(data.proportionate);
	SAME_TEXT(data.special_category_exception);
	SAME(data.unverified_or_opinion);
	SAME(data.secrecy_holder);
	SAME_TEXT(data.secrecy_holder_org);
	SAME(data.disclosed_to_actor);
	SAME(data.restricted_from_actor);
	SAME(legal_basis.ground);
	SAME_TEXT(legal_basis.provision);
	SAME(secrecy_ground);
	SAME(secrecy_provision_confirmed);
	SAME(parent_access_incompatible);
	SAME(conflict_of_duties.consent_attempted);
	SAME(conflict_of_duties.serious_harm);
	SAME(conflict_of_duties.no_alternative);
	SAME(conflict_of_duties.limits_harm);
	SAME(transparency.informed_beforehand);
	SAME(transparency.reason_not_informed);
	SAME(framework);
	SAME(participation_withdrawn);
	SAME(veilig_thuis.has_report_date);
	if (a->veilig_thuis.has_report_date)
		SAME(veilig_thuis.report_date);
	SAME(veilig_thuis.has_new_report_date);
	if (a->veilig_thuis.has_new_report_date)
		SAME(veilig_thuis.new_report_date);
	SAME(veilig_thuis.has_investigation_decided_date);
	if (a->veilig_thuis.has_investigation_decided_date)
		SAME(veilig_thuis.investigation_decided_date);
	SAME(veilig_thuis.has_investigation_start_date);
	if (a->veilig_thuis.has_investigation_start_date)
		SAME(veilig_thuis.investigation_start_date);
	SAME(veilig_thuis.reasonable_suspicion);
	SAME(veilig_thuis.new_report);
	SAME(veilig_thuis.continuation_justified);
	SAME(zorg_straf.contributes_to_ending_violence);
	SAME(zorg_straf.solely_recipient_task);
	SAME(zorg_straf.zsm_report);
	return NULL;
}

/* ---- round trip -------------------------------------------------------- */

/* The situation as JSON (malloc'd), checked to be whole, one line and valid
 * JSON without duplicate keys. */
static char *written(const struct zv_situation *s)
{
	struct zv_buf out;
	zv_buf_init(&out, 1 << 20);
	zv_situation_write_json(s, &out);
	assert_false(out.failed);
	assert_non_null(out.data);
	if (memchr(out.data, '\n', out.len))
		fail_msg("not one line: %s", out.data);
	json_error_t jerr;
	json_t *v = json_loadb(out.data, out.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v || !json_is_object(v))
		fail_msg("not a JSON object (%s): %s", jerr.text, out.data);
	json_decref(v);
	return zv_buf_detach(&out, NULL);
}

/* The decision on `s` as JSON (malloc'd). */
static char *decided(const struct zv_situation *s, struct zv_decision *d)
{
	assert_int_equal(zv_decide(s, d, ZV_DECIDE_FULL), ZV_OK);
	struct zv_buf out;
	zv_buf_init(&out, 8u << 20);
	zv_decision_write_json(d, s, &out);
	assert_false(out.failed);
	return zv_buf_detach(&out, NULL);
}

/* s → JSON → s2: the same facts, the same decision, the same JSON. */
static void round_trip(const char *what, const struct zv_situation *s, struct zv_decision *d)
{
	char *json = written(s);
	char *decision = decided(s, d);
	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_situation s2;
	struct zv_error err;
	if (zv_situation_parse(json, strlen(json), OTHER_DAY, &arena, &s2, &err) != ZV_OK)
		fail_msg("%s: the written situation does not parse: %s: %s\n%s", what, err.path,
			 err.message, json);
	const char *why = situation_differs(s, &s2);
	if (why)
		fail_msg("%s: read back, %s differs: %s", what, why, json);
	char *decision2 = decided(&s2, d);
	if (strcmp(decision, decision2))
		fail_msg("%s: another decision after the round trip:\n%s\n%s\n%s", what, json,
			 decision, decision2);
	char *json2 = written(&s2);
	if (strcmp(json, json2))
		fail_msg("%s: written again differently:\n%s\n%s", what, json, json2);
	free(json2);
	free(decision2);
	free(decision);
	free(json);
	zv_arena_release(&arena);
}

/* ---- scenario files ---------------------------------------------------- */

static void scenario_round_trip(void **state)
{
	const char *path = *state;
	json_error_t jerr;
	json_t *file = json_load_file(path, 0, &jerr);
	if (!file)
		fail_msg("%s: %s", path, jerr.text);
	json_t *situation = json_object_get(file, "situation");
	char *json = json_dumps(situation ? situation : file, JSON_COMPACT);
	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_situation s;
	struct zv_error err;
	if (zv_situation_parse(json, strlen(json), TODAY, &arena, &s, &err) != ZV_OK)
		fail_msg("%s: %s: %s", path, err.path, err.message);
	struct zv_decision *d = malloc(sizeof *d);
	round_trip(path, &s, d);
	free(d);
	zv_arena_release(&arena);
	free(json);
	json_decref(file);
}

/* ---- random situations ------------------------------------------------- */

/* Texts that need escaping or are not ASCII, and ids that still name no
 * organisation kind and do not start with "org:". */
static const char *const TEXTS[] = {
	"", " ", "Veiligheidsplan", "\"aanhalingstekens\" en \\ en /",
	"regel 1\nregel 2\r\n\tinspringen \x01\x1f\x7f", "café, Curaçao ✓ 𝄞 🙂"};
static const char *const ODD_IDS[RANDOM_MAX_PERSONS] = {
	"kind \"1\"", "moeder\\", "vader\n", "é", "🙂 x", "org-achtig"};
static const char *const ODD_ORG_IDS[2] = {"lt \"noord\" \\ ✓", "org:lt-zuid"};

static struct zv_text T(const char *s)
{
	return (struct zv_text){s, strlen(s)};
}

static struct zv_text some_text(struct rng *r)
{
	return T(TEXTS[rng_pick(r, sizeof TEXTS / sizeof *TEXTS)]);
}

/* What the shared generator leaves out: odd texts and ids, the mother
 * organisation's id, an empty counterparty, empty lists, edge values. */
static void more_facts(struct rng *r, struct random_world *w)
{
	struct zv_situation *s = &w->s;
	if (rng_pick(r, 4) == 0) {
		for (uint32_t i = 0; i < s->n_persons; i++)
			w->persons[i].id = T(ODD_IDS[i]);
		w->org_ids[0] = T(ODD_ORG_IDS[0]);
		w->org_ids[1] = T(ODD_ORG_IDS[1]);
	}
	s->purpose.description = some_text(r);
	if (rng_pick(r, 3) == 0)
		s->purpose.further_use_provision = some_text(r);
	if (rng_pick(r, 3) == 0)
		s->data.special_category_exception = some_text(r);
	if (rng_pick(r, 3) == 0)
		s->legal_basis.provision = some_text(r);
	if (rng_pick(r, 3) == 0)
		s->actor.acting_for_org = w->org_ids[rng_pick(r, 2)];
	if (s->actor.kind != ZV_ORG_REGIONAL_SAFETY_TEAM && rng_pick(r, 8) == 0)
		s->actor.acting_for = ZV_ORG_GI;   /* read, though only a team member uses it */
	if (rng_pick(r, 4) == 0)
		s->actor.org_id = w->org_ids[rng_pick(r, 2)];
	if (rng_pick(r, 4) == 0)
		s->counterparty.org_id = w->org_ids[rng_pick(r, 2)];
	if (rng_pick(r, 4) == 0)
		s->data.secrecy_holder_org = w->org_ids[rng_pick(r, 2)];
	bool cp_required = s->action == ZV_ACTION_DISCLOSE || s->action == ZV_ACTION_REQUEST ||
			   s->action == ZV_ACTION_ACCESS;
	if (!cp_required && s->counterparty.present && rng_pick(r, 3) == 0) {
		s->counterparty = (__typeof__(s->counterparty)){.present = true, .person = -1};
	}
	for (uint32_t i = 0; i < s->n_persons; i++) {
		struct zv_person *p = &w->persons[i];
		if (rng_pick(r, 16) == 0)
			p->age = (int16_t)(rng_pick(r, 2) ? 130 : 0);
		for (uint32_t k = 0; k < p->n_consents; k++) {
			struct zv_consent *c = &w->consents[i][k];
			if (c->has_categories && rng_pick(r, 8) == 0)
				c->categories = 0;   /* "categories": [] */
			if (c->has_recipients && rng_pick(r, 8) == 0) {
				c->recipient_orgs = 0;   /* "recipients": [] */
				c->recipient_persons = 0;
				c->n_recipient_org_ids = 0;
			}
		}
	}
	if (rng_pick(r, 50) == 0)
		s->date = rng_pick(r, 2) ? zv_date_from_ymd(ZV_YEAR_MIN, 1, 1)
					 : zv_date_from_ymd(ZV_YEAR_MAX, 12, 31);
}

static void random_situations_round_trip(void **state)
{
	(void)state;
	struct rng r = {0xD1B54A32D192ED03u};
	struct random_world *w = malloc(sizeof *w);
	struct zv_decision *d = malloc(sizeof *d);
	unsigned long n = property_iterations(20000);
	for (unsigned long i = 0; i < n; i++) {
		random_situation(&r, w);
		more_facts(&r, w);
		char what[48];
		snprintf(what, sizeof what, "random situation %lu", i);
		round_trip(what, &w->s, d);
	}
	print_message("%lu random situations written and read back\n", n);
	free(d);
	free(w);
}

/* ---- exact output ------------------------------------------------------ */

/* Every fact of the contract and its extensions set, none to its default,
 * with texts that need escaping: written back byte for byte. */
static const char FULL[] =
	"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"disclose\",\"initiative\":\"own\","
	"\"purpose\":{\"description\":\"Plan \\\"veilig\\\" a\\\\b/c\\n\\t\\r\\u0001\\u007f é 🙂\","
	"\"within_task\":true,\"kind\":\"research\",\"further_use\":true,"
	"\"further_use_provision\":\"Jeugdwet art. 7.4.3\",\"compatible\":false,"
	"\"domestic_violence_concern\":true},"
	"\"actor\":{\"org_kind\":\"regional_safety_team\",\"acting_for\":\"veilig_thuis\","
	"\"acting_for_org\":\"vt-noord\",\"org_id\":\"rvt-1\",\"public_authority\":false,"
	"\"secrecy\":\"wgbo\",\"referral_task\":true,\"case_role\":\"substitute\","
	"\"lawyer_confirmed_consent_basis\":true},"
	"\"counterparty\":{\"person\":\"moeder\",\"org_kind\":\"gi\",\"org_id\":\"gi \\\"west\\\"\","
	"\"public_authority\":true,\"directly_involved\":false,\"own_legal_basis\":true,"
	"\"criminal_justice\":false,\"reporter\":true},"
	"\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":14,\"capable\":false,"
	"\"authority_holders\":[\"moeder\",\"vader \\\"v\\\"\"],"
	"\"consents\":[{\"kind\":\"secrecy_release\",\"given_by\":[\"kind\",\"moeder\"],"
	"\"free\":true,\"unambiguous\":true,\"informed\":true,\"specific\":true,\"explicit\":true,"
	"\"recipients\":[\"gi\",\"police\",\"org:gi \\\"west\\\"\",\"org:x\",\"moeder\"],"
	"\"categories\":[\"ordinary\",\"criminal\"],\"valid_until\":\"2027-06-01\","
	"\"withdrawn\":true},"
	"{\"kind\":\"agreement\",\"recipients\":[],\"categories\":[]}]},"
	"{\"id\":\"moeder\",\"role\":\"parent\",\"age\":0},"
	"{\"id\":\"vader \\\"v\\\"\",\"role\":\"adult\",\"age\":130}],"
	"\"data\":{\"about\":[\"kind\",\"vader \\\"v\\\"\"],"
	"\"categories\":[\"ordinary\",\"health\",\"special_other\",\"criminal\"],"
	"\"identifiability\":\"pseudonymised\",\"contains_third_party_data\":true,"
	"\"scope\":\"existence\",\"existence_suffices\":true,\"necessity_substantiated\":false,"
	"\"beyond_necessary\":true,\"obtainable_from_subjects\":false,"
	"\"asking_subjects_endangers_safety\":true,\"anonymous_suffices\":false,"
	"\"proportionate\":true,\"special_category_exception\":\"UAVG art. 30 lid 3\","
	"\"unverified_or_opinion\":true,\"secrecy_holder\":\"ggz\",\"secrecy_holder_org\":\"ggz-1\","
	"\"disclosed_to_actor\":true,\"restricted_from_actor\":true},"
	"\"legal_basis\":{\"ground\":\"e\",\"provision\":\"Wmo 2015 art. 4.1.1\"},"
	"\"secrecy_ground\":\"conflict_of_duties\",\"secrecy_provision_confirmed\":true,"
	"\"parent_access_incompatible_with_good_care\":false,"
	"\"conflict_of_duties\":{\"consent_attempted\":true,\"serious_harm\":false,"
	"\"no_alternative\":true,\"limits_harm\":false},"
	"\"transparency\":{\"informed_beforehand\":false,\"reason_not_informed\":\"statutory\"},"
	"\"framework\":\"pressure\",\"participation_withdrawn\":true,"
	"\"veilig_thuis\":{\"report_date\":\"2026-10-01\",\"reasonable_suspicion\":true,"
	"\"new_report_date\":\"2026-10-20\",\"investigation_decided_date\":\"2026-10-02\","
	"\"investigation_start_date\":\"2026-10-05\",\"new_report\":true,"
	"\"continuation_justified\":false},"
	"\"zorg_straf\":{\"contributes_to_ending_violence\":true,\"solely_recipient_task\":false,"
	"\"zsm_report\":true}}";

/* `json` parsed (on TODAY) and written again; malloc'd. */
static char *rewritten(const char *json)
{
	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_situation s;
	struct zv_error err;
	if (zv_situation_parse(json, strlen(json), TODAY, &arena, &s, &err) != ZV_OK)
		fail_msg("%s: %s: %s", json, err.path, err.message);
	char *out = written(&s);
	zv_arena_release(&arena);
	return out;
}

static void every_fact_is_written_in_the_contracts_order(void **state)
{
	(void)state;
	char *out = rewritten(FULL);
	assert_string_equal(out, FULL);
	free(out);
}

static void absent_facts_are_left_out(void **state)
{
	(void)state;
	static const char MINIMAL[] =
		"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"view\","
		"\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":\"a\"}]}";
	char *out = rewritten(MINIMAL);
	assert_string_equal(out, MINIMAL);
	free(out);
	/* null, defaults and empty sections are no facts either; the date is
	 * the evaluation date the situation was decided on */
	out = rewritten(
		"{\"version\":1,\"action\":\"view\",\"initiative\":\"request\","
		"\"purpose\":{\"kind\":\"care\",\"within_task\":null,\"further_use\":false,"
		"\"description\":\"\"},"
		"\"actor\":{\"org_kind\":\"gi\",\"secrecy\":null,\"referral_task\":false},"
		"\"persons\":[{\"id\":\"a\",\"role\":\"other\",\"age\":null,\"capable\":true,"
		"\"authority_holders\":[],\"consents\":[]}],"
		"\"data\":{\"scope\":\"content\",\"identifiability\":\"identifiable\","
		"\"categories\":null,\"about\":null},\"legal_basis\":{},\"conflict_of_duties\":{},"
		"\"transparency\":{\"informed_beforehand\":null},\"framework\":null,"
		"\"veilig_thuis\":{\"new_report\":false},\"zorg_straf\":{}}");
	assert_string_equal(out, MINIMAL);
	free(out);
	/* a counterparty given without facts is still given */
	out = rewritten("{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"view\","
			"\"actor\":{\"org_kind\":\"gi\"},\"counterparty\":{\"org_kind\":null},"
			"\"persons\":[{\"id\":\"a\"}]}");
	assert_string_equal(out, "{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"view\","
				 "\"actor\":{\"org_kind\":\"gi\"},\"counterparty\":{},"
				 "\"persons\":[{\"id\":\"a\"}]}");
	free(out);
}

/* The contract's lenient readings come out in one form: a kind or category
 * named twice once, an age of 14.0 as 14, lists in a fixed order. */
static void lenient_input_is_written_in_one_form(void **state)
{
	(void)state;
	char *out = rewritten(
		"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"view\","
		"\"actor\":{\"org_kind\":\"gi\"},"
		"\"persons\":[{\"id\":\"a\",\"age\":14.0,\"consents\":[{\"kind\":\"processing\","
		"\"given_by\":[\"b\",\"a\"],\"recipients\":[\"b\",\"org:y\",\"gi\",\"org:y\",\"gi\","
		"\"ggz\"],\"categories\":[\"health\",\"ordinary\",\"health\"]}]},{\"id\":\"b\"}],"
		"\"data\":{\"about\":[\"b\",\"a\"],\"categories\":[\"criminal\",\"ordinary\"]}}");
	assert_string_equal(
		out,
		"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"view\","
		"\"actor\":{\"org_kind\":\"gi\"},"
		"\"persons\":[{\"id\":\"a\",\"age\":14,\"consents\":[{\"kind\":\"processing\","
		"\"given_by\":[\"a\",\"b\"],\"recipients\":[\"gi\",\"ggz\",\"org:y\",\"b\"],"
		"\"categories\":[\"ordinary\",\"health\"]}]},{\"id\":\"b\"}],"
		"\"data\":{\"about\":[\"a\",\"b\"],\"categories\":[\"ordinary\",\"criminal\"]}}");
	free(out);
}

/* For every cap below the output's length the write fails, holding no more
 * than the cap allows, and what it holds is the output's beginning; at the
 * length it succeeds. (ASan would see any write past the buffer.) */
static void a_full_buffer_fails_without_overrun(void **state)
{
	(void)state;
	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_situation s;
	struct zv_error err;
	assert_int_equal(zv_situation_parse(FULL, strlen(FULL), TODAY, &arena, &s, &err), ZV_OK);
	size_t len = strlen(FULL);
	for (size_t cap = 1; cap <= len; cap++) {
		struct zv_buf out;
		zv_buf_init(&out, cap);
		zv_situation_write_json(&s, &out);
		assert_true(out.len <= cap);
		if (cap < len)
			assert_true(out.failed);
		else
			assert_false(out.failed);
		if (out.len)
			assert_memory_equal(out.data, FULL, out.len);
		zv_buf_release(&out);
	}
	/* appending after a failure stays failed and adds nothing */
	struct zv_buf out;
	zv_buf_init(&out, 10);
	zv_situation_write_json(&s, &out);
	size_t held = out.len;
	zv_situation_write_json(&s, &out);
	assert_true(out.failed);
	assert_int_equal(out.len, held);
	zv_buf_release(&out);
	zv_arena_release(&arena);
}

/* The most a text can grow: a raw DEL (one byte, valid in JSON) is written
 * escaped, in six. A situation of 1 MiB full of them still fits in 8 MiB,
 * but is then too large to be read back: the one parsed situation that does
 * not round-trip. */
static void eight_mebibytes_hold_any_situation(void **state)
{
	(void)state;
	static const char HEAD[] =
		"{\"version\":1,\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},"
		"\"persons\":[{\"id\":\"a\"}],\"purpose\":{\"description\":\"";
	static const char TAIL[] = "\"}}";
	size_t n = ZV_SITUATION_MAX_BYTES - (sizeof HEAD - 1) - (sizeof TAIL - 1);
	char *json = malloc(ZV_SITUATION_MAX_BYTES + 1);
	memcpy(json, HEAD, sizeof HEAD - 1);
	memset(json + sizeof HEAD - 1, 0x7F, n);
	memcpy(json + sizeof HEAD - 1 + n, TAIL, sizeof TAIL);
	assert_int_equal(strlen(json), ZV_SITUATION_MAX_BYTES);
	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_situation s;
	struct zv_error err;
	assert_int_equal(zv_situation_parse(json, ZV_SITUATION_MAX_BYTES, TODAY, &arena, &s, &err),
			 ZV_OK);
	struct zv_buf out;
	zv_buf_init(&out, 8u << 20);
	zv_situation_write_json(&s, &out);
	assert_false(out.failed);
	assert_true(out.len > 6 * n);
	assert_int_equal(zv_situation_parse(out.data, out.len, TODAY, &arena, &s, &err), ZV_EINPUT);
	assert_non_null(strstr(err.message, "1 MiB"));
	zv_buf_release(&out);
	zv_arena_release(&arena);
	free(json);
}

/* ---- main -------------------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .json files of `dir`, as paths, appended to names[*n]. */
static void collect(const char *dir, char **names, size_t max, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "cannot open %s\n", dir);
		exit(1);
	}
	size_t first = *n;
	struct dirent *e;
	while ((e = readdir(d)) && *n < max) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		size_t size = strlen(dir) + 1 + len + 1;
		names[*n] = malloc(size);
		snprintf(names[*n], size, "%s/%s", dir, e->d_name);
		(*n)++;
	}
	closedir(d);
	if (*n == first) {
		fprintf(stderr, "no scenarios in %s\n", dir);
		exit(1);
	}
	qsort(names + first, *n - first, sizeof *names, by_name);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest FIXED[] = {
		cmocka_unit_test(every_fact_is_written_in_the_contracts_order),
		cmocka_unit_test(absent_facts_are_left_out),
		cmocka_unit_test(lenient_input_is_written_in_one_form),
		cmocka_unit_test(a_full_buffer_fails_without_overrun),
		cmocka_unit_test(eight_mebibytes_hold_any_situation),
		cmocka_unit_test(random_situations_round_trip),
	};
	enum { MAX_FILES = 1024, N_FIXED = sizeof FIXED / sizeof *FIXED };
	char *names[MAX_FILES];
	size_t n = 0;
	for (int i = 1; i < argc; i++)
		collect(argv[i], names, MAX_FILES, &n);
	struct CMUnitTest *tests = calloc(N_FIXED + n, sizeof *tests);
	memcpy(tests, FIXED, sizeof FIXED);
	for (size_t i = 0; i < n; i++)
		tests[N_FIXED + i] = (struct CMUnitTest){
			.name = names[i], .test_func = scenario_round_trip, .initial_state = names[i]};
	int failed = _cmocka_run_group_tests("situation_write", tests, N_FIXED + n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(tests);
	return failed;
}
