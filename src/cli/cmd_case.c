/*
 * cmd_case.c — `zorgvuldig --as LOGIN case …`: the cases of the dossier.
 *
 *   case list                                   the cases I have a role in
 *   case show ID                                one case, as need-to-know allows
 *   case open FILE                              a new household and its case (JSON, below)
 *   case change ID --version N [--framework F] [--phase P] --reason TEXT [--informed]
 *   case member ID --login LOGIN --role ROLE    set a member of the case team
 *   case informed ID --change N --note TEXT     the family was told of change N (R6.4)
 *
 * `case show` of a case the user has no role in answers exit 3 and never
 * its content (docs/cli.md). A request to open a case:
 *
 *   {"household": "Gezin Jansen", "team": "lt-noord", "task": "toegang-jeugdhulp",
 *    "title": "…", "framework": "voluntary", "phase": "direct_safety",
 *    "reason": "…", "family_informed": true,
 *    "persons": [{"name": "…", "role": "child", "birth_date": "2015-03-01",
 *                 "bsn": "…", "capable": true, "confidential_address": false,
 *                 "address": "…", "authority": [1, 2]}],
 *    "members": [{"login": "…", "role": "directly_involved"}]}
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zv/codec.h"

static int fail(struct cli_ctx *c)
{
	return cli_ctx_fail(c);
}

static int case_list(struct cli_ctx *c, int argc, char **argv)
{
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, NULL, 0, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional)
		return usage_error(c->g, c->name, "unexpected argument '%s'", p.positional[0]);
	struct zv_case_summary *cases;
	size_t n;
	if (zv_case_list(c->sv, &c->who, &c->a, &cases, &n, &c->err))
		return fail(c);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	cli_write_case_list(cases, n, c->g->json, &out);
	return cli_finish(c, &out);
}

static int case_show(struct cli_ctx *c, int argc, char **argv)
{
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, NULL, 0, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "give one case id: case show ID");
	struct zv_case_view v;
	if (zv_case_show(c->sv, &c->who, p.positional[0], &c->a, &v, &c->err))
		return fail(c);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	cli_write_case_view(&v, c->g->json, &out);
	return cli_finish(c, &out);
}

/* ---- case open: the JSON request ---------------------------------------------- */

static int bad(struct cli_ctx *c, const char *path, const char *message)
{
	zv_error_set(&c->err, ZV_EINPUT, path, "%s", message);
	return -1;
}

/* Refuse members the request form does not know. */
static int only_keys(struct cli_ctx *c, json_t *obj, const char *path, const char *allowed)
{
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value) {
		char quoted[128];
		snprintf(quoted, sizeof quoted, " %s ", key);
		if (!strstr(allowed, quoted)) {
			char at[300];
			snprintf(at, sizeof at, "%s.%s", path, key);
			return bad(c, at, "unknown member");
		}
	}
	return 0;
}

static const char *text_member(struct cli_ctx *c, json_t *obj, const char *key,
			       const char *path, bool required, int *rc)
{
	json_t *v = json_object_get(obj, key);
	char at[300];
	snprintf(at, sizeof at, "%s.%s", path, key);
	if (!v || json_is_null(v)) {
		if (required)
			*rc = bad(c, at, "required");
		return NULL;
	}
	if (!json_is_string(v)) {
		*rc = bad(c, at, "must be a string");
		return NULL;
	}
	return zv_arena_strndup(&c->a, json_string_value(v), json_string_length(v));
}

static bool bool_member(struct cli_ctx *c, json_t *obj, const char *key, const char *path,
			int *rc)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return false;
	if (!json_is_boolean(v)) {
		char at[300];
		snprintf(at, sizeof at, "%s.%s", path, key);
		*rc = bad(c, at, "must be true or false");
	}
	return json_is_true(v);
}

static int read_person(struct cli_ctx *c, json_t *o, size_t i, size_t n,
		       struct zv_new_person *p)
{
	char path[64];
	snprintf(path, sizeof path, "$.persons[%zu]", i);
	if (!json_is_object(o))
		return bad(c, path, "must be an object");
	if (only_keys(c, o, path,
		      " name role birth_date bsn capable confidential_address address authority "))
		return -1;
	int rc = 0;
	p->name = text_member(c, o, "name", path, true, &rc);
	const char *role = text_member(c, o, "role", path, true, &rc);
	p->birth_date = text_member(c, o, "birth_date", path, false, &rc);
	p->bsn = text_member(c, o, "bsn", path, false, &rc);
	p->address = text_member(c, o, "address", path, false, &rc);
	p->confidential_address = bool_member(c, o, "confidential_address", path, &rc);
	json_t *capable = json_object_get(o, "capable");
	p->capable = !capable || json_is_null(capable) ? ZV_UNKNOWN
		     : json_is_true(capable)           ? ZV_YES
							: ZV_NO;
	if (rc)
		return rc;
	if (capable && !json_is_null(capable) && !json_is_boolean(capable)) {
		snprintf(path, sizeof path, "$.persons[%zu].capable", i);
		return bad(c, path, "must be true, false or null (unknown)");
	}
	snprintf(path, sizeof path, "$.persons[%zu].role", i);
	if (!zv_person_role_from_name(role, &p->role))
		return bad(c, path, "child, parent, adult or other");
	json_t *authority = json_object_get(o, "authority");
	if (!authority || json_is_null(authority))
		return 0;
	snprintf(path, sizeof path, "$.persons[%zu].authority", i);
	if (!json_is_array(authority))
		return bad(c, path, "a list of indices of persons in this request");
	size_t *list = zv_arena_alloc(&c->a, (json_array_size(authority) + 1) * sizeof *list);
	if (!list)
		return bad(c, path, "out of memory");
	for (size_t k = 0; k < json_array_size(authority); k++) {
		json_t *x = json_array_get(authority, k);
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    (size_t)json_integer_value(x) >= n)
			return bad(c, path, "a list of indices of persons in this request");
		list[k] = (size_t)json_integer_value(x);
	}
	p->authority = list;
	p->n_authority = json_array_size(authority);
	return 0;
}

