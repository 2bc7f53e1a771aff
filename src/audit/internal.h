/*
 * internal.h — internal to src/audit: what its files share beyond
 * zv/audit.h.
 */
#ifndef ZV_AUDIT_INTERNAL_H
#define ZV_AUDIT_INTERNAL_H

#include <stdatomic.h>

#include "zv/audit.h"

/*
 * Parse an entry's members without the final canonical check (decode,
 * re-encode, compare) or the event rules: for verify, which has already
 * matched the bytes against their leaf hash and only needs the search keys.
 * ZV_EINPUT when the bytes are not in the entry's shape.
 */
int audit_event_parse(const char *entry, size_t len, struct zv_arena *a,
		      struct zv_audit_event *out);

/*
 * The search keys an entry names (who.user, whose.persons, .households,
 * .cases), each passed to `fn` unescaped, without allocating: for verify's
 * index check. The entry's fixed prefix (seq, at, action, outcome) is
 * skipped, not checked; ZV_EINPUT when the rest is not in the entry's shape.
 */
typedef void (*audit_key_fn)(void *ctx, const char *kind, const char *id);
int audit_event_keys(const char *entry, size_t len, audit_key_fn fn, void *ctx);

/*
 * Bring the search index up to the log's size as read now, in at most
 * `max_steps` steps (index.c), stopping between steps once *stop (if given)
 * is set. zv_audit_index_update is this without limits.
 */
int audit_index_catch_up(struct zv_store *store, size_t max_steps, atomic_bool *stop,
			 struct zv_error *err);

/* A check's way to stop a scan once the report has its finding. */
#define AUDIT_FOUND (-1)

/* Record the first problem in the report (not ok; the event it concerns, if
 * any) and return AUDIT_FOUND. */
int audit_found(struct zv_audit_report *r, bool has_event, uint64_t event, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The entry opens with {"seq":N, for its own N. */
bool audit_names_its_seq(const char *entry, size_t len, uint64_t seq);

#endif /* ZV_AUDIT_INTERNAL_H */
