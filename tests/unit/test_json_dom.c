/*
 * test_json_dom.c — the codec's own JSON reader (src/codec/json_dom.h),
 * white-box.
 *
 * It replaced jansson under zv_situation_parse() and must accept and refuse
 * exactly what jansson did (a differential check of the two on the corpora
 * and hundreds of thousands of mutations found no difference before the
 * switch). The cases below are the tricky ones of that check: numbers at
 * the edges of their ranges, -0, escapes and surrogates, overlong and
 * other invalid UTF-8, NUL, duplicate keys (also through escapes, and in
 * objects large enough to be checked by sorting), nesting, white space,
 * and what may follow a value. Errors say where (line and column, in
 * characters) and what was expected; a refusing arena gives ZV_ENOMEM at
 * every size, never a crash.
 *
 * jansson stays the project's JSON library, so every case is also put to
 * it (json_loadb with JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, the flags
 * the situation parser used): both must accept, with the same tree, or
 * both refuse. Random mutations of a situation are put to both as well.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_dom.h"

/* Parse `len` bytes with a fresh arena (limit 0: none); the tree lives in
 * *arena, released by the caller. */
static enum zv_err parse_n(const char *json, size_t len, struct zv_arena *arena, struct jdom *dom,
			   struct jdom_error *err)
{
	zv_arena_init(arena, 0);
	return jdom_parse(dom, json, len, 64, arena, err);
}

static enum zv_err parse(const char *json, struct zv_arena *arena, struct jdom *dom,
			 struct jdom_error *err)
{
	return parse_n(json, strlen(json), arena, dom, err);
}

/* Whether `v` (jansson's) and `n` (ours) are the same tree: types, values,
 * members in the same order. */
static bool same_tree(json_t *v, const struct jdom_node *n)
{
	size_t i;
	const struct jdom_node *k, *m;
	switch (jdom_type(n)) {
	case JDOM_NULL: return json_is_null(v);
	case JDOM_TRUE: return json_is_true(v);
	case JDOM_FALSE: return json_is_false(v);
	case JDOM_INTEGER: return json_is_integer(v) && json_integer_value(v) == n->u.integer;
	case JDOM_REAL:
		return json_is_real(v) && json_real_value(v) == n->u.real &&
		       signbit(json_real_value(v)) == signbit(n->u.real);
	case JDOM_STRING:
		return json_is_string(v) && json_string_length(v) == jdom_len(n) &&
		       !memcmp(json_string_value(v), n->u.str, jdom_len(n));
	case JDOM_ARRAY:
		if (!json_is_array(v) || json_array_size(v) != jdom_len(n))
			return false;
		JDOM_ARRAY_FOREACH(n, i, m)
			if (!same_tree(json_array_get(v, i), m))
				return false;
		return true;
	case JDOM_OBJECT: {
		if (!json_is_object(v) || json_object_size(v) != jdom_len(n))
			return false;
		void *it = json_object_iter(v);
		JDOM_OBJECT_FOREACH(n, i, k, m) {
			if (!it || strcmp(json_object_iter_key(it), k->u.str) ||
			    !same_tree(json_object_iter_value(it), m))
				return false;
			it = json_object_iter_next(v, it);
		}
		return true;
	}
	}
	return false;
}

