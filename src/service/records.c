/*
 * records.c — what every act leaves behind: the decision it rests on (the
 * situation and the engine's answer, both as JSON, R8.3's "on which
 * decision"), the obligations that decision created, with due dates and an
 * owner, and the consents it may have relied on (so that withdrawing one
 * finds them, R2.5).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "zv/codec.h"

enum { JSON_CAP = 8 * 1024 * 1024 };

int svc_new_id(struct zv_store *tx, const char *prefix, int width, char out[64],
	       struct zv_error *err)
{
	return zv_store_next_id(tx, prefix, width, out, 64, err);
}

/* The consents in force for the persons the decision is about. */
static const char **consents_in_force(struct zv_arena *a, const struct household_facts *h,
				      const struct zv_situation *s, size_t *n)
{
	*n = 0;
	size_t total = 0;
	for (size_t k = 0; k < h->n; k++)
		total += h->persons[k].n_consents;
	const char **ids = zv_arena_alloc(a, (total + 1) * sizeof *ids);
	if (!ids)
		return NULL;
	zv_personset about = s->data.about ? s->data.about : ~(zv_personset)0;
	for (size_t k = 0; k < h->n; k++) {
		if (!(about & ((zv_personset)1 << k)))
			continue;
		for (uint32_t i = 0; i < h->persons[k].n_consents; i++)
			if (!h->persons[k].consents[i].withdrawn)
				ids[(*n)++] = h->consent_of[k][i]->id;
	}
	return ids;
}

int svc_store_decision(struct zv_store *tx, struct zv_arena *a, const char *case_id,
		       const char *by, const char *at, const struct household_facts *h,
		       const struct zv_situation *s, const struct zv_decision *d,
		       const char *const *entries, size_t n_entries, char id[64], bool oblige,
		       size_t *obligations, struct zv_error *err)
{
	struct zv_buf situation, answer;
	zv_buf_init(&situation, JSON_CAP);
	zv_buf_init(&answer, JSON_CAP);
	zv_situation_write_json(s, &situation);
	zv_decision_write_json(d, s, &answer);
	int rc = ZV_OK;
	if (situation.failed || answer.failed)
		rc = zv_error_set(err, ZV_ENOMEM, "", "out of memory writing a decision");
	size_t n_consents = 0;
	const char **consents = rc ? NULL : consents_in_force(a, h, s, &n_consents);
	if (!rc && !consents)
		rc = zv_error_set(err, ZV_ENOMEM, "", "out of memory writing a decision");
	if (!rc)
		rc = svc_new_id(tx, "D", 7, id, err);
	struct zv_rec_decision rec = {
		.id = id, .case_id = case_id, .at = at, .by = by, .action = s->action,
		.outcome = d->outcome, .situation = situation.data, .answer = answer.data,
		.consents = consents, .n_consents = n_consents,
		.entries = entries, .n_entries = n_entries,
	};
	if (!rc)
		rc = zv_store_decision_insert(tx, &rec, err);
	zv_buf_release(&situation);
	zv_buf_release(&answer);
	if (!rc && oblige)
		rc = svc_store_obligations(tx, case_id, id, by, at, d, obligations, err);
	return rc;
}

int svc_store_obligations(struct zv_store *tx, const char *case_id, const char *decision_id,
			  const char *owner, const char *at, const struct zv_decision *d,
			  size_t *created, struct zv_error *err)
{
	size_t n = 0;
	for (uint8_t i = 0; i < d->n_obligations; i++) {
		const struct zv_obligation *o = &d->obligations[i];
		char oid[64], due[11];
		if (o->has_due)
			zv_date_format(o->due, due);
		struct zv_rec_obligation rec = {
			.id = oid, .case_id = case_id, .decision_id = decision_id,
			.rule = zv_rule_id(o->rule), .code = zv_obligation_name(o->code),
			.text = o->text, .due = o->has_due ? due : NULL, .owner = owner,
			.created_at = at,
		};
		if (svc_new_id(tx, "O", 7, oid, err) || zv_store_obligation_insert(tx, &rec, err))
			return err->code;
		n++;
	}
	if (created)
		*created = n;
	return ZV_OK;
}

int svc_obligation(struct zv_store *tx, const char *case_id, int64_t case_version,
		   const char *rule, const char *code, const char *text, zv_day due,
		   const char *owner, const char *at, struct zv_error *err)
{
	char oid[64], day[11];
	zv_date_format(due, day);
	struct zv_rec_obligation rec = {
		.id = oid, .case_id = case_id, .rule = rule, .code = code, .text = text,
		.due = day, .owner = owner, .created_at = at, .case_version = case_version,
	};
	if (svc_new_id(tx, "O", 7, oid, err))
		return err->code;
	return zv_store_obligation_insert(tx, &rec, err);
}
