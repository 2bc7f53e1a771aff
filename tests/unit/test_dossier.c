/*
 * test_dossier.c — the services of the household dossier on real stores:
 * corrections never lose a version (R7.3), stale versions are conflicts,
 * the age table of R9.2 decides who may give a consent, a withdrawal
 * cascades (R2.5) and computes the two-parent case, withdrawing
 * participation forces the choice of R9.3, changes of framework or phase
 * leave their obligation (R6.4), break-the-glass needs a reason and waits
 * for the privacy officer, a BSN passes the 11-test, is recorded once
 * and is never shown whole, and only privacy officers and auditors search
 * and verify the audit log (a search logged before it reads, refusals
 * logged).
 *
 * Each test makes a store with the demo pilot's configuration in a
 * temporary folder and opens the services on it with a fixed clock
 * (2026-11-29, noon UTC).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zv/config.h"
#include "zv/service.h"

/* 2026-11-29T12:00:00Z */
#define NOON_US (INT64_C(1795953600) * 1000000)

struct fixture {
	char dir[64], db[128], keys[160];
	int64_t now;
	struct zv_store *store;
	struct zv_service *sv;
	struct zv_arena a;
	struct zv_error err;
};

static int64_t fixed_clock(void *ctx)
{
	return ((struct fixture *)ctx)->now;
}

