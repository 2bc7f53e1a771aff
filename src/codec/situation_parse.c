/*
 * situation_parse.c — JSON situation → struct zv_situation, strictly.
 *
 * Three layers of defence, cheapest first:
 *   1. bytes: size cap, raw NUL bytes, nesting depth (a scan that tracks
 *      strings, so that 100 000 nested brackets never reach a recursive
 *      parser);
 *   2. syntax: the codec's own JSON reader (json_dom.h), which refuses
 *      duplicate keys, NUL escapes and invalid UTF-8, into a read-only tree
 *      in an arena of its own, released before returning (jansson was
 *      measured too slow for this hot path: json_dom.c gives the figures);
 *   3. schema: this file walks the tree, one function per object of the
 *      contract, and names the path of the first problem. Unknown fields are
 *      checked before known ones; a member is found by a linear search of
 *      its object, faster than hashing for objects this small.
 *
 * Person ids are collected first, so that references to persons may appear
 * anywhere in the document.
 */
#include "vocabulary.h"
#include "zv/codec.h"

#include "json_dom.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct names;

struct ctx {
	const struct names *names;
	struct zv_arena *arena;
	struct zv_error *err;
	struct zv_situation *s;
	struct zv_person *persons;   /* mutable view of s->persons */
	char path[256];
	size_t plen;
};

/* ---- paths and errors -------------------------------------------------- */

static void path_set_len(struct ctx *c, size_t len)
{
	c->plen = len;
	c->path[len] = '\0';
}

static void path_append(struct ctx *c, const char *s, size_t n)
{
	zv_path_append(c->path, sizeof c->path, &c->plen, s, n);
}

/* Push ".key" (or "['odd key']"); returns the length to pop back to. */
static size_t path_key(struct ctx *c, const char *key)
{
	size_t saved = c->plen;
	zv_path_key(c->path, sizeof c->path, &c->plen, key);
	return saved;
}

static size_t path_index(struct ctx *c, size_t i)
{
	size_t saved = c->plen;
	zv_path_index(c->path, sizeof c->path, &c->plen, i);
	return saved;
}

static enum zv_err fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static enum zv_err fail(struct ctx *c, const char *fmt, ...)
{
	char msg[sizeof c->err->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return zv_error_set(c->err, ZV_EINPUT, c->path, "%s", msg);
}

static enum zv_err fail_nomem(struct ctx *c)
{
	return zv_error_set(c->err, ZV_ENOMEM, c->path, "out of memory while reading the situation");
}

static const char *type_name(const struct jdom_node *v)
{
	switch (jdom_type(v)) {
	case JDOM_OBJECT: return "an object";
	case JDOM_ARRAY: return "an array";
	case JDOM_STRING: return "a string";
	case JDOM_INTEGER: return "an integer";
	case JDOM_REAL: return "a decimal number";
	case JDOM_TRUE:
	case JDOM_FALSE: return "a boolean";
	case JDOM_NULL: return "null";
	}
	return "something else";
}

/* ---- object fields ----------------------------------------------------- */

/* Every key of `obj` must be in `allowed` (NULL-terminated). */
static enum zv_err check_keys(struct ctx *c, const struct jdom_node *obj, const char *const *allowed)
{
	size_t i;
	const struct jdom_node *key, *v;
	JDOM_OBJECT_FOREACH(obj, i, key, v) {
		bool known = false;
		for (const char *const *a = allowed; *a; a++)
			if (!strcmp(*a, key->u.str)) {
				known = true;
				break;
			}
		if (!known) {
			size_t saved = path_key(c, key->u.str);
			char k[48];
			zv_echo(k, key->u.str);
			enum zv_err e = fail(c, "unknown field \"%s\"", k);
			path_set_len(c, saved);
			return e;
		}
	}
	return ZV_OK;
}

static bool is_object(const struct jdom_node *v)
{
	return jdom_type(v) == JDOM_OBJECT;
}

static bool is_array(const struct jdom_node *v)
{
	return jdom_type(v) == JDOM_ARRAY;
}

/* The value of `key`, or NULL when absent or null. */
static const struct jdom_node *field(const struct jdom_node *obj, const char *key)
{
	const struct jdom_node *v = jdom_get(obj, key);
	return v && jdom_type(v) != JDOM_NULL ? v : NULL;
}

#define TRY(expr)                          \
	do {                               \
		enum zv_err e_ = (expr);   \
		if (e_ != ZV_OK)           \
			return e_;         \
	} while (0)

/* Run `check` on obj[key] with the path pointing at it. */
#define AT_KEY(c, key, stmt)                         \
	do {                                         \
		size_t saved_ = path_key((c), (key)); \
		enum zv_err e_ = (stmt);             \
		path_set_len((c), saved_);           \
		if (e_ != ZV_OK)                     \
			return e_;                   \
	} while (0)

static enum zv_err want_type(struct ctx *c, const struct jdom_node *v, enum jdom_type type, const char *what)
{
	if (jdom_type(v) == type || (type == JDOM_TRUE && jdom_type(v) == JDOM_FALSE))
		return ZV_OK;
	return fail(c, "expected %s, got %s", what, type_name(v));
}

static enum zv_err read_bool(struct ctx *c, const struct jdom_node *v, bool *out)
{
	TRY(want_type(c, v, JDOM_TRUE, "true, false or null"));
	*out = jdom_type(v) == JDOM_TRUE;
	return ZV_OK;
}

static enum zv_err get_bool(struct ctx *c, const struct jdom_node *obj, const char *key, bool *out)
{
	const struct jdom_node *v = field(obj, key);
	if (v)
		AT_KEY(c, key, read_bool(c, v, out));
	return ZV_OK;
}

static enum zv_err get_tri(struct ctx *c, const struct jdom_node *obj, const char *key, enum zv_tri *out)
{
	bool b = false;
	const struct jdom_node *v = field(obj, key);
	if (!v)
		return ZV_OK;
	AT_KEY(c, key, read_bool(c, v, &b));
	*out = b ? ZV_YES : ZV_NO;
	return ZV_OK;
}

/* A value from a list of names; index 0 of `names` may be NULL for "absent". */
static enum zv_err read_enum(struct ctx *c, const struct jdom_node *v, const char *const *names, int n, int *out)
{
	TRY(want_type(c, v, JDOM_STRING, "a string"));
	const char *s = v->u.str;
	for (int i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s)) {
			*out = i;
			return ZV_OK;
		}
	char list[400] = "";
	size_t len = 0;
	for (int i = 0; i < n; i++)
		if (names[i])
			len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0,
						"%s%s", len ? ", " : "", names[i]);
	char got[48];
	zv_echo(got, s);
	return fail(c, "\"%s\" is not one of: %s", got, list);
}

