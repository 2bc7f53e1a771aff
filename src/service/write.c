/*
 * write.c — changing the dossier: opening a case for a household, its team,
 * its framework and phase (R6.4, R12), and its entries: recording (R7.1,
 * R13.3 and the engine's `record`), correcting (R7.3: a new version, the old
 * one kept) and reactions of persons concerned (R7.3).
 *
 * Each function is one audit append whose work is the act: the act and its
 * event commit together. Versions guard every change of something that
 * already exists: a stale one is a conflict, never an overwrite.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

enum { MAX_TEXT = 64 * 1024, MAX_NAME = 256 };

/* ---- shared --------------------------------------------------------------- */

int svc_case_for(struct zv_service *sv, struct zv_store *tx, const struct zv_professional *p,
		 const char *case_id, unsigned parts, struct zv_arena *a, struct case_ctx *out,
		 struct zv_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = zv_store_case_load(tx, case_id, parts | ZV_PART_TEAM | ZV_PART_GRANTS, a,
				    &out->r, err);
	if (rc == ZV_ENOTFOUND)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no case %s that you have a role in",
				    case_id);
	if (rc)
		return rc;
	out->now_us = svc_now_us(sv);
	zv_audit_time_format(out->now_us, out->now);
	out->today = svc_day_of(out->now_us);
	out->role = svc_case_role(&out->r, p->login, out->now, &out->by_grant, NULL);
	if (out->role == ZV_CASE_ROLE_NONE)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no case %s that you have a role in",
				    case_id);
	svc_acting(sv, p, &out->r.c, &out->who);
	if (parts & ZV_PART_PERSONS)
		return svc_household_facts(a, &out->r, out->today, &out->h, err);
	return ZV_OK;
}

int svc_may_write(const struct case_ctx *c, const char *what, struct zv_error *err)
{
	if (c->by_grant)   /* break the glass is for seeing, not for acting */
		return zv_error_set(err, ZV_EDENIED, "",
				    "break-the-glass access to case %s lets you see it, not %s",
				    c->r.c.id, what);
	if (c->role == ZV_CASE_ROLE_LEAD || c->role == ZV_CASE_ROLE_DIRECTLY_INVOLVED ||
	    c->role == ZV_CASE_ROLE_SUBSTITUTE)
		return ZV_OK;
	return zv_error_set(err, ZV_EDENIED, "",
			    "as %s in case %s you may not %s (R13.1: an advisor sees no personal "
			    "data and records nothing)",
			    zv_case_role_name(c->role), c->r.c.id, what);
}

int svc_not_closed(const struct case_ctx *c, const char *what, struct zv_error *err)
{
	if (c->r.c.phase != ZV_PHASE_CLOSED)
		return ZV_OK;
	return zv_error_set(err, ZV_ECONFLICT, "",
			    "case %s is closed: %s needs it reopened first (case change, with the "
			    "reason)",
			    c->r.c.id, what);
}

static int need_text(const char *value, const char *path, size_t max, struct zv_error *err)
{
	if (!value || !*value)
		return zv_error_set(err, ZV_EINPUT, path, "required, and may not be empty");
	if (strlen(value) > max)
		return zv_error_set(err, ZV_EINPUT, path, "longer than %zu bytes", max);
	return ZV_OK;
}

static bool in_household(const struct zv_case_record *r, const char *person)
{
	for (size_t i = 0; i < r->n_persons; i++)
		if (!strcmp(r->persons[i].id, person))
			return true;
	return false;
}

/* An act on one case: the event names it, then as svc_act(). */
static int act_on_case(struct zv_service *sv, const struct zv_who *who,
		       struct zv_audit_event *e, const char *case_id, struct zv_arena *a,
		       zv_audit_work_fn work, void *job, struct zv_error *err)
{
	if (!svc_one_id(a, &e->cases, case_id))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	return svc_act(sv, who, e, work, job, case_id, err);
}

/* An act on one entry: an id that cannot be one is "not found" (and the
 * attempt is logged without it); the event names the entry. */
static int act_on_entry(struct zv_service *sv, const struct zv_who *who,
			struct zv_audit_event *e, const char *entry_id, struct zv_arena *a,
			zv_audit_work_fn work, void *job, struct zv_error *err)
{
	struct zv_error id_err;
	if (zv_audit_id_check(entry_id, "$.entry", &id_err)) {
		zv_error_set(err, ZV_ENOTFOUND, "", "no entry %.64s that you may see", entry_id);
		svc_log_refusal(sv, who, zv_config_professional(&sv->config, who->login), e->action,
				NULL, err);
		return ZV_ENOTFOUND;
	}
	if (!svc_one_id(a, &e->entries, entry_id))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	return svc_act(sv, who, e, work, job, NULL, err);
}

