/*
 * consent.c — consents of the four kinds (R9.1) and agreement (R9.4):
 * recording them with who gave them, how and before whom, and withdrawing
 * them as easily (R2.5), with what follows.
 *
 * Who may give a consent is the engine's age table (R9.2,
 * zv_consent_required_givers) on today's date: a consent from the wrong
 * people is refused, saying who must give it. One of two parents with
 * authority may give theirs first; the consent then counts once the other's
 * is recorded too (the engine combines them).
 *
 * A withdrawal never overwrites: it is the next event in the consent's
 * lifecycle. It cascades: decisions taken while it was in force are flagged
 * for review and their pending disclosures stop; what it means is stated
 * (no consent of that kind to its parties counts until given again, and
 * where the age table asks both parents, the other's alone never sufficed);
 * and for participation the team's choice of R9.3 is required and carried
 * out. The other steps (given, refused, renewed, expired) follow the
 * lifecycle's order, each a new event.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

enum { MAX_TEXT = 4096 };

static const char *who_must_give(struct zv_arena *a, const struct household_facts *h,
				 zv_personset set)
{
	struct zv_buf names;
	zv_buf_init(&names, 4096);
	for (size_t k = 0; k < h->n; k++)
		if (set & ((zv_personset)1 << k))
			zv_buf_printf(&names, "%s%s", names.len ? ", " : "", h->ids[k]);
	const char *out = names.data && !names.failed
				  ? zv_arena_strndup(a, names.data, names.len)
				  : NULL;
	zv_buf_release(&names);
	return out ? out : "";
}

/* The givers the age table asks for; an error that says who when the
 * request's givers are not (a part of) them. */
static int check_givers(struct zv_arena *a, const struct household_facts *h, int subject,
			const struct zv_new_consent *req, struct zv_error *err)
{
	struct zv_situation s;
	zv_situation_init(&s);
	s.date = h->today;
	s.persons = h->persons;
	s.n_persons = (uint32_t)h->n;
	zv_personset required;
	enum zv_err rc = zv_consent_required_givers(&s, (uint32_t)subject,
						    (enum zv_consent_kind)req->kind, &required);
	if (rc == ZV_ENOTFOUND)
		return zv_error_set(err, ZV_EINPUT, "$.subject",
				    "the birth date of %s is not recorded: who gives consent depends "
				    "on age (R9.2)",
				    req->subject);
	if (rc == ZV_EDENIED)
		return zv_error_set(err, ZV_EINPUT, "$.givers",
				    "for %s the parent(s) with authority must consent, and none is "
				    "recorded (R9.2)",
				    req->subject);
	zv_personset given = svc_person_set(h, req->givers, req->n_givers);
	if (!req->n_givers || svc_person_set(h, req->givers, req->n_givers) == 0)
		return zv_error_set(err, ZV_EINPUT, "$.givers", "say who gave the consent");
	for (size_t i = 0; i < req->n_givers; i++)
		if (svc_person_index(h, req->givers[i]) < 0)
			return zv_error_set(err, ZV_EINPUT, "$.givers",
					    "%s is not a person of this household", req->givers[i]);
	if (given & ~required)
		return zv_error_set(err, ZV_EINPUT, "$.givers",
				    "a %s consent about %s (age %d) is given by %s (R9.2), not by %s",
				    zv_consent_kind_name(req->kind), req->subject,
				    h->persons[subject].age, who_must_give(a, h, required),
				    who_must_give(a, h, given & ~required));
	return ZV_OK;
}

