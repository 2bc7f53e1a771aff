/*
 * rules_family.c — the steps that face the family: transparency (step 6,
 * R6.1), accuracy of what is supplied (step 7, R7.2) and the right of access
 * (step 8, R8.1).
 *
 * Access follows decision-api.md "Access by a person": a person's own data
 * (a child from 12 when able to judge; younger children through the parents
 * with authority), a parent with authority for a child under 16 unless that
 * is incompatible with good care, from 16 only with the young person's
 * consent, a parent without authority only the important facts (BW 1:377c),
 * and data about third persons left out (Jeugdwet 7.3.10).
 */
#include "eval.h"

/* R6.1 — the persons are informed beforehand, or a reason is recorded and
 * they are informed as soon as possible. */
void r6_1_informed(struct eval *e)
{
	const struct zv_situation *s = e->s;
	switch (s->transparency.informed_beforehand) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R6_1, ZV_FACT_TRANSPARENCY_INFORMED_BEFOREHAND, -1);
		say(e, "Het is niet bekend of het gezin vooraf is geïnformeerd.");
		return;
	case ZV_YES:
		rule_check(e, ZV_R6_1);
		say(e, "Het gezin is vooraf geïnformeerd.");
		return;
	case ZV_NO:
		break;
	}
	switch (s->transparency.reason_not_informed) {
	case ZV_RNI_UNKNOWN:
		rule_ask(e, ZV_R6_1, ZV_FACT_TRANSPARENCY_REASON_NOT_INFORMED, -1);
		say(e, "Het gezin is niet vooraf geïnformeerd, en de reden daarvoor is niet genoemd.");
		return;
	case ZV_RNI_NONE:
		rule_deny(e, ZV_R6_1);
		say(e, "Het gezin is niet vooraf geïnformeerd, en daar is geen goede reden voor. Praat met het gezin, niet over het gezin zonder dat het erbij is.");
		return;
	case ZV_RNI_SAFETY:
		say(e, "Het gezin is niet vooraf geïnformeerd, omdat dat de veiligheid van een kind, ouder of ander in gevaar brengt.");
		break;
	case ZV_RNI_INVESTIGATION:
		say(e, "Het gezin is niet vooraf geïnformeerd, omdat dat het onderzoek van Veilig Thuis zou schaden.");
		break;
	case ZV_RNI_STATUTORY:
		say(e, "Het gezin is niet vooraf geïnformeerd, op een wettelijke grond.");
		break;
	}
	rule_oblige(e, ZV_R6_1, ZV_R6_1, ZV_OBL_INFORM_FAMILY, true, s->date);
	say(e, "Daarom informeert u het gezin later, zodra dat veilig kan.");
}

/* R7.2 — supplied information carries its labels; unverified information or
 * opinion only marked as such. */
void r7_2_label_unverified(struct eval *e)
{
	if (e->s->data.unverified_or_opinion) {
		rule_oblige(e, ZV_R7_2, ZV_R7_2, ZV_OBL_LABEL_UNVERIFIED, false, 0);
		say(e, "De informatie is nog niet gecontroleerd of bevat meningen. Geef dat bij het delen duidelijk aan.");
		return;
	}
	rule_check(e, ZV_R7_2);
	say(e, "De informatie is niet aangemerkt als ongecontroleerd of als mening. Vermeld bij het delen toch wat feit is en wat mening, en noem de bron.");
}

/* What the requester may see of one subject's data. */
enum access_right { ACCESS_NONE, ACCESS_FULL, ACCESS_IMPORTANT_FACTS, ACCESS_ASK };

static enum access_right incompatible_check(struct eval *e, enum access_right ok)
{
	switch (e->s->parent_access_incompatible) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R8_1, ZV_FACT_PARENT_ACCESS_INCOMPATIBLE, -1);
		return ACCESS_ASK;
	case ZV_YES:
		say(e, "Het belang van het kind of de veiligheid van een ander verzet zich ertegen dat de ouder deze gegevens ziet.");
		return ACCESS_NONE;
	case ZV_NO:
		break;
	}
	return ok;
}

static enum access_right own_data(struct eval *e, uint32_t who)
{
	const struct zv_person *p = &e->s->persons[who];
	if (p->role == ZV_PERSON_PARENT || p->role == ZV_PERSON_ADULT)
		return ACCESS_FULL;
	if (p->age < 0) {
		rule_ask(e, ZV_R8_1, ZV_FACT_PERSON_AGE, (int32_t)who);
		return ACCESS_ASK;
	}
	if (p->age >= 12 && p->capable)
		return ACCESS_FULL;
	say(e, p->age < 12
		       ? "%P is jonger dan 12 jaar. Dan vragen de ouders met gezag de inzage aan."
		       : "%P kan de eigen belangen niet goed overzien. Dan vragen de ouders met gezag de inzage aan.",
	    (int)who);
	return ACCESS_NONE;
}