/* ---- opening a case -------------------------------------------------------- */

static int check_person(const struct zv_new_person *p, size_t i, size_t n,
			struct zv_error *err)
{
	char path[64];
	snprintf(path, sizeof path, "$.persons[%zu].name", i);
	if (need_text(p->name, path, MAX_NAME, err))
		return err->code;
	zv_day born;
	snprintf(path, sizeof path, "$.persons[%zu].birth_date", i);
	if (p->birth_date && !zv_date_parse(p->birth_date, strlen(p->birth_date), &born))
		return zv_error_set(err, ZV_EINPUT, path, "not a date (YYYY-MM-DD): %s",
				    p->birth_date);
	snprintf(path, sizeof path, "$.persons[%zu].bsn", i);
	if (p->bsn && !zv_bsn_valid(p->bsn))
		return zv_error_set(err, ZV_EINPUT, path,
				    "not a BSN: 9 digits that pass the 11-test");
	if (p->role < ZV_PERSON_OTHER || p->role > ZV_PERSON_ADULT)
		return zv_error_set(err, ZV_EINPUT, "", "persons[%zu]: no such role", i);
	for (size_t k = 0; k < p->n_authority; k++)
		if (p->authority[k] >= n || p->authority[k] == i) {
			snprintf(path, sizeof path, "$.persons[%zu].authority[%zu]", i, k);
			return zv_error_set(err, ZV_EINPUT, path,
					    "names no other person of the household");
		}
	return ZV_OK;
}

static int check_new_case(const struct zv_service *sv, const struct zv_new_case *req,
			  struct zv_error *err)
{
	if (need_text(req->household_name, "$.household", MAX_NAME, err) ||
	    need_text(req->title, "$.title", MAX_NAME, err) ||
	    need_text(req->reason, "$.reason", MAX_TEXT, err))
		return err->code;
	if (!req->n_persons)
		return zv_error_set(err, ZV_EINPUT, "$.persons", "a household has at least one person");
	if (req->n_persons > ZV_MAX_PERSONS)
		return zv_error_set(err, ZV_EINPUT, "$.persons", "at most %d persons",
				    ZV_MAX_PERSONS);
	for (size_t i = 0; i < req->n_persons; i++)
		if (check_person(&req->persons[i], i, req->n_persons, err))
			return err->code;
	if (!zv_framework_name(req->framework) || req->framework == ZV_FRAMEWORK_UNKNOWN)
		return zv_error_set(err, ZV_EINPUT, "$.framework",
				    "advice_only, voluntary, pressure or compulsory (R12.1)");
	if (!zv_phase_name(req->phase))
		return zv_error_set(err, ZV_EINPUT, "$.phase",
				    "direct_safety, risk_driven_care, recovery or closed (R12.2)");
	for (size_t i = 0; i < req->n_members; i++) {
		char path[64];
		snprintf(path, sizeof path, "$.members[%zu]", i);
		const struct zv_rec_member *m = &req->members[i];
		if (!m->login || !zv_config_professional(&sv->config, m->login))
			return zv_error_set(err, ZV_EINPUT, path, "%s is not a user of this pilot",
					    m->login ? m->login : "(none)");
		if (m->role < ZV_CASE_ROLE_DIRECTLY_INVOLVED || m->role > ZV_CASE_ROLE_ADVISOR)
			return zv_error_set(err, ZV_EINPUT, path,
					    "role is directly_involved, substitute or advisor (who "
					    "opens the case leads it; hand over with case member)");
		if (!(zv_config_professional(&sv->config, m->login)->roles & ZV_ROLE_PROFESSIONAL))
			return zv_error_set(err, ZV_EINPUT, path,
					    "%s is not a professional: a case team has professionals "
					    "only",
					    m->login);
	}
	return ZV_OK;
}

struct open_job {
	struct zv_service *sv;
	const struct zv_who *who;
	const struct zv_professional *p;
	const struct zv_new_case *req;
	const struct zv_organisation *org;
	const struct zv_task *task;
	struct zv_arena *a;
	struct zv_case_ids *ids;
	struct zv_audit_event *event;
};

