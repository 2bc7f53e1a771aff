/*
 * eval.h — internal to src/policy: the state of one evaluation and the verbs
 * rules use to record what they found.
 *
 * A rule never writes the decision directly. It calls one of the verbs
 * below on the step that is being evaluated (e->cur):
 *
 *   rule_check   the rule was applied and passed
 *   rule_deny    the rule forbids the act            -> outcome denied
 *   rule_ask     a fact the rule needs is missing    -> judgement_required
 *   rule_limit   the act is allowed in a reduced form -> allowed_limited
 *   rule_grant   the rule is the ground that allows the act
 *   rule_oblige  the act brings an obligation
 *   rule_note    the rule set something aside (e.g. an expired consent)
 *
 * Every verb enters the rule in its step's `rules` and in rules_fired, in the
 * order of application, as the contract's example does (a rule that passed is
 * listed too); every verb but rule_check also brings the rule's legal
 * references, so that legal_refs names the law the answer rests on. Whether a
 * rule denied, asked or narrowed shows in its step's result.
 *
 * Sentences for the step's reason are recorded with say() as templates and
 * rendered only when text is wanted (render.c), so the no-text path costs
 * little more than the checks themselves.
 */
#ifndef ZV_POLICY_EVAL_H
#define ZV_POLICY_EVAL_H

#include "zv/policy.h"

/* Sets of rules, organisation kinds and persons are bit masks. */
_Static_assert(ZV_RULE__COUNT <= 64, "rules are a 64-bit set (eval.fired)");
_Static_assert(ZV_ORG__COUNT <= 32, "organisation kinds are a 32-bit set (recipient_orgs)");
_Static_assert(ZV_MAX_PERSONS <= 64, "persons are a 64-bit set (zv_personset)");
_Static_assert(ZV_RULE__DECISION_COUNT <= 255, "rule ids are stored as uint8_t");

#define ACT(a) (1u << ZV_ACTION_##a)
#define ACTS_PROCESSING (ACT(RECORD) | ACT(REQUEST) | ACT(DISCLOSE) | ACT(ENRICH))

/* One argument of a sentence template. The template's conversion says which
 * member is used: %P person index, %D date, %T user text (quoted, shortened),
 * %O organisation kind (Dutch name), %N number, %S static string. */
union say_arg {
	int32_t i;
	zv_day day;
	struct zv_text text;
	const char *str;
};

#define SAY_MAX_ARGS 3
struct say {
	const char *tmpl;
	union say_arg a[SAY_MAX_ARGS];
};

#define STEP_MAX_SAYS 14
struct step_state {
	bool applicable;
	bool has_result_override;
	enum zv_step_result result_override;
	uint16_t n_deny, n_ask;
	uint8_t n_rules;
	uint8_t rules[ZV_MAX_STEP_RULES];
	uint8_t n_says;
	bool says_truncated;          /* more was said than kept */
	struct say says[STEP_MAX_SAYS];
};

struct eval {
	const struct zv_situation *s;
	struct zv_decision *d;
	bool text;                    /* build reasons and motivation */
	bool overflow;                /* a fixed bound was exceeded: a bug */
	enum zv_step cur;
	struct step_state steps[ZV_STEP__COUNT];
	uint64_t fired;               /* bit r = rule r was applied (rules_fired) */
	uint64_t referenced;          /* bit r = rule r's legal references are in */

	/* outcome so far */
	bool any_deny, any_ask, any_limit;
	enum zv_scope_kind scope;
	bool scope_has_categories, scope_has_persons;
	uint8_t scope_categories;
	zv_personset scope_persons;

	/* facts derived once from the situation */
	enum zv_org actor_kind;       /* the kind whose powers are used */
	enum zv_secrecy actor_secrecy;
	bool actor_public;
	bool cp_org;                  /* the counterparty is an organisation */
	bool cp_criminal_justice;
	zv_personset about;
	uint8_t categories;           /* requested categories (0 if unknown) */
	zv_personset all_persons;
};

/* ---- verbs (verbs.c) --------------------------------------------------- */

void step_enter(struct eval *e, enum zv_step step);
void step_not_applicable(struct eval *e, enum zv_step step, const char *why);
void step_result_override(struct eval *e, enum zv_step step, enum zv_step_result r);

void rule_check(struct eval *e, enum zv_rule r);
void rule_deny(struct eval *e, enum zv_rule r);
void rule_ask(struct eval *e, enum zv_rule r, enum zv_fact fact, int32_t person);
/* categories/persons: 0 = no restriction of that kind. */
void rule_limit(struct eval *e, enum zv_rule r, enum zv_scope_kind kind, uint8_t categories,
		zv_personset persons);
