/*
 * test_codec.c — the strict reading of situations and the exact writing of
 * decisions (docs/decision-api.md).
 *
 * Every kind of bad input gets an error with the JSON path of the offending
 * value and a message saying why; nothing bad ever becomes a situation.
 * Absent and null facts stay absent. Output is byte-identical for the same
 * input.
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

struct bad_case {
	const char *name;
	const char *base;      /* NULL: `patch` is the whole input */
	const char *patch;
	const char *path;
	const char *message;   /* a substring of the message */
};

static const struct bad_case BAD[] = {
	{"not JSON", NULL, "{\"version\":1,", "$", "invalid JSON"},
	{"trailing garbage", NULL, "{\"version\":1} x", "$", "invalid JSON"},
	{"not an object", NULL, "[1,2]", "$", "must be a JSON object"},
	{"empty input", NULL, "", "$", "invalid JSON"},
	{"duplicate key", NULL, "{\"version\":1,\"version\":1}", "$", "duplicate"},
	{"NUL escape in a string", NULL, "{\"version\":1,\"action\":\"vi\\u0000ew\"}", "$", "invalid JSON"},
	{"invalid UTF-8", NULL, "{\"version\":1,\"action\":\"\xff\xfe\"}", "$", "invalid JSON"},
	{"unknown top-level field", DISCLOSE_BASE, "{\"actoor\":{}}", "$.actoor", "unknown field"},
	{"unknown nested field", DISCLOSE_BASE, "{\"actor\":{\"secrecyy\":\"wmo\"}}", "$.actor.secrecyy", "unknown field"},
	{"odd unknown key is quoted in the path", DISCLOSE_BASE, "{\"data\":{\"a.b\":1}}", "$.data['a.b']", "unknown field"},
	{"missing version", DISCLOSE_BASE, "{\"version\":null}", "$.version", "required"},
	{"version 2", DISCLOSE_BASE, "{\"version\":2}", "$.version", "not supported"},
	{"version as a string", DISCLOSE_BASE, "{\"version\":\"1\"}", "$.version", "integer"},
	{"missing action", DISCLOSE_BASE, "{\"action\":null}", "$.action", "required"},
	{"action outside its list", DISCLOSE_BASE, "{\"action\":\"share\"}", "$.action", "not one of"},
	{"missing actor", DISCLOSE_BASE, "{\"actor\":null}", "$.actor", "required"},
	{"missing org_kind", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":null}}", "$.actor.org_kind", "required"},
	{"org kind outside its list", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"bank\"}}", "$.actor.org_kind", "not one of"},
	{"team member without mother organisation", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"regional_safety_team\"}}", "$.actor.acting_for", "required"},
	{"acting for a kind that cannot be a mother organisation", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"regional_safety_team\",\"acting_for\":\"school\"}}", "$.actor.acting_for", "not one of"},
	{"boolean as a string", DISCLOSE_BASE, "{\"purpose\":{\"within_task\":\"yes\"}}", "$.purpose.within_task", "expected true, false or null"},
	{"boolean as a number", DISCLOSE_BASE, "{\"data\":{\"proportionate\":1}}", "$.data.proportionate", "expected true, false or null"},
	{"object as an array", DISCLOSE_BASE, "{\"data\":[1]}", "$.data", "expected an object"},
	{"impossible date", DISCLOSE_BASE, "{\"date\":\"2026-02-30\"}", "$.date", "not a valid date"},
	{"date with time", DISCLOSE_BASE, "{\"date\":\"2026-11-28T10:00:00Z\"}", "$.date", "not a valid date"},
	{"impossible consent end date", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"consents\":[{\"kind\":\"processing\",\"valid_until\":\"2027-13-01\"}]}],\"data\":{\"about\":null}}", "$.persons[0].consents[0].valid_until", "not a valid date"},
	{"negative age", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"age\":-1}],\"data\":{\"about\":null}}", "$.persons[0].age", "from 0 to 130"},
	{"absurd age", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"age\":131}],\"data\":{\"about\":null}}", "$.persons[0].age", "from 0 to 130"},
	{"age with a fraction", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"age\":9.5}],\"data\":{\"about\":null}}", "$.persons[0].age", "whole number"},
	{"age as a decimal", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"age\":1e300}],\"data\":{\"about\":null}}", "$.persons[0].age", "from 0 to 130"},
	{"huge age", NULL, "{\"version\":1,\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":\"a\",\"age\":99999999999999999999}]}", "$", "invalid JSON"},
	{"no persons", DISCLOSE_BASE, "{\"persons\":[]}", "$.persons", "at least one person"},
	{"persons missing", DISCLOSE_BASE, "{\"persons\":null}", "$.persons", "required"},
	{"person without id", DISCLOSE_BASE, "{\"persons\":[{\"age\":3}]}", "$.persons[0].id", "required"},
	{"empty person id", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"\"}]}", "$.persons[0].id", "empty"},
	{"duplicate person id", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"a\"},{\"id\":\"a\"}],\"data\":{\"about\":null}}", "$.persons[1].id", "occurs twice"},
	{"authority holder who is nobody", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"authority_holders\":[\"vader\"]}],\"data\":{\"about\":null}}", "$.persons[0].authority_holders[0]", "refers to no person"},
	{"authority over oneself", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"authority_holders\":[\"kind\"]}],\"data\":{\"about\":null}}", "$.persons[0].authority_holders", "themselves"},
	{"authority holder twice", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"authority_holders\":[\"m\",\"m\"]},{\"id\":\"m\"}],\"data\":{\"about\":null}}", "$.persons[0].authority_holders[1]", "twice"},
	{"consent given by nobody", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"consents\":[{\"kind\":\"processing\",\"given_by\":[\"oma\"]}]}],\"data\":{\"about\":null}}", "$.persons[0].consents[0].given_by[0]", "refers to no person"},
	{"consent without kind", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"consents\":[{\"given_by\":[\"kind\"]}]}],\"data\":{\"about\":null}}", "$.persons[0].consents[0].kind", "required"},
	{"consent of an unknown kind", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"consents\":[{\"kind\":\"blanket\"}]}],\"data\":{\"about\":null}}", "$.persons[0].consents[0].kind", "not one of"},
	{"consent recipient that is nothing", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"consents\":[{\"kind\":\"processing\",\"recipients\":[\"bank\"]}]}],\"data\":{\"about\":null}}", "$.persons[0].consents[0].recipients[0]", "neither"},
	{"consent recipient org: without id", DISCLOSE_BASE, "{\"persons\":[{\"id\":\"kind\",\"consents\":[{\"kind\":\"processing\",\"recipients\":[\"org:\"]}]}],\"data\":{\"about\":null}}", "$.persons[0].consents[0].recipients[0]", "followed by"},
	{"data about nobody", DISCLOSE_BASE, "{\"data\":{\"about\":[\"oma\"]}}", "$.data.about[0]", "refers to no person"},
	{"data about nobody at all", DISCLOSE_BASE, "{\"data\":{\"about\":[]}}", "$.data.about", "at least one person"},
	{"category outside its list", DISCLOSE_BASE, "{\"data\":{\"categories\":[\"financial\"]}}", "$.data.categories[0]", "not one of"},
	{"no categories", DISCLOSE_BASE, "{\"data\":{\"categories\":[]}}", "$.data.categories", "at least one"},
	{"counterparty person who is nobody", DISCLOSE_BASE, "{\"counterparty\":{\"person\":\"oma\"}}", "$.counterparty.person", "refers to no person"},
	{"disclose without counterparty", DISCLOSE_BASE, "{\"counterparty\":null}", "$.counterparty", "required"},
	{"counterparty without kind or person", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":null}}", "$.counterparty", "org_kind"},
	{"access without a requesting person", ACCESS_BASE, "{\"counterparty\":{\"person\":null,\"org_kind\":\"gi\"}}", "$.counterparty", "person"},
	{"ground outside its list", DISCLOSE_BASE, "{\"legal_basis\":{\"ground\":\"g\"}}", "$.legal_basis.ground", "not one of"},
	{"secrecy ground outside its list", DISCLOSE_BASE, "{\"secrecy_ground\":\"gut_feeling\"}", "$.secrecy_ground", "not one of"},
	{"framework outside its list", DISCLOSE_BASE, "{\"framework\":\"dwang\"}", "$.framework", "not one of"},
	{"report date impossible", ENRICH_BASE, "{\"veilig_thuis\":{\"report_date\":\"2026-11-31\"}}", "$.veilig_thuis.report_date", "not a valid date"},
	{"case role outside its list", VIEW_BASE, "{\"actor\":{\"case_role\":\"boss\"}}", "$.actor.case_role", "not one of"},
	/* From the differential check of the switch from jansson to the codec's
	 * own JSON reader (src/codec/json_dom.c): the same code and path as
	 * before, and the same message where it is the codec's own. */
#define MINIMAL "{\"version\":1,\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":"
	{"real overflow", NULL, MINIMAL "\"a\",\"age\":1e400}]}", "$", "invalid JSON at line 1, column 83"},
	{"negative real overflow", NULL, MINIMAL "\"a\",\"age\":-1e400}]}", "$", "invalid JSON"},
	{"integer overflow", NULL, MINIMAL "\"a\",\"age\":9223372036854775808}]}", "$", "invalid JSON"},
	{"negative integer overflow", NULL, MINIMAL "\"a\",\"age\":-9223372036854775809}]}", "$", "invalid JSON"},
	{"largest integer", NULL, MINIMAL "\"a\",\"age\":9223372036854775807}]}", "$.persons[0].age", "age must be from 0 to 130, got 9.22337e+18"},
	{"smallest integer", NULL, MINIMAL "\"a\",\"age\":-9223372036854775808}]}", "$.persons[0].age", "age must be from 0 to 130, got -9.22337e+18"},
	{"age just over 130", NULL, MINIMAL "\"a\",\"age\":130.0000000000001}]}", "$.persons[0].age", "age must be from 0 to 130, got 130"},
	{"subnormal age", NULL, MINIMAL "\"a\",\"age\":4.9e-324}]}", "$.persons[0].age", "expected a whole number of years, got 4.94066e-324"},
	{"leading zero", NULL, MINIMAL "\"a\",\"age\":01}]}", "$", "invalid JSON"},
	{"no digit after the point", NULL, MINIMAL "\"a\",\"age\":1.}]}", "$", "invalid JSON"},
	{"no digit in the exponent", NULL, MINIMAL "\"a\",\"age\":1e}]}", "$", "invalid JSON"},
	{"NaN", NULL, MINIMAL "\"a\",\"age\":NaN}]}", "$", "invalid JSON"},
	{"version -0", NULL, "{\"version\":-0,\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":\"a\"}]}", "$.version", "version 0 is not supported"},
	{"version 1.0", NULL, "{\"version\":1.0,\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":\"a\"}]}", "$.version", "expected the integer 1, got a decimal number"},
	{"version 1e0", NULL, "{\"version\":1e0,\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":\"a\"}]}", "$.version", "expected the integer 1, got a decimal number"},
	{"the same id escaped and not", NULL, MINIMAL "\"\\u00e9\"},{\"id\":\"\xc3\xa9\"}]}", "$.persons[1].id", "person id \"\xc3\xa9\" occurs twice"},
	{"a surrogate pair is one character", NULL, MINIMAL "\"\\ud83d\\ude00\"},{\"id\":\"\xf0\x9f\x98\x80\"}]}", "$.persons[1].id", "occurs twice"},
	{"lone high surrogate", NULL, MINIMAL "\"\\ud800\"}]}", "$", "invalid JSON"},
	{"lone low surrogate", NULL, MINIMAL "\"\\udc00\"}]}", "$", "invalid JSON"},
	{"high surrogate with no low one", NULL, MINIMAL "\"\\ud800\\u0041\"}]}", "$", "invalid JSON"},
	{"overlong UTF-8", NULL, MINIMAL "\"\xc0\xaf\"}]}", "$", "invalid JSON"},
	{"overlong UTF-8 of three bytes", NULL, MINIMAL "\"\xe0\x80\xaf\"}]}", "$", "invalid JSON"},
	{"a surrogate in UTF-8", NULL, MINIMAL "\"\xed\xa0\x80\"}]}", "$", "invalid JSON"},
	{"past U+10FFFF", NULL, MINIMAL "\"\xf4\x90\x80\x80\"}]}", "$", "invalid JSON"},
	{"raw tab in a string", NULL, MINIMAL "\"a\tb\"}]}", "$", "invalid JSON"},
	{"NUL escape in a key", NULL, MINIMAL "\"a\",\"a\\u0000\":3}]}", "$", "invalid JSON"},
	{"duplicate key through an escape", NULL, MINIMAL "\"a\",\"\\u0061ge\":3,\"age\":4}]}", "$", "invalid JSON"},
	{"duplicate key in a large object", NULL, MINIMAL "\"a\"}],\"x\":{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,\"k6\":1,\"k7\":1,\"k8\":1,\"k9\":1,\"k10\":1,\"k11\":1,\"k12\":1,\"k13\":1,\"k14\":1,\"k15\":1,\"k16\":1,\"k17\":1,\"k3\":1}}", "$", "invalid JSON"},
	{"large object, unknown field", NULL, MINIMAL "\"a\"}],\"x\":{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,\"k6\":1,\"k7\":1,\"k8\":1,\"k9\":1,\"k10\":1,\"k11\":1,\"k12\":1,\"k13\":1,\"k14\":1,\"k15\":1,\"k16\":1,\"k17\":1,\"k18\":1}}", "$.x", "unknown field \"x\""},
	{"control character in an unknown key", NULL, MINIMAL "\"a\",\"a\\u0001\":3}]}", "$.persons[0]['a?']", "unknown field \"a?\""},
	{"two byte-order marks", NULL, "\xef\xbb\xbf\xef\xbb\xbf{}", "$", "invalid JSON at line 1, column 1"},
	{"form feed is not white space", NULL, "\f{}", "$", "invalid JSON"},
	{"trailing comma in an object", NULL, MINIMAL "\"a\"}],}", "$", "invalid JSON"},
	{"trailing comma in an array", NULL, MINIMAL "\"a\"},]}", "$", "invalid JSON"},
	{"two values", NULL, MINIMAL "\"a\"}]}{}", "$", "invalid JSON"},
	{"literal cut short", NULL, MINIMAL "\"a\",\"capable\":tru}]}", "$", "invalid JSON"},
	{"invalid escape", NULL, MINIMAL "\"a\\x\"}]}", "$", "invalid JSON"},
	{"short unicode escape", NULL, MINIMAL "\"a\\u12G4\"}]}", "$", "invalid JSON"},
	{"a string", NULL, "\"just a string\"", "$", "a situation must be a JSON object, got a string"},
	{"a number", NULL, "1", "$", "a situation must be a JSON object, got an integer"},
	{"null", NULL, "null", "$", "a situation must be a JSON object, got null"},
	{"white space alone", NULL, "   ", "$", "invalid JSON at line 1, column"},
#undef MINIMAL
};