static int insert_person(struct open_job *j, struct zv_store *tx, size_t i,
			 struct zv_error *err)
{
	const struct zv_new_person *np = &j->req->persons[i];
	char *id = j->ids->person_ids[i];
	if (svc_new_id(tx, "P", 6, id, err))
		return err->code;
	uint8_t bsn_sealed[9 + ZV_SEAL_OVERHEAD], bsn_key[ZV_BLIND_LEN];
	size_t address_len = np->address ? strlen(np->address) : 0;
	uint8_t *address = np->address ? zv_arena_alloc(j->a, address_len + ZV_SEAL_OVERHEAD)
				       : NULL;
	if (np->address && !address)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory recording a person");
	char context[128];
	if (np->bsn) {
		snprintf(context, sizeof context, "bsn:%s", id);
		zv_seal(&j->sv->data, context, np->bsn, 9, bsn_sealed);
		zv_blind_index(&j->sv->data, "bsn", np->bsn, 9, bsn_key);
	}
	if (address) {
		snprintf(context, sizeof context, "address:%s", id);
		zv_seal(&j->sv->data, context, np->address, address_len, address);
	}
	struct zv_rec_person rec = {
		.id = id, .household = j->ids->household_id, .name = np->name, .role = np->role,
		.birth_date = np->birth_date, .capable = np->capable,
		.bsn_sealed = np->bsn ? bsn_sealed : NULL, .bsn_sealed_len = sizeof bsn_sealed,
		.bsn_key = np->bsn ? bsn_key : NULL,
		.confidential_address = np->confidential_address,
		.address_sealed = address, .address_sealed_len = address_len + ZV_SEAL_OVERHEAD,
	};
	int rc = zv_store_person_insert(tx, &rec, err);
	if (rc == ZV_ECONFLICT) {
		char path[64];
		snprintf(path, sizeof path, "$.persons[%zu].bsn", i);
		return zv_error_set(err, ZV_ECONFLICT, path,
				    "this BSN is already recorded for another person");
	}
	return rc;
}

static int open_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct open_job *j = ctx;
	const struct zv_new_case *req = j->req;
	int64_t now_us = svc_now_us(j->sv);
	char now[ZV_AUDIT_TIME_LEN], prefix[16];
	zv_audit_time_format(now_us, now);
	snprintf(prefix, sizeof prefix, "ZV-%.4s-", now);
	if (svc_new_id(tx, "H", 5, j->ids->household_id, err) ||
	    svc_new_id(tx, prefix, 5, j->ids->case_id, err))
		return err->code;
	struct zv_rec_household h = {.id = j->ids->household_id, .name = req->household_name,
				     .created_at = now};
	if (zv_store_household_insert(tx, &h, err))
		return err->code;
	for (size_t i = 0; i < req->n_persons; i++)
		if (insert_person(j, tx, i, err))
			return err->code;
	for (size_t i = 0; i < req->n_persons; i++)
		for (size_t k = 0; k < req->persons[i].n_authority; k++)
			if (zv_store_authority_insert(tx, j->ids->person_ids[i],
						      j->ids->person_ids[req->persons[i].authority[k]],
						      err))
				return err->code;
	struct zv_rec_case c = {
		.id = j->ids->case_id, .household = h.id, .team = req->team,
		.organisation = j->org->id, .task = j->task->id, .title = req->title,
		.framework = req->framework, .phase = req->phase, .opened_at = now,
		.opened_by = j->who->login,
	};
	struct zv_rec_case_change first = {
		.at = now, .by = j->who->login, .framework = req->framework, .phase = req->phase,
		.reason = req->reason, .family_informed = req->family_informed,
		.informed_at = req->family_informed ? now : NULL,
	};
	struct zv_rec_member lead = {.login = j->who->login, .role = ZV_CASE_ROLE_LEAD};
	if (zv_store_case_insert(tx, &c, &first, err) ||
	    zv_store_member_set(tx, c.id, &lead, err))
		return err->code;
	for (size_t i = 0; i < req->n_members; i++)
		if (strcmp(req->members[i].login, j->who->login) &&
		    zv_store_member_set(tx, c.id, &req->members[i], err))
			return err->code;
	if (!req->family_informed &&
	    svc_obligation(tx, c.id, 1, "R6.2", "provide_leaflet",
			   "Geef het gezin de folder: wat het team doet, welke gegevens het "
			   "verwerkt en waar het terecht kan met vragen, klachten en rechten.",
			   zv_date_add_working_days_nl(svc_day_of(now_us), 5), j->who->login, now,
			   err))
		return err->code;
	const char **persons = zv_arena_alloc(j->a, (req->n_persons + 1) * sizeof *persons);
	if (!persons)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory opening a case");
	for (size_t i = 0; i < req->n_persons; i++)
		persons[i] = j->ids->person_ids[i];
	if (!svc_ids(j->a, &j->event->persons, persons, req->n_persons) ||
	    !svc_one_id(j->a, &j->event->households, h.id) ||
	    !svc_one_id(j->a, &j->event->cases, c.id))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory opening a case");
	return ZV_OK;
}

