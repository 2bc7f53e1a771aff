/*
 * catalogue.c — the engine's vocabulary: rule ids and the legal references
 * each rule brings, the stable names of the JSON contract, and the Dutch
 * texts of questions, obligations and alternatives.
 *
 * Everything here is constant data. Stable names (left columns) are what
 * other programs rely on (decision-api.md "Stable codes"); texts may be
 * improved freely.
 */
#include <string.h>

#include "eval.h"

#define REFS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const struct {
	const char *id;
	const char *const *refs;
} RULES[ZV_RULE__COUNT] = {
	[ZV_R1_1] = {"R1.1", REFS("AVG art. 5 lid 1 sub b")},
	[ZV_R1_2] = {"R1.2", REFS("AVG art. 5 lid 1 sub b", "AVG art. 6 lid 3")},
	[ZV_R1_3] = {"R1.3", REFS("Jeugdwet art. 7.4.1–7.4.4", "Besluit Jeugdwet art. 7.5.1", "AVG art. 89")},
	[ZV_R1_4] = {"R1.4", REFS("AVG art. 6 lid 4")},
	[ZV_R2_1] = {"R2.1", REFS("AVG art. 6 lid 1")},
	[ZV_R2_2] = {"R2.2", REFS("AVG art. 6 lid 1, tweede alinea")},
	[ZV_R2_3] = {"R2.3", REFS("AVG art. 7 lid 4", "AVG overweging 43")},
	[ZV_R2_4] = {"R2.4", REFS("AVG art. 4 onder 11", "AVG art. 7")},
	[ZV_R2_5] = {"R2.5", REFS("AVG art. 7 lid 3")},
	[ZV_R2_6] = {"R2.6", REFS("AVG art. 6 lid 3")},
	[ZV_R2_7] = {"R2.7", REFS("AVG art. 6 lid 1")},
	[ZV_R2_8] = {"R2.8", REFS("AVG art. 5 lid 2")},
	[ZV_R3_1] = {"R3.1", REFS("AVG art. 5 lid 1 sub c")},
	[ZV_R3_2] = {"R3.2", REFS("AVG art. 5 lid 1 sub c")},
	[ZV_R3_3] = {"R3.3", REFS("EVRM art. 8 lid 2", "AVG art. 5 lid 1 sub c")},
	[ZV_R3_4] = {"R3.4", REFS("AVG art. 5 lid 1 sub c", "AVG art. 25")},
	[ZV_R3_5] = {"R3.5", REFS("AVG art. 5 lid 1 sub c", "AVG art. 5 lid 2")},
	[ZV_R3_6] = {"R3.6", REFS("EVRM art. 8", "Grondwet art. 10", "IVRK art. 16")},
	[ZV_R4_1] = {"R4.1", REFS("AVG art. 9 lid 1", "AVG art. 10")},
	[ZV_R4_2] = {"R4.2", REFS("AVG art. 9 lid 2 sub a", "UAVG art. 32 sub a")},
	[ZV_R4_3] = {"R4.3", REFS("UAVG art. 30")},
	[ZV_R5_0] = {"R5.0", REFS("Jeugdwet art. 7.3.11 lid 1")},
	[ZV_R5_1] = {"R5.1", NULL},   /* the actor's own secrecy article: secrecy_law() */
	[ZV_R5_2] = {"R5.2", NULL},
	[ZV_R5_3] = {"R5.3", REFS("Jeugdwet art. 7.3.11 lid 2 sub b", "Jeugdwet art. 7.3.11 lid 3")},
	[ZV_R5_4] = {"R5.4", NULL},   /* the statutory row names its own law */
	[ZV_R5_5] = {"R5.5", NULL},
	[ZV_R5_6] = {"R5.6", REFS("Wetboek van Strafrecht art. 40")},
	[ZV_R5_7] = {"R5.7", NULL},
	[ZV_R5_8] = {"R5.8", REFS("Jeugdwet art. 4.1.1")},
	[ZV_R5_9] = {"R5.9", REFS("AVG art. 5 lid 1 sub c")},
	[ZV_R6_1] = {"R6.1", REFS("AVG art. 13", "AVG art. 14", "Wmo 2015 art. 5.3.1", "Uitvoeringsbesluit Wmo 2015 art. 4.1.8")},
	[ZV_R7_2] = {"R7.2", REFS("AVG art. 5 lid 1 sub d")},
	[ZV_R8_1] = {"R8.1", REFS("AVG art. 15", "Jeugdwet art. 7.3.10", "Jeugdwet art. 7.3.11 lid 2 sub b en lid 3", "BW art. 1:377c")},
	[ZV_R9_1] = {"R9.1", REFS("AVG art. 6 lid 1 sub a", "AVG art. 9 lid 2 sub a", "Jeugdwet art. 7.3.4")},
	[ZV_R9_2] = {"R9.2", REFS("UAVG art. 5", "Jeugdwet art. 7.3.4", "BW art. 7:450", "BW art. 7:457")},
	[ZV_R9_3] = {"R9.3", REFS("AVG art. 7 lid 3")},
	[ZV_R9_4] = {"R9.4", REFS("AVG art. 4 onder 11")},
	[ZV_R10_1] = {"R10.1", REFS("EVRM art. 8 lid 2", "Wmo 2015 art. 4.1.1")},
	[ZV_R10_2] = {"R10.2", REFS("Wmo 2015 art. 4.1.1")},
	[ZV_R10_3] = {"R10.3", REFS("Uitvoeringsbesluit Wmo 2015 art. 4.1.7", "Algemene termijnenwet art. 1 en 3", "ECLI:NL:GHAMS:2024:975")},
	[ZV_R10_4] = {"R10.4", REFS("Wmo 2015 art. 4.1.1 lid 2")},
	[ZV_R11_1] = {"R11.1", REFS("Wmo 2015 art. 4.1.1 lid 2")},
	[ZV_R11_2] = {"R11.2", REFS("Wmo 2015 art. 4.1.1 lid 2")},
	[ZV_R11_3] = {"R11.3", REFS("AVG art. 5 lid 1 sub b", "AVG art. 5 lid 1 sub c")},
	[ZV_R11_4] = {"R11.4", NULL},
	[ZV_R11_5] = {"R11.5", NULL},
	[ZV_R13_1] = {"R13.1", REFS("AVG art. 5 lid 1 sub f", "AVG art. 25", "AVG art. 32")},
	[ZV_R6_2] = {"R6.2", REFS("AVG art. 13")},
	[ZV_R6_3] = {"R6.3", REFS("AVG art. 13")},
	[ZV_R6_4] = {"R6.4", REFS("AVG art. 13")},
	[ZV_R8_2] = {"R8.2", REFS("AVG art. 12 lid 3")},
	[ZV_R8_3] = {"R8.3", REFS("AVG art. 15 lid 1 sub c")},
};

