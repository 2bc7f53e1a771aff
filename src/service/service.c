/*
 * service.c — opening the services, the clock, who acts as what in a case,
 * audit events, and the names of the dossier's enumerations.
 *
 * How a professional acts in a case (zv/service.h) is decided here once:
 * the Regional Safety Team's members act for their mother organisation
 * (actor regional_safety_team, acting_for its kind), a local team under
 * mandate acts for the team's organisation, and in a network — or outside
 * the case's team — everyone acts for their own organisation.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* ---- time ---------------------------------------------------------------- */

int64_t svc_now_us(const struct zv_service *sv)
{
	return sv->opt.now_us ? sv->opt.now_us(sv->opt.clock_ctx) : zv_now_us();
}

zv_day svc_day_of(int64_t us)
{
	int64_t days = us / 86400000000LL;
	if (us < 0 && us % 86400000000LL)
		days--;
	return (zv_day)days;
}

zv_day zv_service_today(const struct zv_service *sv)
{
	return svc_day_of(svc_now_us(sv));
}

/* ---- opening ------------------------------------------------------------- */

int svc_load_config(struct zv_service *sv, struct zv_error *err)
{
	struct zv_arena scratch;
	zv_arena_init(&scratch, 0);
	const char *json;
	int64_t version;
	int rc = zv_store_config_current(sv->store, &scratch, &json, &version, err);
	if (rc == ZV_ENOTFOUND) {   /* a store made before configurations existed */
		json = zv_config_minimal_json;
		rc = ZV_OK;
	}
	struct zv_config_problems problems = {0};
	if (!rc)
		rc = zv_config_parse(json, strlen(json), &sv->config_arena, &sv->config, &problems,
				     err);
	zv_arena_release(&scratch);
	if (rc == ZV_EINPUT)
		return zv_error_set(err, ZV_EINTERNAL, "",
				    "the configuration in the store does not pass its check (%s: %s)",
				    err->path, err->message);
	return rc;
}

int zv_service_open(struct zv_store *store, const char *key_dir,
		    const struct zv_service_options *options, struct zv_service **out,
		    struct zv_error *err)
{
	*out = NULL;
	struct zv_service *sv = calloc(1, sizeof *sv);
	if (!sv)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory opening the services");
	sv->store = store;
	if (options)
		sv->opt = *options;
	zv_arena_init(&sv->config_arena, 0);
	int rc = zv_keys_load(key_dir, true, &sv->key, err);
	if (!rc)
		rc = zv_data_key_open(key_dir, &sv->data, err);
	if (!rc)
		rc = svc_load_config(sv, err);
	/* The audit log keeps real time, whatever clock the dossier is given. */
	if (!rc)
		rc = zv_audit_log_open(store, &sv->key, NULL, &sv->log, err);
	if (rc) {
		zv_service_close(sv);
		return rc;
	}
	*out = sv;
	return ZV_OK;
}

uint64_t zv_service_audit_appended(const struct zv_service *sv)
{
	return zv_audit_log_appended(sv->log);
}

void zv_service_close(struct zv_service *sv)
{
	if (!sv)
		return;
	zv_audit_log_close(sv->log);
	zv_wipe(&sv->key, sizeof sv->key);
	zv_wipe(&sv->data, sizeof sv->data);
	zv_arena_release(&sv->config_arena);
	free(sv);
}

const struct zv_config *zv_service_config(const struct zv_service *sv)
{
	return &sv->config;
}

/* ---- who acts as what ---------------------------------------------------- */

int svc_user(const struct zv_service *sv, const struct zv_who *who,
	     const struct zv_professional **out, struct zv_error *err)
{
	*out = NULL;
	if (!who || !who->login || !*who->login)
		return zv_error_set(err, ZV_EUSAGE, "",
				    "say who acts (--as LOGIN): the dossier is opened only by name");
	const struct zv_professional *p = zv_config_professional(&sv->config, who->login);
	if (!p)
		return zv_error_set(err, ZV_EDENIED, "",
				    "%s is not a user of this pilot's configuration", who->login);
	*out = p;
	return ZV_OK;
}

void svc_acting(const struct zv_service *sv, const struct zv_professional *p,
		const struct zv_rec_case *c, struct acting *out)
{
	svc_acting_in(&sv->config, p, c ? c->team : NULL, out);
}

