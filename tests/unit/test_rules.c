/*
 * test_rules.c — every rule that can appear in rules_fired, at least once
 * where it must fire and once where it must not (docs/rules.md).
 *
 * Each case is a base situation (helpers.c), a merge patch, the rule, whether
 * it must fire, and optionally the outcome, an obligation, an alternative or
 * a question that must be present. One cmocka test per case, named after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

struct rule_case {
	const char *name;
	const char *base;
	const char *patch;
	const char *rule;
	bool fires;
	const char *outcome;      /* NULL: not checked */
	const char *obligation;   /* must be present */
	const char *alternative;  /* must be present */
	const char *question;     /* must be present */
};

#define CONSENT(kind, givers, recipients)                                                \
	"{\"kind\":\"" kind "\",\"given_by\":" givers ",\"free\":true,\"unambiguous\":true," \
	"\"informed\":true,\"specific\":true,\"explicit\":true,\"recipients\":" recipients "}"

#define MOTHER_CONSENTS(list)                                                             \
	"\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":9,\"authority_holders\":[\"moeder\"]," \
	"\"consents\":[" list "]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36}]"

static const struct rule_case CASES[] = {
	/* ---- step 1 ---- */
	{"R1.1 no purpose denies", DISCLOSE_BASE, "{\"purpose\":{\"description\":\"  \"}}", "R1.1", true, "denied"},
	{"R1.1 a stated purpose passes", DISCLOSE_BASE, NULL, "R1.1", true, "allowed"},
	{"R1.1 not applied to viewing", VIEW_BASE, NULL, "R1.1", false, "allowed"},
	{"R1.2 outside task denies", DISCLOSE_BASE, "{\"purpose\":{\"within_task\":false}}", "R1.2", true, "denied"},
	{"R1.2 unknown task asks", DISCLOSE_BASE, "{\"purpose\":{\"within_task\":null}}", "R1.2", true, "judgement_required", NULL, NULL, "purpose.within_task"},
	{"R1.2 within task passes", DISCLOSE_BASE, NULL, "R1.2", true, "allowed"},
	{"R1.2 not applied to access", ACCESS_BASE, NULL, "R1.2", false, "allowed"},
	{"R1.3 identifiable monitoring denies", DISCLOSE_BASE,
	 "{\"purpose\":{\"kind\":\"monitoring\"},\"actor\":{\"org_kind\":\"gi\"},\"counterparty\":{\"org_kind\":\"ministry\"},\"secrecy_ground\":\"legal_duty\"}",
	 "R1.3", true, "denied", NULL, "pseudonymise"},
	{"R1.3 pseudonymised monitoring passes", DISCLOSE_BASE,
	 "{\"purpose\":{\"kind\":\"monitoring\"},\"actor\":{\"org_kind\":\"gi\"},\"counterparty\":{\"org_kind\":\"ministry\"},\"secrecy_ground\":\"legal_duty\",\"data\":{\"identifiability\":\"pseudonymised\"}}",
	 "R1.3", true, "allowed"},
	{"R1.3 not for care", DISCLOSE_BASE, NULL, "R1.3", false, "allowed"},
	{"R1.4 incompatible further use denies", DISCLOSE_BASE, "{\"purpose\":{\"further_use\":true,\"compatible\":false}}", "R1.4", true, "denied"},
	{"R1.4 compatibility not assessed asks", DISCLOSE_BASE, "{\"purpose\":{\"further_use\":true}}", "R1.4", true, "judgement_required", NULL, NULL, "purpose.compatible"},
	{"R1.4 provision authorises further use", DISCLOSE_BASE, "{\"purpose\":{\"further_use\":true,\"further_use_provision\":\"Jeugdwet art. 7.3.11 lid 4\"}}", "R1.4", true, "allowed"},
	{"R1.4 no further use", DISCLOSE_BASE, NULL, "R1.4", false, "allowed"},

	/* ---- step 2 ---- */
	{"R2.1 no ground denies", DISCLOSE_BASE, "{\"legal_basis\":null}", "R2.1", true, "denied"},
	{"R2.1 ground given passes", DISCLOSE_BASE, NULL, "R2.1", true, "allowed"},
	{"R2.1 not applied to viewing", VIEW_BASE, NULL, "R2.1", false, "allowed"},
	{"R2.2 authority on legitimate interest denies", REQUEST_BASE, "{\"legal_basis\":{\"ground\":\"f\"}}", "R2.2", true, "denied", NULL, "use_statutory_basis"},
	{"R2.2 private party may use legitimate interest", DISCLOSE_BASE, "{\"legal_basis\":{\"ground\":\"f\"}}", "R2.2", true, "allowed"},
	{"R2.2 not for a statutory task", REQUEST_BASE, NULL, "R2.2", false, "allowed"},
	{"R2.3 consent basis for Veilig Thuis denies", RECORD_BASE,
	 "{\"legal_basis\":{\"ground\":\"a\"},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[" CONSENT("processing", "[\"moeder\"]", "[\"veilig_thuis\"]") "]}],\"data\":{\"about\":[\"moeder\"]}}",
	 "R2.3", true, "denied", NULL, "use_statutory_basis"},
	{"R2.3 lawyer-confirmed consent basis", RECORD_BASE,
	 "{\"legal_basis\":{\"ground\":\"a\"},\"actor\":{\"lawyer_confirmed_consent_basis\":true},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[" CONSENT("processing", "[\"moeder\"]", "[\"veilig_thuis\"]") "]}],\"data\":{\"about\":[\"moeder\"]}}",
	 "R2.3", true, "allowed", "legal_review"},
	{"R2.3 lawyer-confirmed consent as the exception for health data", RECORD_BASE,
	 "{\"actor\":{\"lawyer_confirmed_consent_basis\":true},\"data\":{\"categories\":[\"health\"],\"about\":[\"moeder\"]},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[" CONSENT("processing", "[\"moeder\"]", "[\"veilig_thuis\"]") "]}]}",
	 "R2.3", true, "allowed", "legal_review"},
	{"R2.3 not for a private party", DISCLOSE_BASE,
	 "{\"legal_basis\":{\"ground\":\"a\"},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[" CONSENT("processing", "[\"moeder\"]", "[\"regional_safety_team\"]") "]}],\"data\":{\"about\":[\"moeder\"]}}",
	 "R2.3", false, "allowed"},
	{"R2.4 consent not freely given denies", DISCLOSE_BASE,
	 "{\"legal_basis\":{\"ground\":\"a\"},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[{\"kind\":\"processing\",\"given_by\":[\"moeder\"],\"free\":false,\"unambiguous\":true,\"informed\":true,\"specific\":true,\"recipients\":[\"regional_safety_team\"]}]}],\"data\":{\"about\":[\"moeder\"]}}",
	 "R2.4", true, "denied", NULL, "obtain_consent"},
	{"R2.4 valid consent as basis", DISCLOSE_BASE,
	 "{\"legal_basis\":{\"ground\":\"a\"},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[" CONSENT("processing", "[\"moeder\"]", "[\"regional_safety_team\"]") "]}],\"data\":{\"about\":[\"moeder\"]}}",
	 "R2.4", true, "allowed"},
	{"R2.4 statutory ground", DISCLOSE_BASE, NULL, "R2.4", false, "allowed"},
	{"R2.5 withdrawn consent gives no basis", DISCLOSE_BASE,
	 "{\"legal_basis\":{\"ground\":\"a\"},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[{\"kind\":\"processing\",\"given_by\":[\"moeder\"],\"free\":true,\"unambiguous\":true,\"informed\":true,\"specific\":true,\"recipients\":[\"regional_safety_team\"],\"withdrawn\":true}]}],\"data\":{\"about\":[\"moeder\"]}}",
	 "R2.5", true, "denied"},
	{"R2.5 expired consent gives no basis", DISCLOSE_BASE,
	 "{\"legal_basis\":{\"ground\":\"a\"},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[{\"kind\":\"processing\",\"given_by\":[\"moeder\"],\"free\":true,\"unambiguous\":true,\"informed\":true,\"specific\":true,\"recipients\":[\"regional_safety_team\"],\"valid_until\":\"2026-11-27\"}]}],\"data\":{\"about\":[\"moeder\"]}}",
	 "R2.5", true, "denied"},
	{"R2.5 consent valid through its last day", DISCLOSE_BASE,
	 "{\"legal_basis\":{\"ground\":\"a\"},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[{\"kind\":\"processing\",\"given_by\":[\"moeder\"],\"free\":true,\"unambiguous\":true,\"informed\":true,\"specific\":true,\"recipients\":[\"regional_safety_team\"],\"valid_until\":\"2026-11-28\"}]}],\"data\":{\"about\":[\"moeder\"]}}",
	 "R2.5", false, "allowed"},
	{"R2.6 provision missing asks", DISCLOSE_BASE, "{\"legal_basis\":{\"provision\":null}}", "R2.6", true, "judgement_required", NULL, NULL, "legal_basis.provision"},
	{"R2.6 provision named passes", DISCLOSE_BASE, NULL, "R2.6", true, "allowed"},
	{"R2.6 not for a contract", DISCLOSE_BASE, "{\"legal_basis\":{\"ground\":\"b\",\"provision\":null}}", "R2.6", false, "allowed"},
	{"R2.7 recipient without basis denies", DISCLOSE_BASE, "{\"counterparty\":{\"own_legal_basis\":false}}", "R2.7", true, "denied"},
	{"R2.7 recipient basis unknown asks", DISCLOSE_BASE, "{\"counterparty\":{\"own_legal_basis\":null}}", "R2.7", true, "judgement_required", NULL, NULL, "counterparty.own_legal_basis"},
	{"R2.7 recipient has basis passes", DISCLOSE_BASE, NULL, "R2.7", true, "allowed"},
	{"R2.7 not when recording", RECORD_BASE, NULL, "R2.7", false, "allowed"},
	{"R2.8 a request leaves the decision to the supplier", REQUEST_BASE, NULL, "R2.8", true, "allowed"},
	{"R2.8 not when supplying", DISCLOSE_BASE, NULL, "R2.8", false, "allowed"},

	/* ---- step 3 ---- */
	{"R3.1 beyond necessary narrows", DISCLOSE_BASE, "{\"data\":{\"beyond_necessary\":true}}", "R3.1", true, "allowed_limited", "share_minimum"},
	{"R3.1 only necessary passes", DISCLOSE_BASE, NULL, "R3.1", true, "allowed"},
	{"R3.1 not applied to viewing", VIEW_BASE, NULL, "R3.1", false, "allowed"},
	{"R3.2 existence suffices narrows", DISCLOSE_BASE, "{\"data\":{\"existence_suffices\":true}}", "R3.2", true, "allowed_limited", NULL, "share_existence_only"},
	{"R3.2 existence unknown asks", REQUEST_BASE, "{\"data\":{\"existence_suffices\":null}}", "R3.2", true, "judgement_required", NULL, NULL, "data.existence_suffices"},
	{"R3.2 content needed passes", DISCLOSE_BASE, NULL, "R3.2", true, "allowed"},
	{"R3.2 not when recording", RECORD_BASE, NULL, "R3.2", false, "allowed"},
	{"R3.3 obtainable from family denies", DISCLOSE_BASE, "{\"data\":{\"obtainable_from_subjects\":true,\"asking_subjects_endangers_safety\":false}}", "R3.3", true, "denied", NULL, "ask_subjects"},
	{"R3.3 danger unknown asks", DISCLOSE_BASE, "{\"data\":{\"obtainable_from_subjects\":true}}", "R3.3", true, "judgement_required", NULL, NULL, "data.asking_subjects_endangers_safety"},
	{"R3.3 not for a report on own initiative", DISCLOSE_BASE, "{\"initiative\":\"own\",\"data\":{\"obtainable_from_subjects\":true,\"asking_subjects_endangers_safety\":false}}", "R3.3", false, "allowed"},
	{"R3.4 anonymous suffices narrows", DISCLOSE_BASE, "{\"data\":{\"anonymous_suffices\":true}}", "R3.4", true, "allowed_limited", NULL, "discuss_anonymously"},
	{"R3.4 advice-only consultation of Veilig Thuis is anonymous", REQUEST_BASE, "{\"framework\":\"advice_only\",\"counterparty\":{\"org_kind\":\"veilig_thuis\"}}", "R3.4", true, "allowed_limited"},
	{"R3.4 names needed passes", DISCLOSE_BASE, NULL, "R3.4", true, "allowed"},
	{"R3.4 advice-only consultation is recorded without the family", RECORD_BASE, "{\"framework\":\"advice_only\"}", "R3.4", true, "allowed_limited"},
	{"R3.4 not for an ordinary recording", RECORD_BASE, NULL, "R3.4", false, "allowed"},
	{"R3.5 unsubstantiated request denies", DISCLOSE_BASE, "{\"data\":{\"necessity_substantiated\":false}}", "R3.5", true, "denied"},
	{"R3.5 unknown substantiation asks", REQUEST_BASE, "{\"data\":{\"necessity_substantiated\":null}}", "R3.5", true, "judgement_required", NULL, NULL, "data.necessity_substantiated"},
	{"R3.5 not for a report on own initiative", DISCLOSE_BASE, "{\"initiative\":\"own\",\"data\":{\"necessity_substantiated\":false}}", "R3.5", false, "allowed"},
	{"R3.6 disproportionate denies", DISCLOSE_BASE, "{\"data\":{\"proportionate\":false}}", "R3.6", true, "denied"},
	{"R3.6 proportionate passes", DISCLOSE_BASE, NULL, "R3.6", true, "allowed"},
	{"R3.6 not applied to access", ACCESS_BASE, NULL, "R3.6", false, "allowed"},

	/* ---- step 4 ---- */
	{"R4.1 health without exception denies", DISCLOSE_BASE, "{\"data\":{\"categories\":[\"health\"]}}", "R4.1", true, "denied"},
	{"R4.1 criminal data without exception denies", RECORD_BASE, "{\"data\":{\"categories\":[\"ordinary\",\"criminal\"]}}", "R4.1", true, "denied"},
	{"R4.1 categories unknown asks", DISCLOSE_BASE, "{\"data\":{\"categories\":null}}", "R4.1", true, "judgement_required", NULL, NULL, "data.categories"},
	{"R4.1 ordinary data passes", DISCLOSE_BASE, NULL, "R4.1", true, "allowed"},
	{"R4.1 not applied to viewing", VIEW_BASE, NULL, "R4.1", false, "allowed"},
	{"R4.2 explicit processing consent of the parent is the exception", DISCLOSE_BASE,
	 "{\"data\":{\"categories\":[\"health\"]},\"secrecy_ground\":\"consent\"," MOTHER_CONSENTS(CONSENT("processing", "[\"moeder\"]", "[\"regional_safety_team\"]") "," CONSENT("secrecy_release", "[\"moeder\"]", "[\"regional_safety_team\"]")) "}",
	 "R4.2", true, "allowed"},
	{"R4.1 a consent naming only ordinary data releases only those", DISCLOSE_BASE,
	 "{\"data\":{\"about\":[\"moeder\"],\"categories\":[\"ordinary\",\"health\"]},\"persons\":[{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36,\"consents\":[{\"kind\":\"processing\",\"given_by\":[\"moeder\"],\"free\":true,\"unambiguous\":true,\"informed\":true,\"specific\":true,\"explicit\":true,\"recipients\":[\"regional_safety_team\"],\"categories\":[\"ordinary\"]}]}]}",
	 "R4.1", true, "allowed_limited"},
	{"R4.2 not when an exception is named", DISCLOSE_BASE, "{\"data\":{\"categories\":[\"health\"],\"special_category_exception\":\"UAVG art. 30 lid 3\"}}", "R4.2", false, "allowed"},
	{"R4.3 named exception allows", DISCLOSE_BASE, "{\"data\":{\"categories\":[\"health\"],\"special_category_exception\":\"UAVG art. 30 lid 3\"}}", "R4.3", true, "allowed"},
	{"R4.3 not for ordinary data", DISCLOSE_BASE, NULL, "R4.3", false, "allowed"},

	/* ---- step 5 ---- */
	{"R5.0 referral task lifts secrecy", DISCLOSE_BASE, "{\"actor\":{\"referral_task\":true},\"secrecy_ground\":null}", "R5.0", true, "allowed"},
	{"R5.0 no secrecy question in a referral task", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"ggz\",\"referral_task\":true},\"secrecy_ground\":null}", "R5.0", true, "allowed"},
	{"R5.0 not without a referral task", DISCLOSE_BASE, NULL, "R5.0", false, "allowed"},
	{"R5.1 consent releases secrecy", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\"," MOTHER_CONSENTS(CONSENT("secrecy_release", "[\"moeder\"]", "[\"regional_safety_team\"]")) "}", "R5.1", true, "allowed", "record_professional_weighing"},
	{"R5.1 other ground", DISCLOSE_BASE, NULL, "R5.1", false, "allowed"},
	{"R5.2 directly involved recipient", DISCLOSE_BASE, NULL, "R5.2", true, "allowed", "share_minimum"},
	{"R5.2 involvement unknown asks", DISCLOSE_BASE, "{\"counterparty\":{\"directly_involved\":null}}", "R5.2", true, "judgement_required", NULL, NULL, "counterparty.directly_involved"},
	{"R5.2 not when consent is the ground", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\"," MOTHER_CONSENTS(CONSENT("secrecy_release", "[\"moeder\"]", "[\"regional_safety_team\"]")) "}", "R5.2", false, "allowed"},
	{"R5.3 parent with authority, child under 16", DISCLOSE_BASE, "{\"counterparty\":{\"person\":\"moeder\"},\"secrecy_ground\":\"parent_with_authority\",\"parent_access_incompatible_with_good_care\":false}", "R5.3", true, "allowed"},
	{"R5.3 weighing not made asks", DISCLOSE_BASE, "{\"counterparty\":{\"person\":\"moeder\"},\"secrecy_ground\":\"parent_with_authority\"}", "R5.3", true, "judgement_required", NULL, NULL, "parent_access_incompatible_with_good_care"},
	{"R5.3 not for another ground", DISCLOSE_BASE, NULL, "R5.3", false, "allowed"},
	{"R5.4 power to inform the Raad", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":\"rvdk\"},\"secrecy_ground\":\"legal_power\"}", "R5.4", true, "allowed"},
	{"R5.4 reporting power needs a domestic-violence purpose", DISCLOSE_BASE, "{\"initiative\":\"own\",\"counterparty\":{\"org_kind\":\"veilig_thuis\"},\"secrecy_ground\":\"legal_power\"}", "R5.4", true, "judgement_required", NULL, NULL, "purpose.domestic_violence_concern"},
	{"R5.4 no power towards a school", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":\"school\"},\"secrecy_ground\":\"legal_power\"}", "R5.7", true, "denied"},
	{"R5.4 Veilig Thuis informs the GI in its own task", DISCLOSE_BASE, "{\"initiative\":\"own\",\"actor\":{\"org_kind\":\"veilig_thuis\"},\"counterparty\":{\"org_kind\":\"gi\"},\"secrecy_ground\":\"legal_power\",\"framework\":null}", "R5.4", true, "allowed"},
	{"R5.4 asks the framework towards the GI on request too", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":\"gi\"},\"secrecy_ground\":\"legal_power\",\"framework\":null}", "R5.4", true, "judgement_required", NULL, NULL, "framework"},
	{"R5.4 not for another ground", DISCLOSE_BASE, NULL, "R5.4", false, "allowed"},
	{"R5.5 duty towards the GI under a supervision order", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":\"gi\"},\"secrecy_ground\":\"legal_duty\",\"framework\":\"compulsory\"}", "R5.5", true, "allowed"},
	{"R5.5 framework unknown asks", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":\"gi\"},\"secrecy_ground\":\"legal_duty\",\"framework\":null}", "R5.5", true, "judgement_required", NULL, NULL, "framework"},
	{"R5.5 no duty in a voluntary framework", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":\"gi\"},\"secrecy_ground\":\"legal_duty\"}", "R5.7", true, "denied"},
	{"R5.5 lawyer-confirmed provision", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":\"school\"},\"secrecy_ground\":\"legal_duty\",\"secrecy_provision_confirmed\":true}", "R5.5", true, "allowed"},
	{"R5.5 not for another ground", DISCLOSE_BASE, NULL, "R5.5", false, "allowed"},
	{"R5.6 complete conflict of duties", DISCLOSE_BASE, "{\"secrecy_ground\":\"conflict_of_duties\",\"conflict_of_duties\":{\"consent_attempted\":true,\"serious_harm\":true,\"no_alternative\":true,\"limits_harm\":true}}", "R5.6", true, "allowed", "document_conflict_of_duties"},
	{"R5.6 unanswered condition asks", DISCLOSE_BASE, "{\"secrecy_ground\":\"conflict_of_duties\",\"conflict_of_duties\":{\"consent_attempted\":true,\"serious_harm\":true,\"no_alternative\":true}}", "R5.6", true, "judgement_required", NULL, NULL, "conflict_of_duties.limits_harm"},
	{"R5.6 towards the Raad points to the reporting power", DISCLOSE_BASE, "{\"counterparty\":{\"org_kind\":\"rvdk\"},\"secrecy_ground\":\"conflict_of_duties\",\"conflict_of_duties\":{\"consent_attempted\":false,\"serious_harm\":true,\"no_alternative\":true,\"limits_harm\":true}}", "R5.6", true, "denied", NULL, "report_to_veilig_thuis"},
	{"R5.6 open conditions are asked also after a no", DISCLOSE_BASE, "{\"secrecy_ground\":\"conflict_of_duties\",\"conflict_of_duties\":{\"consent_attempted\":false}}", "R5.6", true, "denied", NULL, NULL, "conflict_of_duties.serious_harm"},
	{"R5.6 not for another ground", DISCLOSE_BASE, NULL, "R5.6", false, "allowed"},
	{"R5.7 no ground denies", DISCLOSE_BASE, "{\"secrecy_ground\":\"none\"}", "R5.7", true, "denied", NULL, "obtain_consent"},
	{"R5.7 ground unknown asks", DISCLOSE_BASE, "{\"secrecy_ground\":null}", "R5.7", true, "judgement_required", NULL, NULL, "secrecy_ground"},
	{"R5.7 a ground exists", DISCLOSE_BASE, NULL, "R5.7", false, "allowed"},
	{"R5.7 no secrecy, no step 5", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"school\"},\"secrecy_ground\":\"none\"}", "R5.7", false, "allowed"},
	{"R5.8 professional weighing after consent", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\"," MOTHER_CONSENTS(CONSENT("secrecy_release", "[\"moeder\"]", "[\"regional_safety_team\"]")) "}", "R5.8", true, "allowed", "record_professional_weighing"},
	{"R5.8 not for direct involvement", DISCLOSE_BASE, NULL, "R5.8", false, "allowed"},
	{"R5.9 share the minimum once a ground exists", DISCLOSE_BASE, NULL, "R5.9", true, "allowed", "share_minimum"},
	{"R5.9 not without secrecy", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"police\"},\"counterparty\":{\"org_kind\":\"veilig_thuis\"},\"secrecy_ground\":null}", "R5.9", false, "allowed"},

	/* ---- steps 6, 7, 8 ---- */
	{"R6.1 not informed for safety obliges", DISCLOSE_BASE, "{\"transparency\":{\"informed_beforehand\":false,\"reason_not_informed\":\"safety\"}}", "R6.1", true, "allowed", "inform_family"},
	{"R6.1 not informed without reason denies", DISCLOSE_BASE, "{\"transparency\":{\"informed_beforehand\":false,\"reason_not_informed\":\"none\"}}", "R6.1", true, "denied"},
	{"R6.1 reason unknown asks", DISCLOSE_BASE, "{\"transparency\":{\"informed_beforehand\":false}}", "R6.1", true, "judgement_required", NULL, NULL, "transparency.reason_not_informed"},
	{"R6.1 informed beforehand passes", DISCLOSE_BASE, NULL, "R6.1", true, "allowed"},
	{"R6.1 not applied to viewing", VIEW_BASE, NULL, "R6.1", false, "allowed"},
	{"R7.2 unverified information obliges labels", DISCLOSE_BASE, "{\"data\":{\"unverified_or_opinion\":true}}", "R7.2", true, "allowed", "label_unverified"},
	{"R7.2 labelled facts pass", DISCLOSE_BASE, NULL, "R7.2", true, "allowed"},
	{"R7.2 not when recording", RECORD_BASE, NULL, "R7.2", false, "allowed"},
	{"R8.1 parent with authority sees child's data", ACCESS_BASE, NULL, "R8.1", true, "allowed", "respond_within_one_month"},
	{"R8.1 categories are not needed for a parent under 16", ACCESS_BASE, "{\"data\":{\"categories\":null}}", "R8.1", true, "allowed", "respond_within_one_month"},
	{"R8.1 a child of 12 sees its own data", ACCESS_BASE, "{\"counterparty\":{\"person\":\"kind\"},\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":12,\"authority_holders\":[\"moeder\"]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36}]}", "R8.1", true, "allowed"},
	{"R8.1 a child of 9 does not exercise the right itself", ACCESS_BASE, "{\"counterparty\":{\"person\":\"kind\"}}", "R8.1", true, "denied", "respond_within_one_month"},
	{"R8.1 a parent of a 16-year-old needs the young person's consent", ACCESS_BASE, "{\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":16,\"authority_holders\":[\"moeder\"]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":50}]}", "R8.1", true, "denied", NULL, "obtain_consent"},
	{"R8.1 the 16-year-old's consent opens the file to the parent", ACCESS_BASE, "{\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":16,\"authority_holders\":[\"moeder\"],\"consents\":[" CONSENT("secrecy_release", "[\"kind\"]", "[\"moeder\"]") "]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":50}]}", "R8.1", true, "allowed"},
	{"R8.1 a parent without authority gets the important facts", ACCESS_BASE, "{\"counterparty\":{\"person\":\"vader\"},\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":9,\"authority_holders\":[\"moeder\"]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36},{\"id\":\"vader\",\"role\":\"parent\",\"age\":40}]}", "R8.1", true, "allowed_limited"},
	{"R8.1 data about others is left out", ACCESS_BASE, "{\"data\":{\"contains_third_party_data\":true}}", "R8.1", true, "allowed_limited"},
	{"R8.1 a parent without authority of an adult child gets nothing", ACCESS_BASE, "{\"counterparty\":{\"person\":\"vader\"},\"data\":{\"about\":[\"zoon\"]},\"persons\":[{\"id\":\"zoon\",\"role\":\"child\",\"age\":19},{\"id\":\"vader\",\"role\":\"parent\",\"age\":50}]}", "R8.1", true, "denied"},
	{"R8.1 incompatible with good care denies the parent", ACCESS_BASE, "{\"parent_access_incompatible_with_good_care\":true}", "R8.1", true, "denied"},
	{"R8.1 not for disclosure", DISCLOSE_BASE, NULL, "R8.1", false, "allowed"},

	/* ---- consent ---- */
	{"R9.1 a processing consent does not release secrecy", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\"," MOTHER_CONSENTS(CONSENT("processing", "[\"moeder\"]", "[\"regional_safety_team\"]")) "}", "R9.1", true, "denied"},
	{"R9.1 consent of the right kind", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\"," MOTHER_CONSENTS(CONSENT("secrecy_release", "[\"moeder\"]", "[\"regional_safety_team\"]")) "}", "R9.1", false, "allowed"},
	{"R9.2 a child of 9 cannot release secrecy alone", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\"," MOTHER_CONSENTS(CONSENT("secrecy_release", "[\"kind\"]", "[\"regional_safety_team\"]")) "}", "R9.2", true, "denied"},
	{"R9.2 age unknown asks", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\",\"persons\":[{\"id\":\"kind\",\"authority_holders\":[\"moeder\"],\"consents\":[" CONSENT("secrecy_release", "[\"kind\"]", "[\"regional_safety_team\"]") "]},{\"id\":\"moeder\",\"age\":36}]}", "R9.2", true, "judgement_required", NULL, NULL, "persons[0].age"},
	{"R9.2 two parents consent in separate records", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\",\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":9,\"authority_holders\":[\"moeder\",\"vader\"],\"consents\":[" CONSENT("secrecy_release", "[\"moeder\"]", "[\"regional_safety_team\"]") "," CONSENT("secrecy_release", "[\"vader\"]", "[\"regional_safety_team\"]") "]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36},{\"id\":\"vader\",\"role\":\"parent\",\"age\":38}]}", "R9.2", true, "allowed"},
	{"R9.2 one of two parents is not enough", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\",\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":9,\"authority_holders\":[\"moeder\",\"vader\"],\"consents\":[" CONSENT("secrecy_release", "[\"moeder\"]", "[\"regional_safety_team\"]") "]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36},{\"id\":\"vader\",\"role\":\"parent\",\"age\":38}]}", "R9.2", true, "denied"},
	{"R9.2 an adult's own consent needs no age", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\",\"data\":{\"about\":[\"moeder\"]},\"persons\":[{\"id\":\"moeder\",\"role\":\"adult\",\"consents\":[" CONSENT("secrecy_release", "[\"moeder\"]", "[\"regional_safety_team\"]") "]}]}", "R9.2", true, "allowed"},
	{"R2.5 either parent can withdraw a joint consent", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\",\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":9,\"authority_holders\":[\"moeder\",\"vader\"],\"consents\":[" CONSENT("secrecy_release", "[\"moeder\",\"vader\"]", "[\"regional_safety_team\"]") ",{\"kind\":\"secrecy_release\",\"given_by\":[\"vader\"],\"recipients\":[\"regional_safety_team\"],\"withdrawn\":true}]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36},{\"id\":\"vader\",\"role\":\"parent\",\"age\":38}]}", "R2.5", true, "denied"},
	{"R9.2 no consent looked at", DISCLOSE_BASE, NULL, "R9.2", false, "allowed"},
	{"R9.3 withdrawn participation ends voluntary help", DISCLOSE_BASE, "{\"participation_withdrawn\":true}", "R9.3", true, "denied", NULL, "hand_over_to_mother_organisation"},
	{"R9.3 under compulsion the family is told", DISCLOSE_BASE, "{\"participation_withdrawn\":true,\"framework\":\"compulsory\"}", "R9.3", true, "allowed", "inform_on_framework_change"},
	{"R9.3 framework unknown asks", DISCLOSE_BASE, "{\"participation_withdrawn\":true,\"framework\":null}", "R9.3", true, "judgement_required", NULL, NULL, "framework"},
	{"R9.3 participation continues", DISCLOSE_BASE, NULL, "R9.3", false, "allowed"},
	{"R9.4 agreement is no consent", DISCLOSE_BASE, "{\"secrecy_ground\":\"consent\"," MOTHER_CONSENTS(CONSENT("agreement", "[\"moeder\"]", "[\"regional_safety_team\"]")) "}", "R9.4", true, "denied"},
	{"R9.4 no agreement recorded", DISCLOSE_BASE, NULL, "R9.4", false, "allowed"},

	/* ---- enrichment ---- */
	{"R10.1 a local team may not enrich", ENRICH_BASE, "{\"actor\":{\"org_kind\":\"local_team\"}}", "R10.1", true, "denied"},
	{"R10.1 Veilig Thuis records its weighing", ENRICH_BASE, NULL, "R10.1", true, "allowed", "record_professional_weighing"},
	{"R10.1 not when recording", RECORD_BASE, NULL, "R10.1", false, "allowed"},
	{"R10.2 no reasonable suspicion denies", ENRICH_BASE, "{\"veilig_thuis\":{\"reasonable_suspicion\":false}}", "R10.2", true, "denied"},
	{"R10.2 suspicion unknown asks", ENRICH_BASE, "{\"veilig_thuis\":{\"reasonable_suspicion\":null}}", "R10.2", true, "judgement_required", NULL, NULL, "veilig_thuis.reasonable_suspicion"},
	{"R10.2 only for Veilig Thuis", ENRICH_BASE, "{\"actor\":{\"org_kind\":\"gi\"},\"veilig_thuis\":null}", "R10.2", false, "allowed"},
	{"R10.3 deadlines within ten weeks", ENRICH_BASE, NULL, "R10.3", true, "allowed", "decide_next_steps"},
	{"R10.3 past ten weeks asks", ENRICH_BASE, "{\"veilig_thuis\":{\"report_date\":\"2026-08-01\"}}", "R10.3", true, "judgement_required", NULL, NULL, "veilig_thuis.continuation_justified"},
	{"R10.3 past ten weeks, justified", ENRICH_BASE, "{\"veilig_thuis\":{\"report_date\":\"2026-08-01\",\"continuation_justified\":true}}", "R10.3", true, "allowed", "legal_review"},
	{"R10.3 past ten weeks, not justified", ENRICH_BASE, "{\"veilig_thuis\":{\"report_date\":\"2026-08-01\",\"continuation_justified\":false}}", "R10.3", true, "denied", NULL, "new_report"},
	{"R10.3 report date unknown asks", ENRICH_BASE, "{\"veilig_thuis\":{\"report_date\":null}}", "R10.3", true, "judgement_required", NULL, NULL, "veilig_thuis.report_date"},
	{"R10.3 a dated new report restarts the clock", ENRICH_BASE, "{\"veilig_thuis\":{\"report_date\":\"2026-08-01\",\"new_report_date\":\"2026-11-20\"}}", "R10.3", true, "allowed", "decide_next_steps"},
	{"R10.3 not for the GI", ENRICH_BASE, "{\"actor\":{\"org_kind\":\"gi\"},\"veilig_thuis\":null}", "R10.3", false, "allowed"},
	{"R10.4 Veilig Thuis informs the reporter", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"veilig_thuis\"},\"counterparty\":{\"org_kind\":\"school\",\"reporter\":true,\"directly_involved\":false},\"secrecy_ground\":null}", "R10.4", true, "allowed"},
	{"R10.4 not for another recipient", DISCLOSE_BASE, NULL, "R10.4", false, "allowed"},

	/* ---- care and criminal justice ---- */
	{"R11.1 not helping to end violence denies", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"veilig_thuis\"},\"counterparty\":{\"org_kind\":\"police\"},\"secrecy_ground\":\"legal_power\",\"zorg_straf\":{\"contributes_to_ending_violence\":false,\"solely_recipient_task\":false}}", "R11.1", true, "denied"},
	{"R11.1 unknown asks", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"veilig_thuis\"},\"counterparty\":{\"org_kind\":\"police\"},\"secrecy_ground\":\"legal_power\"}", "R11.1", true, "judgement_required", NULL, NULL, "zorg_straf.contributes_to_ending_violence"},
	{"R11.1 not towards care partners", DISCLOSE_BASE, NULL, "R11.1", false, "allowed"},
	{"R11.2 only the recipient's task denies", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"veilig_thuis\"},\"counterparty\":{\"org_kind\":\"om\"},\"secrecy_ground\":\"legal_power\",\"zorg_straf\":{\"contributes_to_ending_violence\":true,\"solely_recipient_task\":true}}", "R11.2", true, "denied"},
	{"R11.2 not towards care partners", DISCLOSE_BASE, NULL, "R11.2", false, "allowed"},
	{"R11.3 Veilig Thuis to police shares the minimum", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"veilig_thuis\"},\"counterparty\":{\"org_kind\":\"police\"},\"secrecy_ground\":\"legal_power\",\"zorg_straf\":{\"contributes_to_ending_violence\":true,\"solely_recipient_task\":false}}", "R11.3", true, "allowed", "share_minimum"},
	{"R11.3 not towards care partners", DISCLOSE_BASE, NULL, "R11.3", false, "allowed"},
	{"R11.4 a ZSM report needs a CORV report", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"police\"},\"counterparty\":{\"org_kind\":\"veilig_thuis\"},\"secrecy_ground\":null,\"zorg_straf\":{\"zsm_report\":true}}", "R11.4", true, "allowed", "separate_corv_report"},
	{"R11.4 no ZSM report", DISCLOSE_BASE, "{\"actor\":{\"org_kind\":\"police\"},\"counterparty\":{\"org_kind\":\"veilig_thuis\"},\"secrecy_ground\":null}", "R11.4", false, "allowed"},
	{"R11.5 police ask Veilig Thuis without pressure", REQUEST_BASE, "{\"actor\":{\"org_kind\":\"police\"},\"counterparty\":{\"org_kind\":\"veilig_thuis\"}}", "R11.5", true, "allowed"},
	{"R11.5 not between care partners", REQUEST_BASE, NULL, "R11.5", false, "allowed"},

	/* ---- need to know ---- */
	{"R13.1 team member sees an ordinary entry", VIEW_BASE, NULL, "R13.1", true, "allowed"},
	{"R13.1 no role denies", VIEW_BASE, "{\"actor\":{\"case_role\":\"none\"}}", "R13.1", true, "denied"},
	{"R13.1 restriction denies", VIEW_BASE, "{\"data\":{\"restricted_from_actor\":true}}", "R13.1", true, "denied"},
	{"R13.1 role unknown asks", VIEW_BASE, "{\"actor\":{\"case_role\":null}}", "R13.1", true, "judgement_required", NULL, NULL, "actor.case_role"},
	{"R13.1 other secrecy, disclosed", VIEW_BASE, "{\"data\":{\"categories\":[\"health\"],\"secrecy_holder\":\"ggz\",\"disclosed_to_actor\":true}}", "R13.1", true, "allowed"},
	{"R13.1 own secrecy through the mother organisation", VIEW_BASE, "{\"actor\":{\"org_kind\":\"regional_safety_team\",\"acting_for\":\"veilig_thuis\"},\"data\":{\"categories\":[\"health\"],\"secrecy_holder\":\"veilig_thuis\"}}", "R13.1", true, "allowed"},
	{"R13.1 org ids tell two local teams apart", VIEW_BASE, "{\"actor\":{\"org_kind\":\"local_team\",\"org_id\":\"lt-noord\"},\"data\":{\"categories\":[\"health\"],\"secrecy_holder\":\"local_team\",\"secrecy_holder_org\":\"lt-zuid\"}}", "R13.1", true, "denied"},
	{"R13.1 an advisor needs no categories", VIEW_BASE, "{\"actor\":{\"case_role\":\"advisor\"},\"data\":{\"categories\":null}}", "R13.1", true, "allowed_limited"},
	{"R13.1 team member with an id keeps the mother organisation's secrecy", VIEW_BASE, "{\"actor\":{\"org_kind\":\"regional_safety_team\",\"acting_for\":\"gi\",\"org_id\":\"rvt-1\"},\"data\":{\"categories\":[\"health\"],\"secrecy_holder\":\"gi\"}}", "R13.1", true, "allowed"},
	{"R13.1 a holder's id is matched by id", VIEW_BASE, "{\"actor\":{\"org_kind\":\"local_team\"},\"data\":{\"categories\":[\"health\"],\"secrecy_holder\":\"local_team\",\"secrecy_holder_org\":\"lt-zuid\"}}", "R13.1", true, "denied"},
	{"R13.1 the mother organisation by its id", VIEW_BASE, "{\"actor\":{\"org_kind\":\"regional_safety_team\",\"acting_for\":\"veilig_thuis\",\"acting_for_org\":\"vt-1\"},\"data\":{\"categories\":[\"health\"],\"secrecy_holder\":\"veilig_thuis\",\"secrecy_holder_org\":\"vt-1\"}}", "R13.1", true, "allowed"},
	{"R13.1 not for disclosure", DISCLOSE_BASE, NULL, "R13.1", false, "allowed"},
};

