/*
 * rules_regimes.c — the regimes beside the eight steps: enrichment by Veilig
 * Thuis and the mother organisations (R10), care and criminal justice (R11)
 * and the framework of involvement when participation consent is withdrawn
 * (R9.3). Each appears in the decision as an extra step only when one of its
 * rules was looked at.
 *
 * The deadlines of R10.3 run from the latest report: the investigation starts
 * within 5 working days (Uitvoeringsbesluit Wmo 2015 art. 4.1.7(1); working
 * days as in the Algemene termijnenwet) and the next steps are decided within
 * 10 weeks. Past those 10 weeks without a new report the engine neither
 * refuses nor waves through (ECLI:NL:GHAMS:2024:975): it asks whether
 * continuing is justified.
 */
#include "eval.h"

/* ---- R9.3 -------------------------------------------------------------- */

/* R9.3 — withdrawal of participation ends voluntary involvement; under a
 * compulsory framework work goes on and the family is told what changes. */
void r9_3_participation_withdrawn(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (!s->participation_withdrawn)
		return;
	switch (s->framework) {
	case ZV_FRAMEWORK_UNKNOWN:
		rule_ask(e, ZV_R9_3, ZV_FACT_FRAMEWORK, -1);
		say(e, "Het gezin heeft de toestemming voor deelname ingetrokken. Wat dat betekent, hangt af van het kader waarin u werkt.");
		return;
	case ZV_FRAMEWORK_COMPULSORY:
		rule_oblige(e, ZV_R9_3, ZV_R9_3, ZV_OBL_INFORM_ON_FRAMEWORK_CHANGE, true, s->date);
		say(e, "Het gezin heeft de toestemming voor deelname ingetrokken. Omdat er een verplichtend kader is (dwang), gaat het werk door. Vertel het gezin wat het intrekken wel en niet verandert.");
		return;
	case ZV_FRAMEWORK_ADVICE_ONLY:
	case ZV_FRAMEWORK_VOLUNTARY:
	case ZV_FRAMEWORK_PRESSURE:
		break;
	}
	rule_deny(e, ZV_R9_3);
	add_alternative(e, ZV_R9_3, ZV_ALT_STOP_INVOLVEMENT);
	add_alternative(e, ZV_R9_3, ZV_ALT_HAND_OVER_TO_MOTHER_ORGANISATION);
	say(e, "Het gezin heeft de toestemming voor deelname ingetrokken. De hulp was vrijwillig; ook drang (intensieve vrijwillige hulp) is vrijwillig. Daarom stopt het team. Rechtvaardigen zorgen over de veiligheid dat het doorgaat? Dan gaat de zaak naar een moederorganisatie (Veilig Thuis, de Raad voor de Kinderbescherming of de GI). De hulp is dan niet meer vrijwillig, en toestemming is dan geen grondslag meer.");
}

/* ---- R10 --------------------------------------------------------------- */

static bool is_enrichment_power(enum zv_org k)
{
	return k == ZV_ORG_VEILIG_THUIS || k == ZV_ORG_RVDK || k == ZV_ORG_GI;
}

/* R10.1 — gathering without consent is government intervention: only for a
 * statutory task of Veilig Thuis, RvdK or GI, with a recorded weighing. */
void r10_1_enrichment_power(struct eval *e)
{
	if (e->s->action != ZV_ACTION_ENRICH)
		return;
	if (!is_enrichment_power(e->actor_kind)) {
		rule_deny(e, ZV_R10_1);
		say(e, "Zonder toestemming informatie verzamelen is overheidsingrijpen. Alleen Veilig Thuis, de Raad voor de Kinderbescherming en de GI mogen dat, voor hun wettelijke taak. %O heeft die bevoegdheid niet.",
		    (int)e->actor_kind);
		return;
	}
	rule_oblige(e, ZV_R10_1, ZV_R10_1, ZV_OBL_RECORD_PROFESSIONAL_WEIGHING, false, 0);
	say(e, "%O mag zonder toestemming informatie verzamelen, maar alleen voor de eigen wettelijke taak. Leg de afweging vast.",
	    (int)e->actor_kind);
}

