/*
 * test_fault.c — the failure paths, driven mechanically (in the manner of
 * SQLite's fault simulation and curl's torture mode):
 *
 *   - the arena refuses after N bytes, for every N up to what a situation
 *     needs: parsing fails cleanly with ZV_ENOMEM, or succeeds;
 *   - (the JSON tree's own arena refusing at every size is in
 *     test_json_dom.c: the situation parser no longer allocates through
 *     jansson);
 *   - the output buffer is capped at every length below what a decision
 *     needs: the writer stops, flags the failure, never overruns.
 *
 * Under AddressSanitizer (make check) a leak or overrun on any path fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RICH_PATCH                                                                        \
	"{\"secrecy_ground\":\"consent\",\"data\":{\"categories\":[\"ordinary\",\"health\"]," \
	"\"special_category_exception\":\"UAVG art. 30 lid 3\"},\"persons\":[{\"id\":\"kind\","  \
	"\"role\":\"child\",\"age\":9,\"authority_holders\":[\"moeder\"],\"consents\":[{"      \
	"\"kind\":\"secrecy_release\",\"given_by\":[\"moeder\"],\"free\":true,"                \
	"\"unambiguous\":true,\"informed\":true,\"specific\":true,\"explicit\":true,"          \
	"\"recipients\":[\"regional_safety_team\",\"org:rvt-1\"],\"categories\":[\"ordinary\"]}]}," \
	"{\"id\":\"moeder\",\"role\":\"parent\",\"age\":36}]}"

static enum zv_err parse_with_arena_limit(const char *json, size_t limit)
{
	struct zv_arena arena;
	zv_arena_init(&arena, limit);
	struct zv_situation s;
	struct zv_error err = {0};
	enum zv_err rc = zv_situation_parse(json, strlen(json), zv_date_from_ymd(2026, 11, 28),
					    &arena, &s, &err);
	if (rc == ZV_ENOMEM)
		assert_true(err.message[0] != '\0' && err.path[0] == '$');
	zv_arena_release(&arena);
	return rc;
}

static void arena_refuses_at_every_size(void **state)
{
	(void)state;
	char *json = patched(DISCLOSE_BASE, RICH_PATCH);
	size_t limit = 16;   /* 0 would mean no cap */
	enum zv_err rc;
	while ((rc = parse_with_arena_limit(json, limit)) == ZV_ENOMEM) {
		limit += 16;
		assert_true(limit < (1u << 20));
	}
	assert_int_equal(rc, ZV_OK);
	assert_true(limit > 16);   /* some limits did fail: the path was exercised */
	free(json);
}

static void writers_stop_at_their_cap(void **state)
{
	(void)state;
	struct decided *d = decide_json(DISCLOSE_BASE, RICH_PATCH);
	assert_int_equal(d->rc, ZV_OK);
	size_t full = strlen(d->json);
	for (size_t cap = 1; cap < full; cap += 7) {   /* 0 would mean no cap */
		struct zv_buf out;
		zv_buf_init(&out, cap);
		zv_decision_write_json(d->decision, &d->situation, &out);
		assert_true(out.failed);
		assert_true(out.len <= cap);
		zv_buf_release(&out);
	}
	struct zv_buf out;
	zv_buf_init(&out, full);
	zv_decision_write_json(d->decision, &d->situation, &out);
	assert_false(out.failed);
	assert_string_equal(out.data, d->json);
	zv_buf_release(&out);
	decided_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_refuses_at_every_size),
		cmocka_unit_test(writers_stop_at_their_cap),
	};
	return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