/* Both refuse, or both accept with the same tree. */
static void agrees_with_jansson(const char *json, size_t len)
{
	struct zv_arena arena;
	struct jdom dom;
	struct jdom_error err;
	json_error_t jerr;
	json_t *v = json_loadb(json, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	enum zv_err rc = parse_n(json, len, &arena, &dom, &err);
	bool agree = v ? rc == ZV_OK && same_tree(v, dom.root) : rc == ZV_EINPUT;
	if (!agree)
		fail_msg("jansson %s, json_dom %s: %.*s", v ? "accepts" : jerr.text,
			 rc == ZV_OK ? "accepts" : err.message, (int)len, json);
	json_decref(v);
	zv_arena_release(&arena);
}

/* ---- accepted and refused, as jansson did ------------------------------ */

static const char *const REFUSED[] = {
	"", " ", "\f{}", "\v1", "{} x", "{}{}", "[1,]", "{\"a\":1,}", "{,}", "[,1]", "{\"a\"}",
	"{\"a\" 1}", "{1:2}", "{'a':1}", "[1 2]", "[", "{", "\"", "\"abc", "\"\\", "\"\\u12",
	"01", "-01", "00", "-", "1.", ".5", "+1", "1e", "1e+", "1E-", "1.e5", "NaN", "Infinity",
	"-Infinity", "tru", "nul", "truex", "nullx", "falsey", "True", "0x10",
	"1e400", "-1e400", "1.7976931348623159e308",            /* a real that overflows */
	"9223372036854775808", "-9223372036854775809", "18446744073709551616",
	"\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800\\\"", "\"\\udbff\"",
	"\"\\ud800\\ud800\"", "\"\\u0000\"", "\"a\\u0000b\"", "{\"\\u0000\":1}", "\"\\x\"",
	"\"\\u12G4\"", "\"\\U0041\"", "\"\\'\"",
	"\"\xC0\xAF\"", "\"\xC1\xBF\"", "\"\xE0\x80\xAF\"", "\"\xE0\x9F\xBF\"",  /* overlong */
	"\"\xED\xA0\x80\"", "\"\xED\xBF\xBF\"",                            /* surrogates */
	"\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\xFF\"",        /* past U+10FFFF */
	"\"\x80\"", "\"\xC3\"", "\"\xE2\x82\"", "\"\xF0\x9F\x98\"", "\"\xC3(\"", /* cut, lone */
	"\"a\tb\"", "\"a\nb\"", "\"\x1F\"", "\xEF\xBB\xBF{}",  /* controls; a BOM is the caller's */
	"{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"\xC3\xA9\":1,\"\\u00e9\":2}",
	"{\"b\":{\"a\":1,\"a\":1}}", "[{\"\":1,\"\":2}]", "\xE2\x82\xAC",
};

static const char *const ACCEPTED[] = {
	"{}", "[]", "1", "-0", "0", "null", "true", "false", "\"\"", " \t\r\n{ } \t\r\n",
	"1e-400", "-1e-400", "4.9e-324", "1.7976931348623157e308", "9223372036854775807",
	"-9223372036854775808", "1E2", "1e+2", "0.0e-0", "-0.0",
	"\"\\ud800\\udc00\"", "\"\\uDBFF\\uDFFF\"", "\"\\u00e9\\u00E9\"", "\"\\/\\\\\\\"\\b\\f\\n\\r\\t\"",
	"\"\xC3\xA9\"", "\"\xE0\xA0\x80\"", "\"\xED\x9F\xBF\"", "\"\xEE\x80\x80\"", "\"\xF0\x90\x80\x80\"",
	"\"\xF4\x8F\xBF\xBF\"", "\"\x7F\"",
	"{\"a\":1,\"A\":2,\"a \":3,\"\":4}", "{\"a\":{\"a\":{\"a\":1}}}", "[{\"a\":1},{\"a\":1}]",
};

static void refused_as_jansson_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof REFUSED / sizeof *REFUSED; i++) {
		struct zv_arena arena;
		struct jdom dom;
		struct jdom_error err;
		enum zv_err rc = parse(REFUSED[i], &arena, &dom, &err);
		if (rc != ZV_EINPUT)
			fail_msg("accepted (rc %d): %s", rc, REFUSED[i]);
		assert_true(err.message[0] != '\0' && err.line >= 1 && err.column >= 1);
		zv_arena_release(&arena);
		agrees_with_jansson(REFUSED[i], strlen(REFUSED[i]));
	}
}

static void accepted_as_jansson_accepted(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof ACCEPTED / sizeof *ACCEPTED; i++) {
		struct zv_arena arena;
		struct jdom dom;
		struct jdom_error err;
		enum zv_err rc = parse(ACCEPTED[i], &arena, &dom, &err);
		if (rc != ZV_OK)
			fail_msg("refused: %s (%u:%u %s)", ACCEPTED[i], err.line, err.column, err.message);
		zv_arena_release(&arena);
		agrees_with_jansson(ACCEPTED[i], strlen(ACCEPTED[i]));
	}
}

/* ---- values ------------------------------------------------------------ */

