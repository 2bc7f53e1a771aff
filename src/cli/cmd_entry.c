/*
 * cmd_entry.c — `zorgvuldig --as LOGIN entry …`: entries of a case.
 *
 *   entry add CASE --kind fact|observation|opinion|view --category C --source S
 *             --text T --about PERSON [--about …] [--verified]
 *             [--hide-from LOGIN …] [--hide-from-person PERSON …] [--restriction-reason R]
 *             [--proportionate yes|no] [--beyond-necessary yes|no]
 *             [--informed yes|no] [--reason-not-informed safety|investigation|statutory|none]
 *   entry correct ENTRY --version N --text T --reason R
 *   entry react ENTRY --person PERSON --text T
 *
 * Recording asks the engine (action `record`); when it does not allow it,
 * the answer is printed with the error (its questions to answer, or why
 * not), as `"decision"` beside `"error"` with --json.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "zv/api.h"
#include "zv/codec.h"

static int done(struct cli_ctx *c, const char *json, const char *text)
{
	printf("%s\n", c->g->json ? json : text);
	return 0;
}

static int refused(struct cli_ctx *c, const struct zv_refusal *r)
{
	return cli_fail_decided(c->g, c->name, &c->err, r->has_decision ? r->decision : NULL,
				r->situation);
}

static const struct cli_option ADD[] = {
	{.name = "kind"}, {.name = "category"}, {.name = "source"}, {.name = "text"}, {.name = "about", .many = true},
	{.name = "verified", .flag = true}, {.name = "hide-from", .many = true},
	{.name = "hide-from-person", .many = true}, {.name = "restriction-reason"}, {.name = "proportionate"},
	{.name = "beyond-necessary"}, {.name = "informed"}, {.name = "reason-not-informed"},
};

static int entry_add(struct cli_ctx *c, int argc, char **argv)
{
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, ADD, sizeof ADD / sizeof *ADD, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "give the case: entry add CASE --kind … --text …");
	struct zv_new_entry e = {
		.source = p.value[2], .text = p.value[3], .subjects = p.list[4],
		.n_subjects = p.n_list[4], .verified = p.set[5], .hidden_from_logins = p.list[6],
		.n_hidden_from_logins = p.n_list[6], .hidden_from_persons = p.list[7],
		.n_hidden_from_persons = p.n_list[7], .restriction_reason = p.value[8],
	};
	if (!zv_entry_kind_name(0) || !zv_entry_kind_from_name(p.value[0], &e.kind))
		return usage_error(c->g, c->name, "--kind is fact, observation, opinion or view");
	if (!zv_category_from_name(p.value[1], &e.category))
		return usage_error(c->g, c->name,
				   "--category is ordinary, health, special_other or criminal");
	if (!cli_tri(p.value[9], &e.proportionate) || !cli_tri(p.value[10], &e.beyond_necessary) ||
	    !cli_tri(p.value[11], &e.informed_beforehand))
		return usage_error(c->g, c->name,
				   "--proportionate, --beyond-necessary and --informed take yes or no");
	if (p.value[12] &&
	    !zv_api_reason_not_informed_from_name(p.value[12], &e.reason_not_informed))
		return usage_error(c->g, c->name,
				   "--reason-not-informed is safety, investigation, statutory or none");
	char id[64];
	struct zv_refusal refusal;
	if (zv_entry_add(c->sv, &c->who, p.positional[0], &e, &c->a, id, &refusal, &c->err))
		return refused(c, &refusal);
	char json[128], text[128];
	snprintf(json, sizeof json, "{\"id\":\"%s\",\"version\":1}", id);
	snprintf(text, sizeof text, "Aantekening %s vastgelegd.", id);
	return done(c, json, text);
}

static bool version_of(struct cli_ctx *c, const char *text, int64_t *out)
{
	uint64_t v;
	if (!text || !cli_parse_count(text, &v) || v < 1 || v > INT64_MAX) {
		usage_error(c->g, c->name, "--version N: the version you read (case show)");
		return false;
	}
	*out = (int64_t)v;
	return true;
}

static int entry_correct(struct cli_ctx *c, int argc, char **argv)
{
	static const struct cli_option SPEC[] = {{.name = "version"}, {.name = "text"}, {.name = "reason"}};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 3, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	int64_t version, now;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "entry correct ENTRY --version N --text T --reason R");
	if (!version_of(c, p.value[0], &version))
		return 2;
	if (zv_entry_correct(c->sv, &c->who, p.positional[0], version, p.value[1], p.value[2],
			     &now, &c->err))
		return cli_fail(c->g, c->name, &c->err);
	char json[160], text[160];
	snprintf(json, sizeof json, "{\"id\":\"%s\",\"version\":%lld}", p.positional[0],
		 (long long)now);
	snprintf(text, sizeof text,
		 "Aantekening %s gecorrigeerd: versie %lld (de vorige blijft bewaard).",
		 p.positional[0], (long long)now);
	return done(c, json, text);
}

static int entry_react(struct cli_ctx *c, int argc, char **argv)
{
	static const struct cli_option SPEC[] = {{.name = "person"}, {.name = "text"}};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 2, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "entry react ENTRY --person PERSON --text T");
	char id[64];
	if (zv_entry_react(c->sv, &c->who, p.positional[0], p.value[0], p.value[1], id, &c->err))
		return cli_fail(c->g, c->name, &c->err);
	char json[128], text[128];
	snprintf(json, sizeof json, "{\"id\":\"%s\"}", id);
	snprintf(text, sizeof text, "Reactie %s vastgelegd.", id);
	return done(c, json, text);
}

static const struct cli_sub SUBCOMMANDS[] = {
	{"add", entry_add}, {"correct", entry_correct}, {"react", entry_react},
};

int cmd_entry(int argc, char **argv, const struct global_opts *g)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: zorgvuldig --as LOGIN entry add CASE --kind K --category C --source S\n"
		       "           --text T --about PERSON … [--verified] [--hide-from LOGIN …]\n"
		       "           [--hide-from-person PERSON …] [--restriction-reason R]\n"
		       "           [--proportionate yes|no] [--beyond-necessary yes|no]\n"
		       "           [--informed yes|no] [--reason-not-informed R]\n"
		       "       entry correct ENTRY --version N --text T --reason R\n"
		       "       entry react ENTRY --person PERSON --text T\n");
		return argc < 2 ? 2 : 0;
	}
	return cli_run_sub(g, "entry", SUBCOMMANDS, sizeof SUBCOMMANDS / sizeof *SUBCOMMANDS,
			   NULL, argc, argv);
}