static int read_members(struct cli_ctx *c, json_t *members, struct zv_new_case *req)
{
	if (!members || json_is_null(members))
		return 0;
	if (!json_is_array(members))
		return bad(c, "$.members", "a list of {login, role}");
	struct zv_rec_member *list =
		zv_arena_alloc(&c->a, (json_array_size(members) + 1) * sizeof *list);
	if (!list)
		return bad(c, "$.members", "out of memory");
	for (size_t i = 0; i < json_array_size(members); i++) {
		char path[64];
		snprintf(path, sizeof path, "$.members[%zu]", i);
		json_t *m = json_array_get(members, i);
		if (!json_is_object(m) || only_keys(c, m, path, " login role "))
			return c->err.code ? -1 : bad(c, path, "must be an object");
		int rc = 0;
		list[i].login = text_member(c, m, "login", path, true, &rc);
		const char *role = text_member(c, m, "role", path, true, &rc);
		if (rc)
			return rc;
		if (!zv_case_role_from_name(role, &list[i].role) || list[i].role > 4)
			return bad(c, path, "role is lead, directly_involved, substitute or advisor");
	}
	req->members = list;
	req->n_members = json_array_size(members);
	return 0;
}

static int read_new_case(struct cli_ctx *c, json_t *root, struct zv_new_case *req)
{
	if (!json_is_object(root))
		return bad(c, "$", "a request to open a case is a JSON object");
	if (only_keys(c, root, "$",
		      " household team task title framework phase reason family_informed persons "
		      "members "))
		return -1;
	int rc = 0;
	req->household_name = text_member(c, root, "household", "$", true, &rc);
	req->team = text_member(c, root, "team", "$", true, &rc);
	req->task = text_member(c, root, "task", "$", false, &rc);
	req->title = text_member(c, root, "title", "$", true, &rc);
	req->reason = text_member(c, root, "reason", "$", true, &rc);
	const char *framework = text_member(c, root, "framework", "$", true, &rc);
	const char *phase = text_member(c, root, "phase", "$", true, &rc);
	req->family_informed = bool_member(c, root, "family_informed", "$", &rc);
	if (rc)
		return rc;
	if (!zv_framework_from_name(framework, &req->framework))
		return bad(c, "$.framework", "advice_only, voluntary, pressure or compulsory");
	if (!zv_phase_from_name(phase, &req->phase))
		return bad(c, "$.phase", "direct_safety, risk_driven_care, recovery or closed");
	json_t *persons = json_object_get(root, "persons");
	if (!json_is_array(persons) || !json_array_size(persons))
		return bad(c, "$.persons", "a non-empty list of persons");
	size_t n = json_array_size(persons);
	struct zv_new_person *list = zv_arena_alloc(&c->a, (n + 1) * sizeof *list);
	if (!list)
		return bad(c, "$.persons", "out of memory");
	for (size_t i = 0; i < n; i++)
		if (read_person(c, json_array_get(persons, i), i, n, &list[i]))
			return -1;
	req->persons = list;
	req->n_persons = n;
	return read_members(c, json_object_get(root, "members"), req);
}

static int case_open(struct cli_ctx *c, int argc, char **argv)
{
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, NULL, 0, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "give the request file: case open FILE (- for stdin)");
	json_error_t jerr;
	const char *file = p.positional[0];
	json_t *root = !strcmp(file, "-") ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr)
					  : json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		zv_error_set(&c->err, ZV_EINPUT, "$", "%s: line %d: %s", file, jerr.line, jerr.text);
		return fail(c);
	}
	struct zv_new_case req = {0};
	struct zv_case_ids ids;
	rc = read_new_case(c, root, &req);
	if (!rc)
		rc = zv_case_open(c->sv, &c->who, &req, &c->a, &ids, &c->err);
	json_decref(root);   /* the request's strings were copied into the arena */
	if (rc)
		return fail(c);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (c->g->json) {
		zv_buf_puts(&out, "{\"id\":");
		zv_json_write_string(&out, ids.case_id, strlen(ids.case_id));
		zv_buf_puts(&out, ",\"household\":");
		zv_json_write_string(&out, ids.household_id, strlen(ids.household_id));
		zv_buf_puts(&out, ",\"persons\":[");
		for (size_t i = 0; i < req.n_persons; i++) {
			if (i)
				zv_buf_putc(&out, ',');
			zv_json_write_string(&out, ids.person_ids[i], strlen(ids.person_ids[i]));
		}
		zv_buf_puts(&out, "]}\n");
	} else {
		zv_buf_printf(&out, "Casus %s geopend voor huishouden %s.\n", ids.case_id,
			      ids.household_id);
	}
	return cli_finish(c, &out);
}

