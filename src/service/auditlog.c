/*
 * auditlog.c — the audit log for privacy officers and auditors
 * (zv/service.h): searching it and verifying it, as the HTTP API offers
 * them.
 *
 * Both are permitted only to users whose roles in the configuration in
 * force include privacy_officer or auditor; a refusal is logged, as an
 * audit_search event with outcome "refused" (naming the case, when the
 * search was for one).
 *
 * A search reads personal data — who did what with whose file — so it is
 * logged before anything is read, with the event src/audit/search.c writes
 * for the command line too, and the log is read only once that event is
 * durable: a search by person or case finds its own event, as `audit search`
 * does. The reading needs a connection of its own (the log owns the
 * service's, and the search index is brought up to date first), so each
 * search opens one, as sign-in does to read a password.
 *
 * Verifying reads the whole log on a read-only connection of its own, as
 * `audit verify` does. What it tells — counts, the log's id, the first
 * problem — is nobody's data, so it is not logged unless refused.
 */
#include <string.h>

#include "internal.h"

/* The user of `who`, if they may read the audit log (`what` they were
 * about to do, for the message); a refusal is logged, naming `case_id`. */
static int log_reader(struct zv_service *sv, const struct zv_who *who, const char *what,
		      const char *case_id, const struct zv_professional **p, struct zv_error *err)
{
	if (svc_user(sv, who, p, err))
		return err->code;
	if ((*p)->roles & (ZV_ROLE_PRIVACY_OFFICER | ZV_ROLE_AUDITOR))
		return ZV_OK;
	zv_error_set(err, ZV_EDENIED, "", "only a privacy officer or an auditor %s the audit log",
		     what);
	svc_log_refusal(sv, who, *p, ZV_AUDIT_AUDIT_SEARCH, case_id, err);
	return err->code;
}

int zv_audit_search(struct zv_service *sv, const struct zv_who *who,
		    const struct zv_audit_query *q, zv_audit_found_fn fn, void *ctx,
		    struct zv_error *err)
{
	const struct zv_professional *p;
	if (log_reader(sv, who, "searches", q->case_id, &p, err) || zv_audit_query_check(q, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_AUDIT_SEARCH, who, p,
		  p->roles & ZV_ROLE_PRIVACY_OFFICER ? "privacy_officer" : "auditor",
		  p->organisation);
	char detail[ZV_AUDIT_MAX_TEXT];
	zv_audit_query_event(q, &e, detail);
	if (zv_audit_append(sv->log, &e, 1, NULL, NULL, err))
		return err->code;
	struct zv_store *reader;
	if (zv_store_open(zv_store_path(sv->store), ZV_STORE_OPEN, &reader, err))
		return err->code;
	int rc = zv_audit_query_run(reader, q, fn, ctx, err);
	zv_store_close(reader);
	return rc;
}

int zv_audit_verify(struct zv_service *sv, const struct zv_who *who,
		    struct zv_audit_report *report, char log_id[2 * ZV_HASH_LEN + 1],
		    struct zv_error *err)
{
	const struct zv_professional *p;
	struct zv_sha256 hash;
	struct zv_store *reader;
	memset(report, 0, sizeof *report);
	log_id[0] = '\0';
	if (log_reader(sv, who, "verifies", NULL, &p, err) || zv_sha256_init(&hash, err))
		return err->code;
	zv_key_id(&hash, sv->key.public_key, log_id);
	zv_sha256_free(&hash);
	if (zv_store_open(zv_store_path(sv->store), ZV_STORE_READ, &reader, err))
		return err->code;
	int rc = zv_audit_verify_store(reader, sv->key.public_key, NULL, report, err);
	zv_store_close(reader);
	return rc;
}
