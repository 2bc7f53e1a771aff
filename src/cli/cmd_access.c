/*
 * cmd_access.c — emergency access and follow-up:
 *
 *   break-glass CASE --reason TEXT [--hours N]   access without a role (default 8 hours)
 *   break-glass pending                          the privacy officer's review list
 *   break-glass review ID --note TEXT            the privacy officer's review
 *   obligations [list]                           my open obligations and due dates
 *   obligations fulfil ID --note TEXT
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "zv/api.h"
#include "zv/codec.h"

static int glass_grant(struct cli_ctx *c, int argc, char **argv)
{
	static const struct cli_option SPEC[] = {{.name = "reason"}, {.name = "hours"}};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 2, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	uint64_t hours = 8;
	if (p.n_positional != 1 || (p.value[1] && !cli_parse_count(p.value[1], &hours)) ||
	    hours > 72)
		return usage_error(c->g, c->name, "break-glass CASE --reason TEXT [--hours 1..72]");
	char id[64];
	if (zv_break_glass(c->sv, &c->who, p.positional[0], p.value[0], (int)hours, id, &c->err))
		return cli_fail(c->g, c->name, &c->err);
	if (c->g->json)
		printf("{\"id\":\"%s\",\"hours\":%d}\n", id, (int)hours);
	else
		printf("Noodtoegang %s tot casus %s voor %d uur; de privacy officer beoordeelt "
		       "dit.\n",
		       id, p.positional[0], (int)hours);
	return 0;
}

static int glass_pending(struct cli_ctx *c)
{
	struct zv_rec_break_glass *list;
	size_t n;
	if (zv_break_glass_pending(c->sv, &c->who, &c->a, &list, &n, &c->err))
		return cli_fail(c->g, c->name, &c->err);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (c->g->json) {
		zv_api_write_break_glass(list, n, &out);
		zv_buf_putc(&out, '\n');
	} else if (!n) {
		zv_buf_puts(&out, "Geen noodtoegang te beoordelen.\n");
	}
	for (size_t i = 0; !c->g->json && i < n; i++)
		zv_buf_printf(&out, "%s  %s  %s  %s: %s\n", list[i].id, list[i].at,
			      list[i].case_id, list[i].login, list[i].reason);
	cli_print(&out);
	zv_buf_release(&out);
	return 0;
}

/* `SUB ID --note TEXT` closing something by its id: a review, a fulfilment. */
static int close_with_note(struct cli_ctx *c, int argc, char **argv, const char *usage,
			   int (*close)(struct zv_service *sv, const struct zv_who *who,
					const char *id, const char *note, struct zv_error *err),
			   const char *done)
{
	static const struct cli_option SPEC[] = {{.name = "note"}};
	struct cli_parsed p;
	int rc = cli_parse(c->g, c->name, SPEC, 1, argc, argv, &c->a, &p);
	if (rc)
		return rc;
	if (p.n_positional != 1)
		return usage_error(c->g, c->name, "%s", usage);
	if (close(c->sv, &c->who, p.positional[0], p.value[0], &c->err))
		return cli_fail(c->g, c->name, &c->err);
	if (c->g->json)
		printf("{\"done\":true}\n");
	else
		printf("%s\n", done);
	return 0;
}

static int glass_review(struct cli_ctx *c, int argc, char **argv)
{
	return close_with_note(c, argc, argv, "break-glass review ID --note TEXT",
			       zv_break_glass_review, "Beoordeeld.");
}

static int obligations_list(struct cli_ctx *c)
{
	struct zv_rec_obligation *list;
	size_t n;
	if (zv_obligation_list(c->sv, &c->who, &c->a, &list, &n, &c->err))
		return cli_fail(c->g, c->name, &c->err);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	cli_write_obligations(list, n, c->g->json, &out);
	cli_print(&out);
	zv_buf_release(&out);
	return 0;
}

static int obligations_fulfil(struct cli_ctx *c, int argc, char **argv)
{
	return close_with_note(c, argc, argv, "obligations fulfil ID --note TEXT",
			       zv_obligation_fulfil, "Verplichting afgerond.");
}

static int pending_fn(struct cli_ctx *c, int argc, char **argv)
{
	(void)argv;
	return argc ? usage_error(c->g, c->name, "break-glass pending takes no arguments")
		    : glass_pending(c);
}

static int list_fn(struct cli_ctx *c, int argc, char **argv)
{
	(void)argv;
	return argc ? usage_error(c->g, c->name, "obligations list takes no arguments")
		    : obligations_list(c);
}

int cmd_break_glass(int argc, char **argv, const struct global_opts *g)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: zorgvuldig --as LOGIN break-glass CASE --reason TEXT [--hours N]\n"
		       "       break-glass pending | review ID --note TEXT   (privacy officer)\n");
		return argc < 2 ? 2 : 0;
	}
	static const struct cli_sub SUBS[] = {{"pending", pending_fn}, {"review", glass_review}};
	static const struct cli_sub GRANT = {"", glass_grant};
	return cli_run_sub(g, "break-glass", SUBS, 2, &GRANT, argc, argv);
}

int cmd_obligations(int argc, char **argv, const struct global_opts *g)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: zorgvuldig --as LOGIN obligations [list] | fulfil ID --note TEXT\n");
		return 0;
	}
	static const struct cli_sub SUBS[] = {{"list", list_fn}, {"fulfil", obligations_fulfil}};
	char *list[] = {argv[0], "list", NULL};
	if (argc < 2)   /* `obligations` alone lists them */
		return cli_run_sub(g, "obligations", SUBS, 2, NULL, 2, list);
	return cli_run_sub(g, "obligations", SUBS, 2, NULL, argc, argv);
}