const char *zv_rule_id(enum zv_rule r)
{
	return (unsigned)r < ZV_RULE__COUNT ? RULES[r].id : "R?";
}

const char *const *rule_legal_refs(enum zv_rule r)
{
	return (unsigned)r < ZV_RULE__COUNT ? RULES[r].refs : NULL;
}

/* ---- stable names ------------------------------------------------------ */

#define NAME_OF(table, i) ((unsigned)(i) < sizeof table / sizeof *table && table[i] ? table[i] : "")

const char *zv_action_name(enum zv_action a)
{
	static const char *const N[] = {"record", "request", "disclose", "view", "enrich", "access"};
	return NAME_OF(N, a);
}

const char *zv_outcome_name(enum zv_outcome o)
{
	static const char *const N[] = {"allowed", "allowed_limited", "judgement_required", "denied"};
	return NAME_OF(N, o);
}

const char *zv_scope_name(enum zv_scope_kind k)
{
	static const char *const N[] = {"", "minimal", "existence_only", "anonymous"};
	return NAME_OF(N, k);
}

const char *zv_step_result_name(enum zv_step_result r)
{
	static const char *const N[] = {"ok", "fail", "question", "not_applicable"};
	return NAME_OF(N, r);
}

const char *zv_step_name(enum zv_step s)
{
	static const char *const N[] = {
		"purpose_and_task", "legal_basis", "necessity", "special_categories",
		"professional_secrecy", "transparency", "accuracy", "rights",
		"consent", "enrichment", "zorg_straf", "framework"};
	return NAME_OF(N, s);
}

int zv_step_number(enum zv_step s)
{
	return (int)s + 1;
}

const char *zv_org_name(enum zv_org k)
{
	static const char *const N[] = {
		"", "local_team", "regional_safety_team", "veilig_thuis", "rvdk", "gi",
		"youth_care", "ggz", "gp", "hospital", "school", "police", "om", "probation",
		"municipality", "ministry", "cbs", "other"};
	return NAME_OF(N, k);
}