void rule_grant(struct eval *e, enum zv_rule r);
void rule_note(struct eval *e, enum zv_rule r);
/* Fires `r`; the obligation itself cites `cites` (which may be a dossier
 * rule such as R8.2). */
void rule_oblige(struct eval *e, enum zv_rule r, enum zv_rule cites,
		 enum zv_obligation_code code, bool has_due, zv_day due);
void add_alternative(struct eval *e, enum zv_rule r, enum zv_alternative_code code);
void add_legal_ref(struct eval *e, const char *ref);
void add_legal_ref_text(struct eval *e, struct zv_text ref);
void say(struct eval *e, const char *tmpl, ...);
/*
 * The common shape of a yes/no rule: an unknown answer asks `fact`, the
 * answer `bad` denies, the other passes (rule_check). The sentence for the
 * case is said with the trailing arguments (NULL: nothing is said).
 */
enum zv_tri rule_yes_no(struct eval *e, enum zv_rule r, enum zv_fact fact, enum zv_tri answer,
			enum zv_tri bad, const char *unknown, const char *denied, const char *passed,
			...);

/* ---- derived facts (facts.c) ------------------------------------------- */

void facts_derive(struct eval *e);
/* Ids in range and lists within their bounds (what the codec guarantees). */
bool situation_is_valid(const struct zv_situation *s);
bool is_sensitive(uint8_t categories);
bool text_eq(struct zv_text a, struct zv_text b);
/* Not empty and not only white space. */
bool text_has_content(struct zv_text t);
/* The set of the first n persons. */
zv_personset persons_all(uint32_t n);
/* Does a party match the given org kind / org id? "Where an id is given it
 * is matched by id, otherwise by kind" (decision-api.md): when `id` is given,
 * a party without that id does not match. */
bool org_matches(enum zv_org party_kind, struct zv_text party_id, enum zv_org kind,
		 struct zv_text id);
int popcount64(uint64_t x);

/* ---- consent (consent.c) ----------------------------------------------- */

/* Why a consent does or does not count, closest to valid last. */
enum consent_verdict {
	CV_NONE = 0,           /* no consent of the needed kind */
	CV_OTHER_RECIPIENT,    /* names other recipients (R2.4 specific) */
	CV_NOT_SPECIFIC,       /* names no recipient at all (R2.4) */
	CV_WRONG_GIVERS,       /* not given by whom the age table says (R9.2) */
	CV_NO_REPRESENTATIVE,  /* nobody with authority can give it (R9.2) */
	CV_CONDITIONS,         /* not free, unambiguous, informed and specific (R2.4) */
	CV_NOT_EXPLICIT,       /* explicit needed (R2.4, AVG 9(2)(a)) */
	CV_WITHDRAWN,          /* (R2.5) */
	CV_EXPIRED,            /* (R2.5) */
	CV_AGE_UNKNOWN,        /* the subject's age decides who gives it (R9.2) */
	CV_OTHER_CATEGORIES,   /* covers none of the categories asked (R2.4) */
	CV_VALID
};

/* The party a consent must name: an organisation (kind, id) or a person. */
struct consent_party {
	enum zv_org kind;
	enum zv_org also_kind;   /* a team member's mother organisation, or NONE */
	struct zv_text org_id;
	struct zv_text also_org_id;   /* that mother organisation's id */
	int32_t person;        /* -1 for an organisation */
};

struct consent_need {
	enum zv_consent_kind kind;
	bool explicit_required;
	struct consent_party to;
	zv_personset subjects;
	uint8_t categories;    /* asked for; must be non-zero */
};

struct consent_cover {
	zv_personset full;          /* subjects with every asked category covered */
	zv_personset some;          /* subjects with at least one category covered */
	zv_personset age_unknown;   /* subjects whose age is needed and missing */
	uint8_t covered[ZV_MAX_PERSONS];
	enum consent_verdict best[ZV_MAX_PERSONS];
	zv_personset wrong_kind;    /* subjects with a consent of another kind */
	zv_personset agreement;     /* subjects with only an agreement (instemming) */
};

/* Pure: which subjects and categories valid consents cover. */
void consent_cover(const struct zv_situation *s, const struct consent_need *need,
		   struct consent_cover *out);

/*
 * consent_cover, plus the consent step's rules and reasons (R9.1, R9.2,
 * R9.4, R2.4, R2.5) and questions for missing ages. Returns true when some
 * coverage exists. `use` names what the consent was looked for, in Dutch.
 */