static int check_new_consent(const struct zv_new_consent *req, struct zv_error *err)
{
	if (!zv_consent_kind_name(req->kind))
		return zv_error_set(err, ZV_EINPUT, "$.kind",
				    "processing, secrecy_release, treatment, participation or "
				    "agreement (R9.1, R9.4)");
	if (!req->purpose || !*req->purpose || strlen(req->purpose) > MAX_TEXT)
		return zv_error_set(err, ZV_EINPUT, "$.purpose",
				    "a consent is for a stated purpose");
	if (req->state != ZV_CONSENT_REQUESTED && req->state != ZV_CONSENT_GIVEN &&
	    req->state != ZV_CONSENT_REFUSED)
		return zv_error_set(err, ZV_EINPUT, "$.state",
				    "a new consent is requested, given or refused");
	zv_day until;
	if (req->valid_until && !zv_date_parse(req->valid_until, strlen(req->valid_until), &until))
		return zv_error_set(err, ZV_EINPUT, "$.valid_until", "not a date (YYYY-MM-DD)");
	for (size_t i = 0; i < req->n_recipients; i++) {
		const char *r = req->recipients[i];
		enum zv_org kind;
		if (!zv_org_from_name(r, &kind) && strncmp(r, "org:", 4) && strncmp(r, "person:", 7))
			return zv_error_set(err, ZV_EINPUT, "$.recipients",
					    "%s is not org:<id>, person:<id> or an organisation "
					    "kind",
					    r);
	}
	if (svc_repeated(req->givers, req->n_givers, "$.givers", err) ||
	    svc_repeated(req->recipients, req->n_recipients, "$.recipients", err))
		return err->code;
	if (req->state == ZV_CONSENT_GIVEN && (!req->how_obtained || !*req->how_obtained))
		return zv_error_set(err, ZV_EINPUT, "$.how_obtained",
				    "say how the consent was obtained (and who was present)");
	return ZV_OK;
}

struct record_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *case_id;
	const struct zv_new_consent *req;
	char *id;
	struct zv_arena a;
	struct zv_audit_event *event;
};

static int record_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct record_job *j = ctx;
	const struct zv_new_consent *req = j->req;
	struct case_ctx c;
	if (svc_case_for(j->sv, tx, j->p, j->case_id, ZV_PART_PERSONS | ZV_PART_CONSENTS, &j->a,
			 &c, err) ||
	    svc_may_write(&c, "record consents in it", err))
		return err->code;
	for (size_t i = 0; i < req->n_recipients; i++) {
		const char *r = req->recipients[i];
		bool known_org = !strncmp(r, "org:", 4) &&
				 (zv_config_organisation(&j->sv->config, r + 4) ||
				  zv_config_team(&j->sv->config, r + 4));   /* a team is a party too */
		if ((!strncmp(r, "org:", 4) && !known_org) ||
		    (!strncmp(r, "person:", 7) && svc_person_index(&c.h, r + 7) < 0))
			return zv_error_set(err, ZV_EINPUT, "$.recipients",
					    "%s names no organisation or team of this pilot and no "
					    "person of this household",
					    r);
	}
	int subject = svc_person_index(&c.h, req->subject);
	if (subject < 0)
		return zv_error_set(err, ZV_EINPUT, "$.subject",
				    "%s is not a person of this household", req->subject);
	if (req->state != ZV_CONSENT_REQUESTED && check_givers(&j->a, &c.h, subject, req, err))
		return err->code;
	if (svc_new_id(tx, "T", 7, j->id, err))
		return err->code;
	struct zv_rec_consent rec = {
		.id = j->id, .subject = req->subject, .kind = req->kind, .purpose = req->purpose,
		.recipients = req->recipients, .n_recipients = req->n_recipients,
		.has_categories = req->has_categories, .categories = req->categories,
		.givers = req->givers, .n_givers = req->n_givers, .state = req->state, .at = c.now,
		.by = j->p->login, .free = req->free, .unambiguous = req->unambiguous,
		.informed = req->informed, .specific = req->specific, .explicit = req->explicit,
		.how_obtained = req->how_obtained, .present = req->present,
		.valid_until = req->valid_until, .note = req->note,
	};
	if (zv_store_consent_insert(tx, &rec, err))
		return err->code;
	if (!svc_one_id(&j->a, &j->event->persons, req->subject) ||
	    !svc_one_id(&j->a, &j->event->households, c.r.c.household))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory recording a consent");
	return ZV_OK;
}

