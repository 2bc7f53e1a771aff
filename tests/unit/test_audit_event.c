/*
 * test_audit_event.c — audit events and their timestamps: the rules an
 * event must keep (zv_audit_event_check, with the JSON path of what broke),
 * the canonical JSON that a Merkle leaf commits to (encode, and a strict
 * decode that refuses any other spelling of the same event), UTC times as
 * "YYYY-MM-DDTHH:MM:SS.ffffffZ", and the names of the actions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zv/audit.h"

/* A list of ids as a compound literal: it lives to the end of the enclosing block. */
#define IDS(...)                                                                        \
	((struct zv_audit_ids){.ids = (const char *const[]){__VA_ARGS__},                   \
			       .count = sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *)})

/* ---- events used throughout ---------------------------------------------------- */

/* Every member set, with lists of several ids and text that needs escaping. */
static const char *const PERSONS[] = {"p1", "p2", "p3"}, *const HOUSEHOLDS[] = {"h1"},
		  *const CASES[] = {"c1", "c2"}, *const ENTRIES[] = {"e1", "e2"},
		  *const CATEGORIES[] = {"medisch", "justitie"};

#define LIST(a) ((struct zv_audit_ids){.ids = (a), .count = sizeof(a) / sizeof *(a)})

static struct zv_audit_event full_event(void)
{
	return (struct zv_audit_event){
		.seq = 42,
		.at_us = 1795942341123456,   /* 2026-11-29T08:52:21.123456Z */
		.action = ZV_AUDIT_BREAK_THE_GLASS,
		.outcome = ZV_AUDIT_REFUSED,
		.who = {.user = "j.jansen",
			.name = "Jan \"JJ\" Jansen",
			.role = "arts",
			.org = "GGD Hollands-Noorden/Texel",
			.mandate = "m-17",
			.on_behalf_of = "p.pietersen"},
		.persons = LIST(PERSONS),
		.households = LIST(HOUSEHOLDS),
		.cases = LIST(CASES),
		.entries = LIST(ENTRIES),
		.categories = LIST(CATEGORIES),
		.why = {.purpose = "zorg", .decision = "d-9", .reason = "spoed:\nbewusteloos\t(SEH)"},
		.from = "10.0.0.7",
		.detail = "C:\\pad \"x\"",
	};
}

static const char FULL_JSON[] =
	"{\"seq\":42,\"at\":\"2026-11-29T08:52:21.123456Z\",\"action\":\"break_the_glass\","
	"\"outcome\":\"refused\",\"who\":{\"user\":\"j.jansen\",\"name\":\"Jan \\\"JJ\\\" Jansen\","
	"\"role\":\"arts\",\"org\":\"GGD Hollands-Noorden/Texel\",\"mandate\":\"m-17\","
	"\"for\":\"p.pietersen\"},\"whose\":{\"persons\":[\"p1\",\"p2\",\"p3\"],"
	"\"households\":[\"h1\"],\"cases\":[\"c1\",\"c2\"]},\"what\":{\"entries\":[\"e1\",\"e2\"],"
	"\"categories\":[\"medisch\",\"justitie\"]},\"why\":{\"purpose\":\"zorg\",\"decision\":\"d-9\","
	"\"reason\":\"spoed:\\nbewusteloos\\t(SEH)\"},\"from\":\"10.0.0.7\","
	"\"detail\":\"C:\\\\pad \\\"x\\\"\"}";

/* Only what is required. */
static struct zv_audit_event minimal_event(void)
{
	return (struct zv_audit_event){.action = ZV_AUDIT_VIEW, .outcome = ZV_AUDIT_DONE,
				       .who = {.user = "u"}, .from = "t"};
}

static const char MINIMAL_JSON[] =
	"{\"seq\":0,\"at\":\"1970-01-01T00:00:00.000000Z\",\"action\":\"view\",\"outcome\":\"done\","
	"\"who\":{\"user\":\"u\"},\"from\":\"t\"}";

/* ---- helpers ---------------------------------------------------------------------- */

static bool absent(const char *s)
{
	return !s || !*s;
}

static void assert_text_equal(const char *got, const char *want)
{
	if (absent(want))
		assert_true(absent(got));
	else
		assert_string_equal(got ? got : "(absent)", want);
}

static void assert_ids_equal(const struct zv_audit_ids *got, const struct zv_audit_ids *want)
{
	assert_int_equal(got->count, want->count);
	for (size_t i = 0; i < want->count; i++)
		assert_string_equal(got->ids[i], want->ids[i]);
}

static void assert_events_equal(const struct zv_audit_event *got,
				const struct zv_audit_event *want)
{
	assert_int_equal(got->seq, want->seq);
	assert_int_equal(got->at_us, want->at_us);
	assert_int_equal(got->action, want->action);
	assert_int_equal(got->outcome, want->outcome);
	assert_text_equal(got->who.user, want->who.user);
	assert_text_equal(got->who.name, want->who.name);
	assert_text_equal(got->who.role, want->who.role);
	assert_text_equal(got->who.org, want->who.org);
	assert_text_equal(got->who.mandate, want->who.mandate);
	assert_text_equal(got->who.on_behalf_of, want->who.on_behalf_of);
	assert_ids_equal(&got->persons, &want->persons);
	assert_ids_equal(&got->households, &want->households);
	assert_ids_equal(&got->cases, &want->cases);
	assert_ids_equal(&got->entries, &want->entries);
	assert_ids_equal(&got->categories, &want->categories);
	assert_text_equal(got->why.purpose, want->why.purpose);
	assert_text_equal(got->why.decision, want->why.decision);
	assert_text_equal(got->why.reason, want->why.reason);
	assert_text_equal(got->from, want->from);
	assert_text_equal(got->detail, want->detail);
}

/* Encode (after checking), compare with `want_json` when given, decode, compare
 * the events, and re-encode to the very same bytes. */
