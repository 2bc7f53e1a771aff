/*
 * disclose.c — "mag ik dit delen?": preparing and carrying out a disclosure.
 *
 * The situation is built from what the dossier holds (who acts as what,
 * the case's task and legal basis, the household's persons, ages, authority
 * and consents, the entries' categories and subjects, the recipient as
 * configured, the special-category exception the configuration grants) and
 * completed with the professional's answers: a partial situation in the JSON
 * of docs/decision-api.md for the facts only a professional knows (is it
 * necessary, was the family told, which secrecy ground). Stored facts win
 * over answers; the merged situation passes the same strict parser as
 * `zorgvuldig decide`, so a wrong answer is an error with its JSON path.
 *
 * Preparing decides and, when allowed, records the disclosure as pending
 * (it stops when a consent it relied on is withdrawn); carrying out decides
 * again, on the facts as they are then, and records it as done.
 *
 * Exactly what the engine allowed is released: nothing on a denial or
 * an open question; on `allowed_limited` only the categories (and persons)
 * of its scope, and for existence_only or anonymous no content at all — the
 * disclosure records what was said. The decision is stored with it, in the
 * same transaction as the audit event, and the obligations of a decision
 * that was carried out (asking "mag ik dit delen?" obliges nobody to
 * anything).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "zv/codec.h"

enum { JSON_CAP = 8 * 1024 * 1024 };

struct disclose_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const struct zv_disclosure_request *req;
	bool carry_out;
	struct zv_arena *a;
	struct zv_disclosure_result *out;
	struct zv_audit_event *event;
	char org[ZV_AUDIT_MAX_ID];
};

/* The facts the dossier holds about this disclosure. */
static int stored_facts(struct disclose_job *j, const struct case_ctx *c,
			const struct zv_rec_entry *const *entries, struct zv_situation *s,
			struct zv_error *err)
{
	const struct zv_disclosure_request *req = j->req;
	zv_situation_init(s);
	s->date = c->today;
	s->action = ZV_ACTION_DISCLOSE;
	s->initiative = req->initiative;
	svc_actor(&c->who, c->role, s);
	svc_purpose_and_basis(&c->who, &c->r.c, s);
	s->purpose.description = svc_text(req->purpose);
	s->persons = c->h.persons;
	s->n_persons = (uint32_t)c->h.n;
	s->counterparty.present = true;
	s->counterparty.person = -1;
	if (req->recipient_person) {
		s->counterparty.person = svc_person_index(&c->h, req->recipient_person);
		if (s->counterparty.person < 0)
			return zv_error_set(err, ZV_EINPUT, "$.recipient_person",
					    "%s is not a person of this household",
					    req->recipient_person);
	} else if (req->recipient_org) {
		const struct zv_organisation *o =
			zv_config_organisation(&j->sv->config, req->recipient_org);
		if (!o)
			return zv_error_set(err, ZV_EINPUT, "$.recipient_org",
					    "no organisation %s in this pilot", req->recipient_org);
		s->counterparty.kind = o->kind;
		s->counterparty.org_id = svc_text(o->id);
		s->counterparty.public_authority = o->public_authority ? ZV_YES : ZV_NO;
	} else if (req->recipient_kind != ZV_ORG_NONE) {
		s->counterparty.kind = req->recipient_kind;
	} else {
		return zv_error_set(err, ZV_EINPUT, "$.recipient",
				    "name the recipient: an organisation, its kind or a person");
	}
	int categories = 0;
	bool unverified = false;
	for (size_t i = 0; i < req->n_entries; i++) {
		s->data.about |= svc_person_set(&c->h, entries[i]->subjects,
						entries[i]->n_subjects);
		categories |= entries[i]->category;
		unverified |= entries[i]->unverified_or_opinion;
	}
	s->data.has_categories = true;
	s->data.categories = (uint8_t)categories;
	s->data.unverified_or_opinion = unverified;
	s->data.special_category_exception =
		svc_text(svc_category_exception(&c->who, svc_case_task(&c->who, &c->r.c), categories));
	return ZV_OK;
}

/*
 * The facts a professional may answer: what only they know. Everything else
 * (who acts, the persons and their consents, the legal basis, the data's
 * categories and subjects, the framework, what the configuration confirms)
 * the dossier holds, and an answer that tries to set it is refused — a
 * professional cannot declare themselves a referral task or a child older.
 */