static enum zv_err get_enum(struct ctx *c, const struct jdom_node *obj, const char *key, const char *const *names,
			    int n, int *out)
{
	const struct jdom_node *v = field(obj, key);
	if (v)
		AT_KEY(c, key, read_enum(c, v, names, n, out));
	return ZV_OK;
}

/* Caps on strings that reach the decision whole (ids, references): a
 * situation may be 1 MiB, but an id is short. */
enum { MAX_ID = 256, MAX_REFERENCE = 1024, NO_MAX = 0 };

static enum zv_err read_text(struct ctx *c, const struct jdom_node *v, size_t max, struct zv_text *out)
{
	TRY(want_type(c, v, JDOM_STRING, "a string"));
	size_t n = jdom_len(v);
	if (max && n > max)
		return fail(c, "is %zu bytes long; at most %zu are accepted", n, max);
	char *p = zv_arena_strndup(c->arena, v->u.str, n);
	if (!p)
		return fail_nomem(c);
	*out = (struct zv_text){p, n};
	return ZV_OK;
}

static enum zv_err get_text(struct ctx *c, const struct jdom_node *obj, const char *key, size_t max,
			    struct zv_text *out)
{
	const struct jdom_node *v = field(obj, key);
	if (v)
		AT_KEY(c, key, read_text(c, v, max, out));
	return ZV_OK;
}

static enum zv_err read_date(struct ctx *c, const struct jdom_node *v, zv_day *out)
{
	TRY(want_type(c, v, JDOM_STRING, "a date \"YYYY-MM-DD\""));
	const char *s = v->u.str;
	if (!zv_date_parse(s, jdom_len(v), out)) {
		char got[48];
		zv_echo(got, s);
		return fail(c, "\"%s\" is not a valid date: expected YYYY-MM-DD, a real calendar day between %d and %d",
			    got, ZV_YEAR_MIN, ZV_YEAR_MAX);
	}
	return ZV_OK;
}

static enum zv_err get_date(struct ctx *c, const struct jdom_node *obj, const char *key, bool *has, zv_day *out)
{
	const struct jdom_node *v = field(obj, key);
	if (!v)
		return ZV_OK;
	AT_KEY(c, key, read_date(c, v, out));
	*has = true;
	return ZV_OK;
}

static enum zv_err get_object(struct ctx *c, const struct jdom_node *obj, const char *key, const struct jdom_node **out)
{
	const struct jdom_node *v = field(obj, key);
	*out = NULL;
	if (!v)
		return ZV_OK;
	if (!is_object(v))
		AT_KEY(c, key, fail(c, "expected an object, got %s", type_name(v)));
	*out = v;
	return ZV_OK;
}

static enum zv_err get_array(struct ctx *c, const struct jdom_node *obj, const char *key, const struct jdom_node **out)
{
	const struct jdom_node *v = field(obj, key);
	*out = NULL;
	if (!v)
		return ZV_OK;
	if (!is_array(v))
		AT_KEY(c, key, fail(c, "expected an array, got %s", type_name(v)));
	*out = v;
	return ZV_OK;
}

static enum zv_err missing(struct ctx *c, const char *key)
{
	size_t saved = path_key(c, key);
	enum zv_err e = fail(c, "required field is missing");
	path_set_len(c, saved);
	return e;
}

/* ---- vocabularies (the contract's lists) ------------------------------- */