static void numbers_keep_integer_and_real_apart(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		enum jdom_type type;
		long long integer;
		double real;
	} CASES[] = {
		{"-0", JDOM_INTEGER, 0, 0},
		{"14", JDOM_INTEGER, 14, 0},
		{"9223372036854775807", JDOM_INTEGER, LLONG_MAX, 0},
		{"-9223372036854775808", JDOM_INTEGER, LLONG_MIN, 0},
		{"14.0", JDOM_REAL, 0, 14.0},
		{"1E2", JDOM_REAL, 0, 100.0},
		{"1e-400", JDOM_REAL, 0, 0.0},
		{"0.1", JDOM_REAL, 0, 0.1},
		{"1.7976931348623157e308", JDOM_REAL, 0, 1.7976931348623157e308},
		{"4.9e-324", JDOM_REAL, 0, 4.9e-324},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		struct zv_arena arena;
		struct jdom dom;
		struct jdom_error err;
		assert_int_equal(parse(CASES[i].json, &arena, &dom, &err), ZV_OK);
		assert_int_equal(jdom_type(dom.root), CASES[i].type);
		if (CASES[i].type == JDOM_INTEGER)
			assert_true(dom.root->u.integer == CASES[i].integer);
		else
			assert_true(dom.root->u.real == CASES[i].real);
		zv_arena_release(&arena);
	}
	struct zv_arena arena;
	struct jdom dom;
	struct jdom_error err;
	assert_int_equal(parse("-0.0", &arena, &dom, &err), ZV_OK);
	assert_true(jdom_type(dom.root) == JDOM_REAL && dom.root->u.real == 0 &&
		    signbit(dom.root->u.real));
	zv_arena_release(&arena);
}

static void strings_are_unescaped_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *json, *text;
		size_t len;
	} CASES[] = {
		{"\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80", 4},
		{"\"\\u00e9\\u00E9\"", "\xC3\xA9\xC3\xA9", 4},
		{"\"\\u20AC\"", "\xE2\x82\xAC", 3},
		{"\"\\/\\\\\\\"\\b\\f\\n\\r\\t\"", "/\\\"\b\f\n\r\t", 8},
		{"\"plain text, long enough to be copied in runs\"",
		 "plain text, long enough to be copied in runs", 44},
		{"\"\"", "", 0},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		struct zv_arena arena;
		struct jdom dom;
		struct jdom_error err;
		assert_int_equal(parse(CASES[i].json, &arena, &dom, &err), ZV_OK);
		assert_int_equal(jdom_type(dom.root), JDOM_STRING);
		assert_int_equal(jdom_len(dom.root), CASES[i].len);
		assert_memory_equal(dom.root->u.str, CASES[i].text, CASES[i].len);
		assert_int_equal(dom.root->u.str[CASES[i].len], '\0');
		zv_arena_release(&arena);
	}
}

static void objects_keep_document_order(void **state)
{
	(void)state;
	struct zv_arena arena;
	struct jdom dom;
	struct jdom_error err;
	assert_int_equal(parse("{\"z\":[1,[2,{}],3],\"a\":{\"x\":null},\"m\":\"s\"}", &arena, &dom,
			       &err), ZV_OK);
	const char *const keys[] = {"z", "a", "m"};
	size_t i;
	const struct jdom_node *k, *v;
	JDOM_OBJECT_FOREACH(dom.root, i, k, v)
		assert_string_equal(k->u.str, keys[i]);
	assert_int_equal(i, 3);
	const struct jdom_node *z = jdom_get(dom.root, "z");
	assert_int_equal(jdom_type(z), JDOM_ARRAY);
	assert_int_equal(jdom_len(z), 3);
	long long sum = 0;
	JDOM_ARRAY_FOREACH(z, i, v)
		if (jdom_type(v) == JDOM_INTEGER)
			sum += v->u.integer;
	assert_int_equal(sum, 4);
	assert_int_equal(jdom_type(jdom_get(jdom_get(dom.root, "a"), "x")), JDOM_NULL);
	assert_string_equal(jdom_get(dom.root, "m")->u.str, "s");
	assert_null(jdom_get(dom.root, "x"));
	assert_null(jdom_get(dom.root, "zz"));
	assert_int_equal(dom.n_nodes, 14);
	zv_arena_release(&arena);
}

/* An object of n members "k0" … with `dup` (if ≥ 0) repeating "k0" at
 * that position, as "k\u0030" when `escaped`. */
static char *object_of(int n, int dup, bool escaped)
{
	char *json = malloc((size_t)n * 24 + 64), *p = json;
	*p++ = '{';
	for (int i = 0; i < n; i++) {
		if (i == dup)
			p += sprintf(p, escaped ? "\"k\\u0030\":0," : "\"k0\":0,");
		p += sprintf(p, "\"k%d\":%d,", i, i);
	}
	p[-1] = '}';
	*p = '\0';
	return json;
}

