/*
 * read.c — the dossier's requests, read from JSON (zv/api.h).
 *
 * Every request is an object read by one table (zv_api_read_object): the
 * table says which members there are, of which type, which are required and
 * where each goes. What the table cannot say (names of enumerations, the
 * persons of a new case) is checked after it, with the member's path.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zv/api.h"
#include "zv/codec.h"

static int bad(struct zv_error *err, const char *path, const char *key, const char *message)
{
	char at[sizeof err->path];
	size_t len = (size_t)snprintf(at, sizeof at, "%s", path);
	if (len >= sizeof at)
		len = sizeof at - 1;
	if (key)
		zv_path_key(at, sizeof at, &len, key);
	zv_error_set(err, ZV_EINPUT, at, "%s", message);
	return -1;
}

/* Memory ran out: not the request's fault (a 500, not a 400). */
static int no_memory(struct zv_error *err)
{
	zv_error_set(err, ZV_ENOMEM, "", "out of memory reading the request");
	return -1;
}

int zv_api_parse(const char *text, size_t len, json_t **out, struct zv_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		zv_error_set(err, ZV_EINPUT, "$", "not JSON: line %d, column %d: %s", jerr.line,
			     jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		zv_error_set(err, ZV_EINPUT, "$", "the request must be a JSON object");
		return -1;
	}
	*out = root;
	return 0;
}

static const struct zv_api_member *member_named(const struct zv_api_member *m, size_t n,
						const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i].name, name))
			return &m[i];
	return NULL;
}

static const char *copy_text(json_t *v, struct zv_arena *a)
{
	return zv_arena_strndup(a, json_string_value(v), json_string_length(v));
}

static int read_text(json_t *v, const struct zv_api_member *m, const char *path,
		     struct zv_arena *a, struct zv_error *err)
{
	if (!json_is_string(v))
		return bad(err, path, m->name, m->hint ? m->hint : "must be a string");
	if (json_string_length(v) > ZV_API_MAX_TEXT)
		return bad(err, path, m->name, "too long (at most 64 KiB)");
	if (strlen(json_string_value(v)) != json_string_length(v))
		return bad(err, path, m->name, "must not contain a NUL character");
	const char *s = copy_text(v, a);
	if (!s)
		return no_memory(err);
	*(const char **)m->to = s;
	return 0;
}

static int read_texts(json_t *v, const struct zv_api_member *m, const char *path,
		      struct zv_arena *a, struct zv_error *err)
{
	const char *hint = m->hint ? m->hint : "must be a list of strings";
	if (!json_is_array(v))
		return bad(err, path, m->name, hint);
	size_t n = json_array_size(v);
	if (n > ZV_API_MAX_ITEMS)
		return bad(err, path, m->name, "too many items (at most 1000)");
	if (!n && m->required)
		return bad(err, path, m->name, m->hint ? m->hint : "must not be empty");
	const char **list = zv_arena_alloc(a, (n + 1) * sizeof *list);
	if (!list)
		return no_memory(err);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(v, i);
		char at[sizeof err->path];
		size_t len = (size_t)snprintf(at, sizeof at, "%s", path);
		if (len >= sizeof at)
			len = sizeof at - 1;
		zv_path_key(at, sizeof at, &len, m->name);
		zv_path_index(at, sizeof at, &len, i);
		if (!json_is_string(x) || !json_string_length(x) ||
		    strlen(json_string_value(x)) != json_string_length(x) ||
		    json_string_length(x) > ZV_API_MAX_TEXT)
			return bad(err, at, NULL, "must be a non-empty string");
		if (!(list[i] = copy_text(x, a)))
			return no_memory(err);
	}
	*(const char *const **)m->to = list;
	*m->n = n;
	return 0;
}

