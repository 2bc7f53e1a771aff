/*
 * view.c — reading the dossier: my cases, a case, my obligations.
 *
 * A case is read, filtered and logged in one transaction: the audit event
 * (action "view") names the case, the household, the persons and every
 * entry the user was shown, and the categories of those entries; it is
 * appended with the read as its work, so the data is returned only once the
 * event is durable. Need-to-know is asked of the engine per entry
 * (svc_entry_visibility): hidden entries are not in the result at all, nor
 * the decisions, disclosures and obligations about them; an advisor's are
 * anonymous, and an advisor sees no persons, consents or records either.
 * Someone without a role reads nothing but the case's team.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- my cases ------------------------------------------------------------ */

struct list_job {
	struct zv_service *sv;
	const struct zv_who *who;
	struct zv_arena *a;
	struct zv_audit_event *event;
	struct zv_case_summary *cases;
	size_t n;
};

static int list_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct list_job *j = ctx;
	char now[ZV_AUDIT_TIME_LEN], today[11];
	int64_t us = svc_now_us(j->sv);
	zv_audit_time_format(us, now);
	zv_date_format(svc_day_of(us), today);
	if (zv_store_cases_of(tx, j->who->login, today, now, j->a, &j->cases, &j->n, err))
		return err->code;
	const char **cases = zv_arena_alloc(j->a, (j->n + 1) * sizeof *cases);
	const char **households = zv_arena_alloc(j->a, (j->n + 1) * sizeof *households);
	if (!cases || !households)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory listing cases");
	for (size_t i = 0; i < j->n; i++) {
		cases[i] = j->cases[i].c.id;
		households[i] = j->cases[i].c.household;
		if (j->cases[i].role == ZV_CASE_ROLE_ADVISOR) {   /* as zv_case_show has it */
			j->cases[i].household_name = NULL;
			j->cases[i].c.title = NULL;
		}
	}
	if (!svc_ids(j->a, &j->event->cases, cases, j->n) ||
	    !svc_ids(j->a, &j->event->households, households, j->n))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory listing cases");
	return ZV_OK;
}

int zv_case_list(struct zv_service *sv, const struct zv_who *who, struct zv_arena *a,
		 struct zv_case_summary **out, size_t *n, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_VIEW, who, p, NULL, p->organisation);
	e.detail = "list of my cases";
	struct list_job j = {.sv = sv, .who = who, .a = a, .event = &e};
	if (zv_audit_append(sv->log, &e, 1, list_work, &j, err))
		return err->code;
	*out = j.cases;
	*n = j.n;
	return ZV_OK;
}

/* ---- one case ------------------------------------------------------------- */

struct show_job {
	struct zv_service *sv;
	const struct zv_who *who;
	const struct zv_professional *p;
	const char *case_id;
	struct zv_arena *a;
	struct zv_audit_event *event;
	struct zv_case_view *view;
	zv_day today;                   /* one reading of the clock per view */
	char role_name[32];
	char org[ZV_AUDIT_MAX_ID];
	char reason[ZV_AUDIT_MAX_TEXT];
};

static void mask_bsn(const struct zv_service *sv, const struct zv_rec_person *p, char out[16])
{
	out[0] = '\0';
	if (!p->bsn_sealed || p->bsn_sealed_len != 9 + ZV_SEAL_OVERHEAD)
		return;
	char context[128], bsn[10];
	snprintf(context, sizeof context, "bsn:%s", p->id);
	if (!zv_unseal(&sv->data, context, p->bsn_sealed, p->bsn_sealed_len, (uint8_t *)bsn))
		return;
	bsn[9] = '\0';
	snprintf(out, 16, "*****%s", bsn + 5);
	zv_wipe(bsn, sizeof bsn);
}

static const char *open_address(const struct zv_service *sv, struct zv_arena *a,
				const struct zv_rec_person *p)
{
	if (!p->address_sealed || p->confidential_address ||
	    p->address_sealed_len <= ZV_SEAL_OVERHEAD)
		return NULL;
	size_t n = p->address_sealed_len - ZV_SEAL_OVERHEAD;
	char *out = zv_arena_alloc(a, n + 1);
	char context[128];
	snprintf(context, sizeof context, "address:%s", p->id);
	if (!out || !zv_unseal(&sv->data, context, p->address_sealed, p->address_sealed_len,
			       (uint8_t *)out))
		return NULL;
	out[n] = '\0';
	return out;
}