enum { N_BAD = sizeof BAD / sizeof *BAD };

static enum zv_err parse_bytes(const char *json, size_t len, struct zv_error *err)
{
	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_situation s;
	enum zv_err rc = zv_situation_parse(json, len, zv_date_from_ymd(2026, 11, 28), &arena, &s,
					    err);
	zv_arena_release(&arena);
	return rc;
}

static void bad_input_is_located(void **state)
{
	const struct bad_case *c = *state;
	char *json = c->base ? patched(c->base, c->patch) : strdup(c->patch);
	struct zv_error err = {0};
	enum zv_err rc = parse_bytes(json, strlen(json), &err);
	if (rc != ZV_EINPUT)
		fail_msg("%s: accepted (rc %d): %s", c->name, rc, json);
	if (strcmp(err.path, c->path))
		fail_msg("%s: path %s, expected %s (%s)", c->name, err.path, c->path, err.message);
	if (!strstr(err.message, c->message))
		fail_msg("%s: message \"%s\" lacks \"%s\"", c->name, err.message, c->message);
	free(json);
}

static void raw_nul_byte_is_refused(void **state)
{
	(void)state;
	static const char json[] = "{\"version\":1,\"action\":\"view\0\"}";
	struct zv_error err = {0};
	assert_int_equal(parse_bytes(json, sizeof json - 1, &err), ZV_EINPUT);
	assert_string_equal(err.path, "$");
	assert_non_null(strstr(err.message, "NUL byte at offset 27"));
}