#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* The lists the engine names itself (zv/policy.h), filled once per parse:
 * the codec and the engine can never disagree on a name. */
struct names {
	const char *actions[ZV_ACTION__COUNT];
	const char *orgs[ZV_ORG__COUNT];   /* [0] NULL: no kind */
	const char *categories[4];
};

static void names_init(struct names *n)
{
	for (int i = 0; i < ZV_ACTION__COUNT; i++)
		n->actions[i] = zv_action_name((enum zv_action)i);
	n->orgs[0] = NULL;
	for (int i = 1; i < ZV_ORG__COUNT; i++)
		n->orgs[i] = zv_org_name((enum zv_org)i);
	for (int i = 0; i < 4; i++)
		n->categories[i] = zv_category_name(i);
}

#define GET_ENUM_N(c, obj, key, names, n, target)                       \
	do {                                                            \
		int v_ = (int)(target);                                 \
		TRY(get_enum((c), (obj), (key), (names), (n), &v_));     \
		(target) = v_;                                          \
	} while (0)
#define GET_ENUM(c, obj, key, names, target) GET_ENUM_N(c, obj, key, names, COUNT(names), target)

/* ---- persons and references -------------------------------------------- */

static int person_index(const struct ctx *c, const char *id, size_t len)
{
	for (uint32_t i = 0; i < c->s->n_persons; i++)
		if (c->persons[i].id.len == len && !memcmp(c->persons[i].id.ptr, id, len))
			return (int)i;
	return -1;
}

static enum zv_err read_person_ref(struct ctx *c, const struct jdom_node *v, int *out)
{
	TRY(want_type(c, v, JDOM_STRING, "a person id (a string)"));
	int i = person_index(c, v->u.str, jdom_len(v));
	if (i < 0) {
		char got[48];
		zv_echo(got, v->u.str);
		return fail(c, "\"%s\" refers to no person in $.persons", got);
	}
	*out = i;
	return ZV_OK;
}

/* An array of person ids, each once, as a set. */
static enum zv_err read_person_set(struct ctx *c, const struct jdom_node *arr, zv_personset *out)
{
	*out = 0;
	size_t i;
	const struct jdom_node *v;
	JDOM_ARRAY_FOREACH(arr, i, v) {
		int p = 0;
		size_t saved = path_index(c, i);
		enum zv_err e = read_person_ref(c, v, &p);
		if (e == ZV_OK && (*out >> p) & 1u) {
			char id[48];
			zv_echo(id, v->u.str);
			e = fail(c, "person \"%s\" occurs twice in this list", id);
		}
		path_set_len(c, saved);
		TRY(e);
		*out |= UINT64_C(1) << p;
	}
	return ZV_OK;
}

static enum zv_err get_person_set(struct ctx *c, const struct jdom_node *obj, const char *key, zv_personset *out)
{
	const struct jdom_node *arr;
	TRY(get_array(c, obj, key, &arr));
	if (arr)
		AT_KEY(c, key, read_person_set(c, arr, out));
	return ZV_OK;
}

/* An array of categories, as a set. `empty_ok` false: at least one. */
static enum zv_err read_categories(struct ctx *c, const struct jdom_node *arr, bool empty_ok, uint8_t *out)
{
	*out = 0;
	if (jdom_len(arr) == 0 && !empty_ok)
		return fail(c, "must list at least one category (leave it out when it is not known)");
	size_t i;
	const struct jdom_node *v;
	JDOM_ARRAY_FOREACH(arr, i, v) {
		int k = 0;
		size_t saved = path_index(c, i);
		enum zv_err e = read_enum(c, v, c->names->categories, 4, &k);
		path_set_len(c, saved);
		TRY(e);
		*out |= (uint8_t)(1u << k);
	}
	return ZV_OK;
}

static enum zv_err get_categories(struct ctx *c, const struct jdom_node *obj, const char *key, bool empty_ok,
				  bool *has, uint8_t *out)
{
	const struct jdom_node *arr;
	TRY(get_array(c, obj, key, &arr));
	if (!arr)
		return ZV_OK;
	AT_KEY(c, key, read_categories(c, arr, empty_ok, out));
	*has = true;
	return ZV_OK;
}

