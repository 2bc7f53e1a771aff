/*
 * situation.c — the engine's situations, built from stored facts.
 *
 * The services never decide a rule themselves (docs/ARCHITECTURE.md,
 * invariant 6): they describe what the store holds — the household's
 * persons with their ages on today's date, parental authority, capability
 * and consents; who acts as what; what an entry is and who holds its
 * secrecy; what was disclosed to whom; what is restricted — and ask
 * zv_decide() or zv_decide_view().
 *
 * Consents enter a situation as they stand: given or renewed ones count,
 * withdrawn ones are marked withdrawn (R2.5) and expired ones keep their end
 * date, so the engine sees why they do not count — until the same people
 * give the same party that kind of consent again (`superseded`); requested
 * and refused ones are no consent at all and stay out.
 */
#include <string.h>

#include "internal.h"

static enum zv_tri tri_of(int stored)
{
	return stored == ZV_YES ? ZV_YES : stored == ZV_NO ? ZV_NO : ZV_UNKNOWN;
}

int svc_person_index(const struct household_facts *h, const char *id)
{
	for (size_t i = 0; id && i < h->n; i++)
		if (!strcmp(h->ids[i], id))
			return (int)i;
	return -1;
}

zv_personset svc_person_set(const struct household_facts *h, const char *const *ids, size_t n)
{
	zv_personset set = 0;
	for (size_t i = 0; i < n; i++) {
		int k = svc_person_index(h, ids[i]);
		if (k >= 0)
			set |= (zv_personset)1 << k;
	}
	return set;
}

bool svc_consent_in_force(const struct zv_rec_consent *c)
{
	return c->state == ZV_CONSENT_GIVEN || c->state == ZV_CONSENT_RENEWED;
}

const struct zv_rec_entry *svc_find_entry(const struct zv_case_record *r, const char *id)
{
	for (size_t i = 0; i < r->n_entries; i++)
		if (!strcmp(r->entries[i].id, id))
			return &r->entries[i];
	return NULL;
}

static bool names_recipient(const struct zv_rec_consent *c, const char *recipient)
{
	for (size_t i = 0; i < c->n_recipients; i++)
		if (!strcmp(c->recipients[i], recipient))
			return true;
	return false;
}

static bool covers_categories(const struct zv_rec_consent *c, const struct zv_rec_consent *of)
{
	return !c->has_categories || (of->has_categories && (of->categories & ~c->categories) == 0);
}

static bool gave(const struct zv_rec_consent *c, const char *person)
{
	for (size_t i = 0; i < c->n_givers; i++)
		if (!strcmp(c->givers[i], person))
			return true;
	return false;
}

/* Whether, since `old` ended, its givers have given the same kind of consent
 * about the same person to `recipient` again, for at least its categories
 * (each giver in a consent of their own, or together in one). */
static bool given_again_to(const struct zv_case_record *r, const struct zv_rec_consent *old,
			   const char *recipient)
{
	for (size_t g = 0; g < old->n_givers; g++) {
		bool found = false;
		for (size_t i = 0; i < r->n_consents && !found; i++) {
			const struct zv_rec_consent *c = &r->consents[i];
			found = c != old && svc_consent_in_force(c) && c->kind == old->kind &&
				!strcmp(c->subject, old->subject) && strcmp(c->at, old->at) > 0 &&
				names_recipient(c, recipient) && covers_categories(c, old) &&
				gave(c, old->givers[g]);
		}
		if (!found)
			return false;
	}
	return true;
}

/* A withdrawal (or an expiry) is the person's word until the same people
 * give that kind of consent to each of its parties again, for at least its
 * categories: R2.5 counts from the moment of withdrawal. The situation has
 * no dates of giving, and the engine lets a withdrawal on record end every
 * consent of that kind to its parties; so a withdrawal is left out only when
 * all its parties were given it again — re-given to some of them only, it
 * stays, and those parties wait for the rest (the careful side). */
static bool superseded(const struct zv_case_record *r, const struct zv_rec_consent *old)
{
	if (!old->n_recipients || !old->n_givers)
		return false;
	for (size_t k = 0; k < old->n_recipients; k++)
		if (!given_again_to(r, old, old->recipients[k]))
			return false;
	return true;
}

static bool consent_counts(const struct zv_case_record *r, const struct zv_rec_consent *c)
{
	if (svc_consent_in_force(c))
		return true;
	return (c->state == ZV_CONSENT_WITHDRAWN || c->state == ZV_CONSENT_EXPIRED) &&
	       !superseded(r, c);
}