static void deep_nesting_is_refused_without_recursion(void **state)
{
	(void)state;
	size_t depth = 100000;
	char *json = malloc(2 * depth + 1);
	memset(json, '[', depth);
	memset(json + depth, ']', depth);
	json[2 * depth] = '\0';
	struct zv_error err = {0};
	assert_int_equal(parse_bytes(json, 2 * depth, &err), ZV_EINPUT);
	assert_non_null(strstr(err.message, "deeper than 64"));
	/* 64 levels are fine as far as nesting goes (the schema then objects). */
	char *ok = patched(DISCLOSE_BASE, NULL);
	assert_int_equal(parse_bytes(ok, strlen(ok), &err), ZV_OK);
	free(ok);
	free(json);
}

static void ten_megabyte_string_is_refused(void **state)
{
	(void)state;
	size_t n = 10u << 20;
	char *json = malloc(n + 64);
	int k = sprintf(json, "{\"version\":1,\"purpose\":{\"description\":\"");
	memset(json + k, 'a', n);
	strcpy(json + k + n, "\"}}");
	struct zv_error err = {0};
	assert_int_equal(parse_bytes(json, strlen(json), &err), ZV_EINPUT);
	assert_string_equal(err.path, "$");
	assert_non_null(strstr(err.message, "1 MiB"));
	free(json);
}