static void assert_round_trip(const struct zv_audit_event *e, const char *want_json)
{
	struct zv_error err = {0};
	assert_int_equal(zv_audit_event_check(e, &err), ZV_OK);
	struct zv_buf json;
	zv_buf_init(&json, 0);
	zv_audit_event_encode(e, &json);
	assert_false(json.failed);
	if (want_json) {
		assert_string_equal(json.data, want_json);
		assert_int_equal(json.len, strlen(want_json));
	}

	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_audit_event back;
	memset(&back, 0x5A, sizeof back);
	int rc = zv_audit_event_decode(json.data, json.len, &arena, &back, &err);
	if (rc)
		print_error("decode: %s %s\n", err.path, err.message);
	assert_int_equal(rc, ZV_OK);
	assert_events_equal(&back, e);

	struct zv_buf again;
	zv_buf_init(&again, 0);
	zv_audit_event_encode(&back, &again);
	assert_int_equal(again.len, json.len);
	assert_memory_equal(again.data, json.data, json.len);
	zv_buf_release(&again);
	zv_arena_release(&arena);
	zv_buf_release(&json);
}

/* Decode `len` bytes; returns the result and leaves the error in `err`. */
static int decode(const char *entry, size_t len, struct zv_error *err)
{
	struct zv_arena arena;
	zv_arena_init(&arena, 0);
	struct zv_audit_event e;
	/* A copy of exactly `len` bytes on the heap, so that the sanitizers see any
	 * read past the end. */
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	if (len)
		memcpy(copy, entry, len);
	memset(err, 0, sizeof *err);
	int rc = zv_audit_event_decode(copy, len, &arena, &e, err);
	free(copy);
	zv_arena_release(&arena);
	return rc;
}

static void assert_decodes(const char *json)
{
	struct zv_error err;
	int rc = decode(json, strlen(json), &err);
	if (rc)
		print_error("%s\n  refused: %s %s\n", json, err.path, err.message);
	assert_int_equal(rc, ZV_OK);
}

static void assert_refused_bytes(const char *json, size_t len)
{
	struct zv_error err;
	int rc = decode(json, len, &err);
	if (rc != ZV_EINPUT)
		print_error("%.*s\n  was not refused (%d)\n", (int)len, json, rc);
	assert_int_equal(rc, ZV_EINPUT);
	assert_int_equal(err.code, ZV_EINPUT);
}

static void assert_refused(const char *json)
{
	assert_refused_bytes(json, strlen(json));
}

/* `base` with the first `from` replaced by `to` (which must occur). malloc'd. */
static char *replaced(const char *base, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	if (!at) {
		print_error("\"%s\" is not in %s\n", from, base);
		fail();
	}
	size_t head = (size_t)(at - base), fl = strlen(from), tl = strlen(to);
	size_t tail = strlen(at + fl);
	char *out = malloc(head + tl + tail + 1);
	assert_non_null(out);
	memcpy(out, base, head);
	memcpy(out + head, to, tl);
	memcpy(out + head + tl, at + fl, tail + 1);
	return out;
}

static void assert_refused_with(const char *base, const char *from, const char *to)
{
	char *s = replaced(base, from, to);
	assert_refused(s);
	free(s);
}

/* ---- round trips -------------------------------------------------------------------- */

static void full_event_round_trips_in_canonical_form(void **state)
{
	(void)state;
	struct zv_audit_event e = full_event();
	assert_round_trip(&e, FULL_JSON);
	e.outcome = ZV_AUDIT_DONE;
	e.action = ZV_AUDIT_DISCLOSE;
	assert_round_trip(&e, NULL);
}

static void minimal_event_round_trips(void **state)
{
	(void)state;
	struct zv_audit_event e = minimal_event();
	assert_round_trip(&e, MINIMAL_JSON);
	/* "" is absent, as NULL is. */
	e.who.name = "";
	e.why.purpose = "";
	e.detail = "";
	assert_round_trip(&e, MINIMAL_JSON);
	/* One member of a group brings the group; the others stay out. */
	struct zv_audit_event f = minimal_event();
	f.cases = IDS("c9");
	f.categories = IDS("k");
	f.why.decision = "d";
	assert_round_trip(&f, "{\"seq\":0,\"at\":\"1970-01-01T00:00:00.000000Z\",\"action\":\"view\","
			      "\"outcome\":\"done\",\"who\":{\"user\":\"u\"},"
			      "\"whose\":{\"cases\":[\"c9\"]},\"what\":{\"categories\":[\"k\"]},"
			      "\"why\":{\"decision\":\"d\"},\"from\":\"t\"}");
	/* A break of the glass needs only its reason besides. */
	struct zv_audit_event g = minimal_event();
	g.action = ZV_AUDIT_BREAK_THE_GLASS;
	g.why.reason = "r";
	assert_round_trip(&g, "{\"seq\":0,\"at\":\"1970-01-01T00:00:00.000000Z\","
			      "\"action\":\"break_the_glass\",\"outcome\":\"done\","
			      "\"who\":{\"user\":\"u\"},\"why\":{\"reason\":\"r\"},\"from\":\"t\"}");
}

static void every_action_and_outcome_round_trips(void **state)
{
	(void)state;
	for (int a = 0; a < ZV_AUDIT_ACTION_COUNT; a++) {
		for (int o = 0; o < 2; o++) {
			struct zv_audit_event e = full_event();
			e.action = (enum zv_audit_action)a;
			e.outcome = o ? ZV_AUDIT_REFUSED : ZV_AUDIT_DONE;
			e.seq = (uint64_t)a * 1000 + (uint64_t)o;
			assert_round_trip(&e, NULL);
		}
	}
}

static void escaped_and_non_ascii_text_round_trips(void **state)
{
	(void)state;
	struct zv_audit_event e = minimal_event();
	e.who.user = "\"quoted\"\\back\\slash\\";
	e.who.name = "Zoë Ĳsselmeer – 日本 😀";
	e.who.org = "\\";
	e.who.role = "\"";
	e.persons = IDS("persoon \"1\"", "persoon \\2", "é", "😀");
	e.why.reason = "line one\nline two\n\ttabbed \"quoted\" \\ end\n";
	e.detail = "\n\t\n\\\"\\n is not a newline";
	e.from = "terminal/7 ü";
	assert_round_trip(&e, NULL);

	/* The escapes are exactly \" \\ \n \t; UTF-8 and '/' go as they are. */
	struct zv_audit_event f = minimal_event();
	f.who.user = "a\"b\\c/dé";
	f.detail = "x\ny\tz";
	assert_round_trip(&f, "{\"seq\":0,\"at\":\"1970-01-01T00:00:00.000000Z\",\"action\":\"view\","
			      "\"outcome\":\"done\",\"who\":{\"user\":\"a\\\"b\\\\c/dé\"},"
			      "\"from\":\"t\",\"detail\":\"x\\ny\\tz\"}");
}

