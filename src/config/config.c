/*
 * config.c — the configuration of a pilot: checking one JSON document
 * (zv_config_parse, zv_config_load), the minimal configuration, lookups and
 * the names of zv/config.h.
 *
 * A check runs in layers, cheapest first:
 *   1. bytes: at most 4 MiB, no raw NUL byte, nesting within 64 levels (a
 *      scan that tracks strings, so that deep nesting never reaches a
 *      recursive parser);
 *   2. syntax: jansson, with duplicate members rejected. What jansson
 *      refuses is one problem, located by its byte offset; a duplicate
 *      member is reported and the document read again without that rule,
 *      so that the other problems are found too. Text that is not JSON at
 *      all (bad syntax, not UTF-8) is marked `not_json`: `config check`
 *      tells that apart from a configuration with problems. NUL characters
 *      in strings are let through jansson and reported where they are;
 *   3. values (read.c), then what spans several values (cross.c).
 *
 * Every problem is kept with its path, in document order, at most
 * ZV_CONFIG_MAX_PROBLEMS. Nothing is global: a check is one struct
 * config_ctx on the caller's stack, and everything it keeps is in the
 * caller's arena.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char zv_config_minimal_json[] =
	"{\"version\":1,\"pilot\":{\"id\":\"zorgvuldig\",\"name\":\"Zorgvuldig\"}}\n";

/* ---- names ------------------------------------------------------------- */

const char *zv_user_role_name(int bit)
{
	static const char *const N[ZV_ROLE__COUNT] = {"professional", "team_lead",
						      "privacy_officer", "administrator",
						      "auditor"};
	return bit >= 0 && bit < ZV_ROLE__COUNT ? N[bit] : "";
}

const char *zv_record_type_name(enum zv_record_type t)
{
	static const char *const N[ZV_RECORD__COUNT] = {"entry", "consent", "decision",
							"disclosure", "audit"};
	return (int)t >= 0 && t < ZV_RECORD__COUNT ? N[t] : "";
}

const char *zv_arrangement_name(enum zv_arrangement a)
{
	static const char *const N[ZV_ARR__COUNT] = {"informing", "rights", "breaches",
						     "security", "complaints", "incidents",
						     "liability"};
	return (int)a >= 0 && a < ZV_ARR__COUNT ? N[a] : "";
}

/* ---- the outcome ------------------------------------------------------- */

static void ctx_init(struct config_ctx *c, struct zv_arena *a, struct zv_config *out)
{
	memset(c, 0, sizeof *c);
	c->arena = a;
	c->out = out;
	c->cap = ZV_CONFIG_MAX_PROBLEMS;
}

/* Hand the kept problems to the caller: ZV_OK when there are none. */
static int finish(struct config_ctx *c, bool not_json, struct zv_config_problems *problems,
		  struct zv_error *err)
{
	struct zv_config_problem *items = NULL;
	if (!c->nomem && c->n_kept) {
		items = config_alloc(c, c->n_kept, sizeof *items);
		for (size_t i = 0; items && i < c->n_kept; i++)
			items[i] = *c->kept[i].problem;
	}
	*problems = (struct zv_config_problems){.cap = ZV_CONFIG_MAX_PROBLEMS};
	if (c->nomem)
		return zv_error_set(err, ZV_ENOMEM, "$",
				    "out of memory while checking the configuration");
	if (!c->n_kept)
		return ZV_OK;
	problems->items = items;
	problems->count = c->n_kept;
	problems->truncated = c->truncated;
	problems->not_json = not_json;
	return zv_error_set(err, ZV_EINPUT, items[0].path, "%s", items[0].message);
}

/* ---- bytes and syntax -------------------------------------------------- */

/* Layer 1; false (after its problem, at "$") when the text is not read. */
static bool bytes_acceptable(struct config_ctx *c, const char *json, size_t len)
{
	if (len > ZV_CONFIG_MAX_BYTES) {
		config_problem(c, "the configuration is %zu bytes; at most %zu (4 MiB) are accepted",
			       len, ZV_CONFIG_MAX_BYTES);
		return false;
	}
	size_t at;
	switch (zv_json_prescan(json, len, CONFIG_MAX_NESTING, &at)) {
	case ZV_SCAN_NUL:
		config_problem(c, "NUL byte at offset %zu: a configuration is text, and text has no "
				  "NUL bytes", at);
		return false;
	case ZV_SCAN_TOO_DEEP:
		config_problem(c, "nesting deeper than %d levels at offset %zu", CONFIG_MAX_NESTING,
			       at);
		return false;
	case ZV_SCAN_OK:
		break;
	}
	return true;
}

/* Layer 2: the tree, or NULL when there is none to read (after the problem,
 * or with c->nomem). */