/* A consent recipient: an organisation kind, "org:<id>", or a person id. */
static enum zv_err read_recipient(struct ctx *c, const struct jdom_node *v, struct zv_consent *k,
				  struct zv_text *ids)
{
	TRY(want_type(c, v, JDOM_STRING, "a recipient (a string)"));
	const char *s = v->u.str;
	size_t n = jdom_len(v);
	for (int o = 1; o < ZV_ORG__COUNT; o++)
		if (!strcmp(c->names->orgs[o], s)) {
			k->recipient_orgs |= 1u << o;
			return ZV_OK;
		}
	if (n >= 4 && !memcmp(s, "org:", 4)) {
		if (n == 4)
			return fail(c, "\"org:\" must be followed by the organisation's id");
		if (n - 4 > MAX_ID)
			return fail(c, "the id is %zu bytes long; at most %d are accepted", n - 4, MAX_ID);
		if (k->n_recipient_org_ids == ZV_MAX_RECIPIENT_IDS)
			return fail(c, "at most %d \"org:<id>\" recipients per consent",
				    ZV_MAX_RECIPIENT_IDS);
		for (uint32_t i = 0; i < k->n_recipient_org_ids; i++)
			if (ids[i].len == n - 4 && !memcmp(ids[i].ptr, s + 4, n - 4))
				return ZV_OK;
		char *p = zv_arena_strndup(c->arena, s + 4, n - 4);
		if (!p)
			return fail_nomem(c);
		ids[k->n_recipient_org_ids++] = (struct zv_text){p, n - 4};
		return ZV_OK;
	}
	int p = person_index(c, s, n);
	if (p < 0) {
		char got[48];
		zv_echo(got, s);
		return fail(c, "\"%s\" is neither an organisation kind, nor \"org:<id>\", nor a person id", got);
	}
	if ((k->recipient_persons >> p) & 1u) {
		char id[48];
		zv_echo(id, s);
		return fail(c, "person \"%s\" occurs twice among the recipients", id);
	}
	k->recipient_persons |= UINT64_C(1) << p;
	return ZV_OK;
}

static enum zv_err read_consent(struct ctx *c, const struct jdom_node *obj, struct zv_consent *k)
{
	static const char *const KEYS[] = {
		"kind", "given_by", "free", "unambiguous", "informed", "specific", "explicit",
		"recipients", "categories", "valid_until", "withdrawn", NULL};
	if (!is_object(obj))
		return fail(c, "expected a consent object, got %s", type_name(obj));
	TRY(check_keys(c, obj, KEYS));
	if (!field(obj, "kind"))
		return missing(c, "kind");
	GET_ENUM(c, obj, "kind", CONSENT_KINDS, k->kind);
	TRY(get_person_set(c, obj, "given_by", &k->given_by));
	TRY(get_bool(c, obj, "free", &k->free));
	TRY(get_bool(c, obj, "unambiguous", &k->unambiguous));
	TRY(get_bool(c, obj, "informed", &k->informed));
	TRY(get_bool(c, obj, "specific", &k->specific));
	TRY(get_bool(c, obj, "explicit", &k->explicit));
	const struct jdom_node *arr;
	TRY(get_array(c, obj, "recipients", &arr));
	if (arr) {
		struct zv_text *ids =
			zv_arena_alloc(c->arena, sizeof *ids * ZV_MAX_RECIPIENT_IDS);
		if (!ids)
			return fail_nomem(c);
		size_t saved_key = path_key(c, "recipients");
		size_t i;
		const struct jdom_node *v;
		JDOM_ARRAY_FOREACH(arr, i, v) {
			size_t saved = path_index(c, i);
			enum zv_err e = read_recipient(c, v, k, ids);
			path_set_len(c, saved);
			if (e != ZV_OK)
				return e;
		}
		path_set_len(c, saved_key);
		k->has_recipients = true;
		k->recipient_org_ids = ids;
	}
	TRY(get_categories(c, obj, "categories", true, &k->has_categories, &k->categories));
	TRY(get_date(c, obj, "valid_until", &k->has_valid_until, &k->valid_until));
	TRY(get_bool(c, obj, "withdrawn", &k->withdrawn));
	return ZV_OK;
}

static const char *const PERSON_KEYS[] = {"id", "role", "age", "capable", "authority_holders",
					  "consents", NULL};

/* First pass: ids, so that references may point anywhere. */
static enum zv_err read_person_ids(struct ctx *c, const struct jdom_node *arr)
{
	size_t n = jdom_len(arr);
	if (n == 0)
		return fail(c, "must list at least one person");
	if (n > ZV_MAX_PERSONS)
		return fail(c, "lists %zu persons; at most %d are supported", n, ZV_MAX_PERSONS);
	c->persons = zv_arena_alloc(c->arena, sizeof *c->persons * n);
	if (!c->persons)
		return fail_nomem(c);
	c->s->persons = c->persons;
	size_t i;
	const struct jdom_node *p;
	JDOM_ARRAY_FOREACH(arr, i, p) {
		size_t saved = path_index(c, i);
		enum zv_err e = ZV_OK;
		const struct jdom_node *id = is_object(p) ? field(p, "id") : NULL;
		if (!is_object(p))
			e = fail(c, "expected a person object, got %s", type_name(p));
		else if (!(e = check_keys(c, p, PERSON_KEYS)) && !id)
			e = missing(c, "id");
		else if (!e) {
			size_t saved_id = path_key(c, "id");
			if (!(e = read_text(c, id, MAX_ID, &c->persons[i].id))) {
				if (c->persons[i].id.len == 0)
					e = fail(c, "must not be empty");
				else if (person_index(c, c->persons[i].id.ptr, c->persons[i].id.len) >= 0) {
					char dup[48];
					zv_echo(dup, c->persons[i].id.ptr);
					e = fail(c, "person id \"%s\" occurs twice", dup);
				}
			}
			path_set_len(c, saved_id);
		}
		path_set_len(c, saved);
		TRY(e);
		c->s->n_persons = (uint32_t)i + 1;
	}
	return ZV_OK;
}