static int read_member(json_t *v, const struct zv_api_member *m, const char *path,
		       struct zv_arena *a, struct zv_error *err)
{
	switch (m->type) {
	case ZV_API_TEXT:
		return read_text(v, m, path, a, err);
	case ZV_API_BOOL:
		if (!json_is_boolean(v))
			return bad(err, path, m->name, m->hint ? m->hint : "must be true or false");
		*(bool *)m->to = json_is_true(v);
		return 0;
	case ZV_API_TRI:
		if (!json_is_boolean(v))
			return bad(err, path, m->name,
				   m->hint ? m->hint : "must be true, false or null (unknown)");
		*(enum zv_tri *)m->to = json_is_true(v) ? ZV_YES : ZV_NO;
		return 0;
	case ZV_API_INT:
		if (!json_is_integer(v) || json_integer_value(v) < m->min ||
		    json_integer_value(v) > m->max) {
			char msg[160];
			snprintf(msg, sizeof msg, "must be a whole number from %lld to %lld%s%s",
				 (long long)m->min, (long long)m->max, m->hint ? ": " : "",
				 m->hint ? m->hint : "");
			return bad(err, path, m->name, msg);
		}
		*(int64_t *)m->to = json_integer_value(v);
		return 0;
	case ZV_API_TEXTS:
		return read_texts(v, m, path, a, err);
	case ZV_API_OBJECT:
		if (!json_is_object(v))
			return bad(err, path, m->name, m->hint ? m->hint : "must be an object");
		*(json_t **)m->to = v;
		return 0;
	}
	return bad(err, path, m->name, "unknown member type");
}

int zv_api_read_object(json_t *obj, const char *path, const struct zv_api_member *m,
		       size_t n, struct zv_arena *a, struct zv_error *err)
{
	if (!json_is_object(obj))
		return bad(err, path, NULL, "must be a JSON object");
	const char *key;
	json_t *value;
	/* jansson's iteration is in insertion order: the first unknown member
	 * as written is the one reported. */
	json_object_foreach(obj, key, value) {
		if (!member_named(m, n, key))
			return bad(err, path, key, "unknown member");
	}
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(obj, m[i].name);
		if (!v || json_is_null(v)) {
			if (m[i].required)
				return bad(err, path, m[i].name,
					   m[i].hint ? m[i].hint : "required");
			continue;
		}
		if (read_member(v, &m[i], path, a, err))
			return -1;
	}
	return 0;
}

#define COUNT(x) (sizeof(x) / sizeof *(x))

/* ---- opening a case ---------------------------------------------------------------- */

static int read_authority(json_t *authority, size_t n, const char *path,
			  struct zv_arena *a, struct zv_new_person *p, struct zv_error *err)
{
	if (!authority)
		return 0;
	if (!json_is_array(authority) || json_array_size(authority) > n)
		return bad(err, path, "authority", "a list of indices of persons in this request");
	size_t *list = zv_arena_alloc(a, (json_array_size(authority) + 1) * sizeof *list);
	if (!list)
		return no_memory(err);
	for (size_t k = 0; k < json_array_size(authority); k++) {
		json_t *x = json_array_get(authority, k);
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    (size_t)json_integer_value(x) >= n)
			return bad(err, path, "authority",
				   "a list of indices of persons in this request");
		list[k] = (size_t)json_integer_value(x);
	}
	p->authority = list;
	p->n_authority = json_array_size(authority);
	return 0;
}

