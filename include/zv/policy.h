/*
 * zv/policy.h — the decision engine: situation in, decision out.
 *
 * This header is the manual of the engine. It answers the professional's
 * question "mag dat van de AVG?" for one situation, following the eight steps
 * of the Handreiking (purpose, legal basis, necessity, special categories,
 * professional secrecy, transparency, accuracy, rights) and the regimes for
 * consent, enrichment by Veilig Thuis, care and criminal justice, and the
 * framework of involvement. The rules are those of docs/rules.md; the JSON
 * form of both structures is the contract docs/decision-api.md.
 *
 * Properties every caller may rely on:
 *   - zv_decide() is pure: no I/O, no clock (the date is an input), no global
 *     state, no allocation. The same situation gives the same decision.
 *   - Missing facts a rule needs become questions (judgement_required); the
 *     engine never guesses them.
 *   - zv_decide_view() is the need-to-know check (R13.1) that the dossier
 *     runs for every entry it shows; it gives the same outcome as
 *     zv_decide() for action `view`, without building any text.
 *
 * Ownership: a situation only borrows. Its strings and arrays belong to the
 * caller (the JSON codec keeps them in an arena) and must outlive the call.
 * A decision is a plain value the caller provides; its texts point into the
 * decision itself, into static storage, or into the situation.
 */
#ifndef ZV_POLICY_H
#define ZV_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zv/base.h"

/* ---- limits ------------------------------------------------------------ */

/* A household dossier names few people; sets of persons are 64-bit masks. */
#define ZV_MAX_PERSONS 64
#define ZV_MAX_CONSENTS 32          /* per person */
#define ZV_MAX_RECIPIENT_IDS 16     /* "org:<id>" entries per consent */

/* ---- small value types ------------------------------------------------- */

/* A fact that may be unknown. Unknown is zero, so a zeroed struct is "all
 * facts absent". */
enum zv_tri { ZV_UNKNOWN = 0, ZV_NO = 1, ZV_YES = 2 };

/* Borrowed bytes (not necessarily NUL-terminated). len 0 = absent or empty. */
struct zv_text {
	const char *ptr;
	size_t len;
};

typedef uint64_t zv_personset;   /* bit i = persons[i] */

enum zv_action {
	ZV_ACTION_RECORD,
	ZV_ACTION_REQUEST,
	ZV_ACTION_DISCLOSE,
	ZV_ACTION_VIEW,
	ZV_ACTION_ENRICH,
	ZV_ACTION_ACCESS,
	ZV_ACTION__COUNT
};

enum zv_initiative { ZV_INITIATIVE_REQUEST = 0, ZV_INITIATIVE_OWN };

enum zv_purpose_kind { ZV_PURPOSE_CARE = 0, ZV_PURPOSE_MONITORING, ZV_PURPOSE_RESEARCH };

/* Organisation kinds. ZV_ORG_NONE = absent. */
enum zv_org {
	ZV_ORG_NONE = 0,
	ZV_ORG_LOCAL_TEAM,
	ZV_ORG_REGIONAL_SAFETY_TEAM,
	ZV_ORG_VEILIG_THUIS,
	ZV_ORG_RVDK,
	ZV_ORG_GI,
	ZV_ORG_YOUTH_CARE,
	ZV_ORG_GGZ,
	ZV_ORG_GP,
	ZV_ORG_HOSPITAL,
	ZV_ORG_SCHOOL,
	ZV_ORG_POLICE,
	ZV_ORG_OM,
	ZV_ORG_PROBATION,
	ZV_ORG_MUNICIPALITY,
	ZV_ORG_MINISTRY,
	ZV_ORG_CBS,
	ZV_ORG_OTHER,
	ZV_ORG__COUNT
};

/* ZV_SECRECY_DEFAULT = absent: taken from the organisation kind. */
enum zv_secrecy {
	ZV_SECRECY_DEFAULT = 0,
	ZV_SECRECY_NONE,
	ZV_SECRECY_JEUGDWET,
	ZV_SECRECY_WGBO,
	ZV_SECRECY_BIG,
	ZV_SECRECY_WMO
};

