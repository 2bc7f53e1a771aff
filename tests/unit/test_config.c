/*
 * test_config.c — the pilot configuration (docs/config.md, zv/config.h).
 *
 * The demo pilot's configuration, built into the program, parses with the
 * values of the file and the defaults of the format; the minimal
 * configuration parses. Every kind of problem is then made by one edit of
 * the demo (a JSON pointer and a new value, or a deletion) and must be
 * reported at its exact path with a message that says why, and usually as
 * the only problem (no cascades). A configuration with many problems
 * reports them all, in document order, at most 1000. An arena that runs
 * out fails cleanly with ZV_ENOMEM at every size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zv/config.h"

/* ---- editing the demo -------------------------------------------------- */

struct edit {
	const char *pointer;   /* RFC 6901, "-" appends to an array */
	const char *value;     /* JSON text; NULL deletes */
};

static void apply_edit(json_t *root, const struct edit *e)
{
	char segment[128];
	const char *p = e->pointer;
	json_t *parent = root;
	assert_true(p[0] == '/');
	for (;;) {
		p++;
		size_t n = strcspn(p, "/");
		assert_true(n < sizeof segment);
		memcpy(segment, p, n);
		segment[n] = '\0';
		p += n;
		if (!*p)
			break;
		parent = json_is_object(parent) ? json_object_get(parent, segment)
						: json_array_get(parent, strtoul(segment, NULL, 10));
		if (!parent)
			fail_msg("no %s in the demo", e->pointer);
	}
	json_t *value = NULL;
	if (e->value) {
		json_error_t jerr;
		value = json_loads(e->value, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
		if (!value)
			fail_msg("edit %s: %s is not JSON: %s", e->pointer, e->value, jerr.text);
	}
	if (json_is_object(parent)) {
		if (value)
			json_object_set_new(parent, segment, value);
		else
			assert_int_equal(json_object_del(parent, segment), 0);
	} else if (!strcmp(segment, "-")) {
		json_array_append_new(parent, value);
	} else {
		size_t i = strtoul(segment, NULL, 10);
		if (value)
			assert_int_equal(json_array_set_new(parent, i, value), 0);
		else
			assert_int_equal(json_array_remove(parent, i), 0);
	}
}

/* The demo with `edits` applied (up to a NULL pointer), as text; free(). */
static char *demo_edited(const struct edit *edits, size_t n)
{
	json_error_t jerr;
	json_t *root = json_loadb(zv_config_demo_json, zv_config_demo_json_len, 0, &jerr);
	assert_non_null(root);
	for (size_t i = 0; i < n && edits[i].pointer; i++)
		apply_edit(root, &edits[i]);
	char *text = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	assert_non_null(text);
	return text;
}

/* ---- a parse and its problems ------------------------------------------ */

struct checked {
	struct zv_arena arena;
	struct zv_config cfg;
	struct zv_config_problems problems;
	struct zv_error err;
	int rc;
};

static void check_text(struct checked *k, const char *json, size_t len)
{
	memset(k, 0, sizeof *k);
	zv_arena_init(&k->arena, 0);
	k->rc = zv_config_parse(json, len, &k->arena, &k->cfg, &k->problems, &k->err);
}

static const struct zv_config_problem *problem_at(const struct checked *k, const char *path)
{
	for (size_t i = 0; i < k->problems.count; i++)
		if (!strcmp(k->problems.items[i].path, path))
			return &k->problems.items[i];
	return NULL;
}

static void print_problems(const struct checked *k)
{
	for (size_t i = 0; i < k->problems.count; i++)
		print_message("  %s: %s\n", k->problems.items[i].path,
			      k->problems.items[i].message);
}

/* A problem at exactly `path` whose message has `words`. */
static void expect_problem(const struct checked *k, const char *name, const char *path,
			   const char *words)
{
	const struct zv_config_problem *p = problem_at(k, path);
	if (!p) {
		print_problems(k);
		fail_msg("%s: no problem at %s", name, path);
	}
	if (!strstr(p->message, words)) {
		print_problems(k);
		fail_msg("%s: message at %s \"%s\" lacks \"%s\"", name, path, p->message, words);
	}
}

/* ---- one edit, one problem --------------------------------------------- */

struct bad_case {
	const char *name;
	struct edit edits[3];
	const char *path;
	const char *message;   /* a part of it */
	size_t count;          /* problems expected in all; 0: not counted */
};

/* Indices in the demo: organisations 0 gem-zuidwest (municipality), 1 lt-noord,
 * 2 lt-zuid, 3 vt-zuidwest, 4 rvdk-zuidwest, 5 gi-jbzw, 6 jh-kompas (task of
 * ground c), 7 ggz-zuidwest (ground b); teams 0 rvt-zuidwest, 1 lt-noord
 * (mandate), 2 lt-zuid (network); professionals 0 anna (lt-noord), 1 bram
 * (jh-kompas), 7 eva (vt), 11 lotte (privacy officer), 12 mark; mandate 0
 * lt-noord → team lt-noord; joint controllers 0 for the RST, 1 for lt-zuid. */
static const struct bad_case BAD[] = {
	/* the document and its types */
	{"version as a string", {{"/version", "\"1\""}}, "$.version", "expected the integer 1, got a string", 1},
	{"version 2", {{"/version", "2"}}, "$.version", "version 2 is not supported", 1},
	{"version missing", {{"/version", NULL}}, "$.version", "required", 1},
	{"version null is missing", {{"/version", "null"}}, "$.version", "required", 1},
	{"pilot missing", {{"/pilot", NULL}}, "$.pilot", "required", 1},
	{"pilot as an array", {{"/pilot", "[]"}}, "$.pilot", "expected an object, got an array", 1},
	{"unknown member at the top", {{"/colour", "\"blue\""}}, "$.colour", "unknown member \"colour\"", 1},
	{"unknown member in an organisation", {{"/organisations/3/colour", "1"}}, "$.organisations[3].colour", "unknown member", 1},
	{"unknown member with an odd name", {{"/pilot/a.b", "1"}}, "$.pilot['a.b']", "unknown member \"a.b\"", 1},
	{"unknown arrangement", {{"/joint_controllers/1/arrangements/lunch", "\"x\""}}, "$.joint_controllers[1].arrangements.lunch", "unknown member", 1},
	{"unknown argon2 level", {{"/security/argon2id", "\"extreme\""}}, "$.security.argon2id", "not one of: interactive, moderate, sensitive", 1},
	{"boolean as a string", {{"/organisations/0/public_authority", "\"yes\""}}, "$.organisations[0].public_authority", "expected true or false, got a string", 1},
	{"boolean as a number", {{"/professionals/0/second_factor", "1"}}, "$.professionals[0].second_factor", "expected true or false, got an integer", 1},
	{"text as a number", {{"/organisations/0/name", "3"}}, "$.organisations[0].name", "expected a text (a string), got an integer", 1},
	{"list as an object", {{"/teams", "{}"}}, "$.teams", "expected an array, got an object", 0},
	{"element not an object", {{"/mandates/0", "7"}}, "$.mandates[0]", "expected an object, got an integer", 0},
	{"id as a number", {{"/pilot/id", "12"}}, "$.pilot.id", "expected an id (a string), got an integer", 1},
	{"secrecy outside its list", {{"/organisations/3/secrecy", "\"geheim\""}}, "$.organisations[3].secrecy", "not one of: none, jeugdwet, wgbo, big, wmo", 1},
	{"ground outside its list", {{"/organisations/7/tasks/0/ground", "\"g\""}}, "$.organisations[7].tasks[0].ground", "not one of: a, b, c, d, e, f", 1},
	{"organisation kind outside its list", {{"/organisations/7/kind", "\"bank\""}}, "$.organisations[7].kind", "\"bank\" is not one of", 1},
	{"organisation kind regional_safety_team", {{"/organisations/3/kind", "\"regional_safety_team\""}}, "$.organisations[3].kind", "is a team, not an organisation", 0},
	{"team kind outside its list", {{"/teams/2/kind", "\"gi\""}}, "$.teams[2].kind", "not one of: local_team, regional_safety_team", 1},
	{"collaboration outside its list", {{"/teams/2/collaboration", "\"together\""}}, "$.teams[2].collaboration", "not one of: mandate, network", 1},
	{"role outside its list", {{"/professionals/0/roles/1", "\"boss\""}}, "$.professionals[0].roles[1]", "not one of: professional, team_lead", 1},
	{"no roles", {{"/professionals/12/roles", "[]"}}, "$.professionals[12].roles", "at least one role", 1},
	{"category ordinary", {{"/organisations/2/special_category_exceptions/0/categories/0", "\"ordinary\""}}, "$.organisations[2].special_category_exceptions[0].categories[0]", "ordinary data needs no exception", 1},
	{"category outside its list", {{"/organisations/2/special_category_exceptions/0/categories/0", "\"financial\""}}, "$.organisations[2].special_category_exceptions[0].categories[0]", "not one of: health, special_other, criminal", 1},
	{"no categories", {{"/organisations/2/special_category_exceptions/0/categories", "[]"}}, "$.organisations[2].special_category_exceptions[0].categories", "at least one category", 1},
	{"exception without a name", {{"/organisations/2/special_category_exceptions/0/exception", NULL}}, "$.organisations[2].special_category_exceptions[0].exception", "required", 1},
	{"exception for no task", {{"/organisations/1/special_category_exceptions/0/tasks", "[]"}}, "$.organisations[1].special_category_exceptions[0].tasks", "leave \"tasks\" out to mean every task", 1},
	{"register outside its list", {{"/professionals/0/registration/register", "\"NIP\""}}, "$.professionals[0].registration.register", "not one of: SKJ, BIG", 1},
	{"registration number with letters", {{"/professionals/0/registration/number", "\"1002a4567\""}}, "$.professionals[0].registration.number", "6 to 12 digits", 1},
	{"registration number too short", {{"/professionals/0/registration/number", "\"12345\""}}, "$.professionals[0].registration.number", "6 to 12 digits", 1},
	{"registration without number", {{"/professionals/0/registration/number", NULL}}, "$.professionals[0].registration.number", "required", 1},

	/* ids and texts */
	{"id with a capital", {{"/organisations/6/tasks/0/id", "\"Jeugdhulp\""}}, "$.organisations[6].tasks[0].id", "'J' at byte 1", 1},
	{"id starting with a dash", {{"/organisations/6/tasks/0/id", "\"-jeugdhulp\""}}, "$.organisations[6].tasks[0].id", "starting with a letter or digit", 1},
	{"id with a space", {{"/pilot/id", "\"proeftuin zuidwest\""}}, "$.pilot.id", "byte 0x20 at byte 10", 1},
	{"empty id", {{"/pilot/id", "\"\""}}, "$.pilot.id", "is empty", 1},
	{"id of 65 bytes", {{"/pilot/id", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""}}, "$.pilot.id", "is 65 bytes long", 1},
	{"login not an id", {{"/professionals/12/login", "\"Mark.Hendriks\""}}, "$.professionals[12].login", "is not an id", 1},
	{"empty text", {{"/organisations/0/name", "\"\""}}, "$.organisations[0].name", "is empty", 1},
	{"blank text", {{"/teams/0/name", "\"   \""}}, "$.teams[0].name", "is empty", 1},
	{"NUL character in a text", {{"/pilot/name", "\"Proef\\u0000tuin\""}}, "$.pilot.name", "NUL character", 1},
	{"NUL character in an id", {{"/organisations/6/tasks/0/id", "\"jeugd\\u0000hulp\""}}, "$.organisations[6].tasks[0].id", "NUL character", 1},

	/* required members */
	{"organisation without id", {{"/organisations/6/id", NULL}}, "$.organisations[6].id", "required", 0},
	{"organisation without tasks", {{"/organisations/7/tasks", NULL}}, "$.organisations[7].tasks", "required", 1},
	{"organisation with no tasks", {{"/organisations/7/tasks", "[]"}}, "$.organisations[7].tasks", "at least one task", 1},
	{"organisation without kind", {{"/organisations/7/kind", NULL}}, "$.organisations[7].kind", "required", 1},
	{"professional without name", {{"/professionals/0/name", NULL}}, "$.professionals[0].name", "required", 1},
	{"professional without organisation", {{"/professionals/12/organisation", NULL}}, "$.professionals[12].organisation", "required", 1},
	{"task without description", {{"/organisations/1/tasks/1/description", NULL}}, "$.organisations[1].tasks[1].description", "required", 1},
	{"team without collaboration", {{"/teams/2/collaboration", NULL}}, "$.teams[2].collaboration", "required", 1},
	{"mandate without tasks", {{"/mandates/0/tasks", NULL}}, "$.mandates[0].tasks", "required", 1},
	{"mandate with no tasks", {{"/mandates/0/tasks", "[]"}}, "$.mandates[0].tasks", "at least one task", 1},
	{"joint controllers without purpose", {{"/joint_controllers/1/purpose", NULL}}, "$.joint_controllers[1].purpose", "required", 1},
	{"registration missing for a professional", {{"/professionals/0/registration", NULL}}, "$.professionals[0].registration", "required for the role professional", 1},

	/* dates, retention, provisions */
	{"impossible date", {{"/mandates/0/valid_from", "\"2026-02-30\""}}, "$.mandates[0].valid_from", "not a valid date", 1},
	{"date with a time", {{"/mandates/0/valid_until", "\"2027-01-01T00:00:00Z\""}}, "$.mandates[0].valid_until", "not a valid date", 1},
	{"date as a number", {{"/mandates/0/valid_from", "20260101"}}, "$.mandates[0].valid_from", "expected a date", 1},
	{"valid_from after valid_until", {{"/mandates/0/valid_until", "\"2025-12-31\""}}, "$.mandates[0].valid_until", "2025-12-31 is before valid_from (2026-01-01)", 1},
	{"audit retention under 5 years", {{"/organisations/4/retention_years/audit", "4"}}, "$.organisations[4].retention_years.audit", "at least 5 years (NEN 7513)", 1},
	{"retention of 0 years", {{"/organisations/4/retention_years/entry", "0"}}, "$.organisations[4].retention_years.entry", "from 1 to 115 years", 1},
	{"retention of 116 years", {{"/organisations/4/retention_years/consent", "116"}}, "$.organisations[4].retention_years.consent", "from 1 to 115 years", 1},
	{"retention as a decimal", {{"/organisations/4/retention_years/decision", "20.5"}}, "$.organisations[4].retention_years.decision", "expected a whole number of years, got a decimal number", 1},
	{"retention type missing", {{"/organisations/4/retention_years/disclosure", NULL}}, "$.organisations[4].retention_years.disclosure", "required", 1},
	{"provision missing for ground c", {{"/organisations/6/tasks/0/provision", NULL}}, "$.organisations[6].tasks[0].provision", "required for ground c (R2.6)", 1},
	{"provision missing for ground e", {{"/organisations/3/tasks/0/provision", NULL}}, "$.organisations[3].tasks[0].provision", "required for ground e (R2.6)", 1},

	/* uniqueness and references */
	{"organisation id twice", {{"/organisations/7/id", "\"jh-kompas\""}}, "$.organisations[7].id", "\"jh-kompas\" is already the id of $.organisations[6]", 0},
	{"task id twice", {{"/organisations/1/tasks/1/id", "\"toegang-jeugdhulp\""}}, "$.organisations[1].tasks[1].id", "already the id of task [0]", 0},
	{"team id twice", {{"/teams/2/id", "\"lt-noord\""}}, "$.teams[2].id", "already the id of $.teams[1]", 0},
	{"login twice", {{"/professionals/12/login", "\"lotte.peters\""}}, "$.professionals[12].login", "already the login of $.professionals[11]", 1},
	{"organisation of nobody", {{"/professionals/0/organisation", "\"lt-west\""}}, "$.professionals[0].organisation", "\"lt-west\" names no organisation", 1},
	{"team that does not exist", {{"/professionals/0/teams/0", "\"lt-west\""}}, "$.professionals[0].teams[0]", "\"lt-west\" names no team", 1},
	{"team named twice", {{"/professionals/0/teams/-", "\"lt-noord\""}}, "$.professionals[0].teams[1]", "already entry [0]", 1},
	{"team of an organisation that does not exist", {{"/teams/2/organisation", "\"lt-west\""}}, "$.teams[2].organisation", "names no organisation", 1},
	{"exception for a task of no one", {{"/organisations/1/special_category_exceptions/0/tasks/0", "\"jeugdhulp\""}}, "$.organisations[1].special_category_exceptions[0].tasks[0]", "\"jeugdhulp\" is not a task of this organisation", 1},
	{"mandate from nobody", {{"/mandates/0/from", "\"lt-west\""}, {"/teams/1/organisation", "\"lt-west\""}}, "$.mandates[0].from", "names no organisation", 2},
	{"mandate to a team that does not exist", {{"/mandates/-", "{\"id\":\"m2\",\"from\":\"lt-zuid\",\"to_team\":\"lt-west\",\"tasks\":[\"toegang-jeugdhulp\"]}"}}, "$.mandates[1].to_team", "names no team", 1},
	{"mandate to a professional who does not exist", {{"/mandates/-", "{\"id\":\"m2\",\"from\":\"lt-zuid\",\"to_professional\":\"x.y\",\"tasks\":[\"toegang-jeugdhulp\"]}"}}, "$.mandates[1].to_professional", "names no professional", 1},
	{"mandate for a task of another organisation", {{"/mandates/0/tasks/1", "\"advies-en-melding\""}}, "$.mandates[0].tasks[1]", "\"advies-en-melding\" is not a task of \"lt-noord\"", 1},
	{"mandate to nobody", {{"/mandates/0/to_team", NULL}}, "$.mandates[0].to_team", "a team (to_team) or to a professional", 2},
	{"mandate to a team and a professional", {{"/mandates/0/to_professional", "\"anna.devries\""}}, "$.mandates[0].to_professional", "not both", 1},

	/* teams */
	{"mandate team without a mandate", {{"/mandates/0", NULL}}, "$.teams[1].collaboration", "needs a mandate from \"lt-noord\" to this team", 1},
	{"mandate team acting for a municipality", {{"/teams/1/organisation", "\"gem-zuidwest\""}, {"/mandates/0/from", "\"gem-zuidwest\""}, {"/mandates/0/tasks", "[\"regie-jeugd\"]"}}, "$.teams[1].organisation", "\"gem-zuidwest\" is a municipality; a team under mandate acts for a local_team", 1},
	{"mandate team without organisation", {{"/teams/1/organisation", NULL}}, "$.teams[1].organisation", "required for a team under mandate", 1},
	{"regional safety team under mandate", {{"/teams/0/collaboration", "\"mandate\""}}, "$.teams[0].collaboration", "a regional_safety_team works as a network", 1},
	{"safety team member from youth care", {{"/professionals/1/teams/-", "\"rvt-zuidwest\""}, {"/joint_controllers/0/parties/-", "\"jh-kompas\""}}, "$.professionals[1].teams[1]", "is a regional_safety_team, whose members come from veilig_thuis, rvdk or gi; this professional's organisation is a youth_care", 1},
	{"team member who is not a professional", {{"/professionals/11/teams", "[\"lt-noord\"]"}}, "$.professionals[11].teams", "only a professional (role professional) is a member of a team", 1},

	/* joint controllers */
	{"joint controllers without an arrangement", {{"/joint_controllers/1/arrangements/rights", NULL}}, "$.joint_controllers[1].arrangements.rights", "required: what the joint controllers arranged about rights", 1},
	{"joint controllers with an empty arrangement", {{"/joint_controllers/1/arrangements/liability", "\"\""}}, "$.joint_controllers[1].arrangements.liability", "is empty", 1},
	{"joint controllers without arrangements", {{"/joint_controllers/1/arrangements", NULL}}, "$.joint_controllers[1].arrangements", "required", 1},
	{"contact point not among the parties", {{"/joint_controllers/1/contact_point", "\"gem-zuidwest\""}}, "$.joint_controllers[1].contact_point", "\"gem-zuidwest\" is not one of the parties", 1},
	{"party twice", {{"/joint_controllers/1/parties/-", "\"lt-zuid\""}}, "$.joint_controllers[1].parties[2]", "joint controllers are distinct organisations", 1},
	{"one party", {{"/joint_controllers/1/parties", "[\"lt-zuid\"]"}}, "$.joint_controllers[1].parties", "names 1 organisation; joint controllers are at least two", 1},
	{"party that does not exist", {{"/joint_controllers/1/parties/1", "\"ggz-west\""}}, "$.joint_controllers[1].parties[1]", "\"ggz-west\" names no organisation", 1},
	{"safety team without any arrangement", {{"/joint_controllers/0", NULL}}, "$.teams[0]", "needs a joint-controller arrangement (R14.3, AVG art. 26)", 1},
	{"safety team with an arrangement lacking a member's organisation", {{"/joint_controllers/0/parties/2", NULL}}, "$.teams[0]", "the closest, \"gv-rvt-zuidwest\", lacks \"gi-jbzw\"", 1},
};

enum { N_BAD = sizeof BAD / sizeof *BAD };

static void bad_case_is_located(void **state)
{
	const struct bad_case *b = *state;
	char *json = demo_edited(b->edits, sizeof b->edits / sizeof *b->edits);
	struct checked k;
	check_text(&k, json, strlen(json));
	if (k.rc != ZV_EINPUT)
		fail_msg("%s: rc %d, expected ZV_EINPUT", b->name, k.rc);
	expect_problem(&k, b->name, b->path, b->message);
	if (b->count && k.problems.count != b->count) {
		print_problems(&k);
		fail_msg("%s: %zu problems, expected %zu", b->name, k.problems.count, b->count);
	}
	assert_false(k.problems.not_json);
	/* `err` holds the first problem. */
	assert_int_equal(k.err.code, ZV_EINPUT);
	assert_string_equal(k.err.path, k.problems.items[0].path);
	assert_string_equal(k.err.message, k.problems.items[0].message);
	zv_arena_release(&k.arena);
	free(json);
}

/* ---- the demo and the minimal configuration ---------------------------- */

static const struct zv_organisation *org(const struct zv_config *c, const char *id)
{
	const struct zv_organisation *o = zv_config_organisation(c, id);
	if (!o)
		fail_msg("no organisation %s", id);
	return o;
}

static const struct zv_professional *pro(const struct zv_config *c, const char *login)
{
	const struct zv_professional *p = zv_config_professional(c, login);
	if (!p)
		fail_msg("no professional %s", login);
	return p;
}

static void demo_parses_with_its_values(void **state)
{
	(void)state;
	struct checked k;
	assert_int_equal(zv_config_demo_json_len, strlen(zv_config_demo_json));
	check_text(&k, zv_config_demo_json, zv_config_demo_json_len);
	if (k.rc != ZV_OK)
		print_problems(&k);
	assert_int_equal(k.rc, ZV_OK);
	assert_int_equal(k.problems.count, 0);
	const struct zv_config *c = &k.cfg;
	assert_int_equal(c->version, 1);
	assert_string_equal(c->pilot_id, "proeftuin-zuidwest");
	assert_string_equal(c->pilot_name, "Proeftuin Zuidwest (demo)");
	assert_int_equal(c->argon2, ZV_ARGON2_INTERACTIVE);
	assert_int_equal(c->n_organisations, 8);
	assert_int_equal(c->n_teams, 3);
	assert_int_equal(c->n_professionals, 13);
	assert_int_equal(c->n_mandates, 1);
	assert_int_equal(c->n_joint_controllers, 2);

	/* Organisations, with the defaults of their kinds. */
	const struct zv_organisation *lt = org(c, "lt-noord");
	assert_int_equal(lt->kind, ZV_ORG_LOCAL_TEAM);
	assert_true(lt->public_authority);
	assert_int_equal(lt->secrecy, ZV_SECRECY_JEUGDWET);
	assert_int_equal(lt->n_tasks, 2);
	const struct zv_task *t = zv_config_task(lt, "wmo-ondersteuning");
	assert_non_null(t);
	assert_int_equal(t->ground, ZV_GROUND_E);
	assert_string_equal(t->provision, "Wmo 2015 art. 2.3.2");
	assert_null(zv_config_task(lt, "advies-en-melding"));
	assert_int_equal(lt->n_exceptions, 1);
	assert_int_equal(lt->exceptions[0].categories, ZV_CAT_HEALTH);
	assert_string_equal(lt->exceptions[0].exception, "UAVG art. 30 lid 3 onder b");
	assert_int_equal(lt->exceptions[0].n_tasks, 1);
	assert_string_equal(lt->exceptions[0].tasks[0], "toegang-jeugdhulp");
	assert_int_equal(lt->retention_years[ZV_RECORD_ENTRY], 15);
	assert_int_equal(lt->retention_years[ZV_RECORD_AUDIT], 5);
	assert_false(lt->lawyer_confirmed_consent_basis);
	assert_int_equal(lt->n_confirmed_provisions, 0);

	assert_int_equal(org(c, "lt-zuid")->exceptions[0].n_tasks, 0);   /* every task */
	const struct zv_organisation *vt = org(c, "vt-zuidwest");
	assert_int_equal(vt->kind, ZV_ORG_VEILIG_THUIS);
	assert_int_equal(vt->secrecy, ZV_SECRECY_WMO);
	assert_true(vt->public_authority);
	assert_int_equal(vt->exceptions[0].categories, ZV_CAT_SENSITIVE);
	assert_int_equal(vt->retention_years[ZV_RECORD_DISCLOSURE], 20);
	const struct zv_organisation *ggz = org(c, "ggz-zuidwest");
	assert_int_equal(ggz->secrecy, ZV_SECRECY_BIG);
	assert_false(ggz->public_authority);
	assert_int_equal(ggz->tasks[0].ground, ZV_GROUND_B);
	assert_null(ggz->tasks[0].provision);
	assert_int_equal(org(c, "jh-kompas")->tasks[0].ground, ZV_GROUND_C);
	assert_int_equal(org(c, "gem-zuidwest")->kind, ZV_ORG_MUNICIPALITY);
	assert_int_equal(org(c, "gem-zuidwest")->secrecy, ZV_SECRECY_NONE);
	assert_int_equal(org(c, "rvdk-zuidwest")->exceptions[0].categories,
			 ZV_CAT_HEALTH | ZV_CAT_CRIMINAL);
	assert_null(zv_config_organisation(c, "lt-west"));

	/* Teams. */
	const struct zv_team *rvt = zv_config_team(c, "rvt-zuidwest");
	assert_non_null(rvt);
	assert_int_equal(rvt->kind, ZV_ORG_REGIONAL_SAFETY_TEAM);
	assert_int_equal(rvt->collaboration, ZV_COLLAB_NETWORK);
	assert_null(rvt->organisation);
	const struct zv_team *ltn = zv_config_team(c, "lt-noord");
	assert_int_equal(ltn->kind, ZV_ORG_LOCAL_TEAM);
	assert_int_equal(ltn->collaboration, ZV_COLLAB_MANDATE);
	assert_string_equal(ltn->organisation, "lt-noord");
	assert_int_equal(zv_config_team(c, "lt-zuid")->collaboration, ZV_COLLAB_NETWORK);
	assert_null(zv_config_team(c, "vt-zuidwest"));

	/* Professionals: second factor forced for the roles that need it. */
	const struct zv_professional *anna = pro(c, "anna.devries");
	assert_int_equal(anna->roles, ZV_ROLE_PROFESSIONAL | ZV_ROLE_TEAM_LEAD);
	assert_string_equal(anna->registration_register, "SKJ");
	assert_string_equal(anna->registration_number, "100234567");
	assert_false(anna->second_factor);
	assert_true(zv_config_in_team(anna, "lt-noord"));
	assert_false(zv_config_in_team(anna, "rvt-zuidwest"));
	const struct zv_professional *lotte = pro(c, "lotte.peters");
	assert_int_equal(lotte->roles, ZV_ROLE_PRIVACY_OFFICER);
	assert_true(lotte->second_factor);
	assert_null(lotte->registration_register);
	assert_int_equal(lotte->n_teams, 0);
	const struct zv_professional *mark = pro(c, "mark.hendriks");
	assert_int_equal(mark->roles, ZV_ROLE_ADMINISTRATOR | ZV_ROLE_AUDITOR);
	assert_true(mark->second_factor);
	assert_true(pro(c, "karin.dekker")->second_factor);   /* chosen */
	assert_false(pro(c, "eva.smit")->second_factor);
	assert_string_equal(pro(c, "daan.visser")->registration_register, "BIG");
	assert_string_equal(pro(c, "eva.smit")->organisation, "vt-zuidwest");
	assert_null(zv_config_professional(c, "nobody"));

	/* The mandate and the joint controllers. */
	const struct zv_mandate *m = &c->mandates[0];
	assert_string_equal(m->id, "mandaat-lt-noord");
	assert_string_equal(m->from, "lt-noord");
	assert_string_equal(m->to_team, "lt-noord");
	assert_null(m->to_professional);
	assert_int_equal(m->n_tasks, 2);
	assert_true(m->has_valid_from);
	assert_int_equal(m->valid_from, zv_date_from_ymd(2026, 1, 1));
	assert_false(m->has_valid_until);
	const struct zv_joint_controllers *jc = &c->joint_controllers[0];
	assert_string_equal(jc->id, "gv-rvt-zuidwest");
	assert_int_equal(jc->n_parties, 3);
	assert_string_equal(jc->parties[2], "gi-jbzw");
	assert_string_equal(jc->contact_point, "vt-zuidwest");
	for (int a = 0; a < ZV_ARR__COUNT; a++)
		assert_true(jc->arrangement[a] && jc->arrangement[a][0]);
	assert_non_null(strstr(jc->arrangement[ZV_ARR_BREACHES], "24 uur"));
	zv_arena_release(&k.arena);
}

static void minimal_configuration_parses(void **state)
{
	(void)state;
	struct checked k;
	check_text(&k, zv_config_minimal_json, strlen(zv_config_minimal_json));
	assert_int_equal(k.rc, ZV_OK);
	assert_int_equal(k.cfg.version, 1);
	assert_string_equal(k.cfg.pilot_id, "zorgvuldig");
	assert_string_equal(k.cfg.pilot_name, "Zorgvuldig");
	assert_int_equal(k.cfg.argon2, ZV_ARGON2_MODERATE);
	assert_int_equal(k.cfg.n_organisations + k.cfg.n_teams + k.cfg.n_professionals +
				 k.cfg.n_mandates + k.cfg.n_joint_controllers,
			 0);
	zv_arena_release(&k.arena);
}

/* Null is absent: the default applies. */
static void null_takes_the_default(void **state)
{
	(void)state;
	static const struct edit edits[] = {{"/organisations/3/secrecy", "null"},
					    {"/security", "null"},
					    {"/mandates/0/valid_until", "null"}};
	char *json = demo_edited(edits, 3);
	struct checked k;
	check_text(&k, json, strlen(json));
	assert_int_equal(k.rc, ZV_OK);
	assert_int_equal(zv_config_organisation(&k.cfg, "vt-zuidwest")->secrecy, ZV_SECRECY_WMO);
	assert_int_equal(k.cfg.argon2, ZV_ARGON2_MODERATE);
	zv_arena_release(&k.arena);
	free(json);
}

/* What is given overrides the kind's default; a second factor can be
 * chosen, and is not taken away from the roles that need it. */
static void given_values_override_defaults(void **state)
{
	(void)state;
	static const struct edit edits[] = {{"/organisations/6/public_authority", "true"},
					    {"/organisations/6/secrecy", "\"wgbo\""},
					    {"/professionals/12/second_factor", "false"}};
	char *json = demo_edited(edits, 3);
	struct checked k;
	check_text(&k, json, strlen(json));
	assert_int_equal(k.rc, ZV_OK);
	const struct zv_organisation *o = zv_config_organisation(&k.cfg, "jh-kompas");
	assert_true(o->public_authority);
	assert_int_equal(o->secrecy, ZV_SECRECY_WGBO);
	assert_true(zv_config_professional(&k.cfg, "mark.hendriks")->second_factor);
	zv_arena_release(&k.arena);
	free(json);
}

static void text_over_2048_bytes(void **state)
{
	(void)state;
	char value[2052];
	value[0] = '"';
	memset(value + 1, 'x', 2049);
	memcpy(value + 2050, "\"", 2);
	const struct edit edits[] = {{"/pilot/name", value}};
	char *json = demo_edited(edits, 1);
	struct checked k;
	check_text(&k, json, strlen(json));
	assert_int_equal(k.rc, ZV_EINPUT);
	assert_int_equal(k.problems.count, 1);
	expect_problem(&k, "long text", "$.pilot.name",
		       "is 2049 bytes long; a text is at most 2048 bytes");
	zv_arena_release(&k.arena);
	free(json);
	value[2049] = '"';   /* 2048 bytes are fine */
	value[2050] = '\0';
	json = demo_edited(edits, 1);
	check_text(&k, json, strlen(json));
	assert_int_equal(k.rc, ZV_OK);
	zv_arena_release(&k.arena);
	free(json);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(zv_user_role_name(0), "professional");
	assert_string_equal(zv_user_role_name(4), "auditor");
	assert_string_equal(zv_user_role_name(5), "");
	assert_string_equal(zv_user_role_name(-1), "");
	assert_string_equal(zv_record_type_name(ZV_RECORD_AUDIT), "audit");
	assert_string_equal(zv_record_type_name(ZV_RECORD__COUNT), "");
	assert_string_equal(zv_arrangement_name(ZV_ARR_INFORMING), "informing");
	assert_string_equal(zv_arrangement_name(ZV_ARR_LIABILITY), "liability");
}

/* ---- bytes and syntax -------------------------------------------------- */

static void raw_problem(const char *json, size_t len, const char *path, const char *words,
			bool not_json)
{
	struct checked k;
	check_text(&k, json, len);
	assert_int_equal(k.rc, ZV_EINPUT);
	expect_problem(&k, words, path, words);
	assert_int_equal(k.problems.not_json, not_json);
	zv_arena_release(&k.arena);
}

#define RAW(s) s, sizeof s - 1

static void text_that_is_not_json(void **state)
{
	(void)state;
	raw_problem(RAW("{\"version\":1,"), "$", "invalid JSON at line 1, column 13", true);
	raw_problem(RAW(""), "$", "invalid JSON", true);
	raw_problem(RAW("{\"version\":1} x"), "$", "invalid JSON", true);
	raw_problem(RAW("{\"version\":1,\"pilot\":{\"id\":\"a\",\"name\":\"\xff\xfe\"}}"), "$.pilot.name",
		    "invalid JSON", true);
	raw_problem(RAW("{\"version\":1,\"pilot\":{\"id\":\"a\0\",\"name\":\"A\"}}"), "$",
		    "NUL byte at offset 29", true);
	raw_problem(RAW("{\"version\":1,\"pilot\":{\"id\":\"a\",\"name\":tru}}"), "$.pilot.name",
		    "invalid token", true);
}

static void problems_jansson_finds_are_located(void **state)
{
	(void)state;
	raw_problem(RAW("{\"version\":1,\"pilot\":{\"id\":\"a\",\"name\":\"A\",\"k\\u0000\":1}}"),
		    "$.pilot['k\\\\u0000']", "NUL character", false);
	raw_problem(RAW("{\"version\":1,\"pilot\":{\"id\":\"a\",\"name\":\"A\"},\"organisations\":"
			"[{\"retention_years\":{\"audit\":99999999999999999999}}]}"),
		    "$.organisations[0].retention_years.audit", "too large", false);
	raw_problem(RAW("[1]"), "$", "a configuration is a JSON object, not an array", false);
}

/* A duplicate member is reported where it is, and the rest is still read. */
static void duplicate_member(void **state)
{
	(void)state;
	static const char json[] =
		"{\"version\":1,\"pilot\":{\"id\":\"a\",\"name\":\"A\",\"id\":\"b\"},"
		"\"teams\":[{\"id\":\"t\",\"id\":\"u\"}],\"colour\":1}";
	struct checked k;
	check_text(&k, json, sizeof json - 1);
	assert_int_equal(k.rc, ZV_EINPUT);
	assert_false(k.problems.not_json);
	assert_string_equal(k.problems.items[0].path, "$.pilot.id");
	assert_non_null(strstr(k.problems.items[0].message, "duplicate member"));
	/* jansson stops at the first duplicate; the second read still finds the rest. */
	expect_problem(&k, "team name", "$.teams[0].name", "required");
	expect_problem(&k, "unknown member", "$.colour", "unknown member");
	assert_string_equal(k.err.path, "$.pilot.id");
	zv_arena_release(&k.arena);
}

static void byte_order_mark_is_skipped(void **state)
{
	(void)state;
	static const char json[] = "\xEF\xBB\xBF{\"version\":1,\"pilot\":{\"id\":\"a\",\"name\":\"A\"}}";
	struct checked k;
	check_text(&k, json, sizeof json - 1);
	assert_int_equal(k.rc, ZV_OK);
	zv_arena_release(&k.arena);
}

static void over_four_mebibytes_is_refused(void **state)
{
	(void)state;
	size_t n = ZV_CONFIG_MAX_BYTES + 1;
	char *json = malloc(n);
	memset(json, ' ', n);
	memcpy(json, "{}", 2);
	raw_problem(json, n, "$", "at most 4194304 (4 MiB)", true);
	free(json);
}

static void deep_nesting_is_refused(void **state)
{
	(void)state;
	char json[202];
	memset(json, '[', 101);
	memset(json + 101, ']', 101);
	raw_problem(json, sizeof json, "$", "nesting deeper than 64 levels", true);
}

/* ---- many problems ----------------------------------------------------- */

/* Problems of both passes, in members written out of the format's order,
 * come out in the order of the document. */
static void all_problems_in_document_order(void **state)
{
	(void)state;
	static const char json[] =
		"{\"teams\":[{\"id\":\"t\",\"name\":\"T\",\"kind\":\"local_team\","
		"\"collaboration\":\"network\",\"organisation\":\"nope\"}],"
		"\"pilot\":{\"name\":\"P\",\"id\":\"Bad\"},"
		"\"colour\":1,"
		"\"version\":1,"
		"\"professionals\":[{\"second_factor\":\"no\",\"login\":\"a\",\"name\":\"A\","
		"\"organisation\":\"o\",\"roles\":[\"auditor\"],\"teams\":[\"t\",\"x\"]},"
		"{\"name\":\"B\"}],"
		"\"organisations\":[{\"id\":\"o1\"}]}";
	static const char *const expected[] = {
		"$.teams[0].organisation",
		"$.pilot.id",
		"$.colour",
		"$.professionals[0].second_factor",
		"$.professionals[0].organisation",
		"$.professionals[0].teams",
		"$.professionals[0].teams[1]",
		"$.professionals[1].login",
		"$.professionals[1].organisation",
		"$.professionals[1].roles",
		"$.organisations[0].name",
		"$.organisations[0].kind",
		"$.organisations[0].tasks",
		"$.organisations[0].retention_years",
	};
	size_t n = sizeof expected / sizeof *expected;
	struct checked k;
	check_text(&k, json, sizeof json - 1);
	assert_int_equal(k.rc, ZV_EINPUT);
	if (k.problems.count != n)
		print_problems(&k);
	assert_int_equal(k.problems.count, n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(k.problems.items[i].path, expected[i])) {
			print_problems(&k);
			fail_msg("problem %zu at %s, expected %s", i, k.problems.items[i].path,
				 expected[i]);
		}
	assert_false(k.problems.truncated);
	assert_string_equal(k.err.path, "$.teams[0].organisation");
	zv_arena_release(&k.arena);
}

/* 4 001 problems: the first 1000 in document order are kept, even when the
 * second pass finds one near the start after the first pass filled the list. */
static void at_most_a_thousand_problems(void **state)
{
	(void)state;
	struct zv_buf b;
	zv_buf_init(&b, 0);
	zv_buf_puts(&b, "{\"teams\":[{\"id\":\"t\",\"name\":\"T\",\"kind\":\"local_team\","
			"\"collaboration\":\"network\",\"organisation\":\"nope\"}],"
			"\"version\":1,\"pilot\":{\"id\":\"p\",\"name\":\"P\"},\"professionals\":[");
	for (int i = 0; i < 1000; i++)
		zv_buf_puts(&b, i ? ",{}" : "{}");
	zv_buf_puts(&b, "]}");
	assert_false(b.failed);
	struct checked k;
	check_text(&k, b.data, b.len);
	assert_int_equal(k.rc, ZV_EINPUT);
	assert_int_equal(k.problems.count, ZV_CONFIG_MAX_PROBLEMS);
	assert_int_equal(k.problems.cap, ZV_CONFIG_MAX_PROBLEMS);
	assert_true(k.problems.truncated);
	assert_string_equal(k.problems.items[0].path, "$.teams[0].organisation");
	assert_string_equal(k.problems.items[1].path, "$.professionals[0].login");
	assert_string_equal(k.problems.items[4].path, "$.professionals[0].roles");
	/* Four per professional: login, name, organisation, roles. */
	assert_string_equal(k.problems.items[999].path, "$.professionals[249].organisation");
	zv_arena_release(&k.arena);
	zv_buf_release(&b);
}

/* ---- files and memory -------------------------------------------------- */

static void load_reads_a_file(void **state)
{
	(void)state;
	char path[] = "/tmp/zv-config-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, zv_config_demo_json, zv_config_demo_json_len),
			 (ssize_t)zv_config_demo_json_len);
	close(fd);
	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_config cfg;
	struct zv_config_problems problems;
	struct zv_error err = {0};
	assert_int_equal(zv_config_load(path, &arena, &cfg, &problems, &err), ZV_OK);
	assert_int_equal(cfg.n_professionals, 13);
	unlink(path);
	assert_int_equal(zv_config_load(path, &arena, &cfg, &problems, &err), ZV_EIO);
	assert_non_null(strstr(err.message, path));
	assert_int_equal(problems.count, 0);
	zv_arena_release(&arena);
}