static int read_person(json_t *o, size_t i, size_t n, struct zv_arena *a,
		       struct zv_new_person *p, struct zv_error *err)
{
	char path[64];
	snprintf(path, sizeof path, "$.persons[%zu]", i);
	if (!json_is_object(o))
		return bad(err, path, NULL, "must be an object");
	const char *role = NULL;
	enum zv_tri capable = ZV_UNKNOWN;
	const struct zv_api_member M[] = {
		{.name = "name", .type = ZV_API_TEXT, .required = true, .to = &p->name},
		{.name = "role", .type = ZV_API_TEXT, .required = true, .to = &role, .hint = "child, parent, adult or other"},
		{.name = "birth_date", .type = ZV_API_TEXT, .required = false, .to = &p->birth_date, .hint = "YYYY-MM-DD"},
		{.name = "bsn", .type = ZV_API_TEXT, .required = false, .to = &p->bsn, .hint = "9 digits"},
		{.name = "capable", .type = ZV_API_TRI, .required = false, .to = &capable},
		{.name = "confidential_address", .type = ZV_API_BOOL, .required = false, .to = &p->confidential_address},
		{.name = "address", .type = ZV_API_TEXT, .required = false, .to = &p->address},
	};
	/* authority is a list of indices: read by hand, the rest by the table. */
	json_t *authority = json_object_get(o, "authority");
	json_t *rest = json_copy(o);
	if (!rest)
		return no_memory(err);
	json_object_del(rest, "authority");
	int rc = zv_api_read_object(rest, path, M, COUNT(M), a, err);
	json_decref(rest);
	if (rc)
		return rc;
	p->capable = (int)capable;
	if (!zv_person_role_from_name(role, &p->role))
		return bad(err, path, "role", "child, parent, adult or other");
	return read_authority(authority && !json_is_null(authority) ? authority : NULL, n, path,
			      a, p, err);
}

static int read_members(json_t *members, struct zv_arena *a, struct zv_new_case *req,
			struct zv_error *err)
{
	if (!members || json_is_null(members))
		return 0;
	if (!json_is_array(members) || json_array_size(members) > ZV_API_MAX_ITEMS)
		return bad(err, "$.members", NULL, "a list of {login, role}");
	size_t n = json_array_size(members);
	struct zv_rec_member *list = zv_arena_alloc(a, (n + 1) * sizeof *list);
	if (!list)
		return no_memory(err);
	for (size_t i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof path, "$.members[%zu]", i);
		const char *role = NULL;
		const struct zv_api_member M[] = {
			{.name = "login", .type = ZV_API_TEXT, .required = true, .to = &list[i].login},
			{.name = "role", .type = ZV_API_TEXT, .required = true, .to = &role},
		};
		if (zv_api_read_object(json_array_get(members, i), path, M, COUNT(M), a, err))
			return -1;
		if (!zv_case_role_from_name(role, &list[i].role) || list[i].role > 4)
			return bad(err, path, "role",
				   "lead, directly_involved, substitute or advisor");
	}
	req->members = list;
	req->n_members = n;
	return 0;
}

int zv_api_read_new_case(json_t *root, struct zv_arena *a, struct zv_new_case *req,
			 struct zv_error *err)
{
	const char *framework = NULL, *phase = NULL;
	json_t *persons = NULL, *members = NULL;
	*req = (struct zv_new_case){0};
	const struct zv_api_member M[] = {
		{.name = "household", .type = ZV_API_TEXT, .required = true, .to = &req->household_name},
		{.name = "team", .type = ZV_API_TEXT, .required = true, .to = &req->team},
		{.name = "task", .type = ZV_API_TEXT, .required = false, .to = &req->task},
		{.name = "title", .type = ZV_API_TEXT, .required = true, .to = &req->title},
		{.name = "framework", .type = ZV_API_TEXT, .required = true, .to = &framework},
		{.name = "phase", .type = ZV_API_TEXT, .required = true, .to = &phase},
		{.name = "reason", .type = ZV_API_TEXT, .required = true, .to = &req->reason},
		{.name = "family_informed", .type = ZV_API_BOOL, .required = false, .to = &req->family_informed},
	};
	/* persons and members are lists: take them out before the table. */
	if (!json_is_object(root))
		return bad(err, "$", NULL, "a request to open a case is a JSON object");
	persons = json_object_get(root, "persons");
	members = json_object_get(root, "members");
	json_t *rest = json_copy(root);
	if (!rest)
		return no_memory(err);
	json_object_del(rest, "persons");
	json_object_del(rest, "members");
	int rc = zv_api_read_object(rest, "$", M, COUNT(M), a, err);
	json_decref(rest);
	if (rc)
		return rc;
	if (!zv_framework_from_name(framework, &req->framework) ||
	    req->framework == ZV_FRAMEWORK_UNKNOWN)
		return bad(err, "$", "framework", "advice_only, voluntary, pressure or compulsory");
	if (!zv_phase_from_name(phase, &req->phase))
		return bad(err, "$", "phase", "direct_safety, risk_driven_care, recovery or closed");
	if (!json_is_array(persons) || !json_array_size(persons) ||
	    json_array_size(persons) > ZV_API_MAX_ITEMS)
		return bad(err, "$", "persons", "a non-empty list of persons");
	size_t n = json_array_size(persons);
	struct zv_new_person *list = zv_arena_alloc(a, (n + 1) * sizeof *list);
	if (!list)
		return no_memory(err);
	for (size_t i = 0; i < n; i++) {
		list[i] = (struct zv_new_person){.capable = ZV_UNKNOWN};
		if (read_person(json_array_get(persons, i), i, n, a, &list[i], err))
			return -1;
	}
	req->persons = list;
	req->n_persons = n;
	return read_members(members, a, req, err);
}

