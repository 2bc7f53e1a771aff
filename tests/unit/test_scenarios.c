/*
 * test_scenarios.c — scenario files through the codec and the engine, each
 * compared with its `expect` block as tools/check-scenarios does: the public
 * examples (tests/scenarios/, kept in step with ../shared/spec/scenarios/) and
 * the project's own (tests/decisions/), which may also say which questions
 * must NOT be asked (`questions_exclude`) and when obligations fall due
 * (`obligations_due`, dates computed by hand). The CLI test runs the same
 * files through `zorgvuldig decide`.
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

static const char *scenario_dir;

static bool listed(json_t *decision, const char *list, const char *member, const char *want)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(decision, list), i, v)
		if (!strcmp(json_string_value(json_object_get(v, member)) ?: "", want))
			return true;
	return false;
}

static void expect_all(const char *name, json_t *expect, json_t *decision, const char *raw)
{
	const char *outcome = json_string_value(json_object_get(decision, "outcome"));
	json_t *want = json_object_get(expect, "outcome");
	if (want && strcmp(json_string_value(want), outcome))
		fail_msg("%s: outcome %s, expected %s: %s", name, outcome, json_string_value(want), raw);
	json_t *in = json_object_get(expect, "outcome_in");
	if (in) {
		bool ok = false;
		size_t i;
		json_t *v;
		json_array_foreach(in, i, v) ok |= !strcmp(json_string_value(v), outcome);
		if (!ok)
			fail_msg("%s: outcome %s not expected", name, outcome);
	}
	json_t *scope = json_object_get(expect, "scope");
	if (scope) {
		json_t *kind = json_object_get(json_object_get(decision, "scope"), "kind");
		if (!kind || strcmp(json_string_value(kind), json_string_value(scope)))
			fail_msg("%s: scope %s, expected %s", name, kind ? json_string_value(kind) : "none",
				 json_string_value(scope));
	}
	static const struct {
		const char *key, *list, *member;
	} INCLUDES[] = {
		{"obligations_include", "obligations", "code"},
		{"alternatives_include", "alternatives", "code"},
		{"questions_include", "questions", "field"},
	};
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(expect, "rules_fired_include"), i, v) {
		bool ok = false;
		size_t k;
		json_t *r;
		json_array_foreach(json_object_get(decision, "rules_fired"), k, r)
			ok |= !strcmp(json_string_value(r), json_string_value(v));
		if (!ok)
			fail_msg("%s: rule %s did not fire: %s", name, json_string_value(v), raw);
	}
	for (size_t k = 0; k < sizeof INCLUDES / sizeof *INCLUDES; k++)
		json_array_foreach(json_object_get(expect, INCLUDES[k].key), i, v)
			if (!listed(decision, INCLUDES[k].list, INCLUDES[k].member, json_string_value(v)))
				fail_msg("%s: %s lacks %s: %s", name, INCLUDES[k].list, json_string_value(v), raw);
	json_array_foreach(json_object_get(expect, "questions_exclude"), i, v)
		if (listed(decision, "questions", "field", json_string_value(v)))
			fail_msg("%s: asks %s, which this action does not need: %s", name,
				 json_string_value(v), raw);
	const char *code;
	json_t *due;
	json_object_foreach(json_object_get(expect, "obligations_due"), code, due) {
		const char *got = NULL;
		json_array_foreach(json_object_get(decision, "obligations"), i, v)
			if (!strcmp(json_string_value(json_object_get(v, "code")) ?: "", code))
				got = json_string_value(json_object_get(v, "due"));
		if (!got || strcmp(got, json_string_value(due)))
			fail_msg("%s: %s due %s, expected %s", name, code, got ? got : "(none)",
				 json_string_value(due));
	}
}

static void run_scenario(void **state)
{
	const char *file = *state;
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", scenario_dir, file);
	json_error_t jerr;
	json_t *scenario = json_load_file(path, 0, &jerr);
	if (!scenario)
		fail_msg("%s: %s", file, jerr.text);
	char *situation = json_dumps(json_object_get(scenario, "situation"), JSON_COMPACT);
	struct decided *d = decide_json(situation, NULL);
	if (d->rc != ZV_OK)
		fail_msg("%s: %s: %s", file, d->error.path, d->error.message);
	json_t *decision = json_loads(d->json, 0, &jerr);
	assert_non_null(decision);
	expect_all(file, json_object_get(scenario, "expect"), decision, d->json);
	json_decref(decision);
	decided_free(d);
	free(situation);
	json_decref(scenario);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	scenario_dir = argc > 1 ? argv[1] : "tests/scenarios";
	DIR *dir = opendir(scenario_dir);
	if (!dir) {
		fprintf(stderr, "cannot open %s\n", scenario_dir);
		return 1;
	}
	char *names[512];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) && n < 512) {
		size_t len = strlen(e->d_name);
		if (len > 5 && !strcmp(e->d_name + len - 5, ".json"))
			names[n++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof *names, by_name);
	if (n == 0) {
		fprintf(stderr, "no scenarios in %s\n", scenario_dir);
		return 1;
	}
	struct CMUnitTest *tests = calloc(n, sizeof *tests);
	for (size_t i = 0; i < n; i++)
		tests[i] = (struct CMUnitTest){.name = names[i], .test_func = run_scenario,
					       .initial_state = names[i]};
	int failed = _cmocka_run_group_tests("scenarios", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(tests);
	return failed;
}