/* R10.2 — Veilig Thuis only where the report gives a reasonable suspicion. */
void r10_2_reasonable_suspicion(struct eval *e)
{
	if (e->s->action != ZV_ACTION_ENRICH || e->actor_kind != ZV_ORG_VEILIG_THUIS)
		return;
	rule_yes_no(e, ZV_R10_2, ZV_FACT_VT_REASONABLE_SUSPICION,
		    e->s->veilig_thuis.reasonable_suspicion, ZV_NO,
		    "Het is niet bekend of uit de melding een redelijk vermoeden van huiselijk geweld of kindermishandeling blijkt.",
		    "Maar uit de melding blijkt geen redelijk vermoeden van huiselijk geweld of kindermishandeling. Dan mag Veilig Thuis haar bevoegdheid hier niet gebruiken.",
		    "Uit de melding blijkt een redelijk vermoeden van huiselijk geweld of kindermishandeling.");
}

/* R10.3 — the deadlines from the latest report, and enrichment past ten
 * weeks without a new report. */
void r10_3_deadlines(struct eval *e)
{
	const struct zv_situation *s = e->s;
	bool enrich = s->action == ZV_ACTION_ENRICH;
	if (e->actor_kind != ZV_ORG_VEILIG_THUIS ||
	    !(enrich || (s->action == ZV_ACTION_RECORD && s->veilig_thuis.has_report_date)))
		return;
	if (!s->veilig_thuis.has_report_date) {
		rule_ask(e, ZV_R10_3, ZV_FACT_VT_REPORT_DATE, -1);
		say(e, "De datum van de melding is niet bekend, dus de termijnen zijn niet te berekenen.");
		return;
	}
	zv_day latest = s->veilig_thuis.report_date;
	if (s->veilig_thuis.has_new_report_date && s->veilig_thuis.new_report_date > latest)
		latest = s->veilig_thuis.new_report_date;
	bool undated_new_report = s->veilig_thuis.new_report && !s->veilig_thuis.has_new_report_date;
	zv_day start_due = zv_date_add_working_days_nl(latest, 5);
	zv_day ten_weeks = zv_date_term_end_nl(latest + 70);

	if (s->veilig_thuis.has_investigation_decided_date) {
		if (!s->veilig_thuis.has_investigation_start_date) {
			rule_oblige(e, ZV_R10_3, ZV_R10_3, ZV_OBL_START_INVESTIGATION, true, start_due);
			say(e, "Het onderzoek moet uiterlijk %D beginnen: vijf werkdagen na de melding.", start_due);
		} else if (s->veilig_thuis.investigation_start_date > start_due) {
			rule_note(e, ZV_R10_3);
			say(e, "Het onderzoek begon later dan vijf werkdagen na de melding (uiterlijk %D).", start_due);
		}
	}
	if (undated_new_report) {
		rule_oblige(e, ZV_R10_3, ZV_R10_3, ZV_OBL_DECIDE_NEXT_STEPS, false, 0);
		say(e, "Er is een nieuwe melding. De termijn van tien weken loopt vanaf die melding.");
		return;
	}
	if (s->date <= ten_weeks) {
		rule_oblige(e, ZV_R10_3, ZV_R10_3, ZV_OBL_DECIDE_NEXT_STEPS, true, ten_weeks);
		say(e, "Veilig Thuis moet uiterlijk %D besluiten welke vervolgstappen nodig zijn. Dat is tien weken na de laatste melding.",
		    ten_weeks);
		return;
	}
	if (!enrich) {
		rule_note(e, ZV_R10_3);
		say(e, "De termijn van tien weken na de laatste melding is voorbij (%D).", ten_weeks);
		return;
	}
	switch (s->veilig_thuis.continuation_justified) {
	case ZV_UNKNOWN:
		rule_ask(e, ZV_R10_3, ZV_FACT_VT_CONTINUATION_JUSTIFIED, -1);
		say(e, "De termijn van tien weken na de laatste melding liep af op %D, en er is geen nieuwe melding. Veilig Thuis blijft bevoegd, maar doorgaan moet gerechtvaardigd zijn.",
		    ten_weeks);
		break;
	case ZV_NO:
		rule_deny(e, ZV_R10_3);
		add_alternative(e, ZV_R10_3, ZV_ALT_NEW_REPORT);
		say(e, "De termijn van tien weken na de laatste melding liep af op %D, er is geen nieuwe melding en doorgaan is niet gerechtvaardigd. Verzamel pas weer na een nieuwe melding.",
		    ten_weeks);
		break;
	case ZV_YES:
		rule_oblige(e, ZV_R10_3, ZV_R10_3, ZV_OBL_LEGAL_REVIEW, false, 0);
		say(e, "De termijn van tien weken na de laatste melding liep af op %D, maar doorgaan is gerechtvaardigd. Leg vast waarom, en laat een jurist meekijken.",
		    ten_weeks);
		break;
	}
}

