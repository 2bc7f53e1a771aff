/*
 * cmd_consent.c — `zorgvuldig --as LOGIN consent …`: consents in a case.
 *
 *   consent record CASE --subject PERSON --kind K --purpose TEXT
 *            --recipient R … [--category C …] --given-by PERSON …
 *            [--state given|requested|refused] --how TEXT [--present TEXT]
 *            [--valid-until DATE] [--note TEXT] [--not-free] [--not-unambiguous]
 *            [--not-informed] [--not-specific] [--not-explicit]
 *   consent update CASE CONSENT --version N --state given|refused|renewed|expired
 *            [--valid-until DATE] [--how TEXT] [--present TEXT] [--note TEXT] [--not-…]
 *   consent withdraw CASE CONSENT --version N --by PERSON
 *            [--choice stop|hand_over|continue_compulsory] [--note TEXT]
 *
 * Recipients are org:<id>, an organisation kind, or person:<id>. The four
 * validity conditions (R2.4) and explicitness hold unless a --not-… says
 * otherwise. Withdrawal is as short as giving (R2.5).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "zv/api.h"
#include "zv/codec.h"

static const struct cli_option RECORD[] = {
	{.name = "subject"}, {.name = "kind"}, {.name = "purpose"}, {.name = "recipient", .many = true},
	{.name = "category", .many = true}, {.name = "given-by", .many = true}, {.name = "state"}, {.name = "how"},
	{.name = "present"}, {.name = "valid-until"}, {.name = "note"}, {.name = "not-free", .flag = true},
	{.name = "not-unambiguous", .flag = true}, {.name = "not-informed", .flag = true},
	{.name = "not-specific", .flag = true}, {.name = "not-explicit", .flag = true},
};

static int consent_record(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct global_opts *g = ctx->g;
	struct zv_service *sv = ctx->sv;
	const struct zv_who *who = &ctx->who;
	struct zv_arena *a = &ctx->a;
	const char *name = "consent record";
	struct cli_parsed p;
	int rc = cli_parse(g, name, RECORD, sizeof RECORD / sizeof *RECORD, argc, argv, a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(g, name, "give the case: consent record CASE --subject …");
	struct zv_new_consent c = {
		.subject = p.value[0], .purpose = p.value[2], .recipients = p.list[3],
		.n_recipients = p.n_list[3], .givers = p.list[5], .n_givers = p.n_list[5],
		.state = ZV_CONSENT_GIVEN, .how_obtained = p.value[7], .present = p.value[8],
		.valid_until = p.value[9], .note = p.value[10], .free = !p.set[11],
		.unambiguous = !p.set[12], .informed = !p.set[13], .specific = !p.set[14],
		.explicit = !p.set[15],
	};
	if (!c.subject)
		return usage_error(g, name, "--subject PERSON: whose data the consent is about");
	if (!zv_consent_kind_from_name(p.value[1], &c.kind))
		return usage_error(g, name, "--kind is processing, secrecy_release, treatment, "
					    "participation or agreement");
	for (size_t i = 0; i < p.n_list[4]; i++) {
		int bit;
		if (!zv_category_from_name(p.list[4][i], &bit))
			return usage_error(g, name, "--category is ordinary, health, special_other "
						    "or criminal");
		c.has_categories = true;
		c.categories |= bit;
	}
	if (p.value[6]) {
		if (!strcmp(p.value[6], "requested"))
			c.state = ZV_CONSENT_REQUESTED;
		else if (!strcmp(p.value[6], "refused"))
			c.state = ZV_CONSENT_REFUSED;
		else if (strcmp(p.value[6], "given"))
			return usage_error(g, name, "--state is given, requested or refused");
	}
	char id[64];
	struct zv_error err;
	if (zv_consent_record(sv, who, p.positional[0], &c, id, &err))
		return cli_fail(g, name, &err);
	if (g->json)
		printf("{\"id\":\"%s\",\"version\":1}\n", id);
	else
		printf("Toestemming %s vastgelegd (%s).\n", id, zv_consent_state_name(c.state));
	return 0;
}

static int consent_withdraw(struct cli_ctx *c, int argc, char **argv)
{
	const struct global_opts *g = c->g;
	struct zv_service *sv = c->sv;
	const struct zv_who *who = &c->who;
	struct zv_arena *a = &c->a;
	const char *name = "consent withdraw";
	static const struct cli_option SPEC[] = {{.name = "version"}, {.name = "by"}, {.name = "choice"}, {.name = "note"}};
	struct cli_parsed p;
	int rc = cli_parse(g, name, SPEC, 4, argc, argv, a, &p);
	if (rc)
		return rc;
	uint64_t version;
	if (p.n_positional != 2 || !p.value[0] || !cli_parse_count(p.value[0], &version) ||
	    version < 1 || version > INT64_MAX)
		return usage_error(g, name,
				   "consent withdraw CASE CONSENT --version N --by PERSON "
				   "[--choice stop|hand_over|continue_compulsory]");
	enum zv_withdrawal_choice choice = ZV_WITHDRAW_NOT_PARTICIPATION;
	if (p.value[2] && !zv_api_withdrawal_choice_from_name(p.value[2], &choice))
		return usage_error(g, name,
				   "--choice is stop, hand_over or continue_compulsory (R9.3)");
	struct zv_withdrawal_result r;
	struct zv_error err;
	if (zv_consent_withdraw(sv, who, p.positional[0], p.positional[1], (int64_t)version,
				p.value[1], choice, p.value[3], &r, &err))
		return cli_fail(g, name, &err);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (g->json) {
		zv_api_write_withdrawal(p.positional[1], &r, &out);
		zv_buf_putc(&out, '\n');
	} else {
		zv_buf_printf(&out,
			      "Toestemming %s ingetrokken. %s\n%zu verstrekking(en) gestopt, %zu "
			      "besluit(en) ter herbeoordeling.\n",
			      p.positional[1], r.consequence, r.disclosures_stopped,
			      r.decisions_flagged);
	}
	cli_print(&out);
	zv_buf_release(&out);
	return 0;
}

static const struct cli_option UPDATE[] = {
	{.name = "version"}, {.name = "state"}, {.name = "valid-until"}, {.name = "how"},
	{.name = "present"}, {.name = "note"}, {.name = "not-free", .flag = true},
	{.name = "not-unambiguous", .flag = true}, {.name = "not-informed", .flag = true},
	{.name = "not-specific", .flag = true}, {.name = "not-explicit", .flag = true},
};

static int consent_update(struct cli_ctx *c, int argc, char **argv)
{
	const struct global_opts *g = c->g;
	struct zv_service *sv = c->sv;
	const struct zv_who *who = &c->who;
	struct zv_arena *a = &c->a;
	const char *name = "consent update";
	struct cli_parsed p;
	int rc = cli_parse(g, name, UPDATE, sizeof UPDATE / sizeof *UPDATE, argc, argv, a, &p);
	if (rc)
		return rc;
	uint64_t version;
	static const char *const STATES[] = {"given", "refused", "renewed", "expired"};
	static const int VALUES[] = {ZV_CONSENT_GIVEN, ZV_CONSENT_REFUSED, ZV_CONSENT_RENEWED,
				     ZV_CONSENT_EXPIRED};
	struct zv_new_consent step = {
		.state = -1, .valid_until = p.value[2], .how_obtained = p.value[3],
		.present = p.value[4], .note = p.value[5], .free = !p.set[6],
		.unambiguous = !p.set[7], .informed = !p.set[8], .specific = !p.set[9],
		.explicit = !p.set[10],
	};
	for (int i = 0; i < 4; i++)
		if (p.value[1] && !strcmp(p.value[1], STATES[i]))
			step.state = VALUES[i];
	if (p.n_positional != 2 || !p.value[0] || !cli_parse_count(p.value[0], &version) ||
	    version < 1 || version > INT64_MAX || step.state < 0)
		return usage_error(g, name,
				   "consent update CASE CONSENT --version N --state "
				   "given|refused|renewed|expired [--valid-until DATE] …");
	int64_t now;
	struct zv_error err;
	if (zv_consent_step(sv, who, p.positional[0], p.positional[1], (int64_t)version, &step,
			    &now, &err))
		return cli_fail(g, name, &err);
	if (g->json)
		printf("{\"id\":\"%s\",\"version\":%lld}\n", p.positional[1], (long long)now);
	else
		printf("Toestemming %s is nu %s (versie %lld).\n", p.positional[1],
		       zv_consent_state_name(step.state), (long long)now);
	return 0;
}

int cmd_consent(int argc, char **argv, const struct global_opts *g)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: zorgvuldig --as LOGIN consent record CASE --subject PERSON --kind K\n"
		       "           --purpose TEXT --recipient R … [--category C …] --given-by P …\n"
		       "           [--state given|requested|refused] --how TEXT [--present TEXT]\n"
		       "           [--valid-until DATE] [--note TEXT] [--not-free] …\n"
		       "       consent update CASE CONSENT --version N --state "
		       "given|refused|renewed|expired\n"
		       "           [--valid-until DATE] [--how TEXT] [--present TEXT] [--note TEXT]\n"
		       "       consent withdraw CASE CONSENT --version N --by PERSON\n"
		       "           [--choice stop|hand_over|continue_compulsory] [--note TEXT]\n");
		return argc < 2 ? 2 : 0;
	}
	static const struct cli_sub SUBS[] = {
		{"record", consent_record}, {"update", consent_update}, {"withdraw", consent_withdraw},
	};
	return cli_run_sub(g, "consent", SUBS, 3, NULL, argc, argv);
}