/* Recipients: "org:<id>", an organisation kind, or "person:<id>". */
static int consent_recipients(struct zv_arena *a, const struct household_facts *h,
			      const struct zv_rec_consent *rc, struct zv_consent *c)
{
	c->has_recipients = rc->n_recipients > 0;
	struct zv_text *ids = NULL;
	if (rc->n_recipients) {
		ids = zv_arena_alloc(a, rc->n_recipients * sizeof *ids);
		if (!ids)
			return ZV_ENOMEM;
	}
	for (size_t i = 0; i < rc->n_recipients; i++) {
		const char *r = rc->recipients[i];
		if (!strncmp(r, "org:", 4) && c->n_recipient_org_ids < ZV_MAX_RECIPIENT_IDS) {
			ids[c->n_recipient_org_ids++] = (struct zv_text){r + 4, strlen(r + 4)};
		} else if (!strncmp(r, "person:", 7)) {
			int k = svc_person_index(h, r + 7);
			if (k >= 0)
				c->recipient_persons |= (zv_personset)1 << k;
		} else {
			enum zv_org kind;
			if (zv_org_from_name(r, &kind))
				c->recipient_orgs |= 1u << kind;
		}
	}
	c->recipient_org_ids = ids;
	return ZV_OK;
}

static int person_consents(struct zv_arena *a, struct household_facts *h, size_t k,
			   const struct zv_case_record *r)
{
	size_t count = 0;
	for (size_t i = 0; i < r->n_consents; i++)
		if (!strcmp(r->consents[i].subject, h->ids[k]) && consent_counts(r, &r->consents[i]))
			count++;
	if (count > ZV_MAX_CONSENTS)
		count = ZV_MAX_CONSENTS;   /* the newest ZV_MAX_CONSENTS: ids grow with time */
	if (!count)
		return ZV_OK;
	struct zv_consent *list = zv_arena_alloc(a, count * sizeof *list);
	const struct zv_rec_consent **from = zv_arena_alloc(a, count * sizeof *from);
	if (!list || !from)
		return ZV_ENOMEM;
	size_t n = 0;
	for (size_t i = r->n_consents; i-- > 0 && n < count;) {
		const struct zv_rec_consent *rc = &r->consents[i];
		if (strcmp(rc->subject, h->ids[k]) || !consent_counts(r, rc))
			continue;
		struct zv_consent *c = &list[n];
		*c = (struct zv_consent){
			.kind = (enum zv_consent_kind)rc->kind,
			.given_by = svc_person_set(h, rc->givers, rc->n_givers),
			.free = rc->free, .unambiguous = rc->unambiguous, .informed = rc->informed,
			.specific = rc->specific, .explicit = rc->explicit,
			.withdrawn = rc->state == ZV_CONSENT_WITHDRAWN,
			.has_categories = rc->has_categories,
			.categories = (uint8_t)rc->categories,
		};
		if (rc->valid_until)
			c->has_valid_until =
				zv_date_parse(rc->valid_until, strlen(rc->valid_until), &c->valid_until);
		if (rc->state == ZV_CONSENT_EXPIRED && (!c->has_valid_until || c->valid_until >= h->today)) {
			c->has_valid_until = true;   /* recorded as expired: ended before today */
			c->valid_until = h->today - 1;
		}
		if (consent_recipients(a, h, rc, c))
			return ZV_ENOMEM;
		from[n++] = rc;
	}
	h->persons[k].consents = list;
	h->persons[k].n_consents = (uint32_t)n;
	h->consent_of[k] = from;
	return ZV_OK;
}

int svc_household_facts(struct zv_arena *a, const struct zv_case_record *r, zv_day today,
			struct household_facts *out, struct zv_error *err)
{
	memset(out, 0, sizeof *out);
	out->today = today;
	if (r->n_persons > ZV_MAX_PERSONS)
		return zv_error_set(err, ZV_EINTERNAL, "",
				    "household %s has %zu persons; the engine takes at most %d",
				    r->c.household, r->n_persons, ZV_MAX_PERSONS);
	out->n = r->n_persons;
	out->persons = zv_arena_alloc(a, (out->n + 1) * sizeof *out->persons);
	out->ids = zv_arena_alloc(a, (out->n + 1) * sizeof *out->ids);
	if (!out->persons || !out->ids)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory describing a household");
	for (size_t i = 0; i < out->n; i++) {
		const struct zv_rec_person *p = &r->persons[i];
		out->ids[i] = p->id;
		int age = zv_age_on(p->birth_date, today);
		out->persons[i] = (struct zv_person){
			.id = {p->id, strlen(p->id)},
			.role = (enum zv_person_role)p->role,
			.age = (int16_t)age,
			.capable = tri_of(p->capable) != ZV_NO,
		};
	}
	for (size_t i = 0; i < r->n_authority; i++) {
		int child = svc_person_index(out, r->authority[i].child);
		int holder = svc_person_index(out, r->authority[i].holder);
		if (child >= 0 && holder >= 0)
			out->persons[child].authority_holders |= (zv_personset)1 << holder;
	}
	for (size_t k = 0; k < out->n; k++)
		if (person_consents(a, out, k, r))
			return zv_error_set(err, ZV_ENOMEM, "", "out of memory describing consents");
	return ZV_OK;
}