enum zv_case_role {
	ZV_CASE_ROLE_UNKNOWN = 0,
	ZV_CASE_ROLE_LEAD,
	ZV_CASE_ROLE_DIRECTLY_INVOLVED,
	ZV_CASE_ROLE_SUBSTITUTE,
	ZV_CASE_ROLE_ADVISOR,
	ZV_CASE_ROLE_NONE
};

enum zv_person_role { ZV_PERSON_OTHER = 0, ZV_PERSON_CHILD, ZV_PERSON_PARENT, ZV_PERSON_ADULT };

/* Data categories, as a bit set. */
enum zv_category {
	ZV_CAT_ORDINARY = 1u << 0,
	ZV_CAT_HEALTH = 1u << 1,
	ZV_CAT_SPECIAL_OTHER = 1u << 2,
	ZV_CAT_CRIMINAL = 1u << 3,
};
#define ZV_CAT_ALL 0x0fu
#define ZV_CAT_SENSITIVE (ZV_CAT_HEALTH | ZV_CAT_SPECIAL_OTHER | ZV_CAT_CRIMINAL)

enum zv_identifiability { ZV_IDENT_IDENTIFIABLE = 0, ZV_IDENT_PSEUDONYMISED, ZV_IDENT_AGGREGATED };
enum zv_data_scope { ZV_DATA_CONTENT = 0, ZV_DATA_EXISTENCE };

enum zv_ground { ZV_GROUND_NONE = 0, ZV_GROUND_A, ZV_GROUND_B, ZV_GROUND_C, ZV_GROUND_D,
		 ZV_GROUND_E, ZV_GROUND_F };

enum zv_secrecy_ground {
	ZV_SG_UNKNOWN = 0,
	ZV_SG_CONSENT,
	ZV_SG_DIRECTLY_INVOLVED,
	ZV_SG_PARENT_WITH_AUTHORITY,
	ZV_SG_LEGAL_POWER,
	ZV_SG_LEGAL_DUTY,
	ZV_SG_CONFLICT_OF_DUTIES,
	ZV_SG_NONE
};

enum zv_reason_not_informed {
	ZV_RNI_UNKNOWN = 0,
	ZV_RNI_SAFETY,
	ZV_RNI_INVESTIGATION,
	ZV_RNI_STATUTORY,
	ZV_RNI_NONE
};

enum zv_framework {
	ZV_FRAMEWORK_UNKNOWN = 0,
	ZV_FRAMEWORK_ADVICE_ONLY,
	ZV_FRAMEWORK_VOLUNTARY,
	ZV_FRAMEWORK_PRESSURE,
	ZV_FRAMEWORK_COMPULSORY
};

/* The four kinds of consent of R9.1, and `agreement` (instemming, R9.4),
 * which is recorded but never serves as consent. */
enum zv_consent_kind {
	ZV_CONSENT_PROCESSING = 0,
	ZV_CONSENT_SECRECY_RELEASE,
	ZV_CONSENT_TREATMENT,
	ZV_CONSENT_PARTICIPATION,
	ZV_CONSENT_AGREEMENT,
	ZV_CONSENT__COUNT
};

/* ---- situation (input) ------------------------------------------------- */

struct zv_consent {
	enum zv_consent_kind kind;
	zv_personset given_by;
	bool free, unambiguous, informed, specific, explicit, withdrawn;
	bool has_recipients;               /* false: the consent names nobody (not specific) */
	uint32_t recipient_orgs;           /* bit k = enum zv_org k */
	zv_personset recipient_persons;
	const struct zv_text *recipient_org_ids;   /* the <id> of "org:<id>" */
	uint32_t n_recipient_org_ids;
	bool has_categories;               /* false: no limit by category */
	uint8_t categories;
	bool has_valid_until;
	zv_day valid_until;
};

struct zv_person {
	struct zv_text id;
	enum zv_person_role role;
	int16_t age;                       /* -1 = unknown */
	bool capable;                      /* able to judge own interests */
	zv_personset authority_holders;
	const struct zv_consent *consents;
	uint32_t n_consents;
};