void svc_acting_in(const struct zv_config *cfg, const struct zv_professional *p,
		   const char *team_id, struct acting *out)
{
	const struct zv_organisation *own = zv_config_organisation(cfg, p->organisation);
	*out = (struct acting){
		.cfg = cfg,
		.user = p,
		.kind = own ? own->kind : ZV_ORG_OTHER,
		.org_id = p->organisation,
		.responsible = own,
	};
	const struct zv_team *team = team_id ? zv_config_team(cfg, team_id) : NULL;
	if (!team || !zv_config_in_team(p, team->id))
		return;
	if (team->kind == ZV_ORG_REGIONAL_SAFETY_TEAM) {
		out->kind = ZV_ORG_REGIONAL_SAFETY_TEAM;
		out->org_id = team->id;
		out->acting_for = own ? own->kind : ZV_ORG_OTHER;
		out->acting_for_org = p->organisation;
	} else if (team->collaboration == ZV_COLLAB_MANDATE && team->organisation) {
		const struct zv_organisation *mandator =
			zv_config_organisation(cfg, team->organisation);
		if (mandator) {
			out->kind = mandator->kind;
			out->org_id = mandator->id;
			out->responsible = mandator;
		}
	}
}

int svc_case_role(const struct zv_case_record *r, const char *login, const char *now,
		  bool *by_grant, const char **grant_reason)
{
	*by_grant = false;
	if (grant_reason)
		*grant_reason = NULL;
	for (size_t i = 0; i < r->n_members; i++)
		if (!strcmp(r->members[i].login, login))
			return r->members[i].role;
	for (size_t i = 0; i < r->n_grants; i++)
		if (!strcmp(r->grants[i].login, login) && strcmp(r->grants[i].until, now) > 0) {
			*by_grant = true;
			if (grant_reason)
				*grant_reason = r->grants[i].reason;
			return ZV_CASE_ROLE_DIRECTLY_INVOLVED;
		}
	return ZV_CASE_ROLE_NONE;
}

/* ---- audit events -------------------------------------------------------- */

void svc_event(struct zv_audit_event *e, enum zv_audit_action action, const struct zv_who *who,
	       const struct zv_professional *p, const char *role, const char *org)
{
	*e = (struct zv_audit_event){
		.action = action,
		.outcome = ZV_AUDIT_DONE,
		.who = {.user = who->login, .name = p ? p->name : NULL, .role = role, .org = org},
		.from = who->from && *who->from ? who->from : "unknown",
	};
}

bool svc_ids(struct zv_arena *a, struct zv_audit_ids *out, const char *const *ids, size_t n)
{
	*out = (struct zv_audit_ids){0};
	if (!n)
		return true;
	if (n > ZV_AUDIT_MAX_IDS)
		n = ZV_AUDIT_MAX_IDS;
	const char **list = zv_arena_alloc(a, n * sizeof *list);
	if (!list)
		return false;
	size_t k = 0;
	bool ascending = true;   /* so far strictly ascending (as a case's entries are): no repeats */
	for (size_t i = 0; i < n; i++) {
		if (!ids[i])
			continue;
		ascending = ascending && (k == 0 || strcmp(list[k - 1], ids[i]) < 0);
		bool seen = false;   /* an event names each id once */
		for (size_t j = 0; j < k && !seen && !ascending; j++)
			seen = !strcmp(list[j], ids[i]);
		if (!seen)
			list[k++] = ids[i];
	}
	out->ids = list;
	out->count = k;
	return true;
}

