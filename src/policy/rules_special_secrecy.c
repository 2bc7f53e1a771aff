/*
 * rules_special_secrecy.c — step 4 (special categories and criminal data)
 * and step 5 (professional secrecy).
 *
 * Step 4: health, other special and criminal data are forbidden unless a
 * named legal exception applies (R4.3) or an explicit, valid processing
 * consent covers them (R4.2, itself subject to R2.3); otherwise R4.1.
 *
 * Step 5: a supplier bound by secrecy may share only on one of the six
 * grounds (R5.1–R5.6); none → R5.7. Secrecy does not bind a youth-care
 * worker's referral task (R5.0), and Veilig Thuis may inform the one who
 * reported (R10.4). Each ground is one function returning what it released;
 * the statutory powers and duties are a table (decision-api.md) so that no
 * ground is granted outside it.
 */
#include "eval.h"

/* ---- step 4 ------------------------------------------------------------ */

/* Does a valid processing consent cover the ordinary data asked for (while
 * it covers none of the special ones)? */
static bool consent_covers_only_ordinary(struct eval *e, const struct consent_need *special)
{
	uint8_t ordinary = e->categories & ~ZV_CAT_SENSITIVE;
	if (!ordinary)
		return false;
	struct consent_need need = *special;
	need.categories = ordinary;
	struct consent_cover c;
	consent_cover(e->s, &need, &c);
	return c.some != 0;
}

/* R4.2 — explicit, valid consent of the kind `processing` as the exception
 * (subject to R2.3: not for the organisations whose clients depend on them,
 * unless a lawyer confirmed it). */
static void r4_2_explicit_consent(struct eval *e, uint8_t sensitive)
{
	const struct zv_situation *s = e->s;
	struct consent_need need = {
		.kind = ZV_CONSENT_PROCESSING,
		.explicit_required = true,
		.to = receiving_party(e),
		.subjects = e->about,
		.categories = sensitive,
	};
	struct consent_cover c;
	if (consent_barred_for_actor(e)) {
		consent_cover(s, &need, &c);
		if (c.some) {
			rule_deny(e, ZV_R2_3);
			add_alternative(e, ZV_R2_3, ZV_ALT_USE_STATUTORY_BASIS);
			say(e, "Er is wel uitdrukkelijke toestemming, maar voor %O kan toestemming geen uitzondering op het verbod zijn, omdat gezinnen van de organisatie afhankelijk zijn.",
			    (int)s->actor.kind);
		}
		rule_deny(e, ZV_R4_1);
		say(e, "Daarvoor is geen wettelijke uitzondering genoemd.");
		return;
	}
	consent_evaluate(e, &need, &c, "de verwerking van bijzondere of strafrechtelijke gegevens");
	if (c.some && consent_barred_kind(s->actor.kind))   /* confirmed by a lawyer (R2.3) */
		rule_oblige(e, ZV_R2_3, ZV_R2_3, ZV_OBL_LEGAL_REVIEW, false, 0);
	if (c.full == need.subjects) {
		rule_grant(e, ZV_R4_2);
		say(e, "Daarvoor is uitdrukkelijke toestemming gegeven door wie dat mag.");
	} else if (c.some) {
		apply_consent_cover(e, ZV_R4_2, &need, &c, (uint8_t)(e->categories & ~ZV_CAT_SENSITIVE));
		say(e, "De uitdrukkelijke toestemming dekt daar maar een deel van. Alleen dat deel mag.");
	} else if (c.age_unknown) {
		rule_check(e, ZV_R4_2);
		say(e, "Of er geldige uitdrukkelijke toestemming is, hangt af van de leeftijd van de betrokkenen.");
	} else if (consent_covers_only_ordinary(e, &need)) {
		/* The consent names only the ordinary data: that part is released,
		 * the special data are not (decision-api.md, "Who gives consent"). */
		rule_limit(e, ZV_R4_1, ZV_SCOPE_MINIMAL, (uint8_t)(e->categories & ~ZV_CAT_SENSITIVE), 0);
		say(e, "De toestemming geldt alleen voor de gewone gegevens. Alleen die mogen; voor de %S is geen uitzondering en geen toestemming.",
		    sensitive_words(sensitive));
	} else {
		rule_deny(e, ZV_R4_1);
		say(e, "Voor zulke gegevens geldt een verbod. Alleen een wettelijke uitzondering of geldige uitdrukkelijke toestemming maakt het mogelijk. U noemt geen uitzondering, en er is geen geldige toestemming. Dus mag het niet.");
	}
}