static void open_services(struct fixture *f)
{
	struct zv_service_options o = {.now_us = fixed_clock, .clock_ctx = f};
	assert_int_equal(zv_store_open(f->db, ZV_STORE_OPEN, &f->store, &f->err), ZV_OK);
	if (zv_service_open(f->store, f->keys, &o, &f->sv, &f->err))
		fail_msg("%s", f->err.message);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/zv-dossier-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/d.db", f->dir);
	snprintf(f->keys, sizeof f->keys, "%s.keys", f->db);
	f->now = NOON_US;
	uint8_t pk[32];
	bool made;
	if (zv_dossier_create(f->db, f->keys, zv_config_demo_json, "test", "unit test", pk, &made,
			      &f->err))
		fail_msg("%s", f->err.message);
	open_services(f);
	zv_arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	zv_service_close(f->sv);
	zv_store_close(f->store);
	zv_arena_release(&f->a);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static struct zv_who as(const char *login)
{
	return (struct zv_who){.login = login, .from = "unit test"};
}

/* A birth date `years` years before the fixed today, minus `days`. */
static const char *born(struct fixture *f, int years, int days)
{
	char *out = zv_arena_alloc(&f->a, 11);
	zv_date_format(zv_date_from_ymd(2026 - years, 11, 29) - days, out);
	return out;
}

/* Gezin Test in Lokaal team Noord: two parents with authority (P0, P1), a
 * father without it (P2), children of 10 (P3), 13 (P4), 13 and not capable
 * (P5) and 17 (P6). anna.devries leads, bram.jansen is directly involved. */
static struct zv_case_ids open_case(struct fixture *f)
{
	static const size_t PARENTS[] = {0, 1};
	struct zv_new_person persons[] = {
		{.name = "Moeder", .role = ZV_PERSON_PARENT, .birth_date = born(f, 40, 0)},
		{.name = "Vader", .role = ZV_PERSON_PARENT, .birth_date = born(f, 42, 0)},
		{.name = "Stiefvader", .role = ZV_PERSON_PARENT, .birth_date = born(f, 45, 0)},
		{.name = "Kind 10", .role = ZV_PERSON_CHILD, .birth_date = born(f, 10, 3),
		 .authority = PARENTS, .n_authority = 2},
		{.name = "Kind 13", .role = ZV_PERSON_CHILD, .birth_date = born(f, 13, 3),
		 .capable = ZV_YES, .authority = PARENTS, .n_authority = 2},
		{.name = "Kind 13 nw", .role = ZV_PERSON_CHILD, .birth_date = born(f, 13, 40),
		 .capable = ZV_NO, .authority = PARENTS, .n_authority = 2},
		{.name = "Kind 17", .role = ZV_PERSON_CHILD, .birth_date = born(f, 17, 3),
		 .capable = ZV_YES, .authority = PARENTS, .n_authority = 2},
	};
	struct zv_rec_member members[] = {
		{.login = "bram.jansen", .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED},
	};
	struct zv_new_case c = {
		.household_name = "Gezin Test", .persons = persons, .n_persons = 7,
		.team = "lt-noord", .title = "Test", .framework = ZV_FRAMEWORK_VOLUNTARY,
		.phase = ZV_PHASE_DIRECT_SAFETY, .reason = "Aanmelding", .family_informed = true,
		.members = members, .n_members = 1,
	};
	struct zv_case_ids ids;
	struct zv_who anna = as("anna.devries");
	if (zv_case_open(f->sv, &anna, &c, &f->a, &ids, &f->err))
		fail_msg("%s", f->err.message);
	return ids;
}

static void add_entry(struct fixture *f, const char *case_id, const char *subject,
		      const char *text, char id[64])
{
	const char *subjects[] = {subject};
	struct zv_new_entry e = {
		.kind = ZV_ENTRY_FACT, .category = ZV_CAT_ORDINARY, .source = "test", .text = text,
		.subjects = subjects, .n_subjects = 1, .verified = true,
		.proportionate = ZV_YES, .beyond_necessary = ZV_NO, .informed_beforehand = ZV_YES,
	};
	struct zv_refusal refusal;
	struct zv_who anna = as("anna.devries");
	if (zv_entry_add(f->sv, &anna, case_id, &e, &f->a, id, &refusal, &f->err))
		fail_msg("%s", f->err.message);
}

static struct zv_case_view show(struct fixture *f, const char *login, const char *case_id)
{
	struct zv_case_view v;
	struct zv_who who = as(login);
	if (zv_case_show(f->sv, &who, case_id, &f->a, &v, &f->err))
		fail_msg("%s: %s", login, f->err.message);
	return v;
}

/* ---- R7.3: corrections ------------------------------------------------------ */

static void corrections_keep_every_version(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	char entry[64];
	add_entry(f, ids.case_id, ids.person_ids[3], "eerste tekst", entry);
	struct zv_who anna = as("anna.devries");
	int64_t v;
	assert_int_equal(zv_entry_correct(f->sv, &anna, entry, 1, "tweede tekst", "typefout", &v,
					  &f->err),
			 ZV_OK);
	assert_int_equal(v, 2);
	assert_int_equal(zv_entry_correct(f->sv, &anna, entry, 2, "derde tekst", "aanvulling", &v,
					  &f->err),
			 ZV_OK);
	/* A stale version is a conflict, and nothing changes. */
	assert_int_equal(zv_entry_correct(f->sv, &anna, entry, 2, "vierde", "te laat", &v, &f->err),
			 ZV_ECONFLICT);
	assert_non_null(strstr(f->err.message, "version 2"));
	struct zv_case_view view = show(f, "anna.devries", ids.case_id);
	assert_int_equal(view.n_entries, 1);
	assert_string_equal(view.entries[0].text, "derde tekst");
	assert_int_equal(view.entries[0].version, 3);
	assert_string_equal(view.entries[0].correction_reason, "aanvulling");
	assert_int_equal(view.n_old_versions, 2);
	assert_string_equal(view.old_versions[0].text, "eerste tekst");
	assert_int_equal(view.old_versions[0].version, 1);
	assert_string_equal(view.old_versions[1].text, "tweede tekst");
	assert_string_equal(view.old_versions[1].correction_reason, "typefout");
	/* An advisor sees no version's text. */
	struct zv_rec_member advisor = {.login = "ilse.meijer", .role = ZV_CASE_ROLE_ADVISOR};
	assert_int_equal(zv_case_member_set(f->sv, &anna, ids.case_id, &advisor, &f->err), ZV_OK);
	view = show(f, "ilse.meijer", ids.case_id);
	assert_true(view.entry_anonymous[0]);
	assert_null(view.entries[0].text);
	assert_int_equal(view.n_old_versions, 0);
}

static void stale_case_versions_conflict_across_connections(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	struct zv_store *store2;
	struct zv_service *sv2;
	struct zv_service_options o = {.now_us = fixed_clock, .clock_ctx = f};
	assert_int_equal(zv_store_open(f->db, ZV_STORE_OPEN, &store2, &f->err), ZV_OK);
	assert_int_equal(zv_service_open(store2, f->keys, &o, &sv2, &f->err), ZV_OK);
	struct zv_who anna = as("anna.devries"), bram = as("bram.jansen");
	int64_t v;
	assert_int_equal(zv_case_change(f->sv, &anna, ids.case_id, 1, ZV_FRAMEWORK_PRESSURE,
					ZV_PHASE_DIRECT_SAFETY, "drang", true, &v, &f->err),
			 ZV_OK);
	assert_int_equal(v, 2);
	/* Bram read version 1 too: his change is refused, not applied over Anna's. */
	assert_int_equal(zv_case_change(sv2, &bram, ids.case_id, 1, ZV_FRAMEWORK_VOLUNTARY,
					ZV_PHASE_RECOVERY, "herstel", true, &v, &f->err),
			 ZV_ECONFLICT);
	zv_service_close(sv2);
	zv_store_close(store2);
	struct zv_case_view view = show(f, "anna.devries", ids.case_id);
	assert_int_equal(view.c.framework, ZV_FRAMEWORK_PRESSURE);
	assert_int_equal(view.n_history, 2);
	assert_string_equal(view.history[1].reason, "drang");
}

/* ---- R7.1, R12.1, R12.2: what every entry and every case records ---------- */

static void R7_1_an_entry_says_what_it_is_where_it_comes_from_and_whether_verified(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	const char *subjects[] = {ids.person_ids[3]};
	struct zv_new_entry e = {
		.kind = ZV_ENTRY_OBSERVATION, .category = ZV_CAT_ORDINARY, .source = "",
		.text = "Tim komt zonder ontbijt op school.", .subjects = subjects,
		.n_subjects = 1, .proportionate = ZV_YES, .beyond_necessary = ZV_NO,
		.informed_beforehand = ZV_YES,
	};
	struct zv_refusal refusal;
	char id[64];
	struct zv_who anna = as("anna.devries");
	assert_int_equal(zv_entry_add(f->sv, &anna, ids.case_id, &e, &f->a, id, &refusal, &f->err),
			 ZV_EINPUT);
	assert_string_equal(f->err.path, "$.source");
	e.source = "mentor";
	e.kind = 7;
	assert_int_equal(zv_entry_add(f->sv, &anna, ids.case_id, &e, &f->a, id, &refusal, &f->err),
			 ZV_EINPUT);
	assert_string_equal(f->err.path, "$.kind");
	e.kind = ZV_ENTRY_OBSERVATION;
	e.verified = true;
	assert_int_equal(zv_entry_add(f->sv, &anna, ids.case_id, &e, &f->a, id, &refusal, &f->err),
			 ZV_OK);
	struct zv_case_view v = show(f, "anna.devries", ids.case_id);
	assert_int_equal(v.n_entries, 1);
	assert_int_equal(v.entries[0].kind, ZV_ENTRY_OBSERVATION);
	assert_string_equal(v.entries[0].source, "mentor");
	assert_string_equal(v.entries[0].verified_by, "anna.devries");
	assert_non_null(v.entries[0].verified_at);
	assert_non_null(v.entries[0].recorded_at);
	assert_false(v.entries[0].unverified_or_opinion);
}

static void R12_1_R12_2_every_case_has_a_framework_and_a_phase(void **state)
{
	struct fixture *f = *state;
	struct zv_new_person one = {.name = "A", .role = ZV_PERSON_ADULT};
	struct zv_new_case c = {
		.household_name = "Gezin C", .persons = &one, .n_persons = 1, .team = "lt-noord",
		.title = "t", .framework = ZV_FRAMEWORK_UNKNOWN, .phase = ZV_PHASE_DIRECT_SAFETY,
		.reason = "r", .family_informed = true,
	};
	struct zv_case_ids ids;
	struct zv_who anna = as("anna.devries");
	assert_int_equal(zv_case_open(f->sv, &anna, &c, &f->a, &ids, &f->err), ZV_EINPUT);
	assert_string_equal(f->err.path, "$.framework");
	c.framework = ZV_FRAMEWORK_PRESSURE;
	c.phase = 9;
	assert_int_equal(zv_case_open(f->sv, &anna, &c, &f->a, &ids, &f->err), ZV_EINPUT);
	assert_string_equal(f->err.path, "$.phase");
	c.phase = ZV_PHASE_RISK_DRIVEN_CARE;
	assert_int_equal(zv_case_open(f->sv, &anna, &c, &f->a, &ids, &f->err), ZV_OK);
	struct zv_case_view v = show(f, "anna.devries", ids.case_id);
	assert_int_equal(v.c.framework, ZV_FRAMEWORK_PRESSURE);
	assert_int_equal(v.c.phase, ZV_PHASE_RISK_DRIVEN_CARE);
	assert_int_equal(v.n_history, 1);
	assert_int_equal(v.history[0].framework, ZV_FRAMEWORK_PRESSURE);
	assert_int_equal(v.history[0].phase, ZV_PHASE_RISK_DRIVEN_CARE);
	assert_string_equal(v.history[0].by, "anna.devries");
	assert_string_equal(v.history[0].reason, "r");
}

/* ---- records of entries one may not see ------------------------------------ */

static bool has_obligation(const struct zv_case_view *v, const char *code);

static void records_of_hidden_entries_are_not_shown(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	const char *subjects[] = {ids.person_ids[0]}, *hidden[] = {"bram.jansen"};
	struct zv_new_entry e = {
		.kind = ZV_ENTRY_OPINION, .category = ZV_CAT_ORDINARY, .source = "overleg",
		.text = "Moeder is bang voor vader.", .subjects = subjects, .n_subjects = 1,
		.hidden_from_logins = hidden, .n_hidden_from_logins = 1,
		.restriction_reason = "veiligheid van moeder", .proportionate = ZV_YES,
		.beyond_necessary = ZV_NO, .informed_beforehand = ZV_NO,
		.reason_not_informed = ZV_RNI_SAFETY,
	};
	struct zv_refusal refusal;
	char entry[64];
	struct zv_who anna = as("anna.devries");
	assert_int_equal(zv_entry_add(f->sv, &anna, ids.case_id, &e, &f->a, entry, &refusal,
				      &f->err),
			 ZV_OK);
	/* Anna sees the entry, its decision and the obligation to inform the family. */
	struct zv_case_view v = show(f, "anna.devries", ids.case_id);
	assert_int_equal(v.n_entries, 1);
	assert_int_equal(v.n_decisions, 1);
	assert_int_equal(v.decisions[0].n_entries, 1);
	assert_string_equal(v.decisions[0].entries[0], entry);
	assert_true(has_obligation(&v, "inform_family"));
	/* Bram sees none of it: not the entry, not that it was decided on. */
	v = show(f, "bram.jansen", ids.case_id);
	assert_int_equal(v.n_entries, 0);
	assert_int_equal(v.n_decisions, 0);
	assert_false(has_obligation(&v, "inform_family"));
}

/* ---- R6.4: framework and phase ------------------------------------------------ */

static bool has_obligation(const struct zv_case_view *v, const char *code)
{
	for (size_t i = 0; i < v->n_obligations; i++)
		if (!strcmp(v->obligations[i].code, code) && !v->obligations[i].fulfilled_at)
			return true;
	return false;
}

static void a_change_the_family_did_not_hear_of_is_an_obligation(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	struct zv_who anna = as("anna.devries");
	int64_t v;
	assert_false(has_obligation(&(struct zv_case_view){0}, "inform_on_framework_change"));
	assert_int_equal(zv_case_change(f->sv, &anna, ids.case_id, 1, ZV_FRAMEWORK_COMPULSORY,
					ZV_PHASE_DIRECT_SAFETY, "OTS uitgesproken", false, &v,
					&f->err),
			 ZV_OK);
	struct zv_case_view view = show(f, "anna.devries", ids.case_id);
	assert_true(has_obligation(&view, "inform_on_framework_change"));
	assert_false(view.history[1].family_informed);
	/* No reason, no change. */
	assert_int_equal(zv_case_change(f->sv, &anna, ids.case_id, 2, ZV_FRAMEWORK_COMPULSORY,
					ZV_PHASE_RECOVERY, "", true, &v, &f->err),
			 ZV_EINPUT);
	assert_string_equal(f->err.path, "$.reason");
}

static void telling_the_family_later_fulfils_the_obligation(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	struct zv_who anna = as("anna.devries");
	int64_t v;
	assert_int_equal(zv_case_change(f->sv, &anna, ids.case_id, 1, ZV_FRAMEWORK_PRESSURE,
					ZV_PHASE_DIRECT_SAFETY, "drang", false, &v, &f->err),
			 ZV_OK);
	assert_int_equal(zv_case_informed(f->sv, &anna, ids.case_id, 2, "huisbezoek", &f->err),
			 ZV_OK);
	struct zv_case_view view = show(f, "anna.devries", ids.case_id);
	assert_false(has_obligation(&view, "inform_on_framework_change"));
	assert_true(view.history[1].family_informed);
	assert_non_null(view.history[1].informed_at);
	/* Each change its own obligation: telling of change 3 fulfils only its own. */
	assert_int_equal(zv_case_change(f->sv, &anna, ids.case_id, 2, ZV_FRAMEWORK_PRESSURE,
					ZV_PHASE_RECOVERY, "herstel", false, &v, &f->err),
			 ZV_OK);
	assert_int_equal(zv_case_change(f->sv, &anna, ids.case_id, 3, ZV_FRAMEWORK_COMPULSORY,
					ZV_PHASE_RECOVERY, "OTS", false, &v, &f->err),
			 ZV_OK);
	assert_int_equal(zv_case_informed(f->sv, &anna, ids.case_id, 3, "brief", &f->err), ZV_OK);
	view = show(f, "anna.devries", ids.case_id);
	size_t open = 0;
	for (size_t i = 0; i < view.n_obligations; i++)
		if (!strcmp(view.obligations[i].code, "inform_on_framework_change") &&
		    !view.obligations[i].fulfilled_at) {
			open++;
			assert_int_equal(view.obligations[i].case_version, 4);
		}
	assert_int_equal(open, 1);
	/* Once told is told: again is "nothing to record". */
	assert_int_equal(zv_case_informed(f->sv, &anna, ids.case_id, 2, "nogmaals", &f->err),
			 ZV_ENOTFOUND);
}

/* ---- R9.2: who gives consent ------------------------------------------------ */

static int give(struct fixture *f, const char *case_id, const char *subject, int kind,
		const char *const *givers, size_t n, char id[64])
{
	const char *recipients[] = {"org:ggz-zuidwest"};
	struct zv_new_consent c = {
		.subject = subject, .kind = kind, .purpose = "overleg met de GGZ",
		.recipients = recipients, .n_recipients = 1, .givers = givers, .n_givers = n,
		.state = ZV_CONSENT_GIVEN, .free = true, .unambiguous = true, .informed = true,
		.specific = true, .explicit = true, .how_obtained = "mondeling",
	};
	struct zv_who anna = as("anna.devries");
	return zv_consent_record(f->sv, &anna, case_id, &c, id, &f->err);
}

static void the_age_table_decides_who_gives_consent(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	char (*p)[64] = ids.person_ids;
	const char *c = ids.case_id;
	char id[64];
	const char *mother[] = {p[0]}, *parents[] = {p[0], p[1]}, *step[] = {p[2]};
	const char *child10[] = {p[3]}, *child13[] = {p[4]}, *child13nc[] = {p[5]};
	const char *child17[] = {p[6]}, *child13_and_parents[] = {p[4], p[0], p[1]};
	/* Under 12: the parents with authority, never the child. */
	assert_int_equal(give(f, c, p[3], ZV_CONSENT_SECRECY_RELEASE, child10, 1, id), ZV_EINPUT);
	assert_string_equal(f->err.path, "$.givers");
	assert_non_null(strstr(f->err.message, p[0]));
	assert_non_null(strstr(f->err.message, p[1]));
	assert_int_equal(give(f, c, p[3], ZV_CONSENT_SECRECY_RELEASE, parents, 2, id), ZV_OK);
	/* One of two parents may give theirs first; the other's completes it. */
	assert_int_equal(give(f, c, p[3], ZV_CONSENT_PROCESSING, mother, 1, id), ZV_OK);
	/* A parent without authority never gives it. */
	assert_int_equal(give(f, c, p[3], ZV_CONSENT_PROCESSING, step, 1, id), ZV_EINPUT);
	/* 12–15: the child sets secrecy aside; processing stays with the parents;
	 * treatment needs both. */
	assert_int_equal(give(f, c, p[4], ZV_CONSENT_SECRECY_RELEASE, child13, 1, id), ZV_OK);
	assert_int_equal(give(f, c, p[4], ZV_CONSENT_SECRECY_RELEASE, parents, 2, id), ZV_EINPUT);
	assert_int_equal(give(f, c, p[4], ZV_CONSENT_PROCESSING, child13, 1, id), ZV_EINPUT);
	assert_int_equal(give(f, c, p[4], ZV_CONSENT_TREATMENT, child13_and_parents, 3, id), ZV_OK);
	/* A child of 13 who cannot judge their interests is represented. */
	assert_int_equal(give(f, c, p[5], ZV_CONSENT_SECRECY_RELEASE, child13nc, 1, id),
			 ZV_EINPUT);
	assert_int_equal(give(f, c, p[5], ZV_CONSENT_SECRECY_RELEASE, parents, 2, id), ZV_OK);
	/* 16 and over: the young person alone. */
	assert_int_equal(give(f, c, p[6], ZV_CONSENT_PROCESSING, child17, 1, id), ZV_OK);
	assert_int_equal(give(f, c, p[6], ZV_CONSENT_SECRECY_RELEASE, parents, 2, id), ZV_EINPUT);
	/* Someone outside the household. */
	const char *stranger[] = {"P999999"};
	assert_int_equal(give(f, c, p[6], ZV_CONSENT_PROCESSING, stranger, 1, id), ZV_EINPUT);
	/* Treatment of 12-15 withdrawn by the child: the consequence names whom
	 * the table asks (the child with the parents), not "both parents". */
	char treatment[64];
	assert_int_equal(give(f, c, p[4], ZV_CONSENT_TREATMENT, child13_and_parents, 3, treatment),
			 ZV_OK);
	struct zv_who anna = as("anna.devries");
	struct zv_withdrawal_result r;
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, c, treatment, 1, p[4],
					     ZV_WITHDRAW_NOT_PARTICIPATION, NULL, &r, &f->err),
			 ZV_OK);
	assert_null(strstr(r.consequence, "Beide gezagsdragers"));
	assert_non_null(strstr(r.consequence, p[4]));
	assert_non_null(strstr(r.consequence, p[0]));
}