static enum zv_err read_person(struct ctx *c, const struct jdom_node *obj, uint32_t index)
{
	struct zv_person *p = &c->persons[index];
	p->age = -1;
	p->capable = true;
	GET_ENUM(c, obj, "role", PERSON_ROLES, p->role);
	const struct jdom_node *age = field(obj, "age");
	if (age) {
		size_t saved = path_key(c, "age");
		enum zv_err e = ZV_OK;
		double years = jdom_type(age) == JDOM_INTEGER ? (double)age->u.integer
			     : jdom_type(age) == JDOM_REAL    ? age->u.real
						    : -1;
		if (jdom_type(age) != JDOM_INTEGER && jdom_type(age) != JDOM_REAL)
			e = fail(c, "expected a whole number of years, got %s", type_name(age));
		else if (!(years >= 0 && years <= 130))   /* also NaN; before any cast */
			e = fail(c, "age must be from 0 to 130, got %g", years);
		else if (years != (double)(int)years)
			e = fail(c, "expected a whole number of years, got %g", years);
		path_set_len(c, saved);
		TRY(e);
		p->age = (int16_t)years;
	}
	TRY(get_bool(c, obj, "capable", &p->capable));
	TRY(get_person_set(c, obj, "authority_holders", &p->authority_holders));
	if ((p->authority_holders >> index) & 1u)
		AT_KEY(c, "authority_holders", fail(c, "a person cannot hold parental authority over themselves"));
	const struct jdom_node *arr;
	TRY(get_array(c, obj, "consents", &arr));
	if (!arr)
		return ZV_OK;
	size_t n = jdom_len(arr);
	if (n > ZV_MAX_CONSENTS)
		AT_KEY(c, "consents", fail(c, "lists %zu consents; at most %d per person are supported",
					  n, ZV_MAX_CONSENTS));
	struct zv_consent *ks = zv_arena_alloc(c->arena, sizeof *ks * (n ? n : 1));
	if (!ks)
		return fail_nomem(c);
	size_t saved_key = path_key(c, "consents");
	size_t i;
	const struct jdom_node *v;
	JDOM_ARRAY_FOREACH(arr, i, v) {
		size_t saved = path_index(c, i);
		enum zv_err e = read_consent(c, v, &ks[i]);
		path_set_len(c, saved);
		if (e != ZV_OK)
			return e;
	}
	path_set_len(c, saved_key);
	p->consents = ks;
	p->n_consents = (uint32_t)n;
	return ZV_OK;
}

static enum zv_err read_persons(struct ctx *c, const struct jdom_node *arr)
{
	size_t i;
	const struct jdom_node *p;
	JDOM_ARRAY_FOREACH(arr, i, p) {
		size_t saved = path_index(c, i);
		enum zv_err e = read_person(c, p, (uint32_t)i);
		path_set_len(c, saved);
		TRY(e);
	}
	return ZV_OK;
}

/* ---- the other objects ------------------------------------------------- */

static enum zv_err read_purpose(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {
		"description", "within_task", "kind", "further_use", "further_use_provision",
		"compatible", "domestic_violence_concern", NULL};
	struct zv_situation *s = c->s;
	TRY(check_keys(c, o, KEYS));
	TRY(get_text(c, o, "description", NO_MAX, &s->purpose.description));
	TRY(get_tri(c, o, "within_task", &s->purpose.within_task));
	GET_ENUM(c, o, "kind", PURPOSE_KINDS, s->purpose.kind);
	TRY(get_bool(c, o, "further_use", &s->purpose.further_use));
	TRY(get_text(c, o, "further_use_provision", MAX_REFERENCE,
		     &s->purpose.further_use_provision));
	TRY(get_tri(c, o, "compatible", &s->purpose.compatible));
	TRY(get_tri(c, o, "domestic_violence_concern", &s->purpose.domestic_violence_concern));
	return ZV_OK;
}

static enum zv_err read_actor(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {
		"org_kind", "acting_for", "acting_for_org", "org_id", "public_authority", "secrecy",
		"referral_task", "case_role", "lawyer_confirmed_consent_basis", NULL};
	struct zv_situation *s = c->s;
	TRY(check_keys(c, o, KEYS));
	if (!field(o, "org_kind"))
		return missing(c, "org_kind");
	GET_ENUM_N(c, o, "org_kind", c->names->orgs, ZV_ORG__COUNT, s->actor.kind);
	GET_ENUM(c, o, "acting_for", ACTING_FOR, s->actor.acting_for);
	if (s->actor.kind == ZV_ORG_REGIONAL_SAFETY_TEAM && s->actor.acting_for == ZV_ORG_NONE)
		return missing(c, "acting_for");
	TRY(get_text(c, o, "acting_for_org", MAX_ID, &s->actor.acting_for_org));
	TRY(get_text(c, o, "org_id", MAX_ID, &s->actor.org_id));
	TRY(get_tri(c, o, "public_authority", &s->actor.public_authority));
	GET_ENUM(c, o, "secrecy", SECRECY, s->actor.secrecy);
	TRY(get_bool(c, o, "referral_task", &s->actor.referral_task));
	GET_ENUM(c, o, "case_role", CASE_ROLES, s->actor.case_role);
	TRY(get_bool(c, o, "lawyer_confirmed_consent_basis",
		     &s->actor.lawyer_confirmed_consent_basis));
	return ZV_OK;
}