static bool released_to(const struct zv_case_record *r, const struct zv_rec_entry *e,
			const struct acting *who)
{
	for (size_t i = 0; i < r->n_disclosures; i++) {
		const struct zv_rec_disclosure *d = &r->disclosures[i];
		if (d->state != ZV_DISCLOSURE_DONE || !d->recipient_org ||
		    (d->scope != ZV_SCOPE_NONE && d->scope != ZV_SCOPE_MINIMAL))
			continue;   /* existence only or anonymous releases no content */
		if (strcmp(d->recipient_org, who->org_id) &&
		    (!who->acting_for_org || strcmp(d->recipient_org, who->acting_for_org)))
			continue;
		if (d->scope == ZV_SCOPE_MINIMAL && !(d->categories & e->category))
			continue;
		for (size_t j = 0; j < d->n_entries; j++)
			if (!strcmp(d->entries[j], e->id))
				return true;
	}
	return false;
}

static bool restricted_from(const struct zv_case_record *r, const struct zv_rec_entry *e,
			    const char *login)
{
	for (size_t i = 0; i < r->n_restrictions; i++)
		if (r->restrictions[i].login && !strcmp(r->restrictions[i].entry_id, e->id) &&
		    !strcmp(r->restrictions[i].login, login))
			return true;
	return false;
}

/* The kind of the organisation that holds an entry's secrecy. */
static enum zv_org holder_kind(const struct zv_config *cfg, const char *org_id)
{
	const struct zv_organisation *o = org_id ? zv_config_organisation(cfg, org_id) : NULL;
	return o ? o->kind : ZV_ORG_OTHER;
}

void svc_actor(const struct acting *who, int role, struct zv_situation *s)
{
	s->actor.kind = who->kind;
	s->actor.org_id = svc_text(who->org_id);
	s->actor.acting_for = who->acting_for;
	s->actor.acting_for_org = svc_text(who->acting_for_org);
	s->actor.case_role = (enum zv_case_role)role;
}

static void view_situation_with(const struct zv_config *cfg, const struct household_facts *h,
				const struct acting *who, int role, const struct zv_case_record *r,
				const struct zv_rec_entry *e, const char *login,
				struct zv_situation *s)
{
	zv_situation_init(s);
	s->date = h->today;
	s->action = ZV_ACTION_VIEW;
	svc_actor(who, role, s);
	s->persons = h->persons;
	s->n_persons = (uint32_t)h->n;
	s->data.about = svc_person_set(h, e->subjects, e->n_subjects);
	s->data.has_categories = true;
	s->data.categories = (uint8_t)e->category;
	if (e->secrecy_holder) {
		s->data.secrecy_holder = holder_kind(cfg, e->secrecy_holder);
		s->data.secrecy_holder_org =
			(struct zv_text){e->secrecy_holder, strlen(e->secrecy_holder)};
	}
	s->data.disclosed_to_actor = released_to(r, e, who);
	s->data.restricted_from_actor = restricted_from(r, e, login);
	s->data.unverified_or_opinion = e->unverified_or_opinion;
}

void svc_view_situation(const struct household_facts *h, const struct acting *who, int role,
			const struct zv_case_record *r, const struct zv_rec_entry *e,
			const char *login, struct zv_situation *s)
{
	view_situation_with(who->cfg, h, who, role, r, e, login, s);
}

enum zv_visibility svc_entry_visibility(const struct zv_service *sv,
					const struct household_facts *h,
					const struct acting *who, int role,
					const struct zv_case_record *r,
					const struct zv_rec_entry *e, const char *login)
{
	struct zv_situation s;
	view_situation_with(&sv->config, h, who, role, r, e, login, &s);
	return svc_visibility(&s);
}

enum zv_visibility svc_visibility(const struct zv_situation *s)
{
	enum zv_scope_kind scope = ZV_SCOPE_NONE;
	enum zv_outcome o = zv_decide_view(s, &scope);
	if (o == ZV_OUTCOME_ALLOWED)
		return ZV_VISIBLE;
	if (o == ZV_OUTCOME_ALLOWED_LIMITED && scope == ZV_SCOPE_ANONYMOUS)
		return ZV_ANONYMOUS;
	return ZV_HIDDEN;
}

/* ---- recording and sharing ------------------------------------------------ */