static int parse_with_arena_limit(const char *json, size_t len, size_t limit)
{
	struct zv_arena arena;
	zv_arena_init(&arena, limit);
	struct zv_config cfg;
	struct zv_config_problems problems;
	struct zv_error err = {0};
	int rc = zv_config_parse(json, len, &arena, &cfg, &problems, &err);
	if (rc == ZV_ENOMEM) {
		assert_int_equal(err.code, ZV_ENOMEM);
		assert_true(err.message[0] != '\0');
		assert_int_equal(problems.count, 0);
		assert_null(problems.items);
	}
	zv_arena_release(&arena);
	return rc;
}

/* Every arena size up to what is needed fails cleanly, never crashes. */
static void arena_running_out(void **state)
{
	(void)state;
	assert_int_equal(parse_with_arena_limit(zv_config_demo_json, zv_config_demo_json_len, 64),
			 ZV_ENOMEM);
	size_t limit = 16;
	int rc;
	while ((rc = parse_with_arena_limit(zv_config_demo_json, zv_config_demo_json_len,
					    limit)) == ZV_ENOMEM) {
		limit += 64;
		assert_true(limit < (16u << 20));
	}
	assert_int_equal(rc, ZV_OK);
	/* And with problems to keep. */
	static const struct edit edits[] = {{"/organisations/6/tasks/0/provision", NULL},
					    {"/joint_controllers/0", NULL},
					    {"/colour", "1"}};
	char *json = demo_edited(edits, 3);
	limit = 16;
	while ((rc = parse_with_arena_limit(json, strlen(json), limit)) == ZV_ENOMEM) {
		limit += 64;
		assert_true(limit < (16u << 20));
	}
	assert_int_equal(rc, ZV_EINPUT);
	free(json);
}