static void too_many_persons(void **state)
{
	(void)state;
	char patch[8192] = "{\"data\":{\"about\":null},\"persons\":[";
	for (int i = 0; i < 65; i++)
		sprintf(patch + strlen(patch), "%s{\"id\":\"p%d\"}", i ? "," : "", i);
	strcat(patch, "]}");
	char *json = patched(DISCLOSE_BASE, patch);
	struct zv_error err = {0};
	assert_int_equal(parse_bytes(json, strlen(json), &err), ZV_EINPUT);
	assert_string_equal(err.path, "$.persons");
	assert_non_null(strstr(err.message, "at most 64"));
	free(json);
}

/* Null is absent: a fact that became null is asked for, not guessed. */
static void null_means_absent(void **state)
{
	(void)state;
	struct decided *d = decide_json(DISCLOSE_BASE, "{\"data\":{\"proportionate\":null}}");
	assert_int_equal(d->rc, ZV_OK);
	assert_string_equal(zv_outcome_name(d->decision->outcome), "judgement_required");
	assert_true(has_question(d->decision, "data.proportionate"));
	decided_free(d);
}

/* Defaults of the contract: secrecy and public authority from the kind. */
static void defaults_follow_the_organisation_kind(void **state)
{
	(void)state;
	/* A police officer has no secrecy: step 5 does not apply. */
	struct decided *d = decide_json(DISCLOSE_BASE,
		"{\"actor\":{\"org_kind\":\"police\"},\"secrecy_ground\":null}");
	assert_int_equal(d->rc, ZV_OK);
	assert_string_equal(zv_outcome_name(d->decision->outcome), "allowed");
	assert_int_equal(d->decision->steps[4].result, ZV_STEP_NOT_APPLICABLE);
	decided_free(d);
	/* A team member acting for Veilig Thuis has Wmo secrecy and its powers. */
	d = decide_json(DISCLOSE_BASE,
		"{\"actor\":{\"org_kind\":\"regional_safety_team\",\"acting_for\":\"veilig_thuis\"},"
		"\"secrecy_ground\":null}");
	assert_string_equal(zv_outcome_name(d->decision->outcome), "judgement_required");
	assert_true(has_question(d->decision, "secrecy_ground"));
	decided_free(d);
}

