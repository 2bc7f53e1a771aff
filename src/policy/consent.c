/*
 * consent.c — when a consent counts (R9.1, R9.2, R9.4, R2.4, R2.5).
 *
 * A consent counts for a situation only if it is of the kind needed (the
 * four kinds never stand in for each other, R9.1; an agreement — instemming
 * — is never consent, R9.4), names the receiving party, is not withdrawn or
 * expired on the evaluation date (R2.5), was given by the right people for
 * the subject's age (R9.2, the table below), meets the four conditions of
 * AVG 4(11) and is explicit where that is needed (R2.4). Coverage is per
 * subject and per data category: a consent listed under a person covers that
 * person's data, and only the categories it names. Where two parents with
 * authority must both consent, separate consents of each count together,
 * and a withdrawal on record by either ends them.
 *
 * consent_cover() is pure and is shared by every rule that relies on
 * consent and by the need-to-know check; consent_evaluate() adds the
 * consent step's account of it to the decision.
 */
#include "eval.h"

#include <string.h>

/* ---- R9.2: who gives consent, by kind and age (data, not conditions) ---- */

enum giver { GIVER_AUTHORITY, GIVER_CHILD, GIVER_CHILD_AND_AUTHORITY, GIVER_PERSON };
enum age_band { BAND_UNDER_12, BAND_12_TO_15, BAND_16_AND_OVER, BAND__COUNT };

static const enum giver WHO_GIVES[ZV_CONSENT_AGREEMENT][BAND__COUNT] = {
	/*                             under 12         12 – 15                    16 and over */
	[ZV_CONSENT_PROCESSING]      = {GIVER_AUTHORITY, GIVER_AUTHORITY,           GIVER_PERSON},
	[ZV_CONSENT_SECRECY_RELEASE] = {GIVER_AUTHORITY, GIVER_CHILD,               GIVER_PERSON},
	[ZV_CONSENT_TREATMENT]       = {GIVER_AUTHORITY, GIVER_CHILD_AND_AUTHORITY, GIVER_PERSON},
	[ZV_CONSENT_PARTICIPATION]   = {GIVER_AUTHORITY, GIVER_CHILD,               GIVER_PERSON},
};

static enum age_band band_of(int age)
{
	return age < 12 ? BAND_UNDER_12 : age < 16 ? BAND_12_TO_15 : BAND_16_AND_OVER;
}

/* Who must have given a consent of `kind` about `subject`, as a person set;
 * CV_VALID when that is known. */
static enum consent_verdict required_givers(const struct zv_situation *s, uint32_t subject,
					    enum zv_consent_kind kind, zv_personset *givers,
					    enum giver *how)
{
	const struct zv_person *p = &s->persons[subject];
	int age = p->age;
	if (age < 0 && (p->role == ZV_PERSON_ADULT || p->role == ZV_PERSON_PARENT))
		age = 18;   /* an adult or a parent: the age table's last column */
	if (age < 0)
		return CV_AGE_UNKNOWN;
	enum giver g = WHO_GIVES[kind][band_of(age)];
	/* A child of 12 or older who cannot judge their own interests is
	 * represented by the parent(s) with authority. */
	if (!p->capable && g != GIVER_AUTHORITY)
		g = GIVER_AUTHORITY;
	*how = g;
	zv_personset self = UINT64_C(1) << subject;
	switch (g) {
	case GIVER_AUTHORITY:
		if (!p->authority_holders)
			return CV_NO_REPRESENTATIVE;
		*givers = p->authority_holders;
		return CV_VALID;
	case GIVER_CHILD_AND_AUTHORITY:
		if (!p->authority_holders)
			return CV_NO_REPRESENTATIVE;
		*givers = self | p->authority_holders;
		return CV_VALID;
	case GIVER_CHILD:
	case GIVER_PERSON:
		*givers = self;
		return CV_VALID;
	}
	return CV_WRONG_GIVERS;
}