static enum access_right parent_with_authority(struct eval *e, uint32_t requester, uint32_t child)
{
	const struct zv_person *p = &e->s->persons[child];
	if (p->age < 0) {
		rule_ask(e, ZV_R8_1, ZV_FACT_PERSON_AGE, (int32_t)child);
		return ACCESS_ASK;
	}
	if (p->age < 16)
		return incompatible_check(e, ACCESS_FULL);
	struct consent_need need = {
		.kind = ZV_CONSENT_SECRECY_RELEASE,
		.explicit_required = true,
		.to = {.kind = ZV_ORG_NONE, .person = (int32_t)requester},
		.subjects = UINT64_C(1) << child,
		.categories = e->categories ? e->categories : ZV_CAT_ALL,
	};
	struct consent_cover c;
	consent_evaluate(e, &need, &c, "inzage door een ouder in de gegevens van een jongere van 16 of ouder");
	if (c.full == need.subjects)
		return incompatible_check(e, ACCESS_FULL);
	if (c.age_unknown)
		return ACCESS_ASK;
	say(e, "%P is 16 jaar of ouder. Een ouder krijgt dan alleen inzage met toestemming van de jongere.",
	    (int)child);
	add_alternative(e, ZV_R8_1, ZV_ALT_OBTAIN_CONSENT);
	return ACCESS_NONE;
}

static enum access_right right_of(struct eval *e, uint32_t requester, uint32_t subject)
{
	const struct zv_situation *s = e->s;
	const struct zv_person *p = &s->persons[subject];
	if (requester == subject)
		return own_data(e, subject);
	if ((p->authority_holders >> requester) & 1u)
		return parent_with_authority(e, requester, subject);
	bool subject_minor = p->age >= 0 ? p->age < 18 : p->role == ZV_PERSON_CHILD;
	if (s->persons[requester].role == ZV_PERSON_PARENT && subject_minor) {
		/* BW 1:377c: a parent without authority gets the important facts on
		 * request, unless the child's interest opposes it. */
		say(e, "%P is ouder van %P, maar heeft geen gezag. Een ouder zonder gezag krijgt op verzoek alleen de belangrijke feiten, geen inzage of kopie.",
		    (int)requester, (int)subject);
		return incompatible_check(e, ACCESS_IMPORTANT_FACTS);
	}
	say(e, "%P heeft geen recht op inzage in de gegevens van %P.", (int)requester, (int)subject);
	return ACCESS_NONE;
}

/* R8.1 — the right of access: everyone to their own data only, parents as
 * the law gives them, limited where others' privacy or safety requires. */
void r8_1_access(struct eval *e)
{
	const struct zv_situation *s = e->s;
	zv_personset full = 0, facts = 0;
	bool asked = false;
	int32_t requester = s->counterparty.person;
	/* Whatever the answer, the request is answered in time and the answer
	 * names the recipients. */
	rule_oblige(e, ZV_R8_1, ZV_R8_2, ZV_OBL_RESPOND_WITHIN_ONE_MONTH, true,
		    zv_date_term_end_nl(zv_date_add_months(s->date, 1)));
	rule_oblige(e, ZV_R8_1, ZV_R8_3, ZV_OBL_LIST_RECIPIENTS, false, 0);
	if (requester < 0) {
		rule_deny(e, ZV_R8_1);
		say(e, "Het is niet bekend wie om inzage vraagt.");
		return;
	}
	for (zv_personset rest = e->about; rest; rest &= rest - 1) {
		uint32_t i = (uint32_t)__builtin_ctzll(rest);
		switch (right_of(e, (uint32_t)requester, i)) {
		case ACCESS_FULL: full |= UINT64_C(1) << i; break;
		case ACCESS_IMPORTANT_FACTS: facts |= UINT64_C(1) << i; break;
		case ACCESS_ASK: asked = true; break;
		case ACCESS_NONE: break;
		}
	}
	zv_personset some = full | facts;
	if (full == e->about && !asked) {
		rule_grant(e, ZV_R8_1);
		say(e, "%P heeft recht op inzage in deze gegevens.", (int)requester);
	} else if (some) {
		rule_limit(e, ZV_R8_1, ZV_SCOPE_MINIMAL, 0, some == e->about ? 0 : some);
		if (full)
			say(e, "%P krijgt alleen inzage in de gegevens waarop hij of zij recht heeft.",
			    (int)requester);
	} else if (asked) {
		rule_check(e, ZV_R8_1);
	} else {
		rule_deny(e, ZV_R8_1);
		say(e, "%P heeft geen recht op inzage in deze gegevens.", (int)requester);
		return;
	}
	if (s->data.contains_third_party_data && some) {
		rule_limit(e, ZV_R8_1, ZV_SCOPE_MINIMAL, 0, 0);
		say(e, "Het dossier bevat ook gegevens over anderen. Die laat u weg, om hun privacy te beschermen.");
	}
}