int zv_case_open(struct zv_service *sv, const struct zv_who *who, const struct zv_new_case *req,
		 struct zv_arena *a, struct zv_case_ids *ids, struct zv_error *err)
{
	const struct zv_professional *p;
	memset(ids, 0, sizeof *ids);
	if (svc_user(sv, who, &p, err) || check_new_case(sv, req, err))
		return err->code;
	const struct zv_team *team = req->team ? zv_config_team(&sv->config, req->team) : NULL;
	if (!team)
		return zv_error_set(err, ZV_EINPUT, "$.team", "no team %s in this pilot",
				    req->team ? req->team : "(none)");
	if (!(p->roles & ZV_ROLE_PROFESSIONAL) || !zv_config_in_team(p, team->id)) {
		zv_error_set(err, ZV_EDENIED, "", "only a professional of %s opens its cases",
			     team->name);
		svc_log_refusal(sv, who, p, ZV_AUDIT_RECORD, NULL, err);
		return ZV_EDENIED;
	}
	struct zv_rec_case probe = {.team = team->id};
	struct acting acting;
	svc_acting(sv, p, &probe, &acting);
	if (!acting.responsible)
		return zv_error_set(err, ZV_EINTERNAL, "", "%s has no organisation", p->login);
	probe.task = req->task;
	const struct zv_task *task = req->task ? zv_config_task(acting.responsible, req->task)
					       : svc_case_task(&acting, &probe);
	if (!task)
		return zv_error_set(err, ZV_EINPUT, "$.task", "%s has no task %s",
				    acting.responsible->name, req->task ? req->task : "");
	ids->person_ids = zv_arena_alloc(a, req->n_persons * sizeof *ids->person_ids);
	if (!ids->person_ids)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory opening a case");
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, "lead", acting.responsible->id);
	e.detail = "case opened";
	e.why.purpose = task->id;
	struct open_job j = {.sv = sv, .who = who, .p = p, .req = req,
			     .org = acting.responsible, .task = task, .a = a, .ids = ids,
			     .event = &e};
	return svc_act(sv, who, &e, open_work, &j, NULL, err);
}

/* ---- the case team --------------------------------------------------------- */

struct member_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *case_id;
	const struct zv_rec_member *m;
	struct zv_arena a;
	struct zv_audit_event *event;
	char detail[256];
};

static int member_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct member_job *j = ctx;
	struct case_ctx c;
	if (svc_case_for(j->sv, tx, j->p, j->case_id, 0, &j->a, &c, err))
		return err->code;
	if (c.role != ZV_CASE_ROLE_LEAD)
		return zv_error_set(err, ZV_EDENIED, "",
				    "only the lead of case %s sets its team", j->case_id);
	if (!strcmp(j->m->login, j->p->login) && j->m->role != ZV_CASE_ROLE_LEAD)
		return zv_error_set(err, ZV_EINPUT, "$.role",
				    "a lead hands over by making someone else lead first");
	if (j->m->role == ZV_CASE_ROLE_LEAD) {   /* one lead: the old one becomes directly involved */
		struct zv_rec_member old = {.login = j->p->login,
					    .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED};
		if (strcmp(j->m->login, j->p->login) && zv_store_member_set(tx, j->case_id, &old, err))
			return err->code;
	}
	snprintf(j->detail, sizeof j->detail, "case team: %s as %s", j->m->login,
		 zv_case_role_name(j->m->role));
	j->event->detail = j->detail;
	return zv_store_member_set(tx, j->case_id, j->m, err);
}

int zv_case_member_set(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		       const struct zv_rec_member *m, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err))
		return err->code;
	const struct zv_professional *member =
		m->login ? zv_config_professional(&sv->config, m->login) : NULL;
	if (!member)
		return zv_error_set(err, ZV_EINPUT, "$.login", "%s is not a user of this pilot",
				    m->login ? m->login : "(none)");
	if (!(member->roles & ZV_ROLE_PROFESSIONAL))
		return zv_error_set(err, ZV_EINPUT, "$.login",
				    "%s is not a professional: a case team has professionals only",
				    m->login);
	if (m->role < ZV_CASE_ROLE_LEAD || m->role > ZV_CASE_ROLE_ADVISOR)
		return zv_error_set(err, ZV_EINPUT, "$.role",
				    "lead, directly_involved, substitute or advisor");
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_CONFIG_CHANGE, who, p, "lead", p->organisation);
	struct member_job j = {.sv = sv, .p = p, .case_id = case_id, .m = m, .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = act_on_case(sv, who, &e, case_id, &j.a, member_work, &j, err);
	zv_arena_release(&j.a);
	return rc;
}