static bool names_party(const struct zv_consent *c, const struct consent_party *to)
{
	if (to->person >= 0)
		return (c->recipient_persons >> to->person) & 1u;
	for (uint32_t i = 0; i < c->n_recipient_org_ids; i++)
		if ((to->org_id.len && text_eq(c->recipient_org_ids[i], to->org_id)) ||
		    (to->also_org_id.len && text_eq(c->recipient_org_ids[i], to->also_org_id)))
			return true;
	return (to->kind != ZV_ORG_NONE && ((c->recipient_orgs >> to->kind) & 1u)) ||
	       (to->also_kind != ZV_ORG_NONE && ((c->recipient_orgs >> to->also_kind) & 1u));
}

/* Everything but who gave it: the party, withdrawal, expiry, the four
 * conditions and explicitness. */
static enum consent_verdict judge_terms(const struct zv_situation *s, const struct zv_consent *c,
					const struct consent_need *need)
{
	if (!c->has_recipients)
		return CV_NOT_SPECIFIC;
	if (!names_party(c, &need->to))
		return CV_OTHER_RECIPIENT;
	if (c->withdrawn)
		return CV_WITHDRAWN;
	if (c->has_valid_until && c->valid_until < s->date)
		return CV_EXPIRED;
	if (!(c->free && c->unambiguous && c->informed && c->specific))
		return CV_CONDITIONS;
	if ((need->explicit_required || c->kind == ZV_CONSENT_SECRECY_RELEASE) && !c->explicit)
		return CV_NOT_EXPLICIT;
	return CV_VALID;
}

/*
 * One subject's consents of the needed kind. Who must give it comes from the
 * age table; when that is more than one person (two parents with authority),
 * their consents may be separate records: a category is covered when the
 * people who validly consented to it, together, are everyone required.
 */
static void cover_subject(const struct zv_situation *s, const struct consent_need *need,
			  uint32_t i, struct consent_cover *out)
{
	const struct zv_person *p = &s->persons[i];
	zv_personset bit = UINT64_C(1) << i;
	zv_personset required = 0;
	enum giver how;
	enum consent_verdict who = required_givers(s, i, need->kind, &required, &how);
	zv_personset gave[4] = {0};   /* per category: who validly consented to it */
	zv_personset withdrew = 0;    /* required givers who withdrew a consent */
	enum consent_verdict best = CV_NONE;
	for (uint32_t k = 0; k < p->n_consents; k++) {
		const struct zv_consent *c = &p->consents[k];
		if (c->kind != need->kind) {
			if (c->kind == ZV_CONSENT_AGREEMENT)
				out->agreement |= bit;
			else
				out->wrong_kind |= bit;
			continue;
		}
		enum consent_verdict v = judge_terms(s, c, need);
		if (v == CV_WITHDRAWN)
			withdrew |= c->given_by & required;
		uint8_t cats = (c->has_categories ? c->categories : ZV_CAT_ALL) & need->categories;
		if (v == CV_VALID && who != CV_VALID)
			v = who;
		else if (v == CV_VALID && !cats)
			v = CV_OTHER_CATEGORIES;
		else if (v == CV_VALID && !(c->given_by & required))
			v = CV_WRONG_GIVERS;
		else if (v == CV_VALID) {
			for (int b = 0; b < 4; b++)
				if ((cats >> b) & 1u)
					gave[b] |= c->given_by & required;
			if ((c->given_by & required) != required)
				v = CV_WRONG_GIVERS;   /* unless others complete it, below */
		}
		if (v > best)
			best = v;
	}
	/* Either of two parents can withdraw: a withdrawal on record by someone
	 * whose consent is needed counts against every consent of this kind to
	 * this party (the situation is the current state; without dates, the
	 * safe reading wins). */
	uint8_t cov = 0;
	for (int b = 0; b < 4; b++)
		if (required && (gave[b] & ~withdrew) == required)
			cov |= (uint8_t)(1u << b);
	if (!cov && withdrew && best > CV_WITHDRAWN)
		best = CV_WITHDRAWN;
	out->covered[i] = cov;
	out->best[i] = cov ? CV_VALID : best;
	if (cov && cov == need->categories)
		out->full |= bit;
	if (cov)
		out->some |= bit;
	else if (best == CV_AGE_UNKNOWN)
		out->age_unknown |= bit;
}

