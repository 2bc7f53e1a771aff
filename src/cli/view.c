/*
 * view.c — what the services return, as text a professional reads (Dutch
 * labels) or, with --json, as the JSON of zv/api.h (the same the HTTP API
 * answers). Only what the service returned is written: need-to-know was
 * applied before anything reaches here.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "zv/api.h"
#include "zv/codec.h"

/* ---- Dutch labels for the text form ---------------------------------------------- */

static const char *const KIND_NL[] = {"feit", "observatie", "mening", "zienswijze"};
static const char *const CATEGORY_NL[] = {"gewoon", "gezondheid", "bijzonder", "strafrechtelijk"};
static const char *const FRAMEWORK_NL[] = {"?", "alleen advies", "vrijwillig", "drang", "dwang"};
static const char *const PHASE_NL[] = {"directe veiligheid", "risicogestuurde zorg", "herstel",
				       "afgesloten"};
static const char *const PERSON_NL[] = {"anders", "kind", "ouder", "volwassene"};
static const char *const ROLE_NL[] = {"?", "regievoerder", "direct betrokken", "vervanger",
				      "adviseur", "geen rol"};

#define NL(table, i) ((i) >= 0 && (size_t)(i) < sizeof table / sizeof *table ? table[i] : "?")

static const char *category_nl(int category)
{
	for (int bit = 0; bit < 4; bit++)
		if (category == 1 << bit)
			return CATEGORY_NL[bit];
	return "?";
}

/* ---- case lists ---------------------------------------------------------------- */

void cli_write_case_list(const struct zv_case_summary *c, size_t n, bool json,
			 struct zv_buf *out)
{
	if (json) {
		zv_api_write_case_list(c, n, out);
		zv_buf_putc(out, '\n');
		return;
	}
	if (!n) {
		zv_buf_puts(out, "U heeft geen rol in een casus.\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		zv_buf_printf(out, "%-16s %-24s %-14s %-21s %-17s", c[i].c.id,
			      c[i].household_name ? c[i].household_name : "(anoniem)",
			      NL(FRAMEWORK_NL, c[i].c.framework), NL(PHASE_NL, c[i].c.phase),
			      NL(ROLE_NL, c[i].role));
		if (c[i].open_obligations)
			zv_buf_printf(out, " %zu open verplichting(en), eerstvolgende %s%s",
				      c[i].open_obligations, c[i].next_due ? c[i].next_due : "-",
				      c[i].overdue_obligations ? " — TE LAAT" : "");
		zv_buf_putc(out, '\n');
	}
}

/* ---- one case ------------------------------------------------------------------- */

static void case_view_text(const struct zv_case_view *v, struct zv_buf *out)
{
	zv_buf_printf(out, "Casus %s (versie %lld): %s\n", v->c.id, (long long)v->c.version,
		      v->c.title ? v->c.title : "(u bent adviseur: alleen anoniem)");
	zv_buf_printf(out, "Huishouden: %s   Team: %s   Uw rol: %s%s\n",
		      v->household_name ? v->household_name : "(anoniem)", v->c.team,
		      NL(ROLE_NL, v->role), v->by_grant ? " (noodtoegang)" : "");
	zv_buf_printf(out, "Kader: %s   Fase: %s\n", NL(FRAMEWORK_NL, v->c.framework),
		      NL(PHASE_NL, v->c.phase));
	for (size_t i = 0; i < v->n_persons; i++) {
		const struct zv_person_view *p = &v->persons[i];
		zv_buf_printf(out, "  %s  %-24s %-10s", p->p->id, p->p->name,
			      NL(PERSON_NL, p->p->role));
		if (p->age >= 0)
			zv_buf_printf(out, " %d jaar", p->age);
		if (p->n_authority)
			zv_buf_printf(out, ", gezag: %zu ouder(s)", p->n_authority);
		if (p->p->confidential_address)
			zv_buf_puts(out, ", adres afgeschermd");
		zv_buf_putc(out, '\n');
	}
	zv_buf_printf(out, "Aantekeningen die u mag zien (%zu):\n", v->n_entries);
	for (size_t i = 0; i < v->n_entries; i++) {
		const struct zv_rec_entry *e = &v->entries[i];
		const char *kind = e->kind >= 0 && e->kind < 4 ? KIND_NL[e->kind] : "?";
		if (v->entry_anonymous[i]) {
			zv_buf_printf(out, "  %s  [%s, %s] (alleen anoniem: u bent adviseur)\n", e->id,
				      kind, category_nl(e->category));
			continue;
		}
		zv_buf_printf(out, "  %s  [%s, %s, %s] %s\n      bron: %s; %.10s, %s\n", e->id, kind,
			      category_nl(e->category),
			      e->verified_by ? "geverifieerd" : "niet geverifieerd", e->text,
			      e->source, e->recorded_at, e->author);
	}
	for (size_t i = 0; i < v->n_obligations; i++)
		if (!v->obligations[i].fulfilled_at)
			zv_buf_printf(out, "Verplichting %s (%s) uiterlijk %s: %s\n",
				      v->obligations[i].id, v->obligations[i].code,
				      v->obligations[i].due ? v->obligations[i].due : "-",
				      v->obligations[i].text);
}

void cli_write_case_view(const struct zv_case_view *v, bool json, struct zv_buf *out)
{
	if (json) {
		zv_api_write_case_view(v, out);
		zv_buf_putc(out, '\n');
	} else {
		case_view_text(v, out);
	}
}

void cli_write_obligations(const struct zv_rec_obligation *o, size_t n, bool json,
			   struct zv_buf *out)
{
	if (json) {
		zv_api_write_obligations(o, n, out);
		zv_buf_putc(out, '\n');
		return;
	}
	if (!n)
		zv_buf_puts(out, "Geen open verplichtingen.\n");
	for (size_t i = 0; i < n; i++)
		zv_buf_printf(out, "%s  %-16s uiterlijk %-10s %s: %s\n", o[i].id, o[i].case_id,
			      o[i].due ? o[i].due : "-", o[i].code, o[i].text);
}

int cli_fail_decided(const struct global_opts *g, const char *command,
		     const struct zv_error *err, const struct zv_decision *d,
		     const struct zv_situation *s)
{
	if (!d)
		return cli_fail(g, command, err);
	struct zv_buf out;
	zv_buf_init(&out, 0);
	if (g->json) {
		zv_buf_puts(&out, "{\"error\":{\"code\":");
		const char *code = zv_err_name(err->code);
		zv_json_write_string(&out, code, strlen(code));
		if (err->path[0]) {
			zv_buf_puts(&out, ",\"path\":");
			zv_json_write_string(&out, err->path, strlen(err->path));
		}
		zv_buf_puts(&out, ",\"message\":");
		zv_json_write_string(&out, err->message, strlen(err->message));
		zv_buf_puts(&out, "},\"decision\":");
		zv_decision_write_json(d, s, &out);
		zv_buf_puts(&out, "}\n");
		cli_print(&out);
	} else {
		fprintf(stderr, "zorgvuldig %s: %s\n", command, err->message);
		zv_decision_write_text(d, s, &out);
		if (out.data)
			fprintf(stderr, "%s\n", out.data);
	}
	zv_buf_release(&out);
	return zv_err_exit_code(err->code);
}