static const struct {
	const char *section;   /* NULL: a top-level member */
	const char *members;   /* space-separated; "*" any member of the section */
} ANSWERABLE[] = {
	{NULL, " secrecy_ground parent_access_incompatible_with_good_care "},
	{"purpose", " further_use further_use_provision compatible domestic_violence_concern "},
	{"data", " existence_suffices necessity_substantiated beyond_necessary "
		 "obtainable_from_subjects asking_subjects_endangers_safety anonymous_suffices "
		 "proportionate scope "},
	{"counterparty", " directly_involved own_legal_basis "},
	{"conflict_of_duties", "*"},
	{"transparency", "*"},
	{"veilig_thuis", "*"},
	{"zorg_straf", "*"},
};

static bool answerable(const char *section, const char *member)
{
	char key[128];
	snprintf(key, sizeof key, " %s ", member);
	for (size_t i = 0; i < sizeof ANSWERABLE / sizeof *ANSWERABLE; i++) {
		bool same = section ? ANSWERABLE[i].section && !strcmp(ANSWERABLE[i].section, section)
				    : !ANSWERABLE[i].section;
		if (same && (!strcmp(ANSWERABLE[i].members, "*") ||
			     strstr(ANSWERABLE[i].members, key)))
			return true;
	}
	return false;
}

static bool is_section(const char *member)
{
	for (size_t i = 0; i < sizeof ANSWERABLE / sizeof *ANSWERABLE; i++)
		if (ANSWERABLE[i].section && !strcmp(ANSWERABLE[i].section, member))
			return true;
	return false;
}

static int not_an_answer(const char *section, const char *member, struct zv_error *err)
{
	char path[300];
	snprintf(path, sizeof path, "$.%s%s%s", section ? section : "", section ? "." : "",
		 member);
	return zv_error_set(err, ZV_EINPUT, path,
			    "not an answer: the dossier holds this fact (answers give only what "
			    "the professional knows)");
}

static int check_answers(json_t *answers, struct zv_error *err)
{
	const char *key, *inner;
	json_t *value, *v2;
	json_object_foreach(answers, key, value) {
		if (!is_section(key) || !json_is_object(value)) {
			if (!answerable(NULL, key))
				return not_an_answer(NULL, key, err);
			continue;
		}
		json_object_foreach(value, inner, v2) {
			(void)v2;
			if (!answerable(key, inner))
				return not_an_answer(key, inner, err);
		}
	}
	return ZV_OK;
}

/* Answers first, stored facts over them; then the strict parser. */
static int merge_answers(struct disclose_job *j, const struct zv_situation *stored,
			 zv_day today, struct zv_situation *s, struct zv_error *err)
{
	struct zv_buf facts;
	zv_buf_init(&facts, JSON_CAP);
	zv_situation_write_json(stored, &facts);
	if (facts.failed) {
		zv_buf_release(&facts);
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory describing a disclosure");
	}
	json_error_t jerr;
	json_t *merged = j->req->answers_json && *j->req->answers_json
				 ? json_loads(j->req->answers_json, JSON_REJECT_DUPLICATES, &jerr)
				 : json_object();
	json_t *known = json_loadb(facts.data, facts.len, 0, &jerr);
	zv_buf_release(&facts);
	int rc = ZV_OK;
	if (!merged || !json_is_object(merged))
		rc = zv_error_set(err, ZV_EINPUT, "$.answers",
				  "the answers are not a JSON object (line %d: %s)", jerr.line,
				  jerr.text);
	else if (check_answers(merged, err))
		rc = err->code;
	else if (!known || json_object_update_recursive(merged, known) != 0)
		rc = zv_error_set(err, ZV_EINTERNAL, "", "could not merge the stored facts");
	char *text = rc ? NULL : json_dumps(merged, JSON_COMPACT);
	if (!rc && !text)
		rc = zv_error_set(err, ZV_ENOMEM, "", "out of memory merging the answers");
	if (!rc)
		rc = zv_situation_parse(text, strlen(text), today, j->a, s, err);
	free(text);
	json_decref(merged);
	json_decref(known);
	return rc;
}

/* What goes: the engine's narrowed scope, and never more than was asked —
 * asked for the existence only (data.scope), the existence only. The less
 * intrusive wins (anonymous over existence only over minimal). */
