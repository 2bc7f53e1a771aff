/*
 * situation_write.c — struct zv_situation → JSON in the contract's input
 * form (docs/decision-api.md), so that the dossier can store the situation it
 * decided on and a user interface can show it.
 *
 * Written by hand like decision_write.c: one pass, one line, keys in the
 * contract's order (the extensions of docs/decision-api-notes.md where the
 * parser lists them), no allocation beyond the output buffer, byte-identical
 * output for the same situation. Every fact that is set is written; absent
 * facts are left out, and so are facts equal to their default (a false flag,
 * `capable` true, `initiative` request, `purpose.kind` care, `data.scope`
 * content, `identifiability` identifiable, a person's role `other`), which
 * the parser reads back the same. Sections without any fact are left out;
 * `actor` and `persons` are required and always written, and so are
 * `version` and `date`. Persons are referred to by id, in their order;
 * consent recipients are the organisation kinds (in the engine's order), then
 * "org:<id>", then person ids.
 *
 * For every situation that zv_situation_parse() accepted, parsing the output
 * gives back a situation with the same facts, so the same decision and the
 * same output — with one exception: a raw DEL (one byte, valid JSON) is
 * written escaped in six, so a situation near the 1 MiB cap full of them
 * writes more than the parser reads (never more than 8 MiB). A situation
 * built by hand may hold what the JSON form cannot say; such facts are
 * written as they are (the parser then refuses them, loudly) or, where they
 * mean nothing to the engine, dropped:
 *   - dropped: the fields of a counterparty that is not `present`, facts
 *     behind a has_* flag that is false (categories, recipients, dates),
 *     references to persons beyond n_persons, an "org:<id>" that is empty or
 *     repeated, a negative age, category bits beyond the four, a zv_tri
 *     outside its three values;
 *   - refused when read back: a text that is not valid UTF-8 (written with
 *     U+FFFD, so the output stays valid JSON) or holds NUL, an empty or
 *     repeated person id, authority over oneself, an age over 130, empty
 *     `data.categories`, an `acting_for` other than local_team,
 *     veilig_thuis, rvdk or gi, enum values outside their lists, anything
 *     beyond the limits of zv/codec.h (lengths, counts);
 *   - read back differently: a person whose id is an organisation kind
 *     ("gi") or starts with "org:", named among a consent's recipients, is
 *     read as that kind or organisation id (the parser tries those first).
 */
#include "vocabulary.h"
#include "zv/codec.h"

#include <string.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* The name of value `v` in `names`, or "" outside the list. */
static const char *name_of(const char *const *names, int n, int v)
{
	return v >= 0 && v < n && names[v] ? names[v] : "";
}
#define NAME(names, v) name_of((names), COUNT(names), (int)(v))

/* ---- an object whose braces are written on its first key --------------- */

/* A JSON object being written. A section (`parent` set) is opened — its key
 * and "{" written into the parent — only when its first key is, so that a
 * section without facts leaves no trace. */
struct obj {
	struct zv_buf *out;
	struct obj *parent;   /* NULL: written by the caller (the root, an array element) */
	const char *name;     /* the section's key in the parent */
	bool open;            /* "{" written */
	bool any;             /* a key written: the next needs a comma */
};

static void str(struct zv_buf *out, const char *s)
{
	zv_json_write_string(out, s, strlen(s));
}

static void text(struct zv_buf *out, struct zv_text t)
{
	zv_json_write_string(out, t.ptr ? t.ptr : "", t.ptr ? t.len : 0);
}

static void key(struct obj *o, const char *k);

static void obj_open(struct obj *o)
{
	if (o->open)
		return;
	if (o->parent)
		key(o->parent, o->name);
	zv_buf_putc(o->out, '{');
	o->open = true;
}

static void key(struct obj *o, const char *k)
{
	obj_open(o);
	if (o->any)
		zv_buf_putc(o->out, ',');
	str(o->out, k);
	zv_buf_putc(o->out, ':');
	o->any = true;
}

static struct obj section(struct obj *parent, const char *name)
{
	return (struct obj){.out = parent->out, .parent = parent, .name = name};
}

static struct obj element(struct zv_buf *out)
{
	return (struct obj){.out = out};
}

/* Closes the object; `always` writes "{}" for one without facts. */
static void obj_close(struct obj *o, bool always)
{
	if (always)
		obj_open(o);
	if (o->open)
		zv_buf_putc(o->out, '}');
}

/* ---- facts ------------------------------------------------------------- */

/* A flag, written only when it differs from its default. */
static void put_flag(struct obj *o, const char *k, bool v, bool dflt)
{
	if (v == dflt)
		return;
	key(o, k);
	zv_buf_puts(o->out, v ? "true" : "false");
}