/* What a careful reader would accept: 14.0 is a whole number, a repeated
 * category or recipient kind changes nothing, a byte-order mark may be
 * ignored (RFC 8259 §8.1). */
static void lenient_where_nothing_changes(void **state)
{
	(void)state;
	struct decided *d = decide_json(DISCLOSE_BASE,
		"{\"persons\":[{\"id\":\"kind\",\"age\":9.0,\"authority_holders\":[\"moeder\"]},"
		"{\"id\":\"moeder\",\"age\":36}],\"data\":{\"categories\":[\"ordinary\",\"ordinary\"]}}");
	assert_int_equal(d->rc, ZV_OK);
	assert_int_equal(d->situation.persons[0].age, 9);
	assert_int_equal(d->situation.data.categories, ZV_CAT_ORDINARY);
	decided_free(d);
	char *json = patched(DISCLOSE_BASE, NULL);
	size_t n = strlen(json);
	char *bom = malloc(n + 4);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, json, n + 1);
	struct zv_error err = {0};
	assert_int_equal(parse_bytes(bom, n + 3, &err), ZV_OK);
	free(bom);
	free(json);
}

/* Accepted by jansson before the switch to the codec's own JSON reader,
 * and read as the same situation (as written back by
 * zv_situation_write_json). */
static void tricky_input_reads_as_before(void **state)
{
	(void)state;
#define HEAD "{\"version\":1,\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":"
#define WRITTEN "{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":"
	static const struct {
		const char *json, *written;
	} CASES[] = {
		{HEAD "\"a\",\"age\":-0}]}", WRITTEN "\"a\",\"age\":0}]}"},
		{HEAD "\"a\",\"age\":-0.0}]}", WRITTEN "\"a\",\"age\":0}]}"},
		{HEAD "\"a\",\"age\":14.0}]}", WRITTEN "\"a\",\"age\":14}]}"},
		{HEAD "\"a\",\"age\":1E1}]}", WRITTEN "\"a\",\"age\":10}]}"},
		{HEAD "\"a\",\"age\":1e-400}]}", WRITTEN "\"a\",\"age\":0}]}"},
		{HEAD "\"a\",\"age\":130.00000000000001}]}", WRITTEN "\"a\",\"age\":130}]}"},
		{HEAD "\"a\",\"\\u0061\\u0067\\u0065\":3}]}", WRITTEN "\"a\",\"age\":3}]}"},
		{HEAD "\"\xf4\x8f\xbf\xbf\x7f\"}]}", WRITTEN "\"\xf4\x8f\xbf\xbf\\u007f\"}]}"},
		{HEAD "\"a\\/b\\\"c\\\\\\b\\f\\n\\r\\t\"}]}",
		 WRITTEN "\"a/b\\\"c\\\\\\u0008\\u000c\\n\\r\\t\"}]}"},
		{" \t\r\n" HEAD "\"a\"}]} \t\r\n", WRITTEN "\"a\"}]}"},
		{"\xef\xbb\xbf" HEAD "\"a\"}]}", WRITTEN "\"a\"}]}"},
		{HEAD "\"a\",\"capable\":null}],\"date\":\"2024-02-29\"}",
		 "{\"version\":1,\"date\":\"2024-02-29\",\"action\":\"view\",\"actor\":{\"org_kind\":\"gi\"},\"persons\":[{\"id\":\"a\"}]}"},
	};
#undef HEAD
#undef WRITTEN
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		struct zv_arena arena;
		zv_arena_init(&arena, 0);
		struct zv_situation s;
		struct zv_error err = {0};
		enum zv_err rc = zv_situation_parse(CASES[i].json, strlen(CASES[i].json),
						    zv_date_from_ymd(2026, 11, 28), &arena, &s, &err);
		if (rc != ZV_OK)
			fail_msg("refused: %s: %s %s", CASES[i].json, err.path, err.message);
		struct zv_buf out;
		zv_buf_init(&out, 0);
		zv_situation_write_json(&s, &out);
		assert_string_equal(out.data, CASES[i].written);
		zv_buf_release(&out);
		zv_arena_release(&arena);
	}
}

