/*
 * problems.c — paths, positions and the sorted list of problems of one
 * configuration check.
 *
 * A path is a stack of steps; its text ("$.teams[1].organisation") is made
 * only when a problem is kept. Each problem is kept with its position in
 * the document (the ordinals of its steps: jansson keeps an object's members
 * in the order they were read), in a list sorted by position, so that
 * problems found in any order are reported in document order. The list
 * holds at most `cap`: when it is full, a problem after the last one kept
 * is dropped without formatting, and an earlier one takes the last one's
 * place; either way the list is marked truncated.
 *
 * config_locate() names a path for a byte offset, for the problems jansson
 * finds (a duplicate member, a number too large): a small scan that follows
 * objects, arrays and strings up to the offset.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- steps ------------------------------------------------------------- */

static size_t push(struct config_ctx *c, struct config_step step)
{
	size_t saved = c->depth;
	if (c->depth < CONFIG_MAX_STEPS)
		c->steps[c->depth] = step;
	c->depth++;
	return saved;
}

size_t config_push_key(struct config_ctx *c, json_t *parent, const char *key)
{
	return push(c, (struct config_step){.parent = parent, .key = key, .ordinal = SIZE_MAX});
}

size_t config_push_key_at(struct config_ctx *c, json_t *parent, const char *key,
			  size_t ordinal)
{
	return push(c, (struct config_step){.parent = parent, .key = key, .ordinal = ordinal});
}

size_t config_push_index(struct config_ctx *c, size_t index)
{
	return push(c, (struct config_step){.index = index, .ordinal = index});
}

void config_pop_to(struct config_ctx *c, size_t depth)
{
	c->depth = depth;
}

/* ---- positions --------------------------------------------------------- */

/* The place of `key` among the members of `obj`; a missing member stands
 * after all of them. */
static size_t member_ordinal(json_t *obj, const char *key)
{
	size_t i = 0;
	for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it), i++)
		if (!strcmp(json_object_iter_key(it), key))
			return i;
	return i;
}

/* member_ordinal through a small cache: the same few (object, key) pairs
 * (the document and its lists) stand in most paths, and an object may have
 * very many members. */
static size_t cached_ordinal(struct config_ctx *c, json_t *parent, const char *key)
{
	uintptr_t h = ((uintptr_t)parent >> 4) ^ ((uintptr_t)key >> 3);
	size_t slot = (size_t)(h % (sizeof c->ordinals / sizeof *c->ordinals));
	if (c->ordinals[slot].parent != parent || c->ordinals[slot].key != key) {
		c->ordinals[slot].parent = parent;
		c->ordinals[slot].key = key;
		c->ordinals[slot].ordinal = member_ordinal(parent, key);
	}
	return c->ordinals[slot].ordinal;
}

static void current_pos(struct config_ctx *c, struct config_pos *pos)
{
	pos->depth = c->depth < CONFIG_MAX_STEPS ? c->depth : CONFIG_MAX_STEPS;
	for (size_t i = 0; i < pos->depth; i++) {
		const struct config_step *s = &c->steps[i];
		if (s->ordinal != SIZE_MAX)
			pos->ordinal[i] = s->ordinal;
		else
			pos->ordinal[i] = s->parent && json_is_object(s->parent)
						  ? cached_ordinal(c, s->parent, s->key)
						  : 0;
	}
}

/* <0, 0, >0 as `a` stands before, at, after `b`; a parent before its members. */
static int pos_compare(const struct config_pos *a, const struct config_pos *b)
{
	size_t n = a->depth < b->depth ? a->depth : b->depth;
	for (size_t i = 0; i < n; i++)
		if (a->ordinal[i] != b->ordinal[i])
			return a->ordinal[i] < b->ordinal[i] ? -1 : 1;
	return a->depth < b->depth ? -1 : a->depth > b->depth;
}

/* ---- path text (zv_path_key and its kin in zv/base.h) ------------------ */

static void path_text(const struct config_ctx *c, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	zv_path_append(out, cap, &len, "$", 1);
	size_t depth = c->depth < CONFIG_MAX_STEPS ? c->depth : CONFIG_MAX_STEPS;
	for (size_t i = 0; i < depth; i++) {
		if (c->steps[i].key)
			zv_path_key(out, cap, &len, c->steps[i].key);
		else
			zv_path_index(out, cap, &len, c->steps[i].index);
	}
}

/* Cut an incomplete UTF-8 sequence off the end of `s` (after snprintf cut it). */
static void trim_utf8(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < want)
		s[i - 1] = '\0';
}

/* ---- recording --------------------------------------------------------- */

/* Index of the first kept problem after `pos` (problems at the same
 * position keep the order they were found in). */
