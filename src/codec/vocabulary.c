/*
 * vocabulary.c — the contract's lists of values (vocabulary.h), once.
 */
#include <stddef.h>

#include "vocabulary.h"

const char *const INITIATIVES[] = {"request", "own"};
const char *const PURPOSE_KINDS[] = {"care", "monitoring", "research"};

const char *const ACTING_FOR[] = {
	NULL, "local_team", NULL, "veilig_thuis", "rvdk", "gi"};
const char *const SECRECY[] = {NULL, "none", "jeugdwet", "wgbo", "big", "wmo"};
const char *const CASE_ROLES[] = {NULL, "lead", "directly_involved", "substitute",
					 "advisor", "none"};
const char *const PERSON_ROLES[] = {"other", "child", "parent", "adult"};

const char *const IDENTIFIABILITY[] = {"identifiable", "pseudonymised", "aggregated"};
const char *const DATA_SCOPES[] = {"content", "existence"};
const char *const GROUNDS[] = {NULL, "a", "b", "c", "d", "e", "f"};
const char *const SECRECY_GROUNDS[] = {
	NULL, "consent", "directly_involved", "parent_with_authority", "legal_power",
	"legal_duty", "conflict_of_duties", "none"};
const char *const REASONS[] = {NULL, "safety", "investigation", "statutory", "none"};
const char *const FRAMEWORKS[] = {NULL, "advice_only", "voluntary", "pressure",
					 "compulsory"};
const char *const CONSENT_KINDS[] = {"processing", "secrecy_release", "treatment",
					    "participation", "agreement"};

