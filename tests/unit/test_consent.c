/*
 * test_consent.c — who gives consent (R9.2, the age table of
 * docs/decision-api.md) and when a consent counts (R2.4, R2.5, R9.1), on the
 * engine's internal consent_cover(), for every kind and age band.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "eval.h"

enum { CHILD = 0, MOTHER = 1, FATHER = 2 };
#define BIT(i) (UINT64_C(1) << (i))

struct family {
	struct zv_situation s;
	struct zv_person p[3];
	struct zv_consent c;
};

static void family_init(struct family *f, int child_age, bool capable, zv_personset holders)
{
	zv_situation_init(&f->s);
	memset(f->p, 0, sizeof f->p);
	f->p[CHILD] = (struct zv_person){.id = {"kind", 4}, .role = ZV_PERSON_CHILD,
					 .age = (int16_t)child_age, .capable = capable,
					 .authority_holders = holders, .consents = &f->c, .n_consents = 1};
	f->p[MOTHER] = (struct zv_person){.id = {"moeder", 6}, .role = ZV_PERSON_PARENT, .age = 40, .capable = true};
	f->p[FATHER] = (struct zv_person){.id = {"vader", 5}, .role = ZV_PERSON_PARENT, .age = 42, .capable = true};
	f->s.persons = f->p;
	f->s.n_persons = 3;
	f->s.date = zv_date_from_ymd(2026, 11, 28);
	f->c = (struct zv_consent){.free = true, .unambiguous = true, .informed = true,
				   .specific = true, .explicit = true, .has_recipients = true,
				   .recipient_orgs = 1u << ZV_ORG_GI};
}

static bool counts(struct family *f, enum zv_consent_kind kind, zv_personset given_by)
{
	f->c.kind = kind;
	f->c.given_by = given_by;
	struct consent_need need = {.kind = kind, .to = {.kind = ZV_ORG_GI, .person = -1},
				    .subjects = BIT(CHILD), .categories = ZV_CAT_ORDINARY};
	struct consent_cover cover;
	consent_cover(&f->s, &need, &cover);
	return cover.full == BIT(CHILD);
}

/* The table of decision-api.md, row by row, for each age band. */
static void age_table(void **state)
{
	(void)state;
	static const struct {
		enum zv_consent_kind kind;
		int age;
		zv_personset right, wrong;
	} ROWS[] = {
		{ZV_CONSENT_PROCESSING, 9, BIT(MOTHER) | BIT(FATHER), BIT(CHILD)},
		{ZV_CONSENT_PROCESSING, 14, BIT(MOTHER) | BIT(FATHER), BIT(CHILD)},
		{ZV_CONSENT_PROCESSING, 16, BIT(CHILD), BIT(MOTHER) | BIT(FATHER)},
		{ZV_CONSENT_SECRECY_RELEASE, 11, BIT(MOTHER) | BIT(FATHER), BIT(CHILD)},
		{ZV_CONSENT_SECRECY_RELEASE, 12, BIT(CHILD), BIT(MOTHER) | BIT(FATHER)},
		{ZV_CONSENT_SECRECY_RELEASE, 17, BIT(CHILD), BIT(MOTHER) | BIT(FATHER)},
		{ZV_CONSENT_TREATMENT, 11, BIT(MOTHER) | BIT(FATHER), BIT(CHILD)},
		{ZV_CONSENT_TREATMENT, 13, BIT(CHILD) | BIT(MOTHER) | BIT(FATHER), BIT(CHILD)},
		{ZV_CONSENT_TREATMENT, 13, BIT(CHILD) | BIT(MOTHER) | BIT(FATHER), BIT(MOTHER) | BIT(FATHER)},
		{ZV_CONSENT_TREATMENT, 16, BIT(CHILD), BIT(MOTHER) | BIT(FATHER)},
		{ZV_CONSENT_PARTICIPATION, 5, BIT(MOTHER) | BIT(FATHER), BIT(CHILD)},
		{ZV_CONSENT_PARTICIPATION, 15, BIT(CHILD), BIT(MOTHER)},
		{ZV_CONSENT_PARTICIPATION, 30, BIT(CHILD), BIT(MOTHER)},
	};
	struct family f;
	for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
		family_init(&f, ROWS[i].age, true, BIT(MOTHER) | BIT(FATHER));
		if (!counts(&f, ROWS[i].kind, ROWS[i].right))
			fail_msg("row %zu: the right givers do not count", i);
		if (counts(&f, ROWS[i].kind, ROWS[i].wrong))
			fail_msg("row %zu: the wrong givers count", i);
	}
}