static size_t insertion_point(const struct config_ctx *c, const struct config_pos *pos)
{
	size_t lo = 0, hi = c->n_kept;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pos_compare(&c->kept[mid].pos, pos) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct zv_config_problem *problem_slot(struct config_ctx *c)
{
	if (!c->kept) {
		c->kept = config_alloc(c, c->cap, sizeof *c->kept);
		if (!c->kept)
			return NULL;
	}
	if (c->n_kept == c->cap) {   /* the last one kept makes room */
		c->truncated = true;
		return c->kept[--c->n_kept].problem;
	}
	return config_alloc(c, 1, sizeof(struct zv_config_problem));
}

void config_problem(struct config_ctx *c, const char *fmt, ...)
{
	struct config_pos pos;
	current_pos(c, &pos);
	if (c->cap == 0 || c->nomem)
		return;
	if (c->n_kept == c->cap && pos_compare(&pos, &c->kept[c->n_kept - 1].pos) >= 0) {
		c->truncated = true;
		return;
	}
	struct zv_config_problem *p = problem_slot(c);
	if (!p)
		return;
	path_text(c, p->path, sizeof p->path);
	/* fmt is never NULL; saying so keeps GCC's -Wformat-truncation quiet in
	 * optimised builds with the sanitizers, which see a path where it is. */
	const char *format = fmt ? fmt : "(no message)";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof p->message, format, ap);
	va_end(ap);
	trim_utf8(p->message);
	size_t at = insertion_point(c, &pos);
	memmove(&c->kept[at + 1], &c->kept[at], (c->n_kept - at) * sizeof *c->kept);
	c->kept[at] = (struct config_kept){pos, p};
	c->n_kept++;
}

void *config_alloc(struct config_ctx *c, size_t n, size_t size)
{
	if (n == 0)
		return NULL;
	if (n > SIZE_MAX / size) {
		c->nomem = true;
		return NULL;
	}
	void *p = zv_arena_alloc(c->arena, n * size);
	if (!p)
		c->nomem = true;
	return p;
}

/* ---- words for messages ------------------------------------------------ */

const char *config_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a decimal number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "something else";
}

/* ---- locating a byte offset -------------------------------------------- */

struct frame {
	bool object;
	bool expect_key;       /* object: the next string is a member name */
	bool has_item;         /* a member name, or an element, has begun */
	size_t ordinal;        /* members or elements before the current one */
	size_t key_at, key_len;   /* the current member name, raw, in the text */
};

void config_locate(struct config_ctx *c, const char *json, size_t len, size_t offset)
{
	struct frame frames[CONFIG_MAX_NESTING + 1];
	size_t depth = 0;
	bool in_string = false, escaped = false, string_is_key = false;
	if (offset > len)
		offset = len;
	for (size_t i = 0; i < offset; i++) {
		char ch = json[i];
		struct frame *top = depth ? &frames[depth - 1] : NULL;
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (ch == '\\')
				escaped = true;
			else if (ch == '"') {
				in_string = false;
				if (string_is_key) {
					top->key_len = i - top->key_at;
					top->expect_key = false;
				}
			}
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ':')
			continue;
		if (ch == ',') {
			if (top) {
				top->ordinal++;
				top->has_item = false;
				top->expect_key = top->object;
			}
			continue;
		}
		if (ch == '}' || ch == ']') {
			if (depth)
				depth--;
			continue;
		}
		/* A value or a member name begins. */
		string_is_key = top && top->object && top->expect_key && ch == '"';
		if (top && !top->has_item) {
			top->has_item = true;
			if (string_is_key) {
				top->key_at = i + 1;
				top->key_len = 0;
			}
		}
		if (top && top->object && !string_is_key)
			top->expect_key = false;
		if (ch == '"') {
			in_string = true;
		} else if ((ch == '{' || ch == '[') && depth <= CONFIG_MAX_NESTING) {
			frames[depth++] = (struct frame){.object = ch == '{', .expect_key = ch == '{'};
		}
	}
	if (in_string && string_is_key)   /* stopped inside a member name */
		frames[depth - 1].key_len = offset - frames[depth - 1].key_at;
	for (size_t d = 0; d < depth; d++) {
		const struct frame *f = &frames[d];
		if (!f->has_item)
			break;
		if (!f->object) {
			config_push_index(c, f->ordinal);
			continue;
		}
		if (c->depth >= CONFIG_MAX_STEPS)
			break;   /* not kept */
		char *key = c->located_keys[c->depth];
		size_t n = f->key_len < sizeof c->located_keys[0] - 1 ? f->key_len
								     : sizeof c->located_keys[0] - 1;
		memcpy(key, json + f->key_at, n);
		key[n] = '\0';
		config_push_key_at(c, NULL, key, f->ordinal);
	}
}