static int person_views(struct show_job *j, const struct zv_case_record *r,
			struct zv_error *err)
{
	struct zv_case_view *v = j->view;
	v->persons = zv_arena_alloc(j->a, (r->n_persons + 1) * sizeof *v->persons);
	if (!v->persons)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
	zv_day today = j->today;
	for (size_t i = 0; i < r->n_persons; i++) {
		struct zv_rec_person *p = &r->persons[i];
		struct zv_person_view *pv = &v->persons[v->n_persons++];
		pv->p = p;
		pv->age = zv_age_on(p->birth_date, today);
		mask_bsn(j->sv, p, pv->bsn_masked);
		pv->address = open_address(j->sv, j->a, p);
		const char **holders = zv_arena_alloc(j->a, (r->n_authority + 1) * sizeof *holders);
		if (!holders)
			return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
		for (size_t k = 0; k < r->n_authority; k++)
			if (!strcmp(r->authority[k].child, p->id))
				holders[pv->n_authority++] = r->authority[k].holder;
		pv->authority = holders;
		p->bsn_sealed = NULL;        /* sealed values never leave the service */
		p->bsn_sealed_len = 0;
		p->address_sealed = NULL;
		p->address_sealed_len = 0;
		p->bsn_key = NULL;
	}
	return ZV_OK;
}

/* Whether the entry is shown in full. The view's entries are in id order (as
 * the store reads them), so this is a binary search: a case's records ask it
 * for every decision and disclosure. */
