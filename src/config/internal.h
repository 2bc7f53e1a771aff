/*
 * internal.h — internal to src/config: what its files share beyond
 * zv/config.h.
 *
 * One parse is one struct config_ctx. It holds the path of the value being
 * looked at (a stack of steps, each an object member or an array index),
 * the problems found so far, and the configuration being built. Problems
 * are found in two passes (read.c walks the document and reads every value;
 * cross.c then checks references and the rules that span several objects),
 * so they are not found in document order: each is kept with its position
 * in the document and the list is kept sorted by it (problems.c).
 */
#ifndef ZV_CONFIG_INTERNAL_H
#define ZV_CONFIG_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "zv/config.h"

/* Path steps recorded; the format nests seven deep
 * ($.organisations[i].special_category_exceptions[j].tasks[k]). */
#define CONFIG_MAX_STEPS 12
/* Nesting accepted at all, as for situations. */
#define CONFIG_MAX_NESTING 64
/* Texts and ids (docs/config.md). */
#define CONFIG_MAX_TEXT 2048
#define CONFIG_MAX_ID 64

/* One step of a JSON path: a member of an object, or an index. */
struct config_step {
	json_t *parent;        /* the object holding `key`; NULL when not at hand */
	const char *key;       /* NULL for an array index */
	size_t index;
	size_t ordinal;        /* place among the parent's members, or SIZE_MAX: look it up */
};

/* Where a value stands in the document: the ordinals of its steps. A value
 * comes after its parent and before its parent's later members; a missing
 * member stands at the end of its object. */
struct config_pos {
	size_t depth;
	size_t ordinal[CONFIG_MAX_STEPS];
};

struct config_kept {
	struct config_pos pos;
	struct zv_config_problem *problem;
};

/* The JSON lists of the document (NULL when absent or not arrays), for
 * cross.c to name paths into them. */
struct config_lists {
	json_t *organisations, *teams, *professionals, *mandates, *joint_controllers;
};

struct config_vocab;   /* read.c's lists of names */

struct config_ctx {
	struct zv_arena *arena;
	const struct config_vocab *vocab;
	json_t *root;
	struct config_step steps[CONFIG_MAX_STEPS];
	size_t depth;                  /* may exceed CONFIG_MAX_STEPS: deeper steps are not kept */
	char located_keys[CONFIG_MAX_STEPS][72];   /* keys of a path found by config_locate */
	struct {                       /* ordinals looked up, by (parent, key) pointers */
		json_t *parent;
		const char *key;
		size_t ordinal;
	} ordinals[64];

	struct config_kept *kept;      /* sorted by position, at most `cap` */
	size_t n_kept, cap;
	bool truncated;
	bool nomem;                    /* the arena ran out: the parse fails with ZV_ENOMEM */

	struct zv_config *out;
	struct config_lists lists;
	bool *team_collaboration_known;   /* per team: `collaboration` was read */
};

/* ---- paths (problems.c) ------------------------------------------------ */

/* Push a member (ordinal SIZE_MAX: looked up when needed) or an index;
 * each returns the depth to pop back to. */
size_t config_push_key(struct config_ctx *c, json_t *parent, const char *key);
size_t config_push_key_at(struct config_ctx *c, json_t *parent, const char *key,
			  size_t ordinal);
size_t config_push_index(struct config_ctx *c, size_t index);
void config_pop_to(struct config_ctx *c, size_t depth);

/* ---- problems (problems.c) --------------------------------------------- */

/* Record a problem at the current path. The message should say why, in
 * words a user can act on. Past `cap` problems, the later ones in the
 * document are dropped and `truncated` set. */
void config_problem(struct config_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "an object", "a string", … for "expected X, got Y". */
const char *config_type_name(const json_t *v);

/* Point the path at byte `offset` of `json` (where jansson stopped): the
 * member or element being read there. Nesting must be within
 * CONFIG_MAX_NESTING (checked before jansson runs). */
void config_locate(struct config_ctx *c, const char *json, size_t len, size_t offset);

/* ---- the passes -------------------------------------------------------- */

/* read.c: every value of the document, into c->out. */
void config_read(struct config_ctx *c);
/* cross.c: uniqueness, references, and the rules across objects. */
void config_cross_check(struct config_ctx *c);

/* Whether `s` is an id: 1–64 bytes of a-z, 0-9, '.', '-', '_', starting
 * with a letter or digit. */
bool config_is_id(const char *s);

/* Arena helpers that note running out in c->nomem. */
void *config_alloc(struct config_ctx *c, size_t n, size_t size);

#endif /* ZV_CONFIG_INTERNAL_H */