int zv_consent_record(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		      const struct zv_new_consent *req, char id[64], struct zv_error *err)
{
	const struct zv_professional *p;
	id[0] = '\0';
	if (svc_user(sv, who, &p, err) || check_new_consent(req, err))
		return err->code;
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, NULL, p->organisation);
	char detail[256];
	snprintf(detail, sizeof detail, "consent (%s) %s", zv_consent_kind_name(req->kind),
		 zv_consent_state_name(req->state));
	e.detail = detail;
	e.why.purpose = req->purpose;
	struct record_job j = {.sv = sv, .p = p, .case_id = case_id, .req = req, .id = id,
			       .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = svc_one_id(&j.a, &e.cases, case_id) ? ZV_OK
		 : zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	if (!rc) {
		rc = svc_act(sv, who, &e, record_work, &j, case_id, err);
	}
	zv_arena_release(&j.a);
	if (rc)
		id[0] = '\0';
	return rc;
}

/* ---- withdrawal -------------------------------------------------------------- */

struct withdraw_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *case_id, *consent_id, *by_person, *note;
	int64_t expected;
	enum zv_withdrawal_choice choice;
	struct zv_withdrawal_result *result;
	struct zv_arena a;
	struct zv_audit_event *event;
};

static const struct zv_rec_consent *find_consent(const struct zv_case_record *r, const char *id)
{
	for (size_t i = 0; i < r->n_consents; i++)
		if (!strcmp(r->consents[i].id, id))
			return &r->consents[i];
	return NULL;
}

/*
 * What the withdrawal means, in words. From its moment on (R2.5) the consent
 * no longer counts, and neither does any other consent of that kind to its
 * parties until they are given again (the engine's reading: a withdrawal on
 * record ends them); where the age table asks two parents with authority,
 * the other parent's consent alone never sufficed (R9.2), and the sentence
 * says so.
 */
static void compute_consequence(struct withdraw_job *j, const struct case_ctx *c,
				const struct zv_rec_consent *gone)
{
	struct zv_withdrawal_result *out = j->result;
	int subject = svc_person_index(&c->h, gone->subject);
	struct zv_situation s;
	zv_situation_init(&s);
	s.date = c->today;
	s.persons = c->h.persons;
	s.n_persons = (uint32_t)c->h.n;
	zv_personset required = 0;
	bool known = subject >= 0 &&
		     zv_consent_required_givers(&s, (uint32_t)subject,
						(enum zv_consent_kind)gone->kind, &required) == ZV_OK;
	out->still_in_force = false;
	zv_personset others = required & ~svc_person_set(&c->h, &j->by_person, 1);
	/* Who the age table asks, as the engine said: both parents with
	 * authority, or the young person together with them (12-15). */
	bool parents_only = subject >= 0 &&
			    !(required & ~c->h.persons[subject].authority_holders);
	if (known && (required & (required - 1)) && others && parents_only)
		snprintf(out->consequence, sizeof out->consequence,
			 "Beide gezagsdragers moeten toestemming geven (R9.2). Nu %s de toestemming "
			 "heeft ingetrokken, telt zij niet meer, ook niet die van %s, tot beiden "
			 "opnieuw toestemming geven. Wat erop rustte stopt of wordt opnieuw gewogen.",
			 j->by_person, who_must_give(&j->a, &c->h, others));
	else if (known && (required & (required - 1)) && others)
		snprintf(out->consequence, sizeof out->consequence,
			 "Volgens de leeftijdstabel (R9.2) geven %s samen toestemming. Nu %s de "
			 "toestemming heeft ingetrokken, telt zij niet meer, ook niet die van %s, tot "
			 "zij opnieuw toestemming geven. Wat erop rustte stopt of wordt opnieuw "
			 "gewogen.",
			 who_must_give(&j->a, &c->h, required), j->by_person,
			 who_must_give(&j->a, &c->h, others));
	else
		snprintf(out->consequence, sizeof out->consequence,
			 "De toestemming geldt niet meer vanaf nu (R2.5), en andere toestemmingen van "
			 "deze soort aan dezelfde ontvangers tellen pas weer als ze opnieuw worden "
			 "gegeven. Wat erop rustte stopt of wordt opnieuw gewogen.");
}

