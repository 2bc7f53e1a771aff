/*
 * read.c — the first pass of a configuration check: every value of the
 * document read into struct zv_config, every problem with a value reported
 * where it is, and reading goes on after each.
 *
 * One function per object of docs/config.md. Each first reports members it
 * does not know, then reads the ones it knows in the format's order; a
 * required member that is absent (or null) is reported at its own path, at
 * the end of its object. Lists are read element by element into arrays with
 * the same indices, so that the second pass (cross.c) can name the path of
 * anything it finds wrong.
 *
 * What is read is kept even when it breaks a rule of its own (an id with a
 * capital letter, a text that is too long): the problem is reported once,
 * here, and references to it do not cascade into more problems. What has
 * the wrong type is left NULL or zero, and the second pass skips it.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* ---- vocabularies ------------------------------------------------------ */

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* Names that the engine and this header define, gathered per parse so that
 * the format and the engine can never disagree on a name. A NULL entry is a
 * value that cannot be written. */
struct config_vocab {
	const char *org_kinds[ZV_ORG__COUNT];     /* not regional_safety_team */
	const char *team_kinds[ZV_ORG__COUNT];    /* local_team, regional_safety_team */
	const char *categories[4];                /* not ordinary */
	const char *roles[ZV_ROLE__COUNT];
	const char *records[ZV_RECORD__COUNT];
	const char *arrangements[ZV_ARR__COUNT];
};

static void vocab_init(struct config_vocab *v)
{
	for (int k = 0; k < ZV_ORG__COUNT; k++) {
		bool team = k == ZV_ORG_LOCAL_TEAM || k == ZV_ORG_REGIONAL_SAFETY_TEAM;
		v->org_kinds[k] = k == ZV_ORG_NONE || k == ZV_ORG_REGIONAL_SAFETY_TEAM
					  ? NULL
					  : zv_org_name((enum zv_org)k);
		v->team_kinds[k] = team ? zv_org_name((enum zv_org)k) : NULL;
	}
	v->categories[0] = NULL;
	for (int bit = 1; bit < 4; bit++)
		v->categories[bit] = zv_category_name(bit);
	for (int bit = 0; bit < ZV_ROLE__COUNT; bit++)
		v->roles[bit] = zv_user_role_name(bit);
	for (int r = 0; r < ZV_RECORD__COUNT; r++)
		v->records[r] = zv_record_type_name((enum zv_record_type)r);
	for (int a = 0; a < ZV_ARR__COUNT; a++)
		v->arrangements[a] = zv_arrangement_name((enum zv_arrangement)a);
}

static const char *const SECRECY[] = {NULL, "none", "jeugdwet", "wgbo", "big", "wmo"};
static const char *const GROUNDS[] = {NULL, "a", "b", "c", "d", "e", "f"};
static const char *const ARGON2[] = {"interactive", "moderate", "sensitive"};
static const char *const COLLABORATION[] = {"mandate", "network"};
static const char *const REGISTERS[] = {"SKJ", "BIG"};

/* "a, b, c" of the non-NULL names, for messages. */
static void name_list(const char *const *names, int n, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		if (names[i] && len < cap)
			len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? ", " : "",
						names[i]);
}

/* ---- values ------------------------------------------------------------ */

/* obj[key], or NULL when absent or null (null is absent). */
static json_t *member(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return v && !json_is_null(v) ? v : NULL;
}

static bool want(struct config_ctx *c, json_t *v, bool ok, const char *what)
{
	if (!ok)
		config_problem(c, "expected %s, got %s", what, config_type_name(v));
	return ok;
}

static void missing(struct config_ctx *c, json_t *obj, const char *key, const char *why)
{
	size_t saved = config_push_key(c, obj, key);
	config_problem(c, "%s", why ? why : "required member is missing");
	config_pop_to(c, saved);
}

/* A string without NUL characters, copied into the arena; NULL after a
 * problem. */