enum { N_CASES = sizeof CASES / sizeof *CASES };

static void run_case(void **state)
{
	const struct rule_case *c = *state;
	struct decided *d = decide_json(c->base, c->patch);
	if (d->rc != ZV_OK)
		fail_msg("%s: %s: %s", c->name, d->error.path, d->error.message);
	const struct zv_decision *dec = d->decision;
	if (fired(dec, c->rule) != c->fires)
		fail_msg("%s: %s %s, decision: %s", c->name, c->rule,
			 c->fires ? "did not fire" : "fired", d->json);
	if (c->outcome && strcmp(zv_outcome_name(dec->outcome), c->outcome))
		fail_msg("%s: outcome %s, expected %s: %s", c->name, zv_outcome_name(dec->outcome),
			 c->outcome, d->json);
	if (c->obligation && !has_obligation(dec, c->obligation))
		fail_msg("%s: obligation %s missing: %s", c->name, c->obligation, d->json);
	if (c->alternative && !has_alternative(dec, c->alternative))
		fail_msg("%s: alternative %s missing: %s", c->name, c->alternative, d->json);
	if (c->question && !has_question(dec, c->question))
		fail_msg("%s: question %s missing: %s", c->name, c->question, d->json);
	decided_free(d);
}

/* Every decision rule of the catalogue has a case where it fires and one
 * where it must not. */