/* Flag every decision taken on the consent and stop its pending disclosures. */
static int cascade(struct withdraw_job *j, struct zv_store *tx, const char *now,
		   struct zv_error *err)
{
	struct zv_rec_decision *decisions;
	size_t n;
	if (zv_store_decisions_on_consent(tx, j->consent_id, &j->a, &decisions, &n, err))
		return err->code;
	char reason[256];
	snprintf(reason, sizeof reason, "toestemming %s ingetrokken op %.10s", j->consent_id, now);
	for (size_t i = 0; i < n; i++) {
		size_t stopped = 0;
		if (zv_store_decision_flag(tx, decisions[i].id, reason, err) ||
		    zv_store_disclosures_stop(tx, decisions[i].id, reason, &stopped, err))
			return err->code;
		j->result->decisions_flagged++;
		j->result->disclosures_stopped += stopped;
	}
	return ZV_OK;
}

/* R9.3: carry out the team's explicit choice. */
static int participation_choice(struct withdraw_job *j, struct zv_store *tx,
				const struct case_ctx *c, struct zv_error *err)
{
	const struct zv_rec_case *k = &c->r.c;
	struct zv_rec_case_change change = {.at = c->now, .by = j->p->login,
					    .framework = k->framework, .phase = k->phase};
	zv_day due;
	unsigned offered = svc_withdrawal_options(&j->a, &c->who, c->role, k, c->today, &due);
	if (j->choice != ZV_WITHDRAW_NOT_PARTICIPATION && !(offered & (1u << j->choice)))
		return zv_error_set(err, ZV_EINPUT, "$.choice",
				    "under a %s framework R9.3 offers %s",
				    zv_framework_name(k->framework),
				    offered & (1u << ZV_WITHDRAW_CONTINUE_COMPULSORY)
					    ? "continue_compulsory (the work goes on; tell the "
					      "family what changes)"
					    : "stop or hand_over (the help was voluntary)");
	switch (j->choice) {
	case ZV_WITHDRAW_STOP:
		change.phase = ZV_PHASE_CLOSED;
		change.reason = "Deelname ingetrokken: het team stopt (R9.3).";
		break;
	case ZV_WITHDRAW_HAND_OVER:
		change.framework = ZV_FRAMEWORK_COMPULSORY;
		change.reason = "Deelname ingetrokken: overgedragen aan de moederorganisatie, niet "
				"langer vrijwillig (R9.3).";
		break;
	case ZV_WITHDRAW_CONTINUE_COMPULSORY:
		return svc_obligation(tx, k->id, k->version, "R9.3", "inform_on_framework_change",
				      "Vertel het gezin wat het intrekken van de toestemming "
				      "verandert onder de maatregel.",
				      due, j->p->login, c->now, err);
	case ZV_WITHDRAW_NOT_PARTICIPATION:
		return zv_error_set(err, ZV_EINPUT, "$.choice",
				    "withdrawing participation needs the team's choice: stop, "
				    "hand_over, or continue_compulsory under a measure (R9.3)");
	}
	if (zv_store_case_change(tx, k->id, k->version, &change, err))
		return err->code;
	return svc_obligation(tx, k->id, k->version + 1, "R9.3", "inform_on_framework_change",
			      "Vertel het gezin wat het intrekken van de toestemming betekent en "
			      "wat er nu gebeurt.",
			      c->today, j->p->login, c->now, err);
}

