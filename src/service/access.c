/*
 * access.c — access around the normal controls, and follow-up.
 *
 * Break the glass: a professional without a role in a case gets, for a few
 * hours, what a directly involved member sees (secrecy still holds), with a
 * required reason; every such grant waits for the privacy officer's review
 * (NEN 7513 asks that the emergency procedure be logged and checked).
 * Obligations are fulfilled by their owner or the case's lead.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

enum { MAX_REASON = 2048, MAX_HOURS = 72 };

struct glass_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *case_id, *reason;
	int hours;
	char *id;
	struct zv_arena a;
	struct zv_audit_event *event;
};

static int glass_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct glass_job *j = ctx;
	struct zv_case_record r;
	int rc = zv_store_case_load(tx, j->case_id, ZV_PART_TEAM | ZV_PART_GRANTS, &j->a, &r, err);
	if (rc)
		return rc;
	int64_t now_us = svc_now_us(j->sv);
	char now[ZV_AUDIT_TIME_LEN], until[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format(now_us, now);
	zv_audit_time_format(now_us + (int64_t)j->hours * 3600 * 1000000, until);
	bool by_grant;
	int role = svc_case_role(&r, j->p->login, now, &by_grant, NULL);
	if (role != ZV_CASE_ROLE_NONE)
		return zv_error_set(err, ZV_EINPUT, "",
				    by_grant ? "you already have break-the-glass access to case %s"
					     : "you have a role in case %s: no emergency access needed",
				    j->case_id);
	struct zv_rec_break_glass g = {.id = j->id, .case_id = j->case_id, .login = j->p->login,
				       .reason = j->reason, .at = now, .until = until};
	if (svc_new_id(tx, "G", 6, j->id, err) || zv_store_grant_insert(tx, &g, err))
		return err->code;
	if (!svc_one_id(&j->a, &j->event->households, r.c.household))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	return ZV_OK;
}

int zv_break_glass(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		   const char *reason, int hours, char id[64], struct zv_error *err)
{
	const struct zv_professional *p;
	id[0] = '\0';
	if (svc_user(sv, who, &p, err))
		return err->code;
	if (!(p->roles & ZV_ROLE_PROFESSIONAL)) {
		zv_error_set(err, ZV_EDENIED, "", "only a professional breaks the glass");
		svc_log_refusal_why(sv, who, p, ZV_AUDIT_BREAK_THE_GLASS, NULL,
				    reason && *reason && strlen(reason) <= MAX_REASON ? reason
										   : "(none given)",
				    err);
		return ZV_EDENIED;
	}
	if (!reason || !*reason || strlen(reason) > MAX_REASON)
		return zv_error_set(err, ZV_EINPUT, "$.reason",
				    "breaking the glass needs a reason (at most %d bytes)",
				    MAX_REASON);
	if (hours < 1 || hours > MAX_HOURS)
		return zv_error_set(err, ZV_EINPUT, "$.hours", "from 1 to %d hours", MAX_HOURS);
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_BREAK_THE_GLASS, who, p, "none", p->organisation);
	e.why.reason = reason;
	char detail[64];
	snprintf(detail, sizeof detail, "access for %d hour%s, to be reviewed", hours,
		 hours == 1 ? "" : "s");
	e.detail = detail;
	struct glass_job j = {.sv = sv, .p = p, .case_id = case_id, .reason = reason,
			      .hours = hours, .id = id, .event = &e};
	zv_arena_init(&j.a, 0);
	struct zv_error id_err;
	int rc = zv_audit_id_check(case_id, "$.case", &id_err)
			 ? zv_error_set(err, ZV_ENOTFOUND, "", "no case %s", case_id)
			 : ZV_OK;
	if (!rc && !svc_one_id(&j.a, &e.cases, case_id))
		rc = zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	if (!rc)
		rc = zv_audit_append(sv->log, &e, 1, glass_work, &j, err);
	if (svc_refused(rc))
		svc_log_refusal_why(sv, who, p, ZV_AUDIT_BREAK_THE_GLASS, case_id, reason, err);
	zv_arena_release(&j.a);
	if (rc)
		id[0] = '\0';
	return rc;
}

static int need_privacy_officer(const struct zv_professional *p, struct zv_error *err)
{
	if (p->roles & ZV_ROLE_PRIVACY_OFFICER)
		return ZV_OK;
	return zv_error_set(err, ZV_EDENIED, "",
			    "only a privacy officer reviews break-the-glass access");
}

struct pending_job {
	struct zv_arena *a;
	struct zv_rec_break_glass *list;
	size_t n;
	struct zv_audit_event *event;
};

static int pending_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct pending_job *j = ctx;
	if (zv_store_grants_unreviewed(tx, j->a, &j->list, &j->n, err))
		return err->code;
	const char **cases = zv_arena_alloc(j->a, (j->n + 1) * sizeof *cases);
	if (!cases)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < j->n; i++)
		cases[i] = j->list[i].case_id;
	return svc_ids(j->a, &j->event->cases, cases, j->n)
		       ? ZV_OK
		       : zv_error_set(err, ZV_ENOMEM, "", "out of memory");
}

int zv_break_glass_pending(struct zv_service *sv, const struct zv_who *who,
			   struct zv_arena *a, struct zv_rec_break_glass **out, size_t *n,
			   struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err))
		return err->code;
	if (need_privacy_officer(p, err)) {
		svc_log_refusal(sv, who, p, ZV_AUDIT_VIEW, NULL, err);
		return ZV_EDENIED;
	}
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_VIEW, who, p, "privacy_officer", p->organisation);
	e.detail = "break-the-glass access awaiting review";
	struct pending_job j = {.a = a, .event = &e};
	if (zv_audit_append(sv->log, &e, 1, pending_work, &j, err))
		return err->code;
	*out = j.list;
	*n = j.n;
	return ZV_OK;
}

struct review_job {
	struct zv_service *sv;
	const char *id, *note, *login;
};

static int review_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct review_job *j = ctx;
	char now[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format(svc_now_us(j->sv), now);
	return zv_store_grant_review(tx, j->id, j->login, now, j->note, err);
}

int zv_break_glass_review(struct zv_service *sv, const struct zv_who *who, const char *id,
			  const char *note, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err))
		return err->code;
	if (need_privacy_officer(p, err)) {
		svc_log_refusal(sv, who, p, ZV_AUDIT_CONFIG_CHANGE, NULL, err);
		return ZV_EDENIED;
	}
	if (!note || !*note || strlen(note) > MAX_REASON)
		return zv_error_set(err, ZV_EINPUT, "$.note", "a review says what was found");
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_CONFIG_CHANGE, who, p, "privacy_officer", p->organisation);
	char detail[ZV_AUDIT_MAX_TEXT];
	snprintf(detail, sizeof detail, "break-the-glass access %.64s reviewed: %s", id, note);
	e.detail = detail;
	struct review_job j = {.sv = sv, .id = id, .note = note, .login = p->login};
	return svc_act(sv, who, &e, review_work, &j, NULL, err);
}

struct fulfil_job {
	struct zv_service *sv;
	const char *id, *note, *login;
	struct zv_arena a;
	struct zv_audit_event *event;
};

static int fulfil_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct fulfil_job *j = ctx;
	struct zv_rec_obligation *mine;
	size_t n;
	if (zv_store_obligations_of(tx, j->login, &j->a, &mine, &n, err))
		return err->code;
	const struct zv_rec_obligation *o = NULL;
	for (size_t i = 0; i < n && !o; i++)
		if (!strcmp(mine[i].id, j->id))
			o = &mine[i];
	if (!o)
		return zv_error_set(err, ZV_ENOTFOUND, "",
				    "no open obligation %s of yours or of a case you lead", j->id);
	char now[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format(svc_now_us(j->sv), now);
	if (!svc_one_id(&j->a, &j->event->cases, o->case_id))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	return zv_store_obligation_fulfil(tx, j->id, now, j->login, j->note, err);
}

int zv_obligation_fulfil(struct zv_service *sv, const struct zv_who *who, const char *id,
			 const char *note, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err))
		return err->code;
	if (!note || !*note || strlen(note) > MAX_REASON)
		return zv_error_set(err, ZV_EINPUT, "$.note", "say how the obligation was fulfilled");
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, NULL, p->organisation);
	char detail[256];
	snprintf(detail, sizeof detail, "obligation %.64s fulfilled", id);
	e.detail = detail;
	struct fulfil_job j = {.sv = sv, .id = id, .note = note, .login = p->login, .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = svc_act(sv, who, &e, fulfil_work, &j, NULL, err);
	zv_arena_release(&j.a);
	return rc;
}