static enum zv_err read_counterparty(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {
		"person", "org_kind", "org_id", "public_authority", "directly_involved",
		"own_legal_basis", "criminal_justice", "reporter", NULL};
	struct zv_situation *s = c->s;
	TRY(check_keys(c, o, KEYS));
	s->counterparty.present = true;
	const struct jdom_node *person = field(o, "person");
	if (person) {
		int p = 0;
		AT_KEY(c, "person", read_person_ref(c, person, &p));
		s->counterparty.person = p;
	}
	GET_ENUM_N(c, o, "org_kind", c->names->orgs, ZV_ORG__COUNT, s->counterparty.kind);
	TRY(get_text(c, o, "org_id", MAX_ID, &s->counterparty.org_id));
	TRY(get_tri(c, o, "public_authority", &s->counterparty.public_authority));
	TRY(get_tri(c, o, "directly_involved", &s->counterparty.directly_involved));
	TRY(get_tri(c, o, "own_legal_basis", &s->counterparty.own_legal_basis));
	TRY(get_tri(c, o, "criminal_justice", &s->counterparty.criminal_justice));
	TRY(get_bool(c, o, "reporter", &s->counterparty.reporter));
	return ZV_OK;
}

static enum zv_err read_data(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {
		"about", "categories", "identifiability", "contains_third_party_data", "scope",
		"existence_suffices", "necessity_substantiated", "beyond_necessary",
		"obtainable_from_subjects", "asking_subjects_endangers_safety",
		"anonymous_suffices", "proportionate", "special_category_exception",
		"unverified_or_opinion", "secrecy_holder", "secrecy_holder_org",
		"disclosed_to_actor", "restricted_from_actor", NULL};
	struct zv_situation *s = c->s;
	TRY(check_keys(c, o, KEYS));
	const struct jdom_node *about;
	TRY(get_array(c, o, "about", &about));
	if (about) {
		if (jdom_len(about) == 0)
			AT_KEY(c, "about", fail(c, "must name at least one person (leave it out to mean everyone)"));
		AT_KEY(c, "about", read_person_set(c, about, &s->data.about));
	}
	TRY(get_categories(c, o, "categories", false, &s->data.has_categories, &s->data.categories));
	GET_ENUM(c, o, "identifiability", IDENTIFIABILITY, s->data.identifiability);
	TRY(get_bool(c, o, "contains_third_party_data", &s->data.contains_third_party_data));
	GET_ENUM(c, o, "scope", DATA_SCOPES, s->data.scope);
	TRY(get_tri(c, o, "existence_suffices", &s->data.existence_suffices));
	TRY(get_tri(c, o, "necessity_substantiated", &s->data.necessity_substantiated));
	TRY(get_tri(c, o, "beyond_necessary", &s->data.beyond_necessary));
	TRY(get_tri(c, o, "obtainable_from_subjects", &s->data.obtainable_from_subjects));
	TRY(get_tri(c, o, "asking_subjects_endangers_safety",
		    &s->data.asking_subjects_endangers_safety));
	TRY(get_tri(c, o, "anonymous_suffices", &s->data.anonymous_suffices));
	TRY(get_tri(c, o, "proportionate", &s->data.proportionate));
	TRY(get_text(c, o, "special_category_exception", MAX_REFERENCE,
		     &s->data.special_category_exception));
	TRY(get_bool(c, o, "unverified_or_opinion", &s->data.unverified_or_opinion));
	GET_ENUM_N(c, o, "secrecy_holder", c->names->orgs, ZV_ORG__COUNT, s->data.secrecy_holder);
	TRY(get_text(c, o, "secrecy_holder_org", MAX_ID, &s->data.secrecy_holder_org));
	TRY(get_bool(c, o, "disclosed_to_actor", &s->data.disclosed_to_actor));
	TRY(get_bool(c, o, "restricted_from_actor", &s->data.restricted_from_actor));
	return ZV_OK;
}

static enum zv_err read_legal_basis(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {"ground", "provision", NULL};
	TRY(check_keys(c, o, KEYS));
	GET_ENUM(c, o, "ground", GROUNDS, c->s->legal_basis.ground);
	TRY(get_text(c, o, "provision", MAX_REFERENCE, &c->s->legal_basis.provision));
	return ZV_OK;
}

static enum zv_err read_conflict(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {"consent_attempted", "serious_harm", "no_alternative",
					   "limits_harm", NULL};
	TRY(check_keys(c, o, KEYS));
	TRY(get_tri(c, o, "consent_attempted", &c->s->conflict_of_duties.consent_attempted));
	TRY(get_tri(c, o, "serious_harm", &c->s->conflict_of_duties.serious_harm));
	TRY(get_tri(c, o, "no_alternative", &c->s->conflict_of_duties.no_alternative));
	TRY(get_tri(c, o, "limits_harm", &c->s->conflict_of_duties.limits_harm));
	return ZV_OK;
}