/* ---- R11 --------------------------------------------------------------- */

/* R11.1–R11.3 — Veilig Thuis supplies criminal-justice partners only when it
 * helps end violence, never only for their task, and never more than needed. */
void r11_1_2_3_veilig_thuis_to_justice(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (s->action != ZV_ACTION_DISCLOSE || e->actor_kind != ZV_ORG_VEILIG_THUIS ||
	    !e->cp_criminal_justice)
		return;
	rule_yes_no(e, ZV_R11_1, ZV_FACT_ZS_CONTRIBUTES, s->zorg_straf.contributes_to_ending_violence,
		    ZV_NO,
		    "Het is niet bekend of delen helpt om huiselijk geweld of kindermishandeling te voorkomen of te stoppen.",
		    "Delen helpt niet om huiselijk geweld of kindermishandeling te voorkomen of te stoppen. Dan deelt Veilig Thuis niet met politie, OM of reclassering.",
		    "Delen helpt om huiselijk geweld of kindermishandeling te voorkomen of te stoppen.");
	rule_yes_no(e, ZV_R11_2, ZV_FACT_ZS_SOLELY_RECIPIENT_TASK, s->zorg_straf.solely_recipient_task,
		    ZV_YES, "Het is niet bekend of delen alleen de taak van %O dient.",
		    "Delen dient alleen de taak van %O, bijvoorbeeld opsporing. Daarvoor deelt Veilig Thuis niet.",
		    "Delen dient niet alleen de taak van %O.", (int)s->counterparty.kind);
	rule_oblige(e, ZV_R11_3, ZV_R11_3, ZV_OBL_SHARE_MINIMUM, false, 0);
	say(e, "Deel nooit meer dan strikt nodig. De ontvanger mag de gegevens niet voor een ander doel gebruiken.");
}

/* R11.4 — every ZSM report by police or OM goes with a separate CORV report
 * to Veilig Thuis. */
void r11_4_zsm_corv(struct eval *e)
{
	const struct zv_situation *s = e->s;
	if (!s->zorg_straf.zsm_report ||
	    !(s->actor.kind == ZV_ORG_POLICE || s->actor.kind == ZV_ORG_OM))
		return;
	rule_oblige(e, ZV_R11_4, ZV_R11_4, ZV_OBL_SEPARATE_CORV_REPORT, false, 0);
	say(e, "Bij elke ZSM-melding hoort een aparte melding bij Veilig Thuis via CORV.");
}

/* R11.5 — nobody is pressed to supply; a refusal with reasons stands. Said
 * when a criminal-justice partner asks Veilig Thuis, and when Veilig Thuis
 * answers such a request. */
void r11_5_no_pressure(struct eval *e)
{
	const struct zv_situation *s = e->s;
	bool asked_by_justice = s->action == ZV_ACTION_REQUEST &&
				zv_org_is_criminal_justice(s->actor.kind) && e->cp_org &&
				s->counterparty.kind == ZV_ORG_VEILIG_THUIS;
	bool vt_answers = s->action == ZV_ACTION_DISCLOSE && e->actor_kind == ZV_ORG_VEILIG_THUIS &&
			  e->cp_criminal_justice && s->initiative == ZV_INITIATIVE_REQUEST;
	if (!asked_by_justice && !vt_answers)
		return;
	rule_note(e, ZV_R11_5);
	say(e, "Niemand mag Veilig Thuis onder druk zetten om gegevens te geven. Weigert Veilig Thuis met redenen, dan moet de vrager dat accepteren.");
}