bool zv_org_from_name(const char *name, enum zv_org *out)
{
	for (int k = 1; name && k < ZV_ORG__COUNT; k++)
		if (!strcmp(zv_org_name((enum zv_org)k), name)) {
			*out = (enum zv_org)k;
			return true;
		}
	return false;
}

const char *zv_category_name(int bit)
{
	static const char *const N[] = {"ordinary", "health", "special_other", "criminal"};
	return NAME_OF(N, bit);
}


const char *zv_alternative_name(enum zv_alternative_code c)
{
	static const char *const N[] = {
		"ask_subjects", "discuss_anonymously", "share_existence_only", "use_statutory_basis",
		"obtain_consent", "report_to_veilig_thuis", "new_report", "pseudonymise",
		"hand_over_to_mother_organisation", "stop_involvement"};
	return NAME_OF(N, c);
}

/* ---- questions --------------------------------------------------------- */

static const struct {
	const char *field;
	const char *text;
} FACTS[ZV_FACT__COUNT] = {
	[ZV_FACT_PURPOSE_WITHIN_TASK] = {"purpose.within_task",
		"Past dit doel binnen de taak van uw team of organisatie?"},
	[ZV_FACT_PURPOSE_COMPATIBLE] = {"purpose.compatible",
		"De gegevens zijn verzameld voor een ander doel. Past het nieuwe doel daarbij? Kijk naar: het verband tussen de doelen, wat de betrokkenen mogen verwachten, hoe gevoelig de gegevens zijn, de gevolgen voor hen, en de waarborgen."},
	[ZV_FACT_PURPOSE_DOMESTIC_VIOLENCE_CONCERN] = {"purpose.domestic_violence_concern",
		"Is het doel om huiselijk geweld of kindermishandeling te stoppen, of een redelijk vermoeden daarvan te onderzoeken?"},
	[ZV_FACT_ACTOR_CASE_ROLE] = {"actor.case_role",
		"Welke rol hebt u in deze casus: regievoerder, rechtstreeks betrokken, vervanger, adviseur, of geen?"},
	[ZV_FACT_DATA_CATEGORIES] = {"data.categories",
		"Om welke soort gegevens gaat het: gewone gegevens, gezondheidsgegevens, andere bijzondere gegevens of strafrechtelijke gegevens?"},
	[ZV_FACT_DATA_PROPORTIONATE] = {"data.proportionate",
		"Is de inbreuk op de privacy niet te groot voor het doel? Bereikt u het doel ermee? Is dit de lichtste manier? Antwoord alleen ja als alle drie kloppen."},
	[ZV_FACT_DATA_BEYOND_NECESSARY] = {"data.beyond_necessary",
		"Gaat een deel van de gegevens verder dan nodig is voor het doel?"},
	[ZV_FACT_DATA_NECESSITY_SUBSTANTIATED] = {"data.necessity_substantiated",
		"Heeft de vrager onderbouwd welke gegevens nodig zijn en waarom?"},
	[ZV_FACT_DATA_EXISTENCE_SUFFICES] = {"data.existence_suffices",
		"Is het genoeg om te weten dát iemand bekend is, zonder de inhoud?"},
	[ZV_FACT_DATA_ANONYMOUS_SUFFICES] = {"data.anonymous_suffices",
		"Kan de vraag ook zonder namen (anoniem) worden besproken?"},
	[ZV_FACT_DATA_OBTAINABLE_FROM_SUBJECTS] = {"data.obtainable_from_subjects",
		"Kunt u deze informatie ook bij het gezin zelf krijgen?"},
	[ZV_FACT_DATA_ASKING_SUBJECTS_ENDANGERS_SAFETY] = {"data.asking_subjects_endangers_safety",
		"Brengt het vragen aan het gezin de veiligheid van iemand in gevaar?"},
	[ZV_FACT_LEGAL_BASIS_PROVISION] = {"legal_basis.provision",
		"Welk wetsartikel geeft de wettelijke plicht of taak waarop u zich beroept?"},
	[ZV_FACT_COUNTERPARTY_OWN_LEGAL_BASIS] = {"counterparty.own_legal_basis",
		"Heeft de ontvanger zelf een grondslag om deze gegevens te verwerken?"},
	[ZV_FACT_SECRECY_GROUND] = {"secrecy_ground",
		"Op welke grond mag het beroepsgeheim hier worden doorbroken: toestemming, rechtstreeks betrokken, ouder met gezag, een wettelijke bevoegdheid, een wettelijke plicht of een conflict van plichten?"},
	[ZV_FACT_COUNTERPARTY_DIRECTLY_INVOLVED] = {"counterparty.directly_involved",
		"Is de ontvanger rechtstreeks betrokken bij de hulp die u aan deze persoon geeft, of de vervanger?"},
	[ZV_FACT_PARENT_ACCESS_INCOMPATIBLE] = {"parent_access_incompatible_with_good_care",
		"Zou een goede hulpverlener deze informatie níet aan de ouder geven, bijvoorbeeld voor het belang van het kind of de veiligheid van een ander?"},
	[ZV_FACT_COD_CONSENT_ATTEMPTED] = {"conflict_of_duties.consent_attempted",
		"Is alles gedaan om toestemming te krijgen?"},
	[ZV_FACT_COD_SERIOUS_HARM] = {"conflict_of_duties.serious_harm",
		"Ontstaat er ernstige schade voor de persoon of een ander als u niet deelt?"},
	[ZV_FACT_COD_NO_ALTERNATIVE] = {"conflict_of_duties.no_alternative",
		"Is delen de enige manier om die schade te voorkomen?"},
	[ZV_FACT_COD_LIMITS_HARM] = {"conflict_of_duties.limits_harm",
		"Voorkomt of beperkt delen die schade?"},
	[ZV_FACT_TRANSPARENCY_INFORMED_BEFOREHAND] = {"transparency.informed_beforehand",
		"Is het gezin vooraf geïnformeerd?"},
	[ZV_FACT_TRANSPARENCY_REASON_NOT_INFORMED] = {"transparency.reason_not_informed",
		"Waarom is het gezin niet vooraf geïnformeerd: voor de veiligheid van iemand, voor een onderzoek van Veilig Thuis, of op een andere wettelijke grond?"},
	[ZV_FACT_PERSON_AGE] = {"persons[].age",
		"Hoe oud is deze persoon? Wie toestemming geeft of inzage krijgt, hangt af van de leeftijd."},
	[ZV_FACT_FRAMEWORK] = {"framework",
		"In welk kader werkt u met dit gezin: alleen advies, vrijwillig, drang of dwang?"},
	[ZV_FACT_VT_REPORT_DATE] = {"veilig_thuis.report_date",
		"Op welke datum kwam de melding bij Veilig Thuis binnen?"},
	[ZV_FACT_VT_REASONABLE_SUSPICION] = {"veilig_thuis.reasonable_suspicion",
		"Blijkt uit de melding een redelijk vermoeden van huiselijk geweld of kindermishandeling?"},
	[ZV_FACT_VT_CONTINUATION_JUSTIFIED] = {"veilig_thuis.continuation_justified",
		"Het is meer dan tien weken na de laatste melding. Is het gerechtvaardigd om toch door te gaan met informatie verzamelen?"},
	[ZV_FACT_ZS_CONTRIBUTES] = {"zorg_straf.contributes_to_ending_violence",
		"Helpt het delen om huiselijk geweld of kindermishandeling te voorkomen of te stoppen?"},
	[ZV_FACT_ZS_SOLELY_RECIPIENT_TASK] = {"zorg_straf.solely_recipient_task",
		"Dient het delen alleen de taak van de ontvanger, bijvoorbeeld opsporing?"},
};

