/*
 * dossier.c — the handlers of the household dossier's routes: each reads
 * its request (zv/api.h), makes one service call as the signed-in user and
 * writes what the service returned. No handler decides who may see or do
 * what: the services do, and a case the user has no role in is a 404 from
 * them, never its content.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void answer_ok(struct request *r, unsigned status)
{
	respond_json(r, status);
}

static int read_new_case(json_t *root, struct zv_arena *a, void *req, struct zv_error *err)
{
	return zv_api_read_new_case(root, a, req, err);
}

static int read_case_change(json_t *root, struct zv_arena *a, void *req, struct zv_error *err)
{
	return zv_api_read_case_change(root, a, req, err);
}

static int read_new_entry(json_t *root, struct zv_arena *a, void *req, struct zv_error *err)
{
	return zv_api_read_new_entry(root, a, req, err);
}

static int read_withdrawal(json_t *root, struct zv_arena *a, void *req, struct zv_error *err)
{
	return zv_api_read_withdrawal(root, a, req, err);
}

/* A consent to record (version NULL) or the next step of one. */
struct consent_body {
	struct zv_new_consent c;
	int64_t *version;
};

static int read_consent(json_t *root, struct zv_arena *a, void *req, struct zv_error *err)
{
	struct consent_body *b = req;
	return zv_api_read_consent(root, a, &b->c, b->version, err);
}

struct disclosure_body {
	struct zv_disclosure_request d;
	bool carry_out;
};

static int read_disclosure(json_t *root, struct zv_arena *a, void *req, struct zv_error *err)
{
	struct disclosure_body *b = req;
	return zv_api_read_disclosure(root, a, &b->d, &b->carry_out, err);
}

void h_cases_list(struct request *r, struct zv_service *sv)
{
	struct zv_who who = request_who(r);
	struct zv_case_summary *cases;
	size_t n;
	struct zv_error err = {.code = ZV_OK};
	if (zv_case_list(sv, &who, &r->a, &cases, &n, &err)) {
		respond_error(r, &err);
		return;
	}
	zv_api_write_case_list(cases, n, &r->out);
	answer_ok(r, 200);
}

void h_case_show(struct request *r, struct zv_service *sv)
{
	struct zv_who who = request_who(r);
	struct zv_case_view v;
	struct zv_error err = {.code = ZV_OK};
	if (zv_case_show(sv, &who, r->param[0], &r->a, &v, &err)) {
		respond_error(r, &err);
		return;
	}
	zv_api_write_case_view(&v, &r->out);
	answer_ok(r, 200);
}

void h_cases_open(struct request *r, struct zv_service *sv)
{
	struct zv_new_case req;
	if (!request_body(r, read_new_case, &req))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	struct zv_case_ids ids;
	if (zv_case_open(sv, &who, &req, &r->a, &ids, &err)) {
		respond_error(r, &err);
		return;
	}
	zv_api_write_case_ids(&ids, req.n_persons, &r->out);
	answer_ok(r, 201);
}

void h_case_change(struct request *r, struct zv_service *sv)
{
	struct zv_api_case_change req;
	if (!request_body(r, read_case_change, &req))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	int64_t version;
	if (zv_case_change(sv, &who, r->param[0], req.version, req.framework, req.phase,
			   req.reason, req.family_informed, &version, &err)) {
		respond_error(r, &err);
		return;
	}
	struct zv_jw w;
	zv_jw_open(&w, &r->out, '{');
	zv_jw_str(&w, "id", r->param[0]);
	zv_jw_int(&w, "version", version);
	zv_jw_close(&w, '}');
	answer_ok(r, 201);
}

/* {"done":true}, the answer of acts that make nothing new. */
static void answer_done(struct request *r)
{
	zv_buf_puts(&r->out, "{\"done\":true}");
	answer_ok(r, 200);
}

void h_case_informed(struct request *r, struct zv_service *sv)
{
	int64_t change = 0;
	const char *note = NULL;
	const struct zv_api_member M[] = {
		{.name = "change", .type = ZV_API_INT, .required = true, .to = &change, .min = 1,
		 .max = INT64_MAX, .hint = "the version of the change the family was told of"},
		{.name = "note", .type = ZV_API_TEXT, .required = true, .to = &note,
		 .hint = "how and when the family was told"},
	};
	if (!request_members(r, M, 2))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	if (zv_case_informed(sv, &who, r->param[0], change, note, &err)) {
		respond_error(r, &err);
		return;
	}
	answer_done(r);
}

