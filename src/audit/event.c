/*
 * event.c — audit events: their rules, their canonical JSON (the bytes a
 * Merkle leaf commits to), decoding those bytes back, and UTC timestamps.
 *
 * The canonical form is what an auditor recomputes a leaf hash from, so it
 * is fixed here once: members in the order of zv/audit.h, no whitespace,
 * absent members and empty lists left out, strings escaped only where JSON
 * must (`"` `\` and control characters; \n and \t by their short forms,
 * others as \u00xx). Decoding is strict: bytes that would not be written
 * exactly so are refused (decode, re-encode, compare).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "zv/audit.h"

static const char *const ACTION_NAMES[ZV_AUDIT_ACTION_COUNT] = {
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

const char *zv_audit_action_name(enum zv_audit_action a)
{
	return (unsigned)a < ZV_AUDIT_ACTION_COUNT ? ACTION_NAMES[a] : "unknown";
}

bool zv_audit_action_from_name(const char *name, enum zv_audit_action *out)
{
	for (int i = 0; i < ZV_AUDIT_ACTION_COUNT; i++)
		if (!strcmp(ACTION_NAMES[i], name)) {
			*out = (enum zv_audit_action)i;
			return true;
		}
	return false;
}

/* ---- time ------------------------------------------------------------------ */

static const int64_t US_PER_DAY = 86400LL * 1000000LL;

void zv_audit_time_format(int64_t us, char out[ZV_AUDIT_TIME_LEN])
{
	if (us < 0)
		us = 0;
	int64_t day = us / US_PER_DAY, rest = us % US_PER_DAY;
	char date[11];
	zv_date_format((zv_day)day, date);
	int64_t secs = rest / 1000000, micro = rest % 1000000;
	snprintf(out, ZV_AUDIT_TIME_LEN, "%.10sT%02d:%02d:%02d.%06dZ", date, (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60), (int)micro);
}

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool zv_audit_time_parse(const char *s, size_t len, int64_t *us)
{
	zv_day day;
	int h = 0, m = 0, sec = 0, micro = 0;
	if (len != ZV_AUDIT_TIME_LEN - 1 || !zv_date_parse(s, 10, &day) || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != '.' || s[26] != 'Z' || !digits(s + 11, 2, &h) ||
	    !digits(s + 14, 2, &m) || !digits(s + 17, 2, &sec) || !digits(s + 20, 6, &micro) ||
	    h > 23 || m > 59 || sec > 59 || day < 0)
		return false;
	*us = (int64_t)day * US_PER_DAY + ((int64_t)h * 3600 + m * 60 + sec) * 1000000 + micro;
	return true;
}

/* ---- checking ---------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (0 when invalid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t len = c > 0xF4 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (len == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)))
		return 0;   /* overlong, surrogate */
	if (len == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
		return 0;   /* overlong, beyond U+10FFFF */
	return len;
}

static int check_text(const char *s, size_t max, bool multiline, const char *path,
		      struct zv_error *err)
{
	size_t n = strlen(s);
	if (n > max)
		return zv_error_set(err, ZV_EINPUT, path, "longer than %zu bytes", max);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F) {
			if (!(multiline && (c == '\n' || c == '\t')))
				return zv_error_set(err, ZV_EINPUT, path,
						    "control character 0x%02x at byte %zu", c, i);
			i++;
			continue;
		}
		size_t len = utf8_len((const unsigned char *)s + i, n - i);
		if (!len)
			return zv_error_set(err, ZV_EINPUT, path, "not UTF-8 at byte %zu", i);
		if (c == 0xC2 && (unsigned char)s[i + 1] < 0xA0)   /* U+0080..U+009F */
			return zv_error_set(err, ZV_EINPUT, path,
					    "control character U+%04X at byte %zu",
					    (unsigned char)s[i + 1], i);
		i += len;
	}
	return ZV_OK;
}

static bool present(const char *s)
{
	return s && *s;
}

static int check_optional(const char *s, size_t max, bool multiline, const char *path,
			  struct zv_error *err)
{
	return present(s) ? check_text(s, max, multiline, path, err) : ZV_OK;
}

/* The error of list item i, at its own path ("$.entries[3]"). */
static int at_item(struct zv_error *err, const char *path, size_t i)
{
	snprintf(err->path, sizeof err->path, "%s[%zu]", path, i);
	return err->code;
}

