/*
 * need_to_know.c — R13.1: may this professional see this entry?
 *
 * The dossier runs this for every entry of every screen, so it must be
 * cheap: view_judge() is a handful of comparisons and, only for special or
 * criminal data that neither the viewer's own organisation holds under its
 * secrecy nor a disclosure released, a walk over the subjects' consents.
 * zv_decide_view() exposes it; the full engine's view path (the two rules at
 * the bottom) renders the same verdict as steps 4 and 5, so the two can
 * never disagree.
 *
 * The rule (decision-api.md "Viewing"): lead, directly involved and
 * substitute may see the data unless a restriction excludes them; special
 * or criminal data only when their organisation holds the secrecy, a valid
 * secrecy-release consent covers their organisation, or a recorded
 * disclosure released it to them. An advisor sees it anonymously; no role,
 * nothing.
 */
#include "eval.h"

static bool holds_secrecy(const struct zv_situation *s)
{
	if (s->data.secrecy_holder == ZV_ORG_NONE && !s->data.secrecy_holder_org.len)
		return true;   /* absent: the actor's own */
	enum zv_org own = s->actor.kind;
	enum zv_org mother = own == ZV_ORG_REGIONAL_SAFETY_TEAM ? s->actor.acting_for : ZV_ORG_NONE;
	/* A team member also holds their mother organisation's secrecy, matched
	 * with the mother organisation's own id (`actor.acting_for_org`). */
	return org_matches(own, s->actor.org_id, s->data.secrecy_holder, s->data.secrecy_holder_org) ||
	       (mother != ZV_ORG_NONE &&
		org_matches(mother, s->actor.acting_for_org, s->data.secrecy_holder,
			    s->data.secrecy_holder_org));
}

static void view_consent_need(const struct zv_situation *s, zv_personset about,
			      struct consent_need *need)
{
	*need = (struct consent_need){
		.kind = ZV_CONSENT_SECRECY_RELEASE,
		.explicit_required = true,
		.to = {.kind = s->actor.kind,
		       .also_kind = s->actor.kind == ZV_ORG_REGIONAL_SAFETY_TEAM ? s->actor.acting_for
										 : ZV_ORG_NONE,
		       .org_id = s->actor.org_id,
		       .also_org_id = s->actor.acting_for_org,
		       .person = -1},
		.subjects = about,
		.categories = s->data.categories & ZV_CAT_SENSITIVE,
	};
}

static zv_personset about_of(const struct zv_situation *s)
{
	return s->data.about ? s->data.about : persons_all(s->n_persons);
}

void view_judge(const struct zv_situation *s, struct view_verdict *v)
{
	v->scope = ZV_SCOPE_NONE;
	v->release = RELEASE_UNKNOWN;
	v->age_unknown = 0;
	bool unknown = !s->data.has_categories;
	switch (s->actor.case_role) {
	case ZV_CASE_ROLE_UNKNOWN:
		v->outcome = ZV_OUTCOME_JUDGEMENT_REQUIRED;
		return;
	case ZV_CASE_ROLE_NONE:
		v->outcome = ZV_OUTCOME_DENIED;
		return;
	case ZV_CASE_ROLE_ADVISOR:   /* sees no personal data, whatever the entry holds */
		v->outcome = ZV_OUTCOME_ALLOWED_LIMITED;
		v->scope = ZV_SCOPE_ANONYMOUS;
		return;
	case ZV_CASE_ROLE_LEAD:
	case ZV_CASE_ROLE_DIRECTLY_INVOLVED:
	case ZV_CASE_ROLE_SUBSTITUTE:
		break;
	}
	if (s->data.restricted_from_actor) {
		v->outcome = ZV_OUTCOME_DENIED;
		return;
	}
	if (unknown) {
		v->outcome = ZV_OUTCOME_JUDGEMENT_REQUIRED;
		return;
	}
	v->outcome = ZV_OUTCOME_ALLOWED;
	if (!is_sensitive(s->data.categories)) {
		v->release = RELEASE_NOT_NEEDED;
		return;
	}
	if (holds_secrecy(s)) {
		v->release = RELEASE_OWN_SECRECY;
		return;
	}
	if (s->data.disclosed_to_actor) {
		v->release = RELEASE_DISCLOSED;
		return;
	}
	struct consent_need need;
	struct consent_cover c;
	view_consent_need(s, about_of(s), &need);
	consent_cover(s, &need, &c);
	if (c.full == need.subjects) {
		v->release = RELEASE_CONSENT;
		return;
	}
	v->release = RELEASE_NONE;
	/* An entry is seen whole or not at all: partial consent releases
	 * nothing. Missing ages still leave the answer open. */
	if (c.age_unknown && (c.full | c.age_unknown) == need.subjects) {
		v->age_unknown = c.age_unknown;
		v->outcome = ZV_OUTCOME_JUDGEMENT_REQUIRED;
		return;
	}
	v->outcome = ZV_OUTCOME_DENIED;
}

enum zv_outcome zv_decide_view(const struct zv_situation *s, enum zv_scope_kind *scope)
{
	struct view_verdict v;
	view_judge(s, &v);
	if (scope)
		*scope = v.outcome == ZV_OUTCOME_ALLOWED_LIMITED ? v.scope : ZV_SCOPE_NONE;
	return v.outcome;
}