int main(void)
{
	struct CMUnitTest *tests = calloc(N_BAD + 32, sizeof *tests);
	int n = 0;
	const struct CMUnitTest first[] = {
		cmocka_unit_test(demo_parses_with_its_values),
		cmocka_unit_test(minimal_configuration_parses),
		cmocka_unit_test(null_takes_the_default),
		cmocka_unit_test(given_values_override_defaults),
		cmocka_unit_test(names),
	};
	for (size_t i = 0; i < sizeof first / sizeof *first; i++)
		tests[n++] = first[i];
	for (int i = 0; i < N_BAD; i++)
		tests[n++] = (struct CMUnitTest){.name = BAD[i].name, .test_func = bad_case_is_located,
						 .initial_state = (void *)(uintptr_t)&BAD[i]};
	const struct CMUnitTest more[] = {
		cmocka_unit_test(text_over_2048_bytes),
		cmocka_unit_test(text_that_is_not_json),
		cmocka_unit_test(problems_jansson_finds_are_located),
		cmocka_unit_test(duplicate_member),
		cmocka_unit_test(byte_order_mark_is_skipped),
		cmocka_unit_test(over_four_mebibytes_is_refused),
		cmocka_unit_test(deep_nesting_is_refused),
		cmocka_unit_test(all_problems_in_document_order),
		cmocka_unit_test(at_most_a_thousand_problems),
		cmocka_unit_test(load_reads_a_file),
		cmocka_unit_test(arena_running_out),
	};
	for (size_t i = 0; i < sizeof more / sizeof *more; i++)
		tests[n++] = more[i];
	int failed = _cmocka_run_group_tests("config", tests, (size_t)n, NULL, NULL);
	free(tests);
	return failed;
}