static int check_ids(const struct zv_audit_ids *l, const char *path, struct zv_error *err)
{
	if (l->count > ZV_AUDIT_MAX_IDS)
		return zv_error_set(err, ZV_EINPUT, path, "more than %d ids", ZV_AUDIT_MAX_IDS);
	/* While the ids come in strictly ascending order (a case's entries and
	 * persons do: the store reads them by id), none can repeat an earlier
	 * one, and the quadratic search for repeats is skipped. The item's path
	 * is made only for an error: a view's event names hundreds of ids. */
	bool ascending = true;
	for (size_t i = 0; i < l->count; i++) {
		if (!present(l->ids[i])) {
			zv_error_set(err, ZV_EINPUT, "", "an id may not be empty");
			return at_item(err, path, i);
		}
		if (check_text(l->ids[i], ZV_AUDIT_MAX_ID, false, path, err))
			return at_item(err, path, i);
		ascending = ascending && (i == 0 || strcmp(l->ids[i - 1], l->ids[i]) < 0);
		for (size_t j = 0; !ascending && j < i; j++)
			if (!strcmp(l->ids[i], l->ids[j])) {
				zv_error_set(err, ZV_EINPUT, "", "repeats %s[%zu]", path, j);
				return at_item(err, path, i);
			}
	}
	return ZV_OK;
}

int zv_audit_id_check(const char *id, const char *path, struct zv_error *err)
{
	if (!present(id))
		return zv_error_set(err, ZV_EINPUT, path, "an id may not be empty");
	return check_text(id, ZV_AUDIT_MAX_ID, false, path, err);
}

int zv_audit_event_check(const struct zv_audit_event *e, struct zv_error *err)
{
	if ((unsigned)e->action >= ZV_AUDIT_ACTION_COUNT)
		return zv_error_set(err, ZV_EINPUT, "$.action", "unknown action %d", (int)e->action);
	if (e->outcome != ZV_AUDIT_DONE && e->outcome != ZV_AUDIT_REFUSED)
		return zv_error_set(err, ZV_EINPUT, "$.outcome", "outcome is done or refused");
	if (!present(e->who.user))
		return zv_error_set(err, ZV_EINPUT, "$.who.user", "who acted is required");
	if (!present(e->from))
		return zv_error_set(err, ZV_EINPUT, "$.from",
				    "where from (client address or terminal) is required");
	if (e->action == ZV_AUDIT_BREAK_THE_GLASS && !present(e->why.reason))
		return zv_error_set(err, ZV_EINPUT, "$.why.reason",
				    "break-the-glass access needs its reason");
	const struct {
		const char *s, *path;
	} ids[] = {
		{e->who.user, "$.who.user"}, {e->who.name, "$.who.name"},
		{e->who.role, "$.who.role"}, {e->who.org, "$.who.org"},
		{e->who.mandate, "$.who.mandate"}, {e->who.on_behalf_of, "$.who.for"},
		{e->why.purpose, "$.why.purpose"}, {e->why.decision, "$.why.decision"},
		{e->from, "$.from"},
	};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
		if (check_optional(ids[i].s, ZV_AUDIT_MAX_ID, false, ids[i].path, err))
			return err->code;
	if (check_optional(e->why.reason, ZV_AUDIT_MAX_TEXT, true, "$.why.reason", err) ||
	    check_optional(e->detail, ZV_AUDIT_MAX_TEXT, true, "$.detail", err) ||
	    check_ids(&e->persons, "$.whose.persons", err) ||
	    check_ids(&e->households, "$.whose.households", err) ||
	    check_ids(&e->cases, "$.whose.cases", err) ||
	    check_ids(&e->entries, "$.what.entries", err) ||
	    check_ids(&e->categories, "$.what.categories", err))
		return err->code;
	return ZV_OK;
}

/* ---- encoding ---------------------------------------------------------------- */

static void put_string(struct zv_buf *out, const char *s)
{
	static const char HEX[] = "0123456789abcdef";
	size_t run = 0, i = 0;
	zv_buf_putc(out, '"');
	for (; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
			continue;
		zv_buf_add(out, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			zv_buf_putc(out, '\\');
			zv_buf_putc(out, (char)c);
		} else if (c == '\n') {
			zv_buf_puts(out, "\\n");
		} else if (c == '\t') {
			zv_buf_puts(out, "\\t");
		} else {
			char esc[7] = {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 15], 0};
			zv_buf_puts(out, esc);
		}
	}
	zv_buf_add(out, s + run, i - run);
	zv_buf_putc(out, '"');
}