static const char *read_string(struct config_ctx *c, json_t *v, const char *what)
{
	if (!want(c, v, json_is_string(v), what))
		return NULL;
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (memchr(s, '\0', n)) {
		config_problem(c, "contains a NUL character (\\u0000), which no text may");
		return NULL;
	}
	char *copy = zv_arena_strndup(c->arena, s, n);
	if (!copy)
		c->nomem = true;
	return copy;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static const char *read_text(struct config_ctx *c, json_t *v)
{
	const char *s = read_string(c, v, "a text (a string)");
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n > CONFIG_MAX_TEXT)
		config_problem(c, "is %zu bytes long; a text is at most %d bytes", n, CONFIG_MAX_TEXT);
	else if (blank(s))
		config_problem(c, "is empty; write the text, or leave the member out where it is optional");
	return s;
}

bool config_is_id(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > CONFIG_MAX_ID)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
		if (!alnum && (i == 0 || (ch != '.' && ch != '-' && ch != '_')))
			return false;
	}
	return true;
}

#define ID_RULE "an id is 1 to 64 bytes of lowercase letters, digits, '.', '-' and '_', " \
		"starting with a letter or digit"

static void explain_bad_id(struct config_ctx *c, const char *s)
{
	size_t n = strlen(s), bad = 0;
	char got[48];
	zv_echo(got, s);
	if (n == 0) {
		config_problem(c, "is empty; " ID_RULE);
		return;
	}
	if (n > CONFIG_MAX_ID) {
		config_problem(c, "is %zu bytes long; " ID_RULE, n);
		return;
	}
	while (bad < n && (bad ? strchr("abcdefghijklmnopqrstuvwxyz0123456789.-_", s[bad])
			       : strchr("abcdefghijklmnopqrstuvwxyz0123456789", s[bad])))
		bad++;
	unsigned char ch = (unsigned char)s[bad];
	if (ch > 0x20 && ch < 0x7f)
		config_problem(c, "\"%s\" is not an id: '%c' at byte %zu; " ID_RULE, got, ch, bad + 1);
	else
		config_problem(c, "\"%s\" is not an id: byte 0x%02x at byte %zu; " ID_RULE, got, ch,
			       bad + 1);
}

/* An id that names this object; kept even when malformed (reported once). */
static const char *read_id(struct config_ctx *c, json_t *v)
{
	const char *s = read_string(c, v, "an id (a string)");
	if (s && !config_is_id(s))
		explain_bad_id(c, s);
	return s;
}

/* An id that names something else; cross.c checks that it exists. */
static const char *read_ref(struct config_ctx *c, json_t *v)
{
	return read_string(c, v, "an id (a string)");
}

/* Whether `v` is the string `s` (no more: a NUL inside does not end it). */
static bool string_is(const json_t *v, const char *s)
{
	return json_is_string(v) && json_string_length(v) == strlen(s) &&
	       !memcmp(json_string_value(v), s, json_string_length(v));
}

/* Index of `v` in `names`, or -1 after a problem. */
static int read_enum(struct config_ctx *c, json_t *v, const char *const *names, int n)
{
	if (!want(c, v, json_is_string(v), "a string"))
		return -1;
	for (int i = 0; i < n; i++)
		if (names[i] && string_is(v, names[i]))
			return i;
	char list[320], got[48];
	name_list(names, n, list, sizeof list);
	zv_echo(got, json_string_value(v));
	config_problem(c, "\"%s\" is not one of: %s", got, list);
	return -1;
}

static bool read_bool(struct config_ctx *c, json_t *v, bool *out)
{
	if (!want(c, v, json_is_boolean(v), "true or false"))
		return false;
	*out = json_is_true(v);
	return true;
}

static bool read_date(struct config_ctx *c, json_t *v, zv_day *out)
{
	if (!want(c, v, json_is_string(v), "a date \"YYYY-MM-DD\""))
		return false;
	if (zv_date_parse(json_string_value(v), json_string_length(v), out))
		return true;
	char got[48];
	zv_echo(got, json_string_value(v));
	config_problem(c, "\"%s\" is not a valid date: expected YYYY-MM-DD, a real calendar day "
			  "between %d and %d", got, ZV_YEAR_MIN, ZV_YEAR_MAX);
	return false;
}

/* ---- members ----------------------------------------------------------- */