int svc_repeated(const char *const *items, size_t n, const char *path, struct zv_error *err)
{
	for (size_t i = 1; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (items[i] && items[k] && !strcmp(items[i], items[k]))
				return zv_error_set(err, ZV_EINPUT, path, "%s is named twice",
						    items[i]);
	return ZV_OK;
}

bool svc_one_id(struct zv_arena *a, struct zv_audit_ids *out, const char *id)
{
	return svc_ids(a, out, &id, id ? 1 : 0);
}

int svc_act(struct zv_service *sv, const struct zv_who *who, struct zv_audit_event *e,
	    zv_audit_work_fn work, void *job, const char *case_id, struct zv_error *err)
{
	int rc = zv_audit_append(sv->log, e, 1, work, job, err);
	if (svc_refused(rc))
		svc_log_refusal(sv, who, zv_config_professional(&sv->config, who->login), e->action,
				case_id, err);
	return rc;
}

bool svc_refused(int rc)
{
	return rc == ZV_ENOTFOUND || rc == ZV_EDENIED || rc == ZV_EINPUT || rc == ZV_ECONFLICT;
}

void svc_log_refusal(struct zv_service *sv, const struct zv_who *who,
		     const struct zv_professional *p, enum zv_audit_action action,
		     const char *case_id, struct zv_error *err)
{
	svc_log_refusal_why(sv, who, p, action, case_id, NULL, err);
}

void svc_log_refusal_why(struct zv_service *sv, const struct zv_who *who,
			 const struct zv_professional *p, enum zv_audit_action action,
			 const char *case_id, const char *reason, struct zv_error *err)
{
	struct zv_audit_event e;
	svc_event(&e, action, who, p, NULL, p ? p->organisation : NULL);
	e.outcome = ZV_AUDIT_REFUSED;
	e.why.reason = reason;
	const char *ids[1] = {case_id};
	struct zv_audit_ids cases = {.ids = ids, .count = case_id ? 1 : 0};
	e.cases = cases;
	char detail[ZV_AUDIT_MAX_TEXT];
	snprintf(detail, sizeof detail, "%s", err->message);
	e.detail = detail;
	struct zv_error ignored;
	/* An id the user typed may not be a valid id: then log without it. */
	if (case_id && zv_audit_id_check(case_id, "$.cases[0]", &ignored))
		e.cases.count = 0;
	if (zv_audit_append(sv->log, &e, 1, NULL, NULL, &ignored) != ZV_OK)
		zv_error_set(err, ignored.code, "", "%s (and logging the refusal failed: %s)",
			     detail, ignored.message);
}

const char *svc_strdup(struct zv_arena *a, const char *s)
{
	return s ? zv_arena_strndup(a, s, strlen(s)) : NULL;
}

/* ---- names --------------------------------------------------------------- */

static const char *const PHASES[] = {
	[ZV_PHASE_DIRECT_SAFETY] = "direct_safety",
	[ZV_PHASE_RISK_DRIVEN_CARE] = "risk_driven_care",
	[ZV_PHASE_RECOVERY] = "recovery",
	[ZV_PHASE_CLOSED] = "closed",
};
static const char *const ENTRY_KINDS[] = {
	[ZV_ENTRY_FACT] = "fact",
	[ZV_ENTRY_OBSERVATION] = "observation",
	[ZV_ENTRY_OPINION] = "opinion",
	[ZV_ENTRY_VIEW] = "view",
};
static const char *const CONSENT_STATES[] = {
	[ZV_CONSENT_REQUESTED] = "requested",
	[ZV_CONSENT_GIVEN] = "given",
	[ZV_CONSENT_REFUSED] = "refused",
	[ZV_CONSENT_RENEWED] = "renewed",
	[ZV_CONSENT_WITHDRAWN] = "withdrawn",
	[ZV_CONSENT_EXPIRED] = "expired",
};

#define NAME_OF(table, i)                                                                    \
	((i) >= 0 && (size_t)(i) < sizeof table / sizeof *table ? table[i] : NULL)

static bool index_of(const char *const *table, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s && i < n; i++)
		if (table[i] && !strcmp(table[i], s)) {
			*out = (int)i;
			return true;
		}
	return false;
}

#define FROM_NAME(table, s, out) index_of(table, sizeof table / sizeof *table, s, out)

const char *zv_phase_name(int phase) { return NAME_OF(PHASES, phase); }
const char *zv_entry_kind_name(int kind) { return NAME_OF(ENTRY_KINDS, kind); }
const char *zv_consent_state_name(int state) { return NAME_OF(CONSENT_STATES, state); }
bool zv_phase_from_name(const char *s, int *out) { return FROM_NAME(PHASES, s, out); }
bool zv_entry_kind_from_name(const char *s, int *out) { return FROM_NAME(ENTRY_KINDS, s, out); }

bool zv_category_from_name(const char *s, int *out)
{
	for (int bit = 0; bit < 4; bit++)
		if (s && !strcmp(zv_category_name(bit), s)) {
			*out = 1 << bit;
			return true;
		}
	return false;
}

/* ---- persons ------------------------------------------------------------- */

bool zv_bsn_valid(const char *bsn)
{
	if (!bsn || strlen(bsn) != 9)
		return false;
	int sum = 0;
	for (int i = 0; i < 9; i++) {
		if (bsn[i] < '0' || bsn[i] > '9')
			return false;
		int weight = i < 8 ? 9 - i : -1;   /* 9 8 7 6 5 4 3 2 -1 */
		sum += weight * (bsn[i] - '0');
	}
	return sum % 11 == 0 && strcmp(bsn, "000000000") != 0;
}

int zv_age_on(const char *birth_date, zv_day on)
{
	zv_day born;
	if (!birth_date || !zv_date_parse(birth_date, strlen(birth_date), &born) || born > on)
		return -1;
	int by, bm, bd, y, m, d;
	zv_date_to_ymd(born, &by, &bm, &bd);
	zv_date_to_ymd(on, &y, &m, &d);
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}