static void largest_events_round_trip(void **state)
{
	(void)state;
	static char ids[5][ZV_AUDIT_MAX_IDS][16];
	static const char *ptrs[5][ZV_AUDIT_MAX_IDS];
	for (int l = 0; l < 5; l++)
		for (int i = 0; i < ZV_AUDIT_MAX_IDS; i++) {
			snprintf(ids[l][i], sizeof ids[l][i], "id-%d-%d", l, i);
			ptrs[l][i] = ids[l][i];
		}
	static char long_id[ZV_AUDIT_MAX_ID + 1], long_text[ZV_AUDIT_MAX_TEXT + 1];
	memset(long_id, 'i', ZV_AUDIT_MAX_ID);
	for (size_t i = 0; i < ZV_AUDIT_MAX_TEXT; i++)
		long_text[i] = i % 50 == 49 ? '\n' : (char)('a' + i % 26);

	struct zv_audit_event e = full_event();
	e.seq = UINT64_MAX;
	e.at_us = 7258118399999999;   /* 2199-12-31T23:59:59.999999Z, the last there is */
	struct zv_audit_ids *lists[5] = {&e.persons, &e.households, &e.cases, &e.entries,
					 &e.categories};
	for (int l = 0; l < 5; l++)
		*lists[l] = (struct zv_audit_ids){.ids = ptrs[l], .count = ZV_AUDIT_MAX_IDS};
	e.who.user = long_id;
	e.who.name = long_id;
	e.from = long_id;
	e.why.reason = long_text;
	e.detail = long_text;
	assert_round_trip(&e, NULL);

	struct zv_buf json;
	zv_buf_init(&json, 0);
	zv_audit_event_encode(&e, &json);
	assert_non_null(strstr(json.data, "{\"seq\":18446744073709551615,"));
	assert_non_null(strstr(json.data, "\"at\":\"2199-12-31T23:59:59.999999Z\""));
	/* One id more than a list may hold. */
	char last[32], more[64];
	snprintf(last, sizeof last, "\"id-0-%d\"]", ZV_AUDIT_MAX_IDS - 1);
	snprintf(more, sizeof more, "\"id-0-%d\",\"id-0-%d\"]", ZV_AUDIT_MAX_IDS - 1,
		 ZV_AUDIT_MAX_IDS);
	char *over = replaced(json.data, last, more);
	assert_refused(over);
	free(over);
	/* A seq one past the largest. */
	assert_refused_with(json.data, "18446744073709551615", "18446744073709551616");
	assert_refused_with(json.data, "18446744073709551615", "99999999999999999999");
	zv_buf_release(&json);
}

/* ---- strict decoding --------------------------------------------------------------- */

static void canonical_bytes_decode(void **state)
{
	(void)state;
	assert_decodes(FULL_JSON);
	assert_decodes(MINIMAL_JSON);
}

static void whitespace_is_refused(void **state)
{
	(void)state;
	static const char *const at[][2] = {
		{"{\"seq\"", "{ \"seq\""},
		{"\"seq\":42", "\"seq\": 42"},
		{"\"seq\":42", "\"seq\" :42"},
		{",\"action\"", ", \"action\""},
		{"\"who\":{", "\"who\":{\n"},
		{"\"p1\",\"p2\"", "\"p1\", \"p2\""},
		{"[\"p1\"", "[ \"p1\""},
		{"\"p3\"]", "\"p3\" ]"},
		{"(SEH)\"}", "(SEH)\" }"},
		{"(SEH)\"}", "(SEH)\"}\n"},
		{"\"d-9\"", "\t\"d-9\""},
	};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++)
		assert_refused_with(FULL_JSON, at[i][0], at[i][1]);
	char buf[sizeof FULL_JSON + 2];
	snprintf(buf, sizeof buf, " %s", FULL_JSON);
	assert_refused(buf);
	snprintf(buf, sizeof buf, "%s\n", FULL_JSON);
	assert_refused(buf);
	snprintf(buf, sizeof buf, "%s\r\n", FULL_JSON);
	assert_refused(buf);
}

static void reordered_members_are_refused(void **state)
{
	(void)state;
	static const char *const at[][2] = {
		{"\"seq\":42,\"at\":\"2026-11-29T08:52:21.123456Z\"",
		 "\"at\":\"2026-11-29T08:52:21.123456Z\",\"seq\":42"},
		{"\"action\":\"break_the_glass\",\"outcome\":\"refused\"",
		 "\"outcome\":\"refused\",\"action\":\"break_the_glass\""},
		{"\"user\":\"j.jansen\",\"name\":\"Jan \\\"JJ\\\" Jansen\"",
		 "\"name\":\"Jan \\\"JJ\\\" Jansen\",\"user\":\"j.jansen\""},
		{"\"mandate\":\"m-17\",\"for\":\"p.pietersen\"",
		 "\"for\":\"p.pietersen\",\"mandate\":\"m-17\""},
		{"\"persons\":[\"p1\",\"p2\",\"p3\"],\"households\":[\"h1\"]",
		 "\"households\":[\"h1\"],\"persons\":[\"p1\",\"p2\",\"p3\"]"},
		{"\"entries\":[\"e1\",\"e2\"],\"categories\":[\"medisch\",\"justitie\"]",
		 "\"categories\":[\"medisch\",\"justitie\"],\"entries\":[\"e1\",\"e2\"]"},
		{"\"purpose\":\"zorg\",\"decision\":\"d-9\"", "\"decision\":\"d-9\",\"purpose\":\"zorg\""},
		{"\"from\":\"10.0.0.7\",\"detail\":\"C:\\\\pad \\\"x\\\"\"",
		 "\"detail\":\"C:\\\\pad \\\"x\\\"\",\"from\":\"10.0.0.7\""},
	};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++)
		assert_refused_with(FULL_JSON, at[i][0], at[i][1]);
	/* Whole groups moved: "what" before "whose", "from" before "why". */
	char *a = replaced(FULL_JSON, ",\"whose\":{\"persons\":[\"p1\",\"p2\",\"p3\"],"
				      "\"households\":[\"h1\"],\"cases\":[\"c1\",\"c2\"]}", "");
	char *b = replaced(a, ",\"why\"",
			   ",\"whose\":{\"persons\":[\"p1\",\"p2\",\"p3\"],"
			   "\"households\":[\"h1\"],\"cases\":[\"c1\",\"c2\"]},\"why\"");
	assert_refused(b);
	free(a);
	free(b);
	char *c = replaced(FULL_JSON, ",\"from\":\"10.0.0.7\"", "");
	char *d = replaced(c, ",\"why\"", ",\"from\":\"10.0.0.7\",\"why\"");
	assert_refused(d);
	free(c);
	free(d);
	/* Ids within a list keep their order, and a list in another order is
	 * another event (a different leaf), still canonical. */
	char *e = replaced(FULL_JSON, "[\"p1\",\"p2\",\"p3\"]", "[\"p2\",\"p1\",\"p3\"]");
	assert_decodes(e);
	free(e);
}