const char *zv_fact_field(enum zv_fact f)
{
	return (unsigned)f < ZV_FACT__COUNT ? FACTS[f].field : "";
}

const char *question_text(enum zv_fact f)
{
	return (unsigned)f < ZV_FACT__COUNT ? FACTS[f].text : "";
}

/* ---- obligations and alternatives -------------------------------------- */

/*
 * The obligations, one row each: the stable code, the Dutch text (with a
 * variant when another rule brings it), whether it stands when the answer is
 * no (a request of a person is answered, and in time, whatever the answer),
 * and whether its due date is a deadline to show (informing the family is
 * "as soon as it is safe": its date says from when, not until when).
 */
static const struct {
	const char *name;
	const char *text;
	enum zv_rule variant_rule;   /* 0 (R1.1, never an obligation's rule): none */
	const char *variant_text;
	bool survives_denial;
	bool due_is_deadline;
} OBLIGATIONS[ZV_OBL__COUNT] = {
	[ZV_OBL_INFORM_FAMILY] = {"inform_family",
		"Informeer het gezin zo snel als dat veilig kan.", 0, NULL, false, false},
	[ZV_OBL_PROVIDE_LEAFLET] = {"provide_leaflet",
		"Geef het gezin de folder. Daarin staat wat het team doet, welke gegevens het team gebruikt, en waar het gezin terecht kan met vragen, klachten en rechten.",
		0, NULL, false, true},
	[ZV_OBL_INFORM_ON_FRAMEWORK_CHANGE] = {"inform_on_framework_change",
		"Vertel het gezin wat de verandering betekent en welke rechten en waarborgen erbij horen.",
		0, NULL, false, true},
	[ZV_OBL_RECORD_PROFESSIONAL_WEIGHING] = {"record_professional_weighing",
		"Leg vast waarom delen in het belang is van het kind of de volwassene (uw professionele afweging).",
		ZV_R10_1, "Leg vast waarom het nodig is om zonder toestemming informatie te verzamelen (uw afweging).",
		false, true},
	[ZV_OBL_SHARE_MINIMUM] = {"share_minimum",
		"Deel alleen de informatie die nodig is, en alleen met wie het nodig heeft.", 0, NULL,
		false, true},
	[ZV_OBL_DOCUMENT_CONFLICT_OF_DUTIES] = {"document_conflict_of_duties",
		"Leg de afweging vast: wat u deed om toestemming te krijgen, welke schade dreigt, waarom er geen andere weg is en hoe delen de schade beperkt.",
		0, NULL, false, true},
	[ZV_OBL_LABEL_UNVERIFIED] = {"label_unverified",
		"Geef bij het delen aan wat feit is en wat mening, en wat nog niet is gecontroleerd.", 0,
		NULL, false, true},
	[ZV_OBL_SEPARATE_CORV_REPORT] = {"separate_corv_report",
		"Doe naast de ZSM-melding een aparte melding bij Veilig Thuis via CORV.", 0, NULL, false,
		true},
	[ZV_OBL_RESPOND_WITHIN_ONE_MONTH] = {"respond_within_one_month",
		"Beantwoord het verzoek binnen een maand. Is meer tijd nodig, laat dat dan binnen die maand weten, met de reden. U mag de termijn met hoogstens twee maanden verlengen.",
		0, NULL, true, true},
	[ZV_OBL_LEGAL_REVIEW] = {"legal_review",
		"Leg de bevestiging van de jurist vast dat toestemming hier een geldige grondslag is, en laat die regelmatig opnieuw toetsen.",
		ZV_R10_3, "Leg vast waarom doorgaan na tien weken gerechtvaardigd is, en laat een jurist meekijken.",
		false, true},
	[ZV_OBL_START_INVESTIGATION] = {"start_investigation",
		"Begin het onderzoek binnen vijf werkdagen na de melding.", 0, NULL, false, true},
	[ZV_OBL_DECIDE_NEXT_STEPS] = {"decide_next_steps",
		"Besluit binnen tien weken na de laatste melding welke vervolgstappen nodig zijn.", 0,
		NULL, false, true},
	[ZV_OBL_LIST_RECIPIENTS] = {"list_recipients",
		"Vertel bij de inzage ook aan wie u de gegevens hebt verstrekt.", 0, NULL, true, true},
};

