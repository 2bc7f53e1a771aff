/*
 * rules_purpose_basis.c — step 1 (purpose and task) and step 2 (legal basis).
 *
 * Step 1 asks why: a purpose stated beforehand, within the task, not
 * identifiable data for monitoring, and further use only when compatible or
 * authorised by a provision. Step 2 asks on what ground: one of the six of
 * AVG 6(1), with the limits the Handreiking sets for public authorities
 * (no legitimate interest, consent rarely) and the provision that grounds c
 * and e need. Each function is one rule of docs/rules.md.
 */
#include "eval.h"

/* ---- step 1 ------------------------------------------------------------ */

/* R1.1 — a purpose is set before processing (AVG 5(1)(b)). */
void r1_1_purpose_stated(struct eval *e)
{
	if (!text_has_content(e->s->purpose.description)) {
		rule_deny(e, ZV_R1_1);
		say(e, "Er is geen doel genoemd. Zonder een doel dat vooraf vaststaat, mag u geen persoonsgegevens verwerken.");
		return;
	}
	rule_check(e, ZV_R1_1);
	say(e, "Het doel is: %T.", &e->s->purpose.description);
}

/* R1.2 — the purpose falls within the task of the acting party. */
void r1_2_within_task(struct eval *e)
{
	bool stated = text_has_content(e->s->purpose.description);   /* else R1.1 said it all */
	rule_yes_no(e, ZV_R1_2, ZV_FACT_PURPOSE_WITHIN_TASK, e->s->purpose.within_task, ZV_NO,
		    stated ? "Het is nog niet vastgesteld of dit doel binnen de taak van %O valt." : NULL,
		    stated ? "Dit doel valt buiten de taak van %O. Daarvoor mag u geen gegevens verwerken."
			   : NULL,
		    stated ? "Dat past binnen de taak van %O." : NULL, (int)e->s->actor.kind);
}

/* R1.3 — monitoring, policy and statistics (and, until it has its own rule,
 * research) use only pseudonymised or aggregated data. */
void r1_3_monitoring_not_identifiable(struct eval *e)
{
	if (e->s->purpose.kind == ZV_PURPOSE_CARE)
		return;
	if (e->s->data.identifiability == ZV_IDENT_IDENTIFIABLE) {
		rule_deny(e, ZV_R1_3);
		add_alternative(e, ZV_R1_3, ZV_ALT_PSEUDONYMISE);
		say(e, "Voor monitoring, beleid, statistiek of onderzoek mag u geen gegevens gebruiken waaraan te zien is over wie ze gaan. Gebruik een code in plaats van de naam (pseudonimiseren) of alleen totalen (aggregeren).");
		return;
	}
	rule_check(e, ZV_R1_3);
	say(e, "Voor monitoring, beleid, statistiek of onderzoek worden alleen gegevens met een code in plaats van namen, of alleen totalen gebruikt. Zo hoort het.");
}

/* R1.4 — further use for another purpose only when compatible, or when a
 * provision itself authorises it (AVG 6(4)). */
void r1_4_further_use_compatible(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (!s->purpose.further_use)
		return;
	if (text_has_content(s->purpose.further_use_provision)) {
		rule_grant(e, ZV_R1_4);
		add_legal_ref_text(e, s->purpose.further_use_provision);
		say(e, "U wilt de gegevens voor een ander doel gebruiken dan waarvoor ze zijn verzameld. Een wetsartikel staat dat uitdrukkelijk toe: %T.",
		    &s->purpose.further_use_provision);
		return;
	}
	switch (s->purpose.compatible) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R1_4, ZV_FACT_PURPOSE_COMPATIBLE, -1);
		say(e, "U wilt de gegevens voor een ander doel gebruiken. U hebt nog niet afgewogen of dat nieuwe doel past bij het oude.");
		break;
	case ZV_NO:
		rule_deny(e, ZV_R1_4);
		say(e, "U wilt de gegevens voor een ander doel gebruiken dan waarvoor ze zijn verzameld. Dat nieuwe doel past daar niet bij. Dan mag het niet.");
		break;
	case ZV_YES:
		rule_grant(e, ZV_R1_4);
		say(e, "U wilt de gegevens voor een ander doel gebruiken. Na afweging past dat nieuwe doel bij het oude.");
		break;
	}
}

