/*
 * fuzz_situation.c — libFuzzer target on the JSON input of `decide`.
 *
 * Any bytes go through the codec; what parses is decided, written as JSON,
 * and checked for the promises a caller relies on: a valid outcome, scope
 * only with allowed_limited, steps 1–8 in order, never `allowed` with a
 * failed step, and output that is valid JSON on one line within the command
 * line's cap. What parses is also written back as a situation and read
 * again: it must parse, give the same decision byte for byte and be written
 * the same. A parse error must carry a path that starts with "$", and its
 * error object must be valid JSON too. Anything else aborts, which the fuzzer
 * reports with the input that caused it.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zv/codec.h"
#include "zv/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

/* `out` was written whole and is one line of valid JSON (so valid UTF-8). */
static void check_json_line(struct zv_buf *out)
{
	check(!out->failed && out->data && !memchr(out->data, '\n', out->len));
	json_error_t jerr;
	json_t *v = json_loadb(out->data, out->len, JSON_REJECT_DUPLICATES, &jerr);
	check(v != NULL);
	json_decref(v);
	zv_buf_release(out);
}

/* The situation written as JSON and read back: the same decision (`json`,
 * as written for `s`) and the same situation JSON again. */
static void check_round_trip(const struct zv_situation *s, const struct zv_buf *json)
{
	static struct zv_decision d2;
	struct zv_buf w1, w2, j2;
	zv_buf_init(&w1, 8u << 20);
	zv_buf_init(&w2, 8u << 20);
	zv_buf_init(&j2, 8u << 20);
	zv_situation_write_json(s, &w1);
	check(!w1.failed && w1.data != NULL);
	struct zv_arena arena;
	zv_arena_init(&arena, 64u << 20);
	struct zv_situation s2;
	struct zv_error err = {0};
	check(zv_situation_parse(w1.data, w1.len, zv_date_from_ymd(2001, 2, 3), &arena, &s2,
				 &err) == ZV_OK);
	check(zv_decide(&s2, &d2, ZV_DECIDE_FULL) == ZV_OK);
	zv_decision_write_json(&d2, &s2, &j2);
	check(!j2.failed && j2.len == json->len && !memcmp(j2.data, json->data, json->len));
	zv_situation_write_json(&s2, &w2);
	check(!w2.failed && w2.len == w1.len && !memcmp(w2.data, w1.data, w1.len));
	zv_buf_release(&w1);
	zv_buf_release(&w2);
	zv_buf_release(&j2);
	zv_arena_release(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zv_arena arena;
	zv_arena_init(&arena, 64u << 20);
	struct zv_situation s;
	struct zv_error err = {0};
	enum zv_err rc = zv_situation_parse((const char *)data, size, zv_date_from_ymd(2026, 11, 28),
					    &arena, &s, &err);
	if (rc != ZV_OK) {
		check(rc == ZV_EINPUT || rc == ZV_ENOMEM);
		check(err.path[0] == '$' && err.message[0] != '\0');
		/* The error object is valid JSON (and so valid UTF-8) on one line. */
		struct zv_buf out;
		zv_buf_init(&out, 1u << 16);
		zv_error_write_json(&err, "invalid_situation", &out);
		check_json_line(&out);
		zv_arena_release(&arena);
		return 0;
	}
	static struct zv_decision d;   /* large; one per process is enough */
	check(zv_decide(&s, &d, ZV_DECIDE_FULL) == ZV_OK);
	check(d.outcome <= ZV_OUTCOME_DENIED);
	check((d.outcome == ZV_OUTCOME_ALLOWED_LIMITED) == (d.scope.kind != ZV_SCOPE_NONE));
	check(d.n_steps >= 8);
	for (int i = 0; i < 8; i++)
		check(d.steps[i].step == (enum zv_step)i);
	for (int i = 0; i < d.n_steps; i++)
		if (d.steps[i].result == ZV_STEP_FAIL && d.steps[i].step != ZV_STEP_CONSENT)
			check(d.outcome == ZV_OUTCOME_DENIED);
	if (s.action == ZV_ACTION_VIEW)
		check(zv_decide_view(&s, NULL) == d.outcome);

	struct zv_buf out;
	zv_buf_init(&out, 8u << 20);   /* the command line's cap */
	zv_decision_write_json(&d, &s, &out);
	check_round_trip(&s, &out);
	check_json_line(&out);
	zv_arena_release(&arena);
	return 0;
}