struct zv_situation {
	zv_day date;
	enum zv_action action;
	enum zv_initiative initiative;

	struct {
		struct zv_text description;          /* empty = no stated purpose */
		enum zv_tri within_task;
		enum zv_purpose_kind kind;
		bool further_use;
		struct zv_text further_use_provision;
		enum zv_tri compatible;
		enum zv_tri domestic_violence_concern;
	} purpose;

	struct {
		enum zv_org kind;
		enum zv_org acting_for;              /* for the regional safety team */
		struct zv_text acting_for_org;       /* that mother organisation's id */
		struct zv_text org_id;
		enum zv_tri public_authority;        /* unknown: from the kind */
		enum zv_secrecy secrecy;             /* default: from the kind */
		bool referral_task;
		enum zv_case_role case_role;
		bool lawyer_confirmed_consent_basis;
	} actor;

	struct {
		bool present;
		int32_t person;                      /* index into persons, or -1 */
		enum zv_org kind;
		struct zv_text org_id;
		enum zv_tri public_authority;
		enum zv_tri directly_involved;
		enum zv_tri own_legal_basis;
		enum zv_tri criminal_justice;        /* unknown: from the kind */
		bool reporter;                       /* the one who reported to Veilig Thuis (R10.4) */
	} counterparty;

	const struct zv_person *persons;
	uint32_t n_persons;

	struct {
		zv_personset about;                  /* 0 = all persons */
		bool has_categories;
		uint8_t categories;
		enum zv_identifiability identifiability;
		bool contains_third_party_data;
		enum zv_data_scope scope;
		enum zv_tri existence_suffices;
		enum zv_tri necessity_substantiated;
		enum zv_tri beyond_necessary;
		enum zv_tri obtainable_from_subjects;
		enum zv_tri asking_subjects_endangers_safety;
		enum zv_tri anonymous_suffices;
		enum zv_tri proportionate;
		struct zv_text special_category_exception;
		bool unverified_or_opinion;
		enum zv_org secrecy_holder;          /* NONE = the actor's own */
		struct zv_text secrecy_holder_org;
		bool disclosed_to_actor;
		bool restricted_from_actor;
	} data;

	struct {
		enum zv_ground ground;
		struct zv_text provision;
	} legal_basis;

	enum zv_secrecy_ground secrecy_ground;
	bool secrecy_provision_confirmed;
	enum zv_tri parent_access_incompatible;

	struct {
		enum zv_tri consent_attempted, serious_harm, no_alternative, limits_harm;
	} conflict_of_duties;

	struct {
		enum zv_tri informed_beforehand;
		enum zv_reason_not_informed reason_not_informed;
	} transparency;

	enum zv_framework framework;
	bool participation_withdrawn;

	struct {
		bool has_report_date, has_new_report_date, has_investigation_decided_date,
			has_investigation_start_date;
		zv_day report_date, new_report_date, investigation_decided_date,
			investigation_start_date;
		enum zv_tri reasonable_suspicion;
		bool new_report;
		enum zv_tri continuation_justified;
	} veilig_thuis;

	struct {
		enum zv_tri contributes_to_ending_violence;
		enum zv_tri solely_recipient_task;
		bool zsm_report;
	} zorg_straf;
};

/* Every fact absent, persons none, date 0: fill in before deciding. */
void zv_situation_init(struct zv_situation *s);

/* ---- rules and codes --------------------------------------------------- */