static void put_tri(struct obj *o, const char *k, enum zv_tri v)
{
	if (v != ZV_YES && v != ZV_NO)
		return;
	key(o, k);
	zv_buf_puts(o->out, v == ZV_YES ? "true" : "false");
}

/* A value of a list, written unless it is the absent or default value 0. */
static void put_name(struct obj *o, const char *k, int v, const char *name)
{
	if (v == 0)
		return;
	key(o, k);
	str(o->out, name);
}

static void put_text(struct obj *o, const char *k, struct zv_text t)
{
	if (!t.len)
		return;
	key(o, k);
	text(o->out, t);
}

static void put_date(struct obj *o, const char *k, bool has, zv_day d)
{
	if (!has)
		return;
	char buf[11];
	zv_date_format(d, buf);
	key(o, k);
	str(o->out, buf);
}

/* Opens an array element: a comma before all but the first. */
static void item(struct zv_buf *out, bool *first)
{
	if (!*first)
		zv_buf_putc(out, ',');
	*first = false;
}

static void person_items(struct zv_buf *out, const struct zv_situation *s, zv_personset set,
			 bool *first)
{
	for (uint32_t i = 0; i < s->n_persons && i < ZV_MAX_PERSONS; i++)
		if ((set >> i) & 1u) {
			item(out, first);
			text(out, s->persons[i].id);
		}
}

/* A set of persons as their ids; nothing when it names none of them. */
static void put_persons(struct obj *o, const char *k, const struct zv_situation *s,
			zv_personset set)
{
	zv_personset all = s->n_persons >= 64 ? ~(zv_personset)0
					      : (UINT64_C(1) << s->n_persons) - 1;
	if (!(set & all))
		return;
	key(o, k);
	bool first = true;
	zv_buf_putc(o->out, '[');
	person_items(o->out, s, set, &first);
	zv_buf_putc(o->out, ']');
}

static void category_items(struct zv_buf *out, uint8_t cats)
{
	zv_buf_putc(out, '[');
	bool first = true;
	for (int i = 0; i < 4; i++)
		if ((cats >> i) & 1u) {
			item(out, &first);
			str(out, zv_category_name(i));
		}
	zv_buf_putc(out, ']');
}

static void put_categories(struct obj *o, const char *k, bool has, uint8_t cats)
{
	if (!has)
		return;
	key(o, k);
	category_items(o->out, cats);
}

/* "org:<id>" without a copy: `"org` goes first, then the escaped id, whose
 * opening quote becomes the colon (the prefix needs no escaping). */
static void org_id_recipient(struct zv_buf *out, struct zv_text id)
{
	zv_buf_puts(out, "\"org");
	size_t at = out->len;
	text(out, id);
	if (out->len > at)   /* also on a full buffer: what it holds stays a prefix */
		out->data[at] = ':';
}

static bool text_eq(struct zv_text a, struct zv_text b)
{
	return a.len == b.len && (!a.len || !memcmp(a.ptr, b.ptr, a.len));
}

static void put_recipients(struct obj *o, const struct zv_situation *s,
			   const struct zv_consent *c)
{
	if (!c->has_recipients)
		return;
	key(o, "recipients");
	zv_buf_putc(o->out, '[');
	bool first = true;
	for (int k = 1; k < ZV_ORG__COUNT; k++)
		if ((c->recipient_orgs >> k) & 1u) {
			item(o->out, &first);
			str(o->out, zv_org_name((enum zv_org)k));
		}
	for (uint32_t i = 0; c->recipient_org_ids && i < c->n_recipient_org_ids; i++) {
		struct zv_text id = c->recipient_org_ids[i];
		bool repeated = false;
		for (uint32_t j = 0; j < i && !repeated; j++)
			repeated = text_eq(c->recipient_org_ids[j], id);
		if (!id.len || !id.ptr || repeated)
			continue;
		item(o->out, &first);
		org_id_recipient(o->out, id);
	}
	person_items(o->out, s, c->recipient_persons, &first);
	zv_buf_putc(o->out, ']');
}

/* ---- the sections ------------------------------------------------------ */

static void write_consent(struct zv_buf *out, const struct zv_situation *s,
			  const struct zv_consent *c)
{
	struct obj o = element(out);
	key(&o, "kind");
	str(out, NAME(CONSENT_KINDS, c->kind));
	put_persons(&o, "given_by", s, c->given_by);
	put_flag(&o, "free", c->free, false);
	put_flag(&o, "unambiguous", c->unambiguous, false);
	put_flag(&o, "informed", c->informed, false);
	put_flag(&o, "specific", c->specific, false);
	put_flag(&o, "explicit", c->explicit, false);
	put_recipients(&o, s, c);
	put_categories(&o, "categories", c->has_categories, c->categories);
	put_date(&o, "valid_until", c->has_valid_until, c->valid_until);
	put_flag(&o, "withdrawn", c->withdrawn, false);
	obj_close(&o, true);
}

