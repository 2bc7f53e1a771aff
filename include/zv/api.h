/*
 * zv/api.h — the dossier's JSON: what the services return, written as JSON,
 * and the requests they take, read from JSON with the JSON path of the first
 * bad member. The command line (--json) and the HTTP API both speak through
 * here, so a case looks the same wherever it is read.
 *
 * Writers only write what the service returned: need-to-know was applied
 * before anything reaches this module. Readers copy every string they keep
 * into the caller's arena, so the request may be freed right after; they
 * refuse members they do not know (a typo is an error, never ignored).
 *
 * Ownership: writers append to the caller's zv_buf (check `failed` once at
 * the end); readers allocate in the caller's arena and never free.
 */
#ifndef ZV_API_H
#define ZV_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zv/base.h"
#include "zv/service.h"

/* ---- a small JSON writer ---------------------------------------------------- */

struct zv_jw {
	struct zv_buf *out;
	bool first;
};

/* Open an object ('{') or array ('['); close with the matching character. */
void zv_jw_open(struct zv_jw *w, struct zv_buf *out, char c);
void zv_jw_close(struct zv_jw *w, char c);
/* A member's key (objects) or the separator before an item (arrays: key NULL). */
void zv_jw_key(struct zv_jw *w, const char *key);
void zv_jw_str(struct zv_jw *w, const char *key, const char *value);   /* NULL: null */
void zv_jw_int(struct zv_jw *w, const char *key, long long value);
void zv_jw_bool(struct zv_jw *w, const char *key, bool value);
void zv_jw_strings(struct zv_jw *w, const char *key, const char *const *items, size_t n);
/* A set of ZV_CAT_* bits as a list of category names. */
void zv_jw_categories(struct zv_jw *w, const char *key, int categories);

/* ---- what the services return ------------------------------------------------ */

void zv_api_write_case_list(const struct zv_case_summary *c, size_t n, struct zv_buf *out);
void zv_api_write_case_view(const struct zv_case_view *v, struct zv_buf *out);
void zv_api_write_obligations(const struct zv_rec_obligation *o, size_t n,
			      struct zv_buf *out);
void zv_api_write_break_glass(const struct zv_rec_break_glass *g, size_t n,
			      struct zv_buf *out);
/* {"id","household","persons":[ids]} of a case just opened. */
void zv_api_write_case_ids(const struct zv_case_ids *ids, size_t n_persons,
			   struct zv_buf *out);
/* {"decision_id","carried_out",["disclosure_id","released","obligations_created"],
 *  "decision":{…}} */
void zv_api_write_disclosure(const struct zv_disclosure_result *r, bool carry_out,
			     struct zv_buf *out);
/* [{"id","name","kind"}] of the configuration's organisations, in its order:
 * whom one may name as the recipient of a disclosure. */
void zv_api_write_organisations(const struct zv_config *cfg, struct zv_buf *out);
void zv_api_write_withdrawal(const char *consent_id, const struct zv_withdrawal_result *r,
			     struct zv_buf *out);

/* What `audit verify --json` prints and GET /api/v1/audit-log/verification
 * answers: {"ok","events","signed_heads","bytes"[,"indexed"],"log_id"
 * [,"event"],"problem"?}; an export's report (`export`) names the events it
 * held ("first", "last", "tree_size", "partial") instead of "indexed". */
void zv_api_write_audit_report(const struct zv_audit_report *r, const char *log_id, bool export,
			       struct zv_buf *out);

/* ---- reading requests ---------------------------------------------------------- */

/*
 * A member of a request object, read by zv_api_read_object: its name, its
 * type and where the value goes. Absent or null members leave the target
 * as it is (set defaults first); `required` ones must be there.
 */
enum zv_api_type {
	ZV_API_TEXT,     /* const char ** */
	ZV_API_BOOL,     /* bool * */
	ZV_API_INT,      /* int64_t *, within [min, max] */
	ZV_API_TEXTS,    /* const char *const **, with the count in *n; not empty if required */
	ZV_API_TRI,      /* enum zv_tri *: true, false or null (unknown) */
	ZV_API_OBJECT,   /* json_t **: read by the caller (borrowed) */
};
struct zv_api_member {
	const char *name;
	enum zv_api_type type;
	bool required;
	void *to;
	size_t *n;           /* ZV_API_TEXTS: the count */
	int64_t min, max;    /* ZV_API_INT */
	const char *hint;    /* what a good value looks like, for the message */
};

/* Read `obj` (at JSON path `path`, "$" for the root) by the table: unknown
 * members, wrong types and missing required ones are ZV_EINPUT naming the
 * member's path. Text is at most `ZV_API_MAX_TEXT` bytes, lists at most
 * ZV_API_MAX_ITEMS. */
enum { ZV_API_MAX_TEXT = 64 * 1024, ZV_API_MAX_ITEMS = 1000 };
int zv_api_read_object(json_t *obj, const char *path, const struct zv_api_member *m,
		       size_t n, struct zv_arena *a, struct zv_error *err);

/* Parse request text as one JSON object (duplicate keys refused); the
 * caller json_decref()s it. ZV_EINPUT with where the text went wrong. */
int zv_api_parse(const char *text, size_t len, json_t **out, struct zv_error *err);

/* The requests (docs/http.md lists their members). */
int zv_api_read_new_case(json_t *root, struct zv_arena *a, struct zv_new_case *req,
			 struct zv_error *err);
int zv_api_read_new_entry(json_t *root, struct zv_arena *a, struct zv_new_entry *req,
			  struct zv_error *err);
/* A consent to record (state given, requested or refused), or with
 * `version` non-NULL the next step of one (state given, refused, renewed
 * or expired, and the version the caller read). */
int zv_api_read_consent(json_t *root, struct zv_arena *a, struct zv_new_consent *req,
			int64_t *version, struct zv_error *err);

struct zv_api_withdrawal {
	int64_t version;
	const char *by_person;
	enum zv_withdrawal_choice choice;
	const char *note;
};
int zv_api_read_withdrawal(json_t *root, struct zv_arena *a,
			   struct zv_api_withdrawal *req, struct zv_error *err);

/* A disclosure ("mag ik dit delen?"); `answers` is written back as JSON text
 * for the service. */
int zv_api_read_disclosure(json_t *root, struct zv_arena *a,
			   struct zv_disclosure_request *req, bool *carry_out,
			   struct zv_error *err);

struct zv_api_case_change {
	int64_t version;
	int framework, phase;     /* ZV_KEEP when not given */
	const char *reason;
	bool family_informed;
};
int zv_api_read_case_change(json_t *root, struct zv_arena *a,
			    struct zv_api_case_change *req, struct zv_error *err);

/* Names back to values, for the requests; false when not one of them. */
bool zv_api_withdrawal_choice_from_name(const char *s, enum zv_withdrawal_choice *out);
bool zv_api_reason_not_informed_from_name(const char *s, enum zv_reason_not_informed *out);

#endif /* ZV_API_H */