static void unknown_and_repeated_members_are_refused(void **state)
{
	(void)state;
	assert_refused_with(FULL_JSON, ",\"from\"", ",\"extra\":\"x\",\"from\"");
	assert_refused_with(FULL_JSON, "\"user\":\"j.jansen\",", "\"user\":\"j.jansen\",\"nick\":\"jj\",");
	assert_refused_with(FULL_JSON, "\"cases\"", "\"groups\":[\"g\"],\"cases\"");
	assert_refused_with(FULL_JSON, "\"purpose\"", "\"why_not\":\"x\",\"purpose\"");
	assert_refused_with(FULL_JSON, "(SEH)\"}", "(SEH)\",\"x\":\"y\"}");
	assert_refused_with(MINIMAL_JSON, "\"t\"}", "\"t\",\"x\":1}");
	assert_refused_with(MINIMAL_JSON, "\"t\"}", "\"t\",\"from\":\"t\"}");
	assert_refused_with(MINIMAL_JSON, "\"user\":\"u\"", "\"user\":\"u\",\"user\":\"u\"");
	assert_refused_with(MINIMAL_JSON, "\"outcome\":\"done\"",
			    "\"outcome\":\"done\",\"outcome\":\"done\"");
	/* Members named in another case. */
	assert_refused_with(MINIMAL_JSON, "\"from\"", "\"From\"");
	assert_refused_with(MINIMAL_JSON, "\"seq\"", "\"SEQ\"");
}

static void other_escapes_are_refused(void **state)
{
	(void)state;
	static const char *const at[][2] = {
		{"spoed:\\n", "spoed:\\u000a"},
		{"spoed:\\n", "spoed:\\u000A"},
		{"bewusteloos\\t", "bewusteloos\\u0009"},
		{"Jan \\\"JJ", "Jan \\u0022JJ"},
		{"C:\\\\pad", "C:\\u005cpad"},
		{"Noorden/Texel", "Noorden\\/Texel"},
		{"j.jansen", "j\\u002ejansen"},
		{"j.jansen", "\\u006a.jansen"},
		{"spoed:\\n", "spoed:\\r"},
		{"spoed:\\n", "spoed:\\b"},
		{"spoed:\\n", "spoed:\\f"},
		{"spoed:\\n", "spoed:\\x0a"},
		{"spoed:\\n", "spoed:\\U000a"},
		{"spoed:\\n", "spoed:\\u00"},
		{"spoed:\\n", "spoed:\\u0"},
		{"spoed:\\n", "spoed:\\u"},
		{"spoed:\\n", "spoed:\\"},
		{"spoed:\\n", "spoed:\\u000g"},
		{"spoed:\\n", "spoed:\\u010a"},
		{"spoed:\\n", "spoed:\\ud83d\\ude00"},
		/* The bytes themselves, unescaped. */
		{"spoed:\\n", "spoed:\n"},
		{"bewusteloos\\t", "bewusteloos\t"},
		/* Escapes of bytes that may not stand at all. */
		{"j.jansen", "j\\u0000jansen"},
		{"j.jansen", "j\\u0001jansen"},
		{"j.jansen", "j\\u007fjansen"},
		{"j.jansen", "j\\u00e9jansen"},   /* a lone byte 0xE9: not UTF-8 */
	};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++)
		assert_refused_with(FULL_JSON, at[i][0], at[i][1]);
	/* A raw NUL inside a string. */
	char buf[sizeof FULL_JSON];
	memcpy(buf, FULL_JSON, sizeof buf);
	char *dot = strstr(buf, "j.jansen");
	dot[1] = '\0';
	assert_refused_bytes(buf, sizeof FULL_JSON - 1);
}

static void empty_lists_and_groups_are_refused(void **state)
{
	(void)state;
	assert_refused_with(FULL_JSON, "\"households\":[\"h1\"]", "\"households\":[]");
	assert_refused_with(FULL_JSON, "\"persons\":[\"p1\",\"p2\",\"p3\"]", "\"persons\":[]");
	assert_refused_with(FULL_JSON, "\"categories\":[\"medisch\",\"justitie\"]",
			    "\"categories\":[]");
	assert_refused_with(FULL_JSON, "\"p3\"]", "\"p3\",]");
	assert_refused_with(FULL_JSON, "[\"p1\"", "[,\"p1\"");
	assert_refused_with(FULL_JSON, "[\"p1\"", "[\"\",\"p1\"");   /* an empty id */
	assert_refused_with(FULL_JSON, "[\"p1\",\"p2\"", "[\"p1\",\"p1\"");   /* repeated */
	assert_refused_with(MINIMAL_JSON, ",\"from\"", ",\"whose\":{},\"from\"");
	assert_refused_with(MINIMAL_JSON, ",\"from\"", ",\"what\":{},\"from\"");
	assert_refused_with(MINIMAL_JSON, ",\"from\"", ",\"why\":{},\"from\"");
	assert_refused_with(MINIMAL_JSON, ",\"from\"", ",\"whose\":{\"persons\":[]},\"from\"");
	/* An empty string is absent, and absent is left out. */
	assert_refused_with(MINIMAL_JSON, "\"user\":\"u\"", "\"user\":\"u\",\"name\":\"\"");
	assert_refused_with(MINIMAL_JSON, ",\"from\"", ",\"why\":{\"purpose\":\"\"},\"from\"");
	assert_refused_with(MINIMAL_JSON, "\"t\"}", "\"t\",\"detail\":\"\"}");
}