static void write_person(struct zv_buf *out, const struct zv_situation *s,
			 const struct zv_person *p)
{
	struct obj o = element(out);
	key(&o, "id");
	text(out, p->id);
	put_name(&o, "role", (int)p->role, NAME(PERSON_ROLES, p->role));
	if (p->age >= 0) {
		key(&o, "age");
		zv_buf_printf(out, "%d", (int)p->age);
	}
	put_flag(&o, "capable", p->capable, true);
	put_persons(&o, "authority_holders", s, p->authority_holders);
	if (p->n_consents && p->consents) {
		key(&o, "consents");
		zv_buf_putc(out, '[');
		bool first = true;
		for (uint32_t k = 0; k < p->n_consents; k++) {
			item(out, &first);
			write_consent(out, s, &p->consents[k]);
		}
		zv_buf_putc(out, ']');
	}
	obj_close(&o, true);
}

static void write_purpose(struct obj *root, const struct zv_situation *s)
{
	struct obj o = section(root, "purpose");
	put_text(&o, "description", s->purpose.description);
	put_tri(&o, "within_task", s->purpose.within_task);
	put_name(&o, "kind", (int)s->purpose.kind, NAME(PURPOSE_KINDS, s->purpose.kind));
	put_flag(&o, "further_use", s->purpose.further_use, false);
	put_text(&o, "further_use_provision", s->purpose.further_use_provision);
	put_tri(&o, "compatible", s->purpose.compatible);
	put_tri(&o, "domestic_violence_concern", s->purpose.domestic_violence_concern);
	obj_close(&o, false);
}

static void write_actor(struct obj *root, const struct zv_situation *s)
{
	struct obj o = section(root, "actor");
	key(&o, "org_kind");
	str(o.out, zv_org_name(s->actor.kind));
	put_name(&o, "acting_for", (int)s->actor.acting_for, zv_org_name(s->actor.acting_for));
	put_text(&o, "acting_for_org", s->actor.acting_for_org);
	put_text(&o, "org_id", s->actor.org_id);
	put_tri(&o, "public_authority", s->actor.public_authority);
	put_name(&o, "secrecy", (int)s->actor.secrecy, NAME(SECRECY, s->actor.secrecy));
	put_flag(&o, "referral_task", s->actor.referral_task, false);
	put_name(&o, "case_role", (int)s->actor.case_role, NAME(CASE_ROLES, s->actor.case_role));
	put_flag(&o, "lawyer_confirmed_consent_basis", s->actor.lawyer_confirmed_consent_basis,
		 false);
	obj_close(&o, true);
}

static void write_counterparty(struct obj *root, const struct zv_situation *s)
{
	if (!s->counterparty.present)
		return;
	struct obj o = section(root, "counterparty");
	int32_t p = s->counterparty.person;
	if (p >= 0 && (uint32_t)p < s->n_persons) {
		key(&o, "person");
		text(o.out, s->persons[p].id);
	}
	put_name(&o, "org_kind", (int)s->counterparty.kind, zv_org_name(s->counterparty.kind));
	put_text(&o, "org_id", s->counterparty.org_id);
	put_tri(&o, "public_authority", s->counterparty.public_authority);
	put_tri(&o, "directly_involved", s->counterparty.directly_involved);
	put_tri(&o, "own_legal_basis", s->counterparty.own_legal_basis);
	put_tri(&o, "criminal_justice", s->counterparty.criminal_justice);
	put_flag(&o, "reporter", s->counterparty.reporter, false);
	obj_close(&o, true);   /* present, even when empty */
}

static void write_persons(struct obj *root, const struct zv_situation *s)
{
	key(root, "persons");
	zv_buf_putc(root->out, '[');
	bool first = true;
	for (uint32_t i = 0; s->persons && i < s->n_persons; i++) {
		item(root->out, &first);
		write_person(root->out, s, &s->persons[i]);
	}
	zv_buf_putc(root->out, ']');
}