static json_t *read_json(struct config_ctx *c, const char *json, size_t len, bool *not_json)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len,
				  JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
	if (root)
		return root;
	enum json_error_code code = json_error_code(&jerr);
	/* jansson reports most allocation failures with an empty text */
	if (code == json_error_out_of_memory || !jerr.text[0]) {
		c->nomem = true;
		return NULL;
	}
	size_t saved = c->depth;
	config_locate(c, json, len, (size_t)(jerr.position > 0 ? jerr.position : 0));
	if (code == json_error_duplicate_key) {
		config_problem(c, "duplicate member: the object already has a member of this name "
				  "(line %d, column %d)", jerr.line, jerr.column);
		config_pop_to(c, saved);
		/* Read it again, the last of the two counting, to find the rest. */
		root = json_loadb(json, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
		if (!root)
			c->nomem = true;
		return root;
	}
	if (code == json_error_null_byte_in_key)
		config_problem(c, "a member name contains a NUL character (\\u0000) (line %d, "
				  "column %d)", jerr.line, jerr.column);
	else if (code == json_error_numeric_overflow)
		config_problem(c, "the number is too large to read: %s (line %d, column %d)",
			       jerr.text, jerr.line, jerr.column);
	else {
		*not_json = true;
		config_problem(c, "invalid JSON at line %d, column %d: %s", jerr.line, jerr.column,
			       jerr.text);
	}
	config_pop_to(c, saved);
	return NULL;
}

/* ---- checking ---------------------------------------------------------- */

int zv_config_parse(const char *json, size_t len, struct zv_arena *a, struct zv_config *out,
		    struct zv_config_problems *problems, struct zv_error *err)
{
	struct zv_config_problems unused;
	struct config_ctx c;
	bool not_json = false;
	if (!problems)
		problems = &unused;
	memset(out, 0, sizeof *out);
	ctx_init(&c, a, out);
	if (len >= 3 && !memcmp(json, "\xEF\xBB\xBF", 3)) {   /* RFC 8259 §8.1: a BOM may be ignored */
		json += 3;
		len -= 3;
	}
	json_t *root = NULL;
	if (bytes_acceptable(&c, json, len))
		root = read_json(&c, json, len, &not_json);
	else
		not_json = true;
	if (root) {
		c.root = root;
		config_read(&c);
		if (!c.nomem)
			config_cross_check(&c);
		json_decref(root);
	}
	return finish(&c, not_json, problems, err);
}

int zv_config_load(const char *path, struct zv_arena *a, struct zv_config *out,
		   struct zv_config_problems *problems, struct zv_error *err)
{
	struct zv_config_problems unused;
	if (!problems)
		problems = &unused;
	*problems = (struct zv_config_problems){.cap = ZV_CONFIG_MAX_PROBLEMS};
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f)
		return zv_error_set(err, ZV_EIO, "", "cannot read %s: %s", path, strerror(errno));
	struct zv_buf buf;
	bool over = false;
	zv_buf_init(&buf, ZV_CONFIG_MAX_BYTES);
	enum zv_err rc = zv_read_all(f, ZV_CONFIG_MAX_BYTES, &buf, &over);
	int read_errno = errno;
	fclose(f);
	if (rc == ZV_EIO) {
		zv_error_set(err, ZV_EIO, "", "cannot read %s: %s", path, strerror(read_errno));
	} else if (rc == ZV_ENOMEM) {
		zv_error_set(err, ZV_ENOMEM, "", "out of memory while reading %s", path);
	} else if (over) {
		struct config_ctx c;
		ctx_init(&c, a, out);
		config_problem(&c, "the file is larger than 4 MiB; a configuration is at most %zu "
				   "bytes", ZV_CONFIG_MAX_BYTES);
		rc = finish(&c, true, problems, err);
	} else {
		rc = zv_config_parse(buf.data ? buf.data : "", buf.len, a, out, problems, err);
		if (!rc && !(out->source = zv_arena_strndup(a, buf.data ? buf.data : "", buf.len)))
			rc = zv_error_set(err, ZV_ENOMEM, "", "out of memory keeping %s", path);
	}
	zv_buf_release(&buf);
	return rc;
}

/* ---- lookups ----------------------------------------------------------- */

const struct zv_organisation *zv_config_organisation(const struct zv_config *c, const char *id)
{
	for (size_t i = 0; id && i < c->n_organisations; i++)
		if (c->organisations[i].id && !strcmp(c->organisations[i].id, id))
			return &c->organisations[i];
	return NULL;
}

const struct zv_team *zv_config_team(const struct zv_config *c, const char *id)
{
	for (size_t i = 0; id && i < c->n_teams; i++)
		if (c->teams[i].id && !strcmp(c->teams[i].id, id))
			return &c->teams[i];
	return NULL;
}

const struct zv_professional *zv_config_professional(const struct zv_config *c,
						     const char *login)
{
	for (size_t i = 0; login && i < c->n_professionals; i++)
		if (c->professionals[i].login && !strcmp(c->professionals[i].login, login))
			return &c->professionals[i];
	return NULL;
}

const struct zv_task *zv_config_task(const struct zv_organisation *o, const char *id)
{
	for (size_t i = 0; id && i < o->n_tasks; i++)
		if (o->tasks[i].id && !strcmp(o->tasks[i].id, id))
			return &o->tasks[i];
	return NULL;
}

bool zv_config_in_team(const struct zv_professional *p, const char *team)
{
	for (size_t i = 0; team && i < p->n_teams; i++)
		if (p->teams[i] && !strcmp(p->teams[i], team))
			return true;
	return false;
}