/* ---- step 2 ------------------------------------------------------------ */

static const char *ground_words(enum zv_ground g)
{
	switch (g) {
	case ZV_GROUND_A: return "toestemming (grondslag a)";
	case ZV_GROUND_B: return "de uitvoering van een overeenkomst (grondslag b)";
	case ZV_GROUND_C: return "een wettelijke plicht (grondslag c)";
	case ZV_GROUND_D: return "een vitaal belang (grondslag d)";
	case ZV_GROUND_E: return "een taak van algemeen belang of openbaar gezag (grondslag e)";
	case ZV_GROUND_F: return "een gerechtvaardigd belang (grondslag f)";
	case ZV_GROUND_NONE: break;
	}
	return "geen";
}

/* R2.1 — one of the six grounds of AVG 6(1) is required. */
void r2_1_ground_required(struct eval *e)
{
	enum zv_ground g = e->s->legal_basis.ground;
	if (g == ZV_GROUND_NONE) {
		rule_deny(e, ZV_R2_1);
		say(e, "Er is geen grondslag genoemd. Voor elke verwerking is een van de zes grondslagen van de AVG nodig.");
		return;
	}
	rule_check(e, ZV_R2_1);
	say(e, "De grondslag is %S.", ground_words(g));
}

/* R2.2 — a public authority cannot rely on legitimate interest (f) for its
 * tasks, and requests personal data only for a statutory task. */
void r2_2_no_legitimate_interest_for_authority(struct eval *e)
{
	if (e->s->legal_basis.ground != ZV_GROUND_F)
		return;
	if (!e->actor_public) {
		rule_check(e, ZV_R2_2);
		return;
	}
	rule_deny(e, ZV_R2_2);
	add_alternative(e, ZV_R2_2, ZV_ALT_USE_STATUTORY_BASIS);
	say(e, "%O is een bestuursorgaan (een overheidsinstantie). Een bestuursorgaan mag zich niet beroepen op een gerechtvaardigd belang (grondslag f). Het mag alleen gegevens opvragen voor een wettelijke taak.",
	    (int)e->s->actor.kind);
}

/* The organisations for which consent is usually no valid basis, because of
 * the dependency of their clients (R2.3). */
bool consent_barred_kind(enum zv_org k)
{
	switch (k) {
	case ZV_ORG_MUNICIPALITY:
	case ZV_ORG_LOCAL_TEAM:
	case ZV_ORG_REGIONAL_SAFETY_TEAM:
	case ZV_ORG_VEILIG_THUIS:
	case ZV_ORG_RVDK:
	case ZV_ORG_GI:
		return true;
	default:
		return false;
	}
}

bool consent_barred_for_actor(const struct eval *e)
{
	return consent_barred_kind(e->s->actor.kind) && !e->s->actor.lawyer_confirmed_consent_basis;
}

/* R2.3 — consent (ground a) is usually no valid basis for these
 * organisations, unless a lawyer confirmed it for this processing. */
void r2_3_consent_no_basis_for_authority(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (s->legal_basis.ground != ZV_GROUND_A || !consent_barred_kind(s->actor.kind))
		return;
	if (s->actor.lawyer_confirmed_consent_basis) {
		rule_oblige(e, ZV_R2_3, ZV_R2_3, ZV_OBL_LEGAL_REVIEW, false, 0);
		say(e, "Toestemming is voor %O meestal geen geldige grondslag, maar een jurist heeft bevestigd dat het hier wel kan.",
		    (int)s->actor.kind);
		return;
	}
	rule_deny(e, ZV_R2_3);
	add_alternative(e, ZV_R2_3, ZV_ALT_USE_STATUTORY_BASIS);
	say(e, "Toestemming is voor %O meestal geen geldige grondslag. Gezinnen zijn afhankelijk van deze organisatie, dus hun toestemming is niet echt vrij. Een jurist heeft niet bevestigd dat het hier toch kan.",
	    (int)s->actor.kind);
}