/* ---- entries ------------------------------------------------------------------------- */

bool zv_api_reason_not_informed_from_name(const char *s, enum zv_reason_not_informed *out)
{
	static const char *const NAMES[] = {"", "safety", "investigation", "statutory", "none"};
	for (int i = 1; s && i < 5; i++)
		if (!strcmp(NAMES[i], s)) {
			*out = (enum zv_reason_not_informed)i;
			return true;
		}
	return false;
}

int zv_api_read_new_entry(json_t *root, struct zv_arena *a, struct zv_new_entry *req,
			  struct zv_error *err)
{
	const char *kind = NULL, *category = NULL, *reason = NULL;
	*req = (struct zv_new_entry){0};
	const struct zv_api_member M[] = {
		{.name = "kind", .type = ZV_API_TEXT, .required = true, .to = &kind, .hint = "fact, observation, opinion or view"},
		{.name = "category", .type = ZV_API_TEXT, .required = true, .to = &category,
		 .hint = "ordinary, health, special_other or criminal"},
		{.name = "source", .type = ZV_API_TEXT, .required = true, .to = &req->source},
		{.name = "text", .type = ZV_API_TEXT, .required = true, .to = &req->text},
		{.name = "subjects", .type = ZV_API_TEXTS, .required = true, .to = &req->subjects, .n = &req->n_subjects,
		 .hint = "the ids of the persons it is about"},
		{.name = "verified", .type = ZV_API_BOOL, .required = false, .to = &req->verified},
		{.name = "hidden_from_logins", .type = ZV_API_TEXTS, .required = false, .to = &req->hidden_from_logins,
		 &req->n_hidden_from_logins},
		{.name = "hidden_from_persons", .type = ZV_API_TEXTS, .required = false, .to = &req->hidden_from_persons,
		 &req->n_hidden_from_persons},
		{.name = "restriction_reason", .type = ZV_API_TEXT, .required = false, .to = &req->restriction_reason},
		{.name = "proportionate", .type = ZV_API_TRI, .required = false, .to = &req->proportionate},
		{.name = "beyond_necessary", .type = ZV_API_TRI, .required = false, .to = &req->beyond_necessary},
		{.name = "informed_beforehand", .type = ZV_API_TRI, .required = false, .to = &req->informed_beforehand},
		{.name = "reason_not_informed", .type = ZV_API_TEXT, .required = false, .to = &reason,
		 .hint = "safety, investigation, statutory or none"},
	};
	if (zv_api_read_object(root, "$", M, COUNT(M), a, err))
		return -1;
	if (!zv_entry_kind_from_name(kind, &req->kind))
		return bad(err, "$", "kind", "fact, observation, opinion or view");
	if (!zv_category_from_name(category, &req->category))
		return bad(err, "$", "category", "ordinary, health, special_other or criminal");
	if (reason && !zv_api_reason_not_informed_from_name(reason, &req->reason_not_informed))
		return bad(err, "$", "reason_not_informed",
			   "safety, investigation, statutory or none");
	return 0;
}