void h_case_member(struct request *r, struct zv_service *sv)
{
	const char *role = NULL;
	const struct zv_api_member M[] = {
		{.name = "role", .type = ZV_API_TEXT, .required = true, .to = &role,
		 .hint = "lead, directly_involved, substitute or advisor"},
	};
	if (!request_members(r, M, 1))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_rec_member m = {.login = r->param[1]};
	if (!zv_case_role_from_name(role, &m.role) || m.role > 4) {
		respond_problem(r, 400, "invalid_input",
				"lead, directly_involved, substitute or advisor", "$.role");
		return;
	}
	struct zv_who who = request_who(r);
	if (zv_case_member_set(sv, &who, r->param[0], &m, &err)) {
		respond_error(r, &err);
		return;
	}
	answer_done(r);
}

static void answer_id(struct request *r, const char *id, int64_t version, unsigned status)
{
	struct zv_jw w;
	zv_jw_open(&w, &r->out, '{');
	zv_jw_str(&w, "id", id);
	if (version)
		zv_jw_int(&w, "version", version);
	zv_jw_close(&w, '}');
	answer_ok(r, status);
}

void h_entry_add(struct request *r, struct zv_service *sv)
{
	struct zv_new_entry req;
	if (!request_body(r, read_new_entry, &req))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	char id[64];
	struct zv_refusal refusal = {0};
	if (zv_entry_add(sv, &who, r->param[0], &req, &r->a, id, &refusal, &err)) {
		/* The service names the answers as one ("$.answers", the command
		 * line's options); here they are members of the request itself. */
		if (!strcmp(err.path, "$.answers"))
			snprintf(err.path, sizeof err.path, "$");
		respond_refusal(r, &err, refusal.has_decision ? refusal.decision : NULL,
				refusal.situation);
		return;
	}
	answer_id(r, id, 1, 201);
}

void h_entry_correct(struct request *r, struct zv_service *sv)
{
	int64_t version = 0;
	const char *text = NULL, *reason = NULL;
	const struct zv_api_member M[] = {
		{.name = "version", .type = ZV_API_INT, .required = true, .to = &version, .min = 1,
		 .max = INT64_MAX, .hint = "the version of the entry you read"},
		{.name = "text", .type = ZV_API_TEXT, .required = true, .to = &text},
		{.name = "reason", .type = ZV_API_TEXT, .required = true, .to = &reason},
	};
	if (!request_members(r, M, 3))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	int64_t now;
	if (zv_entry_correct(sv, &who, r->param[0], version, text, reason, &now, &err)) {
		respond_error(r, &err);
		return;
	}
	answer_id(r, r->param[0], now, 201);
}

void h_entry_react(struct request *r, struct zv_service *sv)
{
	const char *person = NULL, *text = NULL;
	const struct zv_api_member M[] = {
		{.name = "person", .type = ZV_API_TEXT, .required = true, .to = &person,
		 .hint = "the id of the person who reacts"},
		{.name = "text", .type = ZV_API_TEXT, .required = true, .to = &text},
	};
	if (!request_members(r, M, 2))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	char id[64];
	if (zv_entry_react(sv, &who, r->param[0], person, text, id, &err)) {
		respond_error(r, &err);
		return;
	}
	answer_id(r, id, 0, 201);
}

void h_consent_record(struct request *r, struct zv_service *sv)
{
	struct consent_body body = {.version = NULL};
	if (!request_body(r, read_consent, &body))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	char id[64];
	if (zv_consent_record(sv, &who, r->param[0], &body.c, id, &err)) {
		respond_error(r, &err);
		return;
	}
	answer_id(r, id, 1, 201);
}

void h_consent_step(struct request *r, struct zv_service *sv)
{
	int64_t version = 0;
	struct consent_body body = {.version = &version};
	if (!request_body(r, read_consent, &body))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	int64_t now;
	if (zv_consent_step(sv, &who, r->param[0], r->param[1], version, &body.c, &now, &err)) {
		respond_error(r, &err);
		return;
	}
	answer_id(r, r->param[1], now, 200);
}

void h_consent_withdraw(struct request *r, struct zv_service *sv)
{
	struct zv_api_withdrawal req;
	if (!request_body(r, read_withdrawal, &req))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	struct zv_withdrawal_result result;
	if (zv_consent_withdraw(sv, &who, r->param[0], r->param[1], req.version, req.by_person,
				req.choice, req.note, &result, &err)) {
		respond_error(r, &err);
		return;
	}
	zv_api_write_withdrawal(r->param[1], &result, &r->out);
	answer_ok(r, 200);
}