/* ---- changes ---------------------------------------------------------------------- */

static bool version_option(struct cli_ctx *c, const char *text, int64_t *out)
{
	uint64_t v;
	if (!text || !cli_parse_count(text, &v) || v < 1 || v > INT64_MAX) {
		usage_error(c->g, c->name,
			    "--version N: the version you read (case show); it guards against "
			    "overwriting someone else's change");
		return false;
	}
	*out = (int64_t)v;
	return true;
}

static int case_change(struct cli_ctx *c, int argc, char **argv)
{
	static const struct cli_option SPEC[] = {
		{.name = "version"}, {.name = "framework"}, {.name = "phase"}, {.name = "reason"}, {.name = "informed", .flag = true},
	};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 5, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "give one case id: case change ID --version N …");
	int64_t version;
	if (!version_option(c, p.value[0], &version))
		return 2;
	int framework = ZV_KEEP, phase = ZV_KEEP;   /* not given: as the case has it */
	if (p.set[1] && !zv_framework_from_name(p.value[1], &framework))
		return usage_error(c->g, c->name,
				   "--framework is advice_only, voluntary, pressure or compulsory");
	if (p.set[2] && !zv_phase_from_name(p.value[2], &phase))
		return usage_error(c->g, c->name,
				   "--phase is direct_safety, risk_driven_care, recovery or closed");
	int64_t now;
	if (zv_case_change(c->sv, &c->who, p.positional[0], version, framework, phase, p.value[3],
			   p.set[4], &now, &c->err))
		return fail(c);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (c->g->json)
		zv_buf_printf(&out, "{\"id\":\"%s\",\"version\":%lld}\n", p.positional[0],
			      (long long)now);
	else
		zv_buf_printf(&out, "Casus %s is nu versie %lld.%s\n", p.positional[0], (long long)now,
			      p.set[4] ? "" : " Informeer het gezin (verplichting aangemaakt).");
	return cli_finish(c, &out);
}

static int case_member(struct cli_ctx *c, int argc, char **argv)
{
	static const struct cli_option SPEC[] = {{.name = "login"}, {.name = "role"}};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 2, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	struct zv_rec_member m = {.login = p.value[0]};
	if (p.n_positional != 1 || !m.login || !zv_case_role_from_name(p.value[1], &m.role))
		return usage_error(c->g, c->name,
				   "case member ID --login LOGIN --role lead|directly_involved|"
				   "substitute|advisor");
	if (zv_case_member_set(c->sv, &c->who, p.positional[0], &m, &c->err))
		return fail(c);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	zv_buf_printf(&out, c->g->json ? "{\"done\":true}\n" : "Casusteam bijgewerkt.\n");
	return cli_finish(c, &out);
}

static int case_informed(struct cli_ctx *c, int argc, char **argv)
{
	static const struct cli_option SPEC[] = {{.name = "change"}, {.name = "note"}};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 2, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	uint64_t change;
	if (p.n_positional != 1 || !p.value[0] || !cli_parse_count(p.value[0], &change) ||
	    change < 1 || change > INT64_MAX)
		return usage_error(c->g, c->name, "case informed ID --change N --note TEXT");
	if (zv_case_informed(c->sv, &c->who, p.positional[0], (int64_t)change, p.value[1],
			     &c->err))
		return fail(c);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	zv_buf_printf(&out, c->g->json ? "{\"done\":true}\n"
				      : "Vastgelegd dat het gezin is geïnformeerd.\n");
	return cli_finish(c, &out);
}

static const struct cli_sub SUBCOMMANDS[] = {
	{"list", case_list}, {"show", case_show}, {"open", case_open},
	{"change", case_change}, {"member", case_member}, {"informed", case_informed},
};

int cmd_case(int argc, char **argv, const struct global_opts *g)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: zorgvuldig --as LOGIN case list | show ID | open FILE |\n"
		       "       change ID --version N [--framework F] [--phase P] --reason TEXT "
		       "[--informed] |\n"
		       "       member ID --login LOGIN --role ROLE |\n"
		       "       informed ID --change N --note TEXT   [--json]\n");
		return argc < 2 ? 2 : 0;
	}
	return cli_run_sub(g, "case", SUBCOMMANDS, sizeof SUBCOMMANDS / sizeof *SUBCOMMANDS,
			   NULL, argc, argv);
}