static void trailing_and_truncated_bytes_are_refused(void **state)
{
	(void)state;
	const char *const bases[] = {FULL_JSON, MINIMAL_JSON};
	for (size_t b = 0; b < 2; b++) {
		size_t len = strlen(bases[b]);
		/* Every proper prefix, the empty one included. */
		for (size_t n = 0; n < len; n++)
			assert_refused_bytes(bases[b], n);
		char *buf = malloc(len + 8);
		assert_non_null(buf);
		static const char *const tails[] = {"x", "}", "{}", " ", "\n", ",", "\"", "0"};
		for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
			snprintf(buf, len + 8, "%s%s", bases[b], tails[t]);
			assert_refused(buf);
		}
		memcpy(buf, bases[b], len + 1);   /* the NUL counted in */
		assert_refused_bytes(buf, len + 1);
		free(buf);
	}
}

static void bad_numbers_times_and_names_are_refused(void **state)
{
	(void)state;
	static const char *const at[][2] = {
		/* seq */
		{"\"seq\":42", "\"seq\":042"},
		{"\"seq\":42", "\"seq\":+42"},
		{"\"seq\":42", "\"seq\":-42"},
		{"\"seq\":42", "\"seq\":42.0"},
		{"\"seq\":42", "\"seq\":4.2e1"},
		{"\"seq\":42", "\"seq\":\"42\""},
		{"\"seq\":42", "\"seq\":"},
		{"\"seq\":42", "\"seq\":null"},
		/* the time */
		{"2026-11-29T08:52:21.123456Z", "2026-13-29T08:52:21.123456Z"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-31T08:52:21.123456Z"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29T24:52:21.123456Z"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29T08:60:21.123456Z"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29T08:52:60.123456Z"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29T08:52:21.123456"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29T08:52:21.123456+00:00"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29T08:52:21Z"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29T08:52:21.123Z"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29 08:52:21.123456Z"},
		{"2026-11-29T08:52:21.123456Z", "2026-11-29t08:52:21.123456z"},
		{"2026-11-29T08:52:21.123456Z", "1969-12-31T23:59:59.999999Z"},
		{"2026-11-29T08:52:21.123456Z", ""},
		{"\"at\":\"2026-11-29T08:52:21.123456Z\"", "\"at\":1795942341123456"},
		/* action and outcome */
		{"\"break_the_glass\"", "\"break_glass\""},
		{"\"break_the_glass\"", "\"BREAK_THE_GLASS\""},
		{"\"break_the_glass\"", "\"unknown\""},
		{"\"break_the_glass\"", "\"\""},
		{"\"break_the_glass\"", "11"},
		{"\"refused\"", "\"denied\""},
		{"\"refused\"", "\"Done\""},
		{"\"refused\"", "\"\""},
		{"\"refused\"", "1"},
	};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++)
		assert_refused_with(FULL_JSON, at[i][0], at[i][1]);
}

/* Bytes that spell an event the rules do not allow: refused with the path. */
static void decoded_events_must_keep_the_rules(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *path;
	} cases[] = {
		{"\"user\":\"j.jansen\",", "", "$.who.user"},
		{",\"from\":\"10.0.0.7\"", "", "$.from"},
		{",\"reason\":\"spoed:\\nbewusteloos\\t(SEH)\"", "", "$.why.reason"},
		{"\"role\":\"arts\"", "\"role\":\"ar\\nts\"", "$.who.role"},
		{"\"role\":\"arts\"", "\"role\":\"ar\\tts\"", "$.who.role"},
		{"\"c2\"", "\"c1\"", "$.whose.cases[1]"},
		{"\"e2\"", "\"e\\u0001\"", "$.what.entries[1]"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = replaced(FULL_JSON, cases[i].from, cases[i].to);
		struct zv_error err;
		assert_int_equal(decode(s, strlen(s), &err), ZV_EINPUT);
		assert_string_equal(err.path, cases[i].path);
		free(s);
	}
}

/* ---- the rules ---------------------------------------------------------------------- */

static void assert_breaks(const struct zv_audit_event *e, const char *path)
{
	struct zv_error err;
	memset(&err, 0, sizeof err);
	int rc = zv_audit_event_check(e, &err);
	if (rc != ZV_EINPUT)
		print_error("expected a problem at %s, got %d\n", path, rc);
	assert_int_equal(rc, ZV_EINPUT);
	assert_int_equal(err.code, ZV_EINPUT);
	assert_string_equal(err.path, path);
	assert_true(err.message[0] != '\0');
}

static void assert_keeps(const struct zv_audit_event *e)
{
	struct zv_error err = {0};
	int rc = zv_audit_event_check(e, &err);
	if (rc)
		print_error("refused: %s %s\n", err.path, err.message);
	assert_int_equal(rc, ZV_OK);
}

static void required_members(void **state)
{
	(void)state;
	struct zv_audit_event e = minimal_event();
	assert_keeps(&e);
	e = full_event();
	assert_keeps(&e);

	e = minimal_event();
	e.who.user = NULL;
	assert_breaks(&e, "$.who.user");
	e.who.user = "";
	assert_breaks(&e, "$.who.user");

	e = minimal_event();
	e.from = NULL;
	assert_breaks(&e, "$.from");
	e.from = "";
	assert_breaks(&e, "$.from");

	e = minimal_event();
	e.action = ZV_AUDIT_BREAK_THE_GLASS;
	assert_breaks(&e, "$.why.reason");
	e.why.reason = "";
	assert_breaks(&e, "$.why.reason");
	e.why.purpose = "zorg";   /* a purpose is no reason */
	assert_breaks(&e, "$.why.reason");
	e.why.reason = "bewusteloos";
	assert_keeps(&e);
	/* Other actions need no reason. */
	for (int a = 0; a < ZV_AUDIT_ACTION_COUNT; a++) {
		e = minimal_event();
		e.action = (enum zv_audit_action)a;
		if (a == ZV_AUDIT_BREAK_THE_GLASS)
			assert_breaks(&e, "$.why.reason");
		else
			assert_keeps(&e);
	}

	e = minimal_event();
	e.action = ZV_AUDIT_ACTION_COUNT;
	assert_breaks(&e, "$.action");
	e.action = (enum zv_audit_action)-1;
	assert_breaks(&e, "$.action");
	e = minimal_event();
	e.outcome = (enum zv_audit_outcome)2;
	assert_breaks(&e, "$.outcome");
}