bool consent_evaluate(struct eval *e, const struct consent_need *need,
		      struct consent_cover *out, const char *use);

/* R2.3: consent is usually no basis for these organisations … */
bool consent_barred_kind(enum zv_org k);
/* … and so no basis (nor R4.2 exception) for this actor, unless a lawyer
 * confirmed it for this processing. */
bool consent_barred_for_actor(const struct eval *e);
/* The party that receives the data: the counterparty when supplying, the
 * actor otherwise (decision-api.md, "Reduced scope"). */
struct consent_party receiving_party(const struct eval *e);
/*
 * Narrow the answer to what a partial consent covers (rule `r` fires with
 * scope minimal). `extra_categories` are released whatever the consent says
 * (the ordinary data when the consent was needed only for special ones).
 */
void apply_consent_cover(struct eval *e, enum zv_rule r, const struct consent_need *need,
			 const struct consent_cover *c, uint8_t extra_categories);

/* ---- need to know (need_to_know.c) ------------------------------------- */

enum view_release { RELEASE_NOT_NEEDED, RELEASE_OWN_SECRECY, RELEASE_DISCLOSED,
		    RELEASE_CONSENT, RELEASE_NONE, RELEASE_UNKNOWN };

struct view_verdict {
	enum zv_outcome outcome;
	enum zv_scope_kind scope;
	enum view_release release;
	zv_personset age_unknown;
};

void view_judge(const struct zv_situation *s, struct view_verdict *v);

/* ---- rules, one function each, grouped by step (rules_*.c) -------------- */

typedef void (*rule_fn)(struct eval *e);

/* Step 1 — purpose and task */
void r1_1_purpose_stated(struct eval *e);
void r1_2_within_task(struct eval *e);
void r1_3_monitoring_not_identifiable(struct eval *e);
void r1_4_further_use_compatible(struct eval *e);
/* Step 2 — legal basis */
void r2_1_ground_required(struct eval *e);
void r2_2_no_legitimate_interest_for_authority(struct eval *e);
void r2_3_consent_no_basis_for_authority(struct eval *e);
void r2_4_consent_as_basis_valid(struct eval *e);
void r2_6_provision_named(struct eval *e);
void r2_7_recipient_own_basis(struct eval *e);
void r2_8_supplier_decides(struct eval *e);
/* Step 3 — necessity, proportionality, subsidiarity */
void r3_6_proportionate(struct eval *e);
void r3_5_necessity_substantiated(struct eval *e);
void r3_3_ask_subjects_first(struct eval *e);
void r3_1_only_necessary(struct eval *e);
void r3_2_existence_suffices(struct eval *e);
void r3_4_anonymous_suffices(struct eval *e);
/* Step 4 — special categories */
void r4_special_category_exception(struct eval *e);
/* Step 5 — professional secrecy */
void r5_secrecy_ground(struct eval *e);
/* Step 6, 7, 8 */
void r6_1_informed(struct eval *e);
void r7_2_label_unverified(struct eval *e);
void r8_1_access(struct eval *e);
/* Viewing (steps 4 and 5 of action view) */
void r13_1_view_categories(struct eval *e);
void r13_1_view_role(struct eval *e);
/* Regimes */
void r9_3_participation_withdrawn(struct eval *e);
void r10_1_enrichment_power(struct eval *e);
void r10_2_reasonable_suspicion(struct eval *e);
void r10_3_deadlines(struct eval *e);
void r11_1_2_3_veilig_thuis_to_justice(struct eval *e);
void r11_4_zsm_corv(struct eval *e);
void r11_5_no_pressure(struct eval *e);

/* ---- catalogue (catalogue.c) ------------------------------------------- */

/* The legal references a rule brings when it fires (NULL-terminated). */
const char *const *rule_legal_refs(enum zv_rule r);
const char *question_text(enum zv_fact f);
const char *obligation_text(enum zv_obligation_code c, enum zv_rule r);
const char *alternative_text(enum zv_alternative_code c);
const char *org_dutch(enum zv_org k);
const char *step_title_dutch(enum zv_step s);
/* "gezondheidsgegevens en strafrechtelijke gegevens": the special categories. */
const char *sensitive_words(uint8_t categories);
bool obligation_survives_denial(enum zv_obligation_code c);
bool obligation_due_is_deadline(enum zv_obligation_code c);

/* ---- rendering (render.c) ---------------------------------------------- */

void render_texts(struct eval *e);

#endif /* ZV_POLICY_EVAL_H */