/* R4.1 with R4.3 and R4.2 — special categories and criminal data are
 * forbidden unless a named legal exception applies, or explicit consent. */
void r4_special_category_exception(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (!s->data.has_categories) {
		rule_ask(e, ZV_R4_1, ZV_FACT_DATA_CATEGORIES, -1);
		say(e, "Het is niet bekend om welke soort gegevens het gaat.");
		return;
	}
	uint8_t sensitive = e->categories & ZV_CAT_SENSITIVE;
	if (!sensitive) {
		rule_check(e, ZV_R4_1);
		say(e, "Het gaat om gewone persoonsgegevens. De extra regels voor gevoelige gegevens, zoals over gezondheid, gelden dus niet.");
		enum zv_org k = e->actor_kind;
		if (s->action == ZV_ACTION_DISCLOSE &&
		    (k == ZV_ORG_GGZ || k == ZV_ORG_GP || k == ZV_ORG_HOSPITAL))
			say(e, "Let op: al dát iemand bij %O bekend is, is een gezondheidsgegeven. Gaat het daar ook om, geef dan gezondheidsgegevens op.",
			    (int)k);
		return;
	}
	say(e, e->categories & ZV_CAT_ORDINARY ? "Het gaat ook om %S." : "Het gaat om %S.",
	    sensitive_words(sensitive));
	/* R4.3 — a sector exception named in the request or the configuration. */
	if (text_has_content(s->data.special_category_exception)) {
		rule_grant(e, ZV_R4_3);
		add_legal_ref_text(e, s->data.special_category_exception);
		say(e, "Daarvoor geldt de wettelijke uitzondering die u noemt: %T.",
		    &s->data.special_category_exception);
		return;
	}
	r4_2_explicit_consent(e, sensitive);
}

/* ---- step 5 ------------------------------------------------------------ */

/* The article that binds this actor's secrecy (`involved`: the one that lets
 * it share with those directly involved). The Wmo's confidentiality of Veilig
 * Thuis is cited by the rules that lift it (R5.4, R11). */
static const char *secrecy_law(enum zv_secrecy regime, bool involved)
{
	switch (regime) {
	case ZV_SECRECY_JEUGDWET:
		return involved ? "Jeugdwet art. 7.3.11 lid 2 sub a" : "Jeugdwet art. 7.3.11 lid 1";
	case ZV_SECRECY_WGBO: return involved ? "BW art. 7:457 lid 2" : "BW art. 7:457 lid 1";
	case ZV_SECRECY_BIG: return "Wet BIG art. 88";
	default: return NULL;
	}
}

static void cite_secrecy(struct eval *e, bool involved)
{
	const char *law = secrecy_law(e->actor_secrecy, involved);
	if (law)
		add_legal_ref(e, law);
}

enum ground_result { GROUND_FAILS, GROUND_UNKNOWN, GROUND_PARTIAL, GROUND_HOLDS };

/* R5.1 — consent to set secrecy aside: explicit, knowing why, with whom and
 * what. */
static enum ground_result ground_consent(struct eval *e)
{
	struct consent_need need = {
		.kind = ZV_CONSENT_SECRECY_RELEASE,
		.explicit_required = true,
		.to = receiving_party(e),
		.subjects = e->about,
		.categories = e->categories ? e->categories : ZV_CAT_ORDINARY,
	};
	struct consent_cover c;
	consent_evaluate(e, &need, &c, "het doorbreken van het beroepsgeheim");
	if (c.some)
		cite_secrecy(e, false);
	if (c.full == need.subjects) {
		rule_grant(e, ZV_R5_1);
		say(e, "Er is uitdrukkelijke toestemming om het beroepsgeheim te doorbreken voor deze ontvanger.");
		return GROUND_HOLDS;
	}
	if (c.some) {
		apply_consent_cover(e, ZV_R5_1, &need, &c, 0);
		say(e, "De toestemming om het beroepsgeheim te doorbreken dekt maar een deel van de gegevens. Alleen dat deel mag.");
		return GROUND_PARTIAL;
	}
	if (c.age_unknown)
		return GROUND_UNKNOWN;
	rule_note(e, ZV_R5_1);
	say(e, "Er is geen geldige toestemming om het beroepsgeheim te doorbreken.");
	return GROUND_FAILS;
}

