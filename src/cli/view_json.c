/*
 * view_json.c — what the services return, as JSON (--json, one value) or as
 * text a professional reads (Dutch labels). Only what the service returned
 * is written: need-to-know was applied before anything reaches here.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "zv/codec.h"

/* ---- a tiny JSON writer ----------------------------------------------------- */

struct jw {
	struct zv_buf *out;
	bool first;
};

static void jw_key(struct jw *w, const char *key)
{
	if (!w->first)
		zv_buf_putc(w->out, ',');
	w->first = false;
	zv_json_write_string(w->out, key, strlen(key));
	zv_buf_putc(w->out, ':');
}

static void jw_str(struct jw *w, const char *key, const char *value)
{
	jw_key(w, key);
	if (value)
		zv_json_write_string(w->out, value, strlen(value));
	else
		zv_buf_puts(w->out, "null");
}

static void jw_int(struct jw *w, const char *key, long long value)
{
	jw_key(w, key);
	zv_buf_printf(w->out, "%lld", value);
}

static void jw_bool(struct jw *w, const char *key, bool value)
{
	jw_key(w, key);
	zv_buf_puts(w->out, value ? "true" : "false");
}

static void jw_strings(struct jw *w, const char *key, const char *const *items, size_t n)
{
	jw_key(w, key);
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			zv_buf_putc(w->out, ',');
		zv_json_write_string(w->out, items[i], strlen(items[i]));
	}
	zv_buf_putc(w->out, ']');
}

static void jw_categories(struct jw *w, const char *key, int categories)
{
	const char *names[4];
	size_t n = 0;
	for (int bit = 0; bit < 4; bit++)
		if (categories & (1 << bit))
			names[n++] = zv_category_name(bit);
	jw_strings(w, key, names, n);
}

static const char *category_of(int category)
{
	for (int bit = 0; bit < 4; bit++)
		if (category == 1 << bit)
			return zv_category_name(bit);
	return NULL;
}

static void jw_open(struct jw *w, struct zv_buf *out, char c)
{
	w->out = out;
	w->first = true;
	zv_buf_putc(out, c);
}

/* ---- case lists ---------------------------------------------------------------- */

static void case_summary_json(const struct zv_case_summary *c, struct zv_buf *out)
{
	struct jw w;
	jw_open(&w, out, '{');
	jw_str(&w, "id", c->c.id);
	jw_str(&w, "household", c->c.household);
	jw_str(&w, "household_name", c->household_name);
	jw_str(&w, "team", c->c.team);
	jw_str(&w, "organisation", c->c.organisation);
	jw_str(&w, "title", c->c.title);
	jw_str(&w, "framework", zv_framework_name(c->c.framework));
	jw_str(&w, "phase", zv_phase_name(c->c.phase));
	jw_int(&w, "version", c->c.version);
	jw_str(&w, "role", zv_case_role_name(c->role));
	jw_bool(&w, "break_the_glass", c->role == ZV_CASE_ROLE_NONE);
	jw_int(&w, "open_obligations", (long long)c->open_obligations);
	jw_int(&w, "overdue_obligations", (long long)c->overdue_obligations);
	jw_str(&w, "next_due", c->next_due);
	zv_buf_putc(out, '}');
}

void cli_write_case_list(const struct zv_case_summary *c, size_t n, bool json,
			 struct zv_buf *out)
{
	if (json) {
		zv_buf_putc(out, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				zv_buf_putc(out, ',');
			case_summary_json(&c[i], out);
		}
		zv_buf_puts(out, "]\n");
		return;
	}
	if (!n) {
		zv_buf_puts(out, "U heeft geen rol in een casus.\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		zv_buf_printf(out, "%-16s %-28s %-12s %-17s %-18s", c[i].c.id,
			      c[i].household_name ? c[i].household_name : "",
			      zv_framework_name(c[i].c.framework), zv_phase_name(c[i].c.phase),
			      zv_case_role_name(c[i].role));
		if (c[i].open_obligations)
			zv_buf_printf(out, " %zu open verplichting(en)%s%s", c[i].open_obligations,
				      c[i].overdue_obligations ? ", TE LAAT: " : "",
				      c[i].overdue_obligations ? "ja" : "");
		zv_buf_putc(out, '\n');
	}
}

