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