void consent_cover(const struct zv_situation *s, const struct consent_need *need,
		   struct consent_cover *out)
{
	out->full = out->some = out->age_unknown = out->wrong_kind = out->agreement = 0;
	for (zv_personset rest = need->subjects; rest; rest &= rest - 1)
		cover_subject(s, need, (uint32_t)__builtin_ctzll(rest), out);
}

/* ---- the consent step's account ---------------------------------------- */

static const char *verdict_sentence(enum consent_verdict v)
{
	switch (v) {
	case CV_NONE: return "Voor %P is geen toestemming van deze soort vastgelegd.";
	case CV_OTHER_RECIPIENT: return "De toestemming voor %P geldt niet voor deze ontvanger.";
	case CV_NOT_SPECIFIC: return "De toestemming voor %P noemt niet met wie gedeeld mag worden, dus is zij niet specifiek.";
	case CV_WRONG_GIVERS: return "De toestemming voor %P is niet gegeven door wie dat moet doen.";
	case CV_NO_REPRESENTATIVE: return "Voor %P is niemand met gezag bekend die toestemming kan geven.";
	case CV_CONDITIONS: return "De toestemming voor %P voldoet niet aan alle vier de eisen: vrij gegeven, duidelijk, na goede uitleg en voor een bepaald doel.";
	case CV_NOT_EXPLICIT: return "De toestemming voor %P is niet uitdrukkelijk gegeven, en dat is hier nodig.";
	case CV_WITHDRAWN: return "De toestemming voor %P is ingetrokken. Vanaf dat moment telt die niet meer.";
	case CV_EXPIRED: return "De toestemming voor %P is verlopen.";
	case CV_AGE_UNKNOWN: return "De leeftijd van %P is niet bekend. Daardoor is niet te zeggen wie toestemming moet geven.";
	case CV_OTHER_CATEGORIES: return "De toestemming voor %P geldt niet voor deze soort gegevens.";
	case CV_VALID: return "Voor %P is er geldige toestemming.";
	}
	return "";
}

static enum zv_rule verdict_rule(enum consent_verdict v)
{
	switch (v) {
	case CV_WRONG_GIVERS:
	case CV_NO_REPRESENTATIVE:
	case CV_AGE_UNKNOWN:
	case CV_VALID:
		return ZV_R9_2;
	case CV_WITHDRAWN:
	case CV_EXPIRED:
		return ZV_R2_5;
	default:
		return ZV_R2_4;
	}
}

static const char *giver_words(enum giver g)
{
	switch (g) {
	case GIVER_AUTHORITY: return "de ouder(s) met gezag";
	case GIVER_CHILD: return "het kind zelf";
	case GIVER_CHILD_AND_AUTHORITY: return "het kind én de ouder(s) met gezag";
	case GIVER_PERSON: return "de persoon zelf";
	}
	return "";
}