static int released_scope(const struct zv_decision *d, const struct zv_situation *s)
{
	enum zv_scope_kind k = d->outcome == ZV_OUTCOME_ALLOWED_LIMITED ? d->scope.kind
									  : ZV_SCOPE_NONE;
	if (s->data.scope == ZV_DATA_EXISTENCE && k < ZV_SCOPE_EXISTENCE_ONLY)
		k = ZV_SCOPE_EXISTENCE_ONLY;
	return k;
}

/* The entries the scope releases. */
static const char **released_entries(struct zv_arena *a, const struct household_facts *h,
				     const struct zv_decision *d, const struct zv_situation *s,
				     const struct zv_rec_entry *const *entries, size_t n,
				     size_t *count)
{
	*count = 0;
	const char **ids = zv_arena_alloc(a, (n + 1) * sizeof *ids);
	if (!ids)
		return NULL;
	uint8_t cats = d->scope.has_categories ? d->scope.categories : s->data.categories;
	for (size_t i = 0; i < n; i++) {
		if (!(entries[i]->category & cats))
			continue;
		if (d->scope.has_persons &&
		    (svc_person_set(h, entries[i]->subjects, entries[i]->n_subjects) &
		     ~d->scope.persons))
			continue;   /* about someone the consent does not cover */
		ids[(*count)++] = entries[i]->id;
	}
	return ids;
}

static int record_disclosure(struct disclose_job *j, struct zv_store *tx,
			     const struct case_ctx *c, const struct zv_situation *s,
			     const struct zv_decision *d, const struct zv_rec_entry *const *entries,
			     struct zv_error *err)
{
	struct zv_disclosure_result *out = j->out;
	out->released = released_entries(j->a, &c->h, d, s, entries, j->req->n_entries,
					 &out->n_released);
	if (!out->released)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory releasing entries");
	struct zv_rec_disclosure rec = {
		.id = out->disclosure_id, .case_id = c->r.c.id, .decision_id = out->decision_id,
		.recipient_org = j->req->recipient_org
					 ? j->req->recipient_org
					 : (j->req->recipient_kind ? zv_org_name(j->req->recipient_kind)
								   : NULL),
		.recipient_person = j->req->recipient_person,
		.scope = released_scope(d, s),
		.categories = d->scope.has_categories ? d->scope.categories : s->data.categories,
		.state = j->carry_out ? ZV_DISCLOSURE_DONE : ZV_DISCLOSURE_PENDING,
		.at = c->now, .by = j->p->login,
		.entries = out->released, .n_entries = out->n_released,
	};
	if (svc_new_id(tx, "S", 7, out->disclosure_id, err))
		return err->code;
	if (j->carry_out) {   /* what was prepared for this recipient went now, decided again */
		char reason[128];
		size_t closed;
		snprintf(reason, sizeof reason, "uitgevoerd als %s, na een nieuwe afweging",
			 out->disclosure_id);
		if (zv_store_disclosures_supersede(tx, c->r.c.id, rec.recipient_org,
						   rec.recipient_person, reason, &closed, err))
			return err->code;
	}
	if (zv_store_disclosure_insert(tx, &rec, err))
		return err->code;
	if (!svc_ids(j->a, &j->event->entries, out->released, out->n_released))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	return ZV_OK;
}