static void duplicate_keys_in_objects_of_any_size(void **state)
{
	(void)state;
	static const int SIZES[] = {2, 15, 16, 17, 40, 5000};
	for (size_t s = 0; s < sizeof SIZES / sizeof *SIZES; s++) {
		int n = SIZES[s];
		int dups[] = {-1, 1, n / 2, n - 1};
		for (size_t d = 0; d < 4; d++)
			for (int escaped = 0; escaped < 2; escaped++) {
				char *json = object_of(n, dups[d], escaped);
				struct zv_arena arena;
				struct jdom dom;
				struct jdom_error err;
				enum zv_err rc = parse(json, &arena, &dom, &err);
				if (dups[d] < 0) {
					assert_int_equal(rc, ZV_OK);
					assert_int_equal(jdom_len(dom.root), n);
					char key[16];
					snprintf(key, sizeof key, "k%d", n - 1);
					assert_int_equal(jdom_get(dom.root, key)->u.integer, n - 1);
				} else {
					assert_int_equal(rc, ZV_EINPUT);
					assert_non_null(strstr(err.message, "duplicate key \"k0\""));
				}
				zv_arena_release(&arena);
				free(json);
			}
	}
}

/* ---- errors: where and why --------------------------------------------- */

static void errors_say_line_column_and_what_was_expected(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		unsigned line, column;
		const char *message;
	} CASES[] = {
		{"{\n  \"a\" 1}", 2, 7, "expected ':' after the key, got '1'"},
		{"{\"a\":1,}", 1, 8, "expected a key (a string), got '}'"},
		{"{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}' after a member, got '\"'"},
		{"[1,\n2\n3]", 3, 1, "expected ',' or ']' after an element, got '3'"},
		{"{\"\xC3\xA9\xC3\xA9\":x}", 1, 7, "expected a value"},
		{"\"abc", 1, 5, "the input ends inside a string"},
		{"{}\n\n x", 3, 2, "expected the end of the input after the value, got 'x'"},
		{"{\"a\":1,\n \"a\":2}", 2, 2, "duplicate key \"a\""},
		{"[\"\\ud800\"]", 1, 3, "high surrogate"},
		{"[\"\\u0000\"]", 1, 3, "may not contain NUL"},
		{"[\"\xC0\xAF\"]", 1, 3, "invalid UTF-8"},
		{"[1e400]", 1, 2, "too large"},
		{"[-9223372036854775809]", 1, 2, "out of range"},
		{"", 1, 1, "expected a value, got the end of the input"},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		struct zv_arena arena;
		struct jdom dom;
		struct jdom_error err;
		assert_int_equal(parse(CASES[i].json, &arena, &dom, &err), ZV_EINPUT);
		if (err.line != CASES[i].line || err.column != CASES[i].column ||
		    !strstr(err.message, CASES[i].message))
			fail_msg("%s: %u:%u %s; expected %u:%u %s", CASES[i].json, err.line,
				 err.column, err.message, CASES[i].line, CASES[i].column,
				 CASES[i].message);
		zv_arena_release(&arena);
	}
}

static void nesting_is_bounded(void **state)
{
	(void)state;
	for (unsigned depth = 63; depth <= 65; depth++) {
		char json[200];
		memset(json, '[', depth);
		memset(json + depth, ']', depth);
		struct zv_arena arena;
		struct jdom dom;
		struct jdom_error err;
		assert_int_equal(parse_n(json, 2 * depth, &arena, &dom, &err),
				 depth <= 64 ? ZV_OK : ZV_EINPUT);
		if (depth > 64)
			assert_non_null(strstr(err.message, "nesting deeper than 64"));
		zv_arena_release(&arena);
	}
}

/* A raw NUL is a control character: refused in a string and outside. */
static void raw_nul_is_refused(void **state)
{
	(void)state;
	static const char IN_STRING[] = "[\"a\0b\"]", OUTSIDE[] = "[1,\0 2]";
	struct zv_arena arena;
	struct jdom dom;
	struct jdom_error err;
	assert_int_equal(parse_n(IN_STRING, sizeof IN_STRING - 1, &arena, &dom, &err), ZV_EINPUT);
	zv_arena_release(&arena);
	assert_int_equal(parse_n(OUTSIDE, sizeof OUTSIDE - 1, &arena, &dom, &err), ZV_EINPUT);
	zv_arena_release(&arena);
}

/* Random mutations of a situation: flipped bits, bytes and snippets put
 * in, pieces cut out; both readers must agree on every one. */