/* The party that receives the data: the counterparty when supplying, the
 * actor otherwise (decision-api.md, "Reduced scope"). */
struct consent_party receiving_party(const struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (s->action == ZV_ACTION_DISCLOSE && s->counterparty.present) {
		if (s->counterparty.person >= 0)
			return (struct consent_party){.kind = ZV_ORG_NONE, .person = s->counterparty.person};
		return (struct consent_party){.kind = s->counterparty.kind,
					      .org_id = s->counterparty.org_id, .person = -1};
	}
	return (struct consent_party){.kind = s->actor.kind, .org_id = s->actor.org_id,
				      .person = -1};
}

/* R2.4/R2.5 — consent as the basis: valid, not withdrawn, from the right
 * people, covering what is processed. */
void r2_4_consent_as_basis_valid(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (s->legal_basis.ground != ZV_GROUND_A || consent_barred_for_actor(e))
		return;
	struct consent_need need = {
		.kind = ZV_CONSENT_PROCESSING,
		.explicit_required = is_sensitive(e->categories),
		.to = receiving_party(e),
		.subjects = e->about,
		.categories = e->categories ? e->categories : ZV_CAT_ORDINARY,
	};
	struct consent_cover c;
	consent_evaluate(e, &need, &c, "de verwerking (grondslag a)");
	if (c.full == need.subjects) {
		rule_grant(e, ZV_R2_4);
		say(e, "Er is geldige toestemming voor deze verwerking.");
	} else if (c.some) {
		apply_consent_cover(e, ZV_R2_4, &need, &c, 0);
		say(e, "De toestemming dekt maar een deel van de gegevens; alleen dat deel mag.");
	} else if (c.age_unknown) {
		rule_check(e, ZV_R2_4);
		say(e, "Of er geldige toestemming is, hangt af van de leeftijd van de betrokkenen.");
	} else {
		rule_deny(e, ZV_R2_4);
		add_alternative(e, ZV_R2_4, ZV_ALT_OBTAIN_CONSENT);
		say(e, "Er is geen geldige toestemming, dus geen grondslag.");
	}
}

/* R2.6 — ground c needs a named legal obligation, ground e a statutory task
 * in a sector law. */
void r2_6_provision_named(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (s->legal_basis.ground != ZV_GROUND_C && s->legal_basis.ground != ZV_GROUND_E)
		return;
	if (!text_has_content(s->legal_basis.provision)) {
		rule_ask(e, ZV_R2_6, ZV_FACT_LEGAL_BASIS_PROVISION, -1);
		say(e, "Het wetsartikel van de wettelijke plicht of taak is niet genoemd.");
		return;
	}
	rule_check(e, ZV_R2_6);
	add_legal_ref_text(e, s->legal_basis.provision);
	say(e, "Het wetsartikel is %T.", &s->legal_basis.provision);
}

/* R2.7 — when supplying, the recipient needs its own basis. */
void r2_7_recipient_own_basis(struct eval *e)
{
	if (!e->cp_org)
		return;
	rule_yes_no(e, ZV_R2_7, ZV_FACT_COUNTERPARTY_OWN_LEGAL_BASIS,
		    e->s->counterparty.own_legal_basis, ZV_NO,
		    "Het is niet bekend of %O zelf een grondslag heeft om deze gegevens te verwerken.",
		    "%O heeft zelf geen grondslag om deze gegevens te verwerken, dus mag u ze niet geven.",
		    "%O heeft een eigen grondslag om de gegevens te verwerken.",
		    (int)e->s->counterparty.kind);
}

/* R2.8 — the supplier always decides itself; a request never obliges it to
 * skip its own assessment. */
void r2_8_supplier_decides(struct eval *e)
{
	rule_note(e, ZV_R2_8);
	say(e, "U vraagt gegevens op. %O beslist zelf, na een eigen afweging, of u de gegevens krijgt.",
	    (int)e->s->counterparty.kind);
}
