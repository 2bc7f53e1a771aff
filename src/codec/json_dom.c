/*
 * json_dom.c — a strict JSON parser into a read-only tape (json_dom.h), for
 * the situation parser alone.
 *
 * Why it exists. jansson is the project's JSON library and stays so
 * everywhere else, but on the hot path of a decision (`POST
 * /api/v1/decisions`, `zorgvuldig decide`) it was measured too slow: on the
 * situation of tests/scenarios/01-gi-ots-legal-duty.json (891 bytes compact,
 * release build) zv_situation_parse took about 27 µs, of which json_loadb
 * about 15 µs (a lexer reading through a stream byte by byte, a malloc per
 * value, a hashtable per object) and the walk over jansson's tree about
 * 10 µs (a hash per member looked up); the engine itself takes about 3 µs.
 * This parser makes one pass over the bytes and allocates two blocks of an
 * arena (the nodes, the strings); see bench/policy/bench_policy.c for the
 * figures after the change.
 *
 * It accepts and refuses exactly what jansson 2.14 did for the situation
 * parser (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY; the rules are listed in
 * json_dom.h). That was checked differentially, jansson beside this parser,
 * on every situation of the tests and examples, the fuzzer's seeds and
 * hundreds of thousands of mutations of them; tests/unit/test_json_dom.c
 * keeps the tricky inputs. Only the wording of errors differs: line, column
 * and what was expected there.
 *
 * Shape: recursive descent, bounded by `max_depth`; a container's node is
 * taken before its members and completed after them (count, subtree size),
 * nodes are addressed by index while the tape may still grow. Strings are
 * unescaped into one block of len + 1 bytes (unescaping never lengthens a
 * string, and its quotes leave room for the NUL). Duplicate keys: each new
 * key is compared with the earlier ones while an object has at most
 * LINEAR_KEYS members; a larger object has all its keys sorted once at its
 * end, so that no input costs quadratic time.
 */
#include "json_dom.h"
#include "json_text.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LINEAR_KEYS = 16 };

struct parser {
	const unsigned char *start, *cur, *end;
	struct jdom_node *nodes;
	uint32_t n, cap;
	char *out;              /* where the next unescaped string goes */
	unsigned max_depth;
	struct zv_arena *arena;
	struct jdom_error *err;
	enum zv_err rc;         /* why parsing stopped */
};

/* ---- errors ------------------------------------------------------------ */

