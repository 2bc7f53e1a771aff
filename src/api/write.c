/*
 * write.c — what the services return, as JSON (zv/api.h): the small writer
 * and one function per result. Only what the service returned is written;
 * need-to-know was applied before anything reaches here.
 */
#include <stdio.h>
#include <string.h>

#include "zv/api.h"
#include "zv/codec.h"

/* ---- the writer --------------------------------------------------------------- */

void zv_jw_open(struct zv_jw *w, struct zv_buf *out, char c)
{
	w->out = out;
	w->first = true;
	zv_buf_putc(out, c);
}

void zv_jw_close(struct zv_jw *w, char c)
{
	zv_buf_putc(w->out, c);
}

void zv_jw_key(struct zv_jw *w, const char *key)
{
	if (!w->first)
		zv_buf_putc(w->out, ',');
	w->first = false;
	if (!key)
		return;
	zv_json_write_string(w->out, key, strlen(key));
	zv_buf_putc(w->out, ':');
}

void zv_jw_str(struct zv_jw *w, const char *key, const char *value)
{
	zv_jw_key(w, key);
	if (value)
		zv_json_write_string(w->out, value, strlen(value));
	else
		zv_buf_puts(w->out, "null");
}

void zv_jw_int(struct zv_jw *w, const char *key, long long value)
{
	zv_jw_key(w, key);
	zv_buf_printf(w->out, "%lld", value);
}

void zv_jw_bool(struct zv_jw *w, const char *key, bool value)
{
	zv_jw_key(w, key);
	zv_buf_puts(w->out, value ? "true" : "false");
}

void zv_jw_strings(struct zv_jw *w, const char *key, const char *const *items, size_t n)
{
	zv_jw_key(w, key);
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			zv_buf_putc(w->out, ',');
		zv_json_write_string(w->out, items[i], strlen(items[i]));
	}
	zv_buf_putc(w->out, ']');
}

void zv_jw_categories(struct zv_jw *w, const char *key, int categories)
{
	const char *names[4];
	size_t n = 0;
	for (int bit = 0; bit < 4; bit++)
		if (categories & (1 << bit))
			names[n++] = zv_category_name(bit);
	zv_jw_strings(w, key, names, n);
}

static const char *category_of(int category)
{
	for (int bit = 0; bit < 4; bit++)
		if (category == 1 << bit)
			return zv_category_name(bit);
	return NULL;
}

/* ---- case lists ---------------------------------------------------------------- */

static void case_summary_json(const struct zv_case_summary *c, struct zv_buf *out)
{
	struct zv_jw w;
	zv_jw_open(&w, out, '{');
	zv_jw_str(&w, "id", c->c.id);
	zv_jw_str(&w, "household", c->c.household);
	zv_jw_str(&w, "household_name", c->household_name);
	zv_jw_str(&w, "team", c->c.team);
	zv_jw_str(&w, "organisation", c->c.organisation);
	zv_jw_str(&w, "title", c->c.title);
	zv_jw_str(&w, "framework", zv_framework_name(c->c.framework));
	zv_jw_str(&w, "phase", zv_phase_name(c->c.phase));
	zv_jw_int(&w, "version", c->c.version);
	zv_jw_str(&w, "role", zv_case_role_name(c->role));
	zv_jw_bool(&w, "break_the_glass", c->role == ZV_CASE_ROLE_NONE);
	zv_jw_int(&w, "open_obligations", (long long)c->open_obligations);
	zv_jw_int(&w, "overdue_obligations", (long long)c->overdue_obligations);
	zv_jw_str(&w, "next_due", c->next_due);
	zv_buf_putc(out, '}');
}

/* ---- one case ------------------------------------------------------------------- */