static void output_is_deterministic_and_valid_json(void **state)
{
	(void)state;
	const char *patches[] = {NULL, "{\"data\":{\"beyond_necessary\":true}}",
				 "{\"purpose\":{\"description\":\"quote \\\" backslash \\\\ tab \\t newline \\n é\"}}"};
	for (size_t i = 0; i < sizeof patches / sizeof *patches; i++) {
		struct decided *a = decide_json(DISCLOSE_BASE, patches[i]);
		struct decided *b = decide_json(DISCLOSE_BASE, patches[i]);
		assert_non_null(a->json);
		assert_string_equal(a->json, b->json);
		assert_null(strchr(a->json, '\n'));
		json_error_t jerr;
		json_t *v = json_loads(a->json, JSON_REJECT_DUPLICATES, &jerr);
		if (!v)
			fail_msg("invalid JSON written: %s: %s", jerr.text, a->json);
		assert_int_equal(json_integer_value(json_object_get(v, "version")), 1);
		assert_true(json_is_string(json_object_get(v, "motivation")));
		assert_int_equal(json_array_size(json_object_get(v, "steps")) >= 8, 1);
		json_decref(v);
		decided_free(a);
		decided_free(b);
	}
}

static void error_json_shape(void **state)
{
	(void)state;
	struct zv_error err;
	zv_error_set(&err, ZV_EINPUT, "$.persons[0].age", "age must be from 0 to 130, got \"x\"");
	struct zv_buf out;
	zv_buf_init(&out, 4096);
	zv_error_write_json(&err, "invalid_situation", &out);
	assert_string_equal(out.data,
		"{\"error\":{\"code\":\"invalid_situation\",\"path\":\"$.persons[0].age\","
		"\"message\":\"age must be from 0 to 130, got \\\"x\\\"\"}}");
	zv_buf_release(&out);
}