/* A member, with a comma unless it opens its object. */
static void put_key(struct zv_buf *out, const char *key, bool *first)
{
	if (!*first)
		zv_buf_putc(out, ',');
	*first = false;
	zv_buf_putc(out, '"');
	zv_buf_puts(out, key);
	zv_buf_puts(out, "\":");
}

static void put_text(struct zv_buf *out, const char *key, const char *value, bool *first)
{
	if (!present(value))
		return;
	put_key(out, key, first);
	put_string(out, value);
}

static void put_ids(struct zv_buf *out, const char *key, const struct zv_audit_ids *l,
		    bool *first)
{
	if (!l->count)
		return;
	put_key(out, key, first);
	zv_buf_putc(out, '[');
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			zv_buf_putc(out, ',');
		put_string(out, l->ids[i]);
	}
	zv_buf_putc(out, ']');
}

void zv_audit_event_encode(const struct zv_audit_event *e, struct zv_buf *out)
{
	char at[ZV_AUDIT_TIME_LEN];
	bool first = true, inner;
	zv_audit_time_format(e->at_us, at);
	zv_buf_printf(out, "{\"seq\":%llu,\"at\":\"%s\",\"action\":\"%s\",\"outcome\":\"%s\"",
		      (unsigned long long)e->seq, at, zv_audit_action_name(e->action),
		      e->outcome == ZV_AUDIT_DONE ? "done" : "refused");
	first = false;
	put_key(out, "who", &first);
	zv_buf_putc(out, '{');
	inner = true;
	put_text(out, "user", e->who.user, &inner);
	put_text(out, "name", e->who.name, &inner);
	put_text(out, "role", e->who.role, &inner);
	put_text(out, "org", e->who.org, &inner);
	put_text(out, "mandate", e->who.mandate, &inner);
	put_text(out, "for", e->who.on_behalf_of, &inner);
	zv_buf_putc(out, '}');
	if (e->persons.count || e->households.count || e->cases.count) {
		put_key(out, "whose", &first);
		zv_buf_putc(out, '{');
		inner = true;
		put_ids(out, "persons", &e->persons, &inner);
		put_ids(out, "households", &e->households, &inner);
		put_ids(out, "cases", &e->cases, &inner);
		zv_buf_putc(out, '}');
	}
	if (e->entries.count || e->categories.count) {
		put_key(out, "what", &first);
		zv_buf_putc(out, '{');
		inner = true;
		put_ids(out, "entries", &e->entries, &inner);
		put_ids(out, "categories", &e->categories, &inner);
		zv_buf_putc(out, '}');
	}
	if (present(e->why.purpose) || present(e->why.decision) || present(e->why.reason)) {
		put_key(out, "why", &first);
		zv_buf_putc(out, '{');
		inner = true;
		put_text(out, "purpose", e->why.purpose, &inner);
		put_text(out, "decision", e->why.decision, &inner);
		put_text(out, "reason", e->why.reason, &inner);
		zv_buf_putc(out, '}');
	}
	put_text(out, "from", e->from, &first);
	put_text(out, "detail", e->detail, &first);
	zv_buf_putc(out, '}');
}

/* ---- decoding ---------------------------------------------------------------- */

struct cursor {
	const char *p, *end;
	struct zv_arena *arena;
	bool bad;
};