static void control_characters(void **state)
{
	(void)state;
	/* In ids and names: none at all. */
	static const char *const bad[] = {"a\nb", "a\tb", "\x01", "x\x1f", "x\x7f", "\r", "\x1b[0m"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct zv_audit_event e = minimal_event();
		e.who.user = bad[i];
		assert_breaks(&e, "$.who.user");
		e = minimal_event();
		e.who.name = bad[i];
		assert_breaks(&e, "$.who.name");
		e = minimal_event();
		e.who.role = bad[i];
		assert_breaks(&e, "$.who.role");
		e = minimal_event();
		e.who.org = bad[i];
		assert_breaks(&e, "$.who.org");
		e = minimal_event();
		e.who.mandate = bad[i];
		assert_breaks(&e, "$.who.mandate");
		e = minimal_event();
		e.who.on_behalf_of = bad[i];
		assert_breaks(&e, "$.who.for");
		e = minimal_event();
		e.why.purpose = bad[i];
		assert_breaks(&e, "$.why.purpose");
		e = minimal_event();
		e.why.decision = bad[i];
		assert_breaks(&e, "$.why.decision");
		e = minimal_event();
		e.from = bad[i];
		assert_breaks(&e, "$.from");
		e = minimal_event();
		e.persons = IDS("ok", bad[i]);
		assert_breaks(&e, "$.whose.persons[1]");
		e = minimal_event();
		e.households = IDS(bad[i]);
		assert_breaks(&e, "$.whose.households[0]");
		e = minimal_event();
		e.cases = IDS("a", "b", bad[i]);
		assert_breaks(&e, "$.whose.cases[2]");
		e = minimal_event();
		e.entries = IDS(bad[i]);
		assert_breaks(&e, "$.what.entries[0]");
		e = minimal_event();
		e.categories = IDS("k", bad[i]);
		assert_breaks(&e, "$.what.categories[1]");
	}
	/* In reason and detail: newlines and tabs, nothing else. */
	struct zv_audit_event e = minimal_event();
	e.why.reason = "a\nb\tc\n";
	e.detail = "\t\n";
	assert_keeps(&e);
	static const char *const bad_text[] = {"a\rb", "\x01", "x\x7f", "\x1b", "a\r\nb", "\v", "\f"};
	for (size_t i = 0; i < sizeof bad_text / sizeof *bad_text; i++) {
		e = minimal_event();
		e.why.reason = bad_text[i];
		assert_breaks(&e, "$.why.reason");
		e = minimal_event();
		e.detail = bad_text[i];
		assert_breaks(&e, "$.detail");
	}
}

static void utf8(void **state)
{
	(void)state;
	static const char *const good[] = {
		"é", "Ĳ", "日本", "😀", "\xF4\x8F\xBF\xBF" /* U+10FFFF */, "\xEF\xBF\xBF",
		"\xE0\xA0\x80" /* U+0800 */, "\xF0\x90\x80\x80" /* U+10000 */, "\xC2\xA0" /* U+00A0 */,
		"\xED\x9F\xBF" /* U+D7FF */, "\xEE\x80\x80" /* U+E000 */,
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct zv_audit_event e = minimal_event();
		e.who.name = good[i];
		e.detail = good[i];
		e.cases = IDS(good[i]);
		assert_keeps(&e);
		assert_round_trip(&e, NULL);
	}
	static const char *const bad[] = {
		"\x80",                   /* a lone continuation byte */
		"\xBF",
		"\xC3\x28",               /* lead byte without its continuation */
		"\xC3",                   /* cut short at the end */
		"ab\xE2\x82",
		"\xF0\x9F\x98",
		"\xC0\xAF",               /* overlong '/' */
		"\xC1\xBF",
		"\xE0\x80\xAF",           /* overlong, three bytes */
		"\xE0\x9F\xBF",
		"\xF0\x80\x80\xAF",       /* overlong, four bytes */
		"\xF0\x8F\xBF\xBF",
		"\xED\xA0\x80",           /* a surrogate, U+D800 */
		"\xED\xBF\xBF",           /* U+DFFF */
		"\xF4\x90\x80\x80",       /* beyond U+10FFFF */
		"\xF5\x80\x80\x80",
		"\xF8\x88\x80\x80\x80",
		"\xFE",
		"\xFF",
		"\xE2\x28\xA1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct zv_audit_event e = minimal_event();
		e.who.name = bad[i];
		assert_breaks(&e, "$.who.name");
		e = minimal_event();
		e.why.reason = bad[i];
		assert_breaks(&e, "$.why.reason");
		e = minimal_event();
		e.detail = bad[i];
		assert_breaks(&e, "$.detail");
		e = minimal_event();
		e.from = bad[i];
		assert_breaks(&e, "$.from");
		e = minimal_event();
		e.entries = IDS("ok", bad[i]);
		assert_breaks(&e, "$.what.entries[1]");
	}
}

/*
 * The bytes 0xF5..0xFF never occur in UTF-8 (a review found utf8_len()
 * once took them for the lead byte of a three-byte sequence), and the C1
 * controls U+0080..U+009F are control characters: both are refused by the
 * check and by the decoder.
 */
static void bytes_f5_to_ff_are_not_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\xF5\x80\x80", "\xF7\xBF\xBF", "\xF8\x88\x80", "\xFC\x80\x80",
		"\xFE\x80\x80", "\xFF\xBF\xBF", "a\xF5\x80\x80" "b", "\xC2\x80", "x\xC2\x9F",
	};
	int accepted = 0;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct zv_audit_event e = minimal_event();
		e.who.name = bad[i];
		struct zv_error err = {0};
		if (zv_audit_event_check(&e, &err) != ZV_EINPUT || strcmp(err.path, "$.who.name")) {
			print_error("check accepted bad[%zu] as UTF-8\n", i);
			accepted++;
		}
		/* And the log would take these bytes back from an entry. */
		char json[128];
		snprintf(json, sizeof json,
			 "{\"seq\":0,\"at\":\"1970-01-01T00:00:00.000000Z\",\"action\":\"view\","
			 "\"outcome\":\"done\",\"who\":{\"user\":\"u\",\"name\":\"%s\"},\"from\":\"t\"}",
			 bad[i]);
		if (decode(json, strlen(json), &err) != ZV_EINPUT) {
			print_error("decode accepted bad[%zu] as UTF-8\n", i);
			accepted++;
		}
	}
	assert_int_equal(accepted, 0);
}

