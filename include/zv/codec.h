/*
 * zv/codec.h — the JSON form of the decision API (docs/decision-api.md).
 *
 * Parsing is strict, because a typo must never silently change a decision:
 * unknown fields, wrong types, duplicate keys, invalid UTF-8, NUL in strings,
 * impossible dates, ages outside 0–130, values outside their lists, ids that
 * refer to no person or occur twice, ids over 256 bytes and references over
 * 1 KiB, more than 1 MiB or deeper than 64 levels are all errors, each with
 * the JSON path of the offending value and a message that says why. It is
 * lenient only where nothing can change: an age of 14.0 is 14, a category or
 * organisation kind named twice counts once, a byte-order mark is skipped
 * (docs/decision-api-notes.md). Absent and null facts are left absent; the
 * engine applies the contract's defaults and asks its questions.
 *
 * Writing is deterministic: the same decision gives byte-identical JSON, one
 * line, keys in the contract's order.
 *
 * Ownership: zv_situation_parse() allocates everything the situation points
 * to in the caller's arena; the situation is valid until the arena is
 * released. Writers append to a caller's zv_buf.
 */
#ifndef ZV_CODEC_H
#define ZV_CODEC_H

#include "zv/base.h"
#include "zv/policy.h"

#define ZV_SITUATION_MAX_BYTES ((size_t)1024 * 1024)
#define ZV_SITUATION_MAX_DEPTH 64

/*
 * Parse and validate one situation. `today` is the evaluation date used when
 * the situation gives none (the codec reads no clock). On error returns
 * ZV_EINPUT (or ZV_ENOMEM) and fills `err` with path and message; `s` is then
 * unspecified.
 */
enum zv_err zv_situation_parse(const char *json, size_t len, zv_day today,
			       struct zv_arena *arena, struct zv_situation *s,
			       struct zv_error *err);

/* The decision as one line of JSON (no trailing newline). Like every writer
 * here it appends to `out` and never overruns it: when the buffer's cap is
 * reached, out->failed is set and the caller must not use the output. A cap
 * of 8 MiB holds any decision of a valid situation. */
void zv_decision_write_json(const struct zv_decision *d, const struct zv_situation *s,
			    struct zv_buf *out);

/* The situation as one line of JSON in the contract's input form: every
 * fact that is set, absent facts left out (so that parsing it back gives
 * the same situation and the same decision). Appends to `out`; out->failed
 * on a full buffer. A cap of 8 MiB holds any situation the parser accepted;
 * what cannot round-trip is listed in src/codec/situation_write.c. */
void zv_situation_write_json(const struct zv_situation *s, struct zv_buf *out);

/* The decision as a professional reads it: Dutch text, several lines. */
void zv_decision_write_text(const struct zv_decision *d, const struct zv_situation *s,
			    struct zv_buf *out);

/* {"error":{"code":…,"path":…,"message":…}} on one line; `path` only when
 * the error has one. */
void zv_error_write_json(const struct zv_error *err, const char *code, struct zv_buf *out);

/* Names of the contract's lists that the dossier uses too (a case role, a
 * framework, a kind of consent, a person's role), as the situation's JSON
 * names them; NULL outside them. And back: false when the name is not one. */
const char *zv_case_role_name(int role);
const char *zv_framework_name(int framework);
const char *zv_consent_kind_name(int kind);
const char *zv_person_role_name(int role);
bool zv_case_role_from_name(const char *s, int *out);
bool zv_framework_from_name(const char *s, int *out);
bool zv_consent_kind_from_name(const char *s, int *out);
bool zv_person_role_from_name(const char *s, int *out);

/* A JSON string literal, escaped, appended to `out`. */
void zv_json_write_string(struct zv_buf *out, const char *s, size_t n);

#endif /* ZV_CODEC_H */