/* The single-decision rules of docs/rules.md, in catalogue order. */
enum zv_rule {
	ZV_R1_1, ZV_R1_2, ZV_R1_3, ZV_R1_4,
	ZV_R2_1, ZV_R2_2, ZV_R2_3, ZV_R2_4, ZV_R2_5, ZV_R2_6, ZV_R2_7, ZV_R2_8,
	ZV_R3_1, ZV_R3_2, ZV_R3_3, ZV_R3_4, ZV_R3_5, ZV_R3_6,
	ZV_R4_1, ZV_R4_2, ZV_R4_3,
	ZV_R5_0, ZV_R5_1, ZV_R5_2, ZV_R5_3, ZV_R5_4, ZV_R5_5, ZV_R5_6, ZV_R5_7, ZV_R5_8, ZV_R5_9,
	ZV_R6_1,
	ZV_R7_2,
	ZV_R8_1,
	ZV_R9_1, ZV_R9_2, ZV_R9_3, ZV_R9_4,
	ZV_R10_1, ZV_R10_2, ZV_R10_3, ZV_R10_4,
	ZV_R11_1, ZV_R11_2, ZV_R11_3, ZV_R11_4, ZV_R11_5,
	ZV_R13_1,
	/* Rules kept by the dossier over time; they appear only as the rule of
	 * an obligation, never in rules_fired. */
	ZV_R6_2, ZV_R6_3, ZV_R6_4, ZV_R8_2, ZV_R8_3,
	ZV_RULE__COUNT
};
#define ZV_RULE__DECISION_COUNT (ZV_R13_1 + 1)

/* "R5.3". Never NULL for a valid rule. */
const char *zv_rule_id(enum zv_rule r);

enum zv_outcome {   /* weakest first: a stronger outcome wins */
	ZV_OUTCOME_ALLOWED = 0,
	ZV_OUTCOME_ALLOWED_LIMITED,
	ZV_OUTCOME_JUDGEMENT_REQUIRED,
	ZV_OUTCOME_DENIED
};

enum zv_scope_kind {  /* most intrusive first: a less intrusive scope wins */
	ZV_SCOPE_NONE = 0,
	ZV_SCOPE_MINIMAL,
	ZV_SCOPE_EXISTENCE_ONLY,
	ZV_SCOPE_ANONYMOUS
};

enum zv_step_result { ZV_STEP_OK = 0, ZV_STEP_FAIL, ZV_STEP_QUESTION, ZV_STEP_NOT_APPLICABLE };

/* Steps 1..8 of the Handreiking, then the regimes, in output order. */
enum zv_step {
	ZV_STEP_PURPOSE = 0,
	ZV_STEP_LEGAL_BASIS,
	ZV_STEP_NECESSITY,
	ZV_STEP_SPECIAL_CATEGORIES,
	ZV_STEP_SECRECY,
	ZV_STEP_TRANSPARENCY,
	ZV_STEP_ACCURACY,
	ZV_STEP_RIGHTS,
	ZV_STEP_CONSENT,
	ZV_STEP_ENRICHMENT,
	ZV_STEP_ZORG_STRAF,
	ZV_STEP_FRAMEWORK,
	ZV_STEP__COUNT
};
#define ZV_STEP__CORE_COUNT 8

enum zv_obligation_code {
	ZV_OBL_INFORM_FAMILY,
	ZV_OBL_PROVIDE_LEAFLET,
	ZV_OBL_INFORM_ON_FRAMEWORK_CHANGE,
	ZV_OBL_RECORD_PROFESSIONAL_WEIGHING,
	ZV_OBL_SHARE_MINIMUM,
	ZV_OBL_DOCUMENT_CONFLICT_OF_DUTIES,
	ZV_OBL_LABEL_UNVERIFIED,
	ZV_OBL_SEPARATE_CORV_REPORT,
	ZV_OBL_RESPOND_WITHIN_ONE_MONTH,
	ZV_OBL_LEGAL_REVIEW,
	ZV_OBL_START_INVESTIGATION,
	ZV_OBL_DECIDE_NEXT_STEPS,
	ZV_OBL_LIST_RECIPIENTS,
	ZV_OBL__COUNT
};

enum zv_alternative_code {
	ZV_ALT_ASK_SUBJECTS,
	ZV_ALT_DISCUSS_ANONYMOUSLY,
	ZV_ALT_SHARE_EXISTENCE_ONLY,
	ZV_ALT_USE_STATUTORY_BASIS,
	ZV_ALT_OBTAIN_CONSENT,
	ZV_ALT_REPORT_TO_VEILIG_THUIS,
	ZV_ALT_NEW_REPORT,
	ZV_ALT_PSEUDONYMISE,
	ZV_ALT_HAND_OVER_TO_MOTHER_ORGANISATION,
	ZV_ALT_STOP_INVOLVEMENT,
	ZV_ALT__COUNT
};