static enum zv_err read_transparency(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {"informed_beforehand", "reason_not_informed", NULL};
	TRY(check_keys(c, o, KEYS));
	TRY(get_tri(c, o, "informed_beforehand", &c->s->transparency.informed_beforehand));
	GET_ENUM(c, o, "reason_not_informed", REASONS, c->s->transparency.reason_not_informed);
	return ZV_OK;
}

static enum zv_err read_veilig_thuis(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {
		"report_date", "reasonable_suspicion", "new_report_date",
		"investigation_decided_date", "investigation_start_date", "new_report",
		"continuation_justified", NULL};
	TRY(check_keys(c, o, KEYS));
	__typeof__(c->s->veilig_thuis) *vt = &c->s->veilig_thuis;
	TRY(get_date(c, o, "report_date", &vt->has_report_date, &vt->report_date));
	TRY(get_tri(c, o, "reasonable_suspicion", &vt->reasonable_suspicion));
	TRY(get_date(c, o, "new_report_date", &vt->has_new_report_date, &vt->new_report_date));
	TRY(get_date(c, o, "investigation_decided_date", &vt->has_investigation_decided_date,
		     &vt->investigation_decided_date));
	TRY(get_date(c, o, "investigation_start_date", &vt->has_investigation_start_date,
		     &vt->investigation_start_date));
	TRY(get_bool(c, o, "new_report", &vt->new_report));
	TRY(get_tri(c, o, "continuation_justified", &vt->continuation_justified));
	return ZV_OK;
}

static enum zv_err read_zorg_straf(struct ctx *c, const struct jdom_node *o)
{
	static const char *const KEYS[] = {"contributes_to_ending_violence",
					   "solely_recipient_task", "zsm_report", NULL};
	TRY(check_keys(c, o, KEYS));
	TRY(get_tri(c, o, "contributes_to_ending_violence",
		    &c->s->zorg_straf.contributes_to_ending_violence));
	TRY(get_tri(c, o, "solely_recipient_task", &c->s->zorg_straf.solely_recipient_task));
	TRY(get_bool(c, o, "zsm_report", &c->s->zorg_straf.zsm_report));
	return ZV_OK;
}

/* An optional sub-object parsed by `read`. */
static enum zv_err get_section(struct ctx *c, const struct jdom_node *root, const char *key,
			       enum zv_err (*read)(struct ctx *, const struct jdom_node *))
{
	const struct jdom_node *o;
	TRY(get_object(c, root, key, &o));
	if (o)
		AT_KEY(c, key, read(c, o));
	return ZV_OK;
}

/* ---- the situation ----------------------------------------------------- */

static enum zv_err read_version(struct ctx *c, const struct jdom_node *root)
{
	const struct jdom_node *v = field(root, "version");
	if (!v)
		return missing(c, "version");
	size_t saved = path_key(c, "version");
	enum zv_err e = ZV_OK;
	if (jdom_type(v) != JDOM_INTEGER)
		e = fail(c, "expected the integer 1, got %s", type_name(v));
	else if (v->u.integer != 1)
		e = fail(c, "version %lld is not supported; this is version 1 of the decision API",
			 (long long)v->u.integer);
	path_set_len(c, saved);
	return e;
}

/* Required by decision-api.md beyond the fields themselves. */
static enum zv_err check_required(struct ctx *c)
{
	const struct zv_situation *s = c->s;
	bool needs_counterparty = s->action == ZV_ACTION_DISCLOSE ||
				  s->action == ZV_ACTION_REQUEST || s->action == ZV_ACTION_ACCESS;
	if (!needs_counterparty)
		return ZV_OK;
	if (!s->counterparty.present)
		return missing(c, "counterparty");
	enum zv_err e = ZV_OK;
	size_t saved = path_key(c, "counterparty");
	if (s->action == ZV_ACTION_ACCESS && s->counterparty.person < 0)
		e = fail(c, "for access, \"person\" must name the person who asks");
	else if (s->counterparty.person < 0 && s->counterparty.kind == ZV_ORG_NONE)
		e = fail(c, "must name an \"org_kind\" or a \"person\"");
	else if (s->action == ZV_ACTION_REQUEST && s->counterparty.person >= 0 &&
		 s->counterparty.kind == ZV_ORG_NONE)
		e = fail(c, "for request, \"org_kind\" must name the organisation asked");
	path_set_len(c, saved);
	return e;
}

