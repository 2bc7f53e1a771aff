/*
 * rules_necessity.c — step 3: necessity, proportionality and subsidiarity.
 *
 * Only what is necessary (R3.1), only "that" when "that" suffices (R3.2),
 * from the family first (R3.3), anonymously when that suffices (R3.4), on a
 * substantiated request (R3.5), and in proportion (R3.6). The narrowing
 * rules give allowed_limited with a scope; the least intrusive form wins
 * (verbs.c).
 */
#include "eval.h"

static bool on_request(const struct eval *e)
{
	return e->s->action == ZV_ACTION_REQUEST ||
	       (e->s->action == ZV_ACTION_DISCLOSE && e->s->initiative == ZV_INITIATIVE_REQUEST);
}

/* R3.1 — only data necessary for the purpose; the rest is cut. */
void r3_1_only_necessary(struct eval *e)
{
	switch (e->s->data.beyond_necessary) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R3_1, ZV_FACT_DATA_BEYOND_NECESSARY, -1);
		say(e, "Het is niet bekend of alle gevraagde gegevens nodig zijn.");
		break;
	case ZV_YES:
		rule_limit(e, ZV_R3_1, ZV_SCOPE_MINIMAL, 0, 0);
		rule_oblige(e, ZV_R3_1, ZV_R3_1, ZV_OBL_SHARE_MINIMUM, false, 0);
		say(e, "Een deel van de gegevens is niet nodig voor het doel. Alleen het nodige deel mag.");
		break;
	case ZV_NO:
		rule_check(e, ZV_R3_1);
		say(e, "De gegevens zijn nodig voor het doel.");
		break;
	}
}

/* R3.2 — if knowing that a person is known suffices, only that. */
void r3_2_existence_suffices(struct eval *e)
{
	if (e->s->data.scope == ZV_DATA_EXISTENCE) {
		rule_check(e, ZV_R3_2);
		say(e, "Er wordt alleen gevraagd óf iemand bekend is, niet wat er bekend is.");
		return;
	}
	switch (e->s->data.existence_suffices) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R3_2, ZV_FACT_DATA_EXISTENCE_SUFFICES, -1);
		say(e, "Het is niet bekend of het genoeg is om te weten dát iemand bekend is.");
		break;
	case ZV_YES:
		rule_limit(e, ZV_R3_2, ZV_SCOPE_EXISTENCE_ONLY, 0, 0);
		add_alternative(e, ZV_R3_2, ZV_ALT_SHARE_EXISTENCE_ONLY);
		say(e, "Het is genoeg om te weten dát iemand bekend is. Alleen dat mag worden gedeeld, niet de inhoud.");
		break;
	case ZV_NO:
		rule_check(e, ZV_R3_2);
		say(e, "Alleen weten dát iemand bekend is, is niet genoeg.");
		break;
	}
}

/* R3.3 — subsidiarity: ask the persons themselves first, unless that
 * endangers someone. Not for a report on the supplier's own initiative. */
void r3_3_ask_subjects_first(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (s->action == ZV_ACTION_DISCLOSE && !on_request(e))
		return;
	switch (s->data.obtainable_from_subjects) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R3_3, ZV_FACT_DATA_OBTAINABLE_FROM_SUBJECTS, -1);
		say(e, "Het is niet bekend of de informatie ook bij het gezin zelf te krijgen is.");
		return;
	case ZV_NO:
		rule_check(e, ZV_R3_3);
		say(e, "De informatie is niet bij het gezin zelf te krijgen.");
		return;
	case ZV_YES:
		break;
	}
	switch (s->data.asking_subjects_endangers_safety) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R3_3, ZV_FACT_DATA_ASKING_SUBJECTS_ENDANGERS_SAFETY, -1);
		say(e, "De informatie is bij het gezin zelf te krijgen. Het is niet bekend of vragen aan het gezin iemand in gevaar brengt.");
		break;
	case ZV_NO:
		rule_deny(e, ZV_R3_3);
		add_alternative(e, ZV_R3_3, ZV_ALT_ASK_SUBJECTS);
		say(e, "De informatie is bij het gezin zelf te krijgen, zonder gevaar. Vraag het dan eerst aan het gezin.");
		break;
	case ZV_YES:
		rule_note(e, ZV_R3_3);
		say(e, "De informatie is ook bij het gezin te krijgen, maar vragen aan het gezin brengt iemand in gevaar. Daarom hoeft u het niet eerst aan het gezin te vragen.");
		break;
	}
}

