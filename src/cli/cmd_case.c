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
#include "zv/api.h"
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

/* ---- case open ---------------------------------------------------------------------- */

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
	struct zv_new_case req;
	struct zv_case_ids ids;
	rc = zv_api_read_new_case(root, &c->a, &req, &c->err);
	if (!rc)
		rc = zv_case_open(c->sv, &c->who, &req, &c->a, &ids, &c->err);
	json_decref(root);   /* the request's strings were copied into the arena */
	if (rc)
		return fail(c);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (c->g->json) {
		zv_api_write_case_ids(&ids, req.n_persons, &out);
		zv_buf_putc(&out, '\n');
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
