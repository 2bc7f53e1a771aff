/*
 * json_dom.h — internal to src/codec: a small read-only JSON tree for the
 * situation parser (situation_parse.c), the hot path of `POST
 * /api/v1/decisions` and `zorgvuldig decide`. See json_dom.c for why it
 * exists beside jansson.
 *
 * The tree is a tape: every value is one node, in document order; a
 * container is followed by its members (an object's as key, value, key,
 * value …, the key a string node), and knows how many nodes its subtree
 * spans, so that stepping over a member is one addition. Objects keep
 * their members in document order; duplicate keys are refused while
 * parsing, so a key names at most one member.
 *
 * What is accepted is RFC 8259 JSON as jansson 2.14 accepts it with
 * JSON_REJECT_DUPLICATES | JSON_DECODE_ANY: any value at the top, valid
 * UTF-8 only (no overlong forms, no surrogates, nothing past U+10FFFF), no
 * lone surrogate escapes, no NUL in any string (raw or "\u0000"); a number
 * without fraction or exponent is an integer and must fit in a long long,
 * any other number is a real (strtod, correctly rounded) and must not
 * overflow to infinity (an underflow to 0 or a subnormal is accepted).
 *
 * Ownership: jdom_parse() allocates the nodes and the unescaped strings in
 * the caller's arena; the tree is valid until that arena is released.
 */
#ifndef ZV_CODEC_JSON_DOM_H
#define ZV_CODEC_JSON_DOM_H

#include <stddef.h>
#include <stdint.h>

#include "zv/base.h"

enum jdom_type {
	JDOM_NULL,
	JDOM_FALSE,
	JDOM_TRUE,
	JDOM_INTEGER,
	JDOM_REAL,
	JDOM_STRING,
	JDOM_ARRAY,
	JDOM_OBJECT,
};

/* Inputs of at most this many bytes (lengths and counts fit in 28 bits). */
#define JDOM_MAX_BYTES (((size_t)1 << 28) - 1)

struct jdom_node {
	uint32_t head;   /* the type in bits 0–3; above them a string's length in
			    bytes, an array's elements or an object's members */
	uint32_t size;   /* nodes in this subtree, itself included */
	union {
		const char *str;     /* NUL-terminated; no NUL inside */
		long long integer;
		double real;
	} u;
};

struct jdom {
	const struct jdom_node *root;
	uint32_t n_nodes;
};

/* Where and why the input is not JSON: a byte offset, its line and column
 * (1-based; the column counts characters, not bytes) and a message. */
struct jdom_error {
	size_t offset;
	unsigned line, column;
	char message[200];
};

/*
 * Parse `len` bytes of JSON. Containers nested deeper than `max_depth` are
 * refused. ZV_OK, ZV_EINPUT (`err` says where and why) or ZV_ENOMEM (the
 * arena refused; `err` says so too).
 */
enum zv_err jdom_parse(struct jdom *dom, const char *json, size_t len, unsigned max_depth,
		       struct zv_arena *arena, struct jdom_error *err);

static inline enum jdom_type jdom_type(const struct jdom_node *v)
{
	return (enum jdom_type)(v->head & 0xFu);
}

/* A string's length in bytes, an array's elements, an object's members. */
static inline size_t jdom_len(const struct jdom_node *v)
{
	return v->head >> 4;
}

static inline const struct jdom_node *jdom_next(const struct jdom_node *v)
{
	return v + v->size;
}

/* The value of `key` in the object `obj`, or NULL. */
const struct jdom_node *jdom_get(const struct jdom_node *obj, const char *key);

/* for (i, v) in an array; for (i, key, v) in an object, in document order. */
#define JDOM_ARRAY_FOREACH(arr, i, v) \
	for ((i) = 0, (v) = (arr) + 1; (i) < jdom_len(arr); (i)++, (v) = jdom_next(v))
#define JDOM_OBJECT_FOREACH(obj, i, key, v)                                  \
	for ((i) = 0, (key) = (obj) + 1; (i) < jdom_len(obj) && ((v) = (key) + 1); \
	     (i)++, (key) = jdom_next(v))

#endif /* ZV_CODEC_JSON_DOM_H */