/* The facts that can be asked for. A person's age is ZV_FACT_PERSON_AGE with
 * the person's index. */
enum zv_fact {
	ZV_FACT_PURPOSE_WITHIN_TASK,
	ZV_FACT_PURPOSE_COMPATIBLE,
	ZV_FACT_PURPOSE_DOMESTIC_VIOLENCE_CONCERN,
	ZV_FACT_ACTOR_CASE_ROLE,
	ZV_FACT_DATA_CATEGORIES,
	ZV_FACT_DATA_PROPORTIONATE,
	ZV_FACT_DATA_BEYOND_NECESSARY,
	ZV_FACT_DATA_NECESSITY_SUBSTANTIATED,
	ZV_FACT_DATA_EXISTENCE_SUFFICES,
	ZV_FACT_DATA_ANONYMOUS_SUFFICES,
	ZV_FACT_DATA_OBTAINABLE_FROM_SUBJECTS,
	ZV_FACT_DATA_ASKING_SUBJECTS_ENDANGERS_SAFETY,
	ZV_FACT_LEGAL_BASIS_PROVISION,
	ZV_FACT_COUNTERPARTY_OWN_LEGAL_BASIS,
	ZV_FACT_SECRECY_GROUND,
	ZV_FACT_COUNTERPARTY_DIRECTLY_INVOLVED,
	ZV_FACT_PARENT_ACCESS_INCOMPATIBLE,
	ZV_FACT_COD_CONSENT_ATTEMPTED,
	ZV_FACT_COD_SERIOUS_HARM,
	ZV_FACT_COD_NO_ALTERNATIVE,
	ZV_FACT_COD_LIMITS_HARM,
	ZV_FACT_TRANSPARENCY_INFORMED_BEFOREHAND,
	ZV_FACT_TRANSPARENCY_REASON_NOT_INFORMED,
	ZV_FACT_PERSON_AGE,
	ZV_FACT_FRAMEWORK,
	ZV_FACT_VT_REPORT_DATE,
	ZV_FACT_VT_REASONABLE_SUSPICION,
	ZV_FACT_VT_CONTINUATION_JUSTIFIED,
	ZV_FACT_ZS_CONTRIBUTES,
	ZV_FACT_ZS_SOLELY_RECIPIENT_TASK,
	ZV_FACT__COUNT
};

/* Stable names of the JSON contract. */
const char *zv_action_name(enum zv_action a);
const char *zv_outcome_name(enum zv_outcome o);
const char *zv_scope_name(enum zv_scope_kind k);
const char *zv_step_result_name(enum zv_step_result r);
const char *zv_step_name(enum zv_step s);
int zv_step_number(enum zv_step s);
const char *zv_org_name(enum zv_org k);
/* The kind named `name` (not the absent kind); false when there is none. */
bool zv_org_from_name(const char *name, enum zv_org *out);
/* The name of category bit `bit` (0 ordinary, 1 health, 2 special_other,
 * 3 criminal); "" outside them. */
const char *zv_category_name(int bit);
/* The Dutch title of a step as the motivation shows it for this action. */
const char *zv_step_title(enum zv_step s, enum zv_action a);
const char *zv_obligation_name(enum zv_obligation_code c);
const char *zv_alternative_name(enum zv_alternative_code c);
/* "data.necessity_substantiated"; for ZV_FACT_PERSON_AGE without the index
 * ("persons[].age"): the codec writes "persons[3].age". */
const char *zv_fact_field(enum zv_fact f);

/* ---- decision (output) ------------------------------------------------- */

#define ZV_MAX_STEP_RULES 16
#define ZV_MAX_LEGAL_REFS 96
#define ZV_MAX_QUESTIONS 96   /* every fact, and every person's age */
#define ZV_MAX_OBLIGATIONS 24
#define ZV_MAX_ALTERNATIVES 16
#define ZV_DECISION_TEXT 32768