static enum zv_err read_situation(struct ctx *c, const struct jdom_node *root, zv_day today)
{
	static const char *const KEYS[] = {
		"version", "date", "action", "initiative", "purpose", "actor", "counterparty",
		"persons", "data", "legal_basis", "secrecy_ground", "secrecy_provision_confirmed",
		"parent_access_incompatible_with_good_care", "conflict_of_duties", "transparency",
		"framework", "participation_withdrawn", "veilig_thuis", "zorg_straf", NULL};
	struct zv_situation *s = c->s;
	if (!is_object(root))
		return fail(c, "a situation must be a JSON object, got %s", type_name(root));
	TRY(check_keys(c, root, KEYS));
	TRY(read_version(c, root));
	/* Required fields first, in the contract's order. */
	static const char *const REQUIRED[] = {"action", "actor", "persons"};
	for (size_t i = 0; i < sizeof REQUIRED / sizeof *REQUIRED; i++)
		if (!field(root, REQUIRED[i]))
			return missing(c, REQUIRED[i]);

	const struct jdom_node *persons;
	TRY(get_array(c, root, "persons", &persons));
	if (!persons)
		return missing(c, "persons");
	AT_KEY(c, "persons", read_person_ids(c, persons));

	bool has_date = false;
	TRY(get_date(c, root, "date", &has_date, &s->date));
	if (!has_date)
		s->date = today;
	if (!field(root, "action"))
		return missing(c, "action");
	GET_ENUM_N(c, root, "action", c->names->actions, ZV_ACTION__COUNT, s->action);
	GET_ENUM(c, root, "initiative", INITIATIVES, s->initiative);
	TRY(get_section(c, root, "purpose", read_purpose));
	const struct jdom_node *actor;
	TRY(get_object(c, root, "actor", &actor));
	if (!actor)
		return missing(c, "actor");
	AT_KEY(c, "actor", read_actor(c, actor));
	TRY(get_section(c, root, "counterparty", read_counterparty));
	AT_KEY(c, "persons", read_persons(c, persons));
	TRY(get_section(c, root, "data", read_data));
	TRY(get_section(c, root, "legal_basis", read_legal_basis));
	GET_ENUM(c, root, "secrecy_ground", SECRECY_GROUNDS, s->secrecy_ground);
	TRY(get_bool(c, root, "secrecy_provision_confirmed", &s->secrecy_provision_confirmed));
	TRY(get_tri(c, root, "parent_access_incompatible_with_good_care",
		    &s->parent_access_incompatible));
	TRY(get_section(c, root, "conflict_of_duties", read_conflict));
	TRY(get_section(c, root, "transparency", read_transparency));
	GET_ENUM(c, root, "framework", FRAMEWORKS, s->framework);
	TRY(get_bool(c, root, "participation_withdrawn", &s->participation_withdrawn));
	TRY(get_section(c, root, "veilig_thuis", read_veilig_thuis));
	TRY(get_section(c, root, "zorg_straf", read_zorg_straf));
	return check_required(c);
}

/* ---- byte-level checks ------------------------------------------------- */

static enum zv_err prescan(const char *json, size_t len, struct zv_error *err)
{
	if (len > ZV_SITUATION_MAX_BYTES)
		return zv_error_set(err, ZV_EINPUT, "$",
				    "the situation is %zu bytes; at most %zu (1 MiB) are accepted",
				    len, ZV_SITUATION_MAX_BYTES);
	size_t at;
	switch (zv_json_prescan(json, len, ZV_SITUATION_MAX_DEPTH, &at)) {
	case ZV_SCAN_NUL:
		return zv_error_set(err, ZV_EINPUT, "$",
				    "NUL byte at offset %zu: a situation is text and may not contain NUL",
				    at);
	case ZV_SCAN_TOO_DEEP:
		return zv_error_set(err, ZV_EINPUT, "$", "nesting deeper than %d levels at offset %zu",
				    ZV_SITUATION_MAX_DEPTH, at);
	case ZV_SCAN_OK:
		break;
	}
	return ZV_OK;
}

enum zv_err zv_situation_parse(const char *json, size_t len, zv_day today,
			       struct zv_arena *arena, struct zv_situation *s,
			       struct zv_error *err)
{
	if (len >= 3 && !memcmp(json, "\xEF\xBB\xBF", 3)) {  /* RFC 8259 §8.1: a BOM may be ignored */
		json += 3;
		len -= 3;
	}
	TRY(prescan(json, len, err));
	/* The tree lives in an arena of its own, only while parsing: what the
	 * situation keeps is copied to the caller's. */
	struct zv_arena tree_arena;
	zv_arena_init(&tree_arena, 0);
	struct jdom tree;
	struct jdom_error jerr;
	enum zv_err e = jdom_parse(&tree, json, len, ZV_SITUATION_MAX_DEPTH, &tree_arena, &jerr);
	if (e == ZV_ENOMEM) {
		zv_error_set(err, ZV_ENOMEM, "$", "out of memory while reading JSON");
	} else if (e != ZV_OK) {
		zv_error_set(err, ZV_EINPUT, "$", "invalid JSON at line %u, column %u: %s", jerr.line,
			     jerr.column, jerr.message);
	} else {
		zv_situation_init(s);
		struct names names;
		names_init(&names);
		struct ctx c = {.names = &names, .arena = arena, .err = err, .s = s};
		path_set_len(&c, 0);
		path_append(&c, "$", 1);
		e = read_situation(&c, tree.root, today);
	}
	zv_arena_release(&tree_arena);
	return e;
}