const char *zv_obligation_name(enum zv_obligation_code c)
{
	return (unsigned)c < ZV_OBL__COUNT ? OBLIGATIONS[c].name : "";
}

const char *obligation_text(enum zv_obligation_code c, enum zv_rule r)
{
	if ((unsigned)c >= ZV_OBL__COUNT)
		return "";
	if (OBLIGATIONS[c].variant_text && r == OBLIGATIONS[c].variant_rule)
		return OBLIGATIONS[c].variant_text;
	return OBLIGATIONS[c].text;
}

bool obligation_survives_denial(enum zv_obligation_code c)
{
	return (unsigned)c < ZV_OBL__COUNT && OBLIGATIONS[c].survives_denial;
}

bool obligation_due_is_deadline(enum zv_obligation_code c)
{
	return (unsigned)c < ZV_OBL__COUNT && OBLIGATIONS[c].due_is_deadline;
}

const char *alternative_text(enum zv_alternative_code c)
{
	switch (c) {
	case ZV_ALT_ASK_SUBJECTS: return "Vraag de informatie eerst aan het gezin zelf.";
	case ZV_ALT_DISCUSS_ANONYMOUSLY: return "Bespreek de vraag zonder namen (anoniem).";
	case ZV_ALT_SHARE_EXISTENCE_ONLY: return "Deel alleen dát de persoon bekend is, zonder de inhoud.";
	case ZV_ALT_USE_STATUTORY_BASIS: return "Gebruik als grondslag de wettelijke plicht (grondslag c) of de taak van algemeen belang (grondslag e) van uw organisatie.";
	case ZV_ALT_OBTAIN_CONSENT: return "Vraag uitdrukkelijke toestemming aan wie die mag geven. Zeg er precies bij: welke gegevens, met wie en waarom.";
	case ZV_ALT_REPORT_TO_VEILIG_THUIS: return "Doe een melding bij Veilig Thuis. Dat mag ook zonder toestemming: de wet geeft u een meldrecht.";
	case ZV_ALT_NEW_REPORT: return "Verzamel pas weer informatie na een nieuwe (of ambtshalve) melding.";
	case ZV_ALT_PSEUDONYMISE: return "Lever de gegevens gepseudonimiseerd of geaggregeerd aan.";
	case ZV_ALT_HAND_OVER_TO_MOTHER_ORGANISATION: return "Draag de zaak over aan een moederorganisatie (Veilig Thuis, de Raad voor de Kinderbescherming of de GI) als zorgen over de veiligheid dat rechtvaardigen. De hulp is dan niet meer vrijwillig.";
	case ZV_ALT_STOP_INVOLVEMENT: return "Stop de betrokkenheid van het team.";
	case ZV_ALT__COUNT: break;
	}
	return "";
}