static int withdraw_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct withdraw_job *j = ctx;
	struct case_ctx c;
	if (svc_case_for(j->sv, tx, j->p, j->case_id, ZV_PART_PERSONS | ZV_PART_CONSENTS, &j->a,
			 &c, err) ||
	    svc_may_write(&c, "record withdrawals in it", err))
		return err->code;
	const struct zv_rec_consent *old = find_consent(&c.r, j->consent_id);
	if (!old)
		return zv_error_set(err, ZV_ENOTFOUND, "",
				    "no consent %s of this household", j->consent_id);
	if (!svc_consent_in_force(old))
		return zv_error_set(err, ZV_ECONFLICT, "",
				    "consent %s is %s, not in force: there is nothing to withdraw",
				    j->consent_id, zv_consent_state_name(old->state));
	bool by_giver = false;
	for (size_t i = 0; i < old->n_givers && !by_giver; i++)
		by_giver = !strcmp(old->givers[i], j->by_person);
	if (!by_giver)
		return zv_error_set(err, ZV_EINPUT, "$.by",
				    "%s did not give consent %s; a giver withdraws it",
				    j->by_person, j->consent_id);
	bool participation = old->kind == ZV_CONSENT_PARTICIPATION;
	if (participation != (j->choice != ZV_WITHDRAW_NOT_PARTICIPATION))
		return zv_error_set(err, ZV_EINPUT, "$.choice",
				    participation
					    ? "withdrawing participation needs the team's choice: stop, "
					      "hand_over, or continue_compulsory (R9.3)"
					    : "a choice of R9.3 belongs to participation consent only");
	struct zv_rec_consent next = *old;
	next.state = ZV_CONSENT_WITHDRAWN;
	next.at = c.now;
	next.by = j->p->login;
	char note[512];
	snprintf(note, sizeof note, "ingetrokken door %s%s%s", j->by_person, j->note ? ": " : "",
		 j->note ? j->note : "");
	next.note = note;
	if (zv_store_consent_event(tx, j->expected, &next, err) || cascade(j, tx, c.now, err))
		return err->code;
	j->result->version = j->expected + 1;
	compute_consequence(j, &c, old);
	if (participation && participation_choice(j, tx, &c, err))
		return err->code;
	j->event->detail = j->result->consequence;
	if (!svc_one_id(&j->a, &j->event->persons, old->subject) ||
	    !svc_one_id(&j->a, &j->event->households, c.r.c.household))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory withdrawing a consent");
	return ZV_OK;
}

int zv_consent_withdraw(struct zv_service *sv, const struct zv_who *who, const char *case_id,
			const char *consent_id, int64_t expected_version, const char *by_person,
			enum zv_withdrawal_choice choice, const char *note,
			struct zv_withdrawal_result *result, struct zv_error *err)
{
	const struct zv_professional *p;
	memset(result, 0, sizeof *result);
	if (svc_user(sv, who, &p, err))
		return err->code;
	if (!by_person || !*by_person)
		return zv_error_set(err, ZV_EINPUT, "$.by", "say which person withdraws");
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, NULL, p->organisation);
	struct withdraw_job j = {.sv = sv, .p = p, .case_id = case_id, .consent_id = consent_id,
				 .by_person = by_person, .note = note, .expected = expected_version,
				 .choice = choice, .result = result, .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = svc_one_id(&j.a, &e.cases, case_id) ? ZV_OK
		 : zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	if (!rc) {
		rc = svc_act(sv, who, &e, withdraw_work, &j, case_id, err);
	}
	if (rc) {   /* nothing of the work was kept */
		memset(result, 0, sizeof *result);
	}
	zv_arena_release(&j.a);
	return rc;
}

/* ---- the other steps of the lifecycle ---------------------------------------- */

struct step_job {
	struct zv_service *sv;
	const struct zv_professional *p;
	const char *case_id, *consent_id;
	int64_t expected;
	const struct zv_new_consent *step;
	struct zv_arena a;
	struct zv_audit_event *event;
};

/* Which step may follow which (R9: requested → given or refused → renewed,
 * withdrawn or expired). */
static bool step_allowed(int from, int to)
{
	switch (to) {
	case ZV_CONSENT_GIVEN:
	case ZV_CONSENT_REFUSED:
		return from == ZV_CONSENT_REQUESTED;
	case ZV_CONSENT_RENEWED:
	case ZV_CONSENT_EXPIRED:
		return from == ZV_CONSENT_GIVEN || from == ZV_CONSENT_RENEWED;
	default:
		return false;
	}
}