static void lengths(void **state)
{
	(void)state;
	static char id[ZV_AUDIT_MAX_ID + 2], text[ZV_AUDIT_MAX_TEXT + 2];
	memset(id, 'x', ZV_AUDIT_MAX_ID);
	memset(text, 'y', ZV_AUDIT_MAX_TEXT);

	struct zv_audit_event e = minimal_event();
	e.who.user = id;
	e.who.org = id;
	e.persons = IDS(id);
	e.why.reason = text;
	e.detail = text;
	assert_keeps(&e);   /* exactly the most */

	id[ZV_AUDIT_MAX_ID] = 'x';   /* one byte over */
	text[ZV_AUDIT_MAX_TEXT] = 'y';
	e = minimal_event();
	e.who.user = id;
	assert_breaks(&e, "$.who.user");
	e = minimal_event();
	e.who.org = id;
	assert_breaks(&e, "$.who.org");
	e = minimal_event();
	e.from = id;
	assert_breaks(&e, "$.from");
	e = minimal_event();
	e.persons = IDS("a", id);
	assert_breaks(&e, "$.whose.persons[1]");
	e = minimal_event();
	e.why.reason = text;
	assert_breaks(&e, "$.why.reason");
	e = minimal_event();
	e.detail = text;
	assert_breaks(&e, "$.detail");
	/* A reason or detail may be longer than an id. */
	e = minimal_event();
	e.detail = id;
	assert_keeps(&e);

	/* Bytes count, not characters: 129 two-byte letters are 258 bytes. */
	char wide[2 * 129 + 1];
	for (int i = 0; i < 129; i++)
		memcpy(wide + 2 * i, "é", 2);
	wide[2 * 129] = '\0';
	e = minimal_event();
	e.who.name = wide;
	assert_breaks(&e, "$.who.name");
	wide[2 * 128] = '\0';
	assert_keeps(&e);
}

static void id_lists(void **state)
{
	(void)state;
	static char ids[ZV_AUDIT_MAX_IDS + 1][8];
	static const char *ptrs[ZV_AUDIT_MAX_IDS + 1];
	for (int i = 0; i <= ZV_AUDIT_MAX_IDS; i++) {
		snprintf(ids[i], sizeof ids[i], "n%d", i);
		ptrs[i] = ids[i];
	}
	struct zv_audit_ids most = {.ids = ptrs, .count = ZV_AUDIT_MAX_IDS};
	struct zv_audit_ids over = {.ids = ptrs, .count = ZV_AUDIT_MAX_IDS + 1};

	struct zv_audit_event e = minimal_event();
	e.persons = e.households = e.cases = e.entries = e.categories = most;
	assert_keeps(&e);
	e = minimal_event();
	e.persons = over;
	assert_breaks(&e, "$.whose.persons");
	e = minimal_event();
	e.households = over;
	assert_breaks(&e, "$.whose.households");
	e = minimal_event();
	e.cases = over;
	assert_breaks(&e, "$.whose.cases");
	e = minimal_event();
	e.entries = over;
	assert_breaks(&e, "$.what.entries");
	e = minimal_event();
	e.categories = over;
	assert_breaks(&e, "$.what.categories");

	/* Empty ids. */
	e = minimal_event();
	e.persons = IDS("");
	assert_breaks(&e, "$.whose.persons[0]");
	e = minimal_event();
	e.categories = IDS("a", "b", NULL);
	assert_breaks(&e, "$.what.categories[2]");
	e = minimal_event();
	e.entries = IDS("a", "");
	assert_breaks(&e, "$.what.entries[1]");

	/* Repeated ids: the later one is named. */
	e = minimal_event();
	e.cases = IDS("c1", "c2", "c1");
	assert_breaks(&e, "$.whose.cases[2]");
	e = minimal_event();
	e.households = IDS("h", "h");
	assert_breaks(&e, "$.whose.households[1]");
	/* After ids in ascending order (where the search for repeats is
	 * skipped), a repeat is still found. */
	e = minimal_event();
	e.entries = IDS("e1", "e2", "e3", "e2");
	assert_breaks(&e, "$.what.entries[3]");
	e = minimal_event();
	e.entries = IDS("e1", "e2", "e2");
	assert_breaks(&e, "$.what.entries[2]");
	e = minimal_event();
	e.persons = IDS("p", "P", "p ");   /* not repeats */
	assert_keeps(&e);
	/* The same id in two lists is no repeat. */
	e = minimal_event();
	e.persons = IDS("x");
	e.households = IDS("x");
	e.entries = IDS("x");
	assert_keeps(&e);
}

/* ---- time ---------------------------------------------------------------------------- */

static void times_format_and_parse(void **state)
{
	(void)state;
	static const struct {
		int64_t us;
		const char *text;
	} known[] = {
		{0, "1970-01-01T00:00:00.000000Z"},
		{1, "1970-01-01T00:00:00.000001Z"},
		{86399999999, "1970-01-01T23:59:59.999999Z"},
		{86400000000, "1970-01-02T00:00:00.000000Z"},
		{946684800000000, "2000-01-01T00:00:00.000000Z"},
		{1795942341123456, "2026-11-29T08:52:21.123456Z"},
		{1798761599999999, "2026-12-31T23:59:59.999999Z"},
		{1798761600000000, "2027-01-01T00:00:00.000000Z"},
		{1835440496789012, "2028-02-29T12:34:56.789012Z"},
		{7258118399999999, "2199-12-31T23:59:59.999999Z"},
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
		char out[ZV_AUDIT_TIME_LEN];
		memset(out, 'Q', sizeof out);
		zv_audit_time_format(known[i].us, out);
		assert_string_equal(out, known[i].text);
		assert_int_equal(strlen(out), ZV_AUDIT_TIME_LEN - 1);
		int64_t back = -1;
		assert_true(zv_audit_time_parse(known[i].text, strlen(known[i].text), &back));
		assert_int_equal(back, known[i].us);
	}
	/* Many instants, every one back to itself. */
	for (int64_t us = 0; us <= 7258118399999999; us += 9876543210987) {
		char out[ZV_AUDIT_TIME_LEN];
		zv_audit_time_format(us, out);
		int64_t back = -1;
		assert_true(zv_audit_time_parse(out, ZV_AUDIT_TIME_LEN - 1, &back));
		assert_int_equal(back, us);
	}
	/* Only the length given is read. */
	int64_t us;
	assert_true(zv_audit_time_parse("2028-02-29T12:34:56.789012Zjunk", 27, &us));
	assert_int_equal(us, 1835440496789012);
}