/* ---- the full engine's account of the same verdict --------------------- */

static const char *role_words(enum zv_case_role r)
{
	switch (r) {
	case ZV_CASE_ROLE_LEAD: return "regievoerder";
	case ZV_CASE_ROLE_DIRECTLY_INVOLVED: return "rechtstreeks betrokken";
	case ZV_CASE_ROLE_SUBSTITUTE: return "vervanger";
	case ZV_CASE_ROLE_ADVISOR: return "adviseur";
	default: return "zonder rol";
	}
}

/* R13.1 in step 5: who the viewer is in this case. */
void r13_1_view_role(struct eval *e)
{
	const struct zv_situation *s = e->s;
	switch (s->actor.case_role) {
	case ZV_CASE_ROLE_UNKNOWN:
		rule_ask(e, ZV_R13_1, ZV_FACT_ACTOR_CASE_ROLE, -1);
		say(e, "Het is niet bekend welke rol u bij deze casus hebt.");
		return;
	case ZV_CASE_ROLE_NONE:
		rule_deny(e, ZV_R13_1);
		say(e, "U hebt geen rol in deze casus. Daarom mag u de gegevens niet inzien.");
		return;
	case ZV_CASE_ROLE_ADVISOR:
		rule_limit(e, ZV_R13_1, ZV_SCOPE_ANONYMOUS, 0, 0);
		say(e, "U bent alleen adviseur bij deze casus. Een adviseur ziet geen persoonsgegevens, alleen de situatie zonder namen.");
		return;
	default:
		break;
	}
	if (s->data.restricted_from_actor) {
		rule_deny(e, ZV_R13_1);
		say(e, "U bent %S bij deze casus, maar deze aantekening is voor u afgeschermd, bijvoorbeeld voor iemands veiligheid.",
		    role_words(s->actor.case_role));
		return;
	}
	rule_grant(e, ZV_R13_1);
	say(e, "U bent %S bij deze casus en de aantekening is niet voor u afgeschermd.",
	    role_words(s->actor.case_role));
}

/* R13.1 in step 4: special or criminal data need a release to the viewer. */
void r13_1_view_categories(struct eval *e)
{
	const struct zv_situation *s = e->s;
	enum zv_case_role role = s->actor.case_role;
	bool may_see_content = role != ZV_CASE_ROLE_ADVISOR && role != ZV_CASE_ROLE_NONE &&
			       !s->data.restricted_from_actor;
	if (!s->data.has_categories && may_see_content) {
		rule_ask(e, ZV_R13_1, ZV_FACT_DATA_CATEGORIES, -1);
		say(e, "Het is niet bekend om welke soort gegevens het gaat.");
		return;
	}
	struct view_verdict v;
	view_judge(s, &v);
	switch (v.release) {
	case RELEASE_UNKNOWN:   /* no full viewer: the role decides (step 5) */
		rule_check(e, ZV_R13_1);
		say(e, "U mag de inhoud van deze aantekening toch niet zien. Welke soort gegevens erin staan, maakt dan niet uit.");
		return;
	case RELEASE_NOT_NEEDED:
		rule_check(e, ZV_R13_1);
		say(e, "Het gaat om gewone gegevens. Voor wie in het team een rol heeft, is geen extra toestemming nodig.");
		return;
	case RELEASE_OWN_SECRECY:
		rule_grant(e, ZV_R13_1);
		say(e, "Het gaat om %S, maar ze vallen onder het beroepsgeheim van uw eigen organisatie.",
		    sensitive_words(s->data.categories));
		return;
	case RELEASE_DISCLOSED:
		rule_grant(e, ZV_R13_1);
		say(e, "Het gaat om %S van %O. Ze zijn met een vastgelegd besluit aan u verstrekt.",
		    sensitive_words(s->data.categories), (int)s->data.secrecy_holder);
		return;
	case RELEASE_CONSENT:
	case RELEASE_NONE:
		break;
	}
	struct consent_need need;
	struct consent_cover c;
	view_consent_need(s, e->about, &need);
	consent_evaluate(e, &need, &c, "het inzien van gegevens onder het beroepsgeheim van een andere organisatie");
	if (v.release == RELEASE_CONSENT) {
		rule_grant(e, ZV_R13_1);
		say(e, "Het gaat om %S onder het beroepsgeheim van %O. Er is geldige, uitdrukkelijke toestemming om ze met uw organisatie te delen.",
		    sensitive_words(s->data.categories), (int)s->data.secrecy_holder);
	} else if (v.outcome == ZV_OUTCOME_JUDGEMENT_REQUIRED) {
		rule_check(e, ZV_R13_1);
		say(e, "Of de toestemming geldt, hangt af van de leeftijd van de betrokkenen.");
	} else {
		rule_deny(e, ZV_R13_1);
		say(e, "Het gaat om %S onder het beroepsgeheim van %O. Er is geen toestemming en niets is aan u verstrekt. In hetzelfde team zitten is niet genoeg.",
		    sensitive_words(s->data.categories), (int)s->data.secrecy_holder);
	}
}