static void the_lifecycle_is_kept_step_by_step(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	char (*p)[64] = ids.person_ids;
	const char *recipients[] = {"ggz"};
	const char *child10[] = {p[3]}, *parents[] = {p[0], p[1]};
	struct zv_new_consent asked = {
		.subject = p[3], .kind = ZV_CONSENT_SECRECY_RELEASE, .purpose = "overleg",
		.recipients = recipients, .n_recipients = 1, .givers = child10, .n_givers = 1,
		.state = ZV_CONSENT_REQUESTED,
	};
	struct zv_who anna = as("anna.devries");
	char wrong[64], right[64];
	assert_int_equal(zv_consent_record(f->sv, &anna, ids.case_id, &asked, wrong, &f->err),
			 ZV_OK);
	asked.givers = parents;
	asked.n_givers = 2;
	assert_int_equal(zv_consent_record(f->sv, &anna, ids.case_id, &asked, right, &f->err),
			 ZV_OK);
	struct zv_new_consent give_it = {
		.state = ZV_CONSENT_GIVEN, .free = true, .unambiguous = true, .informed = true,
		.specific = true, .explicit = true, .how_obtained = "schriftelijk",
		.valid_until = "2027-06-01",
	};
	int64_t v;
	/* Asked of a child of 10: it cannot be given by her (R9.2). */
	assert_int_equal(zv_consent_step(f->sv, &anna, ids.case_id, wrong, 1, &give_it, &v,
					 &f->err),
			 ZV_EINPUT);
	assert_int_equal(zv_consent_step(f->sv, &anna, ids.case_id, right, 1, &give_it, &v,
					 &f->err),
			 ZV_OK);
	assert_int_equal(v, 2);
	/* Given cannot be given again; renewed can; expired ends it. */
	assert_int_equal(zv_consent_step(f->sv, &anna, ids.case_id, right, 2, &give_it, &v,
					 &f->err),
			 ZV_ECONFLICT);
	struct zv_new_consent renew = give_it;
	renew.state = ZV_CONSENT_RENEWED;
	renew.valid_until = "2028-06-01";
	assert_int_equal(zv_consent_step(f->sv, &anna, ids.case_id, right, 2, &renew, &v, &f->err),
			 ZV_OK);
	struct zv_new_consent expire = {.state = ZV_CONSENT_EXPIRED};
	assert_int_equal(zv_consent_step(f->sv, &anna, ids.case_id, right, 3, &expire, &v,
					 &f->err),
			 ZV_OK);
	assert_int_equal(zv_consent_step(f->sv, &anna, ids.case_id, right, 4, &renew, &v, &f->err),
			 ZV_ECONFLICT);
	struct zv_store *reader;
	struct zv_rec_consent *history;
	size_t n;
	assert_int_equal(zv_store_open(f->db, ZV_STORE_READ, &reader, &f->err), ZV_OK);
	assert_int_equal(zv_store_consent_history(reader, right, &f->a, &history, &n, &f->err),
			 ZV_OK);
	assert_int_equal(n, 4);
	assert_int_equal(history[0].state, ZV_CONSENT_REQUESTED);
	assert_int_equal(history[1].state, ZV_CONSENT_GIVEN);
	assert_string_equal(history[1].valid_until, "2027-06-01");
	assert_int_equal(history[2].state, ZV_CONSENT_RENEWED);
	assert_string_equal(history[2].valid_until, "2028-06-01");
	assert_int_equal(history[3].state, ZV_CONSENT_EXPIRED);
	zv_store_close(reader);
}