const struct zv_task *svc_case_task(const struct acting *who, const struct zv_rec_case *c)
{
	const struct zv_organisation *o = who->responsible;
	if (!o)
		return NULL;
	const struct zv_task *t = zv_config_task(o, c->task);
	return t ? t : (o->n_tasks ? &o->tasks[0] : NULL);
}

const char *svc_category_exception(const struct acting *who, const struct zv_task *task,
				   int categories)
{
	const struct zv_organisation *o = who->responsible;
	int sensitive = categories & ZV_CAT_SENSITIVE;
	if (!o || !sensitive)
		return NULL;
	for (size_t i = 0; i < o->n_exceptions; i++) {
		const struct zv_category_exception *x = &o->exceptions[i];
		if ((x->categories & sensitive) != sensitive)
			continue;
		bool for_task = x->n_tasks == 0;
		for (size_t k = 0; task && k < x->n_tasks && !for_task; k++)
			for_task = !strcmp(x->tasks[k], task->id);
		if (for_task)
			return x->exception;
	}
	return NULL;
}

struct zv_text svc_text(const char *s)
{
	return s ? (struct zv_text){s, strlen(s)} : (struct zv_text){0};
}

void svc_purpose_and_basis(const struct acting *who, const struct zv_rec_case *c,
			   struct zv_situation *s)
{
	const struct zv_task *task = svc_case_task(who, c);
	s->purpose.kind = ZV_PURPOSE_CARE;
	if (task) {
		s->purpose.description = svc_text(task->description);
		s->purpose.within_task = ZV_YES;
		s->legal_basis.ground = task->ground;
		s->legal_basis.provision = svc_text(task->provision);
	}
	s->framework = (enum zv_framework)c->framework;
	if (who->responsible)
		s->actor.lawyer_confirmed_consent_basis =
			who->responsible->lawyer_confirmed_consent_basis;
}

void svc_record_situation(const struct household_facts *h, const struct acting *who, int role,
			  const struct zv_rec_case *c, const struct zv_new_entry *req,
			  struct zv_situation *s)
{
	zv_situation_init(s);
	s->date = h->today;
	s->action = ZV_ACTION_RECORD;
	svc_actor(who, role, s);
	svc_purpose_and_basis(who, c, s);
	s->persons = h->persons;
	s->n_persons = (uint32_t)h->n;
	s->data.about = svc_person_set(h, req->subjects, req->n_subjects);
	s->data.has_categories = true;
	s->data.categories = (uint8_t)req->category;
	s->data.special_category_exception =
		svc_text(svc_category_exception(who, svc_case_task(who, c), req->category));
	s->data.proportionate = req->proportionate;
	s->data.beyond_necessary = req->beyond_necessary;
	s->data.unverified_or_opinion = req->kind == ZV_ENTRY_OPINION ||
					req->kind == ZV_ENTRY_VIEW || !req->verified;
	s->transparency.informed_beforehand = req->informed_beforehand;
	s->transparency.reason_not_informed = req->reason_not_informed;
}

/* ---- R9.3: after participation is withdrawn ------------------------------ */

unsigned svc_withdrawal_options(struct zv_arena *a, const struct acting *who, int role,
				const struct zv_rec_case *c, zv_day today, zv_day *due)
{
	struct zv_situation s;
	zv_situation_init(&s);
	s.date = today;
	s.action = ZV_ACTION_RECORD;
	svc_actor(who, role, &s);
	svc_purpose_and_basis(who, c, &s);
	struct zv_person household = {.id = {"gezin", 5}, .age = -1, .capable = true};
	s.persons = &household;
	s.n_persons = 1;
	s.participation_withdrawn = true;
	struct zv_decision *d = zv_arena_alloc(a, sizeof *d);   /* large: not on the stack */
	*due = today;
	if (!d || zv_decide(&s, d, ZV_DECIDE_NO_TEXT))
		return 0;
	unsigned options = 0;
	for (uint8_t i = 0; i < d->n_alternatives; i++) {
		if (d->alternatives[i].code == ZV_ALT_STOP_INVOLVEMENT)
			options |= 1u << ZV_WITHDRAW_STOP;
		if (d->alternatives[i].code == ZV_ALT_HAND_OVER_TO_MOTHER_ORGANISATION)
			options |= 1u << ZV_WITHDRAW_HAND_OVER;
	}
	for (uint8_t i = 0; i < d->n_obligations; i++)
		if (d->obligations[i].rule == ZV_R9_3 &&
		    d->obligations[i].code == ZV_OBL_INFORM_ON_FRAMEWORK_CHANGE) {
			options |= 1u << ZV_WITHDRAW_CONTINUE_COMPULSORY;
			if (d->obligations[i].has_due)
				*due = d->obligations[i].due;
		}
	return options;
}