static void random_mutations_agree_with_jansson(void **state)
{
	(void)state;
	static const char SEED[] =
		"{\"version\":1,\"date\":\"2026-11-28\",\"action\":\"disclose\",\"purpose\":{"
		"\"description\":\"Uitvoering \\u00e9\xC3\xA9 ondertoezichtstelling\",\"within_task\":true},"
		"\"actor\":{\"org_kind\":\"youth_care\",\"public_authority\":false},\"persons\":[{"
		"\"id\":\"kind\",\"role\":\"child\",\"age\":9,\"authority_holders\":[\"moeder\"]},{"
		"\"id\":\"moeder\",\"age\":36.0,\"x\":[-0,1e2,null,[],{}]}]}";
	static const char *const SNIPPETS[] = {
		"\"\\ud800\"", "\"\\udc00\\ud800\"", "\\u0000", "\"a\":1,", "\"id\":2,", "1e400",
		"-0", "1e-400", "9223372036854775808", "-9223372036854775808", "\xC0\xAF", "\xED\xA0\x80",
		"\xF4\x90\x80\x80", "\xF0\x9F\x98\x80", "\"", "{", "}", "[", "]", ",", ":", "\\",
		"\\u", "\\u00e9", " ", "\n", "\t", "\f", "01", "1.", "tru", "null",
	};
	uint64_t x = 0x9E3779B97F4A7C15u;
	char buf[sizeof SEED + 256];
	for (int it = 0; it < 20000; it++) {
		size_t len = sizeof SEED - 1;
		memcpy(buf, SEED, len);
		for (int m = 0; m < 1 + it % 3; m++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			size_t at = (size_t)(x >> 32) % (len + 1);
			switch (x % 5) {
			case 0:
				if (at < len)
					buf[at] ^= (char)(1u << (x >> 8) % 8);
				break;
			case 1:
				if (at < len)
					buf[at] = (char)(x >> 16);
				break;
			case 2: {
				const char *sn = SNIPPETS[(x >> 20) % (sizeof SNIPPETS / sizeof *SNIPPETS)];
				size_t n = strlen(sn);
				if (len + n < sizeof buf) {
					memmove(buf + at + n, buf + at, len - at);
					memcpy(buf + at, sn, n);
					len += n;
				}
				break;
			}
			case 3: {
				size_t n = (x >> 24) % 8;
				if (at + n > len)
					n = len - at;
				memmove(buf + at, buf + at + n, len - at - n);
				len -= n;
				break;
			}
			default:
				len = at;
				break;
			}
		}
		agrees_with_jansson(buf, len);
	}
}

/* ---- memory ------------------------------------------------------------ */

static void arena_refuses_at_every_size(void **state)
{
	(void)state;
	/* Enough values to make the tape grow, a long real, a large object. */
	char *big = object_of(300, -1, false);
	size_t n = strlen(big);
	char *json = malloc(n + 200);
	snprintf(json, n + 200, "[%s,0.%0120d1,\"\\u00e9\"]", big, 0);
	size_t limit = 16;
	enum zv_err rc;
	for (;; limit += 16) {
		struct zv_arena arena;
		struct jdom dom;
		struct jdom_error err;
		zv_arena_init(&arena, limit);
		rc = jdom_parse(&dom, json, strlen(json), 64, &arena, &err);
		zv_arena_release(&arena);
		if (rc == ZV_OK)
			break;
		assert_int_equal(rc, ZV_ENOMEM);
		assert_true(err.message[0] != '\0');
		assert_true(limit < (1u << 22));
	}
	assert_true(limit > 16);
	free(json);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refused_as_jansson_refused),
		cmocka_unit_test(accepted_as_jansson_accepted),
		cmocka_unit_test(numbers_keep_integer_and_real_apart),
		cmocka_unit_test(strings_are_unescaped_utf8),
		cmocka_unit_test(objects_keep_document_order),
		cmocka_unit_test(duplicate_keys_in_objects_of_any_size),
		cmocka_unit_test(errors_say_line_column_and_what_was_expected),
		cmocka_unit_test(nesting_is_bounded),
		cmocka_unit_test(raw_nul_is_refused),
		cmocka_unit_test(random_mutations_agree_with_jansson),
		cmocka_unit_test(arena_refuses_at_every_size),
	};
	return cmocka_run_group_tests_name("json_dom", tests, NULL, NULL);
}