static void malformed_times_are_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"2026-11-29T08:52:21.12345Z",      /* too short */
		"2026-11-29T08:52:21.1234567Z",    /* too long */
		"2026-11-29T08:52:21.123456",      /* no Z */
		"2026-11-29T08:52:21.123456z",
		"2026-11-29T08:52:21.123456+",
		"2026-13-29T08:52:21.123456Z",     /* month 13 */
		"2026-00-29T08:52:21.123456Z",
		"2026-02-29T08:52:21.123456Z",     /* not a leap year */
		"2026-11-31T08:52:21.123456Z",
		"2026-11-29T24:00:00.000000Z",     /* hour 24 */
		"2026-11-29T08:60:21.123456Z",
		"2026-11-29T08:52:60.123456Z",     /* no leap seconds */
		"2026-11-29T0a:52:21.123456Z",     /* letters */
		"2026-11-29T08:5b:21.123456Z",
		"2026-11-29T08:52:2c.123456Z",
		"2026-11-29T08:52:21.12345dZ",
		"2026-1a-29T08:52:21.123456Z",
		"abcd-ef-ghTij:kl:mn.opqrstZ",
		"2026-11-29 08:52:21.123456Z",     /* separators */
		"2026-11-29t08:52:21.123456Z",
		"2026-11-29T08-52-21.123456Z",
		"2026-11-29T08:52:21,123456Z",
		"2026/11/29T08:52:21.123456Z",
		"2026-11-29T-8:52:21.123456Z",     /* signs and spaces */
		"2026-11-29T+8:52:21.123456Z",
		"2026-11-29T 8:52:21.123456Z",
		"2026-11-29T08:52:21. 23456Z",
		"2026-11-29T08:52:21.-23456Z",
		"1969-12-31T23:59:59.999999Z",     /* before 1970 */
		"1899-12-31T00:00:00.000000Z",
		"2200-01-01T00:00:00.000000Z",     /* beyond the years of zv_date */
		"+2026-11-29T08:52:21.12345Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t us = 12345;
		if (zv_audit_time_parse(bad[i], strlen(bad[i]), &us))
			print_error("accepted: \"%s\"\n", bad[i]);
		assert_false(zv_audit_time_parse(bad[i], strlen(bad[i]), &us));
	}
	/* A good time read with a wrong length. */
	int64_t us;
	const char *good = "2026-11-29T08:52:21.123456Z";
	assert_false(zv_audit_time_parse(good, 26, &us));
	assert_false(zv_audit_time_parse(good, 0, &us));
	/* A NUL inside. */
	char nul[] = "2026-11-29T08:52:21.123456Z";
	nul[25] = '\0';
	assert_false(zv_audit_time_parse(nul, 27, &us));
}

/* ---- action names --------------------------------------------------------------------- */

static void action_names_round_trip(void **state)
{
	(void)state;
	static const char *const names[ZV_AUDIT_ACTION_COUNT] = {
		[ZV_AUDIT_VIEW] = "view",
		[ZV_AUDIT_RECORD] = "record",
		[ZV_AUDIT_CORRECT] = "correct",
		[ZV_AUDIT_DISCLOSE] = "disclose",
		[ZV_AUDIT_REQUEST] = "request",
		[ZV_AUDIT_ENRICH] = "enrich",
		[ZV_AUDIT_EXPORT] = "export",
		[ZV_AUDIT_DESTROY] = "destroy",
		[ZV_AUDIT_DECIDE] = "decide",
		[ZV_AUDIT_SIGN_IN] = "sign_in",
		[ZV_AUDIT_SIGN_IN_FAILURE] = "sign_in_failure",
		[ZV_AUDIT_BREAK_THE_GLASS] = "break_the_glass",
		[ZV_AUDIT_CONFIG_CHANGE] = "config_change",
		[ZV_AUDIT_AUDIT_SEARCH] = "audit_search",
	};
	for (int a = 0; a < ZV_AUDIT_ACTION_COUNT; a++) {
		const char *name = zv_audit_action_name((enum zv_audit_action)a);
		assert_non_null(name);
		assert_string_equal(name, names[a]);
		enum zv_audit_action back = ZV_AUDIT_ACTION_COUNT;
		assert_true(zv_audit_action_from_name(name, &back));
		assert_int_equal(back, a);
		for (int b = 0; b < a; b++)
			assert_string_not_equal(name, zv_audit_action_name((enum zv_audit_action)b));
	}
	assert_string_equal(zv_audit_action_name(ZV_AUDIT_ACTION_COUNT), "unknown");
	assert_string_equal(zv_audit_action_name((enum zv_audit_action)-1), "unknown");
	static const char *const not_names[] = {"unknown", "", "View", "VIEW", "view ", " view",
						"sign-in", "signin", "break_the_glass\n",
						"audit", "sign_in_failures"};
	for (size_t i = 0; i < sizeof not_names / sizeof *not_names; i++) {
		enum zv_audit_action back = ZV_AUDIT_DECIDE;
		assert_false(zv_audit_action_from_name(not_names[i], &back));
		assert_int_equal(back, ZV_AUDIT_DECIDE);   /* left alone */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_event_round_trips_in_canonical_form),
		cmocka_unit_test(minimal_event_round_trips),
		cmocka_unit_test(every_action_and_outcome_round_trips),
		cmocka_unit_test(escaped_and_non_ascii_text_round_trips),
		cmocka_unit_test(largest_events_round_trip),
		cmocka_unit_test(canonical_bytes_decode),
		cmocka_unit_test(whitespace_is_refused),
		cmocka_unit_test(reordered_members_are_refused),
		cmocka_unit_test(unknown_and_repeated_members_are_refused),
		cmocka_unit_test(other_escapes_are_refused),
		cmocka_unit_test(empty_lists_and_groups_are_refused),
		cmocka_unit_test(trailing_and_truncated_bytes_are_refused),
		cmocka_unit_test(bad_numbers_times_and_names_are_refused),
		cmocka_unit_test(decoded_events_must_keep_the_rules),
		cmocka_unit_test(required_members),
		cmocka_unit_test(control_characters),
		cmocka_unit_test(utf8),
		cmocka_unit_test(bytes_f5_to_ff_are_not_utf8),
		cmocka_unit_test(lengths),
		cmocka_unit_test(id_lists),
		cmocka_unit_test(times_format_and_parse),
		cmocka_unit_test(malformed_times_are_refused),
		cmocka_unit_test(action_names_round_trip),
	};
	return cmocka_run_group_tests_name("audit_event", tests, NULL, NULL);
}