/* ---- consents -------------------------------------------------------------------------- */

static bool consent_state_from_name(const char *s, bool step, int *out)
{
	static const struct {
		const char *name;
		int value;
		bool record, step;
	} STATES[] = {
		{"given", ZV_CONSENT_GIVEN, true, true},
		{"requested", ZV_CONSENT_REQUESTED, true, false},
		{"refused", ZV_CONSENT_REFUSED, true, true},
		{"renewed", ZV_CONSENT_RENEWED, false, true},
		{"expired", ZV_CONSENT_EXPIRED, false, true},
	};
	for (size_t i = 0; s && i < COUNT(STATES); i++)
		if (!strcmp(STATES[i].name, s) && (step ? STATES[i].step : STATES[i].record)) {
			*out = STATES[i].value;
			return true;
		}
	return false;
}

static int read_conditions(json_t *root, struct zv_arena *a, struct zv_new_consent *c,
			   const char **state, struct zv_error *err)
{
	/* The four conditions of R2.4 and explicitness hold unless said otherwise. */
	c->free = c->unambiguous = c->informed = c->specific = c->explicit = true;
	const struct zv_api_member M[] = {
		{.name = "state", .type = ZV_API_TEXT, .required = false, .to = state},
		{.name = "free", .type = ZV_API_BOOL, .required = false, .to = &c->free},
		{.name = "unambiguous", .type = ZV_API_BOOL, .required = false, .to = &c->unambiguous},
		{.name = "informed", .type = ZV_API_BOOL, .required = false, .to = &c->informed},
		{.name = "specific", .type = ZV_API_BOOL, .required = false, .to = &c->specific},
		{.name = "explicit", .type = ZV_API_BOOL, .required = false, .to = &c->explicit},
		{.name = "how_obtained", .type = ZV_API_TEXT, .required = false, .to = &c->how_obtained},
		{.name = "present", .type = ZV_API_TEXT, .required = false, .to = &c->present},
		{.name = "valid_until", .type = ZV_API_TEXT, .required = false, .to = &c->valid_until, .hint = "YYYY-MM-DD"},
		{.name = "note", .type = ZV_API_TEXT, .required = false, .to = &c->note},
	};
	return zv_api_read_object(root, "$", M, COUNT(M), a, err);
}