/* R5.2 — the recipient is directly involved in the help, or the substitute. */
static enum ground_result ground_directly_involved(struct eval *e)
{
	if (!e->cp_org) {
		rule_note(e, ZV_R5_2);
		say(e, "De ontvanger is geen hulpverlener. Daarom kan de ontvanger niet rechtstreeks betrokken zijn bij de hulp.");
		return GROUND_FAILS;
	}
	switch (e->s->counterparty.directly_involved) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R5_2, ZV_FACT_COUNTERPARTY_DIRECTLY_INVOLVED, -1);
		say(e, "Het is niet bekend of %O rechtstreeks betrokken is bij de hulp die u geeft.",
		    (int)e->s->counterparty.kind);
		return GROUND_UNKNOWN;
	case ZV_YES:
		rule_grant(e, ZV_R5_2);
		cite_secrecy(e, true);
		say(e, "%O is rechtstreeks betrokken bij de hulp die u aan deze persoon geeft (of is de vervanger). Dan mag u delen wat nodig is.",
		    (int)e->s->counterparty.kind);
		return GROUND_HOLDS;
	case ZV_NO:
		break;
	}
	rule_note(e, ZV_R5_2);
	say(e, "%O is niet rechtstreeks betrokken bij de hulp die u geeft. Samen in een team zitten is dat nog niet.",
	    (int)e->s->counterparty.kind);
	return GROUND_FAILS;
}

/* Which of the subjects are children under 16 in `parent`'s authority
 * (`own`: the parent's own data; `asked`: ages still to be answered). */
static zv_personset children_in_authority(struct eval *e, int32_t parent, zv_personset *own,
					  zv_personset *asked)
{
	const struct zv_situation *s = e->s;
	zv_personset children = 0;
	*own = *asked = 0;
	for (zv_personset rest = e->about; rest; rest &= rest - 1) {
		int i = __builtin_ctzll(rest);
		const struct zv_person *child = &s->persons[i];
		zv_personset bit = UINT64_C(1) << i;
		if (i == parent) {  /* the parent's own data: no secrecy towards them */
			*own = bit;
		} else if (!((child->authority_holders >> parent) & 1u)) {
			say(e, "%P heeft geen gezag over %P.", (int)parent, i);
		} else if (child->age < 0) {
			rule_ask(e, ZV_R5_3, ZV_FACT_PERSON_AGE, i);
			*asked |= bit;
		} else if (child->age >= 16) {
			say(e, "%P is 16 jaar of ouder. Dan krijgt een ouder alleen informatie met toestemming van de jongere zelf.",
			    i);
			add_alternative(e, ZV_R5_3, ZV_ALT_OBTAIN_CONSENT);
		} else {
			children |= bit;
		}
	}
	return children;
}

/* R5.3 — parents with authority, for information from the file of their
 * child under 16, unless incompatible with good care. */