/* A professional's answers for sharing with GGZ on the strength of a consent. */
#define CONSENT_ANSWERS                                                                      \
	"{\"data\":{\"existence_suffices\":false,\"anonymous_suffices\":false,"                 \
	"\"proportionate\":true,\"beyond_necessary\":false,"                                      \
	"\"necessity_substantiated\":true,\"obtainable_from_subjects\":false},"                   \
	"\"counterparty\":{\"own_legal_basis\":true},\"secrecy_ground\":\"consent\","             \
	"\"transparency\":{\"informed_beforehand\":true}}"

/* ---- R2.5: withdrawal ------------------------------------------------------------ */

static void withdrawing_one_of_two_parents_ends_the_consent(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	char (*p)[64] = ids.person_ids;
	const char *mother[] = {p[0]}, *father[] = {p[1]};
	char by_mother[64], by_father[64];
	assert_int_equal(give(f, ids.case_id, p[3], ZV_CONSENT_SECRECY_RELEASE, mother, 1,
			      by_mother),
			 ZV_OK);
	assert_int_equal(give(f, ids.case_id, p[3], ZV_CONSENT_SECRECY_RELEASE, father, 1,
			      by_father),
			 ZV_OK);
	struct zv_who anna = as("anna.devries");
	struct zv_withdrawal_result r;
	/* Only a giver withdraws; a stale version is a conflict. */
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, ids.case_id, by_mother, 1, p[1],
					     ZV_WITHDRAW_NOT_PARTICIPATION, NULL, &r, &f->err),
			 ZV_EINPUT);
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, ids.case_id, by_mother, 2, p[0],
					     ZV_WITHDRAW_NOT_PARTICIPATION, NULL, &r, &f->err),
			 ZV_ECONFLICT);
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, ids.case_id, by_mother, 1, p[0],
					     ZV_WITHDRAW_NOT_PARTICIPATION, "bedenktijd", &r, &f->err),
			 ZV_OK);
	assert_int_equal(r.version, 2);
	/* The father's consent alone does not suffice: both parents must (R9.2). */
	assert_false(r.still_in_force);
	assert_non_null(strstr(r.consequence, "Beide gezagsdragers"));
	assert_non_null(strstr(r.consequence, p[0]));
	/* The history is kept: given, then withdrawn. */
	struct zv_case_view view = show(f, "anna.devries", ids.case_id);
	bool seen = false;
	for (size_t i = 0; i < view.n_consents; i++)
		if (!strcmp(view.consents[i].id, by_mother)) {
			seen = true;
			assert_int_equal(view.consents[i].state, ZV_CONSENT_WITHDRAWN);
			assert_int_equal(view.consents[i].version, 2);
		}
	assert_true(seen);
	/* Withdrawing it again: nothing in force to withdraw. */
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, ids.case_id, by_mother, 2, p[0],
					     ZV_WITHDRAW_NOT_PARTICIPATION, NULL, &r, &f->err),
			 ZV_ECONFLICT);
}