static bool fail(struct parser *p, const unsigned char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fail(struct parser *p, const unsigned char *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
	va_end(ap);
	p->err->offset = (size_t)(at - p->start);
	p->rc = ZV_EINPUT;
	return false;
}

static bool fail_nomem(struct parser *p)
{
	snprintf(p->err->message, sizeof p->err->message, "out of memory");
	p->err->offset = (size_t)(p->cur - p->start);
	p->rc = ZV_ENOMEM;
	return false;
}

/* What stands at `at`, for a message: "'x'", "byte 0xC3" or "the end of
 * the input". */
static const char *near(const struct parser *p, const unsigned char *at, char buf[16])
{
	if (at >= p->end)
		return "the end of the input";
	if (*at > 0x20 && *at < 0x7F)
		snprintf(buf, 16, "'%c'", *at);
	else
		snprintf(buf, 16, "byte 0x%02X", *at);
	return buf;
}

/* Line and column (in characters) of err->offset. */
static void locate(struct jdom_error *err, const unsigned char *start)
{
	unsigned line = 1, column = 1;
	for (size_t i = 0; i < err->offset; i++) {
		if (start[i] == '\n') {
			line++;
			column = 1;
		} else if ((start[i] & 0xC0) != 0x80) {
			column++;
		}
	}
	err->line = line;
	err->column = column;
}

/* ---- the tape ---------------------------------------------------------- */

static uint32_t head(enum jdom_type type, size_t len)
{
	return (uint32_t)type | (uint32_t)len << 4;
}

/* A new node at the end of the tape; its index in *index. The tape may
 * move: hold indices, not pointers, across calls that add nodes. */
static bool node_add(struct parser *p, uint32_t *index)
{
	if (p->n == p->cap) {
		/* Every node starts at a byte of its own: the tape never needs
		 * more than len nodes, and len < 2^28. */
		uint32_t cap = p->cap * 2;
		struct jdom_node *nodes = zv_arena_alloc(p->arena, sizeof *nodes * cap);
		if (!nodes)
			return fail_nomem(p);
		memcpy(nodes, p->nodes, sizeof *nodes * p->n);
		p->nodes = nodes;
		p->cap = cap;
	}
	*index = p->n++;
	return true;
}

static bool scalar_add(struct parser *p, enum jdom_type type, size_t len, struct jdom_node **node)
{
	uint32_t i;
	if (!node_add(p, &i))
		return false;
	*node = &p->nodes[i];
	**node = (struct jdom_node){.head = head(type, len), .size = 1};
	return true;
}

static void skip_space(struct parser *p)
{
	while (p->cur < p->end &&
	       (*p->cur == ' ' || *p->cur == '\n' || *p->cur == '\r' || *p->cur == '\t'))
		p->cur++;
}

/* ---- strings ----------------------------------------------------------- */

static size_t utf8_encode(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Four hexadecimal digits at `s`, or -1. */
static long hex4(const unsigned char *s, const unsigned char *end)
{
	if (end - s < 4)
		return -1;
	long v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0'
		      : c >= 'a' && c <= 'f' ? c - 'a' + 10
		      : c >= 'A' && c <= 'F' ? c - 'A' + 10
					     : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* "\uXXXX" at *s (or a surrogate pair of them), written to *out as UTF-8. */
static bool unescape_u(struct parser *p, const unsigned char **s, char **out)
{
	const unsigned char *at = *s;
	long cp = hex4(at + 2, p->end);
	size_t used = 6;
	if (cp < 0)
		return fail(p, at, "invalid escape: \\u must be followed by four hexadecimal digits");
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		long low = p->end - at >= 8 && at[6] == '\\' && at[7] == 'u' ? hex4(at + 8, p->end) : -1;
		if (low < 0xDC00 || low > 0xDFFF)
			return fail(p, at, "invalid Unicode escape \\u%04lX: a high surrogate must be "
				    "followed by a low one (\\uDC00 to \\uDFFF)", cp);
		cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
		used = 12;
	} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
		return fail(p, at, "invalid Unicode escape \\u%04lX: a low surrogate without a "
			    "high one before it", cp);
	} else if (cp == 0) {
		return fail(p, at, "\\u0000 is not allowed: a string may not contain NUL");
	}
	*out += utf8_encode((unsigned long)cp, *out);
	*s = at + used;
	return true;
}

/* The escape at *s (a backslash), written to *out. */
static bool unescape(struct parser *p, const unsigned char **s, char **out)
{
	const unsigned char *at = *s;
	char c;
	if (p->end - at < 2)
		return fail(p, at, "the input ends inside an escape");
	switch (at[1]) {
	case '"': c = '"'; break;
	case '\\': c = '\\'; break;
	case '/': c = '/'; break;
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'u': return unescape_u(p, s, out);
	default: {
		char buf[16];
		return fail(p, at, "invalid escape: a backslash followed by %s (expected one of "
			    "\" \\ / b f n r t u)", near(p, at + 1, buf));
	}
	}
	*(*out)++ = c;
	*s = at + 2;
	return true;
}

/* The string at p->cur (its opening quote), unescaped into p->out. */
static bool string_read(struct parser *p, const char **str, size_t *len)
{
	const unsigned char *s = p->cur + 1, *end = p->end;
	char *out = p->out, *first = p->out;
	for (;;) {
		const unsigned char *run = s;
		while (s < end && JSON_BYTES[*s] <= JSON_BYTE_DEL)
			s++;
		memcpy(out, run, (size_t)(s - run));
		out += s - run;
		if (s == end)
			return fail(p, s, "the input ends inside a string");
		if (*s == '"')
			break;
		if (*s == '\\') {
			if (!unescape(p, &s, &out))
				return false;
		} else if (*s < 0x20) {
			return fail(p, s, "control character 0x%02X in a string (write it as an escape)", *s);
		} else {
			size_t n = json_utf8_length(s, (size_t)(end - s));
			if (!n)
				return fail(p, s, "invalid UTF-8 at byte 0x%02X", *s);
			memcpy(out, s, n);
			out += n;
			s += n;
		}
	}
	*out = '\0';
	*str = first;
	*len = (size_t)(out - first);
	p->out = out + 1;
	p->cur = s + 1;
	return true;
}

static bool parse_string(struct parser *p)
{
	const char *str = NULL;
	size_t len = 0;
	struct jdom_node *node;
	if (!scalar_add(p, JDOM_STRING, 0, &node))
		return false;
	uint32_t index = (uint32_t)(node - p->nodes);
	if (!string_read(p, &str, &len))
		return false;
	p->nodes[index].head = head(JDOM_STRING, len);
	p->nodes[index].u.str = str;
	return true;
}

/* ---- numbers and literals ---------------------------------------------- */

static bool is_digit(const struct parser *p, const unsigned char *s)
{
	return s < p->end && *s >= '0' && *s <= '9';
}

/* The real number [from, to) as strtod reads it in the "C" locale. */
static bool real_read(struct parser *p, const unsigned char *from, const unsigned char *to)
{
	size_t n = (size_t)(to - from);
	char small[64];
	char *text = n < sizeof small ? small : zv_arena_alloc(p->arena, n + 1);
	if (!text)
		return fail_nomem(p);
	memcpy(text, from, n);
	text[n] = '\0';
	const char *point = localeconv()->decimal_point;
	char *dot = point[0] != '.' ? memchr(text, '.', n) : NULL;
	if (dot)
		*dot = point[0];
	double value = strtod(text, NULL);
	if (isinf(value))
		return fail(p, from, "the number is too large for a double");
	struct jdom_node *node;
	if (!scalar_add(p, JDOM_REAL, 0, &node))
		return false;
	node->u.real = value;
	return true;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? — an integer when it has
 * neither fraction nor exponent. */
static bool parse_number(struct parser *p)
{
	const unsigned char *from = p->cur, *s = p->cur;
	bool negative = *s == '-', overflow = false, real = false;
	unsigned long long magnitude = 0;
	char buf[16];
	if (negative)
		s++;
	if (!is_digit(p, s))
		return fail(p, s, "expected a digit, got %s", near(p, s, buf));
	if (*s == '0') {
		s++;
	} else {
		for (; is_digit(p, s); s++) {
			unsigned d = (unsigned)(*s - '0');
			overflow |= magnitude > (ULLONG_MAX - d) / 10;
			magnitude = magnitude * 10 + d;
		}
	}
	if (s < p->end && *s == '.') {
		real = true;
		if (!is_digit(p, ++s))
			return fail(p, s, "expected a digit after the decimal point, got %s", near(p, s, buf));
		while (is_digit(p, s))
			s++;
	}
	if (s < p->end && (*s == 'e' || *s == 'E')) {
		real = true;
		s++;
		if (s < p->end && (*s == '+' || *s == '-'))
			s++;
		if (!is_digit(p, s))
			return fail(p, s, "expected a digit in the exponent, got %s", near(p, s, buf));
		while (is_digit(p, s))
			s++;
	}
	p->cur = s;
	if (real)
		return real_read(p, from, s);
	unsigned long long limit = negative ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	if (overflow || magnitude > limit)
		return fail(p, from, "the integer is out of range (%lld to %lld)", LLONG_MIN, LLONG_MAX);
	struct jdom_node *node;
	if (!scalar_add(p, JDOM_INTEGER, 0, &node))
		return false;
	node->u.integer = !negative ? (long long)magnitude
			: magnitude == limit ? LLONG_MIN
					     : -(long long)magnitude;
	return true;
}

static bool parse_literal(struct parser *p, const char *word, size_t n, enum jdom_type type)
{
	if ((size_t)(p->end - p->cur) < n || memcmp(p->cur, word, n))
		return fail(p, p->cur, "invalid literal: expected true, false or null");
	p->cur += n;
	struct jdom_node *node;
	return scalar_add(p, type, 0, &node);
}

/* ---- containers -------------------------------------------------------- */

static bool parse_value(struct parser *p, unsigned depth);

static bool key_equal(const struct jdom_node *a, const struct jdom_node *b)
{
	return a->head == b->head && !memcmp(a->u.str, b->u.str, jdom_len(a));
}

/* Whether the key node `key` repeats one of the `members` keys before it
 * in the object at `object`. */
static bool key_seen(const struct parser *p, uint32_t object, uint32_t members, uint32_t key)
{
	const struct jdom_node *k = &p->nodes[object + 1];
	for (uint32_t i = 0; i < members; i++, k = jdom_next(k + 1))
		if (key_equal(k, &p->nodes[key]))
			return true;
	return false;
}

static int key_order(const void *a, const void *b)
{
	const struct jdom_node *x = *(const struct jdom_node *const *)a;
	const struct jdom_node *y = *(const struct jdom_node *const *)b;
	if (jdom_len(x) != jdom_len(y))
		return jdom_len(x) < jdom_len(y) ? -1 : 1;
	int c = memcmp(x->u.str, y->u.str, jdom_len(x));
	if (c)
		return c;
	return x < y ? -1 : x > y;   /* document order among equal keys */
}

/* All keys of a large object at once: sorted, equal neighbours are
 * duplicates; the first repeated key in document order is named. */
static bool keys_unique(struct parser *p, uint32_t object, uint32_t members,
			const unsigned char *open)
{
	const struct jdom_node **keys = zv_arena_alloc(p->arena, sizeof *keys * members);
	if (!keys)
		return fail_nomem(p);
	const struct jdom_node *k = &p->nodes[object + 1];
	for (uint32_t i = 0; i < members; i++, k = jdom_next(k + 1))
		keys[i] = k;
	qsort(keys, members, sizeof *keys, key_order);
	const struct jdom_node *first = NULL;
	for (uint32_t i = 1; i < members; i++)
		if (key_equal(keys[i - 1], keys[i]) && (!first || keys[i] < first))
			first = keys[i];
	if (!first)
		return true;
	char key[48];
	zv_echo_n(key, first->u.str, jdom_len(first));
	return fail(p, open, "duplicate key \"%s\" in the object that starts here", key);
}

/* After a member or an element: ',' (*more) or `close` (!*more), each
 * consumed with the space after it, or an error. */
static bool after_item(struct parser *p, char close, const char *what, bool *more)
{
	char buf[16];
	skip_space(p);
	if (p->cur < p->end && (*p->cur == ',' || *p->cur == close)) {
		*more = *p->cur++ == ',';
		skip_space(p);
		return true;
	}
	return fail(p, p->cur, "expected ',' or '%c' after %s, got %s", close, what,
		    near(p, p->cur, buf));
}

/* One member of the object at index `object`, which has `members` before
 * it: the key (not one of theirs), ':' and the value. */
static bool parse_member(struct parser *p, uint32_t object, uint32_t members, unsigned depth)
{
	const unsigned char *at = p->cur;
	char buf[16];
	if (at == p->end || *at != '"')
		return fail(p, at, members ? "expected a key (a string), got %s"
				   : "expected a key (a string) or '}', got %s", near(p, at, buf));
	uint32_t key = p->n;
	if (!parse_string(p))
		return false;
	if (members < LINEAR_KEYS && key_seen(p, object, members, key)) {
		char k[48];
		zv_echo_n(k, p->nodes[key].u.str, jdom_len(&p->nodes[key]));
		return fail(p, at, "duplicate key \"%s\"", k);
	}
	skip_space(p);
	if (p->cur == p->end || *p->cur != ':')
		return fail(p, p->cur, "expected ':' after the key, got %s", near(p, p->cur, buf));
	p->cur++;
	skip_space(p);
	return parse_value(p, depth);
}

static bool parse_object(struct parser *p, unsigned depth)
{
	const unsigned char *open = p->cur;
	uint32_t object, members = 0;
	if (depth > p->max_depth)
		return fail(p, open, "nesting deeper than %u levels", p->max_depth);
	if (!node_add(p, &object))
		return false;
	p->cur++;
	skip_space(p);
	if (p->cur < p->end && *p->cur == '}') {
		p->cur++;
	} else {
		for (bool more = true; more; members++)
			if (!parse_member(p, object, members, depth) ||
			    !after_item(p, '}', "a member", &more))
				return false;
	}
	if (members > LINEAR_KEYS && !keys_unique(p, object, members, open))
		return false;
	p->nodes[object] = (struct jdom_node){.head = head(JDOM_OBJECT, members),
					      .size = p->n - object};
	return true;
}

static bool parse_array(struct parser *p, unsigned depth)
{
	uint32_t array, elements = 0;
	if (depth > p->max_depth)
		return fail(p, p->cur, "nesting deeper than %u levels", p->max_depth);
	if (!node_add(p, &array))
		return false;
	p->cur++;
	skip_space(p);
	if (p->cur < p->end && *p->cur == ']') {
		p->cur++;
	} else {
		for (bool more = true; more;) {
			if (!parse_value(p, depth))
				return false;
			elements++;
			if (!after_item(p, ']', "an element", &more))
				return false;
		}
	}
	p->nodes[array] = (struct jdom_node){.head = head(JDOM_ARRAY, elements),
					     .size = p->n - array};
	return true;
}

/* The value at p->cur, whose containers are at depth + 1. */
static bool parse_value(struct parser *p, unsigned depth)
{
	char buf[16];
	if (p->cur == p->end)
		return fail(p, p->cur, "expected a value, got the end of the input");
	switch (*p->cur) {
	case '{': return parse_object(p, depth + 1);
	case '[': return parse_array(p, depth + 1);
	case '"': return parse_string(p);
	case 't': return parse_literal(p, "true", 4, JDOM_TRUE);
	case 'f': return parse_literal(p, "false", 5, JDOM_FALSE);
	case 'n': return parse_literal(p, "null", 4, JDOM_NULL);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return parse_number(p);
	default:
		return fail(p, p->cur, "expected a value (an object, array, string, number, true, "
			    "false or null), got %s", near(p, p->cur, buf));
	}
}

/* ---- the whole input --------------------------------------------------- */

enum zv_err jdom_parse(struct jdom *dom, const char *json, size_t len, unsigned max_depth,
		       struct zv_arena *arena, struct jdom_error *err)
{
	const unsigned char *start = (const unsigned char *)json;
	struct parser p = {.start = start, .cur = start, .end = start + len,
			   .max_depth = max_depth, .arena = arena, .err = err, .rc = ZV_OK};
	char buf[16];
	*err = (struct jdom_error){.line = 1, .column = 1};
	if (len > JDOM_MAX_BYTES) {
		fail(&p, start, "the input is %zu bytes; at most %zu are read", len, JDOM_MAX_BYTES);
		return p.rc;
	}
	p.cap = (uint32_t)(len / 8 + 16);
	p.nodes = zv_arena_alloc(arena, sizeof *p.nodes * p.cap);
	p.out = zv_arena_alloc(arena, len + 1);
	if (!p.nodes || !p.out) {
		fail_nomem(&p);
		goto failed;
	}
	skip_space(&p);
	if (!parse_value(&p, 0))
		goto failed;
	skip_space(&p);
	if (p.cur != p.end) {
		fail(&p, p.cur, "expected the end of the input after the value, got %s",
		     near(&p, p.cur, buf));
		goto failed;
	}
	dom->root = p.nodes;
	dom->n_nodes = p.n;
	return ZV_OK;
failed:
	locate(err, start);
	return p.rc;
}

const struct jdom_node *jdom_get(const struct jdom_node *obj, const char *key)
{
	size_t n = strlen(key), i;
	const struct jdom_node *k, *v;
	JDOM_OBJECT_FOREACH(obj, i, k, v)
		if (jdom_len(k) == n && !memcmp(k->u.str, key, n))
			return v;
	return NULL;
}