static enum ground_result ground_parent(struct eval *e)
{
	const struct zv_situation *s = e->s;
	int32_t parent = s->counterparty.person;
	if (parent < 0) {
		rule_note(e, ZV_R5_3);
		say(e, "Deze grond geldt alleen als een ouder met gezag zelf de ontvanger is.");
		return GROUND_FAILS;
	}
	zv_personset own, asked;
	zv_personset children = children_in_authority(e, parent, &own, &asked);
	if (!children) {
		if (asked)
			return GROUND_UNKNOWN;
		rule_note(e, ZV_R5_3);
		return GROUND_FAILS;
	}
	switch (s->parent_access_incompatible) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R5_3, ZV_FACT_PARENT_ACCESS_INCOMPATIBLE, -1);
		say(e, "U hebt nog niet afgewogen of een goede hulpverlener deze informatie aan de ouder zou geven.");
		return GROUND_UNKNOWN;
	case ZV_YES:
		rule_note(e, ZV_R5_3);
		say(e, "Het belang van het kind of de veiligheid van een ander verzet zich ertegen dat de ouder deze informatie krijgt. Een goede hulpverlener geeft de informatie dan niet.");
		return GROUND_FAILS;
	case ZV_NO:
		break;
	}
	rule_oblige(e, ZV_R5_3, ZV_R5_8, ZV_OBL_RECORD_PROFESSIONAL_WEIGHING, false, 0);
	zv_personset covered = own | children;
	if (covered == e->about) {
		rule_grant(e, ZV_R5_3);
		say(e, "%P heeft gezag over het kind, en het kind is jonger dan 16 jaar. Een ouder met gezag heeft recht op deze informatie. Volgens uw afweging verzet het belang van het kind of de veiligheid van een ander zich daar niet tegen.",
		    (int)parent);
		return asked ? GROUND_UNKNOWN : GROUND_HOLDS;
	}
	rule_limit(e, ZV_R5_3, ZV_SCOPE_MINIMAL, 0, covered);
	say(e, "%P krijgt alleen de informatie over de kinderen jonger dan 16 jaar over wie hij of zij gezag heeft.",
	    (int)parent);
	return asked ? GROUND_UNKNOWN : GROUND_PARTIAL;
}

/*
 * R5.4/R5.5 — the statutory powers and duties to set secrecy aside
 * (decision-api.md, table "Statutory powers and duties"). Each row is a pure
 * test: it holds, does not apply, or needs a missing fact (which it names).
 * Facts are asked only when no row holds.
 */
enum row_state { ROW_NO, ROW_ASK, ROW_HOLDS };

struct row_answer {
	enum row_state state;
	enum zv_fact fact;    /* for ROW_ASK */
};

struct statutory_row {
	enum zv_secrecy_ground ground;
	const char *law;
	struct row_answer (*applies)(const struct eval *e);
	const char *sentence;
};

static enum zv_org recipient(const struct eval *e)
{
	return e->cp_org ? e->s->counterparty.kind : ZV_ORG_NONE;
}

static const struct row_answer NO = {ROW_NO, 0}, HOLDS = {ROW_HOLDS, 0};

static struct row_answer ask_for(enum zv_fact f)
{
	return (struct row_answer){ROW_ASK, f};
}

/* Under a supervision order, with the initiative the row names. The
 * framework is asked whatever the initiative (decision-api.md). */
static struct row_answer under_supervision_order(const struct eval *e, enum zv_initiative initiative)
{
	if (recipient(e) != ZV_ORG_GI)
		return NO;
	if (e->s->framework == ZV_FRAMEWORK_UNKNOWN)
		return ask_for(ZV_FACT_FRAMEWORK);
	return e->s->framework == ZV_FRAMEWORK_COMPULSORY && e->s->initiative == initiative ? HOLDS : NO;
}

/* Wmo 2015 art. 5.2.6: reporting to Veilig Thuis to end or investigate
 * domestic violence or child abuse. */
static struct row_answer power_report_to_veilig_thuis(const struct eval *e)
{
	if (recipient(e) != ZV_ORG_VEILIG_THUIS)
		return NO;
	switch (e->s->purpose.domestic_violence_concern) {
	case ZV_UNKNOWN: return ask_for(ZV_FACT_PURPOSE_DOMESTIC_VIOLENCE_CONCERN);
	case ZV_YES: return HOLDS;
	case ZV_NO: break;
	}
	return NO;
}

/* BW art. 1:240: informing the Raad voor de Kinderbescherming. */
static struct row_answer power_inform_rvdk(const struct eval *e)
{
	return recipient(e) == ZV_ORG_RVDK ? HOLDS : NO;
}

/* Jeugdwet art. 7.3.11(4): to the GI under a supervision order, on one's own
 * initiative. */
static struct row_answer power_gi_supervision(const struct eval *e)
{
	return under_supervision_order(e, ZV_INITIATIVE_OWN);
}