/* A case where the 13-year-old released an entry about her to GGZ (her own
 * secrecy-release consent), and the request to share it with GGZ on it. */
struct consent_share {
	struct zv_case_ids ids;
	char entry[64], consent[64];
	const char *entries[1];
	struct zv_disclosure_request req;
};

static void consent_share(struct fixture *f, struct consent_share *x)
{
	x->ids = open_case(f);
	char (*p)[64] = x->ids.person_ids;
	add_entry(f, x->ids.case_id, p[4], "Kind 13 wil praten met iemand van de GGZ.", x->entry);
	const char *child13[] = {p[4]};
	assert_int_equal(give(f, x->ids.case_id, p[4], ZV_CONSENT_SECRECY_RELEASE, child13, 1,
			      x->consent),
			 ZV_OK);
	x->entries[0] = x->entry;
	x->req = (struct zv_disclosure_request){
		.case_id = x->ids.case_id, .entries = x->entries, .n_entries = 1,
		.recipient_org = "ggz-zuidwest", .purpose = "Passende hulp voor kind 13",
		.answers_json = CONSENT_ANSWERS,
	};
}

static void withdrawal_stops_pending_disclosures_and_flags_decisions(void **state)
{
	struct fixture *f = *state;
	struct consent_share x;
	consent_share(f, &x);
	struct zv_case_ids ids = x.ids;
	char (*p)[64] = ids.person_ids;
	char *consent = x.consent;
	struct zv_disclosure_request req = x.req;
	struct zv_who anna = as("anna.devries");
	struct zv_disclosure_result out;
	if (zv_disclose(f->sv, &anna, &req, false, &f->a, &out, &f->err))
		fail_msg("%s", f->err.message);
	assert_true(out.decision->outcome == ZV_OUTCOME_ALLOWED ||
		    out.decision->outcome == ZV_OUTCOME_ALLOWED_LIMITED);
	assert_true(out.disclosure_id[0]);
	assert_int_equal(out.n_released, 1);
	struct zv_withdrawal_result r;
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, ids.case_id, consent, 1, p[4],
					     ZV_WITHDRAW_NOT_PARTICIPATION, NULL, &r, &f->err),
			 ZV_OK);
	assert_int_equal(r.disclosures_stopped, 1);
	assert_true(r.decisions_flagged >= 1);
	struct zv_case_view view = show(f, "anna.devries", ids.case_id);
	assert_int_equal(view.n_disclosures, 1);
	assert_int_equal(view.disclosures[0].state, ZV_DISCLOSURE_STOPPED);
	assert_non_null(view.disclosures[0].stopped_reason);
	bool flagged = false;
	for (size_t i = 0; i < view.n_decisions; i++)
		flagged |= !strcmp(view.decisions[i].id, out.decision_id) &&
			   view.decisions[i].review_reason != NULL;
	assert_true(flagged);
	/* Answers give only what the professional knows: not who acts as what. */
	req.answers_json = "{\"actor\":{\"referral_task\":true}}";
	assert_int_equal(zv_disclose(f->sv, &anna, &req, false, &f->a, &out, &f->err), ZV_EINPUT);
	assert_string_equal(f->err.path, "$.actor");
	req.answers_json = "{\"data\":{\"categories\":[\"ordinary\"]}}";
	assert_int_equal(zv_disclose(f->sv, &anna, &req, false, &f->a, &out, &f->err), ZV_EINPUT);
	assert_string_equal(f->err.path, "$.data.categories");
	req.answers_json = "{\"transparency\":{\"informed_beforehand\":\"maybe\"}}";
	assert_int_equal(zv_disclose(f->sv, &anna, &req, false, &f->a, &out, &f->err), ZV_EINPUT);
	assert_string_equal(f->err.path, "$.transparency.informed_beforehand");
	/* Asked again now, the engine no longer allows it on consent. */
	req.answers_json = CONSENT_ANSWERS;
	if (zv_disclose(f->sv, &anna, &req, false, &f->a, &out, &f->err) == ZV_OK)
		assert_int_equal(out.decision->outcome, ZV_OUTCOME_DENIED);
}