static int disclose_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct disclose_job *j = ctx;
	const struct zv_disclosure_request *req = j->req;
	struct case_ctx c;
	if (svc_case_for(j->sv, tx, j->p, req->case_id,
			 ZV_PART_PERSONS | ZV_PART_ENTRIES | ZV_PART_CONSENTS, j->a, &c, err) ||
	    svc_may_write(&c, "share from it", err) || svc_not_closed(&c, "sharing", err))
		return err->code;
	const struct zv_rec_entry **entries =
		zv_arena_alloc(j->a, (req->n_entries + 1) * sizeof *entries);
	struct zv_situation *stored = zv_arena_alloc(j->a, sizeof *stored);
	struct zv_situation *s = zv_arena_alloc(j->a, sizeof *s);
	struct zv_decision *d = zv_arena_alloc(j->a, sizeof *d);
	if (!entries || !stored || !s || !d)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory deciding a disclosure");
	for (size_t i = 0; i < req->n_entries; i++) {
		entries[i] = svc_find_entry(&c.r, req->entries[i]);
		if (!entries[i] || svc_entry_visibility(j->sv, &c.h, &c.who, c.role, &c.r, entries[i],
							j->p->login) != ZV_VISIBLE)
			return zv_error_set(err, ZV_ENOTFOUND, "",
					    "no entry %s in case %s that you may see",
					    req->entries[i], req->case_id);
	}
	if (stored_facts(j, &c, entries, stored, err) || merge_answers(j, stored, c.today, s, err))
		return err->code;
	if (zv_decide(s, d, ZV_DECIDE_FULL))
		return zv_error_set(err, ZV_EINTERNAL, "", "the engine could not decide");
	j->out->decision = d;
	j->out->situation = s;
	bool allowed = d->outcome == ZV_OUTCOME_ALLOWED || d->outcome == ZV_OUTCOME_ALLOWED_LIMITED;
	if (j->carry_out && !allowed)
		return d->outcome == ZV_OUTCOME_DENIED
			       ? zv_error_set(err, ZV_EDENIED, "",
					      "the engine does not allow sharing this (its answer "
					      "says why)")
			       : zv_error_set(err, ZV_EINPUT, "$.answers",
					      "answer the engine's %u question%s first",
					      d->n_questions, d->n_questions == 1 ? "" : "s");
	/* Asking creates no obligations; only what is carried out does. */
	if (svc_store_decision(tx, j->a, req->case_id, j->p->login, c.now, &c.h, s, d,
			       req->entries, req->n_entries, j->out->decision_id, j->carry_out,
			       &j->out->obligations_created, err))
		return err->code;
	j->event->why.decision = j->out->decision_id;
	j->event->why.purpose = req->purpose;
	j->event->who.role = zv_case_role_name(c.role);
	snprintf(j->org, sizeof j->org, "%s", c.who.acting_for_org ? c.who.acting_for_org
								   : c.who.org_id);
	j->event->who.org = j->org;
	const char *persons[ZV_MAX_PERSONS];
	size_t n_persons = 0;
	for (size_t k = 0; k < c.h.n; k++)
		if (s->data.about & ((zv_personset)1 << k))
			persons[n_persons++] = c.h.ids[k];
	if (!svc_ids(j->a, &j->event->persons, persons, n_persons) ||
	    !svc_one_id(j->a, &j->event->households, c.r.c.household))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	if (!allowed)
		return ZV_OK;   /* the question and its answer are kept; nothing is released */
	return record_disclosure(j, tx, &c, s, d, entries, err);
}

int zv_disclose(struct zv_service *sv, const struct zv_who *who,
		const struct zv_disclosure_request *req, bool carry_out, struct zv_arena *a,
		struct zv_disclosure_result *out, struct zv_error *err)
{
	const struct zv_professional *p;
	memset(out, 0, sizeof *out);
	if (svc_user(sv, who, &p, err))
		return err->code;
	if (!req->n_entries)
		return zv_error_set(err, ZV_EINPUT, "$.entries", "name the entries to share");
	if (svc_repeated(req->entries, req->n_entries, "$.entries", err))
		return err->code;
	if (!req->purpose || !*req->purpose)
		return zv_error_set(err, ZV_EINPUT, "$.purpose",
				    "say why you share (R1.1: no purpose, no sharing)");
	struct zv_audit_event e;
	svc_event(&e, carry_out ? ZV_AUDIT_DISCLOSE : ZV_AUDIT_DECIDE, who, p, NULL,
		  p->organisation);
	char detail[512];
	snprintf(detail, sizeof detail, "%s to %s", carry_out ? "disclosure" : "may I share?",
		 req->recipient_person ? req->recipient_person
		 : req->recipient_org  ? req->recipient_org
		 : zv_org_name(req->recipient_kind));
	e.detail = detail;
	struct disclose_job j = {.sv = sv, .p = p, .req = req, .carry_out = carry_out, .a = a,
				 .out = out, .event = &e};
	struct zv_error id_err;
	if (zv_audit_id_check(req->case_id, "$.case", &id_err))
		return zv_error_set(err, ZV_ENOTFOUND, "", "no case %s that you have a role in",
				    req->case_id);
	if (!svc_one_id(a, &e.cases, req->case_id))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	int rc = svc_act(sv, who, &e, disclose_work, &j, req->case_id, err);
	if (rc && rc != ZV_EDENIED && rc != ZV_EINPUT) {
		out->decision = NULL;   /* nothing to show */
		out->situation = NULL;
	}
	if (rc) {
		out->decision_id[0] = out->disclosure_id[0] = '\0';
		out->n_released = 0;
	}
	return rc;
}