/* Report every member of `obj` that is not in `allowed` (NULL-terminated). */
static void check_members(struct config_ctx *c, json_t *obj, const char *const *allowed)
{
	size_t ordinal = 0;
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = !strcmp(*a, key);
		if (!known) {
			char list[320], got[48];
			int n = 0;
			while (allowed[n])
				n++;
			name_list(allowed, n, list, sizeof list);
			zv_echo(got, key);
			size_t saved = config_push_key_at(c, obj, key, ordinal);
			config_problem(c, "unknown member \"%s\"; the members here are: %s", got, list);
			config_pop_to(c, saved);
		}
		ordinal++;
	}
}

/* obj[key] with its path pushed (pop back to *saved), or NULL when absent
 * (reported as missing when required). */
static json_t *enter(struct config_ctx *c, json_t *obj, const char *key, bool required,
		     size_t *saved)
{
	json_t *v = member(obj, key);
	if (!v) {
		if (required)
			missing(c, obj, key, NULL);
		return NULL;
	}
	*saved = config_push_key(c, obj, key);
	return v;
}

/* A reader of one string value: read_text, read_id or read_ref. */
typedef const char *(*string_fn)(struct config_ctx *c, json_t *v);

static const char *get_string(struct config_ctx *c, json_t *obj, const char *key, bool required,
			      string_fn read)
{
	size_t saved;
	json_t *v = enter(c, obj, key, required, &saved);
	if (!v)
		return NULL;
	const char *s = read(c, v);
	config_pop_to(c, saved);
	return s;
}

static const char *get_text(struct config_ctx *c, json_t *obj, const char *key, bool required)
{
	return get_string(c, obj, key, required, read_text);
}

static const char *get_id(struct config_ctx *c, json_t *obj, const char *key)
{
	return get_string(c, obj, key, true, read_id);
}

static const char *get_ref(struct config_ctx *c, json_t *obj, const char *key, bool required)
{
	return get_string(c, obj, key, required, read_ref);
}

/* Index in `names`, or -1 when absent (reported if required) or bad. */
static int get_enum(struct config_ctx *c, json_t *obj, const char *key, const char *const *names,
		    int n, bool required)
{
	size_t saved;
	json_t *v = enter(c, obj, key, required, &saved);
	if (!v)
		return -1;
	int i = read_enum(c, v, names, n);
	config_pop_to(c, saved);
	return i;
}

/* Whether obj[key] was there and a boolean (then in *out). */
static bool get_bool(struct config_ctx *c, json_t *obj, const char *key, bool *out)
{
	size_t saved;
	json_t *v = enter(c, obj, key, false, &saved);
	if (!v)
		return false;
	bool ok = read_bool(c, v, out);
	config_pop_to(c, saved);
	return ok;
}

static bool get_date(struct config_ctx *c, json_t *obj, const char *key, zv_day *out)
{
	size_t saved;
	json_t *v = enter(c, obj, key, false, &saved);
	if (!v)
		return false;
	bool ok = read_date(c, v, out);
	config_pop_to(c, saved);
	return ok;
}

/* obj[key] when it is of the wanted kind; NULL when absent (reported if
 * required) or after a problem. An array that must not be empty names why
 * in `if_empty`. */
static json_t *get_array(struct config_ctx *c, json_t *obj, const char *key, bool required,
			 const char *if_empty)
{
	size_t saved;
	json_t *v = enter(c, obj, key, required, &saved);
	if (!v)
		return NULL;
	bool ok = want(c, v, json_is_array(v), "an array");
	if (ok && if_empty && json_array_size(v) == 0) {
		config_problem(c, "%s", if_empty);
		ok = false;
	}
	config_pop_to(c, saved);
	return ok ? v : NULL;
}

static json_t *get_object(struct config_ctx *c, json_t *obj, const char *key, bool required)
{
	size_t saved;
	json_t *v = enter(c, obj, key, required, &saved);
	if (!v)
		return NULL;
	bool ok = want(c, v, json_is_object(v), "an object");
	config_pop_to(c, saved);
	return ok ? v : NULL;
}