int zv_api_read_consent(json_t *root, struct zv_arena *a, struct zv_new_consent *req,
			int64_t *version, struct zv_error *err)
{
	*req = (struct zv_new_consent){0};
	if (!json_is_object(root))
		return bad(err, "$", NULL, "must be a JSON object");
	const char *kind = NULL, *state = NULL;
	const char *const *categories = NULL;
	size_t n_categories = 0;
	const struct zv_api_member RECORD[] = {
		{.name = "subject", .type = ZV_API_TEXT, .required = true, .to = &req->subject, .hint = "the id of the person whose "
								      "data it is about"},
		{.name = "kind", .type = ZV_API_TEXT, .required = true, .to = &kind,
		 .hint = "processing, secrecy_release, treatment, participation or agreement"},
		{.name = "purpose", .type = ZV_API_TEXT, .required = true, .to = &req->purpose},
		{.name = "recipients", .type = ZV_API_TEXTS, .required = false, .to = &req->recipients, .n = &req->n_recipients,
		 .hint = "a list of org:<id>, an organisation kind or person:<id>"},
		{.name = "categories", .type = ZV_API_TEXTS, .required = false, .to = &categories, .n = &n_categories},
		{.name = "given_by", .type = ZV_API_TEXTS, .required = true, .to = &req->givers, .n = &req->n_givers,
		 .hint = "the ids of the persons who gave (or were asked for) it"},
	};
	const struct zv_api_member STEP[] = {
		{.name = "version", .type = ZV_API_INT, .required = true, .to = version, .min = 1, .max = INT64_MAX,
		 .hint = "the version you read"},
	};
	const struct zv_api_member *own = version ? STEP : RECORD;
	size_t n_own = version ? COUNT(STEP) : COUNT(RECORD);
	/* Split the object: the members of the event (read_conditions) and the
	 * rest (own), each read by its table, unknown ones refused by whichever
	 * sees them last. */
	json_t *event = json_object(), *rest = json_object();
	const char *key;
	json_t *value;
	static const char EVENT_KEYS[] = " state free unambiguous informed specific explicit "
					 "how_obtained present valid_until note ";
	int rc = event && rest ? 0 : no_memory(err);
	json_object_foreach(root, key, value) {
		char quoted[300];
		snprintf(quoted, sizeof quoted, " %s ", key);
		if (!rc && json_object_set(strstr(EVENT_KEYS, quoted) ? event : rest, key, value))
			rc = no_memory(err);
	}
	if (!rc)
		rc = zv_api_read_object(rest, "$", own, n_own, a, err);
	if (!rc)
		rc = read_conditions(event, a, req, &state, err);
	json_decref(event);
	json_decref(rest);
	if (rc)
		return rc;
	if (version) {
		req->state = -1;
		if (!consent_state_from_name(state, true, &req->state))
			return bad(err, "$", "state", "given, refused, renewed or expired");
		return 0;
	}
	req->state = ZV_CONSENT_GIVEN;
	if (state && !consent_state_from_name(state, false, &req->state))
		return bad(err, "$", "state", "given, requested or refused");
	if (!zv_consent_kind_from_name(kind, &req->kind))
		return bad(err, "$", "kind",
			   "processing, secrecy_release, treatment, participation or agreement");
	for (size_t i = 0; i < n_categories; i++) {
		int bit;
		if (!zv_category_from_name(categories[i], &bit)) {
			char at[64];
			snprintf(at, sizeof at, "$.categories[%zu]", i);
			return bad(err, at, NULL, "ordinary, health, special_other or criminal");
		}
		req->has_categories = true;
		req->categories |= bit;
	}
	return 0;
}

bool zv_api_withdrawal_choice_from_name(const char *s, enum zv_withdrawal_choice *out)
{
	static const char *const NAMES[] = {"", "stop", "hand_over", "continue_compulsory"};
	for (int i = 1; s && i < 4; i++)
		if (!strcmp(NAMES[i], s)) {
			*out = (enum zv_withdrawal_choice)i;
			return true;
		}
	return false;
}

int zv_api_read_withdrawal(json_t *root, struct zv_arena *a,
			   struct zv_api_withdrawal *req, struct zv_error *err)
{
	const char *choice = NULL;
	*req = (struct zv_api_withdrawal){.choice = ZV_WITHDRAW_NOT_PARTICIPATION};
	const struct zv_api_member M[] = {
		{.name = "version", .type = ZV_API_INT, .required = true, .to = &req->version, .min = 1, .max = INT64_MAX,
		 .hint = "the version you read"},
		{.name = "by_person", .type = ZV_API_TEXT, .required = true, .to = &req->by_person,
		 .hint = "the id of the person who withdraws it"},
		{.name = "choice", .type = ZV_API_TEXT, .required = false, .to = &choice,
		 .hint = "stop, hand_over or continue_compulsory (R9.3)"},
		{.name = "note", .type = ZV_API_TEXT, .required = false, .to = &req->note},
	};
	if (zv_api_read_object(root, "$", M, COUNT(M), a, err))
		return -1;
	if (choice && !zv_api_withdrawal_choice_from_name(choice, &req->choice))
		return bad(err, "$", "choice", "stop, hand_over or continue_compulsory (R9.3)");
	return 0;
}

/* ---- sharing and changes ---------------------------------------------------------------- */