/* ---- framework and phase --------------------------------------------------- */

struct change_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *case_id;
	int64_t expected;
	int framework, phase;
	const char *reason;
	bool informed;
	int64_t new_version;
	struct zv_arena a;
	struct zv_audit_event *event;
	char detail[256];
};

static int change_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct change_job *j = ctx;
	struct case_ctx c;
	if (svc_case_for(j->sv, tx, j->p, j->case_id, 0, &j->a, &c, err) ||
	    svc_may_write(&c, "change its framework or phase", err))
		return err->code;
	if (j->framework == ZV_KEEP)
		j->framework = c.r.c.framework;
	if (j->phase == ZV_KEEP)
		j->phase = c.r.c.phase;
	struct zv_rec_case_change change = {
		.at = c.now, .by = j->p->login, .framework = j->framework, .phase = j->phase,
		.reason = j->reason, .family_informed = j->informed,
		.informed_at = j->informed ? c.now : NULL,
	};
	if (zv_store_case_change(tx, j->case_id, j->expected, &change, err))
		return err->code;
	j->new_version = j->expected + 1;
	snprintf(j->detail, sizeof j->detail, "framework %s → %s, phase %s → %s (version %lld)",
		 zv_framework_name(c.r.c.framework), zv_framework_name(j->framework),
		 zv_phase_name(c.r.c.phase), zv_phase_name(j->phase), (long long)j->new_version);
	j->event->detail = j->detail;
	if (j->informed || (j->framework == c.r.c.framework && j->phase == c.r.c.phase))
		return ZV_OK;
	return svc_obligation(tx, j->case_id, j->new_version, "R6.4", "inform_on_framework_change",
			      "Vertel het gezin wat de wijziging van kader of fase betekent en "
			      "welke rechtsbescherming geldt.",
			      c.today, j->p->login, c.now, err);
}

int zv_case_change(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		   int64_t expected_version, int framework, int phase, const char *reason,
		   bool family_informed, int64_t *new_version, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err) || need_text(reason, "$.reason", MAX_TEXT, err))
		return err->code;
	if (framework != ZV_KEEP &&
	    (!zv_framework_name(framework) || framework == ZV_FRAMEWORK_UNKNOWN))
		return zv_error_set(err, ZV_EINPUT, "$.framework",
				    "advice_only, voluntary, pressure or compulsory (R12.1)");
	if (phase != ZV_KEEP && !zv_phase_name(phase))
		return zv_error_set(err, ZV_EINPUT, "$.phase",
				    "direct_safety, risk_driven_care, recovery or closed (R12.2)");
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, NULL, p->organisation);
	struct change_job j = {.sv = sv, .p = p, .case_id = case_id, .expected = expected_version,
			       .framework = framework, .phase = phase, .reason = reason,
			       .informed = family_informed, .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = act_on_case(sv, who, &e, case_id, &j.a, change_work, &j, err);
	zv_arena_release(&j.a);
	if (!rc && new_version)
		*new_version = j.new_version;
	return rc;
}

/* ---- entries --------------------------------------------------------------- */

static int check_new_entry(const struct zv_new_entry *req, struct zv_error *err)
{
	if (!zv_entry_kind_name(req->kind))
		return zv_error_set(err, ZV_EINPUT, "$.kind",
				    "fact, observation, opinion or view (R7.1)");
	if (req->category != ZV_CAT_ORDINARY && req->category != ZV_CAT_HEALTH &&
	    req->category != ZV_CAT_SPECIAL_OTHER && req->category != ZV_CAT_CRIMINAL)
		return zv_error_set(err, ZV_EINPUT, "$.category",
				    "ordinary, health, special_other or criminal");
	if (need_text(req->source, "$.source", MAX_NAME, err) ||
	    need_text(req->text, "$.text", MAX_TEXT, err))
		return err->code;
	if (!req->n_subjects)
		return zv_error_set(err, ZV_EINPUT, "$.subjects",
				    "name at least one person the entry is about");
	if (svc_repeated(req->subjects, req->n_subjects, "$.subjects", err) ||
	    svc_repeated(req->hidden_from_logins, req->n_hidden_from_logins,
			 "$.hidden_from_logins", err) ||
	    svc_repeated(req->hidden_from_persons, req->n_hidden_from_persons,
			 "$.hidden_from_persons", err))
		return err->code;
	if ((req->n_hidden_from_logins || req->n_hidden_from_persons) &&
	    need_text(req->restriction_reason, "$.restriction_reason", MAX_TEXT, err))
		return err->code;
	return ZV_OK;
}