/* The service's paths are those of its request (recipient_org, …) and of
 * the situation the answers are merged into ($.data.…); here they are the
 * members of the HTTP request, the answers under "answers". */
static void disclosure_path(struct zv_error *err)
{
	static const char *const REQUEST[][2] = {
		{"$.recipient_org", "$.to"}, {"$.recipient_person", "$.to_person"},
		{"$.recipient", "$.to"},     {"$.entries", "$.entries"},
		{"$.purpose", "$.purpose"},  {"$.answers", "$.answers"},
	};
	if (err->code != ZV_EINPUT || strncmp(err->path, "$.", 2))
		return;
	for (size_t i = 0; i < sizeof REQUEST / sizeof *REQUEST; i++)
		if (!strcmp(err->path, REQUEST[i][0])) {
			snprintf(err->path, sizeof err->path, "%s", REQUEST[i][1]);
			return;
		}
	char in_answers[sizeof err->path];
	snprintf(in_answers, sizeof in_answers, "$.answers%s", err->path + 1);
	memcpy(err->path, in_answers, sizeof err->path);
}

void h_disclose(struct request *r, struct zv_service *sv)
{
	struct disclosure_body body = {.d = {.case_id = r->param[0]}};
	if (!request_body(r, read_disclosure, &body))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	struct zv_disclosure_result result = {0};
	if (zv_disclose(sv, &who, &body.d, body.carry_out, &r->a, &result, &err)) {
		disclosure_path(&err);
		respond_refusal(r, &err, result.decision, result.situation);
		return;
	}
	zv_api_write_disclosure(&result, body.carry_out, &r->out);
	answer_ok(r, result.disclosure_id[0] ? 201 : 200);
}

void h_break_glass(struct request *r, struct zv_service *sv)
{
	const char *reason = NULL;
	int64_t hours = 8;
	const struct zv_api_member M[] = {
		{.name = "reason", .type = ZV_API_TEXT, .required = true, .to = &reason,
		 .hint = "why you need access without a role (the privacy officer reviews it)"},
		{.name = "hours", .type = ZV_API_INT, .to = &hours, .min = 1, .max = 72},
	};
	if (!request_members(r, M, 2))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	char id[64];
	if (zv_break_glass(sv, &who, r->param[0], reason, (int)hours, id, &err)) {
		respond_error(r, &err);
		return;
	}
	struct zv_jw w;
	zv_jw_open(&w, &r->out, '{');
	zv_jw_str(&w, "id", id);
	zv_jw_int(&w, "hours", hours);
	zv_jw_close(&w, '}');
	answer_ok(r, 201);
}

void h_break_glass_pending(struct request *r, struct zv_service *sv)
{
	struct zv_who who = request_who(r);
	struct zv_rec_break_glass *list;
	size_t n;
	struct zv_error err = {.code = ZV_OK};
	if (zv_break_glass_pending(sv, &who, &r->a, &list, &n, &err)) {
		respond_error(r, &err);
		return;
	}
	zv_api_write_break_glass(list, n, &r->out);
	answer_ok(r, 200);
}

/* A review or a fulfilment: {"note": …} closing something by its id. */
static void close_with_note(struct request *r, struct zv_service *sv,
			    int (*close)(struct zv_service *sv, const struct zv_who *who,
					 const char *id, const char *note, struct zv_error *err))
{
	const char *note = NULL;
	const struct zv_api_member M[] = {
		{.name = "note", .type = ZV_API_TEXT, .required = true, .to = &note},
	};
	if (!request_members(r, M, 1))
		return;
	struct zv_error err = {.code = ZV_OK};
	struct zv_who who = request_who(r);
	if (close(sv, &who, r->param[0], note, &err)) {
		respond_error(r, &err);
		return;
	}
	answer_done(r);
}

void h_break_glass_review(struct request *r, struct zv_service *sv)
{
	close_with_note(r, sv, zv_break_glass_review);
}

void h_obligations(struct request *r, struct zv_service *sv)
{
	struct zv_who who = request_who(r);
	struct zv_rec_obligation *list;
	size_t n;
	struct zv_error err = {.code = ZV_OK};
	if (zv_obligation_list(sv, &who, &r->a, &list, &n, &err)) {
		respond_error(r, &err);
		return;
	}
	zv_api_write_obligations(list, n, &r->out);
	answer_ok(r, 200);
}

void h_obligation_fulfil(struct request *r, struct zv_service *sv)
{
	close_with_note(r, sv, zv_obligation_fulfil);
}