int zv_api_read_disclosure(json_t *root, struct zv_arena *a,
			   struct zv_disclosure_request *req, bool *carry_out,
			   struct zv_error *err)
{
	const char *kind = NULL, *initiative = NULL;
	json_t *answers = NULL;
	const char *case_id = req->case_id;
	*req = (struct zv_disclosure_request){.case_id = case_id};
	*carry_out = false;
	const struct zv_api_member M[] = {
		{.name = "entries", .type = ZV_API_TEXTS, .required = true, .to = &req->entries, .n = &req->n_entries,
		 .hint = "the ids of the entries to share"},
		{.name = "to", .type = ZV_API_TEXT, .required = false, .to = &req->recipient_org,
		 .hint = "an organisation of the pilot"},
		{.name = "to_kind", .type = ZV_API_TEXT, .required = false, .to = &kind, .hint = "an organisation kind"},
		{.name = "to_person", .type = ZV_API_TEXT, .required = false, .to = &req->recipient_person,
		 .hint = "a person of the household"},
		{.name = "purpose", .type = ZV_API_TEXT, .required = true, .to = &req->purpose},
		{.name = "initiative", .type = ZV_API_TEXT, .required = false, .to = &initiative, .hint = "request or own"},
		{.name = "answers", .type = ZV_API_OBJECT, .required = false, .to = &answers,
		 .hint = "a partial situation (docs/decision-api.md)"},
		{.name = "carry_out", .type = ZV_API_BOOL, .required = false, .to = carry_out},
	};
	if (zv_api_read_object(root, "$", M, COUNT(M), a, err))
		return -1;
	int recipients = !!req->recipient_org + !!kind + !!req->recipient_person;
	if (recipients != 1)
		return bad(err, "$", "to",
			   "give exactly one recipient: to, to_kind or to_person");
	if (kind && !zv_org_from_name(kind, &req->recipient_kind))
		return bad(err, "$", "to_kind", "an organisation kind (docs/decision-api.md)");
	if (initiative && !strcmp(initiative, "own"))
		req->initiative = ZV_INITIATIVE_OWN;
	else if (initiative && strcmp(initiative, "request"))
		return bad(err, "$", "initiative", "request or own");
	if (answers) {
		char *text = json_dumps(answers, JSON_COMPACT);
		if (!text)
			return no_memory(err);
		req->answers_json = zv_arena_strndup(a, text, strlen(text));
		free(text);
		if (!req->answers_json)
			return no_memory(err);
	}
	return 0;
}

int zv_api_read_case_change(json_t *root, struct zv_arena *a,
			    struct zv_api_case_change *req, struct zv_error *err)
{
	const char *framework = NULL, *phase = NULL;
	*req = (struct zv_api_case_change){.framework = ZV_KEEP, .phase = ZV_KEEP};
	const struct zv_api_member M[] = {
		{.name = "version", .type = ZV_API_INT, .required = true, .to = &req->version, .min = 1, .max = INT64_MAX,
		 .hint = "the case's version you read"},
		{.name = "framework", .type = ZV_API_TEXT, .required = false, .to = &framework,
		 .hint = "advice_only, voluntary, pressure or compulsory"},
		{.name = "phase", .type = ZV_API_TEXT, .required = false, .to = &phase,
		 .hint = "direct_safety, risk_driven_care, recovery or closed"},
		{.name = "reason", .type = ZV_API_TEXT, .required = true, .to = &req->reason},
		{.name = "family_informed", .type = ZV_API_BOOL, .required = false, .to = &req->family_informed},
	};
	if (zv_api_read_object(root, "$", M, COUNT(M), a, err))
		return -1;
	if (framework && (!zv_framework_from_name(framework, &req->framework) ||
			  req->framework == ZV_FRAMEWORK_UNKNOWN))
		return bad(err, "$", "framework", "advice_only, voluntary, pressure or compulsory");
	if (phase && !zv_phase_from_name(phase, &req->phase))
		return bad(err, "$", "phase", "direct_safety, risk_driven_care, recovery or closed");
	if (req->framework == ZV_KEEP && req->phase == ZV_KEEP)
		return bad(err, "$", "framework", "give a new framework, a new phase or both");
	return 0;
}