/* ---- one case ------------------------------------------------------------------- */

static void persons_json(struct jw *w, const struct zv_case_view *v)
{
	jw_key(w, "persons");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_persons; i++) {
		const struct zv_person_view *p = &v->persons[i];
		struct jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		jw_open(&o, w->out, '{');
		jw_str(&o, "id", p->p->id);
		jw_str(&o, "name", p->p->name);
		jw_str(&o, "role", zv_person_role_name(p->p->role));
		jw_str(&o, "birth_date", p->p->birth_date);
		if (p->age >= 0)
			jw_int(&o, "age", p->age);
		else
			jw_str(&o, "age", NULL);
		jw_strings(&o, "authority", p->authority, p->n_authority);
		jw_str(&o, "bsn", p->bsn_masked[0] ? p->bsn_masked : NULL);
		jw_bool(&o, "confidential_address", p->p->confidential_address);
		jw_str(&o, "address", p->address);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void history_json(struct jw *w, const struct zv_case_view *v)
{
	jw_key(w, "history");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_history; i++) {
		const struct zv_rec_case_change *h = &v->history[i];
		struct jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		jw_open(&o, w->out, '{');
		jw_int(&o, "version", h->version);
		jw_str(&o, "at", h->at);
		jw_str(&o, "by", h->by);
		jw_str(&o, "framework", zv_framework_name(h->framework));
		jw_str(&o, "phase", zv_phase_name(h->phase));
		jw_str(&o, "reason", h->reason);
		jw_bool(&o, "family_informed", h->family_informed);
		jw_str(&o, "informed_at", h->informed_at);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void members_json(struct jw *w, const struct zv_case_view *v)
{
	jw_key(w, "team_members");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_members; i++) {
		struct jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		jw_open(&o, w->out, '{');
		jw_str(&o, "login", v->members[i].login);
		jw_str(&o, "role", zv_case_role_name(v->members[i].role));
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void entry_fields(struct jw *o, const struct zv_rec_entry *e)
{
	jw_int(o, "version", e->version);
	jw_str(o, "kind", zv_entry_kind_name(e->kind));
	jw_str(o, "category", category_of(e->category));
	jw_str(o, "source", e->source);
	jw_str(o, "text", e->text);
	jw_strings(o, "subjects", e->subjects, e->n_subjects);
	jw_str(o, "author", e->author);
	jw_str(o, "organisation", e->author_org);
	jw_str(o, "secrecy_holder", e->secrecy_holder);
	jw_str(o, "recorded_at", e->recorded_at);
	jw_str(o, "verified_by", e->verified_by);
	jw_str(o, "verified_at", e->verified_at);
	jw_str(o, "correction_reason", e->correction_reason);
}

static void entry_json(struct jw *w, const struct zv_case_view *v, size_t i)
{
	const struct zv_rec_entry *e = &v->entries[i];
	struct jw o;
	jw_open(&o, w->out, '{');
	jw_str(&o, "id", e->id);
	if (v->entry_anonymous[i]) {
		jw_bool(&o, "anonymous", true);
		jw_str(&o, "kind", zv_entry_kind_name(e->kind));
		jw_str(&o, "category", category_of(e->category));
		jw_str(&o, "recorded_at", e->recorded_at);
		zv_buf_putc(w->out, '}');
		return;
	}
	jw_bool(&o, "anonymous", false);
	entry_fields(&o, e);
	jw_key(&o, "corrected_versions");
	zv_buf_putc(w->out, '[');
	bool first = true;
	for (size_t k = 0; k < v->n_old_versions; k++) {
		if (strcmp(v->old_versions[k].id, e->id))
			continue;
		struct jw old;
		if (!first)
			zv_buf_putc(w->out, ',');
		first = false;
		jw_open(&old, w->out, '{');
		entry_fields(&old, &v->old_versions[k]);
		jw_bool(&old, "corrected", true);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
	jw_key(&o, "reactions");
	zv_buf_putc(w->out, '[');
	first = true;
	for (size_t k = 0; k < v->n_reactions; k++) {
		const struct zv_rec_reaction *r = &v->reactions[k];
		if (strcmp(r->entry_id, e->id))
			continue;
		struct jw rj;
		if (!first)
			zv_buf_putc(w->out, ',');
		first = false;
		jw_open(&rj, w->out, '{');
		jw_str(&rj, "id", r->id);
		jw_str(&rj, "person", r->person);
		jw_str(&rj, "text", r->text);
		jw_str(&rj, "at", r->at);
		jw_str(&rj, "recorded_by", r->recorded_by);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
	zv_buf_putc(w->out, '}');
}

static void consents_json(struct jw *w, const struct zv_case_view *v)
{
	jw_key(w, "consents");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_consents; i++) {
		const struct zv_rec_consent *c = &v->consents[i];
		struct jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		jw_open(&o, w->out, '{');
		jw_str(&o, "id", c->id);
		jw_str(&o, "subject", c->subject);
		jw_str(&o, "kind", zv_consent_kind_name(c->kind));
		jw_str(&o, "purpose", c->purpose);
		jw_strings(&o, "recipients", c->recipients, c->n_recipients);
		if (c->has_categories)
			jw_categories(&o, "categories", c->categories);
		else
			jw_str(&o, "categories", NULL);
		jw_strings(&o, "given_by", c->givers, c->n_givers);
		jw_str(&o, "state", zv_consent_state_name(c->state));
		jw_int(&o, "version", c->version);
		jw_str(&o, "at", c->at);
		jw_str(&o, "by", c->by);
		jw_bool(&o, "free", c->free);
		jw_bool(&o, "unambiguous", c->unambiguous);
		jw_bool(&o, "informed", c->informed);
		jw_bool(&o, "specific", c->specific);
		jw_bool(&o, "explicit", c->explicit);
		jw_str(&o, "how_obtained", c->how_obtained);
		jw_str(&o, "present", c->present);
		jw_str(&o, "valid_until", c->valid_until);
		jw_str(&o, "note", c->note);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void records_json(struct jw *w, const struct zv_case_view *v)
{
	jw_key(w, "decisions");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_decisions; i++) {
		const struct zv_rec_decision *d = &v->decisions[i];
		struct jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		jw_open(&o, w->out, '{');
		jw_str(&o, "id", d->id);
		jw_str(&o, "at", d->at);
		jw_str(&o, "by", d->by);
		jw_str(&o, "action", zv_action_name((enum zv_action)d->action));
		jw_str(&o, "outcome", zv_outcome_name((enum zv_outcome)d->outcome));
		jw_str(&o, "review_reason", d->review_reason);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
	jw_key(w, "disclosures");
	zv_buf_putc(w->out, '[');
	static const char *const STATES[] = {"pending", "done", "stopped"};
	for (size_t i = 0; i < v->n_disclosures; i++) {
		const struct zv_rec_disclosure *d = &v->disclosures[i];
		struct jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		jw_open(&o, w->out, '{');
		jw_str(&o, "id", d->id);
		jw_str(&o, "decision", d->decision_id);
		jw_str(&o, "recipient_org", d->recipient_org);
		jw_str(&o, "recipient_person", d->recipient_person);
		jw_str(&o, "scope", d->scope ? zv_scope_name((enum zv_scope_kind)d->scope)
					     : "content");
		jw_categories(&o, "categories", d->categories);
		jw_str(&o, "state", d->state >= 0 && d->state < 3 ? STATES[d->state] : NULL);
		jw_str(&o, "at", d->at);
		jw_str(&o, "by", d->by);
		jw_strings(&o, "entries", d->entries, d->n_entries);
		jw_str(&o, "stopped_reason", d->stopped_reason);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void obligations_json(struct zv_buf *out, const struct zv_rec_obligation *o, size_t n)
{
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		struct jw w;
		if (i)
			zv_buf_putc(out, ',');
		jw_open(&w, out, '{');
		jw_str(&w, "id", o[i].id);
		jw_str(&w, "case", o[i].case_id);
		jw_str(&w, "decision", o[i].decision_id);
		jw_str(&w, "rule", o[i].rule);
		jw_str(&w, "code", o[i].code);
		jw_str(&w, "text", o[i].text);
		jw_str(&w, "due", o[i].due);
		jw_str(&w, "owner", o[i].owner);
		jw_str(&w, "created_at", o[i].created_at);
		jw_str(&w, "fulfilled_at", o[i].fulfilled_at);
		jw_str(&w, "fulfilled_by", o[i].fulfilled_by);
		jw_str(&w, "note", o[i].note);
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');
}

static void case_view_json(const struct zv_case_view *v, struct zv_buf *out)
{
	struct jw w;
	jw_open(&w, out, '{');
	jw_str(&w, "id", v->c.id);
	jw_int(&w, "version", v->c.version);
	jw_str(&w, "household", v->household_id);
	jw_str(&w, "household_name", v->household_name);
	jw_str(&w, "team", v->c.team);
	jw_str(&w, "organisation", v->c.organisation);
	jw_str(&w, "task", v->c.task);
	jw_str(&w, "title", v->c.title);
	jw_str(&w, "framework", zv_framework_name(v->c.framework));
	jw_str(&w, "phase", zv_phase_name(v->c.phase));
	jw_str(&w, "opened_at", v->c.opened_at);
	jw_str(&w, "opened_by", v->c.opened_by);
	jw_str(&w, "your_role", zv_case_role_name(v->role));
	jw_bool(&w, "break_the_glass", v->by_grant);
	jw_bool(&w, "anonymous", v->anonymous);
	persons_json(&w, v);
	history_json(&w, v);
	members_json(&w, v);
	jw_key(&w, "entries");
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < v->n_entries; i++) {
		if (i)
			zv_buf_putc(out, ',');
		entry_json(&w, v, i);
	}
	zv_buf_putc(out, ']');
	consents_json(&w, v);
	records_json(&w, v);
	jw_key(&w, "obligations");
	obligations_json(out, v->obligations, v->n_obligations);
	zv_buf_puts(out, "}\n");
}

static const char *const KIND_NL[] = {"feit", "observatie", "mening", "zienswijze"};

static void case_view_text(const struct zv_case_view *v, struct zv_buf *out)
{
	zv_buf_printf(out, "Casus %s (versie %lld): %s\n", v->c.id, (long long)v->c.version,
		      v->c.title ? v->c.title : "(anoniem)");
	zv_buf_printf(out, "Huishouden: %s   Team: %s   Uw rol: %s%s\n",
		      v->household_name ? v->household_name : "(anoniem)", v->c.team,
		      zv_case_role_name(v->role), v->by_grant ? " (noodtoegang)" : "");
	zv_buf_printf(out, "Kader: %s   Fase: %s\n", zv_framework_name(v->c.framework),
		      zv_phase_name(v->c.phase));
	for (size_t i = 0; i < v->n_persons; i++) {
		const struct zv_person_view *p = &v->persons[i];
		zv_buf_printf(out, "  %s  %-24s %-7s", p->p->id, p->p->name,
			      zv_person_role_name(p->p->role));
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
				      kind, category_of(e->category));
			continue;
		}
		zv_buf_printf(out, "  %s  [%s, %s%s] %s\n      bron: %s; %s\n", e->id, kind,
			      category_of(e->category), e->verified_by ? ", geverifieerd" : "",
			      e->text, e->source, e->recorded_at);
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
	if (json)
		case_view_json(v, out);
	else
		case_view_text(v, out);
}

void cli_write_obligations(const struct zv_rec_obligation *o, size_t n, bool json,
			   struct zv_buf *out)
{
	if (json) {
		obligations_json(out, o, n);
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