struct entry_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *case_id;
	const struct zv_new_entry *req;
	struct zv_arena *a;
	char *id;
	struct zv_refusal *refusal;
	struct zv_audit_event *event;
	char decision_id[64];
	char org[ZV_AUDIT_MAX_ID];
};

static int check_entry_refs(const struct zv_service *sv, const struct case_ctx *c,
			    const struct zv_new_entry *req, struct zv_error *err)
{
	for (size_t i = 0; i < req->n_subjects; i++)
		if (!in_household(&c->r, req->subjects[i]))
			return zv_error_set(err, ZV_EINPUT, "$.subjects",
					    "%s is not a person of this household", req->subjects[i]);
	for (size_t i = 0; i < req->n_hidden_from_persons; i++)
		if (!in_household(&c->r, req->hidden_from_persons[i]))
			return zv_error_set(err, ZV_EINPUT, "$.hidden_from_persons",
					    "%s is not a person of this household",
					    req->hidden_from_persons[i]);
	for (size_t i = 0; i < req->n_hidden_from_logins; i++)
		if (!zv_config_professional(&sv->config, req->hidden_from_logins[i]))
			return zv_error_set(err, ZV_EINPUT, "$.hidden_from_logins",
					    "%s is not a user of this pilot",
					    req->hidden_from_logins[i]);
	return ZV_OK;
}

/* Ask the engine whether this may be recorded; keep its answer. */
static int decide_record(struct entry_job *j, const struct case_ctx *c, struct zv_situation *s,
			 struct zv_decision *d, struct zv_error *err)
{
	svc_record_situation(&c->h, &c->who, c->role, &c->r.c, j->req, s);
	if (zv_decide(s, d, ZV_DECIDE_FULL))
		return zv_error_set(err, ZV_EINTERNAL, "", "the engine could not decide");
	j->refusal->has_decision = true;
	j->refusal->decision = d;
	j->refusal->situation = s;
	if (d->outcome == ZV_OUTCOME_DENIED)
		return zv_error_set(err, ZV_EDENIED, "",
				    "the engine does not allow recording this (its answer says why)");
	if (d->outcome == ZV_OUTCOME_JUDGEMENT_REQUIRED)
		return zv_error_set(err, ZV_EINPUT, "$.answers",
				    "answer the engine's %u question%s first", d->n_questions,
				    d->n_questions == 1 ? "" : "s");
	return ZV_OK;
}

static int insert_restrictions(struct zv_store *tx, const struct zv_new_entry *req,
			       const char *id, struct zv_error *err)
{
	for (size_t i = 0; i < req->n_hidden_from_logins; i++) {
		struct zv_rec_restriction r = {.entry_id = id, .login = req->hidden_from_logins[i],
					       .reason = req->restriction_reason};
		if (zv_store_restriction_insert(tx, &r, err))
			return err->code;
	}
	for (size_t i = 0; i < req->n_hidden_from_persons; i++) {
		struct zv_rec_restriction r = {.entry_id = id, .person = req->hidden_from_persons[i],
					       .reason = req->restriction_reason};
		if (zv_store_restriction_insert(tx, &r, err))
			return err->code;
	}
	return ZV_OK;
}

static int entry_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct entry_job *j = ctx;
	const struct zv_new_entry *req = j->req;
	struct case_ctx c;
	if (svc_case_for(j->sv, tx, j->p, j->case_id, ZV_PART_PERSONS | ZV_PART_CONSENTS, j->a,
			 &c, err) ||
	    svc_may_write(&c, "record in it", err) ||
	    svc_not_closed(&c, "a new entry", err) || check_entry_refs(j->sv, &c, req, err))
		return err->code;
	struct zv_situation *s = zv_arena_alloc(j->a, sizeof *s);
	struct zv_decision *d = zv_arena_alloc(j->a, sizeof *d);
	if (!s || !d)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory recording an entry");
	if (decide_record(j, &c, s, d, err))
		return err->code;
	if (svc_new_id(tx, "E", 7, j->id, err))
		return err->code;
	struct zv_rec_entry e = {
		.id = j->id, .case_id = j->case_id, .kind = req->kind, .category = req->category,
		.source = req->source, .text = req->text, .author = j->p->login,
		.author_org = c.who.org_id,
		.secrecy_holder = c.who.responsible ? c.who.responsible->id : j->p->organisation,
		.recorded_at = c.now, .verified_by = req->verified ? j->p->login : NULL,
		.verified_at = req->verified ? c.now : NULL,
		.subjects = req->subjects, .n_subjects = req->n_subjects,
	};
	if (zv_store_entry_insert(tx, &e, err) || insert_restrictions(tx, req, j->id, err) ||
	    svc_store_decision(tx, j->a, j->case_id, j->p->login, c.now, &c.h, s, d,
			       (const char *const[]){j->id}, 1, j->decision_id, true, NULL, err))
		return err->code;
	const char *category = NULL;
	for (int bit = 0; bit < 4; bit++)
		if (req->category == 1 << bit)
			category = zv_category_name(bit);
	snprintf(j->org, sizeof j->org, "%s", e.secrecy_holder);
	j->event->who.org = j->org;
	j->event->who.role = zv_case_role_name(c.role);
	j->event->why.purpose = c.r.c.task;
	j->event->why.decision = j->decision_id;
	if (!svc_ids(j->a, &j->event->persons, req->subjects, req->n_subjects) ||
	    !svc_one_id(j->a, &j->event->households, c.r.c.household) ||
	    !svc_one_id(j->a, &j->event->entries, j->id) ||
	    !svc_one_id(j->a, &j->event->categories, category))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory recording an entry");
	j->refusal->has_decision = false;
	return ZV_OK;
}