/* obj[key] as a list of strings, each read by `read` (entries of the wrong
 * type are NULL). */
static void get_strings(struct config_ctx *c, json_t *obj, const char *key, bool required,
			const char *if_empty, string_fn read, const char *const **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	json_t *arr = get_array(c, obj, key, required, if_empty);
	size_t count = json_array_size(arr);
	const char **list = config_alloc(c, count, sizeof *list);
	if (!list)
		return;
	size_t saved = config_push_key(c, obj, key);
	for (size_t i = 0; i < count; i++) {
		size_t at = config_push_index(c, i);
		list[i] = read(c, json_array_get(arr, i));
		config_pop_to(c, at);
	}
	config_pop_to(c, saved);
	*out = list;
	*n = count;
}

static void get_refs(struct config_ctx *c, json_t *obj, const char *key, bool required,
		     const char *if_empty, const char *const **out, size_t *n)
{
	get_strings(c, obj, key, required, if_empty, read_ref, out, n);
}

static void get_texts(struct config_ctx *c, json_t *obj, const char *key,
		      const char *const **out, size_t *n)
{
	get_strings(c, obj, key, false, NULL, read_text, out, n);
}

/* A list of objects: each element that is an object is read by `read` into
 * the element of the same index of a new array of `size`-byte elements. */
typedef void (*read_fn)(struct config_ctx *c, json_t *o, void *elem, size_t index);

static void *get_list(struct config_ctx *c, json_t *obj, const char *key, bool required,
		      const char *if_empty, size_t size, read_fn read, size_t *n)
{
	*n = 0;
	json_t *arr = get_array(c, obj, key, required, if_empty);
	size_t count = json_array_size(arr);
	unsigned char *elems = config_alloc(c, count, size);
	if (!elems)
		return NULL;
	size_t saved = config_push_key(c, obj, key);
	for (size_t i = 0; i < count; i++) {
		size_t at = config_push_index(c, i);
		json_t *o = json_array_get(arr, i);
		if (want(c, o, json_is_object(o), "an object"))
			read(c, o, elems + i * size, i);
		config_pop_to(c, at);
	}
	config_pop_to(c, saved);
	*n = count;
	return elems;
}

/* ---- organisations ----------------------------------------------------- */

static void read_task(struct config_ctx *c, json_t *o, void *elem, size_t index)
{
	static const char *const KEYS[] = {"id", "description", "ground", "provision", NULL};
	struct zv_task *t = elem;
	(void)index;
	check_members(c, o, KEYS);
	t->id = get_id(c, o, "id");
	t->description = get_text(c, o, "description", true);
	int ground = get_enum(c, o, "ground", GROUNDS, COUNT(GROUNDS), true);
	t->ground = ground < 0 ? ZV_GROUND_NONE : (enum zv_ground)ground;
	t->provision = get_text(c, o, "provision", false);
	if (!member(o, "provision") && (t->ground == ZV_GROUND_C || t->ground == ZV_GROUND_E)) {
		char why[160];
		snprintf(why, sizeof why,
			 "required for ground %s (R2.6): name the statutory provision the task "
			 "rests on", GROUNDS[t->ground]);
		missing(c, o, "provision", why);
	}
}

/* The categories of an exception: health, special_other, criminal. */
static uint8_t read_exception_categories(struct config_ctx *c, json_t *arr)
{
	uint8_t set = 0;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		size_t at = config_push_index(c, i);
		if (string_is(v, zv_category_name(0)))
			config_problem(c, "ordinary data needs no exception; the categories here are "
					  "health, special_other and criminal");
		else {
			int bit = read_enum(c, v, c->vocab->categories, 4);
			if (bit > 0)
				set |= (uint8_t)(1u << bit);
		}
		config_pop_to(c, at);
	}
	return set;
}