static bool entry_shown(const struct zv_case_view *v, const char *id)
{
	size_t lo = 0, hi = v->n_entries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(v->entries[mid].id, id);
		if (!cmp)
			return !v->entry_anonymous[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int filter_entries(struct show_job *j, const struct zv_case_record *r,
			  const struct acting *who, int role, struct zv_error *err)
{
	struct zv_case_view *v = j->view;
	struct household_facts h;
	if (svc_household_facts(j->a, r, j->today, &h, err))
		return err->code;
	v->entries = zv_arena_alloc(j->a, (r->n_entries + 1) * sizeof *v->entries);
	v->entry_anonymous = zv_arena_alloc(j->a, (r->n_entries + 1) * sizeof *v->entry_anonymous);
	const char **ids = zv_arena_alloc(j->a, (r->n_entries + 1) * sizeof *ids);
	if (!v->entries || !v->entry_anonymous || !ids)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
	int categories = 0;
	for (size_t i = 0; i < r->n_entries; i++) {
		const struct zv_rec_entry *e = &r->entries[i];
		enum zv_visibility vis =
			svc_entry_visibility(j->sv, &h, who, role, r, e, j->who->login);
		if (vis == ZV_HIDDEN)
			continue;
		if (v->n_entries == ZV_AUDIT_MAX_IDS) {   /* what one event can name */
			v->truncated = true;
			break;
		}
		struct zv_rec_entry *out = &v->entries[v->n_entries];
		v->entry_anonymous[v->n_entries] = vis == ZV_ANONYMOUS;
		if (vis == ZV_ANONYMOUS)   /* kind, category and date: no personal data */
			*out = (struct zv_rec_entry){.id = e->id, .case_id = e->case_id,
						     .version = e->version, .kind = e->kind,
						     .category = e->category,
						     .recorded_at = e->recorded_at};
		else
			*out = *e;
		ids[v->n_entries++] = e->id;
		categories |= e->category;
	}
	const char *cats[4];
	size_t n_cats = 0;
	for (int bit = 0; bit < 4; bit++)
		if (categories & (1 << bit))
			cats[n_cats++] = zv_category_name(bit);
	if (!svc_ids(j->a, &j->event->entries, ids, v->n_entries) ||
	    !svc_ids(j->a, &j->event->categories, cats, n_cats))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
	/* Older versions and reactions of entries shown in full. */
	v->old_versions = r->old_versions;
	v->n_old_versions = 0;
	for (size_t i = 0; i < r->n_old_versions; i++)
		if (entry_shown(v, r->old_versions[i].id))
			v->old_versions[v->n_old_versions++] = r->old_versions[i];
	v->reactions = r->reactions;
	v->n_reactions = 0;
	for (size_t i = 0; i < r->n_reactions; i++)
		if (entry_shown(v, r->reactions[i].entry_id))
			v->reactions[v->n_reactions++] = r->reactions[i];
	return ZV_OK;
}

/* Whether every entry of a record is shown to this user in full. */
static bool all_shown(const struct zv_case_view *v, const char *const *entries, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!entry_shown(v, entries[i]))
			return false;
	return true;
}

/* Whether the decision is among those kept (in id order: binary search). */
static bool decision_kept(const struct zv_case_view *v, const char *id)
{
	size_t lo = 0, hi = v->n_decisions;
	while (id && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(v->decisions[mid].id, id);
		if (!cmp)
			return true;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The records of a case say what was decided and shared about entries; a
 * user sees those of entries they see in full, and nothing of the others —
 * not that they exist, nor their category, recipient or obligations. */
static void filter_records(struct zv_case_view *v, const struct zv_case_record *r)
{
	v->decisions = r->decisions;
	v->n_decisions = 0;
	for (size_t i = 0; i < r->n_decisions; i++)
		if (all_shown(v, r->decisions[i].entries, r->decisions[i].n_entries))
			v->decisions[v->n_decisions++] = r->decisions[i];
	v->disclosures = r->disclosures;
	v->n_disclosures = 0;
	for (size_t i = 0; i < r->n_disclosures; i++)
		if (r->disclosures[i].n_entries &&
		    all_shown(v, r->disclosures[i].entries, r->disclosures[i].n_entries))
			v->disclosures[v->n_disclosures++] = r->disclosures[i];
	v->obligations = r->obligations;
	v->n_obligations = 0;
	for (size_t i = 0; i < r->n_obligations; i++)
		if (!r->obligations[i].decision_id ||
		    decision_kept(v, r->obligations[i].decision_id))
			v->obligations[v->n_obligations++] = r->obligations[i];
}

/* The team's names from the configuration in force, so that a screen shows
 * who, not only a login; a login the configuration no longer has is NULL. */
static int member_names(struct show_job *j, struct zv_case_view *v, struct zv_error *err)
{
	v->member_names = v->n_members ? zv_arena_alloc(j->a, v->n_members * sizeof *v->member_names)
				       : NULL;
	if (v->n_members && !v->member_names)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
	for (size_t i = 0; i < v->n_members; i++) {
		const struct zv_professional *p =
			zv_config_professional(&j->sv->config, v->members[i].login);
		v->member_names[i] = p ? p->name : NULL;
	}
	return ZV_OK;
}

static int show_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct show_job *j = ctx;
	/* The team first: someone without a role reads nothing of the case. */
	struct zv_case_record r;
	int rc = zv_store_case_load(tx, j->case_id, ZV_PART_TEAM | ZV_PART_GRANTS, j->a, &r, err);
	if (rc == ZV_ENOTFOUND)
		return zv_error_set(err, ZV_ENOTFOUND, "",
				    "no case %s that you have a role in", j->case_id);
	if (rc)
		return rc;
	char now[ZV_AUDIT_TIME_LEN];
	int64_t now_us = svc_now_us(j->sv);
	zv_audit_time_format(now_us, now);
	j->today = svc_day_of(now_us);
	struct zv_case_view *v = j->view;
	const char *grant_reason;
	v->role = svc_case_role(&r, j->who->login, now, &v->by_grant, &grant_reason);
	if (v->role == ZV_CASE_ROLE_NONE)
		return zv_error_set(err, ZV_ENOTFOUND, "",
				    "no case %s that you have a role in", j->case_id);
	struct zv_case_record team = r;   /* the rest, without reading the team again */
	if ((rc = zv_store_case_load(tx, j->case_id, ZV_PART_ALL & ~(ZV_PART_TEAM | ZV_PART_GRANTS),
				     j->a, &r, err)) != 0)
		return rc;
	r.members = team.members;
	r.n_members = team.n_members;
	r.grants = team.grants;
	r.n_grants = team.n_grants;
	struct acting who;
	svc_acting(j->sv, j->p, &r.c, &who);
	v->c = r.c;
	v->household_id = r.household.id;
	v->anonymous = v->role == ZV_CASE_ROLE_ADVISOR;
	v->history = r.history;
	v->n_history = r.n_history;
	v->members = r.members;
	v->n_members = r.n_members;
	if (member_names(j, v, err))
		return err->code;
	if (filter_entries(j, &r, &who, v->role, err))
		return err->code;
	if (!v->anonymous) {
		v->household_name = r.household.name;
		if (person_views(j, &r, err))
			return err->code;
		v->consents = r.consents;
		v->n_consents = r.n_consents;
		filter_records(v, &r);
		const char **persons = zv_arena_alloc(j->a, (r.n_persons + 1) * sizeof *persons);
		if (!persons)
			return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
		for (size_t i = 0; i < r.n_persons; i++)
			persons[i] = r.persons[i].id;
		if (!svc_ids(j->a, &j->event->persons, persons, r.n_persons))
			return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
	} else {   /* an advisor: the title and the history's reasons may name persons */
		v->c.title = NULL;
		for (size_t i = 0; i < v->n_history; i++)
			v->history[i].reason = NULL;
	}
	snprintf(j->role_name, sizeof j->role_name, "%s", zv_case_role_name(v->role));
	j->event->who.role = j->role_name;
	snprintf(j->org, sizeof j->org, "%s", who.acting_for_org ? who.acting_for_org : who.org_id);
	j->event->who.org = j->org;
	j->event->why.purpose = r.c.task;
	if (v->by_grant) {
		snprintf(j->reason, sizeof j->reason, "%s", grant_reason ? grant_reason : "");
		j->event->why.reason = j->reason;
		j->event->detail = "seen under break-the-glass access";
	}
	if (!svc_one_id(j->a, &j->event->households, r.c.household))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
	return ZV_OK;
}

int zv_case_show(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		 struct zv_arena *a, struct zv_case_view *out, struct zv_error *err)
{
	const struct zv_professional *p;
	memset(out, 0, sizeof *out);
	if (svc_user(sv, who, &p, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_VIEW, who, p, NULL, p->organisation);
	struct show_job j = {.sv = sv, .who = who, .p = p, .case_id = case_id, .a = a,
			     .event = &e, .view = out};
	struct zv_error id_err;
	if (zv_audit_id_check(case_id, "$.case", &id_err)) {
		zv_error_set(err, ZV_ENOTFOUND, "", "no case %.64s that you have a role in",
			     case_id);
		svc_log_refusal(sv, who, p, ZV_AUDIT_VIEW, NULL, err);
		return ZV_ENOTFOUND;
	}
	if (!svc_one_id(a, &e.cases, case_id))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory showing a case");
	int rc = zv_audit_append(sv->log, &e, 1, show_work, &j, err);
	if (rc)   /* no durable event, no data: whatever the work filled in goes */
		memset(out, 0, sizeof *out);
	if (rc == ZV_ENOTFOUND)
		svc_log_refusal(sv, who, p, ZV_AUDIT_VIEW, case_id, err);
	return rc;
}

/* ---- my obligations ------------------------------------------------------- */

struct obligations_job {
	const struct zv_who *who;
	struct zv_arena *a;
	struct zv_audit_event *event;
	struct zv_rec_obligation *list;
	size_t n;
};

static int obligations_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct obligations_job *j = ctx;
	if (zv_store_obligations_of(tx, j->who->login, j->a, &j->list, &j->n, err))
		return err->code;
	const char **cases = zv_arena_alloc(j->a, (j->n + 1) * sizeof *cases);
	if (!cases)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory listing obligations");
	for (size_t i = 0; i < j->n; i++)
		cases[i] = j->list[i].case_id;
	if (!svc_ids(j->a, &j->event->cases, cases, j->n))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory listing obligations");
	return ZV_OK;
}

int zv_obligation_list(struct zv_service *sv, const struct zv_who *who, struct zv_arena *a,
		       struct zv_rec_obligation **out, size_t *n, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_VIEW, who, p, NULL, p->organisation);
	e.detail = "list of my obligations";
	struct obligations_job j = {.who = who, .a = a, .event = &e};
	if (zv_audit_append(sv->log, &e, 1, obligations_work, &j, err))
		return err->code;
	*out = j.list;
	*n = j.n;
	return ZV_OK;
}