/* Consume the literal `lit` if it is next. */
static bool take(struct cursor *c, const char *lit)
{
	size_t n = strlen(lit);
	if (c->bad || (size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return false;
	c->p += n;
	return true;
}

static void need(struct cursor *c, const char *lit)
{
	if (!take(c, lit))
		c->bad = true;
}

static int hexval(char ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Unescape a raw span into `out` (NUL-terminated); false if it does not fit
 * or holds an escape the canonical form does not use. */
static bool unescape(const char *raw, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (o + 2 > cap)
			return false;
		if (raw[i] != '\\') {
			out[o++] = raw[i];
			continue;
		}
		char e = raw[++i];
		if (e == '"' || e == '\\')
			out[o++] = e;
		else if (e == 'n')
			out[o++] = '\n';
		else if (e == 't')
			out[o++] = '\t';
		else if (e == 'u' && i + 4 < n && raw[i + 1] == '0' && raw[i + 2] == '0' &&
			 hexval(raw[i + 3]) >= 0 && hexval(raw[i + 4]) >= 0) {
			out[o++] = (char)(hexval(raw[i + 3]) << 4 | hexval(raw[i + 4]));
			i += 4;
		} else {
			return false;
		}
	}
	out[o] = '\0';
	return true;
}

/* A JSON string in the canonical escapes; returns a NUL-terminated copy. */
static const char *string(struct cursor *c)
{
	if (!take(c, "\""))
		return c->bad = true, NULL;
	const char *start = c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\' && c->p + 1 < c->end)
			c->p++;   /* the escaped character is never the end */
		c->p++;
	}
	if (c->p >= c->end)
		return c->bad = true, NULL;
	size_t raw = (size_t)(c->p - start);
	c->p++;   /* closing quote */
	char *out = zv_arena_alloc(c->arena, raw + 1);
	if (!out || !unescape(start, raw, out, raw + 1))
		return c->bad = true, NULL;
	return out;
}

static uint64_t number(struct cursor *c)
{
	uint64_t v = 0;
	const char *start = c->p;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		unsigned d = (unsigned)(*c->p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return c->bad = true, 0;
		v = v * 10 + d;
		c->p++;
	}
	if (c->p == start)
		c->bad = true;
	return v;
}

/* Consume `,"key":` (or `"key":` when first) followed by `after`, if next. */
static bool take_key(struct cursor *c, const char *key, bool first, const char *after)
{
	const char *p = c->p;
	if (c->bad)
		return false;
	if (!first) {
		if (p >= c->end || *p != ',')
			return false;
		p++;
	}
	size_t k = strlen(key), a = strlen(after);
	if ((size_t)(c->end - p) < k + 3 + a || p[0] != '"' || memcmp(p + 1, key, k) != 0 ||
	    p[k + 1] != '"' || p[k + 2] != ':' || memcmp(p + k + 3, after, a) != 0)
		return false;
	c->p = p + k + 3 + a;
	return true;
}

static const char *opt_text(struct cursor *c, const char *key, bool *first)
{
	if (!take_key(c, key, *first, ""))
		return NULL;
	*first = false;
	return string(c);
}

static void opt_ids(struct cursor *c, const char *key, struct zv_audit_ids *out, bool *first)
{
	if (!take_key(c, key, *first, "["))
		return;
	*first = false;
	size_t n = 0, cap = 8;
	const char **ids = zv_arena_alloc(c->arena, cap * sizeof *ids);
	do {
		if (ids && n == cap && cap < ZV_AUDIT_MAX_IDS) {   /* grow by doubling */
			const char **more = zv_arena_alloc(c->arena, 2 * cap * sizeof *ids);
			if (more)
				memcpy(more, ids, n * sizeof *ids);
			ids = more;
			cap *= 2;
		}
		if (!ids || n == ZV_AUDIT_MAX_IDS) {
			c->bad = true;
			return;
		}
		ids[n++] = string(c);
	} while (!c->bad && take(c, ","));
	need(c, "]");
	out->ids = ids;
	out->count = n;
}

static int parse_entry(struct cursor *c, struct zv_audit_event *e)
{
	memset(e, 0, sizeof *e);
	need(c, "{\"seq\":");
	e->seq = number(c);
	need(c, ",\"at\":");
	const char *at = string(c);
	if (!at || !zv_audit_time_parse(at, strlen(at), &e->at_us))
		c->bad = true;
	need(c, ",\"action\":");
	const char *action = string(c);
	if (!action || !zv_audit_action_from_name(action, &e->action))
		c->bad = true;
	need(c, ",\"outcome\":");
	const char *outcome = string(c);
	if (outcome && !strcmp(outcome, "refused"))
		e->outcome = ZV_AUDIT_REFUSED;
	else if (!outcome || strcmp(outcome, "done"))
		c->bad = true;
	need(c, ",\"who\":{");
	bool first = true;
	e->who.user = opt_text(c, "user", &first);
	e->who.name = opt_text(c, "name", &first);
	e->who.role = opt_text(c, "role", &first);
	e->who.org = opt_text(c, "org", &first);
	e->who.mandate = opt_text(c, "mandate", &first);
	e->who.on_behalf_of = opt_text(c, "for", &first);
	need(c, "}");
	if (take(c, ",\"whose\":{")) {
		first = true;
		opt_ids(c, "persons", &e->persons, &first);
		opt_ids(c, "households", &e->households, &first);
		opt_ids(c, "cases", &e->cases, &first);
		need(c, "}");
	}
	if (take(c, ",\"what\":{")) {
		first = true;
		opt_ids(c, "entries", &e->entries, &first);
		opt_ids(c, "categories", &e->categories, &first);
		need(c, "}");
	}
	if (take(c, ",\"why\":{")) {
		first = true;
		e->why.purpose = opt_text(c, "purpose", &first);
		e->why.decision = opt_text(c, "decision", &first);
		e->why.reason = opt_text(c, "reason", &first);
		need(c, "}");
	}
	first = false;
	e->from = opt_text(c, "from", &first);
	e->detail = opt_text(c, "detail", &first);
	need(c, "}");
	return !c->bad && c->p == c->end ? ZV_OK : ZV_EINPUT;
}

/* A string's raw span (between its quotes, escapes as written); NULL if bad. */
static const char *span(struct cursor *c, size_t *len)
{
	if (!take(c, "\""))
		return c->bad = true, NULL;
	const char *start = c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\' && c->p + 1 < c->end)
			c->p++;
		c->p++;
	}
	if (c->p >= c->end)
		return c->bad = true, NULL;
	*len = (size_t)(c->p - start);
	c->p++;
	return start;
}