static int step_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct step_job *j = ctx;
	const struct zv_new_consent *step = j->step;
	struct case_ctx c;
	if (svc_case_for(j->sv, tx, j->p, j->case_id, ZV_PART_PERSONS | ZV_PART_CONSENTS, &j->a,
			 &c, err) ||
	    svc_may_write(&c, "record consents in it", err))
		return err->code;
	const struct zv_rec_consent *old = find_consent(&c.r, j->consent_id);
	if (!old)
		return zv_error_set(err, ZV_ENOTFOUND, "", "no consent %s of this household",
				    j->consent_id);
	if (!step_allowed(old->state, step->state))
		return zv_error_set(err, ZV_ECONFLICT, "",
				    "consent %s is %s: it cannot become %s (withdraw it, or record "
				    "a new one)",
				    j->consent_id, zv_consent_state_name(old->state),
				    zv_consent_state_name(step->state));
	struct zv_rec_consent next = *old;
	if (step->state == ZV_CONSENT_GIVEN) {   /* by those it was asked of (R9.2) */
		struct zv_new_consent asked = {.subject = old->subject, .kind = old->kind,
					       .givers = old->givers, .n_givers = old->n_givers};
		if (check_givers(&j->a, &c.h, svc_person_index(&c.h, old->subject), &asked, err))
			return err->code;
	}
	next.state = step->state;
	next.at = c.now;
	next.by = j->p->login;
	next.free = step->free;
	next.unambiguous = step->unambiguous;
	next.informed = step->informed;
	next.specific = step->specific;
	next.explicit = step->explicit;
	next.how_obtained = step->how_obtained ? step->how_obtained : old->how_obtained;
	next.present = step->present;
	next.valid_until = step->valid_until ? step->valid_until : old->valid_until;
	next.note = step->note;
	if (zv_store_consent_event(tx, j->expected, &next, err))
		return err->code;
	if (!svc_one_id(&j->a, &j->event->persons, old->subject) ||
	    !svc_one_id(&j->a, &j->event->households, c.r.c.household))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	return ZV_OK;
}

int zv_consent_step(struct zv_service *sv, const struct zv_who *who, const char *case_id,
		    const char *consent_id, int64_t expected_version,
		    const struct zv_new_consent *step, int64_t *new_version, struct zv_error *err)
{
	const struct zv_professional *p;
	if (svc_user(sv, who, &p, err))
		return err->code;
	if (step->state == ZV_CONSENT_WITHDRAWN || step->state == ZV_CONSENT_REQUESTED ||
	    !zv_consent_state_name(step->state))
		return zv_error_set(err, ZV_EINPUT, "$.state",
				    "given, refused, renewed or expired (withdraw with its own "
				    "command)");
	zv_day until;
	if (step->valid_until &&
	    !zv_date_parse(step->valid_until, strlen(step->valid_until), &until))
		return zv_error_set(err, ZV_EINPUT, "$.valid_until", "not a date (YYYY-MM-DD)");
	if (step->state == ZV_CONSENT_GIVEN && (!step->how_obtained || !*step->how_obtained))
		return zv_error_set(err, ZV_EINPUT, "$.how_obtained",
				    "say how the consent was obtained (and who was present)");
	struct zv_audit_event e;
	svc_event(&e, ZV_AUDIT_RECORD, who, p, NULL, p->organisation);
	char detail[128];
	snprintf(detail, sizeof detail, "consent %.64s %s", consent_id,
		 zv_consent_state_name(step->state));
	e.detail = detail;
	struct step_job j = {.sv = sv, .p = p, .case_id = case_id, .consent_id = consent_id,
			     .expected = expected_version, .step = step, .event = &e};
	zv_arena_init(&j.a, 0);
	int rc = svc_one_id(&j.a, &e.cases, case_id) ? ZV_OK
		 : zv_error_set(err, ZV_ENOMEM, "", "out of memory");
	if (!rc) {
		rc = svc_act(sv, who, &e, step_work, &j, case_id, err);
	}
	zv_arena_release(&j.a);
	if (!rc && new_version)
		*new_version = expected_version + 1;
	return rc;
}
