/*
 * fuzz_api.c — libFuzzer target on what the HTTP API reads from a request
 * body: zv_api_parse and every request reader of zv/api.h (opening a case,
 * entries, consents and their steps, withdrawals, disclosures, changes, and
 * the table reader itself with every member type).
 *
 * Promises checked: any bytes end in a request read or an error with a
 * JSON path (never a crash, never an error without a path for bad input);
 * what a reader accepted satisfies what it promises (required members set,
 * enumerations within their lists, counts matching their lists).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zv/api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static void refused_well(int rc, const struct zv_error *err)
{
	if (rc)
		check((err->code == ZV_EINPUT && err->path[0] == '$' && err->message[0]) ||
		      err->code == ZV_ENOMEM);
}

static void read_all(json_t *root)
{
	struct zv_arena a;
	zv_arena_init(&a, 0);
	struct zv_error err = {.code = ZV_OK};

	struct zv_new_case c;
	int rc = zv_api_read_new_case(root, &a, &c, &err);
	refused_well(rc, &err);
	if (!rc) {
		check(c.household_name && c.team && c.title && c.reason && c.n_persons > 0);
		for (size_t i = 0; i < c.n_persons; i++)
			for (size_t k = 0; k < c.persons[i].n_authority; k++)
				check(c.persons[i].authority[k] < c.n_persons);
	}

	struct zv_new_entry e;
	rc = zv_api_read_new_entry(root, &a, &e, &err);
	refused_well(rc, &err);
	if (!rc)
		check(e.text && e.source && e.n_subjects > 0 && e.subjects[0]);

	struct zv_new_consent k;
	int64_t version = 0;
	rc = zv_api_read_consent(root, &a, &k, NULL, &err);
	refused_well(rc, &err);
	if (!rc)
		check(k.subject && k.purpose && k.n_givers > 0);
	rc = zv_api_read_consent(root, &a, &k, &version, &err);
	refused_well(rc, &err);
	if (!rc)
		check(version >= 1 && k.state >= 0);

	struct zv_api_withdrawal w;
	rc = zv_api_read_withdrawal(root, &a, &w, &err);
	refused_well(rc, &err);
	if (!rc)
		check(w.version >= 1 && w.by_person);

	struct zv_disclosure_request d = {.case_id = "ZV-1"};
	bool carry_out;
	rc = zv_api_read_disclosure(root, &a, &d, &carry_out, &err);
	refused_well(rc, &err);
	if (!rc)
		check(d.case_id && d.purpose && d.n_entries > 0 &&
		      !(d.recipient_org && d.recipient_person));

	struct zv_api_case_change ch;
	rc = zv_api_read_case_change(root, &a, &ch, &err);
	refused_well(rc, &err);
	if (!rc)
		check(ch.version >= 1 && ch.reason && (ch.framework != ZV_KEEP || ch.phase != ZV_KEEP));
	zv_arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root;
	struct zv_error err = {.code = ZV_OK};
	if (zv_api_parse((const char *)data, size, &root, &err)) {
		check(err.code == ZV_EINPUT && err.path[0] == '$');
		return 0;
	}
	read_all(root);
	json_decref(root);
	return 0;
}