static void json_strings_escape_control_characters(void **state)
{
	(void)state;
	struct zv_buf out;
	zv_buf_init(&out, 4096);
	zv_json_write_string(&out, "a\x01\"\\\n\x1f", 6);
	assert_string_equal(out.data, "\"a\\u0001\\\"\\\\\\n\\u001f\"");
	zv_buf_release(&out);
}

int main(void)
{
	struct CMUnitTest *tests = calloc(N_BAD + 16, sizeof *tests);
	int n = 0;
	for (int i = 0; i < N_BAD; i++)
		tests[n++] = (struct CMUnitTest){.name = BAD[i].name, .test_func = bad_input_is_located,
						 .initial_state = (void *)(uintptr_t)&BAD[i]};
	const struct CMUnitTest more[] = {
		cmocka_unit_test(raw_nul_byte_is_refused),
		cmocka_unit_test(deep_nesting_is_refused_without_recursion),
		cmocka_unit_test(ten_megabyte_string_is_refused),
		cmocka_unit_test(too_many_persons),
		cmocka_unit_test(null_means_absent),
		cmocka_unit_test(defaults_follow_the_organisation_kind),
		cmocka_unit_test(lenient_where_nothing_changes),
		cmocka_unit_test(tricky_input_reads_as_before),
		cmocka_unit_test(output_is_deterministic_and_valid_json),
		cmocka_unit_test(error_json_shape),
		cmocka_unit_test(json_strings_escape_control_characters),
	};
	for (size_t i = 0; i < sizeof more / sizeof *more; i++)
		tests[n++] = more[i];
	int failed = _cmocka_run_group_tests("codec", tests, (size_t)n, NULL, NULL);
	free(tests);
	return failed;
}