static void read_exception(struct config_ctx *c, json_t *o, void *elem, size_t index)
{
	static const char *const KEYS[] = {"categories", "exception", "tasks", NULL};
	struct zv_category_exception *x = elem;
	(void)index;
	check_members(c, o, KEYS);
	json_t *cats = get_array(c, o, "categories", true,
				 "must name at least one category: health, special_other or "
				 "criminal");
	if (cats) {
		size_t saved = config_push_key(c, o, "categories");
		x->categories = read_exception_categories(c, cats);
		config_pop_to(c, saved);
	}
	x->exception = get_text(c, o, "exception", true);
	get_refs(c, o, "tasks", false,
		 "must name at least one task; leave \"tasks\" out to mean every task",
		 &x->tasks, &x->n_tasks);
}

static void read_retention(struct config_ctx *c, json_t *o, uint16_t years[ZV_RECORD__COUNT])
{
	const char *keys[ZV_RECORD__COUNT + 1];
	for (int r = 0; r < ZV_RECORD__COUNT; r++)
		keys[r] = c->vocab->records[r];
	keys[ZV_RECORD__COUNT] = NULL;
	check_members(c, o, keys);
	for (int r = 0; r < ZV_RECORD__COUNT; r++) {
		json_t *v = member(o, keys[r]);
		if (!v) {
			missing(c, o, keys[r],
				"required: every record type has its retention period in years");
			continue;
		}
		size_t saved = config_push_key(c, o, keys[r]);
		int min = r == ZV_RECORD_AUDIT ? 5 : 1;
		if (want(c, v, json_is_integer(v), "a whole number of years")) {
			json_int_t y = json_integer_value(v);
			if (r == ZV_RECORD_AUDIT && y >= 1 && y < 5)
				config_problem(c, "%lld years is too short: the audit log is kept at "
						  "least 5 years (NEN 7513)", (long long)y);
			else if (y < min || y > 115)
				config_problem(c, "%lld is not a retention period: from %d to 115 years",
					       (long long)y, min);
			else
				years[r] = (uint16_t)y;
		}
		config_pop_to(c, saved);
	}
}

static void read_organisation(struct config_ctx *c, json_t *o, void *elem, size_t index)
{
	static const char *const KEYS[] = {
		"id", "name", "kind", "public_authority", "secrecy", "tasks",
		"special_category_exceptions", "retention_years", "lawyer_confirmed_consent_basis",
		"confirmed_provisions", NULL};
	struct zv_organisation *org = elem;
	(void)index;
	check_members(c, o, KEYS);
	org->id = get_id(c, o, "id");
	org->name = get_text(c, o, "name", true);

	json_t *kind = member(o, "kind");
	const char *team_kind = zv_org_name(ZV_ORG_REGIONAL_SAFETY_TEAM);
	if (string_is(kind, team_kind)) {
		size_t saved = config_push_key(c, o, "kind");
		config_problem(c, "%s is a team, not an organisation: list it under $.teams, with "
				  "its members' own organisations here", team_kind);
		config_pop_to(c, saved);
	} else {
		int k = get_enum(c, o, "kind", c->vocab->org_kinds, ZV_ORG__COUNT, true);
		org->kind = k < 0 ? ZV_ORG_NONE : (enum zv_org)k;
	}
	if (!get_bool(c, o, "public_authority", &org->public_authority))
		org->public_authority = zv_org_is_public_authority(org->kind);
	int secrecy = get_enum(c, o, "secrecy", SECRECY, COUNT(SECRECY), false);
	org->secrecy = secrecy > 0 ? (enum zv_secrecy)secrecy : zv_org_default_secrecy(org->kind);

	org->tasks = get_list(c, o, "tasks", true,
			      "must list at least one task: the statutory or agreed tasks the "
			      "organisation processes data for",
			      sizeof(struct zv_task), read_task, &org->n_tasks);
	org->exceptions = get_list(c, o, "special_category_exceptions", false, NULL,
				   sizeof(struct zv_category_exception), read_exception,
				   &org->n_exceptions);
	json_t *retention = get_object(c, o, "retention_years", true);
	if (retention) {
		size_t saved = config_push_key(c, o, "retention_years");
		read_retention(c, retention, org->retention_years);
		config_pop_to(c, saved);
	}
	get_bool(c, o, "lawyer_confirmed_consent_basis", &org->lawyer_confirmed_consent_basis);
	get_texts(c, o, "confirmed_provisions", &org->confirmed_provisions,
		  &org->n_confirmed_provisions);
}

