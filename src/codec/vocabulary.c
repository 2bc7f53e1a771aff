/*
 * vocabulary.c — the contract's lists of values (vocabulary.h), once, and
 * the names of those the dossier uses too (zv/codec.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vocabulary.h"
#include "zv/codec.h"

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


#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *name_of(const char *const *table, size_t n, int i)
{
	return i >= 0 && (size_t)i < n ? table[i] : NULL;
}

static bool index_of(const char *const *table, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s && i < n; i++)
		if (table[i] && !strcmp(table[i], s)) {
			*out = (int)i;
			return true;
		}
	return false;
}

const char *zv_case_role_name(int role) { return name_of(CASE_ROLES, COUNT(CASE_ROLES), role); }
const char *zv_framework_name(int f) { return name_of(FRAMEWORKS, COUNT(FRAMEWORKS), f); }
const char *zv_consent_kind_name(int k) { return name_of(CONSENT_KINDS, COUNT(CONSENT_KINDS), k); }
const char *zv_person_role_name(int r) { return name_of(PERSON_ROLES, COUNT(PERSON_ROLES), r); }

bool zv_case_role_from_name(const char *s, int *out)
{
	return index_of(CASE_ROLES, COUNT(CASE_ROLES), s, out);
}

bool zv_framework_from_name(const char *s, int *out)
{
	return index_of(FRAMEWORKS, COUNT(FRAMEWORKS), s, out);
}

bool zv_person_role_from_name(const char *s, int *out)
{
	return index_of(PERSON_ROLES, COUNT(PERSON_ROLES), s, out);
}

bool zv_consent_kind_from_name(const char *s, int *out)
{
	return index_of(CONSENT_KINDS, COUNT(CONSENT_KINDS), s, out);
}