static void persons_json(struct zv_jw *w, const struct zv_case_view *v)
{
	zv_jw_key(w, "persons");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_persons; i++) {
		const struct zv_person_view *p = &v->persons[i];
		struct zv_jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		zv_jw_open(&o, w->out, '{');
		zv_jw_str(&o, "id", p->p->id);
		zv_jw_str(&o, "name", p->p->name);
		zv_jw_str(&o, "role", zv_person_role_name(p->p->role));
		zv_jw_str(&o, "birth_date", p->p->birth_date);
		if (p->age >= 0)
			zv_jw_int(&o, "age", p->age);
		else
			zv_jw_str(&o, "age", NULL);
		zv_jw_strings(&o, "authority", p->authority, p->n_authority);
		zv_jw_str(&o, "bsn", p->bsn_masked[0] ? p->bsn_masked : NULL);
		zv_jw_bool(&o, "confidential_address", p->p->confidential_address);
		zv_jw_str(&o, "address", p->address);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void history_json(struct zv_jw *w, const struct zv_case_view *v)
{
	zv_jw_key(w, "history");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_history; i++) {
		const struct zv_rec_case_change *h = &v->history[i];
		struct zv_jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		zv_jw_open(&o, w->out, '{');
		zv_jw_int(&o, "version", h->version);
		zv_jw_str(&o, "at", h->at);
		zv_jw_str(&o, "by", h->by);
		zv_jw_str(&o, "framework", zv_framework_name(h->framework));
		zv_jw_str(&o, "phase", zv_phase_name(h->phase));
		zv_jw_str(&o, "reason", h->reason);
		zv_jw_bool(&o, "family_informed", h->family_informed);
		zv_jw_str(&o, "informed_at", h->informed_at);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void members_json(struct zv_jw *w, const struct zv_case_view *v)
{
	zv_jw_key(w, "team_members");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_members; i++) {
		struct zv_jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		zv_jw_open(&o, w->out, '{');
		zv_jw_str(&o, "login", v->members[i].login);
		zv_jw_str(&o, "name", v->member_names ? v->member_names[i] : NULL);
		zv_jw_str(&o, "role", zv_case_role_name(v->members[i].role));
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void entry_fields(struct zv_jw *o, const struct zv_rec_entry *e)
{
	zv_jw_int(o, "version", e->version);
	zv_jw_str(o, "kind", zv_entry_kind_name(e->kind));
	zv_jw_str(o, "category", category_of(e->category));
	zv_jw_str(o, "source", e->source);
	zv_jw_str(o, "text", e->text);
	zv_jw_strings(o, "subjects", e->subjects, e->n_subjects);
	zv_jw_str(o, "author", e->author);
	zv_jw_str(o, "organisation", e->author_org);
	zv_jw_str(o, "secrecy_holder", e->secrecy_holder);
	zv_jw_str(o, "recorded_at", e->recorded_at);
	zv_jw_str(o, "verified_by", e->verified_by);
	zv_jw_str(o, "verified_at", e->verified_at);
	zv_jw_str(o, "correction_reason", e->correction_reason);
}

static void entry_json(struct zv_jw *w, const struct zv_case_view *v, size_t i)
{
	const struct zv_rec_entry *e = &v->entries[i];
	struct zv_jw o;
	zv_jw_open(&o, w->out, '{');
	zv_jw_str(&o, "id", e->id);
	if (v->entry_anonymous[i]) {
		zv_jw_bool(&o, "anonymous", true);
		zv_jw_str(&o, "kind", zv_entry_kind_name(e->kind));
		zv_jw_str(&o, "category", category_of(e->category));
		zv_jw_str(&o, "recorded_at", e->recorded_at);
		zv_buf_putc(w->out, '}');
		return;
	}
	zv_jw_bool(&o, "anonymous", false);
	entry_fields(&o, e);
	zv_jw_key(&o, "corrected_versions");
	zv_buf_putc(w->out, '[');
	bool first = true;
	for (size_t k = 0; k < v->n_old_versions; k++) {
		if (strcmp(v->old_versions[k].id, e->id))
			continue;
		struct zv_jw old;
		if (!first)
			zv_buf_putc(w->out, ',');
		first = false;
		zv_jw_open(&old, w->out, '{');
		entry_fields(&old, &v->old_versions[k]);
		zv_jw_bool(&old, "corrected", true);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
	zv_jw_key(&o, "reactions");
	zv_buf_putc(w->out, '[');
	first = true;
	for (size_t k = 0; k < v->n_reactions; k++) {
		const struct zv_rec_reaction *r = &v->reactions[k];
		if (strcmp(r->entry_id, e->id))
			continue;
		struct zv_jw rj;
		if (!first)
			zv_buf_putc(w->out, ',');
		first = false;
		zv_jw_open(&rj, w->out, '{');
		zv_jw_str(&rj, "id", r->id);
		zv_jw_str(&rj, "person", r->person);
		zv_jw_str(&rj, "text", r->text);
		zv_jw_str(&rj, "at", r->at);
		zv_jw_str(&rj, "recorded_by", r->recorded_by);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
	zv_buf_putc(w->out, '}');
}

static void consents_json(struct zv_jw *w, const struct zv_case_view *v)
{
	zv_jw_key(w, "consents");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_consents; i++) {
		const struct zv_rec_consent *c = &v->consents[i];
		struct zv_jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		zv_jw_open(&o, w->out, '{');
		zv_jw_str(&o, "id", c->id);
		zv_jw_str(&o, "subject", c->subject);
		zv_jw_str(&o, "kind", zv_consent_kind_name(c->kind));
		zv_jw_str(&o, "purpose", c->purpose);
		zv_jw_strings(&o, "recipients", c->recipients, c->n_recipients);
		if (c->has_categories)
			zv_jw_categories(&o, "categories", c->categories);
		else
			zv_jw_str(&o, "categories", NULL);
		zv_jw_strings(&o, "given_by", c->givers, c->n_givers);
		zv_jw_str(&o, "state", zv_consent_state_name(c->state));
		zv_jw_int(&o, "version", c->version);
		zv_jw_str(&o, "at", c->at);
		zv_jw_str(&o, "by", c->by);
		zv_jw_bool(&o, "free", c->free);
		zv_jw_bool(&o, "unambiguous", c->unambiguous);
		zv_jw_bool(&o, "informed", c->informed);
		zv_jw_bool(&o, "specific", c->specific);
		zv_jw_bool(&o, "explicit", c->explicit);
		zv_jw_str(&o, "how_obtained", c->how_obtained);
		zv_jw_str(&o, "present", c->present);
		zv_jw_str(&o, "valid_until", c->valid_until);
		zv_jw_str(&o, "note", c->note);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

static void records_json(struct zv_jw *w, const struct zv_case_view *v)
{
	zv_jw_key(w, "decisions");
	zv_buf_putc(w->out, '[');
	for (size_t i = 0; i < v->n_decisions; i++) {
		const struct zv_rec_decision *d = &v->decisions[i];
		struct zv_jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		zv_jw_open(&o, w->out, '{');
		zv_jw_str(&o, "id", d->id);
		zv_jw_str(&o, "at", d->at);
		zv_jw_str(&o, "by", d->by);
		zv_jw_str(&o, "action", zv_action_name((enum zv_action)d->action));
		zv_jw_str(&o, "outcome", zv_outcome_name((enum zv_outcome)d->outcome));
		zv_jw_str(&o, "review_reason", d->review_reason);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
	zv_jw_key(w, "disclosures");
	zv_buf_putc(w->out, '[');
	static const char *const STATES[] = {"pending", "done", "stopped"};
	for (size_t i = 0; i < v->n_disclosures; i++) {
		const struct zv_rec_disclosure *d = &v->disclosures[i];
		struct zv_jw o;
		if (i)
			zv_buf_putc(w->out, ',');
		zv_jw_open(&o, w->out, '{');
		zv_jw_str(&o, "id", d->id);
		zv_jw_str(&o, "decision", d->decision_id);
		zv_jw_str(&o, "recipient_org", d->recipient_org);
		zv_jw_str(&o, "recipient_person", d->recipient_person);
		zv_jw_str(&o, "scope", d->scope ? zv_scope_name((enum zv_scope_kind)d->scope)
					     : "content");
		zv_jw_categories(&o, "categories", d->categories);
		zv_jw_str(&o, "state", d->state >= 0 && d->state < 3 ? STATES[d->state] : NULL);
		zv_jw_str(&o, "at", d->at);
		zv_jw_str(&o, "by", d->by);
		zv_jw_strings(&o, "entries", d->entries, d->n_entries);
		zv_jw_str(&o, "stopped_reason", d->stopped_reason);
		zv_buf_putc(w->out, '}');
	}
	zv_buf_putc(w->out, ']');
}

void zv_api_write_obligations(const struct zv_rec_obligation *o, size_t n,
			      struct zv_buf *out)
{
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		struct zv_jw w;
		if (i)
			zv_buf_putc(out, ',');
		zv_jw_open(&w, out, '{');
		zv_jw_str(&w, "id", o[i].id);
		zv_jw_str(&w, "case", o[i].case_id);
		zv_jw_str(&w, "decision", o[i].decision_id);
		zv_jw_str(&w, "rule", o[i].rule);
		zv_jw_str(&w, "code", o[i].code);
		zv_jw_str(&w, "text", o[i].text);
		zv_jw_str(&w, "due", o[i].due);
		zv_jw_str(&w, "owner", o[i].owner);
		zv_jw_str(&w, "created_at", o[i].created_at);
		zv_jw_str(&w, "fulfilled_at", o[i].fulfilled_at);
		zv_jw_str(&w, "fulfilled_by", o[i].fulfilled_by);
		zv_jw_str(&w, "note", o[i].note);
		zv_buf_putc(out, '}');
	}
	zv_buf_putc(out, ']');
}

void zv_api_write_case_view(const struct zv_case_view *v, struct zv_buf *out)
{
	struct zv_jw w;
	zv_jw_open(&w, out, '{');
	zv_jw_str(&w, "id", v->c.id);
	zv_jw_int(&w, "version", v->c.version);
	zv_jw_str(&w, "household", v->household_id);
	zv_jw_str(&w, "household_name", v->household_name);
	zv_jw_str(&w, "team", v->c.team);
	zv_jw_str(&w, "organisation", v->c.organisation);
	zv_jw_str(&w, "task", v->c.task);
	zv_jw_str(&w, "title", v->c.title);
	zv_jw_str(&w, "framework", zv_framework_name(v->c.framework));
	zv_jw_str(&w, "phase", zv_phase_name(v->c.phase));
	zv_jw_str(&w, "opened_at", v->c.opened_at);
	zv_jw_str(&w, "opened_by", v->c.opened_by);
	zv_jw_str(&w, "your_role", zv_case_role_name(v->role));
	zv_jw_bool(&w, "break_the_glass", v->by_grant);
	zv_jw_bool(&w, "anonymous", v->anonymous);
	zv_jw_bool(&w, "truncated", v->truncated);
	persons_json(&w, v);
	history_json(&w, v);
	members_json(&w, v);
	zv_jw_key(&w, "entries");
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < v->n_entries; i++) {
		if (i)
			zv_buf_putc(out, ',');
		entry_json(&w, v, i);
	}
	zv_buf_putc(out, ']');
	consents_json(&w, v);
	records_json(&w, v);
	zv_jw_key(&w, "obligations");
	zv_api_write_obligations(v->obligations, v->n_obligations, out);
	zv_buf_putc(out, '}');
}

void zv_api_write_case_list(const struct zv_case_summary *c, size_t n, struct zv_buf *out)
{
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			zv_buf_putc(out, ',');
		case_summary_json(&c[i], out);
	}
	zv_buf_putc(out, ']');
}

void zv_api_write_break_glass(const struct zv_rec_break_glass *g, size_t n,
			      struct zv_buf *out)
{
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		struct zv_jw w;
		if (i)
			zv_buf_putc(out, ',');
		zv_jw_open(&w, out, '{');
		zv_jw_str(&w, "id", g[i].id);
		zv_jw_str(&w, "case", g[i].case_id);
		zv_jw_str(&w, "login", g[i].login);
		zv_jw_str(&w, "reason", g[i].reason);
		zv_jw_str(&w, "at", g[i].at);
		zv_jw_str(&w, "until", g[i].until);
		zv_jw_close(&w, '}');
	}
	zv_buf_putc(out, ']');
}

void zv_api_write_organisations(const struct zv_config *cfg, struct zv_buf *out)
{
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < cfg->n_organisations; i++) {
		struct zv_jw w;
		if (i)
			zv_buf_putc(out, ',');
		zv_jw_open(&w, out, '{');
		zv_jw_str(&w, "id", cfg->organisations[i].id);
		zv_jw_str(&w, "name", cfg->organisations[i].name);
		zv_jw_str(&w, "kind", zv_org_name(cfg->organisations[i].kind));
		zv_jw_close(&w, '}');
	}
	zv_buf_putc(out, ']');
}

void zv_api_write_case_ids(const struct zv_case_ids *ids, size_t n_persons,
			   struct zv_buf *out)
{
	struct zv_jw w;
	zv_jw_open(&w, out, '{');
	zv_jw_str(&w, "id", ids->case_id);
	zv_jw_str(&w, "household", ids->household_id);
	zv_jw_key(&w, "persons");
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < n_persons; i++) {
		if (i)
			zv_buf_putc(out, ',');
		zv_json_write_string(out, ids->person_ids[i], strlen(ids->person_ids[i]));
	}
	zv_buf_puts(out, "]}");
}

void zv_api_write_disclosure(const struct zv_disclosure_result *r, bool carry_out,
			     struct zv_buf *out)
{
	struct zv_jw w;
	zv_jw_open(&w, out, '{');
	zv_jw_str(&w, "decision_id", r->decision_id);
	zv_jw_bool(&w, "carried_out", carry_out);
	if (r->disclosure_id[0]) {
		zv_jw_str(&w, "disclosure_id", r->disclosure_id);
		zv_jw_strings(&w, "released", r->released, r->n_released);
		zv_jw_int(&w, "obligations_created", (long long)r->obligations_created);
	}
	zv_jw_key(&w, "decision");
	zv_decision_write_json(r->decision, r->situation, out);
	zv_jw_close(&w, '}');
}

void zv_api_write_withdrawal(const char *consent_id, const struct zv_withdrawal_result *r,
			     struct zv_buf *out)
{
	struct zv_jw w;
	zv_jw_open(&w, out, '{');
	zv_jw_str(&w, "id", consent_id);
	zv_jw_int(&w, "version", (long long)r->version);
	zv_jw_int(&w, "disclosures_stopped", (long long)r->disclosures_stopped);
	zv_jw_int(&w, "decisions_flagged", (long long)r->decisions_flagged);
	zv_jw_bool(&w, "still_in_force", r->still_in_force);
	zv_jw_str(&w, "consequence", r->consequence);
	zv_jw_close(&w, '}');
}

void zv_api_write_audit_report(const struct zv_audit_report *r, const char *log_id, bool export,
			       struct zv_buf *out)
{
	struct zv_jw w;
	zv_jw_open(&w, out, '{');
	zv_jw_bool(&w, "ok", r->ok);
	zv_jw_int(&w, "events", (long long)r->events);
	zv_jw_int(&w, "signed_heads", (long long)r->heads);
	zv_jw_int(&w, "bytes", (long long)r->bytes);
	if (export && r->events) {
		zv_jw_int(&w, "first", (long long)r->first);
		zv_jw_int(&w, "last", (long long)r->last);
		zv_jw_int(&w, "tree_size", (long long)r->tree_size);
		zv_jw_bool(&w, "partial", r->first > 0 || r->last + 1 < r->tree_size);
	}
	if (!export && r->ok)
		zv_jw_int(&w, "indexed", (long long)r->indexed);
	zv_jw_str(&w, "log_id", log_id);
	if (!r->ok) {
		if (r->has_event)
			zv_jw_int(&w, "event", (long long)r->event);
		zv_jw_str(&w, "problem", r->problem);
	}
	zv_jw_close(&w, '}');
}