/* Wmo 2015 art. 4.1.1(2): Veilig Thuis alerts police, OM, RvdK or GI, where
 * the care-and-criminal-justice rules (R11) hold; they concern only a
 * criminal-justice recipient, so towards the Raad and the GI in their own
 * role they hold by themselves. */
static struct row_answer power_veilig_thuis_alerts(const struct eval *e)
{
	enum zv_org to = recipient(e);
	if (e->actor_kind != ZV_ORG_VEILIG_THUIS ||
	    !(to == ZV_ORG_POLICE || to == ZV_ORG_OM || to == ZV_ORG_RVDK || to == ZV_ORG_GI))
		return NO;
	if (!e->cp_criminal_justice)
		return HOLDS;
	enum zv_tri contributes = e->s->zorg_straf.contributes_to_ending_violence;
	enum zv_tri solely = e->s->zorg_straf.solely_recipient_task;
	if (contributes == ZV_NO || solely == ZV_YES)
		return NO;
	if (contributes == ZV_UNKNOWN)
		return ask_for(ZV_FACT_ZS_CONTRIBUTES);
	if (solely == ZV_UNKNOWN)
		return ask_for(ZV_FACT_ZS_SOLELY_RECIPIENT_TASK);
	return HOLDS;
}

/* Jeugdwet art. 7.3.11(4): information the GI asks for to carry out a
 * supervision order. */
static struct row_answer duty_gi_supervision(const struct eval *e)
{
	return under_supervision_order(e, ZV_INITIATIVE_REQUEST);
}

/* Jeugdwet art. 7.4.3 (GI, RvdK), Wmo 2015 art. 4.2.12 (Veilig Thuis),
 * Besluit Jeugdwet art. 7.5.1: supplying the ministers and CBS for
 * monitoring, never identifiable (R1.3). */
static struct row_answer duty_monitoring(const struct eval *e)
{
	enum zv_org to = recipient(e);
	enum zv_org by = e->actor_kind;
	if (!(to == ZV_ORG_MINISTRY || to == ZV_ORG_CBS) ||
	    !(by == ZV_ORG_GI || by == ZV_ORG_RVDK || by == ZV_ORG_VEILIG_THUIS) ||
	    e->s->purpose.kind == ZV_PURPOSE_CARE ||
	    e->s->data.identifiability == ZV_IDENT_IDENTIFIABLE)
		return NO;
	return HOLDS;
}

static const struct statutory_row STATUTORY[] = {
	{ZV_SG_LEGAL_POWER, "Wmo 2015 art. 5.2.6", power_report_to_veilig_thuis,
	 "De wet geeft u het recht om Veilig Thuis zonder toestemming te informeren (meldrecht), als dat nodig is om geweld of mishandeling te stoppen of een vermoeden daarvan te laten onderzoeken."},
	{ZV_SG_LEGAL_POWER, "BW art. 1:240", power_inform_rvdk,
	 "De wet geeft u het recht om de Raad voor de Kinderbescherming zonder toestemming te informeren, als dat nodig is voor het werk van de Raad."},
	{ZV_SG_LEGAL_POWER, "Jeugdwet art. 7.3.11 lid 4", power_gi_supervision,
	 "Het kind staat onder toezicht (ondertoezichtstelling). Dan mag u de GI uit eigen beweging informeren, als dat nodig is om de ondertoezichtstelling uit te voeren."},
	{ZV_SG_LEGAL_POWER, "Wmo 2015 art. 4.1.1 lid 2", power_veilig_thuis_alerts,
	 "Veilig Thuis heeft de wettelijke taak om zo nodig de politie, het Openbaar Ministerie, de Raad voor de Kinderbescherming of de GI in te schakelen."},
	{ZV_SG_LEGAL_DUTY, "Jeugdwet art. 7.3.11 lid 4", duty_gi_supervision,
	 "Het kind staat onder toezicht (ondertoezichtstelling). De GI vraagt om informatie. U moet de GI geven wat nodig is om de ondertoezichtstelling uit te voeren."},
	{ZV_SG_LEGAL_DUTY, "Jeugdwet art. 7.4.3", duty_monitoring,
	 "De wet verplicht deze organisatie om voor monitoring gegevens te leveren, met een code in plaats van namen, of alleen als totalen."},
};