static void write_data(struct obj *root, const struct zv_situation *s)
{
	__typeof__(s->data) *d = &s->data;   /* const, as *s */
	struct obj o = section(root, "data");
	put_persons(&o, "about", s, d->about);
	put_categories(&o, "categories", d->has_categories, d->categories);
	put_name(&o, "identifiability", (int)d->identifiability,
		 NAME(IDENTIFIABILITY, d->identifiability));
	put_flag(&o, "contains_third_party_data", d->contains_third_party_data, false);
	put_name(&o, "scope", (int)d->scope, NAME(DATA_SCOPES, d->scope));
	put_tri(&o, "existence_suffices", d->existence_suffices);
	put_tri(&o, "necessity_substantiated", d->necessity_substantiated);
	put_tri(&o, "beyond_necessary", d->beyond_necessary);
	put_tri(&o, "obtainable_from_subjects", d->obtainable_from_subjects);
	put_tri(&o, "asking_subjects_endangers_safety", d->asking_subjects_endangers_safety);
	put_tri(&o, "anonymous_suffices", d->anonymous_suffices);
	put_tri(&o, "proportionate", d->proportionate);
	put_text(&o, "special_category_exception", d->special_category_exception);
	put_flag(&o, "unverified_or_opinion", d->unverified_or_opinion, false);
	put_name(&o, "secrecy_holder", (int)d->secrecy_holder, zv_org_name(d->secrecy_holder));
	put_text(&o, "secrecy_holder_org", d->secrecy_holder_org);
	put_flag(&o, "disclosed_to_actor", d->disclosed_to_actor, false);
	put_flag(&o, "restricted_from_actor", d->restricted_from_actor, false);
	obj_close(&o, false);
}

static void write_legal_basis(struct obj *root, const struct zv_situation *s)
{
	struct obj o = section(root, "legal_basis");
	put_name(&o, "ground", (int)s->legal_basis.ground, NAME(GROUNDS, s->legal_basis.ground));
	put_text(&o, "provision", s->legal_basis.provision);
	obj_close(&o, false);
}

static void write_conflict(struct obj *root, const struct zv_situation *s)
{
	struct obj o = section(root, "conflict_of_duties");
	put_tri(&o, "consent_attempted", s->conflict_of_duties.consent_attempted);
	put_tri(&o, "serious_harm", s->conflict_of_duties.serious_harm);
	put_tri(&o, "no_alternative", s->conflict_of_duties.no_alternative);
	put_tri(&o, "limits_harm", s->conflict_of_duties.limits_harm);
	obj_close(&o, false);
}

static void write_transparency(struct obj *root, const struct zv_situation *s)
{
	struct obj o = section(root, "transparency");
	put_tri(&o, "informed_beforehand", s->transparency.informed_beforehand);
	put_name(&o, "reason_not_informed", (int)s->transparency.reason_not_informed,
		 NAME(REASONS, s->transparency.reason_not_informed));
	obj_close(&o, false);
}

static void write_veilig_thuis(struct obj *root, const struct zv_situation *s)
{
	__typeof__(s->veilig_thuis) *vt = &s->veilig_thuis;
	struct obj o = section(root, "veilig_thuis");
	put_date(&o, "report_date", vt->has_report_date, vt->report_date);
	put_tri(&o, "reasonable_suspicion", vt->reasonable_suspicion);
	put_date(&o, "new_report_date", vt->has_new_report_date, vt->new_report_date);
	put_date(&o, "investigation_decided_date", vt->has_investigation_decided_date,
		 vt->investigation_decided_date);
	put_date(&o, "investigation_start_date", vt->has_investigation_start_date,
		 vt->investigation_start_date);
	put_flag(&o, "new_report", vt->new_report, false);
	put_tri(&o, "continuation_justified", vt->continuation_justified);
	obj_close(&o, false);
}

static void write_zorg_straf(struct obj *root, const struct zv_situation *s)
{
	struct obj o = section(root, "zorg_straf");
	put_tri(&o, "contributes_to_ending_violence", s->zorg_straf.contributes_to_ending_violence);
	put_tri(&o, "solely_recipient_task", s->zorg_straf.solely_recipient_task);
	put_flag(&o, "zsm_report", s->zorg_straf.zsm_report, false);
	obj_close(&o, false);
}

void zv_situation_write_json(const struct zv_situation *s, struct zv_buf *out)
{
	struct obj root = element(out);
	key(&root, "version");
	zv_buf_putc(out, '1');
	put_date(&root, "date", true, s->date);
	key(&root, "action");
	str(out, zv_action_name(s->action));
	put_name(&root, "initiative", (int)s->initiative, NAME(INITIATIVES, s->initiative));
	write_purpose(&root, s);
	write_actor(&root, s);
	write_counterparty(&root, s);
	write_persons(&root, s);
	write_data(&root, s);
	write_legal_basis(&root, s);
	put_name(&root, "secrecy_ground", (int)s->secrecy_ground,
		 NAME(SECRECY_GROUNDS, s->secrecy_ground));
	put_flag(&root, "secrecy_provision_confirmed", s->secrecy_provision_confirmed, false);
	put_tri(&root, "parent_access_incompatible_with_good_care",
		s->parent_access_incompatible);
	write_conflict(&root, s);
	write_transparency(&root, s);
	put_name(&root, "framework", (int)s->framework, NAME(FRAMEWORKS, s->framework));
	put_flag(&root, "participation_withdrawn", s->participation_withdrawn, false);
	write_veilig_thuis(&root, s);
	write_zorg_straf(&root, s);
	obj_close(&root, true);
}