struct zv_decision_step {
	enum zv_step step;
	enum zv_step_result result;
	uint8_t n_rules;
	uint8_t rules[ZV_MAX_STEP_RULES];    /* enum zv_rule, checked in this step */
	struct zv_text reason;               /* Dutch, plain language */
};

struct zv_question {
	enum zv_rule rule;
	enum zv_fact fact;
	int32_t person;                      /* for ZV_FACT_PERSON_AGE, else -1 */
	const char *text;                    /* static Dutch */
};

struct zv_obligation {
	enum zv_rule rule;
	enum zv_obligation_code code;
	bool has_due;
	zv_day due;
	const char *text;                    /* static Dutch */
};

struct zv_alternative {
	enum zv_rule rule;
	enum zv_alternative_code code;
	const char *text;                    /* static Dutch */
};

struct zv_decision {
	enum zv_outcome outcome;
	struct {
		enum zv_scope_kind kind;     /* only with ZV_OUTCOME_ALLOWED_LIMITED */
		bool has_categories;
		uint8_t categories;
		bool has_persons;
		zv_personset persons;
	} scope;
	uint8_t n_steps;
	struct zv_decision_step steps[ZV_STEP__COUNT];
	uint8_t n_rules_fired;
	uint8_t rules_fired[ZV_RULE__DECISION_COUNT];   /* enum zv_rule, in firing order */
	uint8_t n_legal_refs;
	struct zv_text legal_refs[ZV_MAX_LEGAL_REFS];
	uint8_t n_questions, n_obligations, n_alternatives;
	struct zv_question questions[ZV_MAX_QUESTIONS];
	struct zv_obligation obligations[ZV_MAX_OBLIGATIONS];
	struct zv_alternative alternatives[ZV_MAX_ALTERNATIVES];
	struct zv_text motivation;            /* Dutch prose, B1 */
	size_t text_len;
	char text[ZV_DECISION_TEXT];          /* storage for reasons and motivation */
};

/* How much of the decision to build. */
enum zv_decide_flags {
	ZV_DECIDE_FULL = 0,
	ZV_DECIDE_NO_TEXT = 1,   /* outcome, steps, codes; reasons and motivation empty */
};

/*
 * Decide one situation. Returns ZV_OK; ZV_EINPUT when the situation is not
 * valid (person indices out of range, more than ZV_MAX_PERSONS persons or
 * ZV_MAX_CONSENTS consents, an unknown action — the codec never produces
 * one, a caller building situations by hand might); or ZV_EINTERNAL when a
 * bound of the decision structure was exceeded (a bug).
 */
enum zv_err zv_decide(const struct zv_situation *s, struct zv_decision *d, unsigned flags);

/*
 * The need-to-know check of R13.1 alone, for every entry of every screen:
 * the outcome zv_decide() gives for this situation with action `view`.
 * `scope` (may be NULL) receives ZV_SCOPE_ANONYMOUS for an advisor.
 */
enum zv_outcome zv_decide_view(const struct zv_situation *s, enum zv_scope_kind *scope);

/*
 * R9.2, the age table of decision-api.md: who must give a consent of `kind`
 * about persons[subject] on the situation's date (the person, the child, the
 * parent(s) with authority, or the child and them; a child of 12 or older
 * who is not capable is represented by them). ZV_OK with the set in
 * `givers`; ZV_ENOTFOUND when the person's age is unknown (and they are not
 * an adult or a parent); ZV_EDENIED when the parents with authority must give
 * it and nobody holds authority. An agreement (R9.4) is the person's own.
 */
enum zv_err zv_consent_required_givers(const struct zv_situation *s, uint32_t subject,
				       enum zv_consent_kind kind, zv_personset *givers);

/* Default facts of the contract, exposed for the dossier and for tests. */
bool zv_org_is_public_authority(enum zv_org k);
enum zv_secrecy zv_org_default_secrecy(enum zv_org k);
bool zv_org_is_criminal_justice(enum zv_org k);

#endif /* ZV_POLICY_H */