/* R5.4 (power) or R5.5 (duty) — only where the law gives it for this
 * recipient, or a lawyer-reviewed provision is configured. */
static enum ground_result ground_statutory(struct eval *e, enum zv_secrecy_ground g)
{
	enum zv_rule r = g == ZV_SG_LEGAL_POWER ? ZV_R5_4 : ZV_R5_5;
	const char *what = g == ZV_SG_LEGAL_POWER ? "bevoegdheid" : "plicht";
	struct row_answer answers[sizeof STATUTORY / sizeof *STATUTORY];
	bool any_ask = false;
	for (size_t i = 0; i < sizeof STATUTORY / sizeof *STATUTORY; i++) {
		answers[i] = STATUTORY[i].ground == g ? STATUTORY[i].applies(e) : NO;
		if (answers[i].state == ROW_HOLDS) {
			rule_grant(e, r);
			add_legal_ref(e, STATUTORY[i].law);
			say(e, "%S", STATUTORY[i].sentence);
			return GROUND_HOLDS;
		}
		any_ask |= answers[i].state == ROW_ASK;
	}
	if (e->s->secrecy_provision_confirmed) {
		rule_grant(e, r);
		say(e, "Een jurist heeft bevestigd dat een wettelijke %S hier het beroepsgeheim opzij zet.", what);
		return GROUND_HOLDS;
	}
	if (any_ask) {
		for (size_t i = 0; i < sizeof STATUTORY / sizeof *STATUTORY; i++)
			if (answers[i].state == ROW_ASK)
				rule_ask(e, r, answers[i].fact, -1);
		say(e, "Of de wet hier een %S geeft, hangt af van de antwoorden op de vragen.", what);
		return GROUND_UNKNOWN;
	}
	rule_note(e, r);
	say(e, "De wet geeft voor deze ontvanger geen %S om het beroepsgeheim te doorbreken.", what);
	return GROUND_FAILS;
}

/* R5.6 — conflict of duties: all four conditions must hold. */
static enum ground_result ground_conflict_of_duties(struct eval *e)
{
	static const struct {
		enum zv_fact fact;
		const char *missing;
	} CONDITIONS[] = {
		{ZV_FACT_COD_CONSENT_ATTEMPTED, "U hebt nog niet alles gedaan om toestemming te krijgen."},
		{ZV_FACT_COD_SERIOUS_HARM, "Als u niet deelt, ontstaat er geen ernstige schade."},
		{ZV_FACT_COD_NO_ALTERNATIVE, "Er is een andere manier om de schade te voorkomen."},
		{ZV_FACT_COD_LIMITS_HARM, "Delen voorkomt of beperkt de schade niet."},
	};
	const struct zv_situation *s = e->s;
	const enum zv_tri answers[4] = {
		s->conflict_of_duties.consent_attempted, s->conflict_of_duties.serious_harm,
		s->conflict_of_duties.no_alternative, s->conflict_of_duties.limits_harm};
	bool any_no = false, any_unknown = false;
	for (int i = 0; i < 4; i++) {
		if (answers[i] == ZV_NO) {
			any_no = true;
			say(e, "%S", CONDITIONS[i].missing);
		}
		any_unknown |= answers[i] == ZV_UNKNOWN;
	}
	for (int i = 0; i < 4; i++)  /* every missing answer is asked, also when one is no */
		if (answers[i] == ZV_UNKNOWN)
			rule_ask(e, ZV_R5_6, CONDITIONS[i].fact, -1);
	if (any_no) {
		rule_note(e, ZV_R5_6);
		say(e, "Daarom is er geen conflict van plichten: daarvoor moeten alle vier de voorwaarden gelden.");
		enum zv_org to = recipient(e);
		if (to == ZV_ORG_VEILIG_THUIS || to == ZV_ORG_RVDK) {
			add_alternative(e, ZV_R5_6, ZV_ALT_REPORT_TO_VEILIG_THUIS);
			say(e, "Wilt u Veilig Thuis of de Raad voor de Kinderbescherming informeren? Gebruik dan het meldrecht.");
		}
		return GROUND_FAILS;
	}
	if (any_unknown) {
		say(e, "Voor een conflict van plichten moeten alle vier de voorwaarden gelden; nog niet alle zijn beantwoord.");
		return GROUND_UNKNOWN;
	}
	rule_grant(e, ZV_R5_6);
	rule_oblige(e, ZV_R5_6, ZV_R5_6, ZV_OBL_DOCUMENT_CONFLICT_OF_DUTIES, false, 0);
	say(e, "Er is een conflict van plichten: u deed alles om toestemming te krijgen, zonder delen dreigt ernstige schade, er is geen andere weg, en delen beperkt de schade.");
	return GROUND_HOLDS;
}