static void account_subject(struct eval *e, const struct consent_need *need,
			    const struct consent_cover *c, uint32_t i)
{
	zv_personset bit = UINT64_C(1) << i;
	enum consent_verdict v = c->best[i];
	if (c->some & bit) {
		rule_grant(e, ZV_R9_2);
		zv_personset givers;
		enum giver how;
		if (required_givers(e->s, i, need->kind, &givers, &how) == CV_VALID)
			say(e, "Voor %P is er geldige toestemming, gegeven door %S.", (int)i,
			    giver_words(how));
		if (!(c->full & bit))
			say(e, "Die toestemming dekt niet alle gevraagde soorten gegevens.");
		return;
	}
	if (v == CV_NONE) {
		if (c->agreement & bit) {
			rule_note(e, ZV_R9_4);
			say(e, "Voor %P is alleen instemming vastgelegd: het gezin denkt mee en is het ermee eens. Dat is geen toestemming, en het maakt deze verwerking niet rechtmatig.", (int)i);
		} else if (c->wrong_kind & bit) {
			rule_note(e, ZV_R9_1);
			say(e, "Voor %P is wel toestemming vastgelegd, maar voor iets anders (bijvoorbeeld voor de hulp zelf). Die telt hier niet.", (int)i);
		} else {
			rule_check(e, ZV_R9_1);
			say(e, verdict_sentence(v), (int)i);
		}
		return;
	}
	if (v == CV_AGE_UNKNOWN) {
		rule_ask(e, ZV_R9_2, ZV_FACT_PERSON_AGE, (int32_t)i);
		say(e, verdict_sentence(v), (int)i);
		return;
	}
	rule_note(e, verdict_rule(v));
	say(e, verdict_sentence(v), (int)i);
	if (v == CV_WRONG_GIVERS) {
		zv_personset givers;
		enum giver how;
		if (required_givers(e->s, i, need->kind, &givers, &how) == CV_VALID)
			say(e, "Bij deze leeftijd geeft %S toestemming.", giver_words(how));
	}
}

bool consent_evaluate(struct eval *e, const struct consent_need *need,
		      struct consent_cover *out, const char *use)
{
	consent_cover(e->s, need, out);
	enum zv_step saved = e->cur;
	step_enter(e, ZV_STEP_CONSENT);
	say(e, "De toestemming voor %S is nagekeken.", use);
	for (zv_personset rest = need->subjects; rest; rest &= rest - 1)
		account_subject(e, need, out, (uint32_t)__builtin_ctzll(rest));
	enum zv_step_result r = out->some ? ZV_STEP_OK
			      : out->age_unknown ? ZV_STEP_QUESTION
						 : ZV_STEP_FAIL;
	step_result_override(e, ZV_STEP_CONSENT, r);
	e->cur = saved;
	return out->some != 0;
}

/*
 * What a partial consent still releases. Prefer keeping every subject with
 * fewer categories (the categories every subject's consent covers, plus
 * `extra`); when no category is common to all, keep the subjects whose
 * consent covers what the first covered subject's consent covers.
 */
void apply_consent_cover(struct eval *e, enum zv_rule r, const struct consent_need *need,
			 const struct consent_cover *c, uint8_t extra)
{
	uint8_t common = need->categories;
	for (zv_personset rest = need->subjects; rest; rest &= rest - 1)
		common &= c->covered[__builtin_ctzll(rest)];
	if (common | extra) {
		rule_limit(e, r, ZV_SCOPE_MINIMAL, common | extra, 0);
		return;
	}
	uint8_t cats = c->covered[__builtin_ctzll(c->some)];
	zv_personset persons = 0;
	for (zv_personset rest = c->some; rest; rest &= rest - 1) {
		int i = __builtin_ctzll(rest);
		if ((c->covered[i] & cats) == cats)
			persons |= UINT64_C(1) << i;
	}
	rule_limit(e, r, ZV_SCOPE_MINIMAL, cats, persons);
}

enum zv_err zv_consent_required_givers(const struct zv_situation *s, uint32_t subject,
				       enum zv_consent_kind kind, zv_personset *givers)
{
	*givers = 0;
	if (subject >= s->n_persons || kind >= ZV_CONSENT__COUNT)
		return ZV_EINPUT;
	if (kind == ZV_CONSENT_AGREEMENT) {
		*givers = UINT64_C(1) << subject;
		return ZV_OK;
	}
	enum giver how;
	switch (required_givers(s, subject, kind, givers, &how)) {
	case CV_VALID:
		return ZV_OK;
	case CV_AGE_UNKNOWN:
		return ZV_ENOTFOUND;
	default:
		return ZV_EDENIED;
	}
}
