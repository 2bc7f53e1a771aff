/*
 * helpers.h — shared by the unit tests: situations written as JSON, changed
 * with RFC 7386 merge patches, decided through the real codec and engine;
 * random valid situations for the property tests.
 *
 * Ownership: a struct decided owns its arena and decision; free with
 * decided_free().
 */
#ifndef ZV_TEST_HELPERS_H
#define ZV_TEST_HELPERS_H

#include <stdbool.h>
#include <stdint.h>

#include "zv/codec.h"
#include "zv/policy.h"

struct decided {
	struct zv_arena arena;
	struct zv_situation situation;
	struct zv_decision *decision;
	struct zv_error error;
	enum zv_err rc;           /* of parsing, then of deciding */
	char *json;               /* the decision as JSON (malloc'd), NULL on error */
};

/* base JSON with `patch` (a merge patch, or NULL) applied. malloc'd. */
char *patched(const char *base, const char *patch);

/* Parse and decide base+patch; the date defaults to 2026-11-28. */
struct decided *decide_json(const char *base, const char *patch);
void decided_free(struct decided *d);

bool fired(const struct zv_decision *d, const char *rule);
bool has_obligation(const struct zv_decision *d, const char *code);
bool has_alternative(const struct zv_decision *d, const char *code);
bool has_question(const struct zv_decision *d, const char *field);
/* Due date of an obligation as "YYYY-MM-DD", or "" when none. */
const char *obligation_due(const struct zv_decision *d, const char *code, char buf[11]);

/*
 * Random situations, valid as the parser would give them (persons "p0"…"p5",
 * organisation ids "lt-noord" and "lt-zuid"), from a xorshift generator: the
 * same seed gives the same situations. A world holds the situation and the
 * storage it points to.
 */
struct rng {
	uint64_t s;
};

uint64_t rng_next(struct rng *r);
unsigned rng_pick(struct rng *r, unsigned n);   /* 0 … n-1 */

enum { RANDOM_MAX_PERSONS = 6, RANDOM_MAX_CONSENTS = 3 };

struct random_world {
	struct zv_situation s;
	struct zv_person persons[RANDOM_MAX_PERSONS];
	struct zv_consent consents[RANDOM_MAX_PERSONS][RANDOM_MAX_CONSENTS];
	struct zv_text org_ids[2];
};

void random_situation(struct rng *r, struct random_world *w);

/* ZV_PROPERTY_ITERATIONS when set, else `fallback`. */
unsigned long property_iterations(unsigned long fallback);

/*
 * Base situations, valid and complete, all `allowed`:
 *   DISCLOSE_BASE  youth care → Regional Safety Team, directly involved
 *   REQUEST_BASE   the local team asks youth care
 *   RECORD_BASE    Veilig Thuis records a report
 *   ENRICH_BASE    Veilig Thuis gathers information within ten weeks
 *   VIEW_BASE      a directly involved professional, an ordinary entry
 *   ACCESS_BASE    a mother with authority asks for her child's (9) data
 */
#define PERSONS_KIND_MOEDER                                                           \
	"\"persons\":[{\"id\":\"kind\",\"role\":\"child\",\"age\":9,"                     \
	"\"authority_holders\":[\"moeder\"]},{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36}]"

#define NECESSITY_ALL_ANSWERED                                                          \
	"\"scope\":\"content\",\"existence_suffices\":false,\"necessity_substantiated\":true," \
	"\"beyond_necessary\":false,\"obtainable_from_subjects\":false,"                      \
	"\"anonymous_suffices\":false,\"proportionate\":true"

#define DISCLOSE_BASE \
	"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"disclose\"," \
	"\"purpose\":{\"description\":\"Veiligheidsplan opstellen\",\"within_task\":true,\"kind\":\"care\"}," \
	"\"actor\":{\"org_kind\":\"youth_care\"}," \
	"\"counterparty\":{\"org_kind\":\"regional_safety_team\",\"directly_involved\":true,\"own_legal_basis\":true}," \
	PERSONS_KIND_MOEDER "," \
	"\"data\":{\"about\":[\"kind\"],\"categories\":[\"ordinary\"]," NECESSITY_ALL_ANSWERED "}," \
	"\"legal_basis\":{\"ground\":\"e\",\"provision\":\"Jeugdwet art. 2.3\"}," \
	"\"secrecy_ground\":\"directly_involved\"," \
	"\"transparency\":{\"informed_beforehand\":true},\"framework\":\"voluntary\"}"

#define REQUEST_BASE \
	"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"request\"," \
	"\"purpose\":{\"description\":\"Hulpvraag gezin verkennen\",\"within_task\":true}," \
	"\"actor\":{\"org_kind\":\"local_team\"}," \
	"\"counterparty\":{\"org_kind\":\"youth_care\"}," \
	PERSONS_KIND_MOEDER "," \
	"\"data\":{\"about\":[\"kind\"],\"categories\":[\"ordinary\"]," NECESSITY_ALL_ANSWERED "}," \
	"\"legal_basis\":{\"ground\":\"e\",\"provision\":\"Jeugdwet art. 2.3\"}," \
	"\"transparency\":{\"informed_beforehand\":true},\"framework\":\"voluntary\"}"

#define RECORD_BASE \
	"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"record\"," \
	"\"purpose\":{\"description\":\"Vastleggen melding\",\"within_task\":true}," \
	"\"actor\":{\"org_kind\":\"veilig_thuis\"}," \
	PERSONS_KIND_MOEDER "," \
	"\"data\":{\"about\":[\"kind\"],\"categories\":[\"ordinary\"],\"beyond_necessary\":false,\"proportionate\":true}," \
	"\"legal_basis\":{\"ground\":\"e\",\"provision\":\"Wmo 2015 art. 4.1.1\"}," \
	"\"transparency\":{\"informed_beforehand\":true},\"framework\":\"voluntary\"}"

#define ENRICH_BASE \
	"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"enrich\"," \
	"\"purpose\":{\"description\":\"Onderzoek na melding\",\"within_task\":true}," \
	"\"actor\":{\"org_kind\":\"veilig_thuis\"}," \
	PERSONS_KIND_MOEDER "," \
	"\"data\":{\"about\":[\"kind\"],\"categories\":[\"ordinary\"],\"beyond_necessary\":false," \
	"\"obtainable_from_subjects\":false,\"proportionate\":true}," \
	"\"legal_basis\":{\"ground\":\"e\",\"provision\":\"Wmo 2015 art. 4.1.1\"}," \
	"\"transparency\":{\"informed_beforehand\":false,\"reason_not_informed\":\"investigation\"}," \
	"\"framework\":\"compulsory\"," \
	"\"veilig_thuis\":{\"report_date\":\"2026-11-02\",\"reasonable_suspicion\":true," \
	"\"investigation_decided_date\":\"2026-11-03\"}}"

#define VIEW_BASE \
	"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"view\"," \
	"\"actor\":{\"org_kind\":\"veilig_thuis\",\"case_role\":\"directly_involved\"}," \
	PERSONS_KIND_MOEDER "," \
	"\"data\":{\"about\":[\"moeder\"],\"categories\":[\"ordinary\"]}}"

#define ACCESS_BASE \
	"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"access\"," \
	"\"actor\":{\"org_kind\":\"local_team\"}," \
	"\"counterparty\":{\"person\":\"moeder\"}," \
	PERSONS_KIND_MOEDER "," \
	"\"data\":{\"about\":[\"kind\"],\"categories\":[\"ordinary\"]}," \
	"\"parent_access_incompatible_with_good_care\":false}"


#endif