int zv_entry_add(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		 const struct zv_new_entry *req, struct zv_arena *a, char id[64],
		 struct zv_refusal *refusal, struct zv_error *err)
{
	const struct zv_professional *p;
	id[0] = '\0';
	*refusal = (struct zv_refusal){0};
	if (svc_user(sv, who, &p, err) || check_new_entry(req, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, NULL, p->organisation);
	struct entry_job j = {.sv = sv, .p = p, .case_id = case_id, .req = req, .a = a, .id = id,
			      .refusal = refusal, .event = &e};
	if (!svc_one_id(a, &e.cases, case_id))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	int rc = svc_act(sv, who, &e, entry_work, &j, case_id, err);
	if (rc)
		id[0] = '\0';
	if (rc != ZV_EDENIED && rc != ZV_EINPUT)
		refusal->has_decision = false;   /* only the engine's refusals carry its answer */
	return rc;
}

/* ---- corrections and reactions --------------------------------------------- */

struct correct_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *entry_id;
	int64_t expected;
	const char *text, *reason;
	int64_t new_version;
	struct zv_arena a;
	struct zv_audit_event *event;
	char case_id[64];
};

/* The entry, if `p` may see it in full in its case. */
static int visible_entry(struct zv_service *sv, struct zv_store *tx,
			 const struct zv_professional *p, const char *entry_id,
			 struct zv_arena *a, struct case_ctx *c, const struct zv_rec_entry **out,
			 char case_id[64], struct zv_error *err)
{
	int rc = zv_store_entry_case(tx, entry_id, case_id, 64, err);
	if (!rc)
		rc = svc_case_for(sv, tx, p, case_id,
				  ZV_PART_PERSONS | ZV_PART_ENTRIES | ZV_PART_CONSENTS, a, c, err);
	/* Not there, or in a case without a role: one answer, which never names
	 * the case (entry ids must not tell whose case they are in). */
	if (rc == ZV_ENOTFOUND)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no entry %s that you may see", entry_id);
	if (rc)
		return err->code;
	const struct zv_rec_entry *e = svc_find_entry(&c->r, entry_id);
	if (!e || svc_entry_visibility(sv, &c->h, &c->who, c->role, &c->r, e, p->login) !=
			  ZV_VISIBLE)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no entry %s that you may see", entry_id);
	*out = e;
	return ZV_OK;
}

static int correct_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct correct_job *j = ctx;
	struct case_ctx c;
	const struct zv_rec_entry *old = NULL;   /* set by visible_entry; -O3 cannot see it */
	if (visible_entry(j->sv, tx, j->p, j->entry_id, &j->a, &c, &old, j->case_id, err) ||
	    svc_may_write(&c, "correct its entries", err))
		return err->code;
	struct zv_rec_entry e = *old;
	e.text = j->text;
	e.correction_reason = j->reason;
	e.author = j->p->login;
	e.author_org = c.who.org_id;
	e.recorded_at = c.now;
	e.verified_by = NULL;   /* the new text is not verified until someone does */
	e.verified_at = NULL;
	if (zv_store_entry_correct(tx, j->expected, &e, err))
		return err->code;
	j->new_version = j->expected + 1;
	j->event->who.role = zv_case_role_name(c.role);
	if (!svc_ids(&j->a, &j->event->persons, old->subjects, old->n_subjects) ||
	    !svc_one_id(&j->a, &j->event->cases, j->case_id) ||
	    !svc_one_id(&j->a, &j->event->households, c.r.c.household))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory correcting an entry");
	return ZV_OK;
}