static void carrying_out_closes_what_was_prepared(void **state)
{
	struct fixture *f = *state;
	struct consent_share x;
	consent_share(f, &x);
	struct zv_case_ids ids = x.ids;
	struct zv_disclosure_request req = x.req;
	struct zv_who anna = as("anna.devries");
	struct zv_disclosure_result prepared, done;
	assert_int_equal(zv_disclose(f->sv, &anna, &req, false, &f->a, &prepared, &f->err), ZV_OK);
	assert_int_equal(zv_disclose(f->sv, &anna, &req, true, &f->a, &done, &f->err), ZV_OK);
	struct zv_case_view v = show(f, "anna.devries", ids.case_id);
	assert_int_equal(v.n_disclosures, 2);
	assert_string_equal(v.disclosures[0].id, prepared.disclosure_id);
	assert_int_equal(v.disclosures[0].state, ZV_DISCLOSURE_STOPPED);
	assert_non_null(strstr(v.disclosures[0].stopped_reason, done.disclosure_id));
	assert_string_equal(v.disclosures[1].id, done.disclosure_id);
	assert_int_equal(v.disclosures[1].state, ZV_DISCLOSURE_DONE);
}

static void withdrawing_participation_forces_the_choice(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	char (*p)[64] = ids.person_ids;
	const char *mother[] = {p[0]};
	char id[64];
	assert_int_equal(give(f, ids.case_id, p[0], ZV_CONSENT_PARTICIPATION, mother, 1, id), ZV_OK);
	struct zv_who anna = as("anna.devries");
	struct zv_withdrawal_result r;
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, ids.case_id, id, 1, p[0],
					     ZV_WITHDRAW_NOT_PARTICIPATION, NULL, &r, &f->err),
			 ZV_EINPUT);
	assert_string_equal(f->err.path, "$.choice");
	/* Continuing is for a compulsory framework only; this one is voluntary. */
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, ids.case_id, id, 1, p[0],
					     ZV_WITHDRAW_CONTINUE_COMPULSORY, NULL, &r, &f->err),
			 ZV_EINPUT);
	assert_int_equal(zv_consent_withdraw(f->sv, &anna, ids.case_id, id, 1, p[0],
					     ZV_WITHDRAW_STOP, NULL, &r, &f->err),
			 ZV_OK);
	struct zv_case_view view = show(f, "anna.devries", ids.case_id);
	assert_int_equal(view.c.phase, ZV_PHASE_CLOSED);
	assert_true(has_obligation(&view, "inform_on_framework_change"));
	/* The team stopped: nothing new is recorded until the case is reopened. */
	const char *subjects[] = {p[3]};
	struct zv_new_entry e = {
		.kind = ZV_ENTRY_FACT, .category = ZV_CAT_ORDINARY, .source = "s", .text = "t",
		.subjects = subjects, .n_subjects = 1, .proportionate = ZV_YES,
		.beyond_necessary = ZV_NO, .informed_beforehand = ZV_YES,
	};
	struct zv_refusal refusal;
	char entry[64];
	assert_int_equal(zv_entry_add(f->sv, &anna, ids.case_id, &e, &f->a, entry, &refusal,
				      &f->err),
			 ZV_ECONFLICT);
	int64_t v;
	assert_int_equal(zv_case_change(f->sv, &anna, ids.case_id, view.c.version,
					ZV_FRAMEWORK_COMPULSORY, ZV_PHASE_DIRECT_SAFETY,
					"nieuwe melding, OTS aangevraagd", true, &v, &f->err),
			 ZV_OK);
	assert_int_equal(zv_entry_add(f->sv, &anna, ids.case_id, &e, &f->a, entry, &refusal,
				      &f->err),
			 ZV_OK);
}