/* Both parents with authority must consent; one is not enough. */
static void two_parents_both_consent(void **state)
{
	(void)state;
	struct family f;
	family_init(&f, 9, true, BIT(MOTHER) | BIT(FATHER));
	assert_false(counts(&f, ZV_CONSENT_SECRECY_RELEASE, BIT(MOTHER)));
	assert_true(counts(&f, ZV_CONSENT_SECRECY_RELEASE, BIT(MOTHER) | BIT(FATHER)));
	family_init(&f, 9, true, BIT(MOTHER));
	assert_true(counts(&f, ZV_CONSENT_SECRECY_RELEASE, BIT(MOTHER)));
}

/* A child of 12 or older who cannot judge their interests is represented. */
static void incapable_child_is_represented(void **state)
{
	(void)state;
	struct family f;
	family_init(&f, 14, false, BIT(MOTHER));
	assert_false(counts(&f, ZV_CONSENT_SECRECY_RELEASE, BIT(CHILD)));
	assert_true(counts(&f, ZV_CONSENT_SECRECY_RELEASE, BIT(MOTHER)));
	family_init(&f, 9, true, 0);   /* nobody with authority recorded */
	assert_false(counts(&f, ZV_CONSENT_PROCESSING, BIT(MOTHER) | BIT(FATHER)));
}

/* R2.4 conditions, R2.5 withdrawal and expiry, R9.1 kinds. */
static void validity_conditions(void **state)
{
	(void)state;
	struct family f;
	family_init(&f, 30, true, 0);
	assert_true(counts(&f, ZV_CONSENT_PROCESSING, BIT(CHILD)));
	f.c.informed = false;
	assert_false(counts(&f, ZV_CONSENT_PROCESSING, BIT(CHILD)));
	family_init(&f, 30, true, 0);
	f.c.explicit = false;   /* secrecy release is always explicit */
	assert_true(counts(&f, ZV_CONSENT_PROCESSING, BIT(CHILD)));
	assert_false(counts(&f, ZV_CONSENT_SECRECY_RELEASE, BIT(CHILD)));
	family_init(&f, 30, true, 0);
	f.c.withdrawn = true;
	assert_false(counts(&f, ZV_CONSENT_PROCESSING, BIT(CHILD)));
	family_init(&f, 30, true, 0);
	f.c.has_valid_until = true;
	f.c.valid_until = f.s.date;
	assert_true(counts(&f, ZV_CONSENT_PROCESSING, BIT(CHILD)));
	f.c.valid_until = f.s.date - 1;
	assert_false(counts(&f, ZV_CONSENT_PROCESSING, BIT(CHILD)));
	family_init(&f, 30, true, 0);
	f.c.recipient_orgs = 1u << ZV_ORG_SCHOOL;
	assert_false(counts(&f, ZV_CONSENT_PROCESSING, BIT(CHILD)));
	f.c.has_recipients = false;
	assert_false(counts(&f, ZV_CONSENT_PROCESSING, BIT(CHILD)));
	/* A consent of another kind never stands in (R9.1). */
	family_init(&f, 30, true, 0);
	f.c.kind = ZV_CONSENT_TREATMENT;
	f.c.given_by = BIT(CHILD);
	struct consent_need need = {.kind = ZV_CONSENT_SECRECY_RELEASE,
				    .to = {.kind = ZV_ORG_GI, .person = -1},
				    .subjects = BIT(CHILD), .categories = ZV_CAT_ORDINARY};
	struct consent_cover cover;
	consent_cover(&f.s, &need, &cover);
	assert_int_equal(cover.some, 0);
	assert_int_equal(cover.wrong_kind, BIT(CHILD));
}

/* Organisations of one kind are told apart by id. */
static void recipients_by_id(void **state)
{
	(void)state;
	struct family f;
	family_init(&f, 30, true, 0);
	struct zv_text ids[1] = {{"lt-noord", 8}};
	f.c.recipient_orgs = 0;
	f.c.recipient_org_ids = ids;
	f.c.n_recipient_org_ids = 1;
	f.c.kind = ZV_CONSENT_PROCESSING;
	f.c.given_by = BIT(CHILD);
	struct consent_need need = {.kind = ZV_CONSENT_PROCESSING,
				    .to = {.kind = ZV_ORG_LOCAL_TEAM, .org_id = {"lt-noord", 8}, .person = -1},
				    .subjects = BIT(CHILD), .categories = ZV_CAT_ORDINARY};
	struct consent_cover cover;
	consent_cover(&f.s, &need, &cover);
	assert_int_equal(cover.full, BIT(CHILD));
	need.to.org_id = (struct zv_text){"lt-zuid", 7};
	consent_cover(&f.s, &need, &cover);
	assert_int_equal(cover.some, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(age_table),
		cmocka_unit_test(two_parents_both_consent),
		cmocka_unit_test(incapable_child_is_represented),
		cmocka_unit_test(validity_conditions),
		cmocka_unit_test(recipients_by_id),
	};
	return cmocka_run_group_tests_name("consent", tests, NULL, NULL);
}