int zv_entry_correct(struct zv_service *sv, const struct zv_who *who, const char *entry_id,
		     int64_t expected_version, const char *text, const char *reason,
		     int64_t *new_version, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err) || need_text(text, "$.text", MAX_TEXT, err) ||
	    need_text(reason, "$.reason", MAX_TEXT, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_CORRECT, who, p, NULL, p->organisation);
	e.why.reason = reason;
	struct correct_job j = {.sv = sv, .p = p, .entry_id = entry_id, .expected = expected_version,
				.text = text, .reason = reason, .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = act_on_entry(sv, who, &e, entry_id, &j.a, correct_work, &j, err);
	zv_arena_release(&j.a);
	if (!rc && new_version)
		*new_version = j.new_version;
	return rc;
}

struct react_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *entry_id, *person, *text;
	char *id;
	struct zv_arena a;
	struct zv_audit_event *event;
	char case_id[64];
};

static int react_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct react_job *j = ctx;
	struct case_ctx c;
	const struct zv_rec_entry *e = NULL;   /* set by visible_entry; -O3 cannot see it */
	if (visible_entry(j->sv, tx, j->p, j->entry_id, &j->a, &c, &e, j->case_id, err) ||
	    svc_may_write(&c, "record reactions in it", err))
		return err->code;
	bool concerned = false;
	for (size_t i = 0; i < e->n_subjects && !concerned; i++)
		concerned = !strcmp(e->subjects[i], j->person);
	if (!concerned)
		return zv_error_set(err, ZV_EINPUT, "$.person",
				    "%s is not a person entry %s is about (R7.3: persons concerned "
				    "react)",
				    j->person, j->entry_id);
	struct zv_rec_reaction r = {.id = j->id, .entry_id = j->entry_id, .person = j->person,
				    .text = j->text, .at = c.now, .recorded_by = j->p->login};
	if (svc_new_id(tx, "R", 7, j->id, err) || zv_store_reaction_insert(tx, &r, err))
		return err->code;
	if (!svc_one_id(&j->a, &j->event->persons, j->person) ||
	    !svc_one_id(&j->a, &j->event->cases, j->case_id) ||
	    !svc_one_id(&j->a, &j->event->households, c.r.c.household))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory recording a reaction");
	return ZV_OK;
}

int zv_entry_react(struct zv_service *sv, const struct zv_who *who, const char *entry_id,
		   const char *person_id, const char *text, char id[64], struct zv_error *err)
{
	const struct zv_professional *p;
	id[0] = '\0';
	if (svc_user(sv, who, &p, err) || need_text(text, "$.text", MAX_TEXT, err) ||
	    need_text(person_id, "$.person", MAX_NAME, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, NULL, p->organisation);
	e.detail = "reaction of a person concerned (R7.3)";
	struct react_job j = {.sv = sv, .p = p, .entry_id = entry_id, .person = person_id,
			      .text = text, .id = id, .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = act_on_entry(sv, who, &e, entry_id, &j.a, react_work, &j, err);
	zv_arena_release(&j.a);
	if (rc)
		id[0] = '\0';
	return rc;
}

struct informed_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *case_id, *note;
	int64_t version;
	struct zv_arena a;
	struct zv_audit_event *event;
};

static int informed_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct informed_job *j = ctx;
	struct case_ctx c;
	if (svc_case_for(j->sv, tx, j->p, j->case_id, ZV_PART_RECORDS, &j->a, &c, err) ||
	    svc_may_write(&c, "record that the family was informed", err) ||
	    zv_store_case_change_informed(tx, j->case_id, j->version, c.now, err))
		return err->code;
	for (size_t i = 0; i < c.r.n_obligations; i++) {
		const struct zv_rec_obligation *o = &c.r.obligations[i];
		if (!o->fulfilled_at && !strcmp(o->code, "inform_on_framework_change") &&
		    o->case_version == j->version &&
		    zv_store_obligation_fulfil(tx, o->id, c.now, j->p->login, j->note, err))
			return err->code;
	}
	return svc_one_id(&j->a, &j->event->households, c.r.c.household)
		       ? ZV_OK
		       : zv_error_set(err, ZV_ENOMEM, "", "out of memory");
}

int zv_case_informed(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		     int64_t version, const char *note, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err) || need_text(note, "$.note", MAX_TEXT, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, NULL, p->organisation);
	char detail[128];
	snprintf(detail, sizeof detail, "family informed of change %lld (R6.4)", (long long)version);
	e.detail = detail;
	struct informed_job j = {.sv = sv, .p = p, .case_id = case_id, .note = note,
				 .version = version, .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = act_on_case(sv, who, &e, case_id, &j.a, informed_work, &j, err);
	zv_arena_release(&j.a);
	return rc;
}