/* R3.4 — what can be discussed anonymously, must be; an advice-only
 * consultation of Veilig Thuis processes no personal data of the family at
 * any party, so it is also recorded without them. */
void r3_4_anonymous_suffices(struct eval *e)
{
	const struct zv_situation *s = e->s;
	bool vt_party = e->actor_kind == ZV_ORG_VEILIG_THUIS ||
			(e->cp_org && s->counterparty.kind == ZV_ORG_VEILIG_THUIS);
	if (s->framework == ZV_FRAMEWORK_ADVICE_ONLY && vt_party) {
		rule_limit(e, ZV_R3_4, ZV_SCOPE_ANONYMOUS, 0, 0);
		add_alternative(e, ZV_R3_4, ZV_ALT_DISCUSS_ANONYMOUSLY);
		say(e, s->action == ZV_ACTION_RECORD
			       ? "Het gaat om advies van Veilig Thuis. Bij een adviesvraag legt niemand persoonsgegevens van het gezin vast, alleen die van de adviesvrager."
			       : "Het gaat om advies van Veilig Thuis. Bij een adviesvraag worden geen persoonsgegevens gedeeld: bespreek de situatie zonder namen.");
		return;
	}
	if (s->action == ZV_ACTION_RECORD)   /* the rest concerns exchanging data */
		return;
	switch (s->data.anonymous_suffices) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R3_4, ZV_FACT_DATA_ANONYMOUS_SUFFICES, -1);
		say(e, "Het is niet bekend of de vraag ook zonder namen kan worden besproken.");
		break;
	case ZV_YES:
		rule_limit(e, ZV_R3_4, ZV_SCOPE_ANONYMOUS, 0, 0);
		add_alternative(e, ZV_R3_4, ZV_ALT_DISCUSS_ANONYMOUSLY);
		say(e, "U kunt de vraag zonder namen bespreken. Dan moet u dat ook doen.");
		break;
	case ZV_NO:
		rule_check(e, ZV_R3_4);
		say(e, "De vraag kan niet zonder namen worden besproken.");
		break;
	}
}

/* R3.5 — a requester substantiates which data are necessary and why. */
void r3_5_necessity_substantiated(struct eval *e)
{
	if (!on_request(e))
		return;
	rule_yes_no(e, ZV_R3_5, ZV_FACT_DATA_NECESSITY_SUBSTANTIATED,
		    e->s->data.necessity_substantiated, ZV_NO,
		    "Het is niet bekend of de vrager heeft uitgelegd welke gegevens nodig zijn en waarom.",
		    "De vrager heeft niet uitgelegd welke gegevens nodig zijn en waarom. Zolang dat niet is gebeurd, mag het niet.",
		    "De vrager heeft uitgelegd welke gegevens nodig zijn en waarom.");
}

/* R3.6 — proportionality: in proportion to the aim, effective, and no less
 * intrusive way (EVRM 8, Grondwet 10, IVRK 16). */
void r3_6_proportionate(struct eval *e)
{
	rule_yes_no(e, ZV_R3_6, ZV_FACT_DATA_PROPORTIONATE, e->s->data.proportionate, ZV_NO,
		    "U hebt nog niet afgewogen of de inbreuk op de privacy in verhouding staat tot het doel.",
		    "De inbreuk op de privacy is te groot voor het doel, helpt niet om het doel te bereiken, of er is een lichtere manier. Dan mag het niet.",
		    "De inbreuk op de privacy staat in verhouding tot het doel.");
}