static bool key_of(struct cursor *c, const char *kind, audit_key_fn fn, void *ctx)
{
	size_t n;
	const char *raw = span(c, &n);
	char id[ZV_AUDIT_MAX_ID + 1];
	if (!raw || !unescape(raw, n, id, sizeof id))
		return c->bad = true, false;
	fn(ctx, kind, id);
	return true;
}

/* Skip a value of the who/why objects: strings only, up to the closing brace. */
static void skip_object(struct cursor *c)
{
	size_t n;
	while (!c->bad && c->p < c->end && *c->p != '}') {
		if (*c->p == '"') {
			span(c, &n);
			continue;
		}
		c->p++;
	}
	need(c, "}");
}

int audit_event_keys(const char *entry, size_t len, audit_key_fn fn, void *ctx)
{
	struct cursor c = {.p = entry, .end = entry + len};
	const char *who = NULL;
	/* {"seq":N,"at":"…","action":"…","outcome":"…","who":{"user":"…" */
	static const char WHO[] = ",\"who\":{\"user\":";
	const size_t who_len = sizeof WHO - 1;
	for (const char *p = entry; p + who_len <= c.end; p++)
		if (*p == ',' && !memcmp(p, WHO, who_len)) {
			who = p + who_len;
			break;
		}
	if (!who)
		return ZV_EINPUT;
	c.p = who;
	if (!key_of(&c, "user", fn, ctx))
		return ZV_EINPUT;
	skip_object(&c);
	if (take(&c, ",\"whose\":{")) {
		static const char *const LISTS[][2] = {
			{"persons", "person"}, {"households", "household"}, {"cases", "case"}};
		bool first = true;
		for (size_t l = 0; l < 3; l++) {
			if (!take_key(&c, LISTS[l][0], first, "["))
				continue;
			first = false;
			do {
				if (!key_of(&c, LISTS[l][1], fn, ctx))
					return ZV_EINPUT;
			} while (take(&c, ","));
			need(&c, "]");
		}
		need(&c, "}");
	}
	return c.bad ? ZV_EINPUT : ZV_OK;
}

int audit_event_parse(const char *entry, size_t len, struct zv_arena *a,
		      struct zv_audit_event *out)
{
	struct cursor c = {.p = entry, .end = entry + len, .arena = a};
	return parse_entry(&c, out);
}

int zv_audit_event_decode(const char *entry, size_t len, struct zv_arena *a,
			  struct zv_audit_event *out, struct zv_error *err)
{
	struct cursor c = {.p = entry, .end = entry + len, .arena = a};
	if (parse_entry(&c, out))
		return zv_error_set(err, ZV_EINPUT, "", "not an audit event at byte %zu",
				    (size_t)(c.p - entry));
	if (zv_audit_event_check(out, err))
		return err->code;
	struct zv_buf again;   /* canonical means: written exactly so */
	zv_buf_init(&again, 0);
	zv_audit_event_encode(out, &again);
	bool same = !again.failed && again.len == len && !memcmp(again.data, entry, len);
	zv_buf_release(&again);
	if (!same)
		return zv_error_set(err, ZV_EINPUT, "", "not in the canonical form of an audit event");
	return ZV_OK;
}