static void secrecy_fails(struct eval *e)
{
	rule_deny(e, ZV_R5_7);
	cite_secrecy(e, false);
	if (e->s->purpose.kind == ZV_PURPOSE_CARE)   /* consent cannot cure R1.3 */
		add_alternative(e, ZV_R5_7, ZV_ALT_OBTAIN_CONSENT);
	if (e->s->purpose.domestic_violence_concern == ZV_YES &&
	    recipient(e) != ZV_ORG_VEILIG_THUIS)
		add_alternative(e, ZV_R5_4, ZV_ALT_REPORT_TO_VEILIG_THUIS);
	say(e, "Zonder geldige grond mag u het beroepsgeheim niet doorbreken. U mag de informatie dus niet delen.");
}

/* Step 5 — the ground to set secrecy aside, and what follows from it. */
void r5_secrecy_ground(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (e->actor_secrecy == ZV_SECRECY_NONE) {
		step_not_applicable(e, ZV_STEP_SECRECY,
				    "U hebt voor deze gegevens geen beroepsgeheim of geheimhoudingsplicht.");
		return;
	}
	/* R5.0 — secrecy does not bind a referral (toeleiding) task. */
	if (s->actor.referral_task) {
		rule_grant(e, ZV_R5_0);
		say(e, "U doet nu een toeleidingstaak: u helpt het gezin de juiste hulp te vinden. Daarvoor geldt de wettelijke geheimhoudingsplicht niet. Uw beroepscode blijft wel gelden.");
		return;
	}
	/* R10.4 — Veilig Thuis informs the one who reported without consent. */
	if (s->counterparty.reporter && e->actor_kind == ZV_ORG_VEILIG_THUIS && e->cp_org) {
		rule_grant(e, ZV_R10_4);
		say(e, "Veilig Thuis mag degene die de melding deed, zonder toestemming informeren over de melding.");
		return;
	}
	enum ground_result r = GROUND_FAILS;
	switch (s->secrecy_ground) {
	case ZV_SG_UNKNOWN:
		rule_ask(e, ZV_R5_7, ZV_FACT_SECRECY_GROUND, -1);
		say(e, "U hebt een beroepsgeheim, en niet is genoemd op welke grond u het wilt doorbreken.");
		return;
	case ZV_SG_NONE:
		say(e, "U noemt geen van de zes gronden, zoals toestemming of een meldrecht.");
		r = GROUND_FAILS;
		break;
	case ZV_SG_CONSENT: r = ground_consent(e); break;
	case ZV_SG_DIRECTLY_INVOLVED: r = ground_directly_involved(e); break;
	case ZV_SG_PARENT_WITH_AUTHORITY: r = ground_parent(e); break;
	case ZV_SG_LEGAL_POWER:
	case ZV_SG_LEGAL_DUTY: r = ground_statutory(e, s->secrecy_ground); break;
	case ZV_SG_CONFLICT_OF_DUTIES: r = ground_conflict_of_duties(e); break;
	}
	switch (r) {
	case GROUND_FAILS:
		secrecy_fails(e);
		break;
	case GROUND_UNKNOWN:
		break;
	case GROUND_HOLDS:
	case GROUND_PARTIAL:
		if (s->secrecy_ground == ZV_SG_CONSENT)
			rule_oblige(e, ZV_R5_8, ZV_R5_8, ZV_OBL_RECORD_PROFESSIONAL_WEIGHING, false, 0);
		rule_oblige(e, ZV_R5_9, ZV_R5_9, ZV_OBL_SHARE_MINIMUM, false, 0);
		break;
	}
}
