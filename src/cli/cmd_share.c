/*
 * cmd_share.c — `zorgvuldig --as LOGIN share CASE …`: "mag ik dit delen?"
 *
 *   share CASE --entry ENTRY … (--to ORG | --to-kind KIND | --to-person PERSON)
 *         --purpose TEXT [--initiative request|own] [--answers FILE] [--carry-out]
 *
 * Without --carry-out the engine's answer is printed (the decision JSON of
 * docs/decision-api.md, or as text) and the question is logged; with it,
 * exactly the allowed scope is released and recorded with its obligations.
 * --answers is a partial situation (the facts only the professional knows);
 * what the dossier holds is filled in and wins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zv/api.h"
#include "zv/codec.h"

static const struct cli_option SPEC[] = {
	{.name = "entry", .many = true}, {.name = "to"}, {.name = "to-kind"}, {.name = "to-person"}, {.name = "purpose"},
	{.name = "initiative"}, {.name = "answers"}, {.name = "carry-out", .flag = true},
};

static void print_result(const struct global_opts *g, const struct zv_disclosure_result *r,
			 bool carry_out)
{
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (g->json) {
		zv_api_write_disclosure(r, carry_out, &out);
		zv_buf_putc(&out, '\n');
	} else {
		zv_decision_write_text(r->decision, r->situation, &out);
		zv_buf_putc(&out, '\n');
		if (carry_out)
			zv_buf_printf(&out, "Verstrekt (%s): %zu aantekening(en); %zu verplichting(en).\n",
				      r->disclosure_id, r->n_released, r->obligations_created);
		else if (r->disclosure_id[0])
			zv_buf_printf(&out, "Voorbereid (%s): %zu aantekening(en); voer uit met "
					    "--carry-out.\n",
				      r->disclosure_id, r->n_released);
	}
	cli_print(&out);
	zv_buf_release(&out);
}

int cmd_share(int argc, char **argv, const struct global_opts *g)
{
	const char *name = "share";
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: zorgvuldig --as LOGIN share CASE --entry ENTRY … (--to ORG |\n"
		       "           --to-kind KIND | --to-person PERSON) --purpose TEXT\n"
		       "           [--initiative request|own] [--answers FILE] [--carry-out]\n");
		return 0;
	}
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct cli_parsed p;
	int rc = cli_parse(g, name, SPEC, sizeof SPEC / sizeof *SPEC, argc - 1, argv + 1, &a, &p);
	if (rc || p.n_positional != 1) {
		zv_arena_release(&a);
		return rc ? rc : usage_error(g, name, "give the case: share CASE --entry …");
	}
	struct zv_disclosure_request req = {
		.case_id = p.positional[0], .entries = p.list[0], .n_entries = p.n_list[0],
		.recipient_org = p.value[1], .recipient_person = p.value[3], .purpose = p.value[4],
	};
	int recipients = p.set[1] + p.set[2] + p.set[3];
	bool kind_ok = !p.set[2] || zv_org_from_name(p.value[2], &req.recipient_kind);
	if (p.value[5] && !strcmp(p.value[5], "own"))
		req.initiative = ZV_INITIATIVE_OWN;
	else if (p.value[5] && strcmp(p.value[5], "request"))
		kind_ok = false;
	if (recipients != 1 || !kind_ok) {
		zv_arena_release(&a);
		return usage_error(g, name, "one recipient: --to ORG, --to-kind KIND (an organisation "
					    "kind) or --to-person PERSON; --initiative request|own");
	}
	struct zv_error err = {.code = ZV_OK};
	char *answers = NULL;
	if (p.value[6] && !(answers = cli_read_file(p.value[6], ZV_SITUATION_MAX_BYTES, &err))) {
		zv_arena_release(&a);
		return cli_fail(g, name, &err);
	}
	req.answers_json = answers;
	struct zv_store *store;
	struct zv_service *sv;
	struct cli_actor actor;
	struct zv_who who;
	rc = cli_open_service(g, name, &store, &sv, &actor, &who);
	if (!rc) {
		struct zv_disclosure_result r;
		if (zv_disclose(sv, &who, &req, p.set[7], &a, &r, &err))
			rc = cli_fail_decided(g, name, &err, r.decision, r.situation);
		else
			print_result(g, &r, p.set[7]);
	}
	cli_close_service(store, sv);
	free(answers);
	zv_arena_release(&a);
	return rc;
}