/* ---- break the glass -------------------------------------------------------------- */

static void break_the_glass_needs_a_reason_and_a_review(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	char entry[64], grant[64];
	add_entry(f, ids.case_id, ids.person_ids[3], "feit", entry);
	struct zv_who joost = as("joost.vandijk"), lotte = as("lotte.peters");
	struct zv_case_view v;
	assert_int_equal(zv_case_show(f->sv, &joost, ids.case_id, &f->a, &v, &f->err),
			 ZV_ENOTFOUND);
	assert_int_equal(v.n_entries, 0);
	assert_int_equal(zv_break_glass(f->sv, &joost, ids.case_id, "", 4, grant, &f->err),
			 ZV_EINPUT);
	assert_int_equal(zv_break_glass(f->sv, &joost, ids.case_id,
					"Kind in acuut gevaar, regievoerder onbereikbaar", 4, grant,
					&f->err),
			 ZV_OK);
	v = show(f, "joost.vandijk", ids.case_id);
	assert_true(v.by_grant);
	assert_int_equal(v.n_entries, 1);
	/* Only the privacy officer reviews. */
	struct zv_rec_break_glass *pending;
	size_t n;
	assert_int_equal(zv_break_glass_pending(f->sv, &joost, &f->a, &pending, &n, &f->err),
			 ZV_EDENIED);
	assert_int_equal(zv_break_glass_pending(f->sv, &lotte, &f->a, &pending, &n, &f->err),
			 ZV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(pending[0].login, "joost.vandijk");
	assert_int_equal(zv_break_glass_review(f->sv, &lotte, grant, "terecht", &f->err), ZV_OK);
	assert_int_equal(zv_break_glass_pending(f->sv, &lotte, &f->a, &pending, &n, &f->err),
			 ZV_OK);
	assert_int_equal(n, 0);
	/* Five hours later the grant has ended. */
	f->now += INT64_C(5) * 3600 * 1000000;
	assert_int_equal(zv_case_show(f->sv, &joost, ids.case_id, &f->a, &v, &f->err),
			 ZV_ENOTFOUND);
}

/* ---- the audit log ------------------------------------------------------------------ */

struct found {
	size_t n;
	struct zv_audit_event last;
	char last_user[64], last_role[64];
	bool refused_search;            /* an audit_search refused */
};

static int keep_found(void *ctx, const struct zv_audit_event *e, const char *entry, size_t len,
		      struct zv_error *err)
{
	(void)err;
	struct found *f = ctx;
	assert_true(len > 0 && entry[0] == '{' && entry[len - 1] == '}');
	f->n++;
	f->last = *e;
	snprintf(f->last_user, sizeof f->last_user, "%s", e->who.user);
	snprintf(f->last_role, sizeof f->last_role, "%s", e->who.role ? e->who.role : "");
	f->refused_search |= e->action == ZV_AUDIT_AUDIT_SEARCH && e->outcome == ZV_AUDIT_REFUSED;
	return 0;
}

static void only_privacy_officers_and_auditors_read_the_audit_log(void **state)
{
	struct fixture *f = *state;
	struct zv_case_ids ids = open_case(f);
	struct zv_who anna = as("anna.devries"), lotte = as("lotte.peters"),
		      mark = as("mark.hendriks");
	struct zv_audit_query by_case = {.case_id = ids.case_id};
	struct found found = {0};
	/* A professional may not, and the refusal is logged. */
	assert_int_equal(zv_audit_search(f->sv, &anna, &by_case, keep_found, &found, &f->err),
			 ZV_EDENIED);
	assert_int_equal(found.n, 0);
	struct zv_audit_report report;
	char log_id[2 * ZV_HASH_LEN + 1];
	assert_int_equal(zv_audit_verify(f->sv, &anna, &report, log_id, &f->err), ZV_EDENIED);
	/* The privacy officer searches; the search is logged first, and found. */
	assert_int_equal(zv_audit_search(f->sv, &lotte, &by_case, keep_found, &found, &f->err),
			 ZV_OK);
	assert_true(found.n >= 2);
	assert_int_equal(found.last.action, ZV_AUDIT_AUDIT_SEARCH);
	assert_int_equal(found.last.outcome, ZV_AUDIT_DONE);
	assert_string_equal(found.last_user, "lotte.peters");
	assert_string_equal(found.last_role, "privacy_officer");
	/* The refusals are anna's events now (a search of the log, a verification). */
	struct zv_audit_query by_user = {.user = "anna.devries"};
	found = (struct found){0};
	assert_int_equal(zv_audit_search(f->sv, &mark, &by_user, keep_found, &found, &f->err),
			 ZV_OK);
	assert_true(found.refused_search);
	assert_int_equal(found.last.outcome, ZV_AUDIT_REFUSED);
	/* Days outside the log find nothing; bad queries say which part is wrong. */
	struct zv_audit_query old = {.user = "anna.devries", .from = "2001-01-01",
				     .to = "2001-12-31"};
	found = (struct found){0};
	assert_int_equal(zv_audit_search(f->sv, &lotte, &old, keep_found, &found, &f->err), ZV_OK);
	assert_int_equal(found.n, 0);
	struct zv_audit_query none = {.from = "2026-01-01"};
	assert_int_equal(zv_audit_search(f->sv, &lotte, &none, keep_found, &found, &f->err),
			 ZV_EINPUT);
	assert_string_equal(f->err.path, "");
	struct zv_audit_query two = {.person = "P1", .case_id = "C1"};
	assert_int_equal(zv_audit_search(f->sv, &lotte, &two, keep_found, &found, &f->err),
			 ZV_EINPUT);
	assert_string_equal(f->err.path, "case");
	struct zv_audit_query reversed = {.user = "x", .from = "2026-02-01", .to = "2026-01-01"};
	assert_int_equal(zv_audit_search(f->sv, &lotte, &reversed, keep_found, &found, &f->err),
			 ZV_EINPUT);
	assert_string_equal(f->err.path, "from");
	/* The auditor verifies: every event so far, and the log's id. */
	assert_int_equal(zv_audit_verify(f->sv, &mark, &report, log_id, &f->err), ZV_OK);
	assert_true(report.ok);
	assert_true(report.events > found.n);
	assert_int_equal(strlen(log_id), 2 * ZV_HASH_LEN);
}

/* ---- persons ------------------------------------------------------------------------ */

static void a_bsn_passes_the_eleven_test_is_unique_and_never_shown_whole(void **state)
{
	struct fixture *f = *state;
	assert_true(zv_bsn_valid("111222333"));
	assert_false(zv_bsn_valid("111222334"));
	assert_false(zv_bsn_valid("11122233"));
	assert_false(zv_bsn_valid("000000000"));
	struct zv_new_person one = {.name = "A", .role = ZV_PERSON_ADULT, .bsn = "111222334"};
	struct zv_new_case c = {
		.household_name = "Gezin B", .persons = &one, .n_persons = 1, .team = "lt-noord",
		.title = "t", .framework = ZV_FRAMEWORK_VOLUNTARY, .phase = ZV_PHASE_DIRECT_SAFETY,
		.reason = "r", .family_informed = true,
	};
	struct zv_case_ids ids;
	struct zv_who anna = as("anna.devries");
	assert_int_equal(zv_case_open(f->sv, &anna, &c, &f->a, &ids, &f->err), ZV_EINPUT);
	assert_string_equal(f->err.path, "$.persons[0].bsn");
	one.bsn = "111222333";
	assert_int_equal(zv_case_open(f->sv, &anna, &c, &f->a, &ids, &f->err), ZV_OK);
	struct zv_case_view v = show(f, "anna.devries", ids.case_id);
	assert_string_equal(v.persons[0].bsn_masked, "*****2333");
	assert_null(v.persons[0].p->bsn_sealed);
	/* The same BSN for another person: refused, and nothing of that case made. */
	struct zv_case_ids again;
	assert_int_equal(zv_case_open(f->sv, &anna, &c, &f->a, &again, &f->err), ZV_ECONFLICT);
	struct zv_case_summary *list;
	size_t n;
	assert_int_equal(zv_case_list(f->sv, &anna, &f->a, &list, &n, &f->err), ZV_OK);
	assert_int_equal(n, 1);
}

static void ages_are_computed_on_the_date(void **state)
{
	(void)state;
	zv_day d = zv_date_from_ymd(2026, 11, 29);
	assert_int_equal(zv_age_on("2014-11-29", d), 12);
	assert_int_equal(zv_age_on("2014-11-30", d), 11);
	assert_int_equal(zv_age_on("2010-02-28", d), 16);
	assert_int_equal(zv_age_on(NULL, d), -1);
	assert_int_equal(zv_age_on("2027-01-01", d), -1);
	assert_int_equal(zv_age_on("2014-02-30", d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(corrections_keep_every_version, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_case_versions_conflict_across_connections,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			R7_1_an_entry_says_what_it_is_where_it_comes_from_and_whether_verified, setup,
			teardown),
		cmocka_unit_test_setup_teardown(R12_1_R12_2_every_case_has_a_framework_and_a_phase,
						setup, teardown),
		cmocka_unit_test_setup_teardown(records_of_hidden_entries_are_not_shown, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_change_the_family_did_not_hear_of_is_an_obligation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(telling_the_family_later_fulfils_the_obligation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_age_table_decides_who_gives_consent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_lifecycle_is_kept_step_by_step, setup, teardown),
		cmocka_unit_test_setup_teardown(withdrawing_one_of_two_parents_ends_the_consent,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			withdrawal_stops_pending_disclosures_and_flags_decisions, setup, teardown),
		cmocka_unit_test_setup_teardown(carrying_out_closes_what_was_prepared, setup,
						teardown),
		cmocka_unit_test_setup_teardown(withdrawing_participation_forces_the_choice, setup,
						teardown),
		cmocka_unit_test_setup_teardown(break_the_glass_needs_a_reason_and_a_review, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			a_bsn_passes_the_eleven_test_is_unique_and_never_shown_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(
			only_privacy_officers_and_auditors_read_the_audit_log, setup, teardown),
		cmocka_unit_test(ages_are_computed_on_the_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