/* ---- teams and professionals ------------------------------------------- */

static void read_team(struct config_ctx *c, json_t *o, void *elem, size_t index)
{
	static const char *const KEYS[] = {"id", "name", "kind", "collaboration", "organisation",
					   NULL};
	struct zv_team *t = elem;
	check_members(c, o, KEYS);
	t->id = get_id(c, o, "id");
	t->name = get_text(c, o, "name", true);
	int kind = get_enum(c, o, "kind", c->vocab->team_kinds, ZV_ORG__COUNT, true);
	t->kind = kind < 0 ? ZV_ORG_NONE : (enum zv_org)kind;
	int collab = get_enum(c, o, "collaboration", COLLABORATION, COUNT(COLLABORATION), true);
	t->collaboration = collab == 0 ? ZV_COLLAB_MANDATE : ZV_COLLAB_NETWORK;
	if (c->team_collaboration_known)
		c->team_collaboration_known[index] = collab >= 0;
	t->organisation = get_ref(c, o, "organisation", false);

	if (collab == 0 && t->kind == ZV_ORG_REGIONAL_SAFETY_TEAM) {
		size_t saved = config_push_key(c, o, "collaboration");
		config_problem(c, "a regional_safety_team works as a network: its members keep "
				  "their own organisation's powers (veilig_thuis, rvdk or gi)");
		config_pop_to(c, saved);
	} else if (collab == 0 && !member(o, "organisation")) {
		missing(c, o, "organisation",
			"required for a team under mandate: the organisation (a local_team) its "
			"members act for");
	}
}

static void read_registration(struct config_ctx *c, json_t *o, struct zv_professional *p)
{
	static const char *const KEYS[] = {"register", "number", NULL};
	check_members(c, o, KEYS);
	int reg = get_enum(c, o, "register", REGISTERS, COUNT(REGISTERS), true);
	if (reg >= 0) {
		p->registration_register = zv_arena_strndup(c->arena, REGISTERS[reg],
							    strlen(REGISTERS[reg]));
		if (!p->registration_register)
			c->nomem = true;
	}
	json_t *v = member(o, "number");
	if (!v) {
		missing(c, o, "number", NULL);
		return;
	}
	size_t saved = config_push_key(c, o, "number");
	const char *number = read_string(c, v, "a string of digits");
	size_t n = number ? strlen(number) : 0;
	if (number && (n < 6 || n > 12 || strspn(number, "0123456789") != n)) {
		char got[48];
		zv_echo(got, number);
		config_problem(c, "\"%s\" is not a registration number: 6 to 12 digits", got);
	}
	p->registration_number = number;
	config_pop_to(c, saved);
}

static unsigned read_roles(struct config_ctx *c, json_t *arr)
{
	unsigned roles = 0;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		size_t at = config_push_index(c, i);
		int bit = read_enum(c, v, c->vocab->roles, ZV_ROLE__COUNT);
		if (bit >= 0)
			roles |= 1u << bit;
		config_pop_to(c, at);
	}
	return roles;
}

static void read_professional(struct config_ctx *c, json_t *o, void *elem, size_t index)
{
	static const char *const KEYS[] = {"login", "name", "organisation", "registration",
					   "roles", "teams", "second_factor", NULL};
	struct zv_professional *p = elem;
	(void)index;
	check_members(c, o, KEYS);
	p->login = get_id(c, o, "login");
	p->name = get_text(c, o, "name", true);
	p->organisation = get_ref(c, o, "organisation", true);
	json_t *registration = get_object(c, o, "registration", false);
	if (registration) {
		size_t saved = config_push_key(c, o, "registration");
		read_registration(c, registration, p);
		config_pop_to(c, saved);
	}
	json_t *roles = get_array(c, o, "roles", true,
				  "must name at least one role: professional, team_lead, "
				  "privacy_officer, administrator or auditor");
	if (roles) {
		size_t saved = config_push_key(c, o, "roles");
		p->roles = read_roles(c, roles);
		config_pop_to(c, saved);
	}
	get_refs(c, o, "teams", false, NULL, &p->teams, &p->n_teams);
	get_bool(c, o, "second_factor", &p->second_factor);
	if (p->roles & ZV_ROLES_NEED_SECOND_FACTOR)
		p->second_factor = true;   /* NEN 7513: reading the access log takes two factors */

	if ((p->roles & ZV_ROLE_PROFESSIONAL) && !member(o, "registration"))
		missing(c, o, "registration",
			"required for the role professional: the SKJ or BIG register and number");
}