static void every_rule_has_both_cases(void **state)
{
	(void)state;
	for (int r = 0; r < ZV_RULE__DECISION_COUNT; r++) {
		bool yes = false, no = false;
		for (int i = 0; i < N_CASES; i++) {
			if (strcmp(CASES[i].rule, zv_rule_id((enum zv_rule)r)))
				continue;
			yes |= CASES[i].fires;
			no |= !CASES[i].fires;
		}
		if (!yes || !no)
			fail_msg("%s lacks a case where it %s", zv_rule_id((enum zv_rule)r),
				 !yes ? "fires" : "must not fire");
	}
}

/* R8.2 and R8.3 are kept by the dossier; the engine cites them as the rules
 * of the two obligations every access decision carries, never in
 * rules_fired. The month of R8.2 ends on a working day. */
static void access_obligations_cite_the_dossier_rules(void **state)
{
	(void)state;
	struct decided *d = decide_json(ACCESS_BASE, "{\"date\":\"2026-11-27\"}");
	assert_int_equal(d->rc, ZV_OK);
	const struct zv_decision *dec = d->decision;
	bool month = false, recipients = false;
	for (uint8_t i = 0; i < dec->n_obligations; i++) {
		const struct zv_obligation *o = &dec->obligations[i];
		if (o->code == ZV_OBL_RESPOND_WITHIN_ONE_MONTH) {
			assert_string_equal(zv_rule_id(o->rule), "R8.2");
			char due[11];
			zv_date_format(o->due, due);
			assert_string_equal(due, "2026-12-28");   /* 27 Dec is a Sunday */
			month = true;
		}
		if (o->code == ZV_OBL_LIST_RECIPIENTS) {
			assert_string_equal(zv_rule_id(o->rule), "R8.3");
			recipients = true;
		}
	}
	assert_true(month && recipients);
	assert_false(fired(dec, "R8.2") || fired(dec, "R8.3"));
	decided_free(d);
}

int main(void)
{
	struct CMUnitTest *tests = calloc(N_CASES + 2, sizeof *tests);
	for (int i = 0; i < N_CASES; i++)
		tests[i] = (struct CMUnitTest){.name = CASES[i].name, .test_func = run_case,
					       .initial_state = (void *)(uintptr_t)&CASES[i]};
	tests[N_CASES] = (struct CMUnitTest)cmocka_unit_test(every_rule_has_both_cases);
	tests[N_CASES + 1] =
		(struct CMUnitTest)cmocka_unit_test(access_obligations_cite_the_dossier_rules);
	int failed = _cmocka_run_group_tests("rules", tests, N_CASES + 2, NULL, NULL);
	free(tests);
	return failed;
}