/* ---- Dutch words ------------------------------------------------------- */

const char *org_dutch(enum zv_org k)
{
	static const char *const N[] = {
		"de andere partij", "het lokale team", "het Regionaal Veiligheidsteam", "Veilig Thuis",
		"de Raad voor de Kinderbescherming", "de gecertificeerde instelling (GI)",
		"de jeugdhulpaanbieder", "de ggz-instelling", "de huisarts", "het ziekenhuis", "de school",
		"de politie", "het Openbaar Ministerie", "de reclassering", "de gemeente",
		"het ministerie", "het CBS", "de andere organisatie"};
	return NAME_OF(N, k);
}

const char *sensitive_words(uint8_t categories)
{
	switch (categories & ZV_CAT_SENSITIVE) {
	case ZV_CAT_HEALTH: return "gezondheidsgegevens";
	case ZV_CAT_SPECIAL_OTHER: return "andere bijzondere gegevens";
	case ZV_CAT_CRIMINAL: return "strafrechtelijke gegevens";
	case ZV_CAT_HEALTH | ZV_CAT_SPECIAL_OTHER:
		return "gezondheidsgegevens en andere bijzondere gegevens";
	case ZV_CAT_HEALTH | ZV_CAT_CRIMINAL: return "gezondheidsgegevens en strafrechtelijke gegevens";
	case ZV_CAT_SPECIAL_OTHER | ZV_CAT_CRIMINAL: return "bijzondere en strafrechtelijke gegevens";
	case ZV_CAT_SENSITIVE:
		return "gezondheidsgegevens, andere bijzondere gegevens en strafrechtelijke gegevens";
	default: return "gewone gegevens";
	}
}

const char *zv_step_title(enum zv_step s, enum zv_action a)
{
	/* Viewing asks of step 5 who may see the entry, not what secrecy allows. */
	if (a == ZV_ACTION_VIEW && s == ZV_STEP_SECRECY)
		return "Wie mag dit zien";
	return step_title_dutch(s);
}

const char *step_title_dutch(enum zv_step s)
{
	static const char *const N[] = {
		"Doel en taak", "Grondslag", "Noodzaak, evenredigheid en subsidiariteit",
		"Bijzondere en strafrechtelijke gegevens", "Beroepsgeheim",
		"Transparantie naar het gezin", "Juistheid", "Rechten van kinderen en volwassenen",
		"Toestemming", "Verrijken van informatie", "Zorg en straf", "Kader van betrokkenheid"};
	return NAME_OF(N, s);
}