/* ---- mandates and joint controllers ------------------------------------ */

static void read_mandate(struct config_ctx *c, json_t *o, void *elem, size_t index)
{
	static const char *const KEYS[] = {"id", "from", "to_team", "to_professional", "tasks",
					   "valid_from", "valid_until", NULL};
	struct zv_mandate *m = elem;
	(void)index;
	check_members(c, o, KEYS);
	m->id = get_id(c, o, "id");
	m->from = get_ref(c, o, "from", true);
	m->to_team = get_ref(c, o, "to_team", false);
	m->to_professional = get_ref(c, o, "to_professional", false);
	if (!member(o, "to_team") && !member(o, "to_professional")) {
		missing(c, o, "to_team",
			"required: a mandate goes to a team (to_team) or to a professional "
			"(to_professional)");
	} else if (member(o, "to_team") && member(o, "to_professional")) {
		size_t saved = config_push_key(c, o, "to_professional");
		config_problem(c, "a mandate goes to a team or to a professional, not both: give "
				  "one of to_team and to_professional");
		config_pop_to(c, saved);
	}
	get_refs(c, o, "tasks", true,
		 "must name at least one task of the organisation giving the mandate",
		 &m->tasks, &m->n_tasks);
	m->has_valid_from = get_date(c, o, "valid_from", &m->valid_from);
	m->has_valid_until = get_date(c, o, "valid_until", &m->valid_until);
	if (m->has_valid_from && m->has_valid_until && m->valid_from > m->valid_until) {
		char from[11], until[11];
		zv_date_format(m->valid_from, from);
		zv_date_format(m->valid_until, until);
		size_t saved = config_push_key(c, o, "valid_until");
		config_problem(c, "%s is before valid_from (%s): a mandate cannot end before it "
				  "starts", until, from);
		config_pop_to(c, saved);
	}
}

static void read_arrangements(struct config_ctx *c, json_t *o,
			      const char *arrangement[ZV_ARR__COUNT])
{
	const char *keys[ZV_ARR__COUNT + 1];
	for (int a = 0; a < ZV_ARR__COUNT; a++)
		keys[a] = c->vocab->arrangements[a];
	keys[ZV_ARR__COUNT] = NULL;
	check_members(c, o, keys);
	for (int a = 0; a < ZV_ARR__COUNT; a++) {
		if (!member(o, keys[a])) {
			char why[160];
			snprintf(why, sizeof why,
				 "required: what the joint controllers arranged about %s (AVG art. "
				 "26, R14.3)", keys[a]);
			missing(c, o, keys[a], why);
			continue;
		}
		arrangement[a] = get_text(c, o, keys[a], true);
	}
}

static void read_joint_controllers(struct config_ctx *c, json_t *o, void *elem, size_t index)
{
	static const char *const KEYS[] = {"id", "purpose", "parties", "contact_point",
					   "arrangements", NULL};
	struct zv_joint_controllers *jc = elem;
	(void)index;
	check_members(c, o, KEYS);
	jc->id = get_id(c, o, "id");
	jc->purpose = get_text(c, o, "purpose", true);
	get_refs(c, o, "parties", true, NULL, &jc->parties, &jc->n_parties);
	json_t *parties = member(o, "parties");
	if (json_is_array(parties) && json_array_size(parties) < 2) {
		size_t saved = config_push_key(c, o, "parties");
		config_problem(c, "names %zu organisation%s; joint controllers are at least two",
			       json_array_size(parties), json_array_size(parties) == 1 ? "" : "s");
		config_pop_to(c, saved);
	}
	jc->contact_point = get_ref(c, o, "contact_point", true);
	json_t *arr = get_object(c, o, "arrangements", true);
	if (arr) {
		size_t saved = config_push_key(c, o, "arrangements");
		read_arrangements(c, arr, jc->arrangement);
		config_pop_to(c, saved);
	}
}

/* ---- the document ------------------------------------------------------ */

static void read_version(struct config_ctx *c, json_t *root)
{
	json_t *v = member(root, "version");
	if (!v) {
		missing(c, root, "version", "required member is missing: this is version 1 of the "
					    "format (\"version\": 1)");
		return;
	}
	size_t saved = config_push_key(c, root, "version");
	if (want(c, v, json_is_integer(v), "the integer 1")) {
		if (json_integer_value(v) == 1)
			c->out->version = 1;
		else
			config_problem(c, "version %lld is not supported; this is version 1 of the "
					  "configuration format", (long long)json_integer_value(v));
	}
	config_pop_to(c, saved);
}

static void read_pilot(struct config_ctx *c, json_t *root)
{
	static const char *const KEYS[] = {"id", "name", NULL};
	json_t *o = get_object(c, root, "pilot", true);
	if (!o)
		return;
	size_t saved = config_push_key(c, root, "pilot");
	check_members(c, o, KEYS);
	c->out->pilot_id = get_id(c, o, "id");
	c->out->pilot_name = get_text(c, o, "name", true);
	config_pop_to(c, saved);
}

static void read_security(struct config_ctx *c, json_t *root)
{
	static const char *const KEYS[] = {"argon2id", NULL};
	c->out->argon2 = ZV_ARGON2_MODERATE;
	json_t *o = get_object(c, root, "security", false);
	if (!o)
		return;
	size_t saved = config_push_key(c, root, "security");
	check_members(c, o, KEYS);
	int level = get_enum(c, o, "argon2id", ARGON2, COUNT(ARGON2), false);
	if (level >= 0)
		c->out->argon2 = (enum zv_argon2_level)level;
	config_pop_to(c, saved);
}

/* The JSON array at root[key], for cross.c; NULL when it is anything else. */
static json_t *list_at(json_t *root, const char *key)
{
	json_t *v = json_object_get(root, key);
	return json_is_array(v) ? v : NULL;
}

void config_read(struct config_ctx *c)
{
	static const char *const KEYS[] = {"version", "pilot", "security", "organisations",
					   "teams", "professionals", "mandates",
					   "joint_controllers", NULL};
	struct config_vocab vocab;
	vocab_init(&vocab);
	c->vocab = &vocab;
	json_t *root = c->root;
	struct zv_config *out = c->out;
	if (!json_is_object(root)) {
		config_problem(c, "a configuration is a JSON object, not %s", config_type_name(root));
		c->vocab = NULL;
		return;
	}
	check_members(c, root, KEYS);
	read_version(c, root);
	read_pilot(c, root);
	read_security(c, root);
	out->organisations = get_list(c, root, "organisations", false, NULL,
				      sizeof(struct zv_organisation), read_organisation,
				      &out->n_organisations);
	c->team_collaboration_known = config_alloc(c, json_array_size(list_at(root, "teams")),
						   sizeof(bool));
	out->teams = get_list(c, root, "teams", false, NULL, sizeof(struct zv_team), read_team,
			      &out->n_teams);
	out->professionals = get_list(c, root, "professionals", false, NULL,
				      sizeof(struct zv_professional), read_professional,
				      &out->n_professionals);
	out->mandates = get_list(c, root, "mandates", false, NULL, sizeof(struct zv_mandate),
				 read_mandate, &out->n_mandates);
	out->joint_controllers = get_list(c, root, "joint_controllers", false, NULL,
					  sizeof(struct zv_joint_controllers),
					  read_joint_controllers, &out->n_joint_controllers);
	c->lists = (struct config_lists){
		.organisations = list_at(root, "organisations"),
		.teams = list_at(root, "teams"),
		.professionals = list_at(root, "professionals"),
		.mandates = list_at(root, "mandates"),
		.joint_controllers = list_at(root, "joint_controllers"),
	};
	c->vocab = NULL;   /* it lives on this stack frame */
}
